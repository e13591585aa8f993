"""The Windows installer script: it compiles with the real makensis, installs per user, keeps the books."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from guide_app import autostart
from guide_app.account import paths

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "packaging" / "windows" / "guide-desk.nsi"
MAKENSIS = shutil.which("makensis")
needs_makensis = pytest.mark.skipif(
    MAKENSIS is None,
    reason="makensis is not installed (Debian: apt-get install nsis, or packaging/install-debian-deps.sh)",
)


def _script() -> str:
    return SCRIPT.read_text(encoding="utf-8-sig")


def _section(name: str) -> str:
    text = _script()
    start = text.index(f'Section "{name}"')
    return text[start : text.index("SectionEnd", start)]


def _fake_bundle(folder: Path, version: str) -> Path:
    """The shape `make package` writes: the launcher at the root, the app in app/<version>/."""
    (folder / "app" / version / "_internal").mkdir(parents=True)
    (folder / "guide-desk.exe").write_bytes(b"MZ launcher")
    (folder / "app" / version / "guide-app.exe").write_bytes(b"MZ app")
    (folder / "app" / version / "_internal" / "python311.dll").write_bytes(b"\0" * 4096)
    return folder


def _makensis(*defines: str) -> subprocess.CompletedProcess[str]:
    assert MAKENSIS is not None
    return subprocess.run(
        [MAKENSIS, "-NOCD", "-V2", *defines, str(SCRIPT)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


@needs_makensis
def test_installer_compiles_into_a_setup_exe_of_the_given_version(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "guide-desk", "0.1.0")
    setup = tmp_path / "out" / "guide-desk-0.1.0-setup.exe"
    setup.parent.mkdir()

    built = _makensis("-DVERSION=0.1.0", f"-DSOURCE={bundle}", f"-DOUTFILE={setup}")

    assert built.returncode == 0, built.stdout + built.stderr
    written = setup.read_bytes()
    assert written[:2] == b"MZ"
    # The version resource is stored uncompressed: the defines reached the exe.
    assert "Guide Desk".encode("utf-16-le") in written
    assert "0.1.0".encode("utf-16-le") in written


@needs_makensis
def test_installer_refuses_a_bundle_of_another_version(tmp_path: Path) -> None:
    bundle = _fake_bundle(tmp_path / "guide-desk", "0.1.0")

    built = _makensis("-DVERSION=0.2.0", f"-DSOURCE={bundle}", f"-DOUTFILE={tmp_path / 'setup.exe'}")

    assert built.returncode != 0
    assert "app/0.2.0/guide-app.exe is missing" in built.stdout + built.stderr
    assert not (tmp_path / "setup.exe").exists()


@needs_makensis
def test_installer_without_a_source_folder_says_how_to_build_it(tmp_path: Path) -> None:
    built = _makensis("-DVERSION=0.1.0", f"-DOUTFILE={tmp_path / 'setup.exe'}")

    assert built.returncode != 0
    assert "-DSOURCE=dist/guide-desk" in built.stdout + built.stderr


def test_installer_needs_no_administrator() -> None:
    text = _script()
    assert re.search(r"^RequestExecutionLevel user$", text, re.MULTILINE)
    assert 'InstallDir "$LOCALAPPDATA\\Programs\\GuideDesk"' in text
    assert "HKLM" not in text
    assert "$PROGRAMFILES" not in text
    assert "SetShellVarContext all" not in text


def test_installer_registers_its_uninstaller_for_this_user() -> None:
    install = _section("Guide Desk")
    for value in ("DisplayName", "DisplayVersion", "Publisher", "UninstallString", "InstallLocation"):
        assert re.search(rf'WriteRegStr HKCU "\$\{{UNINSTALL_KEY}}" "{value}"', install), value
    assert 'WriteRegDWORD HKCU "${UNINSTALL_KEY}" "EstimatedSize"' in install
    assert 'WriteUninstaller "$INSTDIR\\uninstall.exe"' in install


def test_shortcuts_in_the_start_menu_and_on_the_desktop_start_the_launcher() -> None:
    install = _section("Guide Desk")
    assert 'CreateShortcut "$SMPROGRAMS\\$ShortcutName.lnk" "$INSTDIR\\${LAUNCHER}"' in install
    assert 'CreateShortcut "$DESKTOP\\$ShortcutName.lnk" "$INSTDIR\\${LAUNCHER}"' in install
    assert '!define LAUNCHER "guide-desk.exe"' in _script()


def test_every_installer_sentence_is_in_chinese_and_english() -> None:
    text = _script()
    assert '!insertmacro MUI_LANGUAGE "SimpChinese"' in text
    assert '!insertmacro MUI_LANGUAGE "English"' in text
    chinese = set(re.findall(r"^LangString (\w+) \$\{LANG_SIMPCHINESE\}", text, re.MULTILINE))
    english = set(re.findall(r"^LangString (\w+) \$\{LANG_ENGLISH\}", text, re.MULTILINE))
    assert chinese == english
    used = set(re.findall(r"\$\((\w+)\)", text)) - {"^Name"}
    assert used <= chinese


def test_uninstall_keeps_the_data_folder_the_app_uses() -> None:
    text = _script()
    # The script's idea of the data folder is the app's: its name and its override variable.
    assert f'!define DATA_FOLDER_NAME "{paths.APP_NAME}"' in text
    assert '!define DATA_FOLDER_ENV "GUIDE_APP_DATA_DIR"' in text
    assert "GUIDE_APP_DATA_DIR" in Path(paths.__file__).read_text(encoding="utf-8")
    uninstall = _section("Uninstall")
    removals = [
        line.strip() for line in uninstall.splitlines() if line.strip().startswith(("RMDir", "Delete"))
    ]
    assert removals, "the uninstaller removes nothing"
    for line in removals:
        assert "$DataDir" not in line and "DATA_FOLDER" not in line and "$LOCALAPPDATA" not in line, line
    # The one recursive removal is of the program folder, guarded against being the data folder,
    # and the installer refuses a program folder that is, holds or sits in the data folder.
    assert [line for line in removals if "/r" in line] == ['RMDir /r /REBOOTOK "$INSTDIR"']
    assert "${If} $INSTDIR != $DataDir" in uninstall
    assert "Call IsSameOrWithin" in text.split("Function InstDirRefused", 1)[1]
    # ...and it says where the books are.
    assert "$DataDir" in text.split("LangString UninstallFinishText ${LANG_ENGLISH}", 1)[1].splitlines()[0]


def test_uninstall_takes_the_app_off_the_start_up_list() -> None:
    uninstall = _section("Uninstall")
    assert 'DeleteRegValue HKCU "${RUN_KEY}" "${RUN_VALUE}"' in uninstall
    assert f'!define RUN_VALUE "{autostart.RUN_VALUE}"' in _script()
    assert f'!define RUN_KEY "{autostart.RUN_KEY}"' in _script()


def test_upgrade_and_uninstall_ask_before_closing_a_running_app() -> None:
    assert "Call CloseRunningApp" in _section("Guide Desk")
    assert "Call un.CloseRunningApp" in _section("Uninstall")
    assert 'MessageBox MB_OKCANCEL|MB_ICONEXCLAMATION "$(RunningText)"' in _script()


def test_upgrade_replaces_the_versions_and_keeps_downloads_and_update_trust() -> None:
    install = _section("Guide Desk")
    removed = [line.strip() for line in install.splitlines() if line.strip().startswith(("RMDir", "Delete "))]
    assert 'RMDir /r "$INSTDIR\\app"' in removed
    assert 'RMDir /r "$INSTDIR\\_launcher"' in removed
    assert not [line for line in removed if "downloads" in line or "trust" in line or "$DataDir" in line]
    # The launcher's state comes from the bundle, or is written as layout.py starts a fresh install.
    assert '{"current": "${VERSION}", "previous": null, "staged": null, "held": []}' in install
