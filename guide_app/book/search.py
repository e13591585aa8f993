"""Finding customers: typed text, tags, stage, segment and due follow-ups; sorted and paged.

Each typed word must match. How, and the fastest exact SQLite way for it (measured at 50k):
- 1-2 ASCII letters (`zs`, `li`): the start of the pinyin initials (`zs` → 张三) or of the full
  pinyin (`li` → 李四): two index ranges, ~0.1 ms. A guide typing two letters means a name.
- 3+ characters: anywhere in name, phone, WeCom remark or any pinyin reading (an FTS5 trigram
  lookup, ~0.01 ms), or, for letters and digits, the start of the initials (`zxm` → 曾小明).
- other 1-2 characters (`张`, `80`): anywhere in those fields. A trigram index silently finds
  nothing for them, so this is a LIKE scan of search_text (~6 ms), the best SQLite can do.
SQL text is built per query and run on the DBAPI connection: building SQLAlchemy statements
cost more than SQLite answering the indexed questions. Rows are small frozen dataclasses.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy.orm import Session

from guide_app.timeutil import from_stored, to_stored

MAX_PAGE = 500


class SortKey(StrEnum):
    name = "name"  # by pinyin, so 阿 comes before 张 as guides expect
    added_newest = "added_newest"
    last_purchase = "last_purchase"
    monetary = "monetary"


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
    "last_purchase": "c.last_purchase_at IS NULL, c.last_purchase_at DESC, c.id",
    "monetary": "c.monetary_fen DESC, c.id",
}


def words(typed: str) -> list[str]:
    """The words of a search box, folded the way search_text is stored."""
    folded = unicodedata.normalize("NFKC", typed).lower()
    return [word for word in folded.split() if word]


def _next_prefix(word: str) -> str:
    return word[:-1] + chr(ord(word[-1]) + 1)


def _word_condition(word: str, params: list[Any]) -> str:
    if word.isascii() and word.isalpha() and len(word) <= 2:
        params += [word, _next_prefix(word), word, _next_prefix(word)]
        return (
            "((c.name_initials >= ? AND c.name_initials < ?) OR (c.name_pinyin >= ? AND c.name_pinyin < ?))"
        )
    if len(word) >= 3:
        params.append('"' + word.replace('"', '""') + '"')
        contains = "c.rowid IN (SELECT rowid FROM customer_fts WHERE customer_fts MATCH ?)"
        if word.isascii() and word.isalnum():
            params += [word, _next_prefix(word)]
            return f"({contains} OR (c.name_initials >= ? AND c.name_initials < ?))"
        return contains
    params.append("%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%")
    return "c.search_text LIKE ? ESCAPE '\\'"


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
    order = _ORDER[query.sort.value]
    if "LIKE" in where:
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
    sql = f"SELECT c.id FROM customer c WHERE {where} ORDER BY {_ORDER[query.sort.value]}"
    return [row[0] for row in connection.execute(sql, params)]


def count_customers(session: Reader, query: CustomerQuery) -> int:
    params: list[Any] = []
    connection = _driver(session)
    sql = f"SELECT count(*) FROM customer c WHERE {_where(query, params, connection)}"
    return int(connection.execute(sql, params).fetchone()[0])
