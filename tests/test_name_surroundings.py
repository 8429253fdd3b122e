"""name_surroundings finds what one regular expression per name found (issue 19:
the per-name pattern was the largest cost of storing an article)."""

import random
import re
from pathlib import Path

from attribution.name_surroundings import name_surroundings, surroundings_pattern

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _as_before(text: str, name: str) -> list[tuple[str, str, str]]:
    """identity._titles' pattern as it was written before name_surroundings."""
    pattern = re.compile(
        r"((?:[\w'’.-]+\s+){0,5})"
        + re.escape(name)
        + r"(?:,\s+((?:[\w'’.-]+\s*){1,9}?)(?=[,.;])"
        + r"|\s+as\s+((?:[\w'’-]+\s+){0,4}?[\w'’-]+)(?=[,.;:\n]|$|\s+"
        + r"(?:on|in|at|for|from|after|until|with|and|to|of)\b))?",
        re.MULTILINE,
    )
    return [(m[1], m[2] or "", m[3] or "") for m in pattern.finditer(text)]


def test_the_pattern_it_stands_for_is_the_one_titles_compiled():
    name = "Dr. Ann Lee"
    text = "Trade Minister Dr. Ann Lee, head of trade, said so."
    assert [
        (m[1], m[2] or "", m[3] or "")
        for m in surroundings_pattern(name).finditer(text)
    ] == _as_before(text, name)


def test_every_name_in_the_seed_articles_has_the_same_surroundings_as_before():
    compared = 0
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text()[:20000]
        names = set(re.findall(r"[A-Z][a-z]+(?: [A-Z][a-z'’-]+)+", text))
        for name in sorted(names) + sorted({n.split()[-1] for n in names}):
            assert list(name_surroundings(text, name)) == _as_before(text, name), name
            compared += 1
    assert compared > 100


def test_names_next_to_each_other_and_to_punctuation_match_as_before():
    """Random texts of a name's words, spaces, commas, "as" and stops: names
    within five words of each other, glued to words, cut by punctuation."""
    rng = random.Random(19)
    parts = ["Ann", "Lee", "Ann Lee", " ", "  ", "\n", ",", ".", ";", "as", "on"]
    parts += ["the", "chief", "x", "'s", "“", "-", "’", "Ann-Lee", ", ", " as "]
    for _ in range(800):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(1, 40)))
        for name in ("Ann Lee", "Lee", "Ann", "Lee,", " Lee", "A"):
            assert list(name_surroundings(text, name)) == _as_before(text, name), (
                text,
                name,
            )
