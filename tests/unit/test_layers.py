"""The dependency direction: ui → guide_app → guide_app.protocol ← hq, checked on the imports themselves."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The leaf modules both sides share: they import nothing of guide_app, hq or ui.
SHARED_LEAVES = {"guide_app.protocol", "guide_app.cells"}


@functools.cache
def _imports(package: str) -> dict[Path, set[str]]:
    found: dict[Path, set[str]] = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
        found[path] = names
    return found


def _ours(name: str) -> bool:
    return name.split(".")[0] in {"guide_app", "hq", "ui"}


def test_hq_imports_nothing_of_the_desktop_but_the_shared_leaves() -> None:
    wrong = {
        f"{path.relative_to(ROOT)}: {name}"
        for path, names in _imports("hq").items()
        for name in names
        if name.startswith(("guide_app", "ui")) and name not in SHARED_LEAVES
    }
    assert not wrong


def test_the_shared_leaves_import_nothing_of_ours() -> None:
    for leaf in SHARED_LEAVES:
        path = ROOT / (leaf.replace(".", "/") + ".py")
        names = _imports("guide_app")[path]
        assert not {name for name in names if _ours(name)}, leaf


def test_the_desktop_core_imports_neither_hq_nor_ui_nor_qt_widgets() -> None:
    wrong = {
        f"{path.relative_to(ROOT)}: {name}"
        for path, names in _imports("guide_app").items()
        for name in names
        if name.startswith(("hq", "ui", "PySide6.QtWidgets"))
    }
    assert not wrong


def test_no_widget_imports_hq() -> None:
    assert not {
        f"{path.relative_to(ROOT)}: {name}"
        for path, names in _imports("ui").items()
        for name in names
        if name.startswith("hq")
    }
