"""Reading one article unit by unit, in order, into its claims (the stages
run in `ArticleState`'s subclasses; names are finalised at the end)."""

from __future__ import annotations

from .article_state import _bare_name, _continues_name, _Draft, _unique_names
from .claim_attribution import ClaimAttribution
from .claims import ExtractedClaim
from .confidence import confidence
from .entities import Entity
from .mention_notes import MentionNotes
from .scene_notes import SceneNotes

# The engine's entity kinds as the store names them.
_SPEAKER_KINDS = {"org": "organisation"}


class _ArticleReader(MentionNotes, SceneNotes, ClaimAttribution):
    """Reads one article into its claims."""

    # -- reading ---------------------------------------------------------------
    def read(self) -> list[ExtractedClaim]:
        for unit in self.units:
            frames = self.finder.find(unit)
            self._note_mentions(unit, frames)
            self._note_new_occasion(unit)
            self._note_reached_by(unit)
            produced = False
            self.unit_vias = {}
            for frame in self._untangle(frames, unit):
                produced |= self._attribute(frame, unit)
            self._note_interviews(unit)
            self._note_scene_outlet(unit)
            self._note_issued_documents(unit)
            if not produced:
                self._continue_quote(unit)
        return self._finish()

    # -- output ----------------------------------------------------------------
    def _finish(self) -> list[ExtractedClaim]:
        claims: list[ExtractedClaim] = []
        for draft in sorted(self.drafts, key=lambda d: d.start):
            entity = draft.entity
            speaker = entity.canonical or None
            outlets = [v for v in draft.via if v is not entity]
            via = tuple(_unique_names(v.canonical for v in outlets))
            written = tuple(_unique_names(self._written(v, draft) for v in outlets))
            claims.append(
                ExtractedClaim(
                    text=self.text[draft.start : draft.end],
                    start=draft.start,
                    end=draft.end,
                    kind=draft.kind,
                    cue=draft.cue,
                    speaker=speaker,
                    speaker_aliases=entity.aliases,
                    speaker_role=entity.role,
                    speaker_is_outlet=entity.is_source,
                    speaker_kind=_SPEAKER_KINDS.get(entity.kind, entity.kind),
                    speaker_named=bool(entity.names or entity.outlet),
                    via=via,
                    via_as_written=written if len(written) == len(via) else via,
                    confidence=confidence(draft.evidence),
                )
            )
        return claims

    def _written(self, outlet: Entity, draft: _Draft) -> str:
        """The outlet as the article names it nearest the claim ("APA", "BBC Radio
        5 Live"), which a reader finds in the text; its gazetteer name otherwise."""
        entry = outlet.outlet
        if entry is None:
            return outlet.canonical
        nearest, best = None, None
        for mention in self._outlets_by_name.get(entry.name, ()):
            char = self.doc[mention.start].idx
            distance = min(abs(char - draft.start), abs(char - draft.end))
            if best is None or distance < best:
                nearest, best = mention, distance
        if nearest is None:
            return entry.name
        end = nearest.end
        while end < len(self.doc) and _continues_name(self.doc[end]):
            end += 1  # "ABC Radio" + "National", "BBC Radio" + "Kent"
        return _bare_name(self.doc[nearest.start : end].text) or entry.name
