"""services.article_submit: the one way a user's article comes in (issues 11-13).

Who may submit, what is checked and named, and provenance: text a user says came
from a URL is their submission, never that URL's article.
"""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attribution import identity, ingestion, selectors, services, tasks
from attribution.models import Article, Outlet, Speaker
from tests.test_fetch import serving

pytestmark = pytest.mark.django_db

FAKE = (
    "Minister resigns over bridge scandal\n\n"
    '"I take full responsibility," the minister told reporters on Monday.'
)
CLAIMED = "https://www.reuters.com/world/minister-resigns-2026-03-03/"


@pytest.fixture
def site():
    with serving() as server:
        yield f"http://127.0.0.1:{server.server_port}"


class Upload(io.BytesIO):
    """What a form hands the service: a name, a size and read()."""

    def __init__(self, name: str, data: bytes) -> None:
        super().__init__(data)
        self.name, self.size = name, len(data)


# Who may submit ----------------------------------------------------------------


def test_an_account_with_no_role_may_not_submit_and_is_told_which_role_it_needs(
    reader,
):
    with pytest.raises(PermissionDenied, match="contributor or editor role"):
        services.article_submit(user=reader, text=FAKE)

    assert not Article.objects.exists()


def test_a_fact_checker_alone_may_not_submit(fact_checker):
    with pytest.raises(PermissionDenied):
        services.article_submit(user=fact_checker, text=FAKE)


@pytest.mark.parametrize("who", ["contributor", "editor"])
def test_contributors_and_editors_may_submit(who, request):
    user = request.getfixturevalue(who)

    article, created = services.article_submit(user=user, text=FAKE)

    assert created and article.submitted_by == user


# What is checked -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "field"),
    [({}, "text"), ({"text": FAKE, "url": CLAIMED}, "url")],
)
def test_not_exactly_one_of_text_html_file_or_url_is_refused_naming_a_field(
    contributor, given, field
):
    with pytest.raises(ValidationError) as error:
        services.article_submit(user=contributor, **given)

    assert "exactly one of" in error.value.message_dict[field][0]


def test_a_refused_url_is_reported_under_url(contributor):
    with pytest.raises(ValidationError) as error:
        services.article_submit(user=contributor, url="ftp://example.org/x")

    assert error.value.message_dict == {
        "url": ["Only http and https URLs can be fetched."]
    }


def test_whitespace_pasted_as_text_is_refused_under_text(contributor):
    with pytest.raises(ValidationError) as error:
        services.article_submit(user=contributor, text="   \n  ")

    assert "only whitespace" in error.value.message_dict["text"][0]


def test_a_file_of_the_wrong_kind_is_refused_under_file(contributor):
    with pytest.raises(ValidationError) as error:
        services.article_submit(user=contributor, file=Upload("story.pdf", b"%PDF"))

    assert error.value.message_dict == {"file": ["Upload an .html, .htm or .txt file."]}


def test_an_uploaded_file_over_the_limit_is_too_large_and_names_the_file(
    contributor,
):
    big = Upload("story.txt", b"word " * (ingestion.MAX_BYTES // 5 + 1))

    with pytest.raises(ingestion.TooLarge, match="larger than 5 MB") as error:
        services.article_submit(user=contributor, file=big)

    assert error.value.field == "file"


def test_a_source_url_that_is_no_web_address_is_refused_under_source_url(
    contributor,
):
    with pytest.raises(ValidationError) as error:
        services.article_submit(user=contributor, text=FAKE, source_url="javascript:x")

    assert list(error.value.message_dict) == ["source_url"]


def test_an_uploaded_text_file_becomes_a_submission(contributor):
    article, created = services.article_submit(
        user=contributor, file=Upload("story.txt", FAKE.encode())
    )

    assert created and article.origin == Article.Origin.SUBMITTED
    assert article.body.endswith("told reporters on Monday.")


# Provenance ----------------------------------------------------------------------


def test_pasted_text_with_a_source_url_is_the_users_unverified_submission(
    contributor,
):
    article, created = services.article_submit(
        user=contributor, text=FAKE, source_url=CLAIMED
    )

    article.refresh_from_db()
    assert created
    assert (article.origin, article.url, article.claimed_url) == (
        Article.Origin.SUBMITTED,
        "",
        CLAIMED,
    )
    assert article.submitted_by == contributor and article.unverified


def test_submitting_the_url_after_a_fake_submission_fetches_the_real_page(
    contributor, editor, site, settings
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    fake, _ = services.article_submit(
        user=contributor, text=FAKE, source_url=f"{site}/article"
    )

    real, created = services.article_submit(user=editor, url=f"{site}/article")
    tasks.article_parse.delay(real.pk)

    real.refresh_from_db()
    assert created and real.pk != fake.pk
    assert real.origin == Article.Origin.FETCHED and real.url == f"{site}/article"
    assert real.body.startswith("The council said the dam")
    fake.refresh_from_db()
    assert fake.unverified and "minister" in fake.body
    assert selectors.article_counterparts(fake) == [real]
    assert selectors.article_counterparts(real) == [fake]


def test_a_fetched_page_with_exactly_a_submissions_text_is_stored_and_verifies_it(
    contributor, editor, site, settings
):
    settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK = True
    page_text = ingestion.fetch(f"{site}/article", allow_loopback=True).body
    submission, _ = services.article_submit(
        user=contributor, text=page_text, source_url=f"{site}/article"
    )

    fetched, _ = services.article_submit(user=editor, url=f"{site}/article")
    tasks.article_parse.delay(fetched.pk)

    fetched.refresh_from_db()
    submission.refresh_from_db()
    assert fetched.status == Article.Status.PARSED and fetched.body == page_text
    assert fetched.pk != submission.pk
    assert submission.verified_at is not None and not submission.unverified
    assert selectors.article_counterparts(submission) == [fetched]


def test_the_same_text_pasted_twice_is_the_first_submission(contributor, editor):
    first, _ = services.article_submit(user=contributor, text=FAKE, source_url=CLAIMED)

    again, created = services.article_submit(user=editor, text=FAKE + "\n")

    assert again == first and not created


def test_text_the_app_already_read_answers_a_submission_of_it(contributor):
    read, _ = services.article_create(
        text=ingestion.from_text(FAKE), url="https://example.org/a"
    )

    again, created = services.article_submit(user=contributor, text=FAKE)

    assert again == read and not created


def test_a_submission_cannot_hold_a_url_in_the_database(contributor):
    article, _ = services.article_submit(user=contributor, text=FAKE)

    with pytest.raises(Exception, match="article_submission_has_no_url"):
        Article.objects.filter(pk=article.pk).update(url=CLAIMED)


# Titles --------------------------------------------------------------------------


def test_a_pasted_article_with_no_title_takes_its_headline(contributor):
    article, _ = services.article_submit(user=contributor, text=FAKE)

    assert article.title == "Minister resigns over bridge scandal"


def test_a_title_given_wins_over_the_headline(contributor):
    article, _ = services.article_submit(user=contributor, text=FAKE, title="Mine")

    assert article.title == "Mine"


# Outlets a user types ---------------------------------------------------------------


def test_a_publisher_typed_in_a_submission_waits_for_an_editor(contributor):
    article, _ = services.article_submit(
        user=contributor, text=FAKE, publisher="Jane Doe"
    )

    assert article.publisher.name == "Jane Doe" and article.publisher.needs_review
    assert services.gazetteer_get().lookup("Jane Doe") is None
    services.outlets_mark_reviewed(outlets=Outlet.objects.filter(name="Jane Doe"))
    assert services.gazetteer_get().lookup("Jane Doe") is not None


def test_a_known_outlet_typed_as_publisher_needs_no_review(contributor):
    article, _ = services.article_submit(
        user=contributor, text=FAKE, publisher="Reuters"
    )

    assert article.publisher.name == "Reuters" and not article.publisher.needs_review


def test_a_persons_name_typed_as_publisher_does_not_become_a_via_of_later_articles(
    contributor, editor
):
    services.article_submit(user=contributor, text=FAKE, publisher="Jane Doe")
    later = (
        "Bridge reopens\n\n"
        'Jane Doe reported that the bridge "will reopen on Friday," the mayor said.'
    )
    article, _ = services.article_create(
        text=ingestion.from_text(later), url="https://example.org/later"
    )

    tasks.article_parse.delay(article.pk)

    vias = [
        outlet.name
        for claim in article.claims.with_attribution()
        for outlet in claim.via_chain
    ]
    assert "Jane Doe" not in vias


# Slugs in every script ---------------------------------------------------------------


NAMES = ["Аль-Джазира", "Радио Свобода", "الجزيرة", "العربية", "新华社", "人民日报"]


def test_non_latin_outlet_names_each_get_a_slug_of_their_own():
    outlets = [services.outlet_get_or_create(name=name) for name in NAMES]

    assert len({o.pk for o in outlets}) == len(NAMES)
    assert [o.name for o in outlets] == NAMES
    assert not Outlet.objects.filter(slug="outlet").exists()
    assert services.outlet_get_or_create(name="新华社") == outlets[4]


def test_non_latin_speaker_names_each_get_a_slug_of_their_own():
    made = [services.speaker_create(name=name) for name in NAMES]
    found = [identity.speaker_slug_free(name) for name in ["Путин", "محمد", "习近平"]]

    assert len({s.slug for s in made}) == len(NAMES)
    assert "speaker" not in {s.slug for s in made}
    assert found == ["путин", "محمد", "习近平"]


def test_latin_names_keep_the_ascii_slugs_stored_rows_have():
    outlet = services.outlet_get_or_create(name="Süddeutsche Zeitung")

    assert outlet.slug == "suddeutsche-zeitung"


def test_an_outlet_of_a_non_latin_name_passes_the_admins_validation():
    outlet = services.outlet_get_or_create(name="Аль-Джазира")

    services.outlet_save(outlet=outlet)  # full_clean: the slug is valid

    assert Speaker.objects.count() == 0 and outlet.slug == "аль-джазира"
