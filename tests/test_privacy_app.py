"""Privacy on the page itself: published points files after a row turns sensitive (AppTest,
then the real Streamlit server), and presentations on a projector (AppTest, logged in)."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request

import pytest
from streamlit.testing.v1 import AppTest

from geo.data.store import Changes, Store
from geo.maps.payload import decode_points
from tests.conftest import streamlit_server
from tests.mapdata import payload_of
from tests.test_dashboard_app import app, staff_secrets  # noqa: F401 - fixtures

CABLES = "pe-nice-cables"
EXACT = (43.6911, 7.2475)  # the cables on the Promenade des Anglais, in tests/data/mini


@pytest.fixture
def page(app):  # noqa: F811 - the fixture imported above
    """The page on tests/data/mini with its store in a fresh folder; staff when logged in
    (``tests/test_dashboard_app.py``'s ``app``)."""
    return app


def points_url(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    feature_group = json.loads(component.proto.json_args)["feature_group"]
    return re.search(r'var url = "([^"]+)"', feature_group)[1]


def map_script(at: AppTest) -> str:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)["script"]


def placed(payload: str | dict) -> set[tuple[float, float]]:
    """Where a payload (a published file's text, or one decoded from a page) puts its points."""
    data = json.loads(payload) if isinstance(payload, str) else payload
    return {(round(p["lat"], 4), round(p["lon"], 4)) for p in decode_points(data)}


def on_screen(at: AppTest) -> set[tuple[float, float]]:
    """Where the full-screen map of a presentation or embed draws its points."""
    return placed(payload_of(map_script(at)))


def mark_cables(store_dir, *, sensitive: bool) -> None:
    store = Store.open(store_dir)
    store.save(Changes(changed=({"id": CABLES, "sensitive": sensitive},)),
               base_revision=store.revision, author="test")  # fmt: skip


def test_a_row_turned_sensitive_leaves_no_exact_position_served(page, root, tmp_path):
    views = root / "static" / "efus-map" / "views"
    page()  # creates the store from the seed
    mark_cables(tmp_path / "store", sensitive=False)  # a mistake: published exactly
    old_url = points_url(page())
    old_file = root / "static" / old_url.removeprefix("/app/static/")
    assert EXACT in placed(old_file.read_text(encoding="utf-8"))

    mark_cables(tmp_path / "store", sensitive=True)  # corrected by staff
    new_url = points_url(page())
    assert new_url != old_url
    assert not old_file.exists()
    for file in views.glob("*.json"):
        assert EXACT not in placed(file.read_text(encoding="utf-8")), file
    assert [f.name for f in views.glob("*.json")] == [new_url.rsplit("/", 1)[1]]

    env = {"EFUS_DATA_DIR": str(tmp_path / "store")}
    with streamlit_server(env=env, log=tmp_path / "streamlit.log") as url:
        with urllib.request.urlopen(url + new_url.lstrip("/"), timeout=10) as served:
            assert EXACT not in placed(served.read().decode("utf-8"))
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(url + old_url.lstrip("/"), timeout=10)
        assert gone.value.code == 404


def test_a_logged_in_presentation_is_public_without_asking(page):
    at = page(logged_in=True, present="1", country="FR")
    assert not at.exception
    assert EXACT not in on_screen(at)
    assert (43.7031, 7.2661) in on_screen(at)  # the cables at Nice's centre
    assert not at.warning
    assert "1 of" in at.markdown[0].value


def test_a_staff_presentation_asked_for_shows_staff_data_under_a_warning(page):
    at = page(logged_in=True, present="1", country="FR", audience="staff")
    assert not at.exception
    (warning,) = at.warning
    assert "Staff view" in warning.value and "Do not project this in public" in warning.value
    assert EXACT in on_screen(at)


def test_audience_staff_in_a_link_does_nothing_without_a_login(page):
    at = page(present="1", country="FR", audience="staff")
    assert not at.exception and not at.warning
    assert EXACT not in on_screen(at)


def test_a_logged_in_embed_stays_public_even_when_staff_is_asked(page):
    at = page(logged_in=True, embed="1", audience="staff")
    assert not at.exception and not at.warning
    assert EXACT not in on_screen(at)
