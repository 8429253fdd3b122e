"""Scoring against annotated articles, as a newsroom runs it on its own set."""

import json

from django.core.management import call_command

from attribution.extraction.evaluation import (
    overlap,
    score_article,
    speaker_right,
    via_right,
)

GOLD = {
    "outlets": {"The Daily Planet": ["Daily Planet", "the newspaper"]},
    "claims": [
        {
            "text": "the bridge will reopen in May",
            "speaker": "Maria Santos",
            "speaker_aliases": ["Maria Santos", "Santos"],
            "via": ["The Daily Planet"],
            "kind": "indirect",
        },
        {"text": "a scandal", "speaker": "Tom Reed", "via": [], "optional": True},
    ],
}


def test_texts_match_on_half_their_words():
    assert overlap("the bridge will reopen in May", "bridge will reopen") >= 0.5
    assert overlap("the bridge will reopen in May", "fares will fall") < 0.5


def test_a_speaker_is_right_when_the_name_contains_a_gold_name_as_words():
    gold = GOLD["claims"][0]
    assert speaker_right("Mayor Maria Santos", gold)
    assert speaker_right("santos", gold)
    assert not speaker_right("Santosh Kumar", gold)


def test_via_is_compared_through_the_outlet_aliases():
    gold, outlets = GOLD["claims"][0], GOLD["outlets"]
    assert via_right(["Daily Planet"], gold, outlets)
    assert not via_right([], gold, outlets)
    assert via_right([], {**gold, "via_alternatives": [[]]}, outlets)


def test_an_article_scores_matches_and_ignores_optional_claims():
    predicted = [
        {
            "text": "the bridge will reopen in May",
            "speaker": "Santos",
            "via": ["the newspaper"],
        },
        {"text": "a scandal", "speaker": "Tom Reed", "via": []},
        {"text": "fares will fall next year", "speaker": "Santos", "via": []},
    ]

    score = score_article(predicted, GOLD)

    assert (score.gold, score.predicted, score.matched, score.right) == (1, 2, 1, 1)
    assert score.attribution == (0.5, 1.0, 2 / 3)
    assert score.errors == ["extra: Santos: 'fares will fall next year'"]


def test_the_evaluate_command_scores_a_folder(tmp_path, capsys):
    (tmp_path / "gold").mkdir()
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "bridge.txt").write_text(
        "Bridge news\n\nMaria Santos told the Daily Planet that the bridge would "
        "reopen in May.\n"
    )
    gold = {
        "outlets": {"The Daily Planet": ["Daily Planet"]},
        "claims": [
            {
                "text": "the bridge would reopen in May",
                "speaker": "Maria Santos",
                "via": ["The Daily Planet"],
                "kind": "indirect",
            }
        ],
    }
    (tmp_path / "gold" / "bridge.json").write_text(json.dumps(gold))

    call_command("evaluate", tmp_path / "gold", tmp_path / "articles")

    out = capsys.readouterr().out
    assert "bridge: gold 1, found 1, matched 1" in out
    assert "all 1 articles:" in out and "attribution F1" in out
