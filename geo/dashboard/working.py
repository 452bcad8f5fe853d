"""The working dataset the app shows: the store (``geo.data.store``), seeded from ``data/`` (or
``$EFUS_DATA``) on first start, placed by the geocoder with the store's manual overrides.

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
from collections.abc import Callable, Hashable, Mapping
from pathlib import Path

import pandas as pd

from geo.config import Settings
from geo.data.dataset import DATA_DIR
from geo.data.store import Store
from geo.places.geocoder import geocoder_with

__all__ = [
    "SharedCache",
    "geocoder_with",
    "load_view",
    "open_store",
    "seed_dir",
    "shared_cache",
    "token",
]

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
    return Store.open(Settings.from_env(env).data_dir, seed=seed_dir(env))


def token(store: Store) -> tuple[str, int]:
    """What the page caches a view under: changes with every save and override."""
    return str(store.path), store.revision


def load_view(store_path: str | os.PathLike, *, audience: str) -> pd.DataFrame:
    """The store's rows as ``audience`` sees them, placed, ready to filter."""
    from geo.dashboard.page import audience_view
    from geo.places.geocoder import city_centre, locate
    from geo.selection import searchable

    store = Store(Path(store_path))
    overrides = store.overrides()
    frame = locate(store.frame(), geocoder=geocoder_with(overrides))
    return searchable(audience_view(frame, audience=audience, city_centre=city_centre))


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


def shared_cache(
    *,
    max_entries: int,
    while_computing: Callable[[], contextlib.AbstractContextManager] | None = None,
):
    """Cache a pure function of hashable arguments for the whole process (``SharedCache``).
    ``while_computing`` (a spinner) is entered only when a value is computed. A DataFrame comes
    back as a shallow copy: with pandas' copy-on-write, a caller who changes it changes only
    their copy, never what other sessions get."""

    def decorate(function):
        where = (function.__code__.co_filename, function.__qualname__)
        with _CACHES_LOCK:
            cache = SHARED_CACHES.setdefault(where, SharedCache(max_entries=max_entries))

        @functools.wraps(function)
        def cached(*args, **kwargs):
            def compute():
                with while_computing() if while_computing else contextlib.nullcontext():
                    return function(*args, **kwargs)

            value = cache.get((args, tuple(sorted(kwargs.items()))), compute)
            return value.copy(deep=False) if isinstance(value, pd.DataFrame) else value

        cached.cache = cache
        return cached

    return decorate
