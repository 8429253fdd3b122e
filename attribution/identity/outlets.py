"""Outlets a claim came through or that speak: known, short forms, or new.

`outlet_names_resolve` resolves names to the gazetteer's outlets, then to an outlet
the article named when the text uses a short form ("the Post", "the paper"), else
to a new outlet; `outlets_for` gets or creates their rows (new ones marked for an
editor's review). `outlets_speaking` turns a speaker that is an outlet into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from attribution.extraction import ExtractedClaim, Gazetteer, OutletEntry
from attribution.extraction.cues import word_set
from attribution.models import (
    Outlet,
    Speaker,
)
from attribution.slugs import name_slug

from .keys import Mention
from .names import name_key

# Outlets -------------------------------------------------------------------------

# Nouns a text uses for an outlet it has named, and the kinds each may mean.
_OUTLET_NOUNS = {
    "paper": {"newspaper"},
    "newspaper": {"newspaper"},
    "daily": {"newspaper"},
    "tabloid": {"newspaper"},
    "broadsheet": {"newspaper"},
    "network": {"broadcaster"},
    "broadcaster": {"broadcaster"},
    "channel": {"broadcaster"},
    "station": {"broadcaster"},
    "agency": {"wire_service"},
    "news agency": {"wire_service"},
    "wire": {"wire_service"},
    "wire service": {"wire_service"},
    "magazine": {"magazine"},
    "weekly": {"magazine", "newspaper"},
    "site": {"website"},
    "website": {"website"},
    "outlet": {"newspaper", "broadcaster", "wire_service", "magazine", "website"},
}


@dataclass(frozen=True)
class OutletChoice:
    """What an outlet name in an article resolves to."""

    name: str  # the canonical name the outlet row has or gets
    known: bool  # the gazetteer or an editor knows it


def outlet_names_resolve(
    names: Sequence[str], gazetteer: Gazetteer, publisher: Outlet | None = None
) -> dict[str, OutletChoice]:
    """Resolve an article's outlet names, in reading order, to canonical outlets.

    A short form ("Post", "the paper", "the agency") means an outlet the article
    named, when exactly one fits (the last word of its name, or the noun for its
    kind); otherwise it is an outlet of its own, not known to anyone yet.
    """
    known: list[tuple[str, str, tuple[str, ...]]] = []  # name, kind, all keys
    if publisher is not None:
        known.append(
            (
                publisher.name,
                publisher.kind,
                _outlet_keys(publisher.name, publisher.aliases),
            )
        )
    for name in names:
        entry = gazetteer.lookup(name)
        if entry is not None:
            known.append(
                (entry.name, entry.kind, _outlet_keys(entry.name, entry.aliases))
            )
    resolved: dict[str, OutletChoice] = {}
    for name in names:
        entry = gazetteer.lookup(name)
        key = name_key(name)
        others = [k for k in known if entry is None or k[0] != entry.name]
        # "the Star" after "the Toronto Star": the article's outlet, not another
        # outlet that happens to be called The Star.
        short = _short_form(key, others) if len(key.split()) == 1 else ""
        if short and (entry is None or key not in _outlet_keys(short, ())):
            resolved[name] = OutletChoice(short, True)
        elif entry is not None:
            resolved[name] = OutletChoice(entry.name, True)
        else:
            short = _short_form(key, known)
            resolved[name] = OutletChoice(short or " ".join(name.split()), bool(short))
    return resolved


def _outlet_keys(name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    return tuple(name_key(n) for n in [name, *aliases])


_WEAK_OUTLET_WORDS = word_set("news the and of daily new times radio tv online")


def _short_form(key: str, known: list[tuple[str, str, tuple[str, ...]]]) -> str:
    """The one outlet of `known` that `key` names in short, or ""."""
    if not key:
        return ""
    kinds = _OUTLET_NOUNS.get(key)
    single = len(key.split()) == 1 and key not in _WEAK_OUTLET_WORDS
    fits = {
        name
        for name, kind, keys in known
        if (kinds is not None and kind in kinds)
        or (single and any(k != key and key in k.split() for k in keys))
    }
    return fits.pop() if len(fits) == 1 else ""


def outlet_defaults(
    name: str, entry: OutletEntry | None, *, needs_review: bool = True
) -> dict[str, object]:
    """The fields of a new outlet: the gazetteer's entry where it knows the name;
    otherwise the name alone, waiting for an editor when `needs_review`."""
    if entry is None:
        return {"name": name, "needs_review": needs_review}
    return {
        "name": name,
        "needs_review": False,
        "kind": entry.kind,
        "aliases": list(entry.aliases),
        "homepage": entry.homepage,
        "country": entry.country,
    }


def outlets_for(
    choices: Iterable[OutletChoice], gazetteer: Gazetteer
) -> dict[str, Outlet]:
    """The outlet rows for resolved names, created when missing (one query to find).

    Outlets the gazetteer knows are created from its entry; others are created
    marked for an editor's review.
    """
    by_slug = {name_slug(c.name, "outlet"): c for c in choices}
    rows = {o.slug: o for o in Outlet.objects.filter(slug__in=list(by_slug))}
    out: dict[str, Outlet] = {}
    for slug, choice in by_slug.items():
        outlet = rows.get(slug)
        if outlet is None:
            defaults = outlet_defaults(choice.name, gazetteer.lookup(choice.name))
            outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults=defaults)
            rows[slug] = outlet
        out[choice.name] = outlet
    return out


# Nouns for an outlet's kind that name nothing else: "the newspaper said".
_MEDIA_ONLY = word_set("paper newspaper daily tabloid broadsheet broadcaster magazine")


def outlets_speaking(
    mentions: list[Mention | None],
    extracted: Sequence[ExtractedClaim],
    gazetteer: Gazetteer,
    publisher: Outlet | None,
) -> None:
    """A speaker the engine did not take for an outlet that is one becomes the
    outlet's: a name the gazetteer knows ("BBC said"), or a short form of an
    outlet the article named ("the Journal reported", "the newspaper said" after
    Aftenposten), so that an outlet that speaks is never a second entity."""
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    named = list(
        dict.fromkeys(
            [n for item in extracted for n in item.via]
            + [m.outlet for m in distinct if m.outlet]
        )
    )
    for mention in distinct:
        if mention.outlet or not mention.key:
            continue
        name, key = mention.name, mention.key
        if gazetteer.lookup(name) is not None and name[:1].isupper():
            mention.outlet = name
        elif len(key.split()) == 1 and (key not in _OUTLET_NOUNS or key in _MEDIA_ONLY):
            choice = outlet_names_resolve([*named, name], gazetteer, publisher)[name]
            if choice.known and choice.name != name:
                mention.outlet = name
        if mention.outlet:
            mention.kind, mention.named = Speaker.Kind.OUTLET, True
