"""Refresh the app's translation sources from ui/ (pyside6-lupdate) and compile them (pyside6-lrelease).

`make translations` runs it after UI strings change; translators then fill the .ts (Qt Linguist
or any editor) and run it again. tests/ui/test_translations.py fails while a string is untranslated
or a .qm is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "ui" / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """A PySide6 tool from the running interpreter's environment (the venv), else from PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 (make venv)")
    return found


def ui_sources() -> list[str]:
    return sorted(str(path.relative_to(ROOT)) for path in (ROOT / "ui").rglob("*.py"))


def update_ts(ts_file: Path) -> None:
    """Add new source strings to `ts_file`, keep existing translations, mark vanished ones obsolete."""
    subprocess.run(
        [tool("pyside6-lupdate"), *ui_sources(), "-no-obsolete", "-locations", "none", "-ts", str(ts_file)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def compile_qm(ts_file: Path, qm_file: Path) -> None:
    subprocess.run(
        [tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
        check=True,
        capture_output=True,
    )


def main() -> int:
    for language in LANGUAGES:
        ts_file = TRANSLATIONS / f"guide_desk_{language}.ts"
        update_ts(ts_file)
        compile_qm(ts_file, ts_file.with_suffix(".qm"))
        print(f"{ts_file.relative_to(ROOT)}: updated and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
