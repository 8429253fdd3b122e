import pytest

from attribution import alert_services, services
from attribution.models import Feed
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)
from tests.hardening.xss import XSS


@pytest.fixture(autouse=True)
def fresh_cache():
    """Throttle counts (kept in the cache) never leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def poisoned(db, django_user_model):
    """Every free-text field a person or a page can fill, holding the payload."""
    user = django_user_model.objects.create_superuser(f"root{XSS}", "", "pw")
    outlet = OutletFactory(name=f"{XSS} Gazette", slug="gazette", aliases=[XSS])
    speaker = SpeakerFactory(
        name=f"{XSS} Smith", slug="smith", aliases=[XSS], description=XSS
    )
    body = (
        f"{XSS} opens the story.\n\n"
        f"The mayor said {XSS} is safe, according to the Gazette.\n\n"
        f"Later she said {XSS} is not safe at all."
    )
    article = ArticleFactory(title=f"{XSS} headline", body=body, publisher=outlet)
    claim = ClaimFactory(
        article=article, text=f"{XSS} is safe", speaker=speaker, cue=XSS
    )
    ClaimViaFactory(claim=claim, outlet=outlet)
    other = ClaimFactory(article=article, text=f"{XSS} is not safe", speaker=speaker)
    ClaimViaFactory(claim=other, outlet=outlet)
    flag = services.claim_flag(
        claim_id=claim.pk,
        user=user,
        verdict="false",
        note=XSS,
        sources=["https://example.org/?q=%3Cscript%3E"],
    )
    services.claim_relate(
        source=claim, target=other, kind="contradicts", user=user, note=XSS
    )
    services.claim_review(claim_id=claim.pk, status="approved", user=user)
    statement = services.claim_cluster(claim_id=claim.pk)
    # The inbox and the Following page show the speaker's name and the claim.
    watchlist, _ = alert_services.watchlist_follow(user=user, speaker=speaker)
    alert_services.watchlist_follow(user=user, search={"q": XSS})
    alert_services.article_alerts_produce(article_id=article.pk)
    feed = Feed.objects.create(
        url="https://gazette.example/feed.xml",
        title=f"{XSS} feed",
        outlet=outlet,
        paused_reason=XSS,
    )
    return {
        "feed": feed,
        "watchlist": watchlist,
        "user": user,
        "outlet": outlet,
        "speaker": speaker,
        "article": article,
        "claim": claim,
        "flag": flag,
        "statement": statement,
    }
