"""Writes for articles: creating, submitting, fetching, parsing and editing them."""

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from attribution import (
    alert_services,
    enqueue,
    identity,
    ingestion,
)
from attribution.extraction import (
    ExtractedClaim,
    Extractor,
    Gazetteer,
)
from attribution.models import (
    Article,
    Claim,
    ClaimVia,
    StoryCopy,
)
from attribution.roles import SUBMIT_NEEDS_ROLE, may_submit
from attribution.services.speakers import extractor_get, outlet_get_or_create
from attribution.services.statements import article_cluster

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
    return _articles_enqueue_batch([article_id])


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
        if len(ids) == 1:
            logger.exception("Could not enqueue article %s; it stays pending", ids[0])
        else:
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
    place: Callable[..., list[identity.Placement]] | None = None,
) -> None:
    """Store the machine's claims, each with a first history record of what it said.

    Speakers and via chains are placed by attribution.identity (or by `place`,
    which takes the same keywords: bench/identity measures an older placement
    through it): a claim whose speaker is not one (a date, a document, a place, a
    fragment) is stored without a speaker and with the reason. The record keeps
    the speaker, via chain, span, kind and confidence as extracted, and the rules
    version as its reason, so that later corrections show against it.
    """
    for item in extracted:
        claim_check_span(
            body=article.body, start=item.start, end=item.end, text=item.text
        )
    placed = (place or identity.claims_place)(
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
