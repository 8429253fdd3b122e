from django.contrib.auth import views as auth_views
from django.urls import path

from attribution.web import alerts, feeds, quote_check, views

app_name = "web"

urlpatterns = [
    path("", views.claim_list, name="claim-list"),
    path("claims/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("claims/<int:pk>/review/", views.claim_review, name="claim-review"),
    path("claims/<int:pk>/edit/", views.claim_edit, name="claim-edit"),
    path("claims/<int:pk>/flag/", views.claim_flag, name="claim-flag"),
    path("claims/<int:pk>/relate/", views.claim_relate, name="claim-relate"),
    path("flags/<int:pk>/edit/", views.flag_edit, name="flag-edit"),
    path("flags/<int:pk>/withdraw/", views.flag_withdraw, name="flag-withdraw"),
    path("contested/", views.contested, name="contested"),
    path("articles/", views.article_list, name="article-list"),
    path("articles/new/", views.article_create, name="article-create"),
    path("articles/<int:pk>/", views.article_detail, name="article-detail"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article-edit"),
    path("articles/<int:pk>/graph/", views.article_graph, name="article-graph"),
    path(
        "articles/<int:pk>/compare/<int:other>/",
        views.article_compare,
        name="article-compare",
    ),
    path("speakers/", views.speaker_list, name="speaker-list"),
    path("speakers/<str:slug>/", views.speaker_detail, name="speaker-detail"),
    path("speakers/<str:slug>/graph/", views.speaker_graph, name="speaker-graph"),
    path("speakers/<str:slug>/merge/", views.speaker_merge, name="speaker-merge"),
    path("speakers/<str:slug>/split/", views.speaker_split, name="speaker-split"),
    path("speakers/<str:slug>/edit/", views.speaker_edit, name="speaker-edit"),
    path("outlets/", views.outlet_list, name="outlet-list"),
    path("outlets/<str:slug>/", views.outlet_detail, name="outlet-detail"),
    path("statements/", views.statement_list, name="statement-list"),
    path("statements/<int:pk>/", views.statement_detail, name="statement-detail"),
    path("statements/<int:pk>/merge/", views.statement_merge, name="statement-merge"),
    path("statements/<int:pk>/split/", views.statement_split, name="statement-split"),
    path("quote-check/", quote_check.quote_check_page, name="quote-check"),
    path("review/", views.review_queue, name="review-queue"),
    path("review/skip/", views.review_skip, name="review-skip"),
    path("review/undo/", views.review_undo, name="review-undo"),
    path("suggest/speakers/", views.speaker_suggest, name="speaker-suggest"),
    path("suggest/outlets/", views.outlet_suggest, name="outlet-suggest"),
    path("feeds/", feeds.feed_list, name="feed-list"),
    path("feeds/add/", feeds.feed_add, name="feed-add"),
    path("feeds/opml/", feeds.opml_export, name="feed-opml"),
    path("feeds/opml/import/", feeds.opml_import, name="feed-opml-import"),
    path("feeds/<int:pk>/", feeds.feed_detail, name="feed-detail"),
    path("feeds/<int:pk>/pause/", feeds.feed_pause, name="feed-pause"),
    path("feeds/<int:pk>/resume/", feeds.feed_resume, name="feed-resume"),
    path("speakers/<str:slug>/follow/", alerts.follow_speaker, name="speaker-follow"),
    path("outlets/<str:slug>/follow/", alerts.follow_outlet, name="outlet-follow"),
    path(
        "statements/<int:pk>/follow/", alerts.follow_statement, name="statement-follow"
    ),
    path("watchlists/", alerts.watchlist_list, name="watchlist-list"),
    path("watchlists/search/", alerts.follow_search, name="search-follow"),
    path("watchlists/feeds/", alerts.follow_feeds, name="feeds-follow"),
    path("watchlists/unfollow/", alerts.unfollow, name="watchlist-unfollow"),
    path("watchlists/email/", alerts.watchlist_email, name="watchlist-email"),
    path("watchlists/feed/", alerts.watchlist_feed, name="watchlist-feed"),
    path(
        "watchlists/<int:pk>/atom/<str:token>/",
        alerts.watchlist_atom,
        name="watchlist-atom",
    ),
    path("inbox/", alerts.inbox, name="inbox"),
    path("inbox/open/", alerts.inbox_open, name="inbox-open"),
    path("inbox/read/", alerts.inbox_read_all, name="inbox-read-all"),
    # Django's LOGIN_URL default, so that login_required finds the page.
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(next_page="web:claim-list"),
        name="login",
    ),
    path(
        "accounts/logout/",
        auth_views.LogoutView.as_view(next_page="web:claim-list"),
        name="logout",
    ),
]
