"""One exception root for the project, and the value that describes a problem in a data file.

Subclasses also inherit the matching builtin (as geopy does), so callers that only know
``ValueError`` or ``OSError`` still catch them.
"""

from __future__ import annotations

from dataclasses import dataclass


class GeoError(Exception):
    """Root of every error this package raises on purpose."""


class DataError(GeoError, ValueError):
    """A data file cannot be used as it is; ``problems`` says every reason."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        super().__init__(shown)


class ReadError(GeoError, OSError):
    """A file could not be read at all (missing, not CSV/XLSX, damaged).

    ``problem`` locates it when the reader knows where (a row of a CSV that cannot be decoded);
    ``ReadError.at`` builds one. Otherwise the message starts with the file's name."""

    problem: Problem | None = None

    @classmethod
    def at(cls, file: str, message: str, fix: str, *, row: int = 0, value: str = "") -> ReadError:
        problem = Problem(file, row, "", value, message, fix)
        error = cls(str(problem))
        error.problem = problem
        return error


class NotATable(ReadError):
    """The file is not a CSV or XLSX table at all (an image, an old .xls named .xlsx)."""


class LimitError(ReadError):
    """A file is over one of the limits of ``geo.data.reading.Limits`` (size, unpacked size, rows,
    time): refused before it can exhaust memory or hold the server."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in a data file, located as a spreadsheet user would find it.

    ``row`` is the spreadsheet row number (the header is row 1, the first data row is row 2);
    0 means the whole file: it prints as ``file: message``, never as a row 0 nobody can find.
    ``column`` is empty when the problem is not about one column.
    """

    file: str
    row: int
    column: str
    value: str
    message: str
    fix: str
    severity: str = "error"  # "error" blocks loading; "warning" is shown but loads

    def __str__(self) -> str:
        where = self.file
        if self.row:
            where += f":{self.row}:{self.column or '-'}"
        elif self.column:
            where += f": column {self.column!r}"
        text = self.message
        if self.value != "" and repr(self.value) not in text:
            text += f" (value {self.value!r})"
        if self.fix:
            text += f"; fix: {self.fix}"
        if self.severity != "error":
            text = f"{self.severity}: {text}"
        return f"{where}: {text}"
