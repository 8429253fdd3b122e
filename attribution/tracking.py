"""Claims across articles: canonical claims, how they travelled, how words drifted.

A claim joins the canonical claim of the same speaker whose reports are most similar
to it (attribution.clustering decides), or starts a new one. Editors merge and split
canonical claims; each ruling is stored as a ClusterDecision keyed by the claim's place
in its article, so it holds when the article is re-parsed.

Writes (claim_cluster, article_cluster, canonical_merge, canonical_split) lock the
speaker's row, so that two workers clustering the same speaker take turns. Reads
(canonical_timeline, canonical_drift, canonical_citations) work on a canonical claim's
members, which canonical_members fetches in one query per relation.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from attribution import clustering
from attribution.models import (
    CanonicalClaim,
    Claim,
    ClaimRelation,
    ClaimVia,
    ClusterDecision,
    Outlet,
    Speaker,
)

QUOTED = (Claim.Kind.DIRECT, Claim.Kind.MIXED)


# Writes ---------------------------------------------------------------------------


def claim_cluster(*, claim_id: int) -> CanonicalClaim | None:
    """Put one claim into its canonical claim; None when it has no speaker.

    An editor's decision for the claim's place wins; a claim already in a canonical
    claim of its speaker stays there; otherwise it joins the same speaker's most
    similar canonical claim at or above clustering.SAME_STATEMENT, or starts one.
    Calling it again changes nothing.
    """
    with transaction.atomic():
        claim = Claim.objects.select_related("article", "canonical").get(pk=claim_id)
        _lock_speakers([claim.speaker_id])
        changed: set[int] = set()
        canonical = _place(claim, changed)
        canonicals_tidy(changed)
        return canonical


def article_cluster(*, article_id: int, touched: Iterable[int] = ()) -> int:
    """Cluster every claim of an article; returns how many found a canonical claim.

    `touched` names canonical claims that lost reports before this call (a re-parse
    deletes unreviewed claims). The article's speakers are locked at once, in id
    order, so that workers clustering articles with shared speakers take turns; each
    changed canonical claim is refreshed once, at the end.
    """
    with transaction.atomic():
        claims = list(
            Claim.objects.filter(article_id=article_id)
            .select_related("article", "canonical")
            .order_by("speaker_id", "start")
        )
        _lock_speakers(c.speaker_id for c in claims)
        changed = set(touched)
        clustered = sum(_place(claim, changed) is not None for claim in claims)
        canonicals_tidy(changed)
    return clustered


def _lock_speakers(ids: Iterable[int | None]) -> None:
    wanted = sorted({i for i in ids if i is not None})
    if wanted:
        list(
            Speaker.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


def _place(claim: Claim, changed: set[int]) -> CanonicalClaim | None:
    """Decide and store the claim's canonical claim; note which ones changed.

    A canonical claim made here for this claim alone needs no refresh: it was
    created with the claim's text and date.
    """
    canonical, fresh = None, False
    if claim.speaker_id is not None:
        current = claim.canonical
        if current is not None and current.speaker_id != claim.speaker_id:
            current = None
        canonical = _decided(claim) or current or _most_similar(claim)
        if canonical is None:
            canonical, fresh = _new_canonical(claim), True
    previous_id = claim.canonical_id
    if previous_id != (canonical.pk if canonical else None):
        Claim.objects.filter(pk=claim.pk).update(canonical=canonical)
        claim.canonical = canonical
        if previous_id is not None:
            changed.add(previous_id)
        if canonical is not None and not fresh:
            changed.add(canonical.pk)
    return canonical


def canonical_merge(*, canonical_id: int, into_id: int, user) -> CanonicalClaim:
    """Move every report of one canonical claim into another of the same speaker."""
    if canonical_id == into_id:
        raise ValidationError("A canonical claim cannot be merged into itself.")
    with transaction.atomic():
        source = CanonicalClaim.objects.select_for_update().get(pk=canonical_id)
        target = CanonicalClaim.objects.select_for_update().get(pk=into_id)
        if source.speaker_id != target.speaker_id:
            raise ValidationError(
                "Only statements by the same speaker can be merged: "
                f"{source.speaker} and {target.speaker} differ."
            )
        for claim in source.members.all():
            _decide(claim, target, user)
        source.members.update(canonical=target)
        source.decisions.update(canonical=target)
        source.delete()
        canonical_refresh(target)
    return target


def canonical_split(*, canonical_id: int, claim_id: int, user) -> CanonicalClaim:
    """Take one report out of canonical claim `canonical_id` into one of its own.

    ValidationError (on "claim") when the claim does not exist or is not a report of
    that canonical claim: the API and the web UI both rely on this one check.
    """
    with transaction.atomic():
        claim = (
            Claim.objects.select_related("article")
            .filter(pk=claim_id, canonical_id=canonical_id)
            .first()
        )
        if claim is None:
            raise ValidationError(
                {"claim": ["That claim is not a report of this statement."]}
            )
        if claim.speaker_id is None:
            raise ValidationError("A claim with no speaker has no canonical claim.")
        previous = claim.canonical
        if previous is not None and previous.members.count() == 1:
            raise ValidationError("This claim is already its statement's only report.")
        canonical = _new_canonical(claim)
        _decide(claim, canonical, user)
        Claim.objects.filter(pk=claim.pk).update(canonical=canonical)
        if previous is not None:
            canonicals_tidy([previous.pk])
    return canonical


def canonical_refresh(canonical: CanonicalClaim) -> None:
    """Recompute the earliest wording, first report time and the altered flag."""
    members = list(canonical_members(canonical))
    if not members:
        return
    earliest = members[0]
    canonical.text = earliest.text
    canonical.first_reported_at = reported_at(earliest)
    canonical.altered = any(d.drift > 0 for d in canonical_drift(members))
    canonical.save(update_fields=["text", "first_reported_at", "altered", "updated_at"])


def canonicals_tidy(ids: Iterable[int]) -> None:
    """Refresh the given canonical claims, deleting those left with no report.

    One that an editor's decision points at is kept: a re-parse refills it.
    """
    for canonical in CanonicalClaim.objects.filter(pk__in=set(ids)):
        if canonical.members.exists():
            canonical_refresh(canonical)
        elif not canonical.decisions.exists():
            canonical.delete()


def _decided(claim: Claim) -> CanonicalClaim | None:
    decision = (
        ClusterDecision.objects.select_related("canonical")
        .filter(article_id=claim.article_id, start=claim.start, end=claim.end)
        .first()
    )
    if decision and decision.canonical.speaker_id == claim.speaker_id:
        return decision.canonical
    return None


def _most_similar(claim: Claim) -> CanonicalClaim | None:
    """The speaker's canonical claim with the report most similar to this claim.

    Reports with the same words in the same canonical claim are compared once: a
    quote carried verbatim by many outlets costs one comparison.
    """
    reports = list(
        Claim.objects.filter(speaker_id=claim.speaker_id, canonical__isnull=False)  # type: ignore[misc]
        .exclude(pk=claim.pk)
        .values_list("canonical_id", "text")
        .order_by("canonical_id", "text")
        .distinct()
    )
    best = clustering.best_match(claim.text, [text for _, text in reports])
    if best is None:
        return None
    return CanonicalClaim.objects.get(pk=reports[best][0])


def _new_canonical(claim: Claim) -> CanonicalClaim:
    return CanonicalClaim.objects.create(  # type: ignore[misc]
        speaker_id=claim.speaker_id,
        text=claim.text,
        first_reported_at=reported_at(claim),
    )


def _decide(claim: Claim, canonical: CanonicalClaim, user) -> None:
    ClusterDecision.objects.update_or_create(
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        defaults={"canonical": canonical, "created_by": user},
    )


# Reads ----------------------------------------------------------------------------


def reported_at(claim: Claim) -> datetime:
    """When the claim's article appeared: its publication date, else its ingestion."""
    return claim.article.published_at or claim.article.created_at


def canonical_list() -> QuerySet[CanonicalClaim]:
    """Canonical claims with their speaker, report counts and contested state."""
    return CanonicalClaim.objects.select_related("speaker").annotate(
        report_count=Count("members", distinct=True),
        article_count=Count("members__article", distinct=True),
        contested=Exists(Claim.objects.filter(canonical=OuterRef("pk")).contested()),
    )


def canonical_members(canonical: CanonicalClaim) -> list[Claim]:
    """The reports in order of appearance, earliest first, with their attribution."""
    members = canonical.members.select_related(
        "article__publisher", "speaker", "reviewed_by"
    ).prefetch_related(
        Prefetch("via_links", queryset=ClaimVia.objects.select_related("outlet"))
    )
    return sorted(members, key=lambda c: (reported_at(c), c.article_id, c.start))


@dataclass(frozen=True)
class Drift:
    """How one direct report's words differ from the earliest direct report's."""

    claim: Claim
    reference: Claim
    drift: float
    diff: list[clustering.DiffPart]


def canonical_drift(members: Iterable[Claim]) -> list[Drift]:
    """Each quoted report after the first, against the first (members in order)."""
    quoted = [c for c in members if c.kind in QUOTED]
    if not quoted:
        return []
    reference = quoted[0]
    return [
        Drift(
            claim=claim,
            reference=reference,
            drift=clustering.drift(reference.text, claim.text),
            diff=clustering.word_diff(reference.text, claim.text),
        )
        for claim in quoted[1:]
    ]


@dataclass(frozen=True)
class Citation:
    """One hop of a statement's journey: `cited` passed it on, `by` carried it."""

    cited: str
    by: str
    articles: int


def canonical_citations(members: Iterable[Claim]) -> list[Citation]:
    """Who cited whom: speaker to innermost outlet, outward to each publisher.

    Counts how many articles made each hop, most travelled first.
    """
    hops: dict[tuple[str, str], set[int]] = {}
    for claim in members:
        chain = [claim.speaker.name]  # type: ignore[union-attr]
        chain += [o.name for o in reversed(claim.via_chain)]
        publisher = claim.article.publisher
        if publisher is not None and publisher.name != chain[-1]:
            chain.append(publisher.name)
        for cited, by in zip(chain, chain[1:], strict=False):
            hops.setdefault((cited, by), set()).add(claim.article_id)
    return sorted(
        (Citation(cited, by, len(ids)) for (cited, by), ids in hops.items()),
        key=lambda c: (-c.articles, c.cited, c.by),
    )


def speaker_dossier(speaker: Speaker) -> list[dict]:
    """A speaker's canonical claims, each with the outlets that carried it and
    whether it is contested or contradicted by another speaker's claim."""
    contradicted = ClaimRelation.objects.filter(
        Q(source__canonical=OuterRef("pk")) | Q(target__canonical=OuterRef("pk")),
        kind=ClaimRelation.Kind.CONTRADICTS,
    )
    canonicals = (
        canonical_list()
        .filter(speaker=speaker)
        .annotate(contradicted=Exists(contradicted))
        .order_by("-first_reported_at", "-id")
    )
    carried: dict[int, set[int]] = {}
    links = (
        ClaimVia.objects.filter(claim__canonical__speaker=speaker)
        .values_list("claim__canonical_id", "outlet_id")
        .distinct()
    )
    for canonical_id, outlet_id in links:
        carried.setdefault(canonical_id, set()).add(outlet_id)
    publishers = (
        Claim.objects.filter(canonical__speaker=speaker)
        .exclude(article__publisher=None)
        .values_list("canonical_id", "article__publisher_id")
        .distinct()
    )
    for canonical_id, outlet_id in publishers:
        carried.setdefault(canonical_id, set()).add(outlet_id)
    outlets = Outlet.objects.in_bulk({i for ids in carried.values() for i in ids})
    return [
        {
            "canonical": canonical,
            "outlets": sorted(
                (outlets[i] for i in carried.get(canonical.pk, ())),
                key=lambda o: o.name,
            ),
        }
        for canonical in canonicals
    ]
