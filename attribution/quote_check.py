"""The quote check: "did X really say this, and where did it first appear?".

A fact-checker pastes a quote, and optionally who is said to have said it. The
answer is the statements (canonical claims) whose reports match it, best first,
each with its earliest known source, every report with its outlet chain and how
the pasted words differ from that report's, and the verdicts fact-checkers have
already given. When nothing matches it says so, with the nearest statements and
their scores, so that "no match" is an answer and not a silence.

Reads only. The cost is a fixed number of queries whatever the store holds:
candidates come from the indexes migration 0014 built (the stored tsvector and
pg_trgm), at most CANDIDATES claims, plus a named speaker's claims nearest in
meaning (matching.nearest over their stored vectors) and anyone's claims nearest
in meaning (vector_index, hnswlib over every stored vector), and are scored in Python by
the matching cascade, so that the quote check and the clustering agree on what
"the same statement" means:

- the pasted quote is embedded (embeddings.embed) and compared with each stored
  vector; words alone (clustering.similarity) score high on unrelated sentences
  that share common words, so for a report with a vector the lexical score counts
  only when the quote's words are the report's in order (an excerpt, a typo, a
  word changed: clustering.drift at most IN_ORDER); else the vectors decide;
- a report stored without a vector is scored on its words, as before embeddings;
- a quote that is a run of the report's own words (EXCERPT_WORDS or more, in
  order) is an excerpt of it, whatever the vectors say;
- a report whose number, name or negation conflicts with the quote
  (matching.vetoed) is never "the same statement": it may be shown among the
  nearest, with the reason.

Other databases find candidates by substring.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

import numpy as np
from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, Value

from attribution import clustering, embeddings, matching, selectors, vector_index
from attribution.models import CanonicalClaim, Claim, ClaimFlag, ClaimVia, Speaker

QUOTE_MAX_LENGTH = 2_000  # characters: a paragraph, not an article
SPEAKER_MAX_LENGTH = 200
MATCH_AT = clustering.SAME_STATEMENT  # the clustering's own threshold
CANDIDATES = 500  # claims fetched by their words, newest first
TIER = 200  # of them, the newest that share so many of its words
SPEAKER_CANDIDATES = 50  # the named speaker's claims closest by trigrams
MATCHES = 5  # a page of answers; the statement page has the rest of each
NEAREST = 3
_LEXEMES = 6  # the rarest words of the quote its candidates are found by
SPEAKER_VECTORS = 5_000  # the named speaker's newest embedded claims searched
STORE_CANDIDATES = 50  # anyone's claims nearest in meaning (vector_index)
NEAR_IN_MEANING = 0.5  # cosine: a speaker's claim this close is a candidate
IN_ORDER = 0.25  # drift: the quote's words are the report's, a word or two changed
EXCERPT_WORDS = 6  # an excerpt this long is a quote of the report, not a phrase


@dataclass(frozen=True)
class Report:
    """One report of a statement against the pasted quote."""

    claim: Claim
    drift: float  # clustering.drift(report, quote): 0 when the quote is its words
    diff: list[clustering.DiffPart]  # the quote against the report, word by word


@dataclass(frozen=True)
class Match:
    """A statement and how close the pasted quote is to it (0-100)."""

    statement: CanonicalClaim
    score: float
    reports: list[Report]  # earliest first; reports of unknown date last
    verdicts: list[ClaimFlag]  # on any of its reports, newest first
    reason: str = ""  # why it is not the same statement: matching.vetoed's word

    @property
    def earliest(self) -> Claim | None:
        return self.reports[0].claim if self.reports else None


@dataclass(frozen=True)
class QuoteCheck:
    quote: str
    speaker: str  # as typed; "" when none was given
    speakers: list[Speaker]  # the speakers that name means (empty when unknown)
    matches: list[Match]
    nearest: list[Match] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return bool(self.matches)


def quote_check(
    *, quote: str, speaker: str = "", by_meaning: bool = True
) -> QuoteCheck:
    """The statements matching `quote` (of `speaker`, when given), best first.

    A statement matches when one of its reports scores at least MATCH_AT against
    the quote (on the quoted words of a mixed report), no check of the cascade
    vetoes it, and, when a speaker is named, it is one of the speakers that name
    means. `nearest` holds the best of the rest: below the threshold, vetoed (with
    the reason), or said by someone else (who else said this). Ties go to the
    earlier statement. `by_meaning=False` scores on words only, without the
    checks, as the quote check did before embeddings (the bench's baseline).
    """
    quote = " ".join(quote.split())
    speaker = " ".join(speaker.split())
    speakers = selectors.speakers_named(speaker) if speaker else []
    vector = embeddings.embed([quote])[0] if by_meaning else None
    candidates = _candidates(quote, [s.pk for s in speakers], vector)
    wanted = {s.pk for s in speakers} if speaker else None
    scores = _scores(quote, vector, candidates, wanted)
    matched, rest = _page(scores, wanted)
    details = _details(quote, [*matched, *rest], scores)
    return QuoteCheck(
        quote=quote,
        speaker=speaker,
        speakers=speakers,
        matches=[details[pk] for pk in matched if pk in details],
        nearest=[details[pk] for pk in rest if pk in details],
    )


def _page(
    scores: dict[int, "_Best"], wanted: set[int] | None
) -> tuple[list[int], list[int]]:
    """The statements shown: the MATCHES best that match (at or above MATCH_AT,
    no check vetoing, of a speaker in `wanted` unless it is None), and the
    NEAREST best of the rest; ties to the earlier statement."""
    ranked = sorted(scores.items(), key=lambda item: (-item[1].score, item[0]))
    matched: list[int] = []
    rest: list[int] = []
    for canonical_id, best in ranked:
        fits = wanted is None or best.speaker_id in wanted
        same = best.score >= MATCH_AT and not best.reason
        (matched if same and fits else rest).append(canonical_id)
    return matched[:MATCHES], rest[:NEAREST]


# Candidates ------------------------------------------------------------------------

# canonical id, text, kind, speaker id, stored vector (embeddings.to_bytes) or None
_Candidate = tuple[int, str, str, int, bytes | None]
_COLUMNS = ("canonical_id", "text", "kind", "speaker_id", "embedding")


def _candidates(
    quote: str, speaker_ids: list[int], vector: embeddings.Vectors | None
) -> list[_Candidate]:
    """Claims that may report the quote: those holding most of its longest words
    (newest first), and the named speakers' claims closest to it by trigrams,
    which also finds a report that quotes only a part of a longer paste, and
    closest in meaning, which finds a paraphrase in other words."""
    claims = Claim.objects.filter(canonical__isnull=False)
    columns = _COLUMNS
    near: list[_Candidate] = []
    if speaker_ids and vector is not None:
        near = _nearest_in_meaning(claims.filter(speaker_id__in=speaker_ids), vector)
    in_store = _nearest_in_store(vector)
    anyone = claims.filter(pk__in=in_store, embedding__isnull=False)
    found: list[_Candidate]
    if connection.vendor != "postgresql":
        found = _candidates_by_substring(claims, quote, speaker_ids)
        return found + list(anyone.values_list(*columns)) + near
    from django.contrib.postgres.search import TrigramSimilarity

    by_words = _by_words(claims, quote, columns)
    if in_store:  # in the same query as the words' candidates
        by_words = by_words.union(anyone.values_list(*columns), all=True)
    found = list(by_words)
    if speaker_ids:
        # pg_trgm's symmetric similarity: one pass over each claim's trigrams
        close = TrigramSimilarity("text", quote)
        found += (
            claims.filter(speaker_id__in=speaker_ids)
            .annotate(closeness=close)
            .order_by("-closeness", "-id")
            .values_list(*columns)[:SPEAKER_CANDIDATES]
        )
    return found + near


def _nearest_in_store(vector: embeddings.Vectors | None) -> list[int]:
    """Anyone's claims closest in meaning to the quote, from the store-wide index
    (vector_index: hnswlib), at least NEAR_IN_MEANING in cosine: a paraphrase in
    other words when no speaker is named, and who else said it when one is. Only
    ids: the claims are read back with the rest, so a stale proposal costs nothing
    but a row."""
    if vector is None:
        return []
    near = vector_index.nearest(vector, STORE_CANDIDATES)
    return [pk for pk, cosine in near if cosine >= NEAR_IN_MEANING]


def _nearest_in_meaning(
    claims: QuerySet[Claim], vector: embeddings.Vectors
) -> list[_Candidate]:
    """The speaker's claims closest in meaning to the quote, from their newest
    SPEAKER_VECTORS stored vectors (numpy's exact search: one speaker's claims)."""
    rows: list[_Candidate] = list(
        claims.filter(embedding__isnull=False)
        .order_by("-id")
        .values_list(*_COLUMNS)[:SPEAKER_VECTORS]
    )
    if not rows:
        return []
    stored = np.frombuffer(b"".join(bytes(r[4] or b"") for r in rows), dtype="<f4")
    stored = stored.reshape(len(rows), embeddings.DIMENSIONS).astype(np.float32)
    near = matching.nearest(vector, stored, SPEAKER_CANDIDATES, NEAR_IN_MEANING)
    return [rows[row] for row, _ in near]


# The quote's words with how common each is among claims (PostgreSQL's statistics
# of the tsvector column: the most common lexemes and their frequencies; a word
# not listed is rarer than every listed one).
_LEXEME_FREQUENCIES = """
SELECT l.lexeme, s.freq
FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, %s))) AS l(lexeme)
LEFT JOIN (
  SELECT e.elem, e.freq
  FROM pg_stats p,
    unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) AS e(elem, freq)
  WHERE p.schemaname = current_schema() AND p.tablename = 'attribution_claim'
    AND p.attname = 'search_document'
) s ON s.elem = l.lexeme
"""


def _by_words(
    claims: QuerySet[Claim], quote: str, columns: tuple[str, ...]
) -> QuerySet:
    """Claims sharing the quote's rarest words, through the stored tsvector's GIN
    index, in one query of two tiers, each its newest TIER claims: two of its
    three rarest words (a misquote changes a word or two; an excerpt holds them
    all), and any two of its six rarest (the nearest, when nothing matches, and
    a report quoting part of a longer paste). Rare words keep the index's work
    small on a large store; the matcher then scores what comes back.
    When the quote has no word the index keeps ("I am not"), the claims holding
    it by pg_trgm's word similarity, through the trigram index."""
    from django.contrib.postgres.search import SearchQuery

    from attribution.selectors import SearchDocument

    with connection.cursor() as cursor:
        cursor.execute(_LEXEME_FREQUENCIES, [quote])
        found = cursor.fetchall()
    rarest = [w for w, _ in sorted(found, key=lambda r: (r[1] or 0, -len(r[0]), r[0]))]
    if not rarest:
        close = claims.filter(_WordSimilar(Value(quote), F("text")))
        return close.order_by("-id").values_list(*columns)[:CANDIDATES]
    tiers = []
    for among in (3, _LEXEMES):
        words = [
            "'" + w.replace("\\", "\\\\").replace("'", "''") + "'"
            for w in rarest[:among]
        ]
        groups = combinations(words, min(2, len(words)))
        raw = " | ".join("(" + " & ".join(group) + ")" for group in groups)
        tier = (
            claims.alias(document=SearchDocument())
            .filter(document=SearchQuery(raw, search_type="raw", config="simple"))
            .order_by("-id")
            .values_list(*columns)
        )
        tiers.append(tier[:TIER])
        if len(rarest) <= among:
            break
    return tiers[0].union(*tiers[1:], all=True) if len(tiers) > 1 else tiers[0]


class _WordSimilar(Func):
    """`quote <% text`: pg_trgm's word similarity over its threshold, the form
    its GIN index answers."""

    arg_joiner = " <%% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _candidates_by_substring(
    claims: QuerySet[Claim], quote: str, speaker_ids: list[int]
) -> list[_Candidate]:
    """SQLite (make run): claims holding one of the quote's three longest words,
    newest first, and the named speakers' newest claims."""
    longest = sorted(set(clustering.words(quote)), key=lambda w: (-len(w), w))[:3]
    match = Q(pk__in=[])
    for word in longest:
        match |= Q(text__icontains=word)
    columns = _COLUMNS
    found = list(claims.filter(match).order_by("-id").values_list(*columns))
    if speaker_ids:
        mine = claims.filter(speaker_id__in=speaker_ids).order_by("-id")
        found += mine.values_list(*columns)[:SPEAKER_CANDIDATES]
    return found[: CANDIDATES + SPEAKER_CANDIDATES]


@dataclass(frozen=True)
class _Best:
    """A statement's closest report to the quote."""

    score: float
    speaker_id: int
    reason: str  # matching.vetoed's word, or ""


def _scores(
    quote: str,
    vector: embeddings.Vectors | None,
    candidates: Iterable[_Candidate],
    wanted: set[int] | None = None,
) -> dict[int, _Best]:
    """The closest report of each candidate statement that can be shown, by
    canonical claim id: a report no check vetoes before one that is vetoed, then
    the higher score.

    The cascade's checks (the vetoes, the alignment of the words) cost a
    millisecond a report, and a quote has hundreds of candidates, of which a page
    is shown. So each is first given a bound of its score that costs no check
    (_bound: its words' score, its vector's, or 100 for what may be an excerpt),
    and reports are scored exactly in the order of their bounds until no report
    left could change the page (_settled): the statements returned are those
    scored, the page's among them as if all had been."""
    rows = list(candidates)
    if vector is None:  # words only: no check to spare
        return _best_of(quote, None, rows)
    bounds = _bounds(quote, vector, rows)
    order = sorted(range(len(rows)), key=lambda k: -bounds[k])
    best: dict[int, _Best] = {}
    reports: dict[int, list[int]] = {}  # the candidates of each statement
    for k, row in enumerate(rows):
        reports.setdefault(row[0], []).append(k)
    done: set[int] = set()
    for k in order:
        if k in done:
            continue
        if len(done) % _SCORED_AT_ONCE == 0 and _settled(best, bounds[k], wanted):
            redone = _unsettled_vetoes(best, reports, done)
            for other in redone:
                _best_in(best, quote, vector, rows[other])
                done.add(other)
            if not redone or _settled(best, bounds[k], wanted):
                break
        _best_in(best, quote, vector, rows[k])
        done.add(k)
    return best


_SCORED_AT_ONCE = 10  # reports scored between two looks at the page


def _best_of(
    quote: str, vector: embeddings.Vectors | None, rows: list[_Candidate]
) -> dict[int, _Best]:
    best: dict[int, _Best] = {}
    for row in rows:
        _best_in(best, quote, vector, row)
    return best


def _best_in(
    best: dict[int, _Best],
    quote: str,
    vector: embeddings.Vectors | None,
    row: _Candidate,
) -> None:
    """Score one report and keep it if it is its statement's best so far."""
    canonical_id, text, kind, speaker_id, stored = row
    words = clustering.quoted_part(text) if kind == Claim.Kind.MIXED else text
    score, reason = _score(quote, vector, words, stored)
    found = _Best(round(score, 1), speaker_id, reason)
    known = best.get(canonical_id)
    if known is None or (not found.reason, found.score) > (
        not known.reason,
        known.score,
    ):
        best[canonical_id] = found


def _bounds(
    quote: str, vector: embeddings.Vectors, rows: list[_Candidate]
) -> list[float]:
    """For each report, a score _score cannot exceed, as rounded: 100 when the
    quote's words are all among its words (an excerpt, maybe), else the larger
    of its words' score and its vector's (one matrix product for all)."""
    stored = [k for k, row in enumerate(rows) if row[4] is not None]
    cosines = np.zeros(len(rows), dtype=np.float32)
    if stored:
        joined = b"".join(bytes(rows[k][4] or b"") for k in stored)
        matrix = np.frombuffer(joined, dtype="<f4").reshape(len(stored), -1)
        cosines[stored] = matrix.astype(np.float32) @ vector
    has_vector = set(stored)
    mine = clustering.words(quote)
    bounds = []
    for k, (_, text, kind, _, _) in enumerate(rows):
        words = clustering.quoted_part(text) if kind == Claim.Kind.MIXED else text
        if len(mine) >= EXCERPT_WORDS and set(mine) <= set(clustering.words(words)):
            bounds.append(100.0 + _ROUNDING)
            continue
        bound = clustering.similarity(quote, words)
        if k in has_vector:
            meaning = _on_the_lexical_scale(float(cosines[k]))
            bound = max(bound, min(max(meaning, 0.0), 100.0))
        bounds.append(bound + _ROUNDING)
    return bounds


# A score is rounded to a tenth, and numpy's product of many vectors may differ
# from the product of one in the last bit: a bound is that much higher.
_ROUNDING = 0.1


def _settled(best: dict[int, "_Best"], bound: float, wanted: set[int] | None) -> bool:
    """Whether no report scoring at most `bound` can change the page: the
    MATCHES best statements that match (at or above MATCH_AT, unvetoed, of a
    speaker in `wanted` unless it is None), then the NEAREST best of the rest, each list
    as quote_check makes it. Ties go to the lower id, so a bound equal to a
    list's last score may still enter it."""
    same: list[float] = []
    rest: list[float] = []
    for found in best.values():
        matches = found.score >= MATCH_AT and not found.reason
        fits = wanted is None or found.speaker_id in wanted
        (same if matches and fits else rest).append(found.score)
    same.sort()
    rest.sort()
    if bound >= MATCH_AT and (len(same) < MATCHES or bound >= same[-MATCHES]):
        return False
    return len(rest) >= NEAREST and bound < rest[-NEAREST]


def _unsettled_vetoes(
    best: dict[int, _Best], reports: dict[int, list[int]], done: set[int]
) -> list[int]:
    """The reports not yet scored of statements whose best so far is vetoed: one
    of them unvetoed would be the statement's best, though it scores lower."""
    return [
        k
        for canonical_id, found in best.items()
        if found.reason
        for k in reports[canonical_id]
        if k not in done
    ]


def _score(
    quote: str,
    vector: embeddings.Vectors | None,
    words: str,
    stored: bytes | memoryview | None,
) -> tuple[float, str]:
    """0-100 and the veto's reason ("" when none): the cascade of matching.score,
    with the lexical score kept where it means "the same words". With no quote
    vector (by_meaning=False) the words alone, unchecked, as before embeddings."""
    lexical = clustering.similarity(quote, words)
    if vector is None:
        return lexical, ""
    reason = matching.vetoed(quote, words)
    if _excerpt(quote, words):
        return 100.0, reason
    if stored is None:
        return lexical, reason
    cosine = float(np.dot(embeddings.from_bytes(stored), vector))
    meaning = min(max(_on_the_lexical_scale(cosine), 0.0), 100.0)
    if (
        lexical > meaning
        and _may_be_in_order(words, quote)
        and clustering.drift(words, quote) <= IN_ORDER
    ):
        return lexical, reason
    return meaning, reason


def _may_be_in_order(words: str, quote: str) -> bool:
    """False when clustering.drift(words, quote) is sure to exceed IN_ORDER, found
    without aligning the two: every word of the quote is in the alignment either
    the same as a word of the report or added, so drift is at least
    added / (2 * same + added), and `same` is at most the number of the quote's
    words that the report has at all. Aligning costs a millisecond; this, a set."""
    theirs = set(clustering._text(words).words)
    theirs |= {b for a, b in _EITHER if a in theirs} | {
        a for a, b in _EITHER if b in theirs
    }
    mine = [w for w in clustering._text(quote).words if w != clustering.ELLIPSIS]
    present = sum(w in theirs for w in mine)
    most = IN_ORDER + 0.0005  # drift is rounded to three places
    return present >= len(mine) * (1 - most) / (1 + most)


_EITHER = clustering._EITHER  # "'s" is "is" or "has", "'d" "would" or "had"


def _excerpt(quote: str, words: str) -> bool:
    """The quote is a run of at least EXCERPT_WORDS of the report's words, in
    order: an excerpt, whatever the words it leaves out (a negation among them
    halves clustering.similarity, and a short excerpt's vector is far from the
    whole report's)."""
    mine = clustering.words(quote)
    if len(mine) < EXCERPT_WORDS or not set(mine) <= set(clustering.words(words)):
        return False
    return clustering.drift(words, quote) == 0


def _on_the_lexical_scale(cosine: float) -> float:
    """A cosine on clustering's 0-100 scale as matching.score maps it:
    matching.SAME_MEANING lands on MATCH_AT."""
    return MATCH_AT + (cosine - matching.SAME_MEANING) * (
        (100.0 - MATCH_AT) / (1.0 - matching.SAME_MEANING)
    )


# What each statement shows ---------------------------------------------------------


def _details(
    quote: str, ids: Sequence[int], scores: dict[int, _Best]
) -> dict[int, Match]:
    """The statements `ids` with their reports, diffs and verdicts: four queries
    (statements, reports, via links, flags) however many there are."""
    if not ids:
        return {}
    statements = selectors.canonical_list().filter(pk__in=ids)
    reports: dict[int, list[Claim]] = {pk: [] for pk in ids}
    members = (
        Claim.objects.filter(canonical_id__in=ids)
        .select_related("article__publisher", "speaker", "reviewed_by")
        .prefetch_related(
            Prefetch("via_links", queryset=ClaimVia.objects.select_related("outlet")),
            Prefetch(
                "flags",
                queryset=ClaimFlag.objects.select_related(
                    "verdict", "created_by"
                ).order_by("-created_at", "-id"),
            ),
        )
    )
    for claim in members:
        reports[claim.canonical_id].append(claim)
    return {
        statement.pk: _match(quote, statement, scores[statement.pk], reports)
        for statement in statements
    }


def _match(
    quote: str,
    statement: CanonicalClaim,
    best: _Best,
    reports: dict[int, list[Claim]],
) -> Match:
    claims = sorted(reports[statement.pk], key=_in_order_of_appearance)
    verdicts = sorted(
        (flag for claim in claims for flag in claim.flags.all()),
        key=lambda flag: (flag.created_at, flag.pk),
        reverse=True,
    )
    return Match(
        statement=statement,
        score=best.score,
        reports=[_report(quote, claim) for claim in claims],
        verdicts=verdicts,
        reason=best.reason,
    )


def _report(quote: str, claim: Claim) -> Report:
    """The pasted words against the report's (its quoted words, when mixed): the
    report is the reference, so words of it the paste leaves out are unquoted
    (an excerpt is no change) and only words changed inside the part pasted are
    removed or added."""
    words = claim.text
    if claim.kind == Claim.Kind.MIXED:
        words = clustering.quoted_part(words)
    return Report(
        claim=claim,
        drift=clustering.drift(words, quote),
        diff=clustering.word_diff(words, quote),
    )


def _in_order_of_appearance(claim: Claim) -> tuple[int, datetime, int, int]:
    """Dated reports first, by date; reports of unknown date last, as ingested
    (the order of selectors.canonical_members)."""
    published = claim.article.published_at
    if published is None:
        return (1, claim.article.created_at, claim.article_id, claim.start)
    return (0, published, claim.article_id, claim.start)
