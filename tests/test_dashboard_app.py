"""The page itself, run by Streamlit's AppTest on a small dataset (tests/data/mini)."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import open_dashboard
from tests.html_table import shown_table

TIMEOUT = 90  # the first run builds the offline gazetteer when its cache is missing
STAFF_PASSWORD = "a staff password for tests"


@pytest.fixture(scope="session")
def staff_secrets() -> dict:
    from geo.staff.auth import hash_password

    return {"staff": {"password_hash": hash_password(STAFF_PASSWORD)}}


@pytest.fixture
def app(root, monkeypatch, tmp_path, staff_secrets):
    """The page on tests/data/mini, its store in a fresh folder. ``logged_in=True``: staff."""
    monkeypatch.setenv("EFUS_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / "store"))

    def make(*, logged_in: bool = False, **query: str) -> AppTest:
        login = (staff_secrets, STAFF_PASSWORD) if logged_in else None
        return open_dashboard(root, login=login, timeout=TIMEOUT, **query)

    return make


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " shown · " in m.value)


def map_args(at: AppTest) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def test_public_page_shows_public_rows_and_fields_only(app):
    at = app()
    assert not at.exception
    assert at.title[0].value == "Where Efus works"
    assert headline(at) == "**13 of 13 shown · 5 countries · 2 projects**"  # not the draft row
    table = shown_table(at)
    assert "in-draft" not in set(table["id"])
    assert {"notes", "public", "sensitive", "_file", "_text"}.isdisjoint(table.columns)


def published_points(root, args: dict) -> str:
    """The payload file the map's points layer fetches (served from ./static)."""
    url = re.search(r'var url = "([^"]+)"', args["feature_group"])[1]
    assert url.startswith("/app/static/efus-map/views/")
    return (root / "static" / url.removeprefix("/app/static/")).read_text(encoding="utf-8")


def positions(payload_text: str) -> list[dict]:
    """The points of a payload, decoded as the browser decodes them (delta-coded integers)."""
    from geo.maps.payload import decode_points

    return decode_points(json.loads(payload_text))


def test_public_map_never_carries_an_exact_equipment_site(app, root):
    args = map_args(app())
    points = published_points(root, args)
    # pe-nice-cables is at 43.6911, 7.2475 in the data: published, it sits at Nice's centre.
    (cables,) = [p for p in positions(points) if p["name"].startswith("Anti-intrusion")]
    assert (round(cables["lat"], 4), round(cables["lon"], 4)) == (43.7031, 7.2661)
    assert cables["precision"] == "city"
    assert not any(round(p["lat"], 4) == 43.6911 for p in positions(points))
    assert "Anti-intrusion steel cables <b>Promenade</b>" in points  # the row is there
    assert "storage depot" not in points and "do not publish" not in points
    assert all(link.startswith("/app/static/") for link in args["js_links"] + args["css_links"])


def test_a_filter_change_sends_a_mask_not_the_points(app):
    at = app()
    before = map_args(at)
    at.multiselect(key="f_country").set_value(["BE"]).run()
    after = map_args(at)
    assert after["script"] == before["script"]  # the map itself is not rebuilt
    assert after["feature_group"] != before["feature_group"]
    assert "Liège" not in after["feature_group"]  # names stay in the cached file
    assert len(after["feature_group"]) < 8000  # code, a bitmask and the legend: no rows


def test_staff_mode_is_opened_by_a_login_not_by_a_link(app, monkeypatch):
    monkeypatch.setenv("EFUS_STAFF", "1")  # the old server switch opens nothing any more
    assert headline(app(audience="staff", staff="1", EFUS_STAFF="1")).startswith("**13 of 13")
    at = app(logged_in=True)
    assert headline(at).startswith("**14 of 14")
    assert "notes" in shown_table(at).columns


def test_link_sets_the_filters_and_the_view(app):
    at = app(country="BE", activity="pilot equipment")
    assert not at.exception
    assert at.multiselect(key="f_country").value == ["BE"]
    assert at.multiselect(key="f_activity").value == ["pilot equipment"]
    assert headline(at) == "**1 of 13 shown · 1 country · 1 project**"
    assert list(shown_table(at)["id"]) == ["pe-liege-barrier"]
    assert len(at.code) == 0  # closed tabs are not drawn
    at.session_state["tab"] = "Share and download"
    share = [c.value for c in at.run().code]
    assert any("country=BE&activity=pilot%20equipment" in v for v in share)
    embed = next(v for v in share if v.startswith("<iframe"))
    assert 'title="Where Efus works: pilot equipment · Belgium"' in embed
    assert "embed=1" in embed


def test_widgets_write_the_link(app):
    at = app()
    at.multiselect(key="f_country").set_value(["FR", "BE"]).run()
    at.text_input(key="f_text").set_value("barrier").run()
    assert at.query_params["country"] == "FR,BE"
    assert at.query_params["q"] == "barrier"
    assert headline(at).startswith("**1 of 13")
    at.slider(key="f_years").set_value((2021, 2022)).run()
    assert at.query_params["from"] == "2021" and "to" not in at.query_params
    assert headline(at).startswith("**0 of 13")  # the barrier is from 2019-09


def test_reset_clears_filters_and_link(app):
    at = app(country="BE", q="liege")
    assert headline(at).startswith("**3 of 13")
    at.button[0].click().run()
    assert headline(at).startswith("**13 of 13")
    assert at.multiselect(key="f_country").value == []
    assert dict(at.query_params) == {}


def test_a_broken_link_is_explained_not_a_traceback(app):
    at = app(country="Atlantis,DE", to="soon")
    assert not at.exception
    warnings = " ".join(w.value for w in at.warning).replace("\\", "")
    assert "'Atlantis' is not a country" in warnings
    assert "to='soon' is not a date" in warnings
    assert "Germany (DE) has no rows" in warnings
    assert headline(at).startswith("**13 of 13")


def test_a_crafted_link_cannot_put_markup_on_the_page(app):
    at = app(project="![x](http://evil.example/p.png)", q="<img src=x>")
    (warning,) = at.warning
    assert "![x](http" not in warning.value  # escaped: no image fetched from outside
    assert "\\!\\[x\\]\\(http" in warning.value


def test_an_invalid_dataset_lists_its_problems(app, tmp_path, monkeypatch):
    (tmp_path / "bad.csv").write_text("id,name\nx,Y\n", encoding="utf-8")
    monkeypatch.setenv("EFUS_DATA", str(tmp_path))
    at = app()
    assert not at.exception
    assert "cannot be loaded" in at.error[0].value
    assert "required column 'country' is missing" in at.code[0].value


@pytest.mark.parametrize("flag", ["1", "true"])
def test_embed_is_the_public_map_alone(app, flag):
    at = app(logged_in=True, embed=flag, project="PACTESUR")  # even staff embed public data only
    assert not at.exception
    assert len(at.sidebar) == 0 and len(at.title) == 0 and len(at.tabs) == 0
    assert len(at.get("component_instance")) == 1
    args = map_args(at)
    assert args["returned_objects"] == []
    assert "Where Efus works: PACTESUR" in args["script"]
    assert '"scrollWheelZoom": false' in args["script"]  # the host page keeps the wheel
    assert "do not publish" not in args["script"] and "storage depot" not in args["script"]


def test_present_mode_steps_through_the_places(app):
    at = app(present="1", country="BE")
    assert not at.exception and len(at.sidebar) == 0
    first = at.markdown[0].value
    assert "1 of 2" in first  # one stop per city: Liège and Brussels
    ring = map_args(at)["feature_group"]
    assert "circleMarker" in ring and "#ffd400" in ring  # the current place is ringed
    at.button(key="tour_next").click().run()
    second = at.markdown[0].value
    assert "2 of 2" in second and second != first
    at.button(key="tour_back").click().run()
    at.button(key="tour_back").click().run()
    assert "2 of 2" in at.markdown[0].value  # wraps around


def test_downloads_offer_the_filtered_rows(app):
    at = app(country="FR")
    at.session_state["tab"] = "Share and download"
    at.run()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["CSV", "GeoJSON", "Map (HTML, works offline)", "Map image (PNG, 1920×1080)",
                      "Map for a report (PDF, A4 landscape)"]


def test_charts_count_the_selection_in_the_map_colours(app):
    from geo.maps.styles import style_for

    at = app(country="BE")
    assert len(at.get("vega_lite_chart")) == 0
    at.session_state["tab"] = "Charts"
    specs = [json.loads(c.proto.spec) for c in at.run().get("vega_lite_chart")]
    assert [s["title"]["text"] for s in specs] == [
        "Places by country",
        "Places by activity",
        "Timeline: places per start year",
    ]
    scale = specs[1]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True))["pilot equipment"] == (
        style_for("pilot equipment").colour
    )


def test_a_configured_staff_login_opens_the_staff_view(app, root, staff_secrets):
    at = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=TIMEOUT)
    at.secrets.update(staff_secrets)
    at.run()
    assert headline(at).startswith("**13 of 13")  # public until someone logs in
    at.switch_page("app_pages/login.py").run()
    at.text_input(key="staff_login_password").input("wrong")
    at.button[0].click().run()
    assert "Wrong password." in at.error[0].value
    at.switch_page("app_pages/dashboard.py").run()
    assert headline(at).startswith("**13 of 13")
    at.switch_page("app_pages/login.py").run()
    at.text_input(key="staff_login_password").input(STAFF_PASSWORD)
    at.button[0].click().run()
    at.switch_page("app_pages/dashboard.py").run()
    assert headline(at).startswith("**14 of 14")  # the draft row, for staff
    assert "notes" in shown_table(at).columns
    embed = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=TIMEOUT)
    embed.secrets.update(staff_secrets)
    embed.session_state["efus_staff_login"] = at.session_state["efus_staff_login"]
    embed.query_params["embed"] = "1"
    assert "Internal draft row" not in map_args(embed.run())["script"]  # embeds stay public


def test_staff_points_never_become_a_public_static_file(app, root):
    """Exact equipment positions travel inside the logged-in page, not as a file under
    /app/static that anyone holding its address could fetch without logging in."""
    args = map_args(app(logged_in=True))
    url = re.search(r'var url = "([^"]+)"', args["feature_group"])[1]
    assert url.startswith("data:application/json;base64,")
    import base64

    staff_points = positions(base64.b64decode(url.split(",", 1)[1]).decode("utf-8"))
    exact = (43.6911, 7.2475)  # the cables on the Promenade des Anglais, for staff only
    assert exact in {(round(p["lat"], 4), round(p["lon"], 4)) for p in staff_points}
    views = root / "static" / "efus-map" / "views"
    for file in views.glob("*.json"):
        published = {(round(p["lat"], 4), round(p["lon"], 4)) for p in positions(file.read_text())}
        assert exact not in published, file
