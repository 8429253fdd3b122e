"""What storing and clustering an article costs in queries does not grow with its
number of claims (issue 19)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attribution import ingestion, services
from attribution.models import Article, Claim, Outlet, Speaker

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


def test_an_article_of_thirty_claims_costs_as_many_queries_as_one_of_one_claim():
    """Claims, vias and statement placement are written in bulk and the
    statements are placed from one candidate read per article: once the
    speakers are known, 30 claims cost what 1 claim costs, within a constant
    (main before issue 19's ingest work: 30 and 210)."""
    counts = [_parse_counting(n, round_=i) for i, n in enumerate([1, 30, 1, 30])]
    assert [claims for _, claims in counts] == [1, 30, 1, 30]
    (_, _), (first_thirty, _), (one, _), (thirty, _) = counts
    assert abs(thirty - one) <= 10, counts
    # A first parse reads nothing to replace or keep (main before: 31 and 37;
    # the first 30-claim article, new speakers and all, 51, now 38).
    assert max(one, thirty) <= 32, counts
    # The first 30-claim article meets five new speakers and several local
    # ones: they are written together, not with two queries each.
    assert first_thirty - counts[0][0] <= 12, counts


def test_an_article_with_many_new_speakers_writes_them_in_a_fixed_number_of_queries():
    """Eight new people, each quoted once, cost what two new people cost, and
    get distinct slugs even when two share a name's slug (issue 19; main
    before: two queries for each new speaker)."""
    services.extractor_get()
    people = [f"{first} {last}" for first, last, _ in _PEOPLE] + [
        "Oda Brun",
        "Jonas Lie",
        "Siv Moe",
        "Oda Brun-",
    ]
    counts = []
    for round_, names in enumerate([people[:2], people[2:]]):
        body = "\n\n".join(
            f'"{_TOPICS[i % len(_TOPICS)].capitalize()} ({round_}.{i})," said {name}.'
            for i, name in enumerate(names)
        )
        article, _ = services.article_create(
            text=ingestion.from_text(body), title=f"New people, round {round_}"
        )
        with CaptureQueriesContext(connection) as queries:
            services.article_extract_claims(article_id=article.pk)
        counts.append(len(queries))
    assert counts[1] - counts[0] <= 2, counts
    assert Speaker.objects.filter(slug__startswith="oda-brun").count() == 2
    assert Speaker.objects.filter(article__isnull=True).count() == 10


def test_the_gazetteer_is_built_once_and_read_again_with_one_query(
    django_assert_num_queries,
):
    services.outlet_save(outlet=Outlet(name="Harbour Gazette", slug="harbour-gazette"))
    first = services.gazetteer_get()
    with django_assert_num_queries(1):
        again = services.gazetteer_get()
    assert again is first
    assert again.lookup("Harbour Gazette") is not None


def test_an_outlet_an_editor_confirms_enters_the_next_gazetteer():
    services.outlet_get_or_create(name="Quayside Courier", needs_review=True)
    assert services.gazetteer_get().lookup("Quayside Courier") is None
    services.outlets_mark_reviewed(
        outlets=Outlet.objects.filter(slug="quayside-courier")
    )
    assert services.gazetteer_get().lookup("Quayside Courier") is not None


def test_a_renamed_outlet_is_known_by_its_new_name_at_once():
    outlet = services.outlet_save(outlet=Outlet(name="Pier Post", slug="pier-post"))
    assert services.gazetteer_get().lookup("Pier Post") is not None
    outlet.name = "Pier Evening Post"
    services.outlet_save(outlet=outlet)
    assert services.gazetteer_get().lookup("Pier Evening Post") is not None
