import pytest
from django.core.management import call_command

from attribution.models import CanonicalClaim
from tests.factories import SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db


def test_refresh_statements_clears_an_altered_flag_stored_by_the_old_drift(capsys):
    santos = SpeakerFactory(name="Maria Santos", slug="maria-santos")
    first = reported_claim(santos, "We do not have the money to keep it open.", day=1)
    reported_claim(santos, "We don't have the money to keep it open.", day=2)
    changed = reported_claim(santos, "Fares will fall next year.", day=3)
    reported_claim(santos, "Fares will fall sharply next year.", day=4)
    # As the drift before issue 17 left them: a contraction counted as an alteration.
    CanonicalClaim.objects.filter(pk=first.canonical_id).update(altered=True)

    call_command("refresh_statements")
    call_command("refresh_statements")

    assert not CanonicalClaim.objects.get(pk=first.canonical_id).altered
    assert CanonicalClaim.objects.get(pk=changed.canonical_id).altered
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "2 statements refreshed, 1 changed their altered flag.",
        "2 statements refreshed, 0 changed their altered flag.",
    ]
