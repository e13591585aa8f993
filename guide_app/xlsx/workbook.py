"""Opening a guide's workbook safely and streaming a sheet's rows, saved values and formulas alike.

Nothing here trusts the file: the zip's directory is checked before openpyxl unpacks a byte
(a 2 MiB zip bomb once took 6 GiB), and whatever a broken part makes openpyxl raise becomes
one GuideError the guide can act on, never a traceback.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl.cell.text import Text
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._reader import DATA_TAG, FORMULA_TAG, ROW_TAG, WorkSheetParser
from openpyxl.xml.constants import SHARED_STRINGS, SHEET_MAIN_NS

from guide_app.errors import ErrorCode, GuideError, InvalidInput

MAX_FILE_BYTES = 30 * 1024 * 1024
# Measured on a 200k-row, 12-column WeCom-style export saved by LibreOffice: sheet XML 111 MB at
# 11.6:1, shared strings 94 MB at 38.9:1 (openpyxl's inline strings: 134 MB at 12:1). 300k such
# rows stay under these limits; zip bombs unpack at 500-1000:1 into gigabytes.
MAX_UNPACKED_BYTES = 640 * 1024 * 1024
MAX_RATIO = 250
# openpyxl holds these parts whole in memory (sheets it streams): shared strings twice the measured
# 94 MB, anything else (styles, workbook, themes) far above the few MB of a messy real file.
MAX_SHARED_STRINGS_BYTES = 192 * 1024 * 1024
MAX_OTHER_PART_BYTES = 32 * 1024 * 1024
RATIO_FROM_BYTES = 1024 * 1024  # tiny parts (styles, rels) compress oddly and cost nothing
MAX_ROWS = 300_000
_STRING_TAG = f"{{{SHEET_MAIN_NS}}}si"

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
    if name.startswith("xl/worksheets/"):
        return MAX_UNPACKED_BYTES
    return MAX_SHARED_STRINGS_BYTES if name.endswith("sharedStrings.xml") else MAX_OTHER_PART_BYTES


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
    by LibreOffice, with 800k shared strings)."""

    def read_strings(self) -> None:
        part = self.package.find(SHARED_STRINGS)
        if part is not None:
            with self.archive.open(part.PartName[1:]) as source:
                self.shared_strings = _string_table(source)


def _string_table(source: Any) -> list[str]:
    strings: list[str] = []
    root = None
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            root = element if root is None else root
        elif element.tag == _STRING_TAG:
            strings.append(Text.from_tree(element).content.replace("x005F_", ""))  # as openpyxl does
            if root is not None:
                root.clear()
    return strings


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
