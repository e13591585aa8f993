"""Importing the organisation from an HQ spreadsheet: every bad row reported, all rows or none imported."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import pytest
from openpyxl import Workbook
from sqlmodel import SQLModel

from hq import cli, org_import
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import HqError
from hq.core.security import verify_password
from hq.models import Account, ChangeLog, Region, Store
from hq.org_import import OrgImportReport, RowNote, RowProblem, import_org
from tests.hq.conftest import seed
from tests.support.database import stored

Table = TypeVar("Table", bound=SQLModel)

TITLE = "2026 年门店与账号导入表"
HEADERS = ["区域", "门店编码", "门店名称", "城市", "账号", "姓名", "角色", "初始密码"]

# Rows 3 onwards, under a merged title row and the header row.
MIXED_ROWS: list[list[Any]] = [
    ["东区", "E1", "一号店", "上海", None, None, None, None],  # 3: a store only
    ["东区", "E1", "一号店", "上海", "wang.fang", "王芳", "导购", "Guide-2026a"],  # 4
    [],  # 5
    ["东区", None, None, None, "li.na", "李娜", "店长", "Guide-2026a"],  # 6: unknown role
    [None, None, None, None, "zhang.wei", "张伟", "导购", "Guide-2026a"],  # 7: a guide without a store
    ["东区", "E1", None, None, "chen.jing", "陈静", "导购", "1234"],  # 8: short password
    ["东区", "E1", "一号店", None, "wang.fang", "王芳", "导购", "Guide-2026a"],  # 9: login again
    ["南区", "E1", "一号店", "上海", None, None, None, None],  # 10: the same store in another region
    ["南区", None, None, None, "zhou.min", "周敏", "区域经理", "Mgr-2026-south"],  # 11
    [None, "   ", None, "　"],  # 12: only blanks
    [None, None, None, None, "hq.ops", "运营小赵", "总部", "Hq-2026-admin"],  # 13
]
MIXED_PROBLEMS = [
    RowProblem(6, "unknown role '店长' (use 导购, 区域经理 or 总部)"),
    RowProblem(7, "a guide needs a store_code (门店编码)"),
    RowProblem(8, "password must have at least 8 characters"),
    RowProblem(9, "login 'wang.fang' is repeated (first on row 4)"),
    RowProblem(10, "store 'E1' is '一号店' in region '东区' on row 3, but '一号店' in region '南区' here"),
]

CLEAN_ROWS: list[list[Any]] = [
    ["东区", "E1", "一号店", "上海", None, None, None, None],  # 3
    ["东区", "E1", "一号店", "上海", "wang.fang", "王芳", "导购", "Guide-2026a"],  # 4
    ["东区", "E2", "二号店", "苏州", "li.na", "李娜", " Guide ", "Guide-2026b"],  # 5
    [None, "E2", None, None, "chen.jing", "陈静", "导购", 20261111],  # 6: password typed as a number
    [],  # 7
    ["南区", 3001, "三号店", "杭州", None, None, None, None],  # 8: store code typed as a number
    ["南区", None, None, None, "zhou.min", "周敏", "督导", "Mgr-2026-south"],  # 9
    [None, None, None, None, "hq.ops", "运营小赵", "总部运营", "Hq-2026-admin"],  # 10
]


def write_sheet(
    path: Path,
    rows: Sequence[Sequence[Any]],
    headers: Sequence[str] = HEADERS,
    above_header: Sequence[str] = (TITLE,),
) -> Path:
    """A workbook as HQ staff make them: title lines merged across the columns, then the header."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, line in enumerate(above_header, 1):
        sheet.cell(row=number, column=1, value=line)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(headers))
    for column, header in enumerate(headers, 1):
        sheet.cell(row=len(above_header) + 1, column=column, value=header)
    for number, row in enumerate(rows, len(above_header) + 2):
        for column, value in enumerate(row, 1):
            sheet.cell(row=number, column=column, value=value)
    workbook.save(path)
    return path


def run_import(settings: Settings, path: Path, apply: bool = True) -> OrgImportReport:
    async def work() -> OrgImportReport:
        database = Database(settings)
        try:
            return await import_org(database, path, apply=apply)
        finally:
            await database.dispose()

    return asyncio.run(work())


def org_size(settings: Settings) -> tuple[int, int, int, int]:
    """Regions, stores, accounts and published changes in the database."""
    return tuple(len(stored(settings, table)) for table in (Region, Store, Account, ChangeLog))  # type: ignore[return-value]


def cli_args(settings: Settings, *args: str) -> list[str]:
    database = ["--database-url", settings.database_url] if settings.database_url else []
    return [*args, "--data-dir", str(settings.data_dir), *database]


def test_bad_rows_are_reported_by_row_number_and_nothing_is_imported(
    hq_settings: Settings, tmp_path: Path
) -> None:
    report = run_import(hq_settings, write_sheet(tmp_path / "org.xlsx", MIXED_ROWS))

    assert report.problems == MIXED_PROBLEMS
    assert not report.ok and not report.applied
    assert (report.header_row, report.data_rows) == (2, 9)
    assert (report.regions_created, report.stores_created, report.accounts_created) == (2, 1, 3)
    assert org_size(hq_settings) == (0, 0, 0, 0)
    rendered = report.render()
    assert "5 problems; nothing was imported" in rendered
    assert "row 9: login 'wang.fang' is repeated (first on row 4)" in rendered


def test_clean_file_imports_and_a_second_import_finds_everything_already_there(
    hq_settings: Settings, tmp_path: Path
) -> None:
    path = write_sheet(tmp_path / "org.xlsx", CLEAN_ROWS)

    first = run_import(hq_settings, path)

    assert first.ok and first.applied
    assert (first.regions_created, first.stores_created, first.accounts_created) == (2, 3, 5)
    assert (first.regions_skipped, first.stores_skipped, first.accounts_skipped) == (0, 0, 0)
    regions = {region.name: region.id for region in stored(hq_settings, Region)}
    stores = {store.code: store for store in stored(hq_settings, Store)}
    assert {code: (store.name, store.city) for code, store in stores.items()} == {
        "E1": ("一号店", "上海"),
        "E2": ("二号店", "苏州"),
        "3001": ("三号店", "杭州"),
    }
    assert stores["3001"].region_id == regions["南区"]
    accounts = {account.login: account for account in stored(hq_settings, Account)}
    assert {
        login: (account.role, account.store_id, account.region_id, account.display_name)
        for login, account in accounts.items()
    } == {
        "wang.fang": ("guide", stores["E1"].id, regions["东区"], "王芳"),
        "li.na": ("guide", stores["E2"].id, regions["东区"], "李娜"),
        "chen.jing": ("guide", stores["E2"].id, regions["东区"], "陈静"),
        "zhou.min": ("manager", None, regions["南区"], "周敏"),
        "hq.ops": ("hq_admin", None, None, "运营小赵"),
    }
    assert verify_password(accounts["chen.jing"].password_hash, "20261111")
    changes_after_first = org_size(hq_settings)[3]

    second = run_import(hq_settings, path)

    assert second.ok
    assert (second.regions_created, second.stores_created, second.accounts_created) == (0, 0, 0)
    assert (second.regions_skipped, second.stores_skipped, second.accounts_skipped) == (2, 3, 5)
    existing = ((4, "wang.fang"), (5, "li.na"), (6, "chen.jing"), (9, "zhou.min"), (10, "hq.ops"))
    assert second.notes == [
        RowNote(row, f"login {login!r} already exists; skipped") for row, login in existing
    ]
    assert org_size(hq_settings) == (2, 3, 5, changes_after_first)


def test_dry_run_reports_what_would_be_imported_and_writes_nothing(
    hq_settings: Settings, tmp_path: Path
) -> None:
    report = run_import(hq_settings, write_sheet(tmp_path / "org.xlsx", CLEAN_ROWS), apply=False)

    assert report.ok and not report.applied
    assert (report.regions_created, report.stores_created, report.accounts_created) == (2, 3, 5)
    assert "dry run" in report.render()
    assert org_size(hq_settings) == (0, 0, 0, 0)


def test_rows_that_clash_with_existing_accounts_and_stores_are_refused(
    hq_settings: Settings, tmp_path: Path
) -> None:
    seed(hq_settings)  # 东区: E1, E2; 南区: S1, S2; guide.e1a and guide.e1b in E1, mgr.east in 东区
    before = org_size(hq_settings)
    rows = [
        ["东区", "E1", None, None, "guide.e1a", "导购甲", "导购", "Guide-2026a"],  # 3: the same account
        [None, "E2", None, None, "guide.e1b", None, "导购", "Guide-2026a"],  # 4: exists in E1
        [None, "X9", None, None, "new.guide", "新导购", "导购", "Guide-2026a"],  # 5: no such store
        ["南区", None, None, None, "mgr.east", None, "区域经理", "Mgr-2026-east"],  # 6: manages 东区
        ["南区", "E2", None, None, None, None, None, None],  # 7: E2 is in 东区
    ]

    report = run_import(hq_settings, write_sheet(tmp_path / "org.xlsx", rows))

    assert report.problems == [
        RowProblem(4, "login 'guide.e1b' already exists as guide of store 'E1'"),
        RowProblem(
            5, "no store 'X9' in this file or at HQ; give its store_name (门店名称) and region to create it"
        ),
        RowProblem(6, "login 'mgr.east' already exists as manager of region '东区'"),
        RowProblem(7, "store 'E2' is in region '东区', not '南区'"),
    ]
    assert report.notes == [RowNote(3, "login 'guide.e1a' already exists; skipped")]
    assert org_size(hq_settings) == before


def test_header_is_found_below_notes_with_english_names_and_template_hints(
    hq_settings: Settings, tmp_path: Path
) -> None:
    headers = [
        "Region",
        "Store Code",
        "store_name",
        "备注",
        "Login",
        "角色（导购/区域经理/总部）",
        "*Password",
    ]
    rows: list[list[Any]] = [
        ["West", "W1", "West Lake", "旗舰店", "guide.w1", "GUIDE", "Guide-2026w"],
        ["West", None, None, None, "boss", " hq ", "Hq-2026-boss"],
    ]
    path = write_sheet(
        tmp_path / "english.xlsx",
        rows,
        headers,
        above_header=["门店账号导入", "填写说明：每行一个门店或账号", ""],
    )

    report = run_import(hq_settings, path)

    assert report.ok, report.render()
    assert (report.header_row, report.stores_created, report.accounts_created) == (4, 1, 2)
    accounts = {account.login: account for account in stored(hq_settings, Account)}
    assert (accounts["guide.w1"].role, accounts["guide.w1"].display_name) == ("guide", "guide.w1")
    assert accounts["boss"].role == "hq_admin"


def test_unreadable_headerless_or_oversized_files_are_refused(
    hq_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    not_xlsx = tmp_path / "stores.xlsx"
    not_xlsx.write_text("区域,门店编码\n东区,E1\n", encoding="utf-8")
    with pytest.raises(HqError, match=r"cannot read stores\.xlsx as an \.xlsx workbook"):
        run_import(hq_settings, not_xlsx)

    headerless = write_sheet(tmp_path / "headerless.xlsx", [["东区", "E1"]], headers=["甲", "乙"])
    with pytest.raises(HqError, match="no header row in the first 20 rows"):
        run_import(hq_settings, headerless)

    path = write_sheet(tmp_path / "org.xlsx", CLEAN_ROWS)
    monkeypatch.setattr(org_import, "MAX_ROWS", 6)
    with pytest.raises(HqError, match="has more than 6 rows"):
        run_import(hq_settings, path)
    monkeypatch.setattr(org_import, "MAX_FILE_BYTES", 1024)
    with pytest.raises(HqError, match=r"org\.xlsx is larger than"):
        run_import(hq_settings, path)
    assert org_size(hq_settings) == (0, 0, 0, 0)


def test_import_org_command_exits_1_on_bad_rows_and_0_when_imported(
    hq_settings: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mixed = write_sheet(tmp_path / "mixed.xlsx", MIXED_ROWS)
    clean = write_sheet(tmp_path / "clean.xlsx", CLEAN_ROWS)

    assert cli.main(cli_args(hq_settings, "import-org", str(mixed))) == 1
    assert "row 6: unknown role '店长' (use 导购, 区域经理 or 总部)" in capsys.readouterr().out
    assert cli.main(cli_args(hq_settings, "import-org", str(clean), "--dry-run")) == 0
    assert org_size(hq_settings) == (0, 0, 0, 0)
    assert cli.main(cli_args(hq_settings, "import-org", str(clean))) == 0
    assert "imported." in capsys.readouterr().out
    assert org_size(hq_settings)[:3] == (2, 3, 5)
    assert cli.main(cli_args(hq_settings, "import-org", str(tmp_path / "missing.xlsx"))) == 2
    assert "no file" in capsys.readouterr().err


def test_reimport_renames_a_store_and_keeps_its_city_when_the_cell_is_empty(
    hq_settings: Settings, tmp_path: Path
) -> None:
    run_import(hq_settings, write_sheet(tmp_path / "org.xlsx", CLEAN_ROWS))

    renaming_rows = [["东区", "E1", "一号旗舰店", None]]
    renamed = run_import(hq_settings, write_sheet(tmp_path / "renamed.xlsx", renaming_rows))

    assert renamed.ok and (renamed.stores_updated, renamed.stores_skipped) == (1, 0)
    stores = {store.code: (store.name, store.city) for store in stored(hq_settings, Store)}
    assert stores["E1"] == ("一号旗舰店", "上海")


def test_a_store_named_in_another_region_moves_there_with_its_guides(
    hq_settings: Settings, tmp_path: Path
) -> None:
    org = seed(hq_settings)  # E1 is in 东区, with guide.e1a and guide.e1b
    rows = [["南区", "E1", "一号店", "上海", None, None, None, None]]
    report = run_import(hq_settings, write_sheet(tmp_path / "move.xlsx", rows))
    assert report.ok and report.applied, report.render()
    assert report.moves == [RowNote(3, "store 'E1' moves from region '东区' to '南区', with its guides")]
    assert report.stores_updated == 1
    south = next(region.id for region in stored(hq_settings, Region) if region.name == "南区")
    assert next(store.region_id for store in stored(hq_settings, Store) if store.code == "E1") == south
    moved = (org.guide_e1, org.guide_e1_b)
    guides = [account for account in stored(hq_settings, Account) if account.login in moved]
    assert {guide.region_id for guide in guides} == {south}


def test_passwords_are_hashed_before_the_write_transaction_opens(
    hq_settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writing = Database.writing
    inside: list[bool] = []
    in_transaction = False

    @asynccontextmanager
    async def watched(self: Database) -> AsyncIterator[Any]:
        nonlocal in_transaction
        async with writing(self) as session:
            in_transaction = True
            try:
                yield session
            finally:
                in_transaction = False

    real_hash = org_import.hash_password

    def noting_hash(password: str) -> str:
        inside.append(in_transaction)
        return real_hash(password)

    monkeypatch.setattr(Database, "writing", watched)
    monkeypatch.setattr(org_import, "hash_password", noting_hash)
    rows = [
        ["东区", "E1", "一号店", "上海", f"guide.{number}", f"导购{number}", "导购", "Guide-2026a"]
        for number in range(6)
    ]
    report = run_import(hq_settings, write_sheet(tmp_path / "org.xlsx", rows))
    assert report.applied and report.accounts_created == 6
    assert inside == [False] * 6
