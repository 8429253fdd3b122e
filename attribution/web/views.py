"""Function views of the newsroom UI: parse the request, call one selector or
service, render. Reading is open to everyone; every write is a POST that checks
the user's role on the server."""

import unicodedata
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from attribution import feed_selectors, ingestion, selectors, services
from attribution.filters import ClaimFilter
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    ClaimFlag,
    Outlet,
    Speaker,
)
from attribution.roles import (
    SUBMIT_NEEDS_ROLE,
    Role,
    has_role,
    may_change_flag,
    may_submit,
)
from attribution.templatetags.attribution_tags import quoted
from attribution.web import forms, rendering
from attribution.web.graph import attribution_graph

PAGE_SIZE = 25
SORTS = [
    ("", "Newest first (best match when searching)"),
    ("created_at", "Oldest first"),
    ("-confidence", "Most confident first"),
    ("confidence", "Least confident first"),
    ("-published_at", "Newest article first"),
    ("published_at", "Oldest article first"),
]
GRAPH_CLAIMS = 500


def role_required(role: Role):
    """Anonymous users are sent to log in; logged-in users without the role get 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_role(request.user, role):
                raise PermissionDenied(f"Only {role.label.lower()}s may do this.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


class _CountedPaginator(Paginator):
    """Pages of a list whose size was counted (or estimated) beforehand."""

    def __init__(self, items, per_page: int, count: int) -> None:
        super().__init__(items, per_page)
        self.known_count = count

    @property
    def count(self) -> int:
        return self.known_count


def _get(selector, **kwargs):
    try:
        return selector(**kwargs)
    except (
        Article.DoesNotExist,
        CanonicalClaim.DoesNotExist,
        Claim.DoesNotExist,
        ClaimFlag.DoesNotExist,
        Speaker.DoesNotExist,
        Outlet.DoesNotExist,
    ):
        raise Http404 from None


def _back(request, default: str):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def _error_messages(request, error: Exception) -> None:
    """Show a refused write's reasons (a ValidationError's messages) to the user."""
    for message in getattr(error, "messages", [str(error)]):
        messages.error(request, message)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


# Reading --------------------------------------------------------------------------


@require_GET
def claim_list(request):
    queryset = selectors.claim_list().order_by("-created_at", "-id")
    claims, looked_up = _search_or_lookup(request, queryset)
    # A refused filter (a speaker nobody is called) shows its error, not "0 claims"
    # nor every claim.
    found = claims.qs if not claims.errors else queryset.none()
    counted = selectors.claim_count(found)
    paginator = _CountedPaginator(found, PAGE_SIZE, counted.n)
    page = paginator.get_page(request.GET.get("page"))
    cleaned = claims.form.cleaned_data if claims.is_bound else {}
    query = cleaned.get("q", "") or cleaned.get("quote", "") or ""
    rows = [(c, rendering.split_matches(c.text, query)) for c in page]
    params = request.GET.copy()
    params.pop("page", None)
    exported = params.copy()
    exported.pop("ordering", None)  # the exports keep their own order
    searched = bool(cleaned.get("q") or cleaned.get("quote"))
    return render(
        request,
        "web/claim_list.html",
        {
            "filter": claims,
            "page": page,
            "rows": rows,
            "counted": counted,
            "looked_up": looked_up,
            "capped": searched and counted.n >= selectors.SEARCH_CANDIDATES,
            "facets": selectors.claim_facets(found),
            "sampled": counted.n > selectors.SEARCH_CANDIDATES,
            "sorts": SORTS,
            "current_sort": request.GET.get("ordering", ""),
            "query_string": params.urlencode(),
            "export_query": exported.urlencode(),
        },
    )


QUOTE_WORDS = 6  # a search of this many plain words that finds nothing is a quote


def _search_or_lookup(request, queryset) -> tuple[ClaimFilter, bool]:
    """The list's filter; when `q` is a long plain fragment (no quotes, `or`,
    `-word`) that no claim holds every word of, the same filter with it as a
    quote to look up instead, and True."""
    claims = ClaimFilter(request.GET or None, queryset=queryset)
    query = request.GET.get("q", "")
    plain = not any(c in query for c in '"-') and " or " not in f" {query.lower()} "
    if len(query.split()) < QUOTE_WORDS or not plain or request.GET.get("quote"):
        return claims, False
    if claims.errors or claims.qs.exists():
        return claims, False
    data = request.GET.copy()
    data["quote"] = data.pop("q")[0]
    return ClaimFilter(data, queryset=queryset), True


@require_GET
def claim_detail(request, pk: int):
    return _claim_page(request, _get(selectors.claim_get, claim_id=pk))


def _claim_page(request, claim: Claim, *, status: int = 200, **bound):
    """The claim's page; `bound` holds a refused form, shown with what was typed
    and its errors in place of the empty one."""
    can_review = has_role(request.user, Role.EDITOR)
    can_flag = has_role(request.user, Role.FACT_CHECKER)
    edit_form = bound.get("edit_form") or forms.ClaimEditForm.for_claim(claim)
    return render(
        request,
        "web/claim_detail.html",
        {
            "claim": claim,
            "snip": rendering.snippet(claim.article.body, claim.start, claim.end),
            "relations": selectors.claim_relations(claim),
            "history": selectors.claim_history(claim),
            "can_review": can_review,
            "can_flag": can_flag,
            "edit_form": edit_form if can_review else None,
            "flags": _flags_with_forms(
                request.user, claim, bound.get("flag_forms", {})
            ),
            "editing": "edit_form" in bound,
            "window": rendering.span_window(claim.article.body, claim.start, claim.end),
            "flag_form": (bound.get("flag_form") or forms.FlagForm())
            if can_flag
            else None,
            "relate_form": (bound.get("relate_form") or forms.RelateForm())
            if can_flag
            else None,
        },
        status=status,
    )


def _flags_with_forms(user, claim: Claim, bound: dict) -> list:
    """(flag, the form to change it, or None when the user may not) per flag;
    a refused change (in `bound`, by flag id) shows what was typed."""
    return [
        (
            flag,
            bound.get(flag.pk) or forms.FlagForm.for_flag(flag)
            if may_change_flag(user, flag)
            else None,
        )
        for flag in claim.flags.all()
    ]


@require_GET
def article_list(request):
    page = _page(request, selectors.article_list().order_by("-created_at", "-id"))
    return render(request, "web/article_list.html", {"page": page})


@require_GET
def article_detail(request, pk: int):
    """The article's text with its claims marked, and the claims by speaker.

    The marked text and each claim's labels, links and badges are built here, once
    per claim, rather than by template lookups and {% url %} tags per claim (most
    of the page's time when it was all in the template); the HTML is the same."""
    article = _get(selectors.article_get, article_id=pk)
    claims = list(selectors.article_claims(article))
    legend = rendering.paint_by_outlet(claims)
    _label_claims(claims)
    return render(
        request,
        "web/article_detail.html",
        {
            "article": article,
            "claims": claims,
            "body_html": _marked_body(rendering.article_pieces(article.body, claims)),
            "legend": legend,
            "by_speaker": _speaker_groups(claims),
            "working": article.status
            in (Article.Status.PENDING, Article.Status.PARSING),
            "can_edit": has_role(request.user, Role.EDITOR),
            "history": selectors.article_history(article),
            "counterparts": selectors.article_counterparts(article),
        },
    )


def _speaker_groups(claims: list[Claim]) -> list[tuple[Any, list[Claim]]]:
    """rendering.group_by_speaker, each speaker with its page's URL (page_url)."""
    groups = rendering.group_by_speaker(claims)
    for speaker, _ in groups:
        known: Any = speaker
        if known is not None:
            known.page_url = reverse("web:speaker-detail", args=[known.slug])
    return groups


def _label_claims(claims: list[Claim]) -> None:
    """What the article page shows of each claim, as plain strings on it."""
    claim_url = reverse("web:claim-detail", args=[0]).removesuffix("0/")
    kinds, statuses = dict(Claim.Kind.choices), dict(Claim.ReviewStatus.choices)
    for claim in claims:
        chain = [outlet.name for outlet in reversed(claim.via_chain)]
        colour = getattr(claim, "colour", None)
        claim.href = f"{claim_url}{claim.pk}/"  # type: ignore[attr-defined]
        claim.colour_class = "c-none" if colour is None else f"c{colour}"  # type: ignore[attr-defined]
        claim.via_names = chain  # type: ignore[attr-defined]
        claim.via_text = f"via {' → '.join(chain)}" if chain else "directly"  # type: ignore[attr-defined]
        claim.kind_label = str(kinds.get(claim.kind, claim.kind))  # type: ignore[attr-defined]
        claim.status_label = str(  # type: ignore[attr-defined]
            statuses.get(claim.review_status, claim.review_status)
        )
        claim.short_text = quoted(_truncated(claim.text, 110))  # type: ignore[attr-defined]
        claim.badges = _badges(claim)  # type: ignore[attr-defined]


def _truncated(text: str, size: int) -> str:
    """Truncator(text).chars(size): its walk over every character (a tenth of the
    article page) only where the text can be longer than `size`."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= size else Truncator(text).chars(size)


def _badges(claim) -> SafeString:
    """templates/web/_badges.html for a labelled claim, as the include wrote it."""
    return mark_safe(  # noqa: S308 - every value is escaped
        f'<span class="badge kind">{escape(claim.kind_label)}</span>\n'
        f'<span class="badge status status-{escape(claim.review_status)}">'
        f"{escape(claim.status_label)}</span>\n"
        + (
            '<span class="badge contested-badge"><span aria-hidden="true">⚑ </span>'
            "Contested</span>"
            if claim.contested
            else ""
        )
        + "\n"
        + (
            '<span class="badge verified-badge"><span aria-hidden="true">✓ </span>'
            "Verified</span>"
            if claim.verified
            else ""
        )
        + "\n"
    )


_FLAG = '<span class="flag-mark" aria-hidden="true">⚑</span>'


def _marked_body(pieces: list[rendering.Piece]) -> SafeString:
    """The article body with each marked claim a link holding its tooltip."""
    parts: list[str] = []
    for piece in pieces:
        claim: Any = piece.claim  # labelled by _label_claims
        if claim is None:
            parts.append(escape(piece.text))
            continue
        contested = " contested" if claim.contested else ""
        flag = (
            '<span class="flag-mark" aria-hidden="true">⚑</span>' if contested else ""
        )
        speaker = escape(claim.speaker or "Unknown speaker")
        via = "".join(f" → {escape(name)}" for name in claim.via_names)
        state = " · Contested" if contested else " · Verified" if claim.verified else ""
        parts.append(
            f'<a href="{escape(claim.href)}" id="claim-{claim.pk}" class="claim-mark '
            f'{claim.colour_class}{contested}" aria-describedby="tip-{claim.pk}">'
            f"{flag}{escape(piece.text)}"
            f'<span class="tip" role="tooltip" id="tip-{claim.pk}"><strong>{speaker}'
            f"</strong>{via} → this article<br>{escape(claim.kind_label)} quote · "
            f"{escape(claim.status_label)}{state}</span></a>"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every value is escaped


@role_required(Role.EDITOR)
@require_http_methods(["GET", "POST"])
def article_edit(request, pk: int):
    """Correct an article's details; a refused value comes back with what was
    typed and its error next to the field."""
    article = _get(selectors.article_get, article_id=pk)
    form = forms.ArticleEditForm.for_article(
        article,
        request.POST if request.method == "POST" else None,
        url_fixed=selectors.article_url_fixed(article),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                article=article, user=request.user, **form.changes()
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Article details saved.")
            return redirect("web:article-detail", pk=pk)
    return render(
        request,
        "web/article_edit.html",
        {"article": article, "form": form},
        status=400 if form.is_bound else 200,
    )


@require_GET
def article_compare(request, pk: int, other: int):
    """A submission and the article the app read, side by side, paragraphs that
    only one of them has marked."""
    article = _get(selectors.article_get, article_id=pk)
    other_article = _get(selectors.article_get, article_id=other)
    left, right = rendering.paragraphs_compared(article.body, other_article.body)
    return render(
        request,
        "web/article_compare.html",
        {"article": article, "other": other_article, "left": left, "right": right},
    )


@require_GET
def article_graph(request, pk: int):
    article = _get(selectors.article_get, article_id=pk)
    claims = selectors.article_claims(article)
    return _graph(request, f"Attribution graph: {article}", article, claims)


@require_GET
def speaker_list(request):
    page = _page(request, selectors.speaker_list().order_by("name", "id"))
    return render(request, "web/speaker_list.html", {"page": page})


@require_GET
def speaker_detail(request, slug: str):
    return _speaker_page(request, _get(selectors.speaker_get, slug=slug))


def _speaker_page(request, speaker: Speaker, *, status: int = 200, **bound):
    """The speaker's page; `bound` holds a refused merge, split or edit form."""
    claims = list(selectors.speaker_claims(speaker)[:GRAPH_CLAIMS])
    mentions = selectors.speaker_mentions(speaker)
    return render(
        request,
        "web/speaker_detail.html",
        {
            "speaker": speaker,
            "by_outlet": rendering.group_by_outlet(claims),
            "disputed": selectors.speaker_disputed_claims(speaker),
            "dossier": selectors.speaker_dossier(speaker),
            "claim_count": len(claims),
            "truncated": len(claims) == GRAPH_CLAIMS,
            "mentions": mentions,
            "history": selectors.speaker_history(speaker),
            "can_edit": has_role(request.user, Role.EDITOR),
            "merge_form": bound.get("merge_form") or forms.SpeakerMergeForm(),
            "split_form": bound.get("split_form")
            or forms.SpeakerSplitForm(article_ids=[], initial={"name": speaker.name}),
            "edit_form": bound.get("edit_form")
            or forms.SpeakerEditForm.for_speaker(speaker),
        },
        status=status,
    )


def _mentioned_article_ids(speaker: Speaker) -> list[int]:
    return [
        article["id"]
        for mention in selectors.speaker_mentions(speaker)
        for article in mention["articles"]
    ]


@require_GET
def speaker_graph(request, slug: str):
    speaker = _get(selectors.speaker_get, slug=slug)
    claims = selectors.speaker_claims(speaker)[:GRAPH_CLAIMS]
    return _graph(request, f"Attribution graph: {speaker}", speaker, claims)


def _graph(request, title: str, subject, claims):
    return render(
        request,
        "web/graph.html",
        {
            "title": title,
            "subject": subject,
            "graph": attribution_graph(claims),
        },
    )


OUTLET_SORTS = {
    "claims": ("Most claims first", ["-claim_count", "name", "id"]),
    "name": ("Name", ["name", "id"]),
    "kind": ("Kind", ["kind", "name", "id"]),
}


@require_GET
def outlet_list(request):
    """Outlets that carried claims, most first; `all` adds the gazetteer's others,
    `q` searches names and aliases, `sort` orders."""
    query = request.GET.get("q", "").strip()[:200]
    show_all = request.GET.get("all") == "1"
    sort = request.GET.get("sort", "claims")
    sort = sort if sort in OUTLET_SORTS else "claims"
    outlets = selectors.outlet_list()
    if query:
        outlets = outlets.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    if not show_all:
        outlets = outlets.filter(claim_count__gt=0)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "web/outlet_list.html",
        {
            "page": _page(request, outlets.order_by(*OUTLET_SORTS[sort][1])),
            "query": query,
            "show_all": show_all,
            "sort": sort,
            "sorts": [(key, label) for key, (label, _) in OUTLET_SORTS.items()],
            "query_string": params.urlencode(),
        },
    )


@require_GET
def outlet_detail(request, slug: str):
    outlet = _get(selectors.outlet_get, slug=slug)
    return render(
        request,
        "web/outlet_detail.html",
        {
            "outlet": outlet,
            "page": _page(request, selectors.outlet_claims(outlet)),
            "speakers": selectors.outlet_speakers(outlet),
        },
    )


@require_GET
def statement_list(request):
    statements = selectors.canonical_list().order_by(*selectors.STATEMENTS_NEWEST_FIRST)
    altered = request.GET.get("altered") == "1"
    if altered:
        statements = statements.filter(altered=True)
    return render(
        request,
        "web/statement_list.html",
        {"page": _page(request, statements), "altered": altered},
    )


@require_GET
def statement_detail(request, pk: int):
    return _statement_page(request, _get(selectors.canonical_list().get, pk=pk))


def _merge_choices(canonical: CanonicalClaim):
    return (
        selectors.canonical_list()
        .filter(speaker_id=canonical.speaker_id)
        .exclude(pk=canonical.pk)
        .order_by(*selectors.STATEMENTS_NEWEST_FIRST)
    )


def _statement_page(request, canonical: CanonicalClaim, *, status=200, **bound):
    """The statement's page; `bound` holds a refused merge or split form."""
    members = selectors.canonical_members(canonical)
    drifts = selectors.canonical_drift(members)
    drift_of = {d.claim.pk: d.drift for d in drifts}
    can_edit = has_role(request.user, Role.EDITOR)
    merge_form = bound.get("merge_form") or forms.StatementMergeForm(
        choices=_merge_choices(canonical)
    )
    return render(
        request,
        "web/statement_detail.html",
        {
            "canonical": canonical,
            "reports": [
                (r.claim, drift_of.get(r.claim.pk), r.copies)
                for r in feed_selectors.reports_by_story(members)
            ],
            "earliest": members[0] if members else None,
            "citations": selectors.canonical_citations(members),
            "drifts": drifts,
            "reference_id": drifts[0].reference.pk if drifts else None,
            "graph": attribution_graph(members),
            "can_edit": can_edit,
            "merge_form": merge_form if can_edit else None,
            "split_form": bound.get("split_form"),
        },
        status=status,
    )


@require_GET
def contested(request):
    page = _page(request, selectors.contested_claims())
    return render(request, "web/contested.html", {"page": page})


@require_GET
def speaker_suggest(request):
    """JSON suggestions for the speaker fields (static/js/suggest.js)."""
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.speaker_suggestions(query) if len(query) >= 2 else []
    return JsonResponse({"results": results})


@require_GET
def outlet_suggest(request):
    """JSON suggestions for the outlet fields (static/js/suggest.js)."""
    query = request.GET.get("q", "").strip()[:100]
    results = selectors.outlet_suggestions(query) if len(query) >= 2 else []
    return JsonResponse({"results": results})


# Working --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def article_create(request):
    if not may_submit(request.user):
        raise PermissionDenied(SUBMIT_NEEDS_ROLE)
    posted = request.method == "POST"  # an empty POST is still answered with errors
    form = forms.IngestForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    if posted and form.is_valid():
        try:
            article, created = services.article_submit(
                user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)  # each message next to its field
        except ingestion.TooLarge as error:
            form.add_error(getattr(error, "field", None), str(error))
        else:
            if not created:
                messages.info(request, "This article was already ingested.")
            else:
                # True even when the broker is down: the sweep enqueues it later.
                messages.success(
                    request,
                    "Saved and queued for parsing; its claims appear here when a "
                    "worker has read it.",
                )
            return redirect("web:article-detail", pk=article.pk)
    # A refused submission is the form again with its reasons, as a 400, so that a
    # script posting to the page (or a test) can tell it from the empty form.
    status = 400 if posted else 200
    return render(request, "web/article_create.html", {"form": form}, status=status)


# The review queue remembers, in the editor's session, the claims passed (for
# "back"), the ones skipped and the last decision (for "undo").
TRAIL = "review_trail"
SKIPPED = "review_skipped"
LAST = "review_last"
TRAIL_LENGTH = 100


def _queue_url(article_id: int | None) -> str:
    url = reverse("web:review-queue")
    return f"{url}?article={article_id}" if article_id else url


def _article_param(data) -> int | None:
    value = data.get("article", "")
    return int(value) if value.isdigit() else None


def _trail_add(request, claim_id: int) -> None:
    trail = [i for i in request.session.get(TRAIL, []) if i != claim_id]
    request.session[TRAIL] = [*trail, claim_id][-TRAIL_LENGTH:]


@role_required(Role.EDITOR)
@require_GET
def review_queue(request):
    article_id = _article_param(request.GET)
    shown = request.GET.get("claim", "")
    if shown.isdigit():  # "back": a claim passed earlier, whatever its status
        claim = _get(selectors.claim_get, claim_id=int(shown))
    else:
        claim = selectors.review_queue_next(
            article_id=article_id, skipped=request.session.get(SKIPPED, [])
        )
    return _review_page(request, claim, article_id=article_id, revisit=shown.isdigit())


@role_required(Role.EDITOR)
@require_POST
def review_skip(request):
    """Pass over a claim without deciding; it comes back once the skips are cleared."""
    article_id = _article_param(request.POST)
    claim_id = request.POST.get("claim", "")
    if claim_id.isdigit():
        request.session[SKIPPED] = [
            *request.session.get(SKIPPED, []),
            int(claim_id),
        ][-TRAIL_LENGTH:]
        _trail_add(request, int(claim_id))
    elif request.POST.get("clear"):
        request.session[SKIPPED] = []
    return redirect(_queue_url(article_id))


@role_required(Role.EDITOR)
@require_POST
def review_undo(request):
    """Take back the last approval or rejection made from the queue."""
    article_id = _article_param(request.POST)
    last = request.session.get(LAST)
    if not last:
        messages.error(request, "Nothing to undo.")
        return redirect(_queue_url(article_id))
    try:
        services.claim_review_undo(
            claim_id=last["claim"], user=request.user, version=last["version"]
        )
    except Claim.DoesNotExist:
        messages.error(request, "That claim no longer exists.")
    except (services.StaleWrite, ValidationError) as error:
        _error_messages(request, error)
    else:
        messages.success(request, f"Undone: claim {last['claim']} is back as it was.")
    request.session.pop(LAST, None)
    return redirect(
        f"{_queue_url(article_id)}{'&' if article_id else '?'}claim={last['claim']}"
    )


def _review_page(request, claim, *, article_id=None, edit_form=None, revisit=False):
    trail = request.session.get(TRAIL, [])
    if claim is not None and claim.pk in trail:
        # Shown by "back": back again is the claim passed before it; shown as
        # the next in the queue: back is the last claim passed.
        passed = trail.index(claim.pk)
        trail = trail[:passed] if revisit else [i for i in trail if i != claim.pk]
    queue_url = _queue_url(article_id)
    context = {
        "claim": claim,
        "progress": selectors.review_progress(article_id=article_id),
        "article_id": article_id,
        "editing": edit_form is not None,
        "queue_url": queue_url,
        "back_url": f"{queue_url}{'&' if article_id else '?'}claim={trail[-1]}"
        if trail
        else None,
        "can_undo": bool(request.session.get(LAST)),
        "skipped": len(request.session.get(SKIPPED, [])),
    }
    if claim is not None:
        body = claim.article.body
        context["snip"] = rendering.snippet(body, claim.start, claim.end)
        context["window"] = rendering.span_window(body, claim.start, claim.end)
        context["edit_form"] = edit_form or forms.ClaimEditForm.for_claim(claim)
    return render(request, "web/review_queue.html", context)


@role_required(Role.EDITOR)
@require_POST
def claim_review(request, pk: int):
    form = forms.ReviewForm(request.POST)
    if form.is_valid():
        try:
            claim = services.claim_review(
                claim_id=pk, user=request.user, **form.cleaned_data
            )
        except Claim.DoesNotExist:
            raise Http404 from None
        except services.StaleWrite as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, f"Claim {pk} {claim.get_review_status_display().lower()}."
            )
            if request.POST.get("next", "").startswith(reverse("web:review-queue")):
                request.session[LAST] = {"claim": pk, "version": claim.version}
                _trail_add(request, pk)
    else:
        _form_errors(request, form)
    return _back(request, reverse("web:claim-detail", args=[pk]))


@role_required(Role.EDITOR)
@require_POST
def claim_edit(request, pk: int):
    claim = _get(selectors.claim_get, claim_id=pk)
    form = forms.ClaimEditForm(request.POST)
    if form.is_valid():
        try:
            edited = services.claim_edit(
                claim_id=pk, user=request.user, **form.cleaned_data
            )
        except services.StaleWrite as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_service_error(error)
        else:
            if edited.version == form.cleaned_data["version"]:
                messages.info(request, f"Nothing changed: claim {pk} is as it was.")
            else:
                messages.success(request, f"Claim {pk} corrected.")
            return _back(request, reverse("web:claim-detail", args=[pk]))
    if request.POST.get("next", "").startswith(reverse("web:review-queue")):
        article_id = _article_param(request.POST)
        return _review_page(request, claim, article_id=article_id, edit_form=form)
    return _claim_page(request, claim, edit_form=form)


@role_required(Role.FACT_CHECKER)
@require_POST
def claim_flag(request, pk: int):
    claim = _get(selectors.claim_get, claim_id=pk)
    form = forms.FlagForm(request.POST)
    if not form.is_valid():
        return _claim_page(request, claim, flag_form=form)
    services.claim_flag(claim_id=pk, user=request.user, **form.cleaned_data)
    messages.success(request, f"Claim {pk} flagged.")
    return redirect("web:claim-detail", pk=pk)


@login_required
@require_POST
def flag_edit(request, pk: int):
    """Change a flag, as its author or an editor (the service checks: 403)."""
    claim_id = _flag_claim_id(pk)
    form = forms.FlagForm(request.POST, prefix=f"flag-{pk}")
    if form.is_valid():
        try:
            services.flag_edit(flag_id=pk, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Flag changed.")
            return redirect("web:claim-detail", pk=claim_id)
    claim = _get(selectors.claim_get, claim_id=claim_id)
    return _claim_page(request, claim, status=400, flag_forms={pk: form})


@login_required
@require_POST
def flag_withdraw(request, pk: int):
    """Withdraw a flag, as its author or an editor (the service checks: 403)."""
    claim_id = _flag_claim_id(pk)
    services.flag_withdraw(flag_id=pk, user=request.user)
    messages.success(request, "Flag withdrawn.")
    return redirect("web:claim-detail", pk=claim_id)


def _flag_claim_id(flag_id: int) -> int:
    return _get(selectors.flag_get, flag_id=flag_id).claim_id


@role_required(Role.FACT_CHECKER)
@require_POST
def claim_relate(request, pk: int):
    source = _get(selectors.claim_get, claim_id=pk)
    form = forms.RelateForm(request.POST)
    if form.is_valid():
        try:
            services.claim_relate(source=source, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)  # a dict: next to its field
        else:
            messages.success(request, "Claims linked.")
            return redirect("web:claim-detail", pk=pk)
    return _claim_page(request, source, relate_form=form)


@role_required(Role.EDITOR)
@require_POST
def statement_merge(request, pk: int):
    canonical = _get(selectors.canonical_list().get, pk=pk)
    form = forms.StatementMergeForm(request.POST, choices=_merge_choices(canonical))
    if form.is_valid():
        try:
            target = services.canonical_merge(
                canonical_id=pk, into_id=form.cleaned_data["into"].pk, user=request.user
            )
        except CanonicalClaim.DoesNotExist:
            raise Http404 from None
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Statement {pk} merged into this one.")
            return redirect("web:statement-detail", pk=target.pk)
    return _statement_page(request, canonical, status=400, merge_form=form)


@role_required(Role.EDITOR)
@require_POST
def statement_split(request, pk: int):
    canonical = _get(selectors.canonical_list().get, pk=pk)
    form = forms.StatementSplitForm(request.POST)
    if form.is_valid():
        claim_id = form.cleaned_data["claim"]
        try:
            created = services.canonical_split(
                canonical_id=pk, claim_id=claim_id, user=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(
                request, f"Claim {claim_id} split off into its own statement."
            )
            return redirect("web:statement-detail", pk=created.pk)
    return _statement_page(request, canonical, status=400, split_form=form)


# Speaker identity -----------------------------------------------------------------


@role_required(Role.EDITOR)
@require_POST
def speaker_merge(request, slug: str):
    speaker = _get(selectors.speaker_get, slug=slug)
    form = forms.SpeakerMergeForm(request.POST)
    if form.is_valid():
        try:
            into = services.speaker_merge(
                speaker=speaker, into=form.cleaned_data["into"], user=request.user
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"“{speaker.name}” merged into this speaker.")
            return redirect("web:speaker-detail", slug=into.slug)
    return _speaker_page(request, speaker, status=400, merge_form=form)


@role_required(Role.EDITOR)
@require_POST
def speaker_split(request, slug: str):
    speaker = _get(selectors.speaker_get, slug=slug)
    form = forms.SpeakerSplitForm(
        request.POST, article_ids=_mentioned_article_ids(speaker)
    )
    if form.is_valid():
        try:
            new = services.speaker_split(
                speaker=speaker,
                article_ids=form.cleaned_data["article"],
                name=form.cleaned_data["name"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, f"Split off from “{speaker.name}”.")
            return redirect("web:speaker-detail", slug=new.slug)
    return _speaker_page(request, speaker, status=400, split_form=form)


@role_required(Role.EDITOR)
@require_POST
def speaker_edit(request, slug: str):
    speaker = _get(selectors.speaker_get, slug=slug)
    form = forms.SpeakerEditForm(request.POST)
    if form.is_valid():
        try:
            speaker = services.speaker_update(
                speaker=speaker,
                user=request.user,
                name=form.cleaned_data["name"] or None,
                aliases=form.cleaned_data["aliases"],
                kind=form.cleaned_data["kind"],
                outlet=form.cleaned_data["outlet"],
            )
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, "Speaker saved.")
            return redirect("web:speaker-detail", slug=speaker.slug)
    return _speaker_page(request, speaker, status=400, edit_form=form)
