"""`guide-hq` from a shell: accounts are added, disabled and reset; every command explains itself."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient

from hq.cli import build_parser, main
from hq.core.config import Settings
from hq.main import create_app
from tests.hq.conftest import seed


def _where(settings: Settings) -> list[str]:
    args = ["--data-dir", str(settings.data_dir)]
    return args + (["--database-url", settings.database_url] if settings.database_url else [])


def _run(monkeypatch: pytest.MonkeyPatch, settings: Settings, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    command, rest = list(args[:-1]), args[-1]
    return main([*command, *_where(settings), rest])


def _login(settings: Settings, login: str, password: str) -> int:
    with TestClient(create_app(settings)) as client:
        return client.post("/api/v1/auth/login", json={"login": login, "password": password}).status_code


def test_an_account_added_from_the_shell_can_sign_in_and_be_disabled(
    hq_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(hq_settings)
    assert (
        _run(
            monkeypatch,
            hq_settings,
            "user",
            "add",
            "--role",
            "guide",
            "--store",
            "E1",
            "--name",
            "王丽",
            "--password-stdin",
            "wang.li",
            stdin="store-pass-9\n",
        )
        == 0
    )
    assert "added guide wang.li" in capsys.readouterr().out
    assert _login(hq_settings, "wang.li", "store-pass-9") == 200
    assert _run(monkeypatch, hq_settings, "user", "disable", "wang.li") == 0
    assert "revoked" in capsys.readouterr().out
    assert _login(hq_settings, "wang.li", "store-pass-9") == 403  # account_disabled
    assert _run(monkeypatch, hq_settings, "user", "disable", "--enable", "wang.li") == 0
    assert (
        _run(
            monkeypatch,
            hq_settings,
            "user",
            "reset-password",
            "--password-stdin",
            "wang.li",
            stdin="another-pass-7\n",
        )
        == 0
    )
    assert _login(hq_settings, "wang.li", "store-pass-9") == 401
    assert _login(hq_settings, "wang.li", "another-pass-7") == 200


def test_shell_mistakes_get_a_message_and_exit_code_two(
    hq_settings: Settings, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(hq_settings)
    cases = [
        (("user", "add", "--role", "guide", "--password-stdin", "no.store"), "store"),
        (("user", "add", "--role", "guide", "--store", "NOPE", "--password-stdin", "x.y"), "NOPE"),
        (("user", "add", "--role", "manager", "--region", "东区", "--password-stdin", "short.pw"), "8"),
        (("user", "add", "--role", "guide", "--store", "E1", "--password-stdin", "guide.e1a"), "taken"),
        (("user", "disable", "nobody"), "nobody"),
    ]
    for args, words in cases:
        stdin = "short\n" if "short.pw" in args else "long-enough-9\n"
        assert _run(monkeypatch, hq_settings, *args, stdin=stdin) == 2, args
        assert words in capsys.readouterr().err, args


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    parser = build_parser()
    commands = [
        ["serve"],
        ["migrate"],
        ["import-org"],
        ["user", "add"],
        ["user", "disable"],
        ["user", "reset-password"],
        ["content", "add"],
        ["content", "import-folder"],
        ["demo"],
        [],
    ]
    for command in commands:
        with pytest.raises(SystemExit) as exit_info:
            parser.parse_args([*command, "--help"])
        assert exit_info.value.code == 0
        assert "usage: guide-hq" in capsys.readouterr().out
