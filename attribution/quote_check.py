"""The quote check: "did X really say this, and where did it first appear?".

A fact-checker pastes a quote, and optionally who is said to have said it. The
answer is the statements (canonical claims) whose reports match it, best first,
each with its earliest known source, every report with its outlet chain and how
the pasted words differ from that report's, and the verdicts fact-checkers have
already given. When nothing matches it says so, with the nearest statements and
their scores, so that "no match" is an answer and not a silence.

Reads only. The cost is a fixed number of queries whatever the store holds:
candidates come from the indexes migration 0014 built (the stored tsvector and
pg_trgm), at most CANDIDATES claims, and are scored in Python by the matcher
(clustering.similarity), so that the quote check and the clustering agree on
what "the same statement" means. Other databases find candidates by substring.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from itertools import combinations

from django.db import connection
from django.db.models import BooleanField, F, Func, Prefetch, Q, QuerySet, Value

from attribution import clustering, selectors
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


def quote_check(*, quote: str, speaker: str = "") -> QuoteCheck:
    """The statements matching `quote` (of `speaker`, when given), best first.

    A statement matches when one of its reports scores at least MATCH_AT against
    the quote (clustering.similarity, on the quoted words of a mixed report) and,
    when a speaker is named, it is one of the speakers that name means. `nearest`
    holds the best of the rest: below the threshold, or said by someone else
    (who else said this). Ties go to the earlier statement.
    """
    quote = " ".join(quote.split())
    speaker = " ".join(speaker.split())
    speakers = selectors.speakers_named(speaker) if speaker else []
    candidates = _candidates(quote, [s.pk for s in speakers])
    scores = _scores(quote, candidates)
    ranked = sorted(scores.items(), key=lambda item: (-item[1][0], item[0]))
    wanted = {s.pk for s in speakers}
    matched: list[int] = []
    rest: list[int] = []
    for canonical_id, (score, speaker_id) in ranked:
        fits = not speaker or speaker_id in wanted
        (matched if score >= MATCH_AT and fits else rest).append(canonical_id)
    matched, rest = matched[:MATCHES], rest[:NEAREST]
    details = _details(quote, [*matched, *rest], {k: v[0] for k, v in scores.items()})
    return QuoteCheck(
        quote=quote,
        speaker=speaker,
        speakers=speakers,
        matches=[details[pk] for pk in matched if pk in details],
        nearest=[details[pk] for pk in rest if pk in details],
    )


# Candidates ------------------------------------------------------------------------

_Candidate = tuple[int, str, str, int]  # canonical id, text, kind, speaker id


def _candidates(quote: str, speaker_ids: list[int]) -> list[_Candidate]:
    """Claims that may report the quote: those holding most of its longest words
    (newest first), and the named speakers' claims closest to it by trigrams,
    which also finds a report that quotes only a part of a longer paste."""
    claims = Claim.objects.filter(canonical__isnull=False)
    columns = ("canonical_id", "text", "kind", "speaker_id")
    if connection.vendor != "postgresql":
        return _candidates_by_substring(claims, quote, speaker_ids)
    from django.contrib.postgres.search import TrigramSimilarity

    found: list[_Candidate] = list(_by_words(claims, quote, columns))
    if speaker_ids:
        # pg_trgm's symmetric similarity: one pass over each claim's trigrams
        close = TrigramSimilarity("text", quote)
        found += (
            claims.filter(speaker_id__in=speaker_ids)
            .annotate(closeness=close)
            .order_by("-closeness", "-id")
            .values_list(*columns)[:SPEAKER_CANDIDATES]
        )
    return found


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
    columns = ("canonical_id", "text", "kind", "speaker_id")
    found = list(claims.filter(match).order_by("-id").values_list(*columns))
    if speaker_ids:
        mine = claims.filter(speaker_id__in=speaker_ids).order_by("-id")
        found += mine.values_list(*columns)[:SPEAKER_CANDIDATES]
    return found[: CANDIDATES + SPEAKER_CANDIDATES]


def _scores(quote: str, candidates: Iterable[_Candidate]) -> dict[int, tuple]:
    """(best score of its reports, speaker id) by canonical claim id."""
    best: dict[int, tuple[float, int]] = {}
    for canonical_id, text, kind, speaker_id in candidates:
        words = clustering.quoted_part(text) if kind == Claim.Kind.MIXED else text
        score = round(clustering.similarity(quote, words), 1)
        if canonical_id not in best or score > best[canonical_id][0]:
            best[canonical_id] = (score, speaker_id)
    return best


# What each statement shows ---------------------------------------------------------


def _details(
    quote: str, ids: Sequence[int], scores: dict[int, float]
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
    score: float,
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
        score=score,
        reports=[_report(quote, claim) for claim in claims],
        verdicts=verdicts,
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
