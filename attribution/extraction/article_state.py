"""The state of reading one article: its quotes, units, outlets and names, the
entities said so far, and the lookups every stage of the reader shares."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .confidence import Evidence
from .cues import INTERVIEW_NOUNS, word_set
from .entities import Entity
from .frame_data import QuoteIndex, Range
from .frames import FrameFinder
from .gazetteer import Gazetteer, OutletMention
from .layout import Unit, build_units, split_paragraphs
from .mentions import describe
from .quotes import find_quotes
from .rules import rule
from .speakers import Registry

# Words for one or more members of a group: "one of the officials".
_MEMBER_WORDS = word_set("one another two three some several many most")
# A wire dateline before a story's first words: "KYIV, March 14 (Reuters) - ",
# "Paris (AFP) - ", "WASHINGTON — ".
_DATELINE = re.compile(
    r"[A-Z][A-Za-z .'-]{1,40}?(?:, [A-Z][a-z]{2,8}\.? \d{1,2})?"
    r"(?: \([A-Za-z .]{2,30}\))? ?[-–—] "
)
# Words that join two reported clauses: "A, X reported, while B, Y said".
_JOINING_WORDS = word_set("while and but whereas as")

# Paragraphs an attribution carries over: a frame-less quote continues the claim of
# the paragraph before; an interview stays the channel of its speaker for a while.
_CONTINUATION_GAP = 1
_FOLLOW_ON_GAP = 2
_CONTEXT_GAP = 6
_TRAILING = ".,;:!?…—– \n\t"
_ONE_OF = frozenset({"one", "another"})
_NAMED_LATER_UNITS = 4
# Verbs too common to tell two relative clauses apart ("who is", "who has").
_WEAK_CLUES = frozenset({"be", "have", "do", "say", "tell", "", "person", "man"})
_LEADING = ",;:—–- \n\t"


# A mention's token range, its weight, and where its name starts.
_Span = tuple[int, int, int, int]


@dataclass
class _Draft:
    """A claim whose speaker entity may still gain a fuller name."""

    start: int
    end: int
    kind: str
    cue: str
    entity: Entity
    via: list[Entity]
    evidence: Evidence
    unit: int
    paragraph: int
    lemma: str = ""
    extra_aliases: list[str] = field(default_factory=list)


class ArticleState:
    """The state of reading one article."""

    def __init__(self, doc: Doc, gazetteer: Gazetteer) -> None:
        self.doc = doc
        self.text = doc.text
        self.paragraphs = split_paragraphs(self.text)
        self.quotes = QuoteIndex(find_quotes(self.text, self.paragraphs))
        self.units = build_units(doc, self.paragraphs, self.quotes.quotes)
        self.outlets = sorted(gazetteer.find(doc), key=lambda m: (m.start, m.end))
        # Indexes by token position, so that a unit's names and outlets are found
        # without a scan of the whole article (which made long articles quadratic).
        self._outlet_starts = [m.start for m in self.outlets]
        self._longest_outlet = max((m.end - m.start for m in self.outlets), default=0)
        self._outlets_by_name: dict[str, list[OutletMention]] = {}
        for mention in self.outlets:
            self._outlets_by_name.setdefault(mention.entry.name, []).append(mention)
        self.ents = list(doc.ents)
        self._ent_starts = [ent.start for ent in self.ents]
        surnames = {
            ent[-1].lower_.removesuffix("'s").removesuffix("’s")
            for ent in self.ents
            if ent.label_ == "PERSON" and self.quotes.at(ent.start_char) is None
        }
        surnames -= {normalize for m in self.outlets for normalize in _words_of(m, doc)}
        self.registry = Registry(surnames, depth=lambda i: len(list(doc[i].ancestors)))
        self.finder = FrameFinder(doc, self.quotes)
        self.drafts: list[_Draft] = []
        # The paragraph where the latest new occasion was named ("In another
        # interview"): claims from here on inherit no via from before it.
        self.new_occasion = -1
        self.contexts: dict[int, tuple[list[Entity], int]] = {}
        # Who issued each kind of document or statement so far ("said in its
        # bulletin", "reported by X"): the author a later "the bulletin" stands for.
        self.documents: dict[str, Entity] = {}
        # Role-only speakers ("the specialist who led the study") and their clues.
        self.unnamed: dict[int, tuple[Entity, set[str], int]] = {}
        # The vias given to the frames of the unit being read, by cue.
        self.unit_vias: dict[int, list[Entity]] = {}

    def _outlets_in(self, span: Range) -> list[OutletMention]:
        """The outlet mentions overlapping a token range, in their order."""
        first = bisect_left(self._outlet_starts, span[0] - self._longest_outlet)
        last = bisect_left(self._outlet_starts, span[1])
        return [m for m in self.outlets[first:last] if m.end > span[0]]

    def _ents_starting_in(self, start: int, end: int) -> list[Span]:
        """The named entities that start in a token range."""
        first = bisect_left(self._ent_starts, start)
        return self.ents[first : bisect_left(self._ent_starts, end)]

    @rule(
        "outlet-possessor",
        stage="outlets",
        example='"The figures speak for themselves," Brook told CBC\'s Rosa Milner.',
        off=None,
    )
    def _possessor_outlet(self, span: Range) -> Entity | None:
        """An outlet owning what the speaker told is the channel: "told CBC's
        Rosa Milner" (a host), "told BBC Radio 4's Woman's Hour" (a programme).
        The span opens with the outlet's name and a possessive follows it."""
        doc = self.doc
        for mention in self._outlets_in(span):
            start = span[0] + (doc[span[0]].lower_ == "the")
            after = mention.end
            if mention.start > start or after >= span[1]:
                continue
            if doc[after].lower_ in ("'s", "’s"):
                return self.registry.outlet_entity(mention.entry)
        return None

    @rule(
        "coordinated-outlets",
        stage="outlets",
        example="The striker told Le Monde and Der Spiegel that he would retire.",
        off=[],
    )
    def _coordinated_outlets(self, span: Range) -> list[Entity]:
        """An addressee phrase that joins known outlets with "and" (or "or")
        names each of them: "told Le Monde and Der Spiegel" is via both. Every
        part must be an outlet the gazetteer knows, and nothing but the
        conjunction, commas and "the" may lie between them; otherwise the phrase
        is one addressee ("told the BBC and its listeners" stays the BBC)."""
        doc = self.doc
        mentions = [
            m for m in self._outlets_in(span) if m.start >= span[0] and m.end <= span[1]
        ]
        if len(mentions) < 2:
            return []
        inside = set(range(span[0], span[1])) - {
            k for m in mentions for k in range(m.start, m.end)
        }
        between = [doc[k].lower_ for k in sorted(inside)]
        if not set(between) <= _OUTLET_JOINERS or not {"and", "or"} & set(between):
            return []
        return _unique([self.registry.outlet_entity(m.entry) for m in mentions])

    def _resolve_range(
        self,
        span: Range,
        unit: Unit,
        *,
        exclude: tuple[Entity, ...] = (),
        speaker: bool = True,
    ) -> Entity | None:
        mention = describe(self.doc, span[0], span[1], self._outlets_in(span))
        if mention.is_empty:
            return None
        resolved = self.registry.resolve(
            mention, span[0], unit.index, exclude=exclude, speaker=speaker
        )
        return resolved.entity if resolved is not None else None


def _interview_guest(token: Token) -> Token | None:
    """Who a publishing verb's interview is with: the object of "interviewed",
    or the last "with" of "published an interview with Y"."""
    if token.lemma_.lower() == "interview":
        return next((c for c in token.children if c.dep_ == "dobj"), None)
    guest = None
    for obj in token.children:
        if obj.dep_ != "dobj" or obj.lemma_.lower() not in INTERVIEW_NOUNS:
            continue
        for prep in obj.children:
            if prep.lower_ == "with":
                guest = next((c for c in prep.children if c.dep_ == "pobj"), None)
    return guest


def _continues_name(token: Token) -> bool:
    """Whether a token after an outlet's name is more of the same name."""
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.ent_type_ not in ("DATE", "TIME", "PERSON")
        and not token.is_sent_start
    )


def _bare_name(name: str) -> str:
    """A name without a leading "the" or a trailing possessive."""
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    if name.lower().startswith("the "):
        name = name[4:]
    return name.strip()


def _signature(token: Token) -> set[str]:
    """Clues to who a phrase's head is: its role nouns and relative-clause verbs."""
    clues: set[str] = set()
    for child in token.children:
        relative = child.dep_ == "relcl" and child.pos_ in ("VERB", "AUX")
        if relative or (child.dep_ == "appos" and child.pos_ == "NOUN"):
            clues.add(child.lemma_.lower())
    if token.pos_ == "NOUN":
        clues.add(token.lemma_.lower())
    clues -= _WEAK_CLUES
    return clues


def _subtree(token: object, unit: Unit) -> Range:
    left = token.left_edge.i  # type: ignore[attr-defined]
    right = token.right_edge.i + 1  # type: ignore[attr-defined]
    return max(left, unit.start), min(right, unit.end)


def _words_of(mention: OutletMention, doc: Doc) -> list[str]:
    return [t.lower_ for t in doc[mention.start : mention.end]]


# What may lie between coordinated outlets: "Le Monde and Der Spiegel".
_OUTLET_JOINERS = frozenset({"and", "or", ",", "the"})


def _unique(entities: list[Entity]) -> list[Entity]:
    seen: set[int] = set()
    out: list[Entity] = []
    for entity in entities:
        if entity.id not in seen:
            seen.add(entity.id)
            out.append(entity)
    return out


def _unique_names(names: object) -> list[str]:
    out: list[str] = []
    for name in names:  # type: ignore[attr-defined]
        if name and name not in out:
            out.append(name)
    return out
