"""A new staff member's whole intake in Debian's headless Chromium against `streamlit run`:
log in, upload the messy French-Excel list through the file input, correct it, settle the
uncertain places, save; then restart the server and find the places on the public map.
Every request that would leave 127.0.0.1 is refused and must not happen."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from geo.staff.auth import hash_password
from tests.conftest import choose_option, new_offline_page, streamlit_server
from tests.hostile import xlsx_many_rows

pytestmark = pytest.mark.browser

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself
PASSWORD = "correct horse battery staple"
LIST = "signataires-2024.csv"
STEP_MS = 30_000  # one rerun of the page, generous for a loaded 2-core machine


@pytest.fixture
def deployment(root, tmp_path):
    """A store folder, a seed, and a secrets file with a staff password, as a deployment has."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n', "utf-8")
    env = {"EFUS_DATA": str(root / "tests" / "data" / "mini"),
           "EFUS_DATA_DIR": str(tmp_path / "store")}  # fmt: skip
    return {"env": env, "log": tmp_path / "server.log", "args": ("--secrets.files", str(secrets))}


def drawn(page) -> int:
    marker = page.frame_locator(MAP_FRAME).first.locator("[data-efus-drawn]")
    marker.wait_for(state="attached", timeout=45_000)
    return int(marker.get_attribute("data-efus-drawn"))


def assert_offline(page) -> None:
    assert page.log.external == [], f"requests left the machine: {page.log.external}"
    failed = [f for f in page.log.failed if "favicon" not in f]
    assert failed == [], f"requests failed: {failed}"


def test_a_new_staff_member_uploads_fixes_saves_and_the_places_survive_a_restart(
    browser, offline_page, deployment, root, artifacts
):
    page = offline_page
    with streamlit_server(**deployment) as url:
        page.goto(url + "intake")  # a bookmark to the intake, before logging in
        page.get_by_role("heading", name="Staff login").wait_for(timeout=STEP_MS)
        assert page.locator("input[type=file]").count() == 0
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Staff login").click()
        page.get_by_role("heading", name="Data intake").wait_for(timeout=STEP_MS)

        page.locator("input[type=file]").set_input_files(root / "tests/data/intake" / LIST)
        page.get_by_text(f"{LIST}: 2 errors to correct, 1 warning").wait_for(timeout=STEP_MS)
        page.get_by_label("Row", exact=True).wait_for(timeout=STEP_MS)
        page.get_by_test_id("stDataFrame").first.locator("canvas").first.wait_for()
        report = page.get_by_role("region", name="Validation report")
        expect(report.locator("caption")).to_have_text(
            f"Problems found in {LIST}: 2 errors, 1 warning. Problems 1–3 of 3.")
        assert report.locator("tbody th[scope=row]").all_inner_texts() == ["11", "15", "28"]
        page.screenshot(path=artifacts / "intake-report.png", full_page=True)
        page.get_by_role("button", name=re.compile("^Row 11: swap lat and lon")).click()
        page.get_by_text(f"{LIST}: 1 error to correct, 1 warning").wait_for(timeout=STEP_MS)
        choose_option(page, "Row", "15")
        choose_option(page, "Column", "start")
        page.get_by_label("New value").fill("2022-11-23")
        page.get_by_role("button", name="Correct", exact=True).click()
        page.get_by_text(f"{LIST}: 0 errors to correct, 1 warning").wait_for(timeout=STEP_MS)

        review = page.get_by_text(re.compile(r"^Strasbuorg \(France\)"))
        review.wait_for(timeout=STEP_MS)
        page.get_by_text(re.compile(r"^Neustadt \(Germany\)")).wait_for()
        # One small offline map of candidates per place: Strasbourg's has its one candidate.
        page.locator(MAP_FRAME).nth(1).wait_for(timeout=STEP_MS)
        assert page.locator(MAP_FRAME).count() == 2 and drawn(page) == 1
        # Each map's frame says whose candidates it shows, and where else to choose them.
        expect(page.locator(MAP_FRAME).first).to_have_attribute(
            "title", re.compile(r"^Candidates for Strasbuorg \(France\) · row 9 on a map; "
                                r"the Position list beside it"), timeout=STEP_MS)  # fmt: skip
        page.screenshot(path=artifacts / "intake-review.png", full_page=True)
        page.get_by_role("button", name=re.compile("Keep this position")).first.click()
        review.wait_for(state="detached", timeout=STEP_MS)
        keep = page.get_by_role("button", name=re.compile("Keep this position"))
        expect(keep).to_have_count(1, timeout=STEP_MS)  # the rerun is over: one place left
        expect(page.locator(MAP_FRAME)).to_have_count(1, timeout=STEP_MS)
        choose_option(page, "Position", "type a position…", typed="type a")
        page.get_by_label("Latitude").fill("49,3539")
        page.get_by_label("Longitude").fill("8.1393")
        keep.click()
        page.get_by_text("Every one of the 30 rows has a position.").wait_for(timeout=STEP_MS)
        page.get_by_text("30 added · 0 changed · 0 unchanged").wait_for()
        page.get_by_role("button", name=re.compile("Save into the working dataset")).click()
        page.get_by_text(re.compile(f"{LIST} saved as revision 3: 30 added")).wait_for(
            timeout=STEP_MS
        )
        page.screenshot(path=artifacts / "intake-saved.png", full_page=True)

        page.get_by_role("link", name="Map").click()  # the staff map: every row, exact sites
        page.get_by_text("44 of 44 shown").wait_for(timeout=STEP_MS)
        assert drawn(page) == 44
        assert_offline(page)

    public = new_offline_page(browser)  # another visitor, not logged in
    with streamlit_server(**deployment) as url:  # a restart: a new process on the same store
        public.goto(url)
        public.get_by_text("43 of 43 shown").wait_for(timeout=STEP_MS)  # 13 public + 30
        assert drawn(public) == 43
        public.screenshot(path=artifacts / "intake-after-restart.png")
        public.get_by_role("textbox", name="Search").fill("Strasbourg")
        public.keyboard.press("Enter")
        public.get_by_text("1 of 43 shown").wait_for(timeout=STEP_MS)
        assert public.locator("input[type=file]").count() == 0
        public.goto(url + "intake")
        public.get_by_role("heading", name="Staff login").wait_for(timeout=STEP_MS)
        assert public.locator("input[type=file]").count() == 0
    assert_offline(public)
    public.context.close()


def test_a_bomb_upload_is_refused_while_another_visitor_gets_the_map(
    browser, offline_page, deployment, tmp_path
):
    """One staff member uploads a ~0.8 MB workbook of 290,000 rows; meanwhile a visitor opens
    the public map on the same server. The upload is read in a worker process, so the visitor
    gets the map, and staff get the refusal with its fix: both, no traceback, page still up."""
    bomb = tmp_path / "many-rows.xlsx"
    bomb.write_bytes(xlsx_many_rows())
    page, public = offline_page, new_offline_page(browser)
    with streamlit_server(**deployment) as url:
        page.goto(url + "intake")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Staff login").click()
        page.get_by_role("heading", name="Data intake").wait_for(timeout=STEP_MS)
        page.locator("input[type=file]").set_input_files(bomb)
        public.goto(url)  # another visitor arrives while the upload is being read
        public.get_by_text("13 of 13 shown").wait_for(timeout=STEP_MS)
        assert drawn(public) == 13
        refusal = page.get_by_text(re.compile(r"many-rows\.xlsx: more than the 20000 rows"))
        refusal.wait_for(timeout=STEP_MS)
        assert "fix: split the list" in refusal.inner_text()
        assert page.get_by_text("Traceback").count() == 0
        assert page.locator("input[type=file]").count() == 1  # the page is up for another file
    assert_offline(page)
    assert_offline(public)
    public.context.close()
