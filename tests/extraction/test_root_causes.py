"""General causes of wrong speakers and outlets; every sentence is invented."""

from __future__ import annotations

from attribution.extraction import ExtractedClaim, Gazetteer, OutletEntry


def by_text(claims: list[ExtractedClaim], start: str) -> ExtractedClaim:
    matches = [c for c in claims if c.text.startswith(start)]
    assert len(matches) == 1, [(c.text, c.speaker) for c in claims]
    return matches[0]


# -- documents speak for their authors ---------------------------------------------


def test_a_bulletin_that_says_something_speaks_for_whoever_issued_it(extract) -> None:
    text = (
        "Open Fields Trust said in its bulletin that the river would rise again.\n\n"
        "The levee at Marston had held overnight, the bulletin said."
    )
    claim = by_text(extract(text), "The levee")
    assert claim.speaker == "Open Fields Trust"


def test_according_to_the_report_names_the_outlet_that_reported_it(extract) -> None:
    text = (
        "The merger was first reported on Monday by The Daily Planet.\n\n"
        "According to the report, the board had pushed for deeper cuts."
    )
    claim = by_text(extract(text), "the board")
    assert claim.speaker == "The Daily Planet"


# -- via -----------------------------------------------------------------------------


def test_a_press_conference_of_its_own_ends_an_earlier_interview(extract) -> None:
    text = (
        'Maria Lopez told Radio Nowhere that the town was ready. "We have sandbags '
        'everywhere," she said.\n\n'
        "In her press conference, Lopez said the school would close for a week."
    )
    claims = extract(text)
    assert by_text(claims, "the town").via == ("Radio Nowhere",)
    assert by_text(claims, "the school").via == ()


def test_a_note_cited_by_an_outlet_reaches_the_article_through_it(extract) -> None:
    text = (
        "In a note to clients cited by Wirewatch, analyst Ann Berg wrote that "
        "the deal was overdue."
    )
    claim = by_text(extract(text), "the deal")
    assert claim.speaker == "Ann Berg"
    assert claim.via == ("Wirewatch",)


def test_speaking_on_a_station_makes_it_the_channel(extract) -> None:
    text = "Speaking on Radio Nowhere on Monday, Tom Hale said the pool would close."
    assert by_text(extract(text), "the pool").via == ("Radio Nowhere",)


# -- speakers ------------------------------------------------------------------------


def test_a_name_modifying_a_noun_is_not_the_company(extract) -> None:
    text = (
        "Smart lock maker Keywell is cutting 90 jobs, the company announced on Tuesday."
    )
    claim = by_text(extract(text), "Smart lock maker")
    assert claim.speaker != "Smart"


def test_capitalised_titles_before_a_tagged_name_are_no_part_of_it(extract) -> None:
    text = (
        "Vice Chancellor and Economy Minister Jonas Pfeiffer said the budget "
        "would be balanced next year."
    )
    assert by_text(extract(text), "the budget").speaker == "Jonas Pfeiffer"


def test_the_role_before_a_name_lets_a_later_description_find_the_person(
    extract,
) -> None:
    text = (
        "German Chancellor Markus Weidenfeld on Saturday rejected the plan.\n\n"
        "The chancellor said capitals should first spend the money they have, "
        'adding that Berlin had "done its homework".'
    )
    claims = extract(text)
    assert by_text(claims, "capitals").speaker == "Markus Weidenfeld"
    assert by_text(claims, "Berlin").speaker == "Markus Weidenfeld"


def test_the_longest_gazetteer_name_wins(nlp) -> None:
    near = Gazetteer(
        [
            OutletEntry("Morning Ledger", "newspaper", ("Morning Ledger Sunday",)),
            OutletEntry("Morning Ledger Sunday Edition", "newspaper"),
        ]
    )
    found = near.find(nlp("He told the Morning Ledger Sunday Edition it was over."))
    assert [m.entry.name for m in found] == ["Morning Ledger Sunday Edition"]
