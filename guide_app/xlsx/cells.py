"""What goes into a spreadsheet cell: text that Excel or WPS would run as a formula stays text."""

from __future__ import annotations

from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(sheet: Any, value: Any) -> Any:
    """Strings starting with = + - @ (or tab/CR) become string cells with the quote-prefix style:
    the file holds the text itself, shown without an apostrophe, and Excel, WPS and LibreOffice
    neither run it on opening nor when the cell is edited ('=HYPERLINK(…)' stays a remark).
    openpyxl alone would write a leading '=' as a formula."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl typed "=…" as a formula ("f") on assignment
    cell.quotePrefix = True
    return cell
