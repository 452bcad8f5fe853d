"""Italian unions of municipalities (reference/unions.csv): a union named after its land is
proposed for review at the seat IndicePA records, a misspelt one too and says so, another
union's name or a body that is not a union is left alone. The names are taken from IndicePA's
list, never from the evaluation lists."""

from __future__ import annotations

import csv

import pytest

from geo.places.geocoder import Geocoder, _km, default_geocoder
from geo.places.unions import REFERENCE, Unions, core


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("Unione Terre di Castelli", "Vignola"),  # "castles": not Castelli, in Abruzzo
        ("Unione Reno Galliera", "San Giorgio di Piano"),  # its seat, not Galliera
        ("Unione della Romagna Faentina", "Faenza"),
        ("Unione dei Comuni della Bassa Romagna", "Lugo"),
        ("Unione Valdera", "Pontedera"),
        ("UNIONE MONTANA DEI COMUNI DEL MUGELLO", "Borgo San Lorenzo"),  # upper case
        ("Comunità montana della Lessinia", "Bosco Chiesanuova"),  # accent, not apostrophe
        ("Unione dei Comuni Terre di Pianura", "Granarolo dell'Emilia e Viadagola"),
    ],
)
def test_a_union_named_after_its_land_is_proposed_at_its_seat(geocoder, name, town):
    found = geocoder.resolve(name, "IT")
    assert found.place is not None and found.place.name == town
    assert found.status == "fuzzy" and found.needs_review and found.precision == "city"
    assert found.said[-1][0] == "place_union_seat"
    assert f"is shown at {town}, its seat as the register" in found.explain("en")
    assert f"est montrée à {town}, son siège selon le registre" in found.explain("fr")


def test_a_misspelt_union_is_proposed_and_says_which_union_it_read(geocoder):
    found = geocoder.resolve("Unione della Romagna Faentna", "IT")
    assert found.place is not None and found.place.name == "Faenza"
    assert found.status == "fuzzy"
    assert "read as 'Unione della Romagna Faentina', the nearest spelling" in found.explain("en")
    assert "l’union de communes au nom le plus proche" in found.explain("fr")


def test_a_union_is_not_taken_for_another_of_a_near_name(geocoder):
    # "Terre di Castelli" (Vignola, Modena) and "Terra dei Castelli" (Agugliano, Ancona) are
    # two unions 200 km apart: each name keeps its own.
    one = geocoder.resolve("Unione Terre di Castelli", "IT")
    other = geocoder.resolve("Unione Terra dei Castelli", "IT")
    assert (one.place.name, other.place.name) == ("Vignola", "Agugliano")


@pytest.mark.parametrize(
    "name",
    [
        "Unione Italiana Ciechi",  # an association opening with "Unione"
        "Comunità di Sant'Egidio",  # "Comunità" alone: another body, not a union
        "Unione Nazionale Comuni Comunità Enti Montani",  # in IndicePA's list, an association
    ],
)
def test_a_body_that_is_not_a_union_is_not_placed_as_one(geocoder, name):
    found = geocoder.resolve(name, "IT")
    assert all(code not in ("place_union_seat", "place_union_spelt") for code, _ in found.said)


def test_a_union_is_not_found_abroad(geocoder):
    found = geocoder.resolve("Unione Terre di Castelli", "ES")
    assert all(code != "place_union_seat" for code, _ in found.said)


def test_a_name_without_a_union_s_words_stays_with_the_readings_of_places():
    unions = Unions.from_file()
    assert unions.find("Valdera") is None and unions.find("Unione Valdera") is not None
    assert core("Unione dei Comuni della Bassa Romagna") == ("bassa romagna", True)
    assert core("XVIII Comunita' Montana Area Romana") == ("area romana", True)


def test_every_union_is_shown_inside_italy_at_its_seat(geocoder):
    # The seat is the town of IndicePA's address: within the gazetteer and Italy's borders.
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 600
    rome = geocoder.gazetteer.by_id(3169070)
    for row in rows:
        town = geocoder.gazetteer.by_id(int(row["geonameid"]))
        assert town is not None and town.country == "IT", row["name"]
        assert _km(town.lat, town.lon, rome.lat, rome.lon) < 1300, row["name"]
        assert row["source"].startswith("IndicePA"), row["name"]


@pytest.mark.parametrize(
    ("name", "namesake", "town"),
    [
        ("Unione dei Comuni del Frignano", "Frignano", "Pavullo nel Frignano"),  # not by Caserta
        ("Unione dei Comuni Montedoro", "Montedoro", "Faggiano"),  # not the Sicilian village
        # a list adds the province's code in brackets and drops "dei"
        ("Unione comuni del Frignano (MO)", "Frignano", "Pavullo nel Frignano"),
    ],
)
def test_a_namesake_town_far_from_a_union_gives_way_to_the_union(geocoder, name, namesake, town):
    # Read as an official form, "Unione dei Comuni del Frignano" was Frignano, matched, 460 km
    # from the union's towns.
    found = geocoder.resolve(name, "IT")
    assert found.place is not None and found.place.name == town != namesake
    assert found.status == "fuzzy" and found.said[-1][0] == "place_union_seat"


def test_a_union_named_after_a_member_town_near_its_seat_keeps_that_town(geocoder):
    # Terralba is the union's own town, 4 km from its registered seat: the name says it.
    found = geocoder.resolve("Unione dei Comuni del Terralbese", "IT")
    assert found.place is not None and found.place.name == "Terralba"


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("Comunità montana del Pinerolese", "Perosa Argentina"),
        ("Unione Montana del Pinerolese", "Torre Pellice"),  # the same land, another body
    ],
)
def test_a_mountain_community_and_a_union_of_one_land_are_told_apart(geocoder, name, town):
    found = geocoder.resolve(name, "IT")
    assert found.place is not None and found.place.name == town


def test_two_unions_of_one_name_in_two_towns_are_left_to_the_reviewer():
    # "Unione Terra di Mezzo" (Cadelbosco di Sopra) and "Unione dei Comuni Terra di Mezzo"
    # (Mirabella Eclano): 600 km apart, the name says neither.
    assert Unions.from_file().find("Unione Terra di Mezzo") is None


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("Union of Municipalities of Bassa Romagna", "Lugo"),  # an English list's translation
        ("Union des communes de la Romagna Faentina", "Faenza"),  # a French one's
        ("Mountain Community of Lessinia", "Bosco Chiesanuova"),
    ],
)
def test_a_union_named_in_english_or_french_is_found_at_its_seat(geocoder, name, town):
    found = geocoder.resolve(name, "IT")
    assert (found.status, found.place and found.place.name) == ("fuzzy", town)


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("Unione Alta Valle Sacco", "Olevano Romano"),  # "… Alta Valle del Sacco"
        ("Unione Colline Riddone (CN)", "Corneliano d'Alba"),  # "Unione Colline del Riddone"
    ],
)
def test_a_union_written_without_its_linking_words_is_proposed_at_its_seat(geocoder, name, town):
    found = geocoder.resolve(name, "IT")
    assert found.place is not None and found.place.name == town
    assert found.status == "fuzzy"
    assert "the nearest spelling of a union of municipalities" in found.explain("en")
