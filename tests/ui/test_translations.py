"""zh_CN is complete: every string in ui/ has a finished translation, and the shipped .qm is current."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from scripts.update_translations import (
    ENGLISH_PLURALS,
    LANGUAGES,
    TRANSLATIONS,
    compile_qm,
    english_forms,
    update_english_plurals,
    update_ts,
)


def _unfinished(ts_file: Path) -> list[str]:
    missing = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            if translation.get("type") in ("vanished", "obsolete"):
                continue
            finished = translation.get("type") != "unfinished"
            has_text = bool((translation.text or "").strip()) or any(
                (form.text or "").strip() for form in translation.iter("numerusform")
            )
            if not (finished and has_text):
                missing.append(f"{name}: {message.findtext('source')}")
    return missing


def test_every_ui_string_has_a_finished_chinese_translation(tmp_path: Path) -> None:
    for language in LANGUAGES:
        committed = TRANSLATIONS / f"guide_desk_{language}.ts"
        fresh = tmp_path / committed.name
        shutil.copy(committed, fresh)
        update_ts(fresh)  # today's sources: a new string shows up as unfinished
        missing = _unfinished(fresh)
        assert not missing, f"{len(missing)} strings lack a {language} translation: {missing[:20]}"
        # pyside6-lupdate hands a `#:` comment to the translator as a note on the next string:
        # a constant's doc comment then sat on "Message" or "Name" in the .ts. ui/ uses `#`.
        notes = [note.text for note in ET.parse(fresh).getroot().iter("extracomment")]
        assert not notes, f"code comments reached the translators as notes: {notes[:3]}"


def test_the_shipped_qm_is_compiled_from_the_shipped_ts(tmp_path: Path) -> None:
    for language in LANGUAGES:
        ts_file = TRANSLATIONS / f"guide_desk_{language}.ts"
        compiled = tmp_path / f"{language}.qm"
        compile_qm(ts_file, compiled)
        assert compiled.read_bytes() == ts_file.with_suffix(".qm").read_bytes(), "run `make translations`"


def test_english_plurals_are_current_and_read_as_english_does(tmp_path: Path) -> None:
    """The sources say "%n customer(s)"; English shows "1 customer" and "2 customers"."""
    fresh = tmp_path / ENGLISH_PLURALS.name
    shutil.copy(ENGLISH_PLURALS, fresh)
    update_english_plurals(fresh)
    assert fresh.read_bytes() == ENGLISH_PLURALS.read_bytes(), "run `make translations`"
    compiled = tmp_path / "en.qm"
    compile_qm(ENGLISH_PLURALS, compiled)
    assert compiled.read_bytes() == ENGLISH_PLURALS.with_suffix(".qm").read_bytes(), "run `make translations`"
    english = QTranslator()
    assert english.load(str(compiled))
    shown = {
        n: english.translate("CustomersView", "%n customer(s)", None, n).replace("%n", str(n)) for n in (1, 2)
    }
    assert shown == {1: "1 customer", 2: "2 customers"}
    assert english_forms("%n entry(ies)") == ("%n entry", "%n entries")
