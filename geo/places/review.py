"""The geocoding review of an upload: every place the geocoder is not sure of, grouped by the
name it looked up, with the candidates a person chooses from.

A choice is kept as a manual override in the store (``Store.set_override``) under the name the
geocoder looked up (the row's city, else its name) and the country, so it settles every row
of that place, in this upload and in later ones. A row whose position is written in the file
is placed by that position: an override cannot move it, so its fix goes into the row's
lat/lon (``from_data``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from geo.data.cells import AXES, CellError, parse_coordinate, parse_number
from geo.data.countries import country_name, fold
from geo.errors import GeoError
from geo.places.gazetteer import Place
from geo.places.geocoder import Geocoder, Resolution, Said, explain, say

REVIEW_STATUSES = ("ambiguous", "fuzzy", "not_found")


class ReviewError(GeoError, ValueError):
    """A position typed in the review cannot be used."""

    code = "position_invalid"


@dataclass(frozen=True, slots=True)
class Choice:
    """A position a reviewer may pick: a gazetteer candidate or the geocoder's best guess."""

    label: str
    lat: float
    lon: float
    said: tuple[Said, ...] = ()  # the label's words by code, when they are ours (not a name)

    def text(self, lang: str = "en") -> str:
        """The label in ``lang``: a gazetteer name as it is, our words from the catalogue."""
        return explain(self.said, lang=lang) if self.said else self.label


@dataclass(frozen=True, slots=True)
class ReviewItem:
    """One place to settle, with every upload row it concerns."""

    query: str  # the name the geocoder looked up: what the override is kept under
    country: str  # ISO2 ("" when the row's country is unknown)
    rows: tuple[int, ...]  # spreadsheet rows of the upload
    names: tuple[str, ...]  # the rows' names, for the reviewer
    status: str  # ambiguous, fuzzy, not_found, or matched with a position outside the country
    message: str
    choices: tuple[Choice, ...]
    from_data: bool = False
    said: tuple[Said, ...] = ()  # ``message`` by code (Resolution.said)

    def explain(self, lang: str = "en") -> str:
        """What the geocoder says of this place, in ``lang``."""
        return explain(self.said, lang=lang) if self.said else self.message

    @property
    def key(self) -> str:
        return f"{fold(self.query)}|{self.country}"

    @property
    def title(self) -> str:
        where = country_name(self.country) if self.country else "no country"
        rows = ", ".join(str(r) for r in self.rows)
        return f"{self.query} ({where}) · row{'s' * (len(self.rows) > 1)} {rows}"


def resolve_rows(frame: pd.DataFrame, *, geocoder: Geocoder) -> list[Resolution]:
    """The geocoder's answer for each row of a dataset frame, in order."""
    return [
        geocoder.resolve(
            r.get("name", ""), r.get("country", ""), city=r.get("city", ""),
            kind=r.get("kind", ""), lat=_number(r.get("lat")), lon=_number(r.get("lon")),
        )
        for r in frame.to_dict("records")
    ]  # fmt: skip


def review_items(frame: pd.DataFrame, *, geocoder: Geocoder) -> tuple[ReviewItem, ...]:
    """What needs a person: rows ``ambiguous``, ``fuzzy`` or ``not_found``, and rows whose
    position in the file lies outside their country. ``frame`` is an intake's frame (``_row``
    the spreadsheet row); rows of one place in one country make one item."""
    groups: dict[tuple[str, str, bool], dict] = {}
    for record, found in zip(frame.to_dict("records"), resolve_rows(frame, geocoder=geocoder)):
        if not found.needs_review:
            continue
        from_data = found.source == "data"
        query = _text(record.get("city")) or _text(record.get("name"))
        country = _text(record.get("country"))
        if len(country) != 2:
            country = found.country or ""
        group = groups.setdefault((fold(query), country, from_data), {
            "query": query, "country": country, "rows": [], "names": [], "found": found,
        })  # fmt: skip
        group["rows"].append(int(record.get("_row") or 0))
        group["names"].append(_text(record.get("name")))
    items = []
    for (_, _, from_data), g in groups.items():
        first: Resolution = g["found"]
        items.append(ReviewItem(
            g["query"], g["country"], tuple(g["rows"]), tuple(dict.fromkeys(g["names"])),
            first.status if first.status in REVIEW_STATUSES else "outside the country",
            first.message, _choices(first), from_data, first.said,
        ))  # fmt: skip
    return tuple(sorted(items, key=lambda i: i.rows[0]))


def _choices(found: Resolution) -> tuple[Choice, ...]:
    out: list[Choice] = []
    for place in found.candidates:
        out.append(_place_choice(place))
    lat, lon = found.lat, found.lon
    if found.place is None and found.source == "data" and lat is not None and lon is not None:
        # The file's own position, and the same swapped: the two a reviewer hesitates between.
        out.append(_choice("choice_as_in_file", lat, lon))
        out.append(_choice("choice_swapped", lon, lat))
    elif found.place is not None and not any(c.lat == found.lat for c in out):
        out.insert(0, _place_choice(found.place))
    if (area := found.territory) is not None:
        # An area may be kept as an area: at the mean position of its towns, not at one town.
        said = say("choice_area_whole", area=area.name, code=area.code,
                   lat=f"{area.lat:.2f}", lon=f"{area.lon:.2f}")  # fmt: skip
        out.append(Choice(explain(said), area.lat, area.lon, said))
    return tuple(out)


def _place_choice(place: Place) -> Choice:
    """A gazetteer candidate, told apart from its namesakes as ``Place.label`` does, in the
    reader's language (population with its separators)."""
    said = say("choice_place", name=place.name, iso=place.country,
               population=place.population, lat=f"{place.lat:.2f}", lon=f"{place.lon:.2f}",
               geonameid=place.geonameid)  # fmt: skip
    return Choice(place.label(), place.lat, place.lon, said)


def _choice(code: str, lat: float, lon: float) -> Choice:
    said = say(code, lat=f"{lat:.5f}", lon=f"{lon:.5f}")
    return Choice(explain(said), lat, lon, said)


def position(lat: object, lon: object) -> tuple[float, float]:
    """A typed position as two numbers in range, read as a file's cells are
    (``geo.data.cells.parse_coordinate``: a decimal comma is accepted, ``4_3.7`` is not)."""
    return _typed(lat, axis="lat"), _typed(lon, axis="lon")


def _typed(value: object, *, axis: str) -> float:
    word, limit = AXES[axis]
    try:
        return parse_coordinate(value, axis=axis)
    except CellError as error:
        if error.code == f"{axis}_out_of_range":
            raise ReviewError.of("position_out_of_range", word=word, limit=limit,
                                 number=error.params["number"]) from None  # fmt: skip
        raise ReviewError.of("position_invalid", word=word, text=value) from None


def choice_map_frame(item: ReviewItem, *, lang: str = "en") -> pd.DataFrame:
    """The candidates as map rows for the engine (``geo.maps.engine.build_map``), named in
    ``lang``."""
    return pd.DataFrame({
        "name": [c.text(lang) for c in item.choices],
        "lat": [c.lat for c in item.choices],
        "lon": [c.lon for c in item.choices],
        "kind": "city",
        "activity": "candidate",
        "precision": "city",
    })  # fmt: skip


def choice_at(item: ReviewItem, clicked: Mapping | None) -> int | None:
    """The index of the candidate clicked on the map (``st_folium``'s last_object_clicked)."""
    point = (clicked or {}).get("last_object_clicked") or {}
    lat, lon = _number(point.get("lat")), _number(point.get("lng"))
    if lat is None or lon is None:
        return None
    for i, c in enumerate(item.choices):
        if round(c.lat * 1e5) == round(lat * 1e5) and round(c.lon * 1e5) == round(lon * 1e5):
            return i
    return None


def _number(value: object) -> float | None:
    """A frame's value or a map click's coordinate; None when blank or not a number."""
    if isinstance(value, float | int) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return parse_number(value.strip())
    except CellError:
        return None


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()
