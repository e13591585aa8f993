"""The slice of pypinyin's phrase list that a customer's name needs, kept as a small table.

pypinyin's full phrase list (47k sentence words with tones) costs ~45 MiB once loaded, a third of
the desktop's memory before a workbook is read. A name needs two things from it:
- the words that read a character other than its everyday way (长孙 zhang sun, 空调 kong tiao),
  to read a name in context;
- the readings each character has in some word, which keep a name's other readings plausible
  (长 chang and zhang; 明 only ming).

`python -m guide_app.book.name_words` writes them to `name_words.tsv` from the installed pypinyin's
own data files; a test fails when the committed table no longer matches the installed pypinyin.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
import unicodedata
from importlib import metadata, resources
from pathlib import Path

#: Read by guide_app/book/pinyin.py as a package resource; main() rewrites it in the source tree.
TABLE = resources.files("guide_app.book").joinpath("name_words.tsv")
_LATIN = re.compile(r"[a-z]+")


def toneless(reading: str) -> str:
    """'lǘ' -> 'lv', 'zhǎng' -> 'zhang'."""
    decomposed = unicodedata.normalize("NFD", reading).replace("u\u0308", "v")
    return "".join(letter for letter in decomposed if not unicodedata.combining(letter))


def _pypinyin_data(name: str) -> dict[str, object]:
    """One of pypinyin's JSON data files, read without importing pypinyin (whose import would
    load the full phrase list into this process)."""
    spec = importlib.util.find_spec("pypinyin")
    if spec is None or spec.origin is None:
        raise RuntimeError("pypinyin is not installed")
    data: dict[str, object] = json.loads(Path(spec.origin).with_name(name).read_text("utf-8"))
    return data


def build() -> str:
    """The table's text: `w<TAB>word<TAB>syllables` and `c<TAB>character<TAB>readings in words`."""
    everyday: dict[str, str] = {}
    polyphones: set[str] = set()
    for code, listed in _pypinyin_data("pinyin_dict.json").items():
        readings = [toneless(reading) for reading in str(listed).split(",")]
        latin = list(dict.fromkeys(reading for reading in readings if _LATIN.fullmatch(reading)))
        if latin:
            everyday[chr(int(code))] = latin[0]
        if len(latin) > 1:
            polyphones.add(chr(int(code)))
    words: dict[str, list[str]] = {}
    in_words: dict[str, set[str]] = {}
    for word, listed in _pypinyin_data("phrases_dict.json").items():
        syllables = [toneless(str(options[0])) for options in listed]  # type: ignore[attr-defined]
        if len(syllables) != len(word):
            continue
        pairs = list(zip(word, syllables, strict=True))
        for character, syllable in pairs:
            in_words.setdefault(character, set()).add(syllable)
        if any(everyday.get(character) != syllable for character, syllable in pairs):
            words[word] = syllables
    version = metadata.version("pypinyin")
    lines = [f"# from pypinyin {version} by `python -m guide_app.book.name_words`; do not edit"]
    lines += [f"w\t{word}\t{' '.join(syllables)}" for word, syllables in sorted(words.items())]
    # Only a character with several readings needs its list: the others have one reading anyway.
    lines += [
        f"c\t{character}\t{' '.join(sorted(readings))}"
        for character, readings in sorted(in_words.items())
        if character in polyphones
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    with resources.as_file(TABLE) as path:
        path.write_text(build(), "utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
