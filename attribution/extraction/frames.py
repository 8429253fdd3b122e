"""Attribution frames: the words that say who said something, and where the content is.

A frame is found from a cue (a speech or cognition verb, "according to", "as per")
and the parse around it: the speaker phrase, the outlets or people it relays
through or speaks to, and the content, which lies either after the frame ("X said
that ...", "CNN quoted X as saying ...") or before it ("..., police said",
"“...,” he told CNN"). The parse of a small model is often wrong, so the frame is
read linearly from the cue outwards and the parse is only asked local questions
(what is the subject, which children belong to the frame).
"""

from __future__ import annotations

from .frame_data import Frame
from .layout import Unit
from .phrase_frames import PhraseFrames
from .verb_frames import VerbFrames


class FrameFinder(VerbFrames, PhraseFrames):
    """Finds the frames of one doc, unit by unit: verb frames (`verb_frames`),
    source phrases and naming, stance and describing frames (`phrase_frames`),
    over the shared readings of `frame_parts`."""

    def find(self, unit: Unit) -> list[Frame]:
        """All frames whose cue lies in `unit` outside quotations."""
        frames: list[Frame] = []
        doc = self.doc
        for i in range(unit.start, unit.end):
            token = doc[i]
            if token.is_space or self.in_quote(token):
                continue
            frame = (
                self._source_phrase(token, unit)
                or self._verb_frame(token, unit)
                or self._closing_name_frame(token, unit)
                or self._describing_frame(token, unit)
                or self._stance_frame(token, unit)
                or self._what_frame(token, unit)
            )
            if frame is not None:
                frames.append(frame)
        return frames
