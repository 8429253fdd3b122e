"""The newsroom UI's writes over real HTTP: sign in through the form, then post."""

from attribution.models import ClaimFlag
from tests.factories import ClaimFactory
from tests.faults import support
from tests.http.conftest import PASSWORDS


def test_a_fact_checker_signs_in_and_flags_a_claim_through_the_claim_page(
    server, accounts, settled
):
    claim = ClaimFactory()
    browser = support.log_in(server.url, "fc", PASSWORDS["fc"])
    page = f"{server.url}/claims/{claim.pk}/"
    browser.get(page, timeout=30)

    response = browser.post(
        f"{server.url}/claims/{claim.pk}/flag/",
        data={
            "verdict": "mostly_true",
            "note": "Confirmed by the ministry.",
            "sources": "https://example.org/ministry",
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": page},
        timeout=30,
    )

    assert response.status_code == 200, (response.text[:500], server.log())
    assert "verified-badge" in response.text
    flag = ClaimFlag.objects.get(claim=claim)
    assert (flag.verdict_id, flag.created_by.username) == ("mostly_true", "fc")
