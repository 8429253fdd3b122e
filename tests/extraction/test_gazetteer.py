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
