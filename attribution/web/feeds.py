"""The feeds pages: the dashboard of every feed, each feed's health, editors' forms."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from attribution import alert_selectors, feed_selectors, feed_services, feeds, ingestion
from attribution.models import Watchlist
from attribution.roles import Role, has_role
from attribution.web.views import role_required


@require_GET
def feed_list(request):
    """Every feed with its health at a glance; editors also get the forms."""
    return _feed_list_page(request)


def _feed_list_page(request, **add_form):
    """The dashboard; `add_form` (url, outlet, error) re-shows a refused feed."""
    healths = feed_selectors.feeds_health()
    context = {
        "healths": healths,
        "attention": feed_selectors.needing_attention(healths),
        "can_edit": has_role(request.user, Role.EDITOR),
        "add": add_form,
        "follows_feeds": alert_selectors.watchlist_of(
            user=request.user, kind=Watchlist.Kind.FEEDS
        ),
    }
    return render(request, "web/feed_list.html", context)


@require_GET
def feed_detail(request, pk: int):
    feed = feed_selectors.feed_get(feed_id=pk)
    context = {
        "health": feed_selectors.feed_health(feed),
        "entries": feed_selectors.feed_recent_entries(feed),
        "can_edit": has_role(request.user, Role.EDITOR),
    }
    return render(request, "web/feed_detail.html", context)


@role_required(Role.EDITOR)
@require_POST
def feed_add(request):
    """Follow a feed by its URL or a home page; a refused one is shown again on the
    dashboard with what was typed and the reason next to the URL."""
    url = request.POST.get("url", "")
    outlet = request.POST.get("outlet", "").strip()
    try:
        feed, created = feed_services.feed_add(url=url, outlet_name=outlet)
    except (ingestion.UnusableInput, ingestion.FetchUnavailable) as error:
        return _feed_list_page(request, url=url, outlet=outlet, error=str(error))
    note = "Now following" if created else "Already following"
    messages.success(request, f"{note} {feed.url}.")
    return redirect("web:feed-detail", pk=feed.pk)


@role_required(Role.EDITOR)
@require_POST
def feed_pause(request, pk: int):
    feed = feed_selectors.feed_get(feed_id=pk)
    reason = request.POST.get("reason", "").strip() or f"Paused by {request.user}."
    feed_services.feed_pause(feed=feed, reason=reason)
    messages.success(request, "Feed paused.")
    return redirect("web:feed-detail", pk=pk)


@role_required(Role.EDITOR)
@require_POST
def feed_resume(request, pk: int):
    feed_services.feed_resume(feed=feed_selectors.feed_get(feed_id=pk))
    messages.success(request, "Feed resumed; it is polled now.")
    return redirect("web:feed-detail", pk=pk)


@role_required(Role.EDITOR)
@require_POST
def opml_import(request):
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Choose an OPML file to import.")
        return redirect("web:feed-list")
    try:
        ingestion.check_size(upload.size)
        created, refused = feed_services.feeds_import_opml(data=upload.read())
    except (feeds.FeedError, ingestion.UnusableInput) as error:
        messages.error(request, str(error))
        return redirect("web:feed-list")
    messages.success(request, f"{len(created)} feeds added.")
    for reason in refused[:20]:
        messages.warning(request, reason)
    return redirect("web:feed-list")


@require_GET
def opml_export(request):
    response = HttpResponse(
        feed_selectors.feeds_opml(), content_type="text/x-opml; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="attribution-feeds.opml"'
    return response
