"""About Guide Desk, without Qt: the facts it names and the licence notices of what the app ships."""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

import pytest

from guide_app.about import about, shown_hq_address
from guide_app.licenses import (
    Role,
    bundled_notices,
    licence_name,
    licence_texts,
    runtime_distributions,
)
from guide_app.licenses.requirements import parse_requirement
from guide_app.version import PROTOCOL_LEVEL, VERSION


def _dist_info(
    site: Path,
    name: str,
    *,
    requires: tuple[str, ...] = (),
    headers: str = "",
    files: dict[str, str] | None = None,
) -> Path:
    """A minimal installed distribution: METADATA, RECORD and the files given (relative to dist-info)."""
    folder = site / f"{name.replace('-', '_')}-1.0.dist-info"
    folder.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", f"Name: {name}", "Version: 1.0", *headers.splitlines()]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    (folder / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    record = [f"{folder.name}/METADATA,,", f"{folder.name}/RECORD,,"]
    for relative, text in (files or {}).items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(text, encoding="utf-8")
        record.append(f"{folder.name}/{relative},,")
    (folder / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")
    return folder


def test_about_names_this_version_the_hq_in_use_and_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "data"))

    facts = about("HQ.Example.cn:8443/api/v1/")

    assert facts.version == VERSION
    assert facts.protocol_level == PROTOCOL_LEVEL
    assert facts.hq_address == "http://hq.example.cn:8443"
    assert facts.data_folder == tmp_path / "data"


def test_about_before_sign_in_names_no_hq() -> None:
    assert shown_hq_address(None) is None
    assert shown_hq_address("  ") is None
    assert shown_hq_address("ftp://odd") == "ftp://odd"  # shown as typed rather than hidden


def test_notices_name_the_required_distributions_and_not_the_developer_tools() -> None:
    names = {notice.component.lower().replace("_", "-") for notice in bundled_notices()}

    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "pydantic", "tuf", "qasync"} <= names
    assert {"typing-extensions", "pydantic-core", "idna"} <= names  # requirements of requirements
    assert not names & {"pytest", "pytest-qt", "ruff", "mypy", "pyinstaller", "hypothesis"}
    assert "guide-desk" not in names


def test_qt_and_pyside_come_with_the_full_lgpl_v3_and_python_with_its_psf_licence() -> None:
    notices = {notice.component: notice for notice in bundled_notices(qt_version="6.8.1")}

    qt = notices["Qt"]
    assert (qt.version, qt.licence, qt.role) == ("6.8.1", "LGPL-3.0-only", Role.qt)
    lgpl = qt.texts[0].text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in lgpl and "Version 3, 29 June 2007" in lgpl
    assert "Combined Works" in lgpl  # the whole licence, not a mention of it
    assert "GNU GENERAL PUBLIC LICENSE" in qt.texts[1].text  # the LGPL v3 builds on it
    assert notices["PySide6_Essentials"].texts == qt.texts
    python = notices["Python"]
    assert python.role is Role.python
    assert "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2" in python.texts[0].text


def test_every_library_notice_names_its_licence_and_carries_a_text() -> None:
    libraries = [notice for notice in bundled_notices() if notice.role is Role.library]

    assert len(libraries) > 20
    assert all(notice.licence for notice in libraries), [n.component for n in libraries if not n.licence]
    assert all(notice.texts for notice in libraries), [n.component for n in libraries if not n.texts]


def test_requirements_are_followed_with_their_extras_and_markers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    _dist_info(
        site,
        "shop-app",
        requires=(
            "alpha>=1",
            "Beta_Lib[fast]",
            "devtool; extra == 'dev'",
            "windows-only; sys_platform == 'win32'",
            "not-installed",
        ),
    )
    _dist_info(site, "alpha", requires=("shop-app",))  # a cycle ends
    _dist_info(site, "beta-lib", requires=("gamma; extra == 'fast'", "delta; extra == 'slow'"))
    for name in ("gamma", "delta", "devtool", "windows-only"):
        _dist_info(site, name)
    monkeypatch.syspath_prepend(str(site))

    found = {dist.metadata["Name"] for dist in runtime_distributions("shop-app")}

    expected = {"alpha", "beta-lib", "gamma"} | ({"windows-only"} if sys.platform == "win32" else set())
    assert found == expected


def test_a_licence_is_read_from_the_dist_info_whichever_way_it_is_declared(tmp_path: Path) -> None:
    modern = metadata.PathDistribution(
        _dist_info(
            tmp_path,
            "modern",
            headers="License-Expression: MIT\nLicense-File: LICENSE",
            files={"licenses/LICENSE": "MIT License\nCopyright (c) 2024 Modern"},
        )
    )
    older = metadata.PathDistribution(
        _dist_info(
            tmp_path,
            "older",
            headers="Classifier: License :: OSI Approved :: BSD License",
            files={"COPYING.txt": "BSD text"},
        )
    )
    whole_text = "Permission is hereby granted, free of charge, to any person obtaining a copy " * 3
    inline = metadata.PathDistribution(_dist_info(tmp_path, "inline", headers=f"License: {whole_text}"))

    assert licence_name(modern.metadata) == "MIT"
    assert [(text.title, text.text) for text in licence_texts(modern)] == [
        ("LICENSE", "MIT License\nCopyright (c) 2024 Modern")
    ]
    assert licence_name(older.metadata) == "BSD License"
    assert [text.title for text in licence_texts(older)] == ["COPYING.txt"]
    assert licence_name(inline.metadata) == ""
    assert [text.text for text in licence_texts(inline)] == [whole_text.strip()]


@pytest.mark.parametrize(
    ("line", "extras", "applies"),
    [
        ("pytest>=8; extra == 'dev'", (), False),
        ("pytest>=8; extra == 'dev'", ("dev",), True),
        ("PySide6-Essentials<6.12,>=6.7; python_version < '3.12'", (), sys.version_info < (3, 12)),
        ("PySide6-Essentials>=6.7; python_version >= '3.12'", (), sys.version_info >= (3, 12)),
        ("x; python_version >= '3.9' and python_version < '3.100'", (), True),
        ("x; python_version ~= '3.0'", (), True),
        ("x; python_full_version == '2.*'", (), False),
        (
            "uvloop; (sys_platform != 'win32' and sys_platform != 'cygwin') and extra == 'standard'",
            ("standard",),
            sys.platform not in {"win32", "cygwin"},
        ),
        ("x; sys_platform == 'no-such-os' or extra == 'Crypto_Extra'", ("crypto-extra",), True),
        ("x; a_marker_from_the_future == '1'", (), True),  # unread: a notice too many, never one missing
    ],
)
def test_a_requirement_applies_as_its_marker_says(line: str, extras: tuple[str, ...], applies: bool) -> None:
    requirement = parse_requirement(line)

    assert requirement is not None
    assert requirement.applies(frozenset(extras)) is applies


def test_a_requirement_names_its_distribution_and_extras_canonically() -> None:
    requirement = parse_requirement("SQLAlchemy[asyncio, Postgresql_Psycopg]>=2.0.30")

    assert requirement is not None
    assert requirement.name == "sqlalchemy"
    assert requirement.extras == frozenset({"asyncio", "postgresql-psycopg"})
    assert parse_requirement(" ; extra == 'x'") is None
