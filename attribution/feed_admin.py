"""The editors' admin for following outlets: feeds (pause, resume), pages, stories.

Imported by admin.py, so that these register with the one admin site. Every
write goes through feed_services: feeds are added on the feeds page (which checks
and fetches the URL), paused and resumed by the actions here; what the poller
and the fetcher record (entries, pages, stories) is theirs alone. So these pages
are for reading, and an edit or an addition here is refused.
"""

from django.contrib import admin, messages

from attribution import feed_services
from attribution.models import Feed, FeedEntry, FeedPage, Story, StoryCopy
from attribution.roles import Role, has_role


class ReadOnlyAdmin(admin.ModelAdmin):
    """Lists and change pages to read; no adding, editing or deleting here."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Feed)
class FeedAdmin(ReadOnlyAdmin):
    list_display = [
        "__str__",
        "kind",
        "status",
        "outlet",
        "last_success_at",
        "last_error_at",
        "failures",
        "blocked",
        "next_poll_at",
    ]
    list_filter = ["status", "kind", "blocked", "outlet"]
    search_fields = ["url", "title", "site_url"]
    autocomplete_fields = ["outlet"]
    fields = ["url", "title", "site_url", "outlet", "kind", "status", "paused_reason"]
    readonly_fields = ["kind"]
    actions = ["pause", "resume"]

    def has_editor_permission(self, request) -> bool:
        """Pausing and resuming feeds is the editors' work, as in the API and UI."""
        return has_role(request.user, Role.EDITOR)

    @admin.action(description="Pause the selected feeds", permissions=["editor"])
    def pause(self, request, queryset):
        for feed in queryset:
            feed_services.feed_pause(feed=feed, reason=f"Paused by {request.user}.")
        messages.success(request, f"{queryset.count()} feeds paused.")

    @admin.action(
        description="Resume the selected feeds (poll now)", permissions=["editor"]
    )
    def resume(self, request, queryset):
        for feed in queryset:
            feed_services.feed_resume(feed=feed)
        messages.success(request, f"{queryset.count()} feeds resumed.")


@admin.register(FeedEntry)
class FeedEntryAdmin(ReadOnlyAdmin):
    list_display = ["title", "feed", "author", "published_at", "seen_at"]
    list_filter = ["feed"]
    search_fields = ["title", "url", "guid"]
    list_select_related = ["feed"]
    readonly_fields = [f.name for f in FeedEntry._meta.fields]


@admin.register(FeedPage)
class FeedPageAdmin(ReadOnlyAdmin):
    list_display = ["url", "status", "article", "attempts", "fetched_at"]
    list_filter = ["status"]
    search_fields = ["url", "canonical_url", "error"]
    readonly_fields = [f.name for f in FeedPage._meta.fields]


class StoryCopyInline(admin.TabularInline):
    model = StoryCopy
    fields = ["article", "similarity"]
    readonly_fields = ["article", "similarity"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "agency", "created_at"]
    list_filter = ["agency"]
    search_fields = ["title"]
    inlines = [StoryCopyInline]
