"""Writes for statements (canonical claims): placing claims across articles,
merging, splitting and refreshing statements, and embedding claims."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from attribution import (
    embeddings,
    matching,
    selectors,
)
from attribution.models import (
    Article,
    CanonicalClaim,
    Claim,
    ClusterDecision,
    Speaker,
)

# Canonical claims: claims across articles --------------------------------------------
#
# A claim joins the canonical claim of the same speaker whose reports are most similar
# to it (attribution.clustering decides), or starts a new one. Editors merge and split
# canonical claims; each ruling is stored as a ClusterDecision keyed by the claim's
# place in its article, so it holds when the article is re-parsed. These writes lock
# the speaker's row, so that two workers clustering the same speaker take turns.


def article_cluster(*, article_id: int, touched: Iterable[int] = ()) -> int:
    """Cluster every claim of an article; returns how many found a canonical claim.

    `touched` names canonical claims that lost reports before this call (a re-parse
    deletes unreviewed claims). The article's speakers are locked at once, in id
    order, so that workers clustering articles with shared speakers take turns.
    The speakers' reports elsewhere are read once (the candidate set), new
    canonical claims are created together and every changed one is refreshed
    once, at the end: a fixed number of queries however many claims it has. The
    vectors are computed before the lock (claims_vectors), so that a worker
    waiting for the speakers waits for no model. Inside the parse's transaction it
    adds no savepoint of its own: its failure fails the parse.
    """
    claims = list(
        Claim.objects.filter(article_id=article_id)
        .select_related("article", "canonical")
        .order_by("speaker_id", "start")
    )
    ready = claims_vectors(claims)
    with transaction.atomic(savepoint=False):
        _lock_speakers(c.speaker_id for c in claims)
        changed = set(touched)
        candidates = claims_embed(claims, selectors.statement_candidates(claims), ready)
        plan = _Plan(claims, candidates, changed)
        decisions = _decisions(article_id)
        clustered = sum(_place(claim, plan, decisions) is not None for claim in claims)
        plan.save()
        canonicals_tidy(changed, gained=plan.gained)
    return clustered


def claim_cluster(*, claim_id: int) -> CanonicalClaim | None:
    """Put one claim into its canonical claim; None when it has no speaker.

    An editor's decision for the claim's place wins; a claim already in a canonical
    claim of its speaker stays there; otherwise it joins the same speaker's most
    similar canonical claim at or above clustering.SAME_STATEMENT, or starts one.
    Calling it again changes nothing.
    """
    ready = claims_vectors(list(Claim.objects.filter(pk=claim_id)))
    with transaction.atomic():
        claim = Claim.objects.select_related("article", "canonical").get(pk=claim_id)
        _lock_speakers([claim.speaker_id])
        changed: set[int] = set()
        candidates = claims_embed(
            [claim], selectors.statement_candidates([claim]), ready
        )
        plan = _Plan([claim], candidates, changed)
        placed = _place(claim, plan, _decisions(claim.article_id))
        plan.save()
        canonicals_tidy(changed, gained=plan.gained)
        if placed is None:
            return None
        return CanonicalClaim.objects.get(pk=plan.canonical_id(placed))


def _lock_speakers(ids: Iterable[int | None]) -> None:
    wanted = sorted({i for i in ids if i is not None})
    if wanted:
        list(
            Speaker.objects.select_for_update()
            .filter(pk__in=wanted)
            .order_by("pk")
            .values_list("pk", flat=True)
        )


# A canonical claim while an article is placed: a stored one's id, or a new one
# (created at the end, in order) by its place in _Plan.new.
_Statement = int | CanonicalClaim


class _Plan:
    """Where an article's claims go, decided in memory and written at the end.

    `candidates` holds, per speaker, the distinct (canonical id, text) of the
    speaker's reports in other articles; the article's own claims are added as
    they are placed, so that a second report in the article joins the first one's
    statement as it did when every claim was written at once.

    `changed` collects the stored statements that lost a report (and the new
    ones a second report joined): they are refreshed from all their members.
    `gained` collects, per stored statement that gained reports, the claims it
    gained: canonicals_tidy refreshes those from their earliest reports alone.
    """

    def __init__(
        self,
        claims: list[Claim],
        candidates: dict[int, list[tuple[int, str, bytes | None]]],
        changed: set[int],
    ) -> None:
        self.claims = claims
        self.candidates = candidates
        # Each text's vector, from the stored reports and the article's claims.
        self.vectors = {
            text: embeddings.from_bytes(vector)
            for rows in candidates.values()
            for _, text, vector in rows
            if vector is not None
        } | {
            c.text: embeddings.from_bytes(c.embedding)
            for c in claims
            if c.embedding is not None
        }
        self.changed = changed
        self.gained: dict[int, list[Claim]] = {}
        self.where: dict[int, _Statement | None] = {
            c.pk: c.canonical_id for c in claims
        }
        self.new: list[CanonicalClaim] = []
        self.joined: list[CanonicalClaim] = []  # new ones a second report joined

    def order(self, statement: _Statement) -> tuple[int, int]:
        """Sorts as the ids will: stored ones first, new ones in creation order."""
        if isinstance(statement, int):
            return (0, statement)
        return (1, self.new.index(statement))

    def reports(self, claim: Claim) -> list[tuple[_Statement, str]]:
        """The reports a claim is compared with, as one query per claim gave them:
        distinct by (statement, text), ordered by statement then text."""
        found: dict[tuple[tuple[int, int], str], _Statement] = {
            ((0, c), t): c for c, t, _ in self.candidates.get(claim.speaker_id or 0, [])
        }
        for other in self.claims:
            where = self.where[other.pk]
            same = other.pk != claim.pk and other.speaker_id == claim.speaker_id
            if same and where is not None:
                found[(self.order(where), other.text)] = where
        return [(found[key], key[1]) for key in sorted(found)]

    def report(self, text: str) -> matching.Report:
        return matching.Report(text, self.vectors.get(text))

    def canonical_id(self, statement: _Statement) -> int:
        return statement if isinstance(statement, int) else statement.pk

    def save(self) -> None:
        """Create the new canonical claims and point the claims that moved."""
        CanonicalClaim.objects.bulk_create(self.new)
        self.changed.update(c.pk for c in self.joined)
        moved = []
        for claim in self.claims:
            where = self.where[claim.pk]
            target = None if where is None else self.canonical_id(where)
            if target != claim.canonical_id:
                claim.canonical_id = target
                moved.append(claim)
        if moved:
            Claim.objects.bulk_update(moved, ["canonical"])


def _place(
    claim: Claim, plan: _Plan, decisions: dict[tuple[int, int], CanonicalClaim]
) -> _Statement | None:
    """Decide the claim's canonical claim in the plan; note which ones changed.

    A canonical claim made here for this claim alone needs no refresh: it is
    created with the claim's text and date. `decisions` holds the editors'
    decisions for the claim's article by span (_decisions).
    """
    statement: _Statement | None = None
    fresh = False
    if claim.speaker_id is not None:
        current = plan.where[claim.pk]
        if current is not None and claim.canonical.speaker_id != claim.speaker_id:  # type: ignore[union-attr]
            current = None
        decided = _decided(claim, decisions)
        statement = decided.pk if decided else current
        if statement is None:
            statement = _most_similar(claim, plan)
        if statement is None:
            statement, fresh = _new_canonical(claim, save=False), True
            plan.new.append(statement)
    previous = plan.where[claim.pk]
    if previous is not statement and previous != statement:
        plan.where[claim.pk] = statement
        if isinstance(previous, int):
            plan.changed.add(previous)
        if isinstance(statement, int) and not fresh:
            plan.gained.setdefault(statement, []).append(claim)
        elif isinstance(statement, CanonicalClaim) and not fresh:
            plan.joined.append(statement)
    return statement


def canonical_merge(*, canonical_id: int, into_id: int, user) -> CanonicalClaim:
    """Move every report of one canonical claim into another of the same speaker."""
    if canonical_id == into_id:
        raise ValidationError("A canonical claim cannot be merged into itself.")
    with transaction.atomic():
        source = CanonicalClaim.objects.select_for_update().get(pk=canonical_id)
        target = CanonicalClaim.objects.select_for_update().get(pk=into_id)
        if source.speaker_id != target.speaker_id:
            raise ValidationError(
                "Only statements by the same speaker can be merged: "
                f"{source.speaker} and {target.speaker} differ."
            )
        for claim in source.members.all():
            _decide(claim, target, user)
        source.members.update(canonical=target)
        source.decisions.update(canonical=target)
        source.delete()
        canonical_refresh(target)
    return target


def canonical_split(*, canonical_id: int, claim_id: int, user) -> CanonicalClaim:
    """Take one report out of canonical claim `canonical_id` into one of its own.

    ValidationError (on "claim") when the claim does not exist or is not a report of
    that canonical claim: the API and the web UI both rely on this one check.
    """
    with transaction.atomic():
        claim = (
            Claim.objects.select_related("article")
            .filter(pk=claim_id, canonical_id=canonical_id)
            .first()
        )
        if claim is None:
            raise ValidationError(
                {"claim": ["That claim is not a report of this statement."]}
            )
        if claim.speaker_id is None:
            raise ValidationError("A claim with no speaker has no canonical claim.")
        previous = claim.canonical
        if previous is not None and previous.members.count() == 1:
            raise ValidationError("This claim is already its statement's only report.")
        canonical = _new_canonical(claim)
        _decide(claim, canonical, user)
        Claim.objects.filter(pk=claim.pk).update(canonical=canonical)
        if previous is not None:
            canonicals_tidy([previous.pk])
    return canonical


def canonical_refresh(canonical: CanonicalClaim) -> bool:
    """Recompute the earliest wording, first report time and the altered flag;
    False (and nothing written) when the canonical claim has no report left."""
    members = list(selectors.canonical_members(canonical))
    if not members:
        return False
    _refreshed(canonical, members)
    canonical.save(update_fields=["text", "first_reported_at", "altered", "updated_at"])
    return True


def canonicals_refresh_all() -> tuple[int, int]:
    """canonical_refresh for every canonical claim, as after a change to how drift is
    measured (issue 17). Idempotent. Returns how many were refreshed and how many of
    them changed their altered flag."""
    refreshed = changed = 0
    for canonical in CanonicalClaim.objects.order_by("pk").iterator(chunk_size=500):
        before = canonical.altered
        canonical_refresh(canonical)
        refreshed += 1
        changed += canonical.altered != before
    return refreshed, changed


def canonicals_tidy(
    ids: Iterable[int], *, gained: Mapping[int, list[Claim]] | None = None
) -> None:
    """Refresh the given canonical claims, deleting those left with no report.

    One that an editor's decision points at is kept: a re-parse refills it. The
    members of all of them are read in one query and the changes written in one
    (canonical_refresh's result, without loading each member's attribution).

    `gained` names statements that only gained reports since they were last
    refreshed, with the claims they gained (their articles loaded): each is
    refreshed from its earliest stored reports (the earliest quoted one, which
    its altered flag was measured against, and the earliest other one) and the
    new ones, so that a statement of hundreds of reports costs what one of two
    costs. Where a new quote comes before the earliest stored quote, the
    statement is refreshed from all its members (every quote is then measured
    against the new first).
    """
    full = set(ids)
    extended = {pk: new for pk, new in (gained or {}).items() if pk not in full}
    if not full and not extended:
        return
    canonicals = {
        c.pk: c for c in CanonicalClaim.objects.filter(pk__in=full | set(extended))
    }
    now = timezone.now()
    refreshed = []
    for pk, earliest in _earliest_reports(extended, canonicals).items():
        if _extended(canonicals[pk], earliest, extended[pk]):
            canonicals[pk].updated_at = now
            refreshed.append(canonicals[pk])
        else:
            full.add(pk)
    full &= canonicals.keys()
    members: dict[int, list[Claim]] = {pk: [] for pk in full}
    if full:
        for claim in _lean(Claim.objects.filter(canonical_id__in=full)):
            members[claim.canonical_id or 0].append(claim)
    emptied = []
    for pk in full:
        if not members[pk]:
            emptied.append(pk)
            continue
        canonical = canonicals[pk]
        _refreshed(canonical, selectors.in_order_of_appearance(members[pk]))
        canonical.updated_at = now
        refreshed.append(canonical)
    CanonicalClaim.objects.bulk_update(
        refreshed, ["text", "first_reported_at", "altered", "updated_at"]
    )
    if emptied:
        CanonicalClaim.objects.filter(pk__in=emptied).exclude(
            pk__in=ClusterDecision.objects.values("canonical_id")
        ).delete()


def _lean(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Claims with what a refresh reads: text, kind, place and article dates."""
    return claims.select_related("article").only(
        "text",
        "kind",
        "start",
        "canonical_id",
        "article_id",
        "article__published_at",
        "article__created_at",
    )


# Per statement, its earliest quoted report and its earliest other one, in the
# order of selectors.in_order_of_appearance. Written out rather than built with
# the ORM: compiling the expressions cost more than the query (issue 19).
_EARLIEST_REPORTS = """
SELECT DISTINCT ON (c.canonical_id, c.kind IN ({quoted}))
       c.canonical_id, c.id, c.text, c.kind, c.start, c.article_id,
       a.published_at, a.created_at
  FROM {claim} c JOIN {article} a ON a.id = c.article_id
 WHERE c.canonical_id = ANY(%s) AND NOT c.id = ANY(%s)
 ORDER BY c.canonical_id, c.kind IN ({quoted}), a.published_at IS NULL,
          COALESCE(a.published_at, a.created_at), c.article_id, c.start
"""


def _earliest_reports(
    gained: Mapping[int, list[Claim]], canonicals: Mapping[int, CanonicalClaim]
) -> dict[int, list[Claim]]:
    """Per statement of `gained`, its earliest stored report that is quoted and
    the earliest that is not (either may be missing), leaving out the claims it
    gained: one query, PostgreSQL's DISTINCT ON over the statements' members. A
    statement with no other report has an empty list (refreshed in full); on
    other databases every statement has. The claims hold what a refresh reads
    (text, kind, place, their article's dates) and nothing else."""
    wanted = [pk for pk in gained if pk in canonicals]
    found: dict[int, list[Claim]] = {pk: [] for pk in wanted}
    if not wanted or connection.vendor != "postgresql":
        return found
    new = [claim.pk for pk in wanted for claim in gained[pk]]
    sql = _EARLIEST_REPORTS.format(
        quoted=", ".join(f"'{kind}'" for kind in selectors.QUOTED),
        claim=Claim._meta.db_table,
        article=Article._meta.db_table,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [wanted, new or [0]])
        rows = cursor.fetchall()
    for canonical_id, pk, text, kind, start, article_id, published, created in rows:
        claim = Claim(
            pk=pk,
            text=text,
            kind=kind,
            start=start,
            article_id=article_id,
            canonical_id=canonical_id,
        )
        claim.article = Article(
            pk=article_id, published_at=published, created_at=created
        )
        found[canonical_id].append(claim)
    return found


def _extended(
    canonical: CanonicalClaim, earliest: list[Claim], new: list[Claim]
) -> bool:
    """Refresh a statement from its earliest stored reports (_earliest_reports)
    and the reports it gained; False (nothing set) when that cannot be done: no
    stored report, or a gained quote before the quote its flag was measured by.

    The stored altered flag says whether any stored quote drifts from the earliest
    stored quote; while that quote stays the first, the new flag is the old one or
    a new quote's drift from it (with no stored quote, the new quotes' own)."""
    if not earliest:
        return False
    reports = selectors.in_order_of_appearance([*earliest, *new])
    quoted = [c for c in reports if c.kind in selectors.QUOTED]
    stored_quote = next((c for c in earliest if c.kind in selectors.QUOTED), None)
    if stored_quote is not None and quoted[0] is not stored_quote:
        return False
    canonical.text = reports[0].text
    canonical.first_reported_at = selectors.reported_at(reports[0])
    if stored_quote is None or not canonical.altered:
        canonical.altered = selectors.canonical_altered(quoted)
    return True


def _refreshed(canonical: CanonicalClaim, members: list[Claim]) -> None:
    """Set the earliest wording, first report time and the altered flag from the
    members in order of appearance (canonical_refresh's rule, nothing saved)."""
    earliest = members[0]
    canonical.text = earliest.text
    canonical.first_reported_at = selectors.reported_at(earliest)
    canonical.altered = selectors.canonical_altered(members)


def _decisions(article_id: int) -> dict[tuple[int, int], CanonicalClaim]:
    """The editors' cluster decisions for an article's claims, by span: read once
    per article, not once per claim."""
    return {
        (d.start, d.end): d.canonical
        for d in ClusterDecision.objects.select_related("canonical").filter(
            article_id=article_id
        )
    }


def _decided(
    claim: Claim, decisions: dict[tuple[int, int], CanonicalClaim]
) -> CanonicalClaim | None:
    decided = decisions.get((claim.start, claim.end))
    if decided is not None and decided.speaker_id == claim.speaker_id:
        return decided
    return None


def _most_similar(claim: Claim, plan: _Plan) -> _Statement | None:
    """The speaker's canonical claim with the report most similar to this claim.

    Reports with the same words in the same canonical claim are compared once: a
    quote carried verbatim by many outlets costs one comparison.
    """
    reports = plan.reports(claim)
    best = matching.best_match(
        plan.report(claim.text), [plan.report(text) for _, text in reports]
    )
    if best is None:
        return None
    return reports[best][0]


_Candidates = dict[int, list[tuple[int, str, bytes | None]]]


def claims_embed(
    claims: list[Claim],
    candidates: _Candidates,
    ready: dict[str, bytes] | None = None,
) -> _Candidates:
    """Store sentence vectors where placing the claims compares them; returns the
    candidates (selectors.statement_candidates) with their vectors filled in.

    Vectors are made when first needed: for a claim whose speaker has reports in
    other articles, and for those reports that have none yet. A speaker's first
    article embeds nothing (its claims are compared with each other on their
    words); its second embeds both. A text that already has a vector reuses it (a
    quote carried word for word by many outlets is embedded once); `ready` holds
    those made before the speakers were locked (claims_vectors); the rest are
    embedded together (embeddings.embed, in batches of similar length). Sets
    `embedding` and `embedded_at` on the claims passed.
    """
    wanted, known, stale, missing = _embedding_needed(claims, candidates)
    if not wanted and not missing:
        return candidates
    known |= {t: v for t, v in (ready or {}).items() if t in missing}
    known |= _vectors([t for t in missing if t not in known])
    for claim in wanted:
        claim.embedding = known[claim.text]
    if stale:
        wanted += Claim.objects.filter(
            speaker_id__in=candidates, text__in=stale, embedding__isnull=True
        ).only("pk", "text")
        for claim in wanted:
            claim.embedding = known[claim.text]
    now = timezone.now()
    for claim in wanted:
        claim.embedded_at = now
    Claim.objects.bulk_update(wanted, ["embedding", "embedded_at"])
    return {
        speaker: [(c, t, known.get(t, v)) for c, t, v in rows]
        for speaker, rows in candidates.items()
    }


def claims_vectors(claims: list[Claim]) -> dict[str, bytes]:
    """The vectors claims_embed will need for these claims, made now: called
    before the speakers are locked, so that the model runs outside the lock. The
    candidates are read unlocked; a report stored meanwhile is embedded under the
    lock, as before."""
    candidates = selectors.statement_candidates(claims)
    return _vectors(_embedding_needed(claims, candidates)[3])


def _embedding_needed(
    claims: list[Claim], candidates: _Candidates
) -> tuple[list[Claim], dict[str, bytes], set[str], list[str]]:
    """The claims to give a vector, the vectors stored already by text, the texts
    of stored reports without one, and the texts that need the model."""
    seen = {speaker for speaker, rows in candidates.items() if rows}
    wanted = [c for c in claims if c.speaker_id in seen and c.embedding is None]
    known = {t: v for rows in candidates.values() for _, t, v in rows if v is not None}
    stale = {t for s in seen for _, t, v in candidates[s] if v is None} - set(known)
    missing = sorted(({c.text for c in wanted} | stale) - set(known))
    return wanted, known, stale, missing


# Texts of similar length go to the model together: padding to a batch's longest
# text costs less than one call per text.
_EMBED_BATCH = 16


def _vectors(texts: list[str]) -> dict[str, bytes]:
    """Each text's stored vector, made in batches of texts of similar length."""
    texts = sorted(set(texts), key=len)
    vectors: dict[str, bytes] = {}
    for start in range(0, len(texts), _EMBED_BATCH):
        batch = texts[start : start + _EMBED_BATCH]
        vectors |= {
            text: embeddings.to_bytes(vector)
            for text, vector in zip(batch, embeddings.embed(batch), strict=True)
        }
    return vectors


def claims_embed_backfill(*, after: int, size: int) -> tuple[int, int]:
    """Give the next `size` claims without a vector, with an id above `after`, their
    vectors, in one transaction (claims another worker holds are skipped). Returns
    how many, and the last id: (0, after) when none is left. Resumable: a run
    stopped between batches goes on from the claims still without one."""
    with transaction.atomic():
        claims = list(
            Claim.objects.select_for_update(skip_locked=True)
            .filter(embedding__isnull=True, pk__gt=after)
            .order_by("pk")
            .only("pk", "text")[:size]
        )
        if not claims:
            return 0, after
        known = _vectors([c.text for c in claims])
        now = timezone.now()
        for claim in claims:
            claim.embedding, claim.embedded_at = known[claim.text], now
        Claim.objects.bulk_update(claims, ["embedding", "embedded_at"])
    return len(claims), claims[-1].pk


def _new_canonical(claim: Claim, *, save: bool = True) -> CanonicalClaim:
    canonical = CanonicalClaim(  # type: ignore[misc]
        speaker_id=claim.speaker_id,
        text=claim.text,
        first_reported_at=selectors.reported_at(claim),
    )
    if save:
        canonical.save()
    return canonical


def _decide(claim: Claim, canonical: CanonicalClaim, user) -> None:
    ClusterDecision.objects.update_or_create(
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        defaults={"canonical": canonical, "created_by": user},
    )
