"""The process's settings, read from the environment in one place.

Every ``EFUS_*`` variable is read here and nowhere else: ``Settings.from_env()`` turns the
environment into one frozen value, and the functions that need a setting take it as an
argument (the page and the command line pass ``settings()`` down). Tests build a
``Settings`` of their own instead of changing the process's environment.

| variable | setting | default |
|---|---|---|
| ``EFUS_DATA_DIR`` | ``data_dir``: the folder of the store (``efus.sqlite``) | ``var/`` |
| ``EFUS_DATA`` | ``seed_dir``: the dataset a new store is created from | ``data/`` |
| ``EFUS_CACHE_DIR`` | ``cache_dir``: the gazetteer's index, online answers | ``var/cache`` |
| ``EFUS_CARTO_KEY`` | ``carto_key``: offers CARTO Positron as an online layer | none |
| ``EFUS_GEOCODER_ONLINE`` | ``geocoder_online``: ask Nominatim for what is not found | off |
| ``EFUS_NOMINATIM_URL`` | ``nominatim_url`` | the public Nominatim |
| ``EFUS_GEOCODER_USER_AGENT`` | ``geocoder_user_agent`` | names this project |
| ``EFUS_GEOCODER_TIMEOUT`` | ``geocoder_timeout`` (seconds, as written) | ``5`` |
| ``EFUS_EMBED_ANCESTORS`` | ``embed_ancestors``: who may frame ``?embed=1`` pages | efus.eu |
| ``EFUS_PUBLISH_DIR`` | ``publish_dir``: where *Publish* writes the static maps | ``var/site`` |
| ``EFUS_PUBLIC_BASE_URL`` | ``public_base_url``: where that folder is served (embed codes) | none |
| ``EFUS_LOCALE_DIR`` | ``LOCALE_DIR``: the catalogues: the languages (at import) | geo/locale |
| ``LANGUAGE``, ``LC_ALL``… | ``locale_variables``: the command line's language | none |

Values are kept as written (stripped); each is checked where it is used, by the module that
knows what it means (``geo.places.nominatim``, ``geo.serving``), whose errors name the
variable and the fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent  # the project: data/, var/, static/
DATA_DIR = ROOT / "data"  # the bundled seed dataset
VAR_DIR = ROOT / "var"  # the default home of the store and caches (ignored by git)
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")  # gettext's order
CACHE_DIR = VAR_DIR / "cache"  # the gazetteer's index and the online answers, by default
PUBLISH_DIR = VAR_DIR / "site"  # the static maps staff publish (geo.maps.publish), by default
# The message catalogues (geo.i18n): the languages every page, map and command offer. Read at
# import, as they decide module constants (geo.i18n.SUPPORTED, the name_<lang> columns); a
# deployment (or a test) may point at a copy with one more catalogue, the package untouched.
LOCALE_DIR = Path(os.environ.get("EFUS_LOCALE_DIR", "").strip() or ROOT / "geo" / "locale")


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """Everything the environment configures, as one value."""

    data_dir: Path = VAR_DIR
    seed_dir: Path = DATA_DIR
    cache_dir: Path = CACHE_DIR
    carto_key: str = ""
    geocoder_online: str = ""
    nominatim_url: str = ""
    geocoder_user_agent: str = ""
    geocoder_timeout: str = ""
    embed_ancestors: str = ""
    publish_dir: Path = PUBLISH_DIR
    public_base_url: str = ""
    locale_variables: tuple[tuple[str, str], ...] = ()  # the set ones, as (name, value)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def text(name: str) -> str:
            return env.get(name, "").strip()

        def folder(name: str, default: Path) -> Path:
            return Path(text(name)) if text(name) else default

        return cls(
            data_dir=folder("EFUS_DATA_DIR", VAR_DIR),
            seed_dir=folder("EFUS_DATA", DATA_DIR),
            cache_dir=folder("EFUS_CACHE_DIR", CACHE_DIR),
            carto_key=text("EFUS_CARTO_KEY"),
            geocoder_online=text("EFUS_GEOCODER_ONLINE"),
            nominatim_url=text("EFUS_NOMINATIM_URL"),
            geocoder_user_agent=text("EFUS_GEOCODER_USER_AGENT"),
            geocoder_timeout=text("EFUS_GEOCODER_TIMEOUT"),
            embed_ancestors=text("EFUS_EMBED_ANCESTORS"),
            publish_dir=folder("EFUS_PUBLISH_DIR", PUBLISH_DIR),
            public_base_url=text("EFUS_PUBLIC_BASE_URL"),
            locale_variables=tuple((k, text(k)) for k in LOCALE_VARIABLES if text(k)),
        )


def settings() -> Settings:
    """The settings of the environment as it is now (the entry points, ``geo.cli`` and the
    pages, call this and pass what they read down)."""
    return Settings.from_env()
