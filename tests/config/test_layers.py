"""Imports and links run one way: each part of Vahti imports, and links to the pages of, only
the parts below it (docs/architecture.md), so that, e.g., the case register never depends on
notices, and the rules core on nothing. Every spelling of an import counts (absolute, relative,
``from vahti import part``), and so does every link by URL name (``{% url %}``, ``reverse``,
``redirect``); a lower page reaches a higher one only through a place it names
(core/links.py). The site's shell (the menu and the error pages in core's templates) links
everywhere, explicitly."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import vahti

PACKAGE = Path(vahti.__file__).parent
# Top to bottom. A part may import itself and the parts in lower layers; parts of one layer do not
# import each other. `cli` is the command line over the rules core; `i18n` compiles translations.
LAYERS = (
    ("config", "cli", "i18n"),
    ("demo",),
    ("workqueue",),
    ("readiness",),
    ("staff", "groups", "reporting", "invoicing", "exchange"),
    ("outcomes",),
    ("reminders", "feedback", "notices"),
    ("cases",),
    ("audit", "jobs"),
    ("organisations",),
    ("core",),
    ("rules",),
)
RANK = {part: rank for rank, layer in enumerate(LAYERS) for part in layer}
# The shell of every page: the menu and the error pages link to every part.
SHELL = {
    "core/templates/core/base.html",
    "core/templates/403.html",
    "core/templates/404.html",
    "core/templates/500.html",
}
# URL namespaces that are not parts of Vahti.
FOREIGN = {"admin"}
LINK = re.compile(
    r"""(?:\{%\s*url\s+|\breverse(?:_lazy)?\(\s*|\bredirect\(\s*|\bresolve_url\(\s*"""
    r""")['"]([a-z_]+):[a-z_0-9]+['"]"""
)


def part_of(path: Path) -> str:
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def module_of(path: Path) -> list[str]:
    """The dotted package a file's relative imports start from."""
    parts = ["vahti", *path.relative_to(PACKAGE).with_suffix("").parts]
    return parts if path.name == "__init__.py" else parts[:-1]


def imported_parts(source: str, path: Path) -> set[str]:
    """The parts of Vahti that ``source`` (the file at ``path``) imports, however spelled."""
    parts = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolved against the file's own package
                base = module_of(path)
                base = base[: len(base) - node.level + 1] if node.level > 1 else base
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from vahti import notices` names the part in the imported names
            names = (
                [f"{module}.{alias.name}" for alias in node.names]
                if module == "vahti"
                else [module]
            )
        else:
            continue
        parts |= {
            name.split(".")[1]
            for name in names
            if name.startswith("vahti.") and len(name.split(".")) > 1
        }
    return parts


def linked_parts(source: str) -> set[str]:
    return set(LINK.findall(source)) - FOREIGN


def violations(part: str, others: set[str]) -> list[str]:
    return sorted(other for other in others - {part} if RANK.get(other, -1) <= RANK.get(part, -1))


def import_map() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        graph.setdefault(part_of(path), set()).update(
            imported_parts(path.read_text(encoding="utf-8"), path) - {part_of(path)}
        )
    return graph


def link_map() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.html")]:
        if str(path.relative_to(PACKAGE)) in SHELL:
            continue
        graph.setdefault(part_of(path), set()).update(
            linked_parts(path.read_text(encoding="utf-8"))
        )
    return graph


def test_every_part_of_vahti_has_a_layer():
    assert set(import_map()) <= set(RANK) | {"__init__"}


def test_imports_run_one_way():
    wrong = [
        f"{part} imports {other}"
        for part, others in import_map().items()
        for other in violations(part, others)
    ]
    assert wrong == []


def test_links_run_one_way():
    wrong = [
        f"{part} links to {other}"
        for part, others in link_map().items()
        for other in violations(part, others)
    ]
    assert wrong == []


def test_every_app_names_its_urls():
    for urls in PACKAGE.glob("*/urls.py"):
        if urls.parent.name != "config":
            assert f'app_name = "{urls.parent.name}"' in urls.read_text(), urls


def test_nothing_imports_the_demo():
    assert [part for part, others in import_map().items() if "demo" in others] == []


CASES = PACKAGE / "cases" / "views.py"


@pytest.mark.parametrize(
    "source",
    [
        "from vahti.notices.models import Notice",
        "from ..notices.models import Notice",
        "from ..notices import models",
        "from vahti import notices",
        "import vahti.notices.models",
    ],
)
def test_a_planted_upward_import_is_found_however_it_is_spelled(source):
    assert violations("cases", imported_parts(source, CASES)) == ["notices"]


@pytest.mark.parametrize(
    "source",
    [
        "from .models import Client",
        "from . import selectors",
        "from vahti.audit.services import access_record",
        "from ..audit import services",
    ],
)
def test_imports_inside_a_part_or_downward_are_not_violations(source):
    assert violations("cases", imported_parts(source, CASES)) == []


@pytest.mark.parametrize(
    "source",
    [
        """<a href="{% url 'notices:notice_new' decision.pk %}">""",
        """return redirect("notices:notice_new", decision.pk)""",
        """url = reverse('feedback:feedback', args=[1])""",
    ],
)
def test_a_planted_upward_link_is_found(source):
    assert violations("cases", linked_parts(source)) in (["notices"], ["feedback"])


def test_a_link_inside_a_part_or_downward_is_not_a_violation():
    assert (
        violations(
            "notices", linked_parts("""{% url 'cases:client' 1 %} reverse("notices:notices")""")
        )
        == []
    )


def test_no_translation_is_called_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a ``{_('audit')}`` there is never
    extracted, so Finnish text showed the English word. Translate first, then format."""
    import re
    from pathlib import Path

    import vahti

    inside = re.compile(r"""\bf(["'])[^"'\n]*\{_\(""")
    found = [
        f"{path.relative_to(Path(vahti.__file__).parent)}:{number}"
        for path in Path(vahti.__file__).parent.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if inside.search(line)
    ]
    assert found == []
