"""The claim list as plain dicts: the JSON ClaimSerializer gives, without its cost.

A page of 50 claims through ClaimSerializer builds some 300 field objects' worth
of work: every claim a model instance, every URL a reverse() (half of the
serializer's time), every via link a model of its own. The list reads only the
columns it shows with values(), the via chains of the whole page in one more
query, and builds every URL from a prefix reversed once per request. The output
has the serializer's keys and values exactly (tests/api/test_claim_rows.py
compares the two for the same claims).
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import OuterRef, QuerySet
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import iri_to_uri

from attribution.models import Claim, ClaimVia
from attribution.roles import Role

# The columns a claim row shows; the joins are single-valued (speaker, reviewer).
COLUMNS = (
    "id",
    "article_id",
    "canonical_id",
    "text",
    "start",
    "end",
    "kind",
    "cue",
    "speaker_id",
    "speaker__slug",
    "speaker__name",
    "speaker_name",
    "no_speaker_reason",
    "confidence",
    "review_status",
    "contested",
    "verified",
    "version",
    "reviewed_by_id",
    "reviewed_by__first_name",
    "reviewed_by__last_name",
    "reviewed_at",
    "created_at",
)
_MARK = "0000000000"  # stands for the id or slug while the prefix is reversed
_SAFE = "!$&'()*+,;=/~:@"  # what Django's reverse() leaves unquoted in a value
_PLAIN = re.compile(r"[-\w]+", re.ASCII)  # a slug neither quoting changes


def claim_values(claims: QuerySet[Claim]) -> QuerySet:
    """`claims` (filtered, perhaps ordered) reading only COLUMNS, as dicts.

    The names the list is ordered by are selected too (a search's rank position,
    the article's date), since a cursor page reads its position from its last row.
    The select_related and prefetch_related of `claims` are dropped: values() has
    what they fetched. On PostgreSQL each row also carries its via chain (`vias`,
    an array subquery), so that a page is one query: on a busy server a round
    trip to the database costs more than the subquery."""
    ordering = [
        name.lstrip("-") for name in claims.query.order_by if isinstance(name, str)
    ]
    extra = [name for name in ordering if name not in COLUMNS and name != "pk"]
    rows = (
        claims.select_related(None)
        .prefetch_related(None)
        .values(*COLUMNS, *dict.fromkeys(extra))
    )
    if connection.vendor != "postgresql":
        return rows
    return rows.annotate(vias=_VIAS)


# A claim's outlets, outermost first, as one array of {id, slug, name}.
_VIAS = ArraySubquery(
    ClaimVia.objects.filter(claim_id=OuterRef("pk"))
    .order_by("position")
    .values(json=JSONObject(id="outlet_id", slug="outlet__slug", name="outlet__name"))
)


@dataclass(frozen=True)
class Links:
    """Absolute API URLs by id or slug, from prefixes reversed once per request."""

    claim: Callable[[object], str]
    article: Callable[[object], str]
    canonical: Callable[[object], str]
    speaker: Callable[[object], str]
    outlet: Callable[[object], str]

    @classmethod
    def for_request(cls, request) -> "Links":
        def link(view: str, key: str) -> Callable[[object], str]:
            path = reverse(f"api:{view}", kwargs={key: _MARK})
            before, after = request.build_absolute_uri(path).split(_MARK, 1)
            if key == "pk":
                return lambda value: f"{before}{value}{after}"

            def by_slug(value: object) -> str:
                text = str(value)
                if not _PLAIN.fullmatch(text):
                    # reverse() quotes it; build_absolute_uri() then IRI-encodes it.
                    text = iri_to_uri(quote(text, safe=_SAFE))
                return f"{before}{text}{after}"

            return by_slug

        return cls(
            claim=link("claim-detail", "pk"),
            article=link("article-detail", "pk"),
            canonical=link("canonical-claim-detail", "pk"),
            speaker=link("speaker-detail", "slug"),
            outlet=link("outlet-detail", "slug"),
        )


def claim_rows(values: Iterable[dict], links: Links) -> list[dict[str, Any]]:
    """ClaimSerializer's output for these claim_values() rows (one query more,
    for the via chains of all of them, where the rows do not carry them)."""
    values = list(values)
    if values and "vias" in values[0]:
        vias = {v["id"]: _chain(v["vias"], links) for v in values}
    else:
        vias = _via_chains([v["id"] for v in values], links)
    zone = timezone.get_current_timezone()
    editor = str(Role.EDITOR.label)
    rows = []
    for v in values:
        speaker_id = v["speaker_id"]
        canonical_id = v["canonical_id"]
        reviewer = None
        if v["reviewed_by_id"] is not None:
            full = f"{v['reviewed_by__first_name']} {v['reviewed_by__last_name']}"
            reviewer = full.strip() or editor  # roles.public_name, from columns
        rows.append(
            {
                "id": v["id"],
                "url": links.claim(v["id"]),
                "article": links.article(v["article_id"]),
                "canonical": None
                if canonical_id is None
                else links.canonical(canonical_id),
                "text": v["text"],
                "start": v["start"],
                "end": v["end"],
                "kind": v["kind"],
                "cue": v["cue"],
                "speaker": None
                if speaker_id is None
                else {
                    "id": speaker_id,
                    "slug": v["speaker__slug"],
                    "name": v["speaker__name"],
                    "url": links.speaker(v["speaker__slug"]),
                },
                "speaker_name": v["speaker_name"],
                "no_speaker_reason": v["no_speaker_reason"],
                "via": vias.get(v["id"], []),
                "confidence": v["confidence"],
                "review_status": v["review_status"],
                "contested": v["contested"],
                "verified": v["verified"],
                "version": v["version"],
                "reviewed_by": reviewer,
                "reviewed_at": _instant(v["reviewed_at"], zone),
                "created_at": _instant(v["created_at"], zone),
            }
        )
    return rows


def _via_chains(claim_ids: list[int], links: Links) -> dict[int, list[dict]]:
    """Each claim's outlets, outermost first, as OutletRefSerializer gives them."""
    if not claim_ids:
        return {}
    chains: dict[int, list[dict]] = {}
    rows = (
        ClaimVia.objects.filter(claim_id__in=claim_ids)
        .order_by("claim_id", "position")
        .values_list("claim_id", "outlet_id", "outlet__slug", "outlet__name")
    )
    for claim_id, outlet_id, slug, name in rows:
        chains.setdefault(claim_id, []).append(
            {"id": outlet_id, "slug": slug, "name": name, "url": links.outlet(slug)}
        )
    return chains


def _chain(outlets: list[dict], links: Links) -> list[dict]:
    """OutletRefSerializer's dicts, keys in its order, for an array of `vias`."""
    return [
        {
            "id": outlet["id"],
            "slug": outlet["slug"],
            "name": outlet["name"],
            "url": links.outlet(outlet["slug"]),
        }
        for outlet in outlets
    ]


def _instant(value: datetime | None, zone) -> str | None:
    """DRF's ISO 8601 for a DateTimeField: in the current zone, UTC as 'Z'."""
    if not value:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
