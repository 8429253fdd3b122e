"""Outlet lookup and matching in text."""

from __future__ import annotations

import json
from pathlib import Path

from spacy.language import Language

from attribution.extraction import Gazetteer, OutletEntry


def found(gazetteer: Gazetteer, name: str) -> OutletEntry:
    entry = gazetteer.lookup(name)
    assert entry is not None, name
    return entry


def test_lookup_ignores_case_and_a_leading_the(gazetteer: Gazetteer) -> None:
    assert found(gazetteer, "the daily planet").name == "The Daily Planet"
    assert found(gazetteer, "Daily Planet").name == "The Daily Planet"
    assert found(gazetteer, "rnw").name == "Radio Nowhere"
    assert gazetteer.lookup("Unknown Gazette") is None


def test_merged_entries_override_same_named_ones(gazetteer: Gazetteer) -> None:
    merged = gazetteer.merged([OutletEntry(name="Wirewatch", kind="website")])
    assert found(merged, "Wirewatch").kind == "website"
    assert found(gazetteer, "Wirewatch").kind == "wire_service"
    assert len(merged) == len(gazetteer)


def test_load_reads_the_json_array_format(tmp_path: Path) -> None:
    path = tmp_path / "outlets.json"
    row = {
        "name": "Harbour Herald",
        "kind": "newspaper",
        "aliases": ["the Herald"],
        "homepage": "",
        "country": "",
        "ambiguous": False,
    }
    path.write_text(json.dumps([row]), encoding="utf-8")
    entry = Gazetteer.load(path).lookup("Herald")
    assert entry == OutletEntry(
        name="Harbour Herald", kind="newspaper", aliases=("the Herald",)
    )


def test_ambiguous_name_matches_only_in_an_outlet_context(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    doc = nlp("It was time to go. Time reported that the talks had failed.")
    names = [(doc[m.start : m.end].text, m.entry.name) for m in gazetteer.find(doc)]
    assert names == [("Time", "Time")]
    assert doc[gazetteer.find(doc)[0].start].i > 3


def test_names_in_running_text_must_be_capitalised(
    nlp: Language, gazetteer: Gazetteer
) -> None:
    doc = nlp("The wirewatch team met reporters from Wirewatch.")
    assert [doc[m.start : m.end].text for m in gazetteer.find(doc)] == ["Wirewatch"]


def test_an_ambiguous_name_that_ends_in_news_agency_is_the_outlet(
    nlp: Language,
) -> None:
    gazetteer = Gazetteer(
        [
            OutletEntry(
                name="Orbit",
                kind="wire_service",
                aliases=("Orbit News Agency",),
                ambiguous=True,
            )
        ]
    )
    doc = nlp("The rover left orbit. He spoke to the semi-official Orbit News Agency.")
    names = [doc[m.start : m.end].text for m in gazetteer.find(doc)]
    assert names == ["Orbit News Agency"]


def test_a_known_name_inside_a_longer_proper_name_is_not_that_outlet(
    nlp: Language,
) -> None:
    gazetteer = Gazetteer(
        [OutletEntry(name="The Morning", kind="newspaper", aliases=("Morning Show",))]
    )
    doc = nlp("Speaking on the Pitchside Morning Show, the coach said it was fair.")
    assert gazetteer.find(doc) == []
    doc = nlp("Speaking on the Morning Show, the coach said it was fair.")
    assert [doc[m.start : m.end].text for m in gazetteer.find(doc)] == [
        "the Morning Show"
    ]


def test_the_shipped_gazetteer_knows_these_broadcasters_and_their_short_forms() -> None:
    shipped = Gazetteer.load_default()
    for name, outlet in [
        ("TV 2", "TV 2"),
        ("TV2", "TV 2"),
        ("TV 2 Sport", "TV 2"),
        ("Sport1", "Sport1"),
        ("KING 5", "KING 5"),
        ("KING-TV", "KING 5"),
        ("BBC Midlands Today", "BBC"),
        ("Midlands Today", "BBC"),
    ]:
        assert found(shipped, name).name == outlet, name


def test_a_podcast_named_daily_is_not_the_paper_whose_podcast_is_the_daily(
    nlp: Language,
) -> None:
    shipped = Gazetteer.load_default()
    doc = nlp("On the Pitchside Daily podcast, coach Ana Lind said it was fair.")
    assert [m.entry.name for m in shipped.find(doc)] == []
