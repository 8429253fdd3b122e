"""The extraction package stays free of Django, DRF and Celery."""

from __future__ import annotations

import ast
from pathlib import Path

import attribution.extraction

FORBIDDEN = ("django", "rest_framework", "celery")
PACKAGE = Path(attribution.extraction.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def test_extraction_package_imports_no_django_drf_or_celery() -> None:
    offenders = {
        f"{path.name}: {name}"
        for path in PACKAGE.rglob("*.py")
        for name in imported_modules(path)
        if name.split(".")[0] in FORBIDDEN
    }
    assert not offenders
