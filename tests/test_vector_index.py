"""The store-wide index of claim vectors (attribution.vector_index)."""

from io import StringIO

import pytest
from django.core.management import call_command

from attribution import embeddings, vector_index
from attribution.models import Claim
from tests.factories import SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db

FARES = "Bus fares will be frozen until 2030."
DEPOT = "The new depot in the east will open before the spring."


@pytest.fixture(autouse=True)
def own_index(settings, tmp_path):
    """Each test with its own saved index and no index in memory."""
    settings.VAR_DIR = tmp_path
    vector_index.forget()
    yield
    vector_index.forget()


def _embedded():
    call_command("embed_claims", stdout=StringIO())


def _nearest(text: str, k: int = 5) -> list[int]:
    return [pk for pk, _ in vector_index.nearest(embeddings.embed([text])[0], k)]


def test_the_index_finds_the_claim_nearest_in_meaning_across_speakers():
    fares = reported_claim(SpeakerFactory(), FARES, day=2)
    depot = reported_claim(SpeakerFactory(), DEPOT, day=3)
    _embedded()

    assert _nearest("Fares on the buses are frozen until 2030.")[0] == fares.pk
    assert _nearest("The eastern depot opens before spring.")[0] == depot.pk


def test_a_claim_embedded_after_the_first_search_is_found_by_the_next():
    reported_claim(SpeakerFactory(), FARES, day=2)
    _embedded()
    assert len(_nearest(DEPOT)) == 1
    depot = reported_claim(SpeakerFactory(), DEPOT, day=3)
    _embedded()

    assert _nearest(DEPOT)[0] == depot.pk


def test_a_saved_index_is_loaded_and_caught_up_instead_of_rebuilt(tmp_path):
    fares = reported_claim(SpeakerFactory(), FARES, day=2)
    _embedded()
    out = StringIO()
    call_command("index_claims", stdout=out)
    assert "1 claim vectors indexed" in out.getvalue()
    vector_index.forget()  # a process starting
    depot = reported_claim(SpeakerFactory(), DEPOT, day=3)
    _embedded()

    found = _nearest(DEPOT)

    assert (tmp_path / "claim-vectors" / "manifest.json").exists()
    assert found[0] == depot.pk
    assert fares.pk in found


def test_a_saved_index_of_another_database_is_not_loaded(tmp_path):
    reported_claim(SpeakerFactory(), FARES, day=2)
    _embedded()
    vector_index.rebuild()
    manifest = tmp_path / "claim-vectors" / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"database": "', '"database": "x'))
    vector_index.forget()
    Claim.objects.update(embedded_at=None)  # nothing to catch up on

    assert _nearest(FARES) == []
