"""The dashboard's map image, downloaded as a person does: Chromium opens the page on the
real server, the *Share and download* tab, presses *Map image (PNG)*, and the file it gets
is a 1920×1080 picture of the filtered view with its markers; *Map for a report (PDF)* gives
one A4 landscape page with the view's title."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from PIL import Image

from geo.maps.styles import style_for
from tests.conftest import streamlit_server, wait_page_idle

pytest.importorskip("playwright.sync_api")
pypdf = pytest.importorskip("pypdf")
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium")]  # fmt: skip


def test_the_dashboard_downloads_the_png_and_the_pdf_of_the_view(offline_page, tmp_path):
    page = offline_page
    server = {"env": {"EFUS_DATA_DIR": str(tmp_path / "store")}, "log": tmp_path / "server.log"}
    with streamlit_server(**server) as url:
        page.goto(url + "?country=BE")
        page.get_by_role("tab", name="Share and download").click()
        button = page.get_by_role("button", name="Map image (PNG, 1920×1080)")
        button.wait_for(timeout=60_000)
        wait_page_idle(page)
        with page.expect_download(timeout=120_000) as download:
            button.click()
        assert download.value.suggested_filename.endswith(".png")
        path = tmp_path / "map.png"
        download.value.save_as(path)
        report = page.get_by_role("button", name="Map for a report (PDF, A4 landscape)")
        wait_page_idle(page)
        with page.expect_download(timeout=120_000) as download:
            report.click()
        assert download.value.suggested_filename.endswith(".pdf")
        download.value.save_as(tmp_path / "map.pdf")
    (sheet,) = pypdf.PdfReader(tmp_path / "map.pdf").pages
    width, height = float(sheet.mediabox.width), float(sheet.mediabox.height)
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4 landscape, in points
    assert "Belgium" in sheet.extract_text()  # the view's title names the country filtered
    image = Image.open(path).convert("RGB")
    assert image.size == (1920, 1080)
    data = image.tobytes()
    pixels = Counter(zip(data[0::3], data[1::3], data[2::3], strict=True))
    signatory = style_for("signatory").colour
    assert pixels[tuple(int(signatory[i:i + 2], 16) for i in (1, 3, 5))] >= 8  # Liège, Brussels
    assert page.log.external == []
