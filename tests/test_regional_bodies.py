"""Whole published lists of regional bodies in reference/supramunicipal.csv, read as a user's
list writes them: Portugal's intermunicipal communities (CIM), metropolitan areas and regional
coordination and development commissions (CCDR); Belgium's intercommunales for economic and
territorial development; Greece's 13 regions and municipalities as their names are written
in the genitive. Cases are written from the lists and pages
the file cites, never from the evaluation lists of bench/data/."""

from __future__ import annotations

import csv

import pytest

from geo.places.geocoder import Geocoder, default_geocoder
from geo.places.institutions import SUPRAMUNICIPAL
from tests.test_supramunicipal import _km


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)


def _codes(found) -> list[str]:
    return [code for code, _ in found.said]


def test_portugal_lists_sixteen_of_its_21_cims_its_two_metropolitan_areas_and_four_ccdrs():
    with SUPRAMUNICIPAL.open(encoding="utf-8", newline="") as f:
        rows = [row for row in csv.DictReader(f) if row["country"] == "PT"]
    kinds = [row["kind"] for row in rows]
    assert kinds.count("intermunicipal") == 16
    assert kinds.count("metropolitan_area") == 2
    assert kinds.count("regional_coordination") == 4


@pytest.mark.parametrize(
    ("name", "seat", "lat", "lon"),
    [
        # As the CIMs write themselves and as partner lists shorten them.
        ("Comunidade Intermunicipal do Alto Minho", "Ponte de Lima", 41.767, -8.584),
        ("CIM Alto Minho", "Ponte de Lima", 41.767, -8.584),
        ("CIM do Tâmega e Sousa", "Penafiel", 41.208, -8.283),
        ("CIM Região de Leiria", "Leiria", 39.744, -8.807),
        ("Comunidade Intermunicipal das Beiras e Serra da Estrela", "Guarda", 40.538, -7.266),
        ("OesteCIM", "Caldas da Rainha", 39.403, -9.138),
        ("CIMBAL", "Beja", 38.015, -7.863),
        ("Intermunicipal Community of Alto Minho", "Ponte de Lima", 41.767, -8.584),
        # The two metropolitan areas, by name, in English and by acronym (country given).
        ("Área Metropolitana do Porto", "Porto", 41.149, -8.611),
        ("AMP", "Porto", 41.149, -8.611),
        ("Lisbon Metropolitan Area", "Lisboa", 38.725, -9.150),
        ("AML", "Lisboa", 38.725, -9.150),
        # The CCDRs, in Portuguese, English and Spanish.
        ("Comissão de Coordenação e Desenvolvimento Regional do Norte", "Porto", 41.149, -8.611),
        ("CCDR Centro", "Coimbra", 40.207, -8.420),
        ("Commission for Coordination and Regional Development of Alentejo", "Évora", 38.566,
         -7.904),
        ("Comisión de Coordinación y Desarrollo Regional de la Región Norte", "Porto", 41.149,
         -8.611),
        ("CCDR Algarve", "Faro", 37.019, -7.927),
    ],
)
def test_a_portuguese_regional_body_is_matched_at_the_seat_its_page_states(
    geocoder, name, seat, lat, lon
):
    found = geocoder.resolve(name, "PT")
    assert found.status == "matched" and found.source == "reference" and found.precision == "city"
    assert _km(found, lat, lon) < 5
    assert "place_body_seat" in _codes(found) and seat in found.explain()


@pytest.mark.parametrize(
    ("land", "seat", "lat", "lon"),
    [("Cávado", "Braga", 41.551, -8.423), ("Tâmega e Sousa", "Penafiel", 41.208, -8.283),
     ("Médio Tejo", "Tomar", 39.602, -8.409), ("Região de Aveiro", "Aveiro", 40.646, -8.646),
     ("Alto Minho (Minho-Lima)", "Ponte de Lima", 41.767, -8.584)],
)  # fmt: skip
def test_a_nuts3_region_is_its_cims_land_and_shown_at_the_cims_seat(
    geocoder, land, seat, lat, lon
):
    found = geocoder.resolve(land, "PT")
    assert found.status == "matched" and _km(found, lat, lon) < 5
    assert "place_body_land" in _codes(found)
    assert found.explain("en").count("NUTS III") == 1 and seat in found.explain("en")
    french = found.explain("fr")
    assert "est le territoire de Comunidade Intermunicipal" in french and seat in french


def test_a_land_alone_names_no_body_without_the_rows_country(geocoder):
    # "Oeste" alone is a word ("west") before it is a land: only with country PT is it the CIM's.
    assert geocoder.resolve("Oeste", None).source != "reference"
    assert geocoder.resolve("Oeste", "PT").source == "reference"
    # The acronyms stay the towns' when no country says otherwise (AML: Āmol, in Iran).
    assert geocoder.resolve("AML", None).country != "PT"


@pytest.mark.parametrize(
    ("region", "seat", "lat", "lon"),
    [("Região Norte", "Porto", 41.149, -8.611), ("Região Centro", "Coimbra", 40.207, -8.420),
     ("Região do Alentejo", "Évora", 38.566, -7.904), ("Alentejo", "Évora", 38.566, -7.904)],
)  # fmt: skip
def test_a_mainland_nuts2_region_is_shown_at_its_ccdrs_seat_saying_how_it_was_read(
    geocoder, region, seat, lat, lon
):
    found = geocoder.resolve(region, "PT")
    assert found.status == "matched" and _km(found, lat, lon) < 5
    assert seat in found.explain("fr") and "Comissão de Coordenação" in found.explain("fr")
    if region.startswith("Região"):
        assert _codes(found)[0] == "place_read_as"
        assert "after removing 'regiao" in found.explain("en")


def test_a_region_word_alone_is_not_a_region(geocoder):
    # "Norte" and "Centro" are words of many names: never the CCDR without "Região" or "CCDR".
    for word in ("Norte", "Centro"):
        assert geocoder.resolve(word, "PT").source != "reference"


@pytest.mark.parametrize(
    ("name", "seat", "lat", "lon"),
    [
        # As EU project partner lists write them: with "Intercommunale", its acronym, a country
        # in brackets, or the group's other intercommunale at the same seat.
        ("Intercommunale Leiedal", "Kortrijk", 50.828, 3.265),
        ("WVI", "Brugge", 51.209, 3.224),
        ("IGEMO", "Mechelen", 51.026, 4.478),
        ("IGRETEC", "Charleroi", 50.411, 4.444),
        ("Idélux Projets publics", "Arlon", 49.683, 5.817),
        ("intercommunale IDETA", "Tournai", 50.607, 3.389),
        ("SPI", "Liège", 50.634, 5.567),
        ("IDEA (BE)", "Mons", 50.454, 3.952),
        ("Haviland", "Zellik", 50.884, 4.273),
    ],
)
def test_a_belgian_intercommunale_is_matched_at_its_registered_seat(geocoder, name, seat, lat, lon):
    found = geocoder.resolve(name, "BE")
    assert found.status == "matched" and found.source == "reference"
    assert _km(found, lat, lon) < 5 and seat in found.explain("fr")


def test_an_intercommunale_with_its_country_in_brackets_says_what_was_read(geocoder):
    found = geocoder.resolve("IDETA (BE)", "BE")
    assert found.status == "matched" and "Tournai" in found.explain()
    assert found.explain("en").startswith("read as 'IDETA' after removing '(BE)'")
    assert found.explain("fr").startswith("lu comme 'IDETA' après avoir retiré '(BE)'")


def test_an_intercommunale_the_file_does_not_list_is_a_town_for_review_never_matched(geocoder):
    # "Intercommunale de Mons" names no body of the file (IDEA's names are longer): Mons read
    # inside a longer name, proposed for review; an acronym of a town elsewhere stays that
    # town's without BE.
    found = geocoder.resolve("Intercommunale de Mons", "BE")
    assert found.status == "fuzzy" and found.source != "reference"
    assert geocoder.resolve("SPI", None).source != "reference"


# The 13 Greek regions (Kallikratis, law 3852/2010) as they write themselves, in the genitive,
# each at its capital.
GREEK_REGIONS = [
    ("Περιφέρεια Ανατολικής Μακεδονίας και Θράκης", "GR-A"),
    ("Περιφέρεια Κεντρικής Μακεδονίας", "GR-B"), ("Περιφέρεια Δυτικής Μακεδονίας", "GR-C"),
    ("Περιφέρεια Ηπείρου", "GR-D"), ("Περιφέρεια Θεσσαλίας", "GR-E"),
    ("Περιφέρεια Ιονίων Νήσων", "GR-F"), ("Περιφέρεια Δυτικής Ελλάδας", "GR-G"),
    ("Περιφέρεια Στερεάς Ελλάδας", "GR-H"), ("Περιφέρεια Αττικής", "GR-I"),
    ("Περιφέρεια Πελοποννήσου", "GR-J"), ("Περιφέρεια Βορείου Αιγαίου", "GR-K"),
    ("Περιφέρεια Νοτίου Αιγαίου", "GR-L"), ("Περιφέρεια Κρήτης", "GR-M"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "code"), GREEK_REGIONS)
def test_each_greek_region_in_the_genitive_is_placed_as_a_region(geocoder, name, code):
    found = geocoder.resolve(name, "GR")
    assert found.status == "matched" and found.precision == "region"
    assert found.territory is not None and found.territory.code == code
    assert found.explain("en").startswith("read as ")


@pytest.mark.parametrize(
    ("name", "code", "capital"),
    [("Region of Western Greece", "GR-G", "Pátra"), ("Region of Western Macedonia", "GR-C",
      "Kozáni"), ("Region of Ionian Islands", "GR-F", "Corfu"),
     ("Region of Eastern Macedonia – Thrace", "GR-A", "Komotiní")],
)  # fmt: skip
def test_a_greek_region_in_its_own_english_name_is_placed_at_its_capital(
    geocoder, name, code, capital
):
    found = geocoder.resolve(name, "GR")
    assert found.precision == "region" and found.territory.code == code
    assert found.place.name == capital


def test_a_greek_municipality_is_read_after_dimou_the_genitive_of_dimos(geocoder):
    # "Δήμου Θεσσαλονίκης" ("of the Municipality of Thessaloniki"), as a list copies it from
    # a sentence: the same city as "Δήμος Θεσσαλονίκης", saying what was read off.
    found = geocoder.resolve("Δήμου Θεσσαλονίκης", "GR")
    assert found.status == "matched" and found.place.name == "Thessaloníki"
    assert "after removing 'δημου'" in found.explain("en")


def test_a_greek_municipality_named_after_its_land_is_not_guessed(geocoder):
    # East Samos sits at Vathy, not at a town called Samos: with no list of seats at hand, not
    # found rather than a point in the wrong town.
    for name in ("Δήμος Ανατολικής Σάμου", "Δήμος Παύλου Μελά", "Municipality of East Samos"):
        assert geocoder.resolve(name, "GR").status == "not_found"
