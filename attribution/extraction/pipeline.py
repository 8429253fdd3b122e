"""Loading the spaCy pipeline the extractor runs on.

`load_pipeline` wraps `spacy.load` and adds one small rule-based component,
`attribution_sentences`, in front of the parser. It fixes every sentence boundary
before parsing: a new sentence starts at each paragraph and after sentence-final
punctuation, and nowhere else. News paragraphs are short and the statistical
segmenter of small models splits them in odd places (after a leading outlet name,
inside quotations), which then breaks the parse the attribution rules read.
"""

from __future__ import annotations

import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .cues import word_set

SENTENCE_COMPONENT = "attribution_sentences"

# Tokens ending in a period that do not end a sentence.
_ABBREVIATIONS = word_set(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev st jr sr inc
    ltd corp co no vs etc jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k
    u.n e.g i.e a.m p.m"""
)
_FINAL = frozenset(".!?")
_CLOSERS = frozenset("\"”’')]»")
_OPENERS = frozenset("\"“‘'([«")
_INITIAL = re.compile(r"^[A-Z]\.?$")


def _ends_sentence(doc: Doc, i: int) -> bool:
    """Whether token i is sentence-final punctuation (or a closer right after it)."""
    token = doc[i]
    text = token.text
    if text in _CLOSERS and i > 0 and doc[i - 1].text[-1:] in _FINAL:
        return True
    if not text or text[-1] not in _FINAL:
        return False
    if text == ".":
        if i == 0:
            return False
        prev = doc[i - 1].text
        abbreviation = prev.lower().rstrip(".") in _ABBREVIATIONS
        return not abbreviation and not _INITIAL.match(prev)
    if text.lower() in ("a.m.", "p.m.") and i + 1 < len(doc):
        # "at 4:30 a.m. Five of them ...", but "at 9 a.m. Monday".
        after = doc[i + 1].text
        return after[:1].isupper() and after.lower() not in _TIME_WORDS
    if text == "!" and _brand_exclamation(doc, i):
        return False
    if text in _FINAL or set(text) <= _FINAL:
        return True
    # A token like "Mr." or "U.S." carries its own period.
    stem = text.lower().rstrip(".")
    return len(text) > 1 and stem not in _ABBREVIATIONS and not _INITIAL.match(text)


def _brand_exclamation(doc: Doc, i: int) -> bool:
    """A "!" inside a name ("E! News", "Yahoo! Finance"): glued to a capitalised
    word and followed by a capitalised one on the same line."""
    if i == 0 or i + 1 >= len(doc) or doc[i - 1].whitespace_:
        return False
    before, after = doc[i - 1].text, doc[i + 1].text
    short = len(before) <= 2 and before.isupper()
    return (short or after in _BRAND_WORDS) and after[:1].isupper()


_TIME_WORDS = word_set(
    """monday tuesday wednesday thursday friday saturday sunday january february
    march april may june july august september october november december et est
    edt pt pst pdt ct cst cdt gmt bst utc"""
)
_BRAND_WORDS = frozenset(["News", "Online", "Finance", "Sports", "Entertainment"])


@Language.component(SENTENCE_COMPONENT)
def attribution_sentences(doc: Doc) -> Doc:
    """Set all sentence boundaries: at paragraphs and after final punctuation."""
    if len(doc) == 0:
        return doc
    doc[0].is_sent_start = True
    for i in range(1, len(doc)):
        token = doc[i]
        prev = doc[i - 1]
        if prev.is_space and "\n" in prev.text:
            token.is_sent_start = True
            continue
        start = False
        j = i - 1
        while j >= 0 and doc[j].is_space:
            j -= 1
        spaced = j < i - 1 or bool(prev.whitespace_)
        if not token.is_space and j >= 0 and spaced and _ends_sentence(doc, j):
            first = token.text[:1]
            start = first.isupper() or first.isdigit() or first in _OPENERS
        token.is_sent_start = start
    return doc


@lru_cache(maxsize=4)
def load_pipeline(name: str) -> Language:
    """Load a spaCy pipeline by package name or path, once per name.

    The returned pipeline has `attribution_sentences` before its parser; a doc
    parsed by it gives the extractor the sentence boundaries its rules expect
    (a plain `spacy.load` pipeline also works, with somewhat worse parses).
    """
    nlp = spacy.load(name)
    if SENTENCE_COMPONENT not in nlp.pipe_names:
        before = "parser" if "parser" in nlp.pipe_names else None
        if before:
            nlp.add_pipe(SENTENCE_COMPONENT, before=before)
        else:
            nlp.add_pipe(SENTENCE_COMPONENT, first=True)
    return nlp
