"""Germany's districts (Landkreise, Kreise): found under the names lists give them and shown at
the seat of their administration, as Destatis' register states it (reference/districts.csv).
Cases are rows of that register, never the evaluation lists'."""

from __future__ import annotations

import csv

import pytest

from geo.places.gazetteer import DISTRICTS, district_names
from geo.places.geocoder import Geocoder, area_text, default_geocoder
from geo.places.institutions import REFERENCE

SUPRAMUNICIPAL = REFERENCE.parent / "supramunicipal.csv"


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)


def rows(path=DISTRICTS) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_district_of_the_register_is_in_the_file_once_with_its_seat_and_source(geocoder):
    """294 districts in the register, less the two kept as bodies (Region Hannover,
    StädteRegion Aachen): each once, of a district's kind, its seat a town of the gazetteer
    with that name, inside Germany."""
    districts = rows()
    assert len(districts) == 292
    assert len({d["code"] for d in districts}) == len(districts)
    assert {d["kind"] for d in districts} == {"Landkreis", "Kreis", "Regionalverband"}
    for district in districts:
        seat = geocoder.gazetteer.by_id(int(district["geonameid"]))
        assert seat is not None and seat.country == "DE", district
        assert (seat.name, district["source"].split()[0]) == (district["seat"], "Destatis")


def test_a_district_that_is_a_supramunicipal_body_is_not_added_twice(geocoder):
    bodies = {row["name"].casefold() for row in rows(SUPRAMUNICIPAL)}
    assert not bodies & {d["name"].casefold() for d in rows()}
    assert {"region hannover", "städteregion aachen"} <= bodies
    found = geocoder.resolve("Region Hannover", "DE")
    assert (found.status, found.territory, found.source) == ("matched", None, "reference")


@pytest.mark.parametrize(
    ("name", "seat", "code"),
    [
        ("Landkreis Prignitz", "Perleberg", "DE-12070"),
        ("Kreis Nordfriesland", "Husum", "DE-01054"),
        ("Landkreis Marburg-Biedenkopf", "Marburg an der Lahn", "DE-06534"),
        ("Rhein-Neckar-Kreis", "Heidelberg", "DE-08226"),  # a seat in a city outside it
        ("Kreis Rhein-Neckar", "Heidelberg", "DE-08226"),
        ("Landratsamt Esslingen", "Esslingen", "DE-08116"),
        ("Kreisverwaltung Mainz-Bingen", "Ingelheim am Rhein", "DE-07339"),
        ("Kreisverwaltung des Landkreises Mainz-Bingen", "Ingelheim am Rhein", "DE-07339"),
        ("Erzgebirgskreis", "Annaberg-Buchholz", "DE-14521"),
        ("Märkischer Kreis", "Lüdenscheid", "DE-05962"),
        ("Hochsauerlandkreis", "Meschede", "DE-05958"),
        ("Kreis Lippe", "Detmold", "DE-05766"),
        ("Landkreis Hildesheim", "Hildesheim", "DE-03254"),
        ("LK Harburg", "Winsen", "DE-03353"),  # not Harburg, a town in Swabia
        ("des Landkreises Harburg", "Winsen", "DE-03353"),
        ("Hildesheim District", "Hildesheim", "DE-03254"),
        ("District of Lippe", "Detmold", "DE-05766"),
        ("Landkreis Dillingen", "Dillingen an der Donau", "DE-09773"),  # "Dillingen a.d.Donau"
        ("Landkreis Nienburg/Weser", "Nienburg", "DE-03256"),  # "Nienburg (Weser)"
        ("Landkreis Mühldorf am Inn", "Mühldorf", "DE-09183"),  # "Mühldorf a.Inn"
        ("Landkreis Wunsiedel im Fichtelgebirge", "Wunsiedel", "DE-09479"),
        ("Landkreis Neumarkt i.d.OPf.", "Neumarkt in der Oberpfalz", "DE-09373"),
        ("Regionalverband Saarbrücken", "Saarbrücken", "DE-10041"),
    ],
)
def test_a_district_is_placed_at_its_seat_as_a_province(geocoder, name, seat, code):
    found = geocoder.resolve(name, "DE")
    assert (found.status, found.precision, found.place.name) == ("matched", "region", seat)
    assert (found.territory.code, found.territory.kind) == (code, "district")


@pytest.mark.parametrize(
    ("name", "seat"),
    [
        ("Landkreis Rostock", "Güstrow"),  # the city of Rostock is kreisfrei
        ("Kreis Offenbach", "Dietzenbach"),  # Offenbach am Main is kreisfrei
        ("Landkreis Pinneberg", "Elmshorn"),  # its administration moved to Elmshorn
        ("Landkreis Neunkirchen", "Ottweiler"),
    ],
)
def test_a_district_named_after_another_town_is_shown_at_its_seat_not_that_town(
    geocoder, name, seat
):
    found = geocoder.resolve(name, "DE")
    assert (found.status, found.place.name, found.territory.kind) == ("matched", seat, "district")


@pytest.mark.parametrize("city", ["Rostock", "Offenbach", "Pinneberg", "Kassel", "München"])
def test_a_town_written_alone_is_the_town_not_the_district_of_its_name(geocoder, city):
    found = geocoder.resolve(city, "DE")
    assert (found.status, found.precision, found.territory) == ("matched", "city", None)


def test_the_answer_says_how_the_name_was_read_and_that_the_seat_is_the_districts(geocoder):
    found = geocoder.resolve("Landratsamt Esslingen", "DE")
    assert found.reading.removed == ("landratsamt",)
    assert found.explain("en").startswith("read as 'Esslingen' after removing 'landratsamt'")
    assert found.explain("en").endswith("Esslingen (DE-08116) is shown at Esslingen, its seat")
    assert "siège de son administration" in found.explain("fr")
    assert area_text(found) == "Esslingen (DE-08116): district, shown at Esslingen, its seat"
    assert area_text(found, "fr").startswith("Esslingen (DE-08116) : arrondissement allemand")


def test_a_districts_service_after_a_dash_is_read_as_the_district(geocoder):
    found = geocoder.resolve("Kreis Nordfriesland - Fachdienst Rettungswesen", "DE")
    assert (found.status, found.place.name, found.territory.code) == ("matched", "Husum",
                                                                      "DE-01054")  # fmt: skip
    assert "Fachdienst Rettungswesen" in found.reading.removed


def test_a_short_name_two_districts_share_names_neither():
    """ "Neustadt a.d.Waldnaab" and "Neustadt a.d.Aisch-Bad Windsheim" are both "Neustadt"
    once their river is read off: that short name is neither district's."""
    assert "Dillingen" in district_names("Dillingen a.d.Donau", "Landkreis")
    assert "Neustadt" in district_names("Neustadt a.d.Waldnaab", "Landkreis")
    found = default_geocoder().resolve("Landkreis Neustadt", "DE")
    assert found.status != "matched" and found.territory is None


def test_a_districts_centroid_is_inside_germany_near_its_seat(geocoder):
    """The centroid (the whole-area choice of the review) is the mean of the district's
    towns: within 60 km of its seat, unless the seat is a city outside it."""
    g = geocoder.gazetteer
    area = g.territory("DE-12070")
    assert area is not None and area.kind == "district" and area.level == 3
    seat = g.place(area.seat)
    assert abs(area.lat - seat.lat) < 0.5 and abs(area.lon - seat.lon) < 0.8


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Landkreis Kassel", "DE-06633"),
        ("Regierungsbezirk Kassel", "DE.05.066"),  # the Regierungsbezirk, at Kassel too
        ("Landratsamt Tübingen", "DE-08416"),
        ("Regierungspräsidium Tübingen", "DE.01.084"),
    ],
)
def test_a_districts_word_names_the_district_another_areas_word_that_area(geocoder, name, code):
    found = geocoder.resolve(name, "DE")
    assert (found.status, found.territory.code) == ("matched", code)

