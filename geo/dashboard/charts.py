"""The dashboard's Altair charts: how many places by country, by activity, and per year.

Counts are computed in pandas first, so a chart carries a few dozen rows whatever the size of
the dataset, and activity colours are the map legend's.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from geo.data.cells import CellError, parse_date
from geo.data.countries import country_name
from geo.maps.styles import style_for

# Shown large in presentation mode, where a chart must read from the back of a room.
FONT_SIZE = 14
BAR = "#0B5394"  # the page's primary colour


def activity_colours(activities: Iterable[str]) -> dict[str, str]:
    """One colour per activity: the map legend's (``geo.maps.styles.style_for``), so both
    agree."""
    return {a: style_for(a).colour for a in activities}


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


def _year(text: str) -> str:
    """The start year of a date as the one date parser reads it, "" when undated."""
    try:
        return f"{parse_date(text)[0].year:04d}"
    except CellError:
        return ""


def count_by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows per start year and activity; undated rows are left out (the chart says so)."""
    years = {text: _year(text) for text in pd.unique(frame["start"].astype(str))}
    year = frame["start"].astype(str).map(years)
    dated = frame.assign(year=year)[year != ""]
    counts = dated.groupby(["year", "activity"], sort=True).size().rename("places")
    return counts.reset_index()


def _base(data: pd.DataFrame, *, title: str) -> alt.Chart:
    return alt.Chart(data, title=alt.Title(title, anchor="start", fontSize=FONT_SIZE + 2))


def country_chart(frame: pd.DataFrame) -> alt.Chart:
    data = count_by_country(frame)
    return (
        _base(data, title="Places by country")
        .mark_bar(color=BAR)
        .encode(
            x=alt.X("places:Q", title="Places", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("country name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[alt.Tooltip("country name:N", title="Country"), "places:Q"],
        )
    )


def activity_chart(frame: pd.DataFrame) -> alt.Chart:
    data = count_by_activity(frame)
    return (
        _base(data, title="Places by activity")
        .mark_bar()
        .encode(
            x=alt.X("places:Q", title="Places", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("activity:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("activity:N", scale=_scale(data["activity"]), legend=None),
            tooltip=[alt.Tooltip("activity:N", title="Activity"), "places:Q"],
        )
    )


def year_chart(frame: pd.DataFrame) -> alt.LayerChart | alt.FacetChart:
    """A timeline: one row per activity, one column per start year, a dot sized by the count.

    Several activities share a colour on the map (it tells them apart by shape), so stacked
    bars would be ambiguous; here every row is labelled and the colour only confirms it.
    """
    data = count_by_year(frame)
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("activity:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    dots = base.mark_circle(opacity=0.9, stroke="#333", strokeWidth=0.5).encode(
        size=alt.Size("places:Q", legend=None, scale=alt.Scale(range=[60, 650])),
        color=alt.Color("activity:N", scale=_scale(data["activity"]), legend=None),
        tooltip=["year:O", alt.Tooltip("activity:N", title="Activity"), "places:Q"],
    )
    counts = base.mark_text(dx=18, align="left", fontSize=FONT_SIZE - 1).encode(text="places:Q")
    title = alt.Title("Timeline: places per start year", anchor="start", fontSize=FONT_SIZE + 2)
    return alt.layer(dots, counts, title=title).properties(height=alt.Step(34))
