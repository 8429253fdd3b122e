"""Verdicts as ratings over real HTTP: flag, change, withdraw; the claim follows."""

from attribution import services
from attribution.models import ClaimFlag
from attribution.roles import Role
from tests.factories import ClaimFactory


def _claim_state(session, claim) -> tuple[bool, bool]:
    body = session.get(f"{session.base}/claims/{claim.pk}/", timeout=30).json()
    return body["contested"], body["verified"]


def _disputed_ids(session) -> list[int]:
    feed = session.get(f"{session.base}/claim-reviews/", timeout=30).json()
    return [int(r["url"].rstrip("/").rsplit("/", 1)[1]) for r in feed["results"]]


def test_a_flag_rated_true_then_changed_to_false_then_withdrawn(api, server):
    checker, claim = api("fc"), ClaimFactory()

    flagged = checker.post(
        f"{checker.base}/claims/{claim.pk}/flags/", json={"verdict": "true"}, timeout=30
    )
    assert flagged.status_code == 201, (flagged.text, server.log())
    assert _claim_state(checker, claim) == (False, True)
    assert claim.pk not in _disputed_ids(checker)
    flag_url = f"{checker.base}/flags/{flagged.json()['id']}/"

    changed = checker.patch(flag_url, json={"verdict": "false"}, timeout=30)
    assert changed.status_code == 200, (changed.text, server.log())
    assert _claim_state(checker, claim) == (True, False)
    assert _disputed_ids(checker) == [claim.pk]

    withdrawn = checker.delete(flag_url, timeout=30)
    assert withdrawn.status_code == 204, (withdrawn.text, server.log())
    assert _claim_state(checker, claim) == (False, False)
    assert not ClaimFlag.objects.exists()
    history = ClaimFlag.history.filter(id=flagged.json()["id"]).order_by("history_id")
    assert [(h.history_type, h.history_user.username) for h in history] == [
        ("+", "fc"),
        ("~", "fc"),
        ("-", "fc"),
    ]


def test_another_fact_checker_is_refused_and_an_editor_may_withdraw(
    api, server, accounts
):
    claim = ClaimFactory()
    flag = services.claim_flag(claim_id=claim.pk, user=accounts["fc"], verdict="false")
    services.user_create(
        username="fc2", password="fc2-password-123", roles=[Role.FACT_CHECKER]
    )
    other = api()
    token = other.post(
        f"{other.base}/auth/token/",
        json={"username": "fc2", "password": "fc2-password-123"},
        timeout=30,
    ).json()["token"]
    other.headers["Authorization"] = f"Token {token}"
    flag_url = f"{other.base}/flags/{flag.pk}/"

    refused = other.patch(flag_url, json={"verdict": "true"}, timeout=30)
    withdrawn = api("ed").delete(flag_url, timeout=30)

    assert refused.status_code == 403, refused.text
    assert refused.json()["error"]["code"] == "permission_denied"
    assert withdrawn.status_code == 204, (withdrawn.text, server.log())
    assert not ClaimFlag.objects.exists()
