"""Editors own speaker identity through the API: merge, split, edit, history."""

import pytest
from django.urls import reverse

from attribution import ingestion, services
from attribution.models import Claim, Speaker, SpeakerDecision
from tests.factories import OutletFactory

pytestmark = pytest.mark.django_db


def _parse(body: str, title: str):
    article, _ = services.article_create(text=ingestion.from_text(body), title=title)
    services.article_extract_claims(article_id=article.pk)
    return article


@pytest.fixture
def two_ekholms(db):
    first = _parse("Ekholm said the tunnel would be closed.", "Tunnel")
    second = _parse("Anna Ekholm, a geologist, said the rock was unstable.", "Rock")
    local = Claim.objects.get(article=first).speaker
    person = Claim.objects.get(article=second).speaker
    return first, second, local, person


def test_an_editor_merges_a_speaker_into_another(as_user, editor, two_ekholms):
    first, _, local, person = two_ekholms

    response = as_user(editor).post(
        reverse("api:speaker-merge", args=[local.slug]),
        {"into": person.slug},
        format="json",
    )

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == person.slug and body["claim_count"] == 2
    assert {m["name"] for m in body["mentions"]} == {"Ekholm", "Anna Ekholm"}
    assert list(Speaker.objects.all()) == [person]
    assert SpeakerDecision.objects.get(article=first).speaker == person


def test_a_reader_cannot_merge_speakers(as_user, reader, two_ekholms):
    _, _, local, person = two_ekholms

    response = as_user(reader).post(
        reverse("api:speaker-merge", args=[local.slug]),
        {"into": person.slug},
        format="json",
    )

    assert response.status_code == 403
    assert Speaker.objects.count() == 2


def test_an_editor_splits_an_articles_claims_off_a_speaker(as_user, editor):
    _parse("John Smith said the roof leaked.", "Roof")
    second = _parse("John Smith said the bill would pass.", "Bill")
    shared = Speaker.objects.get()

    response = as_user(editor).post(
        reverse("api:speaker-split", args=[shared.slug]),
        {"articles": [second.pk], "name": "John Smith (senator)"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["name"] == "John Smith (senator)"
    assert Claim.objects.get(article=second).speaker.name == "John Smith (senator)"
    assert Speaker.objects.count() == 2


def test_an_editor_renames_sets_kind_aliases_and_outlet_and_the_history_shows_it(
    as_user, editor
):
    _parse("The Kellshaven Dockers Union said the strike would go on.", "Strike")
    speaker = Speaker.objects.get()
    outlet = OutletFactory(name="Dockers Weekly", slug="dockers-weekly")
    api = as_user(editor)
    url = reverse("api:speaker-detail", args=[speaker.slug])

    for change in (
        {"name": "Kellshaven Dockers' Union"},
        {"aliases": ["KDU"]},
        {"kind": "group"},
        {"outlet": outlet.slug},
    ):
        response = api.patch(url, change, format="json")
        assert response.status_code == 200, response.json()
        url = reverse("api:speaker-detail", args=[response.json()["slug"]])

    speaker.refresh_from_db()
    assert speaker.name == "Kellshaven Dockers' Union"
    assert speaker.aliases == ["KDU"]
    assert speaker.outlet == outlet and speaker.kind == "outlet"
    history = api.get(reverse("api:speaker-history", args=[speaker.slug])).json()
    assert [h["action"] for h in history] == ["outlet", "kind", "aliases", "rename"]
    # Shown by the editor's public name, never the username.
    assert {h["created_by"] for h in history} == {"Editor"}


def test_a_claim_without_a_speaker_says_why(api):
    article = _parse("The annual report said profits fell by a third.", "Profits")

    body = api.get(reverse("api:claim-list"), {"article": article.pk}).json()

    claim = body["results"][0]
    assert claim["speaker"] is None
    assert "document" in claim["no_speaker_reason"]
