"""`make test-fast` leaves out every test that starts real server processes: the
Makefile's selection, applied to the directories of such tests, selects none."""

import re
import subprocess
import sys

import pytest

from tests.faults.support import ROOT

pytestmark = pytest.mark.slow  # a child pytest collecting two directories


def _slow_groups() -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(r"^SLOW := (.+)$", makefile, re.MULTILINE)
    assert match, "the Makefile names its slow groups in SLOW"
    return match.group(1)


def test_the_fast_selection_leaves_out_the_tests_that_start_servers():
    collected = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "--collect-only", "-q"),
            *("-p", "no:cacheprovider", "-m", f"not ({_slow_groups()})"),
            *("tests/faults", "tests/http"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert "no tests collected" in collected.stdout, collected.stdout[-3000:]
