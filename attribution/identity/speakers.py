"""Placing an article's mentions on stored speakers: join, create, enrich.

`speakers_place` applies the identity rules (an editor's decision, an outlet's
speaker, a full name's match unless the contexts differ, else a speaker of the
article) in a bounded number of queries, and keeps the `SpeakerName` keys in step.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Q
from django.utils import timezone

from attribution.models import (
    Article,
    Outlet,
    Speaker,
    SpeakerDecision,
    SpeakerName,
)
from attribution.slugs import name_slug

from .contexts import article_context, context_overlap, contexts_differ
from .keys import Mention
from .names import name_key

# Placement -----------------------------------------------------------------------


def local_name(name: str, article: Article) -> str:
    """The shown name of a speaker known only in one article."""
    title = article.title or f"article {article.pk}"
    return f"{name} (in {title})"[:200]


def speakers_place(
    *, article: Article, mentions: Sequence[Mention | None], outlets: dict[str, Outlet]
) -> list[Speaker | None]:
    """The stored speaker of each mention, created or updated as the rules say.

    `outlets` maps outlet names (as in Mention.outlet) to their rows. The caller
    holds the article's row lock; speakers are created with unique slugs.
    """
    distinct = list({id(m): m for m in mentions if m is not None}.values())
    decided = _decisions(article, distinct)
    by_outlet = _outlet_speakers(outlets[m.outlet] for m in distinct if m.outlet)
    candidates = _by_keys(set().union(*(m.global_keys for m in distinct)))
    local = {
        name_key(n): s
        for s in Speaker.objects.filter(article=article)
        for n in [_local_base(s.name, article), *s.aliases]
    }
    topic = article_context(article, distinct, outlets)
    placed: dict[int, Speaker] = {}
    enriched: dict[int, Speaker] = {}
    new = _NewSpeakers(len(distinct))
    for mention in distinct:
        context = [*mention.roles, *topic]
        speaker = decided.get(id(mention))
        if speaker is None and mention.outlet:
            outlet = outlets[mention.outlet]
            speaker = by_outlet.get(outlet.pk) or new.add(
                name=outlet.name, kind=Speaker.Kind.OUTLET, outlet=outlet
            )
            by_outlet[outlet.pk] = speaker
        if speaker is None and mention.global_keys:
            speaker = _best(mention, candidates, context)
            if speaker is None:
                speaker = new.add(name=mention.name, kind=mention.kind)
                for key in mention.global_keys:
                    candidates.setdefault(key, []).append(speaker)
        if speaker is None:
            speaker = local.get(mention.key) or new.add(
                name=local_name(mention.name, article),
                kind=mention.kind,
                article=article,
            )
            local[mention.key] = speaker
        if _enrich(speaker, mention, context if mention.global_keys else []):
            enriched[speaker.pk] = speaker
        placed[id(mention)] = speaker
    new.save()
    _enriched_save([s for s in enriched.values() if not new.holds(s)])
    keys_sync(placed.values())
    return [placed[id(m)] if m is not None else None for m in mentions]


def _local_base(name: str, article: Article) -> str:
    suffix = f" (in {article.title or f'article {article.pk}'})"
    return name.removesuffix(suffix) if name.endswith(suffix) else name


def _decisions(article: Article, mentions: list[Mention]) -> dict[int, Speaker]:
    keys = {key: m for m in mentions for key in m.keys}
    decided: dict[int, Speaker] = {}
    rows = SpeakerDecision.objects.filter(
        article=article, name_key__in=list(keys)
    ).select_related("speaker")
    for row in rows:
        decided.setdefault(id(keys[row.name_key]), row.speaker)
    return decided


def _outlet_speakers(outlets: Iterable[Outlet]) -> dict[int, Speaker]:
    ids = {o.pk for o in outlets}
    if not ids:
        return {}
    return {
        s.outlet_id: s
        for s in Speaker.objects.filter(outlet_id__in=ids)
        if s.outlet_id is not None
    }


def _by_keys(keys: set[str]) -> dict[str, list[Speaker]]:
    """Speakers of no article found under these keys, or whose slug is a key's
    (a speaker an editor or another version stored without keys). Two queries."""
    found: dict[str, list[Speaker]] = {}
    if not keys:
        return found
    slugs = {name_slug(key, "speaker"): key for key in keys}
    rows = (
        Speaker.objects.filter(article__isnull=True)
        .filter(Q(keys__key__in=keys) | Q(slug__in=list(slugs)))
        .prefetch_related("keys")
        .distinct()
        .order_by("pk")
    )
    for speaker in rows:
        names = {k.key for k in speaker.keys.all()} & keys
        if speaker.slug in slugs:
            names.add(slugs[speaker.slug])
        for key in names:
            found.setdefault(key, []).append(speaker)
    return found


def _best(
    mention: Mention, candidates: dict[str, list[Speaker]], context: list[str]
) -> Speaker | None:
    """The stored speaker a full name joins, or None for a stranger.

    Of several stored speakers with the name, the one whose contexts share most
    with this article's (then the one found under most keys, then the oldest).
    """
    scores: dict[int, tuple[int, int, Speaker]] = {}
    for key in mention.global_keys:
        for speaker in candidates.get(key, ()):
            if _kinds_clash(speaker, mention, key):
                continue
            if speaker.kind == Speaker.Kind.PERSON and contexts_differ(
                speaker.contexts, context, mention.name
            ):
                continue
            shared = context_overlap(speaker.contexts, context, mention.name)
            shared, hits, _ = scores.get(speaker.pk, (shared, 0, speaker))
            scores[speaker.pk] = (shared, hits + 1, speaker)
    if not scores:
        return None
    return max(scores.values(), key=lambda item: (item[0], item[1], -item[2].pk))[2]


def _kinds_clash(speaker: Speaker, mention: Mention, key: str) -> bool:
    """Whether a person and a body under one key are two entities. The engine's
    kind is a guess: a name of two or more words shared exactly ("Kirkstall
    Athletic", "Markus Brenner") is one entity whatever kind each article gave it;
    a one-word name ("Corvane", "Violet") is not enough."""
    people = {Speaker.Kind.PERSON}
    if (speaker.kind in people) == (mention.kind in people):
        return False
    return len(key.split()) < 2 or name_key(strip_in(speaker.name)) != key


def speaker_new(
    *,
    name: str,
    kind: str,
    outlet: Outlet | None = None,
    article: Article | None = None,
) -> Speaker:
    return Speaker.objects.create(
        name=name[:200],
        slug=speaker_slug_free(name),
        kind=kind,
        outlet=outlet,
        article=article,
    )


class _NewSpeakers:
    """An article's new speakers, written together once all are placed.

    Each gets its id when made, from one read of the id sequence for the whole
    article (ids in the order made, as one INSERT each gave them), so that the
    placing rules that compare ids see what they saw; the free slugs are read in
    one query and the rows written in one, at save(): three queries however many
    new speakers an article has, none when it has none.
    """

    def __init__(self, most: int) -> None:
        self.most = most
        self.ids: list[int] = []
        self.made: list[Speaker] = []

    def add(
        self,
        *,
        name: str,
        kind: str,
        outlet: Outlet | None = None,
        article: Article | None = None,
    ) -> Speaker:
        if connection.vendor != "postgresql":
            return speaker_new(name=name, kind=kind, outlet=outlet, article=article)
        if not self.ids:
            self.ids = _speaker_ids_next(self.most - len(self.made))
        speaker = Speaker(
            pk=self.ids.pop(0),
            name=name[:200],
            kind=kind,
            outlet=outlet,
            article=article,
        )
        self.made.append(speaker)
        return speaker

    def holds(self, speaker: Speaker) -> bool:
        return any(speaker is made for made in self.made)

    def save(self) -> None:
        if not self.made:
            return
        slugs = speaker_slugs_free([s.name for s in self.made])
        for speaker, slug in zip(self.made, slugs, strict=True):
            speaker.slug = slug
        Speaker.objects.bulk_create(self.made)


def _speaker_ids_next(count: int) -> list[int]:
    """`count` ids from the speaker table's sequence, in increasing order."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
            "FROM generate_series(1, %s) ORDER BY 1",
            [Speaker._meta.db_table, max(count, 1)],
        )
        return [row[0] for row in cursor.fetchall()]


def speaker_slugs_free(names: Sequence[str]) -> list[str]:
    """A slug no speaker has yet for each name, in order (speaker_slug_free for
    several at once, in one query): two names of one slug get two numbers."""
    bases = [name_slug(name, "speaker", max_length=190) for name in names]
    starts = Q()
    for base in set(bases):
        starts |= Q(slug__startswith=base)
    taken = set(Speaker.objects.filter(starts).values_list("slug", flat=True))
    slugs = []
    for base in bases:
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        slugs.append(slug)
    return slugs


def speaker_slug_free(name: str) -> str:
    """A slug no speaker has yet: the name's, numbered when taken (one query)."""
    base = name_slug(name, "speaker", max_length=190)
    taken = set(
        Speaker.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _enrich(speaker: Speaker, mention: Mention, context: list[str]) -> bool:
    """Add the article's names and roles to the speaker; True when it changed
    (saved with the article's other speakers by _enriched_save)."""
    shown = {name_key(speaker.name), name_key(strip_in(speaker.name))}
    aliases = list(speaker.aliases)
    for name in [mention.name, *mention.names]:
        key = name_key(name)
        if key and key not in shown and key not in {name_key(a) for a in aliases}:
            aliases.append(name)
    contexts = list(speaker.contexts)
    for role in [*mention.roles, *context]:
        if role not in contexts and len(contexts) < 1000:
            contexts.append(role)
    description = speaker.description or (mention.roles[0] if mention.roles else "")
    if (aliases, contexts, description) != (
        speaker.aliases,
        speaker.contexts,
        speaker.description,
    ):
        speaker.aliases, speaker.contexts = aliases, contexts
        speaker.description = description[:300]
        return True
    return False


def _enriched_save(speakers: list[Speaker]) -> None:
    """Write the article's changed speakers at once, their rows locked first in
    id order (one lock order for every worker, so two never wait on each other
    in a circle); two queries however many there are."""
    if not speakers:
        return
    ids = sorted(s.pk for s in speakers)
    list(
        Speaker.objects.select_for_update()
        .filter(pk__in=ids)
        .order_by("pk")
        .values_list("pk")
    )
    now = timezone.now()
    for speaker in speakers:
        speaker.updated_at = now
    Speaker.objects.bulk_update(
        speakers, ["aliases", "contexts", "description", "updated_at"]
    )


def strip_in(name: str) -> str:
    return re.sub(r" \(in .*\)$", "", name)


def keys_sync(speakers: Iterable[Speaker]) -> None:
    """Give speakers without an article their full-name keys (one query each way)."""
    wanted = {
        (s.pk, key)
        for s in {s.pk: s for s in speakers}.values()
        if s.article_id is None and s.outlet_id is None
        for key in speaker_keys(s)
    }
    if not wanted:
        return
    ids = {pk for pk, _ in wanted}
    have = set(
        SpeakerName.objects.filter(speaker_id__in=ids).values_list("speaker_id", "key")
    )
    SpeakerName.objects.bulk_create(
        [SpeakerName(speaker_id=pk, key=key) for pk, key in wanted - have],
        ignore_conflicts=True,
    )


def speaker_keys(speaker: Speaker) -> set[str]:
    """The keys a speaker without an article is found under: its full names."""
    if speaker.article_id is not None:
        return set()
    mention = Mention(
        name=speaker.name, kind=speaker.kind, named=True, names=list(speaker.aliases)
    )
    keys = mention.global_keys or ({mention.key} if mention.key else set())
    return keys
