"""Speakers' saved tours: the places of a presentation and their order, under a name.

Staff choose the stops on the dashboard and save them; ``?present=1&tour=NAME`` opens the tour.
A tour holds place keys only (``FR/Nice``, ``geo.dashboard.tour.place_key``), never rows: the
presentation draws each place from the view its audience may see, so a tour saved by staff
shows the public rows of its places on a public projector.

The tours are one JSON file beside the store (``tours.json`` in the data folder): a handful of
small records that staff may want to copy between deployments or read in a diff, which a
table in the store would hide. A save writes a new file and renames it over the old one, so a
crash leaves the old tours or the new ones, never half a file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from geo.errors import GeoError

FILE_NAME = "tours.json"
NAME_LIMIT = 80


class TourError(GeoError, ValueError):
    """A tour that cannot be saved or opened; ``code`` says why."""

    code = "tour_unknown"


@dataclass(frozen=True, slots=True)
class SavedTour:
    """A named tour: its place keys in order, who saved it and when (ISO 8601, UTC)."""

    name: str
    places: tuple[str, ...]
    author: str
    at: str


def tours_path(data_dir: Path) -> Path:
    return Path(data_dir) / FILE_NAME


def saved_tours(data_dir: Path) -> dict[str, SavedTour]:
    """Every saved tour by name (none when nothing was saved yet)."""
    path = tours_path(data_dir)
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
        return {r["name"]: SavedTour(r["name"], tuple(r["places"]), r["author"], r["at"])
                for r in records}  # fmt: skip
    except FileNotFoundError:
        return {}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise TourError.of("tour_file_unreadable", path=str(path), reason=str(exc)) from exc


def open_tour(data_dir: Path, name: str) -> SavedTour:
    """The tour saved as ``name``; a ``TourError`` naming the saved ones when there is none."""
    tours = saved_tours(data_dir)
    if name not in tours:
        raise TourError.of("tour_unknown", name=name, known=", ".join(sorted(tours)) or "none")
    return tours[name]


def save_tour(
    data_dir: Path, *, name: str, places: Sequence[str], author: str,
    now: dt.datetime | None = None,
) -> SavedTour:  # fmt: skip
    """Save (or replace) the tour ``name`` with ``places`` in their order."""
    name = name.strip()
    if not name or len(name) > NAME_LIMIT:
        raise TourError.of("tour_name_invalid", name=name, limit=NAME_LIMIT)
    if not places:
        raise TourError.of("tour_empty", name=name)
    when = (now or dt.datetime.now(dt.UTC)).isoformat(timespec="seconds")
    tour = SavedTour(name, tuple(dict.fromkeys(places)), author or "staff", when)
    tours = {**saved_tours(data_dir), name: tour}
    _write(tours_path(data_dir), [asdict(t) for t in tours.values()])
    return tour


def _write(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    partial.replace(path)
