"""A light, fast page, checked on the real server (``streamlit run app.py``): what travels
compressed, what the browser keeps, and a restart that finds the placed dataset in its store.
How fast it is, is measured in bench/page.py and bench/dashboard.py, not here."""

from __future__ import annotations

import asyncio
import concurrent.futures
import gzip
import json
import re
import urllib.request

import pandas as pd
import pytest
from starlette.middleware.gzip import GZipMiddleware
from starlette.responses import Response

from geo.config import Settings
from geo.dashboard import working
from geo.data.store import STORE_NAME, Changes, Store
from geo.maps.assets import basemap_url, install_static
from geo.serving import GZIP_LEVEL, CompressedOnce, preload_headers, static_headers
from tests.conftest import ROOT, RequestLog, streamlit_server

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself
BASEMAP_DRAWN = """(sel) => { const f = document.querySelector(sel);
    const d = f && f.contentDocument;
    return !!(d && d.querySelector(".leaflet-container[data-efus-basemap][data-efus-drawn]")); }"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("speed")
    with streamlit_server(env={"EFUS_DATA_DIR": str(folder / "store")},
                          log=folder / "server.log") as url:  # fmt: skip
        yield url


def fetch(url: str, *, encoding: str | None = None):
    headers = {"Accept-Encoding": encoding} if encoding else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=30) as r:
        return r.headers, r.read()


def test_only_content_named_map_files_are_kept_for_a_year():
    hashed = "/app/static/efus-map/basemap/europe-50m.geojson"
    assert static_headers(hashed, query="v=0123abcd") == [
        (b"cache-control", b"public, max-age=31536000, immutable")
    ]
    assert static_headers("/app/static/efus-map/views/" + "a1" * 12 + ".json")
    assert static_headers(hashed) == []  # no version: it may change under its name
    assert static_headers("/app/static/other/file.js", query="v=0123abcd") == []
    assert static_headers("/media/abc", query="v=1") == []
    # The map component's built script is named by its content too; its page is not.
    component = "/component/streamlit_folium.st_folium/"
    assert static_headers(component + "static/js/main.521860b0.js")
    assert static_headers(component + "index.html") == []


@pytest.mark.browser
def test_the_map_components_script_is_kept_a_year_by_the_server(served, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(served)
        page.wait_for_function(BASEMAP_DRAWN, arg=MAP_FRAME, timeout=90_000)
        frame = page.locator(MAP_FRAME).element_handle().content_frame()
        scripts = frame.evaluate("[...document.scripts].map((s) => s.src).filter(Boolean)")
    finally:
        context.close()
    own = [u for u in scripts if "/component/streamlit_folium.st_folium/static/js/" in u]
    assert own, scripts
    for url in own:
        headers, _ = fetch(url)
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_streamlits_scripts_travel_gzip_compressed_and_cached_for_a_year(served):
    _, page = fetch(served)
    script = re.search(rb'src="\./(static/js/index\.[\w-]+\.js)"', page)
    assert script, page[:500]
    plain_headers, plain = fetch(served + script[1].decode())
    headers, body = fetch(served + script[1].decode(), encoding="gzip, deflate, br")
    assert headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain_headers
    assert gzip.decompress(body) == plain
    assert len(body) < len(plain) / 2
    assert "immutable" in headers["Cache-Control"]
    again_headers, again = fetch(served + script[1].decode(), encoding="gzip")  # from memory
    assert again == body and again_headers["Cache-Control"] == headers["Cache-Control"]


def _asgi_get(app, path: str, *, headers: dict[str, str]) -> tuple[int, dict, bytes]:
    """One GET through an ASGI app, as the server hands it one: status, headers, body."""
    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"",
             "headers": [(k.encode(), v.encode()) for k, v in headers.items()]}  # fmt: skip
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: an earlier test may leave an event loop running in this one.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = sent[0]
    return (start["status"], {k.decode(): v.decode() for k, v in start["headers"]},
            b"".join(m.get("body", b"") for m in sent[1:]))  # fmt: skip


def test_an_unchanging_script_is_compressed_once_for_every_visitor():
    script = ("function drawn() { return 'the map'; }\n" * 2000).encode()
    made: list[str] = []

    async def streamlit(scope, receive, send):  # answers as Streamlit does its hashed files
        made.append(scope["path"])
        kept = "public, immutable, max-age=31536000" if "/static/" in scope["path"] else "no-cache"
        response = Response(script, media_type="text/javascript", headers={"Cache-Control": kept})
        await response(scope, receive, send)

    app = CompressedOnce(GZipMiddleware(streamlit, minimum_size=1024, compresslevel=GZIP_LEVEL))
    gz = {"accept-encoding": "gzip, deflate, br"}
    first = _asgi_get(app, "/static/js/index.abc123.js", headers=gz)
    second = _asgi_get(app, "/static/js/index.abc123.js", headers=gz)
    assert made == ["/static/js/index.abc123.js"]  # the second visitor got the first's bytes
    assert first == second and first[1]["content-encoding"] == "gzip"
    assert gzip.decompress(second[2]) == script
    plain = _asgi_get(app, "/static/js/index.abc123.js", headers={})  # kept apart from gzip
    assert plain[2] == script and "content-encoding" not in plain[1]
    # A page that may change, and a browser asking whether its copy is current, get answers
    # made for them.
    _asgi_get(app, "/", headers=gz)
    _asgi_get(app, "/", headers=gz)
    _asgi_get(app, "/static/js/index.abc123.js", headers={**gz, "if-none-match": '"x"'})
    assert made == ["/static/js/index.abc123.js", "/static/js/index.abc123.js", "/", "/",
                    "/static/js/index.abc123.js"]  # fmt: skip


def test_the_basemap_travels_compressed_and_its_versioned_address_is_kept_a_year(served):
    install_static(ROOT / "static")  # as the page does on its first run
    url = served.rstrip("/") + basemap_url()
    headers, body = fetch(url, encoding="gzip")
    assert headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(body))["type"] == "EfusOutlines"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    unversioned, _ = fetch(url.split("?")[0], encoding="gzip")
    assert "immutable" not in (unversioned["Cache-Control"] or "")


def _network_fetches(page, needle: str) -> list[tuple[int, str]]:
    """Status and Cache-Control of the responses for URLs holding ``needle`` that came over
    the network (not from the browser's memory or disk cache); filled as the page loads."""
    fetched: list[tuple[int, str]] = []
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")

    def received(event) -> None:
        response = event["response"]
        cached = response.get("fromDiskCache") or response.get("fromMemoryCache")
        if needle in response["url"] and not cached:
            headers = {k.lower(): v for k, v in response["headers"].items()}
            fetched.append((response["status"], headers.get("cache-control", "")))

    session.on("Network.responseReceived", received)
    return fetched


@pytest.mark.browser
def test_the_basemap_is_fetched_once_for_two_maps_in_one_browser(served, browser):
    # No request routing here: Playwright turns the browser's HTTP cache off for a context
    # whose requests it routes. What leaves the machine is logged instead (and must be none).
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.log = RequestLog()
    page.log.attach(page)
    try:
        first = _network_fetches(page, "europe-50m")
        page.goto(served)
        page.wait_for_function(BASEMAP_DRAWN, arg=MAP_FRAME, timeout=90_000)
        second_page = page.context.new_page()
        second = _network_fetches(second_page, "europe-50m")
        second_page.goto(served)
        second_page.wait_for_function(BASEMAP_DRAWN, arg=MAP_FRAME, timeout=90_000)
        assert first == [(200, "public, max-age=31536000, immutable")]
        assert second == []  # not even a revalidation (304): the browser's copy was used
        assert not page.log.external
    finally:
        page.context.close()


# --- a restart finds its placed dataset in the store ------------------------------------------


def test_a_placed_view_is_kept_in_the_store_until_its_rows_change(tmp_path):
    config = Settings(data_dir=tmp_path / "store")
    store = working.open_store(config)
    placed = working.load_view(store.path, audience="public", settings=config)
    assert store.views_placed == 1
    again = working.load_view(store.path, audience="public", settings=config)
    pd.testing.assert_frame_equal(again, placed)  # read back, not placed again
    assert store.views_placed == 1
    working.load_view(store.path, audience="staff", settings=config)
    assert store.views_placed == 2  # another audience is another view
    row = placed.iloc[0]
    store.save(Changes(changed=({"id": row["id"], "city": "Nizza"},)), base_revision=0,
               author="alice")  # fmt: skip
    changed = working.load_view(store.path, audience="public", settings=config)
    assert store.views_placed == 3
    assert changed.loc[changed["id"] == row["id"], "city"].item() == "Nizza"


def test_a_view_made_from_an_older_revision_is_not_kept(tmp_path):
    config = Settings(data_dir=tmp_path / "store")
    store = working.open_store(config)
    frame = store.frame()
    store.save(Changes(deleted=(frame["id"].iloc[0],)), base_revision=0, author="alice")
    assert not store.keep_placed_view("k", frame, revision=0)
    assert store.placed_view("k") is None and store.views_placed == 0


def test_a_view_is_kept_per_geocoder_setting(tmp_path):
    public = working.view_key(audience="public", settings=Settings())
    assert public != working.view_key(audience="staff", settings=Settings())
    online = Settings(geocoder_online="1", geocoder_user_agent="efus-test (contact: a@efus.eu)")
    assert public != working.view_key(audience="public", settings=online)
    assert public == working.view_key(audience="public", settings=Settings(data_dir=tmp_path))


@pytest.mark.browser
def test_a_restart_with_an_unchanged_store_places_nothing_again(tmp_path, browser):
    env = {"EFUS_DATA_DIR": str(tmp_path / "store")}
    drawn = []
    for _start in range(2):
        with streamlit_server(env=env, log=tmp_path / "server.log") as url:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            page = context.new_page()
            page.goto(url)
            page.wait_for_function(BASEMAP_DRAWN, arg=MAP_FRAME, timeout=90_000)
            map_ = page.frame_locator(MAP_FRAME).locator("[data-efus-drawn]")
            drawn.append(int(map_.get_attribute("data-efus-drawn")))
            context.close()
        # The page placed the public view on the first start; the restart read it back.
        assert Store(tmp_path / "store" / STORE_NAME).views_placed == 1
    assert drawn[0] == drawn[1] > 0


@pytest.mark.browser
def test_the_map_page_preloads_its_map_files_and_its_map_uses_them(served, browser):
    install_static(ROOT / "static")  # as the page does on its first run
    headers, _ = fetch(served)
    links = re.findall(r"<([^>]+)>; rel=preload", headers["Link"] or "")
    names = ["efus-map.bundle.js", "efus-map.bundle.css", "europe-50m.outlines.json",
             "labels.json"]
    assert [link.split("?")[0].rsplit("/", 1)[-1] for link in links] == names
    for link in links:  # kept a year: the map's frame finds them in the browser's cache
        kept, _ = fetch(served.rstrip("/") + link)
        assert kept["Cache-Control"] == "public, max-age=31536000, immutable"
    assert preload_headers("/intake") == [] and preload_headers("/login") == []
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        over_network = _network_urls(page, ("/app/static/efus-map/",))
        page.goto(served)
        page.wait_for_function(BASEMAP_DRAWN, arg=MAP_FRAME, timeout=90_000)
        preloaded = [u for u in over_network if "/views/" not in u]
        assert sorted(preloaded) == sorted(served.rstrip("/") + link for link in links)
    finally:
        context.close()


def _network_urls(page, needles: tuple[str, ...]) -> list[str]:
    """The URLs holding one of ``needles`` whose responses came over the network (not from
    the browser's cache); filled as the page loads."""
    urls: list[str] = []
    from_cache: set[str] = set()  # a script or style sheet from the memory cache says so first
    session = page.context.new_cdp_session(page)
    session.send("Network.enable")

    def received(event) -> None:
        response = event["response"]
        cached = response.get("fromDiskCache") or event["requestId"] in from_cache
        if any(n in response["url"] for n in needles) and not cached:
            urls.append(response["url"])

    session.on("Network.requestServedFromCache", lambda e: from_cache.add(e["requestId"]))
    session.on("Network.responseReceived", received)
    return urls
