"""The dashboard's Altair charts: how many places by country, by activity, and per year.

Counts are computed in pandas first, so a chart carries a few dozen rows whatever the size of
the dataset, and activity colours are the map legend's.
"""

from __future__ import annotations

from collections.abc import Iterable

import altair as alt
import pandas as pd

from geo.dashboard.details import country_label
from geo.data.cells import CellError, parse_date
from geo.i18n import DEFAULT, Translator, translator
from geo.maps.styles import style_for

# Shown large in presentation mode, where a chart must read from the back of a room.
FONT_SIZE = 14
BAR = "#0B5394"  # the page's primary colour


def activity_colours(activities: Iterable[str]) -> dict[str, str]:
    """One colour per activity: the map legend's (``geo.maps.styles.style_for``), so both
    agree."""
    return {a: style_for(a).colour for a in activities}


def _scale(data: pd.DataFrame) -> alt.Scale:
    """Each shown label in its activity's colour (the legend's, keyed by the data's word)."""
    pairs = sorted(set(zip(data["label"], data["activity"])), key=lambda p: p[0].casefold())
    colours = activity_colours(a for _, a in pairs)
    return alt.Scale(domain=[label for label, _ in pairs], range=[colours[a] for _, a in pairs])


def count_by_country(frame: pd.DataFrame, *, lang: str = DEFAULT) -> pd.DataFrame:
    tr = translator(lang)
    counts = frame.groupby("country", sort=False).size().rename("places").reset_index()
    counts["country name"] = counts["country"].map(lambda c: country_label(tr, c))
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


def _places(tr, **kwargs) -> alt.X:
    return alt.X("places:Q", title=tr.t("Places"), axis=alt.Axis(tickMinStep=1), **kwargs)


def _count_tip(tr) -> alt.Tooltip:
    return alt.Tooltip("places:Q", title=tr.t("Places"))


def country_chart(frame: pd.DataFrame, *, lang: str = DEFAULT) -> alt.Chart:
    tr = translator(lang)
    data = count_by_country(frame, lang=lang)
    return (
        _base(data, title=tr.t("Places by country"))
        .mark_bar(color=BAR)
        .encode(
            x=_places(tr),
            y=alt.Y("country name:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[alt.Tooltip("country name:N", title=tr.t("Country")), _count_tip(tr)],
        )
    )


def _translated_activities(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The activity column in ``lang`` (the colours are looked up by the English word first)."""
    tr = translator(lang)
    return frame.assign(label=frame["activity"].map(lambda a: tr.t(a) if a else a))


def activity_chart(frame: pd.DataFrame, *, lang: str = DEFAULT) -> alt.Chart:
    tr = translator(lang)
    data = _translated_activities(count_by_activity(frame), lang)
    return (
        _base(data, title=tr.t("Places by activity"))
        .mark_bar()
        .encode(
            x=_places(tr),
            y=alt.Y("label:N", sort="-x", title=None, axis=alt.Axis(labelLimit=260)),
            color=alt.Color("label:N", scale=_scale(data), legend=None),
            tooltip=[alt.Tooltip("label:N", title=tr.t("Activity")), _count_tip(tr)],
        )
    )


def year_chart(frame: pd.DataFrame, *, lang: str = DEFAULT) -> alt.LayerChart | alt.FacetChart:
    """A timeline: one row per activity, one column per start year, a dot sized by the count.

    Several activities share a colour on the map (it tells them apart by shape), so stacked
    bars would be ambiguous; here every row is labelled and the colour only confirms it.
    """
    tr = translator(lang)
    data = _translated_activities(count_by_year(frame), lang)
    base = alt.Chart(data).encode(
        x=alt.X("year:O", title=None, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=260)),
    )
    dots = base.mark_circle(opacity=0.9, stroke="#333", strokeWidth=0.5).encode(
        size=alt.Size("places:Q", legend=None, scale=alt.Scale(range=[60, 650])),
        color=alt.Color("label:N", scale=_scale(data), legend=None),
        tooltip=[
            alt.Tooltip("year:O", title=tr.t("Year")),
            alt.Tooltip("label:N", title=tr.t("Activity")),
            _count_tip(tr),
        ],
    )
    counts = base.mark_text(dx=18, align="left", fontSize=FONT_SIZE - 1).encode(text="places:Q")
    text = tr.t("Timeline: places per start year")
    title = alt.Title(text, anchor="start", fontSize=FONT_SIZE + 2)
    return alt.layer(dots, counts, title=title).properties(height=alt.Step(34))


# --- the charts' text alternative: what each shows in a sentence, and its numbers ----------


def _top(pairs: list[tuple[str, int]], tr: Translator) -> str:
    """'Belgium (12), France (9), Italy (4)': the first three, numbers in the translator's
    language (a plain comma: CLDR's "and" would be the one word outside the catalogue)."""
    return ", ".join(tr.t("{name} ({n})", name=name, n=tr.number(n)) for name, n in pairs[:3])


def country_description(frame: pd.DataFrame, *, lang: str = DEFAULT) -> str:
    tr = translator(lang)
    data = count_by_country(frame, lang=lang)
    if data.empty:
        return tr.t("No place is shown.")
    pairs = list(zip(data["country name"], data["places"].astype(int)))
    return tr.tn("Places in {n} country; most in {top}.", "Places in {n} countries; most in {top}.",
                 len(pairs), top=_top(pairs, tr))  # fmt: skip


def activity_description(frame: pd.DataFrame, *, lang: str = DEFAULT) -> str:
    tr = translator(lang)
    data = _translated_activities(count_by_activity(frame), lang)
    if data.empty:
        return tr.t("No place is shown.")
    pairs = list(zip(data["label"], data["places"].astype(int)))
    return tr.tn("{n} activity; the most frequent: {top}.",
                 "{n} activities; the most frequent: {top}.", len(pairs),
                 top=_top(pairs, tr))  # fmt: skip


def year_description(frame: pd.DataFrame, *, lang: str = DEFAULT) -> str:
    tr = translator(lang)
    data = count_by_year(frame)
    if data.empty:
        return tr.t("No dated place is shown.")
    per_year = data.groupby("year")["places"].sum()
    busiest = str(per_year.idxmax())
    return tr.t("From {first} to {last}; the busiest year is {year}, with {n} places.",
                first=per_year.index.min(), last=per_year.index.max(), year=busiest,
                n=tr.number(int(per_year.max())))  # fmt: skip


def country_numbers(frame: pd.DataFrame, *, lang: str = DEFAULT) -> pd.DataFrame:
    """The numbers behind the country chart, with headers in ``lang``."""
    tr = translator(lang)
    data = count_by_country(frame, lang=lang)
    return pd.DataFrame({tr.t("Country"): data["country name"].to_numpy(),
                         tr.t("Places"): data["places"].to_numpy()})  # fmt: skip


def activity_numbers(frame: pd.DataFrame, *, lang: str = DEFAULT) -> pd.DataFrame:
    tr = translator(lang)
    data = _translated_activities(count_by_activity(frame), lang)
    return pd.DataFrame({tr.t("Activity"): data["label"].to_numpy(),
                         tr.t("Places"): data["places"].to_numpy()})  # fmt: skip


def year_numbers(frame: pd.DataFrame, *, lang: str = DEFAULT) -> pd.DataFrame:
    tr = translator(lang)
    data = _translated_activities(count_by_year(frame), lang)
    return pd.DataFrame({tr.t("Year"): data["year"].to_numpy(),
                         tr.t("Activity"): data["label"].to_numpy(),
                         tr.t("Places"): data["places"].to_numpy()})  # fmt: skip
