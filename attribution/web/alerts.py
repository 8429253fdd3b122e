"""The alerts pages: Follow buttons, the watchlists page and the inbox.

Every write is a POST (with its CSRF token) by a logged-in user on their own
watchlists and alerts; the menu's Inbox comes from `alerts_menu`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from attribution import alert_selectors, alert_services
from attribution.models import Alert, CanonicalClaim, Outlet, Speaker, Watchlist


def alerts_menu(request) -> dict:
    """Context processor: the menu's Inbox (for users who follow something) and
    its unread count, counted only when a page shows the menu."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "alerts_menu": SimpleLazyObject(lambda: alert_selectors.alerts_menu(user=user))
    }


def _followed(request, created: bool, watchlist, back: str):
    note = "Now following" if created else "You already follow"
    messages.success(request, f"{note} {watchlist.name}.")
    return redirect(back)


@login_required
@require_POST
def follow_speaker(request, slug: str):
    speaker = get_object_or_404(Speaker, slug=slug)
    watchlist, created = alert_services.watchlist_follow(
        user=request.user, speaker=speaker
    )
    return _followed(
        request, created, watchlist, reverse("web:speaker-detail", args=[slug])
    )


@login_required
@require_POST
def follow_outlet(request, slug: str):
    outlet = get_object_or_404(Outlet, slug=slug)
    watchlist, created = alert_services.watchlist_follow(
        user=request.user, outlet=outlet
    )
    return _followed(
        request, created, watchlist, reverse("web:outlet-detail", args=[slug])
    )


@login_required
@require_POST
def follow_statement(request, pk: int):
    statement = get_object_or_404(CanonicalClaim, pk=pk)
    watchlist, created = alert_services.watchlist_follow(
        user=request.user, statement=statement
    )
    return _followed(
        request, created, watchlist, reverse("web:statement-detail", args=[pk])
    )


@login_required
@require_POST
def follow_feeds(request):
    """An editor follows the feeds' health: a feed gone silent or failing."""
    try:
        watchlist, created = alert_services.watchlist_follow(
            user=request.user, feeds=True
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
        return redirect("web:feed-list")
    return _followed(request, created, watchlist, reverse("web:feed-list"))


@login_required
@require_POST
def follow_search(request):
    """Follow the claim list's current filters and search words (sent as fields)."""
    params = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    back = reverse("web:claim-list")
    try:
        watchlist, created = alert_services.watchlist_follow(
            user=request.user, search=params
        )
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            messages.error(request, f"{field}: {' '.join(problems)}")
        return redirect(back)
    return _followed(
        request, created, watchlist, f"{back}?{urlencode(watchlist.search)}"
    )


@login_required
@require_GET
def watchlist_list(request):
    context = {
        "watchlists": alert_selectors.watchlist_list(user=request.user),
        "webhooks": alert_selectors.webhook_list(user=request.user),
    }
    return render(request, "web/watchlist_list.html", context)


@login_required
@require_POST
def unfollow(request):
    try:
        watchlist_id = int(request.POST.get("watchlist", ""))
    except ValueError:
        raise Http404("No such watchlist.") from None
    if not alert_services.watchlist_unfollow(
        user=request.user, watchlist_id=watchlist_id
    ):
        raise Http404("You follow nothing of that id.")
    messages.success(request, "Unfollowed.")
    return redirect("web:watchlist-list")


@login_required
@require_POST
def watchlist_email(request):
    """Email a watchlist's new alerts at once (email=on), or stop (email absent)."""
    try:
        watchlist_id = int(request.POST.get("watchlist", ""))
    except ValueError:
        raise Http404("No such watchlist.") from None
    email = request.POST.get("email") == "on"
    if not alert_services.watchlist_set_email(
        user=request.user, watchlist_id=watchlist_id, email=email
    ):
        raise Http404("You follow nothing of that id.")
    if email and not request.user.email:
        messages.warning(request, "Your account has no email address to send to.")
    messages.success(request, "Emails on." if email else "Emails off.")
    return redirect("web:watchlist-list")


@login_required
@require_POST
def watchlist_feed(request):
    """Show the secret URL of a watchlist's Atom feed, made on first asking, or a
    new one (rotate=on) that replaces it."""
    try:
        watchlist_id = int(request.POST.get("watchlist", ""))
        token = alert_services.watchlist_feed_token(
            user=request.user,
            watchlist_id=watchlist_id,
            rotate=request.POST.get("rotate") == "on",
        )
    except (ValueError, Watchlist.DoesNotExist):
        raise Http404("You follow nothing of that id.") from None
    url = request.build_absolute_uri(
        reverse("web:watchlist-atom", args=[watchlist_id, token])
    )
    messages.success(request, f"The feed of this watchlist, keep it secret: {url}")
    return redirect("web:watchlist-list")


@require_GET
def watchlist_atom(request, pk: int, token: str):
    """The Atom feed of one watchlist's alerts, for feed readers: the secret
    token in the URL stands for a login; a wrong or rotated one is a 404."""
    watchlist = alert_selectors.watchlist_by_feed_token(watchlist_id=pk, token=token)
    if watchlist is None:
        raise Http404("No such feed.")
    feed = Atom1Feed(
        title=f"Attribution: {watchlist.name}",
        link=request.build_absolute_uri(reverse("web:watchlist-list")),
        description=f"Alerts of {watchlist.name}",
        feed_url=request.build_absolute_uri(),
    )
    for alert in alert_selectors.feed_alerts(watchlist):
        claim = alert.claim
        where = f"\n\nin {alert.article}"
        if alert.feed_id is not None:
            link = reverse("web:feed-detail", args=[alert.feed_id])
            text, where = alert.feed_text, ""
        elif claim is None:
            link = reverse("web:article-detail", args=[alert.article_id])
            text = str(alert.article)
        else:
            link = reverse("web:claim-detail", args=[claim.pk])
            speaker = claim.speaker.name if claim.speaker else "Someone"
            text = f"{speaker}: “{claim.text}”"
        feed.add_item(
            title=f"{alert.get_kind_display()}: {text}"[:300],
            link=request.build_absolute_uri(link),
            description=f"{text}{where}",
            unique_id=f"attribution-alert-{alert.pk}",
            pubdate=alert.created_at,
            updateddate=alert.created_at,
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


@login_required
@require_GET
def inbox(request):
    return render(
        request,
        "web/inbox.html",
        {"alerts": alert_selectors.alert_inbox(user=request.user)},
    )


@login_required
@require_POST
def inbox_open(request):
    """Open one alert: it is marked read, and you are taken to its claim."""
    try:
        alert = alert_services.alert_open(
            user=request.user, alert_id=int(request.POST.get("alert", ""))
        )
    except (ValueError, Alert.DoesNotExist):
        raise Http404("You have no alert of that id.") from None
    if alert.claim_id:
        return redirect("web:claim-detail", pk=alert.claim_id)
    if alert.feed_id:
        return redirect("web:feed-detail", pk=alert.feed_id)
    return redirect("web:article-detail", pk=alert.article_id)


@login_required
@require_POST
def inbox_read_all(request):
    count = alert_services.alerts_mark_read(user=request.user)
    messages.success(request, f"{count} alert{'s' if count != 1 else ''} marked read.")
    return redirect("web:inbox")
