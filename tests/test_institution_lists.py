"""The hand-made institution lists: the evaluation lists and the reference of known bodies.

All are data, typed by hand from published pages; these tests keep their form honest: every
row is checked, every coordinate is the GeoNames record the row names, every source is a web
address, and the form check itself names the file, row, column, value and fix.
"""

from __future__ import annotations

import csv
import importlib.util
from collections import Counter
from pathlib import Path

import pycountry
import pytest

ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = ROOT / "bench" / "data" / "institutions_eval.csv"
FRESH_FILE = ROOT / "bench" / "data" / "institutions_fresh.csv"
THIRD_FILE = ROOT / "bench" / "data" / "institutions_third.csv"
FOURTH_FILE = ROOT / "bench" / "data" / "institutions_fourth.csv"
REFERENCE_FILE = ROOT / "reference" / "institutions.csv"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def check():
    return _script("check_institutions_eval")


@pytest.fixture(scope="module")
def place():
    return _script("place_institutions")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def assert_sourced_seat_from_geonames(place, row: dict[str, str]) -> None:
    """A reference body's row: a known country, a source page, and its seat's coordinates
    those of the GeoNames town ``scripts/place_institutions.py`` finds (never typed)."""
    assert pycountry.countries.get(alpha_2=row["country"]), row
    assert row["source"].startswith(("http://", "https://")), row
    city, _ = place.find_place(row["seat_city"], row["country"])
    assert (row["lat"], row["lon"]) == (
        f"{city['latitude']:.5f}",
        f"{city['longitude']:.5f}",
    ), row["name"]


def test_eval_list_passes_its_form_check_and_spans_many_lists_and_countries(check):
    rows, found = check.problems(EVAL_FILE)
    assert found == []
    assert len(rows) >= 300
    assert len({r["source_url"] for r in rows}) >= 5
    assert len({r["country"] for r in rows if r["country"]}) >= 12
    kinds = Counter(r["kind"] for r in rows)
    assert set(kinds) == set(check.KINDS)
    # No single list may dominate: the evaluation must not be tuned to one publisher.
    assert max(Counter(r["source_url"] for r in rows).values()) < len(rows) / 3


@pytest.mark.parametrize(
    "path", [EVAL_FILE, FRESH_FILE, THIRD_FILE, FOURTH_FILE], ids=lambda p: p.name
)
def test_eval_coordinates_are_the_geonames_record_each_row_names(place, path):
    for number, row in enumerate(_rows(path), start=2):
        city, _ = place.find_place("", "", geonames_id=row["truth_geonames_id"])
        where = f"{path.name}:{number} {row['name']!r}"
        assert (row["truth_lat"], row["truth_lon"]) == (
            f"{city['latitude']:.5f}",
            f"{city['longitude']:.5f}",
        ), where


def test_fresh_list_is_held_out_from_other_lists_and_weighted_to_the_hard_kinds(check):
    rows, found = check.problems(FRESH_FILE)
    assert found == []
    assert {r["split"] for r in rows} == {"fresh"}
    # Fresh means lists the geocoder's evaluation list never held, not new rows of known lists.
    sources = {r["source_url"] for r in rows}
    assert not sources & {r["source_url"] for r in _rows(EVAL_FILE)}
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["region"] + kinds["province"] >= 40
    assert min(kinds["metro"], kinds["organisation"], kinds["city_official"]) >= 30
    assert len({r["country"] for r in rows if r["country"]}) >= 12
    assert max(Counter(r["source_url"] for r in rows).values()) < len(rows) / 10


def _header(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return next(csv.reader(f))


def test_third_list_is_held_out_from_both_lists_and_weighted_like_efus_material(check):
    rows, found = check.problems(THIRD_FILE)
    assert found == []
    assert _header(THIRD_FILE) == _header(FRESH_FILE)
    assert {r["split"] for r in rows} == {"third"}
    # Held out means lists neither earlier list used: the geocoder's engineers read both.
    sources = Counter(r["source_url"] for r in rows)
    for other in (EVAL_FILE, FRESH_FILE):
        assert not set(sources) & {r["source_url"] for r in _rows(other)}, other.name
    # Weighted like Efus's material minus plain cities: every institutional kind well represented.
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["organisation"] >= 50 and kinds["metro"] >= 40
    assert kinds["province"] >= 30 and kinds["region"] >= 25 and kinds["city_official"] >= 30
    assert 1 <= kinds["city"] <= len(rows) / 20
    assert len({r["country"] for r in rows if r["country"]}) >= 15
    assert max(sources.values()) < len(rows) / 10


def test_fourth_list_is_held_out_from_all_three_lists_and_weighted_to_institutions(check):
    rows, found = check.problems(FOURTH_FILE)
    assert found == []
    assert _header(FOURTH_FILE) == _header(FRESH_FILE)
    assert {r["split"] for r in rows} == {"fourth"}
    # Held out means lists none of the earlier three used: the geocoder's engineers read all three.
    sources = Counter(r["source_url"] for r in rows)
    for other in (EVAL_FILE, FRESH_FILE, THIRD_FILE):
        assert not set(sources) & {r["source_url"] for r in _rows(other)}, other.name
    # Weighted like the issue asks: institutional forms first, a handful of plain cities.
    kinds = Counter(r["kind"] for r in rows)
    assert kinds["organisation"] >= 55 and kinds["city_official"] >= 35
    assert min(kinds["metro"], kinds["province"], kinds["region"]) >= 30
    assert 1 <= kinds["city"] <= len(rows) / 20
    assert len({r["country"] for r in rows if r["country"]}) >= 20
    assert max(sources.values()) < len(rows) / 10


def test_form_check_names_a_split_it_does_not_know(check, tmp_path):
    bad = tmp_path / "split.csv"
    row = ["Nantes Métropole", "FR", "metro", "Nantes", "47.2", "-1.5", "2990969"]
    with bad.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*check.COLUMNS, "split"])
        writer.writerow([*row, "https://example.org/list", "seat Nantes", "fresh"])
        writer.writerow([*row, "https://example.org/other", "seat Nantes", "dev"])
    _, found = check.problems(bad)
    assert found == [f"{bad}:3:split: 'dev' is not a split; fix: use one of fresh, third, fourth"]


def test_form_check_names_file_row_column_value_and_fix(check, tmp_path):
    bad = tmp_path / "bad.csv"
    good = ["Ville de Poitiers", "FR", "city_official", "Poitiers", "46.58", "0.34", "2986495"]
    with bad.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(check.COLUMNS)
        writer.writerow([*good, "https://example.org/list", "city named"])
        writer.writerow(["Rennes (FR)", "FRA", "town", "Rennes", "148.1", "x", "r1", "ftp://x", ""])
        writer.writerow([*good, "https://example.org/list", "city named"])
    rows, found = check.problems(bad)
    assert len(rows) == 3
    text = "\n".join(found)
    assert f"{bad}:3:country: 'FRA' is not an ISO 3166-1 alpha-2 code" in text
    assert f"{bad}:3:kind: 'town' is not a kind; fix: use one of city, city_official" in text
    assert f"{bad}:3:truth_lat: '148.1' is outside -90..90" in text
    assert f"{bad}:3:truth_lon: 'x' is not a number" in text
    assert f"{bad}:3:truth_geonames_id: 'r1' is not a GeoNames id" in text
    assert f"{bad}:3:source_url: 'ftp://x' is not an http(s) URL" in text
    assert f"{bad}:3:truth_note: is empty; fix: fill truth_note" in text
    assert f"{bad}:4:name: 'Ville de Poitiers' twice from one list" in text
    assert not any(":2:" in line for line in found)


def test_form_check_refuses_other_columns(check, tmp_path):
    bad = tmp_path / "cols.csv"
    bad.write_text("name,country\nNice,FR\n", encoding="utf-8")
    _, found = check.problems(bad)
    assert len(found) == 1 and found[0].startswith(f"{bad}:1:header:")
    assert "fix: use name,country,kind,truth_place" in found[0]


def test_reference_institutions_have_a_sourced_seat_placed_by_geonames(place):
    with REFERENCE_FILE.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        fields = reader.fieldnames
    assert fields == ["name", "aliases", "acronym", "seat_city", "country", "lat", "lon", "source"]
    assert 60 <= len(rows) <= 400
    for row in rows:
        assert_sourced_seat_from_geonames(place, row)


def test_reference_names_aliases_and_acronyms_do_not_clash(place):
    rows = _rows(REFERENCE_FILE)
    seen: dict[str, str] = {}
    for row in rows:
        aliases = [a for a in row["aliases"].split(" | ") if a] if row["aliases"] else []
        assert all(a == a.strip() and a for a in aliases), row["aliases"]
        for label in (row["name"], row["acronym"], *aliases):
            if not label:
                continue
            key = place.fold(label)
            # One label, one body: a list that names two bodies alike cannot place either.
            assert seen.setdefault(key, row["name"]) == row["name"], (label, row["name"])
