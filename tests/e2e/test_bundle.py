"""The one-folder bundle (`make package`) starts on a PC without Python and draws the app in Chinese.

The bundle is `dist/guide-desk` when `make package` built it from the sources as they are now,
else it is built once into build/test-bundle/ (1-3.5 min on a busy 2-core PC). Every
program runs with a fresh HOME, as on a new store PC, and offscreen.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook
from PyInstaller.archive.readers import pkg_archive_contents
from PySide6.QtGui import QFont, QImage, QRawFont
from PySide6.QtWidgets import QApplication

from guide_app.version import VERSION
from tests.support.bundle_build import BUILD_TIMEOUT, bundle_for_tests
from tests.support.fresh_pc import fresh_pc_environment
from ui.look import CJK_FAMILIES

ROOT = Path(__file__).resolve().parents[2]
# pytest's 300 s per test would count a cold build against the first test of the module.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(BUILD_TIMEOUT + 120)]
RUN_TIMEOUT = 120
EXE = ".exe" if sys.platform == "win32" else ""
TITLE = "用总部账号登录"  # the sign-in's heading in zh_CN
# Qt modules and tools the bundle must not carry (packaging/guide-app.spec excludes them).
UNWANTED = (
    "Qt6WebEngine",
    "Qt63D",
    "Qt6Quick3D",
    "Qt6Pdf",
    "Qt6Designer",
    "Qt6Bluetooth",
    "Qt6Sensors",
    "Qt6Sql",
    "Qt6Test",
    "designer",
    "linguist",
    "lupdate",
    "assistant",
    "_tkinter",
)


@dataclass(frozen=True)
class Bundle:
    root: Path  # the installation: guide-desk, app/state.json, app/<VERSION>/

    @property
    def app(self) -> Path:
        return self.root / "app" / VERSION / f"guide-app{EXE}"

    @property
    def internal(self) -> Path:
        return self.app.parent / "_internal"

    @property
    def launcher(self) -> Path:
        return self.root / f"guide-desk{EXE}"


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    """dist/guide-desk when current, else the tests' own build of the current sources (made
    once, by `make test` ahead of the suite or by the first test process that needs it)."""
    return Bundle(bundle_for_tests())


@pytest.fixture
def fresh_pc(tmp_path: Path) -> dict[str, str]:
    """The environment of a new store PC: no data, no settings, nothing of this checkout."""
    return fresh_pc_environment(tmp_path / "home")


def _run(command: list[str], environment: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        command, env=environment, cwd=cwd, capture_output=True, text=True, timeout=RUN_TIMEOUT
    )
    assert done.returncode == 0, f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _sign_in_picture(program: list[str], environment: dict[str, str], picture: Path) -> QImage:
    done = _run([*program, "--screenshot", str(picture), "--view", "sign-in"], environment, picture.parent)
    assert f"screenshot of sign-in: {picture}" in done.stdout
    image = QImage(str(picture))
    assert not image.isNull(), f"{picture} is not a readable PNG"
    return image


def _differing_share(first: QImage, second: QImage) -> float:
    """The share of pixels whose colour differs by more than a little in any channel."""
    assert (first.width(), first.height()) == (second.width(), second.height())
    # RGB32 rows are 4 bytes a pixel (blue, green, red, unused) without padding: the bytes give
    # what pixelColor() gave, in a twentieth of its time (0.3 s against 6 s on a busy PC). The
    # converted images must outlive the read: constBits() points into them.
    converted = [image.convertToFormat(QImage.Format.Format_RGB32) for image in (first, second)]
    a, b = (bytes(image.constBits()) for image in converted)
    differing = sum(
        max(abs(blue - blue2), abs(green - green2), abs(red - red2)) > 24
        for blue, green, red, blue2, green2, red2 in zip(
            a[0::4], a[1::4], a[2::4], b[0::4], b[1::4], b[2::4], strict=True
        )
    )
    return differing / (first.width() * first.height())


def _dark_pixels(image: QImage, width: int, height: int) -> int:
    """Pixels of text colour in the image's top-left `width` × `height` (the dialog's heading)."""
    return sum(1 for x in range(width) for y in range(height) if image.pixelColor(x, y).lightness() < 110)


def test_the_pc_has_a_font_that_draws_the_sign_in_heading(qapp: QApplication) -> None:
    """The bundle carries no font (packaging/guide-app.spec): a CJK family must be installed, as
    `make deps` does here and Windows always has, or the headings below would be boxes."""
    from PySide6.QtGui import QFontDatabase

    families = [family for family in CJK_FAMILIES if family in QFontDatabase.families()]
    assert families, f"none of {CJK_FAMILIES} is installed"
    raw = QRawFont.fromFont(QFont(families[0]))
    assert all(raw.supportsCharacter(ord(character)) for character in TITLE)


@pytest.fixture(scope="module")
def bundled_sign_in(bundle: Bundle, tmp_path_factory: pytest.TempPathFactory, qapp: QApplication) -> QImage:
    """The bundled app's sign-in as a fresh PC draws it: one launch, compared by two tests."""
    folder = tmp_path_factory.mktemp("bundled-sign-in")
    started = time.monotonic()
    picture = _sign_in_picture(
        [str(bundle.app)], fresh_pc_environment(folder / "home"), folder / "bundle.png"
    )
    print(f"bundle's sign-in screenshot in {time.monotonic() - started:.1f} s")
    return picture


def test_bundled_app_draws_the_sign_in_in_chinese_like_the_source_tree(
    bundled_sign_in: QImage, fresh_pc: dict[str, str], tmp_path: Path
) -> None:
    bundled = bundled_sign_in
    from_source = _sign_in_picture([sys.executable, "-m", "ui.app"], fresh_pc | {"PYTHONPATH": str(ROOT)},
                                   tmp_path / "source.png")  # fmt: skip
    assert (bundled.width(), bundled.height()) == (from_source.width(), from_source.height())
    assert bundled.width() >= 400 and bundled.height() >= 120  # the whole dialog, not a sliver
    # Same Qt, same fonts, same translation: the same picture, heading in Chinese included.
    assert _differing_share(bundled, from_source) < 0.01
    assert _dark_pixels(bundled, bundled.width() // 3, 36) > 150, "the heading is not drawn"


def test_launcher_starts_the_current_version_with_its_arguments(
    bundle: Bundle, bundled_sign_in: QImage, fresh_pc: dict[str, str], tmp_path: Path
) -> None:
    state = json.loads((bundle.root / "app" / "state.json").read_text("utf-8"))
    assert state["current"] == VERSION
    done = _run([str(bundle.launcher), "--version"], fresh_pc, tmp_path)
    assert done.stdout.strip() == f"Guide Desk {VERSION}"
    through_launcher = _sign_in_picture([str(bundle.launcher)], fresh_pc, tmp_path / "launched.png")
    assert _differing_share(through_launcher, bundled_sign_in) < 0.01  # the app started directly


def test_bundled_app_opens_its_sign_in_window(
    bundle: Bundle, fresh_pc: dict[str, str], tmp_path: Path
) -> None:
    """The whole start (qasync loop, tray, sign-in window) up to its first paint."""
    done = _run([str(bundle.app)], fresh_pc | {"GUIDE_DESK_QUIT_AT_FIRST_PAINT": "1"}, tmp_path)
    assert done.stdout.startswith("painted "), done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_bundled_command_line_migrates_a_new_book_and_finds_imported_customers(
    bundle: Bundle, fresh_pc: dict[str, str], tmp_path: Path
) -> None:
    """A new book is made by the bundled alembic migrations; the import reads pinyin from
    name_words.tsv and pypinyin's tables; 张 finds 張三 through opencc's folding table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["姓名", "手机号", "备注"])
    sheet.append(["張三", "13800001111", "老客 喜欢黑色"])
    sheet.append(["李四", "13900002222", ""])
    workbook.save(tmp_path / "customers.xlsx")
    who = ["--hq", "127.0.0.1:9", "--login", "sh001.bundle"]
    done = _run(
        [str(bundle.app), "book", "import", str(tmp_path / "customers.xlsx"), *who], fresh_pc, tmp_path
    )
    assert "Imported 2 customers" in done.stdout
    for words in ("张", "zs"):
        found = _run([str(bundle.app), "book", "search", words, *who], fresh_pc, tmp_path)
        assert "張三" in found.stdout and "李四" not in found.stdout, found.stdout


def test_bundle_holds_its_resources_and_leaves_out_what_a_store_pc_never_runs(bundle: Bundle) -> None:
    internal = bundle.internal
    migrations = sorted(path.name for path in (ROOT / "guide_app/book/alembic/versions").glob("*.py"))
    bundled = sorted(path.name for path in (internal / "guide_app/book/alembic/versions").glob("*.py"))
    assert bundled == migrations
    assert (internal / "guide_app/book/alembic/env.py").is_file()
    assert (internal / "guide_app/book/name_words.tsv").is_file()
    assert {path.name for path in (internal / "ui/resources/translations").glob("*.qm")} >= {
        "guide_desk_zh_CN.qm",
        "guide_desk_en.qm",
    }
    qt = internal / "PySide6" / ("." if sys.platform == "win32" else "Qt")
    assert list(qt.rglob("qtbase_zh_CN.qm"))
    for plugin in ("platforms/*offscreen*", "tls/*openssl*", "multimedia/*ffmpeg*", "imageformats/*jpeg*"):
        assert list((qt / "plugins").glob(plugin)), f"no Qt plugin {plugin}"
    names = {path.name for path in internal.rglob("*")}
    dangling = [path for path in internal.rglob("*") if path.is_symlink() and not path.exists()]
    assert not dangling, f"links to libraries left out: {dangling}"
    assert not [name for name in names if name.startswith(("qtbase_de", "qtbase_fr"))]
    assert not [name for name in names if any(unwanted in name for unwanted in UNWANTED)]
    dist_infos = {name.split("-")[0].lower() for name in names if name.endswith(".dist-info")}
    assert {"guide_desk", "pyside6_essentials", "pyside6_addons", "shiboken6", "keyring", "tuf"} <= dist_infos
    assert not dist_infos & {"fastapi", "uvicorn", "pytest", "pyinstaller", "psycopg"}
    modules = {name.split(".")[0] for name in pkg_archive_contents(str(bundle.app))}
    assert {"ui", "guide_app", "alembic", "keyring", "tuf"} <= modules
    assert not modules & {"hq", "release", "tests", "fastapi", "PIL", "tkinter", "pytest"}
