"""`python -m tests.bench.window_start ours|bare|bare-same BOOK`: one cold start, up to the first paint.

A child of `tests.bench.window`, which times it from just before the spawn. It prints one line
`painted <time.monotonic()>` (CLOCK_MONOTONIC is one clock for every process on the machine, so
the parent can subtract its own reading) and exits.

"Painted" is the moment the table's rows have been drawn into the window's backing store and it has
been flushed: an event filter sees the table viewport's Paint event with rows in the model, and a
zero-time timer queued from it fires once that paint pass (paint of every dirty widget, then the
flush) has returned to the event loop. Under the offscreen platform the flush copies into the
platform's image, which is the screen there; catching the Expose event or a timer right after
`show()` would stop before anything was drawn, and ours has no rows then at all (its first page
comes from a worker thread).

`ours` is what `guide-app` imports and builds after sign-in, as `Desk._book_opened` does (the book
opened, Ops, SyncRunner made but not started, MainWindow, show), showing the Customers page: the
window opens on Today, so the Customers list is selected before `show()` and its first page is
the paint waited for. It also prints `libraries a,b,…`: the third-party packages loaded by then.

`bare` is a PySide6 QMainWindow with a QTableView over a QAbstractTableModel holding every row of
the same book, read with stdlib sqlite3. `bare-same` is `bare` after importing STARTUP_LIBRARIES,
the libraries the app needs before its first paint (the book is SQLModel tables; orjson is its
JSON codec; platformdirs finds its folder): the limit the issue sets, "a bare PySide6 window with
a 50k-row table and the same imports". The parent refuses a run in which `ours` loaded a library
outside that list, so the limit always imports at least what ours did.
"""

from __future__ import annotations

import sys
import time

MODES = ("ours", "ours-daily", "bare", "bare-same")
#: Third-party packages the app may load before its first window paints (besides PySide6 and
#: what these pull in); everything else (httpx, openpyxl, keyring, argon2, pypinyin…) is imported
#: when first used. tests/ui/test_startup_imports.py holds the app to it.
STARTUP_LIBRARIES = ("sqlmodel", "orjson", "platformdirs")


def paint_waiter(viewport: object, has_rows: object, done: object) -> object:
    """An event filter calling `done()` once `viewport` has painted while `has_rows()` is true."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    class PaintWaiter(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.fired = False

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if not self.fired and event.type() == QEvent.Type.Paint and has_rows():  # type: ignore[operator]
                self.fired = True
                QTimer.singleShot(0, done)  # type: ignore[arg-type]
            return False

    waiter = PaintWaiter()
    viewport.installEventFilter(waiter)  # type: ignore[attr-defined]
    return waiter


def report_and_quit() -> None:
    from PySide6.QtWidgets import QApplication

    print(f"painted {time.monotonic()!r}", flush=True)
    print(f"libraries {','.join(third_party_loaded())}", flush=True)
    QApplication.instance().quit()  # type: ignore[union-attr]


def third_party_loaded() -> list[str]:
    """Top-level packages in sys.modules that are neither the standard library nor ours."""
    ours = {"guide_app", "ui", "tests", "hq"}
    tops = {name.split(".")[0] for name in sys.modules}
    return sorted(
        top
        for top in tops
        if top not in sys.stdlib_module_names and top not in ours and not top.startswith("_")
    )


def run_ours(book_path: str, daily: bool = False) -> int:
    import os
    import tempfile
    from pathlib import Path

    # The app's data folder (remembered logins, tokens) is this run's own, gone when it ends.
    data = tempfile.TemporaryDirectory(prefix="guide-window-start-")
    os.environ["GUIDE_APP_DATA_DIR"] = data.name
    import ui.app  # noqa: F401  (everything `guide-app` imports before its first window)
    from guide_app.account.accounts import GuideAccount
    from guide_app.book.store import open_book
    from ui.look import make_application
    from ui.main_window import MainWindow
    from ui.ops import Ops
    from ui.sync_runner import SyncRunner

    app = make_application("zh_CN")
    account = GuideAccount(hq_url="http://127.0.0.1:9", login="bench")
    # `ours-daily` is the day's first start: the full integrity check and the backup are due (the
    # parent removed the book's backups); `ours` every later start that day.
    book = open_book(Path(book_path), take_backup=daily)
    ops = Ops(book, app)
    runner = SyncRunner(ops, account, app)
    window = MainWindow(ops, account, "导购", runner)
    window.show_page(1)
    model = window.customers.model
    waiter = paint_waiter(window.customers.table.viewport(), lambda: model.rowCount() > 0, report_and_quit)
    window.show()
    code = app.exec()
    del waiter
    ops.shutdown(wait=True)
    book.close()
    data.cleanup()
    return code


def run_bare(book_path: str, same_imports: bool) -> int:
    if same_imports:
        import importlib

        for library in STARTUP_LIBRARIES:
            importlib.import_module(library)
    import sqlite3

    from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
    from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

    class Rows(QAbstractTableModel):
        def __init__(self, rows: list[tuple[object, ...]]) -> None:
            super().__init__()
            self.rows = rows

        def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
            return 0 if parent.isValid() else len(self.rows)

        def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
            return 0 if parent.isValid() else 8

        def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
            if role == Qt.ItemDataRole.DisplayRole:
                value = self.rows[index.row()][index.column()]
                return "" if value is None else str(value)
            return None

    app = QApplication(sys.argv[:1])
    with sqlite3.connect(book_path) as connection:
        rows = connection.execute(
            "SELECT name, phone, wecom_remark, lifecycle_stage, rfm_segment, added_at, "
            "last_purchase_at, monetary_fen FROM customer WHERE deleted_at IS NULL ORDER BY name_pinyin"
        ).fetchall()
    model = Rows(rows)
    window = QMainWindow()
    table = QTableView(window)
    table.setModel(model)
    window.setCentralWidget(table)
    window.resize(1366, 768)
    waiter = paint_waiter(table.viewport(), lambda: model.rowCount() > 0, report_and_quit)
    window.show()
    code = app.exec()
    del waiter
    return code


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in MODES:
        print(f"usage: python -m tests.bench.window_start {'|'.join(MODES)} BOOK", file=sys.stderr)
        return 2
    mode, book_path = argv
    if mode in ("ours", "ours-daily"):
        return run_ours(book_path, daily=mode == "ours-daily")
    return run_bare(book_path, same_imports=mode == "bare-same")


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
