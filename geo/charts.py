"""The dashboard's Altair charts: how many places by country, by activity, and per year.

Counts are computed in pandas first, so a chart carries a few dozen rows whatever the size of
the dataset, and activity colours are the map legend's.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from geo.countries import country_name

# Colour-blind-safe (Okabe–Ito, then Tol's muted) and readable on a projector; used only
# until the map engine's ACTIVITY_STYLE is merged, which then wins so map and charts agree.
PALETTE = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255", "#117733",
    "#332288", "#AA4499", "#44AA99", "#999933", "#6F6F6F",
)  # fmt: skip
FALLBACK = "#6F6F6F"
# Shown large in presentation mode, where a chart must read from the back of a room.
FONT_SIZE = 14


def _engine_style() -> dict:
    try:
        from geo.webmap import ACTIVITY_STYLE
    except ImportError:
        return {}
    return dict(ACTIVITY_STYLE)


def _colour_of(style: object) -> str | None:
    if isinstance(style, str):
        return style
    if isinstance(style, dict):
        return style.get("colour") or style.get("color")
    return getattr(style, "colour", None) or getattr(style, "color", None)


def activity_colours(activities: Iterable[str]) -> dict[str, str]:
    """One colour per activity: the map's where it defines one, else a stable palette slot."""
    from geo.schema import ACTIVITIES

    engine = _engine_style()
    out: dict[str, str] = {}
    for activity in activities:
        colour = _colour_of(engine.get(activity)) if activity in engine else None
        if colour is None:
            slot = ACTIVITIES.index(activity) if activity in ACTIVITIES else None
            if slot is None:
                slot = len(ACTIVITIES) + sum(ord(c) for c in activity)
            colour = PALETTE[slot % len(PALETTE)]
        out[activity] = colour
    return out


def _scale(activities: Iterable[str]) -> alt.Scale:
    colours = activity_colours(sorted(set(activities), key=str.casefold))
    return alt.Scale(domain=list(colours), range=list(colours.values()))


def count_by_country(frame: pd.DataFrame) -> pd.DataFrame:
    counts = frame.groupby("country", sort=False).size().rename("places").reset_index()
    counts["country name"] = counts["country"].map(country_name)
    return counts.sort_values(["places", "country name"], ascending=[False, True])


def count_by_activity(frame: pd.DataFrame) -> pd.DataFrame:
    counts = frame.groupby("activity", sort=False).size().rename("places").reset_index()
    return counts.sort_values(["places", "activity"], ascending=[False, True])


def count_by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per start year and activity; undated rows are left out (the chart says so)."""
    year = frame["start"].astype(str).str.slice(0, 4)
    dated = frame.assign(year=year)[year.str.fullmatch(r"\d{4}")]
    counts = dated.groupby(["year", "activity"], sort=True).size().rename("places")
    return counts.reset_index()


def _base(data: pd.DataFrame, *, title: str) -> alt.Chart:
    return alt.Chart(data, title=alt.Title(title, anchor="start", fontSize=FONT_SIZE + 2))


def country_chart(frame: pd.DataFrame) -> alt.Chart:
    data = count_by_country(frame)
    return _base(data, title="Places by country").mark_bar(color=PALETTE[0]).encode(
        x=alt.X("places:Q", title="Places", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("country name:N", sort="-x", title=None),
        tooltip=[alt.Tooltip("country name:N", title="Country"), "places:Q"],
    )


def activity_chart(frame: pd.DataFrame) -> alt.Chart:
    data = count_by_activity(frame)
    return _base(data, title="Places by activity").mark_bar().encode(
        x=alt.X("places:Q", title="Places", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("activity:N", sort="-x", title=None),
        color=alt.Color("activity:N", scale=_scale(data["activity"]), legend=None),
        tooltip=[alt.Tooltip("activity:N", title="Activity"), "places:Q"],
    )


def year_chart(frame: pd.DataFrame) -> alt.Chart:
    data = count_by_year(frame)
    return _base(data, title="Timeline: places per start year").mark_bar().encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("sum(places):Q", title="Places", axis=alt.Axis(tickMinStep=1)),
        color=alt.Color("activity:N", scale=_scale(data["activity"]),
                        legend=alt.Legend(title="Activity", orient="bottom", columns=3)),
        tooltip=["year:O", alt.Tooltip("activity:N", title="Activity"), "places:Q"],
    )
