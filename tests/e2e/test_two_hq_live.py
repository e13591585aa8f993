"""Two `guide-hq serve` processes sharing one PostgreSQL are one HQ: the desktop app's client,
sending each request to the other process in turn (as a round-robin load balancer does), sees
one sign-in, one lockout, one idempotency record, one feed and one client-version policy; and,
with their uploaded files in one S3-compatible bucket (moto's server here), one asset store.

What is kept per process by design: the sign-in throttles (hq/services/throttle.py) are buckets
in each process's memory, so N processes admit N times the burst per address; they protect each
process from a flood, while the lockout that protects an account counts in the database. The
pair here raises the per-address burst only because every sign-in of this file comes from
127.0.0.1.
"""

from __future__ import annotations

import asyncio
import hashlib
import itertools
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from guide_app.errors import ErrorCode
from guide_app.protocol import (
    AccountPublic,
    Change,
    ChangesPage,
    ContentCreate,
    ContentKind,
    ContentPublic,
    LoginResponse,
    PushFlag,
    PushStatus,
    Role,
    SalePublic,
)
from guide_app.sync.client import ClientTooOld, HqClient, HqRefused, RetryPolicy, SignInNeeded
from guide_app.version import VERSION
from hq.core.config import Settings
from hq.core.db import Database, alembic_config, run_with_database
from hq.services import org
from hq.services.client_versions import POLICY_FRESH_SECONDS
from tests.hq.conftest import seed
from tests.support.alternating import AlternatingTransport
from tests.support.events import sale_event
from tests.support.live_hq import LiveHq, serve
from tests.support.org import PASSWORD, OrgFixture, password_hash
from tests.support.postgres import PostgresCluster
from tests.support.s3 import S3Server, moto_s3

ONE_TRY = RetryPolicy(attempts=1)  # a retry would send the request to the other HQ: no hiding
MAX_FAILURES = Settings.model_fields["login_max_failures"].default  # the served processes' own
WRONG_PASSWORD = "not-the-password-2026"
PUBLISHERS_PER_HQ = 3  # several transactions in flight at each process, as at a busy HQ
ITEMS_PER_PUBLISHER = 20  # 60 items per process
REPLAYED = [129_900, 59_900, 8_800]  # fen
RACED = [45_600, 12_300]
CLAIMED_BY_BOTH = [88_800, 19_900, 3_300]
FEED_PAGE = 7  # small pages: the guide reads many of them while the publishers write
VIDEO = os.urandom(3 * 1024 * 1024 + 17)
FIRST_PART = 1024 * 1024  # what an earlier, broken download got from the first HQ

# Each test signs in with accounts of its own, so no test's sign-ins, lock or data meet another's.
SIGN_IN_GUIDE = "two.sign.in"
LOCKOUT_GUIDE = "two.lockout"
PARALLEL_LOCKOUT_GUIDE = "two.lockout.parallel"
PUSH_GUIDE = "two.push"
SAME_ORDER_GUIDES = ("two.order.a", "two.order.b")  # two guides of one store
FEED_GUIDES = ("two.feed.a", "two.feed.b")
OLD_APP_GUIDE = "two.old.app"
OWN_GUIDES = (
    SIGN_IN_GUIDE,
    LOCKOUT_GUIDE,
    PARALLEL_LOCKOUT_GUIDE,
    PUSH_GUIDE,
    *SAME_ORDER_GUIDES,
    *FEED_GUIDES,
    OLD_APP_GUIDE,
)


@dataclass
class TwoHq:
    first: LiveHq
    second: LiveHq
    org: OrgFixture
    settings: Settings  # the shared database and bucket
    s3: S3Server

    @property
    def base_urls(self) -> list[str]:
        return [self.first.base_url, self.second.base_url]

    def alternating(
        self, token: str | None = None, version: str = VERSION, start: int = 0
    ) -> tuple[HqClient, AlternatingTransport]:
        """The app's own client, each of its requests going to the other HQ than the last (the
        first to base_urls[start])."""
        transport = AlternatingTransport(self.base_urls, start)
        client = HqClient(self.first.base_url, token, retry=ONE_TRY, transport=transport, version=version)
        return client, transport


async def _sign_in_alone(live: LiveHq, login: str) -> LoginResponse:
    """A sign-in at one HQ, with a client of its own."""
    async with HqClient(live.base_url, retry=ONE_TRY) as client:
        return await client.login(login, PASSWORD)


async def _add_own_guides(database: Database) -> dict[str, int]:
    """The tests' own guides, in store E1; their account ids by login."""
    ids: dict[str, int] = {}
    async with database.writing() as session:
        for login in OWN_GUIDES:
            account = await org.add_account(
                session, login, login, Role.guide, PASSWORD, store_code="E1", password_hash=password_hash()
            )
            assert account.id is not None
            ids[login] = account.id
    return ids


@contextmanager
def _serve_at_once(boxes: list[Settings], environment: dict[str, str]) -> Iterator[list[LiveHq]]:
    """An HQ process for each of `boxes`, started at the same moment, as boxes behind a balancer
    are: each migrates the database at its start. All that came up are stopped afterwards, at
    once too (each takes its graceful shutdown)."""
    starting = [serve(box, environment=environment) for box in boxes]
    with ThreadPoolExecutor(len(boxes)) as pool:
        entered = [pool.submit(manager.__enter__) for manager in starting]
        served: list[LiveHq] = []
        running: list[AbstractContextManager[LiveHq]] = []
        failures: list[Exception] = []
        for manager, future in zip(starting, entered, strict=True):
            try:
                served.append(future.result())
                running.append(manager)
            except Exception as error:  # raised once the others are stopped
                failures.append(error)
        try:
            if failures:
                raise failures[0]
            yield served
        finally:
            list(pool.map(lambda manager: manager.__exit__(None, None, None), running))


@pytest.fixture(scope="module")
def two_hq(pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoHq]:
    """Two HQ processes of one worker each on their own ports, started at once on one new
    PostgreSQL database (so both migrate it together), then the organisation seeded behind them.
    Each has a data folder of its own, as two boxes would: what they share is the database and
    the S3 bucket that holds uploaded files. The tests of this file share this one pair (each with
    accounts of its own): starting a pair is most of the file's time."""
    url = pg_cluster.create_database("two_hq")
    root = tmp_path_factory.mktemp("two-hq")
    with moto_s3() as s3:
        settings = s3.settings(Settings(data_dir=root / "shell", database_url=url))
        boxes = [settings.model_copy(update={"data_dir": root / name}) for name in ("box-1", "box-2")]
        environment = {"GUIDE_HQ_LOGIN_PER_ADDRESS_BURST": "1000", **s3.environment(settings)}
        with _serve_at_once(boxes, environment) as (first, second):
            fixture = seed(settings)
            fixture.ids.update(run_with_database(settings, _add_own_guides))
            yield TwoHq(first=first, second=second, org=fixture, settings=settings, s3=s3)
            for live in (first, second):
                assert "Traceback" not in live.log(), live.log()


def _assert_both_served(transport: AlternatingTransport) -> None:
    """Both processes answered, in turn (never two in a row at one)."""
    assert len(transport.served) == 2, transport.served
    low, high = sorted(transport.served.values())
    assert low >= 1 and high - low <= 1, transport.served


# --------------------------------------------------------------------------- starting


async def _schema_revision(database: Database) -> str:
    async with database.reading() as session:
        return str((await session.execute(text("SELECT version_num FROM alembic_version"))).scalar_one())


def test_two_hqs_started_at_once_on_a_new_database_both_migrate_it_and_serve(two_hq: TwoHq) -> None:
    """Every `guide-hq serve` migrates at its start; the pair was started together on a new
    database and both must be up (the second used to fail, its tables already made by the first)."""
    for live in (two_hq.first, two_hq.second):
        assert live.process.poll() is None, live.log()
        assert httpx.get(f"{live.base_url}/healthz", timeout=30).status_code == 200
    head = ScriptDirectory.from_config(alembic_config(two_hq.settings)).get_current_head()
    assert run_with_database(two_hq.settings, _schema_revision) == head


# --------------------------------------------------------------------------- sign-in


def test_a_sign_in_on_one_hq_is_valid_on_the_other_and_a_sign_out_on_one_ends_it_on_both(
    two_hq: TwoHq,
) -> None:
    async def scenario() -> None:
        client, transport = two_hq.alternating()
        other_pc, _ = two_hq.alternating()
        async with client, other_pc:
            signed_in_at = transport.next_port()
            signed = await client.login(SIGN_IN_GUIDE, PASSWORD)
            me = await client.get("/me", AccountPublic)  # the other HQ knows the token
            assert me.login == SIGN_IN_GUIDE
            assert isinstance(await client.changes(0, 10), ChangesPage)
            await other_pc.login(SIGN_IN_GUIDE, PASSWORD)  # the same guide on a second PC

            signed_out_at = transport.next_port()
            await client.logout()
            assert signed_out_at != signed_in_at
            client.token = signed.token  # the app dropped it; the same token tried again
            for _ in range(2):  # both HQs refuse it at once (401: sign in again)
                with pytest.raises(SignInNeeded):
                    await client.get("/me", AccountPublic)
            for _ in range(2):  # the other PC's sign-in is its own and stays valid on both
                assert (await other_pc.get("/me", AccountPublic)).login == SIGN_IN_GUIDE
        _assert_both_served(transport)

    asyncio.run(scenario())


# --------------------------------------------------------------------------- lockout


async def _sign_in_refusal(client: HqClient, login: str, password: str) -> HqRefused:
    with pytest.raises(HqRefused) as refused:
        await client.login(login, password)
    return refused.value


def test_failed_sign_ins_on_both_hqs_count_toward_one_lockout_that_both_keep(two_hq: TwoHq) -> None:
    async def scenario() -> None:
        client, transport = two_hq.alternating()
        async with client:
            wrong_at = set()
            for _ in range(MAX_FAILURES - 1):
                wrong_at.add(transport.next_port())
                refusal = await _sign_in_refusal(client, LOCKOUT_GUIDE, WRONG_PASSWORD)
                assert refusal.code is ErrorCode.wrong_password
            assert len(wrong_at) == 2  # the failures alternated between the processes
            locking = await _sign_in_refusal(client, LOCKOUT_GUIDE, WRONG_PASSWORD)
            assert locking.code is ErrorCode.account_locked  # the MAX_FAILURES-th, counted over both
            for _ in range(2):  # the right password is refused while locked, by either HQ
                refusal = await _sign_in_refusal(client, LOCKOUT_GUIDE, PASSWORD)
                assert refusal.code is ErrorCode.account_locked
                assert refusal.details["retry_after"] > 0
        _assert_both_served(transport)

    asyncio.run(scenario())


def test_parallel_guesses_on_both_hqs_get_no_more_tries_than_one_hq_gives(two_hq: TwoHq) -> None:
    async def scenario() -> None:
        client, transport = two_hq.alternating()
        async with client:
            guesses = [
                _sign_in_refusal(client, PARALLEL_LOCKOUT_GUIDE, WRONG_PASSWORD)
                for _ in range(2 * MAX_FAILURES)
            ]
            refusals = await asyncio.gather(*guesses)
            codes = [refusal.code for refusal in refusals]
            # Each attempt is counted in one statement before its password is checked: across
            # processes as within one, only the tries before the lock are checked at all.
            assert codes.count(ErrorCode.wrong_password) == MAX_FAILURES - 1, codes
            assert codes.count(ErrorCode.account_locked) == MAX_FAILURES + 1, codes
            refusal = await _sign_in_refusal(client, PARALLEL_LOCKOUT_GUIDE, PASSWORD)
            assert refusal.code is ErrorCode.account_locked
        _assert_both_served(transport)

    asyncio.run(scenario())


# --------------------------------------------------------------------------- push


def _order_nos(prefix: str, amounts: list[int]) -> list[tuple[str, int]]:
    return [(f"{prefix}-{number}", amount) for number, amount in enumerate(amounts)]


def _sales(prefix: str, amounts: list[int]) -> list[dict[str, Any]]:
    """Sales recorded an hour ago, as the outbox sends them."""
    sold_at = datetime.now(UTC) - timedelta(hours=1)
    return [sale_event(order_no, amount, sold_at=sold_at) for order_no, amount in _order_nos(prefix, amounts)]


async def _hq_sales(client: HqClient, prefix: str) -> list[SalePublic]:
    """The sales HQ's operator sees under this prefix, read page by page."""
    found: list[SalePublic] = []
    offset = 0
    while True:
        page = await client.get_list("/sales", SalePublic, params={"offset": offset, "limit": 1000})
        found += [sale for sale in page if sale.order_no.startswith(prefix)]
        offset += len(page)
        if len(page) < 1000:
            return found


def test_a_push_accepted_by_one_hq_is_a_duplicate_at_the_other_and_hq_counts_each_sale_once(
    two_hq: TwoHq,
) -> None:
    replayed = _sales("TWO-HQ-REPLAY", REPLAYED)
    raced = _sales("TWO-HQ-RACE", RACED)

    async def scenario() -> None:
        client, transport = two_hq.alternating()
        operator, _ = two_hq.alternating()
        async with client, operator:
            await client.login(PUSH_GUIDE, PASSWORD)
            first = await client.push(replayed)
            assert [result.status for result in first.results] == [PushStatus.accepted] * len(replayed)
            again = await client.push(replayed)  # the answer was lost; the outbox sends it again
            assert [result.status for result in again.results] == [PushStatus.duplicate] * len(replayed)

            # Two PCs' retries arriving at both HQs at the same moment: each sale is taken once.
            both = await asyncio.gather(client.push(raced), client.push(raced))
            for index in range(len(raced)):
                statuses = sorted(answer.results[index].status for answer in both)
                assert statuses == sorted([PushStatus.accepted, PushStatus.duplicate])

            await operator.login(two_hq.org.admin, PASSWORD)
            for prefix, amounts in (("TWO-HQ-REPLAY", REPLAYED), ("TWO-HQ-RACE", RACED)):
                counted = await _hq_sales(operator, f"{prefix}-")
                assert sorted((sale.order_no, sale.amount_fen) for sale in counted) == _order_nos(
                    prefix, amounts
                )
        _assert_both_served(transport)

    asyncio.run(scenario())


def test_one_order_claimed_by_two_guides_at_once_at_both_hqs_is_counted_once_and_disputed(
    two_hq: TwoHq,
) -> None:
    async def scenario() -> None:
        tokens = [(await _sign_in_alone(two_hq.first, login)).token for login in SAME_ORDER_GUIDES]
        # Each guide's push goes to another HQ: the two claims race in two processes.
        guides = [two_hq.alternating(token, start=number) for number, token in enumerate(tokens)]
        operator, _ = two_hq.alternating()
        async with guides[0][0], guides[1][0], operator:
            claims = [_sales("TWO-HQ-BOTH", CLAIMED_BY_BOTH) for _ in guides]
            answers = await asyncio.gather(
                *(guide.push(claim) for (guide, _), claim in zip(guides, claims, strict=True))
            )
            await operator.login(two_hq.org.admin, PASSWORD)
            counted = {sale.order_no: sale for sale in await _hq_sales(operator, "TWO-HQ-BOTH-")}
        assert sorted((order_no, sale.amount_fen) for order_no, sale in counted.items()) == _order_nos(
            "TWO-HQ-BOTH", CLAIMED_BY_BOTH
        )
        ids = [two_hq.org.ids[login] for login in SAME_ORDER_GUIDES]
        for index, (order_no, _) in enumerate(_order_nos("TWO-HQ-BOTH", CLAIMED_BY_BOTH)):
            results = [answer.results[index] for answer in answers]
            assert [result.status for result in results] == [PushStatus.accepted] * 2
            flagged = [PushFlag.order_disputed in result.flags for result in results]
            assert sorted(flagged) == [False, True], results  # one claim counts, the other waits
            assert counted[order_no].guide_id == ids[flagged.index(False)]
            assert counted[order_no].disputed  # for the manager to settle
        ports = {transport.served.most_common(1)[0][0] for _, transport in guides}
        assert len(ports) == 2

    asyncio.run(scenario())


# --------------------------------------------------------------------------- feed


async def _publish(client: HqClient, publisher: str) -> list[str]:
    """Script items published one by one, as an operator at one HQ does; their ids in order."""
    ids: list[str] = []
    for number in range(ITEMS_PER_PUBLISHER):
        item = ContentCreate(
            kind=ContentKind.script,
            title=f"{publisher} 话术 {number}",
            body="本周会员日全场9折，欢迎到店试穿～",
        )
        published = await client.send("POST", "/content", ContentPublic, body=item)
        assert published is not None
        ids.append(str(published.id))
    return ids


async def _read_feed(client: HqClient, publishing: asyncio.Event | None, limit: int) -> list[Change]:
    """Every change from cursor 0, page by page, until a page asked after the publishers finished
    says there is no more. Each page must start after the cursor and go up in seq."""
    changes: list[Change] = []
    cursor = 0
    while True:
        finished = publishing is None or publishing.is_set()  # before the request goes out
        page = await client.changes(cursor, limit)
        seqs = [change.seq for change in page.changes]
        assert seqs == sorted(set(seqs)) and all(seq > cursor for seq in seqs), (cursor, seqs)
        changes += page.changes
        cursor = page.next_cursor
        if not page.has_more:
            if finished:
                return changes
            await asyncio.sleep(0.005)  # caught up with the publishers: let them write a little


def _content_changes(changes: list[Change], ids: set[str]) -> list[tuple[int, str, str, str]]:
    """(seq, entity, id, op) of the changes about these content items, in feed order."""
    return [
        (change.seq, change.entity.value, change.id, change.op.value)
        for change in changes
        if change.id in ids
    ]


def _assert_whole_feed(read: list[Change], published: set[str], held_by_admin: list[Change]) -> None:
    """Every published item once, in increasing seq, as HQ's operator's feed holds them."""
    seqs = [change.seq for change in read]
    assert seqs == sorted(set(seqs))  # across pages and processes: in order, none twice
    mine = _content_changes(read, published)
    skipped = published - {change_id for _, _, change_id, _ in mine}
    assert not skipped, f"the guide's feed skipped {len(skipped)} of {len(published)} items"
    assert len(mine) == len(published) and {(entity, op) for _, entity, _, op in mine} == {
        ("content", "upsert")
    }
    assert mine == _content_changes(held_by_admin, published)


async def _publish_from_both(two_hq: TwoHq, admin_token: str) -> list[list[str]]:
    """PUBLISHERS_PER_HQ operators at each HQ publishing at once; each one's item ids."""
    at_first = HqClient(two_hq.first.base_url, admin_token, retry=ONE_TRY)
    at_second = HqClient(two_hq.second.base_url, admin_token, retry=ONE_TRY)
    async with at_first, at_second:
        return await asyncio.gather(
            *(
                _publish(hq, f"{name}{number}")
                for hq, name in ((at_first, "一号总部"), (at_second, "二号总部"))
                for number in range(PUBLISHERS_PER_HQ)
            )
        )


def test_the_feed_read_across_both_hqs_while_both_publish_skips_and_repeats_nothing(two_hq: TwoHq) -> None:
    async def scenario() -> None:
        admin_token = (await _sign_in_alone(two_hq.first, two_hq.org.admin)).token
        readers = [two_hq.alternating() for _ in FEED_GUIDES]  # two PCs, each alternating
        admin, _ = two_hq.alternating(admin_token)
        publishing = asyncio.Event()
        async with readers[0][0], readers[1][0], admin:
            for (reader, _), login in zip(readers, FEED_GUIDES, strict=True):
                await reader.login(login, PASSWORD)
            reading = [
                asyncio.create_task(_read_feed(reader, publishing, FEED_PAGE)) for reader, _ in readers
            ]
            try:
                by_publisher = await _publish_from_both(two_hq, admin_token)
            finally:
                publishing.set()
            read_by_guides = await asyncio.gather(*reading)
            published = {item for ids in by_publisher for item in ids}
            assert len(published) == 2 * PUBLISHERS_PER_HQ * ITEMS_PER_PUBLISHER
            held_by_admin = await _read_feed(admin, None, 500)
            for read in read_by_guides:
                _assert_whole_feed(read, published, held_by_admin)
            # Nothing else a guide may see was skipped either: one quiet read gives the same.
            assert await _read_feed(readers[0][0], None, 500) == read_by_guides[0]
        # The processes' commits alternated in the feed: the case where a reader already past a
        # seq could miss a lower one committed late.
        first_ids = {item for ids in by_publisher[:PUBLISHERS_PER_HQ] for item in ids}
        order = [change_id in first_ids for _, _, change_id, _ in _content_changes(held_by_admin, published)]
        assert sum(a != b for a, b in itertools.pairwise(order)) > 1
        for _, transport in readers:
            _assert_both_served(transport)

    asyncio.run(scenario())


# --------------------------------------------------------------------------- assets


def _publish_video(base_url: str, token: str) -> str:
    """HQ's operator uploads a video and publishes it, at one HQ; the file's sha256."""
    admin = {"Authorization": f"Bearer {token}"}
    upload = httpx.post(
        f"{base_url}/api/v1/assets", content=VIDEO, headers={**admin, "X-Filename": "promo.mp4"}, timeout=60
    )
    assert upload.status_code == 201, upload.text
    sha256 = str(upload.json()["sha256"])
    item = {"kind": "video", "title": "冬季新品", "asset_sha256": sha256}
    assert httpx.post(f"{base_url}/api/v1/content", json=item, headers=admin, timeout=30).status_code == 201
    return sha256


def _first_part(base_url: str, token: str, sha256: str, partial: Path) -> None:
    """The start of the file from one HQ, as a download the shop's line broke off leaves it."""
    answer = httpx.get(
        f"{base_url}/api/v1/assets/{sha256}",
        headers={"Authorization": f"Bearer {token}", "Range": f"bytes=0-{FIRST_PART - 1}"},
        timeout=60,
    )
    assert answer.status_code == 206, answer.text
    partial.parent.mkdir(parents=True)
    partial.write_bytes(answer.content)


def test_a_file_uploaded_through_one_hq_downloads_and_resumes_through_the_other(
    two_hq: TwoHq, tmp_path: Path
) -> None:
    async def scenario() -> tuple[str, Path, list[int]]:
        admin_token = (await _sign_in_alone(two_hq.first, two_hq.org.admin)).token
        sha256 = await asyncio.to_thread(_publish_video, two_hq.first.base_url, admin_token)
        target = tmp_path / "pc" / sha256
        guide_token = (await _sign_in_alone(two_hq.first, two_hq.org.guide_e1)).token
        # The first HQ sent the first megabyte before the line broke; the second sends the rest.
        await asyncio.to_thread(
            _first_part, two_hq.first.base_url, guide_token, sha256, target.with_suffix(".part")
        )
        progress: list[int] = []
        async with HqClient(two_hq.second.base_url, guide_token, retry=ONE_TRY) as client:
            await client.download(sha256, target, len(VIDEO), lambda done, _total: progress.append(done))
        return sha256, target, progress

    sha256, target, progress = asyncio.run(scenario())
    assert target.read_bytes() == VIDEO
    assert progress[0] > FIRST_PART  # resumed after the first megabyte, not sent again
    assert hashlib.sha256(target.read_bytes()).hexdigest() == sha256
    # The file is in the bucket only: neither box keeps a copy in its own data folder.
    assert two_hq.s3.keys(two_hq.settings.s3_bucket) == [f"assets/{sha256[:2]}/{sha256}"]
    for live in (two_hq.first, two_hq.second):
        assert not list(live.log_path.parent.rglob(f"{sha256}*"))


# --------------------------------------------------------------------------- client versions


def _hq_command(settings: Settings, *arguments: str) -> list[str]:
    """`guide-hq …` as typed on HQ's server against these settings' database."""
    assert settings.database_url is not None
    where = ["--data-dir", str(settings.data_dir), "--database-url", settings.database_url]
    return [sys.executable, "-m", "hq.cli", *arguments, *where]


def _shell_environment() -> dict[str, str]:
    return {key: value for key, value in os.environ.items() if not key.startswith("GUIDE_HQ_")}


def _set_minimum_from_shell(settings: Settings, minimum: str) -> None:
    """The operator's command on HQ's server: a process of its own, the same database."""
    command = _hq_command(settings, "client-versions", "set", "--minimum", minimum)
    done = subprocess.run(command, env=_shell_environment(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_new_minimum_release_reaches_both_hqs_within_their_refresh_and_both_refuse_older_apps(
    two_hq: TwoHq,
) -> None:
    async def scenario() -> None:
        client, transport = two_hq.alternating()
        async with client:
            for _ in range(2):  # each process reads the policy now: its copy is fresh from here
                assert (await client.client_versions()).minimum == "0.0.0"
            await asyncio.to_thread(_set_minimum_from_shell, two_hq.settings, VERSION)
            changed = time.monotonic()
            taken: set[int] = set()
            while len(taken) < 2:
                # The command takes effect on every process within POLICY_FRESH_SECONDS (it says
                # so); the margin is for a loaded machine, not for a slower refresh.
                assert time.monotonic() - changed < POLICY_FRESH_SECONDS + 3, taken
                port = transport.next_port()
                minimum = (await client.client_versions()).minimum
                assert port not in taken or minimum == VERSION  # no process goes back to the old
                if minimum == VERSION:
                    taken.add(port)
                else:
                    await asyncio.sleep(0.1)
        _assert_both_served(transport)

    asyncio.run(scenario())

    async def older_app() -> None:
        token = (await _sign_in_alone(two_hq.first, OLD_APP_GUIDE)).token
        old, transport = two_hq.alternating(token, version="0.0.9")
        current, _ = two_hq.alternating(token)
        async with old, current:
            for _ in range(2):
                with pytest.raises(ClientTooOld) as refused:
                    await old.changes(0, 10)
                assert refused.value.details["minimum"] == VERSION
            assert isinstance(await current.changes(0, 10), ChangesPage)
        _assert_both_served(transport)

    asyncio.run(older_app())
