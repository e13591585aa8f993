"""What goes into a spreadsheet cell: text that Excel or WPS would run as a formula is escaped."""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Strings starting with = + - @ (or tab/CR) get a leading apostrophe, so a remark such as
    '=HYPERLINK(…)' stays text in Excel and WPS instead of running (openpyxl would even write
    it as a formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
