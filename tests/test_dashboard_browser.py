"""The dashboard as a person sees it: `streamlit run` on 127.0.0.1, Debian's headless Chromium.

Every page is opened with requests outside 127.0.0.1 refused and logged, so each test also
proves that the page needs nothing from the internet. Screenshots land in artifacts/.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.conftest import choose_option, wait_map_still, wait_page_idle

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself


def _map(page, *, timeout_ms: int = 45_000):
    """The map frame once the engine has drawn its points (``data-efus-drawn``)."""
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=timeout_ms)
    return frame


def _drawn(page) -> int:
    frame = page.frame_locator(MAP_FRAME)
    return int(frame.locator("[data-efus-drawn]").get_attribute("data-efus-drawn"))


def _wait_drawn(page, points: int) -> None:
    """Until the map has drawn exactly ``points`` points (the last step of a rerun)."""
    page.wait_for_function(
        """([sel, n]) => { const f = document.querySelector(sel).contentDocument;
                           const d = f && f.querySelector("[data-efus-drawn]");
                           return d && d.getAttribute("data-efus-drawn") === String(n); }""",
        arg=[MAP_FRAME, points],
        timeout=20_000,
    )


def _click_map_centre(page) -> None:
    """Click the place the page centred the map on (a selection of one place), once Leaflet
    has finished its zoom animation."""
    page.wait_for_function(
        """(sel) => { const w = document.querySelector(sel).contentWindow;
                     return w.map && w.__GLOBAL_DATA__.last_center && !w.map._animatingZoom; }""",
        arg=MAP_FRAME,
        timeout=20_000,
    )
    wait_map_still(page.locator(MAP_FRAME).element_handle().content_frame())
    point = (
        page.frame_locator(MAP_FRAME)
        .locator("body")
        .evaluate(
            """() => { const m = window.map, c = window.__GLOBAL_DATA__.last_center;
                  const p = m.latLngToContainerPoint(c);
                  const r = m.getContainer().getBoundingClientRect();
                  return {x: p.x + r.left, y: p.y + r.top}; }"""
        )
    )
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def _choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the sidebar multiselect ``label`` as a person does in a long list.
    (Clicking an option half hidden at the list's bottom edge scrolls the list under the
    pointer between press and release, so the release lands on the list and nothing is
    chosen: typing first narrows the list.)"""
    choose_option(page, label, option, widget="stMultiSelect")


def _assert_offline(page) -> None:
    assert page.log.external == [], f"requests left the machine: {page.log.external}"
    failed = [f for f in page.log.failed if "favicon" not in f]
    assert failed == [], f"requests failed: {failed}"


def test_page_shows_all_seed_data_on_a_map_offline(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(app_url)
    _map(page)
    page.get_by_text("Where Efus works").first.wait_for()
    headline = page.get_by_text(" shown · ").first.inner_text()
    shown, total = headline.split(" shown")[0].split(" of ")
    assert shown == total and int(total) > 50
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["width"] > 500 and box["height"] > 400
    # Every positioned seed row is drawn (rows at one city centre share a marker position).
    assert _drawn(page) == int(total)
    page.screenshot(path=artifacts / "dashboard.png", full_page=False)
    _assert_offline(page)


def test_filtered_link_reproduces_the_view_in_another_browser(browser, app_url, artifacts):
    from tests.conftest import RequestLog

    first = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    first.goto(app_url)
    frame = _map(first)
    all_points = _drawn(first)
    # A mark on the live Leaflet map: it survives only if the map is not rebuilt.
    frame.locator("body").evaluate("() => { window.map._efusProbe = 'same map'; }")
    headline = first.get_by_text(" shown · ").first
    _choose(first, "Country", "Belgium")
    # As a person does: the next filter once the page shows the first one's result.
    headline.filter(has_text="1 country").wait_for()
    _wait_drawn(first, int(headline.inner_text().split(" of ")[0]))
    expect(first).to_have_url(re.compile(r"country=BE"), timeout=20_000)
    _choose(first, "Activity", "pilot equipment")
    headline.filter(has_text=re.compile(r"^\d+ of \d+ shown · 1 country · 1 project")).wait_for()
    expected = headline.inner_text()
    shown = int(expected.split(" of ")[0])
    _wait_drawn(first, shown)
    assert 0 < shown < all_points
    assert frame.locator("body").evaluate("() => window.map._efusProbe") == "same map"
    # A click on the new points reaches Python (the old points' layer is gone).
    _click_map_centre(first)
    first.get_by_role("heading", name="Mobile barrier").first.wait_for(timeout=20_000)
    # The address bar follows the filters, and so does the link the Share tab offers.
    expect(first).to_have_url(re.compile(r"activity=pilot"), timeout=20_000)
    query = parse_qs(urlsplit(first.url).query)
    assert query["country"] == ["BE"] and query["activity"] == ["pilot equipment"]
    first.get_by_role("tab", name="Share and download").click()
    link = first.locator("[data-testid='stCode'] code").first.inner_text().strip()
    assert parse_qs(urlsplit(link).query) == query

    other = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
    log = RequestLog()
    log.attach(other)
    other.goto(link)
    _map(other)
    assert other.get_by_text(" shown · ").first.inner_text() == expected
    assert _drawn(other) == int(expected.split(" of ")[0])
    other.screenshot(path=artifacts / "dashboard-belgium-equipment.png")
    assert log.external == []
    first.context.close()
    other.context.close()


def test_click_on_a_point_shows_its_details_with_source(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(app_url + "?country=PL&project=Brussels%20Declaration")
    _map(page)
    page.get_by_text("1 of ").first.wait_for()
    _click_map_centre(page)
    details = page.get_by_role("heading", name="Gdańsk")
    details.wait_for(timeout=20_000)
    assert (
        page.get_by_role("link", name="Source")
        .first.get_attribute("href")
        .startswith("https://efus.eu/")
    )
    page.screenshot(path=artifacts / "dashboard-click.png")
    _assert_offline(page)


@pytest.mark.parametrize("flag", ["embed=1", "embed=true"])
def test_embed_shows_the_map_alone(offline_page, app_url, artifacts, flag):
    page = offline_page
    page.set_viewport_size({"width": 900, "height": 600})
    page.goto(app_url + f"?{flag}&project=PACTESUR")
    frame = _map(page)
    frame.get_by_text("Where Efus works: PACTESUR").wait_for()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    assert not page.locator("header[data-testid='stHeader']").is_visible()
    assert page.get_by_text("Reset filters").count() == 0
    assert page.get_by_role("tab").count() == 0  # no table, charts or share tabs
    box = page.locator(MAP_FRAME).bounding_box()
    assert box["width"] >= 880 and box["y"] < 10
    page.screenshot(path=artifacts / f"dashboard-embed-{flag.replace('=', '-')}.png")
    _assert_offline(page)


def test_present_mode_tours_the_places(offline_page, app_url, artifacts):
    page = offline_page
    page.set_viewport_size({"width": 1600, "height": 900})
    page.goto(app_url + "?present=1&project=Brussels%20Declaration")
    _map(page)
    page.get_by_text("1 of 10").wait_for()
    first_title = page.get_by_role("heading", level=2).first.inner_text()
    page.get_by_role("button", name=re.compile("^Next")).click()
    page.get_by_text("2 of 10").wait_for()
    assert page.get_by_role("heading", level=2).first.inner_text() != first_title
    page.get_by_role("button", name=re.compile("Previous")).click()
    page.get_by_text("1 of 10").wait_for()
    page.keyboard.press("PageDown")  # a presenter's clicker
    page.get_by_text("2 of 10").wait_for()
    assert not page.locator("[data-testid='stSidebar']").is_visible()
    page.screenshot(path=artifacts / "dashboard-present.png")
    _assert_offline(page)


def test_live_map_names_turin_when_zoomed_on_it(offline_page, app_url, artifacts):
    """The dashboard's map fetches the names from Streamlit's static copy: zoomed on Turin, the
    city's name is on the basemap, credited to GeoNames, with nothing from the internet."""
    page = offline_page
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(app_url)
    frame = _map(page)
    frame.locator(".efus-labels .efus-label-text").first.wait_for(state="attached")
    # As a person zooms once the page has settled: a move made while the opening fit still
    # animates, or before a rerun redraws the map, is undone by them.
    wait_page_idle(page)
    wait_map_still(page.locator(MAP_FRAME).element_handle().content_frame())
    frame.locator("body").evaluate("() => { window.map.setView([45.07049, 7.68682], 8); }")
    wait_map_still(page.locator(MAP_FRAME).element_handle().content_frame())
    turin = frame.locator(".efus-labels .efus-label-text").filter(
        has_text=re.compile("^(Torino|Turin)$")
    )
    expect(turin).to_be_visible()
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("GeoNames (CC BY 4.0)")
    page.screenshot(path=artifacts / "dashboard-turin.png")
    _assert_offline(page)
