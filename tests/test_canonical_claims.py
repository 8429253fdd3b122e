"""Canonical claims built by the real extractor from articles that retell one story."""

from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from attribution import ingestion, selectors, services
from attribution.models import CanonicalClaim, Claim

pytestmark = pytest.mark.django_db

QUOTE = "We will not let this bridge stay closed for another winter"
WIRE = f'"{QUOTE}," Mayor Maria Santos told reporters on Monday.'
PAPER = f'Mayor Maria Santos told Reuters: "{QUOTE}."'
BROADCAST = f'"{QUOTE}," Mayor Maria Santos told Reuters on Monday, the Guardian said.'
ALTERED = (
    '"We won\'t let this bridge stay shut for one more winter," '
    "Mayor Maria Santos told Reuters."
)
PARAPHRASE = (
    "Mayor Maria Santos said the city would not let the bridge "
    "stay closed for another winter."
)
COST = "Mayor Maria Santos also said the repairs would cost four million dollars."


def parsed(body: str, *, day: int, publisher: str = "") -> Claim:
    """Ingest and parse one article; its first claim."""
    article, _ = services.article_create(
        text=ingestion.from_text(f"Riverton bridge, day {day}\n\n{body}"),
        publisher=publisher,
        published_at=datetime(2026, 3, day, 9, tzinfo=UTC),
    )
    services.article_extract_claims(article_id=article.pk)
    claim = article.claims.order_by("start").first()
    assert claim is not None
    return claim


def reparsed(claim: Claim) -> Claim:
    services.article_reparse(article=claim.article)
    services.article_extract_claims(article_id=claim.article_id)
    return Claim.objects.get(
        article_id=claim.article_id, start=claim.start, end=claim.end
    )


def test_one_quote_through_three_outlets_forms_one_canonical_claim():
    wire = parsed(WIRE, day=1, publisher="Reuters")
    paper = parsed(PAPER, day=2, publisher="The Guardian")
    broadcast = parsed(BROADCAST, day=3, publisher="BBC")

    canonical = wire.canonical
    assert canonical is not None
    assert {paper.canonical_id, broadcast.canonical_id} == {canonical.pk}
    assert canonical.members.count() == 3
    assert canonical.speaker.name == "Maria Santos"
    assert canonical.first_reported_at == datetime(2026, 3, 1, 9, tzinfo=UTC)
    assert not canonical.altered


def test_a_paraphrase_joins_the_quote_it_reports():
    quote = parsed(PAPER, day=1)
    paraphrase = parsed(PARAPHRASE, day=2)

    assert paraphrase.kind == Claim.Kind.INDIRECT
    assert paraphrase.canonical_id == quote.canonical_id


def test_another_statement_by_the_same_speaker_is_another_canonical_claim():
    quote = parsed(PAPER, day=1)
    cost = parsed(COST, day=2)

    assert cost.speaker_id == quote.speaker_id
    assert cost.canonical_id != quote.canonical_id
    assert CanonicalClaim.objects.count() == 2


def test_an_altered_quote_flags_its_canonical_claim_with_a_word_diff():
    original = parsed(PAPER, day=1, publisher="The Guardian")
    altered = parsed(ALTERED, day=2, publisher="Daily Mail")

    canonical = CanonicalClaim.objects.get(pk=original.canonical_id)
    assert altered.canonical_id == canonical.pk
    assert canonical.altered
    [drift] = selectors.canonical_drift(selectors.canonical_members(canonical))
    assert drift.reference == original and drift.claim == altered
    assert drift.drift > 0.2
    changes = {(p.op, p.text) for p in drift.diff if p.op != "same"}
    assert {("removed", "closed"), ("added", "shut")} <= changes


def test_the_timeline_starts_with_the_earliest_report_and_shows_who_cited_whom():
    later = parsed(PAPER, day=5, publisher="The Guardian")
    earliest = parsed(WIRE, day=2, publisher="Reuters")

    members = selectors.canonical_members(later.canonical)
    assert members == [earliest, later]
    citations = {(c.cited, c.by) for c in selectors.canonical_citations(members)}
    assert citations == {
        ("Maria Santos", "Reuters"),
        ("Reuters", "The Guardian"),
    }
    assert later.canonical.text.startswith(QUOTE)


def test_a_split_survives_a_reparse(editor):
    quote = parsed(PAPER, day=1)
    paraphrase = parsed(PARAPHRASE, day=2)

    own = services.canonical_split(
        canonical_id=paraphrase.canonical_id, claim_id=paraphrase.pk, user=editor
    )
    again = reparsed(paraphrase)

    assert again.pk != paraphrase.pk  # the re-parse made a new claim
    assert again.canonical_id == own.pk != quote.canonical_id
    assert CanonicalClaim.objects.get(pk=quote.canonical_id).members.count() == 1


def test_a_merge_survives_a_reparse(editor):
    quote = parsed(PAPER, day=1)
    cost = parsed(COST, day=2)

    merged = services.canonical_merge(
        canonical_id=cost.canonical_id, into_id=quote.canonical_id, user=editor
    )
    again = reparsed(cost)

    assert merged.pk == quote.canonical_id
    assert again.canonical_id == quote.canonical_id
    assert CanonicalClaim.objects.count() == 1


def test_a_reparse_without_decisions_keeps_one_canonical_claim_per_statement():
    first = parsed(PAPER, day=1)
    second = parsed(BROADCAST, day=2)

    reparsed(second)
    reparsed(first)

    assert CanonicalClaim.objects.count() == 1
    assert CanonicalClaim.objects.get().members.count() == 2


def test_statements_of_different_speakers_are_never_merged(editor):
    santos = parsed(PAPER, day=1)
    other = parsed(f'Councillor Tom Reed told Reuters: "{QUOTE}."', day=2)

    assert other.speaker_id != santos.speaker_id
    assert other.canonical_id != santos.canonical_id
    with pytest.raises(Exception, match="same speaker"):
        services.canonical_merge(
            canonical_id=other.canonical_id, into_id=santos.canonical_id, user=editor
        )


def test_correcting_a_claims_speaker_moves_it_to_that_speakers_statement(editor):
    santos = parsed(PAPER, day=1)
    other = parsed(f'Councillor Tom Reed told Reuters: "{QUOTE}."', day=2)

    services.claim_edit(claim_id=other.pk, user=editor, speaker=santos.speaker)

    other.refresh_from_db()
    assert other.canonical_id == santos.canonical_id
    assert CanonicalClaim.objects.count() == 1  # Reed's empty statement is gone


def test_the_speaker_dossier_lists_statements_with_the_outlets_that_carried_them(
    fact_checker,
):
    parsed(PAPER, day=1, publisher="The Guardian")
    cost = parsed(COST, day=2, publisher="BBC")
    services.claim_flag(claim_id=cost.pk, user=fact_checker, verdict="false")

    dossier = selectors.speaker_dossier(cost.speaker)

    by_text = {entry["canonical"].text[:20]: entry for entry in dossier}
    quote = by_text[QUOTE[:20]]
    assert [o.name for o in quote["outlets"]] == ["Reuters", "The Guardian"]
    assert not quote["canonical"].contested
    costs = by_text["the repairs would co"]
    assert costs["canonical"].contested and [o.name for o in costs["outlets"]] == [
        "BBC"
    ]


def test_clustering_everything_again_changes_nothing(capsys):
    quote = parsed(PAPER, day=1)
    parsed(COST, day=2)
    before = dict(Claim.objects.values_list("pk", "canonical_id"))

    call_command("cluster")

    assert dict(Claim.objects.values_list("pk", "canonical_id")) == before
    assert CanonicalClaim.objects.count() == 2
    assert quote.canonical_id in before.values()
    assert "2 claims in canonical claims" in capsys.readouterr().out


def test_the_altered_flag_agrees_with_the_drift_of_every_report():
    """selectors.canonical_altered (the refresh's flag, issue 19) says what
    canonical_drift's drifts say, for quoted, mixed and paraphrased reports."""
    quote = "We will not raise the fares this year, whatever the council says."
    wordings = [
        (Claim.Kind.DIRECT, quote),
        (Claim.Kind.DIRECT, quote.upper()),
        (Claim.Kind.MIXED, f'She said "{quote[:30]}" and left.'),
        (Claim.Kind.INDIRECT, "She said fares would rise."),
        (Claim.Kind.DIRECT, "We will raise the fares this year."),
    ]
    for n in range(1, len(wordings) + 1):
        members = [Claim(kind=kind, text=text) for kind, text in wordings[:n]]
        expected = any(d.drift > 0 for d in selectors.canonical_drift(members))
        assert selectors.canonical_altered(members) is expected, n
    assert selectors.canonical_altered(members)
