"""The performance sheet from HQ for a date range and a scope: the request, its name, the download."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from pathlib import Path

from guide_app.calls.performance import local_offset_minutes
from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.jobs import CancelToken, Phase, ProgressSink, Step
from guide_app.protocol import PERFORMANCE_SHEET_PATH, SheetProblem, SheetRequest, SheetScope
from guide_app.timeutil import utcnow
from guide_app.workspace.session import Workspace

#: How often a download waiting on a silent HQ looks at its cancel token.
CANCEL_POLL_SECONDS = 0.1


_PROBLEM_CODES = {
    SheetProblem.outside_calendar: ErrorCode.sheet_days_outside,
    SheetProblem.range_reversed: ErrorCode.sheet_range_invalid,
    SheetProblem.range_too_long: ErrorCode.sheet_range_too_long,
    SheetProblem.scope_missing: ErrorCode.sheet_scope_missing,
}


def sheet_request(
    first_day: date,
    last_day: date,
    scope: SheetScope,
    region_id: int | None = None,
    store_id: int | None = None,
    now: datetime | None = None,
) -> SheetRequest:
    """The request for days local to this PC, or the GuideError the person can fix before
    anything is sent (HQ refuses the same problems)."""
    request = SheetRequest(
        first_day=first_day,
        last_day=last_day,
        scope=scope,
        region_id=region_id if scope is SheetScope.region else None,
        store_id=store_id if scope is SheetScope.store else None,
        utc_offset_minutes=local_offset_minutes(now or utcnow()),
    )
    checked(request)
    return request


def checked(request: SheetRequest) -> SheetRequest:
    problem = request.problem()
    if problem is not None:
        raise GuideError(f"the sheet cannot be asked for: {problem.value}", code=_PROBLEM_CODES[problem])
    return request


def sheet_file_name(prefix: str, request: SheetRequest) -> str:
    """'业绩表_2026-11-01_2026-11-30.xlsx' for the prefix '业绩表' (the caller's language)."""
    return f"{prefix}_{request.first_day.isoformat()}_{request.last_day.isoformat()}.xlsx"


async def download_performance_sheet(
    workspace: Workspace,
    request: SheetRequest,
    target: Path,
    progress: ProgressSink,
    cancel: CancelToken,
) -> Path:
    """Stream HQ's sheet into `target`: bytes go to `target.with_suffix('.part')`, reported as
    Step(Phase.files, bytes, None) (HQ streams it, so its size is unknown), and the file takes
    its name only when complete. A cancel, even while HQ is silent, closes the connection (HQ
    stops writing) and removes the partial file; `target` is then as it was."""
    checked(request)
    partial = target.with_suffix(".part")

    def received(done: int) -> None:
        if cancel.cancelled:
            raise Cancelled("the sheet's download was cancelled", code=ErrorCode.cancelled)
        progress(Step(Phase.files, done, None))

    async def fetch() -> int:
        async with workspace.client() as client:
            return await client.download_answer(PERFORMANCE_SHEET_PATH, partial, request.params(), received)

    progress(Step(Phase.files, 0, None))
    try:
        size = await _unless_cancelled(asyncio.ensure_future(fetch()), cancel)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)
    progress(Step(Phase.files, size, size))
    return target


async def _unless_cancelled(task: asyncio.Future[int], cancel: CancelToken) -> int:
    """The task's answer, or Cancelled as soon as the token is set (the task cancelled with it)."""
    while not task.done():
        await asyncio.wait({task}, timeout=CANCEL_POLL_SECONDS)
        if cancel.cancelled and not task.done():
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
            raise Cancelled("the sheet's download was cancelled", code=ErrorCode.cancelled)
    size = task.result()
    if cancel.cancelled:  # it finished between two looks: the person still asked for no file
        raise Cancelled("the sheet's download was cancelled", code=ErrorCode.cancelled)
    return size
