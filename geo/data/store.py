"""The working dataset kept between restarts: one SQLite file under a data directory.

The bundled ``data/`` CSV files seed the store on first start; from then on the store is the
truth and ``python -m geo dump`` writes it back to the same CSV layout.

Why the design is as it is:

- Cells are kept as the text a spreadsheet shows (``"yes"``, ``"43.6911"``, ``""``), one SQL
  column per dataset column, plus the file each row belongs to and its position in that file.
  Reading runs the same validation as ``load_dataset``, so the store and the CSV files can never
  disagree on what a cell means, and dumping gives back the files byte for byte.
- Every write is one SQLite transaction (WAL journal, ``synchronous=FULL``): a process killed
  in the middle of a save leaves the old state, a save that returned is on disk.
- Optimistic concurrency: a save names the revision its author started from; when someone
  else's save since then touched one of the same rows, it is refused with ``ConflictError``
  saying who changed what. Saves on other rows both land.
- A change log keeps who changed what and when, with the old values, so nothing is lost even
  by a delete.
- The placed view of a revision (the rows as the dashboard shows them, after geocoding) is
  kept beside the rows, as Parquet, under a key that names everything else it depends on
  (``geo.dashboard.working.view_key``): a restart with an unchanged store reads it back
  instead of placing 50,000 rows again. Only the current revision's views are kept; the
  table is made on the first write, so older stores need no migration.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from geo.data.cells import AXES, CellError, parse_coordinate
from geo.data.countries import fold, to_iso2
from geo.data.dataset import DATA_DIR, to_frame
from geo.data.overrides import OVERRIDES_FILE, Override, overrides_csv, read_overrides
from geo.data.reading import DATASET_LIMITS, Table, read_table, table_paths
from geo.data.schema import COLUMN_NAMES, DATASET_COLUMNS
from geo.data.validation import check_tables
from geo.errors import DataError, GeoError, Problem

STORE_NAME = "efus.sqlite"
SCHEMA_VERSION = 1
# What ``_file`` says for a row of the store: where ``dump`` into the repository puts it.
FILE_PREFIX = "data/"
NUMERIC = frozenset({"lat", "lon"})


class StoreError(GeoError, RuntimeError):
    """The store file cannot be used (damaged, from a newer version, not a store)."""

    code = "store_unusable"


class ConflictError(GeoError, RuntimeError):
    """Someone else saved changes to the same rows since the revision a save started from."""

    code = "save_conflict"

    def __init__(self, conflicts: Iterable[LogEntry], *, base_revision: int):
        self.conflicts = tuple(conflicts)
        self.base_revision = base_revision
        by_who: dict[tuple[str, int, str], list[str]] = {}
        for entry in self.conflicts:
            by_who.setdefault((entry.author, entry.revision, entry.at), []).append(entry.id)
        parts = [
            f"{author} changed {', '.join(sorted(set(ids)))} (revision {rev}, {at})"
            for (author, rev, at), ids in sorted(by_who.items(), key=lambda kv: kv[0][1])
        ]
        super().__init__(
            f"not saved: since revision {base_revision} "
            + "; ".join(parts)
            + "; fix: reload the data, check their changes, and apply yours again",
            params={"base_revision": base_revision, "ids": sorted({e.id for e in self.conflicts})},
        )


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One row of the change log: what happened to one record (or override) in one save."""

    revision: int
    at: str  # ISO 8601, UTC
    author: str
    action: str  # "add", "change", "delete", "override"
    id: str
    detail: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Changes:
    """What one save does. Values may be cleaned (``float``, ``bool``, ISO2) or cell text.

    ``added``: whole records; ``_file`` (``signatories.csv`` or ``data/signatories.csv``)
    says which file the row goes to, ``default_file`` when it has none.
    ``changed``: ``id`` plus only the columns to set. ``deleted``: ids.
    """

    added: tuple[Mapping[str, object], ...] = ()
    changed: tuple[Mapping[str, object], ...] = ()
    deleted: tuple[str, ...] = ()
    default_file: str = "added.csv"

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.deleted)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The dataset as of one revision."""

    revision: int
    frame: pd.DataFrame


def cell_text(column: str, value: object) -> str:
    """The CSV cell that means ``value``: ``True`` → ``yes``, NaN → ``""``, 43.7 → ``43.7``."""
    if value is None:
        return ""
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if column in NUMERIC or value != int(value):
            return repr(float(value))
        return str(int(value))
    with contextlib.suppress(TypeError, ValueError):
        if pd.isna(value):
            return ""
    return str(value).strip()


def _file_name(file: object, *, default: str) -> str:
    """``data/signatories.csv``, ``signatories.csv`` → ``signatories.csv``; refuse escapes."""
    text = str(file or "").strip().replace("\\", "/")
    if text.startswith(FILE_PREFIX):
        text = text[len(FILE_PREFIX) :]
    if not text:
        text = default
    parts = PurePosixPath(text).parts
    if (
        PurePosixPath(text).is_absolute()
        or ".." in parts
        or not text.lower().endswith(".csv")
        or any(p.startswith(".") for p in parts)
    ):
        raise StoreError(
            f"file {text!r} is not a CSV file name inside data/; fix: use a name like 'sites.csv'",
            code="file_name_invalid", params={"text": text},
        )
    return text


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE files (
    name TEXT PRIMARY KEY,
    headers TEXT NOT NULL,   -- JSON: the header cells as written
    columns TEXT NOT NULL,   -- JSON: their canonical column names
    newline TEXT NOT NULL
);
CREATE TABLE records (
    id TEXT PRIMARY KEY,
    file TEXT NOT NULL REFERENCES files(name),
    position INTEGER NOT NULL,
    {", ".join(f'"{c}" TEXT NOT NULL DEFAULT ' + "''" for c in DATASET_COLUMNS if c != "id")},
    revision INTEGER NOT NULL
);
CREATE INDEX records_order ON records(file, position);
CREATE TABLE overrides (
    key TEXT NOT NULL,       -- fold(name)
    country TEXT NOT NULL,   -- ISO2
    name TEXT NOT NULL,      -- as the author typed it
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    author TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (key, country)
);
CREATE TABLE log (
    revision INTEGER NOT NULL,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    id TEXT NOT NULL,
    detail TEXT NOT NULL     -- JSON
);
CREATE INDEX log_revision ON log(revision);
"""
_VIEWS_SCHEMA = """CREATE TABLE IF NOT EXISTS placed_views (
    key TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    frame BLOB NOT NULL      -- Parquet
)"""
_DATA_COLUMNS = tuple(c for c in DATASET_COLUMNS if c != "id")
_SELECT = "SELECT file, position, id, " + ", ".join(f'"{c}"' for c in _DATA_COLUMNS)
_INSERT = (
    "INSERT INTO records (file, position, revision, id, "
    + ", ".join(f'"{c}"' for c in _DATA_COLUMNS)
    + ") VALUES ("
    + ", ".join("?" * (len(DATASET_COLUMNS) + 3))
    + ")"
)


@dataclass(frozen=True, slots=True)
class Store:
    """The store file at ``path``. Holds no connection: every call opens its own, so one
    ``Store`` may be shared by threads (Streamlit sessions) and processes."""

    path: Path
    busy_timeout_ms: int = 10_000

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", Path(self.path))

    # --- opening -----------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: str | os.PathLike, *, seed: str | os.PathLike = DATA_DIR) -> Store:
        """The store in ``data_dir`` (the entry points pass ``geo.config.Settings.data_dir``),
        created from the CSV files under ``seed`` when it does not exist yet. Raises
        ``DataError`` when the seed files have problems (the store is then not created)."""
        folder = Path(data_dir)
        path = folder / STORE_NAME
        if not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            _create(path, Path(seed))
        store = cls(path)
        store._check_schema()
        store._add_new_columns()
        return store

    @contextlib.contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self.path.exists():
            raise StoreError(f"{self.path}: no store here; fix: open it with Store.open()",
                             code="store_missing", params={"path": str(self.path)})  # fmt: skip
        con = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000, isolation_level=None)
        try:
            con.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            con.execute("PRAGMA synchronous = FULL")
            con.execute("PRAGMA foreign_keys = ON")
            yield con
        except sqlite3.DatabaseError as exc:
            raise self._unusable(exc) from exc
        finally:
            con.close()

    def _unusable(self, exc: sqlite3.DatabaseError) -> StoreError:
        params = {"path": str(self.path), "reason": str(exc)}
        if _busy(exc):
            return StoreError(
                f"{self.path}: the store stayed busy for {self.busy_timeout_ms} ms "
                f"({exc}); fix: try again in a moment",
                code="store_busy", params={**params, "ms": self.busy_timeout_ms},
            )
        return StoreError(
            f"{self.path}: the store cannot be read ({exc}); fix: restore it from a backup "
            "or delete it to start again from data/ (a dump keeps its rows)",
            code="store_unreadable", params=params,
        )

    @contextlib.contextmanager
    def _transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        with self._connect() as con:
            con.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")

    def _check_schema(self) -> None:
        with self._connect() as con:
            try:
                row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            except sqlite3.OperationalError:
                row = None
        if row is None or int(row[0]) != SCHEMA_VERSION:
            found = "no Efus store" if row is None else f"store schema {row[0]}"
            raise StoreError(
                f"{self.path}: {found} (this version reads schema {SCHEMA_VERSION}); fix: point "
                "EFUS_DATA_DIR at an Efus store, or move this file away to start from data/",
                code="store_schema", params={"path": str(self.path), "schema": SCHEMA_VERSION},
            )

    def _add_new_columns(self) -> None:
        """Columns the schema gained since the store was made (``name_es`` once Spanish has a
        catalogue: ``geo.data.schema.TRANSLATIONS``) are added, blank; nothing else changes."""
        with self._connect() as con:
            have = {row[1] for row in con.execute("PRAGMA table_info(records)")}
            for column in (c for c in _DATA_COLUMNS if c not in have):
                with contextlib.suppress(sqlite3.OperationalError):  # another process was first
                    con.execute(f'ALTER TABLE records ADD COLUMN "{column}" TEXT NOT NULL '
                                "DEFAULT ''")  # fmt: skip

    # --- reading -----------------------------------------------------------------------------

    @property
    def revision(self) -> int:
        with self._connect() as con:
            return _revision(con)

    def snapshot(self) -> Snapshot:
        """The dataset and the revision it is at, read in one transaction."""
        with self._transaction(write=False) as con:
            revision = _revision(con)
            files = _files(con)
            rows = con.execute(_SELECT + " FROM records ORDER BY file, position").fetchall()
        frame = _frame(files, rows)
        frame.attrs["revision"] = revision
        return Snapshot(revision, frame)

    def frame(self) -> pd.DataFrame:
        """The dataset in the contract of ``geo.data.dataset.load_dataset``; ``_file`` is
        ``data/<file>.csv`` and ``_row`` the row it has in that file after a dump.
        ``frame.attrs["revision"]`` is the revision it was read at (pass it to ``save``)."""
        return self.snapshot().frame

    def files(self) -> tuple[str, ...]:
        with self._connect() as con:
            return tuple(_files(con))

    def history(self, *, limit: int = 100, record_id: str | None = None) -> tuple[LogEntry, ...]:
        """The latest entries of the change log, newest first."""
        query = "SELECT revision, at, author, action, id, detail FROM log"
        args: tuple = ()
        if record_id is not None:
            query, args = query + " WHERE id = ?", (record_id,)
        query += " ORDER BY revision DESC, rowid DESC LIMIT ?"
        with self._connect() as con:
            rows = con.execute(query, (*args, int(limit))).fetchall()
        return tuple(LogEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows)

    def overrides(self) -> dict[tuple[str, str], tuple[float, float]]:
        """Manual geocoding choices: ``{(fold(name), ISO2): (lat, lon)}``."""
        with self._connect() as con:
            rows = con.execute("SELECT key, country, lat, lon FROM overrides").fetchall()
        return {(k, c): (lat, lon) for k, c, lat, lon in rows}

    # --- writing -----------------------------------------------------------------------------

    def save(self, changes: Changes, *, base_revision: int, author: str) -> int:
        """Apply ``changes`` in one transaction and return the new revision.

        Raises ``ConflictError`` when a save after ``base_revision`` touched one of the same
        ids, ``DataError`` when a row would be invalid, or an id is new/unknown against what
        the change says; in every case nothing is written.
        """
        author = _author(author)
        with self._transaction(write=True) as con:
            current = _revision(con)
            if not 0 <= base_revision <= current:
                raise StoreError(
                    f"base revision {base_revision} is not one this store has had (it is at "
                    f"{current}); fix: pass the revision of the frame the changes were made on",
                    code="revision_unknown", params={"base": base_revision, "current": current},
                )
            touched = _touched_ids(changes)
            conflicts = [e for e in _log_since(con, base_revision) if e.id in touched]
            if conflicts:
                raise ConflictError(conflicts, base_revision=base_revision)
            if not changes:
                return current
            revision = current + 1
            at = _now()
            entries = _write(con, changes, revision=revision, at=at, author=author)
            con.executemany(
                "INSERT INTO log (revision, at, author, action, id, detail) VALUES (?,?,?,?,?,?)",
                [
                    (revision, at, author, a, i, json.dumps(d, ensure_ascii=False))
                    for a, i, d in entries
                ],
            )
            _set_revision(con, revision)
        return revision

    def set_override(
        self, name: str, country: str, lat: float, lon: float, *, author: str
    ) -> tuple[str, str]:
        """Keep a manual geocoding choice for ``name`` in ``country`` (a code or a name).
        Returns the key the geocoder looks it up by."""
        author = _author(author)
        code = to_iso2(str(country or ""))
        key = fold(name or "")
        if not key:
            raise _value_error("store_name_empty", "name", name)
        if not code:
            raise _value_error("store_country_unknown", "country", country, text=country)
        lat, lon = _coordinate("lat", lat), _coordinate("lon", lon)
        with self._transaction(write=True) as con:
            old = con.execute(
                "SELECT lat, lon FROM overrides WHERE key = ? AND country = ?", (key, code)
            ).fetchone()
            revision, at = _revision(con) + 1, _now()
            con.execute(
                "INSERT OR REPLACE INTO overrides VALUES (?,?,?,?,?,?,?)",
                (key, code, str(name).strip(), lat, lon, author, at),
            )
            detail = {
                "name": str(name).strip(),
                "country": code,
                "lat": [old and old[0], lat],
                "lon": [old and old[1], lon],
            }
            con.execute(
                "INSERT INTO log VALUES (?,?,?,?,?,?)",
                (revision, at, author, "override", f"override:{key}|{code}", json.dumps(detail)),
            )
            _set_revision(con, revision)
        return key, code

    # --- exporting ---------------------------------------------------------------------------

    # --- the placed views ---------------------------------------------------------------------

    def placed_view(self, key: str) -> pd.DataFrame | None:
        """The view kept under ``key`` for the current revision, or None."""
        with self._transaction(write=False) as con:
            try:
                row = con.execute(
                    "SELECT frame FROM placed_views WHERE key = ? AND revision = ?",
                    (key, _revision(con)),
                ).fetchone()
            except sqlite3.OperationalError:  # no table yet: no view was ever kept
                return None
        return None if row is None else pd.read_parquet(io.BytesIO(row[0]))

    def keep_placed_view(self, key: str, frame: pd.DataFrame, *, revision: int) -> bool:
        """Keep ``frame``, made from the rows at ``revision``, under ``key``; the views of
        other revisions go. Nothing is kept when the store has moved on since (the view is
        already old): returns whether it was kept."""
        body = frame.to_parquet()
        with self._transaction(write=True) as con:
            if _revision(con) != revision:
                return False
            con.execute(_VIEWS_SCHEMA)
            con.execute("DELETE FROM placed_views WHERE revision <> ?", (revision,))
            con.execute("INSERT OR REPLACE INTO placed_views (key, revision, frame) "
                        "VALUES (?, ?, ?)", (key, revision, body))  # fmt: skip
            con.execute(
                "INSERT INTO meta (key, value) VALUES ('views_placed', '1') ON CONFLICT(key) "
                "DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )
        return True

    @property
    def views_placed(self) -> int:
        """How many views were placed and kept in this store, ever: a restart that found its
        view kept adds none."""
        with self._connect() as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'views_placed'").fetchone()
        return int(row[0]) if row else 0

    def dump(self, out_dir: str | os.PathLike) -> dict[Path, int]:
        """Write every file of the store as CSV under ``out_dir`` (the layout of ``data/``),
        and its manual geocoding choices as ``overrides.csv`` when it has any
        (``geo.data.overrides``).

        UTF-8 without BOM, the file's own header and line ends, minimal quoting, rows in their
        file order (new rows last), every cell spreadsheet-safe (``geo.data.spreadsheet.csv_text``).
        Each file is replaced atomically. Returns rows per file.
        """
        from geo.data.spreadsheet import csv_text

        out = Path(out_dir)
        with self._transaction(write=False) as con:
            files = _files(con)
            rows = con.execute(_SELECT + " FROM records ORDER BY file, position").fetchall()
            settled = [
                Override(*r)
                for r in con.execute("SELECT name, country, lat, lon, author, at FROM overrides")
            ]
        by_file: dict[str, list[dict[str, str]]] = {name: [] for name in files}
        for row in rows:
            by_file[row[0]].append(dict(zip(("id", *_DATA_COLUMNS), row[2:], strict=True)))
        written: dict[Path, int] = {}
        for name, info in files.items():
            columns, headers = list(info["columns"]), list(info["headers"])
            for col in DATASET_COLUMNS:  # a column the file lacks but a saved row fills
                if col not in columns and any(r[col] for r in by_file[name]):
                    columns.append(col)
                    headers.append(col)
            cells = [[record.get(c, "") for c in columns] for record in by_file[name]]
            text = csv_text([headers, *cells], newline=info["newline"])
            target = out / name
            _write_atomically(target, text.encode("utf-8"))
            written[target] = len(by_file[name])
        if settled:  # the manual geocoding choices, so a store made from out_dir keeps them
            target = out / OVERRIDES_FILE
            _write_atomically(target, overrides_csv(settled))
            written[target] = len(settled)
        return written


# --- helpers that run inside a transaction ------------------------------------------------


def _revision(con: sqlite3.Connection) -> int:
    return int(con.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()[0])


def _set_revision(con: sqlite3.Connection, revision: int) -> None:
    con.execute("UPDATE meta SET value = ? WHERE key = 'revision'", (str(revision),))


def _files(con: sqlite3.Connection) -> dict[str, dict]:
    rows = con.execute("SELECT name, headers, columns, newline FROM files ORDER BY name")
    return {
        n: {"headers": json.loads(h), "columns": json.loads(c), "newline": nl}
        for n, h, c, nl in rows
    }


def _log_since(con: sqlite3.Connection, revision: int) -> list[LogEntry]:
    rows = con.execute(
        "SELECT revision, at, author, action, id, detail FROM log WHERE revision > ?", (revision,)
    ).fetchall()
    return [LogEntry(r[0], r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]


def _touched_ids(changes: Changes) -> set[str]:
    ids = {cell_text("id", r.get("id")) for r in (*changes.added, *changes.changed)}
    return ids | {str(i) for i in changes.deleted}


def _author(author: str) -> str:
    text = " ".join(str(author or "").split())
    if not text:
        raise _value_error("author_missing", "author", author)
    return text


def _value_error(code: str, column: str, value: object, **params: object) -> DataError:
    return DataError([Problem.of(code, file="store", column=column, value=str(value),
                                 params=params)])  # fmt: skip


def _id_problem(code: str, ident: str) -> Problem:
    """A change that names a row the store does not have (or names it twice)."""
    return Problem.of(code, file="store", column="id", value=ident, id=ident)


def _coordinate(axis: str, value: object) -> float:
    try:
        return parse_coordinate(value, axis=axis)
    except CellError as exc:
        raise _value_error("store_coordinate_invalid", axis, value, name=axis, text=value,
                           limit=AXES[axis][1]) from exc  # fmt: skip


def _busy(exc: sqlite3.DatabaseError) -> bool:
    """SQLite gave up waiting for another writer. The one place that reads sqlite3's
    exception: ``sqlite_errorname`` (Python 3.11+) says it without parsing the message."""
    return getattr(exc, "sqlite_errorname", "") in ("SQLITE_BUSY", "SQLITE_LOCKED")


@dataclass
class _Plan:
    """What one save will write, gathered before anything is: rows, log entries, problems."""

    existing: dict[str, tuple]  # id → its store row, for the ids the save touches
    next_pos: dict[str, int]  # file → the position its next new row takes
    new_rows: list[tuple[str, int, dict[str, str]]] = field(default_factory=list)
    updates: list[dict[str, str]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    entries: list[tuple[str, str, dict]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)


def _write(
    con: sqlite3.Connection, changes: Changes, *, revision: int, at: str, author: str
) -> list[tuple[str, str, dict]]:
    """Apply the changes; return the log entries. Raises ``DataError`` before any write when a
    row would be invalid; the caller's transaction is rolled back on any error."""
    existing = {
        row[2]: row
        for row in con.execute(
            _SELECT + " FROM records WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(_touched_ids(changes))),),
        )
    }
    next_pos = dict(con.execute("SELECT file, MAX(position) + 1 FROM records GROUP BY file"))
    plan = _Plan(existing, next_pos)
    for record in changes.added:
        _plan_added(plan, record, default_file=changes.default_file)
    for record in changes.changed:
        _plan_changed(plan, record)
    for ident in changes.deleted:
        _plan_deleted(plan, str(ident))
    errors = [p for p in plan.problems + _check_rows(plan.new_rows) if p.severity == "error"]
    if errors:
        raise DataError(errors)
    _store_rows(con, plan, added=len(changes.added), files=_files(con), revision=revision)
    return plan.entries


def _old_cells(row: tuple) -> dict[str, str]:
    return dict(zip(("id", *_DATA_COLUMNS), row[2:], strict=True))


def _plan_added(plan: _Plan, record: Mapping[str, object], *, default_file: str) -> None:
    cells = {c: cell_text(c, record.get(c)) for c in DATASET_COLUMNS}
    ident = cells["id"]
    name = _file_name(record.get("_file"), default=default_file)
    pos = plan.next_pos.get(name, 0)
    plan.next_pos[name] = pos + 1
    if ident in plan.existing or ident in plan.seen:
        where = plan.existing.get(ident)
        at = {"first_file": FILE_PREFIX + where[0], "first_row": where[1] + 2} if where else {}
        plan.problems.append(Problem.of("id_taken_at" if where else "id_taken",
                                        file=FILE_PREFIX + name, row=pos + 2, column="id",
                                        value=ident, id=ident, params=at))  # fmt: skip
    plan.seen.add(ident)
    plan.new_rows.append((name, pos, cells))
    plan.entries.append(("add", ident, {"file": name, **{k: v for k, v in cells.items() if v}}))


def _plan_changed(plan: _Plan, record: Mapping[str, object]) -> None:
    ident = cell_text("id", record.get("id"))
    row = plan.existing.get(ident)
    if row is None or ident in plan.seen:
        plan.problems.append(_id_problem("id_unknown" if row is None else "id_changed_twice",
                                         ident))  # fmt: skip
        return
    plan.seen.add(ident)
    old = _old_cells(row)
    new = {**old, **{c: cell_text(c, v) for c, v in record.items() if c in _DATA_COLUMNS}}
    diff = {c: [old[c], new[c]] for c in _DATA_COLUMNS if old[c] != new[c]}
    plan.updates.append(new)
    plan.new_rows.append((row[0], row[1], new))
    if diff:
        plan.entries.append(("change", ident, diff))


def _plan_deleted(plan: _Plan, ident: str) -> None:
    row = plan.existing.get(ident)
    if row is None or ident in plan.seen:
        code = "id_unknown_delete" if row is None else "id_deleted_and_changed"
        plan.problems.append(_id_problem(code, ident))
        return
    plan.seen.add(ident)
    plan.deletes.append(ident)
    old = _old_cells(row)
    plan.entries.append(("delete", ident, {"file": row[0], **{k: v for k, v in old.items() if v}}))


def _store_rows(
    con: sqlite3.Connection, plan: _Plan, *, added: int, files: Mapping, revision: int
) -> None:
    """Write a checked plan: new files, deletes, the ``added`` first new rows, updates."""
    for name in {n for n, _, _ in plan.new_rows} - files.keys():
        con.execute(
            "INSERT INTO files VALUES (?,?,?,?)",
            (name, json.dumps(COLUMN_NAMES), json.dumps(COLUMN_NAMES), "\n"),
        )
    if plan.deletes:
        con.executemany("DELETE FROM records WHERE id = ?", [(i,) for i in plan.deletes])
    con.executemany(
        _INSERT, [(n, p, revision, *(c[col] for col in DATASET_COLUMNS))
                  for n, p, c in plan.new_rows[:added]],
    )  # fmt: skip
    update = (
        "UPDATE records SET revision = ?, "
        + ", ".join(f'"{c}" = ?' for c in _DATA_COLUMNS)
        + " WHERE id = ?"
    )
    con.executemany(
        update, [(revision, *(new[c] for c in _DATA_COLUMNS), new["id"]) for new in plan.updates]
    )


def _check_rows(rows: list[tuple[str, int, dict[str, str]]]) -> list[Problem]:
    """Validate rows about to be written, reporting them at the row they will have."""
    if not rows:
        return []
    by_file: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for name, pos, cells in rows:
        by_file.setdefault(name, []).append((pos, cells))
    tables, where = [], {}
    for name, items in by_file.items():
        label = FILE_PREFIX + name
        tables.append(Table(label, COLUMN_NAMES, COLUMN_NAMES, tuple(c for _, c in items)))
        for i, (pos, _) in enumerate(items):
            where[(label, Table.sheet_row(i))] = pos + 2
    checked = check_tables(tables)
    return [replace(p, row=where.get((p.file, p.row), p.row)) for p in checked.problems]


def _frame(files: Mapping[str, dict], rows: list[tuple]) -> pd.DataFrame:
    tables = []
    by_file: dict[str, list[dict[str, str]]] = {name: [] for name in files}
    for row in rows:
        by_file[row[0]].append(dict(zip(("id", *_DATA_COLUMNS), row[2:], strict=True)))
    for name, records in by_file.items():
        tables.append(Table(FILE_PREFIX + name, COLUMN_NAMES, COLUMN_NAMES, tuple(records)))
    checked = check_tables(tables)
    frame = to_frame(checked.records) if checked.records else to_frame([])
    if frame.empty:
        frame["_file"], frame["_row"] = pd.Series(dtype=str), pd.Series(dtype=int)
    return frame


# --- creating a store ------------------------------------------------------------------------


def _create(path: Path, seed: Path) -> None:
    """Build the store from the seed files in a temporary file, then link it into place:
    a crash leaves no half-made store, and of two processes starting at once one wins."""
    tables = _seed_tables(seed)
    settled = read_overrides(seed) if seed.is_dir() else []  # raises DataError
    fd, tmp_name = tempfile.mkstemp(prefix=".efus-", suffix=".sqlite.tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp, isolation_level=None)
        try:
            con.execute("PRAGMA journal_mode = WAL")
            con.execute("BEGIN")
            _fill(con, seed, tables, settled)
            con.execute("COMMIT")
        finally:
            con.close()
        _fsync(tmp)
        with contextlib.suppress(FileExistsError):  # another process created it first: use theirs
            os.link(tmp, path)
        _fsync_dir(path.parent)
    finally:
        tmp.unlink(missing_ok=True)


def _seed_tables(seed: Path) -> list[tuple[Path, Table]]:
    """The seed's CSV files, read and checked; ``DataError`` when they have problems."""
    tables = []
    if seed.exists():
        paths = [p for p in table_paths([seed]) if p.suffix.lower() == ".csv"]
        tables = [
            (p, read_table(p, name=FILE_PREFIX + p.relative_to(seed).as_posix(),
                           limits=DATASET_LIMITS))  # the deployment's own files, not an upload
            for p in paths
        ]  # fmt: skip
    checked = check_tables([t for _, t in tables])
    if not checked.ok:
        raise DataError(checked.errors)
    return tables


def _fill(
    con: sqlite3.Connection, seed: Path, tables: list[tuple[Path, Table]], settled: list[Override]
) -> None:
    """A new store's schema, meta, seed rows and overrides, inside the caller's transaction."""
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            con.execute(statement)
    at = _now()
    meta = [("schema", str(SCHEMA_VERSION)), ("revision", "0"), ("created", at),
            ("seed", str(seed))]  # fmt: skip
    con.executemany("INSERT INTO meta VALUES (?, ?)", meta)
    for p, table in tables:
        _seed_file(con, p.relative_to(seed).as_posix(), p, table, at=at)
    con.executemany(
        "INSERT INTO overrides VALUES (?,?,?,?,?,?,?)",
        [(*o.key, o.name, o.lat, o.lon, o.author, o.at or at) for o in settled],
    )
    if settled:
        con.execute(
            "INSERT INTO log VALUES (0, ?, '', 'seed', ?, ?)",
            (at, f"seed:{OVERRIDES_FILE}", json.dumps({"overrides": len(settled)})),
        )


def _seed_file(con: sqlite3.Connection, name: str, path: Path, table: Table, *, at: str) -> None:
    # The header line's end, not any CRLF: a quoted cell may hold its own.
    newline = "\r\n" if path.read_bytes().split(b"\n", 1)[0].endswith(b"\r") else "\n"
    con.execute(
        "INSERT INTO files VALUES (?,?,?,?)",
        (name, json.dumps(table.headers), json.dumps(table.columns), newline),
    )
    rows = [
        (name, i, 0, *(r.get(c, "") for c in DATASET_COLUMNS))
        for i, r in enumerate(table.rows)
        if any(v for v in r.values())
    ]
    con.executemany(_INSERT, rows)
    con.execute(
        "INSERT INTO log VALUES (0, ?, '', 'seed', ?, ?)",
        (at, f"seed:{name}", json.dumps({"rows": len(rows)})),
    )


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_atomically(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
