"""The Python side of the clusters: the supercluster script every map loads (installed from npm,
pinned), and the options a page hands the engine (look, radius, depth, words)."""

from __future__ import annotations

import json
import re

import pytest

from geo.maps import assets as web_assets
from geo.maps.engine import build_map, render_html
from geo.maps.styles import CLUSTER_MAX_ZOOM, CLUSTER_RADIUS, CLUSTER_STYLE
from tests.mapdata import frame

ROOT = web_assets.HERE.parents[2]


def _options(html: str) -> dict:
    """The options of ``EfusMap.addPoints`` in a page, decoded."""
    match = re.search(r"(\{\"pane\":\"efusPoints\".*?\})\s*\);", html, flags=re.DOTALL)
    assert match, "no point options in the page"
    return json.loads(match[1])


def test_the_supercluster_script_is_the_pinned_one_from_npm():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    assert pinned["supercluster"] == lock["packages"]["node_modules/supercluster"]["version"]
    installed = json.loads((web_assets.SUPERCLUSTER.parents[1] / "package.json").read_text())
    assert installed["version"] == pinned["supercluster"] == "9.1.0"
    assert installed["license"] == "ISC"


def test_an_exported_page_carries_supercluster_before_the_engine():
    html = render_html(build_map(frame()))
    scripts = re.findall(r"<script>/\* ([\w./-]+): ", html)
    assert scripts.index("supercluster/supercluster.min.js") < scripts.index("efus-map.js")
    assert "ISC, (c) 2024 Mapbox" in html


def test_streamlit_serves_supercluster_from_its_static_copy(tmp_path):
    m = build_map(frame(), assets="static")
    (url,) = dict(m.default_js).values()  # one bundle: supercluster, then the engine
    assert url.startswith("/app/static/efus-map/")
    web_assets.install_static(tmp_path)
    served = (tmp_path / url.removeprefix("/app/static/").split("?")[0]).read_bytes()
    at = served.index(web_assets.SUPERCLUSTER.read_bytes())
    assert at < served.index((web_assets.HERE / "js" / "efus-map.js").read_bytes())


def test_a_missing_supercluster_says_which_command_installs_it(monkeypatch, tmp_path):
    gone = tmp_path / "node_modules" / "supercluster" / "dist" / "supercluster.min.js"
    monkeypatch.setattr(web_assets, "SUPERCLUSTER", gone)
    web_assets.assets.cache_clear()
    fix = r"supercluster\) is not installed; fix: run `make run` \(or `npm ci`"
    try:
        with pytest.raises(web_assets.AssetError, match=fix) as caught:
            build_map(frame(), assets="static")  # Streamlit's map, at start-up
    finally:
        web_assets.assets.cache_clear()
    assert caught.value.code == "asset_missing" and caught.value.params == {"path": str(gone)}


def test_points_carry_the_cluster_look_and_its_words_in_the_page_language():
    english = _options(render_html(build_map(frame())))["cluster"]
    assert english == {**CLUSTER_STYLE, "radius": CLUSTER_RADIUS, "maxZoom": CLUSTER_MAX_ZOOM,
                       "tooltip": "{n} here: click or press Enter to zoom in"}  # fmt: skip
    french = _options(render_html(build_map(frame(), lang="fr")))
    assert french["lang"] == "fr"
    assert "{n}" in french["cluster"]["tooltip"]
    assert french["cluster"]["tooltip"] != english["tooltip"]
