"""`guide-app --screenshot PATH --view NAME`: one view rendered offscreen over a demo book, saved as PNG.

The views need a book with believable data. One is kept in the user's cache folder; when there is
none, a throw-away demo HQ is started (`guide-hq demo` and `guide-hq serve` as processes: the
desktop never imports HQ's code), `guide-app demo` gives one demo guide a small book and syncs it,
and HQ is stopped again. Later screenshots reuse that book and take a few seconds.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_cache_dir
from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from guide_app.account import offline
from guide_app.account.accounts import GuideAccount
from guide_app.errors import GuideError
from ui.ops import Ops

SCREEN = (1366, 768)  # the store PC's screen: every view must fit it
DEMO_LOGIN = "sh001.wang"
# A guide of the same store who claims one of DEMO_LOGIN's orders, so the Sales view has a dispute.
DEMO_RIVAL = "sh001.zeng"
DEMO_CUSTOMERS = 300  # enough to fill every list; made in ~10 s
HQ_START_SECONDS = 60.0
SETTLE_SECONDS = 30.0  # the longest a view may take to show its data before the picture is taken
QUIET_MS = 400  # no call running for this long: the view has shown what it read
_MARKER = "demo-book.json"
# Raised when the demo book needs something an older cached one lacks (figures, a dispute, the
# demo HQ's own data kept for the workspaces' pictures).
DEMO_BOOK_VERSION = 4
# The demo's regional manager of the demo guide's region, and its HQ operator (hq/demo/chain.py;
# the desktop never imports HQ's code), with the demo's one password.
WORKSPACE_LOGINS = {"manager": "mgr.huadong", "hq": "hq.yunying"}
DEMO_PASSWORD = "demo-2026"
WORKSPACE_FIRST_PAGE = "team"
PANEL_SIZE = (340, 728)  # the side panel as it stands at the screen's right edge


def cache_folder() -> Path:
    """Where the screenshots' demo book lives (GUIDE_DESK_SCREENSHOT_CACHE overrides it)."""
    override = os.environ.get("GUIDE_DESK_SCREENSHOT_CACHE")
    return Path(override) if override else Path(user_cache_dir("guide-desk", appauthor=False)) / "screenshots"


class ViewFailed(RuntimeError):
    """The view could not show its data; the message says what failed."""


@dataclass(frozen=True)
class DemoBook:
    """The cached demo book: the (stopped) HQ it was made against, and whose book it is."""

    hq_url: str
    login: str
    display_name: str

    @property
    def account(self) -> GuideAccount:
        return GuideAccount(self.hq_url, self.login)


def take_screenshot(app: QApplication, view: str, path: str) -> int:
    """Render `view` (sign-in, a page of the window, or the side panel) into the PNG at `path`;
    0 when it was saved."""
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if view == "sign-in":
            saved = _sign_in_picture(app, target)
        elif view == "panel":
            saved = _panel_picture(app, _demo_book(), target)
        elif view in WORKSPACE_LOGINS:
            _demo_book()  # the demo HQ's data, with the demo guides' sales and statistics in it
            saved = _workspace_picture(app, WORKSPACE_LOGINS[view], target)
        else:
            saved = _window_picture(app, view, _demo_book(), target)
    except (OSError, RuntimeError, subprocess.SubprocessError, GuideError) as error:
        print(f"guide-app: no screenshot of {view}: {error}", file=sys.stderr)
        return 1
    if not saved:
        print(f"guide-app: could not write {target}", file=sys.stderr)
        return 1
    print(f"screenshot of {view}: {target}")
    return 0


# --------------------------------------------------------------------------- the pictures


def _grab(app: QApplication, widget: QWidget, target: Path, ops: list[Ops]) -> bool:
    """Show the widget (to Qt only), let its reads answer, and save what it draws. A call that
    failed meanwhile raises ViewFailed: a picture of a broken view must not pass for a good one."""
    failures: list[BaseException] = []
    for each in ops:
        each.failed.connect(failures.append)
    widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)  # shown for Qt, never on a screen
    widget.show()
    _settle(app, ops)
    if failures:
        raise ViewFailed(f"a read of the view failed: {failures[0]!r}")
    return bool(widget.grab().save(str(target), "PNG"))


def _sign_in_picture(app: QApplication, target: Path) -> bool:
    from ui.dialogs.sign_in import SignInDialog  # only this view needs it

    _use_cache_as_data_root()  # the logins it offers are the demo's, not this PC's
    dialog = SignInDialog(hq="http://127.0.0.1:8710", login=DEMO_LOGIN)
    return _grab(app, dialog, target, [])


def _window_picture(app: QApplication, view: str, demo: DemoBook, target: Path) -> bool:
    from ui.main_window import MainWindow, Page
    from ui.sync_runner import SyncRunner

    _use_cache_as_data_root()
    book = demo.account.open_book()
    ops = Ops(book)
    # A runner that is never started: the picture shows the book as it is, without HQ.
    runner = SyncRunner(ops, demo.account)
    window = MainWindow(ops, demo.account, demo.display_name, runner)
    try:
        window.resize(*SCREEN)
        window.show_page(Page[view])
        return _grab(app, window, target, [ops])
    finally:
        window.close()
        ops.shutdown(wait=True)
        book.close()


def _workspace_picture(app: QApplication, login: str, target: Path) -> bool:
    """A manager's or HQ operator's workspace over the demo HQ, served again from its kept data."""
    import asyncio

    from guide_app.account.accounts import sign_in
    from guide_app.workspace.session import Workspace
    from ui.workspace.window import WorkspaceWindow

    with _demo_hq(_hq_folder(), seed=False) as hq_url:
        account = GuideAccount(hq_url, login)
        me = asyncio.run(sign_in(account, DEMO_PASSWORD, workspace=True))
        ops = Ops(None)
        window = WorkspaceWindow(ops, Workspace(account, me))
        try:
            window.resize(*SCREEN)
            window.show_page(WORKSPACE_FIRST_PAGE)
            return _grab(app, window, target, [ops])
        finally:
            window.close()
            ops.shutdown(wait=True)


def _panel_picture(app: QApplication, demo: DemoBook, target: Path) -> bool:
    """The side panel showing a dormant customer (the stage HQ's wake-up scripts suit)."""
    from guide_app.book.search import CustomerQuery, SortKey
    from guide_app.calls.customers import CustomerPage, find_customers
    from ui.side_panel import SidePanel

    _use_cache_as_data_root()
    book = demo.account.open_book()
    ops = Ops(book)
    panel = SidePanel(ops)
    try:
        panel.resize(*PANEL_SIZE)
        query = CustomerQuery(stages=["dormant"], sort=SortKey.last_contact, limit=1)
        found: list[CustomerPage] = []
        ops.query(lambda book: find_customers(book, query, with_total=False), found.append)
        _settle(app, [ops])
        if not found or not found[0].rows:
            raise ViewFailed("the demo book has no dormant customer to show in the panel")
        panel.pick(found[0].rows[0].id)
        return _grab(app, panel, target, [ops])
    finally:
        panel.close()
        ops.shutdown(wait=True)
        book.close()


def _settle(app: QApplication, ops: list[Ops]) -> None:
    """Run the event loop until no call has been running for QUIET_MS (views read lazily, and
    some wait on a short timer before they read), or SETTLE_SECONDS have passed."""
    deadline = time.monotonic() + SETTLE_SECONDS
    quiet_since = time.monotonic()
    loop = QEventLoop()
    ticker = QTimer()
    ticker.setInterval(25)

    def look() -> None:
        nonlocal quiet_since
        now = time.monotonic()
        modal = QApplication.activeModalWidget()
        if modal is not None:  # a failure's message box would wait for a click that never comes
            modal.close()
        if any(each.busy for each in ops):
            quiet_since = now
        if now - quiet_since >= QUIET_MS / 1000 or now >= deadline:
            loop.quit()

    ticker.timeout.connect(look)
    ticker.start()
    loop.exec()
    ticker.stop()
    app.processEvents()


# --------------------------------------------------------------------------- the demo book


def _use_cache_as_data_root() -> None:
    """Books and sign-ins of screenshots stay in the cache, away from the guide's own."""
    os.environ["GUIDE_APP_DATA_DIR"] = str(cache_folder() / "app")


def _demo_book() -> DemoBook:
    """The cached demo book, made first when there is none."""
    marker = cache_folder() / _MARKER
    if marker.is_file():
        fields = json.loads(marker.read_text(encoding="utf-8"))
        demo = DemoBook(fields["hq_url"], fields["login"], fields["display_name"])
        _use_cache_as_data_root()
        if demo.account.book_path.is_file() and fields.get("version") == DEMO_BOOK_VERSION:
            return demo
    print("no demo book for screenshots yet: making one (a demo HQ runs for a minute)…", flush=True)
    demo = _make_demo_book()
    fields = {**demo.__dict__, "version": DEMO_BOOK_VERSION}
    marker.write_text(json.dumps(fields, ensure_ascii=False), encoding="utf-8")
    return demo


def _make_demo_book() -> DemoBook:
    cache = cache_folder()
    cache.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "GUIDE_APP_DATA_DIR": str(cache / "app"),
        # The throw-away HQ's token stays in the cache, never in the PC's keyring.
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    folder = _hq_folder()
    if folder.exists():
        shutil.rmtree(folder)  # an older demo HQ's data: the book is made anew against a new one
    folder.mkdir(parents=True)
    with _demo_hq(folder) as hq_url:
        command = [sys.executable, "-m", "guide_app.cli", "demo", "--hq", hq_url]
        command += ["--customers", str(DEMO_CUSTOMERS), "--guides", f"{DEMO_LOGIN},{DEMO_RIVAL}"]
        subprocess.run(command, env=environment, check=True, timeout=600)
    _use_cache_as_data_root()
    account = GuideAccount(hq_url, DEMO_LOGIN)
    known = offline.last_sign_in(account)
    return DemoBook(hq_url, DEMO_LOGIN, known.display_name if known is not None else DEMO_LOGIN)


def _hq_folder() -> Path:
    """The demo HQ's data, kept beside the book so the workspaces can be pictured over it."""
    return cache_folder() / "hq"


def _free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _demo_hq(data_dir: Path, seed: bool = True) -> Iterator[str]:
    """A demo HQ on a free loopback port for as long as the block runs, seeded first unless
    `seed` is False (its data is kept from an earlier run)."""
    hq = [sys.executable, "-m", "hq.cli"]
    if seed:
        command = [*hq, "demo", "--data-dir", str(data_dir)]
        subprocess.run(command, check=True, timeout=300, capture_output=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    serve = [*hq, "serve", "--data-dir", str(data_dir), "--host", "127.0.0.1", "--port", str(port)]
    with open(data_dir / "serve.log", "wb") as log:
        process = subprocess.Popen(serve, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_until_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_until_healthy(url: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + HQ_START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the demo HQ stopped at start (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"the demo HQ at {url} did not answer within {HQ_START_SECONDS:.0f} s")
