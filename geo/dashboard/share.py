"""What the "Share and download" tab hands out for a view: its link, the iframe an efus.eu
editor pastes, a title that says what the map shows, and the downloads' file name."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from geo.dashboard.details import when
from geo.data.countries import country_name
from geo.maps.export import iframe_snippet as engine_snippet
from geo.selection import Selection


def share_url(
    base: str | None, selection: Selection, *, embed: bool = False, present: bool = False
) -> str:
    """The link that reproduces this view: ``base`` (the page's address) with the filters."""
    parts = urlsplit(base or "http://localhost:8501/")
    query = dict(selection.to_query())
    if embed:
        query["embed"] = "1"
    if present:
        query["present"] = "1"
    # quote, not urlencode's default quote_plus: a space is %20, as every reader expects.
    encoded = urlencode(query, safe=",", quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", encoded, ""))


def iframe_snippet(url: str, *, title: str) -> str:
    """The HTML an efus.eu editor pastes: the engine's iframe, with a title for screen readers."""
    return engine_snippet(url, title=title)


def map_title(selection: Selection) -> str:
    """A title that says what the map shows, for the iframe and the exported file."""
    bits = []
    if selection.projects:
        bits.append(", ".join(selection.projects))
    if selection.activities:
        bits.append(", ".join(selection.activities))
    if selection.countries:
        bits.append(", ".join(country_name(c) for c in selection.countries))
    if selection.start or selection.end:
        bits.append(
            when(selection.start, selection.end)
            if selection.end != selection.start
            else selection.start
        )
    return "Where Efus works" + (": " + " · ".join(bits) if bits else "")


def file_stem(selection: Selection) -> str:
    """A download's file name: 'efus-map-BE-pilot-equipment'."""
    bits = [*selection.countries, *selection.projects, *selection.activities, *selection.kinds]
    stem = "-".join(["efus-map", *bits])
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")
    return stem[:80].rstrip("-") or "efus-map"
