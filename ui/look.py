"""The app's look: its name, a font that draws Chinese, and the QApplication set up in a language."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from ui.i18n import install_translators

APP_NAME = "Guide Desk"  # for paths and the system; people see `app_title()`


def app_title() -> str:
    """The app's name as the guide reads it (导购工作台 in zh_CN)."""
    return QCoreApplication.translate("Look", "Guide Desk")


# Fonts that draw Chinese well, best first: Windows, macOS, then the Linux packages `make deps` installs.
CJK_FAMILIES = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)


def cjk_font() -> QFont:
    """The UI font: the first CJK family this PC has, at the platform's size."""
    font = QApplication.font()
    available = set(QFontDatabase.families())
    for family in CJK_FAMILIES:
        if family in available:
            font.setFamilies([family])
            break
    return font


# How long a thread waiting for the GIL waits before the running one must hand it over. Python's
# 5 ms let a worker reading a workbook hold the UI thread 95 ms at a time (the 50k-row import
# heartbeat test); at 1 ms the longest wait was 46 ms. Only threads that contend pay for it.
GIL_SWITCH_SECONDS = 0.001


def make_application(language: str) -> QApplication:
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName("GuideDesk")
    app.setFont(cjk_font())
    install_translators(app, language)  # parented to the app, so they live as long as it
    return app
