"""Pinyin readings of customer names, syllable by syllable, with the surname readings pypinyin gets wrong."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from itertools import combinations

# pypinyin's phrase list is for sentences and costs ~45 MiB; a name needs the few thousand words
# in name_words.tsv. Both switches are pypinyin's own ways to save memory (its FAQ) and must be
# set before its first import.
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")

from pypinyin import Style, pinyin
from pypinyin.constants import PINYIN_DICT

# As a surname these read differently from the common word; pypinyin reads the word. The first
# reading is the surname's (the list sorts by it); the others are heard at the till or typed by
# habit (a guide who says "ceng" for 曾 still finds 曾小明).
SURNAME_READINGS: dict[str, tuple[str, ...]] = {
    "曾": ("zeng", "ceng"),
    "单": ("shan", "dan"),
    "解": ("xie", "jie"),
    "仇": ("qiu", "chou"),
    "覃": ("qin", "tan"),
    "区": ("ou", "qu"),
    "查": ("zha", "cha"),
    "朴": ("piao", "pu"),
    "乐": ("yue", "le"),
    "缪": ("miao", "mou"),
    "翟": ("zhai", "di"),
    "黑": ("he", "hei"),
    "盖": ("ge", "gai"),
    "种": ("chong", "zhong"),
    "繁": ("po", "fan"),
    "员": ("yun", "yuan"),
    "秘": ("bi", "mi"),
    "尉": ("wei",),
    "重": ("chong", "zhong"),
    "句": ("gou", "ju"),
    "谌": ("chen", "shen"),
    "禚": ("zhuo",),
    "卜": ("bu",),  # pypinyin: bo (萝卜)
    "阚": ("kan", "han"),
    "隗": ("wei", "kui"),
    "召": ("shao", "zhao"),
    "能": ("nai", "neng"),
    "折": ("she", "zhe"),
    "万": ("wan",),  # mo only in 万俟
}
# Two-character surnames: the given name starts after them (its initials, `xm`, are a key), and
# their reading is fixed (尉迟 is yu chi, not wei chi as the single surname 尉 would give).
COMPOUND_SURNAMES: dict[str, tuple[str, str]] = {
    "欧阳": ("ou", "yang"),
    "尉迟": ("yu", "chi"),
    "万俟": ("mo", "qi"),
    "长孙": ("zhang", "sun"),
    "单于": ("chan", "yu"),
    "澹台": ("tan", "tai"),
    "令狐": ("ling", "hu"),
    "司马": ("si", "ma"),
    "上官": ("shang", "guan"),
    "诸葛": ("zhu", "ge"),
    "东方": ("dong", "fang"),
    "皇甫": ("huang", "fu"),
    "公孙": ("gong", "sun"),
    "慕容": ("mu", "rong"),
    "宇文": ("yu", "wen"),
    "夏侯": ("xia", "hou"),
    "轩辕": ("xuan", "yuan"),
    "南宫": ("nan", "gong"),
    "司徒": ("si", "tu"),
    "司空": ("si", "kong"),
    "端木": ("duan", "mu"),
    "呼延": ("hu", "yan"),
    "独孤": ("du", "gu"),
    "百里": ("bai", "li"),
    "东郭": ("dong", "guo"),
    "西门": ("xi", "men"),
    "申屠": ("shen", "tu"),
    "太史": ("tai", "shi"),
    "闻人": ("wen", "ren"),
    "赫连": ("he", "lian"),
    "钟离": ("zhong", "li"),
    "濮阳": ("pu", "yang"),
    "淳于": ("chun", "yu"),
    "拓跋": ("tuo", "ba"),
    "完颜": ("wan", "yan"),
    "第五": ("di", "wu"),
}
# A name is found by any plausible reading, but a name of four polyphones must not explode:
# each character offers its reading in context plus at most one other (pypinyin lists the common
# ones first), and a name keeps at most this many readings, fewest changed characters first.
MAX_READINGS = 6
OTHER_READINGS_PER_CHARACTER = 1

_LATIN = re.compile(r"[a-z]+")
_SPLIT = re.compile(r"([a-zA-Z]+)")


@dataclass(frozen=True, slots=True)
class NameKeys:
    """The readings of a name, each a tuple of syllables; the first is the one the list sorts by."""

    readings: tuple[tuple[str, ...], ...]
    surname_syllables: int  # 0 when the name has no Chinese surname (Lily)
    surname: str  # as written, one character a syllable (欧阳); "" when surname_syllables is 0

    @property
    def initials(self) -> str:  # "zxm"
        return initials(self.readings[0]) if self.readings else ""


def initials(syllables: tuple[str, ...]) -> str:
    return "".join(syllable[0] for syllable in syllables)


@dataclass(frozen=True)
class _Words:
    reading_of: dict[str, tuple[str, ...]]  # 长孙 -> (zhang, sun): read otherwise than char by char
    longest: int
    in_words: dict[str, frozenset[str]]  # 长 -> {chang, zhang}: a polyphone's readings in some word


@cache
def _words() -> _Words:
    """name_words.tsv, loaded once (5k lines, ~5 ms)."""
    reading_of: dict[str, tuple[str, ...]] = {}
    in_words: dict[str, frozenset[str]] = {}
    text = resources.files("guide_app.book").joinpath("name_words.tsv").read_text("utf-8")
    for line in text.splitlines():
        kind, _, rest = line.partition("\t")
        key, _, readings = rest.partition("\t")
        syllables = tuple(map(sys.intern, readings.split()))
        if kind == "w":
            reading_of[key] = syllables
        elif kind == "c":
            in_words[key] = frozenset(syllables)
    return _Words(reading_of, max(map(len, reading_of), default=0), in_words)


@lru_cache(maxsize=20_000)
def _character_readings(character: str) -> tuple[str, ...]:
    """A character's everyday reading, then the others it has in some word (长: chang, then zhang
    as in 长大; 明 has no other). pypinyin's heteronyms alone list rare ones (明 meng, 王 yu) that
    tripled the keys of a name. A heteronym lookup costs ~15 µs: cached per character."""
    heteronyms = pinyin(character, style=Style.NORMAL, heteronym=True)[0]
    readings = [reading for reading in heteronyms if _LATIN.fullmatch(reading)]
    in_words = _words().in_words.get(character, frozenset())
    return tuple(dict.fromkeys(readings[:1] + [reading for reading in readings[1:] if reading in in_words]))


def _is_han(character: str) -> bool:
    return ord(character) in PINYIN_DICT


def _in_context(han: str) -> list[str]:
    """One reading per character: the longest word of name_words.tsv from the left wherever one
    starts (长孙 zhang sun, not chang sun), else the character's everyday reading."""
    words = _words()
    readings: list[str] = []
    start = 0
    while start < len(han):
        for end in range(min(len(han), start + words.longest), start + 1, -1):
            word = words.reading_of.get(han[start:end])
            if word is not None:
                readings.extend(word)
                start = end
                break
        else:
            readings.append(_character_readings(han[start])[0])
            start += 1
    return readings


def _choices(name: str, others_per_character: int) -> list[tuple[str, ...]]:
    """Per syllable of the name, its candidate readings (the one in context first). Latin runs
    (Lily) are one syllable; digits and punctuation are no syllable."""
    choices: list[tuple[str, ...]] = []
    for part in _SPLIT.split(name):
        if part.isascii() and part.isalpha():
            choices.append((part.lower(),))
            continue
        han = "".join(character for character in part if _is_han(character))
        for character, reading in zip(han, _in_context(han), strict=True):
            if not others_per_character:
                choices.append((reading,))
                continue
            others = [other for other in _character_readings(character) if other != reading]
            choices.append((reading, *others[:others_per_character]))
    return choices


def _surname(name: str, choices: list[tuple[str, ...]]) -> int:
    """Put the surname's readings in place; returns how many syllables the surname has."""
    if not choices or not _is_han(name[:1]):
        return 0
    if name[:2] in COMPOUND_SURNAMES and len(choices) >= 2:
        choices[0], choices[1] = ((reading,) for reading in COMPOUND_SURNAMES[name[:2]])
        return 2
    # A surname has the readings listed for it, else its everyday one: 王 is never "yu".
    choices[0] = SURNAME_READINGS.get(name[:1], choices[0][:1])
    return 1


def _readings(choices: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    primary = tuple(options[0] for options in choices)
    varied = [index for index, options in enumerate(choices) if len(options) > 1]
    readings = [primary]
    for count in range(1, len(varied) + 1):
        for positions in combinations(varied, count):
            for picks in _alternative_picks(choices, positions):
                if len(readings) == MAX_READINGS:
                    return tuple(readings)
                reading = list(primary)
                for position, pick in zip(positions, picks, strict=True):
                    reading[position] = pick
                readings.append(tuple(reading))
    return tuple(readings)


def _alternative_picks(choices: list[tuple[str, ...]], positions: tuple[int, ...]) -> list[tuple[str, ...]]:
    picks: list[tuple[str, ...]] = [()]
    for position in positions:
        picks = [(*pick, other) for pick in picks for other in choices[position][1:]]
    return picks


def _name_keys(name: str, others_per_character: int) -> NameKeys:
    name = name.strip()
    choices = _choices(name, others_per_character)
    surname_syllables = _surname(name, choices)
    return NameKeys(_readings(choices), surname_syllables, surname=name[:surname_syllables])


@lru_cache(maxsize=8_192)
def name_keys(name: str) -> NameKeys:
    """Readings of a name, cached for the names a list repeats (王芳, 张伟). Over 200k names of
    which 124k differ, 8k entries save as much time as 50k did, and 50k held 26 MiB through
    an import."""
    return _name_keys(name, OTHER_READINGS_PER_CHARACTER)


def sort_reading(name: str) -> NameKeys:
    """name_keys with the same first reading (the one the list sorts by) and no other readings
    but the surname's, uncached: for recomputing a whole book's sort keys. Migration 0004 took
    9.5 s at 200k mostly distinct names with it, 12.3 s with name_keys (1.5 s of it the cache)."""
    return _name_keys(name, 0)
