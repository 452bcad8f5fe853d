"""How the page is shown, decided from its address and the login: the audience, the mode
(the page, an embed for efus.eu, a speaker's presentation) and what follows from it (the
map's height, the page's style sheet, the parameters a filter change keeps).

Pure functions of the query's parameters: ``geo.ui`` reads them from Streamlit, and
``geo.serving`` asks ``mode_from_query`` too, so that a page may be framed exactly when it
is drawn as an embed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from geo.data.cells import parse_flag
from geo.errors import GeoError
from geo.i18n import QUERY_PARAM
from geo.maps.audience import AUDIENCES

Params = Mapping[str, str | list[str]]
MODE_PARAMS = ("embed", "present")
TOUR_PARAM = "tour"  # ?present=1&tour=NAME: a tour staff saved (geo.data.tours)
KEPT_PARAMS = (*MODE_PARAMS, TOUR_PARAM, QUERY_PARAM)  # not filters: a filter change keeps them
STAFF_ON_SCREEN = (
    "Staff view: exact positions of security equipment and staff notes are shown. "
    "Do not project this in public; remove audience=staff from the address for the public view."
)


class ModeError(GeoError, ValueError):
    """An audience or mode that does not exist."""


def check_audience(audience: str) -> str:
    """``audience`` when it is one of ``AUDIENCES``, else a ``ModeError`` naming it."""
    if audience not in AUDIENCES:
        raise ModeError(f"audience {audience!r} is not one of {AUDIENCES}")
    return audience


@dataclass(frozen=True, slots=True)
class Mode:
    """How the page is shown. ``embed``: the map alone for an iframe on efus.eu;
    ``present``: full screen, large type and a tour for a speaker."""

    audience: str = "public"
    embed: bool = False
    present: bool = False

    def __post_init__(self) -> None:
        check_audience(self.audience)

    @property
    def chrome(self) -> bool:
        """Whether the page shows its sidebar, header, table and charts."""
        return not (self.embed or self.present)


def raw_query(query_string: str) -> dict[str, list[str]]:
    """Every parameter of a query string, ``embed`` included (``st.query_params`` hides it:
    Streamlit keeps ``embed`` for itself)."""
    return parse_qs(query_string or "", keep_blank_values=True)


def _last(params: Params, name: str) -> str:
    value = params.get(name, "")
    if isinstance(value, (list, tuple)):
        value = value[-1] if value else ""
    return str(value).strip()


def _flag(params: Params, name: str) -> bool:
    return parse_flag(_last(params, name)) is True


def mode_from_query(params: Params, *, staff: bool = False) -> Mode:
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


def screen_warning(mode: Mode) -> str | None:
    """What a presenter must see before projecting staff data, else None."""
    return STAFF_ON_SCREEN if mode.present and mode.audience == "staff" else None


def kept_params(params: Params) -> dict[str, str]:
    """Query parameters that are not filters (modes, the language) and survive a filter
    change."""
    return {name: _last(params, name) for name in KEPT_PARAMS if name in params}


def chosen_language(params: Params) -> str:
    """The language the address asks for (``?lang=fr``), "" when it names none."""
    return _last(params, QUERY_PARAM)


def tour_name(params: Params) -> str:
    """The saved tour a presentation's address names (``&tour=NAME``), "" when none."""
    return _last(params, TOUR_PARAM)


def map_height(mode: Mode) -> int:
    """Pixels: an iframe is usually 560 px tall; a projector shows 1080."""
    if mode.embed:
        return 540
    if mode.present:
        return 560  # the least a projector shows; the style sheet gives it the screen's rest
    return 620


_BASE_CSS = """
<style>
  /* A tidy header: less empty space above the title; the counts read as a subtitle. */
  .block-container { padding-top: 2.2rem; }
  h1 { color: #0B5394; }
  /* Streamlit's faint grey for captions and input hints is 3.9:1 on white: ≥ 4.5:1 here. */
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *,
  [data-testid="InputInstructions"], [data-testid="stFileUploaderDropzoneInstructions"] * {
    color: #5c5c5c !important; opacity: 1 !important; }
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
# A projector: the page is exactly the screen (1280×720 or 1920×1080), never scrolls, and the
# map keeps its box from one stop to the next. The heading is one line for the place and one
# for what happened there, each cut with an ellipsis (the whole text stays in the document for
# screen readers), so its height never changes; the map's frame takes the rest of the screen
# (--efus-top: the heading, the padding and the gap under it).
_PRESENT_CSS = (
    _EMBED_CSS
    + """
<style>
  :root { --efus-top: 7.4rem; }
  .block-container { padding: 0.5rem 1rem 0 1rem !important; }
  html, body, [data-testid="stAppViewContainer"] { background: #000 !important; color: #fff; }
  [data-testid="stMain"] { overflow: hidden !important; }
  .efus-stop { height: 5.6rem; overflow: hidden; }
  /* Markdown gives the stop's h2 an anchor link read out as "Link to heading", in English:
     hidden from everyone (a presentation has nothing to link to). */
  [data-testid="stHeaderActionElements"] { display: none !important; }
  .efus-stop-title, .efus-stop-text { white-space: nowrap; overflow: hidden;
                                      text-overflow: ellipsis; margin: 0 !important; }
  [data-testid="stMarkdownContainer"] h2.efus-stop-title { font-size: 2.4rem; line-height: 3.2rem;
                                                           color: #fff; padding: 0; }
  [data-testid="stMarkdownContainer"] p.efus-stop-text { font-size: 1.5rem; line-height: 2.2rem;
                                                         color: #fff; }
  [data-testid="stMarkdownContainer"] h2 { font-size: 2.4rem; color: #fff; margin: 0; }
  .stButton button { min-height: 3.2rem; background: #fff; border: 2px solid #fff; }
  .stButton button p, .stButton button span { font-size: 1.4rem !important; color: #000 !important;
                                              font-weight: 700; }
  .stButton button:hover, .stButton button:focus-visible { background: #ffd400; }
  iframe[src*="streamlit_folium.st_folium"] { height: calc(100vh - var(--efus-top)) !important; }
  /* A warning (a staff view, a tour that cannot be opened) floats over the map's foot, in
     view, and takes no room: the heading and the map keep their places. */
  .stElementContainer:has([data-testid="stAlert"]) {
    position: fixed !important; left: 50%; bottom: 2.4rem; transform: translateX(-50%);
    width: min(60rem, 90vw) !important; z-index: 1000; }
  [data-testid="stAlert"] p { font-size: 1.2rem; }
  /* A phone is no projector: its columns stack, so the page scrolls there. */
  @media (max-width: 640px) { [data-testid="stMain"] { overflow: auto !important; } }
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
