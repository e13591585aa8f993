r"""Finding customers: typed text, tags, stage, segment and due follow-ups; ranked, sorted and paged.

What one typed word matches (every word must match):
- Latin letters are pinyin, from the start of a syllable of any plausible reading of the name
  (`han` finds 韩梅 and 李涵, never 常 = chang; `zhangs` and `xiaom` run over several
  syllables), or from the start of the initials of the whole name (`zxm` → 曾小明) or of the
  given name (`xm`). From 3 letters they also match anywhere in name, phone, WeCom remark or
  notes (`vip`). A single letter, the guide's first keystroke, matches the start of the name's
  first reading: an index walk (~0.1 ms) instead of collecting a fifth of the book.
- Anything else: anywhere in name, phone, remark or notes (备注). A phone pasted as
  `138-0013-8000`, `+86 13800138000` or `+8613800138000` is also looked up as the bare number
  (guide_app.book.phones rules; a fragment loses its separators). Traditional characters fold to
  simplified ones on both sides, character by character (張 finds 张 and 张 finds 張).

Ranking, when the list is sorted by name and the text is more than single letters: first the
customers whose name, full reading or initials is exactly a typed word (`张三`, `zhangsan`,
`zs`), then those whose name or a reading starts with one (the surname: `han` → 韩…, then 李涵),
then the rest; by pinyin within each. The other sorts are kept as the guide chose them.

Sorting by name (name_pinyin) compares syllable by syllable, as a phone's contact list does:
`chen 陈 fang xia` < `chen 陈 hong hui` < `cheng 程 jia`, the syllables apart by a space, which
sorts below every letter (run together, chenfangxia < chengjia < chenhonghui put 程 among the 陈s).
The surname's characters follow its syllables, so surnames read alike stay apart (every 张 zhang
before or after every 章 zhang), traditional folded to simplified (陳 among 陈).

How (search_text, mirrored into an FTS5 trigram index that is case-sensitive):
`\x1e<name>\x1e <phone> <remark> <notes> <pinyin keys>`, the text fields folded to lower case;
the pinyin keys are upper case, so a typed (lower-case) word never matches inside a syllable. Each
key is a reading from a syllable's start (`\x1fMING`), from the name's start (`\x1e\x1fZENGXIAOMING`),
or its initials (`\x1e\x1dZXM`, given name `\x1dXM`). The marker makes even 2 letters a 3-character
trigram phrase. 1-2 other characters (`张`, `80`) are a LIKE scan of search_text: a trigram index
finds nothing under 3 characters. Measured at 50k on a shared 2-core machine (README): an FTS
question with a few hundred matches 2 ms, with thousands (`ming`) 17 ms; a LIKE scan 35-39 ms.
SQL text is built per query and run on the DBAPI connection: building SQLAlchemy statements
cost more than SQLite answering the indexed questions. Rows are small frozen dataclasses.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache, lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from guide_app.book.phones import normalize_phone
from guide_app.errors import InvalidInput
from guide_app.timeutil import from_stored, to_stored

if TYPE_CHECKING:
    # pypinyin (0.1 s to import) is loaded with the first name written, not with the list.
    from guide_app.book.pinyin import NameKeys

# The most rows one question returns. The list reads further pages in growing sizes: at 200k
# customers each deep page walks its whole offset (~0.5 s), so 400 pages of 500 took 220 s to
# scroll to the end and pages growing to 20,000 take a few seconds.
MAX_PAGE = 20_000


class SortKey(StrEnum):
    name = "name"  # by pinyin syllable by syllable, so 阿 comes before 张 and 陈 before 程
    added_newest = "added_newest"
    last_purchase = "last_purchase"
    monetary = "monetary"
    last_contact = "last_contact"  # the newest touch (message, call, visit, purchase) first


@dataclass
class CustomerQuery:
    text: str = ""
    tags_all: list[str] = field(default_factory=list)  # tag ids
    tags_any: list[str] = field(default_factory=list)
    tags_none: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    segments: list[str] = field(default_factory=list)
    follow_up_due_by: datetime | None = None  # an open follow-up due at or before this time
    sort: SortKey = SortKey.name
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True, slots=True)
class CustomerRow:
    """What a list shows of a customer; cheap to build by the tens of thousands. Times stay in
    their stored text until read (parsing 100 of them was a third of an indexed search)."""

    id: str
    name: str
    phone: str | None
    wecom_remark: str
    lifecycle_stage: str
    rfm_segment: str | None
    added_at_text: str
    last_purchase_text: str | None
    monetary_fen: int

    @property
    def added_at(self) -> datetime:
        return from_stored(self.added_at_text)

    @property
    def last_purchase_at(self) -> datetime | None:
        return from_stored(self.last_purchase_text) if self.last_purchase_text else None


_ROW_SQL = (
    "c.id, c.name, c.phone, c.wecom_remark, c.lifecycle_stage, c.rfm_segment, c.added_at, "
    "c.last_purchase_at, c.monetary_fen"
)
_ORDER = {
    "name": "c.name_pinyin, c.name, c.id",
    "added_newest": "c.added_at DESC, c.id",
    # SQLite sorts NULL lowest, so DESC puts the never-bought last by itself; an `IS NULL` term
    # kept SQLite off ix_customer_last_purchase (171 ms for a first page at 200k; 11 ms without).
    "last_purchase": "c.last_purchase_at DESC, c.id",
    "monetary": "c.monetary_fen DESC, c.id",
    # No index yet: a first page sorts the matches (220 ms at 200k, a few ms at 50k).
    "last_contact": "c.last_touch_at DESC, c.id",
}

# Markers in search_text (see the module docstring). Folding removes control characters from
# everything stored and typed, so only the keys carry them.
READING = "\x1e"  # the name's start: around the name, and before a key that starts a reading
SYLLABLE = "\x1f"  # a pinyin key from the start of a syllable
INITIALS = "\x1d"  # an initials key
FTS_MATCH = "c.rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?)"


@cache
def _fold_table() -> tuple[dict[int, str | None], frozenset[str]]:
    """Traditional → simplified, character by character, and control characters dropped; with the
    set of characters it changes.

    OpenCC's own converter works by phrase (137 µs a call, and a typed fragment can convert
    differently from the same characters inside a stored name); its character table, used on
    both sides through str.translate, keeps every fragment of a name a fragment of its folded
    form. A character whose candidates include itself (乾: 干 or 乾) stays as it is. Most text
    has nothing to change: checking the set (0.4 µs) spares translate's failed lookup per
    character (2.4 µs for a remark).
    """
    table: dict[int, str | None] = {code: None for code in range(32) if chr(code) not in "\t\n\r"}
    table[0x7F] = None
    listing = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    for line in listing.splitlines():
        traditional, _, candidates = line.partition("\t")
        simplified = candidates.split()
        if len(traditional) == 1 and simplified and traditional not in simplified:
            table[ord(traditional)] = simplified[0]
    return table, frozenset(map(chr, table))


def fold(text: str) -> str:
    """Text as search compares it: NFKC (full-width letters of a Chinese IME), simplified, lower case."""
    if not text:
        return text  # the whole list: no need to load the folding table yet
    text = unicodedata.normalize("NFKC", text)
    table, changed = _fold_table()
    return (text if changed.isdisjoint(text) else text.translate(table)).lower()


def _sort_key(keys: NameKeys) -> str:
    """name_pinyin: the first reading's syllables, the surname's characters after its own."""
    if not keys.readings:
        return ""
    reading = keys.readings[0]
    surname = keys.surname_syllables
    if not surname:
        return " ".join(reading)
    return " ".join((*reading[:surname], fold(keys.surname), *reading[surname:]))


def load_name_keys() -> None:
    """Load pypinyin now, on the caller's thread, rather than with the first name written.

    Its dictionaries are one json.loads that holds the GIL for 35-60 ms: met in the middle of an
    import or a sync, that was the longest wait of the screen's thread. The app loads it on a
    worker a moment after its window is painted (ui/app.py)."""
    import guide_app.book.pinyin  # noqa: F401 — importing it is the loading


def name_sort_key(name: str) -> str:
    """name_pinyin alone, for recomputing it over a whole book (migration 0004)."""
    from guide_app.book.pinyin import sort_reading

    return _sort_key(sort_reading(name))


@lru_cache(maxsize=50_000)
def _name_keys_text(name: str) -> tuple[str, str, str]:
    """(name_pinyin, name_initials, the name's part of search_text)."""
    from guide_app.book.pinyin import initials, name_keys

    keys = name_keys(name)
    found: dict[str, None] = {}
    for reading in keys.readings:
        if not reading:
            continue
        whole = "".join(reading).upper()
        found[f"{READING}{SYLLABLE}{whole} "] = None
        start = 0
        for syllable in reading[:-1]:
            start += len(syllable)
            found[f"{SYLLABLE}{whole[start:]} "] = None
        found[f"{READING}{INITIALS}{initials(reading).upper()} "] = None
        if keys.surname_syllables and len(reading) > keys.surname_syllables:
            found[f"{INITIALS}{initials(reading[keys.surname_syllables :]).upper()} "] = None
    name_part = f"{READING}{fold(name)}{READING} " + "".join(found)
    return _sort_key(keys), keys.initials, name_part


def search_keys(name: str, phone: str | None, wecom_remark: str, notes: str) -> dict[str, str]:
    """The search columns of a customer (customers.search_columns; migration 0002 for old books)."""
    pinyin, name_initials, name_part = _name_keys_text(name.strip())
    fields = f"{phone or ''} {fold(wecom_remark)} {fold(notes)} "
    return {"name_pinyin": pinyin, "name_initials": name_initials, "search_text": name_part + fields}


_PHONE_RUN = re.compile(r"\+?\d[\d\s\-–—_.()/]*\d")
_PHONE_WORD = re.compile(r"\+?[\d\-–—_.()/]*\d[\d\-–—_.()/]*")
_PHONE_SEPARATORS = re.compile(r"[\s\-–—_.()/]+")


def _phone_form(typed: str) -> str:
    """A pasted phone as stored (`+86 138-0013-8000` → `13800138000`); a fragment of one without
    its separators (`0013-8` → `00138`)."""
    try:
        return normalize_phone(typed) or ""
    except InvalidInput:
        digits = _PHONE_SEPARATORS.sub("", typed)
        return digits.removeprefix("+86") if digits.startswith("+86") else digits.removeprefix("+")


def _join_phone(run: re.Match[str]) -> str:
    """A phone typed with spaces is one word when it is a whole phone or starts with +."""
    text = run.group()
    if not any(space.isspace() for space in text):
        return text
    joined = _phone_form(text)
    try:
        whole = normalize_phone(text) is not None
    except InvalidInput:
        whole = False
    return joined if joined and (whole or text.startswith("+")) else text


def words(typed: str) -> list[tuple[str, ...]]:
    """The words of a search box, folded as search_text is; each with the forms it may match in
    (a phone-like word also as the bare number)."""
    typed_words = []
    for word in _PHONE_RUN.sub(_join_phone, fold(typed)).split():
        forms = [word]
        if _PHONE_WORD.fullmatch(word) and (phone := _phone_form(word)) and phone != word:
            forms.append(phone)
        typed_words.append(tuple(forms))
    return typed_words


def _is_letters(form: str) -> bool:
    return form.isascii() and form.isalpha()


def _next_prefix(word: str) -> str:
    return word[:-1] + chr(ord(word[-1]) + 1)


def _phrase(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _form_condition(form: str, params: list[Any]) -> str:
    if _is_letters(form) and len(form) == 1:
        # The first initial is the first letter of the reading: one range of the list's sort index,
        # walked in order and left after a page (0.1 ms for `z`; with an OR of the initials' range
        # SQLite collected and sorted a fifth of the book: 140 ms).
        params += [form, _next_prefix(form)]
        return "(c.name_pinyin >= ? AND c.name_pinyin < ?)"
    if _is_letters(form):
        phrases = [SYLLABLE + form.upper(), INITIALS + form.upper(), *([form] if len(form) >= 3 else [])]
        params.append(" OR ".join(_phrase(phrase) for phrase in phrases))
        return FTS_MATCH
    if len(form) >= 3:
        params.append(_phrase(form))
        return FTS_MATCH
    params.append("%" + form.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    return "c.search_text LIKE ? ESCAPE '\\'"


def _word_condition(forms: tuple[str, ...], params: list[Any]) -> str:
    return "(" + " OR ".join(_form_condition(form, params) for form in forms) + ")"


def _rank(forms: tuple[str, ...], params: list[Any]) -> str:
    """0: the name, a full reading or its initials is the word; 1: one starts with it; 2: else.

    The name opens search_text, so it is compared by prefix (substr: 0.25 ms less than instr
    over 1,000 matches); the readings' keys lie further on and are looked for with instr."""
    exact: list[tuple[str, list[Any]]] = []
    starts: list[tuple[str, list[Any]]] = []
    prefix = "substr(c.search_text, 1, ?) = ?"
    for form in forms:
        exact.append((prefix, [len(form) + 2, READING + form + READING]))
        starts.append((prefix, [len(form) + 1, READING + form]))
        if _is_letters(form):
            for marker in (SYLLABLE, INITIALS):
                exact.append(("instr(c.search_text, ?)", [READING + marker + form.upper() + " "]))
                starts.append(("instr(c.search_text, ?)", [READING + marker + form.upper()]))
    for _, values in (*exact, *starts):
        params += values
    is_exact = " OR ".join(sql for sql, _ in exact)
    is_start = " OR ".join(sql for sql, _ in starts)
    return f"CASE WHEN {is_exact} THEN 0 WHEN {is_start} THEN 1 ELSE 2 END"


def _order(query: CustomerQuery, params: list[Any]) -> str:
    typed = words(query.text)
    if query.sort is not SortKey.name or all(len(forms[0]) == 1 and _is_letters(forms[0]) for forms in typed):
        return _ORDER[query.sort.value]
    ranks = [_rank(forms, params) for forms in typed]
    rank = ranks[0] if len(ranks) == 1 else f"min({', '.join(ranks)})"
    return f"{rank}, {_ORDER['name']}"


def _in(column: str, values: list[str], params: list[Any]) -> str:
    params += values
    return f"{column} IN ({', '.join('?' for _ in values)})"


RARE_TAG_ROWS = 2000


def _has_tag(tag_ids: list[str], params: list[Any], rare: bool = False) -> str:
    """A tag filter in the form that is fast for it (measured at 200k customers): a rare tag is
    an index lookup of its few customers (0.2 ms; walking the book for it took 840 ms); a common
    one is checked per customer while the list's sort index is walked, stopping after a page
    (3-8 ms; collecting all its customers first took 55 ms)."""
    if rare:
        return f"c.id IN (SELECT customer_id FROM customer_tag WHERE {_in('tag_id', tag_ids, params)})"
    listed = _in("t.tag_id", tag_ids, params)
    return f"EXISTS (SELECT 1 FROM customer_tag t WHERE t.customer_id = c.id AND {listed})"


def _rare(connection: sqlite3.Connection, tag_ids: list[str]) -> bool:
    marks = ", ".join("?" for _ in tag_ids)
    count = connection.execute(f"SELECT count(*) FROM customer_tag WHERE tag_id IN ({marks})", tag_ids)
    return int(count.fetchone()[0]) <= RARE_TAG_ROWS


def _where(query: CustomerQuery, params: list[Any], connection: sqlite3.Connection) -> str:
    conditions = ["c.deleted_at IS NULL"]
    conditions += [_word_condition(word, params) for word in words(query.text)]
    conditions += [_has_tag([tag_id], params, _rare(connection, [tag_id])) for tag_id in query.tags_all]
    if query.tags_any:
        conditions.append(_has_tag(query.tags_any, params, _rare(connection, query.tags_any)))
    if query.tags_none:
        conditions.append("NOT " + _has_tag(query.tags_none, params))
    if query.stages:
        conditions.append(_in("c.lifecycle_stage", query.stages, params))
    if query.segments:
        conditions.append(_in("c.rfm_segment", query.segments, params))
    if query.follow_up_due_by is not None:
        params.append(to_stored(query.follow_up_due_by))
        conditions.append(
            "EXISTS (SELECT 1 FROM follow_up f WHERE f.customer_id = c.id "
            "AND f.status = 'open' AND f.due_at <= ?)"
        )
    return " AND ".join(conditions)


Reader = Session | sqlite3.Connection  # a session, or Book.sql_reader() for the hot path


def _driver(reader: Reader) -> sqlite3.Connection:
    """The sqlite3 connection to run the search on."""
    if isinstance(reader, sqlite3.Connection):
        return reader
    connection = reader.connection().connection.driver_connection
    assert isinstance(connection, sqlite3.Connection)
    return connection


def search_customers(session: Reader, query: CustomerQuery) -> list[CustomerRow]:
    params: list[Any] = []
    connection = _driver(session)
    where = _where(query, params, connection)
    limit = max(1, min(query.limit, MAX_PAGE))
    order = _order(query, params)
    if "LIKE" in where and order == _ORDER[query.sort.value]:
        # A LIKE scan reads every row anyway: a table scan with a top-50 sort is a steady 12 ms at
        # 50k, where walking the sort index can take 54 ms when matches sort late (张 = zhang).
        order = "+" + order
    sql = f"SELECT {_ROW_SQL} FROM customer c WHERE {where} ORDER BY {order} LIMIT ? OFFSET ?"
    rows = connection.execute(sql, [*params, limit, max(0, query.offset)])
    return [CustomerRow(*row) for row in rows]


def matching_ids(session: Reader, query: CustomerQuery) -> list[str]:
    """Every matching customer's id in the list's order, ignoring paging (exports, bulk actions)."""
    params: list[Any] = []
    connection = _driver(session)
    where = _where(query, params, connection)
    sql = f"SELECT c.id FROM customer c WHERE {where} ORDER BY {_order(query, params)}"
    return [row[0] for row in connection.execute(sql, params)]


def count_customers(session: Reader, query: CustomerQuery) -> int:
    params: list[Any] = []
    connection = _driver(session)
    sql = f"SELECT count(*) FROM customer c WHERE {_where(query, params, connection)}"
    return int(connection.execute(sql, params).fetchone()[0])
