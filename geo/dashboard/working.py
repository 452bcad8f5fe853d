"""The working dataset the app shows: the store (``geo.data.store``) in the settings' data
folder, seeded from their seed folder (``data/`` by default) on first start, placed by the
geocoder with the store's manual overrides, as one audience may see it.

The page caches ``load_view`` per ``token`` (the store's file and revision) with
``geo.dashboard.shared_cache``: a merged upload or a new override is a new revision, so every
visitor sees it on their next rerun.

A placed view is also kept in the store itself (``Store.keep_placed_view``), under
``view_key``: the audience, the gazetteer index's version, the online geocoder's settings and a
fingerprint of the code that places and selects rows. A restart with an unchanged store then
reads the view back (~0.1 s at 50,000 rows) instead of checking and placing every row again
(~10 s), and needs no gazetteer at all; ``make run`` places it before serving (``prepare``).
"""

from __future__ import annotations

import hashlib
import os
from functools import cache, partial
from pathlib import Path

import pandas as pd

from geo.config import ROOT, Settings
from geo.dashboard.mode import check_audience
from geo.data.store import Store
from geo.maps.audience import public_view
from geo.places.gazetteer import index_version
from geo.places.geocoder import city_centre, geocoder_with, locate
from geo.places.nominatim import OnlineSettings
from geo.selection import searchable

__all__ = [
    "AUDIENCES",
    "audience_view",
    "geocoder_with",
    "load_view",
    "open_store",
    "prepare",
    "token",
    "view_key",
]

AUDIENCES = ("public", "staff")
# What a kept view depends on besides the rows: the code under these folders.
_PLACING_CODE = ("geo", "reference")


def open_store(settings: Settings) -> Store:
    """The store in ``settings.data_dir``, created from ``settings.seed_dir`` on first start.
    Raises ``DataError`` when the seed files have problems, ``StoreError`` when the store
    file cannot be used."""
    return Store.open(settings.data_dir, seed=settings.seed_dir)


def token(store: Store) -> tuple[str, int]:
    """What the page caches a view under: changes with every save and override."""
    return str(store.path), store.revision


def load_view(
    store_path: str | os.PathLike, *, audience: str, settings: Settings | None = None
) -> pd.DataFrame:
    """The store's rows as ``audience`` sees them, placed, ready to filter. ``settings`` (None:
    the defaults) say which geocoder places them (its cache folder, online or not): part of
    the page's cache key, so that a view is never one placed under other settings."""
    store = Store(Path(store_path))
    key = view_key(audience=audience, settings=settings)
    kept = store.placed_view(key)
    if kept is not None:
        return kept
    snapshot = store.snapshot()
    overrides = store.overrides()  # a new override is a new revision: keep_placed_view sees it
    frame = locate(snapshot.frame, geocoder=geocoder_with(overrides, settings=settings))
    centre = partial(city_centre, settings=settings)
    view = searchable(audience_view(frame, audience=audience, city_centre=centre))
    store.keep_placed_view(key, view, revision=snapshot.revision)
    return view


def view_key(*, audience: str, settings: Settings | None = None) -> str:
    """What a placed view is kept under in the store, besides its revision: everything else
    that decides where its rows land and what the audience sees."""
    config = settings if settings is not None else Settings()
    online = OnlineSettings.from_settings(config)
    parts = (check_audience(audience), index_version(), repr(online), _code_fingerprint())
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


@cache
def _code_fingerprint() -> str:
    """The code and reference lists that place rows (an upgrade places them again once)."""
    digest = hashlib.sha256()
    for folder in _PLACING_CODE:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path.suffix in (".py", ".csv", ".json", ".geojson"):
                digest.update(path.relative_to(ROOT).as_posix().encode("utf-8") + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare(settings: Settings) -> Store:
    """Open the store (made from the seed on a first start) and place its views for every
    audience, so that the first visitor waits for none of it (``make run``)."""
    store = open_store(settings)
    for audience in AUDIENCES:
        load_view(store.path, audience=audience, settings=settings)
    return store


def audience_view(frame: pd.DataFrame, *, audience: str, city_centre=None) -> pd.DataFrame:
    """What an audience may see. Staff: everything. Public: the map engine's rule (rows marked
    public, public columns only, sensitive equipment moved to its city centre or left out), so
    that the page, its table and its downloads never show more than the map."""
    if check_audience(audience) == "staff":
        return frame.copy()
    return public_view(frame, city_centre=city_centre)
