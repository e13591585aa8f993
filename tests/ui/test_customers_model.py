"""ui/models/customers.py: the lazy customer list over the core's paged search, at thousands of customers."""

from __future__ import annotations

import random
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from guide_app.book.search import CustomerQuery, SortKey, search_keys
from guide_app.book.store import Book, open_book
from guide_app.calls.customers import find_customers
from guide_app.calls.tags import tag_customers
from ui.models.customers import FIRST_PAGE, PAGE, CustomersModel
from ui.ops import Ops

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐曾单解仇覃区查"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红"
REMARKS = ["王姐-0512-羽绒服M", "李先生 老客 喜欢黑色", "18段会员", "直播来的", "双11预热", "尺码L 偏瘦", ""]
STAGES = ("new", "active", "dormant", "lost")
SEGMENTS = ("champions", "loyal", "potential", "new", "at_risk", "hibernating")
TAGS = {
    "gold": ("level", "金卡"),
    "silver": ("level", "银卡"),
    "coat": ("likes", "羽绒服"),
    "live": ("source", "直播"),
}
_PHONE = "\x01PHONE\x01"
_NAMES = 3000  # distinct (name, remark) pairs: keys are computed once per pair, not per customer


@dataclass(frozen=True)
class FilledBook:
    path: Path
    count: int


def fill_book(path: Path, count: int, seed: int = 7) -> FilledBook:
    """A book of `count` customers made in SQLite itself, as the core's migration rebuilds the
    search index: the search keys come from the core's own `search_keys`, once per name, and the
    trigram index is rebuilt once at the end (per-row triggers took 66 s at 200k; this, 13 s at 100k)."""
    open_book(path, take_backup=False).close()
    rng = random.Random(seed)
    templates = []
    for number in range(_NAMES):
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        remark = rng.choice(REMARKS)
        keys = search_keys(name, _PHONE, remark, "")
        templates.append(
            (number, name, remark, keys["name_pinyin"], keys["name_initials"], keys["search_text"])
        )
    connection = sqlite3.connect(path)
    try:
        _fill(connection, templates, count)
    finally:
        connection.close()
    return FilledBook(path, count)


def _fill(connection: sqlite3.Connection, templates: list[tuple[object, ...]], count: int) -> None:
    triggers = connection.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'customer'"
    ).fetchall()
    stages = " ".join(f"WHEN {n} THEN '{stage}'" for n, stage in enumerate(STAGES))
    segments = " ".join(f"WHEN {n} THEN '{segment}'" for n, segment in enumerate(SEGMENTS))
    with connection:
        connection.execute(
            "CREATE TEMP TABLE template (n INTEGER PRIMARY KEY, name, remark, pinyin, initials, keys)"
        )
        connection.executemany("INSERT INTO template VALUES (?, ?, ?, ?, ?, ?)", templates)
        for name, _ in triggers:
            connection.execute(f"DROP TRIGGER {name}")
        connection.execute(
            f"""WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < {count - 1})
            INSERT INTO customer (id, name, phone, wecom_remark, gender, source_channel, lifecycle_stage,
              rfm_segment, consent, notes, name_pinyin, name_initials, search_text, added_at,
              last_purchase_at, last_touch_at, purchase_count, monetary_fen, created_at, updated_at)
            SELECT printf('00000000-0000-4000-8000-%012d', i), t.name, printf('138%08d', i), t.remark, '', '',
              CASE i % 4 {stages} END, CASE WHEN i % 7 = 6 THEN NULL ELSE CASE i % 7 {segments} END END,
              0, '', t.pinyin, t.initials, replace(t.keys, '{_PHONE}', printf('138%08d', i)),
              strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now', printf('-%d days', (i * 7919) % 1500)),
              CASE WHEN i % 3 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now',
                printf('-%d days', (i * 104723) % 700)) END,
              CASE WHEN i % 5 = 0 THEN NULL ELSE strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now',
                printf('-%d hours', (i * 15401) % 9000)) END,
              i % 9, (i * 104729) % 800000,
              strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'), strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now')
            FROM seq JOIN template t ON t.n = (i * 2654435761) % {len(templates)}"""
        )
        connection.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
        for _, sql in triggers:
            connection.execute(sql)
        _fill_tags(connection)


def _fill_tags(connection: sqlite3.Connection) -> None:
    groups = {"level": ("客户等级", True), "likes": ("偏好品类", False), "source": ("来源渠道", False)}
    connection.executemany(
        "INSERT INTO tag_group (id, name, source, single_choice, updated_at) VALUES (?, ?, 'hq', ?, "
        "strftime('%Y-%m-%dT%H:%M:%S.000000Z', 'now'))",
        [(group_id, name, single) for group_id, (name, single) in groups.items()],
    )
    connection.executemany(
        "INSERT INTO tag (id, group_id, name) VALUES (?, ?, ?)",
        [(tag_id, group_id, name) for tag_id, (group_id, name) in TAGS.items()],
    )
    # gold on every 5th customer, silver on the next, coat on every 3rd, live on every 4th.
    for tag_id, step, start in (("gold", 5, 0), ("silver", 5, 1), ("coat", 3, 0), ("live", 4, 1)):
        connection.execute(
            "INSERT INTO customer_tag (customer_id, tag_id, created_at) "
            "SELECT id, ?, created_at FROM customer WHERE (rowid - 1) % ? = ?",
            (tag_id, step, start),
        )


@pytest.fixture(scope="module")
def book_2k(tmp_path_factory: pytest.TempPathFactory) -> FilledBook:
    return fill_book(tmp_path_factory.mktemp("book2k") / "book.sqlite3", 2000)


@contextmanager
def ops_over(path: Path) -> Iterator[Ops]:
    """Ops over the book at `path`, shut down and closed afterwards."""
    opened = open_book(path, take_backup=False)
    running = Ops(opened)
    try:
        yield running
    finally:
        running.shutdown(wait=True)
        opened.close()


@contextmanager
def ops_over_copy(filled: FilledBook, folder: Path) -> Iterator[Ops]:
    """Ops over a copy of a filled book in `folder`: the test may change it."""
    copy = folder / "book.sqlite3"
    shutil.copyfile(filled.path, copy)
    with ops_over(copy) as running:
        yield running


@pytest.fixture
def list_ops(qapp: object, book_2k: FilledBook, tmp_path: Path) -> Iterator[Ops]:
    with ops_over_copy(book_2k, tmp_path) as running:
        yield running


def core_ids(ops: Ops, query: CustomerQuery) -> list[str]:
    """Every id the core's own paged search gives for `query`, in its order."""
    book: Book = ops._book
    found: list[str] = []
    while True:
        page = find_customers(book, CustomerQuery(**{**query.__dict__, "offset": len(found), "limit": PAGE}))
        found += [row.id for row in page.rows]
        if len(found) >= page.total:
            return found


def shown(model: CustomersModel) -> list[str]:
    return model.customer_ids(list(range(model.rowCount())))


def load_all(qtbot: QtBot, model: CustomersModel) -> None:
    def loaded() -> bool:
        if model.canFetchMore():
            model.fetchMore()
            return False
        return True

    qtbot.waitUntil(loaded, timeout=20_000)


def searched(qtbot: QtBot, model: CustomersModel, query: CustomerQuery) -> None:
    with qtbot.waitSignal(model.answered, timeout=10_000):
        model.set_query(query)


def test_the_first_page_is_small_and_the_count_is_of_every_match(qtbot: QtBot, list_ops: Ops) -> None:
    model = CustomersModel(list_ops, list_ops)
    searched(qtbot, model, CustomerQuery())
    assert model.rowCount() == FIRST_PAGE and model.total == 2000 and model.canFetchMore()


def test_fetching_more_loads_every_customer_in_the_cores_order(qtbot: QtBot, list_ops: Ops) -> None:
    model = CustomersModel(list_ops, list_ops)
    query = CustomerQuery(sort=SortKey.monetary)
    searched(qtbot, model, query)
    load_all(qtbot, model)
    assert shown(model) == core_ids(list_ops, query) and len(set(shown(model))) == 2000


@pytest.mark.parametrize(
    "query",
    [
        CustomerQuery(tags_all=["gold", "coat"]),
        CustomerQuery(tags_any=["gold", "live"], sort=SortKey.last_contact),
        CustomerQuery(tags_none=["coat"], stages=["dormant"]),
        CustomerQuery(stages=["new", "lost"], segments=["loyal"], sort=SortKey.last_purchase),
        CustomerQuery(text="zh", sort=SortKey.added_newest),
    ],
    ids=["tags-all", "tags-any", "tags-none-and-stage", "stage-and-segment", "pinyin-by-added"],
)
def test_a_filtered_list_shows_what_the_core_finds(qtbot: QtBot, list_ops: Ops, query: CustomerQuery) -> None:
    model = CustomersModel(list_ops, list_ops)
    searched(qtbot, model, query)
    load_all(qtbot, model)
    expected = core_ids(list_ops, query)
    assert expected and shown(model) == expected and model.total == len(expected)


def test_a_stale_answer_never_overwrites_a_newer_one(
    qtbot: QtBot, list_ops: Ops, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = find_customers

    def slow_for_wang(book: Book, query: CustomerQuery, *, with_total: bool = True) -> object:
        if query.text == "王":
            release.wait(5)  # the first search is still running when the second answers
        return real(book, query, with_total=with_total)

    monkeypatch.setattr("ui.models.customers.find_customers", slow_for_wang)
    model = CustomersModel(list_ops, list_ops)
    model.set_query(CustomerQuery(text="王"))
    searched(qtbot, model, CustomerQuery(text="138000"))
    newer = shown(model)
    release.set()
    qtbot.waitUntil(lambda: not list_ops.busy, timeout=5000)
    assert shown(model) == newer and all(
        model.row_at(row).phone.startswith("138000") for row in range(len(newer))
    )  # type: ignore[union-attr]


def test_a_tagged_customer_leaves_a_none_of_list_and_the_selection_follows_the_rest(
    qtbot: QtBot, list_ops: Ops
) -> None:
    model = CustomersModel(list_ops, list_ops)
    query = CustomerQuery(tags_none=["live"], stages=["new"])
    searched(qtbot, model, query)
    before = model.total
    first, second = model.row_at(0).id, model.row_at(1).id
    with qtbot.waitSignal(model.total_changed, timeout=10_000):
        list_ops.write(lambda book: tag_customers(book, [first], "live"))
    assert model.total == before - 1 and model.row_at(0).id == second
