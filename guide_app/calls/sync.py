"""Screen calls about sync: run one (with progress, cancel and a change notice), and where sales stand."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import col

from guide_app.book.batching import batched
from guide_app.book.models import Outbox, Sale
from guide_app.book.outbox import OutboxStatus
from guide_app.book.store import Book
from guide_app.changes import Area, ChangeNotice
from guide_app.errors import GuideError
from guide_app.jobs import CancelToken, ProgressSink
from guide_app.protocol import EntityKind, EventKind
from guide_app.sync.client import HqClient
from guide_app.sync.problems import SyncProblem, UploadState, standing_of, standing_query, upload_problem
from guide_app.sync.run import SyncReport, SyncStatus, read_status, sync_once

#: Up to this many moved customers are named in the notice; more means "any customer".
NAMED_CUSTOMERS = 200

_AREAS_OF_ENTITY: dict[EntityKind, Area] = {
    EntityKind.content: Area.content,
    EntityKind.sop_template: Area.tasks,
    EntityKind.task: Area.tasks,
    EntityKind.tag_group: Area.tags,
    EntityKind.settings: Area.settings,
    EntityKind.region: Area.settings,
    EntityKind.store: Area.settings,
    EntityKind.account: Area.settings,
    EntityKind.sale_dispute: Area.sales,
}


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    """What a sync did, every problem it met in plain words, and what changed in the book."""

    report: SyncReport
    problems: list[SyncProblem]
    changes: ChangeNotice


@dataclass(frozen=True, slots=True)
class SaleUpload:
    """Where one recorded sale stands with HQ, and HQ's words about it when it is not counted."""

    state: UploadState
    reason: str  # empty while waiting or counted


def notice_of(report: SyncReport) -> ChangeNotice:
    """The areas a (possibly partial) sync changed: sync_status always."""
    areas = {Area.sync_status, *(_AREAS_OF_ENTITY[entity] for entity in report.pulled.entities)}
    if report.files.items_linked:
        areas.add(Area.content)
    if report.expansion is not None and (report.expansion.total_added or report.expansion.goals):
        areas.add(Area.tasks)
    if report.pushed.answered:
        areas.update((Area.outbox, Area.sales))
    notice = ChangeNotice.of(*areas)
    moved = report.segments.segments
    if report.segments.stages_changed or moved:
        # Stages are counted, not named: a moved stage means any customer may have changed.
        named = moved if not report.segments.stages_changed and len(moved) <= NAMED_CUSTOMERS else {}
        rfm_tags = (Area.tags,) if moved else ()  # a moved segment swaps the customer's RFM tag
        notice = notice | ChangeNotice.of(Area.customers, *rfm_tags, customers=named)
    return notice


async def run_sync(
    book: Book,
    client: HqClient,
    asset_folder: Path,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> SyncOutcome:
    """One whole sync, off the event loop for every database step. A failure (offline, HQ
    refusing, cancelled) raises its GuideError, whose `details["changes"]` names what the part
    done before it changed, so screens refresh even then."""
    try:
        report = await sync_once(book, client, asset_folder, progress=progress, cancel=cancel)
    except GuideError as error:
        partial = error.details.get("report")
        if isinstance(partial, SyncReport):
            error.details["changes"] = notice_of(partial)
        else:
            error.details["changes"] = ChangeNotice.of(Area.sync_status)
        raise
    return SyncOutcome(report=report, problems=report.problems, changes=notice_of(report))


def sale_upload_states(book: Book, sale_ids: Iterable[str]) -> dict[str, SaleUpload]:
    """Each sale's upload state: HQ's answer to the sale's event, and HQ's later notice when
    another guide claims the order too. A sale HQ flagged as disputed is `disputed`, never
    `counted`. Sales without an outbox row are left out."""
    wanted = list(dict.fromkeys(sale_ids))
    states: dict[str, SaleUpload] = {}
    with book.reading() as session:
        for chunk in batched(wanted, 30_000):  # under SQLite's bound-parameter limit
            rows = session.execute(standing_query().where(col(Sale.id).in_(chunk))).all()
            for sale, sent, correction, notice in rows:
                if sent is None:
                    continue
                standing = standing_of(sale, sent, correction, notice)
                problem = upload_problem(sent)
                if standing.upload is UploadState.counted:
                    reason = ""
                elif notice is not None:
                    reason = standing.words
                else:
                    reason = problem.message if problem else ""
                states[sale.id] = SaleUpload(standing.upload, reason)
    return states


def waiting_sales(book: Book) -> int:
    """How many recorded sales have not reached HQ yet."""
    query = (
        select(func.count())
        .select_from(Outbox)
        .where(col(Outbox.status) == OutboxStatus.pending, col(Outbox.kind) == EventKind.sale.value)
    )
    with book.reading() as session:
        return int(session.execute(query).scalar_one())


def sync_status(book: Book) -> SyncStatus:
    """What the status bar shows: last success, uploads waiting, the last problem and its list."""
    with book.reading() as session:
        return read_status(session)
