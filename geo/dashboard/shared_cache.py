"""Process-wide caches for the page: pure functions of hashable arguments, computed once per
server process and shared by every session.

Not ``st.cache_data``: Streamlit lets any client clear its caches for every visitor (a
``clear_cache`` message over the websocket), and these values are pure functions of their
arguments that nobody needs to clear. Nothing a client sends reaches these caches.
"""

from __future__ import annotations

import contextlib
import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import pandas as pd

__all__ = ["SHARED_CACHES", "SharedCache", "SharedCached", "shared_cache"]


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
