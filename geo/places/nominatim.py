"""The optional online geocoder: OpenStreetMap's Nominatim through geopy, off by default.

Nominatim's usage policy: a user agent that names the application, at most one request per
second, results cached, no bulk geocoding. So this asks only for what the offline gazetteer
could not find, through our :class:`RateLimiter`, with a timeout, and keeps every answer (and
every "no result") in a JSON file under the cache directory. Answers already in that file are
used even when the online geocoder is switched off: a laptop that geocoded a list once in the
office keeps those places at a conference with no network.

When the service cannot be reached, the first failure is reported once (``message``) and the
geocoder stops asking for the rest of the process: no crash, no hang, no stream of warnings.

Configuration, from the process's settings (``OnlineSettings.from_settings``, read by
``geo.config`` from the environment): ``EFUS_GEOCODER_ONLINE=1`` switches it on;
``EFUS_GEOCODER_USER_AGENT`` names the deployment; ``EFUS_NOMINATIM_URL`` points to another
Nominatim (a local one, or a test server); ``EFUS_GEOCODER_TIMEOUT`` in seconds;
``EFUS_CACHE_DIR`` for the answer cache.

geopy's own ``RateLimiter`` reads the time and waits through private methods (``_clock``,
``_sleep``) that only a subclass could replace; ours takes both as constructor arguments, so
tests check the rate with an injected clock and no private attribute of geopy is touched.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from geo.config import CACHE_DIR, Settings
from geo.data.cells import parse_flag
from geo.data.countries import fold
from geo.errors import GeoError

log = logging.getLogger(__name__)

DEFAULT_URL = "https://nominatim.openstreetmap.org"
DEFAULT_USER_AGENT = "efus-map-service/0.1 (European Forum for Urban Security; +https://efus.eu)"
CACHE_FILE = "nominatim.json"

# Nominatim's ``addresstype`` (or ``type``) → the precision of the answer.
_CITY_TYPES = {"city", "town", "village", "hamlet", "municipality", "borough", "suburb",
               "quarter", "neighbourhood", "city_district", "locality",
               "administrative"}  # fmt: skip
_REGION_TYPES = {"state", "region", "province", "county", "state_district", "district"}


class ConfigError(GeoError, ValueError):
    """The online geocoder's configuration cannot be used."""


@dataclass(frozen=True, slots=True)
class OnlineSettings:
    """How to reach Nominatim. ``enabled`` is False unless switched on."""

    enabled: bool = False
    url: str = DEFAULT_URL
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 5.0
    min_delay_seconds: float = 1.0
    cache_dir: Path = CACHE_DIR

    def __post_init__(self) -> None:
        parts = urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"Nominatim URL {self.url!r} is not a web address; "
                f"fix: set EFUS_NOMINATIM_URL to e.g. {DEFAULT_URL!r}"
            )
        if not self.user_agent.strip() or self.user_agent.startswith(("geopy/", "Mozilla")):
            raise ConfigError(
                f"user agent {self.user_agent!r} does not name this deployment, which "
                "Nominatim's usage policy requires; fix: set EFUS_GEOCODER_USER_AGENT to e.g. "
                "'efus-map-service (contact: you@efus.eu)'"
            )
        if self.timeout <= 0 or self.min_delay_seconds < 1.0 and self.url == DEFAULT_URL:
            raise ConfigError(
                f"timeout {self.timeout!r} / delay {self.min_delay_seconds!r} s: the timeout "
                "must be positive and the public Nominatim allows at most one request a "
                "second; fix: use a positive timeout and a delay of at least 1"
            )

    @classmethod
    def from_settings(cls, settings: Settings) -> OnlineSettings:
        """The online geocoder as the process's settings configure it (values as written)."""
        return cls(
            enabled=parse_flag(settings.geocoder_online) is True,
            url=settings.nominatim_url or DEFAULT_URL,
            user_agent=settings.geocoder_user_agent or DEFAULT_USER_AGENT,
            timeout=_seconds(settings.geocoder_timeout or "5"),
            cache_dir=settings.cache_dir,
        )


def _seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ConfigError(
            f"EFUS_GEOCODER_TIMEOUT {text!r} is not a number of seconds; fix: set it to e.g. 5"
        ) from None


OFF = OnlineSettings()  # switched off: answers already in the cache only


class RateLimiter:
    """At most one call per ``min_delay_seconds``, across threads.

    ``clock`` and ``sleep`` are arguments so that tests check the rate without waiting. The
    time is taken when a call may start (as geopy's ``RateLimiter`` does), so a slow answer
    does not delay the next request further.
    """

    def __init__(
        self,
        *,
        min_delay_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.min_delay_seconds = min_delay_seconds
        self._clock, self._sleep = clock, sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Return when the next call may start (sleeping until then if need be)."""
        with self._lock:
            if self._last is not None:
                wait = self._last + self.min_delay_seconds - self._clock()
                if wait > 0:
                    self._sleep(wait)
            self._last = self._clock()


@dataclass(frozen=True, slots=True)
class OnlineAnswer:
    """What Nominatim said about one query, kept as the cache stores it."""

    lat: float
    lon: float
    display_name: str
    precision: str  # site, city, region or country
    country: str  # ISO2, upper case; "" when Nominatim gave none
    importance: float
    osm: str  # e.g. "relation/62422": where to check it on openstreetmap.org

    def to_json(self) -> dict:
        return {f: getattr(self, f) for f in self.__slots__}


def _precision(raw: Mapping) -> str:
    kind = str(raw.get("addresstype") or raw.get("type") or "")
    if kind == "country":
        return "country"
    if kind in _REGION_TYPES:
        return "region"
    if kind in _CITY_TYPES:
        return "city"
    return "site"


def _answer(raw: Mapping) -> OnlineAnswer:
    address = raw.get("address") or {}
    return OnlineAnswer(
        lat=float(raw["lat"]),
        lon=float(raw["lon"]),
        display_name=str(raw.get("display_name", "")),
        precision=_precision(raw),
        country=str(address.get("country_code", "")).upper(),
        importance=float(raw.get("importance") or 0.0),
        osm=f"{raw.get('osm_type', '')}/{raw.get('osm_id', '')}",
    )


class OnlineGeocoder:
    """Nominatim behind a rate limit, a timeout and a disk cache.

    ``clock`` and ``sleep`` are injected so that tests check the rate limit without waiting.
    """

    def __init__(
        self,
        *,
        settings: OnlineSettings = OFF,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.settings = settings
        self.cache_path = settings.cache_dir / CACHE_FILE
        self.message: str | None = None  # set once, when the service first fails
        self.requests = 0  # requests actually sent (the policy's unit)
        self._rate = RateLimiter(
            min_delay_seconds=settings.min_delay_seconds, clock=clock, sleep=sleep
        )
        self._cache: dict[str, dict | None] | None = None
        self._lock = threading.Lock()
        self._service: Callable | None = None

    @property
    def enabled(self) -> bool:
        return self.settings.enabled and self.message is None

    @staticmethod
    def cache_key(query: str, country: str | None) -> str:
        return f"{(country or '').upper()}|{fold(query)}"

    def cached(self, query: str, country: str | None) -> tuple[bool, OnlineAnswer | None]:
        """``(known, answer)`` from the disk cache only; never touches the network."""
        cache = self._load_cache()
        key = self.cache_key(query, country)
        if key not in cache:
            return False, None
        raw = cache[key]
        return True, (OnlineAnswer(**raw) if raw else None)

    def geocode(self, query: str, country: str | None = None) -> OnlineAnswer | None:
        """The cached answer, else Nominatim's when switched on and reachable, else None."""
        known, answer = self.cached(query, country)
        if known or not self.enabled:
            return answer
        from geopy.exc import GeopyError

        try:
            with self._lock:
                self.requests += 1
                self._rate.wait()
                location = self._nominatim()(
                    query,
                    exactly_one=True,
                    addressdetails=True,
                    country_codes=[country.lower()] if country else None,
                    language="en",
                )
        except GeopyError as exc:
            self.message = (
                f"online geocoder {self.settings.url} unavailable "
                f"({type(exc).__name__}: {exc}); continuing offline for the rest of this run"
            )
            log.warning(self.message)
            return None
        answer = _answer(location.raw) if location is not None else None
        self._store(self.cache_key(query, country), answer)
        return answer

    def _nominatim(self) -> Callable:
        """geopy's Nominatim client's ``geocode``, made on first use."""
        if self._service is None:
            from geopy.geocoders import Nominatim

            parts = urlsplit(self.settings.url)
            self._service = Nominatim(
                domain=parts.netloc + parts.path.rstrip("/"),
                scheme=parts.scheme,
                user_agent=self.settings.user_agent,
                timeout=self.settings.timeout,
            ).geocode
        return self._service

    def _load_cache(self) -> dict[str, dict | None]:
        if self._cache is None:
            try:
                self._cache = json.loads(self.cache_path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                self._cache = {}
            except (OSError, ValueError) as exc:
                log.warning("ignoring unreadable geocoder cache %s (%s)", self.cache_path, exc)
                self._cache = {}
        return self._cache

    def _store(self, key: str, answer: OnlineAnswer | None) -> None:
        cache = self._load_cache()
        cache[key] = answer.to_json() if answer else None
        self.cache_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".nominatim.", dir=self.cache_path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(cache, f, ensure_ascii=False, indent=0, sort_keys=True)
        os.replace(tmp, self.cache_path)
