"""CSV files that are safe to open in a spreadsheet, whatever separator it splits them on.

A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) is run as a formula by Excel and LibreOffice: a list
exported from the map could then call out to the internet or run a command on a staff laptop
("CSV injection"). Such cells get a leading apostrophe, which spreadsheets show as text.
Plain numbers (``-3.5``, ``+33``) are left alone: they compute nothing.

Our files are split on ``,`` but French Excel and LibreOffice may split them on ``;``; then
quotes that protect a cell are no longer at the start of a field, and whatever follows a
``;`` (or a ``,``, or a line break inside a cell) starts a new cell: ``https://e.org/;=1+1``
becomes a live ``=1+1``. So every such piece that would start with a formula character gets
the apostrophe too, right after the separator or line break. Every CSV the project writes goes
through ``csv_text`` here: one rule, one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "Would a spreadsheet read this as a plain number rather than run it?": a question about
# formula safety, not a reading of a coordinate (that is ``geo.data.cells``), so it stays here.
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")
# Where a spreadsheet may start a cell inside our text, past the spaces and quotes it skips,
# and the piece from the formula character up to the next place a cell could end.
_INNER_PIECE = re.compile(r'(?<=[,;\r\n])([ \t"]*)([=+\-@][^,;\r\n"]*)')
# A cell is quoted when it holds either separator, a quote, or a line break of any kind:
# a bare CR unquoted would end the row in every reader.
_NEEDS_QUOTES = re.compile(r'[,;"\r\n]')


def is_formula(cell: object) -> bool:
    """True for text that starts with what a spreadsheet would run as a formula."""
    if not isinstance(cell, str):
        return False
    start = cell.lstrip(' "')  # spreadsheets skip them before looking
    return start.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER.fullmatch(start)


def _guard_piece(match: re.Match) -> str:
    skipped, piece = match.groups()
    return skipped + piece if _PLAIN_NUMBER.fullmatch(piece) else "'" + skipped + piece


def neutralise(cell: object) -> object:
    """``"=HYPERLINK(...)"`` → ``"'=HYPERLINK(...)"``, ``"a;=1+1"`` → ``"a;'=1+1"``; numbers
    and other text unchanged.

    Idempotent: an apostrophe already stands where one is needed, so a dumped file read back
    and dumped again is the same.
    """
    if not isinstance(cell, str):
        return cell
    text = "'" + cell if is_formula(cell) else cell
    return _INNER_PIECE.sub(_guard_piece, text)


def has_inner_formula(cell: object) -> bool:
    """True when a part of ``cell`` after a ``,``, ``;`` or line break would be a formula
    once a spreadsheet splits the line there (the start of the cell aside)."""
    return isinstance(cell, str) and _INNER_PIECE.sub(_guard_piece, cell) != cell


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out


def csv_field(cell: object) -> str:
    """One cell as CSV: neutralised, and quoted when it holds ``,``, ``;``, ``"``, CR or LF
    (its own line breaks are kept, inside the quotes)."""
    text = "" if cell is None else str(neutralise(cell) if isinstance(cell, str) else cell)
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_text(rows: Iterable[Iterable[object]], *, newline: str = "\r\n") -> str:
    """Rows (the header first) as CSV text that no spreadsheet runs a formula of, split on
    ``,`` or ``;``; minimal quoting, so plain files stay plain (and diff well in git)."""
    return "".join(",".join(map(csv_field, row)) + newline for row in rows)


def frame_rows(frame: pd.DataFrame) -> Iterable[list[object]]:
    """The header and the cells of ``frame`` as a person reads them: blanks for missing values,
    numbers as pandas prints them."""
    yield [str(c) for c in frame.columns]
    for values in frame.astype(object).itertuples(index=False, name=None):
        yield ["" if _missing(v) else v for v in values]


def _missing(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array in a cell is not missing
        return False
