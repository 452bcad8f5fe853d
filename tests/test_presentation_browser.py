"""A speaker's presentation on a real projector: Debian's headless Chromium at 1280×720 and
1920×1080, stepping through a saved tour of eight cities with a clicker after clicking the map.

Nothing scrolls, the map's box stays put from one stop to the next, the clicker's keys work
whatever was clicked last, and a screen reader is told each city.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from geo.data.tours import save_tour
from tests import a11y
from tests.conftest import streamlit_server, wait_page_idle

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself
TOUR = "Eight cities"
CITIES = ["Nice", "Turin", "Liège", "Gdańsk", "Brașov", "Eindhoven", "Málaga", "Riga"]
KEYS = ["FR/Nice", "IT/Turin", "BE/Liège", "PL/Gdańsk", "RO/Brașov", "NL/Eindhoven",
        "ES/Málaga", "LV/Riga"]  # fmt: skip
# What a clicker or a keyboard sends for "next", in turn, each after a click inside the map.
NEXT_KEYS = ["PageDown", "ArrowRight", "Space", "PageDown", "ArrowDown", "PageDown", "Space"]
SCREENS = [(1280, 720), (1920, 1080)]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app on a fresh store, with the eight-city tour saved beside it as staff save it."""
    folder = tmp_path_factory.mktemp("presentation")
    store = folder / "store"
    save_tour(store, name=TOUR, places=KEYS, author="camille")
    with streamlit_server(env={"EFUS_DATA_DIR": str(store)}, log=folder / "server.log") as url:
        yield url


def _layout(page) -> dict:
    """What a projector shows: the page's heights and the map frame's box."""
    return page.evaluate(
        """(sel) => { const main = document.querySelector("[data-testid='stMain']");
                      const box = document.querySelector(sel).getBoundingClientRect();
                      return {doc: document.documentElement.scrollHeight,
                              inner: window.innerHeight, main: main.scrollHeight,
                              mainBox: main.clientHeight,
                              box: [box.x, box.y, box.width, box.height].map(Math.round)}; }""",
        MAP_FRAME,
    )


def _at_stop(page, n: int) -> str:
    """Wait until the page shows stop ``n`` of 8 and has settled; the live region's text."""
    status = page.get_by_role("status").filter(has_text=f"{n} of 8")
    status.wait_for(timeout=60_000)
    wait_page_idle(page)
    page.frame_locator(MAP_FRAME).locator("[data-efus-drawn]").wait_for(state="attached")
    return status.inner_text()


def _wait_named(page, city: str) -> None:
    """Until the map's place names (efus-labels.js) show ``city`` in the map's frame.
    GeoNames writes Braşov with a cedilla, our data Brașov with a comma below: either."""
    spelt = re.compile(f"^{city}$".replace("ș", "[şș]"))
    names = page.frame_locator(MAP_FRAME).locator(".efus-label-text", has_text=spelt)
    names.first.wait_for(state="visible", timeout=30_000)


@pytest.mark.parametrize(("width", "height"), SCREENS)
def test_a_saved_tour_fits_the_projector_and_the_clicker_works_after_a_map_click(
    browser, app_url, artifacts, width, height
):
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    try:
        page.goto(f"{app_url}?present=1&tour={quote(TOUR)}")
        first_box = None
        for n, city in enumerate(CITIES, start=1):
            said = _at_stop(page, n)
            assert city in said  # the live region names the city
            _wait_named(page, city)  # and the basemap names it under the ring
            layout = _layout(page)
            assert layout["doc"] <= layout["inner"], layout  # nothing scrolls
            assert layout["main"] <= layout["mainBox"] + 1, layout
            first_box = first_box or layout["box"]
            assert layout["box"] == first_box, (n, layout)  # the map does not jump
            assert layout["box"][1] + layout["box"][3] <= height  # the map's bottom is on screen
            # and the map fills the screen's rest: no empty band under it on a 1080-px projector
            assert layout["box"][1] + layout["box"][3] >= height - 48, layout
            if n == 2:
                page.screenshot(path=artifacts / f"presentation-{width}x{height}.png")
            if n < len(CITIES):
                # A click inside the map takes the keyboard focus into its frame.
                page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(
                    position={"x": 40, "y": layout["box"][3] - 120})
                page.keyboard.press(NEXT_KEYS[n - 1])
        page.keyboard.press("PageUp")  # and back, with the focus still in the map
        _at_stop(page, 7)
    finally:
        context.close()


def test_the_presentation_has_no_blocking_accessibility_problem(browser, app_url):
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"{app_url}?present=1&tour={quote(TOUR)}")
        _at_stop(page, 1)
        a11y.assert_no_blocking(page)
    finally:
        context.close()


def test_a_warning_floats_over_the_map_and_nothing_moves(browser, app_url):
    """A warning on a projector (a staff view, here a tour that cannot be opened) is in view
    over the map's foot, and the page still fits the screen with the map in its place."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(f"{app_url}?present=1&tour={quote(TOUR)}")
        _at_stop(page, 1)
        box = _layout(page)["box"]
        page.goto(f"{app_url}?present=1&tour=Nope")
        warning = page.get_by_text("no saved tour is named 'Nope'")
        warning.wait_for(timeout=60_000)
        page.get_by_role("status").filter(has_text="1 of ").wait_for(timeout=60_000)
        wait_page_idle(page)
        page.frame_locator(MAP_FRAME).locator("[data-efus-drawn]").wait_for(state="attached")
        layout = _layout(page)
        assert layout["doc"] <= layout["inner"] and layout["main"] <= layout["mainBox"] + 1
        assert layout["box"] == box  # the same heading, the same map box
        shown = warning.bounding_box()
        assert shown["y"] > box[1] and shown["y"] + shown["height"] <= 720  # over the map
    finally:
        context.close()
