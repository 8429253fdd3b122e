"""Named rules: what each is, switching it off, and the version they make together.

A rule is a function with a name, a stage and an example, registered with the
`rule` decorator; its docstring says what it reads and why. `bench/ablation.py`
switches each off in turn (`disabled`) and prints what the F1 loses, so every rule
shows what it contributes. Stages run in the order of `STAGES`.

The rules' version (`rules_version`) is a digest of the engine's code and its data
files, so any change to a rule, a word list or the gazetteer gives a new
`Article.pipeline_version`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import ParamSpec, TypeVar, cast

# The stages of reading an article, in the order they run.
STAGES = ("layout", "quotes", "frames", "speakers", "outlets")

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Rule:
    """A rule's identity: its name, stage, an example it reads, and what it does."""

    name: str
    stage: str
    example: str
    summary: str


RULES: dict[str, Rule] = {}
_DISABLED: ContextVar[frozenset[str]] = ContextVar(
    "attribution_disabled_rules", default=frozenset()
)


def rule(
    name: str, *, stage: str, example: str, off: object
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Register a function as the rule `name`; switched off, it returns `off`."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")

    def register(function: Callable[P, R]) -> Callable[P, R]:
        if name in RULES:
            raise ValueError(f"rule {name!r} registered twice")
        summary = (function.__doc__ or "").strip().split("\n\n")[0]
        RULES[name] = Rule(name, stage, example, " ".join(summary.split()))

        @wraps(function)
        def run(*args: P.args, **kwargs: P.kwargs) -> R:
            if name in _DISABLED.get():
                return cast(R, off)
            return function(*args, **kwargs)

        return run

    return register


def enabled(name: str) -> bool:
    """Whether the rule `name` runs in the current extraction (no side effects)."""
    return name not in _DISABLED.get()


@contextmanager
def disabled(names: Iterable[str]) -> Iterator[None]:
    """Run the enclosed extraction with the named rules switched off, as well as any
    an enclosing `disabled` (or the Extractor's own list) switched off."""
    names = frozenset(names)
    unknown = names - RULES.keys()
    if unknown:
        raise KeyError(f"no such rules: {sorted(unknown)}")
    token = _DISABLED.set(_DISABLED.get() | names)
    try:
        yield
    finally:
        _DISABLED.reset(token)


def rule_names() -> list[str]:
    """Every registered rule's name, in stage order, then by name."""
    return sorted(RULES, key=lambda n: (STAGES.index(RULES[n].stage), n))


def rules_version() -> str:
    """A short digest of the engine's code and data: it changes with any rule."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted(package.glob("*.py")) + sorted((package / "data").glob("*"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
