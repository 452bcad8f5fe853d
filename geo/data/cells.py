"""One parser per idea for what people type in a cell: a coordinate, a date, a yes/no flag.

Every reader of such text calls these: the validation of a file, the store's writes, the
overrides file, a position typed in the review, a date in a link, a flag in a URL or in the
environment. So a value means the same wherever it is typed, and is refused for the same
reason. Python's own ``float()`` and ``int()`` are too lenient for text from people: they take
``4_3.7``, ``nan``, ``infinity`` and the digits of any script, each of which would slip in as a
wrong number.

A refusal is a ``CellError`` with a stable ``code`` and the ``params`` its words are made of
(``geo.messages``); callers decide by the code, never by the words.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date

import numpy as np

from geo.data.schema import FALSE_WORDS, TRUE_WORDS
from geo.errors import GeoError

# What a person writes for a decimal number (re.ASCII: \d would also take other scripts).
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", re.ASCII)
_DECIMAL_COMMA = re.compile(r"[-+]?\d+,\d+", re.ASCII)  # as French Excel writes 50,6337
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", re.ASCII)
AXES = {"lat": ("latitude", 90), "lon": ("longitude", 180)}


class CellError(GeoError, ValueError):
    """A cell's text is not the value it should be; ``code`` says why, ``params`` with what."""

    code = "cell_invalid"


def _refuse(code: str, **params: object) -> CellError:
    from geo.messages import render_line

    return CellError(render_line(code, params), code=code, params=params)


def parse_number(text: str, *, axis: str = "lat") -> float:
    """A decimal number as a person types it: ``50.6337``, ``50,6337``, ``-3``, ``5e1``, with a
    typographic minus and spaces allowed. Raises ``CellError`` (``number_*`` codes)."""
    word = AXES[axis][0]
    clean = str(text).replace("\u2212", "-").replace(" ", "")
    if _DECIMAL_COMMA.fullmatch(clean):
        clean = clean.replace(",", ".")
    if not _DECIMAL.fullmatch(clean):
        raise _not_decimal(clean, axis=axis, word=word, text=str(text))
    value = float(clean)
    if not math.isfinite(value):
        raise _refuse("number_too_large", axis=axis, word=word, text=str(text))
    if value == 0 and re.search(r"[1-9]", re.split(r"[eE]", clean)[0]):
        raise _refuse("number_underflow", axis=axis, word=word, text=str(text))
    return value


def _not_decimal(clean: str, *, axis: str, word: str, text: str) -> CellError:
    latin = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in clean)
    if not clean.isascii() and _DECIMAL.fullmatch(latin):
        return _refuse("number_non_latin_digits", axis=axis, word=word, text=text,
                       digits=latin)  # fmt: skip
    if "_" in clean and _DECIMAL.fullmatch(clean.replace("_", "")):
        return _refuse("number_underscore", axis=axis, word=word, text=text)
    return _refuse("number_invalid", axis=axis, word=word, text=text)


def parse_coordinate(text: object, *, axis: str) -> float:
    """A latitude (``axis="lat"``) or longitude (``"lon"``) in decimal degrees, in range.
    A float passes as it is (a cleaned frame's value); text goes through ``parse_number``.
    Raises ``CellError``: a ``number_*`` code, or ``lat_out_of_range`` / ``lon_out_of_range``."""
    word, limit = AXES[axis]
    if isinstance(text, float | int) and not isinstance(text, bool):
        value = float(text)
        if not math.isfinite(value):
            raise _refuse("number_invalid", axis=axis, word=word, text=str(text))
    else:
        value = parse_number(str(text), axis=axis)
    if not -limit <= value <= limit:
        raise _refuse(f"{axis}_out_of_range", axis=axis, word=word, text=str(text),
                      number=value, limit=limit)  # fmt: skip
    return value


def parse_date(text: str) -> tuple[date, date]:
    """The first and last day an ISO date of year, month or day precision covers
    (``2022`` → 1 Jan-31 Dec). Raises ``CellError``: ``date_invalid`` (not YYYY[-MM[-DD]]),
    ``date_day_first`` (written DD/MM/YYYY: ``iso`` is the fix), ``date_month_invalid``,
    ``date_day_invalid`` (30 February), ``date_not_real`` (year 0)."""
    m = _ISO_DATE.match(text)
    if m:
        month, day = (int(m[2]) if m[2] else None), (int(m[3]) if m[3] else None)
        return _iso_days(text, int(m[1]), month, day)
    dmy = _DMY.match(text)
    if dmy:
        iso = f"{int(dmy[3]):04d}-{int(dmy[2]):02d}-{int(dmy[1]):02d}"
        raise _refuse("date_day_first", text=text, iso=iso)
    raise _refuse("date_invalid", text=text)


def _iso_days(text: str, y: int, mo: int | None, d: int | None) -> tuple[date, date]:
    """``mo``/``d`` are None when not written: 0 is a wrong month, not a missing one."""
    if mo is not None and not 1 <= mo <= 12:
        raise _refuse("date_month_invalid", text=text, month=mo)
    try:
        if d is not None and mo is not None:
            return date(y, mo, d), date(y, mo, d)
        if mo is not None:
            return date(y, mo, 1), date.fromordinal(date(y + (mo == 12), mo % 12 + 1, 1)
                                                    .toordinal() - 1)  # fmt: skip
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        if d is not None and mo is not None and 1 <= d <= 31 and y > 0:
            month = date(y, mo, 1).strftime("%B %Y")
            raise _refuse("date_day_invalid", text=text, month_name=month, day=d) from None
        raise _refuse("date_not_real", text=text) from None


def parse_flag(value: object) -> bool | None:
    """Yes or no in any language of ``geo.data.schema.TRUE_WORDS`` / ``FALSE_WORDS``
    (``oui``, ``nee``, ``1``, ``x``…); a bool as it is; None when blank or unclear."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    word = str(value).strip().casefold()
    if not word:
        return None
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
