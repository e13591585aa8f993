"""Pinyin search keys for customer names, with the surname readings pypinyin gets wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pypinyin import lazy_pinyin

# As a surname these read differently from the common word; pypinyin reads the word.
# Where both readings are heard at the till (乐: yue / le), the first is the surname's.
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng",),
    "单": ("shan",),
    "解": ("xie",),
    "仇": ("qiu",),
    "覃": ("qin",),
    "区": ("ou",),
    "查": ("zha",),
    "朴": ("piao",),
    "乐": ("yue", "le"),
    "缪": ("miao",),
    "翟": ("zhai",),
    "黑": ("he",),
    "盖": ("ge",),
    "种": ("chong",),
    "繁": ("po",),
    "员": ("yun",),
    "秘": ("bi",),
    "尉": ("wei",),
    "重": ("chong",),
    "句": ("gou",),
    "谌": ("chen",),
    "禚": ("zhuo",),
}
# Compound surnames pypinyin misreads (it gets 欧阳, 尉迟, 万俟, 长孙 right).
COMPOUND_SURNAMES: dict[str, tuple[str, ...]] = {"单于": ("chan", "yu")}

_NOT_KEY = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class NameKeys:
    pinyin: str  # "zengxiaoming"
    initials: str  # "zxm"
    alternates: tuple[str, ...] = field(default=())  # other full readings: "cengxiaoming"


def _syllables(name: str) -> list[str]:
    return [_NOT_KEY.sub("", part.lower()) for part in lazy_pinyin(name, errors="default")]


def name_keys(name: str) -> NameKeys:
    """Search keys of a name; non-Chinese parts (Lily, 王姐2) are kept as lower-case letters/digits."""
    name = name.strip()
    plain = [syllable for syllable in _syllables(name) if syllable]
    surname, readings = _surname(name)
    if surname:
        rest = [syllable for syllable in _syllables(name[len(surname) :]) if syllable]
        primary = [*readings[0], *rest]
        others = ["".join([*reading, *rest]) for reading in readings[1:]]
    else:
        primary, others = plain, []
    full = "".join(primary)
    alternates = tuple(dict.fromkeys(alt for alt in [*others, "".join(plain)] if alt and alt != full))
    initials = "".join(syllable[0] for syllable in primary if syllable)
    return NameKeys(pinyin=full, initials=initials, alternates=alternates)


def _surname(name: str) -> tuple[str, list[tuple[str, ...]]]:
    for compound, reading in COMPOUND_SURNAMES.items():
        if name.startswith(compound):
            return compound, [reading]
    if name[:1] in SURNAME_READINGS:
        return name[:1], [(reading,) for reading in SURNAME_READINGS[name[:1]]]
    return "", []
