"""Writes for speakers and outlets: the engine's gazetteer, editors' merges,
splits and renames, and re-linking stored claims."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Count, Max, QuerySet, Sum
from django.utils import timezone

from attribution import (
    identity,
    ingestion,
    selectors,
)
from attribution.extraction import (
    Extractor,
    Gazetteer,
    OutletEntry,
    load_pipeline,
)
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    Outlet,
    Speaker,
    SpeakerChange,
    SpeakerDecision,
    SpeakerName,
)
from attribution.services.statements import article_cluster
from attribution.slugs import name_slug

# Extraction engine ------------------------------------------------------------------


@lru_cache(maxsize=1)
def _default_gazetteer() -> Gazetteer:
    return Gazetteer.load_default()


# The last gazetteer built from the outlets table, with the stamp it was built at.
_gazetteer_built: dict[str, tuple[tuple, Gazetteer]] = {}


def gazetteer_get() -> Gazetteer:
    """The shipped outlet gazetteer, extended and overridden by outlets in the DB.

    Outlets created from articles' text wait for an editor's review before the
    engine uses them. Built once per process and again only when the outlets the
    engine uses changed: a stamp of them (how many, their newest change and the
    sum of their ids, one indexed aggregate) is compared for every article, which
    sees changes made by any process (building it costs about 57 ms with 974
    outlets; the stamp well under one).
    """
    used = Outlet.objects.filter(needs_review=False)
    stamp = tuple(
        used.aggregate(n=Count("id"), last=Max("updated_at"), ids=Sum("id")).values()
    )
    built = _gazetteer_built.get("outlets")
    if built is not None and built[0] == stamp:
        return built[1]
    entries = [
        OutletEntry(
            name=o.name,
            kind=o.kind,
            aliases=tuple(o.aliases),
            homepage=o.homepage,
            country=o.country,
        )
        for o in used
    ]
    gazetteer = _default_gazetteer().merged(entries)
    _gazetteer_built["outlets"] = (stamp, gazetteer)
    return gazetteer


def extractor_get(*, database_outlets: bool = True) -> Extractor:
    """The one place an extractor is built: the configured spaCy pipeline (loaded
    once per process) and the gazetteer, with the outlets in the database unless
    `database_outlets` is False (the extract and evaluate commands need none)."""
    gazetteer = gazetteer_get() if database_outlets else _default_gazetteer()
    return Extractor(load_pipeline(settings.ATTRIBUTION_SPACY_MODEL), gazetteer)


# Outlets and speakers -------------------------------------------------------------


def outlet_get_or_create(*, name: str, needs_review: bool = False) -> Outlet:
    """The outlet of that name or alias, created from the gazetteer when new.

    With `needs_review` (a name a user typed), an outlet the gazetteer does not
    know is created waiting for an editor: the engine leaves it out of its
    gazetteer until then (gazetteer_get), so that a person's name typed as a
    publisher never becomes a via of later articles.
    """
    entry = _default_gazetteer().lookup(name)
    canonical = entry.name if entry else name.strip()
    slug = name_slug(canonical, "outlet")
    outlet = Outlet.objects.filter(slug=slug).first()
    if outlet is not None:
        return outlet
    defaults = identity.outlet_defaults(canonical, entry, needs_review=needs_review)
    outlet, _ = Outlet.objects.get_or_create(slug=slug, defaults=defaults)
    return outlet


def outlets_mark_reviewed(*, outlets: QuerySet[Outlet]) -> int:
    """An editor confirmed these outlets: the engine may use them from now on."""
    # updated_at moves the gazetteer's stamp (gazetteer_get) in every process.
    return outlets.filter(needs_review=True).update(
        needs_review=False, updated_at=timezone.now()
    )


def outlets_load_gazetteer() -> tuple[int, int]:
    """Create or update an Outlet row for every shipped gazetteer entry.

    Aliases editors added are kept. Returns (created, updated).
    """
    created = updated = 0
    for entry in _default_gazetteer():
        slug = name_slug(entry.name, "outlet")
        outlet = Outlet.objects.filter(slug=slug).first()
        if outlet is None:
            Outlet.objects.create(
                name=entry.name,
                slug=slug,
                kind=entry.kind,
                aliases=list(entry.aliases),
                homepage=entry.homepage,
                country=entry.country,
            )
            created += 1
            continue
        aliases = list(dict.fromkeys([*outlet.aliases, *entry.aliases]))
        if aliases != outlet.aliases:
            outlet.aliases = aliases
            outlet.save(update_fields=["aliases", "updated_at"])
            updated += 1
    return created, updated


def _new_aliases(current: list[str], found: Iterable[str], name: str) -> list[str]:
    merged = dict.fromkeys(current)
    for alias in found:
        alias = alias.strip()
        if alias and alias.lower() != name.lower():
            merged.setdefault(alias)
    return list(merged)


def _free_speaker_slug(name: str) -> str:
    base = name_slug(name, "speaker", max_length=190)
    slug, n = base, 1
    while Speaker.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def speaker_create(*, name: str, description: str = "") -> Speaker:
    """A new speaker of that name (one line, NFC), with a slug of its own.

    Always a new row, also when another speaker has the name: two people can
    share a name, and the editor asked for a new one.
    """
    name = ingestion.clean_line(name)[:200]
    if not name:
        raise ValidationError({"new_speaker_name": "Give the new speaker's name."})
    return Speaker.objects.create(
        name=name,
        slug=_free_speaker_slug(name),
        description=ingestion.clean_line(description)[:300],
    )


def speaker_save(*, speaker: Speaker) -> Speaker:
    """Save an editor's changes to a speaker (the admin's form), aliases cleaned.

    Aliases become distinct one-line strings other than the name; the slug is
    made from the name when empty.
    """
    speaker.name = ingestion.clean_line(speaker.name)[:200]
    speaker.aliases = _new_aliases([], _strings(speaker.aliases), speaker.name)
    speaker.slug = speaker.slug or _free_speaker_slug(speaker.name)
    speaker.full_clean(exclude=["outlet"])
    speaker.save()
    return speaker


def outlet_save(*, outlet: Outlet) -> Outlet:
    """Save an editor's changes to an outlet (the admin's form), aliases cleaned."""
    outlet.name = ingestion.clean_line(outlet.name)[:200]
    outlet.aliases = _new_aliases([], _strings(outlet.aliases), outlet.name)
    outlet.full_clean()
    outlet.save()
    return outlet


def _strings(values) -> list[str]:
    if not isinstance(values, list):
        raise ValidationError({"aliases": "Aliases are a list of names."})
    return [ingestion.clean_line(str(v)) for v in values]


class _Keep:
    """The value of a field article_update is not asked to change."""

    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
EARLIEST_PUBLISHED = datetime(1800, 1, 1, tzinfo=UTC)


def article_changes_clean(
    *,
    article: Article,
    title: Any = KEEP,
    url: Any = KEEP,
    publisher: Any = KEEP,
    published_at: Any = KEEP,
    language: Any = KEEP,
) -> dict[str, Any]:
    """The cleaned values of the given metadata fields, or ValidationError with a
    message per field at fault (all of them at once).

    title: one line (cleaned as bodies are), at most 500 characters. url: a plain
    public http(s) URL, or "" for none, kept as the claimed_url of an article the
    app did not fetch; fixed for one it fetched (selectors.article_url_fixed).
    publisher: an Outlet, a name (found or created as submissions are) or
    ""/None for none. published_at: a date or
    datetime (naive ones in the site's time zone), None for unknown; not in the
    future nor before 1800. language: a language tag such as en or pt-br.
    """
    given = {
        "title": title,
        "url": url,
        "publisher": publisher,
        "published_at": published_at,
        "language": language,
    }
    cleaned, errors = {}, {}
    for name, value in given.items():
        if value is KEEP:
            continue
        try:
            cleaned[name] = _ARTICLE_CLEANERS[name](article, value)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    if "url" in cleaned and not selectors.article_url_fixed(article):
        cleaned["claimed_url"] = cleaned.pop("url")  # what the editor says it is
    return cleaned


def _clean_title(article: Article, value: str) -> str:
    title = ingestion.clean_line(value or "")
    if len(title) > 500:
        raise ValidationError(
            f"The title is {len(title):,} characters long; at most 500 fit."
        )
    return title


def _clean_url(article: Article, value: str) -> str:
    """The URL an article the app did not fetch was published at (stored as its
    claimed_url); the URL of one it fetched is what it is, and fixed."""
    url = (value or "").strip()
    if url == (article.url or article.claimed_url):
        return url
    if selectors.article_url_fixed(article):
        raise ValidationError(
            "The app fetched this article from its URL, which is what the article "
            "is; it cannot be changed. Submit the other URL as an article of its own."
        )
    if not url:
        return ""
    if len(url) > 2000:
        raise ValidationError("The URL is longer than 2,000 characters.")
    try:
        URLValidator(schemes=["http", "https"])(url)
        return ingestion.check_url(
            url, any_port=settings.ATTRIBUTION_FETCH_ALLOW_LOOPBACK
        )
    except ingestion.UnusableInput as error:
        raise ValidationError(str(error)) from None
    except ValidationError:
        raise ValidationError(f"{url!r} is not a valid http or https URL.") from None


def _clean_publisher(article: Article, value: Outlet | str | None) -> Outlet | None:
    if isinstance(value, Outlet) or value is None:
        return value
    name = ingestion.clean_line(value)
    if len(name) > 200:
        raise ValidationError("An outlet's name has at most 200 characters.")
    return outlet_get_or_create(name=name) if name else None


def _clean_published(article: Article, value) -> datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        raise ValidationError("Give the date as a date, such as 2024-05-31.")
    if not isinstance(value, datetime):  # a date
        value = datetime.combine(value, datetime.min.time())
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if value > timezone.now() + timedelta(days=1):
        raise ValidationError(
            f"The published date ({value:%Y-%m-%d}) is in the future."
        )
    if value < EARLIEST_PUBLISHED:
        raise ValidationError("The published date must be after 1800.")
    return value


_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(-[a-z0-9]{2,8})*")


def _clean_language(article: Article, value: str) -> str:
    tag = (value or "").strip().lower().replace("_", "-")
    if not _LANGUAGE_TAG.fullmatch(tag) or len(tag) > 10:
        raise ValidationError(
            f"{value!r} is not a language tag such as en, fr or pt-br."
        )
    return tag


_ARTICLE_CLEANERS = {
    "title": _clean_title,
    "url": _clean_url,
    "publisher": _clean_publisher,
    "published_at": _clean_published,
    "language": _clean_language,
}


def article_update(*, article: Article, user, **values: Any) -> Article:
    """Correct an article's metadata (title, url, publisher, published_at,
    language; see article_changes_clean), recording who changed what.

    Only the fields given and different from the stored ones are written, in one
    version of the article's history with `user`; nothing given or nothing
    different writes nothing. The body, which claim offsets point into, and the
    parse state are never changed here. Raises ValidationError naming each field
    at fault, and nothing is saved then.
    """
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        cleaned = article_changes_clean(article=current, **values)
        changed = [
            name for name, value in cleaned.items() if getattr(current, name) != value
        ]
        if not changed:
            return current
        _article_history_catch_up(current)
        for name in changed:
            setattr(current, name, cleaned[name])
        current._history_user = user  # type: ignore[attr-defined]
        current._change_reason = "edited"  # type: ignore[attr-defined]
        current.save(update_fields=[*changed, "updated_at"])
    return current


def _article_history_catch_up(article: Article) -> None:
    """Record the article as it is when its history's last version differs (the
    fetch and the parse write with update()), so that an editor's version shows
    only the editor's changes."""
    record = Article.history.model
    last = article.history.order_by("-history_date", "-history_id").first()
    tracked = [f.attname for f in record.tracked_fields]
    if last is not None and all(
        getattr(last, name) == getattr(article, name) for name in tracked
    ):
        return
    values = {name: getattr(article, name) for name in tracked}
    record.objects.create(
        history_date=timezone.now(),
        history_type="~" if last is not None else "+",
        history_change_reason="as the app stored it",
        **values,
    )


# Editors -------------------------------------------------------------------------
#
# Each change is one SpeakerChange row with who and when. Merges and splits also
# write SpeakerDecision rows, keyed by article and name, so that a re-parse places
# the same names on the same speakers.


def speaker_merge(*, speaker: Speaker, into: Speaker, user) -> Speaker:
    """Make `speaker` part of `into`: claims, statements, names, decisions and
    history move, and `speaker` is deleted. Returns `into`.

    Merging speakers of different articles makes `into` a speaker of no article in
    particular (it may then gather claims of other articles by its full names).
    """
    if speaker.pk == into.pk:
        raise ValidationError({"into": "A speaker cannot be merged into itself."})
    with transaction.atomic():
        speaker, into = _lock(speaker, into)
        if speaker.outlet_id and into.outlet_id and speaker.outlet_id != into.outlet_id:
            raise ValidationError(
                {"into": "Both speakers are outlets; merge the outlets instead."}
            )
        moved = _speaker_decide(speaker.claims.all(), into, user)
        SpeakerDecision.objects.filter(speaker=speaker).update(speaker=into)
        speaker.claims.update(speaker=into)
        CanonicalClaim.objects.filter(speaker=speaker).update(speaker=into)
        SpeakerChange.objects.filter(speaker=speaker).update(speaker=into)
        outlet = speaker.outlet
        if speaker.article_id != into.article_id:
            into.article = None
        into.aliases = _merged_names(
            into, [identity.strip_in(speaker.name), *speaker.aliases]
        )
        into.contexts = list(dict.fromkeys([*into.contexts, *speaker.contexts]))[:20]
        into.description = into.description or speaker.description
        name = speaker.name
        speaker.delete()
        if outlet is not None and into.outlet_id is None:
            into.outlet, into.kind = outlet, Speaker.Kind.OUTLET
        into.save()
        _keys_reset(into)
        _log(
            into,
            user,
            SpeakerChange.Action.MERGE,
            f"Merged “{name}” ({moved} claims) into “{into.name}”.",
        )
    return into


def speaker_split(
    *, speaker: Speaker, article_ids: Iterable[int], name: str, user
) -> Speaker:
    """Move the speaker's claims in the given articles to a new speaker `name`.

    The new speaker has the old one's kind; it belongs to the article when only
    one is given and the old speaker belonged to one. Their statements are
    clustered again under the new speaker.
    """
    ids = sorted(set(article_ids))
    name = " ".join(name.split())[:200]
    if not name:
        raise ValidationError({"name": "Give the new speaker a name."})
    with transaction.atomic():
        (speaker,) = _lock(speaker)
        claims = speaker.claims.filter(article_id__in=ids)
        if not claims.exists():
            raise ValidationError(
                {"articles": "The speaker has no claims in these articles."}
            )
        article = None
        if speaker.article_id is not None and len(ids) == 1:
            article = Article.objects.get(pk=ids[0])
        new = identity.speaker_new(name=name, kind=speaker.kind, article=article)
        moved = _speaker_decide(claims, new, user)
        touched = set(claims.values_list("canonical_id", flat=True)) - {None}
        claims.update(speaker=new, canonical=None)
        _keys_reset(new)
        _log(
            new,
            user,
            SpeakerChange.Action.SPLIT,
            f"Split from “{speaker.name}”: {moved} claims in {len(ids)} article(s).",
        )
        _log(
            speaker,
            user,
            SpeakerChange.Action.SPLIT,
            f"{moved} claims in {len(ids)} article(s) split off to “{new.name}”.",
        )
    for article_id in ids:
        article_cluster(article_id=article_id, touched=touched)
    return new


def speaker_update(
    *,
    speaker: Speaker,
    user,
    name: str | None = None,
    aliases: list[str] | None = None,
    kind: str | None = None,
    outlet: Outlet | None = None,
) -> Speaker:
    """Rename, edit aliases, set the kind or link to an outlet; each change logged.

    A renamed speaker keeps its old name as an alias, so that articles using it
    still find it. Linking to an outlet that already has a speaker merges this
    speaker into that one: an outlet is one entity.
    """
    with transaction.atomic():
        (speaker,) = _lock(speaker)
        if outlet is not None and outlet.pk != speaker.outlet_id:
            existing = Speaker.objects.filter(outlet=outlet).first()
            if existing is not None:
                return speaker_merge(speaker=speaker, into=existing, user=user)
            speaker.outlet, speaker.kind = outlet, Speaker.Kind.OUTLET
            _log(
                speaker,
                user,
                SpeakerChange.Action.OUTLET,
                f"Linked to the outlet “{outlet.name}”.",
            )
        if kind is not None and kind != speaker.kind:
            if kind not in Speaker.Kind.values:
                raise ValidationError({"kind": f"Unknown kind {kind!r}."})
            if speaker.outlet_id is not None and kind != Speaker.Kind.OUTLET:
                raise ValidationError(
                    {"kind": "A speaker linked to an outlet is an outlet."}
                )
            _log(
                speaker,
                user,
                SpeakerChange.Action.KIND,
                f"Kind set from {speaker.kind} to {kind}.",
            )
            speaker.kind = kind
        if aliases is not None:
            cleaned = _aliases_clean(aliases, name or speaker.name)
            if cleaned != speaker.aliases:
                _log(
                    speaker,
                    user,
                    SpeakerChange.Action.ALIASES,
                    "Aliases set to "
                    + (", ".join(f"“{a}”" for a in cleaned) or "none")
                    + ".",
                )
                speaker.aliases = cleaned
        if name is not None and " ".join(name.split()) != speaker.name:
            new_name = " ".join(name.split())[:200]
            if not new_name:
                raise ValidationError({"name": "A speaker needs a name."})
            _log(
                speaker,
                user,
                SpeakerChange.Action.RENAME,
                f"Renamed from “{speaker.name}” to “{new_name}”.",
            )
            speaker.aliases = _merged_names(speaker, [speaker.name], new_name)
            speaker.name = new_name
        speaker.save()
        _keys_reset(speaker)
    return speaker


def _aliases_clean(aliases: Iterable[str], name: str) -> list[str]:
    """One-line, distinct (case aside) aliases other than the name itself."""
    seen, out = {" ".join(name.split()).lower()}, []
    for alias in aliases:
        alias = " ".join(str(alias).split())[:200]
        if alias and alias.lower() not in seen:
            seen.add(alias.lower())
            out.append(alias)
    return out


def _lock(*speakers: Speaker) -> list[Speaker]:
    ids = [s.pk for s in speakers]
    rows = {
        s.pk: s
        for s in Speaker.objects.select_for_update().filter(pk__in=ids).order_by("pk")
    }
    if len(rows) != len(set(ids)):
        raise Speaker.DoesNotExist("The speaker no longer exists.")
    return [rows[i] for i in ids]


def _speaker_decide(claims, speaker: Speaker, user) -> int:
    """Record that the names of these claims in their articles mean `speaker`."""
    pairs = set(claims.values_list("article_id", "speaker_name"))
    count = claims.count()
    for article_id, name in pairs:
        key = identity.name_key(name)
        if key:
            SpeakerDecision.objects.update_or_create(
                article_id=article_id,
                name_key=key,
                defaults={"speaker": speaker, "created_by": user},
            )
    return count


def _merged_names(speaker: Speaker, names: Iterable[str], shown: str = "") -> list[str]:
    seen = {
        identity.name_key(shown or speaker.name),
        identity.name_key(identity.strip_in(shown or speaker.name)),
    }
    out: list[str] = []
    for alias in [*speaker.aliases, *names]:
        key = identity.name_key(alias)
        if key and key not in seen:
            seen.add(key)
            out.append(alias)
    return out


def _keys_reset(speaker: Speaker) -> None:
    SpeakerName.objects.filter(speaker=speaker).delete()
    identity.keys_sync([speaker])


def _log(speaker: Speaker, user, action: str, summary: str) -> None:
    SpeakerChange.objects.create(
        speaker=speaker, action=action, summary=summary[:500], created_by=user
    )


# Re-linking what is stored ---------------------------------------------------------


@dataclass
class RelinkReport:
    """What re-linking changed: speakers merged, split and claims left unattributed."""

    merged: dict[str, set[str]] = field(default_factory=dict)  # new <- olds
    split: dict[str, set[str]] = field(default_factory=dict)  # old -> news
    unattributed: dict[str, str] = field(default_factory=dict)  # old name -> reason
    claims_moved: int = 0
    speakers_deleted: int = 0

    def lines(self) -> list[str]:
        out = [
            f"merged: {' + '.join(sorted(olds))} -> {new}"
            for new, olds in sorted(self.merged.items())
            if len(olds) > 1
        ]
        out += [
            f"split: {old} -> {' | '.join(sorted(news))}"
            for old, news in sorted(self.split.items())
            if len(news) > 1
        ]
        out += [
            f"no speaker: {old} ({reason})"
            for old, reason in sorted(self.unattributed.items())
        ]
        out.append(
            f"{self.claims_moved} claims moved; {self.speakers_deleted} speakers "
            "left without claims were deleted."
        )
        return out


def claims_relink(*, extract, gazetteer: Gazetteer) -> RelinkReport:
    """Place every stored claim's speaker again under the current rules.

    Each parsed article is read again with `extract` (text -> extracted claims),
    whose claims are matched to the stored ones by span, so the rules see what the
    engine says of each speaker. Claims an editor corrected keep their speaker, and
    editors' decisions apply as on any parse. Speakers left with no claims, no
    statements and no decisions are deleted. Statements are clustered again for the
    claims that moved.
    """
    report = RelinkReport()
    articles = Article.objects.filter(status=Article.Status.PARSED).order_by("pk")
    for article in articles.select_related("publisher").iterator():
        with transaction.atomic():
            _article_relink(article, extract, gazetteer, report)
    orphans = Speaker.objects.filter(
        claims=None, canonical_claims=None, decisions=None, outlet=None
    )
    report.speakers_deleted = orphans.count()
    orphans.delete()
    return report


def _article_relink(article, extract, gazetteer, report: RelinkReport) -> None:
    by_span = {(c.start, c.end): c for c in extract(article.body)}
    claims = [
        c
        for c in article.claims.select_related("speaker").order_by("start")
        if c.review_status != Claim.ReviewStatus.EDITED and (c.start, c.end) in by_span
    ]
    if not claims:
        return
    items = [by_span[(c.start, c.end)] for c in claims]
    placed = identity.claims_place(
        article=article, extracted=items, gazetteer=gazetteer
    )
    touched: set[int] = set()
    for claim, place in zip(claims, placed, strict=True):
        old = claim.speaker
        new = place.speaker
        if old is not None:
            label = old.name
            if new is None:
                report.unattributed[label] = place.reason
            else:
                report.split.setdefault(label, set()).add(new.name)
        if new is not None:
            report.merged.setdefault(new.name, set()).add(old.name if old else "(none)")
        if (old.pk if old else None) != (new.pk if new else None):
            report.claims_moved += 1
            if claim.canonical_id:
                touched.add(claim.canonical_id)
            claim.canonical = None
        claim.speaker = new
        claim.speaker_name = place.name
        claim.no_speaker_reason = place.reason
        claim.speaker_role = (
            claim.speaker_role or by_span[(claim.start, claim.end)].speaker_role[:300]
        )
    Claim.objects.bulk_update(
        claims,
        ["speaker", "speaker_name", "no_speaker_reason", "speaker_role", "canonical"],
    )
    article_cluster(article_id=article.pk, touched=touched)
