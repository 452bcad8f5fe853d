"""The sidebar's filter widgets and the selection they stand for, both ways: a link's
selection becomes the widgets' first values, and the widgets say the selection to draw.

The widgets' keys are defined here once; the page names its widgets with them.
"""

from __future__ import annotations

from collections.abc import Mapping

from geo.selection import Options, Selection

# A facet of ``Selection`` → the key of its multiselect.
FACET_KEYS = {
    "countries": "f_country",
    "projects": "f_project",
    "activities": "f_activity",
    "kinds": "f_kind",
}
YEARS_KEY = "f_years"
TEXT_KEY = "f_text"
WIDGET_KEYS = (*FACET_KEYS.values(), YEARS_KEY, TEXT_KEY)


def widget_state(selection: Selection, options: Options) -> dict[str, object]:
    """Initial values of the sidebar widgets for a selection read from a link.

    Values the data does not have are left out (a multiselect cannot show them); the page
    reports them with ``geo.selection.unknown_values``.
    """
    state: dict[str, object] = {
        key: [v for v in getattr(selection, facet) if v in getattr(options, facet)]
        for facet, key in FACET_KEYS.items()
    }
    state[TEXT_KEY] = selection.text
    if options.years:
        state[YEARS_KEY] = _year_span(selection, options.years)
    return state


def _year_span(selection: Selection, years: tuple[int, int]) -> tuple[int, int]:
    lo, hi = years
    first = int(selection.start[:4]) if selection.start else lo
    last = int(selection.end[:4]) if selection.end else hi
    first, last = max(lo, min(first, hi)), max(lo, min(last, hi))
    return min(first, last), max(first, last)


def selection_from_widgets(state: Mapping, options: Options, *, fallback: Selection) -> Selection:
    """The selection the sidebar widgets say. A finer date from the link (2022-11) is kept
    while the year slider still shows its year."""
    start = end = ""
    years = state.get(YEARS_KEY)
    if options.years and years:
        lo, hi = int(years[0]), int(years[1])
        if lo != options.years[0] or fallback.start[:4] == str(lo):
            start = fallback.start if fallback.start[:4] == str(lo) else str(lo)
        if hi != options.years[1] or fallback.end[:4] == str(hi):
            end = fallback.end if fallback.end[:4] == str(hi) else str(hi)
    facets = {facet: tuple(state.get(key) or ()) for facet, key in FACET_KEYS.items()}
    text = str(state.get(TEXT_KEY) or "").strip()
    return Selection(**facets, start=start, end=end, text=text)
