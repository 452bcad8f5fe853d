"""Staff data intake: upload → validation report and fixes → geocoding review → preview → save.

Reached only through the router's navigation (``streamlit_app.py``), which lists it for
logged-in staff; the check below stops anyone else who gets here all the same. Logic lives in
``geo.staff.intake``, ``geo.places.review`` and ``geo.dashboard.working``; this script only
lays out widgets.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from geo import ui
from geo.config import settings
from geo.dashboard import working
from geo.dashboard.livemap import NamedMap
from geo.dashboard.markdown import md_escape
from geo.dashboard.table import COLUMN_LABELS
from geo.data.store import ConflictError
from geo.errors import GeoError
from geo.i18n import translator
from geo.maps import engine as webmap
from geo.messages import error_line
from geo.places.review import ReviewError, choice_at, choice_map_frame, position, review_items
from geo.staff.intake import (
    ROW,
    UploadLimits,
    batch_fixes,
    check_edited,
    editable,
    named_seats,
    quick_fixes,
    read_upload_apart,
    report_html,
    report_pages,
    review_heading,
    settled_label,
    settled_spellings,
    spelling_fixes,
    with_cells,
    with_fixes,
)
from geo.staff.merge import apply as save_plan
from geo.staff.merge import plan_merge, preview_in

S = st.session_state
LIMITS = UploadLimits()
TYPED = -1  # the "type a position" entry of a review's choices

visitor = ui.current_visitor()
lang = ui.language()  # ?lang=, else the one chosen earlier in the session, else the browser's
tr = translator(lang)
if visitor.audience != "staff":  # never upload for the public, whatever the URL
    st.title(tr.t("Data intake"), anchor=False)
    st.info(tr.t("The data intake is for Efus staff: log in first."), icon=":material/lock:")
    ui.language_switch(lang)
    ui.login_form()
    st.stop()

with st.sidebar:
    ui.language_switch(lang)
    ui.login_form()
st.title(tr.t("Data intake"), anchor=False)
try:
    store = working.open_store(settings())
except GeoError as exc:
    st.error(tr.t("The working dataset cannot be opened."))
    st.code(error_line(exc, lang=lang), language=None)
    st.stop()
# The canonical spellings come from the gazetteer alone: a kept alias would hide its town.
spelling = working.geocoder_with({}, settings=settings())


# --- state changes, run as callbacks before the next run ------------------------------------


def set_frame(frame) -> None:
    S["intake_frame"] = frame
    S["intake_editor"] = S.get("intake_editor", 0) + 1  # a fresh editor over the new cells


def apply_fix(frame, row: int, cells: dict, alias=None) -> None:
    set_frame(with_cells(frame, row=row, cells=cells))
    if alias is not None:  # the typed form, settled for good with the manual choices
        try:
            store.set_override(alias.name, alias.country, alias.lat, alias.lon,
                               author=visitor.name or "staff")  # fmt: skip
        except GeoError as exc:
            S["intake_notice"] = error_line(exc, lang=lang)


def arrived(intake) -> None:
    """A new list: its cells, with the spellings settled before already written."""
    frame = editable(intake)
    settled = settled_spellings(frame, geocoder=spelling, settled=store.overrides())
    for fix in settled:
        frame = with_cells(frame, row=fix.row, cells=fix.cells)
    S["intake_settled"] = settled
    set_frame(frame)


def apply_batch(frame, fixes) -> None:
    set_frame(with_fixes(frame, fixes))


def correct_cell(frame) -> None:
    try:
        apply_fix(frame, S["fix_row"], {S["fix_column"]: S["fix_value"]})
    except GeoError as exc:
        S["intake_notice"] = error_line(exc, lang=lang)


def settle(item, frame) -> None:
    key = item.key
    S.pop(f"review_error_{key}", None)
    try:
        picked = S.get(f"pick_{key}", 0)
        if picked == TYPED:
            lat, lon = position(S.get(f"lat_{key}", ""), S.get(f"lon_{key}", ""))
        else:
            lat, lon = item.choices[picked].lat, item.choices[picked].lon
        if item.from_data:  # the file's own position wins over overrides: fix the rows
            for row in item.rows:
                frame = with_cells(frame, row=row, cells={"lat": f"{lat:.6f}", "lon": f"{lon:.6f}"})
            set_frame(frame)
        else:
            store.set_override(item.query, item.country, lat, lon, author=visitor.name or "staff")
    except (ReviewError, GeoError) as exc:
        S[f"review_error_{key}"] = error_line(exc, lang=lang)


def settle_seats(items) -> None:
    """Each body at the town its name holds, kept like any other manual choice."""
    try:
        for item in items:
            store.set_override(item.query, item.country, item.choices[0].lat,
                               item.choices[0].lon, author=visitor.name or "staff")  # fmt: skip
    except GeoError as exc:
        S["intake_notice"] = error_line(exc, lang=lang)


def save(plan, file: str) -> None:
    S.pop("intake_conflict", None)
    try:
        revision = save_plan(plan, store=store, author=visitor.name or "staff")
    except ConflictError as exc:
        S["intake_conflict"] = error_line(exc, lang=lang)
        return
    except GeoError as exc:
        S["intake_conflict"] = error_line(exc, lang=lang)
        return
    n = plan.counts
    S["intake_saved"] = tr.t(
        "{file} saved as revision {revision}: {added} added, {changed} changed, "
        "{unchanged} unchanged.", file=file, revision=tr.number(revision),
        added=tr.number(n["added"]), changed=tr.number(n["changed"]),
        unchanged=tr.number(n["unchanged"]),
    )
    for key in ("intake_ident", "intake_frame", "intake_settled"):
        S.pop(key, None)
    S["intake_upload"] = S.get("intake_upload", 0) + 1  # an empty uploader


# --- 1. upload ------------------------------------------------------------------------------

if S.get("intake_saved"):
    st.success(md_escape(S["intake_saved"]) + " " + tr.t("Open **Map** in the menu to see them."),
               icon=":material/check_circle:")  # fmt: skip
st.header(tr.t("1. Upload a list"), anchor=False)
uploaded = st.file_uploader(
    tr.t("A CSV or Excel (.xlsx) file: one place a row"),
    key=f"intake_file_{S.get('intake_upload', 0)}",
    help=tr.t("At most {mb} MB and {rows} rows. Column names in English or French (nom, pays, "
              "ville…); French Excel's CSV is fine.", mb=tr.number(round(LIMITS.max_bytes / 2**20)),
              rows=tr.number(LIMITS.max_rows)),
)
if uploaded is None:
    st.caption(tr.t("Columns: see data/README.md. Rows without an id get one from country and "
                    "name."))
    st.stop()
S.pop("intake_saved", None)
data = uploaded.getvalue()
ident = (uploaded.name, len(data), uploaded.file_id)
if S.get("intake_ident") != ident:
    try:
        # In a worker process: a heavy file must not stall the other visitors' pages.
        intake = read_upload_apart(uploaded.name, data, limits=LIMITS, require_id=False)
    except GeoError as exc:  # right under the uploader; it names the file and the fix
        st.error(md_escape(error_line(exc, lang=lang)), icon=":material/block:")
        st.stop()
    S.update(intake_ident=ident, intake_file=intake.file, intake_columns=intake.columns,
             intake_read=intake.read)  # fmt: skip
    arrived(intake)
    S.pop("intake_conflict", None)
file, columns = S["intake_file"], S["intake_columns"]

# --- 2. validation report and fixes --------------------------------------------------------

st.header(tr.t("2. Check and correct"), anchor=False)
edited = st.data_editor(
    S["intake_frame"],
    key=f"intake_editor_{S['intake_editor']}",
    hide_index=True,
    num_rows="fixed",
    disabled=[ROW],
    column_config={  # the cells keep the file's values; the headers speak the page's language
        ROW: st.column_config.NumberColumn(tr.t("row"), help=tr.t("row in your file")),
        **{c: st.column_config.Column(tr.t(COLUMN_LABELS[c])) for c in columns
           if c in COLUMN_LABELS},
    },  # fmt: skip
    width="stretch",
)
checked = check_edited(edited, file=file, columns=columns, require_id=False,
                       carried=S.get("intake_read", ()))  # fmt: skip
errors, warnings = len(checked.errors), len(checked.problems) - len(checked.errors)
if checked.problems:
    say = tr.t("{file}: {errors}, {warnings}", file=file,
               errors=tr.tn("{n} error to correct", "{n} errors to correct", errors),
               warnings=tr.tn("{n} warning", "{n} warnings", warnings))  # fmt: skip
    (st.error if errors else st.warning)(md_escape(say))
    pages = report_pages(len(checked.problems))
    shown = 0
    if pages > 1:  # a long report is read a page at a time, like the dashboard's table
        shown = st.number_input(tr.t("Report page"), min_value=1, max_value=pages, step=1,
                                key="intake_report_page") - 1  # fmt: skip
    # An HTML table, not Streamlit's grid: one Tab stop, rows a screen reader steps through.
    st.html(report_html(checked.problems, file=file, page=shown, lang=lang))
else:
    st.success(md_escape(tr.tn("{file}: {n} row, no problem found.",
                               "{file}: {n} rows, no problem found.", len(checked.records),
                               file=file)))  # fmt: skip
if S.get("intake_notice"):
    st.error(md_escape(S.pop("intake_notice")))
if S.get("intake_settled"):  # written with no click: say which, in the page's language
    st.info("  \n".join(md_escape(settled_label(f, lang=lang)) for f in S["intake_settled"]),
            icon=":material/done_all:")  # fmt: skip
batches, one_by_one = batch_fixes(quick_fixes(edited, checked.problems, lang=lang), lang=lang)
for batch in batches:  # one habit of the file (dates day first), one click
    st.button(batch.label, key=batch.key, on_click=apply_batch, args=(edited, batch.fixes),
              icon=":material/done_all:")  # fmt: skip
for fix in (*one_by_one,
            *spelling_fixes(edited, geocoder=spelling, lang=lang, settled=store.overrides())):
    st.button(fix.label, key=fix.key, on_click=apply_fix,
              args=(edited, fix.row, dict(fix.cells), fix.alias),
              icon=":material/swap_horiz:")  # fmt: skip
with st.expander(tr.t("Correct one cell"), expanded=bool(errors)):
    with st.form("intake_fix", clear_on_submit=True, border=False):
        a, b, c = st.columns([1, 1, 3])
        a.selectbox(tr.t("Row"), [int(r) for r in edited[ROW]], key="fix_row")
        b.selectbox(tr.t("Column"), list(columns), key="fix_column")
        c.text_input(tr.t("New value"), key="fix_value")
        st.form_submit_button(tr.t("Correct"), on_click=correct_cell, args=(edited,))
if S.get("intake_notice"):  # right under the fields it is about (row, column), which it names
    st.error(md_escape(S.pop("intake_notice")))
if errors:
    st.info(tr.t("Correct the errors above (in the table or one cell at a time): the review and "
                 "the merge use the corrected rows."), icon=":material/edit:")  # fmt: skip
    st.stop()

# --- 3. geocoding review ------------------------------------------------------------------

st.header(tr.t("3. Settle the places the geocoder is not sure of"), anchor=False)
rows = checked.frame
items = review_items(rows, geocoder=working.geocoder_with(store.overrides(), settings=settings()))
if not items:
    st.success(tr.tn("Every one of the {n} rows has a position.",
                     "Every one of the {n} rows has a position.", len(rows)),
               icon=":material/pin_drop:")  # fmt: skip
seats = named_seats(items, lang=lang)
if seats is not None:  # one decision for the bodies whose name holds their seat
    with st.container(border=True):
        st.markdown("\n".join([md_escape(seats.lead), "", *(f"- {md_escape(pair)}"
                                                          for pair in seats.pairs)]))
        st.button(seats.label, key=seats.key, on_click=settle_seats, args=(seats.items,),
                  type="primary", icon=":material/done_all:")  # fmt: skip
for item in items:
    key = item.key
    with st.container(border=True):
        heading, status = review_heading(item, lang=lang)
        st.markdown(f"**{md_escape(heading)}** · {md_escape(status)}")
        st.caption(md_escape(item.explain(lang)))
        if len(item.names) > 1 or item.names[0] != item.query:
            st.caption(md_escape(tr.t("Rows: {names}", names="; ".join(item.names))))
        pick, where = st.columns([2, 3])
        if item.choices:
            with where:
                m = webmap.build_map(choice_map_frame(item, lang=lang), assets="static",
                                     height="260px", lang=lang)  # fmt: skip
                # Its frame named for what it shows, and where else to choose (the list).
                m.add_child(NamedMap(tr.t("Candidates for {place} on a map; the Position list "
                                          "beside it offers the same choices",
                                          place=heading)))  # fmt: skip
                clicked = st_folium(m, key=f"map_{key}", height=260, use_container_width=True,
                                    returned_objects=["last_object_clicked"])  # fmt: skip
            at = choice_at(item, clicked)
            if at is not None and S.get(f"clicked_{key}") != at:
                S[f"clicked_{key}"] = at
                S[f"pick_{key}"] = at  # a click on a candidate selects it
        options = [*range(len(item.choices)), TYPED]
        with pick:
            chosen = st.selectbox(
                tr.t("Position"), options, key=f"pick_{key}",
                format_func=lambda i, it=item: tr.t("type a position…") if i == TYPED
                else it.choices[i].text(lang),
            )  # fmt: skip
            if chosen == TYPED:
                st.text_input(tr.t("Latitude"), key=f"lat_{key}", placeholder="50.6337")
                st.text_input(tr.t("Longitude"), key=f"lon_{key}", placeholder="5.5675")
            label = tr.t("Use for these rows") if item.from_data else tr.t("Keep this position")
            st.button(label, key=f"settle_{key}", on_click=settle, args=(item, edited),
                      type="primary", icon=":material/check:")  # fmt: skip
            if S.get(f"review_error_{key}"):  # under the fields it names ("longitude 'north'…")
                st.error(md_escape(S[f"review_error_{key}"]))
if items:
    st.info(tr.tn("{n} place still to settle before saving.",
                  "{n} places still to settle before saving.", len(items)),
            icon=":material/pin_drop:")  # fmt: skip
    st.stop()

# --- 4. preview and save -------------------------------------------------------------------

st.header(tr.t("4. What saving will change"), anchor=False)
if S.get("intake_conflict"):
    st.error(md_escape(S["intake_conflict"]), icon=":material/sync_problem:")
    st.caption(tr.t("The preview below is made again from the data as it is saved now: check "
                    "it, then save again."))  # fmt: skip
    st.button(tr.t("Dismiss"), key="intake_replan", on_click=S.pop, args=("intake_conflict", None))
snapshot = store.snapshot()
plan = plan_merge(snapshot.frame, rows, base_revision=snapshot.revision,
                  columns=checked.columns, file=checked.file)  # fmt: skip
n = plan.counts
counts = (tr.tn("{n} added", "{n} added", n["added"]),
          tr.tn("{n} changed", "{n} changed", n["changed"]),
          tr.tn("{n} unchanged", "{n} unchanged", n["unchanged"]))  # fmt: skip
st.markdown(f"**{md_escape(' · '.join(counts))}**")
st.dataframe(preview_in(plan, lang=lang), hide_index=True, width="stretch", key="intake_preview")
st.button(tr.t("Save into the working dataset"), type="primary", disabled=not plan,
          on_click=save, args=(plan, file), icon=":material/save:")  # fmt: skip
