"""Import and export as long jobs: progress as they go, a cancel that leaves nothing half-done."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select, text

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer, Tag
from guide_app.book.store import Book
from guide_app.calls.exports import export_customers
from guide_app.calls.imports import apply_import, plan_import
from guide_app.changes import Area
from guide_app.errors import Cancelled
from guide_app.jobs import CancelToken, JobControl, Phase, Step, control
from guide_app.xlsx.importing import ImportMode
from tests.bench.import_memory import largest_loop_gap_ms


def write_customers(path: Path, count: int) -> Path:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("客户")
    sheet.append(["姓名", "手机号", "企微备注", "生日", "标签"])
    for number in range(count):
        sheet.append([f"客户{number}", f"138{number:08d}", "老客", "1990-05-03", f"标签{number % 7}"])
    workbook.save(path)
    return path


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 20 rows: the same reports and cancel points as 2,000, at a hundredth of the work."""
    monkeypatch.setattr("guide_app.xlsx.importing.PROGRESS_EVERY", 20)
    monkeypatch.setattr("guide_app.xlsx.importing.INSERT_CHUNK", 20)
    monkeypatch.setattr("guide_app.xlsx.exporting.PROGRESS_EVERY", 20)


def _count(book: Book, table: type) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def test_an_import_reports_reading_and_writing_every_chunk_and_names_what_changed(
    book: Book, tmp_path: Path
) -> None:
    steps: list[Step] = []
    plan = plan_import(book, write_customers(tmp_path / "in.xlsx", 50), progress=steps.append)
    # Sheet row numbers, header included; openpyxl's streaming writer states no size, so the
    # total is known only at the end.
    assert [(step.phase, step.done, step.total) for step in steps] == [
        (Phase.reading_file, 0, None),
        (Phase.reading_file, 21, None),
        (Phase.reading_file, 41, None),
        (Phase.reading_file, 51, 51),
    ]
    steps.clear()
    outcome = apply_import(book, plan, ImportMode.all_or_nothing, progress=steps.append)
    assert outcome.value.imported == 50
    assert [(step.phase, step.done, step.total) for step in steps] == [
        (Phase.writing_book, done, 50) for done in (0, 20, 40, 50)
    ]
    assert outcome.changes.touches(Area.customers) and outcome.changes.touches(Area.tags)


def test_a_cancelled_import_leaves_the_book_exactly_as_it_was(book: Book, tmp_path: Path) -> None:
    with book.writing() as session:
        add_customer(session, CustomerFields(name="李四", phone="13900139000"))
    plan = plan_import(book, write_customers(tmp_path / "in.xlsx", 50))
    token = CancelToken()

    def cancel_after_first_chunk(step: Step) -> None:
        if step.done >= 40:  # two chunks written inside the transaction
            token.cancel()

    with pytest.raises(Cancelled):
        apply_import(book, plan, ImportMode.all_or_nothing, progress=cancel_after_first_chunk, cancel=token)
    assert (_count(book, Customer), _count(book, Tag)) == (1, 0)  # not even a personal tag was made


def test_a_cancelled_read_stops_without_a_plan(book: Book, tmp_path: Path) -> None:
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        plan_import(book, write_customers(tmp_path / "in.xlsx", 10), cancel=token)


def test_an_export_reports_progress_and_a_cancel_leaves_the_earlier_file(book: Book, tmp_path: Path) -> None:
    with book.writing() as session:
        for number in range(45):
            add_customer(session, CustomerFields(name=f"客户{number}", phone=f"138{number:08d}"))
    target = tmp_path / "customers.xlsx"
    steps: list[Step] = []
    assert export_customers(book, None, target, progress=steps.append) == 45
    assert [(step.phase, step.done) for step in steps] == [
        (Phase.exporting, done) for done in (0, 20, 40, 45)
    ]
    before = target.read_bytes()
    token = CancelToken()

    def cancel_midway(step: Step) -> None:
        if step.done >= 20:
            token.cancel()

    with pytest.raises(Cancelled):
        export_customers(book, None, target, progress=cancel_midway, cancel=token)
    assert target.read_bytes() == before and not list(tmp_path.glob("*.partial"))
    fresh = tmp_path / "fresh.xlsx"
    token = CancelToken()
    with pytest.raises(Cancelled):
        export_customers(book, None, fresh, progress=cancel_midway, cancel=token)
    assert not fresh.exists() and not list(tmp_path.glob("*.partial"))


@pytest.mark.serial  # measures the event loop's gaps: run alone (make test)
def test_an_import_in_a_worker_thread_keeps_the_event_loop_responsive(tmp_path: Path) -> None:
    path = write_customers(tmp_path / "in.xlsx", 600)
    # The UI's loop must keep painting: the worker gives the GIL back at least every few ms. A
    # step that holds it longer shows in every run; a busy machine's scheduling only in some, so
    # the best of three runs, each into a fresh book, is judged.
    gaps = []
    for run in range(3):
        (tmp_path / f"run-{run}").mkdir()
        gaps.append(largest_loop_gap_ms(path, tmp_path / f"run-{run}"))
    assert min(gaps) <= 50


def test_a_job_paces_itself_inside_a_long_statement_and_only_while_asked(
    book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One statement never returns to the job's loop: SQLite's progress handler must call pace.
    paced: list[float] = []
    monkeypatch.setattr(JobControl, "pace", lambda self: paced.append(1.0))
    long_statement = text(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200000) "
        "SELECT count(*) FROM n"
    )
    job = control()
    with book.reading() as session:
        with job.pacing_statements(session):
            assert session.execute(long_statement).scalar_one() == 200_000
        during = len(paced)
        session.execute(long_statement)  # the handler is gone with the block
    assert during >= 100
    assert len(paced) == during
