"""Reading a speaker phrase into a `Mention`.

`describe` reads a noun phrase ("his Norwegian lawyer, Brynjulf Risnes", "Gulagu.net
founder", "the newspaper", "he") into its proper name, description, head noun,
role, affiliation and pronoun. Nothing here knows the article's other mentions;
resolving a mention to an entity is `speakers.Registry`'s work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from .cues import (
    GROUP_NOUNS,
    INTERVIEW_NOUNS,
    MEDIA_NOUNS,
    ORG_NAME_WORDS,
    ORG_NOUNS,
    PERSON_NOUNS,
    ROLE_NOUNS,
    SPEAKER_PRONOUNS,
    word_set,
)
from .gazetteer import OutletEntry, OutletMention
from .names import (
    NAME_CONNECTORS,
    TITLE_WORDS,
    clean,
    is_name_token,
    is_possessive,
    name_chains,
    particle_starts_name,
)
from .rules import rule

_DETERMINERS = word_set("the a an this that these those his her its their our my")
AFFILIATION_PREPOSITIONS = word_set("of for at from with in to")
# The nouns a description may use for an outlet of each gazetteer kind.
KIND_HEADS: dict[str, frozenset[str]] = {
    "ngo": word_set(
        "group organisation organization charity ngo watchdog monitor campaign"
    ),
    "other": word_set("group organisation organization body"),
}
for _noun, _kinds in MEDIA_NOUNS.items():
    for _kind in _kinds:
        KIND_HEADS[_kind] = KIND_HEADS.get(_kind, frozenset()) | {_noun}

# Nouns for what an outlet owns or is: "its Today programme", "the news agency".
OWNED_NOUNS = (
    frozenset(MEDIA_NOUNS)
    | INTERVIEW_NOUNS
    | word_set("service edition radio television tv")
)
_COURTESY_TITLES = word_set(
    "mr mrs ms miss dr prof sir dame comrade cllr shri sri smt shrimati kumari"
)


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
    text = clean(tokens)
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
    tokens = _without_base(_without_dateline(tokens))
    while tokens and (tokens[-1].is_punct or is_possessive(tokens[-1])):
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
    Qatari broadcaster Al Jazeera" is Al Jazeera, described as a broadcaster, and
    so is "Danish broadcaster TV 2" (a nationality or place the tagger takes for
    a proper noun names no one)."""
    inner = [t for t in tokens if t.i < mention.start]
    inner, _ = _strip_determiners(inner)
    if any(_is_role_word(t) or _names_someone(t) for t in inner):
        return None
    head_token = _head_noun(inner)
    return Mention(
        text,
        tokens[0].i,
        tokens[-1].i + 1,
        name=mention.entry.name,
        outlet=mention.entry,
        description=clean(inner),
        head=head_token.lemma_.lower() if head_token is not None else "",
        modifiers=_modifiers(inner, head_token),
    )


def _names_someone(token: Token) -> bool:
    return token.pos_ == "PROPN" and token.ent_type_ not in ("NORP", "GPE")


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
    chains = sorted(name_chains(seg), key=lambda ab: not _ends_in_person(seg, *ab))
    for a, b in chains:
        before = seg[a - 1] if a > 0 else None
        if before is not None and before.lower_ == "the" and a > 1:
            before = seg[a - 2]  # "an official of the Rural Works Department"
        after = seg[b] if b < len(seg) else None
        person = _ends_in_person(seg, a, b)
        if (
            not person
            and before is not None
            and before.lower_ in AFFILIATION_PREPOSITIONS
        ):
            affiliation = affiliation or clean(seg[a:b])
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
        is_possessive(after)
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
    connector = chain and chain[0].lower_ in NAME_CONNECTORS
    if chain and (
        (connector and not particle_starts_name(chain, 0)) or _only_roles(chain)
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
    possessive = next((k for k, t in enumerate(chain) if is_possessive(t)), None)
    titled = possessive is not None and all(
        t.lower_.rstrip(".") in TITLE_WORDS for t in chain[:possessive]
    )
    body = chain[-1].lower_ in ORG_NAME_WORDS and not any(
        t.ent_type_ == "PERSON" for t in chain
    )
    if titled or body:
        return chain, prefix
    while chain and chain[0].lower_.rstrip(".") in TITLE_WORDS:
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
        if is_name_token(t)
        and t.lower_ not in ROLE_NOUNS
        and t.lower_.rstrip(".") not in TITLE_WORDS
    ]
    if names_before and names_before == before_head[-len(names_before) :]:
        return clean(names_before)
    return ""


def _full_description(
    tokens: list[Token], named: bool, head: str, relative: list[Token]
) -> str:
    """The description as the speaker's label when no name is given, without
    its article, as CONVENTIONS.md writes descriptions ("Gulagu.net founder",
    "person close to the board"): "a senior police officer" is "senior police
    officer", and "a woman who lives in the building" keeps its short relative
    clause ("woman who lives in the building")."""
    description = clean(tokens)
    if (
        relative
        and description
        and not named
        and (head in PERSON_NOUNS or head in GROUP_NOUNS)
        and len(relative) <= 8
        and not any(t.is_punct for t in relative)
    ):
        description = f"{description} {clean(relative)}"
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
        name=clean(parts.name_tokens),
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


# The place (in capitals), region or date of a dateline, up to its dash.
_DATELINE = re.compile(
    r"[A-Z][A-Z.'’ -]*[A-Z.](?:, [\w.' ]{1,30})?(?: \([^)\n]{1,40}\))?"
)
_DASHES = frozenset({"-", "–", "—", "--"})


@rule(
    "dateline-before-speaker",
    stage="speakers",
    example="Clinic hacked ¶ HALDEN - Fjellvik Clinic says patient files were "
    "stolen last month.",
    off=None,
)
def _dateline_cut(tokens: Sequence[Token]) -> int | None:
    """Rule "dateline-before-speaker": a dateline the parser joined to a story's
    first subject is not its speaker. In "HALDEN - Fjellvik Clinic says ..." or
    "OSLO, March 4 (Reuters) - Nordby Group said ..." the speaker is the body
    after the dash; the place in capitals (with a region, a date or an agency)
    at a paragraph's start before it is where the story was filed. Returns
    where the speaker's words begin, or None."""
    if not tokens:
        return None
    doc, first = tokens[0].doc, tokens[0]
    if first.idx and doc.text[first.idx - 1] != "\n":
        return None
    for k, token in enumerate(tokens[:12]):
        if token.text in _DASHES and 0 < k < len(tokens) - 1:
            before = doc.text[first.idx : token.idx].strip()
            return k + 1 if _DATELINE.fullmatch(before) else None
    return None


def _without_dateline(tokens: list[Token]) -> list[Token]:
    cut = _dateline_cut(tokens)
    return tokens[cut:] if cut else tokens


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
            and is_name_token(segment[k + 1])
        ):
            return True
    return False


def _only_roles(chain: Sequence[Token]) -> bool:
    """A capitalised chain made of role words only ("Director-General", "Chairman")."""
    words = [t.lower_.rstrip(".") for t in chain if t.is_alpha]
    return bool(words) and all(w in ROLE_NOUNS or w in TITLE_WORDS for w in words)


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
        if word in ROLE_NOUNS or word in TITLE_WORDS:
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
    if not after or after[-1].lemma_.lower() not in OWNED_NOUNS:
        return None
    if any(t.lower_ in ROLE_NOUNS for t in after):
        return None
    return inside[0].entry


def _head_noun(tokens: Sequence[Token]) -> Token | None:
    """The head noun of a description: the last noun before any preposition."""
    head: Token | None = None
    for token in tokens:
        if token.pos_ == "ADP" or token.lower_ in AFFILIATION_PREPOSITIONS:
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
    if after and after[0].lower_ in AFFILIATION_PREPOSITIONS and len(after) <= 6:
        return f"{role} {clean(after)}"
    if affiliation:
        return f"{role} of {affiliation}"
    return role


def _is_role_word(token: Token) -> bool:
    """A role noun as a noun: not "official" in "the semi-official news agency"."""
    if token.lower_ not in ROLE_NOUNS or token.pos_ == "ADJ":
        return False
    before = token.nbor(-1) if token.i > 0 else None
    return not (before is not None and before.text == "-" and not before.whitespace_)
