"""Monthly sales targets of guides and stores as a manager or HQ sets them, one save per row."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.money import AmountProblem, AmountRefused, fen_from_yuan_text
from guide_app.protocol import SalesTargetPublic, SalesTargetSet, TargetScope
from guide_app.workspace.org_lookup import Organisation, organisation
from guide_app.workspace.session import Workspace

# A target's refusals in the manager's words (a target may be ¥0: a month of nothing).
_TARGET_CODES = {
    AmountProblem.empty: ErrorCode.target_amount_missing,
    AmountProblem.too_large: ErrorCode.target_amount_too_large,
}


def target_fen_from_text(text: str) -> int:
    """'¥1,299.50' → 129950 fen, read as every amount is (guide_app.money); 0 is a target of
    nothing. Raises GuideError (target_amount_*) for anything else."""
    try:
        return fen_from_yuan_text(text, zero_ok=True)
    except AmountRefused as refused:
        code = _TARGET_CODES.get(refused.problem, ErrorCode.target_amount_invalid)
        raise GuideError(
            f"{text[:40]!r} is not a target in yuan ({refused.problem.value})", code=code
        ) from None


async def month_targets(workspace: Workspace, month: str) -> list[SalesTargetPublic]:
    """Every target of `month` the viewer may see (a manager: their region's)."""
    async with workspace.client() as client:
        return await client.get_list("/targets", SalesTargetPublic, {"month": month})


@dataclass(frozen=True)
class TargetSaved:
    """What became of one row's save: HQ's record of it, or why it failed."""

    request: SalesTargetSet
    saved: SalesTargetPublic | None
    error: GuideError | None

    @property
    def key(self) -> tuple[TargetScope, int]:
        return self.request.scope, self.request.subject_id


async def set_targets(workspace: Workspace, changes: Sequence[SalesTargetSet]) -> Outcome[list[TargetSaved]]:
    """Save each changed target with its own PUT, so one refused row (a guide moved to another
    region meanwhile) does not hold back the rest; every row's fate is in the answer. A failure
    that is not HQ's answer about that row (HQ unreachable, signed out) stops the rest."""
    results: list[TargetSaved] = []
    async with workspace.client() as client:
        for change in changes:
            try:
                saved = await client.send("PUT", "/targets", SalesTargetPublic, change)
            except Cancelled:
                raise
            except GuideError as error:
                results.append(TargetSaved(change, None, error))
                if error.code not in _ROW_REFUSALS:
                    break
            else:
                results.append(TargetSaved(change, saved, None))
    changed = any(result.saved is not None for result in results)
    notice = ChangeNotice.of(Area.targets, Area.team) if changed else ChangeNotice.of()
    return Outcome(results, notice)


#: Refusals about one row; anything else (offline, signed out) would fail every row the same way.
_ROW_REFUSALS = frozenset({ErrorCode.hq_refused, ErrorCode.not_found, ErrorCode.invalid_input})


@dataclass(frozen=True)
class MonthTargets:
    """What the Targets page edits: whom targets may be set for, and the month's targets."""

    organisation: Organisation
    targets: list[SalesTargetPublic]

    def target(self, scope: TargetScope, subject_id: int) -> SalesTargetPublic | None:
        return next(
            (one for one in self.targets if one.scope is scope and one.subject_id == subject_id), None
        )


async def month_targets_with_organisation(workspace: Workspace, month: str) -> MonthTargets:
    """The organisation and the month's targets, read together."""
    found, targets = await asyncio.gather(organisation(workspace), month_targets(workspace, month))
    return MonthTargets(found, targets)
