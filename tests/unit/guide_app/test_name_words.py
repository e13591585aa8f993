"""Names are read from a small table cut from pypinyin's phrase list, not the 45 MiB list itself."""

from __future__ import annotations

import subprocess
import sys

from guide_app.book import name_words
from guide_app.book.pinyin import name_keys


def test_the_committed_table_is_what_the_installed_pypinyin_gives() -> None:
    # Fails after a pypinyin upgrade until `python -m guide_app.book.name_words` is run again.
    assert name_words.TABLE.read_text("utf-8") == name_words.build()


def test_the_core_reads_names_without_loading_pypinyins_phrase_list() -> None:
    probe = (
        "import guide_app.calls.imports, guide_app.calls.customers\n"
        "from guide_app.book.pinyin import name_keys\n"
        "name_keys('长孙无忌')\n"
        "from pypinyin.constants import PHRASES_DICT\n"
        "print(len(PHRASES_DICT))\n"
    )
    finished = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert finished.stdout.strip() == "0"


def test_words_that_change_a_reading_still_read_a_name_in_context() -> None:
    assert name_keys("长孙无忌").readings[0] == ("zhang", "sun", "wu", "ji")  # compound surname
    assert name_keys("王长春").readings[0] == ("wang", "chang", "chun")  # 长春, a word of the table
    assert name_keys("李空调").readings[0] == ("li", "kong", "tiao")  # 调 as in 空调, not diao
    # a character outside any such word keeps its everyday reading, and its others found in words
    assert ("zhang", "ming") in {reading[1:] for reading in name_keys("王长明").readings}
    assert ("chang", "ming") in {reading[1:] for reading in name_keys("王长明").readings}
