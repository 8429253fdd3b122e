"""A claim's history on its page: every write an editor or a fact-checker makes
shows as field before -> after, with who, and none as an empty save."""

import pytest
from django.urls import reverse

from attribution import ingestion, services
from attribution.models import Claim

pytestmark = pytest.mark.django_db

STORY = '"We are ready to work again," Maria Okafor told Reuters on Monday.'


def test_a_moved_span_a_rejection_and_a_flag_each_show_what_changed(
    client, editor, fact_checker
):
    article, _ = services.article_create(text=ingestion.from_text(STORY))
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.get()
    start = claim.start + len("We are ")
    services.claim_edit(claim_id=claim.pk, user=editor, start=start, end=claim.end)
    services.claim_review(claim_id=claim.pk, status="rejected", user=editor)
    services.claim_flag(
        claim_id=claim.pk, user=fact_checker, verdict="false", note="", sources=[]
    )

    text = client.get(reverse("web:claim-detail", args=[claim.pk])).text

    assert f"start: <del>{claim.start}</del> → <ins>{start}</ins>" in text
    assert "text: <del>We are ready to work again,</del> → <ins>ready to" in text
    assert "review status: <del>Edited</del> → <ins>Rejected</ins>" in text
    assert 'flagged it <span class="verdict verdict-disputes">False</span>' in text
    assert "contested: <del>no</del> → <ins>yes</ins>" in text
    assert "no shown field changed" not in text
    stored = Claim.objects.get()
    assert stored.text == article.body[stored.start : stored.end]
    assert [r.history_user for r in stored.history.order_by("history_date")][1:] == [
        editor,
        editor,
        fact_checker,
    ]
