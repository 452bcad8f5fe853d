"""What the panel beside the map says about one row that a click found (plain text: the page
escapes it with ``geo.dashboard.markdown.md_escape``), and how a row's dates read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

from geo.data.countries import country_name

# The row's ``precision`` → how the panel says where the point is.
LOCATED_AT = {
    "site": "the exact site",
    "city": "the city centre",
    "region": "the region",
    "country": "the country",
}


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
    source = str(row.get("source", ""))
    if urlsplit(source).scheme not in ("http", "https"):
        source = ""
    notes = str(row.get("notes", "") or "") if audience == "staff" else ""
    return Details(
        id=str(row.get("id", "")),
        title=str(row.get("name", "")),
        facts=tuple((k, v) for k, v in _facts(row) if v),
        description=str(row.get("description", "") or ""),
        source=source,
        notes=notes,
    )


def _facts(row: Mapping) -> list[tuple[str, str]]:
    city, country = str(row.get("city", "")), country_name(str(row.get("country", "")))
    return [
        ("Kind", str(row.get("kind", ""))),
        ("Place", ", ".join(p for p in (city, country) if p)),
        ("Project", str(row.get("project", ""))),
        ("Activity", str(row.get("activity", ""))),
        ("When", when(str(row.get("start", "")), str(row.get("end", "")))),
        ("Located at", LOCATED_AT.get(str(row.get("precision", "")), "")),
    ]
