"""The geocoder: the right place, or a flag for review, never a silent wrong answer."""

from __future__ import annotations

import csv
import dataclasses
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.data.countries import fold
from geo.data.dataset import load_dataset
from geo.places.geocoder import Geocoder, city_centre, default_geocoder, locate

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "data" / "geocode_heldout.csv"


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    # The default geocoder reads the online cache but never the network unless switched on.
    return Geocoder(gazetteer=default_geocoder().gazetteer)


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)  # fmt: skip
    return 2 * 6371 * math.asin(math.sqrt(a))


@pytest.mark.parametrize(
    ("name", "country", "geonameid"),
    [
        ("Venice", "Italie", 3164603),  # naive: Dayton, Ohio
        ("Brest", "France", 3030300),  # naive: Brest, Belarus
        ("Vitoria", "España", 3104499),  # naive: Vitória, Brazil
        ("Luik", "België", 2792413), ("Lüttich", None, 2792413), ("Torino", None, 3165524),
        ("Danzig", None, 3099434), ("Jávea", None, 2516336), ("Saint Etienne", None, 2980291),
        ("Den Haag", None, 2747373), ("Frankfurt a.M.", None, 2925533),
        ("Πειραιάς", "Ελλάδα", 255274), ("City of Nice", "FR", 2990440),
        ("Liège, Belgique", None, 2792413), ("Venice", None, 3164603),
    ],
)  # fmt: skip
def test_the_issue_traps_are_matched_right(geocoder, name, country, geonameid):
    found = geocoder.resolve(name, country)
    assert (found.status, found.source) == ("matched", f"geonames:{geonameid}")
    assert found.precision == "city" and found.country_check is True


@pytest.mark.parametrize(
    ("name", "country", "expected"),
    [("Brest", None, {"FR", "BY"}), ("Vitoria", None, {"ES", "BR"}), ("Neustadt", "DE", {"DE"})],
)
def test_homonyms_a_careful_person_would_stop_at_are_ambiguous(geocoder, name, country,
                                                               expected):  # fmt: skip
    found = geocoder.resolve(name, country)
    assert found.status == "ambiguous" and found.needs_review
    assert expected <= {p.country for p in found.candidates}
    assert found.lat is not None and found.message


def test_a_fuzzy_match_is_never_matched(geocoder):
    found = geocoder.resolve("Gdanks", "PL")
    assert found.status == "fuzzy" and found.needs_review
    assert found.place.name == "Gdańsk" and found.confidence < 0.9
    assert found.candidates  # what the reviewer confirms


def test_a_guessed_country_is_never_matched(geocoder):
    found = geocoder.resolve("Liège", "Belgum")
    assert found.status == "fuzzy" and found.place.country == "BE"
    assert "Belgum" in found.message
    assert found.country == "BE" and "'Belgum' read as Belgium (BE)" in found.message


def test_nothing_found_says_so_with_no_position(geocoder):
    found = geocoder.resolve("Xqzzyville", "FR")
    assert (found.status, found.lat, found.lon) == ("not_found", None, None)
    assert "Xqzzyville" in found.message


@pytest.mark.parametrize(
    ("name", "kind", "city", "country", "geonameid"),
    [("ANCI Piemonte", "association", "Turin", "IT", 3165524),
     ("safe.brussels", "agency", "Bruxelles", "BE", 2800866),
     ("Efus — European Forum for Urban Security", "network", "Paris", "FR", 2988507)],
)  # fmt: skip
def test_organisations_resolve_to_their_seat_city(geocoder, name, kind, city, country, geonameid):
    found = geocoder.resolve(name, country, city=city, kind=kind)
    assert (found.status, found.precision) == ("matched", "city")
    assert found.source == f"geonames:{geonameid}"


def test_an_organisation_without_seat_is_placed_for_review(geocoder):
    # Not a body of reference/institutions.csv (safe.brussels is: it is placed at its seat).
    found = geocoder.resolve("prevention.brussels", "BE", kind="agency")
    assert found.status == "fuzzy" and found.place.name == "Brussels"
    assert "city column" in found.message


def test_data_coordinates_win_and_are_checked(geocoder):
    found = geocoder.resolve("Promenade des Anglais", "FR", kind="site", lat=43.6911, lon=7.2475)
    assert (found.source, found.precision, found.lat) == ("data", "site", 43.6911)
    assert found.country_check is True and not found.needs_review
    swapped = geocoder.resolve("Nice", "FR", lat=7.26608, lon=43.70313)
    assert swapped.country_check is False and swapped.needs_review
    assert "swapped" in swapped.message


def test_overrides_are_manual_and_win_over_the_gazetteer():
    geocoder = Geocoder(
        gazetteer=default_geocoder().gazetteer,
        overrides={(fold("Brest"), "FR"): (48.3904, -4.4861)},
    )
    found = geocoder.resolve("Brest", "France")
    assert (found.status, found.source, found.lat) == ("manual", "override", 48.3904)


def test_a_country_alone_is_placed_with_country_precision(geocoder):
    found = geocoder.resolve("Belgique")
    assert (found.status, found.precision, found.country) == ("matched", "country", "BE")
    assert geocoder.resolve("", "DE").precision == "country"


def test_resolution_is_immutable(geocoder):
    found = geocoder.resolve("Nice", "FR")
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.lat = 0.0


def test_heldout_list_98_percent_within_25_km_and_no_wrong_match(geocoder):
    with HELDOUT.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) >= 500
    close, wrong_matched = 0, []
    for row in rows:
        found = geocoder.resolve(row["name"], row["country"] or None)
        true = float(row["lat"]), float(row["lon"])
        near = found.lat is not None and km(found.lat, found.lon, *true) <= 25
        close += near
        if found.status == "matched" and not near:
            wrong_matched.append((row["name"], row["country"], found.place))
    assert wrong_matched == []
    assert close / len(rows) >= 0.98, f"{close}/{len(rows)} within 25 km"


def test_every_seed_row_locates_with_its_precision_and_country(geocoder):
    frame = load_dataset()
    before = frame.copy()
    located = locate(frame, geocoder=geocoder)
    assert frame.equals(before)  # a copy: the caller's frame is untouched
    assert located.index.equals(frame.index)
    assert located["lat"].notna().all() and located["lon"].notna().all()
    assert (located["precision"] == frame["precision"]).all()
    assert (located["geo_status"] == "matched").all(), located.loc[
        located["geo_status"] != "matched", ["id", "geo_message"]
    ]
    assert located["geo_country_ok"].fillna(False).all()
    had = frame["lat"].notna()
    assert (located.loc[had, "geo_source"] == "data").all()
    assert (located.loc[had, "lat"] == frame.loc[had, "lat"]).all()
    assert located.loc[~had, "geo_source"].str.startswith("geonames:").all()
    for column in ("geo_status", "geo_source", "geo_candidates"):
        assert column in located


def test_city_centre():
    lat, lon = city_centre("Liège", "BE")
    assert km(lat, lon, 50.63373, 5.56749) < 1
    assert city_centre("Xqzzyville", "FR") is None


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)  # fmt: skip


def test_cli_keeps_every_row_in_order_and_lists_rows_to_review(tmp_path):
    source = tmp_path / "places.csv"
    source.write_text(
        "Nom;Pays;budget\nVenice;Italie;10\nBrest;;20\n;;\nLuik;België;30\nGdanks;PL;40\n",
        encoding="cp1252", errors="strict",
    )  # fmt: skip
    out = tmp_path / "out.csv"
    done = run_cli("geocode", str(source), "-o", str(out), cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # some rows need review
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["Nom"] for r in rows] == ["Venice", "Brest", "", "Luik", "Gdanks"]
    assert [r["budget"] for r in rows] == ["10", "20", "", "30", "40"]
    assert [r["status"] for r in rows] == ["matched", "ambiguous", "", "matched", "fuzzy"]
    assert rows[0]["source"] == "geonames:3164603" and rows[0]["precision"] == "city"
    assert "Brest (FR" in rows[1]["candidates"] and "Brest (BY" in rows[1]["candidates"]
    assert f"{source}:3:name:" in done.stderr and f"{source}:6:name:" in done.stderr
    assert "2 matched, 1 ambiguous, 1 fuzzy" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_reads_the_geocoder_settings_from_the_environment_and_names_a_bad_one(tmp_path):
    source = tmp_path / "towns.csv"
    source.write_text("name,country\nNice,FR\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "geocode", str(source), "-o", str(tmp_path / "o.csv")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "EFUS_GEOCODER_TIMEOUT": "soon"},
    )  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "EFUS_GEOCODER_TIMEOUT 'soon' is not a number of seconds" in done.stderr
    assert "fix: set it to e.g. 5" in done.stderr and not (tmp_path / "o.csv").exists()


def test_cli_names_the_missing_column_and_the_fix(tmp_path):
    source = tmp_path / "towns.csv"
    source.write_text("town,pays\nNice,FR\n", encoding="utf-8")
    done = run_cli("geocode", str(source), "-o", str(tmp_path / "o.csv"), cwd=tmp_path)
    assert done.returncode == 1
    assert f"{source}:1:name: required column 'name' is missing" in done.stderr
    assert "fix: add a column named 'name'" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("name", "capital"),
    [
        ("Mayotte", "Mamoudzou"),
        ("Conseil départemental de Mayotte", "Mamoudzou"),
        ("Nouvelle-Calédonie", "Nouméa"),
        ("Saint-Pierre-et-Miquelon", "Saint-Pierre"),
    ],
)
def test_an_overseas_collectivity_written_with_country_fr_is_shown_at_its_capital(
    geocoder, name, capital
):
    found = geocoder.resolve(name, "FR")
    assert found.place is not None and found.place.name == capital, found.explain()
    assert found.precision == "region"
    assert f"shown at {capital}, its seat of government" in found.explain("en")
    assert f"montré à {capital}, siège de son gouvernement" in found.explain("fr")
    assert "is a country" not in found.explain("en")  # it is France


@pytest.mark.parametrize(
    ("name", "country", "capital"),
    [
        ("Normandie", "FR", "Rouen"),  # not the village of New Caledonia (FR's overseas)
        ("Normandie", None, "Rouen"),
        ("Bourgogne (France)", None, "Dijon"),  # not the village of Bourgogne, pop. 1,018
        ("Toscana, Italia", None, "Florence"),  # a region, not Tuscania by its spelling
    ],
)
def test_a_region_s_name_is_the_region_not_a_village_that_bears_it(
    geocoder, name, country, capital
):
    found = geocoder.resolve(name, country)
    assert found.place is not None and found.place.name == capital, found.explain()
    assert found.precision == "region"
