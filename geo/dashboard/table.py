"""The rows shown, as a person reads them: the table (the accessible form of the map), its
downloads' columns and the headline that counts them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

import pandas as pd

from geo.dashboard.details import country_label
from geo.data.schema import TRANSLATION_NAMES
from geo.i18n import DEFAULT, N_, Translator, translator
from geo.selection import DERIVED

FILE_POSITION = ("_file", "_row")  # where a row came from: for error messages, not for readers
# The table's headers as people read them (the data keeps its column names; a CSV download too).
COLUMN_LABELS = {
    "id": N_("ID"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "country": N_("Country"),
    "city": N_("City"),
    "project": N_("Project"),
    "activity": N_("Activity"),
    "start": N_("Start"),
    "end": N_("End"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "precision": N_("Precision"),
    "public": N_("Public"),
    "sensitive": N_("Sensitive"),
    "description": N_("Description"),
    "notes": N_("Staff notes"),
    "source": N_("Source"),
}


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns a table shows: data columns, without helpers and file positions."""
    # name_fr… are shown as the name itself to a reader of that language (geo.data.translations)
    return [c for c in frame.columns
            if c not in DERIVED and c not in FILE_POSITION and c not in TRANSLATION_NAMES]


def table_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a person reads them: data columns only, in the dataset's order."""
    return frame[visible_columns(frame)]


def headline(shown: pd.DataFrame, total: int, *, lang: str = DEFAULT) -> str:
    """'14 of 120 shown · 5 countries · 3 projects' in ``lang`` (plain text)."""
    tr = translator(lang)
    n, countries, projects = len(shown), shown["country"].nunique(), shown["project"].nunique()
    return " · ".join(
        (
            tr.tn("{n} of {total} shown", "{n} of {total} shown", n, total=tr.number(total)),
            tr.tn("{n} country", "{n} countries", countries),
            tr.tn("{n} project", "{n} projects", projects),
        )
    )


# --- the accessible table: Streamlit's grid is a canvas (Glide Data Grid) whose headers sort
# only by mouse, whose links do not open from the keyboard and whose cells are Tab stops; this
# is a plain HTML table, sorted by a labelled select and read a page at a time. -------------

PAGE_ROWS = 25
TABLE_COLUMNS = ("name", "kind", "city", "country", "project", "activity", "start", "end",
                 "description", "notes", "source")  # fmt: skip (notes: the staff view only)
SORTABLE = ("name", "kind", "city", "country", "project", "activity", "start", "end")


@dataclass(frozen=True, slots=True, kw_only=True)
class TablePage:
    """One page of the rows, sorted: which column, which way, which page (from 0)."""

    by: str = "name"
    descending: bool = False
    page: int = 0


def page_count(rows: int) -> int:
    return max(1, -(-rows // PAGE_ROWS))


def sorted_page(frame: pd.DataFrame, view: TablePage, *, lang: str = DEFAULT) -> pd.DataFrame:
    """The rows of ``view.page`` once sorted by ``view.by`` as the table shows it (countries
    by their name in ``lang``, case ignored); ties in name order, so a page always holds the
    same rows."""
    tr = translator(lang)
    by = view.by if view.by in frame else "name"
    keys = [by] + (["name"] if by != "name" and "name" in frame else [])
    ascending = [not view.descending] + [True] * (len(keys) - 1)

    def shown(column: pd.Series) -> pd.Series:
        return column.map(lambda v: _shown(column.name, v, tr).casefold())

    ordered = frame.sort_values(keys, ascending=ascending, key=shown)
    start = min(view.page, page_count(len(frame)) - 1) * PAGE_ROWS
    return ordered.iloc[start:start + PAGE_ROWS]


def sort_state(view: TablePage, total: int, *, lang: str = DEFAULT) -> str:
    """'Sorted by Name, A to Z. Rows 1–25 of 71.' — said in the caption and as a status."""
    tr = translator(lang)
    start = min(view.page, page_count(total) - 1) * PAGE_ROWS
    column = tr.t(COLUMN_LABELS.get(view.by, view.by))
    order = tr.t("Z to A") if view.descending else tr.t("A to Z")
    return tr.t("Sorted by {column}, {order}. Rows {first}–{last} of {total}.", column=column,
                order=order, first=tr.number(min(start + 1, total)),
                last=tr.number(min(start + PAGE_ROWS, total)), total=tr.number(total))  # fmt: skip


TABLE_CSS = """<style>
  .efus-table-wrap { max-height: 70vh; overflow: auto; border: 1px solid #767676; }
  .efus-table-wrap:focus-visible, .efus-table a:focus-visible {
    outline: 3px solid #0B5394; outline-offset: 2px; }
  .efus-table { border-collapse: collapse; width: 100%; font-size: 0.9rem; color: #1f1f1f; }
  .efus-table caption { text-align: left; padding: 0.3rem 0; color: #1f1f1f; }
  .efus-table th, .efus-table td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.5rem;
                                   text-align: left; vertical-align: top; }
  .efus-table th { background: #eef3f9; position: sticky; top: 0; }
  .efus-table a { color: #0B5394; }
  .efus-skip { position: absolute; left: -10000px; }
  .efus-skip:focus { position: static; display: inline-block; margin-bottom: 0.3rem;
                     color: #0B5394; outline: 3px solid #0B5394; }
</style>"""
TABLE_END = "efus-table-end"


def table_html(rows: pd.DataFrame, view: TablePage, *, total: int,
               place_href: Callable[[str], str], lang: str = DEFAULT) -> str:  # fmt: skip
    """The page of rows as an HTML table, every value escaped: headers with ``aria-sort``, the
    sort state in the caption, each name a link that opens the place's details
    (``place_href(id)``), each source a link. The scrolled box is one Tab stop; a skip link
    before it leads past it."""
    tr = translator(lang)
    columns = [c for c in TABLE_COLUMNS if c in rows]
    head = "".join(_header(c, view, tr) for c in columns)
    body = "".join(
        "<tr>" + "".join(_cell(c, row, tr, place_href) for c in columns) + "</tr>"
        for _, row in rows.iterrows()
    )
    label = escape(tr.t("Places shown"))
    caption = escape(sort_state(view, total, lang=lang))
    skip = escape(tr.t("Skip the table"))
    # The skip link: one Tab and Enter leave the table, however many links its rows hold.
    return (f'{TABLE_CSS}<a class="efus-skip" href="#{TABLE_END}">{skip}</a>'
            f'<div class="efus-table-wrap" role="region" aria-label="{label}" '
            f'tabindex="0"><table class="efus-table"><caption>{caption}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
            f'<span id="{TABLE_END}" tabindex="-1"></span>')  # fmt: skip


def _header(column: str, view: TablePage, tr: Translator) -> str:
    sort = ""
    if column == view.by:
        sort = f' aria-sort="{"descending" if view.descending else "ascending"}"'
    label = escape(tr.t(COLUMN_LABELS.get(column, column)))
    return f'<th scope="col" data-column="{column}"{sort}>{label}</th>'


def _cell(column: str, row: pd.Series, tr: Translator, place_href: Callable[[str], str]) -> str:
    value = "" if pd.isna(row.get(column)) else str(row.get(column))
    if column == "name" and str(row.get("id", "")):
        href = escape(place_href(str(row["id"])))
        return f'<th scope="row"><a href="{href}">{escape(value)}</a></th>'
    if column == "source":
        if urlsplit(value).scheme not in ("http", "https"):
            return "<td></td>"
        # The row's header (its name) tells a screen reader whose source this is.
        return f'<td><a href="{escape(value)}">{escape(tr.t("open source"))}</a></td>'
    return f"<td>{escape(_shown(column, value, tr))}</td>"


def _shown(column: object, value: object, tr: Translator) -> str:
    """A cell as the table shows it: countries by name, kinds and activities translated."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if column == "country" and text:
        return country_label(tr, text)
    if column in ("kind", "activity") and text:
        return tr.t(text)
    return text
