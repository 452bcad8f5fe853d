"""How points look: one marker style per activity, the layers they are grouped in, and the
labels the browser shows beside a point's own values.

The dashboard's charts take their colours from here too (``style_for``), so a chart and the map
legend always agree. No folium: styles are plain values the payload and the charts share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import pandas as pd

from geo.data.countries import country_name
from geo.i18n import N_, Nn_, Translator, translator
from geo.maps.payload import text_column


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
        "cities": N_("Partners and pilot cities"),
        "signatories": N_("Brussels Declaration signatories"),
        "events": N_("Activities and events"),
        "equipment": N_("Pilot security equipment"),
        "other": N_("Other"),
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
    "city": N_("City"), "region": N_("Region"), "association": N_("Association"),
    "agency": N_("Agency"), "network": N_("Network"), "site": N_("Site"), "event": N_("Event"),
})  # fmt: skip
PRECISION_LABELS: Mapping[str, str] = MappingProxyType({
    "city": N_("shown at the city centre"), "region": N_("shown at the region"),
    "country": N_("shown at the country"),
})  # fmt: skip
# The words a popup, a tooltip, the legend and the map's controls add to the points' values,
# in English; ``map_strings`` gives them in a language (``{n}``/``{error}`` are filled by JS).
POPUP_LABELS: Mapping[str, object] = MappingProxyType({
    "kind": dict(KIND_LABELS), "precision": dict(PRECISION_LABELS), "source": N_("Source"),
    "more": N_("… and {n} more here"), "others": N_("(+{n} more here)"),
    "legend": N_("Activity"), "pointsError": N_("The points could not be loaded: {error}"),
    "outlinesError": N_("The country outlines could not be loaded: {error}"),
    "offline": N_("{layer} cannot be reached without the internet: back to the offline map."),
    # TRANSLATORS: the scale bar under the map; {n} is a number the map's JavaScript writes.
    "metres": N_("{n} m"), "kilometres": N_("{n} km"),
    "zoomIn": N_("Zoom in"), "zoomOut": N_("Zoom out"), "layers": N_("Layers"),
    "closePopup": N_("Close popup"), "leaflet": N_("A JavaScript library for interactive maps"),
})  # fmt: skip
NO_ACTIVITY = N_("(no activity)")
# The title's subtitle: how many rows are drawn, and how many could not be.
SUBTITLE = Nn_("{n} on the map", "{n} on the map")
SUBTITLE_MISSING = Nn_(
    "{n} without a known position not shown", "{n} without a known position not shown"
)
# The language tag the browser formats numbers with (the legend's counts, the scale bar).
NUMBER_LOCALE: Mapping[str, str] = MappingProxyType({"en": "en-GB", "fr": "fr-FR", "xx": "en-GB"})
POINTS_PANE = "efusPoints"  # the Leaflet pane the points are drawn in (efus-map.js creates it)

# The offline basemap's land (the sea is the map's background, in efus-map.css). Every mark
# drawn over it keeps ≥ 3:1 against both (WCAG 1.4.11), which tests/test_marker_contrast.py
# measures from these values.
BASEMAP_STYLE: Mapping[str, object] = MappingProxyType({
    "color": "#8d99a6", "weight": 0.7, "fillColor": "#f7f5ef", "fillOpacity": 1, "opacity": 1,
})  # fmt: skip
# The outer edge of every marker: a light colour (sky blue, yellow) is 1.3-2.1:1 on land and
# sea, so hollow markers get a dark rim outside their coloured ring and solid ones a dark
# outline; the dark edge also keeps shapes apart in greyscale.
MARKER_EDGE = "#1b1b1b"
# A cluster of points that overlap at the current zoom: a dark badge (≥ 3:1 on land and sea)
# with its count in white (≥ 4.5:1 on the badge) and a thin white ring inside its rim that
# sets it apart from the markers under it. tests/test_marker_contrast.py measures these too.
CLUSTER_STYLE: Mapping[str, str] = MappingProxyType({
    "fill": "#1d3557", "text": "#ffffff", "ring": "#ffffff",
})  # fmt: skip
# Pixels (at 256-pixel tiles) within which points are grouped: a badge is at most 32 px wide,
# so the badges of two clusters never hide each other.
CLUSTER_RADIUS = 32
# The deepest zoom at which places are grouped: beyond it 32 px is under 200 m (distinct streets)
# and every place stands alone. Each level costs the index a pass over the places: at 50,000,
# 13 levels load in ~0.13 s, 17 in ~0.23 s (node, supercluster 9.1.0).
CLUSTER_MAX_ZOOM = 13
# The tooltip of a cluster ({n}: its rows, as the map formats numbers).
CLUSTER_TOOLTIP = N_("{n} here: click or press Enter to zoom in")
# The ring around the tour's current place: yellow (1.3:1 on land alone) inside dark edges.
TOUR_RING = "#ffd400"


def style_for(activity: str, kind: str = "") -> MarkerStyle:
    """The marker style of an activity; unknown activities fall back on the row's kind."""
    return ACTIVITY_STYLE.get(activity) or KIND_FALLBACK.get(kind, OTHER_STYLE)


def activity_styles(frame: pd.DataFrame, activities: Sequence[str]) -> list[MarkerStyle]:
    """The style of each of ``activities``; an unstyled one takes its rows' commonest kind."""
    kinds = text_column(frame, "kind")
    of_row = text_column(frame, "activity")
    styles = []
    for activity in activities:
        kind = kinds[of_row == activity].mode()
        styles.append(style_for(activity, kind.iloc[0] if len(kind) else ""))
    return styles


def style_json(style: MarkerStyle, *, layer: int) -> dict:
    """A style as ``efus-map.js`` reads it; ``layer`` is the index of its layer group."""
    return {"colour": style.colour, "shape": style.shape, "fill": style.fill, "layer": layer,
            "edge": MARKER_EDGE}  # fmt: skip


def map_strings(tr: Translator) -> dict:
    """Every word the map's JavaScript shows, in ``tr``'s language: ``efus-map.js`` writes no
    English of its own (the ``strings`` option of ``addPoints``, ``addBasemap``, ...)."""
    out = {key: _translated(tr, value) for key, value in POPUP_LABELS.items()}
    return {**out, "locale": NUMBER_LOCALE.get(tr.language, tr.language), "lang": tr.language}


def _translated(tr: Translator, value: object) -> object:
    if isinstance(value, Mapping):
        return {key: tr.t(text) for key, text in value.items()}
    return tr.t(str(value))


def value_names(frame: pd.DataFrame, tr: Translator) -> dict[str, dict[str, str]]:
    """What a popup shows for the data's own words, by field: activity types through the
    catalogue, countries in the language (the payload carries their English names), dates
    spelt out ("23 novembre 2022"). Names and descriptions stay as staff wrote them."""
    names: dict[str, dict[str, str]] = {}
    activities = text_column(frame, "activity").unique()
    names["activity"] = {a: tr.t(a) for a in activities if a}
    countries = text_column(frame, "country").unique()
    names["country"] = {country_name(c): _country(tr, c) for c in countries if c}
    for field in ("start", "end"):
        names[field] = {d: _date(tr, d) for d in text_column(frame, field).unique() if d}
    return names


def _country(tr: Translator, iso2: str) -> str:
    try:
        return tr.country(iso2)
    except ValueError:  # a code CLDR lacks: shown as the payload has it
        return iso2


def _date(tr: Translator, text: str) -> str:
    try:
        return tr.date(text)
    except ValueError:  # not a plain ISO date: shown as written
        return text


def point_options(
    styles: Sequence[dict], *, radius: float, tr: Translator | None = None,
    frame: pd.DataFrame | None = None,
) -> dict:
    """The options of ``EfusMap.addPoints``: the pane, marker size, styles, clusters, and the
    words in ``tr``'s language (English by default) with the display names of ``frame``'s values."""
    tr = tr or translator("en")
    strings = map_strings(tr)
    strings["values"] = value_names(frame, tr) if frame is not None else {}
    # How points are grouped into clusters: their look, and their tooltip in the language.
    cluster = {**CLUSTER_STYLE, "radius": CLUSTER_RADIUS, "maxZoom": CLUSTER_MAX_ZOOM,
               "tooltip": tr.t(CLUSTER_TOOLTIP)}  # fmt: skip
    return {"pane": POINTS_PANE, "radius": radius, "styles": list(styles),
            "strings": strings, "cluster": cluster, "lang": tr.language}  # fmt: skip


def legend_entries(
    activities: Sequence[str], styles: Sequence[dict], counts: pd.Series,
    *, tr: Translator | None = None,
) -> list[dict]:
    """One legend line per activity that has points (``counts``: points per activity): its
    label and count in ``tr``'s language, and its style; by layer, then the largest first."""
    tr = tr or translator("en")
    entries = [
        {"label": tr.t(a) if a else tr.t(NO_ACTIVITY), "count": int(counts.get(a, 0)),
         "countText": tr.number(int(counts.get(a, 0))), **s}
        for a, s in zip(activities, styles, strict=True)
        if counts.get(a, 0)
    ]  # fmt: skip
    return sorted(entries, key=lambda e: (e["layer"], -e["count"], e["label"]))


def subtitle(tr: Translator, *, shown: int, without_position: int) -> str:
    """'71 sur la carte · 3 sans position connue, non montrés'."""
    text = tr.tn(*SUBTITLE, shown)
    if without_position:
        text += " · " + tr.tn(*SUBTITLE_MISSING, without_position)
    return text
