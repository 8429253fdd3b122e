"""Search got faster without changing what it finds first.

The seed articles are ingested through the real engine once; for each query the top
10 claims of selectors.claim_search must be the top 10 of the query shape search had
before the stored tsvector (every match parsed again and ranked with ts_rank, ties
newest first, speakers' and outlets' names matched too), which this file keeps as
the reference.
"""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Q, TextField
from django.db.models.functions import Cast

from attribution import selectors
from attribution.models import Claim, ClaimVia, Outlet, Speaker

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

only_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranks with PostgreSQL's ts_rank"
)

QUERIES = [
    "water",
    "dam",
    "the",
    "Lindqvist",
    "tailings dam",
    '"east wall"',
    '"drinking water"',
    "dam or river",
    "mine -wall",
    "Reuters",
    "Medvedev",
    "Norway asylum",
    "inspection",
    "Wagner or Prigozhin",
    '"not against the mine" or seepage',
]


def _ranked_as_before(query: str) -> list[int]:
    """Search's ranking before migration 0013, kept as the reference."""
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    vector = SearchVector("text", config="english")
    search = SearchQuery(query, search_type="websearch", config="english")
    named = SearchQuery(query, search_type="websearch", config="simple")
    names = SearchVector("name", Cast("aliases", TextField()), config="simple")
    match = Q(document=search)
    speakers = Speaker.objects.annotate(names=names).filter(names=named)
    match |= Q(speaker_id__in=list(speakers.values_list("pk", flat=True)))
    outlets = Outlet.objects.annotate(names=names).filter(names=named)
    carried = ClaimVia.objects.filter(outlet_id__in=list(outlets.values_list("pk")))
    match |= Q(pk__in=carried.values("claim_id"))
    return list(
        Claim.objects.annotate(document=vector, rank=SearchRank(vector, search))
        .filter(match)
        .order_by("-rank", "-id")
        .values_list("pk", flat=True)[:10]
    )


@pytest.mark.slow  # ingests and parses the seed articles with the real pipeline
@only_postgresql
@pytest.mark.django_db
def test_the_top_ten_of_each_query_on_the_seed_data_are_those_ranked_before(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ingest", str(SEEDS), verbosity=0)
    assert Claim.objects.count() > 50

    differing = {}
    for query in QUERIES:
        found = selectors.claim_search(selectors.claim_list(), query)
        top = list(found.values_list("pk", flat=True)[:10])
        expected = _ranked_as_before(query)
        if top != expected:
            differing[query] = (top, expected)

    assert all(_ranked_as_before(q) for q in QUERIES)  # each one tests something
    assert differing == {}
