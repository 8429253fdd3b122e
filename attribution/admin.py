"""The editors' admin: articles with their parse state, claims to review, outlets."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.utils.html import format_html_join

from attribution import services
from attribution.models import (
    ApiToken,
    Article,
    CanonicalClaim,
    Claim,
    ClaimVia,
    ClusterDecision,
    Outlet,
    Rating,
    Speaker,
    SpeakerChange,
    SpeakerDecision,
)
from attribution.roles import Role, has_role


def _may_review(request) -> bool:
    """Reviewing and re-parsing are the editors' work, in the admin as in the API.

    Each admin action names its permission; Django offers (and runs) an action only
    to those who hold it, so a fact-checker who may view articles cannot re-parse.
    """
    return has_role(request.user, Role.EDITOR)


def _chain_from(formsets) -> list[Outlet] | None:
    """The via chain the ClaimVia inline was submitted with, or None if unchanged."""
    for formset in formsets:
        if formset.model is not ClaimVia or not formset.has_changed():
            continue
        rows = [
            (f.cleaned_data["position"], f.cleaned_data["outlet"])
            for f in formset.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and f.cleaned_data.get("outlet")
        ]
        return [outlet for _, outlet in sorted(rows, key=lambda row: row[0])]
    return None


def _chain(claim: Claim) -> str:
    return format_html_join(" → ", "{}", ((o.name,) for o in claim.via_chain)) or "—"


# Addresses typed without a scheme are read as https (Django 6's default).
HTTPS_URLS: dict[type[models.Field], dict[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "kind", "country", "homepage", "needs_review"]
    list_filter = ["needs_review", "kind", "country"]
    search_fields = ["name", "aliases", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "kind", "aliases", "homepage", "country", "needs_review"]
    actions = ["mark_reviewed"]

    @admin.action(description="Mark as reviewed", permissions=["change"])
    def mark_reviewed(self, request, queryset):
        count = services.outlets_mark_reviewed(outlets=queryset)
        self.message_user(request, f"{count} outlet(s) marked reviewed.")

    def save_model(self, request, obj, form, change) -> None:
        services.outlet_save(outlet=obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # claims and articles point at outlets


class SpeakerChangeInline(admin.TabularInline):
    model = SpeakerChange
    fields = ["created_at", "created_by", "action", "summary"]
    readonly_fields = ["created_at", "created_by", "action", "summary"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    """Speakers; name, aliases, kind and outlet edits go through
    attribution.identity, so they are in the speaker's history."""

    list_display = ["name", "kind", "description", "outlet", "article", "claim_count"]
    list_filter = ["kind", ("article", admin.EmptyFieldListFilter)]
    search_fields = ["name", "aliases", "description"]
    autocomplete_fields = ["outlet"]
    fields = [
        "name",
        "slug",
        "kind",
        "aliases",
        "description",
        "contexts",
        "outlet",
        "article",
    ]
    readonly_fields = ["slug", "contexts", "article"]
    inlines = [SpeakerChangeInline]
    actions = ["merge"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # claims point at speakers

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("outlet", "article")
            .annotate(claim_count=Count("claims"))
        )

    def has_add_permission(self, request) -> bool:
        return False  # speakers come from articles; editors split to make one

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, speaker: Speaker) -> int:
        return speaker.claim_count  # type: ignore[attr-defined]

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            return super().save_model(request, obj, form, change)
        stored = Speaker.objects.get(pk=obj.pk)
        services.speaker_update(
            speaker=stored,
            user=request.user,
            name=obj.name,
            aliases=list(obj.aliases or []),
            kind=obj.kind,
            outlet=obj.outlet if obj.outlet_id != stored.outlet_id else None,
        )
        if obj.description != stored.description:
            Speaker.objects.filter(pk=obj.pk).update(description=obj.description)

    @admin.action(
        description="Merge selected speakers into the one with most claims",
        permissions=["change"],
    )
    def merge(self, request, queryset):
        speakers = sorted(queryset, key=lambda s: (-s.claim_count, s.pk))
        if len(speakers) < 2:
            self.message_user(request, "Select two or more speakers.", messages.ERROR)
            return
        into = speakers[0]
        for speaker in speakers[1:]:
            into = services.speaker_merge(speaker=speaker, into=into, user=request.user)
        self.message_user(
            request, f"{len(speakers) - 1} speaker(s) merged into {into}."
        )


@admin.register(SpeakerDecision)
class SpeakerDecisionAdmin(admin.ModelAdmin):
    list_display = ["article", "name_key", "speaker", "created_by", "created_at"]
    search_fields = ["name_key", "speaker__name", "article__title"]
    list_select_related = ["article", "speaker", "created_by"]
    readonly_fields = ["article", "name_key", "speaker", "created_by", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False


class ClaimInline(admin.TabularInline):
    model = Claim
    fields = ["text", "kind", "speaker", "via_chain", "review_status", "contested"]
    # reviews go through the claim's page or its actions
    readonly_fields = fields  # type: ignore[assignment]
    extra = 0
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).with_attribution()

    @admin.display(description="Via")
    def via_chain(self, claim: Claim) -> str:
        return _chain(claim)


# What an editor may correct of an article; the rest is the parse's or fixed.
ARTICLE_METADATA = ["title", "url", "publisher", "published_at", "language"]


class ArticleAdminForm(forms.ModelForm):
    """The metadata cleaned by the service that saves it (article_changes_clean),
    so that the admin refuses what the UI and the API refuse, field by field."""

    # No Meta: the admin builds the fields (its URL fields assume https, and a
    # fetched article's URL is left out, read only).

    def clean(self):
        data = super().clean()
        given = {
            name: data[name]
            for name in self.changed_data
            if name in ARTICLE_METADATA and name in data
        }
        try:
            data.update(services.article_changes_clean(article=self.instance, **given))
        except ValidationError as error:
            for name, messages_ in error.message_dict.items():
                self.add_error(name if name in self.fields else None, messages_)
        return data


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    formfield_overrides = HTTPS_URLS
    list_display = [
        "__str__",
        "publisher",
        "origin",
        "status",
        "claim_count",
        "created_at",
    ]
    list_filter = ["status", "origin", "publisher"]
    search_fields = ["title", "url", "claimed_url", "body"]
    list_select_related = ["publisher"]
    readonly_fields = [
        "origin",
        "claimed_url",
        "submitted_by",
        "verified_at",
        "status",
        "error",
        "content_hash",
        "pipeline_version",
        "attempts",
        "parse_started_at",
        "parsed_at",
        "parse_seconds",
        "created_at",
    ]
    fieldsets = [
        (None, {"fields": ["title", "url", "publisher", "published_at", "language"]}),
        ("Parse", {"fields": readonly_fields}),  # type: ignore[typeddict-item]
        ("Text", {"fields": ["body"], "classes": ["collapse"]}),
    ]
    autocomplete_fields = ["publisher"]
    inlines = [ClaimInline]
    actions = ["reparse"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(claim_count=Count("claims"))

    def has_add_permission(self, request) -> bool:
        return False  # articles arrive through ingestion: the UI, API or command

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        """Through the service, which records the change with its editor."""
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in ARTICLE_METADATA
        }
        services.article_update(article=obj, user=request.user, **changes)

    def save_related(self, request, form, formsets, change) -> None:
        for formset in formsets:  # the claims inline is read only: nothing to save
            formset.save(commit=False)  # only for the admin's change message

    def get_readonly_fields(self, request, obj=None):
        # The body is what claim offsets point into: fixed once saved; so is the
        # URL an article was fetched from.
        extra = ["body"] if obj is not None else []
        if obj is not None:
            # Fetched: where the app read it. Submitted: never (its claimed URL
            # is what the user gave).
            extra.append("url")
        return [*self.readonly_fields, *extra]

    @admin.display(ordering="claim_count", description="Claims")
    def claim_count(self, article: Article) -> int:
        return article.claim_count  # type: ignore[attr-defined]

    def has_review_permission(self, request) -> bool:
        return _may_review(request)

    @admin.action(
        description="Re-parse (keeps reviewed claims)", permissions=["review"]
    )
    def reparse(self, request, queryset):
        for article in queryset:
            services.article_reparse(article=article)
        self.message_user(request, f"{len(queryset)} article(s) queued for parsing.")


class ClaimViaInline(admin.TabularInline):
    """The via chain, outermost first. Its rows are not saved by the admin: the
    claim's save_related hands the chain to services.claim_edit."""

    model = ClaimVia
    fields = ["position", "outlet"]
    autocomplete_fields = ["outlet"]
    extra = 0
    ordering = ["position"]


class ClaimAdminForm(forms.ModelForm):
    """The parts of a claim an editor may change here: speaker, via (the inline)
    and a review decision. `version` is the one the editor read, so that a change
    made meanwhile is reported instead of overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    review_status = forms.ChoiceField(
        label="Review",
        help_text="Approving or rejecting records you as the reviewer. To change "
        "the words, correct the span on the claim's page.",
    )

    class Meta:
        model = Claim
        fields = ["speaker"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.review_status
        self.fields["review_status"].choices = [
            (current, f"{self.instance.get_review_status_display()} (unchanged)"),
            *[
                (s.value, s.label)
                for s in (Claim.ReviewStatus.APPROVED, Claim.ReviewStatus.REJECTED)
                if s != current
            ],
        ]
        self.fields["review_status"].initial = current
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_version(self) -> int:
        version = self.cleaned_data["version"]
        if version != self.instance.version:
            raise ValidationError(
                f"This claim changed since you opened it (version {version}, now "
                f"{self.instance.version}). Reload the page and try again."
            )
        return version


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """Claims to review. Every write goes through the services: the speaker and via
    chain through claim_edit, a decision through claim_review, so that the
    reviewer, the version and the history are recorded as anywhere else."""

    form = ClaimAdminForm
    list_display = [
        "short_text",
        "speaker",
        "via_chain",
        "kind",
        "review_status",
        "contested",
        "article_title",
    ]
    list_filter = [
        "review_status",
        "kind",
        "contested",
        ("speaker", admin.RelatedOnlyFieldListFilter),
        ("via", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["text", "speaker__name", "article__title", "cue"]
    autocomplete_fields = ["speaker"]
    readonly_fields = [
        "article",
        "text",
        "start",
        "end",
        "kind",
        "cue",
        "confidence",
        "contested",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = [
        "article",
        "text",
        "start",
        "end",
        "kind",
        "cue",
        "speaker",
        "confidence",
        "review_status",
        "contested",
        "reviewed_by",
        "reviewed_at",
        "version",
    ]
    inlines = [ClaimViaInline]
    actions = ["approve", "reject", "split_speaker"]

    def has_add_permission(self, request) -> bool:
        return False  # claims come from parsing articles

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # reject it instead, which the history keeps

    def save_model(self, request, obj, form, change) -> None:
        pass  # written in save_related, once the via inline is read too

    def save_related(self, request, form, formsets, change) -> None:
        claim = Claim.objects.get(pk=form.instance.pk)
        chain = _chain_from(formsets)
        for formset in formsets:
            formset.save(commit=False)  # only for the admin's change message
        version = form.cleaned_data["version"]
        try:
            if "speaker" in form.changed_data or chain is not None:
                claim = services.claim_edit(
                    claim_id=claim.pk,
                    user=request.user,
                    version=version,
                    speaker=form.cleaned_data.get("speaker"),
                    via=chain,
                )
            if "review_status" in form.changed_data:
                services.claim_review(
                    claim_id=claim.pk,
                    user=request.user,
                    status=form.cleaned_data["review_status"],
                    version=claim.version,
                )
        except (services.StaleWrite, ValidationError) as error:
            for message in getattr(error, "messages", [str(error)]):
                self.message_user(request, message, messages.ERROR)

    def get_queryset(self, request):
        return super().get_queryset(request).with_attribution()

    class Media:
        css = {"all": ["admin-attribution/claims.css"]}

    @admin.display(description="Claim")
    def short_text(self, claim: Claim) -> str:
        return claim.text if len(claim.text) <= 90 else claim.text[:89] + "…"

    @admin.display(description="Article", ordering="article")
    def article_title(self, claim: Claim) -> str:
        title = str(claim.article)
        return title if len(title) <= 50 else title[:49] + "…"

    @admin.display(description="Via")
    def via_chain(self, claim: Claim) -> str:
        return _chain(claim)

    def has_review_permission(self, request) -> bool:
        return _may_review(request)

    def _review(self, request, queryset, status: str) -> None:
        changed = services.claims_review(
            claims=queryset, status=status, user=request.user
        )
        self.message_user(
            request, f"{changed} claim(s) marked {status}.", messages.INFO
        )

    @admin.action(description="Approve selected claims", permissions=["review"])
    def approve(self, request, queryset):
        self._review(request, queryset, Claim.ReviewStatus.APPROVED)

    @admin.action(description="Reject selected claims", permissions=["review"])
    def reject(self, request, queryset):
        self._review(request, queryset, Claim.ReviewStatus.REJECTED)

    @admin.action(
        description="Split the speaker of these claims' articles off (a new speaker)",
        permissions=["change"],
    )
    def split_speaker(self, request, queryset):
        by_speaker: dict[Speaker, set[int]] = {}
        for claim in queryset.exclude(speaker=None).select_related("speaker"):
            by_speaker.setdefault(claim.speaker, set()).add(claim.article_id)
        for speaker, article_ids in by_speaker.items():
            services.speaker_split(
                speaker=speaker,
                article_ids=article_ids,
                name=speaker.name,
                user=request.user,
            )
        self.message_user(request, f"{len(by_speaker)} speaker(s) split.")


class MemberInline(admin.TabularInline):
    model = Claim
    fk_name = "canonical"
    fields = ["text", "kind", "speaker", "article", "review_status"]
    readonly_fields = fields  # type: ignore[assignment]
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CanonicalClaim)
class CanonicalClaimAdmin(admin.ModelAdmin):
    """Statements across articles. Merging and splitting happen on the statement
    page or through the API, which record the decision so that it survives a
    re-parse; here they are read."""

    list_display = ["__str__", "altered", "report_count", "first_reported_at"]
    list_filter = ["altered"]
    search_fields = ["text", "speaker__name"]
    readonly_fields = ["speaker", "text", "altered", "first_reported_at"]
    fields = readonly_fields  # type: ignore[assignment]
    inlines = [MemberInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("speaker")
            .annotate(report_count=Count("members"))
        )

    @admin.display(description="Reports", ordering="report_count")
    def report_count(self, canonical: CanonicalClaim) -> int:
        return canonical.report_count  # type: ignore[attr-defined]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # split a report off on the statement page instead


@admin.register(ClusterDecision)
class ClusterDecisionAdmin(admin.ModelAdmin):
    list_display = ["article", "start", "end", "canonical", "created_by", "created_at"]
    readonly_fields = list_display  # type: ignore[assignment]
    fields = list_display  # type: ignore[assignment]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Feeds, pages and wire stories have their own module.
from attribution import feed_admin  # noqa: E402, F401


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API tokens: each staff member sees and revokes their own (superusers, all).

    Never made or changed here: a token comes from POST /api/v1/auth/token/, and
    only its digest is stored.
    """

    list_display = ["prefix", "name", "user", "created_at", "expires_at"]
    fields = ["prefix", "name", "user", "created_at", "expires_at"]
    readonly_fields = ["prefix", "name", "user", "created_at", "expires_at"]
    list_select_related = ["user"]

    def get_queryset(self, request):
        tokens = super().get_queryset(request)
        return tokens if request.user.is_superuser else tokens.filter(user=request.user)

    def _own(self, request, token=None) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff):
            return False
        return token is None or user.is_superuser or token.user_id == user.pk

    def has_module_permission(self, request) -> bool:
        return self._own(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._own(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._own(request, obj)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(UserAdmin):
    """Django's user admin; deactivating an account also ends its API tokens (a
    password change ends them by itself: each token is bound to the password)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not obj.is_active:
            services.api_tokens_revoke(user=obj)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """The fact-checkers' rating scale: editors name the ratings and say which
    dispute a claim (contested) and which confirm it (verified)."""

    list_display = ["label", "slug", "effect", "value", "position"]
    list_editable = ["effect", "position"]
    list_display_links = ["label"]
    fields = ["label", "slug", "effect", "value", "position"]
    prepopulated_fields = {"slug": ["label"]}

    def get_readonly_fields(self, request, obj=None):
        # Flags name their rating by its slug (the API's and exports' name too).
        return ["slug"] if obj is not None and obj.pk else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj is not None and obj.pk else self.prepopulated_fields

    def save_model(self, request, obj, form, change) -> None:
        changed = services.rating_save(rating=obj, user=request.user)
        if changed:
            messages.info(request, f"{changed} flagged claims changed state.")
