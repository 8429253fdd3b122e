"""REST API views: generic views for reads; input serializer, service, output
serializer for writes."""

import hashlib
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.views.decorators.http import condition
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, NotFound, ValidationError
from rest_framework.permissions import (
    AllowAny,
    IsAuthenticated,
    IsAuthenticatedOrReadOnly,
)
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from attribution import feed_selectors, security, selectors, services
from attribution.api import docs, rows
from attribution.api import serializers as s
from attribution.api.errors import LockedOut
from attribution.api.permissions import (
    ContributorWrites,
    EditorWrites,
    FactCheckerWrites,
)
from attribution.api.renderers import OrjsonRenderer
from attribution.api.throttles import ScopedRateThrottle
from attribution.filters import (
    CanonicalClaimFilter,
    ClaimFilter,
    FlagFilter,
    RelationFilter,
)
from attribution.models import Article, Claim

ERRORS = docs.WRITE_ERRORS


@extend_schema_view(
    list=extend_schema(examples=[docs.CLAIM_EXAMPLE]),
    retrieve=extend_schema(
        examples=[docs.CLAIM_EXAMPLE],
        responses={200: s.ClaimSerializer, **docs.NOT_FOUND},
    ),
)
class ClaimViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Claims with speaker, via chain, kind, offsets and review state."""

    lookup_value_regex = r"\d+"

    serializer_class = s.ClaimSerializer
    filterset_class = ClaimFilter
    permission_classes = [EditorWrites]
    renderer_classes = [OrjsonRenderer, BrowsableAPIRenderer]

    def get_queryset(self):
        return selectors.claim_list()

    def list(self, request, *args, **kwargs):
        """Claims newest first (or as `ordering` says), a cursor page at a time.

        Read as plain rows (api/rows.py): the serializer's JSON at a fraction of
        its cost. A format suffix (claims.json) keeps the serializer, whose links
        carry the suffix."""
        if self.format_kwarg:
            return super().list(request, *args, **kwargs)
        claims = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(rows.claim_values(claims))
        links = rows.Links.for_request(request)
        return self.get_paginated_response(rows.claim_rows(page, links))

    def filter_queryset(self, queryset):
        """The filterset only when a parameter names one of its filters: with
        none, every filter leaves the list as it is, and building the filterset
        and its form is most of an unfiltered page's Python time."""
        if self.action == "list" and not (
            self.request.query_params.keys() & ClaimFilter.base_filters.keys()
        ):
            return queryset
        return super().filter_queryset(queryset)

    @extend_schema(
        request=s.ClaimEditInputSerializer,
        responses={200: s.ClaimSerializer, **docs.CONFLICT, **ERRORS},
        examples=[docs.EDIT_EXAMPLE],
    )
    def partial_update(self, request, pk=None):
        """Correct the speaker, via chain or span; the claim becomes 'edited'."""
        claim = self.get_object()
        data = _valid(s.ClaimEditInputSerializer, request)
        claim = services.claim_edit(claim_id=claim.pk, user=request.user, **data)
        return self._answer(claim)

    @extend_schema(
        request=s.ReviewInputSerializer,
        responses={200: s.ClaimSerializer, **docs.CONFLICT, **ERRORS},
        examples=[docs.REVIEW_EXAMPLE],
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def review(self, request, pk=None):
        """Approve or reject the claim."""
        claim = self.get_object()
        data = _valid(s.ReviewInputSerializer, request)
        claim = services.claim_review(claim_id=claim.pk, user=request.user, **data)
        return self._answer(claim)

    @extend_schema(
        methods=["POST"],
        request=s.FlagInputSerializer,
        responses={201: s.FlagSerializer, **ERRORS},
        examples=[docs.FLAG_EXAMPLE],
    )
    @extend_schema(
        methods=["GET"],
        responses={200: s.FlagSerializer(many=True), **docs.NOT_FOUND},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        permission_classes=[FactCheckerWrites],
        filter_backends=[],
        pagination_class=None,
    )
    def flags(self, request, pk=None):
        """A claim's fact-check flags. Posting one rates the claim: a disputing
        rating makes it contested, a confirming one (and none disputing) verified."""
        claim = self.get_object()
        if request.method == "GET":
            flags = selectors.flag_list().filter(claim=claim)
            return Response(
                s.FlagSerializer(flags, many=True, context=self._ctx()).data
            )
        data = _valid(s.FlagInputSerializer, request)
        flag = services.claim_flag(claim_id=claim.pk, user=request.user, **data)
        return Response(
            s.FlagSerializer(flag, context=self._ctx()).data,
            status=status.HTTP_201_CREATED,
        )

    def _answer(self, claim: Claim) -> Response:
        claim = selectors.claim_list().get(pk=claim.pk)
        return Response(s.ClaimSerializer(claim, context=self._ctx()).data)

    def _ctx(self) -> dict:
        return self.get_serializer_context()


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.ArticleDetailSerializer, **docs.NOT_FOUND})
)
class ArticleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Articles with their parse status; the detail includes the claims."""

    lookup_value_regex = r"\d+"

    permission_classes = [ContributorWrites]

    def get_queryset(self):
        return selectors.article_list()

    def get_permissions(self):
        if self.action == "partial_update":
            return [EditorWrites()]
        return super().get_permissions()

    def get_serializer_class(self):
        return (
            s.ArticleDetailSerializer
            if self.action in ("retrieve", "partial_update")
            else s.ArticleSerializer
        )

    @method_decorator(
        condition(
            etag_func=lambda request, pk=None: _article_etag(request, pk),
            last_modified_func=lambda request, pk=None: _article_modified(request, pk),
        )
    )
    def retrieve(self, request, pk=None):
        """The article with its claims. Answers with an ETag and Last-Modified,
        and 304 to a client that sends back the current ones (If-None-Match,
        If-Modified-Since): a re-parse, a review or a flag changes them."""
        return super().retrieve(request, pk=pk)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action in ("retrieve", "partial_update"):
            context["claims"] = selectors.article_claims(self.get_object())
        return context

    @extend_schema(
        request=s.ArticleEditInputSerializer,
        responses={200: s.ArticleDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        """Correct the title, source URL, publisher, date or language (editors);
        each change is kept in the article's history with who made it."""
        article = self.get_object()
        data = _valid(s.ArticleEditInputSerializer, request)
        if "source_url" in data:
            data["url"] = data.pop("source_url")
        try:
            services.article_update(article=article, user=request.user, **data)
        except DjangoValidationError as error:
            raise ValidationError(
                {
                    "source_url" if name == "url" else name: messages
                    for name, messages in error.message_dict.items()
                }
            ) from None
        article = self.get_queryset().get(pk=article.pk)
        return Response(
            s.ArticleDetailSerializer(
                article, context=self.get_serializer_context()
            ).data
        )

    @extend_schema(
        request=s.ArticleInputSerializer,
        responses={
            202: s.ArticleSubmittedSerializer,
            200: OpenApiResponse(s.ArticleSubmittedSerializer, "Already ingested."),
            **ERRORS,
            **docs.TOO_LARGE,
        },
        examples=docs.ARTICLE_INPUT_EXAMPLES,
    )
    def create(self, request):
        """Submit an article as text, HTML or a URL; it is parsed in the background.

        Needs the contributor or editor role. Text and HTML are the submitter's:
        `source_url` is kept as its `claimed_url`, unverified, and a URL is the
        article's only once the app fetched it. Answers 202 with a status URL to
        poll, also when the broker is down (the article is saved and a periodic
        sweep enqueues it). The same content submitted again answers 200 with the
        article already stored.
        """
        data = _valid(s.ArticleInputSerializer, request)
        article, created = services.article_submit(user=request.user, **data)
        article = selectors.article_list().get(pk=article.pk)
        context = {**self.get_serializer_context(), "created": created}
        body = s.ArticleSubmittedSerializer(article, context=context).data
        return Response(
            body,
            status=status.HTTP_202_ACCEPTED if created else status.HTTP_200_OK,
            # A plain str: the serializer's Hyperlink is a str subclass, which
            # wsgiref (runserver) refuses as a header value.
            headers={"Location": str(body["status_url"])},
        )

    @extend_schema(responses={200: s.ArticleStatusSerializer, **docs.NOT_FOUND})
    @action(detail=True, methods=["get"])
    def status(self, request, pk=None):
        """The parse job's progress, and its readable error when it failed."""
        article = get_object_or_404(
            Article.objects.annotate(claim_count=Count("claims")), pk=pk
        )
        return Response(s.ArticleStatusSerializer(article).data)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.SpeakerDetailSerializer, **docs.NOT_FOUND})
)
class SpeakerViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Speakers with their aliases, kind, the names and articles they came from and
    how many claims came via each outlet. Editors merge, split and edit them."""

    lookup_field = "slug"
    filterset_fields = ["slug", "kind"]
    permission_classes = [EditorWrites]

    def get_queryset(self):
        return selectors.speaker_list().order_by("name", "id")

    def get_serializer_class(self):
        return (
            s.SpeakerDetailSerializer
            if self.action == "retrieve"
            else s.SpeakerSerializer
        )

    def get_object(self):
        speaker = super().get_object()
        speaker.outlet_counts = selectors.speaker_outlet_counts(speaker)
        speaker.mentions = selectors.speaker_mentions(speaker)
        return speaker

    @extend_schema(
        request=s.SpeakerEditInputSerializer,
        responses={200: s.SpeakerDetailSerializer, **ERRORS},
    )
    def partial_update(self, request, slug=None):
        """Rename, set aliases or kind, or link to an outlet (each in the history)."""
        speaker = self.get_object()
        data = _valid(s.SpeakerEditInputSerializer, request)
        speaker = services.speaker_update(speaker=speaker, user=request.user, **data)
        return self._answer(speaker.slug)

    @extend_schema(
        request=s.SpeakerMergeInputSerializer,
        responses={200: s.SpeakerDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, slug=None):
        """Merge this speaker into another; kept when articles are parsed again."""
        speaker = self.get_object()
        data = _valid(s.SpeakerMergeInputSerializer, request)
        into = services.speaker_merge(
            speaker=speaker, into=data["into"], user=request.user
        )
        return self._answer(into.slug)

    @extend_schema(
        request=s.SpeakerSplitInputSerializer,
        responses={201: s.SpeakerDetailSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def split(self, request, slug=None):
        """Give the speaker's claims in some articles to a new speaker."""
        speaker = self.get_object()
        data = _valid(s.SpeakerSplitInputSerializer, request)
        new = services.speaker_split(
            speaker=speaker,
            article_ids=[a.pk for a in data["articles"]],
            name=data["name"],
            user=request.user,
        )
        return self._answer(new.slug, code=status.HTTP_201_CREATED)

    @extend_schema(responses={200: s.SpeakerChangeSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, slug=None):
        """Editors' changes to this speaker, newest first, with who and when."""
        speaker = self.get_object()
        changes = selectors.speaker_history(speaker)
        return Response(s.SpeakerChangeSerializer(changes, many=True).data)

    def _answer(self, slug: str, code: int = status.HTTP_200_OK) -> Response:
        self.kwargs["slug"] = slug
        speaker = self.get_object()
        serializer = s.SpeakerDetailSerializer(
            speaker, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=code)


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.OutletDetailSerializer, **docs.NOT_FOUND})
)
class OutletViewSet(viewsets.ReadOnlyModelViewSet):
    """Outlets, and on the detail the speakers quoted via each."""

    lookup_field = "slug"
    filterset_fields = ["kind", "country"]

    def get_queryset(self):
        return selectors.outlet_list().order_by("name", "id")

    def get_serializer_class(self):
        return (
            s.OutletDetailSerializer
            if self.action == "retrieve"
            else s.OutletSerializer
        )

    def get_object(self):
        outlet = super().get_object()
        outlet.quoted = selectors.outlet_speakers(outlet)
        return outlet


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.FlagSerializer, **docs.NOT_FOUND})
)
class FlagViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Every fact-check flag, newest first. Its author or an editor changes it
    (PATCH) or withdraws it (DELETE); the claim's contested or verified state
    follows its remaining flags."""

    lookup_value_regex = r"\d+"
    http_method_names = ["get", "patch", "delete", "head", "options"]

    serializer_class = s.FlagSerializer
    filterset_class = FlagFilter
    permission_classes = [IsAuthenticatedOrReadOnly]

    def get_queryset(self):
        return selectors.flag_list().order_by("-created_at", "-id")

    @extend_schema(
        request=s.FlagEditInputSerializer,
        responses={200: s.FlagSerializer, **ERRORS},
    )
    def partial_update(self, request, pk=None):
        """Change the flag's verdict, note or sources (those given)."""
        flag = self.get_object()
        data = _valid(s.FlagEditInputSerializer, request)
        services.flag_edit(flag_id=flag.pk, user=request.user, **data)
        flag = self.get_queryset().get(pk=flag.pk)
        return Response(
            s.FlagSerializer(flag, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={204: None, **ERRORS})
    def destroy(self, request, pk=None):
        """Withdraw the flag; its history keeps it."""
        flag = self.get_object()
        services.flag_withdraw(flag_id=flag.pk, user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class RatingViewSet(viewsets.ReadOnlyModelViewSet):
    """The rating scale flags use, and what each rating does to a claim."""

    lookup_field = "slug"
    serializer_class = s.RatingSerializer
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.rating_list()


@extend_schema_view(
    retrieve=extend_schema(responses={200: s.RelationSerializer, **docs.NOT_FOUND})
)
class RelationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Links between claims: contradicts, supports, same claim."""

    lookup_value_regex = r"\d+"

    serializer_class = s.RelationSerializer
    permission_classes = [FactCheckerWrites]
    filterset_class = RelationFilter

    def get_queryset(self):
        return selectors.relation_list().order_by("-created_at", "-id")

    @extend_schema(
        request=s.RelationInputSerializer,
        responses={201: s.RelationSerializer, **ERRORS},
        examples=[docs.RELATION_EXAMPLE],
    )
    def create(self, request):
        data = _valid(s.RelationInputSerializer, request)
        relation = services.claim_relate(user=request.user, **data)
        return Response(s.RelationSerializer(relation).data, status=201)


@extend_schema_view(
    retrieve=extend_schema(
        responses={200: s.CanonicalClaimDetailSerializer, **docs.NOT_FOUND}
    )
)
class CanonicalClaimViewSet(viewsets.ReadOnlyModelViewSet):
    """Statements across articles: each with every report of it, how it travelled
    and how its quoted words drifted. Editors merge and split them."""

    lookup_value_regex = r"\d+"
    serializer_class = s.CanonicalClaimSerializer
    filterset_class = CanonicalClaimFilter
    permission_classes = [EditorWrites]

    def get_queryset(self):
        return selectors.canonical_list().order_by(*selectors.STATEMENTS_NEWEST_FIRST)

    def retrieve(self, request, pk=None):
        canonical = self.get_object()
        members = selectors.canonical_members(canonical)
        context = {**self.get_serializer_context(), "members": members}
        return Response(
            s.CanonicalClaimDetailSerializer(canonical, context=context).data
        )

    @extend_schema(responses={200: s.TimelineSerializer, **docs.NOT_FOUND})
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request, pk=None):
        """The reports in order of appearance, the earliest source, who cited whom.

        A wire story's copies count as one report: the earliest, with the
        others under `copies` by its claim id.
        """
        members = selectors.canonical_members(self.get_object())
        reports = feed_selectors.reports_by_story(members)
        data = {
            "earliest": members[0] if members else None,
            "reports": [r.claim for r in reports],
            "copies": {str(r.claim.pk): r.copies for r in reports if r.copies},
            "citations": selectors.canonical_citations(members),
        }
        return Response(
            s.TimelineSerializer(data, context=self.get_serializer_context()).data
        )

    @extend_schema(responses={200: s.CanonicalDriftSerializer, **docs.NOT_FOUND})
    @action(detail=True, methods=["get"], filter_backends=[])
    def drift(self, request, pk=None):
        """Each later direct quote against the earliest: drift score and word diff."""
        canonical = self.get_object()
        versions = selectors.canonical_drift(selectors.canonical_members(canonical))
        data = {
            "altered": canonical.altered,
            "reference": versions[0].reference if versions else None,
            "versions": versions,
        }
        return Response(
            s.CanonicalDriftSerializer(data, context=self.get_serializer_context()).data
        )

    @extend_schema(
        request=s.MergeInputSerializer,
        responses={200: s.CanonicalClaimSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def merge(self, request, pk=None):
        """Move every report of this canonical claim into another; this one goes."""
        canonical = self.get_object()
        data = _valid(s.MergeInputSerializer, request)
        target = services.canonical_merge(
            canonical_id=canonical.pk, into_id=data["into"].pk, user=request.user
        )
        return self._answer(target.pk)

    @extend_schema(
        request=s.SplitInputSerializer,
        responses={201: s.CanonicalClaimSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def split(self, request, pk=None):
        """Take one report out into a canonical claim of its own."""
        canonical = self.get_object()
        data = _valid(s.SplitInputSerializer, request)
        created = services.canonical_split(
            canonical_id=canonical.pk, claim_id=data["claim"].pk, user=request.user
        )
        return self._answer(created.pk, code=status.HTTP_201_CREATED)

    def _answer(self, pk: int, code: int = status.HTTP_200_OK) -> Response:
        canonical = self.get_queryset().get(pk=pk)
        serializer = s.CanonicalClaimSerializer(
            canonical, context=self.get_serializer_context()
        )
        return Response(serializer.data, status=code)


@extend_schema(
    request=s.TokenInputSerializer,
    responses={
        200: s.TokenCreatedSerializer,
        **docs.BAD_REQUEST,
        401: docs.error(
            "No account has that username and password.",
            "authentication_failed",
            "Unable to log in with provided credentials.",
        ),
        **docs.THROTTLED,
    },
    auth=[],
)
class TokenView(APIView):
    """Exchange a username and password for a new API token (throttled).

    Each call makes a new token (the key is shown this once); a password change
    or a deactivation ends them all. Wrong passwords count towards the login
    lockout (django-axes) as on the login page; a locked-out username and address
    get 429 saying so.
    """

    throttle_scope = "token"
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_throttles(self):
        return [ScopedRateThrottle()]

    def get_authenticate_header(self, request) -> str:
        return "Token"  # what a 401 for wrong credentials asks for

    def post(self, request):
        serializer = s.TokenInputSerializer(
            data=request.data, context={"request": request}
        )
        if not serializer.is_valid():
            # django-axes flags the request it was handed: this DRF request.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut(
                    wait=settings.AXES_COOLOFF_TIME.total_seconds(),
                    detail=security.lockout_message(),
                )
            if set(serializer.errors) == {"non_field_errors"}:
                # Well-formed, but no account has that username and password.
                raise AuthenticationFailed(
                    str(serializer.errors["non_field_errors"][0]),
                    code="authentication_failed",
                )
            raise ValidationError(serializer.errors)
        data = serializer.validated_data
        token, key = services.api_token_create(user=data["user"], name=data["name"])
        return Response(s.TokenCreatedSerializer(token, context={"key": key}).data)


@extend_schema_view(
    get=extend_schema(responses={200: s.ApiTokenSerializer(many=True), **docs.UNAUTH}),
)
class TokenListView(generics.ListAPIView):
    """Your own API tokens (never their keys), newest first."""

    serializer_class = s.ApiTokenSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    filter_backends: list = []

    def get_queryset(self):
        return selectors.api_token_list(user=self.request.user)


class TokenDetailView(APIView):
    """Revoke one of your own API tokens."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={204: None, **docs.UNAUTH, **docs.NOT_FOUND})
    def delete(self, request, pk: int):
        if not services.api_token_revoke(user=request.user, token_id=pk):
            raise NotFound("You have no token of that id.")
        return Response(status=status.HTTP_204_NO_CONTENT)


def _article_version(request, pk) -> selectors.ArticleVersion | None:
    """The article's version, read once per request (ETag and Last-Modified)."""
    cached = getattr(request, "_article_version", None)
    if cached is None or cached[0] != pk:
        try:
            version = selectors.article_version(article_id=int(pk))
        except (TypeError, ValueError, OverflowError):
            version = None
        cached = (pk, version)
        request._article_version = cached
    return cached[1]


def _article_etag(request, pk) -> str | None:
    """The fingerprint of the rows, with what else the body depends on: the host
    its links name and the format it is rendered in (JSON or the browsable API)."""
    version = _article_version(request, pk)
    if version is None:
        return None
    renderer = getattr(request, "accepted_renderer", None)
    parts = [version.fingerprint, request.get_host(), getattr(renderer, "format", "")]
    return hashlib.md5("|".join(parts).encode(), usedforsecurity=False).hexdigest()


def _article_modified(request, pk) -> datetime | None:
    version = _article_version(request, pk)
    return None if version is None else version.modified


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
