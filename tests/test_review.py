"""The pieces of the intake page that need no Streamlit: cells staff fix, the geocoding
review, which pages a visitor gets, and a list uploaded twice."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.dashboard.working import geocoder_with
from geo.data.cells import CellError, parse_coordinate
from geo.data.store import Store
from geo.places.review import ReviewError, choice_at, choice_map_frame, position, review_items
from geo.staff.intake import (
    UploadError,
    check_edited,
    editable,
    quick_fixes,
    read_upload,
    with_cells,
)
from geo.staff.merge import apply, plan_merge
from geo.staff.navigation import pages_for

LIST = "signataires-2024.csv"


@pytest.fixture(scope="module")
def messy(root):
    data = (root / "tests" / "data" / "intake" / LIST).read_bytes()
    return read_upload(LIST, data, require_id=False)


def fixed(intake):
    frame = editable(intake)
    (swap,) = [f for f in quick_fixes(frame, intake.problems) if f.code == "latlon_swapped"]
    frame = with_cells(frame, row=swap.row, cells=swap.cells)
    frame = with_cells(frame, row=15, cells={"start": "2022-11-23"})
    return check_edited(frame, file=intake.file, columns=intake.columns, require_id=False)


def test_a_list_without_ids_is_read_with_every_other_rule(messy, root):
    assert "id" not in messy.columns and len(messy.records) == 30
    assert [(p.row, p.column) for p in messy.errors] == [(11, "lat"), (15, "start")]
    strict = read_upload(LIST, (root / "tests/data/intake" / LIST).read_bytes())
    assert "required column 'id' is missing" in {p.message for p in strict.errors}


def test_the_editor_shows_what_the_file_said_and_fixes_make_a_copy(messy):
    frame = editable(messy)
    assert list(frame.columns) == ["_row", *messy.columns]
    nice = frame[frame["_row"] == 11].iloc[0]
    assert (nice["lat"], nice["start"]) == ("7,2620", "2022")
    liege = frame[frame["_row"] == 15].iloc[0]
    assert liege["start"] == "23/11/2022"  # the bad date as typed, not a blank
    (swap,) = [f for f in quick_fixes(frame, messy.problems) if f.code == "latlon_swapped"]
    assert swap.row == 11 and dict(swap.cells) == {"lat": "43.7034", "lon": "7,2620"}
    changed = with_cells(frame, row=11, cells=swap.cells)
    assert frame.loc[frame["_row"] == 11, "lat"].iloc[0] == "7,2620"  # the argument is unchanged
    assert changed.loc[changed["_row"] == 11, "lat"].iloc[0] == "43.7034"
    assert fixed(messy).ok


@pytest.mark.parametrize(
    ("row", "cells", "message"),
    [(99, {"lat": "1"}, "row 99 is not in the upload"),
     (11, {"pays": "FR"}, "column 'pays' is not in the upload")],
)  # fmt: skip
def test_a_fix_for_a_cell_that_does_not_exist_says_so(messy, row, cells, message):
    with pytest.raises(UploadError, match=message):
        with_cells(editable(messy), row=row, cells=cells)


def test_the_review_lists_the_typo_and_the_homonym_with_their_candidates(messy):
    items = review_items(fixed(messy).frame, geocoder=geocoder_with({}))
    assert [(i.query, i.country, i.rows, i.status) for i in items] == [
        ("Strasbuorg", "FR", (9,), "fuzzy"),
        ("Neustadt", "DE", (10,), "ambiguous"),
    ]
    typo, homonym = items
    assert typo.choices[0].label.startswith("Strasbourg (FR")
    assert len(homonym.choices) >= 3 and all("Neustadt" in c.label for c in homonym.choices)
    settled = review_items(fixed(messy).frame, geocoder=geocoder_with(
        {("strasbuorg", "FR"): (48.58, 7.75), ("neustadt", "DE"): (49.35, 8.14)}))  # fmt: skip
    assert settled == ()


def test_a_position_in_the_file_outside_its_country_is_fixed_in_the_rows(messy):
    frame = fixed(messy).frame
    frame.loc[frame["_row"] == 17, ["lat", "lon"]] = [52.52, 13.405]  # "Lyon" put in Berlin
    items = review_items(frame, geocoder=geocoder_with({}))
    (lyon,) = [i for i in items if i.from_data]
    assert lyon.rows == (17,) and lyon.status == "outside the country"
    assert [c.label for c in lyon.choices] == [
        "as in the file (52.52000, 13.40500)",
        "swapped (13.40500, 52.52000)",
    ]


def test_a_candidate_clicked_on_the_map_is_chosen(messy):
    item = review_items(fixed(messy).frame, geocoder=geocoder_with({}))[1]
    rows = choice_map_frame(item)
    assert list(rows["name"]) == [c.label for c in item.choices]
    second = item.choices[1]
    clicked = {"last_object_clicked": {"lat": second.lat, "lng": second.lon}}
    assert choice_at(item, clicked) == 1
    assert choice_at(item, {"last_object_clicked": {"lat": 0, "lng": 0}}) is None
    assert choice_at(item, None) is None


@pytest.mark.parametrize(
    ("lat", "lon", "expected"),
    [("49,3539", " 8.1393 ", (49.3539, 8.1393)), (-33.9, "\u2212" + "70.6", (-33.9, -70.6))],
)
def test_a_typed_position_accepts_what_people_type(lat, lon, expected):
    assert position(lat, lon) == expected


@pytest.mark.parametrize(
    ("lat", "lon", "message"),
    [("", "8", "latitude '' is not a number"), ("91", "8", r"latitude 91.0 is outside \[-90"),
     ("8", "200", r"longitude 200.0 is outside \[-180"), ("nan", "1", "is not a number")],
)  # fmt: skip
def test_a_typed_position_out_of_range_is_refused_with_the_fix(lat, lon, message):
    with pytest.raises(ReviewError, match=message):
        position(lat, lon)


@pytest.mark.parametrize(
    ("lat", "code"),
    [("4_3.7", "number_underscore"), ("٤٣.٧", "number_non_latin_digits"),
     ("４３.７", "number_non_latin_digits"), ("1e-400", "number_underflow"),
     ("inf", "number_invalid")],
)  # fmt: skip
def test_a_typed_position_is_read_as_strictly_as_a_file_cell(lat, code):
    """What the review refuses is what validation refuses in a file, by the same parser."""
    with pytest.raises(ReviewError, match=f"latitude {lat!r} is not a number") as err:
        position(lat, "8")
    assert err.value.code == "position_invalid"
    with pytest.raises(CellError) as cell:
        parse_coordinate(lat, axis="lat")
    assert cell.value.code == code


@pytest.mark.parametrize(
    ("audience", "configured", "embed", "present", "names"),
    [("public", False, False, False, ("map",)), ("public", True, False, False, ("map", "login")),
     ("staff", True, False, False, ("map", "intake")), ("staff", True, True, False, ("map",)),
     ("staff", True, False, True, ("map",)), ("public", True, True, False, ("map",))],
)  # fmt: skip
def test_only_logged_in_staff_get_the_intake(audience, configured, embed, present, names):
    pages = pages_for(audience=audience, login_configured=configured, embed=embed,
                      present=present)  # fmt: skip
    assert pages.names == names


def test_a_list_uploaded_twice_is_not_added_twice(messy, root, tmp_path):
    store = Store.open(tmp_path, seed=root / "tests" / "data" / "mini")
    rows = fixed(messy).frame
    apply(plan_merge(store.frame(), rows), store=store, author="Camille")
    again = plan_merge(store.frame(), rows)
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 30}
    edited = rows.copy()
    edited.loc[edited["_row"] == 2, "description"] = "Signataire depuis 2022."
    plan = plan_merge(store.frame(), edited)
    assert plan.counts["changed"] == 1 and plan.changed[0].id == "be-ville-de-bruxelles"
    assert isinstance(plan.preview(), pd.DataFrame)
