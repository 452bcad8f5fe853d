"""Page-level logic of the dashboard, free of Streamlit: who is looking (audience), in which
mode (page, embed, presentation), what a headline says, what a click or a tour step shows,
and the links that reproduce a view.

``streamlit_app.py`` only wires widgets to these functions, so everything the page shows can
be produced and tested without a browser.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit, urlunsplit

import numpy as np
import pandas as pd

from geo.data.countries import country_name
from geo.errors import GeoError
from geo.selection import DERIVED, UNDATED, Selection

AUDIENCES = ("public", "staff")
TRUE_FLAGS = frozenset({"1", "true", "yes", "on"})


class ModeError(GeoError, ValueError):
    """An audience or mode that does not exist."""


@dataclass(frozen=True, slots=True)
class Mode:
    """How the page is shown. ``embed``: the map alone for an iframe on efus.eu;
    ``present``: full screen, large type and a tour for a speaker."""

    audience: str = "public"
    embed: bool = False
    present: bool = False

    def __post_init__(self) -> None:
        if self.audience not in AUDIENCES:
            raise ModeError(f"audience {self.audience!r} is not one of {AUDIENCES}")

    @property
    def chrome(self) -> bool:
        """Whether the page shows its sidebar, header, table and charts."""
        return not (self.embed or self.present)


def _flag(params: Mapping[str, str | list[str]], name: str) -> bool:
    return _last(params, name).casefold() in TRUE_FLAGS


def mode_from_query(params: Mapping[str, str | list[str]], *, staff: bool = False) -> Mode:
    """The mode a URL asks for. An embed is always public, whatever the server allows. A
    presentation is public too (a projector shows the room), unless a logged-in staff member
    asks for ``audience=staff``; a link alone never makes anyone staff."""
    embed = _flag(params, "embed")
    present = _flag(params, "present") and not embed
    if embed or not staff:
        audience = "public"
    elif present:
        audience = "staff" if _last(params, "audience").casefold() == "staff" else "public"
    else:
        audience = "staff"
    return Mode(audience=audience, embed=embed, present=present)


def _last(params: Mapping[str, str | list[str]], name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


STAFF_ON_SCREEN = (
    "Staff view: exact positions of security equipment and staff notes are shown. "
    "Do not project this in public; remove audience=staff from the address for the public view."
)


def screen_warning(mode: Mode) -> str | None:
    """What a presenter must see before projecting staff data, else None."""
    return STAFF_ON_SCREEN if mode.present and mode.audience == "staff" else None


def raw_query(query_string: str) -> dict[str, list[str]]:
    """Every parameter of a query string, ``embed`` included (``st.query_params`` hides it:
    Streamlit keeps ``embed`` for itself)."""
    from urllib.parse import parse_qs

    return parse_qs(query_string or "", keep_blank_values=True)


def audience_view(frame: pd.DataFrame, *, audience: str, city_centre=None) -> pd.DataFrame:
    """What an audience may see. Staff: everything. Public: the map engine's rule (rows marked
    public, public columns only, sensitive equipment moved to its city centre or left out), so
    that the page, its table and its downloads never show more than the map."""
    from geo.maps.audience import public_view

    if audience not in AUDIENCES:
        raise ModeError(f"audience {audience!r} is not one of {AUDIENCES}")
    if audience == "staff":
        return frame.copy()
    return public_view(frame, city_centre=city_centre)


# --- what the page says -------------------------------------------------------------------


def headline(shown: pd.DataFrame, total: int) -> str:
    """'14 of 120 shown · 5 countries · 3 projects' (plain text)."""
    n = len(shown)
    countries = shown["country"].nunique()
    projects = shown["project"].nunique()
    return (
        f"{n:,} of {total:,} shown · {countries} countr{'y' if countries == 1 else 'ies'} · "
        f"{projects} project{'' if projects == 1 else 's'}"
    )


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md_escape(text: object) -> str:
    """Text from data made inert in Streamlit markdown: no link, image, HTML or colour."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")


def when(start: str, end: str) -> str:
    """'2022-05-02 – 2022-05-06', '2019', or '' when unknown."""
    start, end = (start or "").strip(), (end or "").strip()
    if start and end and end != start:
        return f"{start} – {end}"
    return start or end


@dataclass(frozen=True, slots=True)
class Details:
    """What the panel beside the map says about one row (plain text; the page escapes it)."""

    id: str
    title: str
    facts: tuple[tuple[str, str], ...]
    description: str
    source: str
    notes: str = ""


def details(row: Mapping, *, audience: str = "public") -> Details:
    facts = [
        ("Kind", str(row.get("kind", ""))),
        (
            "Place",
            ", ".join(
                p
                for p in (str(row.get("city", "")), country_name(str(row.get("country", ""))))
                if p
            ),
        ),
        ("Project", str(row.get("project", ""))),
        ("Activity", str(row.get("activity", ""))),
        ("When", when(str(row.get("start", "")), str(row.get("end", "")))),
        (
            "Located at",
            {
                "site": "the exact site",
                "city": "the city centre",
                "region": "the region",
                "country": "the country",
            }.get(str(row.get("precision", "")), ""),
        ),
    ]
    source = str(row.get("source", ""))
    if urlsplit(source).scheme not in ("http", "https"):
        source = ""
    notes = str(row.get("notes", "") or "") if audience == "staff" else ""
    return Details(
        id=str(row.get("id", "")),
        title=str(row.get("name", "")),
        facts=tuple((k, v) for k, v in facts if v),
        description=str(row.get("description", "") or ""),
        source=source,
        notes=notes,
    )


def rows_at(
    frame: pd.DataFrame, lat: float, lon: float, *, tolerance: float = 1e-4
) -> pd.DataFrame:
    """The rows drawn at the point nearest to a click (several rows can share a city centre)."""
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    if placed.empty or lat is None or lon is None:
        return placed.iloc[0:0]
    d = (placed["lat"].to_numpy() - lat) ** 2 + (placed["lon"].to_numpy() - lon) ** 2
    best = d.min()
    if best > 0.05**2:  # a click on empty land, not on a point
        return placed.iloc[0:0]
    return placed[d <= best + tolerance**2]


# --- the tour of presentation mode ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Stop:
    """One place of a speaker's tour."""

    id: str
    title: str
    subtitle: str
    lat: float
    lon: float


def tour(frame: pd.DataFrame, *, limit: int = 500) -> tuple[Stop, ...]:
    """The placed rows in the order a story is told: by date (undated last), then by name.

    A talk does not step through more than ``limit`` places; the filters narrow a larger set.
    """
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    if placed.empty:
        return ()
    if "_first" in placed:
        first = placed["_first"].to_numpy()
    else:
        first = np.full(len(placed), UNDATED)
    order = np.lexsort((placed["name"].str.casefold().to_numpy(), first, first == UNDATED))[:limit]
    rows = placed.iloc[order]
    names = {c: country_name(c) for c in pd.unique(rows["country"])}
    out = []
    for row in rows[
        ["id", "name", "city", "country", "activity", "start", "end", "lat", "lon"]
    ].itertuples(index=False):
        place = ", ".join(p for p in (row.city, names[row.country]) if p)
        bits = [b for b in (row.activity, place, when(row.start, row.end)) if b]
        out.append(
            Stop(str(row.id), str(row.name), " · ".join(bits), float(row.lat), float(row.lon))
        )
    return tuple(out)


def step(index: int, delta: int, count: int) -> int:
    """Next/previous in a tour of ``count`` stops, wrapping around at either end."""
    if count <= 0:
        return 0
    return (index + delta) % count


# --- links -------------------------------------------------------------------------------


def share_url(
    base: str, selection: Selection, *, embed: bool = False, present: bool = False
) -> str:
    """The link that reproduces this view: ``base`` (the page's address) with the filters."""
    parts = urlsplit(base or "http://localhost:8501/")
    query = dict(selection.to_query())
    if embed:
        query["embed"] = "1"
    if present:
        query["present"] = "1"
    encoded = urlencode(query, safe=",", quote_via=_quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", encoded, ""))


def _quote(value: str, safe: str = "", encoding=None, errors=None) -> str:
    from urllib.parse import quote

    return quote(value, safe=safe)


def iframe_snippet(url: str, *, title: str) -> str:
    """The HTML an efus.eu editor pastes: the engine's iframe, with a title for screen readers."""
    from geo.maps.export import iframe_snippet as engine_snippet

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


def year_of(day: int) -> int:
    return date.fromordinal(int(day)).year


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns a table shows: data columns, without helpers and file positions."""
    return [c for c in frame.columns if c not in DERIVED and c not in ("_file", "_row")]


# --- the page's widgets, URL and look ----------------------------------------------------

MODE_PARAMS = ("embed", "present")


def widget_state(selection: Selection, options) -> dict[str, object]:
    """Initial values of the sidebar widgets for a selection read from a link.

    Values the data does not have are left out (a multiselect cannot show them); the page
    reports them with ``filters.unknown_values``.
    """
    state: dict[str, object] = {
        "f_country": [c for c in selection.countries if c in options.countries],
        "f_project": [p for p in selection.projects if p in options.projects],
        "f_activity": [a for a in selection.activities if a in options.activities],
        "f_kind": [k for k in selection.kinds if k in options.kinds],
        "f_text": selection.text,
    }
    if options.years:
        lo, hi = options.years
        first = int(selection.start[:4]) if selection.start else lo
        last = int(selection.end[:4]) if selection.end else hi
        first, last = max(lo, min(first, hi)), max(lo, min(last, hi))
        state["f_years"] = (min(first, last), max(first, last))
    return state


def selection_from_widgets(state: Mapping, options, *, fallback: Selection) -> Selection:
    """The selection the sidebar widgets say. A finer date from the link (2022-11) is kept
    while the year slider still shows its year."""
    start = end = ""
    years = state.get("f_years")
    if options.years and years:
        lo, hi = int(years[0]), int(years[1])
        if lo != options.years[0] or fallback.start[:4] == str(lo):
            start = fallback.start if fallback.start[:4] == str(lo) else str(lo)
        if hi != options.years[1] or fallback.end[:4] == str(hi):
            end = fallback.end if fallback.end[:4] == str(hi) else str(hi)
    return Selection(
        countries=tuple(state.get("f_country") or ()),
        projects=tuple(state.get("f_project") or ()),
        activities=tuple(state.get("f_activity") or ()),
        kinds=tuple(state.get("f_kind") or ()),
        start=start,
        end=end,
        text=str(state.get("f_text") or "").strip(),
    )


def kept_params(params: Mapping[str, str | list[str]]) -> dict[str, str]:
    """Query parameters that are not filters (modes) and survive a filter change."""
    out = {}
    for name in MODE_PARAMS:
        if name in params:
            value = params[name]
            out[name] = value[-1] if isinstance(value, (list, tuple)) else str(value)
    return out


def map_height(mode: Mode) -> int:
    """Pixels: an iframe is usually 560 px tall; a projector shows 1080."""
    if mode.embed:
        return 540
    if mode.present:
        return 780
    return 620


def file_stem(selection: Selection) -> str:
    """A download's file name: 'efus-map-BE-pilot-equipment'."""
    bits = [*selection.countries, *selection.projects, *selection.activities, *selection.kinds]
    stem = "-".join(["efus-map", *bits])
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")
    return stem[:80].rstrip("-") or "efus-map"


def table_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a person reads them: data columns only, in the dataset's order."""
    return frame[visible_columns(frame)]


_BASE_CSS = """
<style>
  /* A tidy header: less empty space above the title; the counts read as a subtitle. */
  .block-container { padding-top: 2.2rem; }
  h1 { color: #0B5394; }
</style>
"""
_EMBED_CSS = """
<style>
  header[data-testid="stHeader"], [data-testid="stSidebar"],
  [data-testid="stSidebarCollapsedControl"], [data-testid="stToolbar"],
  [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  footer, #MainMenu { display: none !important; }
  .block-container { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stAppViewContainer"] > .main { padding: 0 !important; }
</style>
"""
_PRESENT_CSS = (
    _EMBED_CSS
    + """
<style>
  .block-container { padding: 0.6rem 1rem 0 1rem !important; }
  html, body, [data-testid="stAppViewContainer"] { background: #000 !important; color: #fff; }
  [data-testid="stMarkdownContainer"] h2 { font-size: 2.6rem; color: #fff; margin: 0; }
  [data-testid="stMarkdownContainer"] p { font-size: 1.6rem; color: #fff; }
  .stButton button { min-height: 3.2rem; background: #fff; border: 2px solid #fff; }
  .stButton button p, .stButton button span { font-size: 1.4rem !important; color: #000 !important;
                                              font-weight: 700; }
  .stButton button:hover, .stButton button:focus-visible { background: #ffd400; }
  .efus-legend { font-size: 20px !important; }
</style>
"""
)


def page_css(mode: Mode) -> str:
    """The page's own style sheet (constant text, no data in it)."""
    if mode.embed:
        return _EMBED_CSS
    if mode.present:
        return _PRESENT_CSS
    return _BASE_CSS
