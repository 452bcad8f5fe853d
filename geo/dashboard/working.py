"""The working dataset the app shows: the store (``geo.data.store``) in the settings' data
folder, seeded from their seed folder (``data/`` by default) on first start, placed by the
geocoder with the store's manual overrides, as one audience may see it.

The page caches ``load_view`` per ``token`` (the store's file and revision): a merged upload
or a new override is a new revision, so every visitor sees it on their next rerun. It caches
with ``shared_cache``, not ``st.cache_data``: Streamlit lets any client clear its caches for
every visitor (a ``clear_cache`` message over the websocket), and these values are pure
functions of their arguments that nobody needs to clear.
"""

from __future__ import annotations

import contextlib
import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path

import pandas as pd

from geo.config import Settings
from geo.dashboard.mode import check_audience
from geo.data.store import Store
from geo.maps.engine import public_view  # moves to geo.maps.audience with the maps' split
from geo.places.geocoder import city_centre, geocoder_with, locate
from geo.selection import searchable

__all__ = [
    "SharedCache",
    "audience_view",
    "geocoder_with",
    "load_view",
    "open_store",
    "shared_cache",
    "token",
]


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
    # Until geo.places takes its settings as arguments, its geocoder reads them itself; then
    # ``geocoder_with(overrides, settings=settings)`` and the same for ``city_centre``.
    frame = locate(store.frame(), geocoder=geocoder_with(overrides))
    return searchable(audience_view(frame, audience=audience, city_centre=city_centre))


def audience_view(frame: pd.DataFrame, *, audience: str, city_centre=None) -> pd.DataFrame:
    """What an audience may see. Staff: everything. Public: the map engine's rule (rows marked
    public, public columns only, sensitive equipment moved to its city centre or left out), so
    that the page, its table and its downloads never show more than the map."""
    if check_audience(audience) == "staff":
        return frame.copy()
    return public_view(frame, city_centre=city_centre)


class SharedCache:
    """Values by key for the whole server process, at most ``max_entries`` (the least recently
    used go first). A key is computed once even when sessions ask for it at the same time.
    Thread-safe; nothing a client sends reaches it."""

    def __init__(self, *, max_entries: int) -> None:
        self._values: OrderedDict[Hashable, object] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()
        self.max_entries = max_entries
        self.misses = 0

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def get(self, key: Hashable, compute: Callable[[], object]) -> object:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            pending = self._computing.setdefault(key, threading.Lock())
        with pending:
            with self._lock:
                if key in self._values:
                    return self._values[key]
            value = compute()
            self._store(key, value)
        return value

    def _store(self, key: Hashable, value: object) -> None:
        with self._lock:
            self._values[key] = value
            self.misses += 1
            self._computing.pop(key, None)
            while len(self._values) > self.max_entries:
                self._values.popitem(last=False)


# One cache per function (its file and name): the page's script runs anew at each rerun, and
# defines new function objects each time, which must find the same cache.
SHARED_CACHES: dict[tuple[str, str], SharedCache] = {}
_CACHES_LOCK = threading.Lock()


class SharedCached:
    """A function whose values ``cache`` keeps (``shared_cache``); called as the function."""

    def __init__(self, function, cache: SharedCache, while_computing) -> None:
        functools.update_wrapper(self, function)
        self.function = function
        self.cache = cache
        self.while_computing = while_computing

    def __call__(self, *args, **kwargs):
        def compute():
            with self.while_computing() if self.while_computing else contextlib.nullcontext():
                return self.function(*args, **kwargs)

        value = self.cache.get((args, tuple(sorted(kwargs.items()))), compute)
        return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value


def shared_cache(
    *,
    max_entries: int,
    while_computing: Callable[[], contextlib.AbstractContextManager] | None = None,
) -> Callable[[Callable], SharedCached]:
    """Cache a pure function of hashable arguments for the whole process (``SharedCache``).
    ``while_computing`` (a spinner) is entered only when a value is computed. A DataFrame comes
    back as a shallow copy: with pandas' copy-on-write, a caller who changes it changes only
    their copy, never what other sessions get."""

    def decorate(function: Callable) -> SharedCached:
        where = (function.__code__.co_filename, function.__qualname__)
        with _CACHES_LOCK:
            cache = SHARED_CACHES.setdefault(where, SharedCache(max_entries=max_entries))
        return SharedCached(function, cache, while_computing)

    return decorate
