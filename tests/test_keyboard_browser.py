"""The dashboard with the keyboard alone, as a person who cannot use a mouse uses it: from the
page's first Tab to Liège's pilot equipment, its details and its source link, then to the
table sorted by country, then to the download of the rows shown. Only ``page.keyboard`` acts;
locators only wait for what the page shows and read it."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import new_offline_page, wait_page_idle
from tests.keyboard import focused, tab_to

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"


def test_keyboard_alone_reaches_liege_equipment_its_source_a_sorted_table_and_the_download(
    browser, app_url, artifacts
):
    page = new_offline_page(browser, viewport={"width": 1280, "height": 800},
                            accept_downloads=True)  # fmt: skip
    page.goto(app_url)
    page.frame_locator(MAP_FRAME).first.locator("[data-efus-drawn]").wait_for(
        state="attached", timeout=60_000
    )
    wait_page_idle(page)
    headline = page.get_by_text(" shown · ").first.inner_text()
    shown = int(headline.split(" of ")[0])

    # The place list beside the map: type to narrow it, Enter to choose.
    tab_to(page, lambda f: f["label"] == "Place")
    page.keyboard.type("anti-ramming")
    page.get_by_role("option", name="Mobile modular anti-ramming barriers — Liège, Belgium")\
        .wait_for()  # fmt: skip
    page.keyboard.press("Enter")
    panel = page.locator("section.efus-details")
    expect(panel.get_by_role("heading", level=2).first).to_have_text(
        "Mobile modular anti-ramming barriers", timeout=30_000
    )
    expect(panel).to_contain_text("pilot equipment")
    wait_page_idle(page)
    page.screenshot(path=artifacts / "keyboard-details.png")

    # The next Tab stop is the place's source: a link that Enter opens.
    source = tab_to(page, lambda f: f["tag"] == "A")
    assert source["label"] == "Source: Mobile modular anti-ramming barriers"
    assert source["href"].startswith("https://")

    # On to the tabs; the table is open: sort it by country from its select.
    tab_to(page, lambda f: f["role"] == "tab")
    tab_to(page, lambda f: f["label"] == "Sort by")
    page.keyboard.type("Country")
    page.keyboard.press("Enter")
    caption = page.locator(".efus-table caption")
    expect(caption).to_contain_text("Sorted by Country, A to Z", timeout=30_000)
    expect(page.locator(".efus-table th[data-column='country']")).to_have_attribute(
        "aria-sort", "ascending"
    )
    first = page.locator(".efus-table tbody tr").first.locator("td").nth(2)
    expect(first).to_have_text("Belgium")  # by name in English, not by code (BE, DE, ES…)
    page.screenshot(path=artifacts / "keyboard-table.png")

    # Back to the tab list, across to "Share and download", and the CSV of the rows shown.
    tab_to(page, lambda f: f["role"] == "tab", key="Shift+Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    expect(page.get_by_role("tab", name="Share and download")).to_have_attribute(
        "aria-selected", "true"
    )
    wait_page_idle(page)
    tab_to(page, lambda f: f["text"].endswith("CSV"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    with open(download.value.path(), encoding="utf-8-sig", newline="") as file:
        rows = list(csv.DictReader(io.StringIO(file.read())))
    assert len(rows) == shown
    assert "site-liege-mobile-barriers" in {r["id"] for r in rows}
    assert page.log.external == []
    page.context.close()


def test_a_table_name_opened_from_the_keyboard_shows_its_details_and_centres_the_map(
    offline_page, app_url
):
    page = offline_page
    page.goto(app_url + "?country=BE")  # Brussels and Liège: the map opens between them
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=60_000)
    wait_page_idle(page)
    tab_to(page, lambda f: "place=" in f["href"])  # the table's first name (A to Z)
    name = "City of Liège"
    assert focused(page)["text"] == name
    page.keyboard.press("Enter")  # the link opens the view with that place chosen
    panel = page.locator("section.efus-details")
    expect(panel.get_by_role("heading", level=2).first).to_have_text(name, timeout=60_000)
    expect(page.get_by_label("Place", exact=True)).to_be_visible()
    # The map is centred on Liège, at the zoom of a chosen place.
    page.wait_for_function(
        """(sel) => { const w = document.querySelector(sel).contentWindow;
                     const c = w.map && w.map.getCenter();
                     return c && Math.abs(c.lat - 50.63) < 0.2
                              && Math.abs(c.lng - 5.57) < 0.2 && w.map.getZoom() === 8; }""",
        arg=MAP_FRAME,
        timeout=60_000,
    )
