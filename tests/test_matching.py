import numpy as np
import pytest

from attribution import clustering, embeddings, matching


def reports(*texts):
    return [
        matching.Report(t, v)
        for t, v in zip(texts, embeddings.embed(list(texts)), strict=True)
    ]


def test_a_paraphrase_far_from_the_quotes_words_is_the_same_statement():
    quote, paraphrase = reports(
        "The club has no intention of selling him this summer.",
        "the club had no plans to let him go in the summer transfer window",
    )

    assert clustering.similarity(quote.text, paraphrase.text) < 80
    assert matching.score(quote, paraphrase) >= clustering.SAME_STATEMENT


def test_a_report_without_a_vector_is_matched_on_its_words():
    quote = matching.Report("I will not resign before the inquiry ends.")
    reported = matching.Report("he would not resign before the inquiry ends")

    assert matching.score(quote, reported) >= clustering.SAME_STATEMENT


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("We will cut 400 jobs this year.", "the firm would cut 4,000 jobs this year"),
        ("Inflation will be 3 per cent by 2027.", "inflation would be 2% by 2027"),
        ("The line will open in 2031.", "the line would open in 2035"),
        ("About one in ten adults had it.", "about one in four adults had it"),
    ],
)
def test_two_different_numbers_for_the_same_thing_are_two_statements(a, b):
    assert matching.numbers_conflict(a, b)
    assert matching.score(*reports(a, b)) == 0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("I have waited twelve years for this.", "I have waited 12 years for this."),
        ("More than £3.2m was taken.", "More than £3.2 million was taken."),
        ("We will build one and a half million homes.", "we would build 1.5m homes"),
        ("Exports rose by a quarter.", "Exports rose by 25 per cent."),
        ("That is twenty-one fights.", "That is 21 fights."),
        ("the first freeze in three decades", "the first freeze in thirty years"),
        ("There were 3,600 spills.", "There were three thousand six hundred spills."),
    ],
)
def test_one_number_written_two_ways_is_no_conflict(a, b):
    assert not matching.numbers_conflict(a, b)


def test_a_number_one_side_leaves_out_is_no_conflict():
    assert not matching.numbers_conflict(
        "We will recruit 8,000 more nurses by 2027, paid for with new money.",
        "the nurses would be paid for with new money",
    )


def test_a_rounded_figure_is_no_conflict_but_a_year_must_be_exact():
    assert not matching.numbers_conflict("38,712 people signed", "about 39,000 signed")
    assert matching.numbers_conflict("peak in 2008", "peak in 2009")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("A centre will be built in Ashford.", "a centre would be built in Canterbury"),
        ("Marta will lead the team.", "Ines will lead the team."),
        ("I want to win the WBC belt.", "he wanted to win the WBA belt"),
    ],
)
def test_another_name_in_the_same_words_is_another_statement(a, b):
    assert matching.names_conflict(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Passengers have been let down.", "passengers had been let down"),
        ("Ghanaian cocoa will enter tariff-free.", "Ghana could sell its cocoa freely"),
        ("The EU will not ratify it.", "the European Parliament would not ratify it"),
        ("We met Mr Okafor.", "they had met Okafor's team in Leeds"),
    ],
)
def test_a_name_written_another_way_or_left_out_is_no_conflict(a, b):
    assert not matching.names_conflict(a, b)


def test_a_negation_in_the_same_words_is_another_statement():
    assert matching.negation_flipped(
        "The waiting list is falling in every region.",
        "The waiting list is not falling in every region.",
    )


def test_an_excerpt_leaving_out_a_negated_clause_is_no_flip():
    assert not matching.negation_flipped(
        "The referee was poor, and I am not afraid to say it; three big decisions "
        "went against us.",
        "Three big decisions went against us.",
    )


def test_best_match_picks_the_paraphrase_and_skips_the_vetoed_candidate():
    new, other_number, paraphrase = reports(
        "We will cut 400 jobs at the Derby plant this year.",
        "We will cut 4,000 jobs at the Derby plant this year.",
        "the company would cut 400 jobs at its Derby factory this year",
    )

    assert matching.best_match(new, [other_number, paraphrase]) == 1


def test_a_negation_that_only_moved_is_no_flip():
    assert not matching.negation_flipped(
        "We will not raise income tax this year.", "income tax would not rise this year"
    )


def test_unless_and_if_not_are_the_same_condition():
    assert not matching.negation_flipped(
        "Our pilots will walk out on Friday unless the company improves its offer.",
        "Our pilots will walk out on Friday if the company does not improve its offer.",
    )


def test_a_country_and_its_adjective_are_one_name():
    assert not matching.names_conflict(
        "There have been talks with two clubs in Spain.",
        "There have been conversations with two Spanish clubs.",
    )


def test_nearest_ranks_the_closest_vectors_above_the_floor():
    query, *stored = embeddings.embed(
        [
            "The club has no intention of selling him this summer.",
            "The river will peak on Wednesday.",
            "the club had no plans to let him go in the summer transfer window",
            "The club will not sell him this summer.",
        ]
    )

    found = matching.nearest(query, np.stack(stored), k=5, floor=0.5)

    assert [row for row, _ in found] == [2, 1]
    assert found[0][1] >= found[1][1] >= 0.5


def test_nearest_of_no_vectors_is_nothing():
    query = embeddings.embed(["No one was hurt."])[0]

    assert matching.nearest(query, np.zeros((0, embeddings.DIMENSIONS)), k=3) == []


def test_an_excerpt_of_a_longer_quote_is_the_same_statement():
    whole, part = reports(
        "The referee was poor today, and I am not afraid to say it; three big "
        "decisions went against us and every one of them was wrong.",
        "Three big decisions went against us and every one of them was wrong.",
    )

    assert clustering.similarity(whole.text, part.text) < 80
    assert matching.score(whole, part) == 100.0


def test_a_quoted_fragment_alone_is_no_excerpt_of_another_statement():
    this_budget = matching.Report(
        'the budget would "cost 40,000 jobs in manufacturing" by the end of next year'
    )
    last_budget = matching.Report(
        "The last budget cost 40,000 jobs in manufacturing, and the government "
        "never admitted it."
    )

    assert not matching.excerpt(this_budget.text, last_budget.text)
    assert matching.score(this_budget, last_budget) < clustering.SAME_STATEMENT


def test_a_contrast_with_not_and_with_rather_than_is_no_negation_flip():
    a = "Patients deserve to hear this from Lumora, not from journalists."
    b = (
        "patients deserved to hear about the breach from Lumora rather than "
        "from journalists"
    )

    assert not matching.negation_flipped(a, b)
    assert matching.vetoed(a, b) == ""
