"""Claims embedded where the worker clusters them, and matched by meaning."""

import threading
from datetime import UTC, datetime

import pytest

from attribution import embeddings, ingestion, services
from attribution.models import Claim
from tests.factories import SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db

QUOTE = "The club has no intention of selling him this summer"
WIRE = f'"{QUOTE}," manager Graham Holt told reporters on Friday.'
PARAPHRASE = (
    "Manager Graham Holt said the club had no plans to let him go in the "
    "summer transfer window."
)
JOBS = '"We will cut 400 jobs at the Derby plant this year," Anna Berg said.'
MORE_JOBS = '"We will cut 4,000 jobs at the Derby plant this year," Anna Berg said.'


def parsed(body: str, *, day: int) -> Claim:
    """Ingest and parse one article; its first claim."""
    article, _ = services.article_create(
        text=ingestion.from_text(f"Transfer news, day {day}\n\n{body}"),
        published_at=datetime(2026, 7, day, 9, tzinfo=UTC),
    )
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.order_by("start").first()
    assert claim is not None
    return claim


def test_a_speakers_first_report_is_stored_without_a_vector():
    claim = parsed(WIRE, day=1)

    claim.refresh_from_db()
    assert claim.speaker_id is not None
    assert claim.embedding is None


def test_a_second_report_of_the_speaker_embeds_both_reports():
    first = parsed(WIRE, day=1)
    second = parsed(PARAPHRASE, day=2)

    first.refresh_from_db()
    second.refresh_from_db()
    for claim in (first, second):
        assert claim.embedding is not None
        vector = embeddings.from_bytes(claim.embedding)
        assert vector.shape == (embeddings.DIMENSIONS,)
        assert vector @ embeddings.embed([claim.text])[0] > 0.999


def test_a_paraphrase_in_other_words_joins_the_quotes_statement():
    quote = parsed(WIRE, day=1)
    paraphrase = parsed(PARAPHRASE, day=2)

    assert paraphrase.speaker_id == quote.speaker_id
    assert paraphrase.canonical_id == quote.canonical_id
    assert quote.canonical.members.count() == 2


def test_another_number_in_the_same_words_starts_another_statement():
    first = parsed(JOBS, day=1)
    second = parsed(MORE_JOBS, day=2)

    assert second.speaker_id == first.speaker_id
    assert second.canonical_id != first.canonical_id


def test_a_text_already_embedded_for_the_speaker_is_not_embedded_again(
    monkeypatch,
):
    parsed(WIRE, day=1)
    parsed(PARAPHRASE, day=2)
    embedded = []
    real = embeddings.embed
    monkeypatch.setattr(
        embeddings, "embed", lambda texts: embedded.extend(texts) or real(texts)
    )

    copy = parsed(WIRE, day=3)

    assert embedded == []
    copy.refresh_from_db()
    assert copy.embedding is not None


def _speakers_locked() -> bool:
    """Whether another connection finds a speaker's row locked right now, as
    _lock_speakers locks it (the key-share lock that inserting a claim takes on
    its speaker does not count)."""
    from django.db import DatabaseError, connection, transaction

    from attribution.models import Speaker

    found: list[bool] = []

    def probe() -> None:
        try:
            with transaction.atomic():
                rows = Speaker.objects.select_for_update(nowait=True, no_key=True)
                list(rows.values_list("pk", flat=True))
            found.append(False)
        except DatabaseError:
            found.append(True)
        finally:
            connection.close()

    thread = threading.Thread(target=probe)
    thread.start()
    thread.join()
    return found[0]


@pytest.fixture
def locked_while_embedding(monkeypatch) -> list[bool]:
    """For each call of the model from now on, whether a speaker was locked."""
    found: list[bool] = []
    real = embeddings.embed

    def embed(texts: list[str]) -> embeddings.Vectors:
        found.append(_speakers_locked())
        return real(texts)

    monkeypatch.setattr(embeddings, "embed", embed)
    return found


@pytest.mark.django_db(transaction=True)
def test_a_claim_is_embedded_before_its_speakers_row_is_locked(
    locked_while_embedding,
):
    holt = SpeakerFactory(name="Graham Holt")
    reported_claim(holt, QUOTE, day=1)

    second = reported_claim(holt, PARAPHRASE, day=2)

    assert second.embedding is not None
    assert locked_while_embedding == [False]


@pytest.mark.django_db(transaction=True)
def test_an_article_is_embedded_before_its_speakers_rows_are_locked(
    locked_while_embedding,
):
    holt = SpeakerFactory(name="Graham Holt")
    reported_claim(holt, QUOTE, day=1)
    second = reported_claim(holt, PARAPHRASE, day=2)
    Claim.objects.update(embedding=None)  # stored before embeddings
    locked_while_embedding.clear()

    services.article_cluster(article_id=second.article_id)

    second.refresh_from_db()
    assert second.embedding is not None
    assert locked_while_embedding == [False]
