"""The merge plan of a checked upload into the store: which rows it adds, which cells it
changes, which rows it leaves as they are; nothing is written until ``apply``.

Reading and checking the upload is ``geo.staff.intake``; this is what follows, once staff have
corrected it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import pandas as pd

from geo.data.cells import CellError, parse_number
from geo.data.countries import fold
from geo.data.schema import ACTIVITIES, COLUMN_NAMES, DATASET_COLUMNS
from geo.data.store import FILE_PREFIX, NUMERIC, Changes, Store, cell_text
from geo.i18n import DEFAULT, N_, translator
from geo.maps.styles import style_for
from geo.staff.intake import UploadError, is_present


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
    base_revision: int | None = None,
    file: str | None = None,
) -> MergePlan:
    """Match upload rows to store rows by ``id``: new ids are added, known ids changed in the
    columns the upload has (``columns``: ``Intake.columns``).

    A blank lat/lon in the upload means "not known here", never "erase the position". A row
    without id is the store row whose id its country and name would make, when that row has
    the same name and country (so a list uploaded twice is not added twice); else it gets
    that id, or the next free one. New rows go to ``into`` (a file of ``data/``: staff's own
    choice), else to the file of their kind and activity (``data_file``). Neither frame is
    changed.

    ``base_revision`` (``Snapshot.revision``) and ``file`` (``Intake.file``) say what the plan
    is made from; a caller that passes the frames alone gets them from what
    ``Store.snapshot`` and ``Intake.frame`` note in the frames' ``attrs`` (which
    ``st.data_editor`` drops: the page passes them explicitly).
    """
    speaks = tuple(columns or upload_frame.attrs.get("columns") or COLUMN_NAMES)
    speaks = tuple(c for c in speaks if c in DATASET_COLUMNS and c != "id")
    known = {str(r["id"]): r for r in store_frame.to_dict("records")}
    merging = _Merging(known, set(known), into)
    for record in upload_frame.to_dict("records"):
        _merge_row(merging, record, speaks)
    if base_revision is None:
        base_revision = store_frame.attrs.get("revision")
    return MergePlan(
        tuple(merging.added), tuple(merging.changed), tuple(merging.unchanged), base_revision,
        str(file if file is not None else upload_frame.attrs.get("file", "")), merging.given,
    )  # fmt: skip


@dataclass
class _Merging:
    """The plan being made, row after row."""

    known: dict[str, dict]  # the store's rows by id
    taken: set[str]  # ids in use, the store's and the ones given so far
    into: str | None
    added: list[dict] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    given: dict[int, str] = field(default_factory=dict)


# The seed's four files (data/README.md), by the map layer of a row's activity: the layers
# already group the activity vocabulary (geo.maps.styles.ACTIVITY_STYLE), so a new activity
# given a layer there lands in the right file here too.
FILE_OF_LAYER: Mapping[str, str] = MappingProxyType({
    "signatories": "signatories.csv", "events": "activities.csv",
    "equipment": "sites.csv", "cities": "partners.csv",
})  # fmt: skip
FILE_OF_KIND: Mapping[str, str] = MappingProxyType({
    "site": "sites.csv", "event": "activities.csv",
})  # fmt: skip
OTHER_FILE = "partners.csv"  # cities, regions, organisations in projects
# Activities are free text; validation flags other spellings, the file follows them anyway.
_ACTIVITY_SPELLING = {a.casefold(): a for a in ACTIVITIES}


def data_file(record: Mapping[str, object]) -> str:
    """The file of ``data/`` a new row belongs in: a site in sites.csv, an event or an
    event's activity (meeting, conference, European Week of Security…) in activities.csv, a
    signatory in signatories.csv, every other participation in partners.csv."""
    kind = cell_text("kind", record.get("kind")).casefold()
    if kind in FILE_OF_KIND:
        return FILE_PREFIX + FILE_OF_KIND[kind]
    activity = cell_text("activity", record.get("activity"))
    layer = style_for(_ACTIVITY_SPELLING.get(activity.casefold(), activity), kind).layer
    return FILE_PREFIX + FILE_OF_LAYER.get(layer, OTHER_FILE)


def _merge_row(merging: _Merging, record: dict, speaks: tuple[str, ...]) -> None:
    upload_row = int(record.get("_row") or 0)
    ident = cell_text("id", record.get("id"))
    if not ident:
        ident = _same_place(record, merging.known) or _new_id(record, merging.taken)
        merging.given[upload_row] = ident
    merging.taken.add(ident)
    old = merging.known.get(ident)
    if old is None:
        merging.added.append(_added(merging, record, ident, upload_row))
        return
    diffs = tuple(
        ColumnChange(c, old.get(c), record.get(c))
        for c in speaks
        if not (c in NUMERIC and not is_present(record.get(c)))
        and not _same(old.get(c), record.get(c))
    )
    if diffs:
        merging.changed.append(RowChange(ident, str(old.get("name", "")),
                                         str(old.get("_file", "")), upload_row, diffs))
    else:
        merging.unchanged.append(ident)


def _added(merging: _Merging, record: dict, ident: str, upload_row: int) -> dict:
    """A whole new row, with the store file it goes to."""
    full = {c: record.get(c, "") for c in DATASET_COLUMNS}
    full["id"] = ident
    full["_file"] = merging.into or data_file(record)
    full["_upload_row"] = upload_row
    return full


def apply(plan: MergePlan, *, store: Store, author: str) -> int:
    """Save the plan into the store; returns the new revision. ``ConflictError`` when someone
    saved the same rows since the frame the plan was made from."""
    if plan.base_revision is None:
        raise UploadError(
            "the merge plan does not say which revision of the store it was made from; fix: "
            "make it from store.frame() or store.snapshot().frame",
            code="plan_without_revision",
        )
    changes = plan.changes()
    changes = Changes(
        added=tuple({k: v for k, v in r.items() if k != "_upload_row"} for r in changes.added),
        changed=changes.changed,
    )
    return store.save(changes, base_revision=plan.base_revision, author=author)


def _same(old: object, new: object) -> bool:
    if isinstance(old, float) or isinstance(new, float):
        a, b = _as_number(old), _as_number(new)
        if a is None or b is None:
            return False
        return (math.isnan(a) and math.isnan(b)) or abs(a - b) < 1e-9
    return cell_text("", old) == cell_text("", new)


def _as_number(value: object) -> float | None:
    """A float as it is (NaN for blank); text through the one number parser."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value)
    try:
        return parse_number(str(value))
    except CellError:
        return None


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


# TRANSLATORS: the preview of a save: its columns and what happens to each row.
PREVIEW_HEADERS = {"status": N_("status"), "id": N_("id"), "name": N_("name"), "file": N_("file"),
                   "row": N_("row"), "column": N_("column"), "old": N_("old"),
                   "new": N_("new")}  # fmt: skip
PREVIEW_STATUS = {"added": N_("added"), "changed": N_("changed"), "unchanged": N_("unchanged")}
# TRANSLATORS: what each data file holds, after its name in the preview of a save:
# "data/sites.csv (pilot security equipment)".
FILE_LABELS = {"signatories.csv": N_("Brussels Declaration signatories"),
               "activities.csv": N_("activities and events"),
               "sites.csv": N_("pilot security equipment"),
               "partners.csv": N_("partners, cities, regions and organisations")}  # fmt: skip


def preview_in(plan: MergePlan, *, lang: str = DEFAULT) -> pd.DataFrame:
    """``plan.preview()`` as the page shows it in ``lang``: statuses and headers translated,
    the rows' values as written."""
    tr = translator(lang)
    frame = plan.preview()
    frame["status"] = [tr.t(PREVIEW_STATUS[s]) for s in frame["status"]]
    frame["file"] = [_file_in(tr, f) for f in frame["file"]]
    return frame.rename(columns={c: tr.t(h) for c, h in PREVIEW_HEADERS.items()})


def _file_in(tr, file: str) -> str:
    """'data/sites.csv (équipements de sécurité pilotes)': the name as on disk, what it holds
    in the reader's language."""
    label = FILE_LABELS.get(file.removeprefix(FILE_PREFIX))
    return tr.t("{file} ({what})", file=file, what=tr.t(label)) if label else file
