"""Writes: everything that changes articles, claims, speakers and outlets.

Interfaces (admin, commands, tasks, later the API and UI) call these functions and
nothing else to change data. Each states what it enqueues and how it behaves when
called twice.
"""

import logging
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.text import slugify

from attribution import identity, ingestion, tracking
from attribution.extraction import (
    ExtractedClaim,
    Extractor,
    Gazetteer,
    OutletEntry,
    load_pipeline,
)
from attribution.models import (
    Article,
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    Outlet,
    Speaker,
)
from attribution.roles import Role

logger = logging.getLogger(__name__)


# Articles -------------------------------------------------------------------------


def article_create(
    *,
    text: ingestion.ArticleText,
    title: str = "",
    url: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    language: str = "en",
) -> tuple[Article, bool]:
    """Save an article and enqueue its parse once the transaction commits.

    Idempotent on content: when an article with the same cleaned body exists, it is
    returned with created=False and nothing is enqueued. The title and publisher
    are cleaned as the body is (no control characters, NFC, one line).
    """
    title, publisher = ingestion.clean_line(title), ingestion.clean_line(publisher)
    digest = ingestion.content_hash(text.body)
    existing = Article.objects.filter(content_hash=digest).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=(title or text.title)[:500],
                url=url,
                publisher=outlet_get_or_create(name=publisher) if publisher else None,
                published_at=published_at,
                language=language,
                body=text.body,
                original_html=text.html,
                content_hash=digest,
            )
            transaction.on_commit(lambda: article_enqueue_parse(article_id=article.pk))
    except IntegrityError:
        # The same content arrived at the same moment through another request.
        return Article.objects.get(content_hash=digest), False
    return article, True


def article_create_from_file(*, path: Path, **metadata) -> tuple[Article, bool]:
    """Read a .txt or .html file into an article (see article_create).

    A file over the size limit is refused before it is read.
    """
    ingestion.check_size(path.stat().st_size)
    raw = ingestion.decode(path.read_bytes())
    text = ingestion.from_raw(raw, html=path.suffix.lower() in {".html", ".htm"})
    return article_create(text=text, **metadata)


def article_create_from_url(
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
) -> tuple[Article, bool]:
    """Save an article to be fetched from `url` by the worker, then parsed.

    The URL is checked at once (scheme, port, address spelling) and UnusableInput
    says why when it is refused. A URL already submitted returns its article, also
    when it arrives twice at once (a unique constraint on unfetched URLs decides).
    """
    url = ingestion.check_url(url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK)
    existing = Article.objects.filter(url=url).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title[:500],
                url=url,
                publisher=outlet_get_or_create(name=publisher) if publisher else None,
                published_at=published_at,
            )
            transaction.on_commit(lambda: article_enqueue_parse(article_id=article.pk))
    except IntegrityError:
        return Article.objects.filter(url=url).earliest("pk"), False
    return article, True


def article_fetch(*, article_id: int) -> None:
    """Download the article's page into its body (see ingestion.fetch).

    A page whose text another article already has fails this article with a
    pointer to the other one. Errors propagate for the task to record or retry.
    """
    article = Article.objects.get(pk=article_id)
    text = ingestion.fetch(
        article.url, allow_loopback=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
    )
    digest = ingestion.content_hash(text.body)
    twin = Article.objects.filter(content_hash=digest).exclude(pk=article_id).first()
    if twin is not None:
        raise ingestion.UnusableInput(
            f"This page has the same text as article {twin.pk}, already ingested."
        )
    Article.objects.filter(pk=article_id).update(
        body=text.body,
        original_html=text.html,
        content_hash=digest,
        title=article.title or text.title,
    )


def article_enqueue_parse(*, article_id: int) -> bool:
    """Send the parse task and stamp the article's queued_at; False if it failed.

    A broker that is down leaves the article pending with queued_at empty, for
    articles_sweep to enqueue it again later; the error is logged, not raised, so
    that the caller's request still succeeds.
    """
    from attribution.tasks import article_parse  # tasks import this module

    try:
        article_parse.delay(article_id)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue article %s; it stays pending", article_id)
        return False
    Article.objects.filter(pk=article_id).update(queued_at=timezone.now())
    return True


class Sweep(NamedTuple):
    enqueued: list[int]
    waiting: list[int]  # still to enqueue: the broker could not be reached


def articles_sweep() -> Sweep:
    """Enqueue again the parse of articles that no worker is going to get to.

    These are articles pending for longer than ATTRIBUTION_SWEEP_MINUTES whose task
    never reached the broker (it was down when they were saved or re-parsed), and
    articles still pending or parsing ATTRIBUTION_SWEEP_LOST_MINUTES after their
    task reached it (the broker lost it). Stops at the first article the broker
    refuses; the rest wait for the next sweep. A task sent twice does no harm:
    the conditional claim and the final write let one parse store claims.
    """
    now = timezone.now()
    fresh_since = now - timedelta(minutes=settings.ATTRIBUTION_SWEEP_MINUTES)
    lost_since = now - timedelta(minutes=settings.ATTRIBUTION_SWEEP_LOST_MINUTES)
    never_queued = Q(
        status=Article.Status.PENDING,
        queued_at__isnull=True,
        created_at__lt=fresh_since,
    )
    queued_long_ago = Q(status=Article.Status.PENDING, queued_at__lt=lost_since)
    started_long_ago = Q(
        Q(queued_at__isnull=True) | Q(queued_at__lt=lost_since),
        status=Article.Status.PARSING,
        parse_started_at__lt=lost_since,
    )
    ids = list(
        Article.objects.filter(never_queued | queued_long_ago | started_long_ago)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for done, article_id in enumerate(ids):
        if not article_enqueue_parse(article_id=article_id):
            return Sweep(enqueued=ids[:done], waiting=ids[done:])
    return Sweep(enqueued=ids, waiting=[])


def article_reparse(*, article: Article) -> None:
    """Parse again: unreviewed claims are replaced, reviewed ones are kept."""
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(
            status=Article.Status.PENDING, error="", attempts=0, queued_at=None
        )
        transaction.on_commit(lambda: article_enqueue_parse(article_id=article.pk))


def article_claim_parse_job(*, article_id: int) -> bool:
    """Mark the article as being parsed; False when there is nothing to do.

    A conditional UPDATE, so two workers handed the same article both claim it only
    when it is still pending or was left 'parsing' by a worker that died; the
    final write (article_extract_claims) lets exactly one of them store claims.
    """
    claimed = Article.objects.filter(
        pk=article_id, status__in=[Article.Status.PENDING, Article.Status.PARSING]
    ).update(
        status=Article.Status.PARSING,
        parse_started_at=timezone.now(),
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return False
    attempts = Article.objects.values_list("attempts", flat=True).get(pk=article_id)
    limit = settings.ATTRIBUTION_MAX_PARSE_ATTEMPTS
    if attempts > limit:
        article_fail_parse(
            article_id=article_id,
            error=f"Parsing was abandoned after {limit} attempts; the article may be "
            "too large or malformed. Edit it or re-parse it from the admin.",
        )
        return False
    return True


def article_fail_parse(*, article_id: int, error: str) -> None:
    """Record a readable error; claims already stored are left as they were."""
    Article.objects.filter(pk=article_id).exclude(status=Article.Status.PARSED).update(
        status=Article.Status.FAILED, error=error[:2000] or "Parsing failed."
    )


def article_extract_claims(*, article_id: int) -> None:
    """Parse one article into claims. Safe to call any number of times, at once.

    An article submitted as a URL is fetched first. Unreviewed claims are replaced in
    one transaction; reviewed claims are kept, and a new claim overlapping a reviewed
    one is dropped (an edited claim's old span is not laid over it again). A claim
    an editor is reviewing while the parse writes is waited for and kept once
    reviewed. Fetch and extraction errors propagate to the caller, which records
    them with article_fail_parse or retries.
    """
    if not article_claim_parse_job(article_id=article_id):
        return
    body = Article.objects.values_list("body", flat=True).get(pk=article_id)
    if not body:
        article_fetch(article_id=article_id)
        body = Article.objects.values_list("body", flat=True).get(pk=article_id)
    started = time.perf_counter()
    extractor = extractor_get()
    extracted = extractor.extract(body)
    seconds = time.perf_counter() - started
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.PARSING:
            return  # another worker finished first
        # Wait for reviews in progress, so that their claims count as reviewed below.
        list(article.claims.select_for_update().order_by("pk").values_list("pk"))
        replaced = article.claims.unreviewed()
        touched = set(replaced.values_list("canonical", flat=True)) - {None}
        replaced.delete()
        kept = list(article.claims.values_list("start", "end"))
        _claims_store(
            article=article,
            extracted=[c for c in extracted if not _overlaps(c, kept)],
            gazetteer=extractor.gazetteer,
            version=extractor.version,
        )
        tracking.article_cluster(article_id=article.pk, touched=touched)
        article.status = Article.Status.PARSED
        article.error = ""
        article.pipeline_version = extractor.version
        article.parsed_at = timezone.now()
        article.parse_seconds = round(seconds, 3)
        article.save(
            update_fields=[
                "status",
                "error",
                "pipeline_version",
                "parsed_at",
                "parse_seconds",
                "updated_at",
            ]
        )


def _overlaps(claim: ExtractedClaim, spans: list[tuple[int, int]]) -> bool:
    return any(claim.start < end and start < claim.end for start, end in spans)


def _claims_store(
    *,
    article: Article,
    extracted: list[ExtractedClaim],
    gazetteer: Gazetteer,
    version: str = "",
) -> None:
    """Store the machine's claims, each with a first history record of what it said.

    Speakers and via chains are placed by attribution.identity: a claim whose
    speaker is not one (a date, a document, a place, a fragment) is stored without
    a speaker and with the reason. The record keeps the speaker, via chain, span,
    kind and confidence as extracted, and the rules version as its reason, so that
    later corrections show against it.
    """
    for item in extracted:
        claim_check_span(
            body=article.body, start=item.start, end=item.end, text=item.text
        )
    placed = identity.claims_place(
        article=article, extracted=extracted, gazetteer=gazetteer
    )
    claims = [
        Claim(
            article=article,
            text=item.text,
            start=item.start,
            end=item.end,
            kind=item.kind,
            cue=item.cue[:200],
            speaker=place.speaker,
            speaker_name=place.name,
            speaker_role=item.speaker_role[:300],
            no_speaker_reason=place.reason,
            confidence=min(max(item.confidence, 0.0), 1.0),
        )
        for item, place in zip(extracted, placed, strict=True)
    ]
    chains = [place.via for place in placed]
    Claim.objects.bulk_create(claims)
    ClaimVia.objects.bulk_create(
        ClaimVia(claim=claim, outlet=outlet, position=i)
        for claim, chain in zip(claims, chains, strict=True)
        for i, outlet in enumerate(chain)
    )
    record = Claim.history.model
    now = timezone.now()
    record.objects.bulk_create(
        record(
            history_date=now,
            history_type="+",
            history_change_reason=f"extracted by {version or 'the engine'}"[:100],
            via_chain=[outlet.name for outlet in chain],
            **{f.attname: getattr(claim, f.attname) for f in record.tracked_fields},
        )
        for claim, chain in zip(claims, chains, strict=True)
    )


def claim_check_span(*, body: str, start: int, end: int, text: str) -> None:
    """Refuse a claim whose text is not exactly the article's body[start:end].

    Every claim write calls this (the database checks it again on PostgreSQL), so
    that the offsets a claim page and the exports show always point at its words.
    """
    if not 0 <= start < end <= len(body):
        raise ValidationError(
            {"end": f"The span must lie within the article (0-{len(body)})."}
        )
    if body[start:end] != text:
        raise ValidationError(
            {"text": "The claim's text must be the article's words at its span."}
        )


# Extraction engine ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


def gazetteer_get() -> Gazetteer:
    """The shipped outlet gazetteer, extended and overridden by outlets in the DB.

    Outlets created from articles' text wait for an editor's review before the
    engine uses them.
    """
    entries = [
        OutletEntry(
            name=o.name,
            kind=o.kind,
            aliases=tuple(o.aliases),
            homepage=o.homepage,
            country=o.country,
        )
        for o in Outlet.objects.filter(needs_review=False)
    ]
    return _default_gazetteer().merged(entries)


def extractor_get() -> Extractor:
    """An extractor over the configured spaCy pipeline (loaded once per process)."""
    return Extractor(load_pipeline(settings.ATTRIBUTION_SPACY_MODEL), gazetteer_get())


# Outlets and speakers -------------------------------------------------------------


def outlet_get_or_create(*, name: str) -> Outlet:
    """The outlet of that name or alias, created from the gazetteer when new."""
    entry = _default_gazetteer().lookup(name)
    canonical = entry.name if entry else name.strip()
    slug = slugify(canonical)[:200] or "outlet"
    outlet = Outlet.objects.filter(slug=slug).first()
    if outlet is not None:
        return outlet
    defaults = {"name": canonical}
    if entry is not None:
        defaults.update(
            kind=entry.kind,
            aliases=list(entry.aliases),
            homepage=entry.homepage,
            country=entry.country,
        )
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults=defaults)
    return outlet


def outlets_mark_reviewed(*, outlets: QuerySet[Outlet]) -> int:
    """An editor confirmed these outlets: the engine may use them from now on."""
    return outlets.filter(needs_review=True).update(needs_review=False)


def outlets_load_gazetteer() -> tuple[int, int]:
    """Create or update an Outlet row for every shipped gazetteer entry.

    Aliases editors added are kept. Returns (created, updated).
    """
    created = updated = 0
    for entry in _default_gazetteer():
        slug = slugify(entry.name)[:200]
        outlet = Outlet.objects.filter(slug=slug).first()
        if outlet is None:
            Outlet.objects.create(
                name=entry.name,
                slug=slug,
                kind=entry.kind,
                aliases=list(entry.aliases),
                homepage=entry.homepage,
                country=entry.country,
            )
            created += 1
            continue
        aliases = list(dict.fromkeys([*outlet.aliases, *entry.aliases]))
        if aliases != outlet.aliases:
            outlet.aliases = aliases
            outlet.save(update_fields=["aliases", "updated_at"])
            updated += 1
    return created, updated


def _new_aliases(current: list[str], found: Iterable[str], name: str) -> list[str]:
    merged = dict.fromkeys(current)
    for alias in found:
        alias = alias.strip()
        if alias and alias.lower() != name.lower():
            merged.setdefault(alias)
    return list(merged)


def _free_speaker_slug(name: str) -> str:
    base = slugify(name)[:190] or "speaker"
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def speaker_create(*, name: str, description: str = "") -> Speaker:
    """A new speaker of that name (one line, NFC), with a slug of its own.

    Always a new row, also when another speaker has the name: two people can
    share a name, and the editor asked for a new one.
    """
    name = ingestion.clean_line(name)[:200]
    if not name:
        raise ValidationError({"new_speaker_name": "Give the new speaker's name."})
    return Speaker.objects.create(
        name=name,
        slug=_free_speaker_slug(name),
        description=ingestion.clean_line(description)[:300],
    )


def speaker_save(*, speaker: Speaker) -> Speaker:
    """Save an editor's changes to a speaker (the admin's form), aliases cleaned.

    Aliases become distinct one-line strings other than the name; the slug is
    made from the name when empty.
    """
    speaker.name = ingestion.clean_line(speaker.name)[:200]
    speaker.aliases = _new_aliases([], _strings(speaker.aliases), speaker.name)
    speaker.slug = speaker.slug or _free_speaker_slug(speaker.name)
    speaker.full_clean(exclude=["outlet"])
    speaker.save()
    return speaker


def outlet_save(*, outlet: Outlet) -> Outlet:
    """Save an editor's changes to an outlet (the admin's form), aliases cleaned."""
    outlet.name = ingestion.clean_line(outlet.name)[:200]
    outlet.aliases = _new_aliases([], _strings(outlet.aliases), outlet.name)
    outlet.full_clean()
    outlet.save()
    return outlet


def _strings(values) -> list[str]:
    if not isinstance(values, list):
        raise ValidationError({"aliases": "Aliases are a list of names."})
    return [ingestion.clean_line(str(v)) for v in values]


def article_update(*, article: Article, fields: Iterable[str]) -> Article:
    """Save an editor's changes to an article's metadata (title, URL, publisher,
    date, language). The body, which claim offsets point into, is never changed
    here, and neither is the parse state."""
    allowed = {"title", "url", "publisher", "published_at", "language"}
    changed = [name for name in fields if name in allowed]
    if "title" in changed:
        article.title = ingestion.clean_line(article.title)[:500]
    if changed:
        article.save(update_fields=[*changed, "updated_at"])
    return article


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
            tracking.claim_cluster(claim_id=claim.pk)
    return claim


def _claim_set_span(claim: Claim, start: int | None, end: int | None) -> bool:
    start = claim.start if start is None else start
    end = claim.end if end is None else end
    if (start, end) == (claim.start, claim.end):
        return False
    body = claim.article.body
    claim_check_span(body=body, start=start, end=end, text=body[start:end])
    claim.start, claim.end, claim.text = start, end, body[start:end]
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
        claim._history_user = user
        claim._change_reason = "undo"
        claim.save()
    return claim


def claim_flag(
    *, claim_id: int, user, verdict: str, note: str = "", sources: list[str] = ()
) -> ClaimFlag:
    """Record a fact-checker's verdict; the claim becomes contested."""
    with transaction.atomic():
        claim = _claim_for_update(claim_id, None)
        flag = ClaimFlag.objects.create(
            claim=claim,
            verdict=verdict,
            note=note,
            sources=list(sources),
            created_by=user,
        )
        if not claim.contested:
            claim.contested = True
            claim.version += 1
            claim._history_user = user
            claim.save()
    return flag


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
    claim._history_user = user


# Accounts -------------------------------------------------------------------------

# What each role may change in the admin; the API checks roles itself.
_ROLE_PERMISSIONS = {
    Role.EDITOR: [
        "view_article",
        "change_article",
        "view_claim",
        "change_claim",
        "add_claimvia",
        "change_claimvia",
        "delete_claimvia",
        "view_claimvia",
        "add_speaker",
        "change_speaker",
        "view_speaker",
        "view_speakerdecision",
        "view_speakerchange",
        "add_outlet",
        "change_outlet",
        "view_outlet",
    ],
    Role.FACT_CHECKER: [
        "view_article",
        "view_claim",
        "view_claimvia",
        "view_speaker",
        "view_outlet",
        "add_claimflag",
        "view_claimflag",
        "add_claimrelation",
        "view_claimrelation",
    ],
}


def role_group_ensure(role: Role):
    """The group for a role, with the admin permissions that role needs."""
    from django.contrib.auth.models import Group, Permission

    group, _ = Group.objects.get_or_create(name=role.value)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="attribution",
            codename__in=_ROLE_PERMISSIONS[role],
        )
    )
    return group


def user_create(*, username: str, password: str, roles: Iterable[Role] = ()):
    """A staff account holding the given roles; the password is reset if it exists."""
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.set_password(password)
    user.save()
    user.groups.add(*(role_group_ensure(role) for role in roles))
    return user
