"""One speaker of one article as the engine found it, and the keys it may match.

A `Mention` gathers every claim of one engine speaker; its `global_keys` are the
full names under which it may join other articles' speakers (none for a surname
alone, a description or a group; a police force named with its place is one force
in every article: `police_key`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from attribution.extraction.cues import ROLE_NOUNS, word_set
from attribution.models import (
    Speaker,
)

from .names import STOP, TITLE_WORDS, name_key

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
            # A police force named with its place is one force in every article,
            # and so is a place's ministry, office or court ("Uzbekistan's health
            # ministry").
            return {police_key(self.name), body_key(self.name)} - {""}
        keys = set()
        for name in [self.name, *self.names]:
            if _full(name, self) and not generic(name):
                keys |= name_forms(name, self.kind)
            keys.add(body_key(name))
        return keys - {""}


def name_forms(name: str, kind: str) -> set[str]:
    """The keys of one full name: itself, without an affiliation ("Eli Brandt of
    Harrow Capital"), without a role before it ("Executive Ingrid Solheim"), and an
    organisation's distinctive part ("Kazuma" of "Kazuma Motors Corp.")."""
    forms = {name_key(name)}
    person = _AFFILIATION.split(name, maxsplit=1)[0]
    # Not a body's head before "of": "Norway's Institute" of Marine Research.
    body_head = (
        kind != Speaker.Kind.PERSON and person != name and generic(person.split()[-1])
    )
    if len([w for w in person.split() if w[:1].isupper()]) >= 2 and not body_head:
        forms.add(name_key(person))
    if kind == Speaker.Kind.PERSON:
        words = person.split()
        tail: list[str] = []
        for word in reversed(words):
            bare = word.lower().rstrip(".,")
            if not word[:1].isupper() or bare in ROLE_NOUNS or bare in TITLE_WORDS:
                break
            tail.insert(0, word)
        if len(tail) >= 2:
            forms.add(name_key(" ".join(tail)))
    else:
        force = police_key(name)
        if force:
            forms.add(force)
        owner = _OWNER.match(" ".join(name.replace("’", "'").split()))
        if owner is not None and not generic(owner.group(1)):
            forms.add(name_key(owner.group(1)))  # "Norway's Institute of X"
        words = name_key(name).split()
        while len(words) > 1 and words[-1].rstrip(".") in CORPORATE:
            words = words[:-1]
            if not generic(" ".join(words)):
                forms.add(" ".join(words))
    return forms


# Last words of companies' names: "Nordvik Mining ASA" is Nordvik Mining, Nordvik.
CORPORATE = word_set(
    """corp corporation inc incorporated ltd limited plc asa ab ag gmbh sa spa llc
    co company group holdings motors mining systems pharma pharmaceuticals
    industries technologies international"""
)


# A place owning a body's proper name: "Norway's Institute of Marine Research" is
# the Institute of Marine Research.
_OWNER = re.compile(
    r"^[A-Z][\w.-]*'s\s+([A-Z][\w'.-]*\s+(?:[\w'.-]+\s+)*[A-Z][\w'.-]*)$"
)
_AFFILIATION = re.compile(r"\s+(?:of|from|at)\s+(?=[A-Z])")
# Words of bodies every country has: "Environment Ministry", "Supreme Court" name
# a different body in each article, so such a name stays with its article.
GENERIC_ORG = word_set(
    """ministry department office agency police court council government
    commission committee service authority board union party institute hospital
    bank company club team army navy military parliament congress senate cabinet
    presidency prosecutor prosecutors prosecution fire rescue emergency health
    environment interior foreign finance defence defense justice education
    transport trade labour labor agriculture energy home affairs public supreme
    high district city state national federal regional central local provincial
    county municipal the of and for general staff ministry's department's"""
)


def generic(name: str) -> bool:
    words = name_key(name).replace("'s", "").split()
    return bool(words) and all(w in GENERIC_ORG for w in words)


# The nouns that end the name of a body every country or place has.
_BODY_HEADS = word_set(
    """ministry department office court council government commission committee
    authority board agency"""
)


def body_key(name: str) -> str:
    """The key of a body every place has, named with its place, or "".

    "Uzbekistan's health ministry" and "the Uzbekistan health ministry" are one
    ministry wherever they occur ("uzbekistan health ministry"); so are "Lyon
    prosecutor's office" and "Valencian regional government". The place is one
    capitalised word; two words or more of a body every country has follow it,
    the last a body's noun. "the French ministry" or "the health ministry" say
    too little: "".
    """
    words = " ".join(name.replace("’", "'").split()).split()
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    if len(words) < 3 or not words[0][:1].isupper():
        return ""
    place = name_key(words[0].removesuffix("'s"))
    rest = [name_key(w.removesuffix("'s")) for w in words[1:]]
    if not place or place in GENERIC_ORG or place in STOP:
        return ""
    if not all(w in GENERIC_ORG for w in rest) or rest[-1] not in _BODY_HEADS:
        return ""
    return " ".join([place, *rest])


# Words of a police force's name that do not say where it is.
_FORCE_QUALIFIERS = word_set(
    """provincial cantonal state city municipal federal regional national local
    county metropolitan district riot traffic border military judicial criminal
    civil armed"""
)
_FORCE_NOUNS = word_set("force service command department constabulary")
FORCE_PEOPLE = word_set(
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
        while words and words[-1].lower() in FORCE_PEOPLE:
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
            if not word[:1].isupper() or bare in GENERIC_ORG or bare in ROLE_NOUNS:
                return ""
            places.append(word.removesuffix("'s"))
    keys = [name_key(w) for w in places]
    if not keys or any(not k or k in GENERIC_ORG for k in keys):
        return ""
    return " ".join([*keys, "police"])


def bare_police(name: str) -> bool:
    """Whether a name is the police with no place: "police", "a police
    spokesman", "provincial police", "the force"."""
    words = [
        w
        for w in name_key(name).replace("'s", "").split()
        if w not in _FORCE_QUALIFIERS | FORCE_PEOPLE | STOP
    ]
    return words in (["police"], ["force"], ["police", "force"])


BODY_POLICE = re.compile(
    rf"((?:{_CAPITALISED}\s+){{1,3}}(?:(?:[a-z]+|{_CAPITALISED})\s+)?[Pp]olice\b)"
    rf"|([Pp]olice\s+in\s+(?:the\s+)?(?:{_CAPITALISED}\s*){{1,3}})"
)


def _full(name: str, mention: Mention) -> bool:
    """Whether a name identifies its bearer beyond one article."""
    words = [w for w in name.split() if w.rstrip(".").lower() not in TITLE_WORDS]
    if not words or not all(w[:1].isupper() or w[:1].isdigit() for w in words[:1]):
        return False
    if mention.kind == Speaker.Kind.ORGANISATION:
        return True  # an organisation's proper name: "Nordkalv", "CASA"
    capitalised = [w for w in words if w[:1].isupper()]
    surname = name_key(mention.name).split()[-1:]
    return len(capitalised) >= 2 and name_key(words[-1]).split()[-1:] == surname
