"""The quote check page: in the test client, and in a real browser."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from attribution import services
from tests.factories import OutletFactory, SpeakerFactory, reported_claim

pytestmark = pytest.mark.django_db

FULL = "I am not against the mine. I am against pretending the dam is safe."
PAGE = reverse("web:quote-check")


@pytest.fixture
def mine(fact_checker):
    """Reported by Reuters first, then by The Guardian via Reuters; rated false."""
    lindqvist = SpeakerFactory(name="Ana Lindqvist", slug="ana-lindqvist")
    reuters = OutletFactory(name="Reuters", slug="reuters")
    guardian = OutletFactory(name="The Guardian", slug="the-guardian")
    first = reported_claim(lindqvist, FULL, day=2, publisher=reuters)
    later = reported_claim(
        lindqvist, "I'm not against the mine.", day=5, via=[reuters], publisher=guardian
    )
    services.claim_flag(claim_id=later.pk, user=fact_checker, verdict="false")
    return {"first": first, "later": later}


def test_every_page_links_to_the_quote_check(client):
    response = client.get(reverse("web:statement-list"))

    assert f'href="{PAGE}">Quote check</a>' in response.text


def test_the_page_shows_the_match_its_earliest_source_and_the_verdict(client, mine):
    response = client.get(PAGE, {"quote": "I'm not against the mine"})

    text = response.text
    assert response.status_code == 200
    assert "1 matching statement" in text
    assert "Earliest known source" in text
    assert text.index("Bridge story, day 2") < text.index("The Guardian")
    assert 'href="/outlets/reuters/" class="outlet">Reuters</a>' in text  # the chain
    assert 'class="verdict verdict-disputes">False</span>' in text
    assert response.context["check"].matches[0].statement.pk == (
        mine["first"].canonical_id
    )


def test_the_page_answers_no_match_with_the_nearest(client, mine):
    response = client.get(
        PAGE, {"quote": "I am against the dam", "speaker": "Someone Else"}
    )

    assert "No match" in response.text
    assert "no speaker is known by that name" in response.text
    assert "Nearest statements" in response.text


@pytest.mark.parametrize(
    ("quote", "message"),
    [
        ("   ", "This field is required."),
        ("x" * 2001, "Ensure this value has at most 2000 characters"),
        ("— …", "The quote has no words to look for."),
    ],
)
def test_bad_input_is_refused_with_a_message_at_the_field(client, quote, message):
    response = client.get(PAGE, {"quote": quote})

    assert response.status_code == 400
    assert message in response.text
    assert response.context["check"] is None


@pytest.mark.browser
def test_a_fact_checker_checks_a_misquote_in_a_browser(page, site, mine):
    page.goto(site)
    page.get_by_role("link", name="Quote check").click()
    page.get_by_label("The quote").fill(
        "I am not against the mine. I am against saying the dam is safe."
    )
    page.get_by_label("Said by (optional)").fill("Ana Lindqvist")
    page.get_by_role("button", name="Check the quote").click()

    expect(page.get_by_role("heading", name="1 matching statement")).to_be_visible()
    match = page.locator(".quote-match")
    expect(match.locator(".earliest")).to_contain_text("Bridge story, day 2")
    first = match.locator("tbody tr").first
    expect(first.locator("del")).to_have_text("pretending")
    expect(first.locator("ins")).to_have_text("saying")
    expect(match.locator(".verdict")).to_have_text("False")
    assert "speaker=Ana+Lindqvist" in page.url  # a link to share


@pytest.mark.browser
def test_an_empty_quote_is_refused_in_the_browser_without_a_round_trip(page, site):
    page.goto(f"{site}{PAGE}")
    page.get_by_role("button", name="Check the quote").click()

    assert page.evaluate("document.querySelector('#id_quote').validity.valueMissing")
    expect(page.locator(".quote-check-results")).to_have_count(0)
