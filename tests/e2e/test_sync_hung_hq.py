"""An HQ that takes the connection and never answers: the guide hears why within the bound."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.book.store import open_book
from guide_app.errors import ErrorCode, GuideError
from guide_app.sync.client import ANSWER_WITHIN, HqClient, HqTimeout, Offline, RetryPolicy
from guide_app.sync.run import read_status, sync_once

pytestmark = pytest.mark.serial  # measures latency or memory: run alone (make test)


@asynccontextmanager
async def silent_hq() -> AsyncIterator[str]:
    """Accepts connections on 127.0.0.1, reads what comes, and never writes a byte back."""
    held: list[asyncio.StreamWriter] = []

    async def hold(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        held.append(writer)
        while await reader.read(65536):
            pass

    server = await asyncio.start_server(hold, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


def test_no_request_waits_longer_than_30_s_by_default() -> None:
    assert ANSWER_WITHIN <= 30
    assert inspect.signature(HqClient).parameters["timeout"].default <= 30


def test_a_sync_against_a_silent_hq_gives_up_in_time_and_says_why(tmp_path: Path) -> None:
    book = open_book(tmp_path / "book.sqlite3", take_backup=False)
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="李静"))
        record_sale(
            session, "HUNG-1", 19_900, [SaleLine(name="袜子", qty=1, unit_price_fen=19_900)], customer
        )

    async def scenario() -> tuple[HqTimeout, float]:
        async with silent_hq() as base_url:
            # Retries as in the field: the bound covers all of them together.
            client = HqClient(base_url, "token", timeout=0.5, retry=RetryPolicy(attempts=5, base_delay=0.2))
            started = time.monotonic()
            with pytest.raises(HqTimeout) as raised:
                await sync_once(book, client, tmp_path / "assets")
            elapsed = time.monotonic() - started
            await client.close()
        return raised.value, elapsed

    error, elapsed = asyncio.run(scenario())
    assert elapsed < 2.0
    assert isinstance(error, Offline) and error.code is ErrorCode.hq_timeout
    assert "did not answer within 0.5 s" in error.message and "127.0.0.1" in error.message
    with book.reading() as session:
        status = read_status(session)
    book.close()
    assert (status.error_code, status.pending_uploads) == ("hq_timeout", 1)
    assert status.error_message == error.message


def test_a_connection_reset_without_words_still_gives_a_reason() -> None:
    def reset(_request: httpx.Request) -> httpx.Response:
        raise httpx.RemoteProtocolError("")

    async def scenario() -> Offline:
        transport = httpx.MockTransport(reset)
        async with HqClient(
            "http://hq.test", "token", retry=RetryPolicy(attempts=1), transport=transport
        ) as client:
            with pytest.raises(Offline) as raised:
                await client.changes(0, 10)
        return raised.value

    error = asyncio.run(scenario())
    assert error.message.strip() and not error.message.rstrip().endswith(":")
    assert GuideError("   ").message.strip()
