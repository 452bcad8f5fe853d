"""The working dataset: every table under a folder, checked, as one pandas DataFrame."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from geo.config import DATA_DIR
from geo.data.reading import DATASET_LIMITS, Limits, read_table, table_paths
from geo.data.schema import DATASET_COLUMNS, OVERRIDES_FILE
from geo.data.validation import Checked, check_tables
from geo.errors import DataError, ReadError


def check_paths(
    paths: list[str | os.PathLike], *, strict: bool = True, limits: Limits | None = None
) -> Checked:
    """Read and check files or folders; a file that cannot be read is one more problem.
    A folder's ``overrides.csv`` (and one named on its own) is checked as geocoding choices
    (``geo.data.overrides``), not as rows."""
    from geo.data.overrides import check_overrides

    given = [Path(p) for p in paths]
    settled = [p / OVERRIDES_FILE if p.is_dir() else p for p in given]
    settled = [p for p in settled if p.name == OVERRIDES_FILE and p.is_file()]
    tables, unreadable = [], []
    for path in table_paths([p for p in given if p not in settled]):
        try:
            tables.append(read_table(path, limits=limits))
        except ReadError as exc:
            unreadable.append(exc.as_problem(str(path)))
    checked = check_tables(tables, strict=strict)
    checked.problems[:0] = unreadable
    for path in settled:
        checked.problems.extend(check_overrides(path)[1])
    return checked


def to_frame(records: list[dict]) -> pd.DataFrame:
    """Records as a DataFrame: the dataset's columns first, in order, then any others."""
    frame = pd.DataFrame.from_records(records)
    for col in DATASET_COLUMNS:
        if col not in frame:
            frame[col] = ""
    extra = [c for c in frame.columns if c not in DATASET_COLUMNS]
    frame = frame[list(DATASET_COLUMNS) + extra]
    # Not a second number parser: the records were cleaned by validation (floats, or "" when
    # blank), so this only turns "" into NaN and fixes the dtype.
    frame["lat"] = pd.to_numeric(frame["lat"], errors="coerce").astype(float)
    frame["lon"] = pd.to_numeric(frame["lon"], errors="coerce").astype(float)
    frame["public"] = frame["public"].astype(bool)
    frame["sensitive"] = frame["sensitive"].astype(bool)
    return frame


def load_dataset(path: str | os.PathLike | None = None, *, strict: bool = True) -> pd.DataFrame:
    """Load every CSV/XLSX under ``path`` (the bundled ``data/`` by default).

    Columns: those of ``geo.data.schema.COLUMNS`` (``lat``/``lon`` float, NaN when blank;
    ``public``/``sensitive`` bool; the rest str, "" when blank; ``country`` ISO2), then
    ``_file`` and ``_row`` (where the row came from), then any extra columns a loose list had.
    Raises ``DataError`` listing every problem when a file is not valid.
    """
    limits = DATASET_LIMITS if path is None else None  # the bundled data; others as uploads
    checked = check_paths([path or DATA_DIR], strict=strict, limits=limits)
    if not checked.ok:
        raise DataError(checked.errors)
    if not checked.records:
        raise DataError([])
    frame = to_frame(checked.records)
    # Name bundled files as the store does (data/x.csv), wherever the project is checked out.
    root = str(DATA_DIR.parent) + os.sep
    frame["_file"] = frame["_file"].map(lambda f: f[len(root) :] if f.startswith(root) else f)
    return frame
