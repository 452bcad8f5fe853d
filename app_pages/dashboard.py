"""The map page: filters in the sidebar, the map and what a click found, then the table, charts
and the links and downloads of the view. Widgets call functions in ``geo``; no logic lives here.

``?country=BE,FR&project=PACTESUR&activity=pilot%20equipment&q=…`` reproduces a view;
``?embed=1`` is the map alone for an iframe; ``?present=1`` is a speaker's full-screen tour.
The rows come from the store (``geo.dashboard.working``); staff who log in also get ``/intake``
(``app_pages/intake.py``), the only place that writes to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import selection as flt
from geo import ui
from geo.config import Settings, settings
from geo.dashboard import charts, downloads, share, working
from geo.dashboard import livemap as dashmap
from geo.dashboard.details import country_label, details, panel_html, place_labels
from geo.dashboard.markdown import md_escape
from geo.dashboard.mode import (
    Mode,
    Params,
    chosen_language,
    kept_params,
    map_height,
    screen_warning,
    tour_name,
)
from geo.dashboard.shared_cache import shared_cache
from geo.dashboard.sidebar import (
    FACET_KEYS,
    TEXT_KEY,
    WIDGET_KEYS,
    YEARS_KEY,
    selection_from_widgets,
    widget_state,
)
from geo.dashboard.table import (
    COLUMN_LABELS,
    SORTABLE,
    TablePage,
    headline,
    page_count,
    sorted_page,
    table_html,
    table_of,
)
from geo.dashboard.tour import Stop, in_order, step, stop_html, tour
from geo.dashboard.tour import places as tour_places
from geo.data import tours as saved
from geo.data.translations import in_language
from geo.errors import GeoError
from geo.i18n import DEFAULT, QUERY_PARAM, Translator, translator
from geo.maps.audience import positioned
from geo.maps.image import browser_available, image_bytes

MAP_KEY = "efus_map"
TOUR_KEY = "tour"  # the index of the tour's stop on screen
FROM_URL_KEY = "_from_url"  # the widgets are to be set from the link at the next run
LANG_KEY = "lang_switch"
PLACE_KEY = "place"  # the place list beside the map: the id of the row whose details show
PLACE_PARAM = "place"  # a table row's link opens the page with this place chosen
PLACE_ASKED_KEY = "_place_asked"  # the link's place, already shown
CLICK_SEEN_KEY = "_click_seen"  # the map click already turned into a choice of place
PLACE_ZOOM = 8
FACET_WIDGETS = {  # facet → (label, placeholder)
    "countries": ("Country", "All countries"),
    "projects": ("Project", "All projects"),
    "activities": ("Activity", "All activities"),
    "kinds": ("Kind of entity", "All kinds"),
}
Token = tuple[str, int]


# --- cached pure functions of their arguments (the token changes when a data file does) ------


# Process-wide caches (geo.dashboard.shared_cache), not st.cache_data: any client may tell
# Streamlit to clear its caches for everybody, and these never need clearing.
def loading() -> Any:
    """The spinner while the dataset is placed, in the language of whoever waits for it."""
    return st.spinner(translator(ui.language()).t("Loading and placing the dataset…"))


@shared_cache(max_entries=4, while_computing=loading)
def view(token: Token, audience: str, config: Settings):
    """The store at one revision (``token``: its file and revision), as ``audience`` sees it."""
    return working.load_view(token[0], audience=audience, settings=config)


@shared_cache(max_entries=4)
def choices(token: Token, audience: str, config: Settings) -> flt.Options:
    return flt.options(view(token, audience, config))


@shared_cache(max_entries=4)
def published(
    token: Token, audience: str, config: Settings, lang: str = DEFAULT
) -> dashmap.PointsView:
    """Every point the audience may see, written once as a static file the browser caches
    (the same file in every language: ``lang`` only changes the words beside it)."""
    frame = view(token, audience, config)
    text, index = dashmap.payload_text(frame)
    url = dashmap.publish(text, static_dir=ui.STATIC_DIR, audience=audience)
    return dashmap.points_view(frame, url=url, index=index, lang=lang)


def load(config: Settings, mode: Mode) -> tuple[Token, pd.DataFrame]:
    """The store's token and rows for this audience; a clear error and a stop when unusable."""
    try:
        token = working.token(working.open_store(config))
        return token, view(token, mode.audience, config)
    except GeoError as exc:
        tr = translator(ui.language())
        st.error(tr.t("The dataset cannot be loaded. Each line says where and how to fix it."))
        st.code(str(exc) or tr.t("no rows: add CSV or XLSX files to the data folder"),
                language=None)  # fmt: skip
        st.stop()
        raise  # st.stop() ends the run; this line only tells readers and type checkers so


# --- the address bar and the sidebar's filters ---------------------------------------------


def sync_url(chosen: flt.Selection, params: Params) -> None:
    """Make the address bar say ``chosen`` (only when it does not already)."""
    wanted = {**chosen.to_query(), **kept_params(params)}
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)


def write_url(options: flt.Options, from_url: flt.Selection, params: Params) -> None:
    """A filter changed: put the new selection in the address bar, before the page reruns
    (the Streamlit examples' pattern: the URL follows the widgets through ``on_change``)."""
    sync_url(selection_from_widgets(st.session_state, options, fallback=from_url), params)


def reset() -> None:
    for key in WIDGET_KEYS:
        st.session_state.pop(key, None)
    st.session_state[FROM_URL_KEY] = True
    lang = st.query_params.get(QUERY_PARAM)
    st.query_params.clear()
    if lang:  # the filters go, the language chosen stays
        st.query_params[QUERY_PARAM] = lang


def facet_labels(facet: str, tr: Translator):
    """How a filter shows its values: countries by name in the visitor's language, activity
    types and kinds through the catalogue, projects as written."""
    if facet == "countries":
        return lambda code: country_label(tr, code)
    if facet in ("activities", "kinds"):
        return lambda word: tr.t(word) if word else word
    return str  # Streamlit's default


def filters(
    options: flt.Options, from_url: flt.Selection, params: Params, tr: Translator
) -> flt.Selection:
    """The sidebar's filters, first set from the link; returns the selection they say."""
    # Also after a visit to another page: Streamlit dropped the widgets' state meanwhile.
    if st.session_state.get(FROM_URL_KEY, True) or FACET_KEYS["countries"] not in st.session_state:
        st.session_state.update(widget_state(from_url, options))
        st.session_state[FROM_URL_KEY] = False
    changed: dict[str, Any] = {"on_change": write_url, "args": (options, from_url, params)}
    with st.sidebar:
        ui.language_switch(tr.language)  # above the filters
        st.header(tr.t("Filters"), anchor=False)
        for facet, (label, placeholder) in FACET_WIDGETS.items():
            st.multiselect(tr.t(label), getattr(options, facet), key=FACET_KEYS[facet],
                           format_func=facet_labels(facet, tr), placeholder=tr.t(placeholder),
                           **changed)  # fmt: skip
        if options.years and options.years[0] < options.years[1]:
            st.slider(tr.t("Years"), *options.years, key=YEARS_KEY, **changed)
        st.text_input(tr.t("Search"), key=TEXT_KEY, placeholder=tr.t("name, city, description…"),
                      **changed)  # fmt: skip
        st.button(tr.t("Reset filters"), on_click=reset, icon=":material/restart_alt:")
    return selection_from_widgets(st.session_state, options, fallback=from_url)


def heading(shown: pd.DataFrame, total: int, notes: Sequence[str], tr: Translator) -> None:
    st.title(tr.t("Where Efus works"), anchor=False)  # no English "Link to heading"
    st.markdown(f"**{headline(shown, total, lang=tr.language)}**")  # numbers and catalogue text
    for note in notes:
        st.warning(
            tr.t("This link asked for something the page cannot show: {note}.",
                 note=md_escape(note)),
            icon=":material/link_off:",
        )  # fmt: skip


# --- the map, what a click found, the tour -----------------------------------------------------


@st.fragment
def map_and_details(
    *, token: Token, config: Settings, frame: pd.DataFrame, shown: pd.DataFrame,
    selection: flt.Selection, mode: Mode, params: Params, lang: str,
) -> None:  # fmt: skip
    """A click on the map reruns only this fragment, never the table and charts."""
    if mode.chrome:
        # A map event can restart the page's run as a run of this fragment alone, and the
        # address bar update of the interrupted run is then lost: say it again here.
        sync_url(selection, params)
    tr = translator(lang)
    stops = presentation_stops(shown, params, config=config, tr=tr) if mode.present else ()
    index = st.session_state.get(TOUR_KEY, 0) % max(len(stops), 1)
    if mode.present:
        with st.container():
            page_tour(stops, index, tr)
    if not mode.chrome:
        with st.container():
            draw_map(token=token, config=config, frame=frame, shown=shown, selection=selection,
                     mode=mode, stop=stops[index] if stops else None, lang=lang)  # fmt: skip
        return
    ids = place_ids(shown)
    asked = _last_param(params, PLACE_PARAM)  # a table row's link: once, not at every rerun
    if asked in ids and st.session_state.get(PLACE_ASKED_KEY) != asked:
        st.session_state[PLACE_KEY] = st.session_state[PLACE_ASKED_KEY] = asked
    if st.session_state.get(PLACE_KEY) not in ids:
        st.session_state[PLACE_KEY] = None  # filtered out: nothing is chosen
    here = rows_at(shown, st.session_state[PLACE_KEY])
    left, right = st.columns([3, 1], gap="medium")
    with left:
        returned = draw_map(token=token, config=config, frame=frame, shown=shown,
                            selection=selection, mode=mode, lang=lang,
                            place=here.iloc[0] if len(here) else None)  # fmt: skip
    if (hit := newly_clicked(shown, returned)) is not None:
        st.session_state[PLACE_KEY] = hit  # a click chooses the place, as the list does
        here = rows_at(shown, hit)
    with right:
        place_list(shown, ids, tr)
        show_details(here, audience=mode.audience, tr=tr)


def _last_param(params: Params, name: str) -> str:
    value = params.get(name, "")
    return str(value[-1] if isinstance(value, list) and value else value or "")


def place_ids(shown: pd.DataFrame) -> list[str]:
    """The rows shown that the place list offers (those with an id), in name order."""
    named = shown[shown["id"].astype(str) != ""]
    order = named["name"].astype(str).str.casefold().argsort(kind="stable")
    return list(named["id"].astype(str).iloc[order])


def rows_at(shown: pd.DataFrame, place: str | None) -> pd.DataFrame:
    """The chosen row first, then every other row shown at its position (a city's signature
    and its events share one); just the row when it has no position."""
    chosen = shown[shown["id"].astype(str) == (place or "")]
    if chosen.empty:
        return chosen
    plotted = positioned(shown)[0]
    row = chosen.iloc[0]
    if pd.isna(row.get("lat")) or pd.isna(row.get("lon")):
        return chosen.head(1)
    same = dashmap.row_for_click(plotted, {"last_object_clicked": {"lat": row["lat"],
                                                                   "lng": row["lon"]}})
    return pd.concat([chosen.head(1), same[same["id"].astype(str) != place]])


def newly_clicked(shown: pd.DataFrame, returned: dict | None) -> str | None:
    """The id of the first row under a click the page has not seen yet (``st_folium`` keeps
    returning the last click on every rerun)."""
    click = (returned or {}).get("last_object_clicked")
    if not click or click == st.session_state.get(CLICK_SEEN_KEY):
        return None
    st.session_state[CLICK_SEEN_KEY] = click
    hit = dashmap.row_for_click(positioned(shown)[0], returned)
    return str(hit.iloc[0]["id"]) if len(hit) else None


def place_list(shown: pd.DataFrame, ids: list[str], tr: Translator) -> None:
    """The keyboard's and screen reader's way to every point: a list of the places shown
    (type to narrow it); choosing one opens its details and centres the map on it."""
    labels = place_labels(shown, lang=tr.language)
    st.selectbox(tr.t("Place"), ids, key=PLACE_KEY, format_func=labels.get,
                 placeholder=tr.t("Choose a place"))  # fmt: skip


def draw_map(
    *, token: Token, config: Settings, frame: pd.DataFrame, shown: pd.DataFrame,
    selection: flt.Selection, mode: Mode, stop: Stop | None = None, lang: str = DEFAULT,
    place: pd.Series | None = None,
) -> dict | None:  # fmt: skip
    """The map: with the page, one map whose points change with the filters; embedded or
    projected, the selection's own map (a tour's ``stop`` in its centre, ringed). A chosen
    ``place`` with a position is put in the map's centre."""
    height = map_height(mode)
    reserve_height(height)
    if stop:
        target = dashmap.View(stop.lat, stop.lon, 7)
    elif place is not None and pd.notna(place.get("lat")) and pd.notna(place.get("lon")):
        target = dashmap.View(float(place["lat"]), float(place["lon"]), PLACE_ZOOM)
    else:
        target = dashmap.view_of(shown, height_px=height)
    if mode.chrome:  # filters change here: keep the map, swap its points
        base = dashmap.base_map(audience=mode.audience, height=height, lang=lang)
        points_view = published(token, mode.audience, config, lang)
        points = dashmap.points_layer(base, points_view, dashmap.select(points_view, frame, shown))
    else:
        base = dashmap.whole_map(shown, audience=mode.audience, height=height,
                                 title=share.map_title(selection, lang=lang), steered=mode.present,
                                 projector=mode.present, embedded=mode.embed,
                                 lang=lang)  # fmt: skip
        points = dashmap.tour_marker(target.lat, target.lon, lang=lang) if stop else None
    return st_folium(
        base,
        key=MAP_KEY,
        height=height,
        use_container_width=True,
        feature_group_to_add=points,
        center=None if mode.embed else (target.lat, target.lon),
        zoom=None if mode.embed else target.zoom,
        returned_objects=["last_object_clicked"] if mode.chrome else [],
    )


def reserve_height(height: int) -> None:
    """The map's frame takes its height before the component has loaded: nothing under it
    jumps while the page loads (layout shift)."""
    st.html(f'<style>iframe[src*="streamlit_folium"] {{ min-height: {int(height)}px; }}</style>')


def show_details(here: pd.DataFrame, *, audience: str, tr: Translator) -> None:
    """What the rows at the chosen place say (escaped in ``panel_html``), in a live region."""
    found = [details(r, audience=audience, lang=tr.language) for _, r in here.head(8).iterrows()]
    st.html(panel_html(found, lang=tr.language, more=max(len(here) - 8, 0)))


def presentation_stops(
    shown: pd.DataFrame, params: Params, *, config: Settings, tr: Translator
) -> tuple[Stop, ...]:
    """The places of the presentation: a saved tour's (``&tour=NAME``), else every place."""
    stops = tour(shown, lang=tr.language)
    if not (name := tour_name(params)):
        return stops
    try:
        return in_order(stops, saved.open_tour(config.data_dir, name).places)
    except GeoError as exc:
        st.warning(tr.t("This tour cannot be opened: {error}", error=md_escape(str(exc))),
                   icon=":material/link_off:")  # fmt: skip
        return stops


def tour_editor(frame: pd.DataFrame, *, config: Settings, author: str, tr: Translator) -> None:
    """Staff choose a presentation's places, in the order they pick them, and save it."""
    stops = tour_places(frame, lang=tr.language)
    with st.sidebar.expander(tr.t("Presentation tour"), icon=":material/co_present:"):
        places = st.multiselect(tr.t("Stops, in the order chosen"), list(stops), key="tour_places",
                                format_func=lambda k: stops.get(k, k))  # fmt: skip
        name = st.text_input(tr.t("Tour name"), key="tour_name", max_chars=saved.NAME_LIMIT)
        if st.button(tr.t("Save the tour"), key="tour_save", icon=":material/save:"):
            try:
                saved.save_tour(config.data_dir, name=name, places=places, author=author)
                st.success(tr.t("Saved. Present it with ?present=1&tour={name} (public view).",
                                name=md_escape(name.strip())))  # fmt: skip
            except GeoError as exc:
                st.error(md_escape(str(exc)))
        saved_links(config, tr)


def saved_links(config: Settings, tr: Translator) -> None:
    """The saved tours, each a link that opens it as a presentation (public view)."""
    try:
        tours = saved.saved_tours(config.data_dir)
    except GeoError as exc:
        st.error(md_escape(str(exc)))
        return
    for name, kept in sorted(tours.items()):
        link = "?" + urlencode({"present": "1", "tour": name}, quote_via=quote)
        st.markdown(tr.tn("[{name}]({link}): {n} stop, saved by {author}",
                          "[{name}]({link}): {n} stops, saved by {author}", len(kept.places),
                          name=md_escape(name), link=link, n=tr.number(len(kept.places)),
                          author=md_escape(kept.author)))  # fmt: skip


def move_tour(delta: int, count: int) -> None:
    st.session_state[TOUR_KEY] = step(st.session_state.get(TOUR_KEY, 0), delta, count)


def page_tour(stops: tuple[Stop, ...], index: int, tr: Translator) -> None:
    if not stops:
        st.header(tr.t("No place to show with these filters"), anchor=False)
        return
    stop = stops[index]
    # Wide enough for the label and its key hint on a 1280-px projector.
    back, text, forward = st.columns([2, 6, 2], vertical_alignment="top")
    # PageUp / PageDown: what a presenter's clicker sends.
    back.button(tr.t("◀ Previous"), key="tour_back", on_click=move_tour, args=(-1, len(stops)),
                width="stretch", shortcut="PageUp")  # fmt: skip
    forward.button(tr.t("Next ▶"), key="tour_next", on_click=move_tour, args=(1, len(stops)),
                   width="stretch", shortcut="PageDown")  # fmt: skip
    text.markdown(stop_html(stop, index=index, count=len(stops), tr=tr), unsafe_allow_html=True)


# --- the tabs under the map ------------------------------------------------------------------


def share_and_download(
    shown: pd.DataFrame, selection: flt.Selection, *, audience: str, tr: Translator,
    kept_lang: str | None,
) -> None:  # fmt: skip
    """The links keep the language (``kept_lang``): an embed on a French page stays French."""
    title = share.map_title(selection, lang=tr.language)
    link = share.share_url(st.context.url, selection, lang=kept_lang)
    st.markdown(tr.t("**Link to this view** (copy it with the button at the right of the box)"))
    st.code(link, language=None, wrap_lines=True)
    config = settings()
    published = share.published_embed(selection, settings=config, title=title, lang=tr.language)
    if published:  # the static map first: it is what efus.eu pages should embed
        st.markdown(tr.t("**Published embed** for efus.eu: a static map that costs the server "
                         "nothing and never changes under the page (version {version})",
                         version=published.version))  # fmt: skip
        st.code(published.code, language="html", wrap_lines=True)
    st.markdown(tr.t("**Live embed** (the dashboard itself): the map alone, public fields only; "
                     "follows every change of the data, costs the server a session per view"))
    embed = share.share_url(st.context.url, selection, embed=True, lang=kept_lang)
    st.code(share.iframe_snippet(embed, title=title), language="html", wrap_lines=True)
    if audience == "staff":
        staff_publishing(selection, config, tr)
    st.markdown(tr.t("**Download** the rows shown"))
    stem, export = share.file_stem(selection), table_of(shown)
    files = (
        (tr.t("CSV"), lambda: downloads.to_csv(export, lang=tr.language), "csv", "text/csv",
         ":material/table:"),
        (tr.t("GeoJSON"), lambda: downloads.to_geojson(export), "geojson",
         "application/geo+json", ":material/map:"),
        (tr.t("Map (HTML, works offline)"),
         lambda: dashmap.standalone_html(shown, audience=audience, title=title,
                                         lang=tr.language), "html",
         "text/html", ":material/public:"),
    )  # fmt: skip
    if browser_available():  # the server draws it with headless chromium (geo.maps.image)
        png = lambda: image_bytes(shown, kind="png", audience=audience,  # noqa: E731
                                  title=title, lang=tr.language)  # fmt: skip
        pdf = lambda: image_bytes(shown, kind="pdf", audience=audience,  # noqa: E731
                                  title=title, lang=tr.language)  # fmt: skip
        files += ((tr.t("Map image (PNG, 1920×1080)"), png, "png", "image/png",
                   ":material/image:"),
                  (tr.t("Map for a report (PDF, A4 landscape)"), pdf, "pdf", "application/pdf",
                   ":material/picture_as_pdf:"))  # fmt: skip
    row = st.container(horizontal=True)  # wraps: five equal columns cut the French labels short
    for label, data, suffix, mime, icon in files:
        row.download_button(label, data, f"{stem}.{suffix}", mime, icon=icon, on_click="ignore")


TABLE_SORT_KEY, TABLE_ORDER_KEY, TABLE_PAGE_KEY = "table_sort", "table_order", "table_page"


def places_table(
    shown: pd.DataFrame, selection: flt.Selection, *, params: Params, tr: Translator
) -> None:
    """The accessible form of the map: a plain HTML table (Streamlit's grid is a canvas that
    sorts only by mouse), sorted by labelled controls, a page at a time; each name opens the
    place's details beside the map, each source opens from the keyboard."""
    st.markdown(tr.t("The table is the accessible form of the map: choose how to sort it; "
                     "a place's name opens its details beside the map."))  # fmt: skip
    by_col, order_col, page_col = st.columns([2, 2, 1])
    by = by_col.selectbox(tr.t("Sort by"), SORTABLE, key=TABLE_SORT_KEY,
                          format_func=lambda c: tr.t(COLUMN_LABELS[c]))  # fmt: skip
    order = order_col.radio(tr.t("Order"), ("asc", "desc"), key=TABLE_ORDER_KEY,
                            horizontal=True, format_func=lambda o: (
                                tr.t("Z to A") if o == "desc" else tr.t("A to Z")))  # fmt: skip
    pages = page_count(len(shown))
    page = page_col.number_input(tr.t("Page"), min_value=1, max_value=pages, step=1,
                                 key=TABLE_PAGE_KEY) if pages > 1 else 1  # fmt: skip
    view = TablePage(by=by, descending=order == "desc", page=int(page) - 1)
    query = {**selection.to_query(), **kept_params(params)}

    def place_href(place: str) -> str:
        return "?" + urlencode({**query, PLACE_PARAM: place})

    rows = sorted_page(table_of(shown), view, lang=tr.language)
    st.html(table_html(rows, view, total=len(shown), place_href=place_href, lang=tr.language))


def chart(draw, describe, numbers, shown: pd.DataFrame, tr: Translator) -> None:
    """A chart, the sentence that says what it shows (its text alternative) and its numbers
    as a table on demand."""
    text = describe(shown, lang=tr.language)
    st.altair_chart(draw(shown, lang=tr.language).properties(description=text), width="stretch")
    st.markdown(md_escape(text))
    with st.expander(tr.t("The numbers")):
        st.table(numbers(shown, lang=tr.language))
def staff_publishing(selection: flt.Selection, config: Settings, tr: Translator) -> None:
    """Staff only: save these filters under a name, and publish the public maps (the code of
    ``python -m geo publish --store``) into ``EFUS_PUBLISH_DIR``."""
    st.markdown(tr.t("**Publish** (staff): the public maps as static files for efus.eu"))
    with st.form("save_view", border=False, enter_to_submit=False):
        name = st.text_input(tr.t("Save these filters as a map named"), key="view_name",
                             placeholder=tr.t("Pilot equipment in Belgium"))  # fmt: skip
        if st.form_submit_button(tr.t("Save the view"), icon=":material/bookmark_add:"):
            try:
                saved = share.save_view(config, name=name, selection=selection,
                                        author=ui.current_visitor().name or "staff")  # fmt: skip
            except GeoError:
                st.error(tr.t("Give the view a name of at most 80 characters."))
            else:
                st.success(tr.t("Saved as “{name}”, revision {revision}: publish to put it "
                                "online.", name=md_escape(saved.name),
                                revision=saved.revision))  # fmt: skip
    if st.button(tr.t("Publish the public maps"), key="publish", icon=":material/publish:"):
        with st.spinner(tr.t("Publishing…")):
            done = share.publish_store(config)
        st.success(tr.tn("{n} map published in {folder}.", "{n} maps published in {folder}.",
                         len(done), folder=md_escape(str(config.publish_dir))))  # fmt: skip


def tabs(
    shown: pd.DataFrame, selection: flt.Selection, *, audience: str, tr: Translator,
    kept_lang: str | None, params: Params,
) -> None:  # fmt: skip
    # Only the open tab is drawn: a filter change then pays for the table, not for charts
    # nobody sees.
    table, chart_tab, share_tab = st.tabs(
        [tr.t("Table"), tr.t("Charts"), tr.t("Share and download")], key="tab",
        on_change="rerun",
    )  # fmt: skip
    if table.open:
        with table:
            places_table(shown, selection, params=params, tr=tr)
    if chart_tab.open:
        with chart_tab:
            a, b = st.columns(2)
            with a:
                chart(charts.country_chart, charts.country_description, charts.country_numbers,
                      shown, tr)  # fmt: skip
            with b:
                chart(charts.activity_chart, charts.activity_description,
                      charts.activity_numbers, shown, tr)  # fmt: skip
            chart(charts.year_chart, charts.year_description, charts.year_numbers, shown, tr)
    if share_tab.open:
        with share_tab:
            share_and_download(shown, selection, audience=audience, tr=tr, kept_lang=kept_lang)


def kept_language(params: Params, lang: str) -> str | None:
    """The language the page's links carry: the one shown, when the address chose it or the
    browser's is not English; else none, so that each reader gets their own."""
    return lang if chosen_language(params) or lang != DEFAULT else None


# --- the page ----------------------------------------------------------------------------


def main() -> None:
    params = ui.query_params()
    visitor = ui.current_visitor()  # staff only after a login configured in secrets.toml
    mode = ui.page_mode(visitor)
    lang = ui.language(params)
    tr = translator(lang)
    if warning := screen_warning(mode):  # a staff presentation: never on a public projector
        st.warning(tr.t(warning), icon=":material/visibility:")
    if mode.chrome and visitor.audience == "staff":
        with st.sidebar:
            ui.login_form()  # who is logged in, and the log-out button
    config = settings()
    token, frame = load(config, mode)
    options = choices(token, mode.audience, config)
    from_url, url_notes = flt.Selection.from_query(params)
    selection = filters(options, from_url, params, tr) if mode.chrome else from_url
    # A row's name_fr / description_fr, where it has them, for a French reader (geo.data).
    shown = in_language(flt.apply(frame, selection), lang)
    if mode.chrome:
        heading(shown, len(frame), url_notes + flt.unknown_values(from_url, options), tr)
    if mode.chrome and visitor.audience == "staff":
        tour_editor(frame, config=config, author=visitor.name or "staff", tr=tr)
    map_and_details(token=token, config=config, frame=frame, shown=shown, selection=selection,
                    mode=mode, params=params, lang=lang)  # fmt: skip
    if mode.chrome:
        tabs(shown, selection, audience=mode.audience, tr=tr, kept_lang=kept_language(params, lang),
             params=params)  # fmt: skip


main()
