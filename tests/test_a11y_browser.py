"""Every view, checked by axe-core in Debian's headless Chromium (inside the map frames too):
the dashboard on each tab with a point chosen, the embed, the presentation, the staff login and
the intake, and an exported map file. A serious or critical violation fails the suite.

The server runs as the README serves it; requests outside 127.0.0.1 are refused. Screenshots
land in artifacts/ for a person to look at.
"""

from __future__ import annotations

import re

import pytest

from geo.dashboard.livemap import MAP_NAME
from geo.staff.auth import hash_password
from tests import a11y
from tests.conftest import choose_option, streamlit_server, wait_page_idle

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"
PASSWORD = "correct horse battery staple"
LIST = "signataires-2024.csv"  # the intake's messy French-Excel list
STEP_MS = 60_000  # one rerun of the page, generous for a loaded 2-core machine
LIEGE_BARRIERS = "site-liege-mobile-barriers"
LIEGE_BARRIERS_NAME = "Mobile modular anti-ramming barriers"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app on the bundled data, with a staff password configured (so that the intake's
    address shows the login)."""
    folder = tmp_path_factory.mktemp("a11y")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n', "utf-8")
    env = {"EFUS_DATA_DIR": str(folder / "store")}
    with streamlit_server(env=env, log=folder / "server.log",
                          args=("--secrets.files", str(secrets))) as url:  # fmt: skip
        yield url


def drawn_map(page, *, timeout_ms: int = 60_000):
    """The map frame once the engine has drawn its points and named its frame."""
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=timeout_ms)
    return frame


def settled(page) -> None:
    """The page has finished its run and every frame its drawing: what axe should see."""
    wait_page_idle(page)
    page.wait_for_load_state("load")


def heading_levels(page) -> list[int]:
    """The levels of the page's headings (h1–h6), in reading order, outside the map frames."""
    return page.evaluate("""() => [...document.querySelectorAll("main h1, main h2, main h3, "
        + "main h4, main h5, main h6")].map(h => Number(h.tagName[1]))""")


def assert_offline(page) -> None:
    assert page.log.external == [], f"requests left the machine: {page.log.external}"


def test_dashboard_with_a_place_chosen_has_no_serious_violation_on_any_tab(
    offline_page, app_url, artifacts
):
    page = offline_page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(app_url + f"?place={LIEGE_BARRIERS}")
    frame = drawn_map(page)
    panel = page.locator("section.efus-details")
    expect(panel.get_by_role("heading", level=2, name=LIEGE_BARRIERS_NAME)).to_be_visible(
        timeout=30_000
    )
    # The map is a named region whose frame carries the same name (not the component's id).
    expect(page.locator(MAP_FRAME)).to_have_attribute("title", MAP_NAME, timeout=20_000)
    expect(frame.get_by_role("region", name=MAP_NAME)).to_have_count(1)
    settled(page)
    page.screenshot(path=artifacts / "a11y-dashboard-1440.png")
    a11y.assert_no_blocking(page)
    for tab in ("Charts", "Share and download"):
        page.get_by_role("tab", name=tab).click()
        expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
        if tab == "Charts":
            expect(page.get_by_text("The numbers")).to_have_count(3, timeout=30_000)
        settled(page)
        a11y.assert_no_blocking(page)
    page.screenshot(path=artifacts / "a11y-dashboard-share.png")
    assert_offline(page)


def test_dashboard_on_a_phone_opens_with_the_filters_closed(browser, app_url, artifacts):
    from tests.conftest import new_offline_page

    page = new_offline_page(browser, viewport={"width": 390, "height": 844}, locale="fr-FR")
    page.goto(app_url + "?lang=fr")
    drawn_map(page)
    settled(page)
    expect(page.locator("[data-testid='stSidebar']")).to_have_attribute("data-collapsed", "true")
    page.screenshot(path=artifacts / "a11y-dashboard-390-fr.png")
    a11y.assert_no_blocking(page)
    page.context.close()


@pytest.mark.parametrize("view", ["embed=1", "present=1"])
def test_embed_and_presentation_have_no_serious_violation(offline_page, app_url, view):
    page = offline_page
    page.goto(app_url + f"?{view}&project=PACTESUR")
    drawn_map(page)
    settled(page)
    a11y.assert_no_blocking(page)
    assert_offline(page)


def test_login_and_intake_have_no_serious_violation_at_any_step(
    offline_page, app_url, root, artifacts
):
    page = offline_page
    page.goto(app_url + "intake")
    password = page.get_by_label("Password", exact=True)
    password.wait_for(timeout=30_000)
    settled(page)
    a11y.assert_no_blocking(page)
    assert heading_levels(page) == [1]  # "Staff login"; the box itself adds no heading
    password.fill(PASSWORD)
    password.press("Enter")
    page.get_by_test_id("stFileUploader").wait_for(timeout=STEP_MS)
    settled(page)
    a11y.assert_no_blocking(page)  # 1. upload
    page.locator("input[type=file]").set_input_files(root / "tests/data/intake" / LIST)
    page.get_by_text(f"{LIST}: 2 errors to correct, 1 warning").wait_for(timeout=STEP_MS)
    settled(page)
    a11y.assert_no_blocking(page)  # 2. the report and its corrections
    assert heading_levels(page) == [1, 2, 2]  # the steps under the page's title, no jump
    report = page.get_by_role("region", name="Validation report")
    expect(report.locator("caption")).to_contain_text("2 errors, 1 warning")
    assert report.locator("a, button, input, [tabindex='0']").count() == 0  # no stop inside
    page.get_by_role("button", name=re.compile("^Row 11: swap lat and lon")).click()
    page.get_by_text(f"{LIST}: 1 error to correct, 1 warning").wait_for(timeout=STEP_MS)
    choose_option(page, "Row", "15")
    choose_option(page, "Column", "start")
    page.get_by_label("New value").fill("2022-11-23")
    page.get_by_role("button", name="Correct", exact=True).click()
    page.get_by_text(re.compile(r"^Strasbuorg \(France\)")).wait_for(timeout=STEP_MS)
    page.locator(MAP_FRAME).nth(1).wait_for(timeout=STEP_MS)
    settled(page)
    page.screenshot(path=artifacts / "a11y-intake-review.png", full_page=True)
    a11y.assert_no_blocking(page)  # 3. the review, its candidates' maps and lists
    assert heading_levels(page) == [1, 2, 2, 2]
    # Each candidate map's frame is named for its place; the same choices are in a list.
    titles = [f.get_attribute("title") for f in page.locator(MAP_FRAME).all()]
    assert [t.split(" on a map")[0] for t in titles] == [
        "Candidates for Strasbuorg (France) · row 9", "Candidates for Neustadt (Germany) · row 10"]
    expect(page.get_by_label("Position")).to_have_count(2)
    assert_offline(page)


def test_exported_map_file_has_no_serious_violation(offline_page, root, tmp_path, artifacts):
    from geo.data.dataset import load_dataset
    from geo.maps.export import export_html

    path = tmp_path / "map.html"
    export_html(load_dataset(root / "data"), path, title="Où l’Efus agit")
    page = offline_page
    page.goto(path.as_uri())
    page.locator("[data-efus-drawn]").wait_for(state="attached", timeout=30_000)
    assert page.title() == "Où l’Efus agit"
    assert page.locator("html").get_attribute("lang") == "en"
    viewport = page.locator("meta[name=viewport]").get_attribute("content")
    assert "user-scalable=no" not in viewport and "maximum-scale" not in viewport
    a11y.assert_no_blocking(page)
