"""The working dataset the app shows: the store (``geo.store``), seeded from ``data/`` (or
``$EFUS_DATA``) on first start, placed by the geocoder with the store's manual overrides.

The page caches ``load_view`` per ``token`` (the store's file and revision): a merged upload
or a new override is a new revision, so every visitor sees it on their next rerun.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from geo.dataset import DATA_DIR
from geo.geocoding import geocoder_with
from geo.store import Store, default_data_dir

__all__ = ["geocoder_with", "load_view", "open_store", "seed_dir", "token"]

DATA_ENV = "EFUS_DATA"  # the folder that seeds a new store (default: the bundled data/)


def seed_dir(environ: Mapping[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    value = env.get(DATA_ENV, "").strip()
    return Path(value) if value else DATA_DIR


def open_store(environ: Mapping[str, str] | None = None) -> Store:
    """The store under ``$EFUS_DATA_DIR`` (default ``var/``), created from ``seed_dir`` on first
    start. Raises ``DataError`` when the seed files have problems, ``StoreError`` when the
    store file cannot be used."""
    env = os.environ if environ is None else environ
    folder = env.get("EFUS_DATA_DIR", "").strip() or default_data_dir()
    return Store.open(folder, seed=seed_dir(env))


def token(store: Store) -> tuple[str, int]:
    """What the page caches a view under: changes with every save and override."""
    return str(store.path), store.revision


def load_view(store_path: str | os.PathLike, *, audience: str) -> pd.DataFrame:
    """The store's rows as ``audience`` sees them, placed, ready to filter."""
    from geo.dashboard import audience_view
    from geo.filters import searchable
    from geo.geocoding import city_centre, locate

    store = Store(Path(store_path))
    overrides = store.overrides()
    frame = locate(store.frame(), geocoder=geocoder_with(overrides))
    return searchable(audience_view(frame, audience=audience, city_centre=city_centre))
