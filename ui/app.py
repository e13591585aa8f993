"""`guide-app`: the desktop app (QApplication on a qasync loop), or a command-line sub-command.

With no sub-command it opens the window: sign-in first, then the guide's main window over their
own book. `guide-app sign-in|sign-out|sync|book …` run the command line (guide_app/cli.py).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
from collections.abc import Sequence

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from guide_app.account.accounts import GuideAccount, sign_out
from guide_app.book.store import Book
from guide_app.jobs import freeze_long_lived
from ui.dialogs.book_problem import open_book_or_ask
from ui.dialogs.lock import LockDialog
from ui.dialogs.sign_in import SignedIn, SignInDialog
from ui.i18n import DEFAULT_LANGUAGE, LANGUAGES
from ui.idle import IdleWatcher
from ui.look import app_title, make_application
from ui.main_window import MainWindow
from ui.ops import Ops
from ui.sync_runner import SyncRunner

VIEWS = ("sign-in", "today", "customers")


def parse_arguments(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="guide-app",
        description="Guide Desk (导购工作台): the store guide's desktop app. Run without a command to "
        "open the window; `guide-app COMMAND --help` for the command line (sign-in, sign-out, sync, "
        "book, demo).",
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="language (default zh_CN)"
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
    return parser.parse_args(list(argv))


class Desk(QObject):
    """Who is signed in, and the window that goes with it: sign-in, the main window, lock, sign-out."""

    def __init__(
        self, app: QApplication, hq: str | None = None, login: str | None = None, password: str | None = None
    ) -> None:
        super().__init__(app)
        self.app = app
        self._offer = (hq, login)
        self._password = password  # signs in once, at start; a later sign-in is typed
        self.sign_in_dialog: SignInDialog | None = None
        self.window: MainWindow | None = None
        self.ops: Ops | None = None
        self.runner: SyncRunner | None = None
        self.book: Book | None = None
        self.signed_in: SignedIn | None = None
        self.idle = IdleWatcher(app, self)
        self.idle.went_idle.connect(self.lock)

    def start(self) -> None:
        self.show_sign_in()

    def show_sign_in(self) -> None:
        hq, login = self._offer
        self.sign_in_dialog = SignInDialog(hq=hq, login=login)
        self.sign_in_dialog.signed_in.connect(self._signed_in)
        self.sign_in_dialog.show()
        if self._password:
            self.sign_in_dialog.sign_in_when_ready(self._password)
            self._password = None

    def _signed_in(self, signed_in: SignedIn) -> None:
        self.signed_in = signed_in
        dialog = self.sign_in_dialog
        give_up = dialog.book_not_opened if dialog is not None else None
        open_book_or_ask(signed_in.account, dialog, self._book_opened, on_give_up=give_up)

    def _book_opened(self, book: Book) -> None:
        assert self.signed_in is not None
        if self.sign_in_dialog is not None:
            self.sign_in_dialog.close()
            self.sign_in_dialog.deleteLater()
            self.sign_in_dialog = None
        self.book = book
        self.ops = Ops(book, self)
        self.runner = SyncRunner(self.ops, self.signed_in.account, self)
        self.window = MainWindow(self.ops, self.signed_in.account, self.signed_in.display_name, self.runner)
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.lock_requested.connect(self.lock)
        self.window.pc_settings_saved.connect(self._pc_settings_saved)
        self.window.show()
        self.idle.start()
        self.runner.start()
        # What lived before the window is settled: later collections need not walk it (see jobs.py).
        gc.collect()
        freeze_long_lived()

    def _pc_settings_saved(self, _settings: object) -> None:
        self.idle.start()  # a new lock time applies now, not at the next sign-in

    def lock(self) -> None:
        if self.window is None or self.signed_in is None or not self.window.isVisible():
            return
        self.idle.stop()
        dialog = LockDialog(self.signed_in.account, self.signed_in.display_name, self.window)
        if dialog.exec() == LockDialog.DialogCode.Accepted:
            self.idle.start()
        else:
            self.sign_out()

    def sign_out(self) -> None:
        """Close the book and forget the sign-in here (and at HQ when it can be reached)."""
        account = self.signed_in.account if self.signed_in else None
        self.idle.stop()
        if self.runner is not None:
            self.runner.stop()
        if self.ops is not None:
            self.ops.shutdown(wait=True)
        if self.window is not None:
            self.window.close()
            self.window.deleteLater()
        if self.book is not None:
            self.book.close()
        self.window, self.ops, self.runner, self.book, self.signed_in = None, None, None, None, None
        if account is not None:
            self._offer = (account.hq_url, account.login)
            _forget_sign_in(account)
        self.show_sign_in()


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
    app = make_application(options.lang)
    if options.screenshot:
        from ui.screenshot import take_screenshot

        return take_screenshot(app, options.view, options.screenshot)
    password = _password_from_stdin() if options.password_stdin else None
    import qasync

    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    desk = Desk(app, options.hq, options.login, password)
    del password  # the sign-in window holds it until it has signed in
    QTimer.singleShot(0, desk.start)
    app.setQuitOnLastWindowClosed(True)
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


async def _until_quit(app: QApplication) -> None:
    quit_event = asyncio.Event()
    app.aboutToQuit.connect(quit_event.set)
    await quit_event.wait()


def show_fatal(message: str) -> None:
    QMessageBox.critical(None, app_title(), message)


if __name__ == "__main__":
    sys.exit(main())
