"""An article's detail over real HTTP: ETag and Last-Modified, 304 while unchanged."""

import requests

from tests.http.support import submit, wait_parsed


def _parsed_article(session, server) -> str:
    submitted = submit(session)
    assert submitted.status_code == 202, (submitted.text, server.log())
    wait_parsed(session, submitted.headers["Location"], server)
    return submitted.json()["url"]


def test_an_articles_detail_carries_an_etag_and_last_modified(api, server):
    journalist = api("ed")
    url = _parsed_article(journalist, server)

    response = requests.get(url, timeout=30)

    assert response.status_code == 200, (response.text, server.log())
    assert response.headers["ETag"].startswith('"')
    assert response.headers["Last-Modified"].endswith(" GMT")
    assert response.json()["claims"]


def test_the_current_etag_is_answered_304_without_a_body(api, server):
    journalist = api("ed")
    url = _parsed_article(journalist, server)
    etag = requests.get(url, timeout=30).headers["ETag"]

    again = requests.get(url, headers={"If-None-Match": etag}, timeout=30)

    assert again.status_code == 304, (again.text, server.log())
    assert again.content == b""
    assert again.headers["ETag"] == etag


def test_the_current_last_modified_is_answered_304(api, server):
    journalist = api("ed")
    url = _parsed_article(journalist, server)
    modified = requests.get(url, timeout=30).headers["Last-Modified"]

    again = requests.get(url, headers={"If-Modified-Since": modified}, timeout=30)

    assert again.status_code == 304, (again.text, server.log())


def test_the_etag_changes_when_the_worker_parses_the_article(api, server):
    journalist = api("ed")
    submitted = submit(journalist)
    url = submitted.json()["url"]
    before = requests.get(url, timeout=30).headers["ETag"]

    wait_parsed(journalist, submitted.headers["Location"], server)
    after = requests.get(url, headers={"If-None-Match": before}, timeout=30)

    assert after.status_code == 200, (after.text, server.log())
    assert after.headers["ETag"] != before
    assert after.json()["status"] == "parsed"


def test_reviewing_a_claim_changes_the_etag_and_ends_the_304(api, server):
    journalist = api("ed")
    url = _parsed_article(journalist, server)
    first = requests.get(url, timeout=30)
    claim = first.json()["claims"][0]

    reviewed = journalist.post(
        f"{claim['url']}review/",
        json={"status": "approved", "version": claim["version"]},
        timeout=30,
    )
    assert reviewed.status_code == 200, (reviewed.text, server.log())
    after = requests.get(url, headers={"If-None-Match": first.headers["ETag"]})

    assert after.status_code == 200, (after.text, server.log())
    assert after.headers["ETag"] != first.headers["ETag"]
    reviewed_claim = next(c for c in after.json()["claims"] if c["id"] == claim["id"])
    assert reviewed_claim["review_status"] == "approved"


def test_the_browsable_page_and_the_json_have_different_etags(api, server):
    journalist = api("ed")
    url = _parsed_article(journalist, server)

    as_json = requests.get(url, timeout=30).headers["ETag"]
    as_page = requests.get(url, headers={"Accept": "text/html"}, timeout=30)

    assert as_page.status_code == 200, server.log()
    assert as_page.headers["ETag"] != as_json
