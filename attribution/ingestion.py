"""Turning what a newsroom hands us (bytes, text, HTML) into an article's clean body.

Pure functions with no database: decode, extract the main text from HTML, normalise,
drop site boilerplate, hash. Claim offsets point into the text these return, so every
step that changes characters happens here, before extraction.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

import nh3
import trafilatura
from charset_normalizer import from_bytes


class UnusableInput(ValueError):
    """The input cannot become an article; the message says why, for the user."""


@dataclass(frozen=True)
class ArticleText:
    body: str
    title: str = ""
    html: str = ""
    published: str = ""


# Short paragraphs that sites append to every story: "read more" links, newsletter
# and social-media prompts. Matched anywhere in a paragraph of at most MAX chars.
_BOILERPLATE = re.compile(
    r"read (all|more)( the latest)?\b.*\bnews\b|^read more\b|^also read\b|^related:"
    r"|follow us on\b|subscribe to (our|the)\b|sign up (for|to) (our|the)\b"
    r"|newsletter\b|download the \w+ app|click here\b",
    re.IGNORECASE,
)
_BOILERPLATE_MAX = 300
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\u00a0]+")


def decode(data: bytes) -> str:
    """Decode bytes whose encoding may be anything; refuse binary data."""
    if not data.strip():
        raise UnusableInput("The file is empty.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        if not _looks_binary(text):
            return text
    best = from_bytes(data).best()
    if best is None or _looks_binary(str(best)):
        raise UnusableInput(
            "The file is not text in any encoding we can detect; "
            "save it as UTF-8 text or HTML and try again."
        )
    return str(best)


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t")
    return controls > len(text) / 20


def normalise(text: str) -> str:
    """NFC, no NUL bytes, Unix newlines, one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = [_SPACES.sub(" ", p).strip() for p in _BLANK_LINES.split(text)]
    return "\n\n".join(p for p in paragraphs if p)


def drop_boilerplate(text: str) -> str:
    """Remove short 'read more', newsletter and follow-us paragraphs."""
    kept = [
        p
        for p in text.split("\n\n")
        if len(p) > _BOILERPLATE_MAX or not _BOILERPLATE.search(p)
    ]
    return "\n\n".join(kept)


def clean_text(text: str) -> str:
    """The body an article stores: normalised, with site boilerplate dropped."""
    return drop_boilerplate(normalise(text))


def from_text(text: str) -> ArticleText:
    body = clean_text(text)
    if not body:
        raise UnusableInput("The article has no text.")
    return ArticleText(body=body)


def from_html(html: str) -> ArticleText:
    """Main text and title of an HTML page, via trafilatura; the HTML sanitised."""
    document = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,  # navigation in a claim is worse than a lost caption
    )
    text = (document.text or "") if document is not None else ""
    title = (document.title or "") if document is not None else ""
    # trafilatura keeps one paragraph per line; the body keeps blank lines between.
    body = clean_text(text.replace("\n", "\n\n"))
    if title and body.startswith(title + "\n\n"):
        body = body[len(title) + 2 :]
    if not _has_prose(body):
        raise UnusableInput(
            "No article text was found in this HTML page: it may be all navigation, "
            "or need JavaScript to show its text. Paste the text instead."
        )
    return ArticleText(
        body=body,
        title=title.strip()[:500],
        html=nh3.clean(html),
        published=(document.date or "") if document is not None else "",
    )


def _has_prose(body: str) -> bool:
    """At least one paragraph reads like a sentence, not a menu."""
    return any(len(p.split()) >= 8 for p in body.split("\n\n"))


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:1000].lower()
    return head.startswith(("<!doctype html", "<html")) or bool(
        re.search(r"<(body|article|p|div)[\s>]", head)
    )


def content_hash(body: str) -> str:
    """Identity of an article's content: the same cleaned text, the same hash."""
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
