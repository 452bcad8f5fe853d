"""What the panel beside the map says about one row that a click found (plain text: the page
escapes it with ``geo.dashboard.markdown.md_escape``), and how a row's dates read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

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
