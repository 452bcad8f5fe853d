"""The published site served by a real nginx (Debian's) on 127.0.0.1, the way efus.eu would
serve it: an embed pasted into a plain host page draws its map in Chromium with every request
off the machine refused, the files go out pre-compressed, and the cache headers of the README
hold."""

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

from geo.maps.publish import publish_site
from tests.conftest import _free_port, wait_map_still
from tests.mapdata import city_centre, frame

pytestmark = pytest.mark.browser

NGINX_READY_TIMEOUT_S = 20
# The README's cache rules: a version never changes; the stable address and index soon do.
NGINX_CONF = """daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    types {{ text/html html; application/json json; application/geo+json geojson; }}
    default_type application/octet-stream;
    charset utf-8;
    charset_types application/json application/geo+json;
    gzip_static on;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location ~ "^/maps/[a-z0-9-]+/[0-9a-f]{{12}}/" {{
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
    port = _free_port()
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


def test_an_embed_pasted_in_a_host_page_draws_the_map_offline_with_its_title(
    site, offline_page, artifacts
):
    base, root, published = site
    network = published[0]
    # The editor copies the embed code from the index page, as served.
    _, _, index = _get(f"{base}/")
    shown = re.search(r'<code class="efus-embed" id="embed-network">(.*?)</code>', index.decode(),
                      re.S)  # fmt: skip
    assert shown, "no embed code for the network map on the index page"
    (root / "host.html").write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Efus news</title>'
        f"</head><body><h1>Our network</h1>{html.unescape(shown[1])}</body></html>\n",
        encoding="utf-8",
    )
    _, _, data = _get(f"{base}/{network.data}")  # the "download the data" file
    count = len(json.loads(data)["features"])

    page = offline_page
    page.goto(f"{base}/host.html")
    iframe = page.locator("iframe")
    assert iframe.get_attribute("title") == "Where Efus works"
    described = page.locator(f"#{iframe.get_attribute('aria-describedby')}")
    assert described.text_content() == network.view.description
    frame_ = iframe.element_handle().content_frame()
    frame_.wait_for_selector(f".leaflet-container[data-efus-drawn='{count}']", timeout=30_000)
    wait_map_still(frame_)
    assert frame_.url == f"{base}/{network.folder}/"
    assert frame_.locator(".efus-legend").is_visible()
    page.screenshot(path=artifacts / "publish-embed-nginx.png")
    assert page.log.external == [] and page.log.failed == []
    assert page.log.console_errors == []


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
    _, headers, body = _get(f"{base}/{network.data}")
    assert headers["Content-Type"].startswith("application/geo+json")
    assert "Content-Encoding" not in headers  # not asked for: the plain file
    assert body == (root / network.data).read_bytes()
