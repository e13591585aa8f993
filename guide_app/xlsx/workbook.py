"""Opening a guide's workbook safely and streaming a sheet's rows, saved values and formulas alike.

Nothing here trusts the file: the zip's directory is checked before openpyxl unpacks a byte
(a 2 MiB zip bomb once took 6 GiB), and whatever a broken part makes openpyxl raise becomes
one GuideError the guide can act on, never a traceback.
"""

from __future__ import annotations

import zipfile
import zlib
from array import array
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, overload
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from guide_app.errors import ErrorCode, GuideError, InvalidInput

MAX_FILE_BYTES = 30 * 1024 * 1024
# Measured on a 200k-row, 12-column WeCom-style export saved by LibreOffice: sheet XML 117 MB at
# 10:1, shared strings 234 MB at 47:1, because LibreOffice writes every cell that mixes Chinese
# with digits (到店3次) as rich-text runs with a font each: ~10 bytes of markup per byte of text.
# openpyxl's inline strings: 144 MB at 10:1. 300k such rows stay under these limits; zip bombs
# unpack at 500-1000:1 into gigabytes.
MAX_UNPACKED_BYTES = 640 * 1024 * 1024
MAX_RATIO = 250
# The shared-string table is held in memory, so what it may hold is bounded by its text, not by
# its markup: the export above holds 624k strings and 5.4M characters (~60 MiB as Python strings).
MAX_SHARED_STRINGS = 3_000_000
MAX_SHARED_TEXT = 40_000_000  # characters
# Anything else openpyxl reads whole (styles, workbook, themes): far above a messy real file's few MB.
MAX_OTHER_PART_BYTES = 32 * 1024 * 1024
RATIO_FROM_BYTES = 1024 * 1024  # tiny parts (styles, rels) compress oddly and cost nothing
MAX_ROWS = 300_000
_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"
_DIMENSION_TAG = f"{{{SHEET_MAIN_NS}}}dimension"
_TEXT_TAG = f"{{{SHEET_MAIN_NS}}}t"
_RUN_TAG = f"{{{SHEET_MAIN_NS}}}r"

# What openpyxl and the standard library raise on a broken part, found by breaking every part of
# a real workbook in turn (tests/unit/guide_app/test_xlsx_hostile.py): a missing part (KeyError),
# XML that is not XML (ParseError), a bad shared-string index (IndexError), a bad number or cell
# reference (ValueError), a descriptor refusing a value (TypeError), broken deflate data (zlib.error,
# EOFError), a date serial beyond the calendar (OverflowError).
BROKEN_PART_ERRORS: tuple[type[BaseException], ...] = (
    KeyError,
    IndexError,
    ValueError,
    TypeError,
    AttributeError,
    ParseError,
    zlib.error,
    EOFError,
    OverflowError,
    NotImplementedError,
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    InvalidFileException,
)


def broken(name: str, error: BaseException) -> InvalidInput:
    return InvalidInput(
        f"{name} is damaged inside ({type(error).__name__}); open it in Excel or WPS, save it again "
        "as .xlsx and import that copy",
        code=ErrorCode.import_malformed,
    )


def check_package(path: Path) -> None:
    """Refuse a file that is too big, is not a zip, or unpacks far larger than a real workbook."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InvalidInput(
            f"cannot open {path.name}: {error.strerror}", code=ErrorCode.import_unreadable
        ) from error
    if size > MAX_FILE_BYTES:
        raise GuideError(
            f"{path.name} is {size // (1024 * 1024)} MB; an import takes at most 30 MB",
            code=ErrorCode.import_too_large,
        )
    try:
        with zipfile.ZipFile(path) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise InvalidInput(
            f"{path.name} is not an Excel workbook (.xlsx); save it as .xlsx and try again",
            code=ErrorCode.import_not_xlsx,
        ) from error
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _suspicious(path, f"it would unpack to {unpacked // (1024 * 1024):,} MB")
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size >= RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise _suspicious(path, f"its part {member.filename} is packed {ratio:,.0f} times")
        if member.file_size > _part_limit(member.filename):
            raise _suspicious(
                path, f"its part {member.filename} unpacks to {member.file_size // (1024 * 1024):,} MB"
            )


def _part_limit(name: str) -> int:
    """Sheets are streamed and the string table is bounded by its text (_string_table)."""
    if name.startswith("xl/worksheets/") or name.endswith("sharedStrings.xml"):
        return MAX_UNPACKED_BYTES
    return MAX_OTHER_PART_BYTES


def _suspicious(path: Path, why: str) -> GuideError:
    return GuideError(
        f"{path.name} is not imported: {why}, far more than any real customer list; it may be built "
        "to exhaust the PC. Ask whoever sent it for a plain export",
        code=ErrorCode.import_suspicious,
    )


@contextmanager
def opened(path: Path) -> Iterator[Workbook]:
    """The workbook, read-only (rows streamed from the file), after check_package."""
    check_package(path)
    # data_only: each formula cell reads as the value Excel/WPS saved with it; _SheetParser below
    # adds the formula text, so one streaming pass sees both.
    try:
        reader = _LeanExcelReader(path, read_only=True, data_only=True)
        reader.read()  # what load_workbook does, with the string table below
        workbook: Workbook = reader.wb
    except (InvalidFileException, zipfile.BadZipFile) as error:
        raise InvalidInput(
            f"{path.name} is not an Excel workbook (.xlsx); save it as .xlsx and try again",
            code=ErrorCode.import_not_xlsx,
        ) from error
    except OSError as error:
        raise InvalidInput(f"cannot read {path.name}: {error}", code=ErrorCode.import_unreadable) from error
    except BROKEN_PART_ERRORS as error:
        raise broken(path.name, error) from error
    try:
        yield workbook
    finally:
        workbook.close()


class _LeanExcelReader(ExcelReader):
    """openpyxl's workbook reader, reading the shared-string table without keeping a cleared
    element per string under its root (measured: 384 MiB peak for a 200k-row WeCom export saved
    by LibreOffice, with 800k shared strings), and refusing a table that holds more text than any
    real customer list."""

    def __init__(self, path: Path, **options: Any) -> None:
        super().__init__(path, **options)
        self._path = path

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _string_table(source, self._path)

    def read_worksheets(self) -> None:
        """openpyxl's read-only branch, with sheets that size themselves from their head."""
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            worksheet = _LeanSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


class _LeanSheet(ReadOnlyWorksheet):
    """A read-only sheet that reads its stated size from the <dimension> at its head. openpyxl's
    own, on a sheet that states none (its streaming writer's), parses the whole sheet into a tree
    when the workbook opens: a second pass over the file, and a 50k-row tree of garbage that only a
    full collection frees; walking it held the GIL 20-50 ms at a time during an import."""

    def _get_size(self) -> None:
        with self._get_source() as source:
            for _event, element in iterparse(source, events=("start",)):
                if element.tag == _DIMENSION_TAG:
                    boundaries = range_boundaries(element.get("ref", ""))
                    self._min_column, self._min_row, self._max_column, self._max_row = boundaries
                    return
                if element.tag == DATA_TAG:
                    return


class StringTable(Sequence[str]):
    """The shared strings, packed: each run of CHUNK strings joined into one str, with every
    string's end offset in an array. A list of 624k strings (LibreOffice's export of 200k
    customers) took 62 MiB as separate str objects; packed it takes ~14 MiB."""

    CHUNK = 4096

    def __init__(self) -> None:
        self._chunks: list[str] = []
        self._ends = array("L")  # end offset of each string within its chunk
        self._pending: list[str] = []

    def append(self, text: str) -> None:
        self._ends.append((self._ends[-1] if self._pending else 0) + len(text))
        self._pending.append(text)
        if len(self._pending) == self.CHUNK:
            self._seal()

    def _seal(self) -> None:
        if self._pending:
            self._chunks.append("".join(self._pending))
            self._pending = []

    def done(self) -> StringTable:
        self._seal()
        return self

    def __len__(self) -> int:
        return len(self._ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        if not 0 <= index < len(self._ends):  # a list would read -1 as the last string
            raise IndexError(f"shared string {index} is not in the table of {len(self._ends):,}")
        chunk, at = divmod(index, self.CHUNK)
        start = self._ends[index - 1] if at else 0
        return self._chunks[chunk][start : self._ends[index]]


def _text_of(string: Any) -> str:
    """A shared string's text as openpyxl's Text.content gives it: the plain <t>, then each
    rich-text run's <t>, leaving out phonetic guides (<rPh>). Text.from_tree builds a Font for
    every run first: 50 of the 64 s of reading a 20k-row export LibreOffice saved."""
    plain = string.find(_TEXT_TAG)
    parts = [plain.text] if plain is not None and plain.text else []
    for run in string.iterfind(_RUN_TAG):
        text = run.find(_TEXT_TAG)
        if text is not None and text.text:
            parts.append(text.text)
    return "".join(parts)


def _string_table(source: Any, path: Path) -> StringTable:
    strings = StringTable()
    characters = 0
    root = None
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            root = element if root is None else root
        elif element.tag == _STRING_TAG:
            text = _text_of(element).replace("x005F_", "")  # as openpyxl does
            strings.append(text)
            characters += len(text)
            if len(strings) > MAX_SHARED_STRINGS or characters > MAX_SHARED_TEXT:
                held = f"{len(strings):,} texts of {characters:,} characters"
                raise _suspicious(path, f"its shared strings hold more than {held}")
            if root is not None:
                root.clear()
    return strings.done()


@dataclass(frozen=True, slots=True)
class Formula:
    """A formula cell with no usable saved value: a program that never calculated it wrote the
    file, or the saved value is an error such as #REF!."""

    text: str  # the formula as written, with its leading "=" (or the error, e.g. "#REF!")


@dataclass(frozen=True, slots=True)
class SheetRow:
    number: int  # as Excel shows it
    values: list[Any]  # by column from A; a Formula where the file holds no saved value
    formulas: dict[int, str]  # column index → formula text, for every formula cell (saved or not)


class _SheetParser(WorkSheetParser):
    """openpyxl's own streaming parser, keeping each formula's text beside its saved value."""

    def rows(self) -> Iterator[tuple[int, list[dict[str, Any]]]]:
        """(row number, cells) for each row, keeping nothing after it. openpyxl's parse() clears each
        row but leaves it under sheetData (20 MB at 200k rows); here sheetData is emptied as it
        goes, and the parts of the sheet an import does not read are passed over."""
        sheet_data = None
        for event, element in iterparse(self.source, events=("start", "end")):
            if event == "start":
                if element.tag == DATA_TAG:
                    sheet_data = element
            elif element.tag == ROW_TAG:
                yield self.parse_row(element)
                # parse_row also keeps each row's attributes (height, style: every row Excel or
                # LibreOffice saves has some) for a sheet it would rebuild: 150 MB at 200k rows.
                self.row_dimensions.clear()
                if sheet_data is not None:
                    sheet_data.clear()

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        formula = element.find(FORMULA_TAG)
        if formula is not None:
            cell["formula"] = "=" + (formula.text or "")
        return cell


def sheet_rows(workbook: Workbook, title: str) -> Generator[SheetRow, None, None]:
    """Every row that has cells, in order; a broken part raises InvalidInput(import_malformed)."""
    sheet = workbook[title]
    try:
        with sheet._get_source() as source:  # openpyxl ≥ 3.1's read-only sheet part
            parser = _SheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.rows():
                yield _row(number, cells)
    except BROKEN_PART_ERRORS as error:
        raise broken(f"sheet {title!r}", error) from error


def _row(number: int, cells: list[dict[str, Any]]) -> SheetRow:
    width = max((cell["column"] for cell in cells), default=0)
    if width > 16_384:  # Excel's last column is XFD
        raise ValueError(f"column {width} is beyond Excel's last column")
    values: list[Any] = [None] * width
    formulas: dict[int, str] = {}
    for cell in cells:
        at = cell["column"] - 1
        values[at] = cell["value"]
        formula = cell.get("formula")
        if formula is not None:
            formulas[at] = formula
        if (formula is not None and cell["value"] is None) or cell["data_type"] == "e":
            # No saved value, or a saved error (#REF!, #N/A): nothing a customer field can hold.
            values[at] = Formula(formula or str(cell["value"]))
    return SheetRow(number, values, formulas)
