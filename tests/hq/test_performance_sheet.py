"""The performance sheet: its totals equal the database's sums, user text never runs as a formula,
no phone shows, the format helps a manager read it, and a manager sees only their region."""

from __future__ import annotations

import asyncio
import csv
import io
import re
import subprocess
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, insert, select, update
from sqlmodel import col

from guide_app.protocol import Role, SheetRequest, SheetScope
from hq.cli import main as hq_cli
from hq.core.db import Database, run_with_database
from hq.models import Account, ManagerTask, Sale, SalesTarget, Store, TaskAssignee, TaskProgress, table_of
from hq.services import org, sheet_stream
from hq.services.performance_sheet import (
    MONEY,
    PERCENT,
    PRODUCER_THREAD,
    select_scope,
    stream_sheet,
)
from tests.hq.conftest import Hq
from tests.support.org import PASSWORD
from tests.support.sales_seed import SaleMix, insert_sales, sale_rows

SHEET = "/api/v1/exports/performance"
NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
# November 2026 in China (UTC+8), as UTC instants.
START, END = datetime(2026, 10, 31, 16, tzinfo=UTC), datetime(2026, 11, 30, 16, tzinfo=UTC)
HOSTILE_NAMES = {
    "guide.e1a": '=HYPERLINK("http://example.invalid","点我")',
    "guide.e1b": "+李雷",
    "guide.e2a": "-王芳 13800138000",
    "guide.s1a": "@张三",
}
PHONE_LOGIN = "13912345678"
PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@dataclass(frozen=True)
class Seeded:
    task_title: str


def _sellers(hq: Hq) -> list[tuple[int, int]]:
    ids, stores = hq.org.ids, hq.org.store_ids
    return [
        (ids["guide.e1a"], stores["E1"]),
        (ids["guide.e1b"], stores["E1"]),
        (ids["guide.e2a"], stores["E2"]),
        (ids["guide.s1a"], stores["S1"]),
        (ids["guide.s2a"], stores["S2"]),
        (ids["guide.e1.gone"], stores["E1"]),
    ]


async def _hostile_names_and_tasks(database: Database, hq: Hq) -> Seeded:
    """Names that start like formulas, a login that is a phone number, a task and targets."""
    ids, stores = hq.org.ids, hq.org.store_ids
    title = "=SUM(A1:A9) 周末邀约"
    async with database.writing() as session:
        for login, name in HOSTILE_NAMES.items():
            await session.execute(
                update(Account).where(col(Account.login) == login).values(display_name=name)
            )
        await session.execute(update(Store).where(col(Store.code) == "E1").values(name="@E1店"))
        await org.add_account(session, PHONE_LOGIN, PHONE_LOGIN, Role.guide, PASSWORD, store_code="E2")
        task_id = str(uuid.uuid4())
        await session.execute(
            insert(table_of(ManagerTask)).values(
                id=task_id, title=title, due_at=START + timedelta(days=10), content_ids=[], target_count=5,
                region_id=hq.org.region_ids["东区"], created_by=ids["mgr.east"],
            )
        )  # fmt: skip
        for guide in ("guide.e1a", "guide.e2a"):
            await session.execute(insert(table_of(TaskAssignee)).values(task_id=task_id, guide_id=ids[guide]))
        await session.execute(
            insert(table_of(TaskProgress)).values(
                source="manager", task_id=task_id, guide_id=ids["guide.e1a"], day="", done=3, target=5
            )
        )
        for subject_scope, subject_id, amount in (
            ("store", stores["E1"], 500_000_00),
            ("guide", ids["guide.e1a"], 90_000_00),
        ):
            await session.execute(
                insert(table_of(SalesTarget)).values(
                    scope=subject_scope,
                    subject_id=subject_id,
                    month="2026-11",
                    amount_fen=amount,
                    set_by=ids["hq.admin"],
                )
            )
    return Seeded(task_title=title)


@pytest.fixture
def seeded(hq: Hq) -> Seeded:
    """About 300 sales in November (some voided, disputed, decided), some just outside it."""
    result = run_with_database(hq.settings, lambda database: _hostile_names_and_tasks(database, hq))
    sellers = _sellers(hq)
    insert_sales(
        hq.settings, sale_rows(sellers, 300, START, END, SaleMix(voided=0.1, disputed=0.15, decided=0.5))
    )
    outside = [
        *sale_rows(sellers, 20, START - timedelta(days=5), START, seed=1),
        *sale_rows(sellers, 20, END, END + timedelta(days=5), seed=2),
    ]
    for number, row in enumerate(outside):
        row["order_no"] = f"OUT{number:03d}"
    insert_sales(hq.settings, iter(outside))
    # Order numbers may start with '-': one that looks like a formula must stay text.
    run_with_database(hq.settings, _hostile_order_number)
    return result


async def _hostile_order_number(database: Database) -> None:
    async with database.writing() as session:
        await session.execute(update(Sale).where(col(Sale.order_no) == "S0000007").values(order_no="-1+2"))


def download(hq: Hq, login: str, **params: Any) -> openpyxl.Workbook:
    answer = hq.client.get(SHEET, params={**NOVEMBER, **params}, headers=hq.auth(login))
    assert answer.status_code == 200, answer.text
    return openpyxl.load_workbook(io.BytesIO(answer.content), read_only=True)


def table(workbook: openpyxl.Workbook, title: str) -> list[dict[str, Any]]:
    """A sheet's rows below its header, as header → value."""
    rows = list(workbook[title].iter_rows(values_only=True))
    header = rows[1]
    # A blank cell is not written, so a row may stop before the header does.
    return [dict(zip(header, (*row, *[None] * (len(header) - len(row))), strict=True)) for row in rows[2:]]


def fen(value: Any) -> int:
    return int((Decimal(str(value)) * 100).to_integral_value())


async def _sums(database: Database, key: Any) -> dict[Any, tuple[int, int]]:
    async with database.reading() as session:
        rows = await session.execute(
            select(key, func.sum(col(Sale.amount_fen)), func.count())
            .join(Store, col(Store.id) == col(Sale.store_id))
            .where(col(Sale.voided_at).is_(None), col(Sale.sold_at) >= START, col(Sale.sold_at) < END)
            .group_by(key)
        )
        return {name: (int(total), int(count)) for name, total, count in rows}


def sums_by(hq: Hq, key: Any) -> dict[Any, tuple[int, int]]:
    return run_with_database(hq.settings, lambda database: _sums(database, key))


def test_every_total_in_the_sheet_equals_the_database_sum(hq: Hq, seeded: Seeded) -> None:
    workbook = download(hq, hq.org.admin)
    assert workbook.sheetnames == ["汇总", "门店", "导购", "任务", "销售明细"]
    by_store = sums_by(hq, col(Store.code))
    stores = {row["门店编码"]: row for row in table(workbook, "门店")}
    assert {code: (fen(row["销售额"]), row["订单数"]) for code, row in stores.items()} == by_store
    guides = {row["登录名"]: row for row in table(workbook, "导购")}
    by_guide = sums_by(hq, col(Sale.guide_id))
    for login, guide_id in hq.org.ids.items():
        if login in guides:
            assert (fen(guides[login]["销售额"]), guides[login]["订单数"]) == by_guide.get(guide_id, (0, 0))
    regions = {row["区域"]: row for row in table(workbook, "汇总")}
    grand = sum(total for total, _ in by_store.values()), sum(count for _, count in by_store.values())
    assert (fen(regions["合计"]["销售额"]), regions["合计"]["订单数"]) == grand
    east = [by_store[code] for code in ("E1", "E2")]
    assert fen(regions["东区"]["销售额"]) == sum(total for total, _ in east)
    detail = table(workbook, "销售明细")
    assert (sum(fen(row["金额"]) for row in detail), len(detail)) == grand
    assert fen(stores["E1"]["目标"]) == 500_000_00
    assert stores["E1"]["达成率"] == pytest.approx(by_store["E1"][0] / 500_000_00)


async def _flags(database: Database) -> dict[str, tuple[bool, bool]]:
    async with database.reading() as session:
        rows = await session.execute(
            select(col(Sale.order_no), col(Sale.disputed), col(Sale.decided)).where(
                col(Sale.voided_at).is_(None), col(Sale.sold_at) >= START, col(Sale.sold_at) < END
            )
        )
        return {order_no: (bool(disputed), bool(decided)) for order_no, disputed, decided in rows}


def test_sales_detail_flags_disputed_and_decided_orders_and_leaves_voided_out(hq: Hq, seeded: Seeded) -> None:
    detail = table(download(hq, hq.org.admin), "销售明细")
    shown = {row["订单号"]: (row["争议"] == "是", row["已裁定"] == "是") for row in detail}
    expected = run_with_database(hq.settings, _flags)
    assert shown == expected
    assert any(disputed for disputed, _ in shown.values()) and any(decided for _, decided in shown.values())
    assert not any(order.startswith("OUT") for order in shown)  # outside the range


def test_user_text_stays_text_and_no_phone_appears_anywhere(hq: Hq, seeded: Seeded) -> None:
    workbook = download(hq, hq.org.admin)
    texts: list[str] = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
    assert not [text for text in texts if PHONE.search(text)]
    for hostile in (*HOSTILE_NAMES.values(), "@E1店", "-1+2", seeded.task_title):
        assert PHONE.sub("", hostile) == hostile or "138****8000" in " ".join(texts)
    for hostile in ('=HYPERLINK("http://example.invalid","点我")', "+李雷", "@张三", "@E1店", "-1+2"):
        assert hostile in texts
    assert "-王芳 138****8000" in texts and "139****5678" in texts
    assert seeded.task_title in texts


def test_headers_are_frozen_and_filtered_and_numbers_formatted(hq: Hq, seeded: Seeded) -> None:
    answer = hq.client.get(SHEET, params=NOVEMBER, headers=hq.auth(hq.org.admin))
    workbook = openpyxl.load_workbook(io.BytesIO(answer.content))
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes == "A3", sheet.title
        assert sheet.auto_filter.ref.startswith("A2:"), sheet.title
        assert sheet.column_dimensions["A"].width >= 10
    guides = workbook["导购"]
    header = [cell.value for cell in guides[2]]
    first = guides[3]
    assert first[header.index("销售额")].number_format == MONEY
    e1a = next(row for row in guides.iter_rows(min_row=3) if row[header.index("登录名")].value == "guide.e1a")
    assert e1a[header.index("达成率")].number_format == PERCENT
    assert e1a[header.index("任务完成率")].value == pytest.approx(3 / 5)
    assert workbook["汇总"]._charts, "the summary has its chart of sales by region"
    assert workbook["销售明细"]["B3"].number_format == "yyyy-mm-dd hh:mm"


def test_the_task_sheet_shows_each_guide_of_each_task(hq: Hq, seeded: Seeded) -> None:
    tasks = table(download(hq, hq.org.admin), "任务")
    mine = {row["导购"]: row for row in tasks if row["任务"] == seeded.task_title}
    assert (mine[HOSTILE_NAMES["guide.e1a"]]["完成"], mine[HOSTILE_NAMES["guide.e1a"]]["目标"]) == (3, 5)
    assert (mine["-王芳 138****8000"]["完成"], mine["-王芳 138****8000"]["目标"]) == (0, 5)


def test_a_manager_downloads_only_their_own_region(hq: Hq, seeded: Seeded) -> None:
    workbook = download(hq, hq.org.manager_east, scope="all")
    assert {row["门店编码"] for row in table(workbook, "门店")} == {"E1", "E2"}
    assert {row["门店编码"] for row in table(workbook, "销售明细")} == {"E1", "E2"}
    assert [row["区域"] for row in table(workbook, "汇总")] == ["东区", "合计"]
    store = download(hq, hq.org.manager_east, scope="store", store_id=hq.org.store_ids["E2"])
    assert {row["门店编码"] for row in table(store, "销售明细")} == {"E2"}
    south, south_store = hq.org.region_ids["南区"], hq.org.store_ids["S1"]
    for params in ({"scope": "region", "region_id": south}, {"scope": "store", "store_id": south_store}):
        answer = hq.client.get(SHEET, params={**NOVEMBER, **params}, headers=hq.auth(hq.org.manager_east))
        assert answer.status_code == 404, answer.text
    assert hq.client.get(SHEET, params=NOVEMBER, headers=hq.auth(hq.org.guide_e1)).status_code == 403


BAD_REQUESTS = [
    ({"from": "2026-11-30", "to": "2026-11-01"}, "before"),
    ({"from": "2025-01-01", "to": "2026-11-30"}, "366"),
    ({**NOVEMBER, "scope": "region"}, "region_id"),
    ({**NOVEMBER, "scope": "store"}, "store_id"),
    ({**NOVEMBER, "utc_offset_minutes": 2000}, "utc_offset_minutes"),
    ({"from": "2026-11-31", "to": "2026-12-01"}, "from"),
]


def test_a_bad_range_or_scope_is_refused_with_a_reason(hq: Hq) -> None:
    for params, reason in BAD_REQUESTS:
        answer = hq.client.get(SHEET, params=params, headers=hq.auth(hq.org.admin))
        assert answer.status_code == 422, (params, answer.text)
        assert reason in answer.text, params


def test_the_download_is_named_for_its_range_and_typed_as_xlsx(hq: Hq) -> None:
    answer = hq.client.get(SHEET, params=NOVEMBER, headers=hq.auth(hq.org.admin))
    assert answer.headers["content-type"].startswith("application/vnd.openxmlformats")
    assert 'filename="performance_2026-11-01_2026-11-30.xlsx"' in answer.headers["content-disposition"]


def test_the_shell_command_writes_the_same_sheet_for_a_store(hq: Hq, seeded: Seeded, tmp_path: Path) -> None:
    target = tmp_path / "e1.xlsx"
    shell = ["--data-dir", str(hq.settings.data_dir)]
    if hq.settings.database_url:
        shell += ["--database-url", hq.settings.database_url]
    assert hq_cli(["export-performance", *shell, "--from", "2026-11-01", "--to", "2026-11-30",
                   "--store", "E1", "-o", str(target)]) == 0  # fmt: skip
    detail = table(openpyxl.load_workbook(target, read_only=True), "销售明细")
    assert (sum(fen(row["金额"]) for row in detail), len(detail)) == sums_by(hq, col(Store.code))["E1"]
    assert hq_cli(["export-performance", *shell, "--from", "2026-11-01", "--to", "2026-11-30",
                   "--store", "NOPE", "-o", str(tmp_path / "x.xlsx")]) == 2  # fmt: skip
    assert not (tmp_path / "x.xlsx").exists()


def shown_by_libreoffice(soffice: str, path: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice shows it (csv, one file per sheet: the filter's last option -1)."""
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1",
         "--outdir", str(folder), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    sheets = {}
    for title in ("汇总", "门店", "导购", "任务", "销售明细"):
        with (folder / f"{path.stem}-{title}.csv").open(encoding="utf-8") as shown:
            sheets[title] = list(csv.reader(shown))
    return sheets


def test_libreoffice_opens_the_sheet_and_shows_the_same_totals(
    soffice: str, hq: Hq, seeded: Seeded, tmp_path: Path
) -> None:
    path = tmp_path / "performance.xlsx"
    path.write_bytes(hq.client.get(SHEET, params=NOVEMBER, headers=hq.auth(hq.org.admin)).content)
    sheets = shown_by_libreoffice(soffice, path, tmp_path)
    by_store = sums_by(hq, col(Store.code))
    grand = sum(total for total, _ in by_store.values())
    summary = {row[0]: row for row in sheets["汇总"][2:]}
    assert summary["合计"][3] == f"¥{grand / 100:,.2f}"
    detail = sheets["销售明细"][2:]
    assert len(detail) == sum(count for _, count in by_store.values())
    assert sum(fen(row[6].lstrip("¥").replace(",", "")) for row in detail) == grand
    texts = [cell for rows in sheets.values() for row in rows for cell in row]
    assert "+李雷" in texts and "-1+2" in texts and not [text for text in texts if PHONE.search(text)]
    by_order: dict[str, list[str]] = defaultdict(list)
    for row in detail:
        by_order[row[0]] = row
    assert by_order["-1+2"][1].startswith("2026-11-")


def test_a_reader_that_goes_away_stops_the_sheet_being_made(
    hq: Hq, seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One small chunk in flight: the producer waits for its reader after a few KiB.
    monkeypatch.setattr(sheet_stream, "CHUNK_BYTES", 1024)
    monkeypatch.setattr(sheet_stream, "PIPE_CHUNKS", 1)

    async def read_a_little_and_leave() -> bool:
        database = Database(hq.settings)
        try:
            request = SheetRequest(
                first_day=date(2026, 11, 1), last_day=date(2026, 11, 30), scope=SheetScope.all
            )
            async with database.reading() as session:
                selection = await select_scope(session, None, request)
            stream = stream_sheet(database, request, selection)
            assert (await anext(stream)).startswith(b"PK")
            assert _producers(), "the sheet is still being made"
            await stream.aclose()
            for _ in range(100):
                if not _producers():
                    return True
                await asyncio.sleep(0.05)
            return False
        finally:
            await database.dispose()

    assert asyncio.run(read_a_little_and_leave()), "the producer thread outlived its reader"


def _producers() -> list[threading.Thread]:
    return [
        thread for thread in threading.enumerate() if thread.name == PRODUCER_THREAD and thread.is_alive()
    ]
