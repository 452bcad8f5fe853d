"""The intake with the keyboard alone, as a staff member who cannot use a mouse: from the
page's first Tab to the password, to the uploader's button (Enter opens the file chooser), past
the validation report in one Tab (its skip link, then the table as one stop), to a quick fix
that Space applies. Only ``page.keyboard`` acts; locators only wait for what the page shows and
read it. The file chooser is the browser's own dialog: Playwright answers it as a person would.
"""

from __future__ import annotations

import pytest

from geo.staff.auth import hash_password
from tests import a11y
from tests.conftest import new_offline_page, streamlit_server, wait_page_idle
from tests.keyboard import focused, tab_to

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
LIST = "signataires-2024.csv"  # two errors (one a swapped lat/lon) and a warning
STEP_MS = 60_000  # one rerun of the page, generous for a loaded 2-core machine


@pytest.fixture
def app_url(root, tmp_path):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n', "utf-8")
    env = {"EFUS_DATA": str(root / "tests" / "data" / "mini"),
           "EFUS_DATA_DIR": str(tmp_path / "store")}  # fmt: skip
    with streamlit_server(env=env, log=tmp_path / "server.log",
                          args=("--secrets.files", str(secrets))) as url:  # fmt: skip
        yield url


def test_keyboard_alone_logs_in_uploads_reads_the_report_and_applies_a_quick_fix(
    browser, app_url, root, artifacts
):
    page = new_offline_page(browser, viewport={"width": 1280, "height": 800})
    page.goto(app_url + "intake")
    page.get_by_role("heading", level=1, name="Staff login").wait_for(timeout=STEP_MS)
    wait_page_idle(page)

    tab_to(page, lambda f: f["tag"] == "INPUT" and f["type"] == "password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="Data intake").wait_for(timeout=STEP_MS)
    wait_page_idle(page)

    # The uploader's button: Enter opens the file chooser, as a click would.
    with page.expect_file_chooser(timeout=STEP_MS) as chooser:
        tab_to(page, lambda f: f["tag"] == "BUTTON" and f["text"].endswith("Upload"))
        page.keyboard.press("Enter")
    chooser.value.set_files(root / "tests/data/intake" / LIST)
    page.get_by_text(f"{LIST}: 2 errors to correct, 1 warning").wait_for(timeout=STEP_MS)
    # The editable grid draws late (a canvas); walking past it before it exists would not be
    # what a person meets.
    page.get_by_test_id("stDataFrame").first.locator("canvas").first.wait_for(timeout=STEP_MS)
    wait_page_idle(page)

    # The report: its skip link, then the whole table as one stop, then the fixes.
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Skip the report")
    page.keyboard.press("Tab")
    report = focused(page)
    assert (report["role"], report["label"]) == ("region", "Validation report")
    assert "2 errors, 1 warning" in report["text"] and "swap them" in report["text"]
    page.screenshot(path=artifacts / "intake-keyboard-report.png")
    page.keyboard.press("Tab")  # no cell of the table is a stop: out in one step
    fix = focused(page)
    assert fix["tag"] == "BUTTON" and "Row 11: swap lat and lon" in fix["text"], fix
    page.keyboard.press("Space")
    page.get_by_text(f"{LIST}: 1 error to correct, 1 warning").wait_for(timeout=STEP_MS)
    caption = page.locator(".efus-table caption")
    expect(caption).to_contain_text("1 error, 1 warning", timeout=STEP_MS)
    wait_page_idle(page)

    # The skip link's Enter lands after the table: the next Tab is the fix area, not a cell.
    tab_to(page, lambda f: f["tag"] == "A" and f["text"] == "Skip the report")
    page.keyboard.press("Enter")
    expect(page.locator("#efus-report-end")).to_be_focused()
    page.keyboard.press("Tab")
    after = focused(page)
    assert after["tag"] in ("BUTTON", "SUMMARY") and after["role"] != "region", after
    a11y.assert_no_blocking(page)
    assert page.log.external == []
    page.context.close()
