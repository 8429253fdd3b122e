"""Who is speaking: reading speaker phrases and resolving them within an article.

`describe` reads a noun phrase ("his Norwegian lawyer, Brynjulf Risnes", "Gulagu.net
founder", "the newspaper", "he") into a `Mention`: its proper name, description,
role and pronoun. `Registry` keeps the article's entities (people, organisations,
outlets, groups such as "police") with every mention in reading order, and resolves
a new mention to an entity: names by surname, pronouns and descriptions ("the
outlet", "the founder", "the human rights group") by rules over the mentions that
precede them. There is no coreference model; the rules favour the most recent,
most prominent compatible entity (a speaker over a subject over any mention).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from .cues import (
    AGE_EPITHET,
    DOCUMENT_NOUNS,
    EPITHET_NOUNS,
    FEMININE,
    FEMININE_NOUNS,
    GENERIC_ORG_NOUNS,
    GROUP_NOUNS,
    INTERVIEW_NOUNS,
    MASCULINE,
    MASCULINE_NOUNS,
    MEDIA_NOUNS,
    NEUTER,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    PERSON_PRONOUNS,
    PLURAL_PRONOUNS,
    ROLE_NOUNS,
    SPEAKER_PRONOUNS,
    TITLES,
    word_set,
)
from .gazetteer import OutletEntry, OutletMention, looks_like_website, normalize_name
from .rules import rule

_DETERMINERS = word_set("the a an this that these those his her its their our my")
_DEFINITE = word_set("the this that these those")
_POSSESSIVE = word_set("his her their its")
_AFFILIATION_PREPOSITIONS = word_set("of for at from with in to")
# The nouns a description may use for an outlet of each gazetteer kind.
_KIND_HEADS: dict[str, frozenset[str]] = {
    "ngo": word_set(
        "group organisation organization charity ngo watchdog monitor campaign"
    ),
    "other": word_set("group organisation organization body"),
}
for _noun, _kinds in MEDIA_NOUNS.items():
    for _kind in _kinds:
        _KIND_HEADS[_kind] = _KIND_HEADS.get(_kind, frozenset()) | {_noun}

# Nouns for what an outlet owns or is: "its Today programme", "the news agency".
_OWNED_NOUNS = (
    frozenset(MEDIA_NOUNS)
    | INTERVIEW_NOUNS
    | word_set("service edition radio television tv")
)
# Endings of nouns for people by occupation ("epidemiologist", "librarian").
_PERSON_SUFFIXES = ("ist", "ian", "man", "woman", "person")
# Collective names for a country's or region's press ("Ukrainian media").
_PRESS_NOUNS = word_set("media medium press outlets")

# Who speaks for a person without a name of their own: "her family said".
_KIN_NOUNS = word_set(
    """family relatives parents children widow widower son daughter wife husband
    mother father brother sister spokesperson spokesman spokeswoman rep
    representative representatives publicist agent"""
)

# Abbreviated titles and the role each stands for.
_TITLE_ROLES = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "col": "colonel",
    "lt": "lieutenant",
    "capt": "captain",
    "sgt": "sergeant",
    "prof": "professor",
    "dr": "doctor",
    "supt": "superintendent",
    "insp": "inspector",
    "det": "detective",
    "cllr": "councillor",
    "adm": "admiral",
    "cmdr": "commander",
}
_MALE_TITLES = word_set("mr mr. sir lord king prince father")
_COURTESY_TITLES = word_set(
    "mr mrs ms miss dr prof sir dame comrade cllr shri sri smt shrimati kumari"
)
_FEMALE_TITLES = word_set(
    "mrs mrs. ms ms. miss dame lady queen princess smt shrimati kumari"
)

# Units back that a bare surname may name a role-only speaker.
_UNNAMED_WINDOW = 8

# How prominent a mention is; pronouns and descriptions prefer prominent antecedents.
SPEAKER, RELAY, SUBJECT, OTHER = 3, 3, 2, 1


@dataclass(frozen=True)
class Mention:
    """What a speaker phrase says about its referent.

    `name` is a proper name with titles removed; `description` the rest of the
    phrase without determiners ("Russian human rights group", "Gulagu.net founder");
    `head` the lemma of its head noun; `affiliation` a body the referent belongs to;
    `pronoun` the lower-cased pronoun when the phrase is one.
    """

    text: str
    start: int
    end: int
    name: str = ""
    description: str = ""
    head: str = ""
    modifiers: tuple[str, ...] = ()
    determiner: str = ""
    affiliation: str = ""
    pronoun: str = ""
    outlet: OutletEntry | None = None
    name_label: str = ""
    title: str = ""
    role: str = ""
    singular: bool = False
    plural: bool = False

    @property
    def is_empty(self) -> bool:
        return not (self.name or self.description or self.pronoun or self.outlet)


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


def _is_name_token(token: Token) -> bool:
    if looks_like_website(token.text):
        return True
    if token.ent_type_ in ("DATE", "TIME"):
        return False  # "a study published Wednesday"
    if token.tag_ in ("NNP", "NNPS") or token.pos_ == "PROPN":
        return token.text[:1].isupper() or token.text[:1].isdigit()
    # Initials ("J."), hyphenated and foreign name parts the tagger misses, and a
    # capitalised first word of an organisation's name ("the Small Exporters'").
    if not (
        token.text[:1].isupper()
        and token.pos_ in ("X", "NOUN", "ADJ", "VERB")
        and token.lower_ not in ROLE_NOUNS
        and token.lower_ not in GROUP_NOUNS
        and not token.is_sent_start
        and token.i > 0
    ):
        return False
    if token.nbor(-1).pos_ == "PROPN":
        return True
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return (
        token.nbor(-1).lower_ == "the"
        and token.ent_type_ not in ("NORP", "GPE", "LOC")
        and following is not None
        and following.pos_ == "PROPN"
        and following.text[:1].isupper()
    )


_NAME_CONNECTORS = word_set(
    "of for and the de du da von van der den ter del della di dos das al bin el la le"
)
_TITLE_WORDS = frozenset(t.rstrip(".") for t in TITLES)


def _connector_length(tokens: Sequence[Token], k: int) -> int:
    """How many tokens at k join two parts of one name, or 0.

    Joins are a hyphen or apostrophe written without spaces ("Delgado-Ames",
    "Workers' Federation") and small words between capitalised parts ("Bank of
    England", "Office for the Coordination of ...").
    """
    token = tokens[k]
    if (
        (token.like_num or token.text in ("&", "/"))
        and k > 0
        and k + 1 < len(tokens)
        and _is_name_token(tokens[k - 1])
        and _is_name_token(tokens[k + 1])
    ):
        return 1  # "Channel 5 News", "Hollis & Crane", "Cal/OSHA"
    if (
        token.lower_ in ("'s", "’s")
        and k > 0
        and not tokens[k - 1].whitespace_
        and k + 1 < len(tokens)
        and _is_name_token(tokens[k + 1])
    ):
        return 1  # "Georgia's Prosecutor's Office"
    if token.text in ("-", "'", "’") and k > 0:
        glued = not tokens[k - 1].whitespace_
        nxt = k + 1 < len(tokens) and _is_name_token(tokens[k + 1])
        if token.text == "-" and glued and not token.whitespace_ and nxt:
            return 1
        if token.text != "-" and glued and tokens[k - 1].lower_.endswith("s") and nxt:
            return 1
        return 0
    n = 0
    while k + n < len(tokens) and n < 2 and tokens[k + n].lower_ in _NAME_CONNECTORS:
        n += 1
    if (
        n == 1
        and k + 2 < len(tokens)
        and tokens[k + 1].text == "-"
        and not token.whitespace_
        and not tokens[k + 1].whitespace_
    ):
        n = 2  # "Khalid al-Mansouri", "Abdel el-Sayed"
    if n and k + n < len(tokens) and _is_name_token(tokens[k + n]):
        return n
    return 0


def _particle_starts_name(tokens: Sequence[Token], k: int) -> bool:
    """A lower-case particle glued to a name by a hyphen: "al-Mansouri"."""
    return (
        tokens[k].lower_ in _NAME_CONNECTORS
        and k + 2 < len(tokens)
        and tokens[k + 1].text == "-"
        and not tokens[k].whitespace_
        and not tokens[k + 1].whitespace_
        and _is_name_token(tokens[k + 2])
    )


def _name_chains(tokens: Sequence[Token]) -> list[tuple[int, int]]:
    """Maximal runs of name tokens, joined by connectors ("Bank of England")."""
    chains: list[tuple[int, int]] = []
    k = 0
    while k < len(tokens):
        if not _is_name_token(tokens[k]) and not _particle_starts_name(tokens, k):
            k += 1
            continue
        start = k
        while k < len(tokens):
            if _is_name_token(tokens[k]):
                k += 1
                continue
            joined = _connector_length(tokens, k)
            if not joined:
                break
            k += joined
        chains.append((start, k))
    return chains


def _clean(tokens: Sequence[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip(" ,;:")


def _strip_determiners(tokens: list[Token]) -> tuple[list[Token], str]:
    """Drop leading determiners and possessive pronouns ("the", "his").

    A possessor with a name stays: it says whose body is meant ("Ukraine's air
    force", "the senator's office").
    """
    det = ""
    while tokens and (
        tokens[0].lower_ in _DETERMINERS
        or (tokens[0].dep_ == "poss" and tokens[0].pos_ == "PRON")
    ):
        det = det or tokens[0].lower_
        tokens = tokens[1:]
    return tokens, det


def describe(
    doc: Doc, start: int, end: int, outlets: Sequence[OutletMention] = ()
) -> Mention:
    """Read tokens [start, end) of `doc` as a speaker phrase, in these steps:

    1. `_phrase_tokens`: the phrase's words, without parentheses, quoted words,
       a relative clause or edge punctuation ("But a source close to X");
    2. a lone pronoun, or `_outlet_mention`: a known outlet, or a description
       of one ("the Qatari broadcaster Al Jazeera");
    3. `_segments`, `_read_segments`: the name, title, descriptions and
       affiliation its comma-separated parts give ("Its Director-General, Mr
       Obinna Chukwuemeka");
    4. `_mention_of`: the mention, with the head noun, modifiers and role of
       its first description.
    """
    tokens, relative = _phrase_tokens(doc, start, end)
    if not tokens:
        return Mention("", start, end)
    text = _clean(tokens)
    if len(tokens) == 1 and tokens[0].lower_ in SPEAKER_PRONOUNS:
        return Mention(text, tokens[0].i, tokens[0].i + 1, pronoun=tokens[0].lower_)
    found = _outlet_mention(tokens, text, outlets)
    if found is not None:
        return found
    parts = _read_segments(_segments(tokens))
    return _mention_of(tokens, text, parts, relative)


def _phrase_tokens(doc: Doc, start: int, end: int) -> tuple[list[Token], list[Token]]:
    """The words of a speaker phrase, and the relative clause cut from it."""
    tokens = _without_quoted(
        _without_parentheses([t for t in doc[start:end] if not t.is_space])
    )
    tokens, relative = _without_relative(tokens)
    tokens = _without_base(tokens)
    while tokens and (tokens[-1].is_punct or _is_possessive(tokens[-1])):
        tokens = tokens[:-1]
    while tokens and (tokens[0].is_punct or tokens[0].pos_ == "CCONJ"):
        tokens = tokens[1:]  # "But a source close to X"
    return tokens, relative


def _without_relative(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The phrase cut before a relative clause or an unclosed parenthesis, which
    say more than who speaks; the cut clause when it is a "who" clause.
    "The mission, led by Kwame Asante, said": the leader is not the speaker."""
    for k, token in enumerate(tokens):
        cut = token.lower_ in ("who", "whose", "which", "including")
        cut = cut and not token.is_upper  # "The WHO said": a name, no clause
        cut = cut or (
            token.tag_ == "VBN"
            and k + 1 < len(tokens)
            and tokens[k + 1].lower_ == "by"
            and tokens[k - 1].text == ","
        )
        if k and (cut or token.text == "("):
            return tokens[:k], tokens[k:] if token.lower_ == "who" else []
    return tokens, []


def _modifiers(tokens: Sequence[Token], head: Token | None) -> tuple[str, ...]:
    """The words before a description's head noun."""
    if head is None:
        return ()
    return tuple(t.lower_ for t in tokens if t.i < head.i and t.is_alpha)


def _outlet_mention(
    tokens: list[Token], text: str, outlets: Sequence[OutletMention]
) -> Mention | None:
    """The phrase as a known outlet: one that covers it, one it ends with after
    a description ("the Qatari broadcaster Al Jazeera"), or one that owns what
    it names ("CNN's Rosa Milner")."""
    first, last = tokens[0].i, tokens[-1].i + 1
    for mention in outlets:
        if mention.start <= first and mention.end >= last:
            entry = mention.entry
            return Mention(text, first, last, name=entry.name, outlet=entry)
        if first <= mention.start and mention.end == last:
            described = _described_outlet(tokens, text, mention)
            if described is not None:
                return described
    owned = _outlet_owning(tokens, outlets)
    if owned is not None:
        return Mention(text, first, last, name=owned.name, outlet=owned)
    return None


def _described_outlet(
    tokens: list[Token], text: str, mention: OutletMention
) -> Mention | None:
    """An outlet named after a description with no role or name in it: "the
    Qatari broadcaster Al Jazeera" is Al Jazeera, described as a broadcaster."""
    inner = [t for t in tokens if t.i < mention.start]
    inner, _ = _strip_determiners(inner)
    if any(_is_role_word(t) or t.pos_ == "PROPN" for t in inner):
        return None
    head_token = _head_noun(inner)
    return Mention(
        text,
        tokens[0].i,
        tokens[-1].i + 1,
        name=mention.entry.name,
        outlet=mention.entry,
        description=_clean(inner),
        head=head_token.lemma_.lower() if head_token is not None else "",
        modifiers=_modifiers(inner, head_token),
    )


def _segments(tokens: list[Token]) -> list[list[Token]]:
    """The phrase's comma-, semicolon- and dash-separated parts, the one naming
    a person first, so that a capitalised role before it is read as a
    description: "Its Director-General, Mr Obinna Chukwuemeka"."""
    segments: list[list[Token]] = [[]]
    for token in tokens:
        if token.text in (",", ";", "—", "–"):
            segments.append([])
        else:
            segments[-1].append(token)
    return sorted([s for s in segments if s], key=lambda seg: not _names_person(seg))


@dataclass
class _Parts:
    """What the segments of a speaker phrase give: the name, a title taken off
    it, the descriptions, and the body the speaker belongs to."""

    name_tokens: list[Token] = field(default_factory=list)
    title: str = ""
    desc_parts: list[list[Token]] = field(default_factory=list)
    affiliation: str = ""


def _read_segments(segments: list[list[Token]]) -> _Parts:
    """The name (from the first segment that holds one) and the descriptions."""
    parts = _Parts()
    for seg in segments:
        picked, affiliation = _pick_name(seg)
        parts.affiliation = parts.affiliation or affiliation
        if picked is None or parts.name_tokens:
            parts.desc_parts.append(seg)
        else:
            _take_name(seg, picked, parts)
    return parts


def _pick_name(seg: list[Token]) -> tuple[tuple[int, int] | None, str]:
    """The name chain a segment names its speaker by, a person's first
    ("Leader of the Opposition in the Council Prakash Desai" names Desai, not
    the office), and the body a chain after "of" or "at" names."""
    affiliation = ""
    chains = sorted(_name_chains(seg), key=lambda ab: not _ends_in_person(seg, *ab))
    for a, b in chains:
        before = seg[a - 1] if a > 0 else None
        if before is not None and before.lower_ == "the" and a > 1:
            before = seg[a - 2]  # "an official of the Rural Works Department"
        after = seg[b] if b < len(seg) else None
        person = _ends_in_person(seg, a, b)
        if (
            not person
            and before is not None
            and before.lower_ in _AFFILIATION_PREPOSITIONS
        ):
            affiliation = affiliation or _clean(seg[a:b])
            continue
        if _body_named_before(seg, a, b, after):
            return (a, b + 1), affiliation  # "the Alliance for Georgia party"
        if after is not None and _modifies_a_noun(seg, b, after):
            continue  # a name modifying a noun: "Kremlin spokesman"
        return (a, b), affiliation
    return None, affiliation


def _body_named_before(seg: list[Token], a: int, b: int, after: Token | None) -> bool:
    """Whether a chain of two or more names ends the segment before an
    organisation noun that belongs to the name: "the Alliance for Georgia party"."""
    return (
        after is not None
        and after.lemma_.lower() in ORG_NOUNS
        and after.lower_ not in ROLE_NOUNS
        and b + 1 == len(seg)
        and len(seg[a:b]) > 1
    )


def _modifies_a_noun(seg: list[Token], b: int, after: Token) -> bool:
    """Whether the word after a name chain makes the chain a modifier: "Kremlin
    spokesman", "Reuters' reporter", "Tesla-backed"."""
    return (
        _is_possessive(after)
        or after.pos_ in ("NOUN", "ADJ", "NUM")
        or after.lower_ in ROLE_NOUNS
        or after.lower_ in MEDIA_NOUNS
        or (after.text == "-" and not seg[b - 1].whitespace_)
    )


def _take_name(seg: list[Token], picked: tuple[int, int], parts: _Parts) -> None:
    """Take a segment's picked chain as the name: its titles come off ("Mr",
    "Dr"), a chain of roles only is a description ("Commissioner for
    Finance"), and capitalised roles before a tagged person go to the
    description ("Bouncer Darren Cole")."""
    a, b = picked
    chain, prefix = _without_titles(seg[a:b], seg[:a], parts)
    connector = chain and chain[0].lower_ in _NAME_CONNECTORS
    if chain and (
        (connector and not _particle_starts_name(chain, 0)) or _only_roles(chain)
    ):
        parts.title = ""
        parts.desc_parts.append(seg)
        return
    person_at = _person_start(chain) or _name_after_role(chain)
    if person_at:
        # "Vice Chancellor and Economy Minister Jonas Pfeiffer".
        prefix = [*prefix, *chain[:person_at]]
        chain = chain[person_at:]
    if chain:
        parts.name_tokens = chain
        if prefix:
            parts.desc_parts.append(prefix)
    else:
        parts.desc_parts.append(seg)


def _without_titles(
    chain: list[Token], prefix: list[Token], parts: _Parts
) -> tuple[list[Token], list[Token]]:
    """The chain without its leading titles, and the prefix with the titles
    that are roles ("Minister", not "Mr"); the first title is noted. Titles
    that own the name stay ("the Chief Minister's Office"), as does the first
    word of a body's name ("the Justice Department")."""
    possessive = next((k for k, t in enumerate(chain) if _is_possessive(t)), None)
    titled = possessive is not None and all(
        t.lower_.rstrip(".") in _TITLE_WORDS for t in chain[:possessive]
    )
    body = chain[-1].lower_ in ORG_NAME_WORDS and not any(
        t.ent_type_ == "PERSON" for t in chain
    )
    if titled or body:
        return chain, prefix
    while chain and chain[0].lower_.rstrip(".") in _TITLE_WORDS:
        parts.title = parts.title or chain[0].text
        if chain[0].lower_.rstrip(".") not in _COURTESY_TITLES:
            prefix = [*prefix, chain[0]]
        chain = chain[1:]
    return chain, prefix


def _first_description(desc_parts: list[list[Token]]) -> tuple[list[Token], str]:
    """The first description in the phrase's order, and the first determiner."""
    description_tokens: list[Token] = []
    determiner = ""
    for part in sorted(desc_parts, key=lambda p: p[0].i):
        part, det = _strip_determiners(list(part))
        determiner = determiner or det
        if part:
            if description_tokens:
                break  # keep the first description only
            description_tokens = part
    return description_tokens, determiner


def _affiliation_before_head(tokens: list[Token], head: Token | None) -> str:
    """A name right before a description's head noun: "Gulagu.net founder",
    "Kremlin spokesman"."""
    if head is None:
        return ""
    before_head = [t for t in tokens if t.i < head.i]
    names_before = [
        t
        for t in before_head
        if _is_name_token(t)
        and t.lower_ not in ROLE_NOUNS
        and t.lower_.rstrip(".") not in _TITLE_WORDS
    ]
    if names_before and names_before == before_head[-len(names_before) :]:
        return _clean(names_before)
    return ""


def _full_description(
    tokens: list[Token], named: bool, head: str, relative: list[Token]
) -> str:
    """The description as the speaker's label when no name is given, without
    its article, as CONVENTIONS.md writes descriptions ("Gulagu.net founder",
    "person close to the board"): "a senior police officer" is "senior police
    officer", and "a woman who lives in the building" keeps its short relative
    clause ("woman who lives in the building")."""
    description = _clean(tokens)
    if (
        relative
        and description
        and not named
        and (head in PERSON_NOUNS or head in GROUP_NOUNS)
        and len(relative) <= 8
        and not any(t.is_punct for t in relative)
    ):
        description = f"{description} {_clean(relative)}"
    return description


def _mention_of(
    tokens: list[Token], text: str, parts: _Parts, relative: list[Token]
) -> Mention:
    """The mention a phrase's parts make."""
    description_tokens, determiner = _first_description(parts.desc_parts)
    if not parts.name_tokens:
        _, determiner = _strip_determiners(list(tokens))
    head_token = _head_noun(description_tokens)
    head = head_token.lemma_.lower() if head_token is not None else ""
    if head_token is not None and head_token.lower_ in GROUP_NOUNS:
        head = head_token.lower_
    affiliation = parts.affiliation or _affiliation_before_head(
        description_tokens, head_token
    )
    named = bool(parts.name_tokens)
    labels = {t.ent_type_ for t in parts.name_tokens if t.ent_type_}
    return Mention(
        text=text,
        start=tokens[0].i,
        end=tokens[-1].i + 1,
        name=_clean(parts.name_tokens),
        description=_full_description(description_tokens, named, head, relative),
        head=head,
        modifiers=_modifiers(description_tokens, head_token),
        determiner=determiner,
        affiliation=affiliation,
        name_label=labels.pop() if len(labels) == 1 else "",
        title=parts.title,
        role=_role(description_tokens, head_token, affiliation),
        singular=head_token is not None and head_token.tag_ == "NN",
        plural=head_token is not None and head_token.tag_ in ("NNS", "NNPS"),
    )


def _without_parentheses(tokens: list[Token]) -> list[Token]:
    """The phrase without closed parentheses: "Mahesh Raval (CID Crime)"."""
    kept: list[Token] = []
    depth = 0
    for k, token in enumerate(tokens):
        if token.text == "(" and any(t.text == ")" for t in tokens[k + 1 :]):
            depth += 1
        elif token.text == ")" and depth:
            depth -= 1
        elif not depth:
            kept.append(token)
    return kept


def _without_base(tokens: list[Token]) -> list[Token]:
    """ "the Cambridge, Mass.-based biotech" as "the biotech": the place a body is
    based in, between "the" and its noun, is not its name."""
    if not tokens or tokens[0].lower_ != "the":
        return tokens
    for k, token in enumerate(tokens):
        based = token.lower_.endswith("-based") or (
            token.lower_ == "based" and tokens[k - 1].text == "-"
        )
        if based:
            between = tokens[1:k]
            if all(t.pos_ == "PROPN" or t.is_punct for t in between):
                return [tokens[0], *tokens[k + 1 :]]
            return tokens
    return tokens


def _without_quoted(tokens: list[Token]) -> list[Token]:
    """The phrase without a title in double quotation marks: 'His "Iron Sky"
    co-star Ann Lee', 'the studio behind "Iron Sky,"' (cut inside the title)."""
    kept: list[Token] = []
    opened: int | None = None
    for k, token in enumerate(tokens):
        text = token.text
        closes = text == "”" or (text == '"' and opened is not None)
        if opened is not None:
            if closes:
                opened = None
            continue
        if text in ('"', "“") and k > 0:
            opened = k
            continue
        if text not in ('"', "“", "”"):
            kept.append(token)
    return kept


def _ends_in_person(segment: Sequence[Token], a: int, b: int) -> bool:
    """Whether a name chain ends in a person's name of two words or more, after
    nothing but capitalised titles ("Leader of the Opposition in the Council
    Prakash Desai"; not "farmers in Peru's Cordillera Blanca")."""
    if b - a < 2 or not all(t.ent_type_ == "PERSON" for t in segment[b - 2 : b]):
        return False
    return all(
        t.pos_ in ("PROPN", "ADP", "DET", "PUNCT")
        or (t.lower_ in ROLE_NOUNS and t.text[:1].isupper())
        for t in segment[:a]
    )


def _names_person(segment: Sequence[Token]) -> bool:
    """Whether a comma-separated part of a phrase holds a person's name: a tagged
    person, or a courtesy title before a name ("Mr Obinna Chukwuemeka")."""
    for k, token in enumerate(segment):
        if token.ent_type_ == "PERSON" and token.lower_ not in ROLE_NOUNS:
            return True
        if (
            token.lower_.rstrip(".") in _COURTESY_TITLES
            and k + 1 < len(segment)
            and _is_name_token(segment[k + 1])
        ):
            return True
    return False


def _only_roles(chain: Sequence[Token]) -> bool:
    """A capitalised chain made of role words only ("Director-General", "Chairman")."""
    words = [t.lower_.rstrip(".") for t in chain if t.is_alpha]
    return bool(words) and all(w in ROLE_NOUNS or w in _TITLE_WORDS for w in words)


@rule(
    "name-after-role",
    stage="speakers",
    example="Pithoragarh District Magistrate Anjali Rawat told PTI the road was gone.",
    off=0,
)
def _name_after_role(chain: Sequence[Token]) -> int:
    """Rule "name-after-role": where a person's name begins after the role the
    entity tagger took into it. "Pithoragarh District Magistrate Anjali Rawat"
    (tagged as one name) is Anjali Rawat, the Pithoragarh District Magistrate;
    "Bihar Rural Works Minister Dr Awadhesh Prasad Mandal" is Awadhesh Prasad
    Mandal. The name is what follows the chain's last role or title word, and
    must be two or more capitalised words with no role, title or body word
    among them, so "Julie Bishop" and "the Justice Department" stay whole."""
    last = None
    for k, token in enumerate(chain):
        word = token.lower_.rstrip(".")
        if word in ROLE_NOUNS or word in _TITLE_WORDS:
            last = k
    if last is None:
        return 0
    rest = chain[last + 1 :]
    if len(rest) < 2 or rest[-1].lower_ in ORG_NAME_WORDS:
        return 0
    if not all(t.is_title and t.pos_ == "PROPN" for t in rest):
        return 0
    return last + 1


def _person_start(chain: Sequence[Token]) -> int:
    """Where the person's name a chain ends with begins, if words come before it.

    The name must be a tagged person of at least two words ("Darren Cole"), so a
    first name the tagger leaves out is not mistaken for a title.
    """
    for k in range(1, len(chain) - 1):
        rest = chain[k:]
        # Not where one tagged person follows another: "Harendra | Narayan Singh".
        after_person = chain[k - 1].ent_type_ == "PERSON"
        starts = rest[0].ent_iob_ == "B" and not after_person
        if starts and all(t.ent_type_ == "PERSON" for t in rest):
            return k
    return 0


def _outlet_owning(
    tokens: Sequence[Token], outlets: Sequence[OutletMention]
) -> OutletEntry | None:
    """The one outlet a phrase names through a programme or medium it owns.

    "the BBC World Service's Health Check programme", "Russia's RIA news agency":
    the phrase ends in a media or programme noun after the outlet's name.
    """
    first, last = tokens[0].i, tokens[-1].i + 1
    inside = [m for m in outlets if first <= m.start and m.end <= last]
    if len(inside) != 1 or any(t.ent_type_ == "PERSON" for t in tokens):
        return None
    after = [t for t in tokens if t.i >= inside[0].end]
    for k, token in enumerate(after):
        if token.pos_ == "ADP" or token.text == ",":
            after = after[:k]  # "... programme on Tuesday"
            break
    if not after or after[-1].lemma_.lower() not in _OWNED_NOUNS:
        return None
    if any(t.lower_ in ROLE_NOUNS for t in after):
        return None
    return inside[0].entry


def _head_noun(tokens: Sequence[Token]) -> Token | None:
    """The head noun of a description: the last noun before any preposition."""
    head: Token | None = None
    for token in tokens:
        if token.pos_ == "ADP" or token.lower_ in _AFFILIATION_PREPOSITIONS:
            if head is not None:
                break
            continue
        if (
            token.pos_ in ("NOUN", "PROPN")
            or token.lower_ in ROLE_NOUNS
            or token.lower_ in MEDIA_NOUNS
        ):
            head = token
    return head


def _role(tokens: Sequence[Token], head: Token | None, affiliation: str) -> str:
    """A short role ("lawyer", "founder of Gulagu.net") from a description."""
    if head is None:
        return ""
    if head.lower_ not in ROLE_NOUNS and head.lemma_.lower() not in ROLE_NOUNS:
        if head.lemma_.lower() in ORG_NOUNS:
            words = [
                t.text
                for t in tokens
                if t.i <= head.i and t.pos_ in ("NOUN", "ADJ") and t.ent_type_ != "NORP"
            ]
            return " ".join(words)
        return ""
    words = [
        t.text
        for t in tokens
        if t.i <= head.i and (t.i == head.i or (t.pos_ == "NOUN" and t.i == head.i - 1))
    ]
    role = " ".join(words)
    after = [t for t in tokens if t.i > head.i]
    if after and after[0].lower_ in _AFFILIATION_PREPOSITIONS and len(after) <= 6:
        return f"{role} {_clean(after)}"
    if affiliation:
        return f"{role} of {affiliation}"
    return role


@dataclass
class _Record:
    position: int
    unit: int
    entity: Entity
    weight: int


class Registry:
    """The entities of one article and their mentions in reading order."""

    def __init__(
        self,
        person_surnames: Iterable[str] = (),
        depth: Callable[[int], int] | None = None,
    ) -> None:
        self.entities: list[Entity] = []
        self.records: list[_Record] = []
        self.person_surnames = {s.lower() for s in person_surnames}
        self._first_names: dict[str, set[str]] = {}
        # How deep the mention at a token sits in its sentence's parse: of two
        # equally prominent mentions, the shallower one is what the sentence is
        # about ("lawmaker Joseph Kalonga, who represents Chikwawa").
        self._depth = depth or (lambda position: 0)

    # -- bookkeeping -------------------------------------------------------
    def note(self, entity: Entity, position: int, unit: int, weight: int) -> None:
        """Record a mention of `entity` at token `position` of unit `unit`."""
        self.records.append(_Record(position, unit, entity, weight))

    def _new(self, kind: str, **kwargs: object) -> Entity:
        entity = Entity(id=len(self.entities), kind=kind, **kwargs)  # type: ignore[arg-type]
        self.entities.append(entity)
        return entity

    def outlet_entity(self, entry: OutletEntry) -> Entity:
        """The entity for a gazetteer outlet (one per outlet)."""
        for entity in self.entities:
            if entity.outlet is not None and entity.outlet.name == entry.name:
                return entity
        return self._new("outlet", outlet=entry, publisher=True)

    # -- resolution --------------------------------------------------------
    def resolve(
        self,
        mention: Mention,
        position: int,
        unit: int,
        *,
        exclude: Iterable[Entity] = (),
        speaker: bool = True,
    ) -> Resolution | None:
        """The entity `mention` refers to, creating one for a new name.

        `exclude` lists entities the mention cannot be (the speaker, when resolving
        whom the speaker told). With `speaker` False, description-only phrases that
        match nothing earlier do not create entities.
        """
        excluded = {e.id for e in exclude}
        if mention.outlet is not None:
            entity = self.outlet_entity(mention.outlet)
            self._enrich(entity, mention)
            return Resolution(entity, "outlet")
        if mention.pronoun:
            antecedent = self._antecedent(mention.pronoun, position, unit, excluded)
            return Resolution(antecedent, "pronoun") if antecedent else None
        if mention.name and speaker and _is_age_or_nationality(mention):
            found = self._epithet_antecedent(mention, position, unit, excluded)
            if found is not None:
                return Resolution(found, "description")
        if mention.name:
            mention = _person_of_body(mention)
            return self._by_name(mention, position, unit, speaker)
        if mention.description:
            return self._by_description(mention, position, unit, excluded, speaker)
        return None

    def _kind_of_name(self, mention: Mention) -> str:
        name = mention.name
        words = name.lower().replace(".", " ").split()
        if looks_like_website(name) or mention.head in MEDIA_NOUNS:
            return "org"
        if any(w in ORG_NAME_WORDS for w in words):
            return "org"
        if mention.head in ORG_NOUNS and mention.head not in ROLE_NOUNS:
            return "org"  # "home company Nestwise": the noun says what it is
        person_evidence = (
            mention.title
            or mention.head in ROLE_NOUNS
            or mention.name_label == "PERSON"
            or (words and words[-1] in self.person_surnames)
            or (len(words) == 1 and self.knows_name(name))
        )
        if person_evidence:
            return "person"
        if mention.name_label in ("ORG", "NORP", "GPE", "FAC", "LOC"):
            return "org"
        return "person"

    def _by_name(
        self, mention: Mention, position: int, unit: int, speaker: bool
    ) -> Resolution:
        kind = self._kind_of_name(mention)
        name = mention.name
        if kind == "org":
            key = normalize_name(name).split()
            for entity in self.entities:
                if entity.kind == "org" and any(
                    _prefix_match(key, normalize_name(n).split()) for n in entity.names
                ):
                    self._add_name(entity, name)
                    self._enrich(entity, mention)
                    return Resolution(entity, "name")
            # A name described as a medium ("the Marathi daily Lokvani") publishes.
            publisher = looks_like_website(name) or mention.head in MEDIA_NOUNS
            entity = self._new("org", names=[name], publisher=publisher)
            self._enrich(entity, mention)
            return Resolution(entity, "name")
        parts = name.split()
        surname = parts[-1].lower()
        if len(parts) == 1 and mention.title.lower() in ("sir", "dame"):
            # "Sir Geoffrey added": a knight goes by his first name.
            knight = [
                e
                for e in self.entities
                if e.kind == "person"
                and any(n.split()[0].lower() == surname for n in e.names)
            ]
            if knight:
                entity = self._latest(knight, position)
                self._enrich(entity, mention)
                return Resolution(entity, "name")
        candidates = [
            e
            for e in self.entities
            if e.kind == "person"
            and any(n.split()[-1].lower() == surname for n in e.names)
            and _compatible_names(name, e.names)
        ]
        if candidates:
            entity = self._latest(candidates, position)
            self._add_name(entity, name)
            self._enrich(entity, mention)
            return Resolution(entity, "name")
        bare = len(parts) == 1 and not mention.description and not mention.role
        if bare and speaker and mention.name_label in ("PERSON", ""):
            anonymous = self._unnamed_speaker(unit)
            if anonymous is not None:
                self._add_name(anonymous, name)
                self._enrich(anonymous, mention)
                return Resolution(anonymous, "merged")
        entity = self._new("person", names=[name])
        self._enrich(entity, mention)
        return Resolution(entity, "name")

    def _unnamed_speaker(self, unit: int) -> Entity | None:
        """A person so far known only by a role, who spoke recently.

        Articles often introduce someone by role ("the group's founder told ...")
        and later use a bare surname never introduced otherwise; that surname is
        taken to name the role. Only a definite role counts ("the founder", "his
        lawyer"); "a source" or "an official" stays unnamed on purpose.
        """
        for record in reversed(self.records):
            if unit - record.unit > _UNNAMED_WINDOW:
                break
            entity = record.entity
            if entity.kind == "person" and record.weight >= SPEAKER:
                if entity.names:
                    return None
                indefinite = any(
                    d.split()[0].lower() in ("a", "an", "one")
                    for d in entity.descriptions
                )
                if entity.roles and not indefinite:
                    return entity
        return None

    def knows_name(self, name: str) -> bool:
        """Whether a person with this surname is already known."""
        surname = name.split()[-1].lower()
        return any(
            e.kind == "person"
            and any(n.split()[-1].lower() == surname for n in e.names)
            for e in self.entities
        )

    def name(self, entity: Entity, mention: Mention) -> None:
        """Give an entity known only by a description the name a mention gives."""
        self._add_name(entity, mention.name)
        self._enrich(entity, mention)

    def _add_name(self, entity: Entity, name: str) -> None:
        if name not in entity.names:
            entity.names.append(name)

    def _enrich(self, entity: Entity, mention: Mention) -> None:
        description = mention.description
        new = description and description not in entity.descriptions
        # A person's name says who they are; their descriptions are roles.
        if new and (not mention.name or entity.kind != "person"):
            entity.descriptions.append(description)
        if mention.role and mention.role not in entity.roles:
            entity.roles.append(mention.role)
        if mention.head:
            entity.heads.add(mention.head)
            entity.modifiers.update(mention.modifiers)
        title = mention.title.lower()
        if title in _MALE_TITLES:
            entity.gender = "m"
        elif title in _FEMALE_TITLES:
            entity.gender = "f"
        elif entity.kind == "person" and not entity.gender and not entity.names:
            entity.gender = _noun_gender(mention.head)
        # "Sen. Dale Rourke": a later "the senator" is him.
        office = _TITLE_ROLES.get(title.rstrip("."), title.rstrip("."))
        if office in ROLE_NOUNS:
            entity.heads.add(office)

    def _latest(self, candidates: Sequence[Entity], position: int) -> Entity:
        last_seen = {c.id: -1 for c in candidates}
        for record in self.records:
            if record.entity.id in last_seen and record.position < position:
                last_seen[record.entity.id] = record.position
        return max(candidates, key=lambda e: (last_seen[e.id], -e.id))

    def _antecedent(
        self, pronoun: str, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        if pronoun in PERSON_PRONOUNS:
            gender = "m" if pronoun in MASCULINE else "f" if pronoun in FEMININE else ""

            def fits(e: Entity) -> bool:
                return e.kind == "person" and not (
                    gender and e.gender and e.gender != gender
                )

        elif pronoun in PLURAL_PRONOUNS:

            def fits(e: Entity) -> bool:
                return e.kind in ("group", "org", "outlet")

        elif pronoun in NEUTER:

            def fits(e: Entity) -> bool:
                return e.kind in ("org", "outlet")

        else:
            return None
        found = self._salient(fits, position, unit, excluded)
        if found is None and pronoun in PERSON_PRONOUNS:
            found = self._person_shaped_antecedent(gender, position, unit, excluded)
        if found is not None and pronoun in PERSON_PRONOUNS and not found.gender:
            found.gender = "m" if pronoun in MASCULINE else "f"
        return found

    @rule(
        "person-shaped-name",
        stage="speakers",
        example=(
            "Nadia Saffron told Le Monde that the storm had torn the roof off. ¶ "
            '"I heard the tiles go one by one," she said.'
        ),
        off=None,
    )
    def _person_shaped_antecedent(
        self, gender: str, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "person-shaped-name": a "he" or "she" with no person before it
        is the nearest name shaped like a person's that the entity tagger called
        an organisation: `Nadia Saffron told Le Monde ... "...," she said.`

        The name has two or three capitalised words and none that names a body
        ("Group", "Council"); the entity becomes a person from here on.
        """

        def fits(e: Entity) -> bool:
            return (
                e.kind == "org"
                and e.outlet is None
                and not e.publisher
                and not (gender and e.gender and e.gender != gender)
                and any(_person_shaped(name) for name in e.names)
            )

        found = self._salient(fits, position, unit, excluded)
        if found is not None:
            self.make_person(found)
        return found

    def make_person(self, entity: Entity) -> None:
        """Entity state: the entity turns out to be a person."""
        entity.kind = "person"

    def _salient(
        self,
        fits: Callable[[Entity], bool],
        position: int,
        unit: int,
        excluded: set[int],
        window: int = 6,
        same_unit: bool = True,
    ) -> Entity | None:
        """The most prominent fitting entity in the nearest unit that has one.

        In the mention's own unit the nearest preceding mention wins (unless
        `same_unit` is False); in earlier units the most prominent one (speaker,
        then subject), the latest on ties.
        """
        by_unit: dict[int, list[_Record]] = {}
        for record in self.records:
            if record.position >= position or unit - record.unit > window:
                continue
            if record.unit == unit and not same_unit:
                continue
            if record.entity.id in excluded or not fits(record.entity):
                continue
            by_unit.setdefault(record.unit, []).append(record)
        if unit in by_unit:
            return max(by_unit[unit], key=lambda r: r.position).entity
        for earlier in sorted(by_unit, reverse=True):
            return max(
                by_unit[earlier],
                key=lambda r: (r.weight, -self._depth(r.position), r.position),
            ).entity
        return None

    def _by_description(
        self,
        mention: Mention,
        position: int,
        unit: int,
        excluded: set[int],
        speaker: bool,
    ) -> Resolution | None:
        head = mention.head
        definite = mention.determiner in _DEFINITE or mention.determiner in _POSSESSIVE
        if head in MEDIA_NOUNS and (definite or not mention.determiner):
            kinds = MEDIA_NOUNS[head]
            found = self._media_antecedent(kinds, position, unit, excluded)
            if found is not None and head in GENERIC_ORG_NOUNS:
                found = self._body_just_named(found, position, unit, excluded)
            if found is not None:
                return Resolution(found, "description")
        # An age says someone named before is meant, whatever else the phrase
        # says: "the 58-year-old former Treasury official".
        aged = bool(AGE_EPITHET.search(mention.description))
        owned_body = mention.determiner in _POSSESSIVE and head in ORG_NOUNS
        refers_back = mention.determiner in _DEFINITE or owned_body  # "his party"
        found = None
        if head and refers_back and not mention.affiliation and not aged:
            found = self._described(mention, position, unit, excluded)
        epithet = speaker and mention.determiner == "the"
        if found is None and epithet and (aged or not mention.affiliation):
            found = self._epithet_antecedent(mention, position, unit, excluded)
        if found is not None:
            return Resolution(found, "description")
        if head in _PRESS_NOUNS and mention.modifiers and not mention.determiner:
            # "Ukrainian media quoted X as saying": the press as a whole relays.
            entity = self._description_entity(mention)
            entity.publisher = True
            return Resolution(entity, "new")
        if not speaker and not _names_a_body(mention):
            return None
        mention = self._with_named_affiliation(mention, position, unit, excluded)
        mention = self._with_named_possessor(mention, position, unit, excluded)
        return Resolution(self._description_entity(mention), "new")

    def _with_named_possessor(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Mention:
        """ "Her family said" as "Rowena Hale's family": the people or the
        spokesperson of someone named, who speak for them without a name."""
        if mention.determiner not in _POSSESSIVE or mention.head not in _KIN_NOUNS:
            return mention
        pronoun = mention.determiner
        if pronoun == "their":
            pronoun = "they"
        owner = self._antecedent(pronoun, position, unit, excluded)
        if owner is None or not owner.names:
            return mention
        description = f"{_possessive(owner.canonical)} {mention.description}"
        return replace(mention, description=description)

    def _with_named_affiliation(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Mention:
        """ "a spokesperson for the company" as "a spokesperson for Northlink Power":
        the body or person a description belongs to, named where the article
        names it, so that the speaker says whose spokesperson it is."""
        words = mention.description.split()
        for k in range(len(words) - 2, 0, -1):
            if words[k] in ("for", "of", "at") and words[k + 1] == "the":
                tail = words[k + 2 :]
                break
        else:
            return mention
        plain = all(w.isalpha() and w.islower() for w in tail)
        if not plain or not 1 <= len(tail) <= 3:
            return mention
        owner = Mention(
            " ".join(["the", *tail]),
            mention.start,
            mention.end,
            description=" ".join(tail),
            head=tail[-1],
            modifiers=tuple(tail[:-1]),
            determiner="the",
        )
        found = self._described(owner, position, unit, excluded)
        if found is None:
            found = self._epithet_antecedent(owner, position, unit, excluded)
        if found is None or not (found.names or found.outlet):
            return mention
        description = " ".join([*words[: k + 1], found.canonical])
        return replace(mention, description=description)

    def _media_antecedent(
        self, kinds: frozenset[str], position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        def media(e: Entity) -> bool:
            return e.outlet is not None and e.outlet.kind in kinds

        def any_source(e: Entity) -> bool:
            return e.is_source

        for fits in (media, any_source):
            found = self._salient(fits, position, unit, excluded, window=12)
            if found is not None:
                return found
        return None

    @rule(
        "agency-just-named",
        stage="speakers",
        example=(
            'LISBON (EFE) — The concert was halted after someone shouted "Fire!", '
            "according to the Fire Brigade. The agency said its officers found no "
            "trace of a fire."
        ),
        off=None,
    )
    def _agency_just_named(
        self, wire: Entity | None, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """Rule "agency-just-named": "the agency" is a body that spoke more
        recently than the news agency the article names (often only in its
        dateline): `LISBON (EFE) — ..., according to the Fire Brigade. The agency
        said ...` is the Fire Brigade. None when the news agency is as recent.

        The body is named, no outlet, and a speaker in this or the two units
        before; a news agency mentioned after it last spoke keeps "the agency".
        """
        spoke = {
            r.entity.id
            for r in self.records
            if r.weight >= SPEAKER and r.position < position
        }

        def body(e: Entity) -> bool:
            return (
                e.kind == "org"
                and e.outlet is None
                and not e.publisher
                and bool(e.names)
                and e.id in spoke
            )

        found = self._salient(body, position, unit, excluded, window=2)
        if found is None:
            return None
        spoken = self._last_seen(found, position, SPEAKER)
        if wire is not None and self._last_seen(wire, position) >= spoken:
            return None
        return found

    def _body_just_named(
        self, wire: Entity, position: int, unit: int, excluded: set[int]
    ) -> Entity:
        return self._agency_just_named(wire, position, unit, excluded) or wire

    def _last_seen(
        self, entity: Entity, position: int, weight: int = 0
    ) -> tuple[int, int]:
        """The unit and token of the entity's last mention before `position`
        (of at least `weight`)."""
        seen = [
            (r.unit, r.position)
            for r in self.records
            if r.entity.id == entity.id and r.position < position and r.weight >= weight
        ]
        return max(seen, default=(-1, -1))

    def _described(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """An earlier entity a definite description ("the founder") fits."""
        head = mention.head
        wanted = set(mention.modifiers)
        best: tuple[int, bool, int] | None = None
        chosen: Entity | None = None
        last_seen: dict[int, int] = {}
        for record in self.records:
            if record.position < position:
                last_seen[record.entity.id] = record.position
        for entity in self.entities:
            if entity.id in excluded or entity.id not in last_seen:
                continue
            heads = set(entity.heads)
            if entity.kind != "person":
                # "Cascade Pacific Airlines" is what "the airline" refers to.
                last_words = {n.split()[-1].lower() for n in entity.names}
                heads.update(last_words | {w.removesuffix("s") for w in last_words})
            if entity.outlet is not None:
                heads.update(n.split()[-1].lower() for n in entity.outlet.names)
                heads.update(_KIND_HEADS.get(entity.outlet.kind, ()))
            strong = head in heads or any(head in _role_words(r) for r in entity.roles)
            weak = head in GENERIC_ORG_NOUNS and (
                entity.kind == "org"
                or (entity.outlet is not None and not entity.outlet.is_media)
            )
            if not (strong or weak):
                continue
            if head in ROLE_NOUNS and entity.kind not in ("person",):
                continue
            organisation = head in ORG_NOUNS or head in GROUP_NOUNS
            if organisation and head not in ROLE_NOUNS and entity.kind == "person":
                continue  # "the council" is not its leader
            overlap = len(wanted & entity.modifiers)
            # A generic noun ("the company") prefers a body the article names.
            named = bool(entity.names) or entity.outlet is not None
            score = (overlap, named, last_seen[entity.id])
            if best is None or score > best:
                best, chosen = score, entity
        return chosen

    def _epithet_antecedent(
        self, mention: Mention, position: int, unit: int, excluded: set[int]
    ) -> Entity | None:
        """A named person an epithet stands for when nothing else fits it.

        "Tessa Calloway ... The actress spoke about ...", "Ana Ferreira said ...
        the Portuguese said", "the 47-year-old told ...": news writing refers back
        to a named person by what they are, their nationality or their age. The
        person must be named, a prominent mention of an earlier unit, of a fitting
        gender, and, for an occupation, not known by another role.
        """
        head = mention.head
        # "the former teacher": a past role marks someone the story is about.
        former = "former" in mention.modifiers and head in ROLE_NOUNS
        aged = bool(AGE_EPITHET.search(mention.description))  # the age says enough
        occupation = (head in EPITHET_NOUNS or former) and not aged
        if not (occupation or _is_age_or_nationality(mention)):
            return None
        gender = ""
        if head in MASCULINE_NOUNS or head in FEMININE_NOUNS:
            gender = "m" if head in MASCULINE_NOUNS else "f"

        def fits(e: Entity) -> bool:
            if e.kind != "person" or not e.names:
                return False
            if gender and e.gender and e.gender != gender:
                return False
            if not occupation:
                return True
            return not e.roles or any(head in _role_words(r) for r in e.roles)

        found = self._salient(fits, position, unit, excluded, same_unit=False)
        if found is not None and gender and not found.gender:
            found.gender = gender
        return found

    def _description_entity(self, mention: Mention) -> Entity:
        """The entity for a description that names no earlier entity."""
        head = mention.head
        if head in GROUP_NOUNS or (head in ORG_NOUNS and mention.determiner != "a"):
            kind = "group" if head in GROUP_NOUNS else "org"
            places = {m for m in mention.modifiers if m[:1].isalpha()}
            for entity in self.entities:
                same = entity.kind == kind and head in entity.heads
                nested = places <= entity.modifiers or entity.modifiers <= places
                if same and nested and not entity.names:
                    self._enrich(entity, mention)
                    return entity
            entity = self._new(kind)
            self._enrich(entity, mention)
            return entity
        key = normalize_name(mention.description)
        for entity in self.entities:
            described = {normalize_name(d) for d in entity.descriptions}
            if key in described and not entity.names:
                return entity
        person = (head in ROLE_NOUNS | PERSON_NOUNS and not mention.plural) or (
            # "one epidemiologist", "a historian": a singular noun for a person's
            # occupation (not a body, a document or a medium) is a person.
            mention.singular
            and head.endswith(_PERSON_SUFFIXES)
            and head not in ORG_NOUNS | DOCUMENT_NOUNS | _OWNED_NOUNS | _PRESS_NOUNS
        )
        entity = self._new("person" if person else "group")
        self._enrich(entity, mention)
        return entity


def _prefix_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """Whether one name's words begin the other's ("Meridian", "Meridian Lines")."""
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    return list(longer[: len(shorter)]) == list(shorter)


def _compatible_names(name: str, known: Sequence[str]) -> bool:
    """Whether `name` can be the same person as the names in `known`.

    A full name fits a person's full name with the same first name or initial;
    a surname alone fits anyone with the surname. A surname the person was also
    called by does not make a relative's full name fit ("Olof Lindqvist" is not
    "Marta Lindqvist", called "Lindqvist" in between).
    """
    parts = name.lower().split()
    full = [n.lower().split() for n in known if len(n.split()) > 1]
    if len(parts) == 1 or not full:
        return True
    return any(parts[0] == other[0] or parts[0][:1] == other[0][:1] for other in full)


def _names_a_body(mention: Mention) -> bool:
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


def _role_words(role: str) -> list[str]:
    """The words of a role before its affiliation: "rep" in "rep for the actress"."""
    words: list[str] = []
    for word in role.lower().split():
        if word in _AFFILIATION_PREPOSITIONS:
            break
        words.append(word)
    return words


def _is_role_word(token: Token) -> bool:
    """A role noun as a noun: not "official" in "the semi-official news agency"."""
    if token.lower_ not in ROLE_NOUNS or token.pos_ == "ADJ":
        return False
    before = token.nbor(-1) if token.i > 0 else None
    return not (before is not None and before.text == "-" and not before.whitespace_)


def _is_age_or_nationality(mention: Mention) -> bool:
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
def _noun_gender(head: str) -> str:
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
    if not _person_shaped(person) or person.split()[-1].lower() in _COMPANY_ENDS:
        return None
    if not body[:1].isupper():
        return None
    role = mention.role or body
    return replace(
        mention, name=person, affiliation=mention.affiliation or body, role=role
    )


def _person_of_body(mention: Mention) -> Mention:
    return _person_of_body_rule(mention) or mention


def _person_shaped(name: str) -> bool:
    """Whether a name looks like a person's: "Nadia Saffron", not "Acme Foods"."""
    words = name.split()
    if not 2 <= len(words) <= 3:
        return False
    if not all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words):
        return False
    return not any(w.lower() in ORG_NAME_WORDS for w in words)


def _is_possessive(token: Token) -> bool:
    """A possessive ending: "'s", or a bare apostrophe read as one."""
    return token.lower_ in ("'s", "’s") or _bare_apostrophe_possessive(token)


@rule(
    "bare-apostrophe-possessive",
    stage="speakers",
    example="The singer Lukas Andrews' manager, Eva Roth, said the tour would go on.",
    off=False,
)
def _bare_apostrophe_possessive(token: Token) -> bool:
    """The bare apostrophe of a name ending in s ("Andrews' manager") is a
    possessive when the tagger marks it as one, so the possessed is the speaker."""
    return token.text in ("'", "’") and token.tag_ == "POS"


def _possessive(name: str) -> str:
    """ "Rowena Hale's", "James' " (a name ending in s keeps an apostrophe)."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


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
        if child.dep_ == "det" and child.lower_ in _DEFINITE:
            return False
    return True
