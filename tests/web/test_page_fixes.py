"""The pages' layout and small things, in Chromium at a newsroom's 1400 px, with a
screenshot of each changed page in test-artifacts/screenshots/."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from attribution import services
from tests.conftest import BROWSER_TIMEOUT_MS
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)
from tests.web.test_browser import _log_in, _shot

LONG_TITLE = (
    "Interministerial counterproductiveness: parliamentarians' unconstitutional "
    "telecommunications procurement investigation"
)


@pytest.fixture
def wide(browser, site):
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.set_default_timeout(BROWSER_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def long_story(medvedev_story):
    article = ArticleFactory(
        title=LONG_TITLE,
        body='Medvedev said: "He feared for his life." Later he left.',
    )
    claim = ClaimFactory(
        article=article,
        speaker=medvedev_story["medvedev"],
        text='"He feared for his life."',
        kind="direct",
    )
    ClaimViaFactory(claim=claim, outlet=medvedev_story["cnn"])
    for c in (claim, medvedev_story["feared"]):
        services.claim_cluster(claim_id=c.pk)
    claim.refresh_from_db()
    return {**medvedev_story, "long": claim}


WORDS_ON_ONE_LINE = """(cells) => cells.flatMap((cell) => {
  const broken = [];
  const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    for (const m of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(m[0]);
    }
  }
  return broken;
})"""


@pytest.mark.browser
def test_table_headers_break_only_between_words(wide, site, long_story):
    for name, path in [
        ("articles-1400", "/articles/"),
        ("statement-1400", f"/statements/{long_story['long'].canonical_id}/"),
    ]:
        wide.goto(f"{site}{path}")
        broken = wide.locator("table th").evaluate_all(WORDS_ON_ONE_LINE)
        assert broken == [], (path, broken)
        _shot(wide, name)


@pytest.mark.browser
def test_the_menu_stays_on_one_line_at_1400_px_for_an_editor(wide, site, editor, db):
    _log_in(wide, site, "ed", "ed-password-123")
    tops = wide.locator(".site-header .nav li, .site-header .account").evaluate_all(
        "(items) => items.map((i) => Math.round(i.getBoundingClientRect().top))"
    )
    assert len(set(tops)) == 1, tops
    # With room to spare, so that wider system fonts than Debian's keep one line.
    spare = wide.locator(".site-header .header-row").evaluate(
        """(row) => {
          const style = getComputedStyle(row);
          const inner = row.clientWidth - parseFloat(style.paddingLeft)
            - parseFloat(style.paddingRight);
          const used = [...row.children].reduce(
            (sum, child) => sum + child.getBoundingClientRect().width, 0);
          return (inner - used) / inner;
        }"""
    )
    assert spare > 0.2, spare
    expect(wide.get_by_role("link", name="Review", exact=True)).to_be_visible()
    _shot(wide, "menu-editor-1400")


@pytest.mark.browser
def test_fact_checkers_see_no_review_queue_in_the_menu(wide, site, fact_checker, db):
    _log_in(wide, site, "fc", "fc-password-123")

    expect(wide.get_by_role("link", name="Claims", exact=True)).to_be_visible()
    expect(wide.get_by_role("link", name="Submit")).to_have_count(0)  # no role for it
    expect(wide.get_by_role("link", name="Review", exact=True)).to_have_count(0)


@pytest.mark.browser
def test_the_attribution_graph_fills_the_width_and_keeps_whole_titles(
    wide, site, long_story
):
    wide.goto(f"{site}/speakers/andrey-medvedev/graph/")

    share = wide.locator("svg.graph").evaluate(
        "(svg) => svg.getBoundingClientRect().width"
        " / svg.parentElement.getBoundingClientRect().width"
    )
    assert share > 0.9
    label = wide.locator("svg.graph a.node-article text").filter(
        has_text="Interministerial"
    )
    shown = " ".join(label.locator("tspan").all_text_contents())
    assert shown.startswith("Interministerial counterproductiveness:")
    fits = label.evaluate(
        "(t) => t.getBBox().width <= t.previousElementSibling.getBBox().width - 10"
    )
    assert fits  # the words stay inside their box
    _shot(wide, "speaker-graph-1400")
    wide.goto(f"{site}/articles/{long_story['article'].pk}/graph/")
    _shot(wide, "article-graph-1400")


@pytest.mark.browser
def test_snippets_have_one_closing_quote_and_no_ellipsis_after_a_full_stop(
    wide, site, long_story
):
    claim = long_story["long"]
    wide.goto(f"{site}/?q=feared")
    quotes = wide.locator(".claim-card blockquote p").all_inner_texts()
    assert '"He feared for his life."' in quotes
    assert all("”" not in q or not q.rstrip("”").endswith(('"', "”")) for q in quotes)
    _shot(wide, "claims-list-1400")

    wide.goto(f"{site}/claims/{long_story['feared'].pk}/")
    context = wide.locator(".context").inner_text()
    assert "…." not in context and ".…" not in context
    wide.goto(f"{site}/claims/{claim.pk}/")
    _shot(wide, "claim-1400")


@pytest.mark.browser
def test_the_claim_list_links_exports_of_the_current_filter(wide, site, long_story):
    wide.goto(f"{site}/?speaker=Andrey+Medvedev&kind=direct")

    csv = wide.get_by_role("link", name="CSV")
    href = csv.get_attribute("href")
    assert href.startswith("/api/v1/exports/claims.csv?")
    assert "speaker=Andrey+Medvedev" in href and "kind=direct" in href
    jsonl = wide.get_by_role("link", name="JSON Lines").get_attribute("href")
    assert jsonl.startswith("/api/v1/exports/claims.jsonl?")
    response = wide.request.get(f"{site}{href}")
    assert response.status == 200
    lines = response.text().strip().splitlines()
    assert len(lines) == 2 and "He feared for his life" in lines[1]  # header + one
    expect(wide.get_by_role("link", name="ClaimReview")).to_be_visible()
    _shot(wide, "claims-exports-1400")


@pytest.mark.browser
def test_the_outlet_list_opens_on_outlets_with_claims(wide, site, long_story):
    OutletFactory(name="Quiet Gazette")
    wide.goto(f"{site}/outlets/")

    rows = wide.locator("table tbody tr")
    expect(rows.first).to_contain_text("CNN")  # two claims: first
    expect(wide.get_by_text("Quiet Gazette")).to_have_count(0)
    _shot(wide, "outlets-1400")

    wide.get_by_label("Include outlets with no claims").check()
    wide.get_by_label("Name or alias").fill("quiet")
    wide.get_by_role("button", name="Show").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Quiet Gazette")


@pytest.mark.browser
def test_the_admin_claim_table_keeps_its_columns_readable(wide, site, long_story, db):
    from django.contrib.auth import get_user_model

    # A speaker named after an article (the engine scopes a description to it): a
    # foreign key's column does not wrap in Django's admin, so such a name pushed
    # the other columns out of sight.
    scoped = SpeakerFactory(name=f"The ministry's spokesman (in {LONG_TITLE})")
    ClaimFactory(article=long_story["long"].article, speaker=scoped, text="Later")
    get_user_model().objects.create_superuser("root", "", "root-pass-123")
    wide.goto(f"{site}/admin/login/")
    wide.get_by_label("Username").fill("root")
    wide.get_by_label("Password").fill("root-pass-123")
    wide.get_by_role("button", name="Log in").click()
    wide.goto(f"{site}/admin/attribution/claim/")

    broken = wide.locator("#result_list th").evaluate_all(WORDS_ON_ONE_LINE)
    assert broken == []
    fits = wide.locator("#changelist .results").evaluate(
        "(e) => e.scrollWidth <= e.clientWidth + 1"
    )
    assert fits  # no column hidden to the right
    claim_width = wide.locator("#result_list tbody .field-short_text").first.evaluate(
        "(td) => td.getBoundingClientRect().width"
    )
    assert claim_width >= 300  # the words are not squeezed into a narrow column
    _shot(wide, "admin-claims-1400")


def test_the_favicon_is_served(client, db):
    page = client.get(reverse("web:claim-list"))
    icon = client.get("/favicon.ico")

    assert 'rel="icon" href="/static/favicon.svg"' in page.text
    assert icon.status_code in (301, 302) and icon["Location"].endswith("favicon.svg")


def test_a_user_without_a_role_is_not_shown_the_review_queue(client, reader, editor):
    client.force_login(reader)
    as_reader = client.get(reverse("web:claim-list")).text
    client.force_login(editor)
    as_editor = client.get(reverse("web:claim-list")).text

    link = f'href="{reverse("web:review-queue")}"'
    assert link not in as_reader and link in as_editor


def test_a_flagged_claim_reviewed_earlier_shows_in_the_page(client, long_story, editor):
    services.claim_review(
        claim_id=long_story["long"].pk, status="approved", user=editor
    )

    response = client.get(reverse("web:claim-detail", args=[long_story["long"].pk]))

    assert response.status_code == 200


def test_the_claims_and_statements_pages_link_the_fact_checkers_pages(client, db):
    for page in ("web:claim-list", "web:statement-list"):
        text = client.get(reverse(page)).text
        assert f'href="{reverse("web:contested")}"' in text, page
        assert f'href="{reverse("web:quote-check")}"' in text, page
