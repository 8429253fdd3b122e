"""Speaker and outlet identity: which stored entity each name in an article means.

The engine resolves names within one article (it gives each speaker the fullest
name the article uses, with its other names as aliases). This module decides what
that speaker is in the store, by these rules, in order:

1. An editor's decision for the name in this article (SpeakerDecision) wins.
2. Nothing that is not a speaker becomes one: a date, a document ("statement",
   "annual report"), a place named only as a place or a sentence fragment leaves
   the claim without a speaker, with the reason on the claim.
3. An outlet that speaks is the outlet's speaker (one per outlet).
4. A full name (a person's first and last name, an organisation's proper name)
   joins the stored speaker with that name or full-name alias, unless what the
   articles say of them (role, organisation, country) differs: then they are
   same-name strangers and the new one gets a speaker of its own.
5. Anything else (a surname alone, a description, an unnamed group such as
   "police") is a speaker of this article only, shown as "police (in <title>)".

Outlets a claim came through resolve to a known outlet by the gazetteer, then to an
outlet the same article named when the text uses a short form ("the Post", "the
paper", "the agency"), and only then to a new outlet marked for an editor's review.

Placing an article's speakers takes a bounded number of queries, whatever the size
of the store: one per kind of lookup, plus one write per new or changed speaker.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from attribution.extraction import ExtractedClaim, Gazetteer
from attribution.extraction.cues import DOCUMENT_NOUNS, ROLE_NOUNS, TITLES, word_set
from attribution.models import (
    Article,
    Outlet,
    Speaker,
    SpeakerDecision,
    SpeakerName,
)
from attribution.name_surroundings import name_surroundings
from attribution.slugs import name_slug

# Names -------------------------------------------------------------------------

_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES) | {"mr", "mrs", "ms", "dr"}
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
        and words[0].lower().rstrip(".") in _TITLE_WORDS
        and words[1][:1].isupper()
    ):
        words = words[1:]
    words = [w.lower() for w in words]
    text = " ".join(words).strip(" .'")
    text = text.removesuffix("'s").strip()
    return _SYNONYM_RE.sub(lambda m: _SYNONYMS[m.group(1)], text)[:200]


# What is not a speaker ------------------------------------------------------------

_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
_MONTHS = (
    "january february march april may june july august september october "
    "november december"
)
_TIME_WORDS = "yesterday today tonight tomorrow week weekend month year morning night"
_DATE_WORD = "|".join((_WEEKDAYS + " " + _MONTHS + " " + _TIME_WORDS).split())
# "On Tuesday", "last week", "Early on Monday", "In March 2024", "2024".
_DATE_PREFIX = re.compile(
    r"^(?:(?:on|in|by|since|last|this|next|early|late|earlier|later|on\s+the)\s+)*"
    rf"(?:(?:{_DATE_WORD})\b|\d{{1,4}}\b)(?:[\s,]+(?:\d{{1,4}}|{_DATE_WORD})\b)*[\s,]*",
    re.IGNORECASE,
)
# Documents speak for someone else: the claim's speaker is who wrote them.
_DOCUMENTS = (DOCUMENT_NOUNS - {"source", "sources", "media", "account"}) | {
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
_HEAD_ENDS = word_set(
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
    documents = _REPORTS if proper else _DOCUMENTS
    if head in documents or (head.endswith("s") and head[:-1] in documents):
        return f"“{text}” is a document; who issued it is not said."
    if _DATED.search(text):
        return f"“{text}” is part of a sentence, not a speaker."
    if (role and _is_place(text)) or head in _PLACE_NOUNS:
        return f"“{text}” is a place, not a speaker."
    if head in _WEATHER:
        return f"“{text}” is part of a sentence, not a speaker."
    return ""


def _head(words: list[str]) -> str:
    """The phrase's head noun: the last word before "of", "published", ..."""
    for i, word in enumerate(words):
        if i and word in _HEAD_ENDS:
            return words[i - 1].removesuffix("'s")
    return words[-1].rstrip(".").removesuffix("'s")


@lru_cache(maxsize=4096)
def _is_place(name: str) -> bool:
    key = name_key(name)
    if not key or len(key.split()) > 4:
        return False
    return key in _place_names()


@lru_cache(maxsize=1)
def _country_names() -> frozenset[str]:
    """Countries by every name pycountry gives, and continents: names that
    strangers' articles share as often as one person's."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(name_key(value))
    names |= {"us", "usa", "uk", "britain", "great britain", "england", "scotland"}
    return frozenset(names | {"wales", "europe", "africa", "asia", "america"})


@lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Countries and their first-level regions, by every name pycountry gives."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                names.add(name_key(value))
    for region in pycountry.subdivisions:
        if region.parent_code is None:
            names.add(name_key(region.name))
    names |= {"us", "usa", "uk", "britain", "great britain", "england", "scotland"}
    names |= {"wales", "europe", "africa", "asia", "america", "the west"}
    return frozenset(names)


# What the engine said of one speaker of an article -------------------------------


@dataclass
class Mention:
    """One speaker of one article as the engine found it (every claim of theirs).

    `name` is how the article names it (the engine's canonical name), `names` every
    name and alias, `kind` one of Speaker.Kind, `named` whether it has a proper name
    and `global_keys` the full names under which it may join other articles'
    speakers (none for a description, a surname alone or a group).
    """

    name: str
    kind: str
    named: bool
    names: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    outlet: str = ""
    titles: set[str] = field(default_factory=set)  # words the text puts by the name

    @property
    def key(self) -> str:
        return name_key(self.name)

    @property
    def keys(self) -> set[str]:
        return {name_key(n) for n in [self.name, *self.names]} - {""}

    @property
    def global_keys(self) -> set[str]:
        if self.kind == Speaker.Kind.OUTLET:
            return set()
        if not self.named or self.kind == Speaker.Kind.GROUP:
            # A police force named with its place is one force in every article.
            return {police_key(self.name)} - {""}
        keys = set()
        for name in [self.name, *self.names]:
            if _full(name, self) and not _generic(name):
                keys |= _name_forms(name, self.kind)
        return keys - {""}


def _name_forms(name: str, kind: str) -> set[str]:
    """The keys of one full name: itself, without an affiliation ("Eli Brandt of
    Harrow Capital"), without a role before it ("Executive Ingrid Solheim"), and an
    organisation's distinctive part ("Kazuma" of "Kazuma Motors Corp.")."""
    forms = {name_key(name)}
    person = _AFFILIATION.split(name, maxsplit=1)[0]
    if len([w for w in person.split() if w[:1].isupper()]) >= 2:
        forms.add(name_key(person))
    if kind == Speaker.Kind.PERSON:
        words = person.split()
        tail: list[str] = []
        for word in reversed(words):
            bare = word.lower().rstrip(".,")
            if not word[:1].isupper() or bare in ROLE_NOUNS or bare in _TITLE_WORDS:
                break
            tail.insert(0, word)
        if len(tail) >= 2:
            forms.add(name_key(" ".join(tail)))
    else:
        force = police_key(name)
        if force:
            forms.add(force)
        words = name_key(name).split()
        while len(words) > 1 and words[-1].rstrip(".") in _CORPORATE:
            words = words[:-1]
            if not _generic(" ".join(words)):
                forms.add(" ".join(words))
    return forms


# Last words of companies' names: "Nordvik Mining ASA" is Nordvik Mining, Nordvik.
_CORPORATE = word_set(
    """corp corporation inc incorporated ltd limited plc asa ab ag gmbh sa spa llc
    co company group holdings motors mining systems pharma pharmaceuticals
    industries technologies international"""
)


_AFFILIATION = re.compile(r"\s+(?:of|from|at)\s+(?=[A-Z])")
# Words of bodies every country has: "Environment Ministry", "Supreme Court" name
# a different body in each article, so such a name stays with its article.
_GENERIC_ORG = word_set(
    """ministry department office agency police court council government
    commission committee service authority board union party institute hospital
    bank company club team army navy military parliament congress senate cabinet
    presidency prosecutor prosecutors prosecution fire rescue emergency health
    environment interior foreign finance defence defense justice education
    transport trade labour labor agriculture energy home affairs public supreme
    high district city state national federal regional central local provincial
    county municipal the of and for general staff ministry's department's"""
)


def _generic(name: str) -> bool:
    words = name_key(name).replace("'s", "").split()
    return bool(words) and all(w in _GENERIC_ORG for w in words)


# Words of a police force's name that do not say where it is.
_FORCE_QUALIFIERS = word_set(
    """provincial cantonal state city municipal federal regional national local
    county metropolitan district riot traffic border military judicial criminal
    civil armed"""
)
_FORCE_NOUNS = word_set("force service command department constabulary")
_FORCE_PEOPLE = word_set(
    """spokesperson spokesman spokeswoman spokespeople official officials officer
    officers source sources representative duty chief commander"""
)
_CAPITALISED = r"[A-Z][\w'’.-]*"
_POLICE_IN = re.compile(
    rf"^(?:[Tt]he\s+)?(?:[Pp]olice|POLICE)(?:\s+(?:force|officers|officials))?\s+"
    rf"(?:in|of)\s+(?:the\s+)?((?:{_CAPITALISED}\s*){{1,3}})$"
)


def police_key(name: str) -> str:
    """The key of a police force named with its place, or "".

    "Norwegian police", "Tromso police", "police in Tromso", "Albay provincial
    police" and "Lagos State Police Command" name one force wherever they occur:
    "norwegian police", "tromso police", "tromso police", "albay police", "lagos
    police". A spokesperson or official of it ("a Lagos police spokesman") is the
    force. A bare "police", "federal police" or "the force" names no place: "".
    """
    text = " ".join(name.replace("’", "'").split())
    match = _POLICE_IN.match(text)
    if match is not None:
        places = match.group(1).split()
    else:
        words = text.split()
        while words and words[0].lower() in ("a", "an", "the"):
            words = words[1:]
        while words and words[-1].lower() in _FORCE_PEOPLE:
            words = words[:-1]
        while words and words[-1].lower() in _FORCE_NOUNS:
            words = words[:-1]
        if len(words) < 2 or words[-1].lower() != "police":
            return ""
        places = []
        for word in words[:-1]:
            bare = word.lower().removesuffix("'s")
            if bare in _FORCE_QUALIFIERS:
                continue
            if not word[:1].isupper() or bare in _GENERIC_ORG or bare in ROLE_NOUNS:
                return ""
            places.append(word.removesuffix("'s"))
    keys = [name_key(w) for w in places]
    if not keys or any(not k or k in _GENERIC_ORG for k in keys):
        return ""
    return " ".join([*keys, "police"])


def _bare_police(name: str) -> bool:
    """Whether a name is the police with no place: "police", "a police
    spokesman", "provincial police", "the force"."""
    words = [
        w
        for w in name_key(name).replace("'s", "").split()
        if w not in _FORCE_QUALIFIERS | _FORCE_PEOPLE | _STOP
    ]
    return words in (["police"], ["force"], ["police", "force"])


_BODY_POLICE = re.compile(
    rf"((?:{_CAPITALISED}\s+){{1,3}}(?:(?:[a-z]+|{_CAPITALISED})\s+)?[Pp]olice\b)"
    rf"|([Pp]olice\s+in\s+(?:the\s+)?(?:{_CAPITALISED}\s*){{1,3}})"
)


def _police_named(mention: Mention, body: str) -> None:
    """A bare "police" (or its spokesperson) is the one police force the text
    names with its place ("Albay provincial police", "police in Lagos"), when it
    names exactly one."""
    if mention.named or not _bare_police(mention.name) or not body:
        return
    lower = set(re.findall(r"(?<![\w'’-])([a-z][\w'’-]*)", body))
    found: dict[str, str] = {}
    for match in _BODY_POLICE.finditer(body[:20000]):
        words = re.split(r"[.!?;:]\s", match.group(0))[-1].split()
        # A sentence's first word ("Then police", "Monday police") is no place.
        while words and words[0].lower() in lower | _STOP | _COMMON_PROPER:
            words = words[1:]
        key = police_key(" ".join(words))
        if key:
            found.setdefault(key, " ".join(words))
    if len(found) == 1:
        mention.names.append(mention.name)
        mention.name = found.popitem()[1]


def _police_force(mention: Mention) -> None:
    """A place-named police force, or its spokesperson, is the force: a group
    under the force's name ("Lagos police" for "a Lagos police spokesman")."""
    if mention.named or not police_key(mention.name):
        return
    words = mention.name.split()
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    while len(words) > 2 and words[-1].lower() in _FORCE_PEOPLE:
        words = words[:-1]
    if " ".join(words) != mention.name:
        mention.names.append(mention.name)
        mention.name = " ".join(words)
    mention.kind = Speaker.Kind.GROUP


def _full(name: str, mention: Mention) -> bool:
    """Whether a name identifies its bearer beyond one article."""
    words = [w for w in name.split() if w.rstrip(".").lower() not in _TITLE_WORDS]
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words[:1]):
        return False
    if mention.kind == Speaker.Kind.ORGANISATION:
        return True  # an organisation's proper name: "Nordkalv", "CASA"
    capitalised = [w for w in words if w[:1].isupper()]
    surname = name_key(mention.name).split()[-1:]
    return len(capitalised) >= 2 and name_key(words[-1]).split()[-1:] == surname


def _kind(claim: ExtractedClaim) -> str:
    if claim.speaker_is_outlet or claim.speaker_kind == "outlet":
        return Speaker.Kind.OUTLET
    if claim.speaker_kind in Speaker.Kind.values:
        return claim.speaker_kind
    return Speaker.Kind.PERSON if claim.speaker_named else Speaker.Kind.GROUP


def mentions_of(
    claims: Sequence[ExtractedClaim], body: str = ""
) -> list[Mention | None]:
    """One Mention per claim (shared by claims of one speaker); None for no speaker.

    The engine's speakers are kept, and two it left apart are joined when one's
    name is the other's surname or alias ("Violet" and "Maryam Violet").
    """
    by_key: dict[tuple[bool, str], Mention] = {}
    out: list[Mention | None] = []
    for claim in claims:
        if not claim.speaker:
            out.append(None)
            continue
        name = speaker_name_clean(claim.speaker)[:200]
        kind = _kind(claim)
        outlet = kind == Speaker.Kind.OUTLET
        person = _person_in(name) if claim.speaker_named and not outlet else None
        if person is not None:
            name, kind = person[0], Speaker.Kind.PERSON
        mention = by_key.get((outlet, name_key(name)))
        if mention is None:
            mention = Mention(
                name=name,
                kind=kind,
                named=claim.speaker_named or outlet,
                outlet=name if outlet else "",
            )
            by_key[(outlet, name_key(name))] = mention
        elif kind == Speaker.Kind.PERSON and claim.speaker_named:
            mention.kind, mention.named = kind, True  # one name, one referent
        for alias in claim.speaker_aliases:
            if alias and alias not in mention.names and alias != mention.name:
                mention.names.append(alias[:200])
        if claim.speaker_role and claim.speaker_role not in mention.roles:
            mention.roles.append(claim.speaker_role[:300])
        if person is not None and person[1] not in mention.roles:
            mention.roles.append(person[1][:300])
        out.append(mention)
    for mention in {id(m): m for m in out if m is not None}.values():
        _qualify(mention, body)
        _police_named(mention, body)
        _police_force(mention)
        if mention.kind == Speaker.Kind.PERSON and mention.named:
            _hyphen_whole(mention, body)
            mention.titles = _titles(body, mention)
    out = _unify(out)
    for mention in {id(m): m for m in out if m is not None}.values():
        _speaks_for(mention)
        _body_named(mention, body)
    return out


def _body_named(mention: Mention, body: str) -> None:
    """A body named by its common noun ("the hospital", "the team") is the one
    body of that kind the text names ("St. Brendan's Hospital", "Team Nordlys"),
    when it names exactly one."""
    words = [w for w in mention.key.split() if w not in _STOP]
    if mention.named or mention.kind == Speaker.Kind.OUTLET or len(words) != 1:
        return
    head = words[0]
    if head not in _ORG_HEADS or len(mention.key.split()) > 2:
        return
    noun = re.escape(head.capitalize())
    cap = r"[A-Z][\w'’.-]*"
    pattern = re.compile(
        rf"\b((?:{cap}\s+){{1,4}}{noun}|{noun}(?:\s+(?:of|for)(?:\s+the)?)?"
        rf"(?:\s+{cap}){{1,4}})\b"
    )
    found = set()
    for match in pattern.finditer(body[:20000]):
        name = re.sub(r"^(?:The|A|An)\s+", "", match.group(1))
        if len(name.split()) >= 2 and not _generic(name):
            found.add(" ".join(name.split()))
    if len(found) == 1:
        mention.names.append(mention.name)
        mention.name = found.pop()
        mention.kind, mention.named = Speaker.Kind.ORGANISATION, True


def _speaks_for(mention: Mention) -> None:
    """A spokesperson of a body the article names by a proper name ("a Corvane
    spokesperson", "a spokeswoman for Team Nordlys") speaks for that body, which
    may speak in other articles: the mention becomes the body's. A body named by
    a common noun ("a club spokesman") stays a speaker of its article."""
    if mention.named or mention.kind == Speaker.Kind.OUTLET:
        return
    spokes = _FOR_BODY.match(" ".join(mention.name.split()))
    if spokes is None:
        spokes = _FOR_BODY.match(mention.key)
        if spokes is None:
            return
    name = (spokes.group(1) or spokes.group(2) or "").strip()
    name = re.sub(r"^(?:an?|the)\s+", "", name, flags=re.IGNORECASE)
    words = name.split()
    if not words or not all(
        w[:1].isupper() or w in ("of", "for", "and") for w in words
    ):
        return
    if _generic(name) or _is_place(name):
        return
    mention.names.append(mention.name)
    mention.name, mention.kind, mention.named = name, Speaker.Kind.ORGANISATION, True


def _hyphen_whole(mention: Mention, body: str) -> None:
    """A first name cut at its hyphen ("Luc Marchand" where the text says
    "Jean-Luc Marchand") gets its whole first name back."""
    if len(mention.name.split()) < 2:
        return
    match = re.search(rf"\b([A-Z][\w'’]*-){re.escape(mention.name)}\b", body)
    if match is not None:
        mention.names.append(mention.name)
        mention.name = match.group(1) + mention.name


# Words that head a body's name, never a person's: "Diocese of Kilmore Cross".
_ORG_HEADS = word_set(
    """ministry department office agency police court council government
    commission committee service authority board union party institute hospital
    bank company club team university school college association federation
    society foundation trust centre center organisation organization coalition
    alliance network league fund corporation church diocese group"""
)
_PERSON_OF = re.compile(
    r"^((?:[A-Z][\w'’.-]+\s+){1,2}[A-Z][\w'’.-]+)\s+(?:of|from|at)\s+(?:the\s+)?([A-Z].*)$"
)


def _person_in(name: str) -> tuple[str, str] | None:
    """A person's name inside a longer speaker name, with the rest as their role.

    "Eli Brandt of Harrow Capital" is Eli Brandt (of Harrow Capital); "Lagos State
    Commissioner for Health Folake Adeyemi" is Folake Adeyemi. None when the name
    is a body's ("Diocese of Kilmore Cross") or has no person's name in it.
    """
    match = _PERSON_OF.match(name)
    if match and _looks_personal(match.group(1).split()):
        return match.group(1), match.group(2)
    words = name.split()
    cut = max(
        (
            i
            for i, w in enumerate(words[:-2])
            if w.lower().rstrip(".,") in ROLE_NOUNS | _TITLE_WORDS
        ),
        default=-1,
    )
    # Role words may go on after the title ("Solicitor General", "for Health").
    rest = words[cut + 1 :]
    while len(rest) > 2 and (
        rest[0].lower().rstrip(".,") in _GENERIC_ORG | ROLE_NOUNS | _STOP
        or not rest[0][:1].isupper()
    ):
        rest = rest[1:]
    if cut < 0 or len(rest) not in (2, 3) or not _looks_personal(rest):
        return None
    return " ".join(rest), " ".join(words[: len(words) - len(rest)])


def _looks_personal(words: list[str]) -> bool:
    return all(
        w[:1].isupper()
        and w.lower().rstrip(".,") not in _ORG_HEADS | _CORPORATE | _GENERIC_ORG
        and w.lower().rstrip(".,") not in ROLE_NOUNS | _TITLE_WORDS
        for w in words
    )


def _titles(body: str, mention: Mention) -> set[str]:
    """The words the text puts before a person's full name ("Trade Minister Harald
    Bakke"), after it between commas ("David Chen, head of cardiac surgery,") or
    after "as" ("appointed David Chen as their new head coach")."""
    words: set[str] = set()
    full = [n for n in [mention.name, *mention.names] if len(n.split()) >= 2][:3]
    for name in [*full, *{n.split()[-1] for n in full}]:
        for words_before, between_commas, after_as in name_surroundings(
            body[:20000], name
        ):
            before = re.split(r"[.;:!?\"“”]", words_before)[-1]
            for part in (before, between_commas, after_as):
                # A possessive names an owner, not the person's title: "Prime
                # Minister's office spokeswoman Hanne Vik" is no minister.
                words |= {
                    w.lower()
                    for w in part.replace("’", "'").split()
                    if not w.endswith(("'s", "s'"))
                }
    return words - _STOP_TITLE


_STOP_TITLE = word_set("the a an of for and in at on to with by from said says")


_SPOKES_WORDS = word_set(
    "spokesperson spokesman spokeswoman representative spokespeople official source"
)
_SPOKES = r"(?:spokesperson|spokesman|spokeswoman|representative|spokespeople)"
_FOR_BODY = re.compile(
    rf"^(?:an?\s+|the\s+)?(.+?)\s+{_SPOKES}$|^(?:an?\s+|the\s+)?{_SPOKES}\s+for\s+(?:the\s+)?(.+)$"
)


def _qualify(mention: Mention, body: str) -> None:
    """Give a lone name the full name the article gives it elsewhere.

    "Delgado" in an article that names "Corvane chief executive Maria Delgado"
    outside any claim frame becomes Maria Delgado; "Corvane" becomes Corvane
    Systems. Only when the article has exactly one such fuller name.
    """
    words = mention.key.split()
    if not body or len(words) != 1 or not mention.name[:1].isupper():
        return
    if mention.kind == Speaker.Kind.OUTLET or mention.names:
        return
    word = re.escape(mention.name)
    person = re.compile(rf"((?:[A-Z][\w'’.-]+\s+){{1,3}}){word}\b")
    company = re.compile(rf"\b{word}((?:\s+[A-Z][\w'’.-]+){{1,3}})")
    fuller: set[str] = set()
    for match in person.finditer(body):
        forms = _name_forms(match.group(0), Speaker.Kind.PERSON)
        tails = [f for f in forms if len(f.split()) == 2]
        if tails:
            fuller.add(min(tails, key=len))
    if len(fuller) == 1:
        (full,) = fuller
        mention.names.append(mention.name)
        mention.name = " ".join(
            w.capitalize() if w.islower() else w for w in _surface(body, full)
        )
        mention.kind, mention.named = Speaker.Kind.PERSON, True
        return
    for match in company.finditer(body):
        tail = match.group(1).split()
        if tail and tail[-1].lower().rstrip(".") in _CORPORATE:
            fuller.add(f"{mention.name} {' '.join(tail)}")
    if len(fuller) == 1:
        mention.names.append(mention.name)
        mention.name = fuller.pop()
        mention.kind, mention.named = Speaker.Kind.ORGANISATION, True


def _surface(body: str, key: str) -> list[str]:
    """The words of `key` as the body writes them."""
    match = re.search(
        r"\b" + r"\s+".join(map(re.escape, key.split())) + r"\b", body, re.IGNORECASE
    )
    return (match.group(0) if match else key).split()


def _unify(mentions: list[Mention | None]) -> list[Mention | None]:
    """Join an article's mentions that name one person or body (see _same_as)."""
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    into: dict[int, Mention] = {}

    def root(mention: Mention) -> Mention:
        while id(mention) in into:
            mention = into[id(mention)]
        return mention

    for short in sorted(distinct, key=lambda m: len(m.key.split())):
        if short.kind == Speaker.Kind.OUTLET:
            continue
        hosts = {
            id(root(m)): root(m)
            for m in distinct
            if m is not short and root(m) is not short and _same_as(short, m)
        }
        forces = {police_key(h.name) for h in hosts.values()}
        if len(hosts) > 1 and len(forces) == 1 and "" not in forces:
            hosts = dict(list(hosts.items())[:1])  # one force, named two ways
        if len(hosts) != 1:
            continue
        (host,) = hosts.values()
        into[id(short)] = host
        if short.kind == Speaker.Kind.PERSON and short.named:
            host.kind = Speaker.Kind.PERSON  # a surname used alone: a person
        for name in [short.name, *short.names]:
            if name not in host.names and name != host.name:
                host.names.append(name)
        host.roles.extend(r for r in short.roles if r not in host.roles)
    return [root(m) if m is not None else None for m in mentions]


def _same_as(short: Mention, host: Mention) -> bool:
    """Whether the article's `short` names `host`, a longer name of a named body.

    The article uses it as the host's alias; or it is the surname of a person
    ("Violet" beside "Maryam Violet"); or the initials of an organisation's name;
    or a description that is a word of the name ("the institute" for the National
    Institute for Space Research) or the person's role ("the new head coach");
    or a spokesperson of the organisation ("a Corvane spokesperson"); or a
    police force named with its place, of which `short` names no other ("police",
    "a police spokesman", "provincial police", "the force").
    """
    force = police_key(host.name)
    if force and not short.named:
        own = police_key(short.name)
        return own == force or (not own and _bare_police(short.name))
    if not host.named or host.kind not in (
        Speaker.Kind.PERSON,
        Speaker.Kind.ORGANISATION,
    ):
        return False
    if (
        short.named
        and short.kind == Speaker.Kind.ORGANISATION
        and host.kind != short.kind
    ):
        return False
    words, host_words = short.key.split(), host.key.split()
    if short.key in {name_key(n) for n in host.names}:
        return len(host_words) >= len(words)
    if not short.named:
        return _describes(short, host)
    if len(words) != 1 or len(host_words) <= 1:
        return False
    if short.kind != Speaker.Kind.GROUP and host_words[-1] == words[0]:
        return True
    if short.name.isupper() and len(short.name) > 1:
        initials = "".join(
            w[0] for w in host.name.split() if w[:1].isupper() and w.isalpha()
        )
        return initials == short.name
    return False


_MINISTERIAL = word_set("minister ministers secretary")
# "Callahan's office", "Brenner's team": a person's own staff speak for them.
_OWN_OFFICE = re.compile(r"^([\w-]+)'s\s+(?:office|team|campaign|camp|staff)$")


def _describes(short: Mention, host: Mention) -> bool:
    """Whether an unnamed mention is a description of a named one in the article."""
    key = short.key
    owned = _OWN_OFFICE.match(key)
    if owned and host.kind == Speaker.Kind.PERSON:
        # "Callahan's office said": the person whose office it is; a minister's
        # office speaks for the ministry.
        if host.titles & _MINISTERIAL:
            return False
        return owned.group(1) in {name_key(n).split()[-1] for n in host.keys if n}
    spokes = _FOR_BODY.match(key)
    if spokes and host.kind == Speaker.Kind.ORGANISATION:
        body = name_key(spokes.group(1) or spokes.group(2) or "")
        return bool(body) and body in host.keys | _name_forms(host.name, host.kind)
    words = [w for w in key.split() if w not in _STOP]
    if not words:
        return False
    head = words[-1]
    if host.kind == Speaker.Kind.ORGANISATION:
        return (
            len(words) == 1
            and short.kind != Speaker.Kind.PERSON
            and head in host.key.split()
        )
    if short.kind != Speaker.Kind.PERSON:
        return False
    roles = {name_key(r) for r in host.roles}
    if key in roles or any(head in r.split() for r in roles):
        return True
    # "the minister" beside "Trade Minister Harald Bakke": the title the text
    # gives the person, when the description's every word is in it.
    last = key.split()[-1]
    if last not in ROLE_NOUNS - _SPOKES_WORDS and not key.startswith("head of"):
        return False
    named = {w.lower() for n in [host.name, *host.names] for w in n.split()}
    return all(w in host.titles | named for w in words)


# Context: telling same-name strangers apart ---------------------------------------

_STOP = word_set(
    """the a an of for at in on to and or with from by its his her their former
    new senior deputy head chief director executive president leader officer
    manager member spokesperson spokesman spokeswoman says said after over as
    is are be will not how why what who amid""".replace("\n", " ")
)


def _context_words(contexts: Iterable[str], own: str = "") -> set[str]:
    words: set[str] = set()
    mine = set(name_key(own).split())
    for context in contexts:
        for word in re.findall(r"[\w'-]+", name_key(context)):
            word = word.removesuffix("'s")
            if word not in _STOP and word not in mine and len(word) > 1:
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


# Placement -----------------------------------------------------------------------


def local_name(name: str, article: Article) -> str:
    """The shown name of a speaker known only in one article."""
    title = article.title or f"article {article.pk}"
    return f"{name} (in {title})"[:200]


def speakers_place(
    *, article: Article, mentions: Sequence[Mention | None], outlets: dict[str, Outlet]
) -> list[Speaker | None]:
    """The stored speaker of each mention, created or updated as the rules say.

    `outlets` maps outlet names (as in Mention.outlet) to their rows. The caller
    holds the article's row lock; speakers are created with unique slugs.
    """
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    decided = _decisions(article, distinct)
    by_outlet = _outlet_speakers(outlets[m.outlet] for m in distinct if m.outlet)
    candidates = _by_keys(set().union(*(m.global_keys for m in distinct)))
    local = {
        name_key(n): s
        for s in Speaker.objects.filter(article=article)
        for n in [_local_base(s.name, article), *s.aliases]
    }
    topic = _article_context(article, distinct, outlets)
    placed: dict[int, Speaker] = {}
    enriched: dict[int, Speaker] = {}
    new = _NewSpeakers(len(distinct))
    for mention in distinct:
        context = [*mention.roles, *topic]
        speaker = decided.get(id(mention))
        if speaker is None and mention.outlet:
            outlet = outlets[mention.outlet]
            speaker = by_outlet.get(outlet.pk) or new.add(
                name=outlet.name, kind=Speaker.Kind.OUTLET, outlet=outlet
            )
            by_outlet[outlet.pk] = speaker
        if speaker is None and mention.global_keys:
            speaker = _best(mention, candidates, context)
            if speaker is None:
                speaker = new.add(name=mention.name, kind=mention.kind)
                for key in mention.global_keys:
                    candidates.setdefault(key, []).append(speaker)
        if speaker is None:
            speaker = local.get(mention.key) or new.add(
                name=local_name(mention.name, article),
                kind=mention.kind,
                article=article,
            )
            local[mention.key] = speaker
        if _enrich(speaker, mention, context if mention.global_keys else []):
            enriched[speaker.pk] = speaker
        placed[id(mention)] = speaker
    new.save()
    _enriched_save([s for s in enriched.values() if not new.holds(s)])
    _keys_sync(placed.values())
    return [placed[id(m)] if m is not None else None for m in mentions]


def _local_base(name: str, article: Article) -> str:
    suffix = f" (in {article.title or f'article {article.pk}'})"
    return name.removesuffix(suffix) if name.endswith(suffix) else name


def _decisions(article: Article, mentions: list[Mention]) -> dict[int, Speaker]:
    keys = {key: m for m in mentions for key in m.keys}
    decided: dict[int, Speaker] = {}
    rows = SpeakerDecision.objects.filter(
        article=article, name_key__in=list(keys)
    ).select_related("speaker")
    for row in rows:
        decided.setdefault(id(keys[row.name_key]), row.speaker)
    return decided


def _outlet_speakers(outlets: Iterable[Outlet]) -> dict[int, Speaker]:
    ids = {o.pk for o in outlets}
    if not ids:
        return {}
    return {
        s.outlet_id: s
        for s in Speaker.objects.filter(outlet_id__in=ids)
        if s.outlet_id is not None
    }


def _by_keys(keys: set[str]) -> dict[str, list[Speaker]]:
    """Speakers of no article found under these keys, or whose slug is a key's
    (a speaker an editor or another version stored without keys). Two queries."""
    found: dict[str, list[Speaker]] = {}
    if not keys:
        return found
    slugs = {name_slug(key, "speaker"): key for key in keys}
    rows = (
        Speaker.objects.filter(article__isnull=True)
        .filter(Q(keys__key__in=keys) | Q(slug__in=list(slugs)))
        .prefetch_related("keys")
        .distinct()
        .order_by("pk")
    )
    for speaker in rows:
        names = {k.key for k in speaker.keys.all()} & keys
        if speaker.slug in slugs:
            names.add(slugs[speaker.slug])
        for key in names:
            found.setdefault(key, []).append(speaker)
    return found


def _article_context(
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
_COMMON_PROPER = word_set(
    f"""{_WEEKDAYS} {_MONTHS} mr mrs ms dr he she it they we i the a an this that
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
        if low in _COMMON_PROPER or low in skip or len(low) < 3:
            continue
        if low in _country_names() or low in _TITLE_WORDS or low in ROLE_NOUNS:
            continue
        words.append(word)
    return list(dict.fromkeys(words))[:120]


TOPIC = "~"
PROPER = "="


def _best(
    mention: Mention, candidates: dict[str, list[Speaker]], context: list[str]
) -> Speaker | None:
    """The stored speaker a full name joins, or None for a stranger.

    Of several stored speakers with the name, the one whose contexts share most
    with this article's (then the one found under most keys, then the oldest).
    """
    scores: dict[int, tuple[int, int, Speaker]] = {}
    for key in mention.global_keys:
        for speaker in candidates.get(key, ()):
            if _kinds_clash(speaker, mention, key):
                continue
            if speaker.kind == Speaker.Kind.PERSON and contexts_differ(
                speaker.contexts, context, mention.name
            ):
                continue
            shared = context_overlap(speaker.contexts, context, mention.name)
            shared, hits, _ = scores.get(speaker.pk, (shared, 0, speaker))
            scores[speaker.pk] = (shared, hits + 1, speaker)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: (item[0], item[1], -item[2].pk))[2]


def _kinds_clash(speaker: Speaker, mention: Mention, key: str) -> bool:
    """Whether a person and a body under one key are two entities. The engine's
    kind is a guess: a name of two or more words shared exactly ("Kirkstall
    Athletic", "Markus Brenner") is one entity whatever kind each article gave it;
    a one-word name ("Corvane", "Violet") is not enough."""
    people = {Speaker.Kind.PERSON}
    if (speaker.kind in people) == (mention.kind in people):
        return False
    return len(key.split()) < 2 or name_key(_strip_in(speaker.name)) != key


def _speaker_new(
    *,
    name: str,
    kind: str,
    outlet: Outlet | None = None,
    article: Article | None = None,
) -> Speaker:
    return Speaker.objects.create(
        name=name[:200],
        slug=speaker_slug_free(name),
        kind=kind,
        outlet=outlet,
        article=article,
    )


class _NewSpeakers:
    """An article's new speakers, written together once all are placed.

    Each gets its id when made, from one read of the id sequence for the whole
    article (ids in the order made, as one INSERT each gave them), so that the
    placing rules that compare ids see what they saw; the free slugs are read in
    one query and the rows written in one, at save(): three queries however many
    new speakers an article has, none when it has none.
    """

    def __init__(self, most: int) -> None:
        self.most = most
        self.ids: list[int] = []
        self.made: list[Speaker] = []

    def add(
        self,
        *,
        name: str,
        kind: str,
        outlet: Outlet | None = None,
        article: Article | None = None,
    ) -> Speaker:
        if connection.vendor != "postgresql":
            return _speaker_new(name=name, kind=kind, outlet=outlet, article=article)
        if not self.ids:
            self.ids = _speaker_ids_next(self.most - len(self.made))
        speaker = Speaker(
            pk=self.ids.pop(0),
            name=name[:200],
            kind=kind,
            outlet=outlet,
            article=article,
        )
        self.made.append(speaker)
        return speaker

    def holds(self, speaker: Speaker) -> bool:
        return any(speaker is made for made in self.made)

    def save(self) -> None:
        if not self.made:
            return
        slugs = speaker_slugs_free([s.name for s in self.made])
        for speaker, slug in zip(self.made, slugs, strict=True):
            speaker.slug = slug
        Speaker.objects.bulk_create(self.made)


def _speaker_ids_next(count: int) -> list[int]:
    """`count` ids from the speaker table's sequence, in increasing order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s) ORDER BY 1",
            [Speaker._meta.db_table, max(count, 1)],
        )
        return [row[0] for row in cursor.fetchall()]


def speaker_slugs_free(names: Sequence[str]) -> list[str]:
    """A slug no speaker has yet for each name, in order (speaker_slug_free for
    several at once, in one query): two names of one slug get two numbers."""
    bases = [name_slug(name, "speaker", max_length=190) for name in names]
    starts = Q()
    for base in set(bases):
        starts |= Q(slug__startswith=base)
    taken = set(Speaker.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def speaker_slug_free(name: str) -> str:
    """A slug no speaker has yet: the name's, numbered when taken (one query)."""
    base = name_slug(name, "speaker", max_length=190)
    taken = set(
        Speaker.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _enrich(speaker: Speaker, mention: Mention, context: list[str]) -> bool:
    """Add the article's names and roles to the speaker; True when it changed
    (saved with the article's other speakers by _enriched_save)."""
    shown = {name_key(speaker.name), name_key(_strip_in(speaker.name))}
    aliases = list(speaker.aliases)
    for name in [mention.name, *mention.names]:
        key = name_key(name)
        if key and key not in shown and key not in {name_key(a) for a in aliases}:
            aliases.append(name)
    contexts = list(speaker.contexts)
    for role in [*mention.roles, *context]:
        if role not in contexts and len(contexts) < 1000:
            contexts.append(role)
    description = speaker.description or (mention.roles[0] if mention.roles else "")
    if (aliases, contexts, description) != (
        speaker.aliases,
        speaker.contexts,
        speaker.description,
    ):
        speaker.aliases, speaker.contexts = aliases, contexts
        speaker.description = description[:300]
        return True
    return False


def _enriched_save(speakers: list[Speaker]) -> None:
    """Write the article's changed speakers at once, their rows locked first in
    id order (one lock order for every worker, so two never wait on each other
    in a circle); two queries however many there are."""
    if not speakers:
        return
    ids = sorted(s.pk for s in speakers)
    list(
        Speaker.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk")
    )
    now = timezone.now()
    for speaker in speakers:
        speaker.updated_at = now
    Speaker.objects.bulk_update(
        speakers, ["aliases", "contexts", "description", "updated_at"]
    )


def _strip_in(name: str) -> str:
    return re.sub(r" \(in .*\)$", "", name)


def _keys_sync(speakers: Iterable[Speaker]) -> None:
    """Give speakers without an article their full-name keys (one query each way)."""
    wanted = {
        (s.pk, key)
        for s in {s.pk: s for s in speakers}.values()
        if s.article_id is None and s.outlet_id is None
        for key in speaker_keys(s)
    }
    if not wanted:
        return
    ids = {pk for pk, _ in wanted}
    have = set(
        SpeakerName.objects.filter(speaker_id__in=ids).values_list("speaker_id", "key")
    )
    SpeakerName.objects.bulk_create(
        [SpeakerName(speaker_id=pk, key=key) for pk, key in wanted - have],
        ignore_conflicts=True,
    )


def speaker_keys(speaker: Speaker) -> set[str]:
    """The keys a speaker without an article is found under: its full names."""
    if speaker.article_id is not None:
        return set()
    mention = Mention(
        name=speaker.name, kind=speaker.kind, named=True, names=list(speaker.aliases)
    )
    keys = mention.global_keys or ({mention.key} if mention.key else set())
    return keys


# Outlets -------------------------------------------------------------------------

# Nouns a text uses for an outlet it has named, and the kinds each may mean.
_OUTLET_NOUNS = {
    "paper": {"newspaper"},
    "newspaper": {"newspaper"},
    "daily": {"newspaper"},
    "tabloid": {"newspaper"},
    "broadsheet": {"newspaper"},
    "network": {"broadcaster"},
    "broadcaster": {"broadcaster"},
    "channel": {"broadcaster"},
    "station": {"broadcaster"},
    "agency": {"wire_service"},
    "news agency": {"wire_service"},
    "wire": {"wire_service"},
    "wire service": {"wire_service"},
    "magazine": {"magazine"},
    "weekly": {"magazine", "newspaper"},
    "site": {"website"},
    "website": {"website"},
    "outlet": {"newspaper", "broadcaster", "wire_service", "magazine", "website"},
}


@dataclass(frozen=True)
class OutletChoice:
    """What an outlet name in an article resolves to."""

    name: str  # the canonical name the outlet row has or gets
    known: bool  # the gazetteer or an editor knows it


def outlet_names_resolve(
    names: Sequence[str], gazetteer: Gazetteer, publisher: Outlet | None = None
) -> dict[str, OutletChoice]:
    """Resolve an article's outlet names, in reading order, to canonical outlets.

    A short form ("Post", "the paper", "the agency") means an outlet the article
    named, when exactly one fits (the last word of its name, or the noun for its
    kind); otherwise it is an outlet of its own, not known to anyone yet.
    """
    known: list[tuple[str, str, tuple[str, ...]]] = []  # name, kind, all keys
    if publisher is not None:
        known.append(
            (
                publisher.name,
                publisher.kind,
                _outlet_keys(publisher.name, publisher.aliases),
            )
        )
    for name in names:
        entry = gazetteer.lookup(name)
        if entry is not None:
            known.append(
                (entry.name, entry.kind, _outlet_keys(entry.name, entry.aliases))
            )
    resolved: dict[str, OutletChoice] = {}
    for name in names:
        entry = gazetteer.lookup(name)
        key = name_key(name)
        others = [k for k in known if entry is None or k[0] != entry.name]
        # "the Star" after "the Toronto Star": the article's outlet, not another
        # outlet that happens to be called The Star.
        short = _short_form(key, others) if len(key.split()) == 1 else ""
        if short and (entry is None or key not in _outlet_keys(short, ())):
            resolved[name] = OutletChoice(short, True)
        elif entry is not None:
            resolved[name] = OutletChoice(entry.name, True)
        else:
            short = _short_form(key, known)
            resolved[name] = OutletChoice(short or " ".join(name.split()), bool(short))
    return resolved


def _outlet_keys(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(name_key(n) for n in [name, *aliases])


_WEAK_OUTLET_WORDS = word_set("news the and of daily new times radio tv online")


def _short_form(key: str, known: list[tuple[str, str, tuple[str, ...]]]) -> str:
    """The one outlet of `known` that `key` names in short, or ""."""
    if not key:
        return ""
    kinds = _OUTLET_NOUNS.get(key)
    single = len(key.split()) == 1 and key not in _WEAK_OUTLET_WORDS
    fits = {
        name
        for name, kind, keys in known
        if (kinds is not None and kind in kinds)
        or (single and any(k != key and key in k.split() for k in keys))
    }
    return fits.pop() if len(fits) == 1 else ""


def outlets_for(
    choices: Iterable[OutletChoice], gazetteer: Gazetteer
) -> dict[str, Outlet]:
    """The outlet rows for resolved names, created when missing (one query to find).

    Outlets the gazetteer knows are created from its entry; others are created
    marked for an editor's review.
    """
    by_slug = {name_slug(c.name, "outlet"): c for c in choices}
    rows = {o.slug: o for o in Outlet.objects.filter(slug__in=list(by_slug))}
    out: dict[str, Outlet] = {}
    for slug, choice in by_slug.items():
        outlet = rows.get(slug)
        if outlet is None:
            entry = gazetteer.lookup(choice.name)
            defaults = {"name": choice.name, "needs_review": entry is None}
            if entry is not None:
                defaults.update(
                    kind=entry.kind,
                    aliases=list(entry.aliases),
                    homepage=entry.homepage,
                    country=entry.country,
                )
            outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults=defaults)
            rows[slug] = outlet
        out[choice.name] = outlet
    return out


# Claims of one article --------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one extracted claim goes: its speaker (or why none), name and via."""

    speaker: Speaker | None
    name: str
    reason: str
    via: list[Outlet]


def claims_place(
    *, article: Article, extracted: Sequence[ExtractedClaim], gazetteer: Gazetteer
) -> list[Placement]:
    """Place the speakers and via outlets of an article's extracted claims.

    Creates the speakers and outlets that are new (see speakers_place and
    outlets_for); writes no claims. A bounded number of queries per article.
    """
    mentions = mentions_of(extracted, article.body)
    _outlets_speaking(mentions, extracted, gazetteer, article.publisher)
    dateline = name_key(dateline_place(article.body))
    reasons = []
    named = [
        m
        for m in {id(m): m for m in mentions if m is not None}.values()
        if m.named and m.kind == Speaker.Kind.ORGANISATION and not m.outlet
    ]
    for i, mention in enumerate(mentions):
        reason = ""
        if mention is not None and not mention.outlet:
            role = mention.roles[0] if mention.roles else ""
            reason = junk_reason(mention.name, mention.kind, role)
            if dateline and mention.key == dateline:
                reason = f"“{mention.name}” is the dateline's place, not a speaker."
            issuer = (
                _issuer(mention, named, article.title, gazetteer)
                if " document" in reason
                else None
            )
            if issuer is not None:
                mentions[i], reason = issuer, ""
        elif mention is None:
            reason = "The engine could not tell who spoke."
        reasons.append(reason)
        if reason:
            mentions[i] = None
    names = list(
        dict.fromkeys(
            name
            for item, mention in zip(extracted, mentions, strict=True)
            for name in [
                *item.via,
                *([mention.outlet] if mention and mention.outlet else []),
            ]
        )
    )
    resolved = outlet_names_resolve(names, gazetteer, article.publisher)
    rows = outlets_for(resolved.values(), gazetteer)
    outlets = {name: rows[resolved[name].name] for name in names}
    speakers = speakers_place(article=article, mentions=mentions, outlets=outlets)
    placed = []
    for item, mention, speaker, reason in zip(
        extracted, mentions, speakers, reasons, strict=True
    ):
        chain = [outlets[name] for name in item.via]
        if speaker is not None and speaker.outlet_id is not None:
            chain = [o for o in chain if o.pk != speaker.outlet_id]
        name = mention.name if mention else speaker_name_clean(item.speaker or "")
        placed.append(
            Placement(
                speaker=speaker,
                name=name[:200],
                reason=reason[:300],
                via=list({o.pk: o for o in chain}.values()),
            )
        )
    return placed


# "SAN JOSE, Calif. (AP) —", "OSLO, March 4 (Reuters) -": a place in capitals,
# then maybe a region or date and the agency, then a dash, at the article's top.
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'’ -]*[A-Z])(?:,[ \t]*[\w.' ]{1,30}?)?[ \t]*"
    r"(?:\([^)\n]{1,40}\))?[ \t]*[-—–][ \t]",
    re.MULTILINE,
)


def dateline_place(body: str) -> str:
    """The place of the article's dateline ("SAN JOSE"), or ""."""
    lines = [line for line in body[:2000].splitlines() if line.strip()][:3]
    match = _DATELINE.search("\n".join(lines))
    return match.group(1).strip() if match else ""


# Nouns for an outlet's kind that name nothing else: "the newspaper said".
_MEDIA_ONLY = word_set("paper newspaper daily tabloid broadsheet broadcaster magazine")


def _outlets_speaking(
    mentions: list[Mention | None],
    extracted: Sequence[ExtractedClaim],
    gazetteer: Gazetteer,
    publisher: Outlet | None,
) -> None:
    """A speaker the engine did not take for an outlet that is one becomes the
    outlet's: a name the gazetteer knows ("BBC said"), or a short form of an
    outlet the article named ("the Journal reported", "the newspaper said" after
    Aftenposten), so that an outlet that speaks is never a second entity."""
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    named = list(
        dict.fromkeys(
            [n for item in extracted for n in item.via]
            + [m.outlet for m in distinct if m.outlet]
        )
    )
    for mention in distinct:
        if mention.outlet or not mention.key:
            continue
        name, key = mention.name, mention.key
        if gazetteer.lookup(name) is not None and name[:1].isupper():
            mention.outlet = name
        elif len(key.split()) == 1 and (key not in _OUTLET_NOUNS or key in _MEDIA_ONLY):
            choice = outlet_names_resolve([*named, name], gazetteer, publisher)[name]
            if choice.known and choice.name != name:
                mention.outlet = name
        if mention.outlet:
            mention.kind, mention.named = Speaker.Kind.OUTLET, True


def _issuer(
    document: Mention,
    bodies: list[Mention],
    headline: str = "",
    gazetteer: Gazetteer | None = None,
) -> Mention | None:
    """Who issued a document that "said" something: who published it ("a poll
    published by NRK"), the named body of the article its words name ("a Nordvik
    filing", "the club's statement"), else the only named body the article quotes
    or, of several, the only one its headline names ("the annual report said" in
    "Nordvik Mining swings to loss"). None when the article does not tell."""
    by = re.search(
        r"\b(?:published|issued|released|commissioned)\s+by\s+(.+)$", document.name
    )
    if by is not None:
        name = re.split(r"\s+(?:last|on|in|this|earlier)\b", by.group(1))[0].strip()
        entry = gazetteer.lookup(name) if gazetteer is not None else None
        if entry is not None:
            return Mention(
                name=entry.name, kind=Speaker.Kind.OUTLET, named=True, outlet=name
            )
        for body in bodies:
            if name_key(name) in body.keys | _name_forms(body.name, body.kind):
                return body
    words = [w.removesuffix("'s") for w in document.key.split()]
    cut = next((i for i, w in enumerate(words) if i and w in _HEAD_ENDS), len(words))
    words = [w for w in words[:cut] if w not in _DOCUMENTS and w not in _STOP]
    for body in bodies:
        forms = _name_forms(body.name, body.kind) | body.keys
        if any(w in f.split() for w in words for f in forms):
            return body
    described = [
        b
        for b in bodies
        if words
        and _describes(
            Mention(name=" ".join(words), kind=Speaker.Kind.ORGANISATION, named=False),
            b,
        )
    ]
    if len(described) == 1:
        return described[0]
    if words:
        return None
    if len(bodies) == 1:
        return bodies[0]
    title = name_key(headline)
    in_title = [
        b
        for b in bodies
        if any(
            re.search(rf"\b{re.escape(f)}\b", title)
            for f in _name_forms(b.name, b.kind) | b.keys
        )
    ]
    return in_title[0] if len(in_title) == 1 else None
