"""The UI in a real browser: Debian's Chromium driven by Playwright."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from attribution import services, tracking
from attribution.models import Claim, ClaimFlag
from tests.factories import ArticleFactory, ClaimFactory, ClaimViaFactory

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _log_in(page, site, username: str, password: str) -> None:
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_searching_marks_the_matching_words(page, site, medvedev_story):
    page.goto(site)
    page.get_by_label("Search the words").fill("feared")
    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("heading", name="1 claim")).to_be_visible()
    expect(page.locator("mark.hit")).to_have_text("feared")
    expect(page.locator(".claim-card .chain")).to_contain_text(
        "Andrey Medvedev → CNN → this article"
    )
    _shot(page, "claims-search")


def test_filtering_by_outlet_keeps_only_its_claims(page, site, medvedev_story):
    page.goto(site)
    page.get_by_label("Via outlet, anywhere in the chain (slug)").fill("reuters")
    page.get_by_role("button", name="Apply").click()

    cards = page.locator(".claim-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("he was detained")
    expect(cards.first).to_contain_text(
        "Norwegian police → Reuters → BBC → this article"
    )
    assert "outlet=reuters" in page.url  # a permalink to the filtered list
    _shot(page, "claims-filtered-by-outlet")


def test_claims_in_the_article_show_a_tooltip_on_hover_and_on_focus(
    page, site, medvedev_story
):
    s = medvedev_story
    page.goto(f"{site}/articles/{s['article'].pk}/")
    feared = page.locator(f"#claim-{s['feared'].pk}")
    detained = page.locator(f"#claim-{s['detained'].pk}")
    tip = page.locator(f"#tip-{s['detained'].pk}")

    expect(tip).to_be_hidden()
    detained.hover()
    expect(tip).to_be_visible()
    expect(tip).to_contain_text("Norwegian police → Reuters → BBC → this article")
    expect(tip).to_contain_text("Indirect quote · Unreviewed")
    _shot(page, "article-tooltip-hover")

    page.mouse.move(0, 0)
    expect(tip).to_be_hidden()
    feared.focus()
    expect(page.locator(f"#tip-{s['feared'].pk}")).to_be_visible()
    expect(feared).to_have_attribute("aria-describedby", f"tip-{s['feared'].pk}")
    assert feared.evaluate("e => getComputedStyle(e).backgroundColor") != (
        detained.evaluate("e => getComputedStyle(e).backgroundColor")
    )  # a colour per outlet


def test_the_article_is_reachable_by_keyboard_from_the_skip_link(
    page, site, medvedev_story
):
    page.goto(f"{site}/articles/{medvedev_story['article'].pk}/")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_an_editor_approves_a_claim_by_pressing_a(page, site, medvedev_story, editor):
    first = medvedev_story["feared"]
    _log_in(page, site, "ed", "ed-password-123")
    page.goto(f"{site}/review/")
    expect(page.get_by_text("0 of 3 reviewed")).to_be_visible()
    _shot(page, "review-queue")

    page.keyboard.press("a")

    expect(page.get_by_text("1 of 3 reviewed")).to_be_visible()
    expect(page.get_by_text(f"Claim {first.pk} approved.")).to_be_visible()
    first.refresh_from_db()
    assert (first.review_status, first.reviewed_by) == ("approved", editor)


def test_e_opens_the_correction_form_and_keys_are_ignored_while_typing(
    page, site, medvedev_story, editor
):
    _log_in(page, site, "ed", "ed-password-123")
    page.goto(f"{site}/review/")

    page.keyboard.press("e")
    speaker = page.get_by_label("Speaker (slug)")
    expect(speaker).to_be_focused()
    speaker.fill("")
    speaker.type("yevgeny-prigozhin")  # contains an "r": it must not reject
    page.get_by_role("button", name="Save correction").click()

    expect(page.get_by_text("1 of 3 reviewed")).to_be_visible()
    claim = Claim.objects.get(pk=medvedev_story["feared"].pk)
    assert (claim.review_status, claim.speaker.slug) == ("edited", "yevgeny-prigozhin")


def test_a_fact_checker_flags_a_claim(page, site, medvedev_story, fact_checker):
    claim = medvedev_story["detained"]
    _log_in(page, site, "fc", "fc-password-123")
    page.goto(f"{site}/claims/{claim.pk}/")

    page.get_by_label("Verdict").select_option("misleading")
    page.get_by_label("Note").fill("Police said he was questioned, not detained.")
    page.get_by_label("Sources (one link per line)").fill("https://example.org/police")
    page.get_by_role("button", name="Flag", exact=True).click()

    expect(page.get_by_text(f"Claim {claim.pk} flagged.")).to_be_visible()
    expect(page.locator("h1 .contested-badge")).to_have_text("⚑ Contested")
    flag = ClaimFlag.objects.get(claim=claim)
    assert (flag.verdict_id, flag.created_by, flag.sources) == (
        "misleading",
        fact_checker,
        ["https://example.org/police"],
    )
    _shot(page, "claim-flagged")


def test_a_fact_checker_changes_then_withdraws_a_flag_on_the_claim_page(
    page, site, medvedev_story, fact_checker
):
    claim = medvedev_story["detained"]
    flag = services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="true")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _log_in(page, site, "fc", "fc-password-123")
    page.goto(f"{site}/claims/{claim.pk}/")
    expect(page.locator("h1 .verified-badge")).to_have_text("✓ Verified")

    card = page.locator(f"#flag-{flag.pk}")
    card.get_by_text("Change this flag").click()
    card.get_by_label("Verdict").select_option("false")
    card.get_by_label("Note").fill("The records say otherwise.")
    card.get_by_role("button", name="Save the flag").click()

    expect(page.get_by_text("Flag changed.")).to_be_visible()
    expect(page.locator("h1 .contested-badge")).to_have_text("⚑ Contested")
    _shot(page, "claim-flag-changed")
    page.locator(f"#flag-{flag.pk}").get_by_role(
        "button", name="Withdraw the flag"
    ).click()

    expect(page.get_by_text("Flag withdrawn.")).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_count(0)
    assert not ClaimFlag.objects.exists() and errors == []
    claim.refresh_from_db()
    assert (claim.contested, claim.verified) == (False, False)


def test_a_reader_sees_no_write_forms_and_a_forged_post_is_refused(
    page, site, medvedev_story, reader
):
    claim = medvedev_story["feared"]
    _log_in(page, site, "reader", "rd-pass-123")
    page.goto(f"{site}/claims/{claim.pk}/")

    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    expect(page.get_by_role("button", name="Flag", exact=True)).to_have_count(0)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    response = page.request.post(
        f"{site}/claims/{claim.pk}/review/",
        form={"status": "approved", "version": "1"},
        headers={"X-CSRFToken": token, "Referer": page.url},
    )

    assert response.status == 403
    page.goto(f"{site}/review/")
    expect(page.get_by_role("heading", name="Not allowed")).to_be_visible()
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed"


def test_a_claim_containing_a_script_tag_renders_as_text(page, site, db):
    body = "The note read <script>alert(1)</script> warning and nothing else."
    claim = ClaimFactory(
        article=ArticleFactory(title="<b>Script</b> story", body=body),
        text="<script>alert(1)</script> warning",
    )
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for path in [
        "/",
        f"/claims/{claim.pk}/",
        f"/articles/{claim.article_id}/",
        "/?q=warning",
    ]:
        page.goto(f"{site}{path}")
        expect(page.get_by_text("<script>alert(1)</script>").first).to_be_visible()

    assert dialogs == []
    assert page.locator("script:not([src])").count() == 0
    _shot(page, "script-as-text")


def test_screenshots_of_the_main_pages(page, site, medvedev_story, fact_checker):
    s = medvedev_story
    services.claim_flag(
        claim_id=s["dangerous"].pk,
        user=fact_checker,
        verdict="false",
        note="No source.",
    )
    services.claim_relate(
        source=s["dangerous"], target=s["feared"], kind="contradicts", user=fact_checker
    )
    retold = ClaimFactory(
        article=ArticleFactory(body="Medvedev said he was afraid for his life."),
        speaker=s["medvedev"],
        text="he was afraid for his life",
    )
    ClaimViaFactory(claim=retold, outlet=s["cnn"])
    for claim in (s["feared"], retold):
        tracking.claim_cluster(claim_id=claim.pk)
    retold.refresh_from_db()
    pages = {
        "claims-list": "/",
        "article": f"/articles/{s['article'].pk}/",
        "article-graph": f"/articles/{s['article'].pk}/graph/",
        "speaker": "/speakers/andrey-medvedev/",
        "speaker-graph": "/speakers/andrey-medvedev/graph/",
        "outlet": "/outlets/reuters/",
        "contested": "/contested/",
        "claim": f"/claims/{s['dangerous'].pk}/",
        "statement": f"/statements/{retold.canonical_id}/",
        "statements": "/statements/",
        "articles": "/articles/",
        "login": "/accounts/login/",
    }
    for name, path in pages.items():
        response = page.goto(f"{site}{path}")
        assert response.status == 200, path
        expect(page.locator("h1")).to_be_visible()
        _shot(page, name)
    _log_in(page, site, "fc", "fc-password-123")
    page.goto(f"{site}/articles/new/")
    _shot(page, "ingest")
