"""Imports run one way: each part of Vahti imports only the parts below it (docs/architecture.md),
so that, e.g., the case register never depends on notices, and the rules core on nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import vahti

PACKAGE = Path(vahti.__file__).parent
# Top to bottom. A part may import itself and the parts in lower layers; parts of one layer do not
# import each other. `cli` is the command line over the rules core; `i18n` compiles translations.
LAYERS = (
    ("config", "cli", "i18n"),
    ("demo",),
    ("workqueue",),
    ("readiness",),
    ("staff", "groups", "reporting"),
    ("outcomes",),
    ("reminders", "feedback", "notices"),
    ("cases",),
    ("audit",),
    ("organisations",),
    ("core",),
    ("rules",),
)
RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}


def part_of(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py")


def imported_parts(path: Path) -> set[str]:
    parts = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue  # relative imports stay inside their part
        parts |= {name.split(".")[1] for name in names
                  if name.startswith("vahti.") and len(name.split(".")) > 1}
    return parts


def import_map() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        graph.setdefault(part_of(path), set()).update(imported_parts(path) - {part_of(path)})
    return graph


def test_every_part_of_vahti_has_a_layer():
    assert set(import_map()) <= set(RANK) | {"__init__"}


def test_imports_run_one_way():
    wrong = sorted(f"{part} imports {other}" for part, others in import_map().items()
                   for other in others if RANK.get(other, -1) <= RANK.get(part, -1))
    assert wrong == []


def test_nothing_imports_the_demo():
    assert [part for part, others in import_map().items() if "demo" in others] == []
