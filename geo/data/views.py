"""Views staff save from the dashboard: the filters of the moment under a name, to publish.

A saved view is the dashboard's link (its query parameters, ``Selection.to_query``) under a
name. Each save is a new revision with its author and time, never an update in place, so the
list says who changed a published map's filters and when; ``latest()`` is what
``python -m geo publish`` and the staff page's *Publish* publish. The views live in their own
SQLite file beside the store (``views.sqlite`` in ``EFUS_DATA_DIR``): they are not rows of the
dataset and a reseeded store keeps them.

This module reads and keeps; it does not know what the parameters mean (``geo.selection``
does, and ``geo.maps.publish`` turns a saved view into a map).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import unicodedata
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from geo.errors import GeoError

FILE_NAME = "views.sqlite"
NAME_MAX = 80
SLUG_PREFIX = "view-"  # a saved view's address never takes a project's or the network's
_SCHEMA = """
CREATE TABLE IF NOT EXISTS saved_view (
    revision INTEGER PRIMARY KEY AUTOINCREMENT,
    slug TEXT NOT NULL,
    name TEXT NOT NULL,
    query TEXT NOT NULL,
    author TEXT NOT NULL,
    saved_at TEXT NOT NULL
)
"""


class ViewError(GeoError, ValueError):
    """A view cannot be saved as asked; ``code`` and ``params`` say why."""

    code = "view_invalid"


@dataclass(frozen=True, slots=True, kw_only=True)
class SavedView:
    """One revision of a saved view."""

    slug: str
    name: str
    query: Mapping[str, str]
    author: str
    revision: int
    saved_at: str  # ISO 8601, UTC


def view_slug(name: str) -> str:
    """``"Pilot equipment, Belgium"`` → ``"view-pilot-equipment-belgium"``."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return SLUG_PREFIX + (re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "map")


class SavedViews:
    """The saved views of one data folder (``SavedViews.of(settings.data_dir)``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @classmethod
    def of(cls, data_dir: str | Path) -> SavedViews:
        return cls(Path(data_dir) / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        connection.execute(_SCHEMA)
        return connection

    def save(self, *, name: str, query: Mapping[str, str], author: str) -> SavedView:
        """A new revision of the view called ``name`` (a new view, or new filters for it)."""
        clean = " ".join(name.split())
        if not clean or len(clean) > NAME_MAX:
            raise ViewError.of("view_name_invalid", name=name, max=NAME_MAX)
        at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        text = json.dumps(dict(query), ensure_ascii=False, sort_keys=True)
        with closing(self._connect()) as db, db:
            cursor = db.execute(
                "INSERT INTO saved_view (slug, name, query, author, saved_at) VALUES (?,?,?,?,?)",
                (view_slug(clean), clean, text, author, at),
            )
            revision = int(cursor.lastrowid or 0)
        return SavedView(slug=view_slug(clean), name=clean, query=dict(query), author=author,
                         revision=revision, saved_at=at)  # fmt: skip

    def latest(self) -> tuple[SavedView, ...]:
        """The last revision of each view, by name."""
        if not self.path.exists():
            return ()
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT slug, name, query, author, revision, saved_at FROM saved_view "
                "WHERE revision IN (SELECT MAX(revision) FROM saved_view GROUP BY slug)"
            ).fetchall()
        views = (_view(row) for row in rows)
        return tuple(sorted(views, key=lambda v: v.name.casefold()))

    def history(self, slug: str) -> tuple[SavedView, ...]:
        """Every revision of one view, the newest first."""
        if not self.path.exists():
            return ()
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT slug, name, query, author, revision, saved_at FROM saved_view "
                "WHERE slug = ? ORDER BY revision DESC", (slug,),
            ).fetchall()  # fmt: skip
        return tuple(_view(row) for row in rows)


def _view(row: tuple) -> SavedView:
    slug, name, query, author, revision, saved_at = row
    return SavedView(slug=slug, name=name, query=json.loads(query), author=author,
                     revision=revision, saved_at=saved_at)  # fmt: skip
