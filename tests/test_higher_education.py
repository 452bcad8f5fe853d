"""Universities and other higher-education institutions (reference/higher_education.csv, from
the Research Organization Registry, ROR): an official name in any of its languages is placed at
the institution's city, an alias, an acronym or a name with a department after it is proposed
there for review, and names that would mislead are not in the file. The names are taken from
the register, never from the evaluation lists."""

from __future__ import annotations

import csv

import pytest

from geo.places.gazetteer import name_key
from geo.places.geocoder import Geocoder, default_geocoder
from geo.places.higher_education import REFERENCE, Schools, generic
from geo.places.review import review_items


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize(
    ("name", "country", "town", "ror"),
    [
        ("Panteion University", "GR", "Athens", "056ddyv20"),  # no town in its name
        ("Πάντειο Πανεπιστήμιο", "GR", "Athens", "056ddyv20"),  # its Greek name
        ("Università Commerciale Luigi Bocconi", "IT", "Milan", "05crjpb27"),
        ("Aalto-yliopisto", "FI", "Espoo", "020hwjq30"),  # not Helsinki
        ("Sorbonne Université", "FR", "Paris", "02en5vm52"),  # Sorbonne is also a village
        ("Vrije Universiteit Brussel", "BE", "Brussels", "006e5kg04"),
        ("KU Leuven", None, "Leuven", "05f950310"),  # no country given: still the one
        ("The University of Salford (UK)", "GB", "Salford", "01tmqtf75"),  # its own country
        ("Sapienza University of Rome (Italy)", "IT", "Rome", "02be6w209"),
        ("KU Leuven, Belgium", "BE", "Leuven", "05f950310"),  # its country after a comma
    ],
)
def test_an_official_name_is_matched_at_the_institutions_city(geocoder, name, country, town, ror):
    found = geocoder.resolve(name, country)
    assert found.place is not None and found.place.name == town
    assert (found.source, found.precision) == (f"ror:{ror}", "city")
    assert found.status == "matched" and not found.needs_review
    assert found.said[0][0] == "place_higher_education"


def test_the_review_says_which_institution_and_its_source_in_both_languages(geocoder):
    found = geocoder.resolve("Panteion University of Social and Political Sciences", "GR")
    assert (found.status, found.place.name) == ("fuzzy", "Athens")  # an alias: for review
    assert found.explain("en").startswith(
        "Panteion University, a higher-education institution, is shown at Athens, where the "
        "Research Organization Registry (ROR 056ddyv20) places it"
    )
    assert found.explain("fr").startswith(
        "Panteion University (enseignement supérieur) : sur la carte à Athens, d’après le "
        "registre des organismes de recherche ROR (Research Organization Registry, 056ddyv20)"
    )


def test_the_intake_review_offers_the_institutions_city(geocoder):
    frame = __import__("pandas").DataFrame([{
        "name": "Bocconi University – Department of Social and Political Sciences",
        "country": "IT", "kind": "association", "city": "", "_row": 2,
    }])  # fmt: skip
    (item,) = review_items(frame, geocoder=geocoder)
    assert item.status == "fuzzy" and item.choices[0].label.startswith("Milan")
    assert "Bocconi University, a higher-education institution, is shown at Milan" in item.message


@pytest.mark.parametrize(
    ("name", "country", "town"),
    [
        ('Università degli Studi di Roma "La Sapienza"', "IT", "Rome"),  # an alias
        ("Radboud University", "NL", "Nijmegen"),  # without the city its names end with
        ("UAMD", "AL", "Durrës"),  # an acronym, with its country
        # the university after a faculty, and its town after a comma: never the whole name
        ("Faculty of Criminal Justice and Security, University of Maribor", "SI", "Maribor"),
        ("Panteion University, Athens", "GR", "Athens"),
    ],
)
def test_an_alias_an_acronym_or_a_longer_name_is_proposed_never_matched(
    geocoder, name, country, town
):
    found = geocoder.resolve(name, country)
    assert (found.status, found.place.name) == ("fuzzy", town)
    assert found.needs_review and found.source.startswith("ror:")


def test_an_acronym_without_its_country_or_in_another_is_not_read():
    schools = Schools.from_file()
    assert schools.find("UAMD", "AL") is not None
    assert schools.find("UAMD", None) is None and schools.find("UAMD", "IT") is None


def test_an_institution_of_another_country_than_the_rows_is_not_proposed(geocoder):
    found = geocoder.resolve("Bocconi University", "FR")
    assert not found.source.startswith("ror:") and found.lat is None


@pytest.mark.parametrize(
    "name",
    [
        "University", "Academy of Fine Arts", "Technical University", "Hochschule für Musik",
        "Kunstakademie",  # one word, still a kind: Münster's in ROR, Düsseldorf's as famous
    ],
)
def test_a_generic_phrase_names_no_institution(geocoder, name):
    assert generic(name_key(name))
    assert Schools.from_file().find(name, None) is None
    assert not geocoder.resolve(name, None).source.startswith("ror:")


def test_every_institution_is_at_its_citys_record_in_the_gazetteer(geocoder, rows):
    """The city's GeoNames id is the gazetteer's, and the position written is that city's
    (within 1 km) when the gazetteer has it: the file is never a second opinion."""
    known = 0
    for row in rows:
        town = geocoder.gazetteer.by_id(int(row["geonameid"]))
        if town is not None:
            known += 1
            assert abs(town.lat - float(row["lat"])) < 0.01, row["name"]
            assert abs(town.lon - float(row["lon"])) < 0.01, row["name"]
    assert known / len(rows) > 0.95


def test_an_areas_code_or_a_countrys_is_never_an_institutions_name(geocoder):
    """"TH" (an alias of Rosenheim's technical university) is Thuringia's code; "CUB" (an
    acronym of Constructor University, Bremen) is Cuba's."""
    schools = Schools.from_file()
    assert schools.find("TH", "DE") is None and schools.find("CUB", "DE") is None
    assert not geocoder.resolve("TH", "DE").source.startswith("ror:")


# -- how scripts/build_higher_education.py reads ROR's records (their two schemas) -----------

V2 = {  # the shape of ror-community/ror-records' v1.54/056ddyv20.json (schema 2), cut down
    "id": "https://ror.org/056ddyv20", "status": "active", "types": ["education"],
    "locations": [{"geonames_id": 264371, "geonames_details": {
        "country_code": "GR", "lat": 37.98376, "lng": 23.72784, "name": "Athens"}}],
    "names": [
        {"lang": "en", "types": ["ror_display", "label"], "value": "Panteion University"},
        {"lang": "en", "types": ["alias"],
         "value": "Panteion University of Social and Political Sciences"},
        {"lang": "el", "types": ["label"], "value": "Πάντειο Πανεπιστήμιο"},
    ],
}  # fmt: skip
V1 = {  # the same record in schema 1 (v1.54/v1/056ddyv20.json), cut down
    "id": "https://ror.org/056ddyv20", "status": "active", "types": ["Education"],
    "name": "Panteion University", "country": {"country_code": "GR"},
    "addresses": [{"lat": 37.98376, "lng": 23.72784, "city": "Athens",
                   "geonames_city": {"id": 264371, "city": "Athens"}}],
    "aliases": ["Panteion University of Social and Political Sciences"], "acronyms": [],
    "labels": [{"iso639": "el", "label": "Πάντειο Πανεπιστήμιο"}],
}  # fmt: skip



def test_both_schemas_of_a_record_give_the_same_row(ror_build):
    (new,), (old,) = ror_build.institutions([V2]), ror_build.institutions([V1])
    assert new == old
    assert new["name"] == ["Panteion University"] and new["labels"] == ["Πάντειο Πανεπιστήμιο"]
    assert (new["city"], new["country"], new["geonameid"]) == ("Athens", "GR", 264371)


def test_a_record_of_another_type_or_inactive_or_outside_europe_is_not_read(ror_build):
    company = {**V2, "types": ["company"]}
    closed = {**V2, "status": "withdrawn"}
    far = {**V2, "locations": [{"geonames_id": 1, "geonames_details": {
        "country_code": "US", "lat": 0.0, "lng": 0.0, "name": "Athens"}}]}  # fmt: skip
    assert ror_build.institutions([company, closed, far]) == []


def test_an_official_name_ending_with_its_city_is_also_an_alias_without_it(ror_build):
    assert ror_build._without_city(["Radboud Universiteit Nijmegen"], "Nijmegen") == [
        "Radboud Universiteit"
    ]
    assert ror_build._without_city(["Universidad Complutense de Madrid"], "Madrid") == [
        "Universidad Complutense"
    ]
    assert ror_build._without_city(["Aalto University"], "Espoo") == []


def test_the_file_holds_thousands_of_institutions_across_europe(rows):
    # Its names are checked with the organisations' (tests/test_organisations.py: no name is
    # a town, a generic phrase, two cities' or a curated body's).
    assert len(rows) > 3000 and {"FR", "DE", "IT", "ES", "GR", "PL"} <= {r["country"] for r in rows}
