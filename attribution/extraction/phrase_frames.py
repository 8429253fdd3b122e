"""Frames that are no plain cue verb: "according to X", "as per X", "what X
described as "Y"", "expressed confidence that ...", "described X as Y"."""

from __future__ import annotations

from spacy.tokens import Token

from .cues import (
    CLOSING_CUES,
    DESCRIBING_VERBS,
    DOCUMENT_NOUNS,
    EVALUATIVE_VERBS,
    LIKENING_VERBS,
    NAMING_VERBS,
    VAGUE_SOURCES,
)
from .frame_data import Frame, Range
from .frame_parts import FrameParts
from .frame_shapes import (
    _describing_tail,
    _evaluates_its_object,
    _inherited_subject,
    _likens_to_a_quote,
    _names_a_pronoun,
    _reports_of_a_kind,
    concession_start,
    speech_event,
)
from .layout import Unit
from .rules import rule
from .token_spans import _is_cue_verb, _range, _subject, relative_pronoun


def _in_reported_clause(verb: Token) -> bool:
    """Whether a verb is, or lies inside, the clause a cue verb reports."""
    current = verb
    while current.dep_ in ("ccomp", "conj", "advcl") and current.head.i != current.i:
        if current.dep_ == "ccomp" and _is_cue_verb(current.head):
            return True
        current = current.head
    return False


class PhraseFrames(FrameParts):
    """Finds the frames of source phrases and of naming, stance and describing
    verbs."""

    # -- "according to X", "as per X" ----------------------------------------
    def _source_phrase(self, token: Token, unit: Unit) -> Frame | None:
        """ "according to X", "as per X": X is the source (`_phrase_source`)
        and the content is what the sentence says besides (`_phrase_content`)."""
        doc = self.doc
        if token.i + 1 >= unit.end:
            return None
        nxt = doc[token.i + 1]
        if (token.lower_, nxt.lower_) not in (("according", "to"), ("as", "per")):
            return None
        found = self._phrase_source(nxt, unit)
        if found is None:
            return None
        source, channels = found
        # The phrase runs past an author named inside it ("United Nations
        # figures", "the agency's own data").
        objects = [c.right_edge.i + 1 for c in nxt.children if c.dep_ == "pobj"]
        end = min(max([source[1], *objects]), unit.end)
        content, side = self._phrase_content(token, (source[0], end), unit)
        if content[1] <= content[0] or speech_event(doc[unit.start : unit.end]):
            return None
        cue = f"{token.text} {nxt.text}".lower()
        return Frame(
            cue=cue,
            lemma=cue,
            head=token.i,
            start=token.i,
            end=end,
            content=content,
            speaker=source,
            side=side,
            source_phrase=True,
            channels=channels,
        )

    def _phrase_source(
        self, preposition: Token, unit: Unit
    ) -> tuple[Range, tuple[str, ...]] | None:
        """The source a phrase names, and the document it speaks through:
        "according to figures released by X" and "as per X's own data" give X
        (a later "the figures" is X's); a vague source ("according to reports")
        names no one."""
        doc = self.doc
        objects = [c for c in preposition.children if c.dep_ == "pobj"]
        if objects:
            source = _range(objects[0], unit)
        else:
            end = preposition.i + 1
            while end < unit.end and doc[end].text not in (",", ".", ";"):
                end += 1
            source = (preposition.i + 1, end)
        if source[0] >= source[1] or source[0] <= preposition.i:
            return None
        document = objects[0] if objects else doc[source[0] : source[1]].root
        if not {document.lemma_.lower(), document.lower_} & DOCUMENT_NOUNS:
            return source, ()
        author = self._author(document)
        if author is not None:
            return _range(author, unit), (document.lemma_.lower(),)
        if document.lower_ in VAGUE_SOURCES and not _reports_of_a_kind(document):
            return None
        return source, ()

    def _phrase_content(
        self, token: Token, source: Range, unit: Unit
    ) -> tuple[tuple[int, int], str]:
        """What a source phrase attributes, and on which side: what follows an
        opening phrase; what precedes a closing one, or one between a clause
        and a comma ("A, according to a study, with researchers warning that
        B" gives A); else the whole sentence."""
        doc = self.doc
        before = [
            t
            for t in doc[unit.start : token.i]
            if not (t.is_space or t.is_punct or t.pos_ in ("CCONJ", "ADV"))
        ]
        after = [t for t in doc[source[1] : unit.end] if not (t.is_space or t.is_punct)]
        clause_before = len(before) >= 4 and any(
            t.pos_ in ("VERB", "AUX") for t in before
        )
        comma_after = source[1] < unit.end and doc[source[1]].text == ","
        concession = concession_start(doc, unit.start, unit.end)
        if concession is not None and concession < token.i:
            return self._chars(concession + 1, token.i), "left"
        if not before:
            return self._chars(source[1], unit.end), "right"
        if not after or (clause_before and comma_after):
            return self._chars(unit.start, token.i), "left"
        return self._chars(unit.start, unit.end), "whole"

    # -- "what X described as "Y"" ---------------------------------------------
    @rule(
        "what-described-as",
        stage="frames",
        example=(
            "The museum bought what its director described as "
            '"the finest clock in Europe."'
        ),
        off=None,
    )
    def _what_frame(self, verb: Token, unit: Unit) -> Frame | None:
        """ "bought what its director described as "the finest clock"", "what
        he called "a disgrace"": the relative "what" is the verb's object, and
        the quoted name it is given is the subject's claim. Only a quotation
        counts; unquoted, the words are the author's."""
        lemma = verb.lemma_.lower()
        if lemma not in NAMING_VERBS or verb.pos_ != "VERB":
            return None
        if not any(c.lower_ == "what" and c.i < verb.i for c in verb.children):
            return None
        subject = _subject(verb)
        if subject is None or relative_pronoun(subject) or subject.lower_ == "what":
            return None
        start = verb.i + 1
        if lemma != "call":
            marker = next((c for c in verb.children if c.lower_ == "as"), None)
            if marker is None or marker.i != verb.i + 1:
                return None
            start = marker.i + 1
        doc = self.doc
        end = start
        while end < min(start + 2, unit.end) and not self.in_quote(doc[end]):
            end += 1  # "described as a "piece of history""
        while end < unit.end and self.in_quote(doc[end]):
            end += 1
        if sum(t.is_alpha and self.in_quote(t) for t in doc[start:end]) < 2:
            return None  # a scare-quoted word ("what it called "guaranteed"")
        end = self._dashed_gloss(end, unit)
        speaker = _range(subject, unit)
        return Frame(
            cue=self.doc[verb.i : start].text,
            lemma=lemma,
            head=verb.i,
            start=speaker[0],
            end=start,
            content=self._chars(start, end),
            speaker=speaker,
            side="right",
        )

    def _dashed_gloss(self, end: int, unit: Unit) -> int:
        """The end of a name's gloss between dashes after it: "what X calls
        "the paradox" – that A makes B worse – is ..." keeps the gloss."""
        doc = self.doc
        if end + 1 >= unit.end or doc[end].text not in ("–", "—", "-"):
            return end
        if doc[end + 1].lower_ != "that":
            return end
        for k in range(end + 2, unit.end):
            if doc[k].text in ("–", "—", "-"):
                return k
        return end

    # -- "expressed confidence that ..." --------------------------------------
    def _stance_frame(self, verb: Token, unit: Unit) -> Frame | None:
        """A stance put forward with a clause (`stance_clauses`): the verb's
        subject speaks, and the clause after "that" is the content."""
        found = self.stances.get(verb.i)
        if found is None or any(c.dep_ == "neg" for c in verb.children):
            return None
        that, last = found
        subject = _subject(verb) or _inherited_subject(verb)
        if subject is None or relative_pronoun(subject):
            return None
        end = min(last + 1, unit.end)
        while end > that + 1 and self.doc[end - 1].is_punct:
            end -= 1
        if end <= that + 1 or not unit.start <= that < unit.end:
            return None
        speaker = self._with_role_before(_range(subject, unit), unit)
        stance = self.doc[verb.i : that]
        return Frame(
            cue=stance.text,
            lemma=verb.lemma_.lower(),
            head=verb.i,
            start=min(verb.i, speaker[0]),
            end=that + 1,
            content=self._chars(that + 1, end),
            speaker=speaker,
            that=True,
            side="right",
        )

    # -- "described X as Y", "accused X of Y", "called X "Y"" ----------------
    def _describing_frame(self, verb: Token, unit: Unit) -> Frame | None:
        """A verb that characterises something: what it says of its object is
        the content, object included ("the closure as "unlawful"")."""
        lemma = verb.lemma_.lower()
        if lemma not in DESCRIBING_VERBS or verb.pos_ != "VERB":
            return None
        if any(c.dep_ in ("neg", "auxpass") for c in verb.children):
            return None
        if _describing_tail(verb, self.in_quote) and _in_reported_clause(verb.head):
            return None  # a tail the reported clause before it ends at
        subject = _subject(verb) or _inherited_subject(verb)
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is None and lemma in EVALUATIVE_VERBS:
            obj = self._quoted_object(verb)
        if subject is None or obj is None or obj.i < verb.i:
            return None
        return self._described(verb, lemma, subject, obj, unit)

    def _described(
        self, verb: Token, lemma: str, subject: Token, obj: Token, unit: Unit
    ) -> Frame | None:
        """The frame of a describing verb with its subject and object."""
        if relative_pronoun(subject):
            return None  # "what it called ..."
        if obj.pos_ == "PRON" and not _names_a_pronoun(lemma):
            return None  # "described it as ...": what "it" is stays unclear
        end = min(verb.right_edge.i + 1, unit.end)
        for child in verb.children:
            if child.i > obj.i and child.dep_ in ("cc", "conj", "advcl"):
                end = min(end, child.left_edge.i)  # "... and demanded a probe"
        if not self._characterises(lemma, verb, obj, end):
            return None
        speaker = self._with_role_before(_range(subject, unit), unit)
        start = obj.left_edge.i
        while end > start and (
            self.doc[end - 1].is_punct and not self.in_quote(self.doc[end - 1])
        ):
            end -= 1
        content = self._chars(start, end)
        if content[1] <= content[0]:
            return None
        channels: list[str] = []
        for child in verb.children:
            if child.dep_ == "prep" and child.i < obj.i:
                channels.extend(self._channel_nouns(child))
        return Frame(
            cue=verb.text,
            lemma=lemma,
            head=verb.i,
            start=min(verb.i, speaker[0]),
            end=start,
            content=content,
            speaker=speaker,
            side="right",
            channels=tuple(channels),
        )

    def _characterises(self, lemma: str, verb: Token, obj: Token, end: int) -> bool:
        """Whether a describing verb says what its object is: "accused X of",
        "called X "Y"", "described X as", "compared X to "Y"", "blamed X for"."""
        rest = self.doc[obj.i : end]

        def marker(word: str) -> bool:
            return any(t.lower_ == word and t.head.i in (verb.i, obj.i) for t in rest)

        if lemma == "accuse":
            return marker("of")
        if lemma == "call":
            # "called the charges "a vendetta"", "called it "a disgrace"" (but
            # "called it quits" has no quotation and is no claim).
            after = obj.right_edge.i + 1
            return after < end and self.in_quote(self.doc[after])
        if lemma in LIKENING_VERBS:
            return _likens_to_a_quote(self.in_quote, rest, verb, obj)
        if lemma in EVALUATIVE_VERBS:
            quoted = self._quoted_object(verb)
            return _evaluates_its_object(lemma, rest, verb, obj) or (
                quoted is not None and quoted.i == obj.i
            )
        return marker("as")

    @rule(
        "evaluates-a-quote",
        stage="frames",
        example=(
            "In an address on Friday, President Tomas Ek condemned the "
            '"attack whose nature cannot be denied."'
        ),
        off=None,
    )
    def _quoted_object(self, verb: Token) -> Token | None:
        """ "condemned the "attack whose nature cannot be denied"", "a
        statement condemning "what appears to be an attack"": an evaluative
        verb whose object (or a clause in its place) is a quotation right
        after it asserts the quoted words. Gives that object."""
        for child in verb.children:
            if child.i <= verb.i or child.dep_ not in ("dobj", "ccomp"):
                continue
            first = child.left_edge.i
            opening = next(
                (t for t in self.doc[verb.i + 1 : first + 2] if self.in_quote(t)), None
            )
            if opening is not None and opening.i <= first + 1:
                return child
        return None

    # -- "..., the BBC understands." -------------------------------------------
    @rule(
        "name-understands-after-the-content",
        stage="frames",
        example=(
            "Harbour Rovers have agreed a fee of £12m for the defender Ola "
            "Brandt, Coastline Sports News understands."
        ),
        off=None,
    )
    def _closing_name_frame(self, token: Token, unit: Unit) -> Frame | None:
        """Rule "name-understands-after-the-content": a sentence closing on
        ", <Name> understands." (or "understood", "has learned", "reports")
        attributes what precedes the comma to the name. The tagger often reads
        the cue after a run of capitalised words as a plural noun or a
        compound ("Sky Sports News understands" as one noun phrase), so no
        verb frame is found. Read by its surface: a comma, an optional "the",
        capitalised words, the cue, and the sentence's end."""
        doc = self.doc
        if token.lower_ not in CLOSING_CUES or self._closing_end(token, unit) is None:
            return None
        k = token.i - 1
        cue = [token.text]
        if k > unit.start and doc[k].lower_ in ("has", "have"):
            if token.lower_ not in ("learned", "learnt"):
                return None
            cue.insert(0, doc[k].text)
            k -= 1
        elif token.lower_ in ("learned", "learnt"):
            return None
        name_end = k + 1
        while k > unit.start and doc[k].text[:1].isupper() and doc[k].is_alpha:
            k -= 1
        if k == name_end - 1 or doc[k].text not in (",", "the"):
            return None
        name_start = k + 1
        if doc[k].lower_ == "the":
            k -= 1
        if doc[k].text != ",":
            return None
        start = max(unit.start, token.sent.start)
        content = self._chars(start, k)
        if k - start < 4 or self.in_quote(doc[k - 1]):
            return None
        return Frame(
            cue=" ".join(cue),
            lemma=CLOSING_CUES[token.lower_],
            head=token.i,
            start=k,
            end=token.i + 1,
            content=content,
            speaker=(name_start, name_end),
            side="left",
        )

    def _closing_end(self, token: Token, unit: Unit) -> int | None:
        """The index of the full stop right after `token`, or None."""
        doc = self.doc
        nxt = token.i + 1
        if nxt < unit.end and doc[nxt].text == ".":
            return nxt
        return None
