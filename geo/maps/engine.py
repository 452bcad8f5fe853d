"""Offline folium maps of the Efus dataset: local assets, a vector basemap, 50,000 points.

``build_map(frame)`` returns a ``folium.Map`` that needs nothing from the internet: Leaflet and
our layer code are inlined (an exported file) or served by Streamlit's static serving, the
basemap is Natural Earth country outlines, and the points travel as one compact columnar JSON
payload drawn by a canvas renderer. Every string from the data reaches the page as JSON and is
put on screen with ``textContent`` (see ``assets/js/efus-map.js``).

Audiences: ``staff`` shows every row at its exact position; ``public`` keeps only rows marked
public, only the public columns, and moves security-sensitive sites to their city centre (or
drops them when no centre is known): the exact position of equipment never reaches the page.
"""

from __future__ import annotations

import base64
import gzip
import html
import json
import math
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from urllib.parse import quote

import folium
import numpy as np
import pandas as pd
from branca.element import Element
from folium.elements import MacroElement
from folium.template import Template

from geo.data.cells import parse_flag
from geo.data.countries import country_name
from geo.data.schema import PUBLIC_COLUMNS
from geo.errors import GeoError
from geo.maps import assets as web_assets

CityCentre = Callable[[str, str], "tuple[float, float] | None"]

AUDIENCES = ("staff", "public")
ASSET_MODES = ("inline", "static")
COORD_SCALE = 100_000  # coordinates travel as integers of 1e-5 degree (about 1 m)
COMPRESS_ABOVE = 200_000  # bytes of JSON beyond which the payload is gzipped
EUROPE = ((35.0, -11.0), (62.0, 30.0))  # the view when nothing is on the map
POPUP_FIELDS = (
    "name", "kind", "project", "activity", "start", "end", "city", "country", "precision",
    "description", "source",
)  # fmt: skip


class MapError(GeoError, ValueError):
    """A map cannot be built with the options given."""


@dataclass(frozen=True, slots=True)
class MarkerStyle:
    """How one activity is drawn: colour (Okabe–Ito, safe for colour-blind readers), a shape
    and a fill that stay distinguishable in greyscale, and the layer it belongs to."""

    colour: str
    shape: str  # circle, square, diamond, triangle, triangle-down, pentagon, hexagon, star, cross
    fill: str  # "solid" or "hollow"
    layer: str  # a key of LAYERS


# Layers in drawing order (the last is drawn on top), with the names the layer control shows.
LAYERS: Mapping[str, str] = MappingProxyType(
    {
        "cities": "Partners and pilot cities",
        "signatories": "Brussels Declaration signatories",
        "events": "Activities and events",
        "equipment": "Pilot security equipment",
        "other": "Other",
    }
)

# Okabe & Ito (2008) colours; each activity also has its own shape/fill pair.
ACTIVITY_STYLE: Mapping[str, MarkerStyle] = MappingProxyType(
    {
        "signatory": MarkerStyle("#0072B2", "circle", "solid", "signatories"),
        "partner": MarkerStyle("#009E73", "square", "solid", "cities"),
        "associated city": MarkerStyle("#56B4E9", "square", "hollow", "cities"),
        "pilot city": MarkerStyle("#E69F00", "diamond", "solid", "cities"),
        "pilot equipment": MarkerStyle("#D55E00", "triangle", "solid", "equipment"),
        "meeting": MarkerStyle("#CC79A7", "star", "solid", "events"),
        "workshop": MarkerStyle("#F0E442", "hexagon", "solid", "events"),
        "European Week of Security": MarkerStyle("#000000", "star", "hollow", "events"),
        "police academy": MarkerStyle("#0072B2", "triangle-down", "solid", "events"),
        "training": MarkerStyle("#009E73", "pentagon", "hollow", "events"),
        "conference": MarkerStyle("#CC79A7", "cross", "solid", "events"),
    }
)
# Activities nobody styled yet: grey, and a layer chosen from the kind of row.
KIND_FALLBACK: Mapping[str, MarkerStyle] = MappingProxyType(
    {
        "site": MarkerStyle("#7A7A7A", "triangle", "hollow", "equipment"),
        "event": MarkerStyle("#7A7A7A", "star", "hollow", "events"),
    }
)
OTHER_STYLE = MarkerStyle("#7A7A7A", "circle", "hollow", "other")

KIND_LABELS: Mapping[str, str] = MappingProxyType({
    "city": "City", "region": "Region", "association": "Association", "agency": "Agency",
    "network": "Network", "site": "Site", "event": "Event",
})  # fmt: skip
PRECISION_LABELS: Mapping[str, str] = MappingProxyType({
    "city": "shown at the city centre", "region": "shown at the region",
    "country": "shown at the country",
})  # fmt: skip


def style_for(activity: str, kind: str = "") -> MarkerStyle:
    """The marker style of an activity; unknown activities fall back on the row's kind."""
    return ACTIVITY_STYLE.get(activity) or KIND_FALLBACK.get(kind, OTHER_STYLE)


# ---------------------------------------------------------------------------------------------
# Audiences


def public_view(frame: pd.DataFrame, *, city_centre: CityCentre | None = None) -> pd.DataFrame:
    """What the public may see: public rows, public columns, sensitive sites coarsened.

    A sensitive row is moved to ``city_centre(city, country)`` with precision ``city``; when
    no centre is known (or no ``city_centre`` is given) the row is dropped, never shown exactly.
    Returns a new frame; ``frame`` is not modified.
    """
    # Anything that is not clearly yes/no counts as private and sensitive: the safe side.
    public = _flag(frame, "public", default=True, unclear=False)
    sensitive = _flag(frame, "sensitive", default=False, unclear=True)
    out = frame.loc[public].copy()
    sensitive = sensitive[public]
    drop = []
    moved = out.index[sensitive.to_numpy()]
    for column in ("lat", "lon", "precision"):
        if len(moved) and column not in out:
            out[column] = float("nan") if column != "precision" else ""
    for index in moved:
        city = str(out.at[index, "city"]) if "city" in out else ""
        country = str(out.at[index, "country"]) if "country" in out else ""
        centre = city_centre(city, country) if (city_centre and city) else None
        if centre is None or not all(math.isfinite(v) for v in centre):
            drop.append(index)
            continue
        out.at[index, "lat"], out.at[index, "lon"] = float(centre[0]), float(centre[1])
        out.at[index, "precision"] = "city"
    out = out.drop(index=drop)
    return out[[c for c in PUBLIC_COLUMNS if c in out.columns]].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class Presumed:
    """A frame with the sites of lists that do not say what is sensitive marked sensitive,
    and the sentence that says so (None when nothing was presumed)."""

    frame: pd.DataFrame
    rows: int
    note: str | None


# Activity words that name security equipment (folded; English, French, Spanish, Italian,
# German, Dutch): such a row is a site even when its precision is not given.
_EQUIPMENT_WORDS = ("equipment", "equipement", "equipamiento", "attrezzatura", "ausstattung",
                    "uitrusting", "bollard", "barrier", "barriere", "camera", "cctv")  # fmt: skip


def presume_sensitive(
    frame: pd.DataFrame, *, unread: Sequence[str], unread_precision: Sequence[str] = ()
) -> Presumed:
    """Mark as sensitive the sites of rows from ``unread`` files (files with no 'sensitive'
    column), so that a public view moves them to their city centre. A site is a row with
    precision ``site``, kind ``site``, an equipment activity, or, in a file of
    ``unread_precision`` (no precision column either), a position of its own on a row whose
    kind or activity does not say it is an organisation, a city or an event.
    Returns a new frame; ``frame`` is not modified."""
    if not unread or "_file" not in frame:
        return Presumed(frame, 0, None)
    site = _site_like(frame)
    if unread_precision and "lat" in frame and "lon" in frame:  # before any geocoding
        own = pd.to_numeric(frame["lat"], errors="coerce").notna()
        own &= pd.to_numeric(frame["lon"], errors="coerce").notna()
        site |= own & ~_not_a_site(frame) & frame["_file"].isin(list(unread_precision))
    site &= frame["_file"].isin(list(unread))
    site &= ~_flag(frame, "sensitive", default=False, unclear=True)
    if not site.any():
        return Presumed(frame, 0, None)
    out = frame.copy()
    out["sensitive"] = _flag(frame, "sensitive", default=False, unclear=True) | site
    files = ", ".join(sorted(set(frame.loc[site, "_file"].astype(str))))
    n = int(site.sum())
    note = (f"{files}: no 'sensitive' column, so {n} row{'s' * (n != 1)} with a site position "
            f"{'are' if n != 1 else 'is'} treated as sensitive (shown at the city centre); fix: "
            "add a 'sensitive' column with yes or no on every row")  # fmt: skip
    return Presumed(out, n, note)


def _site_like(frame: pd.DataFrame) -> pd.Series:
    """Rows that may locate a site: said to, or an equipment activity."""
    from geo.data.countries import fold

    def text(column: str) -> pd.Series:
        if column not in frame:
            return pd.Series("", index=frame.index)
        return frame[column].fillna("").astype(str).map(fold)

    activity = text("activity")
    site = (text("precision") == "site") | (text("kind") == "site")
    site |= activity.map(lambda a: any(w in a for w in _EQUIPMENT_WORDS)).astype(bool)
    return site


def _not_a_site(frame: pd.DataFrame) -> pd.Series:
    """Rows whose kind or activity says they are an organisation, a city or an event."""
    from geo.data.schema import ACTIVITIES, KINDS

    kinds = {k for k in KINDS if k != "site"}
    activities = {a.casefold() for a in ACTIVITIES if a != "pilot equipment"}
    said = pd.Series(False, index=frame.index)
    if "kind" in frame:
        said |= frame["kind"].fillna("").astype(str).str.casefold().isin(kinds)
    if "activity" in frame:
        said |= frame["activity"].fillna("").astype(str).str.casefold().isin(activities)
    return said


def _flag(frame: pd.DataFrame, name: str, *, default: bool, unclear: bool) -> pd.Series:
    """A yes/no column as bools: blank means ``default``, an unreadable value ``unclear``."""
    if name not in frame:
        return pd.Series(default, index=frame.index, dtype=bool)
    column = frame[name]
    if column.dtype == bool:
        return column

    def read(value: object) -> bool:
        flag = parse_flag(value)
        blank = value is None or (isinstance(value, float) and math.isnan(value))
        return flag if flag is not None else default if blank or not str(value).strip() else unclear

    return column.map(read).astype(bool)


def positioned(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Rows that have a position, and how many had none (they are counted, not hidden)."""
    if "lat" not in frame or "lon" not in frame:
        return frame.iloc[0:0], len(frame)
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    ok = lat.notna() & lon.notna()
    return frame.loc[ok], int((~ok).sum())


# ---------------------------------------------------------------------------------------------
# The payload: columns of codes into tables of distinct values


# What could end a <script> element or a JS string early (as folium's ``tojson`` escapes it).
_SCRIPT_ESCAPES = (
    ("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027"),
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"),
)  # fmt: skip
# A "{" that opens a Jinja tag ("{{", "{%", "{#"): folium compiles what our macros render.
_TEMPLATE_OPENER = re.compile(r"\{(?=[{%#])")
TEMPLATE_TAG = re.compile(r"\{[{%#]")


def script_json(value: object) -> str:
    """``value`` as compact JSON that is inert inside a <script> element AND inside any text
    a template engine compiles. The one way our strings reach a page.

    folium's ``MacroElement.render`` wraps what each macro renders in ``branca.element.Element``,
    which compiles it as a Jinja template: a data string holding ``{{ … }}`` would run on the
    server. ``<``, ``>``, ``&``, ``'`` and U+2028/2029 are escaped as folium's ``tojson`` does;
    then every ``{`` followed by ``{``, ``%`` or ``#`` is written ``\\u007b``. That is enough: in
    compact JSON a structural ``{`` is always followed by ``"`` or ``}``, so such a ``{`` lies
    inside a string, where ``\\u007b`` reads back as the same character; and no other pair of
    characters opens a Jinja tag. One pass of ``str.replace`` per character and one regex keep
    a 200 kB payload in the millisecond range.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char, escaped in _SCRIPT_ESCAPES:
        text = text.replace(char, escaped)
    return _TEMPLATE_OPENER.sub(r"\\u007b", text)


def _text_column(frame: pd.DataFrame, field: str) -> pd.Series:
    if field not in frame:
        return pd.Series("", index=frame.index, dtype=object)
    return frame[field].fillna("").astype(str)


def point_order(frame: pd.DataFrame) -> np.ndarray:
    """The positions of ``frame``'s rows in the order ``encode_points`` puts them: by country,
    city, latitude and longitude. Point ``k`` of the payload is row ``point_order(frame)[k]``."""
    return np.lexsort((
        frame["lon"].to_numpy(float), frame["lat"].to_numpy(float),
        _text_column(frame, "city").to_numpy(), _text_column(frame, "country").to_numpy(),
    ))  # fmt: skip


def encode_points(frame: pd.DataFrame, *, fields: tuple[str, ...] = POPUP_FIELDS) -> dict:
    """Positioned rows as the columnar payload ``efus-map.js`` reads.

    ``values[f]`` lists the distinct values of field ``f``; ``codes[f]`` gives each point's
    index into it (one number when every point has the same value). Countries are display
    names. ``lat``/``lon`` are integers in units of 1e-5 degree, each the difference from the
    previous point: points are sorted by country, city and position first (``point_order``),
    so differences and codes repeat and the payload compresses several times better.
    """
    frame = frame.iloc[point_order(frame)]
    payload: dict = {"scale": COORD_SCALE, "delta": True, "fields": list(fields), "values": [],
                     "codes": [], "style_field": "activity"}  # fmt: skip
    for axis in ("lat", "lon"):
        units = np.rint(frame[axis].to_numpy(float) * COORD_SCALE).astype(np.int64)
        payload[axis] = np.diff(units, prepend=0).tolist()
    for field in fields:
        codes, uniques = pd.factorize(_text_column(frame, field))
        values = [str(v) for v in uniques] or [""]
        if field == "country":
            values = [country_name(v) if v else "" for v in values]
        payload["values"].append(values)
        payload["codes"].append(codes.tolist() if len(values) > 1 else 0)
    return payload


def _activity_styles(frame: pd.DataFrame, activities: list[str]) -> list[MarkerStyle]:
    kinds = _text_column(frame, "kind")
    acts = _text_column(frame, "activity")
    styles = []
    for activity in activities:
        kind = kinds[acts == activity].mode()
        styles.append(style_for(activity, kind.iloc[0] if len(kind) else ""))
    return styles


def _pack(payload: dict, compress: bool | None) -> dict:
    text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    if compress is None:
        compress = len(text) > COMPRESS_ABOVE
    if not compress:
        return {"json": payload}
    # Level 5: 2% larger than 6 at 50k points, in half the time.
    packed = gzip.compress(text.encode("utf-8"), compresslevel=5, mtime=0)
    return {"gzip": base64.b64encode(packed).decode("ascii")}


def unpack(packed: Mapping) -> dict:
    """The payload a page carries (``{"json": …}`` or ``{"gzip": …}``) as plain JSON data."""
    if "json" in packed:
        return dict(packed["json"])
    return json.loads(gzip.decompress(base64.b64decode(packed["gzip"])).decode("utf-8"))


def decode_points(payload: Mapping) -> list[dict]:
    """Rows back from a payload: each point's fields plus ``lat``/``lon`` in degrees."""
    rows = []
    scale = payload["scale"]
    lats, lons = payload["lat"], payload["lon"]
    if payload.get("delta"):
        lats, lons = np.cumsum(lats).tolist(), np.cumsum(lons).tolist()
    for i, (lat, lon) in enumerate(zip(lats, lons, strict=True)):
        row = {"lat": lat / scale, "lon": lon / scale}
        for field, values, codes in zip(
            payload["fields"], payload["values"], payload["codes"], strict=True
        ):
            row[field] = values[codes if isinstance(codes, int) else codes[i]]
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------
# Elements (folium-like: a Jinja template, options as JSON, JS/CSS local)


class Verbatim(Element):
    """Text that goes into the page as it is. branca's ``Element(text)`` compiles ``text`` as a
    Jinja template; this one never compiles anything, so no text of ours can run on the server
    (the page's header assets, the projector CSS, what our macros render)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(MacroElement):
    """A ``MacroElement`` whose rendered macros reach the figure as ``Verbatim`` text.

    A second line behind ``script_json``: folium's own ``render`` would compile each macro's
    output again as a template. This one adds it as text, and fails closed (``MapError``) when
    the output still holds a Jinja tag, since streamlit-folium rewrites ``{{'name'}}`` in the
    scripts it collects. Put it after folium's classes in the bases (``class X(Layer,
    VerbatimMacro)``) so their own ``render`` (a layer adding itself to the map) still runs."""

    def render(self, **kwargs):
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is None:
                continue
            text = str(macro(self, kwargs))
            tag = TEMPLATE_TAG.search(text)
            if tag:
                raise MapError(
                    f"{type(self).__name__} rendered a template tag "
                    f"{text[tag.start():tag.start() + 40]!r}; fix: pass every value the template "
                    "shows through geo.maps.engine.script_json"
                )
            getattr(figure, part).add_child(Verbatim(text), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class EfusMap(folium.Map):
    """A ``folium.Map`` whose JS/CSS are local: inlined, or Streamlit static URLs.

    ``default_js``/``default_css`` are set on the instance (never on folium's class lists), so
    streamlit-folium, which loads exactly those links, requests nothing from a CDN.
    """

    def __init__(
        self, *, assets: str = "inline", static_url: str = web_assets.STATIC_URL, **kwargs
    ):
        super().__init__(tiles=None, **kwargs)
        self.assets = assets
        if assets == "static":
            self.default_js, self.default_css = web_assets.static_links(base_url=static_url)
        else:
            self.default_js, self.default_css = [], []
        self.plotted = pd.DataFrame()
        self.without_position = 0

    def render(self, **kwargs):
        if self.assets == "inline":
            self.get_root().header.add_child(
                Verbatim(web_assets.inline_header()), name="efus_assets", index=0
            )
        super().render(**kwargs)


class Basemap(folium.map.Layer, VerbatimMacro):
    """Natural Earth country outlines drawn as a light vector layer in a pane of their own.

    With ``online`` (online tiles offered), it is the first base layer of the layer control,
    and a tile layer that cannot be reached is swapped back for it (``EfusMap.keepOffline``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.createPane({{ this._parent.get_name() }}, "efusBasemap", 250);
        var {{ this.get_name() }} = L.featureGroup();
        EfusMap.addBasemap({{ this._parent.get_name() }}, {{ this.source }}, {
            pane: "efusBasemap",
            group: {{ this.get_name() }},
            attribution: {{ this.attribution }},
            style: {{ this.style }}
        });
        {% if this.control %}
        EfusMap.keepOffline({{ this._parent.get_name() }}, {{ this.get_name() }});
        {% endif %}
        {% endmacro %}
    """)

    def __init__(
        self,
        *,
        assets: str = "inline",
        static_url: str = web_assets.STATIC_URL,
        online: bool = False,
    ):
        super().__init__(name=OFFLINE_BASEMAP, overlay=False, control=online, show=True)
        self._name = "Basemap"
        if assets == "static":
            self.source = script_json({"url": web_assets.basemap_url(base_url=static_url)})
        else:
            self.source = _packed_basemap()
        self.attribution = script_json("Country outlines: Natural Earth (public domain)")
        self.style = script_json({
            "color": "#8d99a6",
            "weight": 0.7,
            "fillColor": "#f7f5ef",
            "fillOpacity": 1,
            "opacity": 1,
        })


@lru_cache(maxsize=1)
def _packed_basemap() -> str:
    return script_json(_pack(json.loads(web_assets.basemap_text()), True))


class PointLayers(VerbatimMacro):
    """Every point in one payload, spread over the layer groups, drawn on one canvas."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("efus-map");
        EfusMap.createPane({{ this._parent.get_name() }}, "efusPoints", 450);
        EfusMap.addPoints(
            {{ this._parent.get_name() }},
            [{{ this.group_names() }}],
            {{ this.payload }},
            {{ this.options }}
        );
        {% endmacro %}
    """)

    def __init__(self, *, groups: list, payload: str, options: str):
        super().__init__()
        self._name = "PointLayers"
        self.groups = groups
        self.payload = payload
        self.options = options

    def group_names(self) -> str:
        # Names are read at render time: streamlit-folium renames elements before rendering.
        return ", ".join(group.get_name() for group in self.groups)


class Legend(VerbatimMacro):
    """One line per activity on the map: its marker, its name (as text) and its count."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.addLegend({{ this._parent.get_name() }}, {{ this.entries }},
                          {{ this.options }});
        {% endmacro %}
    """)

    def __init__(self, entries: list[dict], *, title: str = "Activity"):
        super().__init__()
        self._name = "Legend"
        self.entries = script_json(entries)
        self.options = script_json({"title": title})


class MapTitle(VerbatimMacro):
    """A title and a subtitle over the map, as text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.addTitle({{ this._parent.get_name() }}, {{ this.title }}, {{ this.subtitle }});
        {% endmacro %}
    """)

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self._name = "MapTitle"
        self.title = script_json(title)
        self.subtitle = script_json(subtitle)


# ---------------------------------------------------------------------------------------------
# The map


def build_map(
    frame: pd.DataFrame,
    *,
    audience: str = "staff",
    title: str | None = None,
    assets: str = "inline",
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    static_url: str = web_assets.STATIC_URL,
    compress: bool | None = None,
    radius: float = 7,
    height: str = "100%",
) -> EfusMap:
    """A map of ``frame`` (the dataset's columns; only ``name``, ``lat``, ``lon`` required).

    ``audience="public"`` applies ``public_view`` with ``city_centre``. ``assets="static"`` is
    for Streamlit (call ``geo.maps.assets.install_static`` first), ``"inline"`` for a file.
    ``online_tiles`` adds OpenStreetMap (and CARTO Positron when ``$EFUS_CARTO_KEY`` holds a
    key) as optional base layers, off until chosen in the layer control.
    ``compress`` forces (True) or forbids (False) gzip for the points; by default large
    payloads are compressed. Rows without a position are counted in ``without_position``.
    The plotted rows are kept in ``.plotted`` for ``row_for_click``.
    """
    if audience not in AUDIENCES:
        raise MapError(
            f"audience {audience!r} is not one of {', '.join(AUDIENCES)}; "
            "fix: use 'staff' (exact positions) or 'public' (public fields only)"
        )
    if assets not in ASSET_MODES:
        raise MapError(
            f"assets {assets!r} is not one of {', '.join(ASSET_MODES)}; fix: use "
            "'inline' for an exported file or 'static' inside Streamlit"
        )
    missing = [c for c in ("name", "lat", "lon") if c not in frame]
    if missing:
        raise MapError(
            f"the table has no column {', '.join(map(repr, missing))}; "
            "fix: give each row a name and a position (lat, lon) or geocode it first"
        )
    shown = public_view(frame, city_centre=city_centre) if audience == "public" else frame
    points, without_position = positioned(shown)
    points = points.copy()
    points["lat"] = pd.to_numeric(points["lat"]).astype(float)
    points["lon"] = pd.to_numeric(points["lon"]).astype(float)

    bounds = _bounds(points)
    m = EfusMap(
        assets=assets,
        static_url=static_url,
        location=_centre(bounds),
        zoom_start=4,
        height=height,
        control_scale=True,
        prefer_canvas=True,
    )
    m.options.update(min_zoom=2, max_zoom=18, zoom_snap=0.5, wheel_px_per_zoom_level=90)
    m.plotted = points
    m.without_position = without_position
    if title:
        m.get_root().title = html.escape(title)

    m.add_child(Basemap(assets=assets, static_url=static_url, online=online_tiles))
    if online_tiles:
        _add_online_tiles(m)

    payload = encode_points(points, fields=tuple(f for f in POPUP_FIELDS))
    activities = payload["values"][POPUP_FIELDS.index("activity")]
    styles = _activity_styles(points, activities)
    layer_keys = [k for k in LAYERS if any(s.layer == k for s in styles)] if len(points) else []
    counts = _text_column(points, "activity").value_counts()
    groups = []
    for key in layer_keys:
        n = int(
            sum(counts.get(a, 0) for a, s in zip(activities, styles, strict=True) if s.layer == key)
        )
        group = folium.FeatureGroup(name=html.escape(f"{LAYERS[key]} ({n:,})"), overlay=True)
        m.add_child(group)
        groups.append(group)
    style_json = [
        {"colour": s.colour, "shape": s.shape, "fill": s.fill,
         "layer": layer_keys.index(s.layer) if s.layer in layer_keys else 0}
        for s in styles
    ]  # fmt: skip
    options = {
        "pane": "efusPoints", "radius": radius, "styles": style_json,
        "labels": {"kind": dict(KIND_LABELS), "precision": dict(PRECISION_LABELS),
                   "source": "Source", "more": "… and {n} more here",
                   "others": "(+{n} more here)"},
    }  # fmt: skip
    if groups:
        m.add_child(
            PointLayers(
                groups=groups,
                payload=script_json(_pack(payload, compress)),
                options=script_json(options),
            )
        )
        entries = sorted(
            (
                {"label": a or "(no activity)", "count": int(counts.get(a, 0)), **sj}
                for a, sj in zip(activities, style_json, strict=True)
            ),
            key=lambda e: (e["layer"], -e["count"], e["label"]),
        )
        m.add_child(Legend(entries))
    m.add_child(MapTitle(title or "", _subtitle(len(points), without_position)))
    folium.LayerControl(collapsed=False, position="topright").add_to(m)
    # Room at the top for the title, on the right for the layer control and legend.
    m.fit_bounds([list(bounds[0]), list(bounds[1])], padding_top_left=(50, 100),
                 padding_bottom_right=(60, 60), max_zoom=9)  # fmt: skip
    return m


def _subtitle(shown: int, without_position: int) -> str:
    text = f"{shown:,} on the map"
    if without_position:
        text += f" · {without_position:,} without a known position not shown"
    return text


def _bounds(points: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]]:
    if points.empty:
        return EUROPE
    return ((float(points["lat"].min()), float(points["lon"].min())),
            (float(points["lat"].max()), float(points["lon"].max())))  # fmt: skip


def _centre(bounds) -> list[float]:
    (s, w), (n, e) = bounds
    return [(s + n) / 2, (w + e) / 2]


OFFLINE_BASEMAP = "Offline map (Natural Earth)"
CARTO_KEY_ENV = "EFUS_CARTO_KEY"
_CARTO_POSITRON = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png?key="
_CARTO_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)


def _add_online_tiles(m: folium.Map) -> None:
    """Optional base layers that need the internet; never added unless asked for.

    OpenStreetMap always; CARTO Positron only with a key in ``$EFUS_CARTO_KEY``: since August
    2026 CARTO draws "API key required" over every tile fetched without one. The key is then
    written into the page (restrict it to the deployment's domain at CARTO)."""
    folium.TileLayer(
        "OpenStreetMap", name="OpenStreetMap (online)", overlay=False, show=False
    ).add_to(m)
    key = os.environ.get(CARTO_KEY_ENV, "").strip()
    if key:
        folium.TileLayer(
            _CARTO_POSITRON + quote(key, safe=""), attr=_CARTO_ATTRIBUTION, subdomains="abcd",
            max_zoom=20, name="CARTO Positron (online)", overlay=False, show=False,
        ).add_to(m)  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Export: HTML, GeoJSON, iframe


def to_geojson(frame: pd.DataFrame) -> dict:
    """Positioned rows as a GeoJSON FeatureCollection; every other column is a property
    (``_file``/``_row`` excepted). Blank numbers become null."""
    points, _ = positioned(frame)
    columns = [c for c in points.columns if c not in ("lat", "lon", "_file", "_row")]
    features = []
    for record in points.to_dict("records"):
        properties = {}
        for c in columns:
            value = record[c]
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            properties[c] = value
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [float(record["lon"]), float(record["lat"])]},
            "properties": properties,
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def iframe_snippet(url: str, *, title: str, height: int = 520) -> str:
    """An accessible, responsive ``<iframe>`` that embeds a map page on efus.eu."""
    if not title.strip():
        raise MapError(
            "an embedded map needs a title (screen readers announce it); "
            "fix: pass title='Where Efus works'"
        )
    first = url.split("/", 1)[0]
    scheme = first.split(":", 1)[0].casefold() if ":" in first else ""
    if not url.strip() or scheme not in ("", "http", "https"):
        raise MapError(
            f"iframe address {url!r} is not a web address; "
            "fix: give the map's https:// address (or a relative path)"
        )
    return (
        f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border:0;max-width:100%" loading="lazy" '
        "allowfullscreen></iframe>"
    )


def render_html(m: folium.Map) -> str:
    return m.get_root().render()


def export_html(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    audience: str = "staff",
    title: str | None = None,
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    geojson_path: str | os.PathLike | None = None,
) -> EfusMap:
    """Write one self-contained HTML file (and, if asked, a GeoJSON file of the same rows)."""
    m = build_map(
        frame,
        audience=audience,
        title=title,
        assets="inline",
        city_centre=city_centre,
        online_tiles=online_tiles,
    )
    _write(Path(path), render_html(m))
    if geojson_path is not None:
        _write(Path(geojson_path), json.dumps(to_geojson(m.plotted), ensure_ascii=False))
    return m


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MapError(
            f"{path}: cannot be written ({exc.strerror or exc}); "
            "fix: check that the folder exists and is writable"
        ) from exc


# ---------------------------------------------------------------------------------------------
# Streamlit


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
