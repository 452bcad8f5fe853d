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

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo import selection as flt
from geo import ui
from geo.config import Settings, settings
from geo.dashboard import charts, downloads, share, working
from geo.dashboard import livemap as dashmap
from geo.dashboard.details import Details, country_label, details
from geo.dashboard.markdown import md_escape
from geo.dashboard.mode import (
    Mode,
    Params,
    chosen_language,
    kept_params,
    map_height,
    screen_warning,
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
from geo.dashboard.table import COLUMN_LABELS, headline, table_of
from geo.dashboard.tour import Stop, step, tour
from geo.data.translations import in_language
from geo.errors import GeoError
from geo.i18n import DEFAULT, QUERY_PARAM, Translator, translator
from geo.maps.audience import positioned

MAP_KEY = "efus_map"
TOUR_KEY = "tour"  # the index of the tour's stop on screen
FROM_URL_KEY = "_from_url"  # the widgets are to be set from the link at the next run
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


def column_config(columns: Sequence[str], tr: Translator) -> dict:
    """The table's headers in the visitor's language (a column the list does not know keeps
    its name), links and positions as such."""
    label = {c: tr.t(COLUMN_LABELS[c]) if c in COLUMN_LABELS else c for c in columns}
    config: dict[str, Any] = {c: st.column_config.Column(label[c]) for c in columns}
    config["source"] = st.column_config.LinkColumn(label.get("source", "source"),
                                                   display_text=tr.t("open source"))  # fmt: skip
    for c in ("lat", "lon"):
        config[c] = st.column_config.NumberColumn(label.get(c, c), format="%.4f")
    return config


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
        st.header(tr.t("Filters"))
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
    st.title(tr.t("Where Efus works"))
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
    stops = tour(shown, lang=lang) if mode.present else ()
    index = st.session_state.get(TOUR_KEY, 0) % max(len(stops), 1)
    if mode.present:
        with st.container():
            page_tour(stops, index, tr)
    if not mode.chrome:
        with st.container():
            draw_map(token=token, config=config, frame=frame, shown=shown, selection=selection,
                     mode=mode, stop=stops[index] if stops else None, lang=lang)  # fmt: skip
        return
    left, right = st.columns([3, 1], gap="medium")
    with left:
        returned = draw_map(token=token, config=config, frame=frame, shown=shown,
                            selection=selection, mode=mode, lang=lang)  # fmt: skip
    with right:
        clicked(shown, returned, audience=mode.audience, tr=tr)


def draw_map(
    *, token: Token, config: Settings, frame: pd.DataFrame, shown: pd.DataFrame,
    selection: flt.Selection, mode: Mode, stop: Stop | None = None, lang: str = DEFAULT,
) -> dict | None:  # fmt: skip
    """The map: with the page, one map whose points change with the filters; embedded or
    projected, the selection's own map (a tour's ``stop`` in its centre, ringed)."""
    height = map_height(mode)
    target = (
        dashmap.View(stop.lat, stop.lon, 7) if stop else dashmap.view_of(shown, height_px=height)
    )
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


def clicked(
    shown: pd.DataFrame, returned: dict | None, *, audience: str, tr: Translator
) -> None:
    """What the rows at the clicked point say, beside the map."""
    here = dashmap.row_for_click(positioned(shown)[0], returned)
    if here.empty:
        st.info(
            tr.t("Click a point on the map to see what happened there, with its source."),
            icon=":material/touch_app:",
        )
    for _, row in here.head(8).iterrows():
        show_details(details(row, audience=audience, lang=tr.language), tr)
    if len(here) > 8:
        more = len(here) - 8
        st.caption(tr.tn("… and {n} more here: see the table below.",
                         "… and {n} more here: see the table below.", more))  # fmt: skip


def fact(tr: Translator, label: str, value: str) -> str:
    """'**Lieu** : Liège' (the catalogue has French's space before the colon)."""
    return tr.t("{label}: {value}", label=f"**{md_escape(label)}**", value=md_escape(value))


def show_details(d: Details, tr: Translator) -> None:
    with st.container(border=True):
        st.markdown(f"##### {md_escape(d.title)}")
        st.markdown("  \n".join(fact(tr, k, v) for k, v in d.facts))
        if d.description:
            st.markdown(md_escape(d.description))
        if d.notes:
            st.markdown(fact(tr, tr.t("Staff notes"), d.notes))
        if d.source:
            st.link_button(tr.t("Source"), d.source, icon=":material/open_in_new:")


def move_tour(delta: int, count: int) -> None:
    st.session_state[TOUR_KEY] = step(st.session_state.get(TOUR_KEY, 0), delta, count)


def page_tour(stops: tuple[Stop, ...], index: int, tr: Translator) -> None:
    if not stops:
        st.markdown(f"## {tr.t('No place to show with these filters')}")
        return
    stop = stops[index]
    # Wide enough for the label and its key hint on a 1280-px projector.
    back, text, forward = st.columns([2, 6, 2], vertical_alignment="center")
    # PageUp / PageDown: what a presenter's clicker sends.
    back.button(tr.t("◀ Previous"), key="tour_back", on_click=move_tour, args=(-1, len(stops)),
                width="stretch", shortcut="PageUp")  # fmt: skip
    forward.button(tr.t("Next ▶"), key="tour_next", on_click=move_tour, args=(1, len(stops)),
                   width="stretch", shortcut="PageDown")  # fmt: skip
    where = tr.t("{index} of {count}", index=tr.number(index + 1), count=tr.number(len(stops)))
    text.markdown(f"## {md_escape(stop.title)}\n{md_escape(stop.subtitle)} · {where}")


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
    st.markdown(tr.t("**Embed code** for efus.eu: the map alone, public fields only"))
    embed = share.share_url(st.context.url, selection, embed=True, lang=kept_lang)
    st.code(share.iframe_snippet(embed, title=title), language="html", wrap_lines=True)
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
    for column, (label, data, suffix, mime, icon) in zip(st.columns(3), files):
        column.download_button(label, data, f"{stem}.{suffix}", mime, icon=icon, on_click="ignore")


def tabs(
    shown: pd.DataFrame, selection: flt.Selection, *, audience: str, tr: Translator,
    kept_lang: str | None,
) -> None:  # fmt: skip
    # Only the open tab is drawn: a filter change then pays for the table, not for charts
    # nobody sees.
    table, chart_tab, share_tab = st.tabs(
        [tr.t("Table"), tr.t("Charts"), tr.t("Share and download")], key="tab",
        on_change="rerun",
    )  # fmt: skip
    if table.open:
        with table:
            st.caption(
                tr.t("Sort by clicking a column name. The table is the accessible form of the map.")
            )
            rows = table_of(shown)
            config = column_config(list(rows.columns), tr)
            st.dataframe(rows, hide_index=True, width="stretch", column_config=config)
    if chart_tab.open:
        with chart_tab:
            a, b = st.columns(2)
            a.altair_chart(charts.country_chart(shown, lang=tr.language), width="stretch")
            b.altair_chart(charts.activity_chart(shown, lang=tr.language), width="stretch")
            st.altair_chart(charts.year_chart(shown, lang=tr.language), width="stretch")
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
    map_and_details(token=token, config=config, frame=frame, shown=shown, selection=selection,
                    mode=mode, params=params, lang=lang)  # fmt: skip
    if mode.chrome:
        tabs(shown, selection, audience=mode.audience, tr=tr, kept_lang=kept_language(params, lang))


main()
