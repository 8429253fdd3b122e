from datetime import UTC, datetime

import factory
from django.utils.text import slugify

from attribution import ingestion, services
from attribution.models import Article, Claim, ClaimVia, Outlet, Speaker


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Outlet.Kind.NEWSPAPER


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker Number{n}")
    slug = factory.LazyAttribute(lambda s: slugify(s.name))
    outlet = None
    kind = factory.LazyAttribute(
        lambda s: Speaker.Kind.OUTLET if s.outlet else Speaker.Kind.PERSON
    )


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    url = ""
    # An article with a URL is one the app fetched; one without, a submission.
    origin = factory.LazyAttribute(
        lambda a: Article.Origin.FETCHED if a.url else Article.Origin.SUBMITTED
    )
    body = factory.Sequence(lambda n: f"Story {n}. The mayor said the bridge is safe.")
    content_hash = factory.LazyAttribute(lambda a: ingestion.content_hash(a.body))


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    article = factory.SubFactory(ArticleFactory)
    text = "the bridge is safe"
    start = factory.LazyAttribute(lambda c: c.article.body.index(c.text))
    end = factory.LazyAttribute(lambda c: c.start + len(c.text))
    kind = Claim.Kind.INDIRECT
    cue = "said"
    speaker = factory.SubFactory(SpeakerFactory)
    confidence = 0.9


class ClaimViaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClaimVia

    claim = factory.SubFactory(ClaimFactory)
    outlet = factory.SubFactory(OutletFactory)
    position = 0


def reported_claim(speaker, text, *, day, via=(), publisher=None, kind="direct"):
    """A claim in its own article of 2026-03-<day>, put into its canonical claim."""
    article = ArticleFactory(
        title=f"Bridge story, day {day}",
        body=f"Day {day}. {text} More later.",
        published_at=datetime(2026, 3, day, tzinfo=UTC),
        publisher=publisher,
    )
    claim = ClaimFactory(article=article, speaker=speaker, text=text, kind=kind)
    for position, outlet in enumerate(via):
        ClaimViaFactory(claim=claim, outlet=outlet, position=position)
    services.claim_cluster(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim


def undated_claim(speaker, text, *, ingested_day, kind="direct"):
    """A claim in an article of unknown date, ingested on 2026-03-<ingested_day>,
    put into its canonical claim."""
    article = ArticleFactory(
        title="Undated bridge story", body=f"Undated. {text} More later."
    )
    Article.objects.filter(pk=article.pk).update(
        created_at=datetime(2026, 3, ingested_day, 9, tzinfo=UTC)
    )
    claim = ClaimFactory(article=article, speaker=speaker, text=text, kind=kind)
    services.claim_cluster(claim_id=claim.pk)
    claim.refresh_from_db()
    return claim
