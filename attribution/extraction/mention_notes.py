"""Noting the people, bodies and outlets a unit names, before its frames are
attributed: tagged entities, untagged names, and descriptions of them."""

from __future__ import annotations

from spacy.tokens import Span, Token

from .article_state import _NAMED_LATER_UNITS, ArticleState, _signature, _Span
from .cues import GROUP_NOUNS, ORG_NAME_WORDS, ORG_NOUNS, ROLE_NOUNS, TITLES
from .entities import OTHER, SUBJECT, Entity, human_noun_subject, pronoun_subject
from .frame_data import Frame
from .gazetteer import looks_like_website
from .layout import Unit
from .mentions import Mention, describe
from .token_spans import name_continued


class MentionNotes(ArticleState):
    """Notes the names and outlets of each unit."""

    def _note_mentions(self, unit: Unit, frames: list[Frame]) -> None:
        """Register the names and descriptions of a unit that are not speakers,
        in order: the outlets it names, the names the entity tagger found, the
        nouns and names it missed, then each mention by where it starts."""
        taken: set[int] = set()
        for frame in frames:
            if frame.speaker:
                taken.update(range(*frame.speaker))
        self._note_outlets(unit)
        spans = self._entity_spans(unit, taken)
        self._add_untagged_spans(unit, taken, spans)
        self._register_spans(spans, unit)

    def _note_outlets(self, unit: Unit) -> None:
        """Each outlet the unit names outside quotations is mentioned."""
        for mention in self._outlets_in((unit.start, unit.end)):
            if self.quotes.at(self.doc[mention.start].idx) is None:
                entity = self.registry.outlet_entity(mention.entry)
                self.registry.note(entity, mention.start, unit.index, OTHER)

    def _entity_spans(self, unit: Unit, taken: set[int]) -> list[_Span]:
        """The person and organisation names the tagger found in the unit."""
        spans: list[_Span] = []
        for ent in self._ents_starting_in(unit.start, unit.end):
            if ent.start in taken or self.quotes.at(ent.start_char) is not None:
                continue
            span = self._entity_span(ent, unit)
            if span is not None:
                spans.append(span)
        return spans

    def _entity_span(self, ent: Span, unit: Unit) -> _Span | None:
        """A tagged name as a mention: not one modifying a noun ("Smart" in
        "Smart home company"; but "a Cascade Pacific Airlines flight" still
        names the airline); a person's whatever its label when a role stands in
        apposition ("Odile Marchand, the college's dean"); with the role before
        it ("German Chancellor Markus Weidenfeld", for a later "the chancellor")."""
        doc, registry = self.doc, self.registry
        root = ent.root
        last = ent[-1].lower_
        outside = not ent.start <= root.head.i < ent.end
        named_body = ent.label_ == "ORG" and last in ORG_NAME_WORDS
        if root.dep_ in ("amod", "compound") and outside and not named_body:
            return None
        weight = SUBJECT if root.dep_.startswith("nsubj") else OTHER
        end = self._with_role_after(ent, unit)
        person = ent.label_ == "PERSON" or end > ent.end
        person = person or last in registry.person_surnames
        if ent.label_ == "ORG" and not person:
            end = self._org_name_end(ent, unit)
        org = ent.label_ == "ORG" and not self._outlets_in((ent.start, ent.end))
        if not (person or org):
            return None
        start = ent.start
        before = doc[ent.start - 1].lower_ if ent.start > unit.start else ""
        if before in ROLE_NOUNS or before in TITLES:
            start = max(root.left_edge.i, unit.start)
        return start, end, weight, ent.start

    def _add_untagged_spans(
        self, unit: Unit, taken: set[int], spans: list[_Span]
    ) -> None:
        """Add the mentions the tagger did not find: websites, organisation and
        group nouns, and names it missed (see `_untagged_span`)."""
        for token in self.doc[unit.start : unit.end]:
            if token.i in taken or self.quotes.at(token.idx) is not None:
                continue
            span = self._untagged_span(token, unit, spans)
            if span is not None:
                spans.append(span)

    def _untagged_span(
        self, token: Token, unit: Unit, spans: list[_Span]
    ) -> _Span | None:
        """One token's mention: a website; an organisation or group noun that
        is not part of a name already noted ("X party"); a body's name the
        tagger missed ("A Cascade Harbour Airlines flight", for a later "the
        airline"); a subject's name it missed ("Tessa Calloway and Rhys Danner
        have split")."""
        doc = self.doc
        weight = SUBJECT if token.dep_.startswith("nsubj") else OTHER
        if looks_like_website(token.text):
            return token.i, token.i + 1, OTHER, token.i
        if token.pos_ == "NOUN" and (
            token.lemma_.lower() in ORG_NOUNS or token.lower_ in GROUP_NOUNS
        ):
            if token.dep_ in ("compound", "amod"):
                return None
            if any(a <= token.i < b for a, b, _, _ in spans):
                return None
            return token.left_edge.i, token.i + 1, weight, token.left_edge.i
        if pronoun_subject(token):
            return token.i, token.i + 1, SUBJECT, token.i
        if human_noun_subject(token):
            if any(a <= token.i < b for a, b, _, _ in spans):
                return None
            start = token.left_edge.i
            return start, self._description_end(token, unit), SUBJECT, token.i
        start = token.i
        if self._untagged_body_name(token):
            while start > unit.start and doc[start - 1].pos_ == "PROPN":
                start -= 1
            return start, token.i + 1, OTHER, start
        if self._untagged_subject_name(token):
            while start > unit.start and doc[start - 1].dep_ == "compound":
                start -= 1
            return start, token.i + 1, weight, start
        return None

    def _register_spans(self, spans: list[_Span], unit: Unit) -> None:
        """Each mention, in the order it starts, joins the entity it names or
        describes, or makes a new one."""
        doc, registry = self.doc, self.registry
        for start, end, weight, name_start in sorted(spans):
            named = describe(doc, start, end, self._outlets_in((start, end)))
            if named.is_empty or (named.pronoun and weight != SUBJECT):
                continue
            if named.pronoun:
                # A subject pronoun is one more subject mention of its referent.
                found = registry.resolve(named, start, unit.index, speaker=False)
                if found is not None:
                    registry.note(found.entity, start, unit.index, weight)
                continue
            described = self._described_before(named, name_start, end, unit)
            if described is not None:
                registry.name(described, named)
                registry.note(described, start, unit.index, weight)
                continue
            resolved = registry.resolve(named, start, unit.index, speaker=False)
            if resolved is None and human_noun_subject(doc[name_start]):
                resolved = registry.resolve(named, start, unit.index)
            if resolved is not None:
                registry.note(resolved.entity, start, unit.index, weight)

    def _description_end(self, token: Token, unit: Unit) -> int:
        """Where a noun's description ends: after the prepositional phrases
        that follow it ("A reporter for the local radio station")."""
        end = token.i + 1
        for child in token.rights:
            if child.dep_ != "prep" or child.i != end:
                break
            end = min(child.right_edge.i + 1, unit.end)
        return end

    def _org_name_end(self, ent: Span, unit: Unit) -> int:
        """Where an organisation's name ends when the tagger cut it short: "the
        Alliance" + "for Georgia" + "party"."""
        doc = self.doc
        end = name_continued(doc, ent.end, unit.end)
        noun = end < unit.end and doc[end].pos_ == "NOUN"
        if noun and doc[end].lemma_.lower() in ORG_NOUNS:
            end += 1
        return end

    def _untagged_body_name(self, token: Token) -> bool:
        """A capitalised name ending in a body's word ("... Airlines", "...
        Foods") after another capitalised word, that no entity covers."""
        if token.pos_ != "PROPN" or token.ent_type_ or token.i == 0:
            return False
        before = token.nbor(-1)
        return (
            token.lower_ in ORG_NAME_WORDS
            and token.text[:1].isupper()
            and before.pos_ == "PROPN"
            and before.text[:1].isupper()
        )

    def _untagged_subject_name(self, token: Token) -> bool:
        """A person-like name (two capitalised words or more, or a known surname)
        that is a clause's subject, or joined to one by "and", and that no
        entity covers."""
        if token.pos_ != "PROPN" or token.ent_type_:
            return False
        subject = token.dep_.startswith("nsubj") or (
            token.dep_ == "conj" and token.head.dep_.startswith("nsubj")
        )
        if subject and token.lower_ in self.registry.person_surnames:
            return True  # "Tallant has spoken before", after "Gregory Tallant"
        before = token.nbor(-1) if token.i > 0 else None
        return (
            subject
            and before is not None
            and before.dep_ == "compound"
            and before.pos_ == "PROPN"
            and before.text[:1].isupper()
            and token.text[:1].isupper()
        )

    def _with_role_after(self, ent: Span, unit: Unit) -> int:
        """The end of a person's name with the role in apposition to it.

        "Margaux de Saint-Aubin, the college's dean of admissions": the role is
        what a later "the former dean" refers to.
        """
        for child in ent.root.children:
            if child.dep_ != "appos" or child.i < ent.end:
                continue
            if not {child.lemma_.lower(), child.lower_} & ROLE_NOUNS:
                continue
            end = min(child.right_edge.i + 1, unit.end)
            if any(self.quotes.at(t.idx) is not None for t in self.doc[ent.end : end]):
                continue
            return end
        return ent.end

    def _described_before(
        self, mention: Mention, start: int, end: int, unit: Unit
    ) -> Entity | None:
        """An unnamed speaker that a newly introduced person's name belongs to.

        "“...,” says the specialist who led the study. ... Dr Ann Berg, who led
        the study, ...": a person first quoted by a definite description and then
        named, with the same role noun or the same relative-clause verb, within a
        few units, is one person.
        """
        if not mention.name or len(mention.name.split()) < 2:
            return None
        if any(
            self.doc[k].ent_type_ != "PERSON"
            for k in range(start, end)
            if self.doc[k].pos_ == "PROPN"
        ):
            return None
        if self.registry.knows_name(mention.name):
            return None
        signature = _signature(self.doc[start:end].root)
        if mention.head:
            signature.add(mention.head)
        for entity, known, seen in reversed(list(self.unnamed.values())):
            recent = unit.index - seen <= _NAMED_LATER_UNITS
            if recent and known & signature and not entity.names:
                return entity
        return None
