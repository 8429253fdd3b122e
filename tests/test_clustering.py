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


MINE = (
    "I am not against the mine. I am against pretending the dam is safe when the "
    "engineers say it is not."
)


def test_word_diff_shows_the_words_changed_in_the_retelling():
    parts = clustering.word_diff(
        "We will not let this bridge stay closed", "We won't let this bridge stay shut"
    )

    assert parts == [
        DiffPart("same", "We won't let this bridge stay"),
        DiffPart("removed", "closed"),
        DiffPart("added", "shut"),
    ]


def test_word_diff_shows_the_words_outside_an_excerpt_as_unquoted_not_removed():
    parts = clustering.word_diff(MINE, "I'm not against the mine")

    assert parts == [
        DiffPart("same", "I'm not against the mine"),
        DiffPart(
            "unquoted",
            "I am against pretending the dam is safe when the engineers say it is not.",
        ),
    ]


def test_word_diff_shows_a_cut_at_an_ellipsis_as_unquoted_and_a_change_inside():
    parts = clustering.word_diff(
        "We will rebuild the school, which was badly damaged in the storm, before "
        "the new term begins.",
        "We will rebuild the school ... before the new school term begins.",
    )

    assert parts == [
        DiffPart("same", "We will rebuild the school ..."),
        DiffPart("unquoted", "which was badly damaged in the storm,"),
        DiffPart("same", "before the new"),
        DiffPart("added", "school"),
        DiffPart("same", "term begins."),
    ]


def test_word_diff_shows_a_changed_last_word_as_replaced_not_as_added():
    parts = clustering.word_diff(MINE, "I'm not against the dam")

    assert parts[1:3] == [DiffPart("removed", "mine."), DiffPart("added", "dam")]
    assert parts[3].op == "unquoted"


def test_the_same_words_have_no_drift_and_changed_words_more_the_more_they_are():
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


# One test per kind of pair in bench/drift/pairs.jsonl: what is no drift ...


def test_quoting_a_shorter_excerpt_of_the_same_words_is_no_drift():
    assert clustering.drift(MINE, "I'm not against the mine") == 0
    assert clustering.drift(MINE, "the dam is safe when the engineers say") == 0


def test_contractions_are_the_words_they_stand_for():
    pairs = [
        ("We do not have the money.", "We don't have the money."),
        ("I won't apologise.", "I will not apologise."),
        ("We cannot run trains.", "We can't run trains."),
        ("She has already said she'll stand.", "She's already said she will stand."),
        ("We had warned them.", "We'd warned them."),
        ("Let us be clear.", "Let's be clear."),
        ("The dam's safe.", "The dam is safe."),
    ]

    assert [clustering.drift(a, b) for a, b in pairs] == [0] * len(pairs)


def test_british_and_american_spellings_are_the_same_words():
    british = (
        "We recognise the neighbourhood centre's defence programme is at 4 per cent."
    )
    american = "We recognize the neighborhood center's defense program is at 4 percent."

    assert clustering.drift(british, american) == 0


def test_punctuation_quotation_marks_case_and_digit_grouping_are_no_drift():
    earliest = "The 'temporary' closure - and I mean it - cost 1,200 jobs!"
    report = "‘The “temporary” closure, and I mean it, cost 1200 JOBS.’"

    assert clustering.drift(earliest, report) == 0


def test_an_ellipsis_marking_a_cut_is_no_drift():
    earliest = (
        "This agreement, which took two years to negotiate, protects ten thousand jobs."
    )

    for cut in ("...", "…", ". . .", "[...]"):
        assert (
            clustering.drift(
                earliest, f"This agreement {cut} protects ten thousand jobs."
            )
            == 0
        )


# ... and what is


def test_a_word_inserted_inside_the_quoted_part_is_drift():
    assert (
        clustering.drift(
            "We will reopen the bridge in May.",
            "We will definitely reopen the bridge in May.",
        )
        > 0
    )


def test_a_word_removed_from_inside_the_quoted_part_without_an_ellipsis_is_drift():
    assert (
        clustering.drift(
            "I was partly responsible for the delay.",
            "I was responsible for the delay.",
        )
        > 0
    )


def test_a_substituted_word_inside_an_excerpt_is_drift():
    assert clustering.drift(MINE, "I'm not against the dam") > 0


def test_an_added_or_dropped_negation_is_drift_even_just_before_an_excerpt():
    assert clustering.drift("The school will not close.", "The school will close.") > 0
    assert clustering.drift("The club is for sale.", "The club isn't for sale.") > 0
    assert clustering.drift("I am not against the mine.", "against the mine") > 0
    assert (
        clustering.drift(
            "We will not, under any circumstances, close the school.",
            "We will ... close the school.",
        )
        > 0
    )


def test_a_changed_number_is_drift():
    assert (
        clustering.drift(
            "We will build 300,000 homes by 2030.",
            "We will build 300,000 homes by 2035.",
        )
        > 0
    )
    assert (
        clustering.drift(
            "Rates will stay at 4% until inflation is below 3%.",
            "Rates will stay at 4% until inflation is below 2%.",
        )
        > 0
    )


def test_a_change_in_a_very_long_quote_still_counts():
    earliest = " ".join(f"word{n}" for n in range(400))
    report = earliest.replace("word200", "other")

    assert clustering.drift(earliest, earliest) == 0
    assert clustering.drift(earliest, report) > 0
    assert clustering.drift(earliest, " ".join(earliest.split()[100:150])) == 0
    assert clustering.drift(earliest, " ".join(earliest.split()[50:350])) == 0


def test_a_mixed_claim_is_compared_by_its_quoted_words_only():
    mixed = 'she had "warned management three times" about the "east wall'

    assert clustering.quoted_part(mixed) == "warned management three times … east wall"
    assert (
        clustering.quoted_part("no quotation marks here") == "no quotation marks here"
    )
    assert (
        clustering.drift(
            "I warned management three times that the east wall was seeping.",
            clustering.quoted_part(mixed),
        )
        == 0
    )
