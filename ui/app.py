"""`guide-app`: the desktop app (QApplication on a qasync loop), or a command-line sub-command.

With no sub-command it opens the window: sign-in first, then the guide's main window over their
own book. `guide-app sign-in|sign-out|sync|book …` run the command line (guide_app/cli.py).

With a tray, closing the window keeps the app in the tray, where it reminds of due follow-ups and
today's tasks. `--minimized` (how the system starts it, see guide_app/autostart.py) starts there
with no window. A store PC is shared, so the tray never opens a book by itself: nobody is signed in
at start, and the tray's Open shows the sign-in. After a guide hid the window in the tray, opening
it again (from the tray or a reminder) asks for that guide's password once the PC's idle-lock time
has passed, as the idle lock would have if the window had stayed open.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import sys
import time
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from guide_app import settings
from guide_app.account.accounts import GuideAccount, sign_out
from guide_app.book.search import load_name_keys
from guide_app.book.store import Book
from guide_app.jobs import freeze_long_lived
from guide_app.protocol import Role
from guide_app.settings import Settings
from guide_app.version import VERSION
from guide_app.workspace.session import Workspace
from ui.dialogs.book_problem import open_book_or_ask
from ui.dialogs.customer_detail import CustomerDetailDialog
from ui.dialogs.lock import LockDialog
from ui.dialogs.sign_in import SignedIn, SignInDialog
from ui.i18n import LANGUAGES, install_translators
from ui.idle import IdleWatcher
from ui.look import app_title, make_application
from ui.main_window import MainWindow
from ui.ops import Ops
from ui.reminders import ReminderNotice, ReminderScheduler
from ui.side_panel import SidePanel
from ui.sync_runner import SyncRunner
from ui.tray import Tray
from ui.workspace.window import WorkspaceWindow

# The window's first paint is long done by then, and a guide has not yet started an import.
LOAD_NAME_KEYS_AFTER_MS = 1_000
VIEWS = ("sign-in", "today", "customers", "content", "sales", "performance", "panel", "manager", "hq")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="guide-app",
        description="Guide Desk (导购工作台): the store guide's desktop app. Run without a command to "
        "open the window; `guide-app COMMAND --help` for the command line (sign-in, sign-out, sync, "
        "book, demo).",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, help="language (default: this PC's setting, zh_CN on a new PC)"
    )
    parser.add_argument(
        "--minimized",
        action="store_true",
        help="start in the tray without a window (how the system starts it); the tray's Open signs in",
    )
    parser.add_argument("--hq", help="HQ address to offer at sign-in (default: the last one used here)")
    parser.add_argument("--login", help="login to offer at sign-in (default: the last one used here)")
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin and sign in with --hq and --login at once "
        "(`make demo` uses it; a password is never taken from the command line)",
    )
    parser.add_argument(
        "--screenshot",
        metavar="PATH",
        help="render --view offscreen into PATH (PNG) with demo data, and exit",
    )
    parser.add_argument("--view", choices=VIEWS, default="today", help="the view for --screenshot")
    parser.add_argument("--version", action="version", version=f"Guide Desk {VERSION}")
    return parser.parse_args(list(argv))


class Desk(QObject):
    """Who is signed in, and the window that goes with it: sign-in, the main window, lock, sign-out,
    the tray and its reminders, and the PC's settings applied as soon as they are saved."""

    def __init__(
        self,
        app: QApplication,
        hq: str | None = None,
        login: str | None = None,
        password: str | None = None,
        *,
        minimized: bool = False,
        chosen: Settings | None = None,
    ) -> None:
        super().__init__(app)
        self.app = app
        self._offer = (hq, login)
        self._password = password  # signs in once, at start; a later sign-in is typed
        self.settings = chosen if chosen is not None else settings.load()
        self.sign_in_dialog: SignInDialog | None = None
        self.window: MainWindow | None = None
        self.panel: SidePanel | None = None  # made at sign-in, shown when asked for
        self.ops: Ops | None = None
        self.runner: SyncRunner | None = None
        self.reminders: ReminderScheduler | None = None
        self.book: Book | None = None
        self.signed_in: SignedIn | None = None
        self.workspace: Workspace | None = None  # a manager or HQ operator signed in: no book
        self.workspace_window: WorkspaceWindow | None = None
        self.idle = IdleWatcher(app, lambda: self.settings.lock_after_minutes, self)
        self.idle.went_idle.connect(self.lock)
        self.tray = Tray(self)
        # Without a tray there is nowhere to wait: --minimized then opens the window as usual.
        self._in_tray = minimized and self.tray.available
        self._hidden_at: float | None = None  # when the window went to the tray (monotonic)
        self._told_about_tray = False
        self._connect_tray()

    def _connect_tray(self) -> None:
        self.tray.open_window.connect(self.show_front)
        self.tray.open_customer.connect(self.open_customer)
        self.tray.open_task.connect(self.open_task)
        self.tray.open_today.connect(self.open_today)
        self.tray.sync_now.connect(self._sync_now)
        self.tray.quit_requested.connect(self.quit)
        self.tray.open_panel.connect(self.show_panel)

    def start(self) -> None:
        self.show_sign_in(visible=not self._in_tray)

    def show_sign_in(self, visible: bool = True) -> None:
        hq, login = self._offer
        self.sign_in_dialog = SignInDialog(hq=hq, login=login)
        self.sign_in_dialog.signed_in.connect(self._signed_in)
        if visible:
            self.sign_in_dialog.show()
        if self._password:
            self.sign_in_dialog.sign_in_when_ready(self._password)
            self._password = None

    def _signed_in(self, signed_in: SignedIn) -> None:
        self.signed_in = signed_in
        if signed_in.me is not None and signed_in.role is not Role.guide:
            self._workspace_opened(Workspace(signed_in.account, signed_in.me))
            return
        dialog = self.sign_in_dialog
        give_up = dialog.book_not_opened if dialog is not None else None
        open_book_or_ask(signed_in.account, dialog, self._book_opened, on_give_up=give_up)

    def _close_sign_in(self) -> None:
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
            self.sign_in_dialog.deleteLater()
            self.sign_in_dialog = None

    def _workspace_opened(self, workspace: Workspace) -> None:
        """A manager or HQ operator: their workspace, with no book, no sync and no reminders. Left
        alone for the PC's lock time, it signs out (they keep no offline sign-in to unlock with)."""
        self._close_sign_in()
        self.workspace = workspace
        self.ops = Ops(None, self)
        self.workspace_window = self._make_workspace_window()
        self.workspace_window.show()
        self._in_tray = False
        self.idle.start()

    def _make_workspace_window(self) -> WorkspaceWindow:
        assert self.ops is not None and self.workspace is not None
        window = WorkspaceWindow(self.ops, self.workspace)
        window.sign_out_requested.connect(self.sign_out)
        window.updates_requested.connect(lambda: self.show_updates(window))
        window.about_requested.connect(lambda: self.show_about(window))
        window.installEventFilter(self)  # closing it quits: a workspace has nothing to do in the tray
        return window

    def _book_opened(self, book: Book) -> None:
        assert self.signed_in is not None
        self._close_sign_in()
        self.book = book
        self.ops = Ops(book, self)
        self.runner = SyncRunner(
            self.ops, self.signed_in.account, self, every_minutes=self.settings.sync_every_minutes
        )
        self.window = self._make_window()
        self.panel = self._make_panel()
        self.reminders = ReminderScheduler(self.ops, self.settings, self)
        self.reminders.reminded.connect(self._remind)
        self.tray.set_signed_in(True)
        if self._in_tray:
            self._in_tray = False  # the next sign-in is typed into a window and opens one
            self._hidden_at = time.monotonic()
        else:
            self.window.show()
            self.idle.start()
        self.runner.start()
        self.reminders.start()
        # What lived before the window is settled: later collections need not walk it (see jobs.py).
        gc.collect()
        freeze_long_lived()
        QTimer.singleShot(LOAD_NAME_KEYS_AFTER_MS, self, self._load_name_keys)

    def _load_name_keys(self) -> None:
        """pypinyin, once the window has painted: an import or a sync then never stops to load it
        (search.load_name_keys). Its dictionaries are frozen with the rest of the long-lived heap."""
        if self.ops is not None and self.book is not None:
            self.ops.run(load_name_keys, lambda _loaded: freeze_long_lived(), name="load pypinyin")

    def _make_panel(self) -> SidePanel:
        """The side panel over the open book; made again, like the window, for a new language."""
        assert self.ops is not None
        # No parent: a tool window owned by the main window would hide with it when minimised.
        panel = SidePanel(self.ops)
        panel.open_in_window.connect(self.open_customer)
        return panel

    def _make_window(self) -> MainWindow:
        """The main window over the open book; made again when the language changes."""
        assert self.ops is not None and self.runner is not None and self.signed_in is not None
        window = MainWindow(self.ops, self.signed_in.account, self.signed_in.display_name, self.runner)
        window.sign_out_requested.connect(self.sign_out)
        window.lock_requested.connect(self.lock)
        window.panel_requested.connect(self.show_panel)
        window.pc_settings_saved.connect(self.apply_settings)
        window.updates_requested.connect(lambda: self.show_updates(window))
        window.about_requested.connect(lambda: self.show_about(window))
        window.installEventFilter(self)  # closing it goes to the tray (eventFilter)
        return window

    # ----------------------------------------------------------------------------------- tray

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.workspace_window and event.type() == QEvent.Type.Close:
            QTimer.singleShot(0, self.quit)
            return False
        if watched is self.window and event.type() == QEvent.Type.Close and self.tray.available:
            event.ignore()
            self.hide_to_tray()
            return True
        return False

    def hide_to_tray(self) -> None:
        if self.window is None:
            return
        if self.panel is None or not self.panel.isVisible():
            self.idle.stop()  # the panel, while out, still locks when the PC is left alone
        self.window.hide()
        self._hidden_at = time.monotonic()
        if not self._told_about_tray:
            self._told_about_tray = True
            self.tray.show_message(self.tr("Guide Desk keeps running here and reminds you of follow-ups."))

    def show_front(self) -> bool:
        """Bring the window (or the sign-in) to the front; False when nobody is signed in after it
        (the password was not given back at the lock)."""
        if self.workspace_window is not None:
            self.workspace_window.showNormal()
            self.workspace_window.raise_()
            self.workspace_window.activateWindow()
            return True
        if self.window is None:
            self._in_tray = False  # the guide asked for the app: their sign-in opens the window
            if self.sign_in_dialog is not None:
                self.sign_in_dialog.show()
                self.sign_in_dialog.raise_()
                self.sign_in_dialog.activateWindow()
            return False
        was_hidden = not self.window.isVisible()
        self.window.showNormal()
        self.window.raise_()
        self.window.activateWindow()
        if was_hidden and self._lock_time_passed():
            self.lock()
        elif was_hidden:
            self.idle.start()
        self._hidden_at = None
        return self.window is not None

    def _lock_time_passed(self) -> bool:
        minutes = self.settings.lock_after_minutes
        hidden_at = self._hidden_at
        return minutes > 0 and hidden_at is not None and time.monotonic() - hidden_at >= minutes * 60

    def open_customer(self, customer_id: str) -> None:
        """A reminder of a follow-up was clicked: the customer's card over the window."""
        if not self.show_front() or self.ops is None:
            return
        card = CustomerDetailDialog(self.ops, customer_id, self.window)
        card.open()

    def open_task(self, _task_id: str) -> None:
        """A reminder of a task was clicked: Today, where the day's tasks are."""
        self.open_today()

    def open_today(self) -> None:
        if self.show_front() and self.window is not None:
            self.window.show_page(0)

    def show_panel(self) -> None:
        """The side panel beside WeCom. From the tray it asks for the password first when the
        window's lock time passed while it was hidden, as opening the window would."""
        if self.panel is None or self.window is None:
            self.show_front()  # nobody signed in: the sign-in first
            return
        if not self.window.isVisible() and self._lock_time_passed() and not self.show_front():
            return
        if self.panel is None:  # the lock ended in a sign-out
            return
        self.panel.show()
        self.panel.raise_()
        self.panel.activateWindow()
        self.panel.focus_search()
        self.idle.start()

    def _remind(self, notice: ReminderNotice) -> None:
        visible = self.window if self.window is not None and self.window.isVisible() else None
        self.tray.show_reminder(notice, visible)

    def _sync_now(self) -> None:
        if self.runner is not None:
            self.runner.sync_now()

    # ----------------------------------------------------------------------------------- settings

    def apply_settings(self, chosen: object) -> None:
        """The PC's settings were saved: each one takes effect now, not at the next start."""
        assert isinstance(chosen, Settings)
        previous, self.settings = self.settings, chosen
        if self.window is not None and self.window.isVisible():
            self.idle.start()  # a new lock time counts from now
        if self.runner is not None:
            self.runner.set_every_minutes(chosen.sync_every_minutes)
        if self.reminders is not None:
            self.reminders.apply(chosen)
        if chosen.language != previous.language:
            switch_language(self.app, chosen.language)
            self.tray.retranslate()
            self._remake_window_when_free()

    def _remake_window_when_free(self) -> None:
        """Build the window again in the new language once the dialog that changed it has gone
        (a window is not deleted while a dialog over it still runs its own event loop)."""
        if self.window is None and self.workspace_window is None:
            return
        if QApplication.activeModalWidget() is not None:
            QTimer.singleShot(50, self._remake_window_when_free)
            return
        if self.workspace_window is not None:
            self._remake_workspace_window()
            return
        old = self.window
        assert old is not None
        page, geometry, visible = old.pages.currentIndex(), old.saveGeometry(), old.isVisible()
        self.window = self._make_window()
        self.window.restoreGeometry(geometry)
        self.window.show_page(page)
        if visible:
            self.window.show()
        old.removeEventFilter(self)
        old.hide()
        old.deleteLater()
        if self.panel is not None:
            shown, where = self.panel.isVisible(), self.panel.saveGeometry()
            self.panel.close()
            self.panel.deleteLater()
            self.panel = self._make_panel()
            if shown:  # where the guide put it; a panel never shown finds its place when first shown
                self.panel.restoreGeometry(where)
                self.panel.show()

    def _remake_workspace_window(self) -> None:
        old = self.workspace_window
        assert old is not None
        geometry = old.saveGeometry()
        old.removeEventFilter(self)
        self.workspace_window = self._make_workspace_window()
        self.workspace_window.restoreGeometry(geometry)
        self.workspace_window.show()
        old.hide()
        old.deleteLater()

    # ----------------------------------------------------------------------------------- lock, out

    def lock(self) -> None:
        if self.workspace_window is not None:
            self.sign_out()  # nothing to unlock with: a workspace left alone signs out
            return
        if self.window is None or self.signed_in is None:
            return
        if not self.window.isVisible():
            self._lock_panel_alone()
            return
        self.idle.stop()
        # The panel shows a customer's notes: it goes while the PC is locked, and comes back after.
        panel_shown = self.panel is not None and self.panel.isVisible()
        if self.panel is not None:
            self.panel.hide()
        dialog = LockDialog(self.signed_in.account, self.signed_in.display_name, self.window)
        if dialog.exec() == LockDialog.DialogCode.Accepted:
            self.idle.start()
            if panel_shown and self.panel is not None:
                self.panel.show()
        else:
            self.sign_out()

    def _lock_panel_alone(self) -> None:
        """Idle with the window in the tray and only the panel out: the panel goes, and showing
        anything again asks for the password (the window's lock time counts as passed)."""
        self.idle.stop()
        if self.panel is not None and self.panel.isVisible():
            self.panel.hide()
            self._hidden_at = time.monotonic() - self.settings.lock_after_minutes * 60

    # ----------------------------------------------------------------------------------- help

    def show_updates(self, parent: QWidget) -> None:
        """The Updates dialog for the HQ signed in to; restarting into a new version quits here
        first, so the book is closed cleanly."""
        assert self.ops is not None and self.signed_in is not None
        from ui.dialogs.updates import UpdatesDialog

        dialog = UpdatesDialog(self.ops, self.signed_in.account.hq_url, parent=parent, quit_app=self.quit)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self, parent: QWidget) -> None:
        from ui.dialogs.about import AboutDialog

        hq_url = self.signed_in.account.hq_url if self.signed_in is not None else None
        dialog = AboutDialog(hq_url, parent, ops=self.ops)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def sign_out(self) -> None:
        """Close the book and forget the sign-in here (and at HQ when it can be reached)."""
        account = self.signed_in.account if self.signed_in else None
        self._close_book()
        if account is not None:
            self._offer = (account.hq_url, account.login)
            _forget_sign_in(account)
        self.show_sign_in()

    def quit(self) -> None:
        """Quit from the tray: the book is closed cleanly; the sign-in stays for next time."""
        self._close_book()
        self.tray.icon.hide()
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
        self.app.quit()

    def _close_book(self) -> None:
        self.idle.stop()
        if self.workspace_window is not None:
            self.workspace_window.removeEventFilter(self)
            self.workspace_window.close()
            self.workspace_window.deleteLater()
            self.workspace_window, self.workspace = None, None
        self.tray.set_signed_in(False)
        if self.reminders is not None:
            self.reminders.stop()
        if self.runner is not None:
            self.runner.stop()
        if self.panel is not None:
            self.panel.close()
            self.panel.deleteLater()
            self.panel = None
        if self.ops is not None:
            self.ops.shutdown(wait=True)
        if self.window is not None:
            self.window.removeEventFilter(self)
            self.window.close()
            self.window.deleteLater()
        if self.book is not None:
            self.book.close()
        self.window, self.ops, self.runner, self.book, self.signed_in = None, None, None, None, None
        self.reminders = None


def switch_language(app: QApplication, language: str) -> None:
    """Put the language's translators in place of the ones installed (they are the app's children)."""
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()
    install_translators(app, language)


def _forget_sign_in(account: GuideAccount) -> None:
    """Sign out at HQ on a worker thread; the token here is forgotten first, so even offline the
    next guide at this PC cannot use it."""
    ops = Ops(None)
    ops.run_async(lambda: sign_out(account), lambda _none: ops.shutdown(wait=False), failure=lambda _e: None)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and not arguments[0].startswith("-"):
        from guide_app.cli import main as command_line

        return command_line(arguments)
    options = parse_arguments(arguments)
    chosen = settings.load()
    app = make_application(options.lang or chosen.language)
    if options.screenshot:
        from ui.screenshot import take_screenshot

        return take_screenshot(app, options.view, options.screenshot)
    password = _password_from_stdin() if options.password_stdin else None
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    desk = Desk(app, options.hq, options.login, password, minimized=options.minimized, chosen=chosen)
    del password  # the sign-in window holds it until it has signed in
    QTimer.singleShot(0, desk.start)
    if os.environ.get(FIRST_PAINT_ENV):
        _quit_at_first_paint(app)
    # With a tray, closing the window leaves the app there (Quit is in the tray's menu).
    app.setQuitOnLastWindowClosed(not desk.tray.available)
    try:
        with loop:
            loop.run_until_complete(_until_quit(app))
    except KeyboardInterrupt:
        return 130
    return 0


def _password_from_stdin() -> str | None:
    """The first line of a pipe (`make demo`); asked without echo on a terminal; None without stdin
    (a windowed build), and the guide types it in the sign-in window."""
    if sys.stdin is None:
        return None
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


#: Set, the app prints `painted <time.monotonic()>` once its first window has painted, and quits:
#: the cold-start benchmark of the bundle (tests/bench/bundle.py) times it from the spawn.
FIRST_PAINT_ENV = "GUIDE_DESK_QUIT_AT_FIRST_PAINT"


def _quit_at_first_paint(app: QApplication) -> None:
    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget) and watched.isWindow():
                app.removeEventFilter(self)
                # Queued: it fires once this paint pass has been drawn and flushed.
                QTimer.singleShot(0, report)
            return False

    def report() -> None:
        print(f"painted {time.monotonic()!r}", flush=True)
        app.quit()

    app.installEventFilter(FirstPaint(app))


async def _until_quit(app: QApplication) -> None:
    quit_event = asyncio.Event()
    app.aboutToQuit.connect(quit_event.set)
    await quit_event.wait()


def show_fatal(message: str) -> None:
    QMessageBox.critical(None, app_title(), message)


if __name__ == "__main__":
    sys.exit(main())
