"""Pure rules stay pure: rules.py and workflow.py import nothing of Django."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
PURE = sorted(
    p
    for name in ("*rules.py", "workflow.py")
    for p in PACKAGE.rglob(name)
    if "tests" not in p.relative_to(PACKAGE).parts
)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_there_are_pure_modules_to_check() -> None:
    assert len(PURE) >= 3


@pytest.mark.parametrize("path", PURE, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_rules_import_neither_django_nor_the_rest_of_the_project(path: Path) -> None:
    bad = {
        m
        for m in imported_modules(path)
        if m.split(".")[0] in {"django", "ninja"}
        or (m.startswith("bagalau.") and not m.endswith((".rules", ".workflow", ".names")))
    }
    assert not bad, f"{path.name} imports {sorted(bad)}"


def test_the_product_never_reads_the_shared_folder() -> None:
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts:
            continue
        assert "../shared" not in path.read_text(encoding="utf-8"), path
