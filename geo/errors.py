"""One exception root for the project, and the value that describes a problem in a data file.

Subclasses also inherit the matching builtin (as geopy does), so callers that only know
``ValueError`` or ``OSError`` still catch them.

Every error and problem carries a stable machine-readable ``code`` (snake_case, such as
``lat_out_of_range``) and the ``params`` its words are made of: code decides by the code,
never by the words, which are for people (``geo.messages`` renders them from code and params,
so that a catalogue in another language can too).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


class GeoError(Exception):
    """Root of every error this package raises on purpose.

    ``code`` is the class's default, overridden per raise with ``code=``; ``params`` are the
    values the message is made of (a plain dict, so that an error pickles across processes)."""

    code: str = "error"

    def __init__(
        self, *args: object, code: str | None = None, params: Mapping[str, object] | None = None
    ):
        super().__init__(*args)
        if code:
            self.code = code
        self.params: dict[str, object] = dict(params or {})

    # The error as a problem of a file (row 0) or of the row where it was found, when it is
    # about a file (``about``).
    problem: Problem | None = None

    @classmethod
    def of(cls, code: str, **params: object):
        """The error whose message is ``geo.messages``' words for ``code`` and ``params``."""
        from geo.messages import render_line

        return cls(render_line(code, params), code=code, params=params)

    @classmethod
    def about(cls, code: str, *, file: str, row: int = 0, value: str = "", **params: object):
        """The error ``code`` about a file (or a row of it): its message starts with the file's
        name, as the problem it carries prints."""
        problem = Problem.of(code, file=file, row=row, value=value, params=params)
        error = cls(str(problem), code=code, params=problem.params)
        error.problem = problem
        return error


class DataError(GeoError, ValueError):
    """A data file cannot be used as it is; ``problems`` says every reason (each with its own
    code; the error's code is the first problem's, ``data_invalid`` when there is none)."""

    code = "data_invalid"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]):
        self.problems = tuple(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = len(self.problems) - 20
        if more > 0:
            shown += f"\n… and {more} more"
        first = self.problems[0] if self.problems else None
        super().__init__(shown, code=first.code if first else None,
                         params=first.params if first else None)  # fmt: skip

    def __reduce__(self):
        return type(self), (self.problems,)


class ReadError(GeoError, OSError):
    """A file could not be read at all (missing, not CSV/XLSX, damaged).

    ``problem`` locates it: the file (row 0), or the row the reader stopped at (a row of a
    CSV that cannot be decoded). The message starts with the file's name."""

    code = "file_unreadable"

    def as_problem(self, file: str) -> Problem:
        """The problem this error is in a report. Refused whole (row 0), its one line is the
        message, fix included, as the reader raised it; a row it stopped at keeps its fix
        apart."""
        from dataclasses import replace

        problem = self.problem or Problem(file, 0, "", "", str(self), "", code=self.code)
        if problem.row or not problem.fix:
            return problem
        return replace(problem, message=f"{problem.message}; fix: {problem.fix}", fix="")


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
    code: str = "problem"
    # The values ``message`` and ``fix`` are made of (``geo.messages``); not hashed (a dict).
    params: Mapping[str, object] = field(default_factory=dict, hash=False)

    @classmethod
    def of(
        cls, code: str, *, file: str, row: int = 0, column: str = "", value: str = "",
        severity: str = "error", params: Mapping[str, object] | None = None, **more: object,
    ) -> Problem:
        """The problem ``code`` with ``geo.messages``' words for it, made of ``params`` and
        ``more`` (the values the words quote; a mapping such as a ``CellError``'s goes in
        ``params``)."""
        from geo.messages import render

        values = {**(params or {}), **more}
        message, fix = render(code, values)
        return cls(file, row, column, value, message, fix, severity, code, values)

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
