"""Hostile text in Debian's headless Chromium: an exported map, and the live ``?embed=1`` page
of the reported attack, served by ``streamlit run``. Nothing runs (no dialog, no file on the
server), the text shows as typed, and the server stays up for the next visitor."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from geo.maps.export import export_html
from tests.conftest import streamlit_server, wait_map_still
from tests.test_injection import JINJA, RCE, RCE_NO_QUOTE, hostile_frame, payloads
from tests.test_webmap_browser import _screen_point

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself


def _dialogs(page) -> list[str]:
    seen: list[str] = []
    page.on("dialog", lambda d: (seen.append(d.message), d.dismiss()))
    return seen


def _hover(page, x: float, y: float, name: str, *, attempts: int = 20) -> None:
    """Point at (x, y) until the tooltip names ``name``. Leaflet's canvas drops a hover that
    comes within 32 ms of the previous one, so a move may pass unseen: move again."""
    for attempt in range(attempts):
        page.mouse.move(x + attempt % 2 * 0.5, y)
        try:
            expect(page.locator(".leaflet-tooltip")).to_have_text(name, timeout=250)
            return
        except AssertionError:  # not (yet) this point's tooltip
            if attempt == attempts - 1:
                raise


def test_exported_hostile_map_shows_every_payload_as_text_and_runs_nothing(
    offline_page, tmp_path, artifacts
):
    page = offline_page
    marker = tmp_path / "pwned"
    frame = hostile_frame(marker)
    title = RCE.format(marker=marker) + " " + JINJA["syntax error"]
    path = tmp_path / "map.html"
    export_html(frame, path, title=title)
    page.set_viewport_size({"width": 1600, "height": 1000})  # room beside the long legend
    dialogs = _dialogs(page)
    page.goto(path.as_uri())
    page.wait_for_selector(f".leaflet-container[data-efus-drawn='{len(frame)}']", timeout=30_000)
    expect(page.locator(".efus-title-text")).to_have_text(title)
    assert page.title() == title
    labels = page.locator(".efus-legend-label").all_text_contents()
    assert sorted(labels) == sorted(frame["activity"])
    wait_map_still(page)  # hovering moves nothing: every point stays where it was computed
    rows = frame.to_dict("records")
    at = [_screen_point(page, row["lat"], row["lon"]) for row in rows]
    for row, (x, y) in zip(rows, at, strict=True):
        _hover(page, x, y, row["name"])
    page.mouse.click(*at[0])  # the shell command: its popup, as text
    popup = page.locator(".leaflet-popup-content")
    expect(popup.locator(".efus-name")).to_have_text(rows[0]["name"])
    expect(popup).to_contain_text(rows[0]["description"])
    assert page.locator("img[src='x']").count() == 0
    assert dialogs == [] and not marker.exists()
    page.screenshot(path=artifacts / "injection-export.png")


def _embed_title(browser, url: str, query: str, expected: str) -> None:
    """Open the live embed with ``query`` in a fresh browser context; its map shows
    ``expected`` as its title, as text, and no dialog opens."""
    from tests.conftest import new_offline_page

    page = new_offline_page(browser)
    dialogs = _dialogs(page)
    page.goto(url + "?embed=1&" + query)
    heading = page.frame_locator(MAP_FRAME).locator(".efus-title-text")
    expect(heading).to_have_text(expected, timeout=60_000)
    assert page.get_by_test_id("stException").count() == 0
    assert dialogs == []
    page.context.close()


def test_the_reported_embed_link_runs_nothing_and_the_page_stays_up(browser, tmp_path):
    from tests.conftest import new_offline_page

    marker, quiet = tmp_path / "pwned", tmp_path / "pwned-no-quote"
    texts = list(payloads(marker).values())
    env = {"EFUS_DATA_DIR": str(tmp_path / "store"), "EFUS_TEST_PWNED": str(quiet)}
    with streamlit_server(env=env, log=tmp_path / "server.log") as url:
        for project in (RCE.format(marker=marker), RCE_NO_QUOTE):  # the link as reported
            query = "project=" + quote(project, safe="")
            _embed_title(browser, url, query, "Where Efus works: " + project)
        # Every payload at once (a list parameter: none holds a comma).
        query = "activity=" + quote(",".join(texts), safe="")
        _embed_title(browser, url, query, "Where Efus works: " + ", ".join(texts))
        assert not marker.exists() and not quiet.exists()

        second = new_offline_page(browser)  # the next visitor still gets the map
        second.goto(url + "?embed=1&project=PACTESUR")
        frame = second.frame_locator(MAP_FRAME)
        expect(frame.locator(".efus-title-text")).to_have_text(
            "Where Efus works: PACTESUR", timeout=60_000
        )
        frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=45_000)
        assert int(frame.locator("[data-efus-drawn]").get_attribute("data-efus-drawn")) > 0
        second.context.close()
