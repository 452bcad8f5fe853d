"""Efus map service — the page. Widgets call functions in ``geo``; no logic lives here.

``?country=BE,FR&project=PACTESUR&activity=pilot%20equipment&q=…`` reproduces a view;
``?embed=1`` is the map alone for an iframe; ``?present=1`` is a speaker's full-screen tour.
The rows come from the store (``geo.dashboard.working``); staff who log in also get ``/intake``
(``app_pages/intake.py``), the only place that writes to it.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx
from streamlit_folium import st_folium

from geo import selection as flt
from geo.dashboard import charts, downloads, page, working
from geo.dashboard import livemap as dashmap
from geo.data.countries import country_name
from geo.errors import GeoError
from geo.maps.assets import install_static
from geo.maps.audience import positioned
from geo.staff import auth, navigation

MAP_KEY = "efus_map"
STATIC_DIR = Path(__file__).resolve().parent / "static"
COLUMN_CONFIG = {
    "source": st.column_config.LinkColumn("source", display_text="open source"),
    "lat": st.column_config.NumberColumn("lat", format="%.4f"),
    "lon": st.column_config.NumberColumn("lon", format="%.4f"),
}
FACET_KEYS = {
    "countries": "f_country",
    "projects": "f_project",
    "activities": "f_activity",
    "kinds": "f_kind",
}


# --- cached pure functions of their arguments (the token changes when a data file does) ------


# Process-wide caches (geo.dashboard.working.shared_cache), not st.cache_data: any client may tell
# Streamlit to clear its caches for everybody, and these never need clearing.
@working.shared_cache(
    max_entries=4, while_computing=lambda: st.spinner("Loading and placing the dataset…")
)
def view(token: tuple[str, int], audience: str):
    """The store at one revision (``token``: its file and revision), as ``audience`` sees it."""
    return working.load_view(token[0], audience=audience)


@working.shared_cache(max_entries=4)
def choices(token: tuple[str, int], audience: str) -> flt.Options:
    return flt.options(view(token, audience))


@working.shared_cache(max_entries=4)
def published(token: tuple[str, int], audience: str) -> dashmap.PointsView:
    """Every point the audience may see, written once as a static file the browser caches."""
    frame = view(token, audience)
    text, index = dashmap.payload_text(frame)
    url = dashmap.publish(text, static_dir=STATIC_DIR, audience=audience)
    return dashmap.points_view(frame, url=url, index=index)


@st.cache_resource(show_spinner=False)
def static_assets() -> None:
    """Leaflet, the engine's code and the basemap, copied once per server into ./static."""
    install_static(STATIC_DIR)


# --- the page ----------------------------------------------------------------------------

ctx = get_script_run_ctx()
params = {**page.raw_query(ctx.query_string if ctx else ""), **st.query_params.to_dict()}
visitor = auth.current_visitor()  # staff only after a login configured in secrets.toml
mode = page.mode_from_query(params, staff=visitor.audience == "staff")
st.set_page_config(
    page_title="Efus map",
    layout="wide",
    initial_sidebar_state="expanded" if mode.chrome else "collapsed",
)
st.html(page.page_css(mode))
static_assets()


allowed = navigation.pages_for(
    audience=mode.audience,
    login_configured=auth.login_config(auth.secrets_mapping()).method != "none",
    embed=mode.embed,
    present=mode.present,
)
# No page icons: Streamlit would fetch the icon from the internet for the tab's favicon.
PAGES = {
    "map": st.Page("app_pages/map.py", title="Map", default=True),
    "intake": st.Page("app_pages/intake.py", title="Data intake", url_path=navigation.INTAKE_URL),
    "login": st.Page("app_pages/login.py", title="Staff login", url_path=navigation.INTAKE_URL),
}
here = st.navigation([PAGES[n] for n in allowed.names], position=allowed.position)
here.run()
if here.url_path:  # another page ran: the dashboard is not drawn under it
    st.stop()
if warning := page.screen_warning(mode):  # a staff presentation: never on a public projector
    st.warning(warning, icon=":material/visibility:")
if mode.chrome and visitor.audience == "staff":
    with st.sidebar:
        auth.login_form(key="staff_login")  # who is logged in, and the log-out button

try:
    token = working.token(working.open_store())
    frame = view(token, mode.audience)
except GeoError as exc:
    st.error("The dataset cannot be loaded. Each line says where and how to fix it.")
    st.code(str(exc) or "no rows: add CSV or XLSX files to the data folder", language=None)
    st.stop()
options = choices(token, mode.audience)
from_url, url_notes = flt.Selection.from_query(params)


def reset() -> None:
    for key in (*FACET_KEYS.values(), "f_years", "f_text"):
        st.session_state.pop(key, None)
    st.session_state["_from_url"] = True
    st.query_params.clear()


def sync_url(chosen: flt.Selection) -> None:
    """Make the address bar say ``chosen`` (only when it does not already)."""
    wanted = {**chosen.to_query(), **page.kept_params(params)}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def write_url() -> None:
    """A filter changed: put the new selection in the address bar, before the page reruns
    (the Streamlit examples' pattern: the URL follows the widgets through ``on_change``)."""
    sync_url(page.selection_from_widgets(st.session_state, options, fallback=from_url))


if mode.chrome:
    # Also after a visit to another page: Streamlit dropped the widgets' state meanwhile.
    if st.session_state.get("_from_url", True) or "f_country" not in st.session_state:
        st.session_state.update(page.widget_state(from_url, options))
        st.session_state["_from_url"] = False
    with st.sidebar:
        st.header("Filters")
        st.multiselect(
            "Country",
            options.countries,
            key="f_country",
            on_change=write_url,
            format_func=country_name,
            placeholder="All countries",
        )
        st.multiselect(
            "Project",
            options.projects,
            key="f_project",
            on_change=write_url,
            placeholder="All projects",
        )
        st.multiselect(
            "Activity",
            options.activities,
            key="f_activity",
            on_change=write_url,
            placeholder="All activities",
        )
        st.multiselect(
            "Kind of entity",
            options.kinds,
            key="f_kind",
            on_change=write_url,
            placeholder="All kinds",
        )
        if options.years and options.years[0] < options.years[1]:
            st.slider("Years", *options.years, key="f_years", on_change=write_url)
        st.text_input(
            "Search", key="f_text", on_change=write_url, placeholder="name, city, description…"
        )
        st.button("Reset filters", on_click=reset, icon=":material/restart_alt:")
    selection = page.selection_from_widgets(st.session_state, options, fallback=from_url)
else:
    selection = from_url

shown = flt.apply(frame, selection)
notes = url_notes + flt.unknown_values(from_url, options)

if mode.chrome:
    st.title("Where Efus works")
    st.markdown(f"**{page.headline(shown, len(frame))}**")
    for note in notes:
        st.warning(
            f"This link asked for something the page cannot show: {page.md_escape(note)}.",
            icon=":material/link_off:",
        )


@st.fragment
def map_and_details(shown, selection, mode) -> None:
    """A click on the map reruns only this fragment, never the table and charts."""
    if mode.chrome:
        # A map event can restart the page's run as a run of this fragment alone, and the
        # address bar update of the interrupted run is then lost: say it again here.
        sync_url(selection)
    height = page.map_height(mode)
    stops = page.tour(shown) if mode.present else ()
    if mode.present:
        index = st.session_state.get("tour", 0) % max(len(stops), 1)
        title = st.container()
    if mode.chrome:
        left, right = st.columns([3, 1], gap="medium")
    else:
        left = right = st.container()
    with left:
        target = dashmap.view_of(shown, height_px=height)
        if mode.present and stops:
            stop = stops[index]
            target = dashmap.View(stop.lat, stop.lon, 7)
        if mode.chrome:  # filters change here: keep the map, swap its points
            base = dashmap.base_map(audience=mode.audience, height=height)
            points_view = published(token, mode.audience)
            points = dashmap.points_layer(
                base, points_view, dashmap.select(points_view, frame, shown)
            )
        else:
            base = dashmap.whole_map(
                shown,
                audience=mode.audience,
                height=height,
                title=page.map_title(selection),
                steered=mode.present,
                projector=mode.present,
                embedded=mode.embed,
            )
            ring = mode.present and stops
            points = dashmap.tour_marker(target.lat, target.lon) if ring else None
        returned = st_folium(
            base,
            key=MAP_KEY,
            height=height,
            use_container_width=True,
            feature_group_to_add=points,
            center=None if mode.embed else (target.lat, target.lon),
            zoom=None if mode.embed else target.zoom,
            returned_objects=["last_object_clicked"] if mode.chrome else [],
        )
    if mode.present:
        with title:
            page_tour(stops, index)
        return
    if mode.embed:
        return
    with right:
        here = dashmap.row_for_click(positioned(shown)[0], returned)
        if here.empty:
            st.info(
                "Click a point on the map to see what happened there, with its source.",
                icon=":material/touch_app:",
            )
        for _, row in here.head(8).iterrows():
            show_details(page.details(row, audience=mode.audience))
        if len(here) > 8:
            st.caption(f"… and {len(here) - 8} more here: see the table below.")


def move_tour(delta: int, count: int) -> None:
    st.session_state["tour"] = page.step(st.session_state.get("tour", 0), delta, count)


def page_tour(stops, index: int) -> None:
    if not stops:
        st.markdown("## No place to show with these filters")
        return
    stop = stops[index]
    # Wide enough for the label and its key hint on a 1280-px projector.
    back, text, forward = st.columns([2, 6, 2], vertical_alignment="center")
    # PageUp / PageDown: what a presenter's clicker sends.
    back.button(
        "◀ Previous",
        key="tour_back",
        on_click=move_tour,
        args=(-1, len(stops)),
        width="stretch",
        shortcut="PageUp",
    )
    forward.button(
        "Next ▶",
        key="tour_next",
        on_click=move_tour,
        args=(1, len(stops)),
        width="stretch",
        shortcut="PageDown",
    )
    text.markdown(
        f"## {page.md_escape(stop.title)}\n{page.md_escape(stop.subtitle)} "
        f"· {index + 1} of {len(stops)}"
    )


def show_details(d: page.Details) -> None:
    with st.container(border=True):
        st.markdown(f"##### {page.md_escape(d.title)}")
        st.markdown("  \n".join(f"**{k}:** {page.md_escape(v)}" for k, v in d.facts))
        if d.description:
            st.markdown(page.md_escape(d.description))
        if d.notes:
            st.markdown(f"**Staff notes:** {page.md_escape(d.notes)}")
        if d.source:
            st.link_button("Source", d.source, icon=":material/open_in_new:")


map_and_details(shown, selection, mode)
if not mode.chrome:
    st.stop()


def share_and_download(shown, selection) -> None:
    link = page.share_url(st.context.url, selection)
    title = page.map_title(selection)
    st.markdown("**Link to this view** (copy it with the button at the right of the box)")
    st.code(link, language=None, wrap_lines=True)
    st.markdown("**Embed code** for efus.eu: the map alone, public fields only")
    embed = page.share_url(st.context.url, selection, embed=True)
    st.code(page.iframe_snippet(embed, title=title), language="html", wrap_lines=True)
    st.markdown("**Download** the rows shown")
    stem = page.file_stem(selection)
    export = page.table_of(shown)
    c1, c2, c3 = st.columns(3)
    c1.download_button(
        "CSV",
        lambda: downloads.to_csv(export),
        f"{stem}.csv",
        "text/csv",
        icon=":material/table:",
        on_click="ignore",
    )
    c2.download_button(
        "GeoJSON",
        lambda: downloads.to_geojson(export),
        f"{stem}.geojson",
        "application/geo+json",
        icon=":material/map:",
        on_click="ignore",
    )
    c3.download_button(
        "Map (HTML, works offline)",
        lambda: dashmap.standalone_html(shown, audience=mode.audience, title=title),
        f"{stem}.html",
        "text/html",
        icon=":material/public:",
        on_click="ignore",
    )


# Only the open tab is drawn: a filter change then pays for the table, not for charts nobody sees.
table, chart_tab, share = st.tabs(
    ["Table", "Charts", "Share and download"], key="tab", on_change="rerun"
)
if table.open:
    with table:
        st.caption("Sort by clicking a column name. The table is the accessible form of the map.")
        st.dataframe(
            page.table_of(shown), hide_index=True, width="stretch", column_config=COLUMN_CONFIG
        )
if chart_tab.open:
    with chart_tab:
        a, b = st.columns(2)
        a.altair_chart(charts.country_chart(shown), width="stretch")
        b.altair_chart(charts.activity_chart(shown), width="stretch")
        st.altair_chart(charts.year_chart(shown), width="stretch")
if share.open:
    with share:
        share_and_download(shown, selection)
