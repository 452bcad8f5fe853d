"""The map engine on parsed HTML and JSON: audiences, escaping, payload, assets, export."""

from __future__ import annotations

import json
import math
import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

from geo.cli import main
from geo.dashboard.livemap import row_for_click
from geo.data.schema import ACTIVITIES, PUBLIC_COLUMNS
from geo.maps import assets as web_assets
from geo.maps.audience import public_view
from geo.maps.elements import OFFLINE_BASEMAP, MapError
from geo.maps.engine import build_map, render_html
from geo.maps.export import iframe_snippet, to_geojson
from geo.maps.payload import decode_points, encode_points
from geo.maps.styles import ACTIVITY_STYLE
from tests.mapdata import (
    CENTRES,
    HOSTILE,
    SECRET_NOTE,
    SENSITIVE_AT,
    city_centre,
    frame,
    payload_of,
)


class Tags(HTMLParser):
    """Every element the HTML parser sees, and the text of <title> and <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.title = ""
        self.scripts: list[str] = []
        self._in = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag

    def handle_endtag(self, tag):
        self._in = ""

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.scripts.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def test_public_map_carries_no_private_field_nor_exact_sensitive_position():
    html = render_html(build_map(frame(), audience="public", city_centre=city_centre))
    points = decode_points(payload_of(html))

    assert set(points[0]) - {"lat", "lon"} <= set(PUBLIC_COLUMNS)
    names = {p["name"] for p in points}
    assert "Internal partner meeting" not in names and "Internal partner meeting" not in html
    assert SECRET_NOTE not in html
    # Nice's cables move to the centre of Nice; Liège's barrier has no known centre: dropped.
    cables = next(p for p in points if p["name"].startswith("Anti-ramming"))
    assert (cables["lat"], cables["lon"]) == CENTRES[("Nice", "FR")]
    assert cables["precision"] == "city"
    assert not any(p["name"].startswith("Mobile barrier") for p in points)
    for lat, lon in SENSITIVE_AT:
        assert all((p["lat"], p["lon"]) != (lat, lon) for p in points)
        assert str(lat) not in html and str(lon) not in html
        assert str(round(lat * 1e5)) not in html


def test_staff_map_shows_exact_positions_and_every_row():
    points = decode_points(payload_of(render_html(build_map(frame()))))
    assert {(p["lat"], p["lon"]) for p in points} >= SENSITIVE_AT
    assert len(points) == 6  # 7 rows, one without a position


def test_public_view_never_mutates_and_drops_sensitive_rows_without_a_centre():
    data = frame()
    before = data.copy()
    view = public_view(data)  # no city_centre: no sensitive row can be placed safely
    pd.testing.assert_frame_equal(data, before)
    assert list(view.columns) == [c for c in PUBLIC_COLUMNS if c in data.columns]
    assert not view["name"].str.contains("Anti-ramming|Mobile barrier|Internal").any()


def test_public_view_reads_yes_no_words_and_treats_unclear_values_as_private():
    data = pd.DataFrame({
        "name": ["open", "closed", "typo", "site"], "city": ["Nice"] * 4, "country": ["FR"] * 4,
        "lat": [43.7, 43.7, 43.7, 43.69112], "lon": [7.2, 7.2, 7.2, 7.24753],
        "public": ["yes", "no", "maybe", ""], "sensitive": ["no", "", "", "oui"],
    })  # fmt: skip
    view = public_view(data, city_centre=city_centre)
    assert list(view["name"]) == ["open", "site"]
    assert (view.at[1, "lat"], view.at[1, "lon"]) == CENTRES[("Nice", "FR")]


def test_public_geojson_has_no_private_field_nor_sensitive_position():
    collection = to_geojson(public_view(frame(), city_centre=city_centre))
    coords = {tuple(f["geometry"]["coordinates"][::-1]) for f in collection["features"]}
    assert not coords & SENSITIVE_AT
    for feature in collection["features"]:
        assert set(feature["properties"]) <= set(PUBLIC_COLUMNS)
    assert SECRET_NOTE not in json.dumps(collection)


def test_hostile_strings_never_become_markup():
    title = f"Map {HOSTILE}"
    html = render_html(build_map(frame(), title=title))
    tags = parse(html)

    assert not [t for t, a in tags.tags if t == "img"]
    assert not [a for _, a in tags.tags if any(k.startswith("on") for k in a)]
    assert tags.title == title  # the parser unescaped &lt;…&gt; back into the text
    assert "<img" not in "".join(tags.scripts)  # in scripts only as \u003cimg
    points = decode_points(payload_of(html))
    hostile = next(p for p in points if p["name"] == HOSTILE)
    assert hostile["activity"] == HOSTILE and hostile["description"] == HOSTILE
    legend = re.search(r"EfusMap\.addLegend\(\w+, (\[.*?\]),", html, flags=re.DOTALL)
    assert HOSTILE in [e["label"] for e in json.loads(legend[1])]


def test_every_activity_has_a_style_distinguishable_in_greyscale():
    assert set(ACTIVITIES) <= set(ACTIVITY_STYLE)
    looks = [(s.shape, s.fill) for s in ACTIVITY_STYLE.values()]
    assert len(set(looks)) == len(looks)


def test_payload_round_trips_plain_and_compressed():
    rng = np.random.default_rng(1)
    n = 3000
    data = pd.DataFrame({
        "name": [f"Place {i % 700}" for i in range(n)], "activity": rng.choice(ACTIVITIES, n),
        "country": rng.choice(["FR", "IT", "BE"], n), "city": "", "kind": "event",
        "lat": rng.uniform(36, 60, n).round(5), "lon": rng.uniform(-9, 25, n).round(5),
    })  # fmt: skip
    expected = sorted(zip(data["name"], data["lat"], data["lon"], strict=True))
    for compress in (False, True):
        html = render_html(build_map(data, compress=compress))
        assert ('{"json":' in html) is not compress  # the basemap is always gzipped
        points = decode_points(payload_of(html))
        assert sorted((p["name"], p["lat"], p["lon"]) for p in points) == expected
    assert encode_points(data)["codes"][1] == 0  # one kind only: one number, not 3000


def test_rows_without_position_are_counted():
    m = build_map(frame())
    assert m.without_position == 1
    assert "1 without a known position not shown" in render_html(m)


def test_static_mode_declares_only_local_assets(tmp_path):
    m = build_map(frame(), assets="static")
    html = render_html(m)
    links = [url for _, url in m.default_js + m.default_css]
    assert links and all(url.startswith("/app/static/efus-map/") for url in links)
    assert not re.findall(r"(?:src|href)=\"https?://", html)
    # What streamlit-folium loads: default_js/default_css of every element in the tree.
    stack, found = [m], []
    while stack:
        element = stack.pop()
        pairs = getattr(element, "default_js", []) + getattr(element, "default_css", [])
        found += [url for _, url in pairs]
        stack.extend(element._children.values())
    assert all(u.startswith("/app/static/") for u in found)
    written = web_assets.install_static(tmp_path)
    for url in links:
        assert (tmp_path / url.removeprefix("/app/static/").split("?")[0]).is_file()
    assert (tmp_path / "efus-map/leaflet/images/layers.png").is_file()
    assert written and web_assets.install_static(tmp_path) == []  # second start copies nothing


def test_inline_mode_needs_nothing_from_outside():
    html = render_html(build_map(frame()))
    tags = parse(html)
    assert not [a for t, a in tags.tags if t == "script" and a.get("src")]
    assert not [a for t, a in tags.tags if t == "link" and a.get("rel") == "stylesheet"]
    assert "Leaflet 1.9.3" in html and "EfusMap" in html
    assert "url(images/" not in html  # CSS images became data: URIs


def test_online_tiles_only_when_configured_and_carto_only_with_a_key():
    offline = render_html(build_map(frame()))
    assert "tile.openstreetmap.org" not in offline and OFFLINE_BASEMAP not in offline
    online = render_html(build_map(frame(), online_tiles=True))
    assert "tile.openstreetmap.org" in online and OFFLINE_BASEMAP in online
    assert "cartocdn" not in online  # without a key CARTO draws "API key required" on tiles
    keyed = render_html(build_map(frame(), online_tiles=True, carto_key=" k/e&y "))
    assert "light_all/{z}/{x}/{y}{r}.png?key=k%2Fe%26y" in keyed
    assert "CARTO Positron (online)" in keyed


def test_row_for_click_finds_every_row_at_the_clicked_point():
    m = build_map(frame())
    rows = row_for_click(m.plotted, {"last_object_clicked": {"lat": 45.07049, "lng": 7.68682}})
    assert list(rows["id"]) == ["turin"]
    assert row_for_click(m.plotted, {"last_object_clicked": None}).empty
    assert row_for_click(m.plotted, None).empty


def test_iframe_snippet_is_escaped_and_titled():
    snippet = iframe_snippet('https://efus.eu/map.html?a=1&b="2"', title=f"Map {HOSTILE}")
    tags = parse(snippet)
    assert [t for t, _ in tags.tags] == ["iframe"]
    attrs = tags.tags[0][1]
    assert attrs["title"] == f"Map {HOSTILE}" and attrs["src"].endswith('b="2"')
    with pytest.raises(MapError, match="not a web address"):
        iframe_snippet("javascript:alert(1)", title="Map")
    with pytest.raises(MapError, match="needs a title"):
        iframe_snippet("https://efus.eu/map.html", title=" ")


def test_bad_options_say_what_to_do():
    with pytest.raises(MapError, match=r"audience 'press'.*fix: use 'staff'"):
        build_map(frame(), audience="press")
    with pytest.raises(MapError, match=r"no column 'lat', 'lon'"):
        build_map(pd.DataFrame({"name": ["x"]}))


def test_export_command_writes_map_geojson_and_iframe(tmp_path, capsys):
    csv = tmp_path / "places.csv"
    csv.write_text("name;country;lat;lon;activity;notes\n"
                   "Ville de Nice;France;43,70313;7,26608;partner;secret\n"
                   "Liège;BE;50.63373;5.56749;signatory;\n", encoding="utf-8")  # fmt: skip
    out, geojson, iframe = tmp_path / "map.html", tmp_path / "map.geojson", tmp_path / "embed.html"
    code = main(["export", "--data", str(csv), "--public", "--country", "FR", "--title", "Nice",
                 "-o", str(out), "--geojson", str(geojson), "--iframe", str(iframe),
                 "--url", "https://efus.eu/maps/nice.html"])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    points = decode_points(payload_of(out.read_text(encoding="utf-8")))
    assert [p["name"] for p in points] == ["Ville de Nice"]
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["name"] for f in features] == ["Ville de Nice"]
    assert "notes" not in features[0]["properties"]
    assert 'title="Nice"' in iframe.read_text(encoding="utf-8")
    assert "1 on the map" in capsys.readouterr().err
    assert "tile.openstreetmap.org" not in out.read_text(encoding="utf-8")
    assert main(["export", "--data", str(csv), "--online-tiles", "-o", str(out)]) == 0
    assert "tile.openstreetmap.org" in out.read_text(encoding="utf-8")


def test_export_command_reports_bad_rows_without_a_traceback(tmp_path, capsys):
    csv = tmp_path / "places.csv"
    csv.write_text("name,country,lat,lon\nNice,FR,43.7,east\n", encoding="utf-8")
    assert main(["export", "--data", str(csv), "-o", str(tmp_path / "m.html")]) == 1
    err = capsys.readouterr().err
    assert f"{csv}:2:lon" in err and "'east' is not a number" in err and "fix:" in err
    assert "Traceback" not in err
    assert main(["export", "--data", str(csv), "--activity", "x", "-o", "m.html"]) == 1


def test_numbers_in_payload_are_finite():
    payload = encode_points(frame().dropna(subset=["lat"]))
    assert all(isinstance(v, int) for v in payload["lat"] + payload["lon"])
    assert not any(math.isnan(v) for v in np.cumsum(payload["lat"]))


def test_loading_rows_for_a_page_imports_no_map_library():
    """The audience rules and the payload run before (and without) any map: importing them
    must not load folium, which the dashboard only needs once it draws."""
    import subprocess
    import sys

    code = ("import sys, geo.maps.audience, geo.maps.payload, geo.maps.styles; "
            "print(sorted(m for m in ('folium', 'branca', 'streamlit') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_map_errors_carry_a_stable_code_and_the_bad_values():
    """Code that handles a refused map reads ``code`` and ``params``, never the words."""
    from geo.commands.export import SelectionError, select_rows

    cases = [
        (lambda: build_map(frame(), audience="press"), "audience_unknown", {"audience": "press"}),
        (lambda: build_map(frame(), assets="cdn"), "assets_unknown", {"assets": "cdn"}),
        (lambda: build_map(pd.DataFrame({"name": ["x"]})), "columns_missing",
         {"columns": ("lat", "lon")}),
        (lambda: iframe_snippet("javascript:x", title="Map"), "iframe_url_invalid",
         {"url": "javascript:x"}),
        (lambda: iframe_snippet("https://efus.eu/", title=" "), "iframe_title_missing",
         {"title": " "}),
    ]  # fmt: skip
    for make, code, params in cases:
        with pytest.raises(MapError) as refused:
            make()
        assert (refused.value.code, dict(refused.value.params)) == (code, params)
    with pytest.raises(SelectionError) as unknown:
        select_rows(frame(), projects=["Nope"])
    assert unknown.value.code == "filter_value_unknown"
    assert unknown.value.params["value"] == "Nope"
