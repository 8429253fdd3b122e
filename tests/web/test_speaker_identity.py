"""Editors merge and split speakers on the speaker page, in a real browser."""

import pytest
from playwright.sync_api import expect

from attribution import ingestion, services
from attribution.models import Claim, Speaker, SpeakerDecision
from tests.web.test_browser import _log_in, _shot

pytestmark = pytest.mark.browser


def _parse(body: str, title: str):
    article, _ = services.article_create(text=ingestion.from_text(body), title=title)
    services.article_extract_claims(article_id=article.pk)
    return article


def test_an_editor_merges_a_surname_speaker_into_the_full_name(page, site, editor):
    first = _parse("Ekholm said the tunnel would be closed.", "Tunnel")
    second = _parse("Anna Ekholm, a geologist, said the rock was unstable.", "Rock")
    local = Claim.objects.get(article=first).speaker
    person = Claim.objects.get(article=second).speaker
    _log_in(page, site, "ed", "ed-password-123")

    page.goto(f"{site}/speakers/{local.slug}/")
    page.get_by_label("Same speaker as").fill(person.slug)  # slugs still do
    page.get_by_role("button", name="Merge into it").click()

    expect(page.get_by_role("heading", name="Anna Ekholm", exact=True)).to_be_visible()
    mentions = page.locator("table.mentions tbody tr")
    expect(mentions).to_have_count(2)
    expect(page.locator("table.mentions")).to_contain_text("Tunnel")
    expect(page.locator(".history")).to_contain_text("Merged “Ekholm (in Tunnel)”")
    _shot(page, "speaker-merged")
    assert list(Speaker.objects.all()) == [person]
    assert Claim.objects.get(article=first).speaker == person


def test_an_editor_splits_one_articles_claims_into_a_new_speaker(page, site, editor):
    _parse("John Smith, a teacher, said the roof leaked.", "Roof")
    bill = _parse("John Smith said the bill would pass.", "Bill")
    shared = Speaker.objects.get()
    _log_in(page, site, "ed", "ed-password-123")

    page.goto(f"{site}/speakers/{shared.slug}/")
    page.get_by_label("Split off the claims in Bill").check()
    page.get_by_label("New speaker's name").fill("John Smith, senator")
    page.get_by_role("button", name="Split the ticked articles off").click()

    expect(
        page.get_by_role("heading", name="John Smith, senator", exact=True)
    ).to_be_visible()
    expect(page.locator("table.mentions tbody tr")).to_have_count(1)
    expect(page.locator("table.mentions")).to_contain_text("Bill")
    _shot(page, "speaker-split")
    assert Claim.objects.get(article=bill).speaker.name == "John Smith, senator"
    assert SpeakerDecision.objects.get(article=bill).created_by == editor
    assert Speaker.objects.count() == 2
