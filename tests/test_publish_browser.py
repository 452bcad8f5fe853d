"""The published site served by a real nginx (Debian's) on 127.0.0.1, the way efus.eu would
serve it: an embed pasted into a plain host page draws its map in Chromium with every request
off the machine refused, on a phone and on a wide screen: the frame takes the page's height, the
list of places works with the keyboard, the wheel leaves the zoom alone, ?lang=fr speaks
French, axe finds nothing serious; the files go out pre-compressed, and the cache headers of
the README hold."""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import re
import shutil
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from geo.maps.publish import Publication, embed_url, publish_site
from tests import a11y
from tests.conftest import new_offline_page, wait_map_still
from tests.keyboard import tab_until
from tests.mapdata import city_centre, frame
from tests.servers import free_port

pytestmark = pytest.mark.browser

NGINX_READY_TIMEOUT_S = 20
# The README's cache rules: a version never changes; the stable address and index soon do.
NGINX_CONF = """daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}  # 20 browsers × 6 connections each, and ab's 20
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{
        text/html html; application/json json; application/geo+json geojson;
        text/css css; text/javascript js; image/png png;
    }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/json application/geo+json;
    gzip_static on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location ~ "^/(maps/[a-z0-9-]+|assets)/[0-9a-f]{{12}}/" {{
            add_header Cache-Control "public, max-age=31536000, immutable";
        }}
        location / {{
            add_header Cache-Control "public, max-age=300";
        }}
    }}
}}
"""


def _nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx")
                                      else None)  # fmt: skip
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is missing; fix: make nginx (apt-get install -y nginx-light)")
        pytest.skip("nginx is missing; `make nginx` installs Debian's nginx-light")
    return found


@contextlib.contextmanager
def nginx_serving(root: Path, tmp: Path) -> Iterator[str]:
    """nginx in the foreground, serving ``root`` on a free port; its base address."""
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=root), encoding="utf-8")
    log = tmp / "error.log"
    process = subprocess.Popen([_nginx(), "-p", str(tmp), "-c", str(conf), "-e", str(log)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, base, log=log)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen, base: str, *, log: Path) -> None:
    deadline = time.monotonic() + NGINX_READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"nginx stopped; its log:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(f"{base}/index.html", timeout=2) as answer:
                if answer.status == 200:
                    return
        time.sleep(0.05)  # polling a port that is not open yet, not waiting for a state
    raise AssertionError(f"nginx did not answer on {base} within {NGINX_READY_TIMEOUT_S} s")


def _get(url: str, **headers: str):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=10) as r:
        return r.status, dict(r.headers), r.read()


@pytest.fixture
def site(tmp_path) -> Iterator[tuple[str, Path, tuple]]:
    root = tmp_path / "site"
    published = publish_site(frame(), root, city_centre=city_centre)
    run = tmp_path / "nginx"
    run.mkdir()
    with nginx_serving(root, run) as base:
        yield base, root, published


FRAME_FITS_JS = """(frame) => {
    const inner = frame.contentDocument.documentElement.getBoundingClientRect().height;
    return Math.abs(frame.getBoundingClientRect().height - Math.ceil(inner)) < 1;
}"""


def embed_in_host_page(page, base: str, root: Path, *, slug: str = "network"):
    """The index's embed code for ``slug``, pasted by an editor into a plain host page, opened;
    the map's frame once its points are drawn and it stands still."""
    _, _, index = _get(f"{base}/")
    shown = re.search(rf'<code class="efus-embed" id="embed-{slug}">(.*?)</code>',
                      index.decode(), re.S)  # fmt: skip
    assert shown, f"no embed code for the {slug} map on the index page"
    (root / "host.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Efus news</title>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>'
        f"<main><h1>Our network</h1>{html.unescape(shown[1])}<p>After the map.</p></main>"
        "</body></html>\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/host.html")
    frame_ = page.locator("iframe").element_handle().content_frame()
    frame_.wait_for_selector(".leaflet-container[data-efus-drawn]", timeout=30_000)
    wait_map_still(frame_)
    return frame_


def data_count(base: str, published: Publication) -> int:
    _, _, data = _get(f"{base}/{published.data}")  # the "download the data" file
    return len(json.loads(data)["features"])


@pytest.mark.parametrize("width,height", [(390, 844), (1440, 900)])
def test_an_embed_in_a_host_page_draws_the_map_offline_titled_and_sized_to_its_content(
    site, browser, artifacts, width, height
):
    base, root, published = site
    network = published[0]
    page = new_offline_page(browser, viewport={"width": width, "height": height})
    try:
        frame_ = embed_in_host_page(page, base, root)
        iframe = page.locator("iframe")
        assert iframe.get_attribute("title") == "Where Efus works"
        described = page.locator(f"#{iframe.get_attribute('aria-describedby')}")
        assert described.text_content() == network.view.description_in("en")
        assert frame_.url == f"{base}/{network.folder}/"
        count = data_count(base, network)
        assert frame_.locator(".leaflet-container").get_attribute("data-efus-drawn") == str(count)
        # The host page's few lines gave the frame the page's own height (not the 560 px
        # it has without scripts); opening the list of places makes it taller again.
        page.wait_for_function(FRAME_FITS_JS, arg=iframe.element_handle(), timeout=10_000)
        closed = iframe.bounding_box()["height"]
        assert closed != 560
        frame_.get_by_role("button", name="Show the list of places").click()
        taller = f"(f) => f.getBoundingClientRect().height > {closed} && ({FRAME_FITS_JS})(f)"
        page.wait_for_function(taller, arg=iframe.element_handle())
        assert frame_.get_by_role("button", name="Ville de Nice").is_visible()
        # The title is readable: inside the frame, covered by no control.
        title = frame_.locator(".efus-title").bounding_box()
        for control in (".leaflet-control-layers", ".efus-legend"):
            assert not _overlap(title, frame_.locator(control).bounding_box()), control
        page.screenshot(path=artifacts / f"publish-embed-nginx-{width}.png", full_page=True)
        assert page.log.external == [] and page.log.failed == []
        assert page.log.console_errors == []
    finally:
        page.context.close()


def _overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


def _network_map_drawn(site, browser, width: int):
    """The network map's published page alone, at ``width`` px, drawn and still (its caller
    closes the page's context)."""
    base, _, published = site
    page = new_offline_page(browser, viewport={"width": width, "height": 800})
    try:
        page.goto(f"{base}/{published[0].folder}/")
        page.wait_for_selector(".leaflet-container[data-efus-drawn]")
        wait_map_still(page)
    except Exception:
        page.context.close()
        raise
    return page


@pytest.mark.parametrize("width", [320, 1920])
def test_scale_bar_and_attribution_neither_overlap_nor_leave_the_map(site, browser, width):
    page = _network_map_drawn(site, browser, width)
    try:
        box = page.locator(".leaflet-container").bounding_box()
        scale = page.locator(".leaflet-control-scale").bounding_box()
        credit = page.locator(".leaflet-control-attribution").bounding_box()
        assert not _overlap(scale, credit)
        for part in (scale, credit):
            assert box["x"] <= part["x"] and part["x"] + part["width"] <= box["x"] + box["width"]
            assert part["y"] + part["height"] <= box["y"] + box["height"]
        folded = page.locator(".leaflet-control-layers-expanded").count() == 0
        assert folded == (width < 600)  # the layer list folds on a narrow frame
    finally:
        page.context.close()


# 599/600: either side of the fold; 320 the narrowest phone, 1920 a wide screen.
@pytest.mark.parametrize("width", [320, 599, 600, 1920])
def test_the_title_is_whole_and_uncovered_by_the_layer_list_and_legend_from_320_to_1920_px(
    site, browser, artifacts, width
):
    page = _network_map_drawn(site, browser, width)
    try:
        box = page.locator(".leaflet-container").bounding_box()
        title = page.locator(".efus-title").bounding_box()
        assert page.locator(".efus-title-text").text_content() == "Where Efus works"
        assert box["x"] <= title["x"] and title["x"] + title["width"] <= box["x"] + box["width"]
        for control in (".leaflet-control-layers", ".efus-legend"):
            assert not _overlap(title, page.locator(control).bounding_box()), control
        layers_open = page.locator(".leaflet-control-layers-expanded").count() == 1
        legend_open = page.locator(".efus-legend").evaluate("d => d.open")
        if width < 600:  # a narrow frame: the layer list and the legend start folded
            assert not layers_open and not legend_open
        if width >= 1440:  # room for all: nothing folded
            assert layers_open and legend_open
        page.screenshot(path=artifacts / f"publish-embed-title-{width}.png")
        assert page.log.external == [] and page.log.failed == []
    finally:
        page.context.close()


def test_the_list_of_places_opens_each_point_with_the_keyboard_alone(site, offline_page):
    base, root, published = site
    page = offline_page
    frame_ = embed_in_host_page(page, base, root)
    toggle = frame_.locator(".efus-places-toggle")
    assert toggle.text_content() == "Show the list of places"
    # From the top of the host page, Tab reaches the list's button (through the map's controls).
    page.locator("body").focus()
    tab_until(page, toggle, what="the list of places", most=40)
    page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert toggle.text_content() == "Hide the list of places"
    places = frame_.locator(".efus-places-list button")
    names = places.all_text_contents()
    assert names == sorted(names, key=str.casefold) and "Ville de Nice" in names
    assert frame_.get_by_role("region", name="List of places").is_visible()
    nice = frame_.get_by_role("button", name="Ville de Nice")
    tab_until(page, nice, what="the place 'Ville de Nice' in the list", most=len(names) + 2)
    page.keyboard.press("Enter")
    popup = frame_.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".efus-name").first.text_content() == "Ville de Nice"
    assert popup.evaluate("p => p.contains(document.activeElement)")  # read out at once
    page.keyboard.press("Escape")
    popup.wait_for(state="detached")
    assert nice.evaluate("b => document.activeElement === b")  # back where the reader was


def test_the_list_follows_the_layers_shown_and_the_address_options(site, offline_page):
    base, _, published = site
    network = published[0]
    url = embed_url(network, base_url=base, options={"layers": "signatories", "legend": "folded"})
    offline_page.goto(url)
    offline_page.wait_for_selector(".leaflet-container[data-efus-drawn]")
    offline_page.get_by_role("button", name="Show the list of places").click()
    assert offline_page.locator(".efus-places-list button").all_text_contents() == [
        "Città di Torino"]  # fmt: skip
    assert offline_page.locator(".efus-legend").evaluate("d => d.open") is False
    offline_page.get_by_role("checkbox", name=re.compile("Partners and pilot cities")).check()
    offline_page.wait_for_function(
        "document.querySelectorAll('.efus-places-list button').length > 1")


def test_the_wheel_does_not_zoom_an_embed_unless_the_address_says_so(site, offline_page):
    base, _, published = site
    network = published[0]
    zoom = "Object.values(window).find(v => v instanceof L.Map).getZoom()"
    wheel_on = embed_url(network, base_url=base, options={"wheel": "on"})
    for url, zooms in ((embed_url(network, base_url=base), False), (wheel_on, True)):
        offline_page.goto(url)
        offline_page.wait_for_selector(".leaflet-container[data-efus-drawn]")
        wait_map_still(offline_page)
        before = offline_page.evaluate(zoom)
        box = offline_page.locator(".leaflet-container").bounding_box()
        offline_page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        offline_page.mouse.wheel(0, -600)
        # Still for 400 ms from now: well past Leaflet's 40 ms wait before a wheel zoom.
        offline_page.evaluate("window.__efusTestView = null")
        wait_map_still(offline_page)
        assert (offline_page.evaluate(zoom) > before) is zooms, url


def test_lang_fr_in_the_address_shows_the_french_page(site, offline_page):
    base, _, published = site
    brussels = next(p for p in published if p.view.slug == "brussels-declaration")
    offline_page.goto(f"{base}/{brussels.folder}/?lang=fr&legend=open")
    offline_page.wait_for_url(f"{base}/{brussels.folder}/fr.html?legend=open")
    offline_page.wait_for_selector(".leaflet-container[data-efus-drawn]")
    assert offline_page.locator("html").get_attribute("lang") == "fr"
    assert offline_page.title() == "Signataires de la Déclaration de Bruxelles"
    assert offline_page.get_by_role("button", name="Afficher la liste des lieux").is_visible()
    assert offline_page.locator(".efus-download").text_content() == (
        "Télécharger les données (GeoJSON)")  # fmt: skip
    assert offline_page.locator(".efus-legend").evaluate("d => d.open") is True


def test_axe_finds_nothing_serious_on_the_embed_and_the_index(site, offline_page):
    base, root, published = site
    frame_ = embed_in_host_page(offline_page, base, root)
    frame_.get_by_role("button", name="Show the list of places").click()
    a11y.assert_no_blocking(offline_page)
    offline_page.goto(f"{base}/")
    a11y.assert_no_blocking(offline_page)


def test_the_stable_address_leads_to_the_latest_version(site, offline_page):
    base, _, published = site
    network = published[0]
    offline_page.goto(f"{base}/{network.latest}")
    offline_page.wait_for_url(f"{base}/{network.folder}/")
    offline_page.wait_for_selector(".leaflet-container[data-efus-drawn]")
    assert offline_page.title() == "Where Efus works"
    assert offline_page.log.external == []


def test_nginx_serves_the_gz_copies_and_the_readme_cache_headers(site):
    base, root, published = site
    network = published[0]
    status, headers, body = _get(f"{base}/{network.page}", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == (root / network.page).read_bytes()
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, _ = _get(f"{base}/{network.latest}")
    assert headers["Cache-Control"] == "public, max-age=300"
    engine = next(root.glob("assets/*/efus-map/efus-embed.js")).relative_to(root).as_posix()
    _, headers, _ = _get(f"{base}/{engine}")
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    _, headers, body = _get(f"{base}/{network.data}")
    assert headers["Content-Type"].startswith("application/geo+json")
    assert "Content-Encoding" not in headers  # not asked for: the plain file
    assert body == (root / network.data).read_bytes()
