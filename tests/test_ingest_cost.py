"""What storing and clustering an article costs in queries does not grow with its
number of claims (issue 19)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attribution import ingestion, services
from attribution.models import Article, Claim

pytestmark = pytest.mark.django_db

_PEOPLE = [
    ("Maren", "Holt", "the harbour master"),
    ("Tomas", "Elling", "a council member"),
    ("Ines", "Varga", "the union's spokeswoman"),
    ("Pavel", "Strand", "the transport minister"),
    ("Lena", "Okafor", "a local shop owner"),
    ("Rui", "Castell", "the fire chief"),
]
_TOPICS = [
    "the ferry timetable will change in spring",
    "the new bridge is safe for heavy lorries",
    "the budget leaves nothing for the schools",
    "the strike could last until the end of the month",
    "the water supply was never at risk",
    "the port needs a second crane before winter",
    "the tunnel repairs are running late",
    "the bus fares will not rise this year",
    "the flooding was worse than in any year before",
    "the hospital can take more patients now",
]


def _body(claims: int, *, round_: int) -> str:
    sentences = []
    for i in range(claims):
        first, last, role = _PEOPLE[i % len(_PEOPLE)]
        topic = _TOPICS[(i + round_) % len(_TOPICS)]
        if i < len(_PEOPLE):
            sentences.append(f'"{topic.capitalize()}," said {first} {last}, {role}.')
        elif i % 3 == 0:
            sentences.append(f"{last} told Reuters that {topic}.")
        else:
            sentences.append(f'"{topic.capitalize()} ({i})," {last} said.')
    return "\n\n".join(sentences)


def _parse_counting(claims: int, *, round_: int) -> tuple[int, int]:
    article, _ = services.article_create(
        text=ingestion.from_text(_body(claims, round_=round_)),
        title=f"Harbour town round {round_} with {claims} claims",
    )
    services.extractor_get()  # the pipeline's first load is not the article's cost
    with CaptureQueriesContext(connection) as queries:
        services.article_extract_claims(article_id=article.pk)
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED, article.error
    return len(queries), Claim.objects.filter(article=article).count()


def test_each_further_claim_of_an_article_costs_at_most_seven_queries():
    """A ceiling on the way to a constant cost: the editors' cluster decisions
    are read once per article, and an emptied statement is known by its refresh
    (issue 19's target is a count that does not grow at all)."""
    counts = [_parse_counting(n, round_=i) for i, n in enumerate([1, 30, 1, 30])]
    assert [claims for _, claims in counts] == [1, 30, 1, 30]
    for (one, _), (thirty, _) in [(counts[0], counts[1]), (counts[2], counts[3])]:
        assert (thirty - one) / 29 <= 7, counts
