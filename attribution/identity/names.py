"""Speaker names: the key two spellings of one name share, and what is not a name.

`name_key` folds case, accents, titles and spellings of one role ("Nordkalv CEO",
"Nordkalv chief executive"); `junk_reason` says why a name the engine gave is no
speaker (a date, a document, a place named only as a place, a fragment).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

from attribution.extraction.cues import DOCUMENT_NOUNS, TITLES, word_set

# Names -------------------------------------------------------------------------

TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES) | {"mr", "mrs", "ms", "dr"}
# Spellings of one role, so that "Nordkalv CEO" is "Nordkalv chief executive".
_SYNONYMS = {
    "ceo": "chief executive",
    "chief executive officer": "chief executive",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
}
_SYNONYM_RE = re.compile(r"\b(" + "|".join(sorted(_SYNONYMS, key=len)[::-1]) + r")\b")


def name_key(name: str) -> str:
    """A name as identity compares it: no case, accents' forms, titles or "the".

    "Dr. Maryam Violet" and "maryam violet" share a key; so do "the company's CEO"
    and "company's chief executive".
    """
    text = unicodedata.normalize("NFKC", name).replace("’", "'")
    text = re.sub(r"[\"“”‘()\[\],;:!?]", " ", text)
    words = text.split()
    while words and words[0].lower() in ("the", "a", "an"):
        words = words[1:]
    # A title before a name ("Dr. Maryam Violet"), not a role ("spokesman for").
    while (
        len(words) > 1
        and words[0].lower().rstrip(".") in TITLE_WORDS
        and words[1][:1].isupper()
    ):
        words = words[1:]
    words = [w.lower() for w in words]
    text = " ".join(words).strip(" .'")
    text = text.removesuffix("'s").strip()
    return _SYNONYM_RE.sub(lambda m: _SYNONYMS[m.group(1)], text)[:200]


# What is not a speaker ------------------------------------------------------------

WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
MONTHS = (
    "january february march april may june july august september october "
    "november december"
)
_TIME_WORDS = "yesterday today tonight tomorrow week weekend month year morning night"
_DATE_WORD = "|".join((WEEKDAYS + " " + MONTHS + " " + _TIME_WORDS).split())
# "On Tuesday", "last week", "Early on Monday", "In March 2024", "2024".
_DATE_PREFIX = re.compile(
    r"^(?:(?:on|in|by|since|last|this|next|early|late|earlier|later|on\s+the)\s+)*"
    rf"(?:(?:{_DATE_WORD})\b|\d{{1,4}}\b)(?:[\s,]+(?:\d{{1,4}}|{_DATE_WORD})\b)*[\s,]*",
    re.IGNORECASE,
)
# Documents speak for someone else: the claim's speaker is who wrote them.
DOCUMENTS = (DOCUMENT_NOUNS - {"source", "sources", "media", "account"}) | {
    "annual",
    "budget",
    "minutes",
    "ruling",
    "verdict",
    "order",
    "notice",
    "press",
    "website",
    "page",
    "blog",
    "summary",
    "findings",
    "sheet",
    "indictment",
    "evidence",
    "tool",
}
# Names of documents that are proper names: "National Drowning Report".
_REPORTS = word_set(
    "report statement assessment study review filing data figures analysis memo"
)
# Words after a phrase's head: "a report published on Tuesday", "a summary of".
HEAD_ENDS = word_set(
    """of published released issued conducted obtained seen filed compiled by from
    in at on for with close involved familiar who which that"""
)
# A date inside a phrase: "economists conducted last week".
_DATED = re.compile(
    rf"\b(?:on|last|this|next|published|released)\s+(?:{_DATE_WORD})\b",
    re.IGNORECASE,
)
# Nouns for places and weather, which do not speak: "a town west of Phoenix".
_PLACE_NOUNS = word_set("town city village region country province area states")
_WEATHER = word_set("rain snow wind winds heat storm storms flooding")
# Words no speaker's name or description ends with: a cut-off phrase.
_DANGLING = word_set(
    """of in at on for to by with from and or but the a an his her their its our
    northern southern eastern western central north south east west that which who
    whose as than"""
)
# Words no speaker phrase starts with.
_LEADING = word_set("of in at on for to by with from and or but that which as than")
_MAX_WORDS = 14


def speaker_name_clean(name: str) -> str:
    """The name without a date the engine took into it ("On Tuesday the board")."""
    name = " ".join(name.split())
    stripped = _DATE_PREFIX.sub("", name, count=1).strip(" ,")
    return stripped if stripped != name and stripped else name


def junk_reason(name: str, kind: str = "", role: str = "") -> str:
    """Why `name` cannot be a speaker, or "" when it can.

    Dates, documents, places named only as places and sentence fragments are not
    speakers; a claim attributed to one is stored without a speaker, and the reason
    says so. A country or capital that speaks ("Moscow said") stands for its
    government and is kept; one given a person's role ("Sweden", "engineer at a
    zinc mine") is a misread place. A proper name ending in a word for records is
    an organisation ("Harvest Moon Records", "US Geological Survey"), not a document.
    """
    text = " ".join(name.split())
    words = name_key(text).split()
    if not words or not any(ch.isalpha() for ch in text):
        return "The engine could not tell who spoke."
    if _DATE_PREFIX.fullmatch(text) or _DATE_PREFIX.sub("", text).strip(" ,") == "":
        return f"“{text}” is a date, not a speaker."
    if len(words) > _MAX_WORDS or words[-1] in _DANGLING or words[0] in _LEADING:
        return f"“{text}” is part of a sentence, not a speaker."
    head = _head(words)
    proper = text.split()[-1][:1].isupper()
    documents = _REPORTS if proper else DOCUMENTS
    if head in documents or (head.endswith("s") and head[:-1] in documents):
        return f"“{text}” is a document; who issued it is not said."
    if _DATED.search(text):
        return f"“{text}” is part of a sentence, not a speaker."
    if (role and is_place(text)) or head in _PLACE_NOUNS:
        return f"“{text}” is a place, not a speaker."
    if head in _WEATHER:
        return f"“{text}” is part of a sentence, not a speaker."
    return ""


def _head(words: list[str]) -> str:
    """The phrase's head noun: the last word before "of", "published", ..."""
    for i, word in enumerate(words):
        if i and word in HEAD_ENDS:
            return words[i - 1].removesuffix("'s")
    return words[-1].rstrip(".").removesuffix("'s")


@lru_cache(maxsize=4096)
def is_place(name: str) -> bool:
    key = name_key(name)
    if not key or len(key.split()) > 4:
        return False
    return key in _place_names()


def _country_keys() -> set[str]:
    """Every name pycountry gives a country, as name keys."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(name_key(value))
    return names


# Short and common names of places that pycountry does not give.
_MORE_PLACES = frozenset(
    {"us", "usa", "uk", "britain", "great britain", "england", "scotland", "wales"}
    | {"europe", "africa", "asia", "america"}
)


@lru_cache(maxsize=1)
def country_names() -> frozenset[str]:
    """Countries by every name pycountry gives, and continents: names that
    strangers' articles share as often as one person's."""
    return frozenset(_country_keys() | _MORE_PLACES)


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Countries and their first-level regions, by every name pycountry gives."""
    names = set(country_names())
    for region in pycountry.subdivisions:
        if region.parent_code is None:
            names.add(name_key(region.name))
    return frozenset(names | {"the west"})


# Context: telling same-name strangers apart ---------------------------------------

STOP = word_set(
    """the a an of for at in on to and or with from by its his her their former
    new senior deputy head chief director executive president leader officer
    manager member spokesperson spokesman spokeswoman says said after over as
    is are be will not how why what who amid""".replace("\n", " ")
)
