"""Writing a guide's workbook for import tests: one sheet, a header row and its rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook


def write_sheet(
    path: Path, header: Sequence[object], rows: Iterable[Sequence[object]], title: str = "客户名单"
) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    workbook.save(path)
    return path
