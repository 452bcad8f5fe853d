"""Staff intake of a spreadsheet: limits, the validation report, fixing cells on the page.

The page calls, in order::

    intake = read_upload(uploaded.name, uploaded.getvalue())    # UploadError: show, stop
    st.html(report_html(intake.problems, file=intake.file))      # row, column, value, fix
    edited = st.data_editor(editable(intake))                    # staff fix cells ...
    intake = check_edited(edited, file=intake.file, columns=intake.columns)  # ... check again
    snapshot = store.snapshot()
    plan = plan_merge(snapshot.frame, intake.frame, base_revision=snapshot.revision,
                      columns=intake.columns, file=intake.file)  # geo.staff.merge
    st.dataframe(plan.preview())
    revision = apply(plan, store=store, author=staff_name)       # ConflictError: reload

Reading and checking are ``geo.data.reading`` and ``geo.data.validation``: nothing is parsed
twice. What merging does to the store is ``geo.staff.merge``.
"""

from __future__ import annotations

import math
import multiprocessing
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from html import escape
from pathlib import PurePath
from typing import cast

import pandas as pd

from geo.dashboard.table import TABLE_CSS
from geo.data.countries import fold
from geo.data.dataset import to_frame
from geo.data.reading import Limits, Table, megabytes, read_table
from geo.data.schema import COLUMN_NAMES, DATASET_COLUMNS
from geo.data.spreadsheet import is_formula, neutralise
from geo.data.store import NUMERIC, cell_text
from geo.data.validation import check_tables
from geo.errors import GeoError, LimitError, NotATable, Problem
from geo.i18n import DEFAULT, N_, Translator, translator
from geo.messages import MESSAGES, render

DEFAULT_MAX_BYTES = Limits().max_bytes
REPORT_COLUMNS = ("file", "row", "column", "value", "problem", "fix", "severity")


class UploadError(GeoError, ValueError):
    """An upload refused whole, before reading it: the message names the file and the fix."""

    code = "upload_refused"


class UploadTooLarge(UploadError):
    """The file is bigger than the deployment allows."""


class UnsupportedUpload(UploadError):
    """The file is not a CSV or XLSX table."""


# One set of limits for the upload and the command line (``geo.data.reading.Limits``).
UploadLimits = Limits


@dataclass(frozen=True, slots=True)
class Intake:
    """An uploaded table, checked: its records (cleaned, formulas neutralised) and problems."""

    file: str
    columns: tuple[str, ...]  # the dataset columns the file has: the ones it speaks for
    records: tuple[Mapping[str, object], ...]
    problems: tuple[Problem, ...]
    # What the reader found in rows (a row not in UTF-8, text encoded twice): the page passes
    # them to ``check_edited``, which keeps each while its row's cells are unchanged.
    read: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def frame(self) -> pd.DataFrame:
        """The records in the dataset contract; ``attrs["columns"]`` as ``columns``."""
        frame = to_frame([dict(r) for r in self.records])
        frame.attrs["columns"] = self.columns
        frame.attrs["file"] = self.file
        return frame

    @property
    def report(self) -> pd.DataFrame:
        return report(self.problems)


def report(problems: tuple[Problem, ...] | list[Problem], *, lang: str = DEFAULT) -> pd.DataFrame:
    """The validation report as a table: one line per problem, in file and row order; the
    problem, its fix and its severity in ``lang``, from the problem's code (the columns keep
    their names: the page shows them in the language, ``report_headers``)."""
    tr = translator(lang)
    rows = [
        {"file": p.file, "row": p.row, "column": p.column, "value": p.value,
         **_words(p, lang), "severity": tr.t(p.severity)}
        for p in sorted(problems, key=lambda p: (p.file, p.row, p.column))
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype({"row": int})


# TRANSLATORS: the columns of the validation report, and its severities.
REPORT_HEADERS = {"file": N_("file"), "row": N_("row"), "column": N_("column"),
                  "value": N_("value"), "problem": N_("problem"), "fix": N_("fix"),
                  "severity": N_("severity")}  # fmt: skip
SEVERITIES = (N_("error"), N_("warning"))


def report_headers(lang: str = DEFAULT) -> dict[str, str]:
    """The report's column headers in ``lang``, by column."""
    tr = translator(lang)
    return {column: tr.t(header) for column, header in REPORT_HEADERS.items()}


# --- the report as people read it: Streamlit's grid is a canvas whose cells are Tab stops and
# whose rows a screen reader cannot step through; this is a plain HTML table (the dashboard's
# look, geo.dashboard.table), a page of problems at a time, one Tab stop, with a skip link. ---

REPORT_PAGE_ROWS = 50
REPORT_SHOWN = ("row", "column", "value", "problem", "fix", "severity")
REPORT_END = "efus-report-end"


def report_pages(problems: int) -> int:
    return max(1, -(-problems // REPORT_PAGE_ROWS))


def report_html(problems: tuple[Problem, ...] | list[Problem], *, file: str, page: int = 0,
                lang: str = DEFAULT) -> str:  # fmt: skip
    """Page ``page`` (from 0) of the validation report as an HTML table, every value escaped:
    each problem's row number as its row header, a caption that names the file, counts the
    errors and warnings and says which problems are shown."""
    tr = translator(lang)
    table = report(problems, lang=lang)
    start = min(page, report_pages(len(table)) - 1) * REPORT_PAGE_ROWS
    shown = table.iloc[start:start + REPORT_PAGE_ROWS]
    headers = report_headers(lang)
    head = "".join(f'<th scope="col" data-column="{c}">{escape(headers[c])}</th>'
                   for c in REPORT_SHOWN)  # fmt: skip
    body = "".join(_report_row(row) for _, row in shown.iterrows())
    caption = escape(report_caption(problems, file=file, first=start + 1,
                                    last=start + len(shown), lang=lang))  # fmt: skip
    label, skip = escape(tr.t("Validation report")), escape(tr.t("Skip the report"))
    return (f'{TABLE_CSS}<a class="efus-skip" href="#{REPORT_END}">{skip}</a>'
            f'<div class="efus-table-wrap" role="region" aria-label="{label}" tabindex="0">'
            f'<table class="efus-table"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            f'<span id="{REPORT_END}" tabindex="-1"></span>')  # fmt: skip


def report_caption(problems: tuple[Problem, ...] | list[Problem], *, file: str, first: int,
                   last: int, lang: str = DEFAULT) -> str:  # fmt: skip
    """'Problems found in list.csv: 2 errors, 1 warning. Problems 1–3 of 3.'"""
    tr = translator(lang)
    errors = sum(p.severity == "error" for p in problems)
    return tr.t("Problems found in {file}: {errors}, {warnings}. Problems {first}–{last} of "
                "{total}.", file=file, errors=tr.tn("{n} error", "{n} errors", errors),
                warnings=tr.tn("{n} warning", "{n} warnings", len(problems) - errors),
                first=tr.number(first), last=tr.number(last),
                total=tr.number(len(problems)))  # fmt: skip


def _report_row(row: pd.Series) -> str:
    cells = "".join(f"<td>{escape(str(row[c]))}</td>" for c in REPORT_SHOWN[1:])
    return f'<tr><th scope="row">{escape(str(row["row"]))}</th>{cells}</tr>'


def _words(problem: Problem, lang: str) -> dict[str, str]:
    if problem.code in MESSAGES:
        message, fix = render(problem.code, problem.params, lang=lang)
    else:  # a problem made without a code the catalogue knows keeps its words
        message, fix = problem.message, problem.fix
    return {"problem": message, "fix": fix}


def upload_label(name: str) -> str:
    """What messages call an uploaded file: its base name, without control characters."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = "".join(c for c in base if c.isprintable()).strip()
    return base[:120] or "upload"


def _admitted(name: str, data: bytes, limits: UploadLimits | None) -> tuple[UploadLimits, str]:
    """The limits in force and the name messages give the file, once its size and type pass
    (``UploadError`` when they do not)."""
    limits = limits or UploadLimits()
    label = upload_label(name)
    _check_limits(label, data, limits)
    return limits, label


def read_upload(
    name: str,
    data: bytes,
    *,
    limits: UploadLimits | None = None,
    strict: bool = True,
    require_id: bool = True,
) -> Intake:
    """Check an upload's size and type, read it, validate it, neutralise formula cells.

    Raises ``UploadError`` (too large, not CSV/XLSX, too many rows) or ``geo.ReadError``
    (unreadable) with a message naming the file and the fix. Problems in the rows are not
    raised: they are in ``Intake.problems``. ``strict=False`` accepts a plain list of places
    (name and country suffice); ``plan_merge`` then gives its rows ids. ``require_id=False``
    keeps every other rule of ``strict`` but lets rows come without an id (a staff list
    rarely has them): ``plan_merge`` makes one from the country and name.
    """
    limits, label = _admitted(name, data, limits)
    try:
        table = read_table(PurePath(label), name=label, data=bytes(data), limits=limits)
    except LimitError as exc:
        raise _as_upload(UploadTooLarge, exc) from None
    except NotATable as exc:
        raise _as_upload(UnsupportedUpload, exc) from None
    return _checked(table, strict=strict, require_id=require_id)


def _as_upload(kind: type[UploadError], exc: GeoError) -> UploadError:
    """The reader's refusal as an upload's, with the problem it carries (the page says it in
    the visitor's language from the problem's code)."""
    error = kind(str(exc), code=exc.code, params=exc.params)
    error.problem = exc.problem
    return error


def read_upload_apart(
    name: str,
    data: bytes,
    *,
    limits: UploadLimits | None = None,
    strict: bool = True,
    require_id: bool = True,
) -> Intake:
    """``read_upload`` in a process of its own, for the server: parsing and checking 20,000
    rows holds Python's GIL for seconds, which would stall every other visitor's page served
    by the same process. The worker is killed when it is still at work after the time limit
    (plus its start-up), and a worker that dies (out of memory) is an ``UploadError`` too."""
    limits, label = _admitted(name, data, limits)  # the cheap refusals need no process
    # Not fork, which is unsafe in a threaded server: a fork server, started once with this
    # module (pandas, openpyxl) imported, forks each worker in milliseconds.
    from geo.staff.intake_worker import read_in_worker

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["geo.staff.intake_worker"])
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(
        target=read_in_worker, args=(send, name, bytes(data), limits, strict, require_id),
        name="efus-upload-reader", daemon=True,
    )  # fmt: skip
    worker.start()
    send.close()  # the worker's end: recv() then sees EOF if the worker dies
    try:
        return _answer(receive, label, limits)
    finally:
        receive.close()
        if worker.is_alive():
            worker.kill()
        worker.join()


WORKER_START_SECONDS = 30  # spawning a worker imports pandas and openpyxl: slow on a busy host


def _answer(receive, label: str, limits: UploadLimits) -> Intake:
    if not receive.poll(limits.max_seconds + WORKER_START_SECONDS):
        raise UploadTooLarge.about("file_too_slow", file=label, seconds=limits.max_seconds)
    try:
        kind, payload = receive.recv()
    except (EOFError, OSError):
        raise UploadError.about("reader_died", file=label) from None
    if kind == "ok":
        return payload
    error, message, code, params, problem = payload
    raised = error(message, code=code, params=params)
    raised.problem = problem  # located, to be said in the page's language
    raise raised


def check_edited(
    frame: pd.DataFrame,
    *,
    file: str,
    columns: tuple[str, ...] | None = None,
    strict: bool = True,
    require_id: bool = True,
    carried: tuple[Problem, ...] = (),
) -> Intake:
    """Check a frame again after staff edited it on the page (``st.data_editor``).

    ``columns``: those the upload had (``intake.columns``; the editor drops ``attrs``). Rows
    keep the spreadsheet row numbers of ``_row``, so the report still points into the file
    staff uploaded.
    """
    columns = tuple(columns or frame.attrs.get("columns") or COLUMN_NAMES)
    rows = []
    numbers = []
    for record in frame.to_dict("records"):
        rows.append({c: cell_text(c, record.get(c)) for c in columns if c in record})
        numbers.append(int(record["_row"]) if is_present(record.get("_row")) else 0)
    table = Table(file, columns, columns, tuple(rows))
    intake = _checked(table, strict=strict, require_id=require_id)
    where = {Table.sheet_row(i): n for i, n in enumerate(numbers) if n}
    records = tuple({**r, "_row": where.get(_row_of(r), _row_of(r))} for r in intake.records)
    problems = tuple(_moved(p, where[p.row]) if p.row in where else p for p in intake.problems)
    cells = {n: Counter(map(str, r.values())) for n, r in zip(numbers, rows, strict=True) if n}
    kept = tuple(p for p in carried if _still_there(p, cells.get(p.row, Counter())))
    return Intake(intake.file, intake.columns, records, kept + problems, kept)


def _row_of(record: Mapping[str, object]) -> int:
    """The spreadsheet row a checked record came from (``validation`` sets it, an int)."""
    return cast(int, record["_row"])


def _still_there(problem: Problem, cells: Counter) -> bool:
    """A reader's problem holds while every cell it named still reads as it did: staff who
    correct one of them have checked the row."""
    return Counter(part for part in problem.value.split("; ") if part) <= cells


def _moved(problem: Problem, row: int) -> Problem:
    return replace(problem, row=row)


def is_present(value: object) -> bool:
    """A cell that holds something (not None, not NaN)."""
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _check_limits(label: str, data: bytes, limits: UploadLimits) -> None:
    suffix = PurePath(label).suffix.lower()
    if suffix not in limits.suffixes:
        raise UnsupportedUpload.about("upload_type_unsupported", file=label,
                                      suffix=suffix or "a file without extension")  # fmt: skip
    if len(data) > limits.max_bytes:
        raise UploadTooLarge.about("upload_too_large", file=label, size=megabytes(len(data)),
                                   limit=megabytes(limits.max_bytes))  # fmt: skip
    if not data:
        raise UploadError.about("upload_empty", file=label)


def _id_missing(problem: Problem) -> bool:
    """The id column, or an id cell, is missing: what ``require_id=False`` lets pass."""
    return problem.column == "id" and problem.code in ("column_missing", "cell_empty")


def _checked(table: Table, *, strict: bool, require_id: bool = True) -> Intake:
    checked = check_tables([table], strict=strict)
    problems = [p for p in checked.problems if require_id or not _id_missing(p)]
    records = []
    for record in checked.records:
        clean = dict(record)
        for column, value in record.items():
            if column.startswith("_") or column in NUMERIC or neutralise(value) == value:
                continue
            # Kept in the form every file we write has, so a dump reads back the same.
            clean[column] = neutralise(value)
            if not is_formula(value):  # a formula after a separator: validation warned
                continue
            problems.append(Problem.of(
                "formula_start", file=table.file, row=record["_row"], column=column,
                value=str(value), severity="warning", start=str(value)[:1],
            ))  # fmt: skip
        records.append(clean)
    records, presumed = _presume_sites(table, records)
    columns = tuple(c for c in table.columns if c in DATASET_COLUMNS)
    return Intake(
        table.file, columns, tuple(records), (*problems, *presumed), table.problems
    )


def _presume_sites(table: Table, records: list[dict]) -> tuple[list[dict], list[Problem]]:
    """An upload with no 'sensitive' column must not put a site on the public map exactly:
    its sites (``geo.maps.audience.presume_sensitive``) are saved as sensitive, each with a warning
    that says so and how to say otherwise."""
    if "sensitive" in table.columns or not records:
        return records, []
    from geo.maps.audience import presume_sensitive

    unread_precision = [] if "precision" in table.columns else [table.file]
    presumed = presume_sensitive(pd.DataFrame.from_records(records), unread=[table.file],
                                 unread_precision=unread_precision)  # fmt: skip
    if not presumed.rows:
        return records, []
    out, problems = [], []
    for record, flag in zip(records, presumed.frame["sensitive"].tolist()):
        if flag and not record.get("sensitive"):
            record = {**record, "sensitive": True}
            problems.append(Problem.of("presumed_sensitive", file=table.file,
                                       row=record["_row"], column="sensitive",
                                       severity="warning"))  # fmt: skip
        out.append(record)
    return out, problems


# --- fixing cells on the page ----------------------------------------------------------------

ROW = "_row"


def editable(intake: Intake) -> pd.DataFrame:
    """The upload as text for ``st.data_editor``: ``_row`` (the spreadsheet row) and the
    columns the file has. A cell that failed a check shows what the file said (``50°38'N``,
    ``peut-être``), not the blank it was read as, so fixing it starts from the original."""
    columns = list(intake.columns)
    lines = []
    for record in intake.records:
        line: dict[str, object] = {ROW: _row_of(record)}
        line.update({c: cell_text(c, record.get(c)) for c in columns})
        lines.append(line)
    frame = pd.DataFrame(lines, columns=[ROW, *columns])
    where = {int(r): i for i, r in enumerate(frame[ROW])} if len(frame) else {}
    for p in intake.problems:
        if p.row in where and p.column in columns and p.value != "":
            frame.loc[where[p.row], p.column] = p.value
    return frame


def with_cells(frame: pd.DataFrame, *, row: int, cells: Mapping[str, object]) -> pd.DataFrame:
    """A copy of an editable frame with the cells of spreadsheet row ``row`` set."""
    if ROW not in frame or not (frame[ROW] == row).any():
        raise UploadError(f"row {row} is not in the upload; fix: choose one of its rows",
                          code="upload_row_unknown", params={"row": row})  # fmt: skip
    unknown = [c for c in cells if c not in frame.columns or c == ROW]
    if unknown:
        raise UploadError(
            f"column {unknown[0]!r} is not in the upload; fix: choose one of "
            + ", ".join(c for c in frame.columns if c != ROW),
            code="upload_column_unknown",
            params={"column": unknown[0]},
        )
    out = frame.copy()
    at = out.index[out[ROW] == row][0]
    for column, value in cells.items():
        out.loc[at, column] = str(value if value is not None else "").strip()
    return out


@dataclass(frozen=True, slots=True)
class QuickFix:
    """A correction the report can make with one click: set ``cells`` of spreadsheet ``row``.
    ``code`` is the problem's code."""

    row: int
    label: str
    cells: Mapping[str, str]
    code: str = ""
    choice: str = ""  # which of several fixes of one problem ("BE" or "BZ" for "Belgiqe")
    alias: Alias | None = None  # a typed form to keep with the manual choices

    @property
    def key(self) -> str:
        """Unique among one table's fixes (a row may have several): for the page's button."""
        return f"quick_{self.row}_{self.code}" + (f"_{self.choice}" if self.choice else "")


def quick_fixes(
    frame: pd.DataFrame, problems: tuple[Problem, ...], *, lang: str = DEFAULT
) -> tuple[QuickFix, ...]:
    """The corrections whose fix is known, labelled in ``lang``: a lat/lon pair that is
    swapped, a date written day first (15/03/2024, 15.03.2024: the parser of
    ``geo.data.cells`` gives the ISO date), a misspelt country (one button per guess). A
    decimal comma needs no click: that parser reads it and the editor shows it with a dot."""
    if ROW not in frame:
        return ()
    tr = translator(lang)
    fixes = [fix for p in problems if (fix := _problem_fix(frame, p, tr)) is not None]
    countries = [fix for p in problems for fix in _country_fixes(frame, p, tr)]
    return (*fixes, *countries)


@dataclass(frozen=True, slots=True)
class BatchFix:
    """One click for every row with the same known fix: a French list writes all its dates
    day first, and nineteen buttons for one habit are nineteen chances to miss one."""

    label: str
    code: str
    fixes: tuple[QuickFix, ...]

    @property
    def key(self) -> str:
        return f"quick_all_{self.code}"


# The fixes that are the same rule on every row: there is no choice to make row by row.
BATCHED = ("date_day_first",)


def batch_fixes(
    fixes: tuple[QuickFix, ...], *, lang: str = DEFAULT
) -> tuple[tuple[BatchFix, ...], tuple[QuickFix, ...]]:
    """``fixes`` (``quick_fixes``) with the ones ``BATCHED`` on several rows made one button
    each: (the batches, the fixes left to click one by one)."""
    tr = translator(lang)
    batches = []
    for code in BATCHED:
        same = tuple(f for f in fixes if f.code == code)
        if len(same) > 1:
            label = tr.tn("Write the {n} date given day first as YYYY-MM-DD",
                          "Write the {n} dates given day first as YYYY-MM-DD", len(same))
            batches.append(BatchFix(label, code, same))  # fmt: skip
    batched = {f.key for b in batches for f in b.fixes}
    return tuple(batches), tuple(f for f in fixes if f.key not in batched)


def with_fixes(frame: pd.DataFrame, fixes: tuple[QuickFix, ...]) -> pd.DataFrame:
    """A copy of an editable frame with every one of ``fixes`` made."""
    for fix in fixes:
        frame = with_cells(frame, row=fix.row, cells=fix.cells)
    return frame


def _problem_fix(frame: pd.DataFrame, p: Problem, tr: Translator) -> QuickFix | None:
    line = frame.loc[frame[ROW] == p.row]
    if line.empty:
        return None
    if p.code == "latlon_swapped" and {"lat", "lon"} <= set(frame.columns):
        lat, lon = str(line["lat"].iloc[0]), str(line["lon"].iloc[0])
        label = tr.t("Row {row}: swap lat and lon (lat {lat}, lon {lon})",
                     row=p.row, lat=lon, lon=lat)  # fmt: skip
        return QuickFix(p.row, label, {"lat": lon, "lon": lat}, p.code)
    if p.code == "date_day_first" and p.column in frame:
        iso = str(p.params["iso"])
        label = tr.t("Row {row}: write the date {text} as {iso}", row=p.row, text=p.value, iso=iso)
        return QuickFix(p.row, label, {p.column: iso}, p.code)
    return None


def _country_fixes(frame: pd.DataFrame, p: Problem, tr: Translator) -> list[QuickFix]:
    """A misspelt country: one button per guess ("Belgiqe": Belgium or Belize)."""
    if p.code != "country_misspelt" or p.column not in frame:
        return []
    codes = str(p.params.get("guess_isos", "")).split()  # geo.data.countries.guess_params
    return [QuickFix(p.row, tr.t("Row {row}: write the country {text} as {code} ({name})",
                                 row=p.row, text=p.value, code=code, name=tr.country(code)),
                     {p.column: code}, p.code, code) for code in codes]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Alias:
    """A typed form of a town's name, settled as that town: 'Luik' in BE, at Liège's point.

    Kept with the manual choices (``Store.set_override``, dumped to ``overrides.csv``), which
    are kept per name and country, with who settled it and when: the next list that writes
    'Luik' is placed at once and written 'Liège' without a click (``spelling_fixes``)."""

    name: str
    country: str
    lat: float
    lon: float


def spelling_fixes(
    frame: pd.DataFrame,
    *,
    geocoder,
    lang: str = DEFAULT,
    settled: Mapping[tuple[str, str], tuple[float, float]] | None = None,
) -> tuple[QuickFix, ...]:
    """The place's canonical spelling for the ``city`` column, one button a row: a city the
    geocoder matches surely under another of its names ("Luik", "Liege", "LIÈGE" in Belgium)
    is written as the gazetteer names it ("Liège"). The typed form is kept as an ``Alias``
    (the page keeps it with the manual choices) and, when the upload has a ``notes`` column,
    in the row's notes too; the label says so.

    ``geocoder`` has no manual choices (an alias would hide the town it names); ``settled``
    (``Store.overrides``) leaves out the typed forms ``settled_spellings`` writes at once."""
    return _spellings(frame, geocoder, translator(lang), settled or {})[0]


def settled_spellings(
    frame: pd.DataFrame,
    *,
    geocoder,
    settled: Mapping[tuple[str, str], tuple[float, float]],
    lang: str = DEFAULT,
) -> tuple[QuickFix, ...]:
    """The canonical spellings settled before: a typed form kept at its town's point in
    ``settled`` (``Store.overrides``). The page applies them as the list arrives, with no
    click, and says so with their labels."""
    return _spellings(frame, geocoder, translator(lang), settled)[1]


def _spellings(
    frame: pd.DataFrame, geocoder, tr: Translator,
    settled: Mapping[tuple[str, str], tuple[float, float]],
) -> tuple[tuple[QuickFix, ...], tuple[QuickFix, ...]]:  # fmt: skip
    """The spelling fixes to offer, and those settled before."""
    if ROW not in frame or "city" not in frame:
        return (), ()
    offered, known = [], []
    for line in frame.to_dict("records"):
        fix = _spelling_fix(line, geocoder, tr, notes="notes" in frame)
        if fix is None or fix.alias is None:
            continue
        if _is_settled(fix.alias, settled):
            fix = replace(fix, code="city_alias_settled")
            known.append(replace(fix, label=settled_label(fix, lang=tr.language)))
        else:
            offered.append(fix)
    return tuple(offered), tuple(known)


def settled_label(fix: QuickFix, *, lang: str = DEFAULT) -> str:
    """What the page says of a spelling it wrote with no click, in ``lang``."""
    return translator(lang).t("Row {row}: the city {text} is written {name}, as settled "
                              "before", row=fix.row, text=fix.alias.name if fix.alias else "",
                              name=fix.cells.get("city", ""))  # fmt: skip


def _spelling_fix(line: Mapping[str, object], geocoder, tr: Translator, *,
                  notes: bool) -> QuickFix | None:  # fmt: skip
    typed = str(line.get("city") or "").strip()
    country = str(line.get("country") or "").strip()
    place = _canonical_city(geocoder, typed, country)
    if place is None:
        return None
    row, cells = int(cast(int, line[ROW])), {"city": place.name}
    if notes:
        cells["notes"] = _with_alias(str(line.get("notes") or "").strip(), typed, tr)
        label = tr.t("Row {row}: write the city {text} as {name}, keeping {text} in the "
                     "notes", row=row, text=typed, name=place.name)  # fmt: skip
    else:
        label = tr.t("Row {row}: write the city {text} as {name} and remember {text} as "
                     "another name for it", row=row, text=typed, name=place.name)  # fmt: skip
    alias = Alias(typed, place.country, place.lat, place.lon)
    return QuickFix(row, label, cells, "city_spelling", alias=alias)


# How close a kept choice must be to the town for it to be that town's alias (~1 km): a
# choice elsewhere is a position staff picked on purpose, not a spelling.
ALIAS_DEGREES = 0.01


def _is_settled(alias: Alias, settled: Mapping[tuple[str, str], tuple[float, float]]) -> bool:
    point = settled.get((fold(alias.name), alias.country))
    return point is not None and all(
        abs(a - b) <= ALIAS_DEGREES for a, b in zip(point, (alias.lat, alias.lon), strict=True)
    )


def _canonical_city(geocoder, typed: str, country: str):
    """The gazetteer's town (``Place``) ``typed`` names, when the geocoder matches it surely
    (a town, not an area) and the file wrote it otherwise; else None."""
    if not typed or typed.startswith("#"):  # a formula's text is a problem of its own
        return None
    found = geocoder.resolve(typed, country or None)
    if found.status != "matched" or found.place is None or found.territory is not None:
        return None
    # An exact name only: a fuzzy or institutional reading ("Ville de Liège") is the review's.
    if found.reading is not None and found.reading.removed:
        return None
    return found.place if found.place.name != typed else None


def _with_alias(notes: str, typed: str, tr: Translator) -> str:
    alias = tr.t("city as typed: {text}", text=typed)
    return alias if not notes else f"{notes}; {alias}"


# How the geocoder says that the one town it proposes is named inside a body's name
# (geo.messages): that town is the body's seat far more often than not, but only staff may
# say so (the geocoder never reports it as matched), so the page offers one click for all.
SEAT_IN_NAME = frozenset({"place_inside_name", "geocode_seat_missing", "place_higher_education",
                          "place_ror_organisation"})


@dataclass(frozen=True, slots=True)
class NamedSeats:
    """The review items whose one choice is the town named in the body's name."""

    label: str  # the button's
    lead: str  # what the list below it is
    pairs: tuple[str, ...]  # what the click keeps: 'Le Grand Narbonne → Narbonne', …
    items: tuple  # geo.places.review.ReviewItem
    key: str = "settle_named_seats"


def named_seats(items, *, lang: str = DEFAULT) -> NamedSeats | None:
    """One decision for every review item that only asks to confirm the town named in the
    body's name as its seat ('Université de Liège' → Liège); None for fewer than two."""
    tr = translator(lang)
    seats = [(item, town) for item in items if (town := _named_town(item))]
    if len(seats) < 2:
        return None
    label = tr.tn("Keep the {n} town proposed as the body's seat",
                  "Keep the {n} towns proposed as the bodies' seats", len(seats))
    lead = tr.t("Each of these bodies is proposed at a town named inside its name or given by "
                "a register; it is usually the body's seat, but check:")
    pairs = tuple(tr.t("{name} → {town}", name=item.query, town=town) for item, town in seats)
    return NamedSeats(label, lead, pairs, tuple(item for item, _ in seats))  # fmt: skip


def _named_town(item) -> str:
    """The town the item's one choice is, when the geocoder found it inside the name."""
    if item.from_data or len(item.choices) != 1:
        return ""
    return next((str(dict(params).get("place", "")) for code, params in item.said
                 if code in SEAT_IN_NAME), "")  # fmt: skip


# TRANSLATORS: why the geocoding review asks about a place.
REVIEW_STATUS = {"ambiguous": N_("ambiguous"), "fuzzy": N_("fuzzy"), "not_found": N_("not found"),
                 "outside the country": N_("outside the country")}  # fmt: skip


def review_heading(item, *, lang: str = DEFAULT) -> tuple[str, str]:
    """A review item's heading and status in ``lang``: 'Lièje (Belgique) · lignes 4, 9' and
    'approché'. The name looked up stays as the file wrote it."""
    tr = translator(lang)
    where = _country_in(tr, item.country) if item.country else tr.t("no country")
    rows = ", ".join(tr.number(r) for r in item.rows)
    heading = tr.tn("{query} ({where}) · row {rows}", "{query} ({where}) · rows {rows}",
                    len(item.rows), query=item.query, where=where, rows=rows)  # fmt: skip
    return heading, tr.t(REVIEW_STATUS.get(item.status, item.status))


def _country_in(tr, iso2: str) -> str:
    try:
        return tr.country(iso2)
    except ValueError:  # not a code CLDR knows: as the file wrote it
        return iso2
