"""The rules core stays pure Python: no Django, and no rule number in the code."""

import ast
from pathlib import Path

import vahti.rules

RULES = Path(vahti.rules.__file__).parent
# Numbers that are arithmetic, not rules: 0 and 1 (counting, indexing), and the calendar's
# own facts, which live in calendar.py and case.py (hours in a day). A line that must hold
# another number (a cache size) says so with the comment "# not a rule number".
ALLOWED_NUMBERS = {0, 1}
CALENDAR_MODULES = {"calendar.py", "case.py"}


def modules():
    return sorted(RULES.rglob("*.py"))


def test_the_rules_core_imports_no_django():
    for path in modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n == "django" or n.startswith("django.") for n in names), path


def test_no_rule_number_lives_in_python_code():
    """Every number of rules.md is a parameter file; code holds only 0, 1 and calendar facts."""
    found = []
    for path in modules():
        if path.name in CALENDAR_MODULES:
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        for node in ast.walk(ast.parse(source)):
            if (
                isinstance(node, ast.Constant)
                and type(node.value) in (int, float)
                and node.value not in ALLOWED_NUMBERS
                and not lines[node.lineno - 1].endswith("# not a rule number")
            ):
                found.append(f"{path.name}:{node.lineno}: {node.value}")
    assert found == []
