"""Every class of bad input gets one clear problem: file, spreadsheet row, column, value, fix."""

from __future__ import annotations

import pytest

from geo.data.dataset import DATA_DIR, check_paths, load_dataset
from geo.data.schema import COLUMN_NAMES
from geo.errors import DataError

HEADER = ",".join(COLUMN_NAMES)
GOOD = (
    "bd-nice,City of Nice,city,FR,Nice,Brussels Declaration,signatory,2022-11-23,,43.70313,"
    "7.26608,city,yes,no,Signed.,,https://efus.eu/x"
)


def write(tmp_path, *rows: str, name: str = "list.csv", header: str = HEADER) -> str:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def cells(**changes: str) -> str:
    values = dict(zip(COLUMN_NAMES, GOOD.split(",")))
    values.update(changes)
    return ",".join(values[c] for c in COLUMN_NAMES)


def problems(path: str, **kw):
    return check_paths([path], **kw).problems


def only(path: str):
    found = problems(path)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def test_good_row_has_no_problem(tmp_path):
    assert problems(write(tmp_path, GOOD)) == []


def test_seed_data_is_valid_and_every_row_has_a_source():
    checked = check_paths([DATA_DIR])
    assert checked.problems == []
    frame = load_dataset()
    assert len(frame) == len(checked.records) > 60
    assert frame["source"].str.match(r"^https?://").all()
    assert frame["id"].is_unique


def test_seed_brussels_declaration_has_all_eleven_signatories():
    frame = load_dataset()
    sig = frame[frame["activity"] == "signatory"]
    assert sorted(sig["city"]) == sorted(
        ["Nice", "Liège", "Turin", "Gdańsk", "Riga", "Xàbia", "Zaragoza", "Piraeus", "Turin",
         "Brussels", "Paris"]
    )  # fmt: skip
    assert set(sig["start"]) == {"2022-11-23"}


def test_seed_equipment_is_sensitive():
    frame = load_dataset()
    equipment = frame[frame["activity"] == "pilot equipment"]
    assert len(equipment) == 5 and equipment["sensitive"].all()


def test_missing_required_column(tmp_path):
    header = HEADER.replace(",source", "")
    row = GOOD.rsplit(",", 1)[0]
    p = only(write(tmp_path, row, header=header))
    assert (p.row, p.column) == (1, "source")
    assert "missing" in p.message and "add a column" in p.fix


def test_unknown_column_suggests_the_close_one(tmp_path):
    header = HEADER.replace("country", "contry")
    p = only(write(tmp_path, GOOD, header=header))
    assert (p.row, p.column, p.value) == (1, "contry", "contry")
    assert "'country'" in p.fix


def test_headers_in_french_and_any_case_are_understood(tmp_path):
    header = HEADER.replace("country", " Pays ").replace("lat,", "Latitude,").replace("name", "NOM")
    assert problems(write(tmp_path, GOOD, header=header)) == []


@pytest.mark.parametrize(
    ("given", "expected"),
    [("Belgique", "BE"), ("België", "BE"), ("Deutschland", "DE"), ("Ελλάδα", "GR"), ("be", "BE"),
     ("Italie", "IT"), ("España", "ES")],
)  # fmt: skip
def test_country_names_in_several_languages_map_to_iso2(tmp_path, given, expected):
    # Position left blank: this test is about names, not the swap check.
    path = write(tmp_path, cells(country=given, lat="", lon=""))
    checked = check_paths([path])
    assert checked.problems == []
    assert checked.records[0]["country"] == expected


def test_unknown_country_suggests(tmp_path):
    p = only(write(tmp_path, cells(country="Frence")))
    assert (p.row, p.column, p.value) == (2, "country", "Frence")
    assert "France (FR)" in p.fix


@pytest.mark.parametrize(
    ("column", "value", "needle"),
    [("lat", "943.7", "outside [-90, 90]"), ("lon", "-181", "outside [-180, 180]"),
     ("lat", "43°42'N", "not a number"), ("lon", "", "longitude is empty")],
)  # fmt: skip
def test_bad_coordinates(tmp_path, column, value, needle):
    p = only(write(tmp_path, GOOD, cells(id="x2", **{column: value})))
    assert (p.row, p.column) == (3, column)
    assert needle in p.message


def test_decimal_comma_is_read(tmp_path):
    checked = check_paths([write(tmp_path, cells(lat='"43,70313"', lon='"7,26608"'))])
    assert checked.problems == []
    assert checked.records[0]["lat"] == pytest.approx(43.70313)


def test_swapped_lat_lon_is_suspected(tmp_path):
    p = only(write(tmp_path, cells(lat="7.26608", lon="43.70313")))
    assert p.column == "lat" and "swap" in p.fix
    assert "lat 43.70313, lon 7.26608" in p.fix


@pytest.mark.parametrize(
    ("value", "fix"),
    [
        ("23/11/2022", "write 2022-11-23"),
        ("2022-02-30", "check the day"),
        ("next week", "YYYY-MM-DD"),
    ],
)
def test_bad_dates(tmp_path, value, fix):
    p = only(write(tmp_path, cells(start=value)))
    assert (p.row, p.column, p.value) == (2, "start", value)
    assert fix in p.fix


def test_partial_dates_are_accepted_and_end_before_start_is_not(tmp_path):
    assert problems(write(tmp_path, cells(start="2021-11", end="2022"))) == []
    p = only(write(tmp_path, cells(start="2022-05", end="2022-04-30"), name="b.csv"))
    assert p.column == "end" and "before start" in p.message


def test_duplicate_ids_across_files(tmp_path):
    write(tmp_path, GOOD, name="a.csv")
    write(tmp_path, cells(city="Nice"), name="b.csv")
    found = check_paths([tmp_path]).problems
    assert len(found) == 1
    assert found[0].file.endswith("b.csv") and "a.csv row 2" in found[0].message


def test_same_place_spelt_two_ways(tmp_path):
    gdansk = dict(country="PL", lat="", lon="", start="")
    path = write(
        tmp_path,
        cells(id="a", city="Gdańsk", **gdansk),
        cells(id="b", city="Gdańsk", **gdansk),
        cells(id="c", city="Gdansk", **gdansk),
    )
    p = only(path)
    assert (p.row, p.column, p.value) == (4, "city", "Gdansk")
    assert "'Gdańsk'" in p.fix


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://efus.eu/x", "efus.eu", "https://"])
def test_only_web_urls(tmp_path, url):
    p = only(write(tmp_path, cells(source=url)))
    assert (p.column, p.value) == ("source", url)
    assert "https://" in p.fix


def test_bad_kind_flag_and_activity_spelling(tmp_path):
    found = problems(write(tmp_path, cells(kind="town", public="maybe", activity="Signatories")))
    assert {(p.column, p.value) for p in found} == {
        ("kind", "town"),
        ("public", "maybe"),
        ("activity", "Signatories"),
    }


def test_empty_required_cell_and_extra_cells(tmp_path):
    found = problems(write(tmp_path, cells(name=""), GOOD.replace("bd-nice", "x2") + ",surplus"))
    assert [(p.row, p.column) for p in found] == [(2, "name"), (3, "")]
    assert "surplus" in found[1].value


def test_all_problems_are_collected_not_just_the_first(tmp_path):
    rows = [cells(id=f"r{i}", lat="999") for i in range(5)]
    assert [p.row for p in problems(write(tmp_path, *rows))] == [2, 3, 4, 5, 6]


def test_load_dataset_raises_one_error_listing_everything(tmp_path):
    write(tmp_path, cells(lat="999"), cells(id="b", country="Atlantis"))
    with pytest.raises(DataError, match=r"list\.csv:2:lat: .*999") as info:
        load_dataset(tmp_path)
    assert len(info.value.problems) == 2


def test_places_mode_needs_only_name_and_country(tmp_path):
    path = write(tmp_path, "Liège,Belgique,keep me", header="name,country,my note")
    checked = check_paths([path], strict=False)
    assert checked.problems == []
    assert checked.records[0]["my_note"] == "keep me"


# Numbers Python's float() takes but a person did not mean, and dates that are no day.
@pytest.mark.parametrize(
    ("lat", "message", "fix"),
    [("4_3.7", "latitude '4_3.7' has an underscore in it", "remove the underscore"),
     ("1e-400", "latitude '1e-400' is so small it rounds to 0", "check the exponent"),
     ("1e400", "latitude '1e400' is too large to be a coordinate", "write decimal degrees"),
     ("٤٣.٧", "latitude '٤٣.٧' is written with non-Latin digits", "digits 0-9: 43.7"),
     ("４３.７", "latitude '４３.７' is written with non-Latin digits", "digits 0-9: 43.7"),
     ("nan", "latitude 'nan' is not a number", "write decimal degrees with a dot"),
     ("inf", "latitude 'inf' is not a number", "write decimal degrees with a dot"),
     ("-Infinity", "latitude '-Infinity' is not a number", "write decimal degrees with a dot")],
)  # fmt: skip
def test_an_ambiguous_number_is_a_problem_with_its_fix(tmp_path, lat, message, fix):
    p = only(write(tmp_path, GOOD, cells(id="bd-x", lat=lat)))
    assert (p.row, p.column, p.value, p.message) == (3, "lat", lat, message)
    assert fix in p.fix


@pytest.mark.parametrize(
    ("start", "message"),
    [("2022-00", "'2022-00' has month 00, not 01-12"),
     ("2022-13", "'2022-13' has month 13, not 01-12"),
     ("2022-00-15", "'2022-00-15' has month 00, not 01-12"),
     ("2022-02-30", "'2022-02-30' is not a real date: February 2022 has no day 30"),
     ("٢٠٢٢-١١-٢٣", "date '٢٠٢٢-١١-٢٣' is not in the form YYYY-MM-DD")],
)  # fmt: skip
def test_a_date_that_is_no_day_is_a_problem(tmp_path, start, message):
    p = only(write(tmp_path, GOOD, cells(id="bd-x", start=start)))
    assert (p.row, p.column, p.value, p.message) == (3, "start", start, message)


def test_plain_and_french_numbers_are_still_read(tmp_path):
    path = write(tmp_path, cells(lat="\"43,70313\"", lon="+7.26608e0"))
    (record,) = check_paths([path]).records
    assert (record["lat"], record["lon"]) == (43.70313, 7.26608)
