"""The server for the public: what it refuses, who may frame it, the login throttle, the
caches a client cannot clear, and a start-up that asks nothing of the internet.

The pure decisions (``geo.serving``, ``geo.staff.auth.Throttle``) are tested on their own; then the
real server (``streamlit run app.py``) is asked over HTTP, and Chromium frames its pages from
another 127.0.0.1 origin."""

from __future__ import annotations

import contextlib
import http.client
import http.server
import inspect
import threading
import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.runtime import caching
from streamlit.runtime.app_session import AppSession
from streamlit.testing.v1 import AppTest

from geo.config import Settings
from geo.dashboard.mode import mode_from_query
from geo.dashboard.shared_cache import SHARED_CACHES, shared_cache
from geo.serving import (
    ConfigError,
    SessionRegistry,
    embed_ancestors,
    frame_headers,
    media_headers,
    refusal,
    upload_limit_bytes,
    websocket_refusal,
)
from geo.staff.auth import MAX_FAILURES, Throttle, hash_password, throttle_keys
from tests.conftest import new_offline_page, streamlit_server

PASSWORD = "a staff password for the server tests"
LIMIT = upload_limit_bytes(10)


def refused(method="PUT", path="/_stcore/upload_file/abc/file1", *, client="127.0.0.1",
            headers=None, staff=()):  # fmt: skip
    registry = SessionRegistry()
    for session in staff:
        registry.mark(session, staff=True)
    headers = {"content-length": "1000", **(headers or {})}
    return refusal(method=method, path=path, client=client, headers=headers,
                   staff_sessions=registry, max_upload_bytes=LIMIT)  # fmt: skip


# --- the decisions, without a server ---------------------------------------------------------


def test_only_a_staff_session_may_upload_and_never_more_than_the_limit():
    anonymous = refused()
    assert anonymous.status == 403 and "logged-in staff session" in anonymous.reason
    assert refused(staff=["abc"]) is None
    assert refused("POST", "/base/_stcore/upload_file/xyz/f", staff=["abc"]).status == 403
    too_big = refused(headers={"content-length": str(LIMIT + 1)}, staff=["abc"])
    assert too_big.status == 413 and f"{LIMIT + 1:,}" in too_big.reason
    assert refused(headers={"content-length": ""}, staff=["abc"]).status == 411
    assert refused("DELETE") is None  # removing one's own upload holds nothing


def test_a_session_that_logs_out_can_upload_no_more():
    registry = SessionRegistry(limit=2)
    registry.mark("a", staff=True)
    registry.mark("a", staff=False)
    assert "a" not in registry
    for session in ("b", "c", "d"):
        registry.mark(session, staff=True)
    assert "b" not in registry and "c" in registry and "d" in registry  # the oldest went


@pytest.mark.parametrize("client", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
def test_metrics_are_for_the_operator_on_the_server_only(client):
    path = "/_stcore/metrics"
    assert refused("GET", path, client=client) is None
    assert refused("GET", path, client=client, headers={"x-forwarded-for": "203.0.113.9"})
    assert refused("GET", path, client="203.0.113.9").status == 403
    assert refused("GET", path, client=None).status == 403


def test_staff_pages_refuse_framing_and_embeds_accept_the_configured_origins():
    ancestors = ("'self'", "https://efus.eu")
    page = dict(frame_headers(path="/intake", query="", ancestors=ancestors))
    assert page == {b"content-security-policy": b"frame-ancestors 'self'",
                    b"x-frame-options": b"SAMEORIGIN"}  # fmt: skip
    for query in ("embed=1", "country=BE&embed=true"):
        embed = dict(frame_headers(path="/", query=query, ancestors=ancestors))
        assert embed == {b"content-security-policy": b"frame-ancestors 'self' https://efus.eu"}
    # A component inside an embedded map has efus.eu among its ancestors too.
    part = dict(frame_headers(path="/component/x/index.html", query="", ancestors=ancestors))
    assert b"x-frame-options" not in part


def test_a_page_may_be_framed_exactly_when_it_is_drawn_as_an_embed():
    """The guard and the page read ``embed`` alike (the last value, one yes/no parser): a
    link the page draws as the full page (possibly staff) is never framable by efus.eu."""
    ancestors = ("'self'", "https://efus.eu")
    expected = {"embed=yes": True, "embed=oui": True, "embed=0&embed=1": True,
                "embed=1&embed=0": False, "embed=maybe": False, "embed=": False}  # fmt: skip
    for query, embed in expected.items():
        assert mode_from_query(parse_qs(query), staff=True).embed == embed, query
        headers = dict(frame_headers(path="/", query=query, ancestors=ancestors))
        framable = headers[b"content-security-policy"] == b"frame-ancestors 'self' https://efus.eu"
        assert framable == embed and (b"x-frame-options" in headers) == (not embed), query


def test_downloads_are_kept_by_no_cache():
    assert media_headers("/media/0123abcd.csv") == [(b"cache-control", b"no-store")]
    assert media_headers("/base/media/0123abcd.csv") == [(b"cache-control", b"no-store")]
    assert media_headers("/app/static/efus-map/points-public.json") == []
    assert media_headers("/static/media/SourceCodeVF-Upright.ttf.BjWn63N-.woff2") == []


def from_environment(environ: dict[str, str]) -> tuple[str, ...]:
    """The embed origins as the server reads them: the environment → settings → serving."""
    return embed_ancestors(Settings.from_env(environ).embed_ancestors)


def test_embed_origins_come_from_the_environment_and_a_bad_one_is_named():
    assert from_environment({}) == ("'self'", "https://efus.eu", "https://*.efus.eu")
    assert from_environment({"EFUS_EMBED_ANCESTORS": " *  "}) == ("*",)
    with pytest.raises(ConfigError, match=r"'efus\.eu;script-src', which .*fix: list origins"):
        from_environment({"EFUS_EMBED_ANCESTORS": "https://efus.eu efus.eu;script-src"})


def test_a_page_of_another_site_cannot_open_a_session():
    host = {"host": "maps.efus.eu"}
    assert websocket_refusal({**host, "origin": "https://maps.efus.eu"}) is None
    assert websocket_refusal(host) is None  # not a browser: no visitor's cookies to borrow
    assert (
        "'https://evil.example'"
        in websocket_refusal({**host, "origin": "https://evil.example"}).reason
    )


def test_failed_logins_are_counted_per_account_and_per_address_not_per_session():
    throttle = Throttle()
    mallory = throttle_keys(user="camille", address="198.51.100.7")
    for _ in range(MAX_FAILURES):
        assert throttle.wait(mallory, 1000.0) == 0
        throttle.failed(mallory, 1000.0)
    assert throttle.wait(mallory, 1010.0) == 20.0  # a reload is a new session, same keys
    assert throttle.wait(throttle_keys(user="bob", address="198.51.100.7"), 1010.0) == 20.0
    assert throttle.wait(throttle_keys(user=" Camille ", address="192.0.2.1"), 1010.0) == 20.0
    assert throttle.wait(throttle_keys(user="bob", address="192.0.2.1"), 1010.0) == 0
    throttle.failed(mallory, 1030.0)
    assert throttle.wait(mallory, 1040.0) == 50.0  # the wait doubles
    throttle.succeeded(mallory)
    assert throttle.wait(mallory, 1040.0) == 0


def test_a_reload_after_too_many_failures_is_still_throttled():
    secrets = {"staff": {"password_hash": hash_password(PASSWORD)}}
    page = "from geo.ui import login_form\nlogin_form()\n"

    def session() -> AppTest:
        at = AppTest.from_string(page, default_timeout=30)
        at.secrets.update(secrets)
        return at.run()

    at = session()
    for _ in range(MAX_FAILURES):
        at.text_input(key="staff_login_password").input("a guess")
        at.button[0].click().run()
    reloaded = session()  # a new browser session: Streamlit's session state is empty
    reloaded.text_input(key="staff_login_password").input(PASSWORD)
    reloaded.button[0].click().run()
    assert "Too many failed attempts" in reloaded.error[0].value


# --- the shared caches, which a client's clear_cache message cannot empty --------------------


def test_streamlits_clear_cache_handler_still_clears_only_its_own_caches():
    """What a client's ``clear_cache`` message runs in this Streamlit version. If this changes,
    check that it still cannot reach ``geo.dashboard.shared_cache.SHARED_CACHES``."""
    source = inspect.getsource(AppSession._handle_clear_cache_request)
    calls = [line.strip() for line in source.splitlines() if line.strip().endswith(")")]
    assert calls == ["caching.cache_data.clear()", "caching.cache_resource.clear()",
                     "self._session_state.clear()"]  # fmt: skip


def test_a_clients_clear_cache_leaves_the_dataset_cached_for_every_other_visitor(
    root, monkeypatch, tmp_path
):
    monkeypatch.setenv("EFUS_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / "store"))
    first = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=90).run()
    assert not first.exception
    page = "app_pages/dashboard.py"
    caches = [c for (file, _), c in SHARED_CACHES.items() if file.endswith(page)]
    assert len(caches) == 3  # view, choices, published
    misses = [c.misses for c in caches]
    caching.cache_data.clear()  # what AppSession._handle_clear_cache_request does
    caching.cache_resource.clear()
    other = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=90).run()
    assert not other.exception
    assert [c.misses for c in caches] == misses  # nothing computed again for the next visitor


def test_a_cached_dataframe_changed_by_one_caller_is_unchanged_for_the_next():
    import pandas as pd

    @shared_cache(max_entries=2)
    def frame(n: int) -> pd.DataFrame:
        return pd.DataFrame({"x": range(n)})

    mine = frame(3)
    mine.loc[0, "x"] = 99
    assert frame(3)["x"].tolist() == [0, 1, 2] and frame.cache.misses == 1


# --- the real server -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(root, tmp_path_factory):
    """``streamlit run app.py`` with a staff password; embeds allowed from ``FRAMER``."""
    folder = tmp_path_factory.mktemp("server")
    secrets = folder / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n', "utf-8")
    framer = Framer()
    env = {"EFUS_DATA": str(root / "tests" / "data" / "mini"),
           "EFUS_DATA_DIR": str(folder / "store"),
           "EFUS_EMBED_ANCESTORS": f"'self' {framer.origin}"}  # fmt: skip
    with framer, streamlit_server(env=env, log=folder / "server.log",
                                  args=("--secrets.files", str(secrets))) as url:  # fmt: skip
        framer.target = url
        yield url, framer


def fetch(url: str, *, method: str = "GET", data: bytes | None = None, headers=None):
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_the_server_refuses_an_anonymous_upload_of_9_mb_before_its_body_arrives(server):
    url, _ = server
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.putrequest("PUT", f"/_stcore/upload_file/{uuid.uuid4()}/{uuid.uuid4()}")
        connection.putheader("Content-Length", str(9_000_000))
        connection.endheaders()  # the headers only: the answer must come without the bytes
        answer = connection.getresponse()
        assert answer.status == 403
        assert b"only a logged-in staff session can upload" in answer.read()
    finally:
        connection.close()


def handshake(url: str, origin: str) -> int:
    """The status of a browser's websocket handshake to Streamlit's stream from ``origin``."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", "/_stcore/stream", headers={
            "Host": parts.netloc, "Origin": origin, "Upgrade": "websocket",
            "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Protocol": "streamlit"})  # fmt: skip
        return connection.getresponse().status
    finally:
        connection.close()


def test_a_page_of_another_site_cannot_open_a_session_on_the_server(server):
    url, framer = server
    assert handshake(url, framer.origin) == 403  # even the origin allowed to frame embeds
    assert handshake(url, url.rstrip("/")) == 101  # the app's own pages, embedded or not


def test_the_servers_metrics_are_refused_through_a_proxy(server):
    url, _ = server
    status, _, body = fetch(url + "_stcore/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert status == 403 and b"operator" in body
    status, _, body = fetch(url + "_stcore/metrics")  # the operator, on the machine
    assert status == 200 and body


def test_the_servers_pages_say_who_may_frame_them(server):
    url, framer = server
    _, page, _ = fetch(url + "intake")
    assert page["content-security-policy"] == "frame-ancestors 'self'"
    assert page["x-frame-options"] == "SAMEORIGIN"
    _, embed, _ = fetch(url + "?embed=1&country=BE")
    assert embed["content-security-policy"] == f"frame-ancestors 'self' {framer.origin}"
    assert "x-frame-options" not in {k.lower() for k in embed}


def test_another_site_can_frame_the_embed_but_not_the_staff_page(server, browser):
    from playwright.sync_api import expect

    url, framer = server
    page = new_offline_page(browser)
    try:
        page.goto(framer.origin + "/")
        embed = page.frame_locator("#embed")
        expect(embed.get_by_test_id("stApp")).to_be_attached(timeout=45_000)
        staff = page.frame_locator("#staff")
        # Chromium replaces a refused frame by its own error page: no Streamlit app inside.
        page.wait_for_function(
            "() => [...document.querySelectorAll('iframe')].every(f => f.dataset.loaded)"
        )
        expect(staff.get_by_test_id("stApp")).to_have_count(0)
        assert any("frame-ancestors" in m or "Refused" in m for m in page.log.console_errors)
    finally:
        page.context.close()


# Loaded by the server's Python at start (sitecustomize): reports every name it looks up and
# every address it connects to that is not this machine, through Python's audit events.
OUTBOUND_PROBE = """
import sys

LOCAL = ("127.", "::1", "::ffff:127.", "localhost", "0.0.0.0")

def probe(event, args):
    if event in ("socket.connect", "socket.getaddrinfo"):
        target = args[1] if event == "socket.connect" else args
        host = str(target[0]) if isinstance(target, tuple) else str(target)
        if host and not host.startswith((*LOCAL, "/")):
            sys.stderr.write(f"EFUS-OUTBOUND {event} {target!r}\\n")

sys.addaudithook(probe)
"""


def test_the_server_starts_without_asking_the_internet_for_its_address(root, tmp_path):
    (tmp_path / "sitecustomize.py").write_text(OUTBOUND_PROBE, "utf-8")
    log = tmp_path / "server.log"
    with streamlit_server(log=log, address=None, env={"PYTHONPATH": str(tmp_path)}) as url:
        status, _, _ = fetch(url + "_stcore/health")
    text = log.read_text()
    assert status == 200 and "URL: http://localhost" in text
    assert "External URL" not in text and "external IP" not in text
    assert "EFUS-OUTBOUND" not in text, text


class Framer(contextlib.AbstractContextManager):
    """Another site, on another 127.0.0.1 port, that frames the app's embed and its staff
    page; each iframe is marked ``data-loaded`` when its load event fires (also for a refusal)."""

    def __init__(self) -> None:
        self.target = ""
        framer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = framer.page().encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def page(self) -> str:
        frames = "".join(
            f'<iframe id="{name}" src="{self.target}{path}" width="800" height="600" '
            'onload="this.dataset.loaded = 1"></iframe>'
            for name, path in (("embed", "?embed=1"), ("staff", "intake"))
        )
        return f"<!doctype html><title>another site</title>{frames}"

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def test_responses_on_streamlits_own_socket_leave_without_waiting_for_an_ack(monkeypatch):
    """Streamlit binds its socket without saying TCP, so asyncio left Nagle's algorithm on and
    each kept-alive response waited 40 ms for the browser's delayed ACK (bench/timeline.py)."""
    import asyncio
    import concurrent.futures
    import socket

    from streamlit.web.server.starlette import starlette_server

    from geo.serving import no_delay_connections

    async def accepted_no_delay() -> int:
        listening = starlette_server._bind_socket("127.0.0.1", 0, 8)  # as `streamlit run` does
        seen: asyncio.Future = asyncio.get_running_loop().create_future()

        class Probe(asyncio.Protocol):
            def connection_made(self, transport) -> None:
                sock = transport.get_extra_info("socket")
                seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))

        server = await asyncio.get_running_loop().create_server(Probe, sock=listening)
        _, writer = await asyncio.open_connection(*listening.getsockname())
        try:
            return await asyncio.wait_for(seen, 30)
        finally:
            writer.close()
            server.close()

    def in_own_loop() -> int:  # a thread of its own: a browser test's loop may run in this one
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            return pool.submit(asyncio.run, accepted_no_delay()).result(timeout=60)

    monkeypatch.setattr(asyncio.base_events, "_set_nodelay", asyncio.base_events._set_nodelay)
    assert in_own_loop() == 0  # Streamlit's socket, asyncio's own rule
    assert no_delay_connections()
    assert in_own_loop() == 1
