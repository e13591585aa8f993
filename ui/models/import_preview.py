"""The import wizard's list of noted rows: bad, skipped and merged rows with their reasons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from guide_app.cells import FORMULA_STARTS
from guide_app.xlsx.importing import ImportPlan, ImportResult
from guide_app.xlsx.rows import RowProblem
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe_code

CONTEXT = "ImportPreview"
Index = QModelIndex | QPersistentModelIndex


class NoteKind(Enum):
    """Why a row is listed: each kind ends differently for the row."""

    bad = QT_TRANSLATE_NOOP("ImportPreview", "Problem")  # not imported
    skipped = QT_TRANSLATE_NOOP("ImportPreview", "Skipped")  # not imported, and nothing wrong
    merged = QT_TRANSLATE_NOOP("ImportPreview", "Merged")  # folded into an earlier row
    note = QT_TRANSLATE_NOOP("ImportPreview", "Note")  # imported, with something to know


@dataclass(frozen=True, slots=True)
class RowNote:
    row: int
    kind: NoteKind
    problem: RowProblem


HEADERS = (
    QT_TRANSLATE_NOOP("ImportPreview", "Row"),
    QT_TRANSLATE_NOOP("ImportPreview", "What"),
    QT_TRANSLATE_NOOP("ImportPreview", "Column"),
    QT_TRANSLATE_NOOP("ImportPreview", "Value"),
    QT_TRANSLATE_NOOP("ImportPreview", "Why"),
)


def row_notes(source: ImportPlan | ImportResult) -> list[RowNote]:
    """Every noted row of a plan or a result, in sheet order (a row's problems stay together)."""
    groups: Iterable[tuple[NoteKind, list[RowProblem]]] = (
        (NoteKind.bad, source.problems),
        (NoteKind.skipped, source.skipped),
        (NoteKind.merged, source.merged),
        (NoteKind.note, source.notes),
    )
    notes = [RowNote(problem.row, kind, problem) for kind, problems in groups for problem in problems]
    notes.sort(key=lambda note: note.row)
    return notes


def _translate(source: str) -> str:
    return QCoreApplication.translate(CONTEXT, source)


class RowNoteModel(QAbstractTableModel):
    """The noted rows as a table: row number, kind, column header, the cell, and why in plain words.
    A 50k-row file with a bad column lists 50k rows: only the rows on screen are ever rendered."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes: list[RowNote] = []
        self._reasons: dict[str, str] = {}  # one translated sentence per code

    def show(self, notes: list[RowNote]) -> None:
        self.beginResetModel()
        self._notes = notes
        self.endResetModel()

    def notes(self) -> list[RowNote]:
        return list(self._notes)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._notes)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _translate(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        return self.cells(self._notes[index.row()])[index.column()]

    def cells(self, note: RowNote) -> tuple[str, str, str, str, str]:
        """The texts of one listed row, as the table and the copied list show them."""
        return (
            str(note.row),
            _translate(note.kind.value),
            note.problem.column,
            note.problem.value,
            self.reason(note.problem),
        )

    def reason(self, problem: RowProblem) -> str:
        code = str(problem.code)
        if code not in self._reasons:
            self._reasons[code] = describe_code(problem.code)
        return self._reasons[code]

    def as_tab_separated(self) -> str:
        """The whole list with its header line, to paste into Excel or WPS."""
        lines = ["\t".join(_translate(header) for header in HEADERS)]
        lines += ["\t".join(_flat(cell) for cell in self.cells(note)) for note in self._notes]
        return "\n".join(lines) + "\n"


def _flat(text: str) -> str:
    """One cell of pasted text: no tab or line break splits it, and a leading = stays text (the
    apostrophe Excel and WPS read as "this is text" when a pasted cell starts with it)."""
    flat = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return "'" + flat if flat.startswith(FORMULA_STARTS) else flat
