"""manage.py embed_claims: vectors for claims stored without one."""

from io import StringIO

import pytest
from django.core.management import call_command

from attribution import embeddings, services
from attribution.models import Claim
from tests.factories import SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def unembedded():
    speaker = SpeakerFactory(name="Ana Lindqvist")
    texts = [f"The line will reopen on day {day} of the works." for day in range(1, 6)]
    claims = [reported_claim(speaker, t, day=d) for d, t in enumerate(texts, 1)]
    Claim.objects.update(embedding=None)
    return claims


def test_every_claim_without_a_vector_gets_the_vector_of_its_text(unembedded):
    call_command("embed_claims", "--batch", "2", stdout=StringIO())

    for claim in Claim.objects.all():
        vector = embeddings.from_bytes(claim.embedding)
        assert vector @ embeddings.embed([claim.text])[0] > 0.999


def test_a_second_run_finds_nothing_to_embed(unembedded):
    call_command("embed_claims", stdout=StringIO())
    stored = dict(Claim.objects.values_list("pk", "embedding"))
    out = StringIO()

    call_command("embed_claims", stdout=out)

    assert "0 claims embedded in all." in out.getvalue()
    assert dict(Claim.objects.values_list("pk", "embedding")) == stored


def test_a_stopped_run_resumes_where_it_was(unembedded):
    done, last = services.claims_embed_backfill(after=0, size=2)  # then stopped
    assert (done, last) == (2, unembedded[1].pk)
    out = StringIO()

    call_command("embed_claims", "--batch", "2", stdout=out)

    assert "3 claims embedded in all." in out.getvalue()
    assert not Claim.objects.filter(embedding__isnull=True).exists()


def test_a_claim_that_has_a_vector_keeps_it(unembedded):
    kept = embeddings.to_bytes(embeddings.embed(["another text"])[0])
    Claim.objects.filter(pk=unembedded[0].pk).update(embedding=kept)

    call_command("embed_claims", stdout=StringIO())

    assert bytes(Claim.objects.get(pk=unembedded[0].pk).embedding) == kept
