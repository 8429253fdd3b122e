"""The UI in a real browser: Debian's Chromium driven by Playwright."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from attribution import services
from attribution.models import Article, Claim, ClaimFlag
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
    page.get_by_label("Via outlet, anywhere in the chain").fill("Reuters")
    page.get_by_role("button", name="Apply").click()

    cards = page.locator(".claim-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("he was detained")
    expect(cards.first).to_contain_text(
        "Norwegian police → Reuters → BBC → this article"
    )
    assert "outlet=Reuters" in page.url  # a permalink to the filtered list
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
    speaker = page.get_by_label("Speaker", exact=True)
    expect(speaker).to_be_focused()
    speaker.fill("")
    speaker.type("Yevgeny Prigozhin")  # contains an "r": it must not reject
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


def test_screenshots_of_the_main_pages(
    page, site, medvedev_story, fact_checker, contributor
):
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
        services.claim_cluster(claim_id=claim.pk)
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
    _log_in(page, site, "co", "co-password-123")
    page.goto(f"{site}/articles/new/")
    _shot(page, "ingest")


def test_a_refused_flag_keeps_what_was_typed_and_the_fixed_one_stores_the_verdict(
    page, site, medvedev_story, fact_checker
):
    claim = medvedev_story["detained"]
    _log_in(page, site, "fc", "fc-password-123")
    page.goto(f"{site}/claims/{claim.pk}/")
    sources = page.get_by_label("Sources (one link per line)")

    page.get_by_label("Verdict").select_option("mostly_false")
    page.get_by_label("Note").fill("He was questioned.")
    sources.fill("https://example.org/police\nnot a link")
    page.get_by_role("button", name="Flag", exact=True).click()

    form = page.locator("#flag-form")
    expect(form.locator(".has-error .error")).to_have_text("Not a web link: not a link")
    expect(page.get_by_label("Verdict")).to_have_value("mostly_false")
    expect(page.get_by_label("Note")).to_have_value("He was questioned.")
    expect(sources).to_have_value("https://example.org/police\nnot a link")
    assert not ClaimFlag.objects.exists()
    _shot(page, "claim-flag-refused")

    sources.fill("https://example.org/police")
    page.get_by_role("button", name="Flag", exact=True).click()

    expect(page.get_by_text(f"Claim {claim.pk} flagged.")).to_be_visible()
    flag = ClaimFlag.objects.get(claim=claim)
    assert (flag.verdict_id, flag.note) == ("mostly_false", "He was questioned.")


def _open_correction(page, site, claim):
    page.goto(f"{site}/claims/{claim.pk}/")
    page.get_by_text("Correct speaker, via chain or span").click()


def test_a_refused_correction_keeps_the_input_with_the_error_at_its_field(
    page, site, medvedev_story, editor
):
    claim = medvedev_story["feared"]
    _log_in(page, site, "ed", "ed-password-123")
    _open_correction(page, site, claim)

    page.get_by_label("Speaker", exact=True).fill("Nobody Known")
    page.get_by_label("Via (outlets, outermost first, separated by commas)").fill(
        "BBC, Reuters"
    )
    page.get_by_role("button", name="Save correction").click()

    speaker_field = page.locator(".field.has-error", has=page.locator("#id_speaker"))
    expect(speaker_field.locator(".error")).to_contain_text(
        "No speaker is called Nobody Known"
    )
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Nobody Known")
    expect(
        page.get_by_label("Via (outlets, outermost first, separated by commas)")
    ).to_have_value("BBC, Reuters")
    claim.refresh_from_db()
    assert (claim.review_status, claim.speaker.name) == (
        "unreviewed",
        "Andrey Medvedev",
    )


def test_the_speaker_is_picked_by_name_from_suggestions_as_you_type(
    page, site, medvedev_story, editor
):
    claim = medvedev_story["feared"]
    _log_in(page, site, "ed", "ed-password-123")
    _open_correction(page, site, claim)
    speaker = page.get_by_label("Speaker", exact=True)

    speaker.fill("")
    speaker.press_sequentially("prig")
    options = page.locator("datalist[id^=suggest-speakers] option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Yevgeny Prigozhin")
    speaker.fill(options.first.get_attribute("value"))
    via = page.get_by_label("Via (outlets, outermost first, separated by commas)")
    via.fill("")
    via.press_sequentially("CNN, reu")
    expect(
        page.locator("datalist[id^=suggest-outlets] option").first
    ).to_have_attribute("value", "CNN, Reuters")
    via.fill("CNN, Reuters")
    page.get_by_role("button", name="Save correction").click()

    expect(page.get_by_text(f"Claim {claim.pk} corrected.")).to_be_visible()
    claim.refresh_from_db()
    assert (claim.speaker.name, claim.review_status) == ("Yevgeny Prigozhin", "edited")
    assert [o.name for o in claim.via_chain] == ["CNN", "Reuters"]
    _shot(page, "claim-corrected")


def test_a_new_speaker_is_created_from_the_correction_form(
    page, site, medvedev_story, editor
):
    claim = medvedev_story["feared"]
    _log_in(page, site, "ed", "ed-password-123")
    _open_correction(page, site, claim)

    page.get_by_label("Speaker", exact=True).fill("Olga Medvedeva")
    page.get_by_label("Create a new speaker with this name").check()
    page.get_by_role("button", name="Save correction").click()

    expect(page.get_by_text(f"Claim {claim.pk} corrected.")).to_be_visible()
    claim.refresh_from_db()
    assert (claim.speaker.name, claim.speaker.slug) == (
        "Olga Medvedeva",
        "olga-medvedeva",
    )


def test_the_span_is_chosen_by_selecting_the_words_in_the_article(
    page, site, medvedev_story, editor
):
    claim = medvedev_story["feared"]
    body = claim.article.body
    wanted = "Andrey Medvedev told CNN that he feared for his life"
    _log_in(page, site, "ed", "ed-password-123")
    _open_correction(page, site, claim)
    picker = page.locator(".span-picker")
    expect(picker).to_be_visible()

    # Drag from just before "Andrey" to the end of "life" (inside the marked claim).
    picker.evaluate(
        """(picker) => {
          const walker = document.createTreeWalker(picker, NodeFilter.SHOW_TEXT);
          const nodes = [];
          while (walker.nextNode()) nodes.push(walker.currentNode);
          const first = nodes.find(n => n.data.includes("Andrey"));
          const last = nodes.find(n => n.data.includes("his life"));
          const range = document.createRange();
          range.setStart(first, first.data.indexOf("Andrey") - 1);  // a space too
          range.setEnd(last, last.data.indexOf("life") + 4);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          picker.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }"""
    )
    expect(page.locator(".span-text")).to_have_text(wanted)
    page.get_by_role("button", name="Save correction").click()

    expect(page.get_by_text(f"Claim {claim.pk} corrected.")).to_be_visible()
    claim.refresh_from_db()
    assert (claim.start, claim.end) == (
        body.index(wanted),
        body.index(wanted) + len(wanted),
    )
    assert claim.text == wanted and claim.review_status == "edited"


def test_saving_the_correction_form_unchanged_does_not_mark_the_claim_edited(
    page, site, medvedev_story, editor
):
    claim = medvedev_story["detained"]
    _log_in(page, site, "ed", "ed-password-123")
    _open_correction(page, site, claim)

    page.get_by_role("button", name="Save correction").click()

    expect(
        page.get_by_text(f"Nothing changed: claim {claim.pk} is as it was.")
    ).to_be_visible()
    claim.refresh_from_db()
    assert (claim.review_status, claim.version) == ("unreviewed", 1)


def test_a_refused_ingest_keeps_the_title_and_text_typed(page, site, contributor):
    _log_in(page, site, "co", "co-password-123")
    page.goto(f"{site}/articles/new/")

    page.get_by_label("Paste the article text").fill("The mayor said it is safe.")
    page.get_by_label("Or give its URL").fill("https://example.org/story")
    page.get_by_label("Title").fill("Bridge")
    page.get_by_role("button", name="Submit").click()

    expect(page.get_by_text("exactly one of")).to_be_visible()
    expect(page.get_by_label("Paste the article text")).to_have_value(
        "The mayor said it is safe."
    )
    expect(page.get_by_label("Title")).to_have_value("Bridge")
    assert not Article.objects.exists()


def test_a_refused_link_keeps_its_kind_and_says_why_at_the_claim_id(
    page, site, medvedev_story, fact_checker
):
    claim = medvedev_story["feared"]
    _log_in(page, site, "fc", "fc-password-123")
    page.goto(f"{site}/claims/{claim.pk}/")

    page.get_by_label("This claim", exact=True).select_option("supports")
    page.get_by_label("Claim id").fill("99999")
    page.get_by_role("button", name="Link", exact=True).click()

    expect(page.locator("#relate-form .has-error .error")).to_have_text(
        "No claim has this id."
    )
    expect(page.get_by_label("This claim", exact=True)).to_have_value("supports")
    expect(page.get_by_label("Claim id")).to_have_value("99999")


def test_review_keys_skip_go_back_and_undo(page, site, medvedev_story, editor):
    s = medvedev_story
    _log_in(page, site, "ed", "ed-password-123")
    page.goto(f"{site}/review/")
    heading = page.locator("#claim-heading")
    expect(heading).to_contain_text(f"#{s['feared'].pk}")

    page.keyboard.press("s")  # skip: the next claim, the skipped one untouched
    expect(heading).to_contain_text(f"#{s['dangerous'].pk}")
    page.keyboard.press("a")
    expect(page.get_by_text(f"Claim {s['dangerous'].pk} approved.")).to_be_visible()
    expect(heading).to_contain_text(f"#{s['detained'].pk}")
    assert Claim.objects.get(pk=s["feared"].pk).review_status == "unreviewed"

    page.keyboard.press("u")  # undo the approval: the claim is shown again
    expect(page.get_by_text(f"Undone: claim {s['dangerous'].pk}")).to_be_visible()
    expect(heading).to_contain_text(f"#{s['dangerous'].pk}")
    dangerous = Claim.objects.get(pk=s["dangerous"].pk)
    assert (dangerous.review_status, dangerous.reviewed_by) == ("unreviewed", None)
    assert dangerous.history.first().history_user == editor

    page.keyboard.press("b")  # back: the claim passed before it
    expect(heading).to_contain_text(f"#{s['feared'].pk}")
    page.keyboard.press("r")
    expect(page.get_by_text(f"Claim {s['feared'].pk} rejected.")).to_be_visible()
    assert Claim.objects.get(pk=s["feared"].pk).review_status == "rejected"
    expect(heading).to_contain_text(f"#{s['dangerous'].pk}")  # the queue goes on
    _shot(page, "review-queue-keys")

    page.keyboard.press("b")  # back from the queue: the claim just decided
    expect(heading).to_contain_text(f"#{s['feared'].pk}")
    expect(page.get_by_text("Already rejected by ed")).to_be_visible()


def test_an_unknown_speaker_in_the_filter_says_so_instead_of_no_claims(
    page, site, medvedev_story
):
    page.goto(site)
    speaker = page.get_by_label("Speaker", exact=True)
    speaker.press_sequentially("medv")
    options = page.locator("datalist[id^=suggest-speakers] option")
    expect(options.first).to_have_attribute("value", "Andrey Medvedev")

    speaker.fill("Boris Nobody")
    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("heading", name="Check the filter")).to_be_visible()
    expect(page.locator(".filters .has-error .error")).to_have_text(
        "No speaker is called 'Boris Nobody'."
    )
    expect(page.get_by_label("Speaker", exact=True)).to_have_value("Boris Nobody")
    expect(page.locator(".claim-card")).to_have_count(0)
    _shot(page, "claims-unknown-speaker")

    speaker.fill("Andrey Medvedev")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("heading", name="1 claim")).to_be_visible()


def test_a_quoted_phrase_search_finds_the_phrase(page, site, medvedev_story):
    page.goto(site)
    page.get_by_label("Search the words").fill('"feared for his life"')
    page.get_by_role("button", name="Apply").click()

    expect(page.get_by_role("heading", name="1 claim")).to_be_visible()
    expect(page.locator("mark.hit")).to_have_text("feared for his life")


def test_an_editor_corrects_an_articles_details_from_its_page(
    page, site, medvedev_story, editor
):
    article = medvedev_story["article"]
    _log_in(page, site, "ed", "ed-password-123")
    page.goto(f"{site}/articles/{article.pk}/")

    page.get_by_role("link", name="Edit details").click()
    page.get_by_label("Title").fill("Defector asks Norway for asylum")
    page.get_by_label("Date published").fill("2999-01-01")
    page.get_by_role("button", name="Save details").click()

    date_field = page.locator(".field.has-error", has=page.locator("#id_published_at"))
    expect(date_field.locator(".error")).to_contain_text("in the future")
    expect(page.get_by_label("Title")).to_have_value("Defector asks Norway for asylum")
    _shot(page, "article-edit-refused")
    page.get_by_label("Date published").fill("2023-01-16")
    page.get_by_role("button", name="Save details").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Defector asks Norway for asylum"
    )
    history = page.locator(".article-history")
    expect(history).to_contain_text("title: Wagner defector seeks asylum →")
    expect(history).to_contain_text("published: date unknown → 16 Jan 2023")
    _shot(page, "article-history")
    article.refresh_from_db()
    assert article.history.latest().history_user == editor


def test_a_contributor_submits_pasted_text_and_sees_it_as_unverified_beside_the_page(
    page, site, contributor
):
    claimed = "https://www.example.org/news/bridge-shut"
    real = ArticleFactory(
        origin=Article.Origin.FETCHED,
        url=claimed,
        title="Bridge shut (fetched)",
        body="Bridge shut\n\nThe mayor said the bridge will reopen on Friday.",
    )
    _log_in(page, site, "co", "co-password-123")
    page.get_by_role("link", name="Submit").click()

    page.get_by_label("Paste the article text").fill(
        "Bridge shut\n\nThe mayor said the bridge will never reopen."
    )
    page.get_by_label("Where it was published").fill(claimed)
    page.get_by_role("button", name="Submit").click()

    expect(page.locator("h1")).to_have_text("Bridge shut")
    expect(
        page.get_by_text("Unverified, submitted by Contributor").first
    ).to_be_visible()
    _shot(page, "article-submission")
    page.get_by_role("link", name="the texts differ: compare them").click()
    expect(page.locator("mark", has_text="will never reopen")).to_be_visible()
    expect(page.locator("mark", has_text="reopen on Friday")).to_be_visible()
    _shot(page, "article-compare")
    submission = Article.objects.get(origin=Article.Origin.SUBMITTED)
    assert (submission.url, submission.claimed_url) == ("", claimed)
    assert real.url == claimed


def test_a_speaker_is_merged_into_one_picked_by_name_from_suggestions(
    page, site, editor
):
    local = ClaimFactory(speaker__name="Ekholm", speaker__slug="ekholm").speaker
    person = ClaimFactory(
        speaker__name="Anna Ekholm", speaker__slug="anna-ekholm"
    ).speaker
    _log_in(page, site, "ed", "ed-password-123")
    page.goto(f"{site}/speakers/{local.slug}/")
    into = page.get_by_label("Same speaker as")

    into.fill("Anna Ekholmsson")
    page.get_by_role("button", name="Merge into it").click()

    field = page.locator(".field.has-error", has=page.locator("#merge-into"))
    expect(field.locator(".error")).to_contain_text(
        "No speaker is called Anna Ekholmsson"
    )
    expect(into).to_have_value("Anna Ekholmsson")
    into.fill("")
    into.press_sequentially("anna")
    options = page.locator("datalist[id^=suggest-speakers] option")
    expect(options).to_have_count(1)
    expect(options.first).to_have_attribute("value", "Anna Ekholm")
    into.fill(options.first.get_attribute("value") or "")
    page.get_by_role("button", name="Merge into it").click()

    expect(page.get_by_role("heading", name="Anna Ekholm", exact=True)).to_be_visible()
    expect(page.get_by_text("“Ekholm” merged into this speaker.")).to_be_visible()
    _shot(page, "speaker-merged-by-name")
    assert [s.pk for s in type(person).objects.all()] == [person.pk]
