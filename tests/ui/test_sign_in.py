"""The sign-in window against a real HQ process: each refusal in its own words, remembered logins,
and the book opening offline with the last sign-in on this PC."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot

from guide_app.account import recent
from guide_app.account.accounts import GuideAccount
from guide_app.errors import ErrorCode
from guide_app.sync.client import HqRefused
from hq.core.config import Settings
from hq.core.db import Database, migrate, run_with_database, utcnow
from hq.models import LoginAttempt
from hq.services import org
from tests.hq.conftest import seed
from tests.support.live_hq import serve
from tests.support.org import PASSWORD, OrgFixture
from tests.support.postgres import free_port
from ui.dialogs.sign_in import Field, SignedIn, SignInDialog, SignInState
from ui.messages import describe, describe_code

ANSWER_MS = 20_000  # a sign-in takes ~0.1 s; the bound is for a loaded 2-core machine


@dataclass
class LiveOrg:
    base_url: str
    org: OrgFixture
    settings: Settings


@pytest.fixture(scope="module")
def live_org(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveOrg]:
    """One seeded HQ process (SQLite) for the module: starting one takes seconds."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("hq"))
    migrate(settings)
    organisation = seed(settings)

    async def disable(database: Database) -> None:
        async with database.writing() as session:
            await org.set_disabled(session, organisation.disabled_guide, True)

    run_with_database(settings, disable)
    with serve(settings) as live:
        yield LiveOrg(live.base_url, organisation, settings)
        assert "Traceback" not in live.log(), live.log()


@pytest.fixture(autouse=True)
def headless_pc(app_data: Path) -> Iterator[None]:
    """A store PC without a keyring: the token goes to an owner-only file in this test's folder."""
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


class Doorway:
    """A loopback port in front of HQ that can be shut, as a shop's network drops: HQ's address
    stays the same (so does the guide's folder), and connecting to it is refused."""

    def __init__(self, target: str) -> None:
        self._target = ("127.0.0.1", int(target.rsplit(":", 1)[1]))
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _address = self._listener.accept()
            except OSError:
                return  # shut
            upstream = socket.create_connection(self._target)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()

    def shut(self) -> None:
        self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    try:
        while chunk := source.recv(65536):
            sink.sendall(chunk)
        sink.shutdown(socket.SHUT_WR)
    except OSError:
        return


def _dialog(qtbot: QtBot, hq: str | None = None, login: str | None = None) -> SignInDialog:
    dialog = SignInDialog(hq=hq, login=login)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.password.isEnabled(), timeout=5000)  # what the PC remembers is in
    return dialog


def _type_and_sign_in(qtbot: QtBot, dialog: SignInDialog, password: str) -> None:
    dialog.password.clear()
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, "\r")


def _refused(qtbot: QtBot, dialog: SignInDialog, password: str, field: Field) -> str:
    _type_and_sign_in(qtbot, dialog, password)
    qtbot.waitUntil(
        lambda: dialog.state is SignInState.idle and bool(dialog.error_text(field)), timeout=ANSWER_MS
    )
    return dialog.error_text(field)


def test_a_good_sign_in_opens_the_book_and_the_pc_remembers_hq_and_login(
    qtbot: QtBot, live_org: LiveOrg
) -> None:
    dialog = _dialog(qtbot, hq=live_org.base_url, login=live_org.org.guide_e1)
    with qtbot.waitSignal(dialog.signed_in, timeout=ANSWER_MS) as heard:
        _type_and_sign_in(qtbot, dialog, PASSWORD)
        assert dialog.state is SignInState.signing_in and not dialog.password.isEnabled()
        assert dialog.cancel_button.isEnabled() and dialog.busy.isVisible()
    signed_in = heard.args[0]
    assert isinstance(signed_in, SignedIn)
    assert signed_in.account == GuideAccount(live_org.base_url, live_org.org.guide_e1)
    assert (signed_in.display_name, signed_in.offline) == (live_org.org.guide_e1, False)
    assert dialog.state is SignInState.opening_book and not dialog.password.text()
    remembered = recent.load()
    assert remembered.hqs == (signed_in.account.hq_url,)
    assert remembered.logins_for(live_org.base_url) == (live_org.org.guide_e1,)
    # The next time, this PC offers both and the guide only types the password.
    again = _dialog(qtbot)
    assert again.hq_box.currentText() == signed_in.account.hq_url
    assert again.login_box.currentText() == live_org.org.guide_e1
    assert again.password.hasFocus() or again.focusWidget() is again.password


def test_a_wrong_password_is_told_under_the_password(qtbot: QtBot, live_org: LiveOrg) -> None:
    dialog = _dialog(qtbot, hq=live_org.base_url, login=live_org.org.guide_e1_b)
    said = _refused(qtbot, dialog, "wrong-password-1", Field.password)
    assert said == describe_code(ErrorCode.wrong_password)
    assert dialog.sign_in_button.isEnabled() and recent.load().hqs == ()  # a failure is not remembered


def test_a_locked_login_is_told_when_it_may_try_again(qtbot: QtBot, live_org: LiveOrg) -> None:
    login = live_org.org.guide_e2

    async def lock(database: Database) -> None:
        async with database.writing() as session:
            until = utcnow() + timedelta(minutes=15)
            session.add(LoginAttempt(login=login, failures=0, window_start=None, locked_until=until))

    run_with_database(live_org.settings, lock)
    dialog = _dialog(qtbot, hq=live_org.base_url, login=login)
    said = _refused(qtbot, dialog, PASSWORD, Field.general)
    fifteen_minutes = describe(HqRefused("locked", code=ErrorCode.account_locked, retry_after=899))
    assert said == fifteen_minutes
    assert said != describe_code(ErrorCode.wrong_password)


def test_a_disabled_account_is_told_so_with_its_right_password(qtbot: QtBot, live_org: LiveOrg) -> None:
    dialog = _dialog(qtbot, hq=live_org.base_url, login=live_org.org.disabled_guide)
    said = _refused(qtbot, dialog, PASSWORD, Field.general)
    assert said == describe_code(ErrorCode.account_disabled)


def test_an_unreachable_hq_says_so_and_what_to_check(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot, hq=f"127.0.0.1:{free_port()}", login="wang.li")  # nothing listens there
    said = _refused(qtbot, dialog, PASSWORD, Field.general)
    assert said == describe_code(ErrorCode.offline_never_signed_in)
    assert dialog.hq_box.isEnabled()


def test_the_book_opens_offline_after_one_online_sign_in_but_not_with_a_wrong_password(
    qtbot: QtBot, live_org: LiveOrg
) -> None:
    doorway = Doorway(live_org.base_url)
    dialog = _dialog(qtbot, hq=doorway.base_url, login=live_org.org.guide_s1)
    with qtbot.waitSignal(dialog.signed_in, timeout=ANSWER_MS) as online:
        _type_and_sign_in(qtbot, dialog, PASSWORD)
    assert online.args[0].offline is False
    doorway.shut()  # the shop's line drops
    offline_dialog = _dialog(qtbot)
    assert offline_dialog.login_box.currentText() == live_org.org.guide_s1
    said = _refused(qtbot, offline_dialog, "not-my-password", Field.password)
    assert said == describe_code(ErrorCode.offline_password_wrong)
    with qtbot.waitSignal(offline_dialog.signed_in, timeout=ANSWER_MS) as offline:
        _type_and_sign_in(qtbot, offline_dialog, PASSWORD)
    assert offline.args[0].offline is True and offline.args[0].display_name == live_org.org.guide_s1
    offline_words = QCoreApplication.translate(
        "SignInDialog",
        "HQ cannot be reached, so your book opens offline with your last sign-in on this PC. "
        "Your work is kept here and goes to HQ at the next sync.",
    )
    assert offline_dialog.note.isVisible() and offline_dialog.note.text() == offline_words


def test_empty_fields_are_named_before_hq_is_asked(qtbot: QtBot) -> None:
    dialog = _dialog(qtbot)
    qtbot.keyClick(dialog.password, "\r")
    assert dialog.state is SignInState.idle
    assert dialog.error_text(Field.hq) and dialog.error_text(Field.login)
    assert dialog.error_text(Field.password) == describe_code(ErrorCode.password_missing)
    assert dialog.hq_box.hasFocus() or dialog.focusWidget() is dialog.hq_box


def test_a_sign_in_that_is_cancelled_is_dropped(qtbot: QtBot, live_org: LiveOrg) -> None:
    dialog = _dialog(qtbot, hq=live_org.base_url, login=live_org.org.guide_s2)
    qtbot.keyClicks(dialog.password, PASSWORD)
    dialog.sign_in()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # Esc while waiting stops the wait, not the window
    assert dialog.state is SignInState.idle and dialog.isVisible() and dialog.password.isEnabled()
    with qtbot.assertNotEmitted(dialog.signed_in, wait=1500):
        pass
