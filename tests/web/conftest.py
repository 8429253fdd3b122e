import os

import pytest

from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimViaFactory,
    OutletFactory,
    SpeakerFactory,
)

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls
# from that thread (fixtures, assertions) are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives Debian's Chromium headless with Playwright"
    )


@pytest.fixture
def medvedev_story(db):
    """One article: Medvedev via CNN, Prigozhin directly, police via Reuters <- BBC."""
    body = (
        "Wagner defector seeks asylum\n\n"
        "Andrey Medvedev told CNN that he feared for his life. "
        "Yevgeny Prigozhin said the man was dangerous.\n\n"
        "Police said, according to the BBC citing Reuters, that he was detained."
    )
    article = ArticleFactory(title="Wagner defector seeks asylum", body=body)
    cnn = OutletFactory(name="CNN", slug="cnn")
    bbc = OutletFactory(name="BBC", slug="bbc")
    reuters = OutletFactory(name="Reuters", slug="reuters")
    medvedev = SpeakerFactory(
        name="Andrey Medvedev", slug="andrey-medvedev", aliases=["Medvedev"]
    )
    prigozhin = SpeakerFactory(name="Yevgeny Prigozhin", slug="yevgeny-prigozhin")
    police = SpeakerFactory(name="Norwegian police", slug="norwegian-police")
    feared = ClaimFactory(
        article=article, text="he feared for his life", speaker=medvedev
    )
    ClaimViaFactory(claim=feared, outlet=cnn)
    dangerous = ClaimFactory(
        article=article, text="the man was dangerous", speaker=prigozhin
    )
    detained = ClaimFactory(article=article, text="he was detained", speaker=police)
    ClaimViaFactory(claim=detained, outlet=bbc, position=0)
    ClaimViaFactory(claim=detained, outlet=reuters, position=1)
    return {
        "article": article,
        "feared": feared,
        "dangerous": dangerous,
        "detained": detained,
        "medvedev": medvedev,
        "cnn": cnn,
        "bbc": bbc,
        "reuters": reuters,
    }
