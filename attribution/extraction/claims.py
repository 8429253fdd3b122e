"""The engine's output: plain, immutable claim records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

KINDS = ("direct", "indirect", "mixed")


@dataclass(frozen=True)
class ExtractedClaim:
    """One statement the article attributes to someone other than its author.

    `text` is the content without its frame, exactly `article[start:end]`. `kind`
    is "direct" (all in quotation marks), "indirect" (reported speech) or "mixed"
    (reported speech quoting some words). `cue` is the attribution's verb phrase
    ("told", "was quoted as saying by", "according to"; empty for a quotation that
    continues the one before it). `speaker` is the canonical name of the speaker in
    the article (the fullest name it gives, or an outlet's gazetteer name), with the
    article's other names for it in `speaker_aliases`. `via` lists the outlets the
    statement reached the article through, outermost first, by gazetteer name;
    `via_as_written` names them as the article does nearest the claim ("AFP",
    "Good Morning America" for ABC News). `confidence` is lower
    for speakers found through pronouns or descriptions and for frame-less quotes.
    `speaker_kind` says what the speaker is ("person", "organisation", "outlet" or
    "group" for an unnamed collective such as "police"), and `speaker_named` whether
    the article gives it a proper name (False for "an official", "the company"): the
    store links named speakers across articles and keeps the others to theirs.
    """

    text: str
    start: int
    end: int
    kind: str
    cue: str
    speaker: str | None
    speaker_aliases: tuple[str, ...] = ()
    speaker_role: str = ""
    speaker_is_outlet: bool = False
    speaker_kind: str = ""
    speaker_named: bool = False
    via: tuple[str, ...] = ()
    via_as_written: tuple[str, ...] = ()
    confidence: float = 0.5

    def as_dict(self) -> dict[str, Any]:
        """The claim as the JSON object of the shared conventions (plus extras)."""
        return {
            "text": self.text,
            "speaker": self.speaker,
            "via": list(self.via_as_written or self.via),
            "via_outlets": list(self.via),
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "cue": self.cue,
            "confidence": round(self.confidence, 3),
            "speaker_role": self.speaker_role,
        }
