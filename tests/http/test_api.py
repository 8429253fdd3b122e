"""The API's main write paths over real HTTP, against runserver and gunicorn."""

from attribution.models import Article, Claim, ClaimFlag
from tests.http.support import STORY, parsed_claims, submit, wait_parsed


def test_a_submitted_article_answers_202_with_its_status_url_in_location(api, server):
    journalist = api("ed")

    response = submit(journalist)

    assert response.status_code == 202, (response.text, server.log())
    body = response.json()
    assert response.headers["Location"] == body["status_url"]
    assert Article.objects.filter(pk=body["id"]).exists()


def test_the_same_article_submitted_again_answers_200_with_the_stored_one(api, server):
    journalist = api("ed")
    first = submit(journalist).json()

    again = submit(journalist)

    assert again.status_code == 200, (again.text, server.log())
    assert again.json()["id"] == first["id"]
    assert again.headers["Location"] == first["status_url"]


def test_a_submitted_article_is_parsed_by_the_worker_and_its_status_says_so(
    api, server
):
    journalist = api("ed")
    submitted = submit(journalist)

    status = wait_parsed(journalist, submitted.headers["Location"], server)

    assert status["claim_count"] >= 2
    article = Article.objects.get(pk=submitted.json()["id"])
    assert article.status == Article.Status.PARSED
    assert article.claims.count() == status["claim_count"]


def test_an_editor_approves_a_parsed_claim_and_a_stale_version_gets_409(api, server):
    editor = api("ed")
    claim = parsed_claims(editor, server)[0]
    review = f"{editor.base}/claims/{claim['id']}/review/"

    approved = editor.post(
        review, json={"status": "approved", "version": claim["version"]}, timeout=30
    )
    stale = editor.post(
        review, json={"status": "rejected", "version": claim["version"]}, timeout=30
    )

    assert approved.status_code == 200, approved.text
    assert approved.json()["review_status"] == "approved"
    assert stale.status_code == 409 and stale.json()["error"]["code"] == "conflict"
    stored = Claim.objects.get(pk=claim["id"])
    assert (stored.review_status, stored.reviewed_by.username) == ("approved", "ed")


def test_a_fact_checker_flags_a_parsed_claim_false_and_it_becomes_contested(
    api, server
):
    checker = api("fc")
    claim = parsed_claims(api("ed"), server, STORY.replace("Sunday", "Monday"))[0]

    flagged = checker.post(
        f"{checker.base}/claims/{claim['id']}/flags/",
        json={"verdict": "false", "note": "The road reopened.", "sources": []},
        timeout=30,
    )

    assert flagged.status_code == 201, flagged.text
    assert flagged.json()["verdict"] == "false"
    assert checker.get(claim["url"], timeout=30).json()["contested"] is True
    flag = ClaimFlag.objects.get(pk=flagged.json()["id"])
    assert (flag.claim_id, flag.created_by.username) == (claim["id"], "fc")


def test_reading_needs_no_token_and_writing_without_one_is_refused(api, server):
    anonymous = api()

    assert anonymous.get(f"{anonymous.base}/claims/", timeout=30).status_code == 200
    refused = submit(anonymous)
    assert refused.status_code == 401, refused.text  # not 403: no one signed in
    assert refused.headers["WWW-Authenticate"] == "Token"
    assert refused.json()["error"]["status"] == 401


def test_a_refused_url_is_reported_under_fields_url(api, server):
    contributor = api("co")

    response = contributor.post(
        f"{contributor.base}/articles/", json={"url": "http://0177.0.0.1/"}, timeout=30
    )

    assert response.status_code == 400, (response.text, server.log())
    error = response.json()["error"]
    assert list(error["fields"]) == ["url"]
    assert "not a host name" in error["fields"]["url"][0]
    assert not Article.objects.exists()


def test_an_account_with_no_role_is_refused_with_the_role_it_needs(api, server):
    nobody = api("rd")

    response = submit(nobody)

    assert response.status_code == 403, (response.text, server.log())
    assert "contributor or editor role" in response.json()["error"]["message"]
    assert not Article.objects.exists()


def test_text_a_contributor_says_came_from_a_url_is_their_unverified_submission(
    api, server
):
    contributor = api("co")
    claimed = "https://www.reuters.com/world/port-strike/"

    response = contributor.post(
        f"{contributor.base}/articles/",
        json={"text": STORY, "source_url": claimed},
        timeout=30,
    )

    assert response.status_code == 202, (response.text, server.log())
    body = response.json()
    assert (body["origin"], body["claimed_url"], body["source_url"]) == (
        "submitted",
        claimed,
        "",
    )
    assert body["unverified"] is True and body["submitted_by"] == "Contributor"
