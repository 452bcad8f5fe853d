"""What the "Share and download" tab hands out for a view: its link, the iframe an efus.eu
editor pastes, a title that says what the map shows, and the downloads' file name."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from geo.dashboard.details import country_label, when
from geo.i18n import DEFAULT, QUERY_PARAM, translator
from geo.maps.export import iframe_snippet as engine_snippet
from geo.selection import Selection


def share_url(
    base: str | None,
    selection: Selection,
    *,
    embed: bool = False,
    present: bool = False,
    lang: str | None = None,
) -> str:
    """The link that reproduces this view: ``base`` (the page's address) with the filters,
    and ``?lang=`` when a language is to be kept (an embed on a French page stays French)."""
    parts = urlsplit(base or "http://localhost:8501/")
    query = dict(selection.to_query())
    if lang:
        query[QUERY_PARAM] = lang
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


def map_title(selection: Selection, *, lang: str = DEFAULT) -> str:
    """A title that says what the map shows, for the iframe and the exported file, in
    ``lang`` (project names stay as written)."""
    tr = translator(lang)
    bits = []
    if selection.projects:
        bits.append(", ".join(selection.projects))
    if selection.activities:
        bits.append(", ".join(tr.t(a) for a in selection.activities))
    if selection.countries:
        bits.append(", ".join(country_label(tr, c) for c in selection.countries))
    if selection.start or selection.end:
        bits.append(when(selection.start, selection.end, lang=lang))
    title = tr.t("Where Efus works")
    # TRANSLATORS: the map's title and what it shows: "Where Efus works: pilot equipment".
    return tr.t("{title}: {what}", title=title, what=" · ".join(bits)) if bits else title


def file_stem(selection: Selection) -> str:
    """A download's file name: 'efus-map-BE-pilot-equipment'."""
    bits = [*selection.countries, *selection.projects, *selection.activities, *selection.kinds]
    stem = "-".join(["efus-map", *bits])
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")
    return stem[:80].rstrip("-") or "efus-map"
