"""Known news outlets: the only place outlet names live.

The data file `data/outlets.json` is a JSON array of objects with the keys of
`OutletEntry` (aliases as a list). Editors can add or override entries at run time
with `Gazetteer.merged`. Lookups are case-insensitive and ignore a leading "the";
matching in running text additionally requires the capitalisation of a name, and
accepts entries flagged `ambiguous` (names that are also everyday words, such as
"Time" or "The Sun") only where the context says an outlet is meant.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc

from .cues import word_set
from .rules import rule

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).resolve().parent / "data" / "outlets.json"

MEDIA_KINDS = frozenset(
    {"newspaper", "broadcaster", "wire_service", "magazine", "website"}
)

# Words around a name that show an outlet is meant ("told Time", "the Sun reported").
_OUTLET_BEFORE = word_set(
    "told tell tells telling to by per citing cited cites cite with on"
)
_OUTLET_AFTER = word_set(
    """reported reports quoted quotes published publishes newspaper magazine tabloid
    daily broadcaster channel website reporter correspondent agency service site
    outlet network portal"""
)
# Last words that make a name a medium's own ("Fars News Agency").
_MEDIUM_WORDS = word_set(
    "news agency radio tv television magazine newspaper channel network online"
)


@dataclass(frozen=True)
class OutletEntry:
    """One outlet: its canonical name, kind and the other names it goes by."""

    name: str
    kind: str
    aliases: tuple[str, ...] = ()
    homepage: str = ""
    country: str = ""
    ambiguous: bool = False

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> OutletEntry:
        """Build an entry from one object of the data file."""
        return cls(
            name=str(data["name"]).strip(),
            kind=str(data.get("kind") or "other"),
            aliases=tuple(str(a).strip() for a in data.get("aliases") or () if a),
            homepage=str(data.get("homepage") or ""),
            country=str(data.get("country") or ""),
            ambiguous=bool(data.get("ambiguous", False)),
        )

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name followed by the aliases."""
        return (self.name, *self.aliases)

    @property
    def is_media(self) -> bool:
        """Whether the outlet publishes news (as opposed to an NGO or other body)."""
        return self.kind in MEDIA_KINDS


@dataclass(frozen=True)
class OutletMention:
    """An outlet named in a parsed text: tokens [start, end) of the doc."""

    start: int
    end: int
    entry: OutletEntry


def normalize_name(text: str) -> str:
    """Lower-case, collapse spaces, drop edge punctuation and a leading "the"."""
    name = " ".join(text.lower().replace("’", "'").split())
    name = name.strip(" \t\"'“”‘’.,;:()")
    if name.endswith("'s"):
        name = name[:-2]
    if name.startswith("the "):
        name = name[4:]
    return name


class Gazetteer:
    """A read-only set of outlets with lookup by name and matching in a Doc."""

    def __init__(self, entries: Iterable[OutletEntry] = ()) -> None:
        self._entries: dict[str, OutletEntry] = {}
        for entry in entries:
            self._entries[normalize_name(entry.name)] = entry
        self._index: dict[str, OutletEntry] = {}
        # Canonical names win over aliases; later entries win among equals.
        for entry in self._entries.values():
            for alias in entry.aliases:
                key = normalize_name(alias)
                if key:
                    self._index[key] = entry
        for key, entry in self._entries.items():
            self._index[key] = entry
        self._by_first: dict[str, list[tuple[str, OutletEntry]]] = {}
        for key, entry in self._index.items():
            # By its first word, and by that word's leading letters, for names
            # the tokenizer splits there ("E! News", "Yahoo! Finance").
            first = key.split(" ", 1)[0]
            stem = re.match(r"\w+", first)
            for word in {first, stem.group() if stem else first}:
                self._by_first.setdefault(word, []).append((key, entry))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        """Read a gazetteer from a JSON file (an array of outlet objects)."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path}: expected a JSON array of outlets")
        return cls(OutletEntry.from_dict(item) for item in data)

    @classmethod
    def load_default(cls, path: str | Path | None = None) -> Gazetteer:
        """Read `data/outlets.json`, or `path` when given.

        A missing default file gives an empty gazetteer (with a logged warning) so
        that extraction still runs; a missing explicit `path` raises.
        """
        if path is not None:
            return cls.load(path)
        if not DEFAULT_PATH.exists():
            logger.warning("no outlet gazetteer at %s; using none", DEFAULT_PATH)
            return cls()
        return cls.load(DEFAULT_PATH)

    def merged(self, extra: Iterable[OutletEntry]) -> Gazetteer:
        """A new gazetteer with `extra` entries added, replacing same-named ones."""
        return Gazetteer([*self._entries.values(), *extra])

    def lookup(self, name: str) -> OutletEntry | None:
        """The outlet called `name` (canonical or alias), or None."""
        return self._index.get(normalize_name(name))

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[OutletEntry]:
        return iter(self._entries.values())

    def find(self, doc: Doc) -> list[OutletMention]:
        """Every outlet named in `doc`, longest match first, without overlaps.

        Matching compares characters, not tokens, so it does not depend on how a
        name tokenizes; a match must start and end on token boundaries, start with
        a capital (as the name does), and include a preceding "the".
        """
        text = doc.text
        lowered = text.lower().replace("’", "'")
        ends = {t.idx + len(t.text): t.i for t in doc}
        found: list[OutletMention] = []
        i = 0
        while i < len(doc):
            token = doc[i]
            candidates = self._by_first.get(token.lower_.replace("’", "'"), ())
            match = None
            for key, entry in candidates:
                stop = token.idx + len(key)
                if lowered[token.idx : stop] != key or stop not in ends:
                    continue
                surface = text[token.idx : stop]
                if not _capitalised_like(surface, entry):
                    continue
                if _inside_a_longer_name(doc, i):
                    continue
                match = (i, ends[stop] + 1, entry)
                break
            if match is None:
                i += 1
                continue
            start, end, entry = match
            if start > 0 and doc[start - 1].lower_ == "the":
                start -= 1
            named_medium = doc[end - 1].lower_ in _MEDIUM_WORDS  # "Fars News Agency"
            if (
                entry.ambiguous
                and not named_medium
                and not _outlet_context(doc, start, end)
            ):
                i = end
                continue
            found.append(OutletMention(start, end, entry))
            i = end
        return found


def _capitalised_like(surface: str, entry: OutletEntry) -> bool:
    first = surface[:1]
    if not first.isalpha():
        return True
    if first.isupper():
        return True
    return any(n[:1].islower() and n.lower() == surface.lower() for n in entry.names)


@rule(
    "outlet-inside-a-longer-name",
    stage="outlets",
    example="Speaking on the Pitchside Daily podcast, coach Ana Lind said the bid "
    "was fair.",
    off=False,
)
def _inside_a_longer_name(doc: Doc, i: int) -> bool:
    """Rule "outlet-inside-a-longer-name": a known name that starts inside a longer
    proper name is not that outlet. "the Pitchside Daily podcast" is a show of its
    own, not the "Daily podcast" of another outlet; the name before it ("Pitchside")
    is a capitalised proper noun in mid-sentence that goes on into the match. A
    place or nationality before an outlet ("Qatari", "Seattle") is no part of its
    name, and a longer outlet starting earlier was matched first."""
    if i == 0:
        return False
    before = doc[i - 1]
    return (
        before.pos_ == "PROPN"
        and before.text[:1].isupper()
        and before.is_alpha
        and not before.is_sent_start
        and before.ent_type_ not in ("GPE", "NORP", "LOC")
    )


def _outlet_context(doc: Doc, start: int, end: int) -> bool:
    """Whether the words around tokens [start, end) show an outlet is meant."""
    if end < len(doc):
        after = doc[end]
        if after.pos_ == "PROPN" and after.text[:1].isupper():
            return False  # the name goes on: "Sun Valley", "Time Square"
        if after.lower_ in _OUTLET_AFTER:
            return True
        following = doc[end + 1].lower_ if end + 1 < len(doc) else ""
        if after.lower_ == "news" and following in _OUTLET_AFTER:
            return True  # "the private APA news agency"
    j = start - 1
    while j >= 0 and doc[j].is_space:
        j -= 1
    return j >= 0 and doc[j].lower_ in _OUTLET_BEFORE


WEBSITE_NAME = re.compile(
    r"^[A-Za-z0-9][\w-]*(\.[\w-]+)*\.(com|net|org|ru|ua|info|io|news|co|tv|uk|de|fr|"
    r"in|by|kz|me|media|online|site|press)$"
)


def looks_like_website(name: str) -> bool:
    """Whether `name` is written as a web address ("Gulagu.net", "Meduza.io")."""
    return bool(WEBSITE_NAME.match(name.strip()))
