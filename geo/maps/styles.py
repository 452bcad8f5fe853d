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

from geo.i18n import DEFAULT, N_, PSEUDO, SUPPORTED, translator
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
# The words a popup and a tooltip add to a point's values (``{n}``: how many more rows).
POPUP_LABELS: Mapping[str, object] = MappingProxyType({
    "kind": dict(KIND_LABELS), "precision": dict(PRECISION_LABELS), "source": "Source",
    "more": "… and {n} more here", "others": "(+{n} more here)",
})  # fmt: skip
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


def point_options(styles: Sequence[dict], *, radius: float, lang: str = DEFAULT) -> dict:
    """The options of ``EfusMap.addPoints``: the pane, marker size, styles, labels, and how
    points are grouped into clusters (their look and tooltip in ``lang``)."""
    words = translator(lang if lang in SUPPORTED or lang == PSEUDO else DEFAULT)
    cluster = {**CLUSTER_STYLE, "radius": CLUSTER_RADIUS, "maxZoom": CLUSTER_MAX_ZOOM,
               "tooltip": words.t(CLUSTER_TOOLTIP)}  # fmt: skip
    return {"pane": POINTS_PANE, "radius": radius, "styles": list(styles),
            "labels": dict(POPUP_LABELS), "cluster": cluster, "lang": lang}  # fmt: skip


def legend_entries(
    activities: Sequence[str], styles: Sequence[dict], counts: pd.Series
) -> list[dict]:
    """One legend line per activity that has points (``counts``: points per activity): its
    label, count and style; by layer, then the largest first."""
    entries = [
        {"label": a or "(no activity)", "count": int(counts.get(a, 0)), **s}
        for a, s in zip(activities, styles, strict=True)
        if counts.get(a, 0)
    ]
    return sorted(entries, key=lambda e: (e["layer"], -e["count"], e["label"]))
