"""The dependency direction: ui → guide_app → guide_app.protocol ← hq, checked on the imports themselves."""

from __future__ import annotations

import ast
import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The leaf modules both sides share: they import nothing of guide_app, hq or ui.
SHARED_LEAVES = {"guide_app.protocol", "guide_app.cells"}
# What the protocol itself may take from the desktop's code: the release and protocol level.
PROTOCOL_TAKES = {"guide_app.version"}
# The launcher is built into an executable of its own with nothing but the standard library.
STDLIB_ONLY = ("guide_app/update/layout.py", "guide_app/update/launcher.py")


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
    return name.split(".")[0] in {"guide_app", "hq", "ui", "release"}


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
        assert not {name for name in names if _ours(name)} - PROTOCOL_TAKES, leaf
    version = _imports("guide_app")[ROOT / "guide_app/version.py"]
    assert not {name for name in version if _ours(name)}


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


def test_the_launcher_needs_nothing_but_the_standard_library() -> None:
    for relative in STDLIB_ONLY:
        names = _imports("guide_app")[ROOT / relative]
        outside = {
            name
            for name in names
            if name.split(".")[0] not in sys.stdlib_module_names
            and name not in {"guide_app.update.layout", "guide_app.version"}
        }
        assert not outside, (relative, outside)


def test_the_release_tool_imports_neither_hq_nor_ui() -> None:
    """It runs on the release PC, where the signing keys are, and never inside HQ or the app."""
    wrong = {
        f"{path.relative_to(ROOT)}: {name}"
        for path, names in _imports("release").items()
        for name in names
        if name.startswith(("hq", "ui", "PySide6"))
    }
    assert not wrong
    assert not {
        f"{path.relative_to(ROOT)}: {name}"
        for package in ("hq", "guide_app", "ui")
        for path, names in _imports(package).items()
        for name in names
        if name.startswith("release")
    }
