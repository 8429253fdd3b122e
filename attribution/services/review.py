"""Writes for review and fact-checking: claim review, edits, flags, ratings and
relations, each with its history row."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from attribution import (
    alert_services,
)
from attribution.models import (
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Rating,
    Speaker,
)
from attribution.roles import may_change_flag
from attribution.services.articles import claim_check_span
from attribution.services.speakers import speaker_create
from attribution.services.statements import claim_cluster

# Review and fact-checking --------------------------------------------------------


class StaleWrite(Exception):
    """The claim changed since the client read it (its version moved on)."""


def claims_review(*, claims: QuerySet[Claim], status: str, user) -> int:
    """Set the review status of many claims; returns how many changed.

    One history row per changed claim, each with the acting user.
    """
    changed = 0
    for claim_id in claims.exclude(review_status=status).values_list("pk", flat=True):
        claim_review(claim_id=claim_id, status=status, user=user)
        changed += 1
    return changed


def claim_review(
    *, claim_id: int, status: str, user, version: int | None = None
) -> Claim:
    """Approve or reject a claim (or mark it edited), recording who and when.

    With `version`, the write happens only if nobody changed the claim since that
    version was read; otherwise StaleWrite is raised and nothing changes.
    """
    if status not in Claim.ReviewStatus.values:
        raise ValidationError({"status": f"Unknown review status {status!r}."})
    with transaction.atomic():
        claim = _claim_for_update(claim_id, version)
        claim.review_status = status
        _stamp(claim, user)
        claim.save()
    return claim


def claim_edit(
    *,
    claim_id: int,
    user,
    version: int | None = None,
    speaker: Speaker | None = None,
    new_speaker_name: str = "",
    via: list[Outlet] | None = None,
    start: int | None = None,
    end: int | None = None,
) -> Claim:
    """Correct a claim's speaker, via chain or span; it becomes 'edited'.

    Only what differs from the claim is written: a correction that changes nothing
    leaves the claim as it was (status, version and history). `new_speaker_name`
    creates a speaker of that name in the same transaction and gives it the claim.
    The text always becomes the article's words at the span.
    """
    with transaction.atomic():
        claim = _claim_for_update(claim_id, version)
        respan = _claim_set_span(claim, start, end)
        if new_speaker_name:
            speaker = speaker_create(name=new_speaker_name)
        new_speaker = speaker is not None and speaker.pk != claim.speaker_id
        if new_speaker:
            claim.speaker = speaker
        rechain = via is not None and _claim_set_via(claim, via)
        if not (respan or new_speaker or rechain):
            return claim
        claim.review_status = Claim.ReviewStatus.EDITED
        _stamp(claim, user)
        try:
            with transaction.atomic():
                claim.save()
        except IntegrityError:
            raise ValidationError(
                {"start": "Another claim of this article has exactly this span."}
            ) from None
        if new_speaker or respan:
            claim_cluster(claim_id=claim.pk)
    return claim


def _claim_set_span(claim: Claim, start: int | None, end: int | None) -> bool:
    new_start = claim.start if start is None else start
    new_end = claim.end if end is None else end
    if (new_start, new_end) == (claim.start, claim.end):
        return False
    body = claim.article.body
    _span_check(claim, start, end, len(body))
    text = body[new_start:new_end]
    claim_check_span(body=body, start=new_start, end=new_end, text=text)
    claim.start, claim.end, claim.text = new_start, new_end, text
    # The vector was of the old words: dropped here, made again from the new ones
    # where they are next compared by meaning (claims_embed, embed_claims).
    claim.embedding = None
    return True


def _claim_set_via(claim: Claim, via: list[Outlet]) -> bool:
    chain = list(dict.fromkeys(via))
    current = list(
        ClaimVia.objects.filter(claim=claim)
        .order_by("position")
        .values_list("outlet_id", flat=True)
    )
    if [outlet.pk for outlet in chain] == current:
        return False
    ClaimVia.objects.filter(claim=claim).delete()
    ClaimVia.objects.bulk_create(
        ClaimVia(claim=claim, outlet=outlet, position=i)
        for i, outlet in enumerate(chain)
    )
    return True


def claim_review_undo(*, claim_id: int, user, version: int) -> Claim:
    """Take back the latest approval or rejection of a claim.

    The review status, reviewer and time go back to what they were before it; the
    version moves on and the history records the undo with its user. Refused
    (ValidationError) when the claim's latest change was not an approval or a
    rejection, and StaleWrite when it changed since `version`.
    """
    with transaction.atomic():
        claim = _claim_for_update(claim_id, version)
        latest = list(claim.history.order_by("-history_date", "-history_id")[:2])
        reviewed = (Claim.ReviewStatus.APPROVED, Claim.ReviewStatus.REJECTED)
        if len(latest) < 2 or latest[0].review_status not in reviewed:
            raise ValidationError(
                {"status": "Only an approval or a rejection can be undone."}
            )
        before = latest[1]
        claim.review_status = before.review_status
        claim.reviewed_by_id = before.reviewed_by_id
        claim.reviewed_at = before.reviewed_at
        claim.version += 1
        claim._history_user = user  # type: ignore[attr-defined]
        claim._change_reason = "undo"  # type: ignore[attr-defined]
        claim.save()
    return claim


def _span_check(claim: Claim, start: int | None, end: int | None, length: int):
    """Refuse a span outside the article or inverted, naming the bound at fault:
    the one given (or moved) that crosses the other; `end` when both moved."""
    new_start = claim.start if start is None else start
    new_end = claim.end if end is None else end
    if not 0 <= new_start < length:
        raise ValidationError(
            {
                "start": f"The start ({new_start}) must lie within the article "
                f"(0-{length - 1})."
            }
        )
    if new_end > length:
        raise ValidationError(
            {
                "end": f"The end ({new_end}) must lie within the article (at most "
                f"{length})."
            }
        )
    if new_start < new_end:
        return
    start_moved = start is not None and start != claim.start
    end_moved = end is not None and end != claim.end
    if start_moved and not end_moved:
        raise ValidationError(
            {"start": f"The start ({new_start}) must come before the end ({new_end})."}
        )
    raise ValidationError(
        {"end": f"The end ({new_end}) must come after the start ({new_start})."}
    )


def claim_flag(
    *,
    claim_id: int,
    user,
    verdict: Rating | str,
    note: str = "",
    sources: Iterable[str] = (),
) -> ClaimFlag:
    """Record a fact-checker's verdict, a rating of the scale (a Rating or its slug).

    The claim's contested and verified state then follows its flags (see
    _claim_standing_update). The note and sources are held to ClaimFlag's limits.
    """
    rating = _rating(verdict)
    sources = _flag_checked(note=note, sources=sources)
    with transaction.atomic():
        claim = _claim_for_update(claim_id, None)
        flag = ClaimFlag(
            claim=claim, verdict=rating, note=note, sources=sources, created_by=user
        )
        flag._history_user = user  # type: ignore[attr-defined]
        flag.save()
        _claim_standing_update(claim, user)
        alert_services.verdict_alerts_after(
            claim_id=claim.pk, flag_id=flag.pk, kind="verdict.added"
        )
    return flag


def flag_edit(
    *,
    flag_id: int,
    user,
    verdict: Rating | str | None = None,
    note: str | None = None,
    sources: Iterable[str] | None = None,
) -> ClaimFlag:
    """Change a flag's rating, note or sources (the ones given), as its author or
    an editor (else PermissionDenied); the claim's state follows.

    The change is one history row of the flag, with the user.
    """
    with transaction.atomic():
        flag = _flag_for_change(flag_id, user)
        if verdict is not None:
            flag.verdict = _rating(verdict)
        if note is not None:
            flag.note = note
        if sources is not None:
            flag.sources = sources
        flag.sources = _flag_checked(note=flag.note, sources=flag.sources)
        flag.edited_at = timezone.now()
        flag._history_user = user  # type: ignore[attr-defined]
        flag.save()
        _claim_standing_update(flag.claim, user)
        if verdict is not None:
            alert_services.verdict_alerts_after(
                claim_id=flag.claim_id, flag_id=flag.pk, kind="verdict.changed"
            )
    return flag


def flag_withdraw(*, flag_id: int, user) -> None:
    """Withdraw a flag, as its author or an editor (else PermissionDenied).

    The flag's history keeps it, with who withdrew it; the claim's state follows
    the flags that remain.
    """
    with transaction.atomic():
        flag = _flag_for_change(flag_id, user)
        claim, flag_id = flag.claim, flag.pk
        flag._history_user = user  # type: ignore[attr-defined]
        flag.delete()
        _claim_standing_update(claim, user)
        alert_services.verdict_alerts_after(
            claim_id=claim.pk, flag_id=flag_id, kind="verdict.withdrawn"
        )


def _flag_for_change(flag_id: int, user) -> ClaimFlag:
    """The flag, locked, with its claim locked first (as claim_flag locks it, so
    that writes on one claim queue), once the user may change it."""
    claim_id = ClaimFlag.objects.values_list("claim_id", flat=True).get(pk=flag_id)
    claim = _claim_for_update(claim_id, None)
    flag = ClaimFlag.objects.select_for_update().get(pk=flag_id)
    if not may_change_flag(user, flag):
        raise PermissionDenied(
            "Only the fact-checker who made this flag, or an editor, may change it."
        )
    flag.claim = claim
    return flag


def _rating(verdict: Rating | str) -> Rating:
    if isinstance(verdict, Rating):
        return verdict
    rating = Rating.objects.filter(slug=verdict).first()
    if rating is None:
        raise ValidationError({"verdict": f"No rating is called {verdict!r}."})
    return rating


def _flag_checked(*, note: str, sources: Iterable[str]) -> list[str]:
    """The sources as a list, once the note and sources keep to the flag limits."""
    sources = list(sources)
    errors = {}
    if len(note) > ClaimFlag.NOTE_MAX_LENGTH:
        errors["note"] = (
            f"A note has at most {ClaimFlag.NOTE_MAX_LENGTH} characters "
            f"(this one has {len(note)})."
        )
    if len(sources) > ClaimFlag.SOURCES_MAX:
        errors["sources"] = (
            f"Give at most {ClaimFlag.SOURCES_MAX} sources (not {len(sources)})."
        )
    elif any(len(link) > ClaimFlag.SOURCE_MAX_LENGTH for link in sources):
        errors["sources"] = (
            f"A source link has at most {ClaimFlag.SOURCE_MAX_LENGTH} characters."
        )
    if errors:
        raise ValidationError(errors)
    return sources


def _claim_standing_update(claim: Claim, user) -> None:
    """Set the claim's contested and verified flags from its current flags.

    Contested when any rating disputes it; verified when a rating confirms it and
    none disputes it. A change raises the claim's version and is one history
    row with the user; no change writes nothing.
    """
    effects = set(claim.flags.values_list("verdict__effect", flat=True))
    contested = Rating.Effect.DISPUTES in effects
    verified = not contested and Rating.Effect.CONFIRMS in effects
    if (claim.contested, claim.verified) == (contested, verified):
        return
    claim.contested, claim.verified = contested, verified
    claim.version += 1
    claim._history_user = user  # type: ignore[attr-defined]
    claim.save()


def rating_save(*, rating: Rating, user) -> int:
    """Save a rating of the scale (new or changed, as the admin's form gives it).

    A rating whose effect changed changes the claims flagged with it: each of
    them is contested or verified again from its flags (one history row each,
    with the user). Returns how many claims changed state.
    """
    with transaction.atomic():
        rating.save()
        changed = 0
        claims = Claim.objects.filter(flags__verdict=rating).distinct().order_by("pk")
        for claim_id in claims.values_list("pk", flat=True):
            claim = _claim_for_update(claim_id, None)
            before = (claim.contested, claim.verified)
            _claim_standing_update(claim, user)
            changed += before != (claim.contested, claim.verified)
    return changed


def claim_relate(
    *, source: Claim, target: Claim, kind: str, user, note: str = ""
) -> ClaimRelation:
    """Link two claims (contradicts, supports, same claim)."""
    if source.pk == target.pk:
        raise ValidationError({"target": "A claim cannot be linked to itself."})
    try:
        with transaction.atomic():
            return ClaimRelation.objects.create(
                source=source, target=target, kind=kind, note=note, created_by=user
            )
    except IntegrityError:
        raise ValidationError(
            {"target": f"These claims are already linked as {kind}."}
        ) from None


def _claim_for_update(claim_id: int, version: int | None) -> Claim:
    # Only the claim's row: a parse locks its article and then the article's claims,
    # so locking the article here as well could deadlock with it.
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("article")
        .get(pk=claim_id)
    )
    if version is not None and version != claim.version:
        raise StaleWrite(
            f"Claim {claim_id} changed since version {version}; it is now at "
            f"version {claim.version}. Reload it and try again."
        )
    return claim


def _stamp(claim: Claim, user) -> None:
    claim.reviewed_by = user
    claim.reviewed_at = timezone.now()
    claim.version += 1
    claim._history_user = user  # type: ignore[attr-defined]
