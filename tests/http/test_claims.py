"""Claim corrections and list counts over real HTTP."""

from attribution.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

BODY = "The mayor said the bridge is safe, and then she left the town hall."


def test_an_inverted_span_is_refused_naming_the_start(api, server):
    editor, claim = api("ed"), ClaimFactory(article=ArticleFactory(body=BODY))

    response = editor.patch(
        f"{editor.base}/claims/{claim.pk}/", json={"start": claim.end + 3}, timeout=30
    )

    assert response.status_code == 400, (response.text, server.log())
    fields = response.json()["error"]["fields"]
    assert list(fields) == ["start"] and "before the end" in fields["start"][0]
    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED


def test_a_list_answers_its_total_count_when_asked(api, server):
    reader = api()
    for _ in range(3):
        ClaimFactory(article=ArticleFactory())

    response = reader.get(
        f"{reader.base}/claims/", params={"count": "true", "page_size": 1}, timeout=30
    )

    assert response.status_code == 200, (response.text, server.log())
    assert response.json()["count"] == 3 and len(response.json()["results"]) == 1
