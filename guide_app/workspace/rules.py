"""HQ's chain-wide rules (attribution window, lifecycle and RFM thresholds) as the HQ workspace edits them."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import MAX_AMOUNT_FEN, AttributionRule, HqSettings
from guide_app.workspace.session import Workspace

SETTINGS = "/settings"
ATTRIBUTION_DAYS = (0, 90)
STAGE_DAYS = (1, 3650)
RECENCY_DAYS = (1, 3650)
FREQUENCY = (1, 1000)
MONETARY_FEN = (1, MAX_AMOUNT_FEN)


async def read_rules(workspace: Workspace) -> HqSettings:
    async with workspace.client() as client:
        return await client.get(SETTINGS, HqSettings)


class RulesField(StrEnum):
    """The Rules page's rows a problem is shown under."""

    attribution_rule = "attribution_rule"
    attribution_window = "attribution_window"
    lifecycle = "lifecycle"
    recency = "recency"
    frequency = "frequency"
    monetary = "monetary"


class RulesProblem(StrEnum):
    out_of_range = "out_of_range"
    not_ascending = "not_ascending"  # four thresholds, each larger than the one before
    lost_before_dormant = "lost_before_dormant"


@dataclass(frozen=True)
class RulesDraft:
    """The Rules page's values, in HQ's units (days, purchases, fen)."""

    attribution_window_days: int
    attribution_rule: AttributionRule
    dormant_after_days: int
    lost_after_days: int
    rfm_recency_days: tuple[int, int, int, int]
    rfm_frequency: tuple[int, int, int, int]
    rfm_monetary_fen: tuple[int, int, int, int]

    @classmethod
    def of(cls, settings: HqSettings) -> RulesDraft:
        return cls(
            settings.attribution_window_days,
            settings.attribution_rule,
            settings.dormant_after_days,
            settings.lost_after_days,
            _four(settings.rfm_recency_days),
            _four(settings.rfm_frequency),
            _four(settings.rfm_monetary_fen),
        )

    def problems(self) -> dict[RulesField, RulesProblem]:
        found: dict[RulesField, RulesProblem] = {}
        if not _within(self.attribution_window_days, ATTRIBUTION_DAYS):
            found[RulesField.attribution_window] = RulesProblem.out_of_range
        stage_days = (self.dormant_after_days, self.lost_after_days)
        if not all(_within(days, STAGE_DAYS) for days in stage_days):
            found[RulesField.lifecycle] = RulesProblem.out_of_range
        elif self.lost_after_days <= self.dormant_after_days:
            found[RulesField.lifecycle] = RulesProblem.lost_before_dormant
        for where, values, limits in (
            (RulesField.recency, self.rfm_recency_days, RECENCY_DAYS),
            (RulesField.frequency, self.rfm_frequency, FREQUENCY),
            (RulesField.monetary, self.rfm_monetary_fen, MONETARY_FEN),
        ):
            problem = _thresholds_problem(values, limits)
            if problem is not None:
                found[where] = problem
        return found

    def applied_to(self, settings: HqSettings) -> HqSettings:
        """`settings` with this draft's values; any rule a newer HQ added stays as HQ sent it."""
        return HqSettings.model_validate(
            {
                **settings.model_dump(),
                "attribution_window_days": self.attribution_window_days,
                "attribution_rule": self.attribution_rule.value,
                "dormant_after_days": self.dormant_after_days,
                "lost_after_days": self.lost_after_days,
                "rfm_recency_days": list(self.rfm_recency_days),
                "rfm_frequency": list(self.rfm_frequency),
                "rfm_monetary_fen": list(self.rfm_monetary_fen),
            }
        )


def _four(values: list[int]) -> tuple[int, int, int, int]:
    first, second, third, fourth = values
    return first, second, third, fourth


def _within(value: int, limits: tuple[int, int]) -> bool:
    return limits[0] <= value <= limits[1]


def _thresholds_problem(values: tuple[int, ...], limits: tuple[int, int]) -> RulesProblem | None:
    if not all(_within(value, limits) for value in values):
        return RulesProblem.out_of_range
    if any(later <= earlier for earlier, later in pairwise(values)):
        return RulesProblem.not_ascending
    return None


async def save_rules(workspace: Workspace, draft: RulesDraft, current: HqSettings) -> Outcome[HqSettings]:
    """PUT the rules (HQ records who changed what); guides' apps apply them at their next sync."""
    problems = draft.problems()
    if problems:
        where, problem = next(iter(problems.items()))
        raise GuideError(f"{where.value}: {problem.value}", code=ErrorCode.invalid_input, problems=problems)
    async with workspace.client() as client:
        saved = await client.send("PUT", SETTINGS, HqSettings, draft.applied_to(current))
    assert saved is not None
    return Outcome(saved, ChangeNotice.of(Area.settings))
