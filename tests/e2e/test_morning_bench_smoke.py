"""The morning-sync benchmark, small: a seeded chain on PostgreSQL, last night's work published
through the API, and guides that pull it all and push yesterday's sales into HQ without an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.bench.morning_guides import Kind
from tests.bench.morning_run import Options, Topology, run_morning
from tests.support.postgres import find_pg_bin

pytestmark = pytest.mark.skipif(find_pg_bin() is None, reason="needs the PostgreSQL server binaries")

GUIDES = 2_000


def test_guides_pull_last_night_and_push_yesterday_without_an_error(tmp_path: Path) -> None:
    options = Options(
        guides=GUIDES, duration_s=3.0, warmup_s=0.5, concurrency=8, topologies=(Topology.one_by_two,)
    )

    outcome = run_morning(tmp_path, options, report=lambda _line: None)

    run = outcome.runs[0]
    assert (run.tally.errors, run.outside.errors) == (0, 0), run.tally.first_error or run.outside.first_error
    assert run.tally.syncs > 0
    assert run.tally.latencies_s[Kind.pull] and run.tally.latencies_s[Kind.push]
    # The overnight reached HQ through its API: 20 items, 5 SOP changes, a task for a tenth of the stores.
    assert len(outcome.overnight.content_ids) == 20
    assert len(outcome.overnight.task_by_store) == outcome.chain.stores // 10
    # Every sale a guide pushed is a counted sale in HQ, none lost and none twice.
    assert outcome.sales_pushed > 0
    assert outcome.sales_stored == outcome.sales_pushed
