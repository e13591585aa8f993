"""Reading dates the way they arrive in guides' spreadsheets, refusing the ones that are only guesses."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from guide_app.errors import ErrorCode, InvalidInput

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 for every day after Excel's phantom 1900-02-29
_EARLIEST = date(1900, 1, 1)
_TEXT_FORMATS = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
]
# A serial typed as text only when it has five digits: 1927-05-18 (10000) to 2173 (99999). Four
# digits or fewer (0305, 1990) are a month-day, a year or a code far more often than a day in 1900.
_SERIAL_TEXT = re.compile(r"\d{5}(\.\d+)?")


def normalize_date(value: object, *, earliest: date = _EARLIEST, latest: date | None = None) -> date | None:
    """A date from a cell: a date, an Excel serial, or text such as 1990/5/3, 1990-05-03,
    1990年5月3日 or 19900503. Blank → None; anything else → InvalidInput saying what was written.

    A number (or five-digit text) is read as an Excel day number only when that day falls between
    `earliest` and `latest` (today by default): a bare 100 or 1990 is never taken for a day in 1900."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    latest = latest or date.today()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value, earliest, latest)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    text = re.sub(r"\s+", "", text).split("T")[0]
    if _SERIAL_TEXT.fullmatch(text):
        return _from_serial(float(text), earliest, latest)
    if re.fullmatch(r"\d{1,4}", text):
        raise InvalidInput(
            f"date {text!r} is ambiguous (a year alone, a month and day, or a number?); "
            "write it in full, e.g. 1990-05-03",
            code=ErrorCode.date_ambiguous,
        )
    for pattern in _TEXT_FORMATS:
        match = pattern.fullmatch(text) or (pattern.fullmatch(text[:10]) if len(text) > 10 else None)
        if match:
            return _checked(int(match["y"]), int(match["m"]), int(match["d"]), text)
    raise InvalidInput(f"date {text!r} is not in a known form (e.g. 1990-05-03)", code=ErrorCode.date_invalid)


def _from_serial(serial: float, earliest: date, latest: date) -> date:
    """Excel's day numbers. Excel counts a 29 February 1900 that never was (day 60), so days
    before it are one off from the epoch that is right for every later day."""
    day = int(serial)
    shown = f"{serial:g}"
    if not 1 <= day < 2958466 or day == 60:
        raise InvalidInput(f"{shown} is a number, not a date", code=ErrorCode.date_invalid)
    result = _EXCEL_EPOCH + timedelta(days=day + 1 if day < 60 else day)
    if not earliest <= result <= latest:
        raise InvalidInput(
            f"{shown} is a number, not a date (as an Excel day number it would be "
            f"{result.isoformat()}, outside {earliest.year}–{latest.year}); write the date, e.g. 1990-05-03",
            code=ErrorCode.date_ambiguous,
        )
    return result


def _checked(year: int, month: int, day: int, text: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError as error:
        raise InvalidInput(f"date {text!r} does not exist ({error})", code=ErrorCode.date_invalid) from error
    if not 1900 <= year <= date.today().year:
        raise InvalidInput(f"date {text!r} has an unlikely year", code=ErrorCode.date_invalid)
    return result
