"""The one CSV writer for every file peerbot writes: text a spreadsheet would run as a formula is kept as text.

Excel, LibreOffice and Google Sheets treat a cell starting with `=`, `+`, `-` or `@` (or a tab or carriage
return before one) as a formula, so a resource titled `=HYPERLINK("https://evil.example","Open")` or an
answer `@SUM(A1:A9)` would run when an evaluator opens the file. A leading `'` makes the cell plain text in
all of them. Numbers are written as numbers: they are not typed by people and a negative count is no formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guard_cell(value: Any) -> Any:
    """The cell as a spreadsheet should show it: text that starts like a formula gets a leading `'`."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return GUARD + value
    return value


def unguard_cell(text: str) -> str:
    """Undo `guard_cell`, so a file peerbot wrote reads back as it was (resource import)."""
    if text.startswith(GUARD) and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class SpreadsheetWriter:
    """`csv.writer` whose every row goes through `guard_cell`."""

    def __init__(self, out: TextIO, *, lineterminator: str = "\r\n") -> None:
        self._writer = csv.writer(out, lineterminator=lineterminator)

    def writerow(self, row: Iterable[Any]) -> None:
        self._writer.writerow([guard_cell(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_text(rows: Iterable[Iterable[Any]], *, bom: bool = False) -> str:
    """Rows as CSV text with `\\n` line ends; `bom` puts a byte-order mark first so spreadsheets read UTF-8."""
    buffer = io.StringIO()
    SpreadsheetWriter(buffer, lineterminator="\n").writerows(rows)
    return ("\ufeff" if bom else "") + buffer.getvalue()
