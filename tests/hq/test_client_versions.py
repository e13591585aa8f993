"""The version handshake at HQ: the operator's minimum, the refusals before a body is read, and
HQ's release on every answer."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from guide_app.protocol import (
    CLIENT_PROTOCOL_HEADER,
    CLIENT_VERSION_HEADER,
    HQ_PROTOCOL_HEADER,
    HQ_VERSION_HEADER,
)
from guide_app.version import PROTOCOL_LEVEL, VERSION
from hq import cli
from hq.core.config import Settings
from hq.core.db import Database, alembic_config, run_with_database, sync_engine
from hq.services import client_versions
from hq.services.client_versions import PolicyCache
from tests.hq.conftest import Hq
from tests.support.events import sale_event
from tests.support.org import PASSWORD


def _app(release: str, protocol: int = PROTOCOL_LEVEL) -> dict[str, str]:
    return {CLIENT_VERSION_HEADER: release, CLIENT_PROTOCOL_HEADER: str(protocol)}


def _set_minimum(hq: Hq, minimum: str, latest: str | None = None) -> None:
    """What `guide-hq client-versions set` does, then this worker reads it at once."""
    run_with_database(
        hq.settings, lambda database: client_versions.set_from_shell(database, minimum, latest, "test")
    )
    hq.client.app.state.client_versions.forget()  # type: ignore[attr-defined]


def _sales_at_hq(hq: Hq) -> list[Any]:
    answer = hq.client.get("/api/v1/sales", headers={**hq.auth(hq.org.admin), **_app("9.9.9")})
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def test_an_app_below_the_minimum_signs_in_but_is_refused_sync_with_the_releases_to_update_to(
    hq: Hq,
) -> None:
    _set_minimum(hq, "0.2.0", "0.2.3")
    old = _app("0.1.0")
    signed_in = hq.client.post(
        "/api/v1/auth/login", json={"login": hq.org.guide_e1, "password": PASSWORD}, headers=old
    )
    assert signed_in.status_code == 200, signed_in.text
    auth = {"Authorization": f"Bearer {signed_in.json()['token']}", **old}
    assert hq.client.get("/api/v1/me", headers=auth).status_code == 200
    policy = hq.client.get("/api/v1/client/versions", headers=old)
    assert policy.status_code == 200
    assert policy.json() == {
        "minimum": "0.2.0",
        "latest": "0.2.3",
        "hq_version": VERSION,
        "hq_protocol": PROTOCOL_LEVEL,
    }

    refused = hq.client.get("/api/v1/sync/changes", headers=auth)
    assert refused.status_code == 426
    body = refused.json()
    assert body["code"] == "client_too_old"
    assert (body["minimum"], body["latest"], body["hq_version"]) == ("0.2.0", "0.2.3", VERSION)
    assert body["detail"] == (
        "Guide Desk 0.1.0 is older than the oldest release HQ syncs with (0.2.0); the latest is 0.2.3. "
        "Sales and work stay safely on this PC and go up after the update: in the app choose "
        "Help → Check for updates…, or ask the store manager or IT."
    )
    push = hq.client.post("/api/v1/sync/push", json={"events": [sale_event("OLD-1", 9900)]}, headers=auth)
    assert push.status_code == 426
    assert _sales_at_hq(hq) == []

    updated = {**hq.auth(hq.org.guide_e1), **_app("0.2.0")}
    assert hq.client.get("/api/v1/sync/changes", headers=updated).status_code == 200
    pushed = hq.client.post(
        "/api/v1/sync/push", json={"events": [sale_event("NEW-1", 9900)]}, headers=updated
    )
    assert [result["status"] for result in pushed.json()["results"]] == ["accepted"]
    assert [sale["order_no"] for sale in _sales_at_hq(hq)] == ["NEW-1"]


def test_without_a_minimum_every_release_syncs_and_with_one_an_app_that_says_none_is_refused(
    hq: Hq,
) -> None:
    auth = hq.auth(hq.org.guide_e1)
    assert hq.client.get("/api/v1/sync/changes", headers=auth).status_code == 200  # no headers at all
    assert hq.client.get("/api/v1/sync/changes", headers={**auth, **_app("0.0.1")}).status_code == 200
    _set_minimum(hq, "0.1.0")
    refused = hq.client.get("/api/v1/sync/changes", headers=auth)
    assert refused.status_code == 426
    assert refused.json()["detail"].startswith("This Guide Desk (it did not say its release) is older")
    unreadable = hq.client.get("/api/v1/sync/changes", headers={**auth, CLIENT_VERSION_HEADER: "0.1.0-beta"})
    assert unreadable.status_code == 426
    assert hq.client.get("/api/v1/sync/changes", headers={**auth, **_app("0.10.0")}).status_code == 200
    assert hq.client.get("/healthz").status_code == 200
    assert hq.client.get("/openapi.json").status_code == 200


def test_an_app_of_a_newer_protocol_is_refused_before_its_body_is_read_and_nothing_is_stored(hq: Hq) -> None:
    auth = {**hq.auth(hq.org.guide_e1), **_app("9.0.0", PROTOCOL_LEVEL + 1)}
    push = hq.client.post("/api/v1/sync/push", json={"events": [sale_event("NEWER-1", 9900)]}, headers=auth)
    assert push.status_code == 409
    assert push.json()["code"] == "client_newer_than_hq"
    assert f"level {PROTOCOL_LEVEL + 1}, newer than this HQ's ({VERSION}" in push.json()["detail"]
    # A body HQ cannot parse is not even looked at: the refusal comes first.
    garbage = hq.client.post(
        "/api/v1/sync/push", content=b"\xff not json", headers={**auth, "Content-Type": "application/json"}
    )
    assert garbage.status_code == 409
    assert _sales_at_hq(hq) == []
    bad_level = hq.client.get("/api/v1/sync/changes", headers={**auth, CLIENT_PROTOCOL_HEADER: "two"})
    assert bad_level.status_code == 400 and bad_level.json()["code"] == "bad_client_protocol"


def test_every_answer_says_hq_release_and_protocol_level_refusals_included(hq: Hq) -> None:
    _set_minimum(hq, "0.2.0")
    answers = {
        "health": hq.client.get("/healthz"),
        "signed out": hq.client.get("/api/v1/sync/changes", headers=_app("0.2.0")),
        "no such path": hq.client.get("/api/v1/nowhere", headers=_app("0.2.0")),
        "too large": hq.client.post(
            "/api/v1/sync/push",
            content=b"x" * (hq.settings.max_request_bytes + 1),
            headers={**hq.auth(hq.org.guide_e1), **_app("0.2.0")},
        ),
        "too old": hq.client.get("/api/v1/sync/changes", headers=_app("0.1.0")),
        "too new": hq.client.get("/api/v1/sync/changes", headers=_app("0.2.0", PROTOCOL_LEVEL + 1)),
    }
    assert {name: answer.status_code for name, answer in answers.items()} == {
        "health": 200,
        "signed out": 401,
        "no such path": 404,
        "too large": 413,
        "too old": 426,
        "too new": 409,
    }
    for answer in answers.values():
        assert answer.headers[HQ_VERSION_HEADER] == VERSION
        assert answer.headers[HQ_PROTOCOL_HEADER] == str(PROTOCOL_LEVEL)


def test_a_worker_follows_a_policy_change_within_its_fresh_period(
    hq_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(client_versions.time, "monotonic", lambda: clock[0])

    async def scenario() -> list[str]:
        database = Database(hq_settings)
        try:
            worker = PolicyCache(database)
            seen = [(await worker.current()).minimum]
            await client_versions.set_from_shell(database, "0.3.0", None, "test")
            clock[0] += client_versions.POLICY_FRESH_SECONDS - 0.5
            seen.append((await worker.current()).minimum)  # its copy is still fresh
            clock[0] += 1.0
            seen.append((await worker.current()).minimum)
            return seen
        finally:
            await database.dispose()

    assert asyncio.run(scenario()) == ["0.0.0", "0.0.0", "0.3.0"]


def _cli(settings: Settings, *arguments: str) -> int:
    where = ["--data-dir", str(settings.data_dir)]
    if settings.database_url:
        where += ["--database-url", settings.database_url]
    return cli.main([*arguments, *where])


def test_client_versions_set_checks_releases_and_says_when_it_takes_effect(
    hq_settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _cli(hq_settings, "client-versions", "set", "--minimum", "0.2") == 2
    assert "'0.2' is not a release as MAJOR.MINOR.PATCH, e.g. 0.2.0" in capsys.readouterr().err
    assert _cli(hq_settings, "client-versions", "set", "--minimum", "0.3.0", "--latest", "0.2.9") == 2
    assert "the latest release 0.2.9 is older than the minimum 0.3.0" in capsys.readouterr().err
    assert _cli(hq_settings, "client-versions", "show") == 0
    assert "never set: every release syncs" in capsys.readouterr().out

    assert _cli(hq_settings, "client-versions", "set", "--minimum", "0.2.0", "--by", "王运维") == 0
    said = capsys.readouterr().out
    assert f"client versions: minimum 0.2.0, latest {max('0.2.0', VERSION)}" in said
    assert "within 5 s" in said
    assert _cli(hq_settings, "client-versions", "set", "--minimum", "0.2.1", "--latest", "0.4.0") == 0
    capsys.readouterr()
    assert _cli(hq_settings, "client-versions", "show") == 0
    shown = capsys.readouterr().out
    assert "minimum 0.2.1, latest 0.4.0" in shown and "by 王运维" not in shown and "by shell user" in shown


def test_migration_0005_adds_the_policy_table_and_goes_back_cleanly(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if backend == "postgresql":
        cluster = request.getfixturevalue("pg_cluster")
        settings = Settings(data_dir=tmp_path / "hq", database_url=cluster.create_database("mig0005"))
    else:
        settings = Settings(data_dir=tmp_path / "hq")
        settings.data_dir.mkdir(parents=True)
    config = alembic_config(settings)
    command.upgrade(config, "head")
    assert "client_version_policy" in sa.inspect(sync_engine(settings)).get_table_names()
    command.downgrade(config, "0004")
    assert "client_version_policy" not in sa.inspect(sync_engine(settings)).get_table_names()
