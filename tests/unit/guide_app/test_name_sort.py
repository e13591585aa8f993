"""The list sorted by name keeps each surname together, as a phone's contact list does, in new
books and in books made before migration 0004."""

from __future__ import annotations

import sqlite3
from itertools import groupby
from pathlib import Path

from alembic import command
from alembic.config import Config
from hypothesis import given
from hypothesis import strategies as st

from guide_app.book.customers import CustomerFields, add_customer, soft_delete
from guide_app.book.pinyin import name_keys
from guide_app.book.search import CustomerQuery, SortKey, name_sort_key, search_customers, search_keys
from guide_app.book.store import ALEMBIC_DIR, Book, migrate, open_book

# In the order a guide expects: syllable by syllable (chen before cheng), a surname by its
# surname reading (曾 zeng, 单 shan), traditional among simplified (陳芳 with 陈), Latin letters
# among the pinyin (Lily after li, before lin).
IN_ORDER = [
    "阿娇",
    "Amy王",
    "陳芳",
    "陈芳霞",
    "陈红慧",
    "程嘉",
    "李明",
    "Lily",
    "林",
    "单田芳",
    "曾小明",
    "张三",
]


def _add(book: Book, *names: str) -> None:
    with book.writing() as session:
        for name in names:
            add_customer(session, CustomerFields(name=name))


def _names(reader: Book, typed: str = "") -> list[str]:
    with reader.reading() as session:
        query = CustomerQuery(text=typed, sort=SortKey.name, limit=500)
        return [row.name for row in search_customers(session, query)]


def test_the_name_sort_puts_every_chen_before_every_cheng(book: Book) -> None:
    _add(book, *reversed(IN_ORDER))
    assert _names(book) == IN_ORDER


def test_surnames_read_alike_each_stay_together(book: Book) -> None:
    # 张 and 章 are both zhang, 陈 and 谌 both chen: given names alone would interleave them.
    _add(book, "张伟", "章安", "张安", "章伟", "陈明", "谌安", "陈安", "谌明", "張華")
    listed = _names(book)
    surnames = [surname for surname, _ in groupby(listed, key=lambda name: name[0].replace("張", "张"))]
    assert sorted(surnames) == sorted(set(surnames))  # each surname is one run of the list
    assert [name for name in listed if name[0] in "张張"] == ["张安", "張華", "张伟"]  # given names by pinyin


def test_one_letter_finds_exactly_the_names_whose_reading_starts_with_it(book: Book) -> None:
    _add(book, *IN_ORDER, "谌华")
    assert _names(book, "c") == ["谌华", "陳芳", "陈芳霞", "陈红慧", "程嘉"]  # not 曾 (zeng)
    assert _names(book, "a") == ["阿娇", "Amy王"]
    assert _names(book, "l") == ["李明", "Lily", "林"]
    assert _names(book, "z") == ["曾小明", "张三"]
    assert _names(book, "s") == ["单田芳"]


@given(st.text(alphabet="陈程曾单张章陳欧阳尉迟区乐长行重朝王李AmyLily 2·", min_size=1, max_size=6))
def test_a_migrated_customer_sorts_where_a_new_one_of_that_name_goes(name: str) -> None:
    # Migration 0004 reads names without their other readings (faster); the key must not change.
    assert name_sort_key(name) == search_keys(name, None, "", "")["name_pinyin"]


def _run_together(name: str) -> str:
    """name_pinyin as the code of revision 0003 stored it."""
    return "".join(name_keys(name).readings[0])


def _book_at_0003(path: Path, names: list[str]) -> None:
    """A book as the code of revision 0003 left it (its customer table is the same as today's)."""
    book = Book(path)
    migrate(book, "0003")
    try:
        with book.writing() as session:
            for name in names:
                customer_id = add_customer(session, CustomerFields(name=name))
                if name == "程嘉":
                    soft_delete(session, customer_id)
    finally:
        book.close()
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "UPDATE customer SET name_pinyin = ? WHERE name = ?",
            [(_run_together(name), name) for name in names],
        )


def _stored_keys(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as raw:
        return dict(raw.execute("SELECT name, name_pinyin FROM customer"))


def test_opening_a_book_from_before_the_syllable_sort_sorts_it_right(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _book_at_0003(path, list(reversed(IN_ORDER)))
    assert _stored_keys(path)["陈红慧"] == "chenhonghui"
    book = open_book(path, take_backup=False)
    try:
        assert _names(book) == [name for name in IN_ORDER if name != "程嘉"]  # 程嘉 is deleted
        assert _names(book, "c") == ["陳芳", "陈芳霞", "陈红慧"]
        _add(book, "陈宏")  # a new customer sorts among the migrated ones
        assert _names(book, "chen") == ["陳芳", "陈芳霞", "陈宏", "陈红慧"]
    finally:
        book.close()
    keys = _stored_keys(path)
    assert keys["程嘉"] == "cheng 程 jia"  # a deleted customer sorts right once restored
    with sqlite3.connect(path) as raw:
        plan = raw.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM customer WHERE name_pinyin >= 'c' AND name_pinyin < 'd' "
            "ORDER BY name_pinyin"
        ).fetchall()
    assert "ix_customer_pinyin" in str(plan)  # the one-letter search still walks the index


def test_a_book_taken_back_to_0003_gets_its_run_together_keys(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _book_at_0003(path, IN_ORDER)
    book = open_book(path, take_backup=False)
    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    try:
        with book.write_engine.connect() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0003")
            connection.commit()
    finally:
        book.close()
    assert _stored_keys(path) == {name: _run_together(name) for name in IN_ORDER}
