"""Supramunicipal bodies named after their land, not their seat (reference/supramunicipal.csv):
Catalan consells comarcals, Dutch veiligheidsregio's, Portuguese intermunicipal communities,
Canarian cabildos. Cases are written from the published lists the file cites, never from the
evaluation lists of bench/data/."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from geo.places.geocoder import Geocoder, default_geocoder
from geo.places.institutions import BODY_KIND_WORDS, REFERENCE, SUPRAMUNICIPAL, Seats
from tests.test_institution_lists import (  # noqa: F401 - place: the fixture
    _rows,
    assert_sourced_seat_from_geonames,
    place,
)

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["name", "aliases", "acronym", "kind", "area", "seat_city", "country", "lat", "lon",
           "source"]  # fmt: skip


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)




def _km(found, lat: float, lon: float) -> float:
    p1, p2 = math.radians(found.lat), math.radians(lat)
    dl = math.radians(lon - found.lon)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def test_every_body_has_a_kind_a_land_a_source_and_its_seat_from_geonames(place):  # noqa: F811
    with SUPRAMUNICIPAL.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows, fields = list(reader), reader.fieldnames
    assert fields == COLUMNS
    kinds = {row["kind"] for row in rows}
    assert kinds <= set(BODY_KIND_WORDS) and {"comarca", "safety_region"} <= kinds
    assert sum(row["kind"] == "safety_region" for row in rows) == 25  # the whole list
    for row in rows:
        assert row["area"], row
        assert_sourced_seat_from_geonames(place, row)


def test_no_label_or_land_names_two_bodies_in_either_reference_file(place):  # noqa: F811
    seen: dict[str, str] = {}
    for row in _rows(REFERENCE) + _rows(SUPRAMUNICIPAL):
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        for label in (row["name"], row["acronym"], *aliases):
            if label:
                key = place.fold(label)
                assert seen.setdefault(key, row["name"]) == row["name"], (label, row["name"])
    lands = [(row["kind"], place.fold(row["area"])) for row in _rows(SUPRAMUNICIPAL)]
    assert len(lands) == len(set(lands))


@pytest.mark.parametrize(
    ("name", "country", "seat", "lat", "lon"),
    [
        # Catalan consells comarcals, as they write themselves, in Spanish and in English.
        ("Consell Comarcal del Vallès Oriental", "ES", "Granollers", 41.608, 2.287),
        ("Consell Comarcal de l'Alt Empordà", "ES", "Figueres", 42.267, 2.961),
        ("Consell Comarcal del Pla de l'Estany", "ES", "Banyoles", 42.117, 2.766),
        ("Comarca de Osona", "ES", "Vic", 41.930, 2.255),
        ("Alt Penedès Comarcal Council", "ES", "Vilafranca del Penedès", 41.346, 1.698),
        # Aragonese comarcas: in Spanish, with their article.
        ("Comarca del Bajo Aragón", "ES", "Alcañiz", 41.050, -0.133),
        ("Comarca de la Jacetania", "ES", "Jaca", 42.569, -0.550),
        # The 25 Dutch safety regions sit where the list says, not in a town of their name.
        ("Veiligheidsregio Kennemerland", "NL", "Haarlem", 52.381, 4.637),
        ("Veiligheidsregio Zeeland", "NL", "Middelburg", 51.500, 3.614),
        ("Safety Region Midden- en West-Brabant", "NL", "Breda", 51.589, 4.776),
        ("Veiligheidsregio Flevoland", "NL", "Lelystad", 52.508, 5.475),
        # The Dutch police's regional units, by name or by their area after "Politie".
        ("Politie Eenheid Oost-Nederland", "NL", "Apeldoorn", 52.210, 5.969),
        ("Politie Zeeland-West-Brabant", "NL", "Tilburg", 51.556, 5.091),
        ("Comunidade Intermunicipal do Ave", "PT", "Guimarães", 41.443, -8.296),
        ("CIM Região de Coimbra", "PT", "Coimbra", 40.206, -8.420),
        ("Comunidade Intermunicipal do Algarve", "PT", "Faro", 37.019, -7.933),
        # Its seat is not the town its name starts with.
        ("CIM Viseu Dão Lafões", "PT", "Tondela", 40.517, -8.083),
        ("Cabildo de Gran Canaria", "ES", "Las Palmas de Gran Canaria", 28.100, -15.416),
        ("Consell de Mallorca", "ES", "Palma", 39.569, 2.650),
        ("Cabildo de Lanzarote", "ES", "Arrecife", 28.963, -13.548),
        ("Cabildo de La Palma", "ES", "Santa Cruz de la Palma", 28.684, -17.764),
        # German regional associations and the Polish metropolitan union, by name or acronym.
        ("Regionalverband Ruhr", "DE", "Essen", 51.457, 7.012),
        ("RVR", "DE", "Essen", 51.457, 7.012),
        ("Metropolia GZM", "PL", "Katowice", 50.258, 19.028),
        ("AMB", "ES", "Barcelona", 41.389, 2.159),
        # Regional governments named by their land's adjective, in either language.
        ("Eusko Jaurlaritza", "ES", "Vitoria-Gasteiz", 42.850, -2.672),
        ("Generalitat Valenciana", "ES", "Valencia", 39.470, -0.377),
        ("Vlaamse Regering", "BE", "Brussels", 50.850, 4.349),
        ("Metropolregion Rhein-Neckar", "DE", "Mannheim", 49.489, 8.467),
        ("Verband Region Stuttgart", "DE", "Stuttgart", 48.782, 9.177),
        ("StädteRegion Aachen", "DE", "Aachen", 50.776, 6.084),
        # Dutch regional cooperations of municipalities, by name, alias, acronym or land.
        ("Regio Twente", "NL", "Enschede", 52.218, 6.896),
        ("Parkstad Limburg", "NL", "Heerlen", 50.884, 5.982),
        ("Regio Drechtsteden", "NL", "Dordrecht", 51.810, 4.674),
        ("MRDH", "NL", "Rotterdam", 51.923, 4.479),
        ("Regio Rivierenland", "NL", "Tiel", 51.887, 5.429),
        ("Metropoolregio Eindhoven", "NL", "Eindhoven", 51.441, 5.478),
        ("Holland Rijnland", "NL", "Leiden", 52.158, 4.493),
        # Swedish associations of local authorities, in Swedish and as English pages write them.
        ("Göteborgsregionen", "SE", "Göteborg", 57.707, 11.967),
        ("Gothenburg Region Association of Local Authorities", "SE", "Göteborg", 57.707, 11.967),
        ("Skaraborgs kommunalförbund", "SE", "Skövde", 58.391, 13.845),
        # Its office is in Uddevalla, not in Vänersborg.
        ("Fyrbodal Association of Local Authorities", "SE", "Uddevalla", 58.348, 11.942),
        ("Sjuhärads kommunalförbund", "SE", "Borås", 57.721, 12.940),
        ("Storsthlm", "SE", "Stockholm", 59.329, 18.069),
        ("Kommunförbundet Norrbotten", "SE", "Luleå", 65.584, 22.155),
        ("Skåne Association of Local Authorities", "SE", "Lund", 55.706, 13.194),
        # English combined authorities, with and without "Mayoral", by acronym, without a
        # country, and under a former name.
        ("West Midlands Combined Authority", "", "Birmingham", 52.481, -1.900),
        ("WMCA", "GB", "Birmingham", 52.481, -1.900),
        ("West Yorkshire Mayoral Combined Authority", "GB", "Leeds", 53.796, -1.548),
        ("South Yorkshire Mayoral Combined Authority", "GB", "Sheffield", 53.383, -1.466),
        ("Sheffield City Region Combined Authority", "GB", "Sheffield", 53.383, -1.466),
        ("Tees Valley Combined Authority", "GB", "Darlington", 54.524, -1.550),
        ("West of England Combined Authority", "GB", "Bristol", 51.455, -2.597),
        ("East Midlands Combined County Authority", "GB", "Chesterfield", 53.250, -1.417),
        ("LCRCA", "GB", "Liverpool", 53.411, -2.978),
    ],
)
def test_a_supramunicipal_body_is_matched_at_the_seat_its_list_states(
    geocoder, name, country, seat, lat, lon
):
    found = geocoder.resolve(name, country)
    assert found.status == "matched" and found.source == "reference"
    assert _km(found, lat, lon) < 5
    codes = [code for code, _ in found.said]
    assert "place_body_seat" in codes
    assert seat in found.explain()


def test_the_answer_says_how_the_land_was_read_in_english_and_french(geocoder):
    found = geocoder.resolve("Comarca de Osona", "ES")
    assert found.said[0][0] == "place_read_as"
    assert found.explain("en").startswith("read as 'Osona' after removing 'comarca de'")
    french = found.explain("fr")
    assert "Osona" in french and "a son siège à Vic (reference/supramunicipal.csv" in french


def test_the_land_alone_or_under_another_kind_is_not_the_body(geocoder):
    # "Kennemerland" alone names no body; "Provincie Zeeland" is the province, not the safety
    # region (both in Middelburg, but only one is what the list wrote).
    assert geocoder.resolve("Kennemerland", "NL").source != "reference"
    province = geocoder.resolve("Provincie Zeeland", "NL")
    assert province.source.startswith("area:") and province.territory.code == "NL-ZE"
    assert "place_body_seat" not in [code for code, _ in province.said]


def test_a_body_is_not_placed_at_its_seat_for_another_country(geocoder):
    assert geocoder.resolve("Veiligheidsregio Kennemerland", "BE").source != "reference"


def test_a_community_the_file_does_not_list_is_not_taken_for_a_listed_one(geocoder):
    # No page at hand stated the seat of CIM Alto Tâmega: not found, never another CIM's seat.
    found = geocoder.resolve("Comunidade Intermunicipal do Alto Tâmega", "PT")
    assert found.source != "reference" and found.status != "matched"


def test_the_file_is_read_as_staff_save_it(tmp_path):
    path = tmp_path / "supramunicipal.csv"
    path.write_bytes(
        ("name;aliases;acronym;kind;area;seat_city;country;lat;lon;source\r\n"
         "Veiligheidsregio Twente;;;safety_region;Twente;Enschede;nl;52.21833;6.89583;"
         "https://example.org/vr\r\n").encode("cp1252")
    )  # fmt: skip
    seats = Seats.from_files((path,))
    assert seats.find("Veiligheidsregio Twente").city == "Enschede"
    assert seats.find("Safety region Twente").city == "Enschede"  # by its land
    assert seats.find("Provincie Twente") is None  # another kind's word
    assert seats.find("Twente") is None


def test_a_police_unit_is_found_by_its_area_only_after_the_polices_word(geocoder):
    # No unit is called Utrecht (its unit is Midden-Nederland): the town read inside the name
    # is proposed for review, never matched as a unit.
    found = geocoder.resolve("Politie Utrecht", "NL")
    assert found.source != "reference" and found.status == "fuzzy"
    assert found.place.name == "Utrecht"


@pytest.mark.parametrize(
    ("land", "country"),
    [("Twente", "NL"), ("Rivierenland", "NL"), ("Tees Valley", "GB"), ("Skaraborg", "SE")],
)
def test_a_cooperations_land_alone_is_not_the_body(geocoder, land, country):
    # A landscape or a historic province first: only the body's name or kind words name it.
    found = geocoder.resolve(land, country)
    assert found.source != "reference"
    assert "place_body_seat" not in [code for code, _ in found.said]


def test_another_kinds_word_before_twente_does_not_reach_regio_twente(geocoder):
    # "Veiligheidsregio Twente" is the safety region (both sit in Enschede, but the answer
    # names the body the list wrote); "Provincie Twente" names no body at all.
    safety = geocoder.resolve("Veiligheidsregio Twente", "NL")
    assert "Veiligheidsregio Twente" in safety.explain()
    assert geocoder.resolve("Provincie Twente", "NL").source != "reference"
