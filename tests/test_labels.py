"""The shipped basemap labels (geo/maps/assets/basemap/labels.json, made by
scripts/build_labels.py): what they name, where, from which zoom, and what they cost a page."""

from __future__ import annotations

import gzip
import json
from functools import cache

import pytest
import shapely
from shapely.geometry import shape

from geo.maps.assets import HERE

LABELS = HERE / "basemap" / "labels.json"
BASEMAP = HERE / "basemap" / "europe-50m.geojson"
EXTENT = (-32.0, 26.0, 60.0, 81.0)  # scripts/build_basemap.py: the detailed part of the map
MIN_POPULATION = 30_000


@cache
def labels() -> dict:
    return json.loads(LABELS.read_text(encoding="utf-8"))


def rows(table: str) -> list[dict]:
    data = labels()[table]
    return [dict(zip(data["columns"], row, strict=True)) for row in data["rows"]]


@cache
def basemap() -> dict[str, object]:
    features = json.loads(BASEMAP.read_text(encoding="utf-8"))["features"]
    return {
        f["properties"]["iso2"]: shape(f["geometry"]) for f in features if f["properties"]["iso2"]
    }


def test_the_file_stays_small_for_a_page():
    raw = LABELS.read_bytes()
    # A page carries it gzipped (the engine packs its payloads): well under the ~2 MB budget.
    assert len(raw) < 350 * 1024
    assert len(gzip.compress(raw)) < 120 * 1024


def test_every_country_of_the_basemap_has_a_label_inside_it():
    countries = {c["iso2"]: c for c in rows("countries")}
    assert set(countries) == set(basemap())
    for code, c in countries.items():
        geometry = basemap()[code]
        # Inside the outline a person sees, or on its edge for the smallest (Monaco, Vatican).
        assert shapely.dwithin(geometry, shapely.Point(c["lon"], c["lat"]), 0.01), c
        west, south, east, north = EXTENT
        assert west <= c["lon"] <= east and south <= c["lat"] <= north, c  # Russia west of 60°E


def test_country_names_in_english_and_french():
    countries = {c["iso2"]: c for c in rows("countries")}
    assert all(c["en"] and c["fr"] for c in countries.values())
    assert (countries["DE"]["en"], countries["DE"]["fr"]) == ("Germany", "Allemagne")
    assert (countries["IT"]["en"], countries["IT"]["fr"]) == ("Italy", "Italie")
    assert countries["XK"]["fr"] == "Kosovo"


def test_bigger_countries_are_named_from_a_lower_zoom():
    countries = sorted(rows("countries"), key=lambda c: -c["area_km2"])
    zooms = [c["minzoom"] for c in countries]
    assert zooms == sorted(zooms)
    by_code = {c["iso2"]: c["minzoom"] for c in countries}
    assert by_code["FR"] <= 4 and by_code["BE"] == 5 and by_code["LU"] == 7


def test_cities_are_in_the_map_and_big_enough_or_capitals():
    west, south, east, north = EXTENT
    cities = rows("cities")
    assert len({c["geonameid"] for c in cities}) == len(cities)
    for c in cities:
        assert west <= c["lon"] <= east and south <= c["lat"] <= north, c
        assert c["population"] >= MIN_POPULATION or c["capital"], c
    names = {c["name"] for c in cities}
    assert {"Turin", "Liège", "Gdańsk", "Valletta", "Vaduz"} <= names
    # City sections that GeoNames lists as places are not named as cities of their own.
    assert not {"Kreuzberg", "Paris 15 Vaugirard", "Circoiscrizione II"} & names


def test_bigger_cities_appear_no_later_than_smaller_ones():
    plain = sorted((c for c in rows("cities") if not c["capital"]), key=lambda c: -c["population"])
    for bigger, smaller in zip(plain, plain[1:]):
        assert bigger["minzoom"] <= smaller["minzoom"], (bigger, smaller)
    # A capital comes by zoom 5, or with its country's name (Vaduz with Liechtenstein's).
    country_zoom = {c["iso2"]: c["minzoom"] for c in rows("countries")}
    for c in rows("cities"):
        if c["capital"]:
            assert c["minzoom"] <= max(5, country_zoom[c["iso2"]]), c
    capitals = {c["name"]: c["minzoom"] for c in rows("cities") if c["capital"]}
    assert capitals["Brussels"] == 5 and capitals["Vaduz"] == 7


def test_each_zoom_adds_a_legible_number_of_cities():
    cities = rows("cities")
    counts = [sum(c["minzoom"] <= z for c in cities) for z in range(4, 10)]
    assert 30 <= counts[0] <= 120  # Europe at zoom 4: a few dozen names
    for before, after in zip(counts, counts[1:]):
        # A zoom level shows a quarter of the area: about 4 times more names fit, not 20.
        assert before < after <= 6 * before, counts


def test_city_names_in_english_from_cldr_and_in_french_from_cldr_or_geonames():
    cities = {c["name"]: c for c in rows("cities")}
    assert cities["Brussels"]["fr"] == "Bruxelles"  # CLDR's time-zone city
    assert cities["Warsaw"]["fr"] == "Varsovie"
    # GeoNames' French names (Debian's libgeonames-common) for the cities CLDR does not name.
    assert (cities["Gothenburg"]["fr"], cities["Genoa"]["fr"]) == ("Göteborg", "Gênes")
    assert (cities["Antwerp"]["fr"], cities["Aachen"]["fr"]) == ("Anvers", "Aix-la-Chapelle")
    assert "geonamesalt" in cities["Genoa"]["source"]
    assert cities["Turin"]["fr"] is None  # French says Turin too: the map falls back
    assert cities["Wrocław"]["fr"] is None  # not the historic "Vratislavie"
    assert cities["Oświęcim"]["fr"] is None  # the town, not the camp's name
    for c in cities.values():
        named_by = set(c["source"].split("+")) & {"cldr", "geonamesalt"}
        assert bool(c["en"] or c["fr"]) == bool(named_by), c
        assert not c["en"] or "cldr" in c["source"], c  # English from CLDR only
        assert not (c["fr"] or "").endswith(")")  # "Tripoli (Libye)" is a zone, not a label
        assert not (c["fr"] or "").startswith(("Province", "Commune")), c  # an area's name


@pytest.mark.parametrize("table", ["countries", "cities"])
def test_every_row_names_its_sources_and_their_licences(table):
    sources = labels()["sources"]
    assert "CC BY 4.0" in sources["geonames"]
    assert "public domain" in sources["naturalearth"]
    assert "Unicode" in sources["cldr"]
    assert "GeoNames" in labels()["attribution"]
    for row in rows(table):
        assert row["source"] and set(row["source"].split("+")) <= set(sources), row
