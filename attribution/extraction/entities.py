"""The article's entities, how prominent a mention of one is, and rules that read
one mention for the registry.

`Entity` is one speaker (or potential speaker) of an article, `Resolution` the
entity a mention refers to and how it was found. SPEAKER, SUBJECT and OTHER weigh
a mention's prominence; `pronoun_subject` and `human_noun_subject` say which
subjects count as mentions. The rest read a single `Mention`: a person of a body
("Kari Nyberg of the Socialist Left Party"), an epithet ("the 47-year-old"), a
party plural, a gendered noun; and the rules on bodies' names: "the force" and
"the club" for bodies whose names lack the noun, short forms of a name, and a
body named after another ("X Supporters' Trust").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Token

from .cues import (
    AGE_EPITHET,
    FEMININE_NOUNS,
    MASCULINE_NOUNS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_NOUNS,
    word_set,
)
from .gazetteer import OutletEntry, normalize_name
from .mentions import AFFILIATION_PREPOSITIONS, Mention
from .names import person_shaped, prefix_match
from .rules import rule

DEFINITE = word_set("the this that these those")

# How prominent a mention is; pronouns and descriptions prefer prominent antecedents.
SPEAKER, RELAY, SUBJECT, OTHER = 3, 3, 2, 1


@dataclass
class Entity:
    """One speaker (or potential speaker) of the article."""

    id: int
    kind: str  # "person" | "org" | "outlet" | "group"
    names: list[str] = field(default_factory=list)
    descriptions: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    heads: set[str] = field(default_factory=set)
    modifiers: set[str] = field(default_factory=set)
    outlet: OutletEntry | None = None
    publisher: bool = False
    gender: str = ""

    @property
    def canonical(self) -> str:
        """The fullest name the article gives, else its description."""
        if self.outlet is not None:
            return self.outlet.name
        if self.names:
            return max(self.names, key=lambda n: (len(n.split()), len(n)))
        if self.descriptions:
            return max(self.descriptions, key=len)
        return ""

    @property
    def aliases(self) -> tuple[str, ...]:
        """Other names and descriptions the article uses for the entity."""
        canonical = self.canonical
        seen = {normalize_name(canonical)}
        out: list[str] = []
        for name in [*self.names, *self.descriptions]:
            key = normalize_name(name)
            if key and key not in seen:
                seen.add(key)
                out.append(name)
        return tuple(out)

    @property
    def role(self) -> str:
        return self.roles[0] if self.roles else ""

    @property
    def is_source(self) -> bool:
        """Whether the entity can relay statements (be part of a via chain)."""
        return self.outlet is not None or self.publisher


@dataclass(frozen=True)
class Resolution:
    """An entity a mention refers to and how it was found."""

    entity: Entity
    how: str  # "outlet" | "name" | "pronoun" | "description" | "new" | "merged"


def names_a_body(mention: Mention) -> bool:
    """Whether a description is a body's name in all but capitals.

    "Castlebridge city council", "Ogun State government": a proper noun before an
    organisation's noun names one body, so a later "the council" can refer to it
    even when the article never quotes it by that phrase.
    """
    if mention.head not in ORG_NOUNS or mention.determiner:
        return False
    words = mention.description.split()
    first = words[0].removesuffix("'s").removesuffix("’s")
    return len(words) > 1 and first[:1].isupper() and first.isalpha()


def role_words(role: str) -> list[str]:
    """The words of a role before its affiliation: "rep" in "rep for the actress"."""
    words: list[str] = []
    for word in role.lower().split():
        if word in AFFILIATION_PREPOSITIONS:
            break
        words.append(word)
    return words


def is_age_or_nationality(mention: Mention) -> bool:
    """ "the 47-year-old", "the Portuguese": an epithet for someone named before."""
    if mention.determiner != "the":
        return False
    if mention.name:
        # "The environmental group Fjordvern": a noun says what the name is.
        return (
            mention.name_label == "NORP"
            and len(mention.name.split()) == 1
            and not mention.head
            and not _party_plural(mention.name)
        )
    return bool(AGE_EPITHET.search(mention.description))


@rule(
    "party-plural",
    stage="speakers",
    example=(
        "Green leader Ana Pell told CBC she wanted stricter limits. The Greens say "
        "car traffic in the centre should halve by 2030."
    ),
    off=False,
)
def _party_plural(name: str) -> bool:
    """Rule "party-plural": a plural group name ("the Greens", "the Socialists")
    is a party or movement speaking for itself, not an epithet for its leader
    named before: `Green leader Ana Pell told CBC ... The Greens say ...` is the
    Greens. A nationality ("the Portuguese", "the Swiss") is not plural."""
    lower = name.lower()
    return lower.endswith("s") and not lower.endswith(("ss", "ese", "ois"))


@rule(
    "gendered-noun",
    stage="speakers",
    example=(
        "A police spokesman said the men were selling tap water. ¶ Residents in "
        "Makoko said they were still buying water from vendors. Bisi Ogunleye, "
        'whose son survived, said prices had doubled. "We buy from the boats," '
        "she said."
    ),
    off="",
)
def noun_gender(head: str) -> str:
    """Rule "gendered-noun": a person known only by a gendered noun ("a police
    spokesman", "her brother") has that gender, so that a later "she" does not
    go to "a police spokesman": "m", "f" or "". A named person's gender comes
    from titles and pronouns; "actor" names women too."""
    if head in MASCULINE_NOUNS - _UNGENDERED:
        return "m"
    return "f" if head in FEMININE_NOUNS else ""


_UNGENDERED = word_set("actor heir")


# Last words of companies' names that look like surnames: "Kazuma Motors".
_COMPANY_ENDS = word_set(
    """motors systems airlines airways mining pharma energy capital partners
    holdings industries technologies labs media records foods brands steel"""
)
_OF_BODY = re.compile(r"^(\S+(?:\s+\S+){1,2})\s+(?:of|from|at)\s+(?:the\s+)?(\S.*)$")


@rule(
    "person-of-body",
    stage="speakers",
    example=(
        "Kari Nyberg of the Socialist Left Party accused Bakke of hiding the bill. "
        '"The public deserves to know," she said.'
    ),
    off=None,
)
def _person_of_body_rule(mention: Mention) -> Mention | None:
    """Rule "person-of-body": a person's name followed by the body they belong
    to ("Kari Nyberg of the Socialist Left Party", "Eli Brandt of Harrow
    Capital") is the person, with the body as their affiliation, not a body
    named after them: a later "she said" or "the party" then finds the right one.

    The name before "of", "from" or "at" has two or three capitalised words,
    none a body's word; the whole is not tagged as one organisation.
    """
    if mention.name_label in ("ORG", "GPE", "FAC", "LOC") or mention.outlet:
        return None
    match = _OF_BODY.match(mention.name)
    if match is None:
        return None
    person, body = match.group(1), match.group(2)
    if not person_shaped(person) or person.split()[-1].lower() in _COMPANY_ENDS:
        return None
    if not body[:1].isupper():
        return None
    role = mention.role or body
    return replace(
        mention, name=person, affiliation=mention.affiliation or body, role=role
    )


def person_of_body(mention: Mention) -> Mention:
    return _person_of_body_rule(mention) or mention


@rule(
    "pronoun-subject",
    stage="speakers",
    example=(
        "Striker Lena Ott said the referee had been fair. She hugged teammates Mia "
        'Roos and Ida Berg after the whistle. ¶ "It was our best game this year," '
        "she told NRK."
    ),
    off=False,
)
def pronoun_subject(token: Token) -> bool:
    """Rule "pronoun-subject": a "he", "she" or "they" that is a clause's
    subject is a subject mention of what it refers to, so subject continuity
    outranks recency: in `She hugged teammates Mia Roos and Ida Berg`, the
    sentence is about the striker named before, and a later "she told NRK" is
    her, not a teammate in the object. "It" stays out (often no referent).

    Only the subject of the sentence's main verb counts: a pronoun inside a
    reported clause ("Delgado told the AP that she ...") is read with the
    frame's speaker, which is noted after the unit's other mentions."""
    return _main_clause_subject(token) and (
        token.lower_ in PERSON_PRONOUNS or token.lower_ in PLURAL_PRONOUNS
    )


def _main_clause_subject(token: Token) -> bool:
    """Whether a token is the subject of its sentence's main verb."""
    return token.dep_ in ("nsubj", "nsubjpass") and token.head.dep_ == "ROOT"


@rule(
    "human-noun-subject",
    stage="speakers",
    example=(
        "A reporter for the local radio station was standing near the junction. ¶ "
        '"We saw cars pile into each other," he said.'
    ),
    off=False,
)
def human_noun_subject(token: Token) -> bool:
    """Rule "human-noun-subject": a noun for people that is a clause's subject
    ("Nurses at the clinic were slow to back the plan", "A reporter ... was
    standing near the junction") is a mention of a person or group, even when
    it has not spoken, so a later "they" or "he" can refer to it. The noun is
    the main verb's subject, a role or a person noun (or its plural), and new
    to the story: not definite or possessive ("the teacher", "her husband"
    refer back to someone named), with no name in apposition ("The minister,
    Ana Roth, was ...")."""
    if token.pos_ != "NOUN" or not _main_clause_subject(token):
        return False
    lemma = token.lemma_.lower()
    if lemma not in ROLE_NOUNS and lemma not in PERSON_NOUNS:
        return False
    for child in token.children:
        if child.dep_ in ("poss", "appos"):
            return False
        if child.dep_ == "det" and child.lower_ in DEFINITE:
            return False
    return True


def epithet_gender(head: str) -> str:
    """The gender an epithet's noun says ("the actress", "the businessman"), or ""."""
    if head in MASCULINE_NOUNS or head in FEMININE_NOUNS:
        return "m" if head in MASCULINE_NOUNS else "f"
    return ""


# Words of a police force's name in several languages: "Guardia Civil", "Gardaí".
_POLICE_NAME_WORDS = word_set(
    """police policía policia polizei polizia politi polis gendarmerie guardia
    garda gardaí carabinieri constabulary"""
)
# What a body is called by a noun its name does not hold.
_BODY_NOUNS = {"force": "police", "club": "club"}


@rule(
    "club-or-force",
    stage="speakers",
    example=(
        "Harrowgate Rovers said in a statement that the fans would be banned. The "
        "club said it was working with police. ¶ The Guardia Civil said it had "
        "closed roads. A spokesman for the force said officers suspected arson."
    ),
    off=False,
)
def body_called_so(head: str, entity: Entity) -> bool:
    """Rule "club-or-force": "the force" is a police force named before ("the
    Guardia Civil", "Lagos police"), and "the club" a sports club ("Harrowgate
    Rovers"), though neither name holds the noun. A force is a body or group
    whose name or noun is a police word; a club is a named organisation whose
    name ends in a word clubs are named with ("Rovers", "Athletic", "FC")."""
    kind = _BODY_NOUNS.get(head)
    if kind is None or entity.kind == "person" or entity.outlet is not None:
        return False
    words = {w.lower() for n in entity.names for w in n.split()}
    if kind == "police":
        return bool((words | entity.heads) & _POLICE_NAME_WORDS)
    ends = {n.split()[-1].lower() for n in entity.names}
    return bool(ends & CLUB_NAME_ENDS)


# Last words of sports clubs' names.
CLUB_NAME_ENDS = word_set(
    """fc afc cf sc athletic athletico atletico rovers wanderers albion united city
    town county hotspur rangers celtic"""
)


def short_form_of(key: Sequence[str], names: Sequence[Sequence[str]]) -> bool:
    """Whether an organisation's name and one of a body's names are short and
    long forms of one name: one begins the other ("Meridian", "Meridian Lines"),
    and rule "body-of-a-body" tells it from none of the body's names."""
    matched = [n for n in names if prefix_match(key, n)]
    return bool(matched) and not any(_body_of_a_body(key, n) for n in matched)


# Nouns that make a name that begins with another body's name a body of its own.
_OWN_BODY_NOUNS = ORG_NOUNS | word_set("trust fund society")


@rule(
    "body-of-a-body",
    stage="speakers",
    example=(
        "Harrowgate Rovers said the fans would be banned. Ian Pell, chairman of the "
        "Harrowgate Rovers Supporters' Trust, said the trust condemned the violence."
    ),
    off=False,
)
def _body_of_a_body(a: Sequence[str], b: Sequence[str]) -> bool:
    """Rule "body-of-a-body": a name that is another body's full name followed
    by a body's noun names a body of its own: "Harrowgate Rovers Supporters'
    Trust" is not "Harrowgate Rovers", nor "Ontario Health Workers Union"
    "Ontario Health". A one-word name is a short form ("Helios" of "Helios
    Institute") unless two words or more come between it and the body's noun
    ("Kirkstall" is not "Kirkstall Athletic Supporters' Trust")."""
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    extra = longer[len(shorter) :]
    nouns = [i for i, w in enumerate(extra) if w in _OWN_BODY_NOUNS]
    if not nouns:
        return False
    return len(shorter) >= 2 or nouns[0] >= 2
