"""The dashboard's use of the map engine (``geo.maps``), split so a filter change never
rebuilds the map and costs the server almost nothing.

- ``base_map``: what does not depend on the filters (local Leaflet, basemap, options). Its
  script is the same on every rerun, so ``st_folium`` keeps the map mounted in the browser.
- ``payload_text`` + ``publish``: every point the audience may see, as the engine's payload,
  written once per dataset as a static file that the browser fetches once and caches.
- ``select`` + ``points_layer``: a filter change sends only a bitmask over those points
  (6 KB for 50,000 rows) and the legend, in a ``FeatureGroup`` that
  ``st_folium(feature_group_to_add=...)`` swaps in place.

Embed and presentation modes never change their filters: they use ``build_map`` whole
(``whole_map``). A click on a point comes back as its position: ``row_for_click``.
"""

from __future__ import annotations

import base64
import hashlib
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import folium
import numpy as np
import pandas as pd
from folium.template import Template

from geo.i18n import DEFAULT, N_, translator
from geo.maps.assets import STATIC_SUBDIR, STATIC_URL
from geo.maps.audience import positioned
from geo.maps.elements import EngineStyle, Verbatim, VerbatimMacro, page_of
from geo.maps.engine import MapParts, build_map, render_document
from geo.maps.payload import (
    COORD_SCALE,
    compact_json,
    encode_points,
    point_order,
    popup_fields,
    script_json,
)
from geo.maps.styles import (
    MARKER_EDGE,
    TOUR_RING,
    activity_styles,
    legend_entries,
    point_options,
    style_json,
)

# Where the dashboard looks when no row is placed: central Europe, at zoom 4.
EUROPE_CENTRE = (50.0, 10.0)
MAX_ZOOM = 16
MAP_NAME = N_("Map of the places shown; choose a place in the list beside it for its details")
RADIUS = 7  # ≤ 10 px: Leaflet then reports the point's own position on a click
TOUR_PANE = "efusTourRing"


@dataclass(frozen=True, slots=True)
class PointsView:
    """Every placed row an audience may see, published at ``url``; the engine's styles of its
    activities; and the frame position of each point of the payload."""

    url: str
    options: str
    activities: tuple[str, ...]
    styles: tuple[dict, ...]
    index: tuple[int, ...] = field(repr=False)
    lang: str = DEFAULT  # the language of the legend and popups (the payload has none)


@dataclass(frozen=True, slots=True)
class PointsSelection:
    """What changes with the filters: a bitmask over the view's points and the legend."""

    mask: str  # base64 of numpy.packbits over the view's points, in payload order
    entries: str
    count: int


class SelectionPoints(VerbatimMacro):
    """The browser fetches the view's payload once (cached), keeps the points whose bit is set
    and draws them; a legend counting them replaces the previous selection's
    (``EfusMap.showSelection``). Data reach the page as JSON only; the engine draws text as
    text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var url = {{ this.url }};
            var entries = {{ this.entries }};
            EfusMap.showSelection({{ this.map.get_name() }}, {{ this._parent.get_name() }}, {
                url: url, mask: {{ this.mask }}, options: {{ this.options }}, entries: entries
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, m: folium.Map, view: PointsView, selection: PointsSelection) -> None:
        super().__init__()
        self._name = "SelectionPoints"
        self.map = m
        self.url = script_json(view.url)
        self.options = view.options
        self.mask = script_json(selection.mask)
        self.entries = selection.entries


class NamedMap(VerbatimMacro):
    """The map as assistive technology meets it: a named region that shows where the keyboard
    is (Leaflet makes the container a Tab stop: arrows pan, +/- zoom), and its frame titled
    with the same name instead of the component's "streamlit_folium.st_folium". The
    component's frame is served by the app itself, so the map may name the element that
    holds it; a frame on another origin is left as its host titled it."""

    _template = Template("""
        {% macro header(this, kwargs) %}
        <style>
          .leaflet-container:focus, .leaflet-container:focus-visible {
            outline: 3px solid #0B5394 !important; outline-offset: -3px;
          }
        </style>
        {% endmacro %}
        {% macro script(this, kwargs) %}
        (function () {
            var box = {{ this._parent.get_name() }}.getContainer(), name = {{ this.label }};
            box.setAttribute("role", "region");
            box.setAttribute("aria-label", name);
            try {
                if (window.frameElement) { window.frameElement.title = name; }
            } catch (e) { /* another origin's frame keeps its own title */ }
        })();
        {% endmacro %}
    """)

    def __init__(self, label: str) -> None:
        super().__init__()
        self._name = "NamedMap"
        self.label = script_json(label)


def base_map(*, audience: str, height: int, lang: str = "en") -> folium.Map:
    """The engine's map with no points, no title and no layer switch: what stays put. Its
    place names are in ``lang`` where the labels have that language."""
    empty = pd.DataFrame(
        {"name": pd.Series(dtype=str), "lat": pd.Series(dtype=float),
         "lon": pd.Series(dtype=float)}
    )  # fmt: skip
    m = build_map(empty, audience=audience, assets="static", height=f"{int(height)}px",
                  parts=MapParts(title_box=False, layer_control=False), lang=lang)  # fmt: skip
    m.options["maxZoom"] = MAX_ZOOM
    m.add_child(EngineStyle())
    m.add_child(NamedMap(translator(lang).t(MAP_NAME)))
    return m


def payload_text(frame: pd.DataFrame) -> tuple[str, tuple[int, ...]]:
    """The engine's JSON payload of every placed row, and each point's position in ``frame``
    (point ``k`` of the payload is row ``index[k]``, in ``point_order``)."""
    placed = np.flatnonzero(frame["lat"].notna().to_numpy() & frame["lon"].notna().to_numpy())
    points = frame.iloc[placed]
    index = placed[point_order(points)]
    text = compact_json(encode_points(points, fields=popup_fields(points)))
    return text, tuple(int(i) for i in index)


def publish(text: str, *, static_dir: Path, audience: str) -> str:
    """Where the browser fetches a payload from; returns its URL.

    Public points are written under ``static_dir`` (named by their content hash) so that the
    browser fetches them once and caches them. Only the payload just published stays: an
    older one may hold a row at its exact position that has since been marked sensitive, and
    Streamlit serves ``static/`` to anyone, without expiry. A page still showing an older
    payload keeps the points it has already fetched. Staff points carry exact equipment
    positions and non-public fields: they never become a file that anyone with its address
    could fetch without logging in, but travel inside the page as a ``data:`` URL.
    """
    if audience != "public":
        return "data:application/json;base64," + base64.b64encode(text.encode("utf-8")).decode()
    folder = Path(static_dir) / STATIC_SUBDIR / "views"
    name = hashlib.sha256(text.encode("utf-8")).hexdigest()[:24] + ".json"
    target = folder / name
    if not target.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{name}.{os.getpid()}.part"  # two servers never share a part file
        partial.write_text(text, encoding="utf-8")
        partial.replace(target)
    _remove_all_but(folder, keep=name)
    return f"{STATIC_URL}/views/{name}"


def _remove_all_but(folder: Path, *, keep: str) -> None:
    """Every other published payload goes (another server's file for the same revision has the
    same name, so two servers on one store agree on what stays)."""
    for old in folder.glob("*.json"):
        if old.name != keep:
            old.unlink(missing_ok=True)


def points_view(
    frame: pd.DataFrame, *, url: str, index: tuple[int, ...], lang: str = DEFAULT
) -> PointsView:
    """The engine's styles for the activities of the published points (one layer: the live
    map has no layer switch), and the popups' words in ``lang``: the payload itself is the
    same in every language, so one published file serves them all."""
    points = frame.iloc[list(index)]
    activities = tuple(pd.unique(points["activity"].fillna("").astype(str)))
    styles = tuple(style_json(s, layer=0) for s in activity_styles(points, activities))
    tr = translator(lang)
    options = script_json(point_options(styles, radius=RADIUS, tr=tr, frame=points))
    return PointsView(url, options, activities, styles, index, lang)


def select(view: PointsView, frame: pd.DataFrame, shown: pd.DataFrame) -> PointsSelection:
    """The bitmask of ``shown`` (rows of ``frame``) over the view's points, and its legend."""
    chosen = np.zeros(len(frame), dtype=bool)
    chosen[frame.index.get_indexer(shown.index)] = True
    bits = chosen[np.asarray(view.index, dtype=np.int64)]
    mask = base64.b64encode(np.packbits(bits).tobytes()).decode("ascii")
    counts = shown.loc[shown["lat"].notna() & shown["lon"].notna(), "activity"].value_counts()
    entries = legend_entries(view.activities, view.styles, counts, tr=translator(view.lang))
    return PointsSelection(mask, script_json(entries), int(bits.sum()))


def points_layer(
    m: folium.Map, view: PointsView, selection: PointsSelection
) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name=translator(view.lang).t("Places"))
    SelectionPoints(m, view, selection).add_to(group)
    return group


@dataclass(frozen=True, slots=True)
class View:
    """Where the map looks: a centre and a zoom level."""

    lat: float
    lon: float
    zoom: int


def view_of(frame: pd.DataFrame, *, width_px: int = 900, height_px: int = 620) -> View:
    """A centre and zoom that frame the placed rows (Europe when there are none)."""
    placed, _ = positioned(frame)
    if placed.empty:
        return View(EUROPE_CENTRE[0], EUROPE_CENTRE[1], 4)
    south, north = float(placed["lat"].min()), float(placed["lat"].max())
    west, east = float(placed["lon"].min()), float(placed["lon"].max())
    # At least a few degrees: one city alone is shown with its country around it.
    span_lon = max(east - west, 8.0) * 1.3
    span_lat = max(north - south, 5.0) * 1.3
    # Web Mercator: 256 px span 360° at zoom 0; latitude stretched by 1/cos(lat).
    mid = math.radians((north + south) / 2)
    zoom_lon = math.log2(width_px * 360 / (256 * span_lon))
    zoom_lat = math.log2(height_px * 360 * math.cos(mid) / (256 * span_lat))
    zoom = int(max(3, min(10, math.floor(min(zoom_lon, zoom_lat)))))
    return View(round((north + south) / 2, 5), round((east + west) / 2, 5), zoom)


# Presentation mode: the map's own text read from the back of a room.
_PROJECTOR_CSS = """<style>
  .efus-title-text { font-size: 30px !important; }
  .efus-subtitle { font-size: 18px !important; }
  .efus-legend { font-size: 19px !important; line-height: 1.5 !important; }
  .efus-legend-title { font-size: 20px !important; }
  .leaflet-control-layers { font-size: 17px !important; }
  .efus-label-country { font-size: 16px !important; }
  .efus-label-city, .efus-label-capital { font-size: 15px !important; }
  /* The page sizes the map's frame to the screen; the map fills its frame. */
  #map_div, .folium-map { height: 100vh !important; }
</style>"""


class ProjectorKeys(VerbatimMacro):
    """A presenter's clicker works whatever was clicked last. Inside the map's frame (after a
    click on the map) its keys never reach the page, and the map would pan on the arrows:
    this listener takes PageUp/PageDown, the arrows and the space bar before Leaflet does and
    presses the tour's own Previous/Next buttons in the page. In the page, it does the same
    for the arrows and the space bar (the buttons' shortcuts handle PageUp/PageDown there).
    The frame is the page's own origin (Streamlit serves the component), so it may reach it."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var NEXT = {PageDown: 1, ArrowRight: 1, ArrowDown: 1, " ": 1},
                BACK = {PageUp: 1, ArrowLeft: 1, ArrowUp: 1};
            function button(doc, which) {
                return doc.querySelector(".st-key-tour_" + which + " button");
            }
            function listener(inPage) {
                return function (event) {
                    var key = event.key;
                    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
                    if (inPage && (key === "PageDown" || key === "PageUp")) { return; }
                    var which = NEXT[key] ? "next" : BACK[key] ? "back" : null;
                    var target = which && button(window.parent.document, which);
                    if (!target) { return; }
                    event.preventDefault();
                    event.stopPropagation();
                    target.click();
                };
            }
            window.addEventListener("keydown", listener(false), true);
            try {
                var page = window.parent;
                if (page === window) { return; }
                if (page.__efusTourKeys) {
                    page.document.removeEventListener("keydown", page.__efusTourKeys, true);
                }
                page.__efusTourKeys = listener(true);
                page.document.addEventListener("keydown", page.__efusTourKeys, true);
            } catch (e) { /* another origin: the page's own shortcuts still work */ }
        })();
        {% endmacro %}
    """)

    def __init__(self) -> None:
        super().__init__()
        self._name = "ProjectorKeys"


def whole_map(
    frame: pd.DataFrame,
    *,
    audience: str,
    title: str,
    height: int,
    steered: bool = False,
    projector: bool = False,
    embedded: bool = False,
    lang: str = "en",
) -> folium.Map:
    """The engine's complete map (title, legend, layers) for views whose filters are fixed.

    ``steered``: the page moves the view itself (a tour), so the map's own fit is dropped.
    ``projector``: larger type. ``embedded``: the mouse wheel scrolls the host page (efus.eu),
    not the map; the map still zooms with its buttons, a double click or a pinch.
    """
    m = build_map(frame, audience=audience, title=title, assets="static",
                  height=f"{int(height)}px", parts=MapParts(fit=not steered),
                  lang=lang)  # fmt: skip
    m.add_child(NamedMap(title))
    if projector:
        page_of(m).header.add_child(Verbatim(_PROJECTOR_CSS), name="projector_css")
        m.add_child(ProjectorKeys())
        # The tour's ring lies under the place names (z 300) and the markers (z 450), so the
        # stop's own city name stays readable across it.
        folium.map.CustomPane(TOUR_PANE, z_index=290, pointer_events=False).add_to(m)
    if embedded:
        m.options["scrollWheelZoom"] = False
    return m


def tour_marker(lat: float, lon: float, *, lang: str = DEFAULT) -> folium.FeatureGroup:
    """A ring around the tour's current place; swapped without rebuilding the map."""
    group = folium.FeatureGroup(name=translator(lang).t("Current place"))
    # A dark band under the yellow ring: 2 px of it shows on either side, so the ring keeps
    # ≥ 3:1 against land and sea as well as against the markers inside it.
    for colour, weight in ((MARKER_EDGE, 9), (TOUR_RING, 5)):
        folium.CircleMarker(
            [lat, lon], radius=22, color=colour, weight=weight, opacity=1, fill=False,
            interactive=False, pane=TOUR_PANE,
        ).add_to(group)
    return group


def standalone_html(
    frame: pd.DataFrame, *, audience: str, title: str, lang: str = "en"
) -> bytes:
    """One HTML file with the map, its data and Leaflet inside: opens with no internet."""
    m = build_map(frame, audience=audience, title=title, assets="inline", lang=lang)
    return render_document(m).encode("utf-8")


def row_for_click(plotted: pd.DataFrame, result: Mapping | None) -> pd.DataFrame:
    """The rows under the point clicked in ``st_folium`` (``last_object_clicked``).

    ``plotted`` is the map's ``.plotted`` frame. Leaflet reports a canvas marker's own position,
    so rows are matched exactly at 1e-5 degree; several rows can share a position (one city's
    signature and its events), and all of them are returned. No click: an empty frame.
    """
    clicked = (result or {}).get("last_object_clicked") or {}
    lat, lng = clicked.get("lat"), clicked.get("lng")
    if lat is None or lng is None or plotted.empty:
        return plotted.iloc[0:0]
    key_lat = np.rint(plotted["lat"].to_numpy(float) * COORD_SCALE)
    key_lon = np.rint(plotted["lon"].to_numpy(float) * COORD_SCALE)
    at_lat, at_lon = round(float(lat) * COORD_SCALE), round(float(lng) * COORD_SCALE)
    hit = (key_lat == at_lat) & (key_lon == at_lon)
    return plotted.loc[hit]
