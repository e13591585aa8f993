"""The app's language: zh_CN by default, English (the source strings) on request.

Our own strings are compiled from `ui/resources/translations/guide_desk_<lang>.ts`; Qt's own
(standard buttons, file dialogs) come from the translations PySide6 ships. English loads only its
plurals ("1 customer", "2 customers" for the source's "%n customer(s)").
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")
TRANSLATIONS = "ui.resources.translations"


def qm_file(language: str) -> str:
    return f"guide_desk_{language}.qm"


def install_translators(app: QCoreApplication, language: str = DEFAULT_LANGUAGE) -> list[QTranslator]:
    """Load the language's translators into `app` and return them (they must outlive the app's
    use of them)."""
    QLocale.setDefault(QLocale(language))
    installed: list[QTranslator] = []
    ours = QTranslator(app)
    with resources.as_file(resources.files(TRANSLATIONS).joinpath(qm_file(language))) as path:
        if not ours.load(str(path)):
            raise RuntimeError(f"the {language} translation is missing or damaged: {path}")
    installed.append(ours)
    qt_own = QTranslator(app)
    if language != "en" and qt_own.load(
        f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        installed.append(qt_own)
    for translator in installed:
        app.installTranslator(translator)
    return installed


def QT_TRANSLATE_NOOP(context: str, source: str) -> str:
    """Mark `source` for translation in `context` without translating it yet (a table of
    sentences translated when shown). Qt's own is typed as returning object."""
    return source
