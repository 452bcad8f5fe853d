"""Cells that are safe to open in a spreadsheet.

A CSV cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which
some spreadsheets skip before looking) is run as a formula by Excel and LibreOffice: a list
exported from the map could then call out to the internet or run a command on a staff laptop
("CSV injection"). Such cells get a leading apostrophe, which spreadsheets show as text and
hide. Plain numbers (``-3.5``, ``+33``) are left alone: they compute nothing.
"""

from __future__ import annotations

import re

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?")


def is_formula(cell: object) -> bool:
    """True for text a spreadsheet would run as a formula."""
    return (
        isinstance(cell, str)
        and cell.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(cell)
    )


def neutralise(cell: object) -> object:
    """``"=HYPERLINK(...)"`` → ``"'=HYPERLINK(...)"``; numbers and other text unchanged.

    Idempotent: a neutralised cell starts with an apostrophe and is left as it is.
    """
    return "'" + cell if is_formula(cell) else cell


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells are neutralised, for a CSV download."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise)
    return out
