"""Streaming an openpyxl write_only workbook: zip parts written as they exist, through a bounded pipe.

openpyxl's save() writes each write_only sheet to a temporary file and zips them all at the end, so
a download would show nothing until the last row was written. Here the zip is opened on the sink at
the start: the document properties go first, each sheet's XML is serialised by openpyxl's own
WorksheetWriter straight into its zip entry, and what must know every sheet (styles, workbook,
relationships, content types) goes last. A zip read from its central directory does not mind.
"""

from __future__ import annotations

import asyncio
import datetime
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager, suppress
from typing import Any, NoReturn, Protocol
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.packaging.extended import ExtendedProperties
from openpyxl.styles.stylesheet import write_stylesheet
from openpyxl.workbook._writer import WorkbookWriter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.writer.excel import ExcelWriter
from openpyxl.writer.theme import theme_xml
from openpyxl.xml.constants import (
    ARC_APP,
    ARC_CORE,
    ARC_ROOT_RELS,
    ARC_STYLE,
    ARC_THEME,
    ARC_WORKBOOK,
    ARC_WORKBOOK_RELS,
)
from openpyxl.xml.functions import tostring

CHUNK_BYTES = 64 * 1024
PIPE_CHUNKS = 4  # at most 256 KiB waits for a slow client; then the producer waits too
STOP_POLL_SECONDS = 0.25  # how soon a blocked producer notices that its client went away


class ByteSink(Protocol):
    """Where a streamed workbook goes: a file, or the pipe to a download (no seek needed)."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...


class SheetCancelled(Exception):
    """The reader went away (or the job was cancelled): the producer stops where it is."""


class StreamedWorkbook:
    """A write_only workbook whose parts go into a zip on `sink` as soon as each is complete."""

    def __init__(self, sink: ByteSink) -> None:
        self.workbook = Workbook(write_only=True)
        # A sink without seek() makes zipfile write each entry's sizes after its data.
        self.archive = ZipFile(sink, "w", ZIP_DEFLATED, allowZip64=True)
        self._writer = _SheetsAlreadyWritten(self.workbook, self.archive)

    def write_properties(self) -> None:
        """The parts that need no data, so the first bytes leave at once."""
        properties = self.workbook.properties
        properties.creator = "Guide Desk HQ"
        properties.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)
        self.archive.writestr(ARC_APP, tostring(ExtendedProperties().to_tree()))
        self.archive.writestr(ARC_CORE, tostring(properties.to_tree()))
        self.archive.writestr(ARC_THEME, theme_xml)

    def create_sheets(self, titles: list[str]) -> list[Any]:
        """All sheets up front: their order in the workbook, and their part names, are fixed now."""
        sheets = [self.workbook.create_sheet(title) for title in titles]
        for number, sheet in enumerate(sheets, 1):
            sheet._id = number
        return sheets

    @contextmanager
    def writing(self, sheet: Any, huge: bool = False) -> Iterator[Any]:
        """Append rows to `sheet` inside the block; its XML streams into its zip entry. Set column
        widths and frozen panes before entering, the autofilter and charts before leaving.

        `huge`: the sheet's XML may pass 2 GiB. Its size is not known when its entry starts, so
        zipfile must be told to use Zip64 then; not otherwise, as older Excel for Mac refuses it."""
        with self.archive.open(sheet.path[1:], "w", force_zip64=huge) as entry:
            sheet._writer = WorksheetWriter(sheet, out=entry)
            sheet._writer.write_top()
            yield sheet
            sheet.close()

    def finish(self) -> None:
        """The parts that depend on every sheet, then the zip's central directory."""
        self._writer.write_after_sheets()
        self.archive.close()


class _SheetsAlreadyWritten(ExcelWriter):
    """openpyxl's ExcelWriter, for sheets whose XML is already in the archive."""

    def write_worksheet(self, ws: Any) -> None:
        # ExcelWriter.write_worksheet without copying the sheet's temporary file into the archive.
        ws._drawing = _drawing_of(ws)
        ws._rels = ws._writer._rels
        self.manifest.append(ws)

    def write_after_sheets(self) -> None:
        """ExcelWriter.write_data from the worksheets on (the properties were written first)."""
        archive = self._archive
        self._write_worksheets()
        self._write_images()
        self._write_charts()
        archive.writestr(ARC_STYLE, tostring(write_stylesheet(self.workbook)))
        writer = WorkbookWriter(self.workbook)
        archive.writestr(ARC_ROOT_RELS, writer.write_root_rels())
        archive.writestr(ARC_WORKBOOK, writer.write())
        archive.writestr(ARC_WORKBOOK_RELS, writer.write_rels())
        self.manifest._write(archive, self.workbook)


def _drawing_of(ws: Any) -> Any:
    drawing = SpreadsheetDrawing()
    drawing.charts = ws._charts
    drawing.images = ws._images
    return drawing


# --------------------------------------------------------------------------- the pipe


class PipeSink:
    """The producer thread's file: bytes gathered into chunks and put on the loop's bounded queue.

    A full queue (the client reads slowly, or not at all) blocks the producer, checking every
    STOP_POLL_SECONDS whether the reader went away.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[bytes], stop: threading.Event):
        self._loop, self._queue, self._stop = loop, queue, stop
        self._buffer = bytearray()
        self._abandoned = False

    def abandon(self) -> None:
        """Drop whatever is still written (a failed producer's clean-up)."""
        self._abandoned = True

    def write(self, data: bytes, /) -> int:
        if not self._abandoned:
            self._buffer += data
            if len(self._buffer) >= CHUNK_BYTES:
                self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer and not self._abandoned:
            chunk, self._buffer = bytes(self._buffer), bytearray()
            self.call(self._queue.put(chunk))

    def close(self) -> None:
        """zipfile closes only a file it opened itself: nothing to do (the consumer ends the stream)."""

    def call(self, work: Any) -> Any:
        """Run a coroutine on the loop and wait for it, giving up if the reader went away."""
        return self.wait(self.submit(work))

    def submit(self, work: Any) -> Future[Any]:
        """Start a coroutine on the loop; `wait` for its result later."""
        if self._stop.is_set():
            work.close()
            self._give_up()
        return asyncio.run_coroutine_threadsafe(work, self._loop)

    def wait(self, future: Future[Any]) -> Any:
        while not self._stop.is_set():
            try:
                return future.result(timeout=STOP_POLL_SECONDS)
            except FutureTimeout:
                continue
        future.cancel()
        self._give_up()

    def _give_up(self) -> NoReturn:
        # From here the producer unwinds, and zipfile still writes its end record (even from
        # __del__): those bytes go nowhere instead of raising again where nobody catches it.
        self._abandoned = True
        raise SheetCancelled


_END = b""  # never a chunk: flush() sends only non-empty buffers


async def stream_from_thread(produce: Callable[[PipeSink], None], name: str) -> AsyncIterator[bytes]:
    """Run `produce` on a thread of its own and yield what it writes, until it returns.

    When the consumer stops early (the client disconnected, the task was cancelled), the thread is
    told to stop and ends by itself within STOP_POLL_SECONDS of its next write: nothing here awaits
    it, because a cancelled task may not await.
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue(maxsize=PIPE_CHUNKS)
    stop = threading.Event()
    sink = PipeSink(loop, queue, stop)
    failure: list[BaseException] = []

    def run() -> None:
        try:
            produce(sink)
            sink.flush()
        except SheetCancelled:
            return
        except BaseException as error:  # handed to the consumer, which raises it on the loop
            sink.abandon()
            failure.append(error)
        with suppress(SheetCancelled):
            sink.call(queue.put(_END))

    thread = threading.Thread(target=run, name=name, daemon=True)
    thread.start()
    try:
        while (chunk := await queue.get()) != _END:
            yield chunk
        if failure:
            raise failure[0]
    finally:
        stop.set()
