"""A book made before migration 0002 finds its customers by the new rules once opened."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from guide_app.book.search import CustomerQuery, search_customers
from guide_app.book.store import Book, migrate, open_book

# Rows as the 0001 code stored them: pinyin run together, notes not in search_text.
OLD_ROWS = [
    ("c1", "常乐", "changle", "cl", "常乐 changle", ""),
    ("c2", "韩梅", "hanmei", "hm", "韩梅 hanmei", "想要红色"),
    ("c3", "仇佳欣", "qiujiaxin", "qjx", "仇佳欣 qiujiaxin choujiaxin", ""),
    ("c4", "張學友", "zhangxueyou", "zxy", "張學友 zhangxueyou", ""),
]


def _book_at_0001(path: Path) -> None:
    book = Book(path)
    migrate(book, "0001")
    book.close()
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO customer (id, name, name_pinyin, name_initials, search_text, notes, "
            "wecom_remark, gender, source_channel, lifecycle_stage, consent, added_at, purchase_count, "
            "monetary_fen, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, '', '', '', 'new', 0, "
            "'2026-01-01T00:00:00.000000Z', 0, 0, '2026-01-01T00:00:00.000000Z', "
            "'2026-01-01T00:00:00.000000Z')",
            OLD_ROWS,
        )


def test_opening_an_old_book_recomputes_every_search_key(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _book_at_0001(path)
    book = open_book(path, take_backup=False)
    try:
        with book.reading() as session:

            def names(typed: str) -> list[str]:
                return [row.name for row in search_customers(session, CustomerQuery(text=typed))]

            assert names("han") == ["韩梅"]  # no longer 常乐 (chang)
            assert names("oujiaxin") == []
            assert names("jiax") == ["仇佳欣"]
            assert names("红色") == ["韩梅"]  # notes
            assert names("张学友") == ["張學友"]  # traditional folded
            assert names("xy") == ["張學友"]  # given-name initials
    finally:
        book.close()


def test_the_index_follows_writes_after_the_migration(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _book_at_0001(path)
    open_book(path, take_backup=False).close()
    with sqlite3.connect(path) as raw:

        def indexed(phrase: str) -> int:
            sql = "SELECT count(*) FROM customer_fts WHERE customer_fts MATCH ?"
            return int(raw.execute(sql, [phrase]).fetchone()[0])

        assert indexed('"\x1fHAN"') == 1
        raw.execute("DELETE FROM customer WHERE id = 'c2'")
        assert indexed('"\x1fHAN"') == 0
        raw.execute("UPDATE customer SET search_text = '\x1e韩\x1e \x1e\x1fHAN ' WHERE id = 'c1'")
        assert indexed('"\x1fHAN"') == 1
        assert indexed('"han"') == 0  # the index tells typed text from pinyin keys
