"""Writes: creating articles, parsing them into claims, keeping reviewed work."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from attribution import ingestion, selectors, services
from attribution.models import Article, Claim, ClaimFlag, Outlet, Rating, Speaker
from attribution.roles import Role
from tests.factories import ClaimFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

STORY = (
    "The port reopened on Monday after a week of strikes.\n\n"
    '"We are ready to work again," Maria Okafor, the head of the dockers\' union, '
    "told Reuters.\n\n"
    "Okafor said the agreement raised wages by eight percent."
)


def _create(body: str = STORY) -> tuple[Article, bool]:
    return services.article_create(text=ingestion.from_text(body), title="Port")


def test_creating_an_article_enqueues_its_parse_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        article, created = _create()

    assert created and len(callbacks) == 2  # the parse, then its alerts
    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.claims.exists()


def test_the_same_content_twice_returns_the_first_article_and_enqueues_nothing(
    django_capture_on_commit_callbacks,
):
    first, _ = _create()

    with django_capture_on_commit_callbacks() as callbacks:
        again, created = _create(STORY + "\n\n")

    assert again == first and not created
    assert callbacks == []
    assert Article.objects.count() == 1


def test_publisher_is_linked_to_a_gazetteer_outlet():
    article, _ = services.article_create(
        text=ingestion.from_text(STORY), publisher="Reuters"
    )

    assert article.publisher.name == "Reuters"
    assert article.publisher.kind == Outlet.Kind.WIRE_SERVICE


def test_parsing_stores_claims_with_speaker_via_and_offsets():
    article, _ = _create()

    services.article_extract_claims(article_id=article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.pipeline_version and article.parse_seconds is not None
    claims = list(article.claims.with_attribution())
    direct = next(c for c in claims if c.kind == Claim.Kind.DIRECT)
    assert direct.text.startswith("We are ready to work again")
    assert article.body[direct.start : direct.end] == direct.text
    assert direct.speaker.name == "Maria Okafor"
    assert [o.name for o in direct.via_chain] == ["Reuters"]
    assert all(article.body[c.start : c.end] == c.text for c in claims)


def test_parsing_twice_leaves_one_set_of_claims():
    article, _ = _create()
    services.article_extract_claims(article_id=article.pk)
    first = sorted(article.claims.values_list("start", "end"))

    services.article_reparse(article=article)
    services.article_extract_claims(article_id=article.pk)

    assert sorted(article.claims.values_list("start", "end")) == first


def test_a_parsed_article_is_not_parsed_again_without_a_reparse():
    article, _ = _create()
    services.article_extract_claims(article_id=article.pk)
    ids = set(article.claims.values_list("pk", flat=True))

    services.article_extract_claims(article_id=article.pk)

    assert set(article.claims.values_list("pk", flat=True)) == ids


def test_reparse_keeps_reviewed_claims_and_replaces_unreviewed_ones(editor):
    article, _ = _create()
    services.article_extract_claims(article_id=article.pk)
    reviewed = article.claims.first()
    services.claims_review(
        claims=Claim.objects.filter(pk=reviewed.pk),
        status=Claim.ReviewStatus.APPROVED,
        user=editor,
    )
    unreviewed_ids = set(article.claims.unreviewed().values_list("pk", flat=True))

    services.article_reparse(article=article)
    services.article_extract_claims(article_id=article.pk)

    reviewed.refresh_from_db()
    assert reviewed.review_status == Claim.ReviewStatus.APPROVED
    assert article.claims.filter(start=reviewed.start, end=reviewed.end).count() == 1
    assert not unreviewed_ids & set(article.claims.values_list("pk", flat=True))


def test_a_claim_an_editor_moved_keeps_its_new_span_through_a_reparse(editor):
    article, _ = _create()
    services.article_extract_claims(article_id=article.pk)
    direct = article.claims.get(kind=Claim.Kind.DIRECT)
    old_span = (direct.start, direct.end)
    # The editor moves the claim to the last sentence, away from the quotation.
    new_start = article.body.index("the agreement raised wages")
    new_end = article.body.index(" percent.") + len(" percent")
    article.claims.filter(start__lt=new_end, end__gt=new_start).delete()
    services.claim_edit(claim_id=direct.pk, user=editor, start=new_start, end=new_end)

    services.article_reparse(article=article)
    services.article_extract_claims(article_id=article.pk)

    direct.refresh_from_db()
    assert (direct.start, direct.end) == (new_start, new_end)
    assert direct.review_status == Claim.ReviewStatus.EDITED
    spans = set(article.claims.values_list("start", "end"))
    assert old_span not in spans
    assert not any(s < old_span[1] and old_span[0] < e for s, e in spans)


def test_a_job_that_keeps_failing_ends_failed_after_the_attempt_limit(settings):
    settings.ATTRIBUTION_MAX_PARSE_ATTEMPTS = 2
    article, _ = _create()
    Article.objects.filter(pk=article.pk).update(
        status=Article.Status.PARSING, attempts=2
    )

    services.article_extract_claims(article_id=article.pk)

    article.refresh_from_db()
    assert article.status == Article.Status.FAILED
    assert "abandoned after 2 attempts" in article.error
    assert not article.claims.exists()


def test_speakers_are_matched_by_full_name_across_articles():
    first, _ = _create()
    second, _ = _create(
        "Prices rose.\n\nMaria Okafor said the union would watch the prices closely."
    )

    services.article_extract_claims(article_id=first.pk)
    services.article_extract_claims(article_id=second.pk)

    assert Speaker.objects.filter(name="Maria Okafor").count() == 1
    assert Claim.objects.filter(speaker__name="Maria Okafor").count() >= 3


def test_people_sharing_a_surname_stay_apart():
    SpeakerFactory(name="Dmitry Okafor", aliases=["Okafor"])
    article, _ = _create()

    services.article_extract_claims(article_id=article.pk)

    assert set(Speaker.objects.values_list("name", flat=True)) >= {
        "Dmitry Okafor",
        "Maria Okafor",
    }


def test_an_outlet_speaking_for_itself_is_one_speaker_linked_to_the_outlet():
    article, _ = _create(
        "According to The Guardian, the port handles a third of the country's trade."
    )

    services.article_extract_claims(article_id=article.pk)

    claim = article.claims.get()
    assert claim.speaker.outlet.name == "The Guardian"
    assert claim.speaker.name == "The Guardian"


def test_review_records_who_and_when_and_counts_only_changes(editor):
    claim = ClaimFactory()

    changed = services.claims_review(
        claims=Claim.objects.all(), status=Claim.ReviewStatus.REJECTED, user=editor
    )
    again = services.claims_review(
        claims=Claim.objects.all(), status=Claim.ReviewStatus.REJECTED, user=editor
    )

    claim.refresh_from_db()
    assert (changed, again) == (1, 0)
    assert claim.reviewed_by == editor and claim.reviewed_at is not None


def test_loading_the_gazetteer_creates_outlets_and_keeps_editors_aliases():
    created, _ = services.outlets_load_gazetteer()
    reuters = Outlet.objects.get(name="Reuters")
    reuters.aliases = [*reuters.aliases, "Reuters news wire"]
    reuters.save()

    again, _ = services.outlets_load_gazetteer()

    assert created >= 300 and again == 0
    assert "Reuters news wire" in Outlet.objects.get(name="Reuters").aliases


# Fact-check flags: ratings decide a claim's state -------------------------------


@pytest.fixture
def flagged(fact_checker):
    """flagged(verdict) flags a fresh claim and returns the flag."""

    def flag(verdict: str, claim=None, user=None):
        claim = claim or ClaimFactory()
        return services.claim_flag(
            claim_id=claim.pk, user=user or fact_checker, verdict=verdict
        )

    return flag


def _state(claim) -> tuple[bool, bool]:
    claim.refresh_from_db()
    return claim.contested, claim.verified


@pytest.mark.parametrize(
    ("verdict", "state"),
    [
        ("true", (False, True)),
        ("mostly_true", (False, True)),
        ("half_true", (False, False)),
        ("unverifiable", (False, False)),
        ("misleading", (True, False)),
        ("mostly_false", (True, False)),
        ("false", (True, False)),
    ],
)
def test_a_flags_rating_decides_whether_the_claim_is_contested_or_verified(
    flagged, verdict, state
):
    flag = flagged(verdict)

    assert _state(flag.claim) == state


def test_a_disputing_flag_outweighs_a_confirming_one(flagged, editor):
    first = flagged("true")

    flagged("false", claim=first.claim, user=editor)

    assert _state(first.claim) == (True, False)


def test_a_rating_editors_add_to_the_scale_works_without_code(flagged):
    Rating.objects.create(
        slug="pants_on_fire", label="Pants on fire", effect="disputes"
    )

    flag = flagged("pants_on_fire")

    assert _state(flag.claim) == (True, False)


def test_an_unknown_rating_is_refused_naming_the_verdict(flagged):
    with pytest.raises(ValidationError) as error:
        flagged("fabulous")

    assert "verdict" in error.value.message_dict
    assert not ClaimFlag.objects.exists()


def test_changing_a_flag_changes_the_claims_state_and_is_in_its_history(
    flagged, fact_checker
):
    flag = flagged("true")
    version = flag.claim.version

    services.flag_edit(flag_id=flag.pk, user=fact_checker, verdict="false", note="No.")

    flag.refresh_from_db()
    assert (flag.verdict_id, flag.note) == ("false", "No.") and flag.edited_at
    assert _state(flag.claim) == (True, False)
    assert flag.claim.version == version + 1
    records = list(flag.history.order_by("history_date"))
    assert [(r.history_type, r.verdict_id, r.history_user) for r in records] == [
        ("+", "true", fact_checker),
        ("~", "false", fact_checker),
    ]
    assert flag.claim.history.latest().history_user == fact_checker


def test_withdrawing_the_only_flag_leaves_the_claim_neither_and_keeps_the_record(
    flagged, editor
):
    flag = flagged("false")

    services.flag_withdraw(flag_id=flag.pk, user=editor)

    assert not ClaimFlag.objects.exists()
    assert _state(flag.claim) == (False, False)
    withdrawn = ClaimFlag.history.filter(id=flag.pk).latest()
    assert (withdrawn.history_type, withdrawn.history_user) == ("-", editor)


def test_another_fact_checker_may_neither_change_nor_withdraw_a_flag(flagged):
    flag = flagged("false")
    other = services.user_create(
        username="fc2", password="fc2-password-123", roles=[Role.FACT_CHECKER]
    )

    with pytest.raises(PermissionDenied):
        services.flag_edit(flag_id=flag.pk, user=other, verdict="true")
    with pytest.raises(PermissionDenied):
        services.flag_withdraw(flag_id=flag.pk, user=other)

    flag.refresh_from_db()
    assert flag.verdict_id == "false" and _state(flag.claim) == (True, False)


def test_a_flag_is_held_to_the_note_and_sources_limits(flagged, fact_checker):
    claim = ClaimFactory()
    too_long = "x" * (ClaimFlag.NOTE_MAX_LENGTH + 1)
    too_many = [f"https://example.org/{i}" for i in range(ClaimFlag.SOURCES_MAX + 1)]

    with pytest.raises(ValidationError) as error:
        services.claim_flag(
            claim_id=claim.pk,
            user=fact_checker,
            verdict="false",
            note=too_long,
            sources=too_many,
        )

    assert set(error.value.message_dict) == {"note", "sources"}
    assert not ClaimFlag.objects.exists() and _state(claim) == (False, False)


def test_a_rating_that_stops_disputing_frees_the_claims_flagged_with_it(
    flagged, editor
):
    flag = flagged("misleading")
    rating = Rating.objects.get(slug="misleading")
    rating.effect = Rating.Effect.NEITHER

    changed = services.rating_save(rating=rating, user=editor)

    assert changed == 1 and _state(flag.claim) == (False, False)


def _parsed_claim():
    article, _ = _create()
    services.article_extract_claims(article_id=article.pk)
    return article.claims.with_attribution().get(kind=Claim.Kind.DIRECT)


def test_parsing_keeps_a_first_record_of_what_the_machine_extracted():
    claim = _parsed_claim()

    record = claim.history.get()
    assert record.history_type == "+" and record.history_user is None
    assert (record.speaker_id, record.start, record.end) == (
        claim.speaker_id,
        claim.start,
        claim.end,
    )
    assert record.via_chain == ["Reuters"]
    assert (record.kind, record.confidence) == (claim.kind, claim.confidence)
    assert (
        record.history_change_reason
        == f"extracted by {claim.article.pipeline_version}"[:100]
    )


def test_a_correction_records_the_new_via_chain_and_who_made_it(editor):
    claim = _parsed_claim()
    bbc = services.outlet_get_or_create(name="BBC")

    services.claim_edit(claim_id=claim.pk, user=editor, via=[bbc])

    latest = claim.history.first()
    assert (latest.via_chain, latest.history_user, latest.review_status) == (
        ["BBC"],
        editor,
        "edited",
    )


def test_a_correction_that_changes_nothing_leaves_the_claim_as_it_was(editor):
    claim = _parsed_claim()

    services.claim_edit(
        claim_id=claim.pk,
        user=editor,
        version=claim.version,
        speaker=claim.speaker,
        via=claim.via_chain,
        start=claim.start,
        end=claim.end,
    )

    again = Claim.objects.get(pk=claim.pk)
    assert (again.review_status, again.version, again.reviewed_by) == (
        "unreviewed",
        1,
        None,
    )
    assert claim.history.count() == 1


def test_a_correction_can_create_the_new_speaker_it_names(editor):
    claim = _parsed_claim()

    services.claim_edit(claim_id=claim.pk, user=editor, new_speaker_name="Jo Okafor")

    claim.refresh_from_db()
    assert (claim.speaker.name, claim.speaker.slug) == ("Jo Okafor", "jo-okafor")
    assert claim.review_status == "edited"


def test_a_span_outside_the_article_or_text_off_its_span_is_refused():
    body = "The mayor said the bridge is safe."

    with pytest.raises(ValidationError, match="within the article"):
        services.claim_check_span(body=body, start=5, end=500, text="x")
    with pytest.raises(ValidationError, match="the article's words"):
        services.claim_check_span(body=body, start=4, end=9, text="Mayor")
    services.claim_check_span(body=body, start=4, end=9, text="mayor")


def test_undo_takes_back_the_latest_approval_and_records_who(editor):
    claim = _parsed_claim()
    approved = services.claim_review(claim_id=claim.pk, status="approved", user=editor)

    services.claim_review_undo(claim_id=claim.pk, user=editor, version=approved.version)

    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by, claim.version) == (
        "unreviewed",
        None,
        3,
    )
    latest = claim.history.first()
    assert (latest.history_user, latest.history_change_reason) == (editor, "undo")


def test_undo_refuses_when_the_latest_change_was_not_a_review(editor):
    claim = _parsed_claim()

    with pytest.raises(ValidationError, match="Only an approval or a rejection"):
        services.claim_review_undo(claim_id=claim.pk, user=editor, version=1)


# Correcting an article's details -------------------------------------------------


def test_an_editor_corrects_an_articles_details_and_the_record_says_who(editor):
    article, _ = _create()  # pasted text, titled "Port", no date

    services.article_update(
        article=article,
        user=editor,
        title="  Port  reopens\u0007 ",
        published_at=datetime.date(2024, 5, 31),
        publisher="Reuters",
        url="https://www.reuters.com/world/port-reopens",
    )

    article.refresh_from_db()
    assert article.title == "Port reopens"
    assert article.published_at.date() == datetime.date(2024, 5, 31)
    assert article.publisher.name == "Reuters"
    # Pasted text: the URL is what the editor says it came from, not its identity.
    assert article.url == ""
    assert article.claimed_url == "https://www.reuters.com/world/port-reopens"
    (event,) = selectors.article_history(article)
    assert event["who"] == editor
    assert event["changes"] == [
        ("title", "Port", "Port reopens"),
        ("claimed URL", "none", "https://www.reuters.com/world/port-reopens"),
        ("publisher", "none", "Reuters"),
        ("published", "date unknown", "31 May 2024"),
    ]


def test_bad_article_details_are_refused_naming_each_field_and_nothing_is_saved(
    editor,
):
    article, _ = _create()

    with pytest.raises(ValidationError) as refused:
        services.article_update(
            article=article,
            user=editor,
            title="x" * 501,
            url="ftp://example.org/file",
            published_at=datetime.date(2999, 1, 1),
            language="English!",
        )

    errors = refused.value.message_dict
    assert set(errors) == {"title", "url", "published_at", "language"}
    assert "at most 500" in errors["title"][0]
    assert "not a valid http or https URL" in errors["url"][0]
    assert "in the future" in errors["published_at"][0]
    article.refresh_from_db()
    assert (article.title, article.url, article.published_at) == ("Port", "", None)
    assert selectors.article_history(article) == []


def test_saving_unchanged_details_writes_no_version(editor):
    article, _ = _create()
    versions = article.history.count()

    services.article_update(article=article, user=editor, title="Port", url="")

    assert article.history.count() == versions


def test_the_url_a_fetched_article_came_from_cannot_be_changed(editor):
    article, _ = services.article_create_from_url(url="https://example.org/story")
    # The worker fetched it (its text and hash written as the fetch writes them).
    Article.objects.filter(pk=article.pk).update(
        body=STORY, content_hash=ingestion.content_hash(STORY), title="Story"
    )
    article.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        services.article_update(
            article=article, user=editor, url="https://example.org/other"
        )

    assert "cannot be changed" in refused.value.message_dict["url"][0]
    services.article_update(article=article, user=editor, title="The story")
    article.refresh_from_db()
    assert (article.url, article.title) == ("https://example.org/story", "The story")
    # The fetch's title shows as the app's, the editor's as the editor's.
    app, edit = selectors.article_history(article)
    assert app["who"] is None and app["changes"] == [("title", "none", "Story")]
    assert edit["who"] == editor and edit["changes"] == [
        ("title", "Story", "The story")
    ]
