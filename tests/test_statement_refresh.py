"""A statement that gains a report is refreshed from its earliest reports and the
new one, not from every member (issue 19): what it costs does not grow with the
statement, and it ends as a refresh from all its members leaves it."""

import contextlib
from datetime import UTC, datetime

import pytest
from django.db import connection
from django.utils.text import slugify

from attribution import services
from attribution.models import CanonicalClaim, Claim, Speaker
from tests.factories import SpeakerFactory, reported_claim, undated_claim

pytestmark = pytest.mark.django_db

QUOTE = "We will keep the ferry running through the whole winter season"
EXCERPT = " ".join(QUOTE.split()[:9])


def _needs_postgresql():
    """The refresh from earliest reports is PostgreSQL's (other databases refresh
    from every member), and SQLite gives no row count for a SELECT."""
    if connection.vendor != "postgresql":
        pytest.skip("the incremental refresh runs on PostgreSQL only")


@contextlib.contextmanager
def rows_read():
    """The number of rows the database returns to SELECTs inside the block."""
    _needs_postgresql()
    counted = [0]

    def count(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if sql.lstrip().upper().startswith("SELECT"):
            counted[0] += max(context["cursor"].rowcount, 0)
        return result

    with connection.execute_wrapper(count):
        yield counted


def _quote(speaker) -> str:
    return QUOTE.replace("ferry", f"{speaker.name} ferry")


def _statement_of(reports: int, name: str) -> CanonicalClaim:
    speaker = Speaker.objects.create(name=name, slug=slugify(name))
    for day in range(1, reports + 1):
        reported_claim(speaker, _quote(speaker), day=day)
    canonical = CanonicalClaim.objects.get(speaker=speaker)
    assert canonical.members.count() == reports
    return canonical


def _rows_to_join(canonical: CanonicalClaim) -> int:
    with rows_read() as counted:
        claim = reported_claim(canonical.speaker, _quote(canonical.speaker), day=31)
    assert claim.canonical_id == canonical.pk
    return counted[0]


def test_joining_a_statement_of_thirty_reports_reads_no_more_rows_than_one_of_three():
    """Before issue 19's incremental refresh the larger statement's refresh read
    all its members: 27 rows more."""
    small = _statement_of(3, "Ada Small")
    large = _statement_of(30, "Ada Large")
    assert _rows_to_join(large) <= _rows_to_join(small)


def test_a_second_article_reads_only_its_own_statements_rows():
    """An article quoting one speaker leaves another speaker's statement unread
    and unwritten, however large it is."""
    other = _statement_of(12, "Bo Other")
    before = CanonicalClaim.objects.values_list("updated_at", flat=True).get(
        pk=other.pk
    )
    mine = _statement_of(2, "Cy Mine")
    with rows_read() as counted:
        reported_claim(mine.speaker, _quote(mine.speaker), day=20)
    assert counted[0] <= _rows_to_join(_statement_of(2, "Di Third"))
    assert CanonicalClaim.objects.get(pk=other.pk).updated_at == before


def _as_refreshed_in_full(canonical: CanonicalClaim) -> tuple:
    canonical.refresh_from_db()
    kept = (canonical.text, canonical.first_reported_at, canonical.altered)
    services.canonical_refresh(canonical)
    canonical.refresh_from_db()
    assert (canonical.text, canonical.first_reported_at, canonical.altered) == kept
    return kept


def test_a_statement_gaining_reports_in_any_order_ends_as_a_full_refresh_leaves_it():
    """Later and earlier reports, quotes, a mixed report, a paraphrase and an
    undated one: after each, the statement's text, first report and altered flag
    are what a refresh from all its members gives."""
    speaker = SpeakerFactory(name="Eda Order")
    steps = [
        (10, Claim.Kind.INDIRECT, "the ferry will keep running through the winter"),
        (12, Claim.Kind.DIRECT, QUOTE),
        (8, Claim.Kind.INDIRECT, "the ferry would keep running all winter"),
        (14, Claim.Kind.MIXED, f'she said "{EXCERPT}" before the vote'),
        (18, Claim.Kind.DIRECT, QUOTE.replace("whole", "entire")),
        (5, Claim.Kind.DIRECT, QUOTE),
        (None, Claim.Kind.DIRECT, QUOTE.replace("keep", "stop")),
    ]
    seen = []
    for day, kind, text in steps:
        if day is None:
            claim = undated_claim(speaker, text, ingested_day=2, kind=kind)
        else:
            claim = reported_claim(speaker, text, day=day, kind=kind)
        assert claim.canonical is not None
        seen.append(_as_refreshed_in_full(claim.canonical))
    assert CanonicalClaim.objects.filter(speaker=speaker).count() == 1
    text, first, altered = seen[-1]
    assert text == QUOTE
    assert first == datetime(2026, 3, 5, tzinfo=UTC)
    assert altered
    assert [step[2] for step in seen] == [False, False, False, False, True, True, True]
