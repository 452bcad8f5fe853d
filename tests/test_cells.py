"""One parser per idea: coordinates, dates and yes/no read the same wherever they are typed,
and each refusal carries a stable code and the values its words are made of."""

from __future__ import annotations

from datetime import date

import pytest

from geo.data.cells import CellError, parse_coordinate, parse_date, parse_flag
from geo.messages import render_line


@pytest.mark.parametrize(
    ("text", "axis", "value"),
    [("50.6337", "lat", 50.6337), ("50,6337", "lat", 50.6337), ("\u22123.5", "lon", -3.5),
     (" 5e1 ", "lat", 50.0), ("-180", "lon", -180.0), (43.7, "lat", 43.7)],
)  # fmt: skip
def test_a_coordinate_as_people_write_it_is_read(text, axis, value):
    assert parse_coordinate(text, axis=axis) == value


@pytest.mark.parametrize(
    ("text", "axis", "code", "params"),
    [("4_3.7", "lat", "number_underscore", {"text": "4_3.7"}),
     ("1e-400", "lat", "number_underflow", {}),
     ("1e400", "lon", "number_too_large", {}),
     ("٤٣.٧", "lat", "number_non_latin_digits", {"digits": "43.7"}),
     ("nan", "lat", "number_invalid", {}),
     ("-Infinity", "lat", "number_invalid", {}),
     ("50°38'N", "lat", "number_invalid", {}),
     ("91", "lat", "lat_out_of_range", {"number": 91.0, "limit": 90}),
     ("-181", "lon", "lon_out_of_range", {"number": -181.0, "limit": 180}),
     (float("nan"), "lat", "number_invalid", {})],
)  # fmt: skip
def test_a_bad_coordinate_is_refused_with_its_code_and_params(text, axis, code, params):
    with pytest.raises(CellError) as err:
        parse_coordinate(text, axis=axis)
    assert err.value.code == code
    assert params.items() <= err.value.params.items()
    assert str(err.value) == render_line(code, err.value.params)


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [("2022", date(2022, 1, 1), date(2022, 12, 31)),
     ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
     ("2022-12", date(2022, 12, 1), date(2022, 12, 31)),
     ("2022-11-23", date(2022, 11, 23), date(2022, 11, 23))],
)  # fmt: skip
def test_a_date_covers_its_precision(text, first, last):
    assert parse_date(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "code"),
    [("2022-00", "date_month_invalid"), ("2022-13", "date_month_invalid"),
     ("2022-02-30", "date_day_invalid"), ("0000-01-01", "date_not_real"),
     ("23/11/2022", "date_day_first"), ("Nov 2022", "date_invalid"),
     ("٢٠٢٢", "date_invalid"), ("２０２２-01", "date_invalid")],
)  # fmt: skip
def test_a_bad_date_is_refused_with_its_code(text, code):
    with pytest.raises(CellError) as err:
        parse_date(text)
    assert err.value.code == code


def test_a_day_first_date_says_the_iso_form_to_write():
    with pytest.raises(CellError, match="write 2022-11-23") as err:
        parse_date("23/11/2022")
    assert err.value.params["iso"] == "2022-11-23"


@pytest.mark.parametrize(
    ("value", "flag"),
    [("yes", True), (" Oui ", True), ("ja", True), ("x", True), ("on", True), (True, True),
     ("no", False), ("NEE", False), ("0", False), ("off", False), (False, False),
     ("", None), (None, None), (float("nan"), None), ("peut-être", None)],
)  # fmt: skip
def test_a_flag_is_yes_no_or_unclear(value, flag):
    assert parse_flag(value) is flag
