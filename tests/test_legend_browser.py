"""The legend opens by default where there is room for it, and starts folded where it would
hide too much of the map (real Chromium, nothing from the internet)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from geo.maps.engine import build_map, render_html
from tests.mapdata import frame

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("legend") / "map.html"
    path.write_text(render_html(build_map(frame(), title="Legend")), encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "height", "is_open"), [
    (1280, 720, True), (1920, 1080, True), (480, 720, False), (1280, 160, False),
])  # fmt: skip
def test_legend_is_open_where_there_is_room(offline_page, page_file, width, height, is_open):
    page = offline_page
    page.set_viewport_size({"width": width, "height": height})
    page.goto(page_file.as_uri())
    legend = page.locator(".efus-legend")
    legend.wait_for()
    first_entry = legend.locator(".efus-legend-label").first
    if is_open:
        expect(first_entry).to_be_visible()
        box = legend.bounding_box()
        assert box["width"] <= width / 3 and box["height"] <= height / 2
    else:
        expect(first_entry).to_be_hidden()
        legend.locator("summary").click()  # one click opens it
        expect(first_entry).to_be_visible()
    assert page.log.external == []
