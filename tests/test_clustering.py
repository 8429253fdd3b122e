from attribution import clustering
from attribution.clustering import DiffPart


def test_a_quote_and_its_reported_form_are_the_same_statement():
    quote = "I will not resign before the inquiry ends."
    reported = "he would not resign before the inquiry ends"

    assert clustering.similarity(quote, reported) >= clustering.SAME_STATEMENT


def test_a_fragment_matches_the_full_quote_it_came_from():
    full = (
        "The river has never been this high in living memory, and it is still rising."
    )
    fragment = "never been this high in living memory"

    assert clustering.similarity(full, fragment) >= clustering.SAME_STATEMENT


def test_a_negated_statement_is_a_different_statement():
    said = "The government will raise income tax this year."
    denied = "The government will not raise income tax this year."

    assert clustering.similarity(said, denied) < clustering.SAME_STATEMENT


def test_two_statements_on_one_topic_are_different():
    first = "The dam is inspected every month by independent engineers."
    second = "The company will pay for the evacuation of the village."

    assert clustering.similarity(first, second) < clustering.SAME_STATEMENT


def test_best_match_picks_the_most_similar_candidate_above_the_threshold():
    candidates = [
        "We will cut bus fares next year.",
        "We will not let this bridge stay closed for another winter.",
        "We won't let the bridge stay shut for one more winter.",
    ]

    assert (
        clustering.best_match("We will not let this bridge stay closed", candidates)
        == 1
    )
    assert clustering.best_match("Taxes will fall.", candidates) is None


def test_word_diff_shows_the_words_changed_in_the_retelling():
    parts = clustering.word_diff(
        "We will not let this bridge stay closed", "We won't let this bridge stay shut"
    )

    assert parts == [
        DiffPart("same", "We"),
        DiffPart("removed", "will not"),
        DiffPart("added", "won't"),
        DiffPart("same", "let this bridge stay"),
        DiffPart("removed", "closed"),
        DiffPart("added", "shut"),
    ]


def test_drift_ignores_case_and_punctuation_and_grows_with_changed_words():
    original = "We will not let this bridge stay closed for another winter."

    assert (
        clustering.drift(
            original, "we will not let this bridge stay closed for another winter"
        )
        == 0
    )
    slight = clustering.drift(
        original, "We will not let this bridge stay shut for another winter."
    )
    heavy = clustering.drift(
        original, "We won't let the bridge stay shut for one more season."
    )
    assert 0 < slight < heavy <= 1
