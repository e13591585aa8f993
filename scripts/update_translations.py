"""Refresh the app's translation sources from ui/ (pyside6-lupdate) and compile them (pyside6-lrelease).

`make translations` runs it after UI strings change; translators then fill the .ts (Qt Linguist
or any editor) and run it again. tests/ui/test_translations.py fails while a string is untranslated
or a .qm is stale.

English needs no translation but its plurals: the sources say "%n customer(s)", and the English
.ts holds only those messages (`-pluralonly`), their two forms made here from the "(s)" spelling.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "ui" / "resources" / "translations"
LANGUAGES = ("zh_CN",)
ENGLISH_PLURALS = TRANSLATIONS / "guide_desk_en.ts"
# Spellings whose singular and plural differ by more than an "s" (checked before the general rule).
_IRREGULAR = (
    ("entry(ies)", "entry", "entries"),
    ("try(s)", "try", "tries"),
    ("row(s) have", "row has", "rows have"),
    ("customer(s)' timeline", "customer's timeline", "customers' timeline"),
)


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


def english_forms(source: str) -> tuple[str, str]:
    """("1 customer", "2 customers") from "%n customer(s)": the singular and the plural."""
    one, other = source, source
    for spelled, singular, plural in _IRREGULAR:
        one, other = one.replace(spelled, singular), other.replace(spelled, plural)
    return re.sub(r"\((?:e?s)\)", "", one), re.sub(r"\((e?s)\)", r"\1", other)


def _lupdate_plurals(ts_file: Path) -> None:
    subprocess.run(
        [
            tool("pyside6-lupdate"),
            *ui_sources(),
            *("-no-obsolete", "-locations", "none", "-pluralonly", "-target-language", "en"),
            *("-ts", str(ts_file)),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )


def update_english_plurals(ts_file: Path) -> None:
    """The English .ts of plural messages only, each given its two forms."""
    _lupdate_plurals(ts_file)
    tree = ET.parse(ts_file)
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.attrib.pop("type", None)
        for form in list(translation):
            translation.remove(form)
        translation.text = None
        for text in english_forms(message.findtext("source") or ""):
            ET.SubElement(translation, "numerusform").text = text
    tree.write(ts_file, encoding="utf-8", xml_declaration=True)
    _lupdate_plurals(ts_file)  # lupdate's own layout again (ElementTree drops the DOCTYPE)


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
    update_english_plurals(ENGLISH_PLURALS)
    compile_qm(ENGLISH_PLURALS, ENGLISH_PLURALS.with_suffix(".qm"))
    print(f"{ENGLISH_PLURALS.relative_to(ROOT)}: plurals made and compiled")
    return 0


if __name__ == "__main__":
    sys.exit(main())
