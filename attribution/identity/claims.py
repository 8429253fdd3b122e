"""Placing an article's extracted claims: speaker (or why none) and via outlets.

`claims_place` leaves out what is no speaker (with the reason), gives a document
its issuer, and places the rest through `speakers_place` and `outlets_for`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from attribution.extraction import ExtractedClaim, Gazetteer
from attribution.models import (
    Article,
    Outlet,
    Speaker,
)

from .keys import Mention, name_forms
from .mentions import describes, mentions_of
from .names import DOCUMENTS, HEAD_ENDS, STOP, junk_reason, name_key, speaker_name_clean
from .outlets import outlet_names_resolve, outlets_for, outlets_speaking
from .speakers import speakers_place

# Claims of one article --------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where one extracted claim goes: its speaker (or why none), name and via."""

    speaker: Speaker | None
    name: str
    reason: str
    via: list[Outlet]


def claims_place(
    *, article: Article, extracted: Sequence[ExtractedClaim], gazetteer: Gazetteer
) -> list[Placement]:
    """Place the speakers and via outlets of an article's extracted claims.

    Creates the speakers and outlets that are new (see speakers_place and
    outlets_for); writes no claims. A bounded number of queries per article.
    """
    mentions = mentions_of(extracted, article.body)
    outlets_speaking(mentions, extracted, gazetteer, article.publisher)
    dateline = name_key(dateline_place(article.body))
    reasons = []
    named = [
        m
        for m in {id(m): m for m in mentions if m is not None}.values()
        if m.named and m.kind == Speaker.Kind.ORGANISATION and not m.outlet
    ]
    for i, mention in enumerate(mentions):
        reason = ""
        if mention is not None and not mention.outlet:
            role = mention.roles[0] if mention.roles else ""
            reason = junk_reason(mention.name, mention.kind, role)
            if dateline and mention.key == dateline:
                reason = f"“{mention.name}” is the dateline's place, not a speaker."
            issuer = (
                _issuer(mention, named, article.title, gazetteer)
                if " document" in reason
                else None
            )
            if issuer is not None:
                mentions[i], reason = issuer, ""
        elif mention is None:
            reason = "The engine could not tell who spoke."
        reasons.append(reason)
        if reason:
            mentions[i] = None
    names = list(
        dict.fromkeys(
            name
            for item, mention in zip(extracted, mentions, strict=True)
            for name in [
                *item.via,
                *([mention.outlet] if mention and mention.outlet else []),
            ]
        )
    )
    resolved = outlet_names_resolve(names, gazetteer, article.publisher)
    rows = outlets_for(resolved.values(), gazetteer)
    outlets = {name: rows[resolved[name].name] for name in names}
    speakers = speakers_place(article=article, mentions=mentions, outlets=outlets)
    placed = []
    for item, mention, speaker, reason in zip(
        extracted, mentions, speakers, reasons, strict=True
    ):
        chain = [outlets[name] for name in item.via]
        if speaker is not None and speaker.outlet_id is not None:
            chain = [o for o in chain if o.pk != speaker.outlet_id]
        name = mention.name if mention else speaker_name_clean(item.speaker or "")
        placed.append(
            Placement(
                speaker=speaker,
                name=name[:200],
                reason=reason[:300],
                via=list({o.pk: o for o in chain}.values()),
            )
        )
    return placed


# "SAN JOSE, Calif. (AP) —", "OSLO, March 4 (Reuters) -": a place in capitals,
# then maybe a region or date and the agency, then a dash, at the article's top.
_DATELINE = re.compile(
    r"^[ \t]*([A-Z][A-Z.'’ -]*[A-Z])(?:,[ \t]*[\w.' ]{1,30}?)?[ \t]*"
    r"(?:\([^)\n]{1,40}\))?[ \t]*[-—–][ \t]",
    re.MULTILINE,
)


def dateline_place(body: str) -> str:
    """The place of the article's dateline ("SAN JOSE"), or ""."""
    lines = [line for line in body[:2000].splitlines() if line.strip()][:3]
    match = _DATELINE.search("\n".join(lines))
    return match.group(1).strip() if match else ""


def _issuer(
    document: Mention,
    bodies: list[Mention],
    headline: str = "",
    gazetteer: Gazetteer | None = None,
) -> Mention | None:
    """Who issued a document that "said" something: who published it ("a poll
    published by NRK"), the named body of the article its words name ("a Nordvik
    filing", "the club's statement"), else the only named body the article quotes
    or, of several, the only one its headline names ("the annual report said" in
    "Nordvik Mining swings to loss"). None when the article does not tell."""
    by = re.search(
        r"\b(?:published|issued|released|commissioned)\s+by\s+(.+)$", document.name
    )
    if by is not None:
        name = re.split(r"\s+(?:last|on|in|this|earlier)\b", by.group(1))[0].strip()
        entry = gazetteer.lookup(name) if gazetteer is not None else None
        if entry is not None:
            return Mention(
                name=entry.name, kind=Speaker.Kind.OUTLET, named=True, outlet=name
            )
        for body in bodies:
            if name_key(name) in body.keys | name_forms(body.name, body.kind):
                return body
    words = [w.removesuffix("'s") for w in document.key.split()]
    cut = next((i for i, w in enumerate(words) if i and w in HEAD_ENDS), len(words))
    words = [w for w in words[:cut] if w not in DOCUMENTS and w not in STOP]
    for body in bodies:
        forms = name_forms(body.name, body.kind) | body.keys
        if any(w in f.split() for w in words for f in forms):
            return body
    described = [
        b
        for b in bodies
        if words
        and describes(
            Mention(name=" ".join(words), kind=Speaker.Kind.ORGANISATION, named=False),
            b,
        )
    ]
    if len(described) == 1:
        return described[0]
    if words:
        return None
    if len(bodies) == 1:
        return bodies[0]
    title = name_key(headline)
    in_title = [
        b
        for b in bodies
        if any(
            re.search(rf"\b{re.escape(f)}\b", title)
            for f in name_forms(b.name, b.kind) | b.keys
        )
    ]
    return in_title[0] if len(in_title) == 1 else None
