"""The command line prints the JSON array the shared scorer reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from attribution.extraction.__main__ import main


def test_cli_json_prints_claims_with_offsets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    text = "Tom Okafor told reporters that the depot would close."
    article.write_text(text, encoding="utf-8")
    outlets = tmp_path / "outlets.json"
    outlets.write_text("[]", encoding="utf-8")
    assert main([str(article), "--json", "--outlets", str(outlets)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [(r["speaker"], r["text"]) for r in rows] == [
        ("Tom Okafor", "the depot would close")
    ]
    assert text[rows[0]["start"] : rows[0]["end"]] == rows[0]["text"]
