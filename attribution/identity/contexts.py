"""What the articles say around a name, to tell same-name strangers apart.

Two full-name mentions are one person unless their contexts (roles, organisations,
countries and the article's proper words) differ: `contexts_differ` and
`context_overlap` compare them; `article_context` builds an article's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from attribution.extraction.cues import ROLE_NOUNS, word_set
from attribution.models import (
    Article,
    Speaker,
)

from .keys import Mention
from .names import MONTHS, STOP, TITLE_WORDS, WEEKDAYS, country_names, name_key


def _context_words(contexts: Iterable[str], own: str = "") -> set[str]:
    words: set[str] = set()
    mine = set(name_key(own).split())
    for context in contexts:
        for word in re.findall(r"[\w'-]+", name_key(context)):
            word = word.removesuffix("'s")
            if word not in STOP and word not in mine and len(word) > 1:
                words.add(word)
    return words


def contexts_differ(known: Iterable[str], new: Iterable[str], name: str = "") -> bool:
    """Whether two contexts of a name share too little: then they are two people.

    A context is what an article says of the speaker (roles), what it is about
    (the organisations it names, its headline's names and topic words) and the
    proper names its text uses, without the name itself. When both sides have
    proper names, they decide: one person's articles share several (a colleague,
    a town, a company), strangers' share none or one. Otherwise, only when both
    sides say something beyond topic words, and share nothing: a speaker with no
    role or named context is taken to be the one stored.
    """
    known, new = list(known), list(new)
    own = set(name_key(name).split())
    proper_a, proper_b = _propers(known) - own, _propers(new) - own
    if len(proper_a) >= _PROPER_ENOUGH and len(proper_b) >= _PROPER_ENOUGH:
        return len(proper_a & proper_b) < _PROPER_SHARED
    known = [c for c in known if not c.startswith(PROPER)]
    new = [c for c in new if not c.startswith(PROPER)]
    strong_a = _context_words(c for c in known if not c.startswith(TOPIC))
    strong_b = _context_words(c for c in new if not c.startswith(TOPIC))
    if not (strong_a - _context_words([name]) and strong_b - _context_words([name])):
        return False
    a = _context_words((c.removeprefix(TOPIC) for c in known), name)
    b = _context_words((c.removeprefix(TOPIC) for c in new), name)
    return bool(a and b and not a & b)


# On the identity bench one person's two articles share 6 to 19 proper names;
# two strangers' share 0 or 1 (names the text also writes in lower case left out).
_PROPER_ENOUGH = 5
_PROPER_SHARED = 2


def _propers(contexts: Iterable[str]) -> set[str]:
    return {c[1:].lower() for c in contexts if c.startswith(PROPER)}


def context_overlap(known: Iterable[str], new: Iterable[str], name: str = "") -> int:
    """How many proper names and context words two contexts of a name share."""
    own = set(name_key(name).split())
    known, new = list(known), list(new)
    shared = (_propers(known) & _propers(new)) - own
    words = _context_words(
        (c.removeprefix(TOPIC) for c in known if not c.startswith(PROPER)), name
    ) & _context_words(
        (c.removeprefix(TOPIC) for c in new if not c.startswith(PROPER)), name
    )
    return len(shared) + len(words)


def article_context(
    article: Article, mentions: list[Mention], outlets: Iterable[str] = ()
) -> list[str]:
    """What an article is about: the named bodies in it, its headline's names and
    the proper names its text uses (people, places, bodies; not outlets)."""
    bodies = [
        m.name
        for m in mentions
        if m.kind == Speaker.Kind.ORGANISATION and m.named and m.global_keys
    ]
    headline = [w for w in article.title.split()[1:] if w[:1].isupper()]
    # Its topic words ("methane", "wildfire") may show two articles are about one
    # person; on their own they never show two people differ (TOPIC marks them).
    topic = [
        TOPIC + w.lower()
        for w in re.findall(r"[\w'’-]+", article.title)
        if len(w) > 3 and not w[:1].isupper()
    ]
    proper = [PROPER + w for w in _proper_words(article.body, outlets)]
    return list(dict.fromkeys([*bodies, *headline, *topic, *proper]))


_WORD = re.compile(r"(?<![.!?\n\"“] )(?<!^)(?<![\"“])\b([A-Z][\w’'-]*[a-z][\w’'-]*)")
COMMON_PROPER = word_set(
    f"""{WEEKDAYS} {MONTHS} mr mrs ms dr he she it they we i the a an this that
    but and in on at of for"""
)


def _proper_words(body: str, outlets: Iterable[str] = ()) -> list[str]:
    """Capitalised words inside sentences: the people, places and bodies a text
    is about. Countries and their regions, outlets and weekdays are left out: two
    strangers may share a country and a newspaper, rarely a colleague or a town."""
    skip = {w.lower() for name in outlets for w in re.findall(r"[\w'’-]+", name)}
    # A word the text also writes in lower case is not a name ("News", "Two").
    skip |= set(re.findall(r"(?<![\w'’-])([a-z][\w'’-]*)", body))
    words = []
    for match in _WORD.finditer(body[:20000]):
        word = match.group(1).replace("’", "'").removesuffix("'s")
        low = word.lower()
        if low in COMMON_PROPER or low in skip or len(low) < 3:
            continue
        if low in country_names() or low in TITLE_WORDS or low in ROLE_NOUNS:
            continue
        words.append(word)
    return list(dict.fromkeys(words))[:120]


TOPIC = "~"
PROPER = "="
