"""The files a map needs in the browser, all local: nothing is fetched from a CDN at run time.

Leaflet comes from the ``XStatic-Leaflet`` package on PyPI (pinned in requirements.txt);
supercluster (the index that groups overlapping points into counted clusters) from npm, pinned
in package-lock.json and installed into ``node_modules/`` by ``npm ci`` (``make run`` and
``make test`` do it); our own layer code (``js/efus-map.js``, ``js/efus-map.css``) and the
Natural Earth basemap ship in this folder; pages draw the basemap's ``outlines()``, made from
it here. Two ways to hand them to a browser:

- ``inline``: their text goes into the page itself (an exported HTML file that works from a USB
  stick). Images that CSS refers to become ``data:`` URIs.
- ``static``: ``install_static()`` copies them under ``static/efus-map/`` next to the Streamlit
  app, which serves them at ``/app/static/efus-map/...`` (``enableStaticServing`` in
  ``.streamlit/config.toml``), and writes the scripts as one file and the style sheets as
  another (``bundle``), which are what a page loads. The copies are generated, never
  committed (``.gitignore``); the app calls ``install_static()`` at start-up, which copies
  only what changed.

Licences: Leaflet 1.9.3, BSD-2-Clause (c) Vladimir Agafonkin, CloudMade; XStatic packaging MIT.
supercluster 9.1.0 (with kdbush 4.1.0, bundled in its ``dist`` file): ISC (c) Mapbox,
Vladimir Agafonkin.
Natural Earth: public domain; world-atlas packaging ISC (``basemap/README.md``). The place names
(``basemap/labels.json``, drawn by ``js/efus-labels.js``): GeoNames, CC BY 4.0 (the map's
attribution credits it, as the licence requires); names in other languages from Unicode CLDR
through babel, Unicode License v3 (``docs/labels.md``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from geo.errors import GeoError

HERE = Path(__file__).resolve().parent
# package.json pins it; ``npm ci`` at the project's root installs it (``make run`` does).
SUPERCLUSTER = (HERE.parents[2] / "node_modules" / "supercluster" / "dist"
                / "supercluster.min.js")  # fmt: skip
SUPERCLUSTER_LICENCE = (
    "ISC, (c) 2024 Mapbox (supercluster 9.1.0), (c) Vladimir Agafonkin (kdbush 4.1.0)"
)
BASEMAP = HERE / "basemap" / "europe-50m.geojson"
OUTLINES = "europe-50m.outlines.json"  # what pages draw: ``outlines()`` of BASEMAP
OUTLINES_SCALE = 2**20
MAX_LATITUDE = 85.0511287798  # Web Mercator's edge, as Leaflet clamps it
LABELS = HERE / "basemap" / "labels.json"
STATIC_URL = "/app/static/efus-map"  # where Streamlit serves ``static/efus-map``
STATIC_SUBDIR = "efus-map"
# The scripts and the style sheets of ``assets()`` as one file each (``bundle``).
BUNDLE_NAME = "efus_map_bundle"
BUNDLE_JS = "efus-map.bundle.js"
BUNDLE_CSS = "efus-map.bundle.css"


class AssetError(GeoError, FileNotFoundError):
    """A file the map needs is not installed; ``params["path"]`` says which."""

    code = "asset_missing"

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.params = {"path": str(path)}


@dataclass(frozen=True, slots=True)
class Asset:
    """One file the browser needs: where it lives here and where it is served."""

    name: str  # key in the page header (as folium's ``default_js`` names)
    path: Path
    served_as: str  # path under ``static/efus-map/``
    licence: str

    @property
    def kind(self) -> str:
        return "css" if self.path.suffix == ".css" else "js"


def leaflet_dir() -> Path:
    """The folder of the installed Leaflet (``leaflet.js``, ``leaflet.css``, ``images/``)."""
    try:
        import xstatic.pkg.leaflet as leaflet
    except ImportError as exc:  # pragma: no cover - only without requirements.txt
        raise AssetError(
            "Leaflet is not installed (Python package XStatic-Leaflet); "
            "fix: pip install -r requirements.txt",
            path=Path("xstatic/pkg/leaflet"),
        ) from exc
    return Path(leaflet.BASE_DIR)


def supercluster_path() -> Path:
    """The installed supercluster script; every map needs it (points are drawn in clusters)."""
    if not SUPERCLUSTER.is_file():
        raise AssetError(
            f"{SUPERCLUSTER}: the point clustering script (npm package supercluster) is not "
            "installed; fix: run `make run` (or `npm ci` in the project's folder)",
            path=SUPERCLUSTER,
        )
    return SUPERCLUSTER


@lru_cache(maxsize=1)
def assets() -> tuple[Asset, ...]:
    """JS and CSS in the order a page must load them."""
    leaflet = leaflet_dir()
    bsd = "BSD-2-Clause, (c) 2010-2022 Vladimir Agafonkin, (c) 2010-2011 CloudMade"
    ours = "this project"
    return (
        Asset("leaflet_css", leaflet / "leaflet.css", "leaflet/leaflet.css", bsd),
        Asset("efus_map_css", HERE / "js" / "efus-map.css", "efus-map.css", ours),
        Asset("efus_labels_css", HERE / "js" / "efus-labels.css", "efus-labels.css", ours),
        Asset("leaflet", leaflet / "leaflet.js", "leaflet/leaflet.js", bsd),
        Asset("supercluster", supercluster_path(), "supercluster/supercluster.min.js",
              SUPERCLUSTER_LICENCE),
        Asset("efus_map", HERE / "js" / "efus-map.js", "efus-map.js", ours),
        Asset("efus_labels", HERE / "js" / "efus-labels.js", "efus-labels.js", ours),
    )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise AssetError(
            f"{path}: cannot be read ({exc.strerror}); fix: reinstall the project "
            "with pip install -r requirements.txt",
            path=path,
        ) from exc


@lru_cache(maxsize=16)
def _version(path: Path) -> str:
    return hashlib.sha256(_read(path)).hexdigest()[:10]


def static_links(
    *, base_url: str = STATIC_URL
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """``(default_js, default_css)`` pairs pointing at the static copies: one script and one
    style sheet (``bundle``), each named by its content.

    streamlit-folium loads a map's scripts one after the other, each waiting for the previous
    one; one file instead of four saves three round trips before the map can start. The
    content hash in the query string makes a browser fetch it again after an upgrade, and
    lets it keep it a year until then (``geo.serving.static_headers``).
    """
    root = base_url.rstrip("/")
    js, css = bundle()
    return ([(BUNDLE_NAME, f"{root}/{BUNDLE_JS}?v={_digest(js)}")],
            [(f"{BUNDLE_NAME}_css", f"{root}/{BUNDLE_CSS}?v={_digest(css)}")])  # fmt: skip


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:10]


# A source map comment would point at a file the bundle's folder does not have.
_SOURCE_MAP = re.compile(rb"^//# sourceMappingURL=.*$", re.MULTILINE)


def bundle() -> tuple[bytes, bytes]:
    """Every script of ``assets()`` in load order as one file, and every style sheet as
    another, each part headed by its name and licence. Leaflet's CSS images are found from
    the bundle's folder (``leaflet/images/``)."""
    return _bundle(assets())  # asks for every asset each time: a missing one is said at once


@lru_cache(maxsize=1)
def _bundle(parts: tuple[Asset, ...]) -> tuple[bytes, bytes]:
    js, css = [], []
    for a in parts:
        head = f"/* {a.served_as}: {a.licence} */\n".encode()
        if a.kind == "css":
            text = _CSS_URL.sub(r"url(\1leaflet/\2\1)", _read(a.path).decode("utf-8"))
            css.append(head + text.encode("utf-8"))
        else:
            # Each script ends its own statement: the next one may start with "(" or "!".
            js.append(head + _SOURCE_MAP.sub(b"", _read(a.path)) + b"\n;\n")
    return b"".join(js), b"\n".join(css)


def basemap_url(*, base_url: str = STATIC_URL) -> str:
    """The basemap as a page draws it: ``outlines()``, named by its content."""
    return f"{base_url.rstrip('/')}/basemap/{OUTLINES}?v={_digest(outlines_bytes())}"


def outlines(geojson: dict) -> dict:
    """The country outlines of ``geojson`` as ``efus-map.js`` draws them: every ring projected
    to Web Mercator (Leaflet's EPSG:3857) once, here, in units of 1/``OUTLINES_SCALE`` of the
    world's width (38 m at the equator; the outlines are 1:50m, ~100 m), and delta-encoded:
    ``{"type": "EfusOutlines", "scale", "features": [[ring, …], …]}``, a feature's rings (of
    all its polygons) drawn as one even-odd path, a ring ``[x0, y0, dx1, dy1, …]``.

    The browser then neither parses 60,000 decimal coordinates nor projects them: it adds
    integers and draws (the GeoJSON, for the server's country check, keeps its decimals)."""
    features = []
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])  # fmt: skip
        features.append([_delta(_mercator(ring)) for polygon in polygons for ring in polygon])
    return {"type": "EfusOutlines", "scale": OUTLINES_SCALE, "features": features}


def _mercator(ring: list) -> list[tuple[int, int]]:
    points = []
    for lon, lat, *_ in ring:
        lat = max(-MAX_LATITUDE, min(MAX_LATITUDE, lat))
        y = 0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi)
        points.append((round((0.5 + lon / 360) * OUTLINES_SCALE), round(y * OUTLINES_SCALE)))
    return points


def _delta(points: list[tuple[int, int]]) -> list[int]:
    flat, last = [], (0, 0)
    for x, y in points:
        flat += [x - last[0], y - last[1]]
        last = (x, y)
    return flat


@lru_cache(maxsize=1)
def outlines_bytes() -> bytes:
    """``outlines()`` of the shipped basemap as the file a page fetches (or carries)."""
    compact = outlines(json.loads(basemap_text()))
    return json.dumps(compact, separators=(",", ":")).encode("ascii")


def labels_url(*, base_url: str = STATIC_URL) -> str:
    return f"{base_url.rstrip('/')}/basemap/{LABELS.name}?v={_version(LABELS)}"


def install_static(static_dir: str | os.PathLike) -> list[Path]:
    """Copy the assets, the basemap and its names under ``static_dir/efus-map``; return what
    was written.

    Only files that are missing or differ are copied, so calling it on every start is cheap.
    """
    root = Path(static_dir) / STATIC_SUBDIR
    files = [(a.path, root / a.served_as) for a in assets()]
    for image in sorted((leaflet_dir() / "images").glob("*.png")):
        files.append((image, root / "leaflet" / "images" / image.name))
    files.append((LABELS, root / "basemap" / LABELS.name))
    written = []
    for source, target in files:
        if target.exists() and target.read_bytes() == _read(source):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        written.append(target)
    made = (*bundle(), outlines_bytes())
    for data, target in zip(made, (root / BUNDLE_JS, root / BUNDLE_CSS,
                                   root / "basemap" / OUTLINES), strict=True):  # fmt: skip
        if not (target.exists() and target.read_bytes() == data):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            written.append(target)
    return written


_CSS_URL = re.compile(r"url\((['\"]?)(images/[\w.-]+\.png)\1\)")


def _inline_css(asset: Asset) -> str:
    """CSS text with its ``url(images/…)`` turned into data URIs."""
    text = _read(asset.path).decode("utf-8")

    def data_uri(match: re.Match) -> str:
        png = _read(asset.path.parent / match[2])
        return "url(data:image/png;base64," + base64.b64encode(png).decode("ascii") + ")"

    return _CSS_URL.sub(data_uri, text)


@lru_cache(maxsize=1)
def inline_header() -> str:
    """``<style>`` and ``<script>`` elements that carry every asset's text, in load order."""
    parts = []
    for a in assets():
        if a.kind == "css":
            parts.append(f"<style>/* {a.served_as}: {a.licence} */\n{_inline_css(a)}</style>")
        else:
            text = _read(a.path).decode("utf-8")
            # A literal "</script" inside the code would end the element early.
            text = re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)
            parts.append(f"<script>/* {a.served_as}: {a.licence} */\n{text}</script>")
    return "\n".join(parts)


@lru_cache(maxsize=1)
def basemap_text() -> str:
    return _read(BASEMAP).decode("utf-8")


@lru_cache(maxsize=1)
def labels_text() -> str:
    return _read(LABELS).decode("utf-8")
