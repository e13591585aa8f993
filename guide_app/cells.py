"""What goes into a spreadsheet cell: formula-like text stays text, and phone numbers are masked.

A leaf like guide_app/protocol.py (it imports nothing of guide_app): HQ's performance sheet and the
desktop's exports apply the same rules with it.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MOBILE = re.compile(r"1[3-9]\d{9}")
# A mainland mobile number standing alone in free text (not part of a longer run of digits).
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def text_cell(sheet: Any, value: Any) -> Any:
    """Strings starting with = + - @ (or tab/CR) become string cells with the quote-prefix style:
    the file holds the text itself, shown without an apostrophe, and Excel, WPS and LibreOffice
    neither run it on opening nor when the cell is edited ('=HYPERLINK(…)' stays a remark).
    openpyxl alone would write a leading '=' as a formula."""
    if not (isinstance(value, str) and value.startswith(FORMULA_STARTS)):
        return value
    # Here, not at the top: phone numbers are masked at the window's start, openpyxl (and Pillow
    # behind it) loads only when a workbook is written.
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl typed "=…" as a formula ("f") on assignment
    cell.quotePrefix = True
    return cell


def mask_phone(phone: str | None) -> str:
    """'13800138000' → '138****8000'; a landline keeps its area code and last four digits."""
    if not phone:
        return ""
    if MOBILE.fullmatch(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) > 8:
        return f"{phone[:-8]}****{phone[-4:]}"
    return "*" * len(phone)


def mask_phones_in(text: str | None) -> str:
    """Free text (a name, a login, a title) with every mobile number in it masked."""
    if not text:
        return ""
    return _MOBILE_IN_TEXT.sub(lambda found: mask_phone(found.group()), text)
