"""Staff save a speaker's tour on the dashboard and anyone opens it with
``?present=1&tour=NAME`` (AppTest on tests/data/mini): the saved order, the public view."""

from __future__ import annotations

import json

from geo.data.tours import open_tour
from tests.test_dashboard_app import app, map_args, staff_secrets  # noqa: F401 - fixtures


def test_staff_save_a_tour_and_the_presentation_follows_its_order(app, tmp_path):  # noqa: F811
    at = app(logged_in=True)
    assert not at.exception
    at.multiselect(key="tour_places").select("IT/Turin").select("BE/Liège").select("FR/Nice")
    at.text_input(key="tour_name").input("Three cities")
    at.button(key="tour_save").click().run()
    assert not at.exception
    assert "?present=1&tour=Three cities" in at.success[0].value
    assert any("[Three cities](?present=1&tour=Three%20cities): 3 stops, saved by"
               in m.value for m in at.sidebar.markdown)  # fmt: skip
    saved = open_tour(tmp_path / "store", "Three cities")
    assert saved.places == ("IT/Turin", "BE/Liège", "FR/Nice") and saved.author

    talk = app(present="1", tour="Three cities")  # not logged in: a projector in the room
    assert not talk.exception
    heading = talk.markdown[0].value
    assert "Turin, Italy" in heading and "1 of 3" in heading
    talk.button(key="tour_next").click().run()
    assert "Liège, Belgium" in talk.markdown[0].value
    talk.button(key="tour_next").click().run()
    nice = talk.markdown[0].value
    # The public view: Nice's staff-only draft and notes are not in the presentation.
    assert "Nice, France" in nice and "3 of 3" in nice
    assert "do not publish" not in json.dumps(map_args(talk))


def test_a_public_visitor_has_no_tour_editor(app):  # noqa: F811
    at = app()
    assert not at.exception
    assert not [w for w in at.multiselect if w.key == "tour_places"]


def test_an_unknown_tour_says_so_and_shows_every_place(app):  # noqa: F811
    at = app(present="1", tour="Nope")
    assert not at.exception
    assert "no saved tour is named 'Nope'" in at.warning[0].value
    assert "1 of 6" in at.markdown[0].value
