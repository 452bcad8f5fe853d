"""The map inside a real Streamlit app (streamlit-folium), driven in Chromium: it draws with no
request leaving the machine, and a click on a point reaches Python as that point's row."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.conftest import wait_map_still

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent

APP = """
from pathlib import Path

import streamlit as st
from tests.mapdata import frame
from streamlit_folium import st_folium

from geo.maps.assets import install_static
from geo.dashboard.livemap import row_for_click
from geo.maps.engine import build_map

install_static(Path(__file__).parent / "static")
m = build_map(frame(), assets="static", title="Streamlit check")
result = st_folium(
    m, key="map", height=560, use_container_width=True, returned_objects=["last_object_clicked"]
)
rows = row_for_click(m.plotted, result)
st.text("Clicked: " + (", ".join(rows["name"]) if len(rows) else "nothing"))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def app_url(tmp_path):
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true",
         "--server.enableStaticServing", "true", "--browser.gatherUsageStats", "false"],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    out = server.stdout.read().decode() if server.poll() is not None else ""
                    pytest.fail(f"streamlit did not start: {out[-2000:]}")
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_click_on_a_point_reaches_python_with_no_outside_request(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(app_url)
    frame_el = page.wait_for_selector("iframe[title*='st_folium']", timeout=60_000)
    frame = frame_el.content_frame()
    frame.wait_for_selector(".leaflet-container[data-efus-drawn='6']", timeout=60_000)
    page.get_by_text("Clicked: nothing").wait_for()

    # streamlit-folium hooks its click handler to the layers in the same script that sets
    # ``window.map``. Click only when the map has stopped moving, as a person would; a click
    # that opened no popup missed the point and is made again.
    frame.wait_for_function("() => window.map && window.__GLOBAL_DATA__")
    for _attempt in range(3):
        wait_map_still(frame)
        x, y = frame.evaluate(
            """() => { const m = Object.values(window).find(v => v instanceof L.Map);
                const p = m.latLngToContainerPoint([45.07049, 7.68682]); return [p.x, p.y]; }"""
        )
        frame.locator(".leaflet-container").click(position={"x": x, "y": y})
        try:
            frame.wait_for_selector(".leaflet-popup-content .efus-name", timeout=5_000)
            break
        except PlaywrightTimeout:
            page.screenshot(path=artifacts / f"webmap-streamlit-missed-{_attempt}.png")
    else:
        pytest.fail("three clicks on Turin's point opened no popup: the point is not there")
    page.get_by_text("Clicked: Città di Torino").wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "webmap-streamlit.png")

    assert page.log.external == []
    assert page.log.failed == []
    assert all(u.startswith(app_url) or u.startswith(("data:", "blob:", "about:"))
               for u in page.log.all)  # fmt: skip
