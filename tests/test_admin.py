"""Editors review claims in the admin."""

import pytest
from django.urls import reverse

from attribution import services
from attribution.models import Article, Claim, Rating
from tests.factories import ArticleFactory, ClaimFactory, ClaimViaFactory, OutletFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_claim_list_shows_speaker_and_via_chain(editor_client):
    link = ClaimViaFactory(outlet=OutletFactory(name="Reuters"))

    response = editor_client.get(reverse("admin:attribution_claim_changelist"))

    assert response.status_code == 200
    assert link.claim.speaker.name in response.text
    assert "Reuters" in response.text


def test_claim_list_filters_by_outlet_in_the_via_chain(editor_client):
    reuters = ClaimViaFactory(outlet=OutletFactory(name="Reuters")).claim
    other = ClaimFactory(article=ArticleFactory(), text="the bridge is safe")

    response = editor_client.get(
        reverse("admin:attribution_claim_changelist"),
        {"via__id__exact": reuters.via_links.get().outlet_id},
    )

    shown = [c.pk for c in response.context["cl"].result_list]
    assert shown == [reuters.pk] and other.pk not in shown


def test_claim_list_runs_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries
):
    for _ in range(30):
        ClaimViaFactory(claim=ClaimFactory(article=ArticleFactory()))

    with django_assert_max_num_queries(20):
        editor_client.get(reverse("admin:attribution_claim_changelist"))


def test_approve_action_marks_claims_approved_by_the_editor(editor_client, editor):
    claim = ClaimFactory()

    editor_client.post(
        reverse("admin:attribution_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )

    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.APPROVED
    assert claim.reviewed_by == editor


def test_reject_action_marks_claims_rejected(editor_client):
    claim = ClaimFactory()

    editor_client.post(
        reverse("admin:attribution_claim_changelist"),
        {"action": "reject", "_selected_action": [claim.pk]},
    )

    claim.refresh_from_db()
    assert claim.review_status == Claim.ReviewStatus.REJECTED


def test_reparse_action_parses_the_article_again(
    editor_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(status=Article.Status.FAILED, error="boom")

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(
            reverse("admin:attribution_article_changelist"),
            {"action": "reparse", "_selected_action": [article.pk]},
        )

    article.refresh_from_db()
    assert article.status == Article.Status.PARSED
    assert article.claims.filter(text__contains="the bridge is safe").exists()


def test_article_page_shows_status_error_and_inline_claims(editor_client):
    claim = ClaimFactory(article=ArticleFactory(status=Article.Status.PARSED))

    response = editor_client.get(
        reverse("admin:attribution_article_change", args=[claim.article_id])
    )

    assert response.status_code == 200
    assert "Parsed" in response.text
    assert claim.text in response.text


def test_a_user_without_the_editor_role_cannot_review(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x-long-pass-1")
    user.is_staff = True
    user.save()
    client.force_login(user)
    claim = ClaimFactory()

    response = client.post(
        reverse("admin:attribution_claim_changelist"),
        {"action": "approve", "_selected_action": [claim.pk]},
    )

    claim.refresh_from_db()
    assert response.status_code == 403
    assert claim.review_status == Claim.ReviewStatus.UNREVIEWED


# Every admin action checks its permission -----------------------------------------

ACTIONS = {
    # action: the changelist it is offered on
    "approve": "admin:attribution_claim_changelist",
    "reject": "admin:attribution_claim_changelist",
    "reparse": "admin:attribution_article_changelist",
}


def _role_user(role: str):
    from attribution import services
    from attribution.roles import Role

    roles = {"editor": [Role.EDITOR], "fact-checker": [Role.FACT_CHECKER], "none": []}
    return services.user_create(
        username=f"u-{role}", password="a-long-pass-123", roles=roles[role]
    )


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize(
    "role, allowed", [("editor", True), ("fact-checker", False), ("none", False)]
)
def test_each_admin_action_runs_only_for_the_role_that_may_use_it(
    client, django_capture_on_commit_callbacks, action, role, allowed
):
    claim = ClaimFactory(
        article=ArticleFactory(status=Article.Status.FAILED, error="boom")
    )
    article = claim.article
    client.force_login(_role_user(role))
    selected = article.pk if action == "reparse" else claim.pk

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse(ACTIONS[action]),
            {"action": action, "_selected_action": [selected]},
        )

    claim.refresh_from_db()
    article.refresh_from_db()
    changed = (
        article.status == Article.Status.PENDING
        if action == "reparse"
        else claim.review_status != Claim.ReviewStatus.UNREVIEWED
    )
    assert changed is allowed
    assert bool(callbacks) is (allowed and action == "reparse")
    if not allowed:
        # Offered to nobody without the role: not on the page, refused if posted.
        page = client.get(reverse(ACTIONS[action]))
        assert f'value="{action}"' not in page.text
        assert response.status_code in (200, 302, 403)


def test_every_registered_admin_action_names_a_permission():
    from django.contrib import admin

    ours = [
        model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label == "attribution"
    ]
    assert ours
    for model_admin in ours:
        for name in model_admin.actions or ():
            action = getattr(model_admin, name)
            assert getattr(action, "allowed_permissions", ()), (
                f"{type(model_admin).__name__}.{name} checks no permission"
            )


def test_an_editor_changes_what_a_rating_does_and_flagged_claims_follow(
    editor_client, fact_checker, editor
):
    claim = ClaimFactory()
    services.claim_flag(claim_id=claim.pk, user=fact_checker, verdict="half_true")
    rating = Rating.objects.get(slug="half_true")

    response = editor_client.post(
        reverse("admin:attribution_rating_change", args=[rating.pk]),
        {"label": "Half true", "effect": "disputes", "value": 3, "position": 2},
    )

    assert response.status_code == 302, response.content[:2000]
    rating.refresh_from_db()
    claim.refresh_from_db()
    assert rating.effect == "disputes" and rating.slug == "half_true"
    assert claim.contested and claim.history.latest().history_user == editor


def test_an_editor_adds_a_rating_to_the_scale(editor_client):
    response = editor_client.post(
        reverse("admin:attribution_rating_add"),
        {
            "label": "Pants on fire",
            "slug": "pants_on_fire",
            "effect": "disputes",
            "value": 1,
            "position": 9,
        },
    )

    assert response.status_code == 302, response.content[:2000]
    assert Rating.objects.get(slug="pants_on_fire").effect == "disputes"


def _change(editor_client, claim, **data):
    link = claim.via_links.order_by("position").first()
    form = {
        "speaker": claim.speaker_id,
        "review_status": claim.review_status,
        "version": claim.version,
        "via_links-TOTAL_FORMS": 1 if link else 0,
        "via_links-INITIAL_FORMS": 1 if link else 0,
        "via_links-MIN_NUM_FORMS": 0,
        "via_links-MAX_NUM_FORMS": 1000,
    }
    if link:
        form.update(
            {
                "via_links-0-id": link.pk,
                "via_links-0-claim": claim.pk,
                "via_links-0-position": link.position,
                "via_links-0-outlet": link.outlet_id,
            }
        )
    form.update(data)
    return editor_client.post(
        reverse("admin:attribution_claim_change", args=[claim.pk]), form
    )


def test_approving_on_the_change_form_records_the_reviewer_and_version(
    editor_client, editor
):
    claim = ClaimFactory()

    response = _change(editor_client, claim, review_status="approved")

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.review_status, claim.reviewed_by, claim.version) == (
        "approved",
        editor,
        2,
    )
    assert claim.history.first().history_user == editor


def test_the_change_form_cannot_set_the_text_or_an_edited_status(editor_client):
    claim = ClaimFactory()

    _change(editor_client, claim, text="words nobody wrote", review_status="edited")

    claim.refresh_from_db()
    assert (claim.text, claim.review_status, claim.version) == (
        "the bridge is safe",
        "unreviewed",
        1,
    )


def test_a_stale_change_form_is_refused_and_changes_nothing(editor_client):
    claim = ClaimFactory()
    Claim.objects.filter(pk=claim.pk).update(version=4)

    response = _change(editor_client, claim, review_status="rejected", version=1)

    assert response.status_code == 200
    assert "changed since you opened it" in response.text
    claim.refresh_from_db()
    assert claim.review_status == "unreviewed"


def test_changing_the_speaker_and_via_in_the_admin_is_a_recorded_correction(
    editor_client, editor
):
    claim = ClaimViaFactory(outlet=OutletFactory(name="Reuters")).claim
    bbc = OutletFactory(name="BBC")
    other = ClaimFactory().speaker

    _change(editor_client, claim, speaker=other.pk, **{"via_links-0-outlet": bbc.pk})

    claim.refresh_from_db()
    assert claim.speaker == other and claim.review_status == "edited"
    assert [o.name for o in claim.via.all()] == ["BBC"]
    assert (claim.reviewed_by, claim.version) == (editor, 2)
    assert claim.history.first().via_chain == ["BBC"]


def test_the_admin_adds_and_deletes_no_claims_or_articles(editor_client, superuser):
    claim = ClaimFactory()
    editor_client.force_login(superuser)

    for url in [
        reverse("admin:attribution_claim_add"),
        reverse("admin:attribution_claim_delete", args=[claim.pk]),
        reverse("admin:attribution_article_add"),
        reverse("admin:attribution_article_delete", args=[claim.article_id]),
    ]:
        assert editor_client.get(url).status_code == 403, url
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_speaker_aliases_saved_in_the_admin_are_cleaned_by_the_service(editor_client):
    speaker = ClaimFactory().speaker

    editor_client.post(
        reverse("admin:attribution_speaker_change", args=[speaker.pk]),
        {
            "name": speaker.name,
            "slug": speaker.slug,
            "aliases": '["  Okafor ", "Okafor", "' + speaker.name + '"]',
            "description": "",
            "kind": speaker.kind,
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )

    speaker.refresh_from_db()
    assert speaker.aliases == ["Okafor"]


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "", "root-pass-123")


def test_article_metadata_saved_in_the_admin_goes_through_the_service(editor_client):
    article = ArticleFactory(title="Old")

    editor_client.post(
        reverse("admin:attribution_article_change", args=[article.pk]),
        {
            "title": "  New\u0007 title  ",
            "url": "",
            "publisher": "",
            "published_at_0": "",
            "published_at_1": "",
            "language": "en",
            "claims-TOTAL_FORMS": 0,
            "claims-INITIAL_FORMS": 0,
            "claims-MIN_NUM_FORMS": 0,
            "claims-MAX_NUM_FORMS": 1000,
        },
    )

    article.refresh_from_db()
    assert article.title == "New title"
    assert article.history.latest().history_user.username == "ed"


def test_a_bad_date_in_the_admin_is_refused_at_its_field_and_nothing_saved(
    editor_client,
):
    article = ArticleFactory(title="Old")

    response = editor_client.post(
        reverse("admin:attribution_article_change", args=[article.pk]),
        {
            "title": "New",
            "url": "",
            "publisher": "",
            "published_at_0": "2999-01-01",
            "published_at_1": "10:00:00",
            "language": "en",
            "claims-TOTAL_FORMS": 0,
            "claims-INITIAL_FORMS": 0,
            "claims-MIN_NUM_FORMS": 0,
            "claims-MAX_NUM_FORMS": 1000,
        },
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "in the future" in errors["published_at"][0]
    article.refresh_from_db()
    assert (article.title, article.published_at) == ("Old", None)


def test_the_admin_shows_a_fetched_articles_url_read_only(editor_client):
    article, _ = services.article_create_from_url(url="https://example.org/a")
    Article.objects.filter(pk=article.pk).update(body="Fetched.", content_hash="f1")

    response = editor_client.get(
        reverse("admin:attribution_article_change", args=[article.pk])
    )

    assert "url" not in response.context["adminform"].form.fields


def test_merge_action_merges_speakers_into_the_one_with_most_claims(
    editor_client, editor
):
    from attribution.models import Speaker
    from tests.factories import SpeakerFactory

    big = SpeakerFactory(name="Anna Ekholm")
    small = SpeakerFactory(name="Ekholm")
    ClaimFactory(speaker=big)
    ClaimFactory(speaker=big, article=ArticleFactory())
    moved = ClaimFactory(speaker=small, article=ArticleFactory())

    editor_client.post(
        reverse("admin:attribution_speaker_changelist"),
        {"action": "merge", "_selected_action": [big.pk, small.pk]},
    )

    assert list(Speaker.objects.all()) == [big]
    moved.refresh_from_db()
    assert moved.speaker == big
    assert big.changes.get().created_by == editor


def test_renaming_a_speaker_in_the_admin_is_in_its_history(editor_client, editor):
    from tests.factories import SpeakerFactory

    speaker = SpeakerFactory(name="Anna Ekholm")

    response = editor_client.post(
        reverse("admin:attribution_speaker_change", args=[speaker.pk]),
        {
            "name": "Anna Ekholm-Berg",
            "kind": "person",
            "aliases": '["Ekholm"]',
            "description": "geologist",
            "outlet": "",
            "changes-TOTAL_FORMS": "0",
            "changes-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302, response.content[:2000]
    speaker.refresh_from_db()
    assert speaker.name == "Anna Ekholm-Berg"
    assert "Anna Ekholm" in speaker.aliases
    assert {c.action for c in speaker.changes.all()} == {"rename", "aliases"}
    assert all(c.created_by == editor for c in speaker.changes.all())


def test_split_action_gives_the_claims_articles_a_new_speaker(editor_client):
    from tests.factories import SpeakerFactory

    speaker = SpeakerFactory(name="John Smith")
    ClaimFactory(speaker=speaker, speaker_name="John Smith")
    other = ClaimFactory(
        speaker=speaker, speaker_name="John Smith", article=ArticleFactory()
    )

    editor_client.post(
        reverse("admin:attribution_claim_changelist"),
        {"action": "split_speaker", "_selected_action": [other.pk]},
    )

    other.refresh_from_db()
    assert other.speaker != speaker
    assert other.speaker.name == "John Smith"


def test_outlets_marked_for_review_are_confirmed_by_an_action(editor_client):
    outlet = OutletFactory(name="Kellshaven Courier", needs_review=True)

    editor_client.post(
        reverse("admin:attribution_outlet_changelist"),
        {"action": "mark_reviewed", "_selected_action": [outlet.pk]},
    )

    outlet.refresh_from_db()
    assert outlet.needs_review is False


def test_an_editor_cannot_give_a_submission_a_url_in_the_admin(client, editor):
    submission = ArticleFactory(origin=Article.Origin.SUBMITTED)
    client.force_login(editor)
    url = reverse("admin:attribution_article_change", args=[submission.pk])

    page = client.get(url)

    assert page.status_code == 200
    assert 'name="url"' not in page.text and 'name="title"' in page.text
