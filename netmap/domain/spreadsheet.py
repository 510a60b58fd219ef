"""CSV that a spreadsheet opens without running anything: OWASP's advice on CSV injection.

A cell beginning with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return or
line feed) is a formula to Excel, LibreOffice and Google Sheets, and a formula
can fetch URLs or run commands. Names and labels come from the people who
typed them, so every CSV netmap writes goes through :func:`csv_text`, which
puts a single quote before such a cell (the spreadsheet then shows it as
text) and lets the csv module quote separators and double quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralised(cell: str) -> str:
    """``cell`` with a single quote in front if a spreadsheet would take it for a formula."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def csv_text(rows: Iterable[Sequence[str]]) -> str:
    """Rows as CSV text (``\\n`` line ends), every cell neutralised.

    With ``\\n`` as the line end the csv module would leave a carriage return
    inside a cell unquoted; a row that has one is written with every cell quoted.
    """
    buffer = io.StringIO()
    plain = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [neutralised(cell) for cell in row]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
    return buffer.getvalue()
