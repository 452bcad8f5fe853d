"""The engine's pages carry the basemap's names (labels.json + efus-labels.js): inside an
exported file, or as Streamlit static files that ``install_static`` writes."""

from __future__ import annotations

import json
import re

import pytest

from geo.maps import assets as web_assets
from geo.maps.engine import build_map, render_html
from geo.maps.payload import unpack
from tests.mapdata import HOSTILE, frame

# The calls the page makes (the inlined code's own comments show a call too, on ``map``).
LOAD = re.compile(r"EfusLabels\.load\(\s*map_\w+,\s*(\{.*?\}),\s*\{\s*lang:\s*(\".*?\"),",
                  re.DOTALL)  # fmt: skip
BASEMAP = re.compile(r"EfusMap\.addBasemap\(\s*map_\w+,")


def names_call(html: str) -> tuple[dict, str]:
    """What the page hands ``EfusLabels.load``: the names' source and the language."""
    match = LOAD.search(html)
    assert match, "the page never loads the basemap's names"
    return json.loads(match[1]), json.loads(match[2])


def turin(labels: dict) -> dict:
    cities = labels["cities"]
    rows = [dict(zip(cities["columns"], row)) for row in cities["rows"]]
    return next(r for r in rows if r["geonameid"] == 3165524)


def test_exported_page_carries_the_names_and_loads_them_after_the_basemap():
    html = render_html(build_map(frame()))
    source, lang = names_call(html)
    labels = unpack({"gzip": source["gzip"]})
    assert turin(labels)["name"] in ("Turin", "Torino")
    assert lang == "en"
    basemap = BASEMAP.search(html)
    assert basemap and basemap.start() < LOAD.search(html).start()
    assert "/* efus-labels.js: this project */" in html
    assert "/* efus-labels.css: this project */" in html


def test_static_page_fetches_the_names_that_install_static_wrote(tmp_path):
    html = render_html(build_map(frame(), assets="static", lang="fr"))
    source, lang = names_call(html)
    assert lang == "fr"
    url = source["url"]
    assert url.startswith("/app/static/efus-map/basemap/labels.json?v=")
    web_assets.install_static(tmp_path)
    written = tmp_path / url.removeprefix("/app/static/").split("?")[0]
    labels = json.loads(written.read_text(encoding="utf-8"))
    assert "fr" in labels["langs"] and turin(labels)["fr"] in ("Turin", None)
    # The names' code comes with the engine's own, last in the one static script and style.
    (js,), (css,) = web_assets.static_links()
    script = (tmp_path / js[1].removeprefix("/app/static/").split("?")[0]).read_bytes()
    style = (tmp_path / css[1].removeprefix("/app/static/").split("?")[0]).read_bytes()
    labels_js = (web_assets.HERE / "js" / "efus-labels.js").read_bytes()
    assert script.index(labels_js) > script.index(b"/* efus-map.js: this project */")
    assert (web_assets.HERE / "js" / "efus-labels.css").read_bytes() in style


@pytest.mark.parametrize("lang", [HOSTILE, "fr</script><script>alert(1)//"])
def test_a_hostile_language_reaches_the_page_as_a_json_string_only(lang):
    html = render_html(build_map(frame(), lang=lang))
    assert names_call(html)[1] == lang
    assert "</script><script>alert(1)" not in html
