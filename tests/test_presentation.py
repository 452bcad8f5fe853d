"""The speaker's tour as logic: one stop per city with what happened there, saved tours
(``geo.data.tours``), and the heading a projector shows (escaped, announced)."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from geo.dashboard.tour import in_order, places, stop_html, tour
from geo.data.tours import TourError, open_tour, save_tour, saved_tours, tours_path
from geo.i18n import translator
from geo.selection import searchable


def rows(*specs: tuple[str, str, str, str, float, float]) -> pd.DataFrame:
    frame = pd.DataFrame(
        [dict(name=n, city=c, country=k, start=d, end="", activity="meeting", lat=y, lon=x)
         for n, c, k, d, y, x in specs]
    )  # fmt: skip
    return searchable(frame)


TALK = rows(
    ("Kick-off", "Nice", "FR", "2019-03-28", 43.70, 7.27),
    ("Workshop", "Turin", "IT", "2019-05-16", 45.07, 7.69),
    ("Week of Security <b>#1</b>", "Nice", "FR", "2019-10-14", 43.70, 7.27),
    ("Academy", "Turin", "IT", "2021-11", 45.07, 7.69),
    ("Undated", "Liège", "BE", "", 50.63, 5.57),
)


def test_each_city_is_one_stop_listing_what_happened_there_earliest_first():
    stops = tour(TALK)
    assert [s.id for s in stops] == ["FR/Nice", "IT/Turin", "BE/Liège"]  # undated last
    nice = stops[0]
    assert nice.title == "Nice, France" and nice.count == 2
    assert nice.subtitle == (
        "Kick-off (28 March 2019) · Week of Security <b>#1</b> (14 October 2019)"
    )
    assert (nice.lat, nice.lon) == (43.70, 7.27)


def test_a_stop_is_dated_in_the_visitors_language():
    turin = tour(TALK, lang="fr")[1]
    assert turin.title == "Turin, Italie"
    assert "Workshop (16 mai 2019)" in turin.subtitle and "novembre 2021" in turin.subtitle


def test_places_offer_every_city_once_in_the_tours_order():
    assert places(TALK, lang="fr") == {"FR/Nice": "Nice, France", "IT/Turin": "Turin, Italie",
                                       "BE/Liège": "Liège, Belgique"}  # fmt: skip


def test_a_saved_order_is_followed_and_places_the_view_lacks_are_left_out():
    ordered = in_order(tour(TALK), ["BE/Liège", "ES/Madrid", "FR/Nice"])
    assert [s.id for s in ordered] == ["BE/Liège", "FR/Nice"]


def test_the_heading_escapes_data_and_is_a_live_region():
    text = stop_html(tour(TALK)[0], index=0, count=3, tr=translator("en"))
    assert 'role="status" aria-live="polite"' in text
    assert "<b>" not in text and "&lt;b&gt;#1&lt;/b&gt;" in text
    assert "1 of 3 · 2 entries: Kick-off" in text
    assert '<h2 class="efus-stop-title" title="Nice, France">Nice, France</h2>' in text


def test_a_tour_is_saved_with_its_author_and_time_and_opened_by_name(tmp_path):
    when = dt.datetime(2026, 11, 27, 10, 30, tzinfo=dt.UTC)
    save_tour(tmp_path, name=" Pilot cities ", places=["IT/Turin", "FR/Nice", "IT/Turin"],
              author="camille", now=when)  # fmt: skip
    saved = open_tour(tmp_path, "Pilot cities")
    assert saved.places == ("IT/Turin", "FR/Nice")  # a place once, in the order chosen
    assert (saved.author, saved.at) == ("camille", "2026-11-27T10:30:00+00:00")
    record = json.loads(tours_path(tmp_path).read_text(encoding="utf-8"))
    assert record == [{"name": "Pilot cities", "places": ["IT/Turin", "FR/Nice"],
                       "author": "camille", "at": "2026-11-27T10:30:00+00:00"}]  # fmt: skip
    save_tour(tmp_path, name="Pilot cities", places=["FR/Nice"], author="dana")
    assert open_tour(tmp_path, "Pilot cities").places == ("FR/Nice",)  # replaced, not doubled
    assert list(saved_tours(tmp_path)) == ["Pilot cities"]


@pytest.mark.parametrize(
    ("name", "places", "code"),
    [("", ["FR/Nice"], "tour_name_invalid"), ("x" * 81, ["FR/Nice"], "tour_name_invalid"),
     ("Empty", [], "tour_empty")],
)  # fmt: skip
def test_a_tour_without_a_name_or_stops_is_refused_with_its_code(tmp_path, name, places, code):
    with pytest.raises(TourError, match="fix: ") as caught:
        save_tour(tmp_path, name=name, places=places, author="camille")
    assert caught.value.code == code
    assert not tours_path(tmp_path).exists()


def test_an_unknown_tour_names_the_saved_ones(tmp_path):
    save_tour(tmp_path, name="Pilots", places=["FR/Nice"], author="camille")
    with pytest.raises(TourError, match="'Nope'.*use one of: Pilots") as caught:
        open_tour(tmp_path, "Nope")
    assert caught.value.code == "tour_unknown" and caught.value.params["name"] == "Nope"


def test_a_damaged_tours_file_is_a_clear_error(tmp_path):
    tours_path(tmp_path).write_text("[{", encoding="utf-8")
    with pytest.raises(TourError, match="cannot be read.*restore the file") as caught:
        saved_tours(tmp_path)
    assert caught.value.code == "tour_file_unreadable"
