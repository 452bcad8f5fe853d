"""Staff intake of a spreadsheet: limits, the validation report, and a merge plan for the store.

The page calls, in order::

    intake = read_upload(uploaded.name, uploaded.getvalue())    # UploadError: show, stop
    st.dataframe(intake.report)                                  # row, column, value, fix
    edited = st.data_editor(intake.frame)                        # staff fix cells ...
    intake = check_edited(edited, file=intake.file)              # ... and check again
    snapshot = store.snapshot()
    plan = plan_merge(snapshot.frame, intake.frame)              # added / changed / unchanged
    st.dataframe(plan.preview())
    revision = apply(plan, store=store, author=staff_name)       # ConflictError: reload

Reading and checking are ``geo.data.reading`` and ``geo.data.validation``: nothing is parsed twice.
"""

from __future__ import annotations

import math
import multiprocessing
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import PurePath

import pandas as pd

from geo.data.countries import fold
from geo.data.dataset import to_frame
from geo.data.reading import Limits, Table, read_table
from geo.data.schema import COLUMN_NAMES
from geo.data.spreadsheet import is_formula, neutralise
from geo.data.store import FILE_PREFIX, Changes, Store, cell_text
from geo.data.validation import check_tables
from geo.errors import GeoError, LimitError, NotATable, Problem

DEFAULT_MAX_BYTES = Limits().max_bytes
NUMERIC = ("lat", "lon")
REPORT_COLUMNS = ("file", "row", "column", "value", "problem", "fix", "severity")


class UploadError(GeoError, ValueError):
    """An upload refused whole, before reading it: the message names the file and the fix."""


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


def report(problems: tuple[Problem, ...] | list[Problem]) -> pd.DataFrame:
    """The validation report as a table: one line per problem, in file and row order."""
    rows = [
        {"file": p.file, "row": p.row, "column": p.column, "value": p.value,
         "problem": p.message, "fix": p.fix, "severity": p.severity}
        for p in sorted(problems, key=lambda p: (p.file, p.row, p.column))
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=list(REPORT_COLUMNS)).astype({"row": int})


def upload_label(name: str) -> str:
    """What messages call an uploaded file: its base name, without control characters."""
    base = PurePath(str(name).replace("\\", "/")).name
    base = "".join(c for c in base if c.isprintable()).strip()
    return base[:120] or "upload"


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
    limits = limits or UploadLimits()
    label = upload_label(name)
    _check_limits(label, data, limits)
    try:
        table = read_table(PurePath(label), name=label, data=bytes(data), limits=limits)
    except LimitError as exc:
        raise UploadTooLarge(str(exc)) from None
    except NotATable as exc:
        raise UnsupportedUpload(str(exc)) from None
    return _checked(table, strict=strict, require_id=require_id)


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
    limits = limits or UploadLimits()
    label = upload_label(name)
    _check_limits(label, data, limits)  # the cheap refusals need no process
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
        raise UploadTooLarge(
            f"{label}: reading took more than the {limits.max_seconds:g} s a file may take; "
            "fix: split the list into smaller files, or save it as CSV"
        )
    try:
        kind, payload = receive.recv()
    except (EOFError, OSError):
        raise UploadError(
            f"{label}: the reader stopped before the end (the file may need more memory than "
            "the server has); fix: split the list into smaller files, or save it as CSV"
        ) from None
    if kind == "ok":
        return payload
    error, message = payload
    raise error(message)


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
        numbers.append(int(record["_row"]) if _present(record.get("_row")) else 0)
    table = Table(file, columns, columns, tuple(rows))
    intake = _checked(table, strict=strict, require_id=require_id)
    where = {Table.sheet_row(i): n for i, n in enumerate(numbers) if n}
    records = tuple({**r, "_row": where.get(r["_row"], r["_row"])} for r in intake.records)
    problems = tuple(_moved(p, where[p.row]) if p.row in where else p for p in intake.problems)
    cells = {n: Counter(map(str, r.values())) for n, r in zip(numbers, rows, strict=True) if n}
    kept = tuple(p for p in carried if _still_there(p, cells.get(p.row, Counter())))
    return Intake(intake.file, intake.columns, records, kept + problems, kept)


def _still_there(problem: Problem, cells: Counter) -> bool:
    """A reader's problem holds while every cell it named still reads as it did: staff who
    correct one of them have checked the row."""
    return Counter(part for part in problem.value.split("; ") if part) <= cells


def _moved(problem: Problem, row: int) -> Problem:
    return replace(problem, row=row)


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _check_limits(label: str, data: bytes, limits: UploadLimits) -> None:
    suffix = PurePath(label).suffix.lower()
    if suffix not in limits.suffixes:
        raise UnsupportedUpload(
            f"{label}: {suffix or 'a file without extension'!s} is not accepted; fix: save the "
            "sheet as CSV (.csv) or Excel workbook (.xlsx) and upload that"
        )
    if len(data) > limits.max_bytes:
        raise UploadTooLarge(
            f"{label}: {_megabytes(len(data))} is more than the {_megabytes(limits.max_bytes)} "
            "an upload may have; fix: split the list into smaller files, or delete unused "
            "sheets, images and columns"
        )
    if not data:
        raise UploadError(f"{label}: the file is empty; fix: upload the saved spreadsheet")


def _id_missing(problem: Problem) -> bool:
    """The id column, or an id cell, is missing: what ``require_id=False`` lets pass."""
    return problem.column == "id" and problem.message in (
        "required column 'id' is missing",
        "'id' is empty",
    )


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


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
            problems.append(Problem(
                table.file, record["_row"], column, str(value),
                f"the cell starts with {str(value)[:1]!r}: a spreadsheet would run it as a "
                "formula", "it is kept as text with a leading apostrophe; delete the "
                f"{str(value)[:1]!r} if it is not meant to be there", "warning",
            ))  # fmt: skip
        records.append(clean)
    records, presumed = _presume_sites(table, records)
    columns = tuple(c for c in table.columns if c in COLUMN_NAMES)
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
            problems.append(Problem(
                table.file, record["_row"], "sensitive", "",
                "the file has no 'sensitive' column and this row is a site: it is saved as "
                "sensitive, so the public map shows it at its city centre",
                "add a 'sensitive' column with yes or no to say which rows are sensitive",
                "warning",
            ))  # fmt: skip
        out.append(record)
    return out, problems


# --- the merge plan -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ColumnChange:
    column: str
    old: object
    new: object


@dataclass(frozen=True, slots=True)
class RowChange:
    """A row of the store that the upload changes, column by column."""

    id: str
    name: str
    file: str  # the store file it is in
    row: int  # the upload's spreadsheet row
    columns: tuple[ColumnChange, ...]


@dataclass(frozen=True, slots=True)
class MergePlan:
    """What merging an upload into the store would do; nothing is written until ``apply``."""

    added: tuple[Mapping[str, object], ...]
    changed: tuple[RowChange, ...]
    unchanged: tuple[str, ...]
    base_revision: int | None
    file: str = ""
    ids_given: Mapping[int, str] = field(default_factory=dict)  # upload row → generated id

    @property
    def counts(self) -> dict[str, int]:
        return {"added": len(self.added), "changed": len(self.changed),
                "unchanged": len(self.unchanged)}  # fmt: skip

    def __bool__(self) -> bool:
        return bool(self.added or self.changed)

    def changes(self) -> Changes:
        return Changes(
            added=tuple(self.added),
            changed=tuple(
                {"id": c.id, **{col.column: col.new for col in c.columns}} for c in self.changed
            ),
        )

    def preview(self) -> pd.DataFrame:
        """One line per added row, per changed cell and per unchanged row, for the page."""
        lines = [
            {"status": "added", "id": r["id"], "name": r["name"], "file": r["_file"],
             "row": r.get("_upload_row", 0), "column": "", "old": "", "new": ""}
            for r in self.added
        ] + [
            {"status": "changed", "id": c.id, "name": c.name, "file": c.file, "row": c.row,
             "column": col.column, "old": cell_text(col.column, col.old),
             "new": cell_text(col.column, col.new)}
            for c in self.changed for col in c.columns
        ] + [
            {"status": "unchanged", "id": i, "name": "", "file": "", "row": 0, "column": "",
             "old": "", "new": ""}
            for i in self.unchanged
        ]  # fmt: skip
        columns = ["status", "id", "name", "file", "row", "column", "old", "new"]
        return pd.DataFrame(lines, columns=columns)


def plan_merge(
    store_frame: pd.DataFrame,
    upload_frame: pd.DataFrame,
    *,
    columns: tuple[str, ...] | None = None,
    into: str | None = None,
) -> MergePlan:
    """Match upload rows to store rows by ``id``: new ids are added, known ids changed in the
    columns the upload has (``columns``, default ``upload_frame.attrs["columns"]``).

    A blank lat/lon in the upload means "not known here", never "erase the position". A row
    without id is the store row whose id its country and name would make, when that row has
    the same name and country (so a list uploaded twice is not added twice); else it gets
    that id, or the next free one. New rows go to ``into`` (a file of
    ``data/``), else to the file holding most store rows of the same project, else
    ``data/added.csv``. Neither frame is changed.
    """
    speaks = tuple(columns or upload_frame.attrs.get("columns") or COLUMN_NAMES)
    speaks = tuple(c for c in speaks if c in COLUMN_NAMES and c != "id")
    known = {str(r["id"]): r for r in store_frame.to_dict("records")}
    project_files: dict[str, Counter] = {}
    for r in known.values():
        project_files.setdefault(str(r.get("project", "")), Counter())[str(r.get("_file"))] += 1
    taken = set(known)
    added, changed, unchanged, given = [], [], [], {}
    for record in upload_frame.to_dict("records"):
        upload_row = int(record.get("_row") or 0)
        ident = cell_text("id", record.get("id"))
        if not ident:
            ident = _same_place(record, known) or _new_id(record, taken)
            given[upload_row] = ident
        taken.add(ident)
        old = known.get(ident)
        if old is None:
            full = {c: record.get(c, "") for c in COLUMN_NAMES}
            full["id"] = ident
            files = project_files.get(str(record.get("project", "")))
            full["_file"] = into or (
                files.most_common(1)[0][0] if files else FILE_PREFIX + "added.csv"
            )
            full["_upload_row"] = upload_row
            added.append(full)
            continue
        diffs = tuple(
            ColumnChange(c, old.get(c), record.get(c))
            for c in speaks
            if not (c in NUMERIC and not _present(record.get(c)))
            and not _same(old.get(c), record.get(c))
        )
        if diffs:
            changed.append(
                RowChange(
                    ident, str(old.get("name", "")), str(old.get("_file", "")), upload_row, diffs
                )  # fmt: skip
            )
        else:
            unchanged.append(ident)
    return MergePlan(
        tuple(added),
        tuple(changed),
        tuple(unchanged),
        store_frame.attrs.get("revision"),
        str(upload_frame.attrs.get("file", "")),
        given,
    )


def apply(plan: MergePlan, *, store: Store, author: str) -> int:
    """Save the plan into the store; returns the new revision. ``ConflictError`` when someone
    saved the same rows since the frame the plan was made from."""
    if plan.base_revision is None:
        raise UploadError(
            "the merge plan does not say which revision of the store it was made from; fix: "
            "make it from store.frame() or store.snapshot().frame"
        )
    changes = plan.changes()
    changes = Changes(
        added=tuple({k: v for k, v in r.items() if k != "_upload_row"} for r in changes.added),
        changed=changes.changed,
    )
    return store.save(changes, base_revision=plan.base_revision, author=author)


def _same(old: object, new: object) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        try:
            a, b = float(old), float(new)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return False
        return (math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-9
    return cell_text("", old) == cell_text("", new)


def _base_id(record: Mapping[str, object]) -> str:
    country = re.sub(r"[^a-z0-9]+", "", str(record.get("country", "")).lower()) or "xx"
    slug = re.sub(r"[^a-z0-9]+", "-", fold(str(record.get("name", "")))).strip("-")[:48]
    return f"{country}-{slug or 'place'}"


def _same_place(record: Mapping[str, object], known: Mapping[str, Mapping]) -> str | None:
    """The id of the store row this id-less row repeats: same made id, name and country."""
    base = _base_id(record)
    old = known.get(base)
    if old is None:
        return None
    same_name = fold(str(old.get("name", ""))) == fold(str(record.get("name", "")))
    return base if same_name and old.get("country") == record.get("country") else None


def _new_id(record: Mapping[str, object], taken: set[str]) -> str:
    base = _base_id(record)
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


# --- fixing cells on the page ----------------------------------------------------------------

ROW = "_row"


def editable(intake: Intake) -> pd.DataFrame:
    """The upload as text for ``st.data_editor``: ``_row`` (the spreadsheet row) and the
    columns the file has. A cell that failed a check shows what the file said (``50°38'N``,
    ``peut-être``), not the blank it was read as, so fixing it starts from the original."""
    columns = list(intake.columns)
    lines = []
    for record in intake.records:
        line = {ROW: int(record["_row"])}
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
        raise UploadError(f"row {row} is not in the upload; fix: choose one of its rows")
    unknown = [c for c in cells if c not in frame.columns or c == ROW]
    if unknown:
        raise UploadError(
            f"column {unknown[0]!r} is not in the upload; fix: choose one of "
            + ", ".join(c for c in frame.columns if c != ROW)
        )
    out = frame.copy()
    at = out.index[out[ROW] == row][0]
    for column, value in cells.items():
        out.loc[at, column] = str(value if value is not None else "").strip()
    return out


@dataclass(frozen=True, slots=True)
class QuickFix:
    """A correction the report can make with one click: set ``cells`` of spreadsheet ``row``."""

    row: int
    label: str
    cells: Mapping[str, str]


def quick_fixes(frame: pd.DataFrame, problems: tuple[Problem, ...]) -> tuple[QuickFix, ...]:
    """The corrections the validation already knows: a lat/lon pair that is swapped."""
    fixes = []
    for p in problems:
        if p.column == "lat" and "swapped pair is inside" in p.message and ROW in frame:
            line = frame.loc[frame[ROW] == p.row]
            if line.empty or not {"lat", "lon"} <= set(frame.columns):
                continue
            lat, lon = str(line["lat"].iloc[0]), str(line["lon"].iloc[0])
            fixes.append(QuickFix(
                p.row, f"Row {p.row}: swap lat and lon (lat {lon}, lon {lat})",
                {"lat": lon, "lon": lat},
            ))  # fmt: skip
    return tuple(fixes)
