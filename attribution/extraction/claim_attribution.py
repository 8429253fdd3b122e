"""Attributing frames: nested frames untangled, each frame's speaker and via
resolved, and its claim drafted; a quote paragraph without a frame continues
the claim before it."""

from __future__ import annotations

from dataclasses import replace

from .article_state import (
    _CONTEXT_GAP,
    _CONTINUATION_GAP,
    _DATELINE,
    _FOLLOW_ON_GAP,
    _JOINING_WORDS,
    _LEADING,
    _MEMBER_WORDS,
    _ONE_OF,
    _TRAILING,
    ArticleState,
    _Draft,
    _signature,
    _unique,
)
from .confidence import Evidence
from .cues import INSTITUTION_WORDS, NAMED_FOLLOW_ON_VERBS, ORG_NAME_WORDS
from .entities import OTHER, RELAY, SPEAKER, Entity, Resolution
from .frame_data import Frame, Range
from .gazetteer import looks_like_website
from .layout import Unit
from .mentions import Mention, describe
from .quotes import Quote
from .rules import rule


class ClaimAttribution(ArticleState):
    """Untangles, attributes and drafts each unit's frames."""

    # -- nesting ---------------------------------------------------------------
    def _untangle(self, frames: list[Frame], unit: Unit) -> list[Frame]:
        """Merge or drop frames that sit inside the content of another frame
        (see `_nest` for each pair)."""
        frames = sorted(frames, key=lambda f: f.head)
        dropped: set[int] = set()
        for outer in frames:
            if id(outer) in dropped:
                continue
            for inner in frames:
                if inner is outer or id(inner) in dropped:
                    continue
                char = self.doc[inner.head].idx
                if not (outer.content[0] <= char < outer.content[1]):
                    continue
                if self._nest(outer, inner, unit, dropped):
                    break
        return [f for f in frames if id(f) not in dropped]

    def _nest(self, outer: Frame, inner: Frame, unit: Unit, dropped: set[int]) -> bool:
        """Settle a frame whose cue lies in another's content; True when the
        outer frame is dropped. "As per CNN, X said ...": the source relays X's
        statement; "..., a figure he said could ...": a relative clause inside
        a source phrase is no frame; "BBC quoted the group as saying X told it
        ...": the quoter relays the inner frame."""
        if outer.source_phrase:
            if self.doc[inner.head].dep_ == "relcl":
                dropped.add(id(inner))
                return False
            if outer.speaker:
                inner.relays.insert(0, outer.speaker)
            dropped.add(id(outer))
            return True
        if self._relays(outer, unit) and inner.speaker is not None:
            assert outer.speaker is not None
            inner.relays[:0] = [*outer.relays, outer.speaker]
            dropped.add(id(outer))
            return True
        if self._joined_after(outer, inner):
            return False
        if inner.side == outer.side == "left" and inner.head < outer.head:
            # "A, the agency reported, while B, officials said": the later
            # frame reports only what follows the earlier one.
            self._start_after(outer, inner)
            return False
        return self._nest_trailing(outer, inner, unit, dropped)

    def _nest_trailing(
        self, outer: Frame, inner: Frame, unit: Unit, dropped: set[int]
    ) -> bool:
        """An inner frame whose content holds the outer cue trails the
        sentence: "X said A, the Post reported" (the Post relays X), "A reported
        B, said an official" (the trailing frame reports it all). Otherwise the
        inner frame is part of the outer content and goes."""
        outer_char = self.doc[outer.head].idx
        trailing = inner.side == "left" and (
            inner.content[0] <= outer_char < inner.content[1]
        )
        if trailing and self._relays(inner, unit, trailing=True):
            assert inner.speaker is not None
            outer.relays.insert(0, inner.speaker)
            dropped.add(id(inner))
            return False
        if trailing:
            dropped.add(id(outer))
            return True
        dropped.add(id(inner))
        return False

    def _joined_after(self, outer: Frame, inner: Frame) -> bool:
        """ "X said A, while Y have said B": a second speaker's frame joined to the
        first content by a comma and "while" or "but" ends that content there."""
        if outer.side != "right" or inner.side != "right" or inner.subject_from_head:
            return False
        doc = self.doc
        j = inner.start - 1
        if j < 1 or doc[j].lower_ not in _JOINING_WORDS or doc[j - 1].text != ",":
            return False
        cut = doc[j - 1].idx
        if not outer.content[0] < cut < outer.content[1]:
            return False
        outer.content = (outer.content[0], cut)
        return True

    def _start_after(self, frame: Frame, earlier: Frame) -> None:
        """Start a left-hand content after an earlier frame and its joining word."""
        doc = self.doc
        k = earlier.end
        while k < frame.head and (
            doc[k].is_punct or doc[k].is_space or doc[k].lower_ in _JOINING_WORDS
        ):
            k += 1
        if k < frame.head and doc[k].idx < frame.content[1]:
            frame.content = (doc[k].idx, frame.content[1])

    def _relays(self, frame: Frame, unit: Unit, *, trailing: bool = False) -> bool:
        """Whether a frame's speaker relays statements: an outlet, or, for a
        trailing frame, a body that "reported" the sentence ("..., the Post
        reported")."""
        if frame.speaker is None:
            return False
        entity = self._resolve_range(frame.speaker, unit, speaker=False)
        if entity is None:
            return False
        if trailing and frame.lemma == "report" and entity.kind in ("org", "outlet"):
            entity.publisher = True
        return entity.is_source

    # -- attribution -----------------------------------------------------------
    def _attribute(self, frame: Frame, unit: Unit) -> bool:
        """Turn a frame into a draft claim; False if it names no speaker. The
        steps: `_speaker_of` resolves the speaker, `_note_speaker` records what
        the frame says of it, `_frame_via` reads the outlets the frame names,
        `_claim_via` completes the via from the frames before, and `_add` makes
        the claim (and one for the words before a bare opening quote)."""
        found = self._speaker_of(frame, unit)
        if found is None:
            return False
        mention, resolved = found
        entity = resolved.entity
        self._note_speaker(frame, mention, entity, unit)
        via, told = self._frame_via(frame, entity, unit)
        via = self._claim_via(frame, via, told, found, unit)
        evidence = Evidence(
            resolved_by=resolved.how,
            named=bool(mention.name),
            source_phrase=frame.source_phrase,
        )
        produced = False
        if frame.also_left is not None:
            produced |= self._add(frame.also_left, frame, entity, via, evidence, unit)
        produced |= self._add(frame.content, frame, entity, via, evidence, unit)
        return produced

    def _speaker_of(
        self, frame: Frame, unit: Unit
    ) -> tuple[Mention, Resolution] | None:
        """The frame's speaker phrase read as a mention, and the entity it
        resolves to: one of a group named before ("one of the officers"), the
        author of a document ("the statement said"), or by the registry."""
        assert frame.speaker is not None
        start, end = frame.speaker
        mention = describe(self.doc, start, end, self._outlets_in(frame.speaker))
        if mention.is_empty:
            return None
        mention = self._one_of(mention, unit) or mention
        resolved = (
            self._member_of(frame.speaker, unit)
            or self._document_author(mention)
            or self.registry.resolve(mention, start, unit.index)
        )
        return None if resolved is None else (mention, resolved)

    def _note_speaker(
        self, frame: Frame, mention: Mention, entity: Entity, unit: Unit
    ) -> None:
        """What a frame tells of its speaker: a person by the pronoun it uses,
        the body it belongs to, the documents it speaks through ("said in a
        statement"), the clues of an unnamed speaker ("the specialist who led
        the study"), and a body that reports or quotes being a publisher."""
        assert frame.speaker is not None
        self._person_by_pronoun(entity, frame)
        self._note_affiliation(mention, entity, frame.speaker[0], unit)
        for noun in (frame.lemma, *frame.channels):
            self.documents[noun] = entity
        self.registry.note(entity, frame.speaker[0], unit.index, SPEAKER)
        if entity.kind == "person" and not entity.names and mention.determiner == "the":
            root = self.doc[frame.speaker[0] : frame.speaker[1]].root
            clues = _signature(root) | {mention.head}
            self.unnamed[entity.id] = (entity, clues, unit.index)
        if frame.lemma in ("report", "quote", "publish") and entity.kind == "org":
            entity.publisher = True

    def _frame_via(
        self, frame: Frame, entity: Entity, unit: Unit
    ) -> tuple[list[Entity], list[Entity]]:
        """The outlets the frame itself names, outermost first: those relaying
        the statement, then those it was made to or on ("told CNN", "said on
        CNN"); and, apart, those it was made to."""
        registry = self.registry
        via: list[Entity] = []
        for span in frame.relays:
            relay = self._resolve_range(span, unit, exclude=(entity,), speaker=False)
            if relay is None:
                continue
            if relay.kind == "org":
                relay.publisher = True  # it relays a statement: a publisher
            if relay.is_source:
                via.append(relay)
                registry.note(relay, span[0], unit.index, RELAY)
        told = [
            a
            for span in frame.addressees
            for a in self._told(frame, span, entity, unit)
        ]
        for span in frame.venues:
            told.extend(self._venue_outlets(span))
        via.extend(told)
        return _unique([v for v in via if v is not entity]), told

    def _venue_outlets(self, span: Range) -> list[Entity]:
        """The outlets a venue phrase names ("said on CNN"): the owner of a
        programme it names (`possessive-programme-venue`), else every outlet."""
        owner = self._programme_owner(span)
        if owner is not None:
            return [owner]
        return [self.registry.outlet_entity(m.entry) for m in self._outlets_in(span)]

    @rule(
        "possessive-programme-venue",
        stage="outlets",
        example=(
            "Speaking on the BBC's Daily podcast, Ada Brook said the bid was too high."
        ),
        off=None,
    )
    def _programme_owner(self, span: Range) -> Entity | None:
        """Rule "possessive-programme-venue": "said on the BBC's Morning Daily
        podcast", "speaking on CNN's State of the Union": the programme is the
        possessor's, so the possessor alone is the via, and words of the
        programme's name that match another outlet ("Daily") are no outlet."""
        return self._possessor_outlet(span)

    def _told(
        self, frame: Frame, span: Range, entity: Entity, unit: Unit
    ) -> list[Entity]:
        """The source an addressee phrase names, if it is one: an outlet owning
        the addressee ("told CNN's Rosa Milner") or the addressee itself."""
        coordinated = self._coordinated_outlets(span)
        if coordinated:
            for outlet in coordinated:
                self.registry.note(outlet, span[0], unit.index, RELAY)
            return coordinated
        addressee = self._possessor_outlet(span) or self._resolve_range(
            span, unit, exclude=(entity,), speaker=False
        )
        if addressee is None:
            return []
        if addressee.kind == "org" and frame.interview and self._may_publish(span):
            addressee.publisher = True
        if not addressee.is_source:
            return []
        self.registry.note(addressee, span[0], unit.index, RELAY)
        return [addressee]

    def _claim_via(
        self,
        frame: Frame,
        via: list[Entity],
        told: list[Entity],
        found: tuple[Mention, Resolution],
        unit: Unit,
    ) -> list[Entity]:
        """The claim's via: the frame's own, or that of the verb whose subject
        it shares ("X told CNN A and added B"), or one inherited from before; an
        interview the frame names becomes the speaker's channel for a while."""
        mention, resolved = found
        entity = resolved.entity
        if not via and frame.parent is not None and frame.parent in self.unit_vias:
            via = list(self.unit_vias[frame.parent])
        if via:
            if told and (frame.interview or frame.lemma in ("tell", "say")):
                self.contexts[entity.id] = (told, unit.paragraph)
        else:
            anaphoric = bool(mention.pronoun) or resolved.how == "description"
            via = self._inherited_via(frame, anaphoric, entity, unit)
        self.unit_vias[frame.head] = via
        return via

    def _note_affiliation(
        self, mention: Mention, entity: Entity, position: int, unit: Unit
    ) -> None:
        """The body a speaker belongs to ("an inspector with the International
        Transport Workers' Federation") is a mention of its own, which a later
        "the federation" can refer to."""
        name = mention.affiliation
        words = name.lower().replace(".", " ").split()
        body = looks_like_website(name) or any(w in ORG_NAME_WORDS for w in words)
        if not body or entity.kind != "person":
            return
        affiliation = Mention(name, position, position + 1, name=name)
        resolved = self.registry.resolve(
            affiliation, position, unit.index, exclude=(entity,), speaker=False
        )
        if resolved is not None:
            self.registry.note(resolved.entity, position, unit.index, OTHER)

    def _person_by_pronoun(self, entity: Entity, frame: Frame) -> None:
        """A one-word name the tagger took for a place or body is a person when
        what it said begins with "he" or "she": "Wrobel admitted he had ..."."""
        if entity.kind != "org" or entity.is_source or len(entity.names) != 1:
            return
        if len(entity.names[0].split()) != 1 or frame.side != "right":
            return
        words = self.text[frame.content[0] : frame.content[1]].split(maxsplit=1)
        first = words[0].lower() if words else ""
        if first in ("he", "she"):
            entity.kind = "person"
            entity.gender = "m" if first == "he" else "f"

    def _document_author(self, mention: Mention) -> Resolution | None:
        """The author a document speaks for: "the bulletin said", "according to
        the report", after "X said in its bulletin" or "reported by X".

        A document cannot speak; the article names its author when it first
        mentions it, as the channel of a statement.
        """
        if mention.name or mention.outlet is not None or not mention.head:
            return None
        if mention.determiner not in ("the", "this", "its", "their", "his", "her"):
            return None
        author = self.documents.get(mention.head)
        return Resolution(author, "description") if author is not None else None

    def _member_of(self, span: Range, unit: Unit) -> Resolution | None:
        """The group a member speaks for: "one of the officials", "One of them,
        who asked not to be named" after "two EU officials" or "two colleagues"."""
        doc = self.doc
        tokens = [t for t in doc[span[0] : span[1]] if not t.is_space]
        if len(tokens) < 3 or tokens[1].lower_ != "of":
            return None
        if tokens[0].lower_ not in _MEMBER_WORDS:
            return None
        end = tokens[2].i + 1
        while end < span[1] and doc[end].text != "," and doc[end].lower_ != "who":
            end += 1
        group = describe(doc, tokens[2].i, end, self._outlets_in((tokens[2].i, end)))
        plural = group.pronoun in ("them", "those", "these") or (
            group.determiner in ("the", "those", "these") and group.plural
        )
        if not plural:
            return None
        if group.pronoun in ("those", "these"):
            group = Mention(group.text, group.start, group.end, pronoun="them")
        resolved = self.registry.resolve(group, span[0], unit.index, speaker=False)
        if resolved is None or resolved.entity.kind not in ("group", "org"):
            return None
        return Resolution(resolved.entity, "description")

    def _one_of(self, mention: Mention, unit: Unit) -> Mention | None:
        """The thing "One" or "Another" stands for: one of the plural noun before.

        "Two lawsuits were filed. One, brought by a nurse, alleges that ...": the
        speaker is a lawsuit, described as the plural noun is.
        """
        first = mention.text.split(",")[0].strip().lower()
        if first not in _ONE_OF:
            return None
        doc = self.doc
        for child in doc[mention.start].children:
            if child.dep_ == "appos":
                # "One, a midwife from Leeds, said": the apposition says who.
                span = (child.left_edge.i, child.right_edge.i + 1)
                return describe(doc, *span, self._outlets_in(span))
        if mention.role:
            return None
        lowest = self.units[max(0, unit.index - 1)].start
        for k in range(mention.start - 1, lowest - 1, -1):
            noun = doc[k]
            if noun.tag_ != "NNS" or self.quotes.at(noun.idx) is not None:
                continue
            words = [
                t
                for t in doc[noun.left_edge.i : noun.i]
                if t.dep_ in ("compound", "amod") or (t.text == "-" and t.i > 0)
            ]
            described = "".join(t.text_with_ws for t in words) + noun.lemma_
            return Mention(
                mention.text,
                mention.start,
                mention.end,
                description=described.strip(),
                head=noun.lemma_.lower(),
                modifiers=tuple(t.lower_ for t in words if t.is_alpha),
                singular=True,
            )
        return None

    def _may_publish(self, span: Range) -> bool:
        """Whether an organisation spoken to can be a news medium.

        "told Lokvani" makes an unknown name a publisher; "told the court", "told
        Democrats" or "told the committee" does not: a description, a nationality
        or party, or a name with an institution's word is no outlet.
        """
        mention = describe(self.doc, span[0], span[1], self._outlets_in(span))
        if not mention.name or mention.name_label in ("NORP", "GPE", "LOC", "PERSON"):
            return False
        return not set(mention.name.lower().split()) & INSTITUTION_WORDS

    def _inherited_via(
        self, frame: Frame, anaphoric: bool, entity: Entity, unit: Unit
    ) -> list[Entity]:
        """The via a frame without outlets carries over from the attribution before.

        A speaker referred to by a pronoun or description ("he added", "the woman
        was quoted as saying") continues the attribution just before it; a named
        speaker does so only with "added" or "continued". Otherwise an interview
        the speaker gave recently is taken as the channel.
        """
        previous = self.drafts[-1] if self.drafts else None
        if previous is not None and previous.paragraph < self.new_occasion:
            return []  # "In another interview, ...": the old channel no longer holds
        follow_on = anaphoric or frame.lemma in NAMED_FOLLOW_ON_VERBS
        if (
            follow_on
            and previous is not None
            and previous.entity is entity
            and unit.paragraph - previous.paragraph <= _FOLLOW_ON_GAP
        ):
            return list(previous.via)
        context = self.contexts.get(entity.id)
        if (
            context is not None
            and unit.paragraph - context[1] <= _CONTEXT_GAP
            and (frame.lemma not in ("quote", "cite") or not frame.relays)
            and not frame.channels
            and not self._interrupted(entity, context[1])
        ):
            return list(context[0])
        return []

    def _interrupted(self, entity: Entity, paragraph: int) -> bool:
        """Whether someone else has spoken since `paragraph`.

        An interview stays the channel of its speaker only while the article keeps
        quoting that speaker; once another voice comes in, a later "X said" is no
        longer read as part of the interview.
        """
        return any(
            d.paragraph > paragraph and d.entity is not entity for d in self.drafts
        )

    def _add(
        self,
        content: tuple[int, int],
        frame: Frame | None,
        entity: Entity,
        via: list[Entity],
        evidence: Evidence,
        unit: Unit,
        *,
        cue: str | None = None,
    ) -> bool:
        span = self._content_span(*content)
        if span is None:
            return False
        start, end, kind = span
        if frame is not None and frame.that and kind == "direct":
            kind = "mixed"  # "added that “...”": reported speech made of a quote
        if kind == "indirect" and len(self.text[start:end].split()) < 2:
            return False
        if any(d.start == start and d.end == end for d in self.drafts):
            return False
        self.drafts.append(
            _Draft(
                start=start,
                end=end,
                kind=kind,
                cue=cue if cue is not None else (frame.cue if frame else ""),
                entity=entity,
                via=via,
                evidence=replace(evidence, direct=kind == "direct"),
                unit=unit.index,
                paragraph=unit.last_paragraph,
                lemma=frame.lemma if frame else "",
            )
        )
        return True

    def _content_span(self, start: int, end: int) -> tuple[int, int, str] | None:
        """Trim a content range and tell whether it is direct, indirect or mixed."""
        text = self.text
        while start < end and text[start] in _LEADING:
            start += 1
        at_paragraph_start = start == 0 or text[start - 1] == "\n"
        dateline = _DATELINE.match(text, start, end) if at_paragraph_start else None
        if dateline is not None:
            start = dateline.end()  # "KYIV, March 14 (Reuters) - "
        if text[start : start + 5].lower() == "that " and self.quotes.at(start) is None:
            start += 5
        while end > start and text[end - 1] in _TRAILING:
            if self.quotes.at(end - 1) is not None and text[end - 1] not in " \n\t":
                break
            end -= 1
        if end <= start:
            return None
        quotes = self.quotes.within(start, end)
        if len(quotes) == 1:
            quote = quotes[0]
            if quote.outer_start <= start and end <= quote.outer_end:
                return quote.start, quote.end, "direct"
        if quotes:
            return start, end, "mixed"
        return start, end, "indirect"

    def _continue_quote(self, unit: Unit) -> None:
        """A unit that is only a quotation continues the attribution before it."""
        tokens = [t for t in self.doc[unit.start : unit.end] if not t.is_space]
        if not tokens or self.quotes.at(tokens[0].idx) is None:
            return
        if not all(self.quotes.at(t.idx) is not None or t.is_punct for t in tokens):
            return
        previous = self.drafts[-1] if self.drafts else None
        if previous is None or unit.paragraph - previous.paragraph > _CONTINUATION_GAP:
            return
        quote = self.quotes.at(tokens[0].idx)
        assert quote is not None
        if quote.word_count(self.text) < 3 and not self._short_follow_on(
            quote, unit, previous
        ):
            return
        self._add(
            (quote.outer_start, quote.outer_end),
            None,
            previous.entity,
            list(previous.via),
            replace(previous.evidence, continued=previous.evidence.continued + 1),
            unit,
            cue="",
        )

    @rule(
        "short-follow-on",
        stage="quotes",
        example='"The water came up," Olek Brandvold said. "Total ruin."',
        off=False,
    )
    def _short_follow_on(self, quote: Quote, unit: Unit, previous: _Draft) -> bool:
        """Rule "short-follow-on": a quote of one or two words continues the
        claim before it only as a whole utterance in the same paragraph:
        `"The water came up to the windows," he said. "Total ruin."` A short
        quote alone in a paragraph is more often a scare quote or a title.
        """
        words = self.text[quote.start : quote.end].rstrip()
        return previous.paragraph == unit.paragraph and words[-1:] in (
            ".",
            "!",
            "?",
            "…",
        )
