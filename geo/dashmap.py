"""The dashboard's use of the map engine (``geo.webmap``), split so a filter change never
rebuilds the map.

``base_map`` is what does not depend on the filters (local Leaflet, basemap, options): its
script is the same from one rerun to the next, so ``st_folium`` keeps the map in the browser.
``points_layer`` carries the selected points as one payload in a ``FeatureGroup`` that
``st_folium(feature_group_to_add=...)`` swaps in place, with a legend that counts them.

Embed and presentation modes never change their filters, so they use ``webmap.build_map``
whole, with its title.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import folium
import pandas as pd
from folium.elements import MacroElement
from folium.map import FitBounds
from folium.template import Template

from geo import webmap

EUROPE = (50.0, 10.0)
MAX_ZOOM = 16
RADIUS = 7  # ≤ 10 px: Leaflet then reports the point's own position on a click


def _script_json(value: object) -> str:
    """JSON that can sit inside a <script> element: nothing in it can close the element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )  # fmt: skip


class SelectionPoints(MacroElement):
    """The selected points, drawn by the engine's ``EfusMap.addPoints`` into the feature group
    this element belongs to, and a legend that replaces the previous selection's."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this.map.get_name() }};
            EfusMap.createPane(map, "efusPoints", 450);
            EfusMap.addPoints(map, [{{ this._parent.get_name() }}], {{ this.payload }},
                              {{ this.options }});
            if (window.efusSelectionLegend) { window.efusSelectionLegend.remove(); }
            window.efusSelectionLegend = {{ this.entries }}.length
                ? EfusMap.addLegend(map, {{ this.entries }}, {title: "Activity"}) : null;
        })();
        {% endmacro %}
    """)

    def __init__(self, m: folium.Map, layer: dict) -> None:
        super().__init__()
        self._name = "SelectionPoints"
        self.map = m
        self.payload = layer["payload"]
        self.options = layer["options"]
        self.entries = layer["entries"]


def base_map(*, audience: str, height: int) -> folium.Map:
    """The engine's map with no points, no title and no layer switch: what stays put."""
    empty = pd.DataFrame(
        {"name": pd.Series(dtype=str), "lat": pd.Series(dtype=float), "lon": pd.Series(dtype=float)}
    )
    m = webmap.build_map(empty, audience=audience, assets="static", height=f"{int(height)}px")
    for name, child in list(m._children.items()):
        if isinstance(child, (webmap.MapTitle, folium.LayerControl)):
            del m._children[name]
    m.options["maxZoom"] = MAX_ZOOM
    return m


def layer_data(frame: pd.DataFrame) -> dict:
    """The selection as strings ready for the page (computed once per selection, cached)."""
    points, _ = webmap.positioned(frame)
    payload = webmap.encode_points(points)
    activities = payload["values"][payload["fields"].index("activity")]
    kinds = points["kind"].astype(str) if "kind" in points else pd.Series("", index=points.index)
    styles = []
    for activity in activities:
        first_kind = kinds[points["activity"] == activity]
        style = webmap.style_for(activity, first_kind.iloc[0] if len(first_kind) else "")
        styles.append(
            {"colour": style.colour, "shape": style.shape, "fill": style.fill, "layer": 0}
        )
    counts = points["activity"].value_counts() if len(points) else pd.Series(dtype=int)
    entries = sorted(
        (
            {"label": a or "(no activity)", "count": int(counts.get(a, 0)), **s}
            for a, s in zip(activities, styles, strict=True)
            if len(points)
        ),
        key=lambda e: (-e["count"], e["label"]),
    )
    options = {
        "pane": "efusPoints", "radius": RADIUS, "styles": styles,
        "labels": {"kind": dict(webmap.KIND_LABELS), "precision": dict(webmap.PRECISION_LABELS),
                   "source": "Source", "more": "… and {n} more here",
                   "others": "(+{n} more here)"},
    }  # fmt: skip
    return {
        "payload": _script_json({"json": payload}),
        "options": _script_json(options),
        "entries": _script_json(entries),
    }


def points_layer(m: folium.Map, layer: dict) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Places")
    SelectionPoints(m, layer).add_to(group)
    return group


@dataclass(frozen=True, slots=True)
class View:
    """Where the map looks: a centre and a zoom level."""

    lat: float
    lon: float
    zoom: int


def view_of(frame: pd.DataFrame, *, width_px: int = 900, height_px: int = 620) -> View:
    """A centre and zoom that frame the placed rows (Europe when there are none)."""
    placed, _ = webmap.positioned(frame)
    if placed.empty:
        return View(EUROPE[0], EUROPE[1], 4)
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


def whole_map(
    frame: pd.DataFrame, *, audience: str, title: str, height: int, steered: bool = False
) -> folium.Map:
    """The engine's complete map (title, legend, layers) for views whose filters are fixed.

    ``steered``: the page moves the view itself (a tour), so the map's own fit is dropped.
    """
    m = webmap.build_map(
        frame, audience=audience, title=title, assets="static", height=f"{int(height)}px"
    )
    if steered:
        for name, child in list(m._children.items()):
            if isinstance(child, FitBounds):
                del m._children[name]
    return m


def standalone_html(frame: pd.DataFrame, *, audience: str, title: str) -> bytes:
    """One HTML file with the map, its data and Leaflet inside: opens with no internet."""
    m = webmap.build_map(frame, audience=audience, title=title, assets="inline")
    return webmap.render_html(m).encode("utf-8")
