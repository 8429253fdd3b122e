"""Writes: everything that changes articles, claims, speakers and outlets.

Interfaces (admin, commands, tasks, later the API and UI) call these functions and
nothing else to change data. Each states what it enqueues and how it behaves when
called twice.
"""

import hashlib
import hmac
import logging
import re
import secrets
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Q, QuerySet, Sum
from django.utils import timezone

from attribution import (
    alert_services,
    embeddings,
    enqueue,
    identity,
    ingestion,
    matching,
    selectors,
)
from attribution.extraction import (
    ExtractedClaim,
    Extractor,
    Gazetteer,
    OutletEntry,
    load_pipeline,
)
from attribution.models import (
    ApiToken,
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    ClaimRelation,
    ClaimVia,
    ClusterDecision,
    Outlet,
    Rating,
    Speaker,
    SpeakerChange,
    SpeakerDecision,
    SpeakerName,
    StoryCopy,
)
from attribution.roles import SUBMIT_NEEDS_ROLE, Role, may_change_flag, may_submit
from attribution.slugs import name_slug

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
    origin: str = Article.Origin.FETCHED,
    claimed_url: str = "",
    submitted_by=None,
) -> tuple[Article, bool]:
    """Save an article and enqueue its parse once the transaction commits.

    For text the app read itself (feeds, archives, commands), and through
    article_submit for users' submissions. Idempotent on content: an article the
    app read with the same cleaned body is returned with created=False (also to
    a submission), as is an earlier submission of the same text to a submission;
    nothing is then enqueued. Text the app read verifies submissions of that
    text. A publisher a user typed that no known outlet matches waits for an
    editor's review. Title and publisher are cleaned as the body is (one line);
    with no title the article takes its headline.
    """
    submitted = origin == Article.Origin.SUBMITTED
    title, publisher = ingestion.clean_line(title), ingestion.clean_line(publisher)
    digest = ingestion.content_hash(text.body)
    existing = _article_with_text(digest, submitted=submitted)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=(title or text.title or ingestion.headline(text.body))[:500],
                url="" if submitted else url,
                origin=origin,
                claimed_url=claimed_url if submitted else "",
                submitted_by=submitted_by,
                publisher=outlet_get_or_create(name=publisher, needs_review=submitted)
                if publisher
                else None,
                published_at=published_at,
                language=language,
                body=text.body,
                original_html=text.html,
                content_hash=digest,
            )
            if not submitted:
                _submissions_verify(digest)
            transaction.on_commit(lambda: article_enqueue_parse(article_id=article.pk))
    except IntegrityError:
        # The same content arrived at the same moment through another request.
        found = _article_with_text(digest, submitted=submitted)
        if found is None:
            raise
        return found, False
    return article, True


def _article_with_text(digest: str, *, submitted: bool) -> Article | None:
    """The article the app read with this text; for a submission, else the
    submission that has it."""
    read = Article.objects.filter(content_hash=digest)
    found = read.exclude(origin=Article.Origin.SUBMITTED).first()
    if found is None and submitted:
        found = read.filter(origin=Article.Origin.SUBMITTED).first()
    return found


def _submissions_verify(digest: str) -> int:
    """The app read a page with exactly this text: submissions of it are true."""
    return Article.objects.filter(
        origin=Article.Origin.SUBMITTED, content_hash=digest, verified_at=None
    ).update(verified_at=timezone.now())


# The one way a user's article comes in ---------------------------------------------

_SUBMIT_FIELDS = ("text", "html", "file", "url")
UPLOAD_SUFFIXES = (".html", ".htm", ".txt")


def article_submit(
    *,
    user,
    text: str | None = None,
    html: str | None = None,
    file=None,
    url: str | None = None,
    title: str = "",
    published_at: datetime | None = None,
    source_url: str = "",
    publisher: str = "",
    language: str = "en",
) -> tuple[Article, bool]:
    """A user's article, given as exactly one of pasted text, HTML, an uploaded
    file (anything with name, size and read(), such as Django's UploadedFile) or
    a URL for the app to fetch. Returns (article, created); see article_create
    and article_create_from_url for what is enqueued and when nothing is new.

    Needs the contributor or editor role (PermissionDenied). Text, HTML and files
    are the user's submission: `source_url` is kept as the URL they claim, never
    as the article's URL. Refusals name the field at fault: ValidationError
    {field: message}, or TooLarge (with `.field` set) for what is over a limit.
    """
    if not may_submit(user):
        raise PermissionDenied(SUBMIT_NEEDS_ROLE)
    values = {"text": text, "html": html, "file": file, "url": url}
    given = [name for name in _SUBMIT_FIELDS if values[name] not in (None, "")]
    if len(given) != 1:
        raise ValidationError(
            {
                (given or ["text"])[-1]: "Give the article as exactly one of: "
                "pasted text, HTML, a file or a URL."
            }
        )
    field = given[0]
    if field == "url":
        if source_url:
            raise ValidationError(
                {"source_url": "A URL to fetch is its own source: leave this empty."}
            )
        with _refused_as("url"):
            return article_create_from_url(
                url=url or "",
                submitted_by=user,
                title=title,
                publisher=publisher,
                published_at=published_at,
            )
    claimed = _claimed(source_url)
    with _refused_as(field):
        article_text = _submitted_text(field, values[field])
    return article_create(
        text=article_text,
        origin=Article.Origin.SUBMITTED,
        claimed_url=claimed,
        submitted_by=user,
        title=title,
        publisher=publisher,
        published_at=published_at or _published(article_text.published),
        language=language,
    )


def _submitted_text(field: str, value) -> ingestion.ArticleText:
    if field == "html":
        return ingestion.from_html(value)
    if field == "text":
        return ingestion.from_raw(value)
    name = str(getattr(value, "name", "")).lower()
    if not name.endswith(UPLOAD_SUFFIXES):
        raise ingestion.UnusableInput("Upload an .html, .htm or .txt file.")
    ingestion.check_size(value.size)
    raw = ingestion.decode(value.read())
    return ingestion.from_raw(raw, html=name.endswith((".html", ".htm")))


@contextmanager
def _refused_as(field: str) -> Iterator[None]:
    """Turn UnusableInput into an error naming `field`; TooLarge stays TooLarge
    (a 413 in the API) and carries the field."""
    try:
        yield
    except ingestion.TooLarge as error:
        error.field = field  # type: ignore[attr-defined]
        raise
    except ingestion.UnusableInput as error:
        raise ValidationError({field: str(error)}) from error


def _claimed(source_url: str) -> str:
    """The URL a submitter says the text came from: any http(s) address."""
    source_url = source_url.strip()
    if not source_url:
        return ""
    parts = urlsplit(source_url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValidationError(
            {"source_url": "Give the http or https address it was published at."}
        )
    return source_url


def _published(value: str) -> datetime | None:
    """The date an HTML page states (trafilatura's YYYY-MM-DD), at midnight UTC."""
    try:
        return datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        return None


def article_create_from_file(*, path: Path, **metadata) -> tuple[Article, bool]:
    """Read a .txt or .html file into an article (see article_create).

    A file over the size limit is refused before it is read.
    """
    return article_create(text=ingestion.from_file(path), **metadata)


def article_create_from_url(
    *,
    url: str,
    title: str = "",
    publisher: str = "",
    published_at: datetime | None = None,
    submitted_by=None,
) -> tuple[Article, bool]:
    """Save an article to be fetched from `url` by the worker, then parsed.

    The URL is checked at once (scheme, port, address spelling) and UnusableInput
    says why when it is refused. A URL the app already has returns its article,
    also when it arrives twice at once (a unique constraint on unfetched URLs
    decides). A user's submission that claims the URL never answers for it.
    """
    url = ingestion.check_url(url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK)
    known = Article.objects.exclude(origin=Article.Origin.SUBMITTED).filter(url=url)
    existing = known.first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=ingestion.clean_line(title)[:500],
                url=url,
                origin=Article.Origin.FETCHED,
                submitted_by=submitted_by,
                publisher=outlet_get_or_create(
                    name=ingestion.clean_line(publisher),
                    needs_review=submitted_by is not None,
                )
                if publisher
                else None,
                published_at=published_at,
            )
            transaction.on_commit(lambda: article_enqueue_parse(article_id=article.pk))
    except IntegrityError:
        return known.earliest("pk"), False
    return article, True


def article_fetch(*, article_id: int) -> None:
    """Download the article's page into its body (see ingestion.fetch).

    A page whose text another article the app read already has fails this
    article with a pointer to the other one. A submission with exactly the
    page's text does not: the page is stored, and the submission is marked
    verified. Errors propagate for the task to record or retry.
    """
    article = Article.objects.get(pk=article_id)
    text = ingestion.fetch(
        article.url, allow_loopback=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
    )
    digest = ingestion.content_hash(text.body)
    twin = _article_with_text(digest, submitted=False)
    if twin is not None and twin.pk != article_id:
        raise ingestion.UnusableInput(
            f"This page has the same text as article {twin.pk}, already ingested."
        )
    with transaction.atomic():
        Article.objects.filter(pk=article_id).update(
            body=text.body,
            original_html=text.html,
            content_hash=digest,
            title=article.title or text.title or ingestion.headline(text.body),
        )
        _submissions_verify(digest)


def article_enqueue_parse(*, article_id: int) -> bool:
    """Send the parse task and stamp the article's queued_at; False if it failed.

    A broker that is down leaves the article pending with queued_at empty, for
    articles_sweep to enqueue it again later; the error is logged, not raised, so
    that the caller's request still succeeds. Inside `articles_parse_together`
    the article joins the batch being gathered instead (True: it will be sent).
    """
    gathered = _parse_batch.get()
    if gathered is not None:
        gathered.append(article_id)
        if len(gathered) >= settings.ATTRIBUTION_PARSE_BATCH_SIZE:
            _articles_enqueue_batch(gathered)
        return True
    try:
        enqueue.article_parse(article_id=article_id)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue article %s; it stays pending", article_id)
        return False
    Article.objects.filter(pk=article_id).update(queued_at=timezone.now())
    return True


# The ids of the articles saved inside `articles_parse_together`, not yet sent.
_parse_batch: ContextVar[list[int] | None] = ContextVar("parse_batch", default=None)


@contextmanager
def articles_parse_together() -> Iterator[None]:
    """Send the parses of the articles saved in the block in batches.

    For callers that save several articles at once (a folder or an archive
    ingested): each ATTRIBUTION_PARSE_BATCH_SIZE articles go out as one
    article_parse_batch task as soon as they are saved (and committed), so that a
    worker parses them with one batched pass of spaCy; the rest go at the end of
    the block, also when it raises. A batch the broker refuses stays pending for
    articles_sweep, as a single parse does. Nested blocks are one block.
    """
    if _parse_batch.get() is not None:
        yield
        return
    gathered: list[int] = []
    token = _parse_batch.set(gathered)
    try:
        yield
    finally:
        _parse_batch.reset(token)
        if gathered:
            _articles_enqueue_batch(gathered)


def _articles_enqueue_batch(gathered: list[int]) -> bool:
    """Send the gathered articles' parse (one task; a lone article its own) and
    stamp their queued_at; empties the list. False when the broker refused it."""
    ids = list(gathered)
    gathered.clear()
    try:
        if len(ids) == 1:
            enqueue.article_parse(article_id=ids[0])
        else:
            enqueue.article_parse_batch(article_ids=ids)
    except Exception:  # the broker's errors vary by transport
        logger.exception("Could not enqueue articles %s; they stay pending", ids)
        return False
    Article.objects.filter(pk__in=ids).update(queued_at=timezone.now())
    return True


class Sweep(NamedTuple):
    enqueued: list[int]
    waiting: list[int]  # still to enqueue: the broker could not be reached


def articles_sweep() -> Sweep:
    """Enqueue again the parse of articles that no worker is going to get to.

    These are articles pending for longer than ATTRIBUTION_SWEEP_MINUTES whose task
    never reached the broker (it was down when they were saved or re-parsed), and
    articles still pending or parsing ATTRIBUTION_SWEEP_LOST_MINUTES after their
    task reached it (the broker lost it). They are sent as article_parse_batch
    tasks of ATTRIBUTION_PARSE_BATCH_SIZE articles (a worker parses each batch
    in one pass of spaCy; a lone article goes as article_parse), each batch's
    queued_at stamped in one update. Stops at the first batch the broker
    refuses; it and the rest wait for the next sweep. A task sent twice does no
    harm: the conditional claim and the final write let one parse store claims.
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
    size = settings.ATTRIBUTION_PARSE_BATCH_SIZE
    for done in range(0, len(ids), size):
        if not _articles_enqueue_batch(ids[done : done + size]):
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
    attempts, last = Article.objects.values_list("attempts", "error").get(pk=article_id)
    limit = settings.ATTRIBUTION_MAX_PARSE_ATTEMPTS
    if attempts > limit:
        why = (
            f"the last one said: {last}"
            if last
            else "the article may be too large or malformed (it stopped the worker)."
            " Edit it or re-parse it from the admin."
        )
        article_fail_parse(
            article_id=article_id,
            error=f"Parsing was abandoned after {limit} attempts; {why}",
        )
        return False
    return True


def article_note_retry(*, article_id: int, error: str) -> None:
    """Keep why a try failed on an article that will be tried again, so that the
    page and the API show it meanwhile and the final failure can name it."""
    Article.objects.filter(
        pk=article_id, status__in=[Article.Status.PENDING, Article.Status.PARSING]
    ).update(error=error[:2000])


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
    body = _article_parse_start(article_id=article_id)
    if body is None:
        return
    started = time.perf_counter()
    extractor = extractor_get()
    extracted = extractor.extract(body)
    seconds = time.perf_counter() - started
    _article_claims_save(
        article_id=article_id, extractor=extractor, extracted=extracted, seconds=seconds
    )


def articles_extract_claims(*, article_ids: list[int]) -> dict[int, Exception]:
    """Parse several articles into claims with one batched pass of the pipeline.

    Each article is claimed, fetched when it has no text, and stored in its own
    transaction exactly as article_extract_claims does it; only spaCy's work is
    shared (ATTRIBUTION_PARSE_BATCH_SIZE articles at a time). One article's failure
    (fetch, extraction or storing) is returned under its id, its article left
    'parsing' for the caller to fail or retry; the others are parsed and stored
    as if it were not there. An article another worker is parsing or has parsed
    is skipped, so a batch sent twice does no harm.
    """
    failures: dict[int, Exception] = {}
    bodies: dict[int, str] = {}
    for article_id in article_ids:
        try:
            body = _article_parse_start(article_id=article_id)
        except Exception as exc:
            failures[article_id] = exc
            continue
        if body is not None:
            bodies[article_id] = body
    if not bodies:
        return failures
    started = time.perf_counter()
    try:
        extractor = extractor_get()
        results = extractor.extract_many(
            list(bodies.values()), batch_size=settings.ATTRIBUTION_PARSE_BATCH_SIZE
        )
    except Exception as exc:  # no extractor (a pipeline missing, the database away)
        return failures | dict.fromkeys(bodies, exc)
    # The batch's time shared by its articles in proportion to their length.
    seconds = time.perf_counter() - started
    length = sum(len(body) for body in bodies.values()) or 1
    for (article_id, body), result in zip(bodies.items(), results, strict=True):
        if isinstance(result, Exception):
            failures[article_id] = result
            continue
        try:
            _article_claims_save(
                article_id=article_id,
                extractor=extractor,
                extracted=result,
                seconds=seconds * len(body) / length,
            )
        except Exception as exc:
            failures[article_id] = exc
    return failures


def _article_parse_start(*, article_id: int) -> str | None:
    """Claim an article's parse job and return its text, fetching it first when
    it was submitted as a URL; None when there is nothing to do."""
    if not article_claim_parse_job(article_id=article_id):
        return None
    body = Article.objects.values_list("body", flat=True).get(pk=article_id)
    if not body:
        article_fetch(article_id=article_id)
        body = Article.objects.values_list("body", flat=True).get(pk=article_id)
    return body


def _article_claims_save(
    *,
    article_id: int,
    extractor: Extractor,
    extracted: list[ExtractedClaim],
    seconds: float,
) -> None:
    """Store an article's extracted claims in one transaction (see
    article_extract_claims), unless another worker finished it first."""
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=article_id)
        if article.status != Article.Status.PARSING:
            return  # another worker finished first
        # Wait for reviews in progress, so that their claims count as reviewed below.
        held = article.claims.select_for_update().order_by("pk").values_list("pk")
        touched: set[int] = set()
        kept: list[tuple[int, int]] = []
        if list(held):  # a first parse has nothing to replace or keep
            replaced = article.claims.unreviewed()
            touched = set(replaced.values_list("canonical", flat=True)) - {None}
            replaced.delete()
            kept = _spans_kept(article)
        _claims_store(
            article=article,
            extracted=[c for c in extracted if not _overlaps(c, kept)],
            gazetteer=extractor.gazetteer,
            version=extractor.version,
        )
        article_credit_agency(article=article)
        article_cluster(article_id=article.pk, touched=touched)
        alert_services.article_alerts_after_parse(article=article)
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


def article_credit_agency(*, article: Article) -> int:
    """Make the article's story's agency the outermost outlet of its claims.

    Called where claims are stored (article_extract_claims) and when a story
    learns its agency (feed_services). Reviewed claims are left as the editor decided;
    claims that already name the agency outermost are untouched. Returns how
    many claims changed.
    """
    copy = StoryCopy.objects.filter(article=article).select_related("story").first()
    if copy is None or copy.story.agency_id is None:
        return 0
    agency_id = copy.story.agency_id
    chains: dict[int, list[int]] = {}
    for claim in article.claims.unreviewed().prefetch_related("via_links"):
        chain = [v.outlet_id for v in claim.via_links.all()]
        if chain[:1] != [agency_id]:
            chains[claim.pk] = [agency_id, *[o for o in chain if o != agency_id]]
    if chains:  # one delete and one insert for all of them, not two per claim
        ClaimVia.objects.filter(claim_id__in=list(chains)).delete()
        ClaimVia.objects.bulk_create(
            ClaimVia(claim_id=pk, outlet_id=o, position=i)
            for pk, chain in chains.items()
            for i, o in enumerate(chain)
        )
    return len(chains)


def _spans_kept(article: Article) -> list[tuple[int, int]]:
    """Where the article's reviewed claims are, and every span they had before.

    An editor who moved a claim to other words has said that the machine's span
    was wrong: a re-parse that finds a claim at the old span again must not lay
    it beside the corrected one, so the history's spans count as taken too.
    """
    kept = article.claims.values_list("pk", flat=True)
    earlier = Claim.history.filter(id__in=kept).values_list("start", "end")
    return sorted(set(article.claims.values_list("start", "end")) | set(earlier))


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


# The last gazetteer built from the outlets table, with the stamp it was built at.
_gazetteer_built: dict[str, tuple[tuple, Gazetteer]] = {}


def gazetteer_get() -> Gazetteer:
    """The shipped outlet gazetteer, extended and overridden by outlets in the DB.

    Outlets created from articles' text wait for an editor's review before the
    engine uses them. Built once per process and again only when the outlets the
    engine uses changed: a stamp of them (how many, their newest change and the
    sum of their ids, one indexed aggregate) is compared for every article, which
    sees changes made by any process (building it costs about 57 ms with 974
    outlets; the stamp well under one).
    """
    used = Outlet.objects.filter(needs_review=False)
    stamp = tuple(
        used.aggregate(n=Count("id"), last=Max("updated_at"), ids=Sum("id")).values()
    )
    built = _gazetteer_built.get("outlets")
    if built is not None and built[0] == stamp:
        return built[1]
    entries = [
        OutletEntry(
            name=o.name,
            kind=o.kind,
            aliases=tuple(o.aliases),
            homepage=o.homepage,
            country=o.country,
        )
        for o in used
    ]
    gazetteer = _default_gazetteer().merged(entries)
    _gazetteer_built["outlets"] = (stamp, gazetteer)
    return gazetteer


def extractor_get(*, database_outlets: bool = True) -> Extractor:
    """The one place an extractor is built: the configured spaCy pipeline (loaded
    once per process) and the gazetteer, with the outlets in the database unless
    `database_outlets` is False (the extract and evaluate commands need none)."""
    gazetteer = gazetteer_get() if database_outlets else _default_gazetteer()
    return Extractor(load_pipeline(settings.ATTRIBUTION_SPACY_MODEL), gazetteer)


# Outlets and speakers -------------------------------------------------------------


def outlet_get_or_create(*, name: str, needs_review: bool = False) -> Outlet:
    """The outlet of that name or alias, created from the gazetteer when new.

    With `needs_review` (a name a user typed), an outlet the gazetteer does not
    know is created waiting for an editor: the engine leaves it out of its
    gazetteer until then (gazetteer_get), so that a person's name typed as a
    publisher never becomes a via of later articles.
    """
    entry = _default_gazetteer().lookup(name)
    canonical = entry.name if entry else name.strip()
    slug = name_slug(canonical, "outlet")
    outlet = Outlet.objects.filter(slug=slug).first()
    if outlet is not None:
        return outlet
    defaults: dict[str, object] = {
        "name": canonical,
        "needs_review": needs_review and entry is None,
    }
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
    # updated_at moves the gazetteer's stamp (gazetteer_get) in every process.
    return outlets.filter(needs_review=True).update(
        needs_review=False, updated_at=timezone.now()
    )


def outlets_load_gazetteer() -> tuple[int, int]:
    """Create or update an Outlet row for every shipped gazetteer entry.

    Aliases editors added are kept. Returns (created, updated).
    """
    created = updated = 0
    for entry in _default_gazetteer():
        slug = name_slug(entry.name, "outlet")
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
    base = name_slug(name, "speaker", max_length=190)
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


class _Keep:
    """The value of a field article_update is not asked to change."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)


def article_changes_clean(
    *,
    article: Article,
    title: Any = KEEP,
    url: Any = KEEP,
    publisher: Any = KEEP,
    published_at: Any = KEEP,
    language: Any = KEEP,
) -> dict[str, Any]:
    """The cleaned values of the given metadata fields, or ValidationError with a
    message per field at fault (all of them at once).

    title: one line (cleaned as bodies are), at most 500 characters. url: a plain
    public http(s) URL, or "" for none, kept as the claimed_url of an article the
    app did not fetch; fixed for one it fetched (selectors.article_url_fixed).
    publisher: an Outlet, a name (found or created as submissions are) or
    ""/None for none. published_at: a date or
    datetime (naive ones in the site's time zone), None for unknown; not in the
    future nor before 1800. language: a language tag such as en or pt-br.
    """
    given = {
        "title": title,
        "url": url,
        "publisher": publisher,
        "published_at": published_at,
        "language": language,
    }
    cleaned, errors = {}, {}
    for name, value in given.items():
        if value is KEEP:
            continue
        try:
            cleaned[name] = _ARTICLE_CLEANERS[name](article, value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    if "url" in cleaned and not selectors.article_url_fixed(article):
        cleaned["claimed_url"] = cleaned.pop("url")  # what the editor says it is
    return cleaned


def _clean_title(article: Article, value: str) -> str:
    title = ingestion.clean_line(value or "")
    if len(title) > 500:
        raise ValidationError(
            f"The title is {len(title):,} characters long; at most 500 fit."
        )
    return title


def _clean_url(article: Article, value: str) -> str:
    """The URL an article the app did not fetch was published at (stored as its
    claimed_url); the URL of one it fetched is what it is, and fixed."""
    url = (value or "").strip()
    if url == (article.url or article.claimed_url):
        return url
    if selectors.article_url_fixed(article):
        raise ValidationError(
            "The app fetched this article from its URL, which is what the article "
            "is; it cannot be changed. Submit the other URL as an article of its own."
        )
    if not url:
        return ""
    if len(url) > 2000:
        raise ValidationError("The URL is longer than 2,000 characters.")
    try:
        URLValidator(schemes=["http", "https"])(url)
        return ingestion.check_url(
            url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
        )
    except ingestion.UnusableInput as error:
        raise ValidationError(str(error)) from None
    except ValidationError:
        raise ValidationError(f"{url!r} is not a valid http or https URL.") from None


def _clean_publisher(article: Article, value: Outlet | str | None) -> Outlet | None:
    if isinstance(value, Outlet) or value is None:
        return value
    name = ingestion.clean_line(value)
    if len(name) > 200:
        raise ValidationError("An outlet's name has at most 200 characters.")
    return outlet_get_or_create(name=name) if name else None


def _clean_published(article: Article, value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        raise ValidationError("Give the date as a date, such as 2024-05-31.")
    if not isinstance(value, datetime):  # a date
        value = datetime.combine(value, datetime.min.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timedelta(days=1):
        raise ValidationError(
            f"The published date ({value:%Y-%m-%d}) is in the future."
        )
    if value < EARLIEST_PUBLISHED:
        raise ValidationError("The published date must be after 1800.")
    return value


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")


def _clean_language(article: Article, value: str) -> str:
    tag = (value or "").strip().lower().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag) or len(tag) > 10:
        raise ValidationError(
            f"{value!r} is not a language tag such as en, fr or pt-br."
        )
    return tag


_ARTICLE_CLEANERS = {
    "title": _clean_title,
    "url": _clean_url,
    "publisher": _clean_publisher,
    "published_at": _clean_published,
    "language": _clean_language,
}


def article_update(*, article: Article, user, **values: Any) -> Article:
    """Correct an article's metadata (title, url, publisher, published_at,
    language; see article_changes_clean), recording who changed what.

    Only the fields given and different from the stored ones are written, in one
    version of the article's history with `user`; nothing given or nothing
    different writes nothing. The body, which claim offsets point into, and the
    parse state are never changed here. Raises ValidationError naming each field
    at fault, and nothing is saved then.
    """
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        cleaned = article_changes_clean(article=current, **values)
        changed = [
            name for name, value in cleaned.items() if getattr(current, name) != value
        ]
        if not changed:
            return current
        _article_history_catch_up(current)
        for name in changed:
            setattr(current, name, cleaned[name])
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = "edited"  # type: ignore[attr-defined]
        current.save(update_fields=[*changed, "updated_at"])
    return current


def _article_history_catch_up(article: Article) -> None:
    """Record the article as it is when its history's last version differs (the
    fetch and the parse write with update()), so that an editor's version shows
    only the editor's changes."""
    record = Article.history.model
    last = article.history.order_by("-history_date", "-history_id").first()
    tracked = [f.attname for f in record.tracked_fields]
    if last is not None and all(
        getattr(last, name) == getattr(article, name) for name in tracked
    ):
        return
    values = {name: getattr(article, name) for name in tracked}
    record.objects.create(
        history_date=timezone.now(),
        history_type="~" if last is not None else "+",
        history_change_reason="as the app stored it",
        **values,
    )


# Editors -------------------------------------------------------------------------
#
# Each change is one SpeakerChange row with who and when. Merges and splits also
# write SpeakerDecision rows, keyed by article and name, so that a re-parse places
# the same names on the same speakers.


def speaker_merge(*, speaker: Speaker, into: Speaker, user) -> Speaker:
    """Make `speaker` part of `into`: claims, statements, names, decisions and
    history move, and `speaker` is deleted. Returns `into`.

    Merging speakers of different articles makes `into` a speaker of no article in
    particular (it may then gather claims of other articles by its full names).
    """
    if speaker.pk == into.pk:
        raise ValidationError({"into": "A speaker cannot be merged into itself."})
    with transaction.atomic():
        speaker, into = _lock(speaker, into)
        if speaker.outlet_id and into.outlet_id and speaker.outlet_id != into.outlet_id:
            raise ValidationError(
                {"into": "Both speakers are outlets; merge the outlets instead."}
            )
        moved = _speaker_decide(speaker.claims.all(), into, user)
        SpeakerDecision.objects.filter(speaker=speaker).update(speaker=into)
        speaker.claims.update(speaker=into)
        CanonicalClaim.objects.filter(speaker=speaker).update(speaker=into)
        SpeakerChange.objects.filter(speaker=speaker).update(speaker=into)
        outlet = speaker.outlet
        if speaker.article_id != into.article_id:
            into.article = None
        into.aliases = _merged_names(
            into, [identity.strip_in(speaker.name), *speaker.aliases]
        )
        into.contexts = list(dict.fromkeys([*into.contexts, *speaker.contexts]))[:20]
        into.description = into.description or speaker.description
        name = speaker.name
        speaker.delete()
        if outlet is not None and into.outlet_id is None:
            into.outlet, into.kind = outlet, Speaker.Kind.OUTLET
        into.save()
        _keys_reset(into)
        _log(
            into,
            user,
            SpeakerChange.Action.MERGE,
            f"Merged “{name}” ({moved} claims) into “{into.name}”.",
        )
    return into


def speaker_split(
    *, speaker: Speaker, article_ids: Iterable[int], name: str, user
) -> Speaker:
    """Move the speaker's claims in the given articles to a new speaker `name`.

    The new speaker has the old one's kind; it belongs to the article when only
    one is given and the old speaker belonged to one. Their statements are
    clustered again under the new speaker.
    """
    ids = sorted(set(article_ids))
    name = " ".join(name.split())[:200]
    if not name:
        raise ValidationError({"name": "Give the new speaker a name."})
    with transaction.atomic():
        (speaker,) = _lock(speaker)
        claims = speaker.claims.filter(article_id__in=ids)
        if not claims.exists():
            raise ValidationError(
                {"articles": "The speaker has no claims in these articles."}
            )
        article = None
        if speaker.article_id is not None and len(ids) == 1:
            article = Article.objects.get(pk=ids[0])
        new = identity.speaker_new(name=name, kind=speaker.kind, article=article)
        moved = _speaker_decide(claims, new, user)
        touched = set(claims.values_list("canonical_id", flat=True)) - {None}
        claims.update(speaker=new, canonical=None)
        _keys_reset(new)
        _log(
            new,
            user,
            SpeakerChange.Action.SPLIT,
            f"Split from “{speaker.name}”: {moved} claims in {len(ids)} article(s).",
        )
        _log(
            speaker,
            user,
            SpeakerChange.Action.SPLIT,
            f"{moved} claims in {len(ids)} article(s) split off to “{new.name}”.",
        )
    for article_id in ids:
        article_cluster(article_id=article_id, touched=touched)
    return new


def speaker_update(
    *,
    speaker: Speaker,
    user,
    name: str | None = None,
    aliases: list[str] | None = None,
    kind: str | None = None,
    outlet: Outlet | None = None,
) -> Speaker:
    """Rename, edit aliases, set the kind or link to an outlet; each change logged.

    A renamed speaker keeps its old name as an alias, so that articles using it
    still find it. Linking to an outlet that already has a speaker merges this
    speaker into that one: an outlet is one entity.
    """
    with transaction.atomic():
        (speaker,) = _lock(speaker)
        if outlet is not None and outlet.pk != speaker.outlet_id:
            existing = Speaker.objects.filter(outlet=outlet).first()
            if existing is not None:
                return speaker_merge(speaker=speaker, into=existing, user=user)
            speaker.outlet, speaker.kind = outlet, Speaker.Kind.OUTLET
            _log(
                speaker,
                user,
                SpeakerChange.Action.OUTLET,
                f"Linked to the outlet “{outlet.name}”.",
            )
        if kind is not None and kind != speaker.kind:
            if kind not in Speaker.Kind.values:
                raise ValidationError({"kind": f"Unknown kind {kind!r}."})
            if speaker.outlet_id is not None and kind != Speaker.Kind.OUTLET:
                raise ValidationError(
                    {"kind": "A speaker linked to an outlet is an outlet."}
                )
            _log(
                speaker,
                user,
                SpeakerChange.Action.KIND,
                f"Kind set from {speaker.kind} to {kind}.",
            )
            speaker.kind = kind
        if aliases is not None:
            cleaned = _aliases_clean(aliases, name or speaker.name)
            if cleaned != speaker.aliases:
                _log(
                    speaker,
                    user,
                    SpeakerChange.Action.ALIASES,
                    "Aliases set to "
                    + (", ".join(f"“{a}”" for a in cleaned) or "none")
                    + ".",
                )
                speaker.aliases = cleaned
        if name is not None and " ".join(name.split()) != speaker.name:
            new_name = " ".join(name.split())[:200]
            if not new_name:
                raise ValidationError({"name": "A speaker needs a name."})
            _log(
                speaker,
                user,
                SpeakerChange.Action.RENAME,
                f"Renamed from “{speaker.name}” to “{new_name}”.",
            )
            speaker.aliases = _merged_names(speaker, [speaker.name], new_name)
            speaker.name = new_name
        speaker.save()
        _keys_reset(speaker)
    return speaker


def _aliases_clean(aliases: Iterable[str], name: str) -> list[str]:
    """One-line, distinct (case aside) aliases other than the name itself."""
    seen, out = {" ".join(name.split()).lower()}, []
    for alias in aliases:
        alias = " ".join(str(alias).split())[:200]
        if alias and alias.lower() not in seen:
            seen.add(alias.lower())
            out.append(alias)
    return out


def _lock(*speakers: Speaker) -> list[Speaker]:
    ids = [s.pk for s in speakers]
    rows = {
        s.pk: s
        for s in Speaker.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    if len(rows) != len(set(ids)):
        raise Speaker.DoesNotExist("The speaker no longer exists.")
    return [rows[i] for i in ids]


def _speaker_decide(claims, speaker: Speaker, user) -> int:
    """Record that the names of these claims in their articles mean `speaker`."""
    pairs = set(claims.values_list("article_id", "speaker_name"))
    count = claims.count()
    for article_id, name in pairs:
        key = identity.name_key(name)
        if key:
            SpeakerDecision.objects.update_or_create(
                article_id=article_id,
                name_key=key,
                defaults={"speaker": speaker, "created_by": user},
            )
    return count


def _merged_names(speaker: Speaker, names: Iterable[str], shown: str = "") -> list[str]:
    seen = {
        identity.name_key(shown or speaker.name),
        identity.name_key(identity.strip_in(shown or speaker.name)),
    }
    out: list[str] = []
    for alias in [*speaker.aliases, *names]:
        key = identity.name_key(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def _keys_reset(speaker: Speaker) -> None:
    SpeakerName.objects.filter(speaker=speaker).delete()
    identity.keys_sync([speaker])


def _log(speaker: Speaker, user, action: str, summary: str) -> None:
    SpeakerChange.objects.create(
        speaker=speaker, action=action, summary=summary[:500], created_by=user
    )


# Re-linking what is stored ---------------------------------------------------------


@dataclass
class RelinkReport:
    """What re-linking changed: speakers merged, split and claims left unattributed."""

    merged: dict[str, set[str]] = field(default_factory=dict)  # new <- olds
    split: dict[str, set[str]] = field(default_factory=dict)  # old -> news
    unattributed: dict[str, str] = field(default_factory=dict)  # old name -> reason
    claims_moved: int = 0
    speakers_deleted: int = 0

    def lines(self) -> list[str]:
        out = [
            f"merged: {' + '.join(sorted(olds))} -> {new}"
            for new, olds in sorted(self.merged.items())
            if len(olds) > 1
        ]
        out += [
            f"split: {old} -> {' | '.join(sorted(news))}"
            for old, news in sorted(self.split.items())
            if len(news) > 1
        ]
        out += [
            f"no speaker: {old} ({reason})"
            for old, reason in sorted(self.unattributed.items())
        ]
        out.append(
            f"{self.claims_moved} claims moved; {self.speakers_deleted} speakers "
            "left without claims were deleted."
        )
        return out


def claims_relink(*, extract, gazetteer: Gazetteer) -> RelinkReport:
    """Place every stored claim's speaker again under the current rules.

    Each parsed article is read again with `extract` (text -> extracted claims),
    whose claims are matched to the stored ones by span, so the rules see what the
    engine says of each speaker. Claims an editor corrected keep their speaker, and
    editors' decisions apply as on any parse. Speakers left with no claims, no
    statements and no decisions are deleted. Statements are clustered again for the
    claims that moved.
    """
    report = RelinkReport()
    articles = Article.objects.filter(status=Article.Status.PARSED).order_by("pk")
    for article in articles.select_related("publisher").iterator():
        with transaction.atomic():
            _article_relink(article, extract, gazetteer, report)
    orphans = Speaker.objects.filter(
        claims=None, canonical_claims=None, decisions=None, outlet=None
    )
    report.speakers_deleted = orphans.count()
    orphans.delete()
    return report


def _article_relink(article, extract, gazetteer, report: RelinkReport) -> None:
    by_span = {(c.start, c.end): c for c in extract(article.body)}
    claims = [
        c
        for c in article.claims.select_related("speaker").order_by("start")
        if c.review_status != Claim.ReviewStatus.EDITED and (c.start, c.end) in by_span
    ]
    if not claims:
        return
    items = [by_span[(c.start, c.end)] for c in claims]
    placed = identity.claims_place(
        article=article, extracted=items, gazetteer=gazetteer
    )
    touched: set[int] = set()
    for claim, place in zip(claims, placed, strict=True):
        old = claim.speaker
        new = place.speaker
        if old is not None:
            label = old.name
            if new is None:
                report.unattributed[label] = place.reason
            else:
                report.split.setdefault(label, set()).add(new.name)
        if new is not None:
            report.merged.setdefault(new.name, set()).add(old.name if old else "(none)")
        if (old.pk if old else None) != (new.pk if new else None):
            report.claims_moved += 1
            if claim.canonical_id:
                touched.add(claim.canonical_id)
            claim.canonical = None
        claim.speaker = new
        claim.speaker_name = place.name
        claim.no_speaker_reason = place.reason
        claim.speaker_role = (
            claim.speaker_role or by_span[(claim.start, claim.end)].speaker_role[:300]
        )
    Claim.objects.bulk_update(
        claims,
        ["speaker", "speaker_name", "no_speaker_reason", "speaker_role", "canonical"],
    )
    article_cluster(article_id=article.pk, touched=touched)


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
        "add_rating",
        "change_rating",
        "delete_rating",
        "view_rating",
        # The feed pages are read-only; editors pause and resume feeds there.
        "view_feed",
        "view_feedentry",
        "view_feedpage",
        "view_story",
        "view_storycopy",
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
    # Contributors submit articles through the site and the API, not the admin.
    Role.CONTRIBUTOR: ["view_article", "view_outlet"],
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


# Canonical claims: claims across articles --------------------------------------------
#
# A claim joins the canonical claim of the same speaker whose reports are most similar
# to it (attribution.clustering decides), or starts a new one. Editors merge and split
# canonical claims; each ruling is stored as a ClusterDecision keyed by the claim's
# place in its article, so it holds when the article is re-parsed. These writes lock
# the speaker's row, so that two workers clustering the same speaker take turns.


def article_cluster(*, article_id: int, touched: Iterable[int] = ()) -> int:
    """Cluster every claim of an article; returns how many found a canonical claim.

    `touched` names canonical claims that lost reports before this call (a re-parse
    deletes unreviewed claims). The article's speakers are locked at once, in id
    order, so that workers clustering articles with shared speakers take turns.
    The speakers' reports elsewhere are read once (the candidate set), new
    canonical claims are created together and every changed one is refreshed
    once, at the end: a fixed number of queries however many claims it has. The
    vectors are computed before the lock (claims_vectors), so that a worker
    waiting for the speakers waits for no model. Inside the parse's transaction it
    adds no savepoint of its own: its failure fails the parse.
    """
    ready = claims_vectors(list(Claim.objects.filter(article_id=article_id)))
    with transaction.atomic(savepoint=False):
        claims = list(
            Claim.objects.filter(article_id=article_id)
            .select_related("article", "canonical")
            .order_by("speaker_id", "start")
        )
        _lock_speakers(c.speaker_id for c in claims)
        changed = set(touched)
        candidates = claims_embed(claims, selectors.statement_candidates(claims), ready)
        plan = _Plan(claims, candidates, changed)
        decisions = _decisions(article_id)
        clustered = sum(_place(claim, plan, decisions) is not None for claim in claims)
        plan.save()
        canonicals_tidy(changed)
    return clustered


def claim_cluster(*, claim_id: int) -> CanonicalClaim | None:
    """Put one claim into its canonical claim; None when it has no speaker.

    An editor's decision for the claim's place wins; a claim already in a canonical
    claim of its speaker stays there; otherwise it joins the same speaker's most
    similar canonical claim at or above clustering.SAME_STATEMENT, or starts one.
    Calling it again changes nothing.
    """
    ready = claims_vectors(list(Claim.objects.filter(pk=claim_id)))
    with transaction.atomic():
        claim = Claim.objects.select_related("article", "canonical").get(pk=claim_id)
        _lock_speakers([claim.speaker_id])
        changed: set[int] = set()
        candidates = claims_embed(
            [claim], selectors.statement_candidates([claim]), ready
        )
        plan = _Plan([claim], candidates, changed)
        placed = _place(claim, plan, _decisions(claim.article_id))
        plan.save()
        canonicals_tidy(changed)
        if placed is None:
            return None
        return CanonicalClaim.objects.get(pk=plan.canonical_id(placed))


def _lock_speakers(ids: Iterable[int | None]) -> None:
    wanted = sorted({i for i in ids if i is not None})
    if wanted:
        list(
            Speaker.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


# A canonical claim while an article is placed: a stored one's id, or a new one
# (created at the end, in order) by its place in _Plan.new.
_Statement = int | CanonicalClaim


class _Plan:
    """Where an article's claims go, decided in memory and written at the end.

    `candidates` holds, per speaker, the distinct (canonical id, text) of the
    speaker's reports in other articles; the article's own claims are added as
    they are placed, so that a second report in the article joins the first one's
    statement as it did when every claim was written at once.
    """

    def __init__(
        self,
        claims: list[Claim],
        candidates: dict[int, list[tuple[int, str, bytes | None]]],
        changed: set[int],
    ) -> None:
        self.claims = claims
        self.candidates = candidates
        # Each text's vector, from the stored reports and the article's claims.
        self.vectors = {
            text: embeddings.from_bytes(vector)
            for rows in candidates.values()
            for _, text, vector in rows
            if vector is not None
        } | {
            c.text: embeddings.from_bytes(c.embedding)
            for c in claims
            if c.embedding is not None
        }
        self.changed = changed
        self.where: dict[int, _Statement | None] = {
            c.pk: c.canonical_id for c in claims
        }
        self.new: list[CanonicalClaim] = []
        self.joined: list[CanonicalClaim] = []  # new ones a second report joined

    def order(self, statement: _Statement) -> tuple[int, int]:
        """Sorts as the ids will: stored ones first, new ones in creation order."""
        if isinstance(statement, int):
            return (0, statement)
        return (1, self.new.index(statement))

    def reports(self, claim: Claim) -> list[tuple[_Statement, str]]:
        """The reports a claim is compared with, as one query per claim gave them:
        distinct by (statement, text), ordered by statement then text."""
        found: dict[tuple[tuple[int, int], str], _Statement] = {
            ((0, c), t): c for c, t, _ in self.candidates.get(claim.speaker_id or 0, [])
        }
        for other in self.claims:
            where = self.where[other.pk]
            same = other.pk != claim.pk and other.speaker_id == claim.speaker_id
            if same and where is not None:
                found[(self.order(where), other.text)] = where
        return [(found[key], key[1]) for key in sorted(found)]

    def report(self, text: str) -> matching.Report:
        return matching.Report(text, self.vectors.get(text))

    def canonical_id(self, statement: _Statement) -> int:
        return statement if isinstance(statement, int) else statement.pk

    def save(self) -> None:
        """Create the new canonical claims and point the claims that moved."""
        CanonicalClaim.objects.bulk_create(self.new)
        self.changed.update(c.pk for c in self.joined)
        moved = []
        for claim in self.claims:
            where = self.where[claim.pk]
            target = None if where is None else self.canonical_id(where)
            if target != claim.canonical_id:
                claim.canonical_id = target
                moved.append(claim)
        if moved:
            Claim.objects.bulk_update(moved, ["canonical"])


def _place(
    claim: Claim, plan: _Plan, decisions: dict[tuple[int, int], CanonicalClaim]
) -> _Statement | None:
    """Decide the claim's canonical claim in the plan; note which ones changed.

    A canonical claim made here for this claim alone needs no refresh: it is
    created with the claim's text and date. `decisions` holds the editors'
    decisions for the claim's article by span (_decisions).
    """
    statement: _Statement | None = None
    fresh = False
    if claim.speaker_id is not None:
        current = plan.where[claim.pk]
        if current is not None and claim.canonical.speaker_id != claim.speaker_id:  # type: ignore[union-attr]
            current = None
        decided = _decided(claim, decisions)
        statement = decided.pk if decided else current
        if statement is None:
            statement = _most_similar(claim, plan)
        if statement is None:
            statement, fresh = _new_canonical(claim, save=False), True
            plan.new.append(statement)
    previous = plan.where[claim.pk]
    if previous is not statement and previous != statement:
        plan.where[claim.pk] = statement
        if isinstance(previous, int):
            plan.changed.add(previous)
        if isinstance(statement, int) and not fresh:
            plan.changed.add(statement)
        elif isinstance(statement, CanonicalClaim) and not fresh:
            plan.joined.append(statement)
    return statement


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


def canonical_refresh(canonical: CanonicalClaim) -> bool:
    """Recompute the earliest wording, first report time and the altered flag;
    False (and nothing written) when the canonical claim has no report left."""
    members = list(selectors.canonical_members(canonical))
    if not members:
        return False
    _refreshed(canonical, members)
    canonical.save(update_fields=["text", "first_reported_at", "altered", "updated_at"])
    return True


def canonicals_refresh_all() -> tuple[int, int]:
    """canonical_refresh for every canonical claim, as after a change to how drift is
    measured (issue 17). Idempotent. Returns how many were refreshed and how many of
    them changed their altered flag."""
    refreshed = changed = 0
    for canonical in CanonicalClaim.objects.order_by("pk").iterator(chunk_size=500):
        before = canonical.altered
        canonical_refresh(canonical)
        refreshed += 1
        changed += canonical.altered != before
    return refreshed, changed


def canonicals_tidy(ids: Iterable[int]) -> None:
    """Refresh the given canonical claims, deleting those left with no report.

    One that an editor's decision points at is kept: a re-parse refills it. The
    members of all of them are read in one query and the changes written in one
    (canonical_refresh's result, without loading each member's attribution).
    """
    wanted = set(ids)
    if not wanted:
        return
    canonicals = {c.pk: c for c in CanonicalClaim.objects.filter(pk__in=wanted)}
    members: dict[int, list[Claim]] = {pk: [] for pk in canonicals}
    rows = (
        Claim.objects.filter(canonical_id__in=list(canonicals))
        .select_related("article")
        .only(
            "text",
            "kind",
            "start",
            "canonical_id",
            "article_id",
            "article__published_at",
            "article__created_at",
        )
    )
    for claim in rows:
        members[claim.canonical_id].append(claim)
    now = timezone.now()
    refreshed, emptied = [], []
    for pk, canonical in canonicals.items():
        if not members[pk]:
            emptied.append(pk)
            continue
        _refreshed(canonical, selectors.in_order_of_appearance(members[pk]))
        canonical.updated_at = now
        refreshed.append(canonical)
    CanonicalClaim.objects.bulk_update(
        refreshed, ["text", "first_reported_at", "altered", "updated_at"]
    )
    if emptied:
        CanonicalClaim.objects.filter(pk__in=emptied).exclude(
            pk__in=ClusterDecision.objects.values("canonical_id")
        ).delete()


def _refreshed(canonical: CanonicalClaim, members: list[Claim]) -> None:
    """Set the earliest wording, first report time and the altered flag from the
    members in order of appearance (canonical_refresh's rule, nothing saved)."""
    earliest = members[0]
    canonical.text = earliest.text
    canonical.first_reported_at = selectors.reported_at(earliest)
    canonical.altered = selectors.canonical_altered(members)


def _decisions(article_id: int) -> dict[tuple[int, int], CanonicalClaim]:
    """The editors' cluster decisions for an article's claims, by span: read once
    per article, not once per claim."""
    return {
        (d.start, d.end): d.canonical
        for d in ClusterDecision.objects.select_related("canonical").filter(
            article_id=article_id
        )
    }


def _decided(
    claim: Claim, decisions: dict[tuple[int, int], CanonicalClaim]
) -> CanonicalClaim | None:
    decided = decisions.get((claim.start, claim.end))
    if decided is not None and decided.speaker_id == claim.speaker_id:
        return decided
    return None


def _most_similar(claim: Claim, plan: _Plan) -> _Statement | None:
    """The speaker's canonical claim with the report most similar to this claim.

    Reports with the same words in the same canonical claim are compared once: a
    quote carried verbatim by many outlets costs one comparison.
    """
    reports = plan.reports(claim)
    best = matching.best_match(
        plan.report(claim.text), [plan.report(text) for _, text in reports]
    )
    if best is None:
        return None
    return reports[best][0]


_Candidates = dict[int, list[tuple[int, str, bytes | None]]]


def claims_embed(
    claims: list[Claim],
    candidates: _Candidates,
    ready: dict[str, bytes] | None = None,
) -> _Candidates:
    """Store sentence vectors where placing the claims compares them; returns the
    candidates (selectors.statement_candidates) with their vectors filled in.

    Vectors are made when first needed: for a claim whose speaker has reports in
    other articles, and for those reports that have none yet. A speaker's first
    article embeds nothing (its claims are compared with each other on their
    words); its second embeds both. A text that already has a vector reuses it (a
    quote carried word for word by many outlets is embedded once); `ready` holds
    those made before the speakers were locked (claims_vectors); the rest are
    embedded together (embeddings.embed, in batches of similar length). Sets
    `embedding` and `embedded_at` on the claims passed.
    """
    wanted, known, stale, missing = _embedding_needed(claims, candidates)
    if not wanted and not missing:
        return candidates
    known |= {t: v for t, v in (ready or {}).items() if t in missing}
    known |= _vectors([t for t in missing if t not in known])
    for claim in wanted:
        claim.embedding = known[claim.text]
    if stale:
        wanted += Claim.objects.filter(
            speaker_id__in=candidates, text__in=stale, embedding__isnull=True
        ).only("pk", "text")
        for claim in wanted:
            claim.embedding = known[claim.text]
    now = timezone.now()
    for claim in wanted:
        claim.embedded_at = now
    Claim.objects.bulk_update(wanted, ["embedding", "embedded_at"])
    return {
        speaker: [(c, t, known.get(t, v)) for c, t, v in rows]
        for speaker, rows in candidates.items()
    }


def claims_vectors(claims: list[Claim]) -> dict[str, bytes]:
    """The vectors claims_embed will need for these claims, made now: called
    before the speakers are locked, so that the model runs outside the lock. The
    candidates are read unlocked; a report stored meanwhile is embedded under the
    lock, as before."""
    candidates = selectors.statement_candidates(claims)
    return _vectors(_embedding_needed(claims, candidates)[3])


def _embedding_needed(
    claims: list[Claim], candidates: _Candidates
) -> tuple[list[Claim], dict[str, bytes], set[str], list[str]]:
    """The claims to give a vector, the vectors stored already by text, the texts
    of stored reports without one, and the texts that need the model."""
    seen = {speaker for speaker, rows in candidates.items() if rows}
    wanted = [c for c in claims if c.speaker_id in seen and c.embedding is None]
    known = {t: v for rows in candidates.values() for _, t, v in rows if v is not None}
    stale = {t for s in seen for _, t, v in candidates[s] if v is None} - set(known)
    missing = sorted(({c.text for c in wanted} | stale) - set(known))
    return wanted, known, stale, missing


# Texts of similar length go to the model together: padding to a batch's longest
# text costs less than one call per text.
_EMBED_BATCH = 16


def _vectors(texts: list[str]) -> dict[str, bytes]:
    """Each text's stored vector, made in batches of texts of similar length."""
    texts = sorted(set(texts), key=len)
    vectors: dict[str, bytes] = {}
    for start in range(0, len(texts), _EMBED_BATCH):
        batch = texts[start : start + _EMBED_BATCH]
        vectors |= {
            text: embeddings.to_bytes(vector)
            for text, vector in zip(batch, embeddings.embed(batch), strict=True)
        }
    return vectors


def claims_embed_backfill(*, after: int, size: int) -> tuple[int, int]:
    """Give the next `size` claims without a vector, with an id above `after`, their
    vectors, in one transaction (claims another worker holds are skipped). Returns
    how many, and the last id: (0, after) when none is left. Resumable: a run
    stopped between batches goes on from the claims still without one."""
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(embedding__isnull=True, pk__gt=after)
            .order_by("pk")
            .only("pk", "text")[:size]
        )
        if not claims:
            return 0, after
        known = _vectors([c.text for c in claims])
        now = timezone.now()
        for claim in claims:
            claim.embedding, claim.embedded_at = known[claim.text], now
        Claim.objects.bulk_update(claims, ["embedding", "embedded_at"])
    return len(claims), claims[-1].pk


def _new_canonical(claim: Claim, *, save: bool = True) -> CanonicalClaim:
    canonical = CanonicalClaim(  # type: ignore[misc]
        speaker_id=claim.speaker_id,
        text=claim.text,
        first_reported_at=selectors.reported_at(claim),
    )
    if save:
        canonical.save()
    return canonical


def _decide(claim: Claim, canonical: CanonicalClaim, user) -> None:
    ClusterDecision.objects.update_or_create(
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        defaults={"canonical": canonical, "created_by": user},
    )


# API tokens -----------------------------------------------------------------------

# Tokens one user may hold at once; making one more ends the oldest.
MAX_TOKENS_PER_USER = 20


def _token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_password_fingerprint(user) -> str:
    """A digest of the user's (salted) password hash: it changes with the password.

    Not keyed with SECRET_KEY, so rolling the key over does not end every token;
    it tells no more than the password hash beside it in the same database.
    """
    return hashlib.sha256(user.password.encode()).hexdigest()


def api_token_create(*, user, name: str = "") -> tuple[ApiToken, str]:
    """A new token for `user`, and its key (shown this once; only a digest is kept).

    Every sign-in makes a new token, so a key is never handed out twice; beyond
    MAX_TOKENS_PER_USER the oldest are deleted. Expires after API_TOKEN_DAYS
    when that is set.
    """
    key = secrets.token_urlsafe(32)
    days = settings.API_TOKEN_DAYS
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            digest=_token_digest(key),
            prefix=key[:8],
            password_fingerprint=token_password_fingerprint(user),
            expires_at=timezone.now() + timedelta(days=days) if days else None,
        )
        stale = ApiToken.objects.filter(user=user).values_list("pk", flat=True)[
            MAX_TOKENS_PER_USER:
        ]
        ApiToken.objects.filter(pk__in=list(stale)).delete()
    return token, key


def api_token_authenticate(*, key: str):
    """The token for `key` when it still holds, else None (and a dead one goes).

    A token ends when it expires, when its user is deactivated or when the user's
    password changed since it was made: those are deleted as they are presented.
    """
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=_token_digest(key))
        .first()
    )
    if token is None:
        return None
    user = token.user
    expired = token.expires_at is not None and token.expires_at <= timezone.now()
    stale = not hmac.compare_digest(
        token.password_fingerprint, token_password_fingerprint(user)
    )
    if not user.is_active:
        api_tokens_revoke(user=user)
        return None
    if expired or stale:
        token.delete()
        return None
    return token


def api_token_revoke(*, user, token_id: int) -> bool:
    """Delete one of the user's own tokens; False when they have none of that id."""
    deleted, _ = ApiToken.objects.filter(user=user, pk=token_id).delete()
    return bool(deleted)


def api_tokens_revoke(*, user) -> int:
    """End every token of the user (on deactivation, or when they ask)."""
    deleted, _ = ApiToken.objects.filter(user=user).delete()
    return deleted
