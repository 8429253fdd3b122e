"""The frame finder's shared parts: the speaker, channel and content-bound
readings every kind of frame uses."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from .cues import (
    ADDRESSEE_VERBS,
    AGE_EPITHET,
    FRAME_PREPOSITIONS,
    INTERVIEW_NOUNS,
    MEDIA_NOUNS,
    PARTICIPLE_CUES,
    QUOTING_VERBS,
)
from .frame_data import QuoteIndex, Range
from .frame_shapes import (
    _adverbial_opening,
    _but_new_subject,
    _citing_words,
    _describing_tail,
    _inside_reported_clause,
    _negated_infinitive,
    _own_clause_end,
    _participle_after_quote,
    _past_an_age,
    _person_shaped_name,
    _relative_frame_start,
    _tail_after_quote,
    before_concession,
    names_its_author,
    stance_clauses,
)
from .frame_words import _CLOSING_MARKS, _SUBJECTS
from .layout import Unit
from .rules import rule
from .token_spans import _is_cue_verb, _range, _subject


@rule(
    "medium-then-its-name",
    stage="frames",
    example=(
        "A spokeswoman for the ministry told the German news agency dpa that "
        "talks would resume."
    ),
    off=None,
)
def _medium_name_word(noun: Token) -> Callable[[Token], bool] | None:
    """Rule "medium-then-its-name": an outlet named by its kind and then its
    name, "told the German news agency dpa that ...", "told Seattle station
    KING 5 that ...", "told the wire service AAP that ...". The parser often
    takes a lower-case or numbered name for a verb or a stray number, so the
    words between the medium noun and the "that" belong to the addressee
    whatever their case. Gives, after a medium noun, the test a word of its
    name passes (a word or number with no clause or punctuation of its own)."""
    if noun.lemma_.lower() not in MEDIA_NOUNS:
        return None

    def name_word(token: Token) -> bool:
        return (token.is_alpha or token.like_num) and token.lower_ != "that"

    return name_word


class FrameParts:
    """The state of one doc's frame finding, and the readings every frame uses."""

    def __init__(self, doc: Doc, quotes: QuoteIndex) -> None:
        self.doc = doc
        self.quotes = quotes
        self.stances = stance_clauses(doc)

    def in_quote(self, token: Token) -> bool:
        return self.quotes.at(token.idx) is not None

    # -- helpers -------------------------------------------------------------
    def _as_saying(self, verb: Token, unit: Unit) -> tuple[Token, Token] | None:
        doc = self.doc
        for k in range(verb.i + 1, min(verb.i + 16, unit.end - 1)):
            token = doc[k]
            if self.in_quote(token):
                return None
            nxt = doc[k + 1]
            if token.lower_ == "as" and nxt.tag_ == "VBG" and _is_cue_verb(nxt):
                return token, nxt
        return None

    def _aux_words(self, verb: Token) -> list[str]:
        return [c.text for c in verb.children if c.dep_ == "auxpass" and c.i < verb.i]

    def _agent(self, verb: Token) -> Token | None:
        return next(self.agents(verb), None)

    def agents(self, verb: Token) -> Iterator[Token]:
        """The agents of a passive verb ("reported by X")."""
        for child in verb.children:
            if child.dep_ == "agent" or (child.dep_ == "prep" and child.lower_ == "by"):
                for grandchild in child.children:
                    if grandchild.dep_ == "pobj":
                        yield grandchild

    def _author(self, document: Token) -> Token | None:
        """Who a document noun ("a statement from X", "X's data") comes from."""
        for token in document.subtree:
            if token.dep_ == "poss" and token.head.i == document.i:
                return token
            if token.dep_ == "pobj" and token.head.lower_ in ("from", "by", "of"):
                return token
            if names_its_author(token, document):
                return token
        return None

    def _is_time(self, k: int) -> bool:
        """Whether token k is part of an adverbial time phrase ("on Monday")."""
        doc = self.doc
        token = doc[k]
        if token.pos_ == "ADP" and k + 1 < len(doc):
            nxt = doc[k + 1]
            return nxt.ent_type_ in ("DATE", "TIME") and nxt.head.i == k
        if token.ent_type_ not in ("DATE", "TIME"):
            return False
        top = token
        while top.head.i != top.i and top.head.ent_type_ == token.ent_type_:
            top = top.head
        return top.dep_ in ("npadvmod", "pobj", "advmod", "tmod")

    def _cited(self, verb: Token, unit: Unit) -> Token | None:
        """The source of a "citing X" phrase right after (or hanging on) the cue."""
        doc = self.doc
        near = [c for c in verb.children if c.lower_ in _citing_words()]
        for k in range(verb.i + 1, min(verb.i + 6, unit.end)):
            if doc[k].lower_ in _citing_words():
                near.append(doc[k])
        trailing = self._trailing_citing(verb, unit)
        if trailing is not None:
            near.append(trailing)
        for citing in near:
            for child in citing.children:
                if child.dep_ in ("dobj", "pobj", "attr"):
                    return child
        return None

    def _with_role_before(self, speaker: Range, unit: Unit) -> Range:
        """The speaker with the role words the parser left before it.

        "“...,” Var prefect Hélène Marchetti told reporters": a misparse may hang
        "Var prefect" elsewhere; nominal words between a punctuation mark (or the
        unit's start) and the subject belong to the speaker.
        """
        doc = self.doc
        k = speaker[0]
        while (
            k > unit.start
            and (
                doc[k - 1].pos_ in ("NOUN", "PROPN", "ADJ")
                or (doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper())
            )
            and not self.in_quote(doc[k - 1])
        ):
            k -= 1
        if (
            k > unit.start + 1
            and doc[k - 1].is_lower
            and doc[k - 1].pos_ in ("VERB", "ADJ")
            and doc[k - 2].text in _CLOSING_MARKS
            and not self.in_quote(doc[k - 1])
            and not _is_cue_verb(doc[k - 1])
        ):
            k -= 1  # "“...,” lead author Ann Berg told AFP": "lead" taken for a verb
        if k < speaker[0] and (k == unit.start or doc[k - 1].is_punct):
            return (k, speaker[1])
        return speaker

    def _subject_of_clause(self, verb: Token, obj: Token) -> bool:
        """Whether a cue's object is the subject of the clause after it, which
        the parser left without one: "said the company's description ... was"."""
        if verb.lemma_.lower() in ADDRESSEE_VERBS or obj.pos_ == "PRON":
            return False
        return any(
            clause.dep_ in ("ccomp", "advcl")
            and clause.i > obj.right_edge.i
            and any(c.dep_ in ("aux", "auxpass") for c in clause.children)
            and not any(c.dep_ in _SUBJECTS for c in clause.children)
            for clause in verb.children
        )

    def _age_before(self, verb: Token, unit: Unit) -> Range | None:
        """ "the 54-year-old" right before a cue the parser left without a subject."""
        doc = self.doc
        k = verb.i
        while k > unit.start and k > verb.i - 7 and doc[k - 1].lower_ != "the":
            k -= 1
        words = doc[k : verb.i].text.replace(" ", "")
        after_the = k > unit.start and doc[k - 1].lower_ == "the"
        if after_the and AGE_EPITHET.fullmatch(words):
            return (k - 1, verb.i)
        return None

    def _name_before(self, verb: Token, unit: Unit) -> Token | None:
        """A name right before a finite cue the parser left without a subject.

        "Simon Redfern KC, prosecuting, told jurors ...": a misparse hangs the
        name on the participle before it; the name, alone or followed by a short
        parenthesis between commas, is the speaker.
        """
        doc = self.doc
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i - 1 < unit.start:
            return None
        for j in range(verb.i - 2, max(unit.start, verb.i - 30) - 1, -1):
            # "..., Ingrid Solberg, an epidemiologist at the X, told AFP": a
            # person whose apposition runs up to the comma before the cue.
            token = doc[j]
            if self.in_quote(token) or token.pos_ == "VERB":
                break
            person = (
                token.ent_type_ == "PERSON" and token.pos_ == "PROPN"
            ) or _person_shaped_name(token)
            if (
                person
                and doc[verb.i - 1].text == ","
                and (token.right_edge.i >= verb.i - 2)
            ):
                return token
        k = verb.i - 1
        if doc[k].text == ",":
            j = k - 1
            while j > unit.start and doc[j].text != "," and k - j <= 4:
                if not (doc[j].is_alpha and doc[j].is_lower):
                    return None
                j -= 1
            if doc[j].text != "," or j == k - 1:
                return None
            k = j - 1
        if k < unit.start:
            return None
        name = doc[k]
        if name.pos_ != "PROPN" or name.ent_type_ != "PERSON" or self.in_quote(name):
            return None
        return name

    @rule(
        "subject-before-a-relative-aside",
        stage="frames",
        example=(
            "The Monetary Fund, whose $3 billion programme with Ghana runs until "
            "next year, said after a visit that the programme remained on track."
        ),
        off=None,
    )
    def _subject_before_aside(self, verb: Token, unit: Unit) -> Token | None:
        """Rule "subject-before-a-relative-aside": the noun before a relative
        aside is the subject of a finite cue the parser left without one. "The
        Fund, whose programme runs until next year, said ...": the parser may
        take "runs" for the reported clause and leave "said" bare; the aside
        runs from a comma and a relative pronoun to the comma before the cue."""
        doc = self.doc
        if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i - 2 < unit.start:
            return None
        if doc[verb.i - 1].text != ",":
            return None
        for j in range(verb.i - 2, max(unit.start, verb.i - 40), -1):
            if self.in_quote(doc[j]):
                return None
            if doc[j].text == "," and doc[j + 1].tag_ in ("WP", "WP$", "WDT"):
                head = _past_an_age(doc[j - 1]) or doc[j - 1]
                return head if head.pos_ in ("PROPN", "NOUN") else None
        return None

    def _medium_named_after(self, span: Range, noun: Token, unit: Unit) -> Range:
        """A medium with its name the parser hung elsewhere: "by the local news
        site" + "Bryansk24"."""
        if noun.lemma_.lower() not in MEDIA_NOUNS or span[1] != noun.i + 1:
            return span
        doc = self.doc
        k = span[1]
        while k < unit.end and doc[k].pos_ == "PROPN" and not self.in_quote(doc[k]):
            k += 1
        return (span[0], k)

    def _name_after_object(self, span: Range, unit: Unit) -> Range:
        """The object of "told" with a name the parser hung elsewhere: "told public
        broadcaster" + "SVT" + "that ..."."""
        doc = self.doc
        k = span[1]
        named = _medium_name_word(doc[span[1] - 1]) if span[1] > span[0] else None
        while (
            k < unit.end
            and k - span[1] < 4
            and (doc[k].text[:1].isupper() or (named is not None and named(doc[k])))
        ):
            k += 1
            k += k < unit.end and doc[k].like_num  # "told Seattle station KING 5"
        if k > span[1] and k < unit.end and doc[k].lower_ == "that":
            return (span[0], k)
        return span

    def _addressee_before_that(self, obj: Token, lemma: str) -> Range | None:
        """The object of "told" up to a "that" the parser hung on it, if any."""
        if obj.dep_ not in ("dobj", "dative") or lemma not in ADDRESSEE_VERBS:
            return None
        for token in obj.subtree:
            if token.lower_ == "that" and token.dep_ == "mark" and token.i > obj.i:
                return self._trimmed_range(obj.left_edge.i, token.i)
        return None

    def _trailing_citing(self, verb: Token, unit: Unit) -> Token | None:
        """ "NHK says A, citing the prefectural government.": the last phrase."""
        doc = self.doc
        for k in range(verb.i + 1, unit.end):
            token = doc[k]
            if (
                token.lower_ not in _citing_words()
                or doc[k - 1].text != ","
                or self.in_quote(token)
            ):
                continue
            rest = doc[token.right_edge.i + 1 : unit.end]
            if all(t.is_punct or t.is_space for t in rest):
                return token
        return None

    def _is_channel(self, token: Token) -> bool:
        """Whether a phrase names whom a statement was made to."""
        if token.lower_ in (
            "speaking",
            "talking",
            "writing",
            "interviewed",
            "appearing",
        ):
            return any(
                c.dep_ in ("prep", "agent")
                and c.lower_ in ("to", "with", "in", "on", "by")
                for c in token.children
            )
        if token.dep_ == "prep" and token.lower_ in ("in", "during"):
            # "in an interview with Reuters", "in an interview on CNN's show".
            return self._is_interview(token) and any(
                t.lower_ in ("with", "to", "on", "for") and t.dep_ == "prep"
                for t in token.subtree
            )
        return False

    def _channel_nouns(self, prep: Token) -> list[str]:
        """Nouns of a setting the statement was made in ("in a statement").

        A common noun after "in", "via", "through", "during" or "at" that is no
        time, place or name: a document or an occasion, which has no outlet.
        """
        if prep.lower_ not in ("in", "via", "through", "during", "at"):
            return []
        return [
            c.lemma_.lower()
            for c in prep.children
            if c.dep_ == "pobj" and c.pos_ == "NOUN" and not c.ent_type_
        ]

    def _citer(self, prep: Token, unit: Unit) -> Range | None:
        """Who cites the document of a phrase like "in a note cited by Reuters"."""
        for document in prep.children:
            for token in document.subtree:
                by = token.head
                cited = by.head.lemma_.lower() in QUOTING_VERBS
                if token.dep_ == "pobj" and by.lower_ == "by" and cited:
                    return _range(token, unit)
        return None

    def _is_interview(self, prep: Token) -> bool:
        return any(t.lemma_.lower() in INTERVIEW_NOUNS for t in prep.subtree)

    def _prepositional(
        self,
        prep: Token,
        unit: Unit,
        addressees: list[Range],
        venues: list[Range],
        relays: list[Range],
        within: set[int] | None = None,
    ) -> None:
        """Sort the objects inside a frame's prepositional phrase by what they say."""
        for token in prep.subtree:
            if token.dep_ != "pobj" or (within is not None and token.i not in within):
                continue
            preposition = token.head.lower_
            span = self._medium_named_after(_range(token, unit), token, unit)
            if token.head.dep_ == "agent" or preposition == "by":
                relays.append(span)
            elif preposition in ("to", "with"):
                addressees.append(span)
            elif preposition in FRAME_PREPOSITIONS:
                venues.append(span)

    def _trimmed_range(self, start: int, end: int) -> Range | None:
        doc = self.doc
        while start < end and (doc[start].is_space or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct):
            end -= 1
        return (start, end) if start < end else None

    def _right_end(self, verb: Token, start: int, unit: Unit, frame: set[int]) -> int:
        """Where content to the right of a cue ends within the unit."""
        doc = self.doc
        end = _own_clause_end(verb, start, unit.end)
        end = min(end, self._author_tail(verb, start, end))
        end = before_concession(doc, unit, start, end)
        for child in verb.children:
            # "X said A and added that B": B belongs to the second cue.
            if child.dep_ == "conj" and child.i > start and _is_cue_verb(child):
                cut = child.left_edge.i
                for sibling in verb.children:
                    if sibling.dep_ == "cc" and start <= sibling.i < child.i:
                        cut = min(cut, sibling.i)
                end = min(end, cut)
        for k in range(start + 1, end):
            token = doc[k]
            if self.in_quote(token) or not _is_cue_verb(token):
                continue
            if _inside_reported_clause(token):
                continue
            relative = _relative_frame_start(token)
            if relative is not None and relative > start:
                end = min(end, relative - (doc[relative - 1].text == ","))
                continue
            prev = doc[k - 1]
            if token.lower_ in PARTICIPLE_CUES and prev.text == ",":
                end = min(end, k - 1)  # "..., adding that ..."
            elif prev.lower_ in ("but", "and") and _subject(token) is None:
                cut = k - 1
                if cut > start and doc[cut - 1].text == ",":
                    cut -= 1
                end = min(end, cut)  # "... but insisted that ..."
        while end > start and (doc[end - 1].is_space or end - 1 in frame):
            end -= 1
        return end

    def _author_tail(self, verb: Token, start: int, end: int) -> int:
        """Where the author's own words take over the content after a cue: a
        participle after a quoted predicate (`_participle_after_quote`), or
        ", but" and a clause of the cue's own with a new subject and no
        quotation (`_but_new_subject`); a quoted clause is the speaker's."""
        doc = self.doc
        for k in range(start + 2, end):
            if _participle_after_quote(doc[k], self.in_quote(doc[k - 1])):
                return k
            if _describing_tail(doc[k], self.in_quote):
                return k - 1
            closing = self.in_quote(doc[k - 1]) and not self.in_quote(doc[k])
            if closing and not self.in_quote(doc[start]) and _tail_after_quote(doc[k]):
                return k
        for child in verb.children:
            comma = _but_new_subject(verb, child) if child.i > start else None
            quoted = any(self.in_quote(t) for t in child.subtree)
            if comma is not None and comma > start and not quoted:
                return comma
        return end

    def _valid_content(self, span: Range, first_matters: bool = False) -> bool:
        """Whether tokens [start, end) can be the content of an attribution."""
        doc = self.doc
        start, end = span
        tokens = [t for t in doc[start:end] if not t.is_space]
        if not tokens:
            return False
        quoted = any(self.in_quote(t) for t in tokens)
        words = [t for t in tokens if t.is_alpha]
        if len(words) < 2 and not quoted:
            return False
        if first_matters:
            first = tokens[0]
            if not self.in_quote(first):
                numeric = any(t.like_num for t in tokens[1:4])  # "at least 70,000"
                if (
                    first.pos_ in ("SCONJ", "ADP")
                    and first.lower_ != "that"
                    and first.dep_ != "quantmod"
                    and not numeric
                    and not _adverbial_opening(tokens)
                ):
                    return False
                if first.lower_ in PARTICIPLE_CUES or first.lower_ == "to":
                    return False
                if _negated_infinitive(tokens):
                    return False
                if first.lower_ in ("and", "but", "or", "as", "while", "when"):
                    return False
        if quoted:
            return True
        return any(t.pos_ in ("VERB", "AUX") for t in tokens)

    def _ends_clause(self, span: Range) -> bool:
        """Whether a left-hand content ends where a trailing frame would begin."""
        doc = self.doc
        k = span[1] - 1
        while k >= span[0] and doc[k].is_space:
            k -= 1
        if k < span[0]:
            return False
        last = doc[k]
        return last.text in (",", ";", "—", "–", ":") or (
            last.text[-1:] in _CLOSING_MARKS and self.in_quote(last)
        )

    def _is_bare_quote(self, span: Range) -> bool:
        tokens = [t for t in self.doc[span[0] : span[1]] if not t.is_space]
        inside = [t for t in tokens if self.in_quote(t)]
        return (
            bool(inside)
            and all(self.in_quote(t) or t.is_punct for t in tokens)
            and len(inside) >= 3
        )

    def _chars(self, start: int, end: int) -> tuple[int, int]:
        """Character range of tokens [start, end), trimmed of edge punctuation."""
        doc = self.doc
        if start >= end:
            return (0, 0)
        first = doc[start]
        last = doc[end - 1]
        return first.idx, last.idx + len(last.text)
