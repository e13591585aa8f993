"""Sync's long database steps report progress and stop on cancel at a clean point."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlmodel import col

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer, TaskTarget
from guide_app.book.segments import refresh_segments
from guide_app.book.store import Book
from guide_app.book.tasks import TASKS_PER_COMMIT, expand_tasks
from guide_app.errors import Cancelled
from guide_app.jobs import CancelToken, Phase, ProgressSink, Step
from tests.unit.guide_app.test_tasks import _sop

TODAY = date(2026, 11, 30)


def _dump(book: Book) -> list[str]:
    with closing(sqlite3.connect(book.path)) as connection:
        return list(connection.iterdump())


def _customers_added_long_ago(book: Book, count: int) -> None:
    with book.writing() as session:
        for number in range(count):
            added = datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=number)
            add_customer(session, CustomerFields(name=f"顾客{number}", added_at=added))


def _cancel_when(token: CancelToken, steps: list[Step], phase: Phase, done: int) -> ProgressSink:
    def sink(step: Step) -> None:
        steps.append(step)
        if step.phase is phase and step.total is not None and step.done >= done:
            token.cancel()

    return sink


def test_a_cancelled_segment_refresh_leaves_every_stage_as_it_was(book: Book) -> None:
    _customers_added_long_ago(book, 40)  # all 'new' until refreshed: every one of them moves
    before = _dump(book)
    token, steps = CancelToken(), []
    with pytest.raises(Cancelled):
        refresh_segments(book, TODAY, progress=_cancel_when(token, steps, Phase.segments, 0), cancel=token)
    assert _dump(book) == before

    seen: list[Step] = []
    changes = refresh_segments(book, TODAY, progress=seen.append)
    assert changes.stages_changed == 40
    assert {step.phase for step in seen} == {Phase.segments}
    assert seen[-1].done == seen[-1].total == 40
    with book.reading() as session:
        assert (
            session.execute(select(func.count()).where(col(Customer.lifecycle_stage) == "new")).scalar_one()
            == 0
        )


def _daily_tasks(book: Book, count: int) -> None:
    for number in range(count):
        _sop(book, {"kind": "daily"}, title=f"每日问候{number}")


def _tasks_laid_out(book: Book) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count(col(TaskTarget.task_id).distinct()))).scalar_one())


def test_a_cancelled_expansion_keeps_its_committed_chunks_and_the_next_run_adds_the_rest(book: Book) -> None:
    _customers_added_long_ago(book, 3)
    total = TASKS_PER_COMMIT + 50
    _daily_tasks(book, total)
    token, steps = CancelToken(), []
    with pytest.raises(Cancelled):
        expand_tasks(
            book, TODAY, progress=_cancel_when(token, steps, Phase.tasks, TASKS_PER_COMMIT + 20), cancel=token
        )
    assert _tasks_laid_out(book) == TASKS_PER_COMMIT  # the first chunk whole, nothing of the second
    assert [step.done for step in steps] == sorted(step.done for step in steps)
    assert {step.total for step in steps} == {total}

    seen: list[Step] = []
    report = expand_tasks(book, TODAY, progress=seen.append)
    assert _tasks_laid_out(book) == total
    assert report.total_added == 50 * 3  # only what the cancelled run had not committed
    assert seen[-1] == Step(Phase.tasks, total, total)
