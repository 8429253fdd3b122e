import pytest
from django.urls import reverse

from attribution.models import CanonicalClaim, ClusterDecision
from tests.factories import OutletFactory, SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def bridge():
    santos = SpeakerFactory(name="Maria Santos", slug="maria-santos")
    reuters = OutletFactory(name="Reuters", slug="reuters")
    first = reported_claim(santos, "The bridge will reopen in May.", day=1)
    second = reported_claim(
        santos, "The bridge will open again in May.", day=2, via=[reuters]
    )
    fares = reported_claim(santos, "Fares will fall next year.", day=3)
    return {"first": first, "second": second, "fares": fares}


def test_the_statement_page_shows_the_timeline_the_source_and_the_diff(client, bridge):
    url = reverse("web:statement-detail", args=[bridge["first"].canonical_id])

    response = client.get(url)

    text = response.text
    assert response.status_code == 200
    assert text.index("Bridge story, day 1") < text.index("Bridge story, day 2")
    assert "Earliest known source" in text
    assert "Maria Santos → Reuters" in text
    assert "<del>reopen</del>" in text and "<ins>open again</ins>" in text
    assert "Quote altered" in text
    assert "<svg" in text  # the picture of who cited whom
    assert "Split off" not in text  # readers get no write forms


def test_every_claim_page_links_to_its_statement(client, bridge):
    response = client.get(reverse("web:claim-detail", args=[bridge["second"].pk]))

    assert (
        reverse("web:statement-detail", args=[bridge["second"].canonical_id])
        in response.text
    )


def test_the_statement_list_can_show_only_altered_quotes(client, bridge):
    response = client.get(reverse("web:statement-list"), {"altered": "1"})

    assert [s.pk for s in response.context["page"]] == [bridge["first"].canonical_id]


def test_the_speaker_page_lists_statements_with_the_outlets_that_carried_them(
    client, bridge
):
    response = client.get(reverse("web:speaker-detail", args=["maria-santos"]))

    dossier = response.context["dossier"]
    assert [e["canonical"].pk for e in dossier] == [
        bridge["fares"].canonical_id,
        bridge["first"].canonical_id,
    ]
    assert [o.slug for o in dossier[1]["outlets"]] == ["reuters"]


def test_an_editor_splits_a_report_off_on_the_statement_page(client, editor, bridge):
    client.force_login(editor)
    canonical_id = bridge["first"].canonical_id

    response = client.post(
        reverse("web:statement-split", args=[canonical_id]),
        {"claim": bridge["second"].pk},
        follow=True,
    )

    bridge["second"].refresh_from_db()
    assert bridge["second"].canonical_id != canonical_id
    assert response.redirect_chain[-1][0] == reverse(
        "web:statement-detail", args=[bridge["second"].canonical_id]
    )
    assert "split off" in response.text


def test_splitting_a_report_of_another_statement_is_refused_on_the_page(
    client, editor, bridge
):
    client.force_login(editor)
    fares_id = bridge["fares"].canonical_id

    response = client.post(
        reverse("web:statement-split", args=[bridge["first"].canonical_id]),
        {"claim": bridge["fares"].pk},
        follow=True,
    )

    bridge["fares"].refresh_from_db()
    assert bridge["fares"].canonical_id == fares_id
    assert "not a report of this statement" in response.text


def test_an_editor_merges_statements_on_the_statement_page(client, editor, bridge):
    client.force_login(editor)
    fares, bridge_id = bridge["fares"].canonical_id, bridge["first"].canonical_id

    client.post(reverse("web:statement-merge", args=[fares]), {"into": bridge_id})

    assert not CanonicalClaim.objects.filter(pk=fares).exists()
    assert (
        ClusterDecision.objects.get(article=bridge["fares"].article).created_by
        == editor
    )


def test_a_reader_cannot_merge_or_split(client, reader, bridge):
    client.force_login(reader)
    fares, bridge_id = bridge["fares"].canonical_id, bridge["first"].canonical_id

    merge = client.post(
        reverse("web:statement-merge", args=[fares]), {"into": bridge_id}
    )
    split = client.post(
        reverse("web:statement-split", args=[bridge_id]), {"claim": bridge["second"].pk}
    )

    assert merge.status_code == split.status_code == 403
    assert CanonicalClaim.objects.count() == 2
    assert not ClusterDecision.objects.exists()


MINE = (
    "I am not against the mine. I am against pretending the dam is safe when the "
    "engineers say it is not."
)


def test_a_report_quoting_a_fragment_is_not_an_altered_quote(client):
    lindqvist = SpeakerFactory(name="Ana Lindqvist", slug="ana-lindqvist")
    first = reported_claim(lindqvist, MINE, day=1)
    fragment = reported_claim(lindqvist, "I\u2019m not against the mine,", day=2)
    assert fragment.canonical_id == first.canonical_id

    response = client.get(reverse("web:statement-detail", args=[first.canonical_id]))

    text = response.text
    assert not CanonicalClaim.objects.get(pk=first.canonical_id).altered
    assert "Quote altered" not in text
    assert "not altered" in text
    assert "<del>" not in text.split('<article class="drift">')[1]
    assert (
        '<span class="unquoted"><span class="visually-hidden">(not quoted:) </span>'
        "I am against pretending the dam is safe" in text
    )
    assert [d.drift for d in response.context["drifts"]] == [0.0]


def test_a_mixed_report_is_compared_by_the_words_it_quotes(client):
    lindqvist = SpeakerFactory(name="Ana Lindqvist", slug="ana-lindqvist")
    first = reported_claim(lindqvist, MINE, day=1)
    mixed = reported_claim(
        lindqvist, 'she is "not against the mine"', day=2, kind="mixed"
    )
    assert mixed.canonical_id == first.canonical_id

    response = client.get(reverse("web:statement-detail", args=[first.canonical_id]))

    assert not CanonicalClaim.objects.get(pk=first.canonical_id).altered
    assert "Quote altered" not in response.text
