"""Selections: read from and written to links, applied with AND across facets, OR within one."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.data.dataset import load_dataset
from geo.selection import QueryError, Selection, apply, options, searchable, unknown_values


@pytest.fixture(scope="module")
def mini(root):
    return searchable(load_dataset(root / "tests" / "data" / "mini"))


def ids(frame: pd.DataFrame) -> set[str]:
    return set(frame["id"])


def test_link_round_trip_keeps_every_filter():
    query = {
        "country": "BE,FR",
        "project": "PACTESUR",
        "activity": "pilot equipment",
        "kind": "site",
        "from": "2019-09",
        "to": "2022",
        "q": "barrier",
    }
    selection, notes = Selection.from_query(query)
    assert notes == ()
    assert selection == Selection(
        ("BE", "FR"), ("PACTESUR",), ("pilot equipment",), ("site",), "2019-09", "2022", "barrier"
    )
    assert selection.to_query() == query
    assert Selection().to_query() == {}


def test_link_accepts_country_names_and_drops_what_it_cannot_read():
    selection, notes = Selection.from_query(
        {"country": "Belgique, atlantis,be", "from": "23/11/2022", "to": "2022-02-30"}
    )
    assert selection.countries == ("BE",)
    assert selection.start == "" and selection.end == ""
    assert any("'atlantis'" in n for n in notes)
    assert any("from='23/11/2022'" in n for n in notes)
    assert any("to='2022-02-30' is not a real date" in n for n in notes)


def test_a_bad_date_in_code_says_the_fix():
    with pytest.raises(QueryError, match=r"from='Nov 2022' is not a date; fix: write YYYY"):
        Selection(start="Nov 2022")


def test_and_across_facets_or_within_one(mini):
    be_or_fr = apply(mini, Selection(countries=("BE", "FR")))
    assert set(be_or_fr["country"]) == {"BE", "FR"} and len(be_or_fr) == 9
    be_and_equipment = apply(mini, Selection(countries=("BE",), activities=("pilot equipment",)))
    assert ids(be_and_equipment) == {"pe-liege-barrier"}
    assert len(apply(mini, Selection())) == len(mini)
    assert apply(mini, Selection(countries=("PL",), projects=("PACTESUR",))).empty


def test_dates_overlap_at_their_own_precision(mini):
    # pa-nice runs 2019-01 … 2022-12; pa-riga 2019 … 2022; ev-academy is "2021-11".
    in_2021 = ids(apply(mini, Selection(start="2021", end="2021")))
    assert {"pa-nice", "pa-riga", "ev-academy", "in-draft"} - in_2021 == {"in-draft"}
    assert "bd-nice" not in in_2021  # signed 2022-11-23
    assert ids(apply(mini, Selection(start="2021-11-15", end="2021-11-15"))) >= {"ev-academy"}
    # The European Week of Security #3 (2022-05-02 … 06) overlaps a range that ends on day 3.
    assert "ev-ews3" in ids(apply(mini, Selection(start="2022-04", end="2022-05-03")))
    assert "ev-ews3" not in ids(apply(mini, Selection(start="2022-05-07")))


def test_undated_rows_leave_only_when_dates_are_asked_for(root):
    frame = load_dataset(root / "tests" / "data" / "mini")
    undated = searchable(frame.assign(start="", end=""))
    assert len(apply(undated, Selection())) == len(frame)
    assert apply(undated, Selection(start="2019")).empty


def test_search_ignores_case_and_accents_and_needs_every_word(mini):
    assert ids(apply(mini, Selection(text="liege"))) >= {"bd-liege", "pe-liege-barrier"}
    assert ids(apply(mini, Selection(text="LIÈGE barrier"))) == {"pe-liege-barrier"}
    assert ids(apply(mini, Selection(text="poland"))) == {"bd-gdansk"}  # country by name
    assert apply(mini, Selection(text="no such words")).empty


def test_apply_does_not_touch_its_argument(mini):
    before = mini.copy()
    apply(mini, Selection(countries=("BE",), text="x"))
    pd.testing.assert_frame_equal(mini, before)


def test_options_come_from_the_data(mini):
    choices = options(mini)
    # Sorted by the name a person reads: Belgium, France, Italy, Latvia, Poland, Spain.
    assert choices.countries == ("BE", "FR", "IT", "LV", "PL", "ES")
    assert "PACTESUR" in choices.projects and "pilot equipment" in choices.activities
    assert choices.years == (2019, 2023)
    notes = unknown_values(Selection(countries=("DE",), projects=("Secu5All",)), choices)
    assert notes == (
        "country Germany (DE) has no rows in this dataset",
        "project 'Secu5All' has no rows in this dataset",
    )
