"""The article page built in the view (marked text, labels, badges) gives the HTML
the all-template page gave: article_detail_before.html is that template, rendered
here with the context the view used to pass."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.urls import reverse

from attribution import selectors, services
from attribution.models import Article, Claim
from attribution.roles import Role, has_role
from attribution.web import rendering
from tests.factories import ArticleFactory, ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db
BEFORE = Path(__file__).with_name("article_detail_before.html").read_text()
_MAIN = re.compile(r'<main id="main".*?</main>', re.DOTALL)


def _page_before(article_id: int, user) -> str:
    """The page as the view and template rendered it before (the old context)."""
    request = RequestFactory().get(reverse("web:article-detail", args=[article_id]))
    request.user = user
    article = selectors.article_get(article_id=article_id)
    claims = list(selectors.article_claims(article))
    legend = rendering.paint_by_outlet(claims)
    context = {
        "article": article,
        "claims": claims,
        "pieces": rendering.article_pieces(article.body, claims),
        "legend": legend,
        "by_speaker": rendering.group_by_speaker(claims),
        "working": article.status in (Article.Status.PENDING, Article.Status.PARSING),
        "can_edit": has_role(user, Role.EDITOR),
        "history": selectors.article_history(article),
        "counterparts": selectors.article_counterparts(article),
    }
    return engines["django"].from_string(BEFORE).render(context, request)


def _main(html: str) -> str:
    found = _MAIN.search(html)
    assert found, html[:500]
    return found.group(0)


def test_the_article_page_is_the_html_the_template_gave(client, medvedev_story):
    article = medvedev_story["article"]
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PARSED)
    detained = medvedev_story["detained"]
    Claim.objects.filter(pk=detained.pk).update(
        contested=True, review_status=Claim.ReviewStatus.APPROVED
    )
    Claim.objects.filter(pk=medvedev_story["dangerous"].pk).update(verified=True)

    response = client.get(reverse("web:article-detail", args=[article.pk]))

    assert response.status_code == 200
    page = _main(response.content.decode())
    assert page == _main(_page_before(article.pk, AnonymousUser()))
    assert 'class="claim-mark c0"' in page and "⚑" in page


def test_unknown_speakers_and_markup_in_text_render_as_before(client):
    """A claim with no speaker, words that need escaping, a long claim cut."""
    long_words = " ".join(["words"] * 40)
    body = f'Intro & <b>bold</b>. Someone said "x < y" today. Ana said {long_words}.'
    article = ArticleFactory(body=body, status=Article.Status.PARSED)
    ClaimFactory(article=article, text='"x < y"', speaker=None)
    ClaimFactory(
        article=article, text=long_words, speaker=SpeakerFactory(name="Ana <O'Neil>")
    )
    editor = services.user_create(
        username="ed", password="ed-password-123", roles=[Role.EDITOR]
    )
    client.force_login(editor)

    response = client.get(reverse("web:article-detail", args=[article.pk]))

    assert response.status_code == 200
    page = _main(response.content.decode())
    assert page == _main(_page_before(article.pk, editor))
    assert "Unknown speaker" in page and "&lt;O&#x27;Neil&gt;" in page
