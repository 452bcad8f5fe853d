"""Offline folium maps of the Efus dataset: local assets, a vector basemap, 50,000 points.

``build_map(frame)`` returns a ``folium.Map`` that needs nothing from the internet: Leaflet and
our layer code are inlined (an exported file) or served by Streamlit's static serving, the
basemap is Natural Earth country outlines, and the points travel as one compact columnar JSON
payload (``geo.maps.payload``) drawn by a canvas renderer. Every string from the data reaches
the page as JSON and is put on screen with ``textContent`` (see ``assets/js/efus-map.js``).

This module assembles a map from its parts: who may see which rows (``geo.maps.audience``),
how they look (``geo.maps.styles``) and the page elements (``geo.maps.elements``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import folium
import pandas as pd

from geo.i18n import N_, Translator, translator_or_english
from geo.maps import assets as web_assets
from geo.maps.audience import AUDIENCES, CityCentre, positioned, public_view
from geo.maps.elements import (
    Basemap,
    EfusMap,
    Legend,
    MapControls,
    MapError,
    MapTitle,
    PointLayers,
    online_tile_layers,
    page_of,
)
from geo.maps.payload import (
    POPUP_FIELDS,
    encode_points,
    pack,
    popup_fields,
    script_json,
    text_column,
)
from geo.maps.styles import (
    LAYERS,
    activity_styles,
    legend_entries,
    map_strings,
    point_options,
    style_json,
    subtitle,
)

ASSET_MODES = ("inline", "static")
# The view of a map with no points: Europe, from Portugal to Finland.
EUROPE_BOUNDS = ((35.0, -11.0), (62.0, 30.0))
Bounds = tuple[tuple[float, float], tuple[float, float]]
DEFAULT_TITLE = N_("Efus map")
# folium's page opens with a bare <html> and declares its charset after the inline styles.
FOLIUM_CHARSET = '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />'


@dataclass(frozen=True, slots=True, kw_only=True)
class MapParts:
    """Which parts of the complete map to draw. The dashboard's live map leaves out the title
    box and the layer switch (it shows its own), and a guided tour the initial fit (the page
    moves the view itself)."""

    title_box: bool = True
    layer_control: bool = True
    fit: bool = True


def build_map(
    frame: pd.DataFrame,
    *,
    audience: str = "staff",
    title: str | None = None,
    assets: str = "inline",
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    carto_key: str = "",
    static_url: str = web_assets.STATIC_URL,
    compress: bool | None = None,
    radius: float = 7,
    height: str = "100%",
    parts: MapParts = MapParts(),
    lang: str = "en",
) -> EfusMap:
    """A map of ``frame`` (the dataset's columns; only ``name``, ``lat``, ``lon`` required).

    ``audience="public"`` applies ``public_view`` with ``city_centre``. ``assets="static"`` is
    for Streamlit (call ``geo.maps.assets.install_static`` first), ``"inline"`` for a file.
    ``online_tiles`` adds OpenStreetMap (and CARTO Positron when ``carto_key`` holds a key,
    ``Settings.carto_key``) as optional base layers, off until chosen in the layer control.
    ``compress`` forces (True) or forbids (False) gzip for the points; by default large
    payloads are compressed. Rows without a position are counted in ``without_position``.
    The plotted rows are kept in ``.plotted`` for ``row_for_click``. ``lang``: the language
    of the map's own words (legend, layers, popups, subtitle, scale, attribution; one of
    ``geo.i18n.SUPPORTED``) and of the basemap's names where the names file has it.
    """
    _check(frame, audience=audience, assets=assets)
    tr = translator_or_english(lang)  # the words; the basemap's names may have more languages
    shown = public_view(frame, city_centre=city_centre) if audience == "public" else frame
    points, without_position = _points(shown)
    bounds = _bounds(points)
    m = _new_map(assets=assets, static_url=static_url, bounds=bounds, height=height)
    m.plotted, m.without_position = points, without_position
    m.lang = lang
    # A page without a title is announced by its address; a screen reader user needs a name.
    page_of(m).title = html.escape(title or tr.t(DEFAULT_TITLE))
    strings = map_strings(tr)
    m.add_child(Basemap(assets=assets, static_url=static_url, online=online_tiles, lang=lang,
                        strings=strings))  # fmt: skip
    for layer in online_tile_layers(carto_key=carto_key, tr=tr) if online_tiles else ():
        m.add_child(layer)
    _add_points(m, points, radius=radius, compress=compress, tr=tr)
    shown_text = subtitle(tr, shown=len(points), without_position=without_position)
    _add_frame(m, parts, title=title, bounds=bounds, subtitle=shown_text)
    m.add_child(MapControls(strings))  # last: it names the controls added before it
    return m


def _check(frame: pd.DataFrame, *, audience: str, assets: str) -> None:
    """Options and columns a map cannot be built without: refused, with the fix."""
    if audience not in AUDIENCES:
        raise MapError(
            f"audience {audience!r} is not one of {', '.join(AUDIENCES)}; "
            "fix: use 'staff' (exact positions) or 'public' (public fields only)",
            code="audience_unknown", params={"audience": audience},
        )
    if assets not in ASSET_MODES:
        raise MapError(
            f"assets {assets!r} is not one of {', '.join(ASSET_MODES)}; fix: use "
            "'inline' for an exported file or 'static' inside Streamlit",
            code="assets_unknown", params={"assets": assets},
        )
    missing = [c for c in ("name", "lat", "lon") if c not in frame]
    if missing:
        raise MapError(
            f"the table has no column {', '.join(map(repr, missing))}; "
            "fix: give each row a name and a position (lat, lon) or geocode it first",
            code="columns_missing", params={"columns": tuple(missing)},
        )


def _points(shown: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows with a position, their coordinates as floats; and how many had none."""
    points, without_position = positioned(shown)
    points = points.copy()
    points["lat"] = pd.to_numeric(points["lat"]).astype(float)
    points["lon"] = pd.to_numeric(points["lon"]).astype(float)
    return points, without_position


def _new_map(*, assets: str, static_url: str, bounds: Bounds, height: str) -> EfusMap:
    (south, west), (north, east) = bounds
    m = EfusMap(
        assets=assets,
        static_url=static_url,
        location=[(south + north) / 2, (west + east) / 2],
        zoom_start=4,
        height=height,
        control_scale=False,  # MapControls adds it, in the page's language
        prefer_canvas=True,
    )
    m.options.update(min_zoom=2, max_zoom=18, zoom_snap=0.5, wheel_px_per_zoom_level=90)
    return m


def _add_points(
    m: folium.Map, points: pd.DataFrame, *, radius: float, compress: bool | None,
    tr: Translator,
) -> None:
    """One layer group per family of activities on the map, the points on one canvas over
    them, and the legend. Nothing when there is no point."""
    payload = encode_points(points, fields=popup_fields(points))
    activities = payload["values"][POPUP_FIELDS.index("activity")]
    styles = activity_styles(points, activities)
    layer_keys = [k for k in LAYERS if any(s.layer == k for s in styles)] if len(points) else []
    if not layer_keys:
        return
    counts = text_column(points, "activity").value_counts()
    styled = [style_json(s, layer=layer_keys.index(s.layer)) for s in styles]
    groups = []
    for n, key in enumerate(layer_keys):
        in_layer = sum(int(counts.get(a, 0)) for a, s in zip(activities, styled) if s["layer"] == n)
        name = f"{tr.t(LAYERS[key])} ({tr.number(in_layer)})"
        group = folium.FeatureGroup(name=html.escape(name))
        m.add_child(group)
        groups.append(group)
    packed = script_json(pack(payload, compress))
    options = script_json(point_options(styled, radius=radius, tr=tr, frame=points))
    m.add_child(PointLayers(groups=groups, payload=packed, options=options))
    m.add_child(Legend(legend_entries(activities, styled, counts, tr=tr), title=tr.t("Activity")))


def _add_frame(
    m: folium.Map, parts: MapParts, *, title: str | None, bounds: Bounds, subtitle: str
) -> None:
    """The title box, the layer switch and the initial view, as far as ``parts`` asks."""
    if parts.title_box:
        m.add_child(MapTitle(title or "", subtitle))
    if parts.layer_control:
        folium.LayerControl(collapsed=False, position="topright").add_to(m)
    if parts.fit:
        # Room at the top for the title, on the right for the layer control and legend.
        m.fit_bounds([list(bounds[0]), list(bounds[1])], padding_top_left=(50, 100),
                     padding_bottom_right=(60, 60), max_zoom=9)  # fmt: skip


def _bounds(points: pd.DataFrame) -> Bounds:
    if points.empty:
        return EUROPE_BOUNDS
    return ((float(points["lat"].min()), float(points["lon"].min())),
            (float(points["lat"].max()), float(points["lon"].max())))  # fmt: skip


def render_html(m: folium.Map) -> str:
    """The whole page of a map, as text (folium's document, as ``geo.maps.publish`` expects)."""
    return m.get_root().render()


def render_document(m: folium.Map) -> str:
    """The map as a file a person opens: the page's language declared (screen readers pick
    their voice from it), the charset first, a title (``build_map`` gives one) and zoom
    allowed (``EfusMap``)."""
    lang = html.escape(getattr(m, "lang", "en"))
    page = render_html(m).replace("<html>", f'<html lang="{lang}">', 1)
    page = page.replace(FOLIUM_CHARSET, "")
    return page.replace("<head>\n", '<head>\n<meta charset="utf-8">\n', 1)
