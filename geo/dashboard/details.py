"""What the panel beside the map says about one row that a click found (plain text: the page
escapes it with ``geo.dashboard.markdown.md_escape``), and how a row's dates read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

from geo.i18n import DEFAULT, N_, I18nError, Translator, translator

# The row's ``precision`` → how the panel says where the point is (translated where shown).
LOCATED_AT = {
    "site": N_("the exact site"),
    "city": N_("the city centre"),
    "region": N_("the region"),
    "country": N_("the country"),
}


def when(start: str, end: str, *, lang: str = DEFAULT) -> str:
    """'2 May 2022 – 6 May 2022' ('2 mai 2022 – …' in French), '2019', or '' when unknown.

    A date that is no day, month or year (a hand-written value) is shown as written."""
    tr = translator(lang)
    start, end = (local_date(tr, start), local_date(tr, end))
    if start and end and end != start:
        return f"{start} – {end}"
    return start or end


def local_date(tr: Translator, text: str) -> str:
    text = (text or "").strip()
    try:
        return tr.date(text) if text else ""
    except I18nError:
        return text


def country_label(tr: Translator, iso2: str) -> str:
    """The country's name in the translator's language; an unknown code as written."""
    try:
        return tr.country(iso2)
    except I18nError:
        return iso2


@dataclass(frozen=True, slots=True)
class Details:
    """What the panel beside the map says about one row (plain text; the page escapes it)."""

    id: str
    title: str
    facts: tuple[tuple[str, str], ...]
    description: str
    source: str
    notes: str = ""


def details(row: Mapping, *, audience: str = "public", lang: str = DEFAULT) -> Details:
    source = str(row.get("source", ""))
    if urlsplit(source).scheme not in ("http", "https"):
        source = ""
    notes = str(row.get("notes", "") or "") if audience == "staff" else ""
    return Details(
        id=str(row.get("id", "")),
        title=str(row.get("name", "")),
        facts=tuple((k, v) for k, v in _facts(row, translator(lang)) if v),
        description=str(row.get("description", "") or ""),
        source=source,
        notes=notes,
    )


def _facts(row: Mapping, tr: Translator) -> list[tuple[str, str]]:
    """Labels in the visitor's language; activity and kind through the catalogue (the seed
    vocabulary has them), every other value as staff wrote it."""
    city, country = str(row.get("city", "")), country_label(tr, str(row.get("country", "")))
    located = LOCATED_AT.get(str(row.get("precision", "")))
    return [
        (tr.t("Kind"), _word(tr, row.get("kind"))),
        (tr.t("Place"), ", ".join(p for p in (city, country) if p)),
        (tr.t("Project"), str(row.get("project", ""))),
        (tr.t("Activity"), _word(tr, row.get("activity"))),
        (tr.t("When"), when(str(row.get("start", "")), str(row.get("end", "")), lang=tr.language)),
        (tr.t("Located at"), tr.t(located) if located else ""),
    ]


def _word(tr: Translator, value: object) -> str:
    text = str(value or "")
    return tr.t(text) if text else ""


# The panel's look: text ≥ 4.5:1 on white, a source link that shows where the keyboard is.
PANEL_CSS = """<style>
  .efus-details { max-height: 560px; overflow-y: auto; }
  .efus-details:focus-visible { outline: 3px solid #0B5394; outline-offset: 2px; }
  .efus-details h2 { font-size: 1.25rem; margin: 0.2rem 0 0.4rem; color: #0B5394; }
  .efus-details article { border: 1px solid #767676; border-radius: 0.5rem; padding: 0.6rem 0.8rem;
                          margin-bottom: 0.6rem; }
  .efus-details dl { margin: 0 0 0.4rem; }
  .efus-details dt { font-weight: 700; display: inline; }
  .efus-details dd { display: inline; margin: 0; }
  .efus-details dd::after { content: ""; display: block; }
  .efus-details a { color: #0B5394; font-weight: 600; }
  .efus-details a:focus-visible { outline: 3px solid #0B5394; outline-offset: 2px; }
</style>"""


def panel_html(found: Sequence[Details], *, lang: str = DEFAULT, more: int = 0) -> str:
    """The details panel as HTML (every value escaped here): one article per row under an h2
    (the page's h1 is the only heading above it), in a live region, so a screen reader reads
    what a choice in the place list, a click or a table link has opened."""
    tr = translator(lang)
    if not found:
        body = f"<p>{escape(tr.t(PROMPT))}</p>"
    else:
        body = "".join(_article(d, tr) for d in found)
    if more:
        body += "<p>" + escape(tr.tn("… and {n} more here: see the table below.",
                                     "… and {n} more here: see the table below.", more)) + "</p>"
    label = escape(tr.t("Details of the chosen place"))
    # As tall as the map at most: a place with many rows scrolls (from the keyboard too).
    return (f'{PANEL_CSS}<section class="efus-details" aria-live="polite" '
            f'aria-label="{label}" tabindex="0">{body}</section>')  # fmt: skip


PROMPT = N_("Choose a place in the list above, or click a point on the map, to see what "
            "happened there, with its source.")  # fmt: skip


def _article(d: Details, tr: Translator) -> str:
    facts = "".join(
        f"<dt>{escape(tr.t('{label}: {value}', label=k, value='').rstrip())}</dt>"
        f"<dd> {escape(v)}</dd>"
        for k, v in d.facts
    )
    parts = [f"<h2>{escape(d.title)}</h2>", f"<dl>{facts}</dl>"]
    if d.description:
        parts.append(f"<p>{escape(d.description)}</p>")
    if d.notes:
        parts.append(f"<p><strong>{escape(tr.t('Staff notes'))}</strong> {escape(d.notes)}</p>")
    if d.source:
        name = escape(tr.t("Source: {title}", title=d.title))
        parts.append(f'<p><a href="{escape(d.source)}" target="_blank" rel="noopener" '
                     f'aria-label="{name}">{escape(tr.t("Source"))} ↗</a></p>')  # fmt: skip
    return "<article>" + "".join(parts) + "</article>"


def place_labels(rows: pd.DataFrame, *, lang: str = DEFAULT) -> dict[str, str]:
    """How the place list names each row, by id: 'Mobile barriers — Liège, Belgium' (plain
    text; the country in the reader's language). Made column-wise: the list names every row
    shown on each rerun, up to 50,000 (a row at a time took ~200 ms of a rerun)."""
    tr = translator(lang)
    column = lambda name: (rows[name].fillna("").astype(str) if name in rows  # noqa: E731
                           else pd.Series("", index=rows.index))  # fmt: skip
    city, iso = column("city"), column("country")
    country = iso.map({c: country_label(tr, c) for c in iso.unique() if c}).fillna("")
    both = (city != "") & (country != "")
    where = (city + np.where(both, ", ", "") + country).to_numpy()
    name = column("name").to_numpy()
    label = np.where(where != "", name + " — " + where, name)
    return dict(zip(column("id").tolist(), label.tolist(), strict=True))
