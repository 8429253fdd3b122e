"""requirements.lock covers pyproject.toml: every dependency and dev tool pinned to a
version its range allows, with hashes (`make lock` writes it; `make install` reads it
with --require-hashes)."""

import re
import shlex
import subprocess
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9._-]+)==([^\s\\]+)", re.MULTILINE)


def _pins() -> dict[str, str]:
    text = (ROOT / "requirements.lock").read_text()
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return [
        Requirement(line)
        for line in [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    ]


def test_every_declared_dependency_is_locked_within_its_range():
    pins = _pins()
    outside = {
        str(req): pins.get(canonicalize_name(req.name))
        for req in _declared()
        if not req.specifier.contains(pins.get(canonicalize_name(req.name), "0"))
    }

    assert outside == {}, "run `make lock` and commit requirements.lock"


def test_every_pin_carries_a_hash():
    blocks = re.split(r"\n(?=\S)", (ROOT / "requirements.lock").read_text())
    pinned = [block for block in blocks if PIN.match(block)]

    assert pinned
    assert [b.split()[0] for b in pinned if "--hash=sha256:" not in b] == []


def test_make_install_puts_the_locks_own_pip_in_first():
    """The venv's bundled pip can be too old for the lock (pip 23.2 misread an extra
    in hash-checking mode): the Makefile installs the locked pip, hashed, first."""
    makefile = (ROOT / "Makefile").read_text()
    extract = re.search(
        r"^\t(sed -n .*) \$\(LOCK\) > \$\(VENV\)/pip\.lock$", makefile, re.M
    )
    assert extract, "the Makefile no longer takes pip from the lock"
    assert makefile.index("$(VENV)/pip.lock\n") < makefile.index("-r $(LOCK)\n")

    out = subprocess.run(
        [*shlex.split(extract.group(1)), str(ROOT / "requirements.lock")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    lines = out.splitlines()

    assert lines[0] == f"pip=={_pins()['pip']} \\"
    assert len(lines) > 1 and all("--hash=sha256:" in line for line in lines[1:])
