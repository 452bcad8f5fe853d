"""The working dataset the app shows: the store (``geo.data.store``) in the settings' data
folder, seeded from their seed folder (``data/`` by default) on first start, placed by the
geocoder with the store's manual overrides, as one audience may see it.

The page caches ``load_view`` per ``token`` (the store's file and revision) with
``geo.dashboard.shared_cache``: a merged upload or a new override is a new revision, so every
visitor sees it on their next rerun.
"""

from __future__ import annotations

import os
from functools import partial
from pathlib import Path

import pandas as pd

from geo.config import Settings
from geo.dashboard.mode import check_audience
from geo.data.store import Store
from geo.maps.audience import public_view
from geo.places.geocoder import city_centre, geocoder_with, locate
from geo.selection import searchable

__all__ = ["audience_view", "geocoder_with", "load_view", "open_store", "token"]


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
    overrides = store.overrides()
    frame = locate(store.frame(), geocoder=geocoder_with(overrides, settings=settings))
    centre = partial(city_centre, settings=settings)
    return searchable(audience_view(frame, audience=audience, city_centre=centre))


def audience_view(frame: pd.DataFrame, *, audience: str, city_centre=None) -> pd.DataFrame:
    """What an audience may see. Staff: everything. Public: the map engine's rule (rows marked
    public, public columns only, sensitive equipment moved to its city centre or left out), so
    that the page, its table and its downloads never show more than the map."""
    if check_audience(audience) == "staff":
        return frame.copy()
    return public_view(frame, city_centre=city_centre)
