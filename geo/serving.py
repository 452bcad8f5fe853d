"""What the server refuses and which headers it adds, before Streamlit sees a request.

Streamlit serves a few things to anybody that this app must not: its upload endpoint (the
public page has no uploader, yet any session could make the server hold megabytes), its
``/_stcore/metrics``, and pages that any site may frame. ``Guard`` is a plain ASGI middleware
that ``app.py`` puts in front of Streamlit (``st.App(..., middleware=[...])``); the decisions
are the pure functions ``refusal`` and ``frame_headers``, testable without a server.

A websocket from a page of another origin is refused: no other site's page can open a session
here (nor make Streamlit look up this machine's outside address to judge that origin).

Staff sessions are known by ``STAFF_SESSIONS``: ``geo.ui.current_visitor`` adds the
session's id when its visitor is staff and removes it when not (logout, a changed password),
so only a logged-in session can upload. The registry lives in this process, like Streamlit's
sessions.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from geo.dashboard.mode import mode_from_query
from geo.errors import GeoError

__all__ = [
    "ANCESTORS_ENV",
    "CompressedOnce",
    "GZIP_LEVEL",
    "STAFF_SESSIONS",
    "ConfigError",
    "Guard",
    "Refusal",
    "SessionRegistry",
    "embed_ancestors",
    "frame_headers",
    "media_headers",
    "no_delay_connections",
    "preload_headers",
    "refusal",
    "static_headers",
    "upload_limit_bytes",
    "websocket_refusal",
]

ANCESTORS_ENV = "EFUS_EMBED_ANCESTORS"
# Where efus.eu embeds live; a deployment that embeds elsewhere sets $EFUS_EMBED_ANCESTORS.
DEFAULT_ANCESTORS = ("'self'", "https://efus.eu", "https://*.efus.eu")
MULTIPART_OVERHEAD = 64 * 1024  # the form's boundaries and headers around the file's bytes
UPLOAD_PATH = re.compile(r"(?:^|/)_stcore/upload_file/(?P<session>[^/]+)(?:/|$)")
METRICS_PATH = re.compile(r"(?:^|/)_stcore/metrics/?$")
# Documents under these prefixes are parts of a page (a component's iframe, a download, a
# static file), never a page of their own: they keep the embed policy, because a component
# inside an embedded map has efus.eu among its ancestors too.
# Streamlit's downloads, not its own fonts and scripts under /static/media/ (cached for a year).
MEDIA_PATH = re.compile(r"^(?!.*/static/)(?:.*/)?media/[^/]+$")
# Our map files (``geo.maps.assets``): named by their content, as a ``?v=<hash>`` or a hashed
# file name (the published points), so a browser may keep them for a year.
HASHED_STATIC = re.compile(
    r"(?:^|/)app/static/efus-map/(?:views/[0-9a-f]{24}\.json$|[^?]+\?(?:.*&)?v=[0-9a-f]+(?:&|$))"
    # A component's built scripts and styles carry their content's hash in their name
    # (streamlit-folium's main.521860b0.js); Streamlit sends them as "public" with no lifetime.
    r"|(?:^|/)component/[\w.-]+/static/(?:js|css)/[\w-]+\.[0-9a-f]{8,}\.(?:js|css)$"
)
IMMUTABLE = b"public, max-age=31536000, immutable"
# gzip level of responses (app.py): 6 keeps most of 9's saving at a third of its CPU on the
# 2-core machines this runs on; what is cached by the browser is compressed once per visitor.
GZIP_LEVEL = 6
NOT_A_PAGE = re.compile(r"(?:^|/)(?:component|_stcore|app/static|media)/")
SOURCE = re.compile(r"^(?:'self'|\*|https?://(?:\*\.)?[a-z0-9.-]+(?::\d{1,5})?)$")


class ConfigError(GeoError, ValueError):
    """A serving setting in the environment cannot be used as written."""


@dataclass(frozen=True, slots=True)
class Refusal:
    status: int
    reason: str


class SessionRegistry:
    """The ids of the sessions whose visitor is staff; thread-safe, at most ``limit`` ids
    (the oldest go first: a session that lived that long without a rerun has expired)."""

    def __init__(self, *, limit: int = 10_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._limit = limit

    def mark(self, session_id: str, *, staff: bool) -> None:
        with self._lock:
            if not staff:
                self._ids.pop(session_id, None)
                return
            self._ids[session_id] = None
            self._ids.move_to_end(session_id)
            while len(self._ids) > self._limit:
                self._ids.popitem(last=False)

    def __contains__(self, session_id: object) -> bool:
        with self._lock:
            return session_id in self._ids


STAFF_SESSIONS = SessionRegistry()


def embed_ancestors(setting: str) -> tuple[str, ...]:
    """The origins that may frame ``?embed=1`` pages: the ``embed_ancestors`` setting
    (``$EFUS_EMBED_ANCESTORS``: sources separated by spaces, ``*`` for anybody) or, when it is
    blank, efus.eu and its subdomains."""
    sources = tuple(setting.split()) or DEFAULT_ANCESTORS
    for source in sources:
        if not SOURCE.match(source.lower()):
            raise ConfigError(
                f"{ANCESTORS_ENV} holds {source!r}, which is not a frame-ancestors source; "
                "fix: list origins such as https://efus.eu https://*.efus.eu, or 'self', or *"
            )
    return sources


def refusal(
    *,
    method: str,
    path: str,
    client: str | None,
    headers: Mapping[str, str],
    staff_sessions: SessionRegistry,
    max_upload_bytes: int,
) -> Refusal | None:
    """Why this request must not reach Streamlit, or None. ``headers`` with lower-case names."""
    upload = UPLOAD_PATH.search(path)
    if upload and method in ("PUT", "POST"):
        return _upload_refusal(upload["session"], headers, staff_sessions, max_upload_bytes)
    if METRICS_PATH.search(path) and not _local_operator(client, headers):
        return Refusal(403, "the metrics are for the server's operator, on the server itself")
    return None


def websocket_refusal(headers: Mapping[str, str]) -> Refusal | None:
    """A page of another site must not open a session here (it would act as its visitor);
    Streamlit would also look up this machine's outside address to judge that origin."""
    origin = headers.get("origin")
    if origin is None:
        return None  # not a browser: nothing a visitor's cookies could lend it
    parts = urlsplit(origin)
    if parts.netloc.lower() != headers.get("host", "").lower():
        return Refusal(403, f"a page from {origin!r} cannot connect to this server")
    return None


def _upload_refusal(
    session: str, headers: Mapping[str, str], staff: SessionRegistry, limit: int
) -> Refusal | None:
    if session not in staff:
        return Refusal(403, "only a logged-in staff session can upload; log in at /intake")
    length = headers.get("content-length", "")
    if not length.isdigit():
        return Refusal(411, "an upload must say its size (Content-Length)")
    if int(length) > limit:
        return Refusal(413, f"the upload is {int(length):,} bytes, above {limit:,}")
    return None


def _local_operator(client: str | None, headers: Mapping[str, str]) -> bool:
    """A request made on the server itself, not one a reverse proxy passed on."""
    if "x-forwarded-for" in headers or "forwarded" in headers:
        return False
    try:
        address = ipaddress.ip_address(client or "")
    except ValueError:
        return False
    # A server listening on both families sees 127.0.0.1 as ::ffff:127.0.0.1.
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def frame_headers(*, path: str, query: str, ancestors: Iterable[str]) -> list[tuple[bytes, bytes]]:
    """Who may frame this response. A page is for this site only (staff pages must not be
    framed to trick a click), unless it is an ``?embed=1`` page: those and the parts a page
    loads may be framed by ``ancestors``. A page is an embed exactly when the page itself
    draws one (``geo.dashboard.mode``: the same reading of ``embed``)."""
    embed = mode_from_query(parse_qs(query, keep_blank_values=True)).embed
    if embed or NOT_A_PAGE.search(path):
        policy = "frame-ancestors " + " ".join(ancestors)
        return [(b"content-security-policy", policy.encode("ascii"))]
    return [
        (b"content-security-policy", b"frame-ancestors 'self'"),
        (b"x-frame-options", b"SAMEORIGIN"),
    ]


# The address of the page that draws the map (the dashboard, its embed and presentation).
MAP_PAGE = re.compile(r"^/?$")


def preload_headers(path: str) -> list[tuple[bytes, bytes]]:
    """The map page asks for its map's files while Streamlit's own scripts still load.

    The map's frame is made only once the page's script has run, and its files were fetched
    one after the other from there. Named by their content and kept a year
    (``static_headers``), the files a ``Link: rel=preload`` brought are in the browser's
    cache when the frame asks for them: the engine, its style and the basemap with its names
    (fetched by the engine's code, hence ``as=fetch`` and ``crossorigin``)."""
    return [(b"link", _map_preloads())] if MAP_PAGE.match(path) else []


@functools.lru_cache(maxsize=1)
def _map_preloads() -> bytes:
    from geo.maps import assets  # the server's room: only the addresses, not the map's code

    (js,), (css,) = assets.static_links()
    links = [f"<{js[1]}>; rel=preload; as=script", f"<{css[1]}>; rel=preload; as=style"]
    links += [f"<{url}>; rel=preload; as=fetch; crossorigin"
              for url in (assets.basemap_url(), assets.labels_url())]  # fmt: skip
    return ", ".join(links).encode("ascii")


class Guard:
    """ASGI middleware: ``refusal`` answers before Streamlit does; ``frame_headers`` and, on
    the map page, ``preload_headers`` go on every HTML response."""

    def __init__(
        self,
        app,
        *,
        max_upload_bytes: int,
        ancestors: Iterable[str],
        staff_sessions: SessionRegistry = STAFF_SESSIONS,
    ) -> None:
        self.app = app
        self.max_upload_bytes = max_upload_bytes
        self.ancestors = tuple(ancestors)
        self.staff_sessions = staff_sessions

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "websocket":
            if websocket_refusal(_headers(scope)):
                await send({"type": "websocket.close", "code": 1008})
                return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        client = scope.get("client")
        refused = refusal(
            method=scope["method"],
            path=scope["path"],
            client=client[0] if client else None,
            headers=headers,
            staff_sessions=self.staff_sessions,
            max_upload_bytes=self.max_upload_bytes,
        )
        if refused:
            await _answer(send, refused)
            return
        extra = frame_headers(
            path=scope["path"],
            query=scope.get("query_string", b"").decode("latin-1"),
            ancestors=self.ancestors,
        )
        extra += preload_headers(scope["path"])
        query = scope.get("query_string", b"").decode("latin-1")
        cached = static_headers(scope["path"], query=query)
        sending = _with_headers(send, extra, media_headers(scope["path"]), replacing=cached)
        await self.app(scope, receive, sending)


def _headers(scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def media_headers(path: str) -> list[tuple[bytes, bytes]]:
    """A download (``/media/<id>``) may hold staff rows: no cache on the way or in the browser
    keeps a copy, and Streamlit sends no Cache-Control of its own for them."""
    return [(b"cache-control", b"no-store")] if MEDIA_PATH.search(path) else []


def static_headers(path: str, *, query: str = "") -> list[tuple[bytes, bytes]]:
    """A map file named by its content (``?v=<hash>``, a published payload's hashed name) is
    the same bytes for ever: the browser keeps it for a year and asks nothing on a repeat
    visit. Streamlit sends no Cache-Control for ``/app/static``; its own hashed scripts under
    ``/static/`` already have this one."""
    target = f"{path}?{query}" if query else path
    return [(b"cache-control", IMMUTABLE)] if HASHED_STATIC.search(target) else []


def _with_headers(
    send,
    html: list[tuple[bytes, bytes]],
    always: list[tuple[bytes, bytes]],
    *,
    replacing: Sequence[tuple[bytes, bytes]] = (),
):
    """``html`` on an HTML response, ``always`` on any, and on a 200 ``replacing`` instead of
    the response's own header of the same name (a component's "public": ours is a year)."""
    names = {k for k, _ in replacing}

    async def sending(message) -> None:
        if message["type"] == "http.response.start":
            headers = message["headers"]
            extra = [*(html if _is_html(headers) else []), *always]
            if message.get("status") == 200 and replacing:
                headers = [(k, v) for k, v in headers if k.lower() not in names]
                extra += replacing
            message = {**message, "headers": [*headers, *extra]}
        await send(message)

    return sending


def _is_html(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    return any(k.lower() == b"content-type" and b"text/html" in v.lower() for k, v in headers)


async def _answer(send, refused: Refusal) -> None:
    body = f"{refused.status}: {refused.reason}\n".encode()
    await send({
        "type": "http.response.start",
        "status": refused.status,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", str(len(body)).encode("ascii"))],
    })  # fmt: skip
    await send({"type": "http.response.body", "body": body})


def upload_limit_bytes(max_upload_mb: int | float) -> int:
    """The largest upload request for Streamlit's ``server.maxUploadSize`` (in MB)."""
    return int(max_upload_mb * 1024 * 1024) + MULTIPART_OVERHEAD


def _set_nodelay_any_tcp(sock: socket.socket) -> None:
    """asyncio's rule for its TCP connections, without asking the protocol number."""
    if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def no_delay_connections() -> bool:
    """Every TCP connection this process's asyncio accepts sends each write at once (Nagle's
    algorithm off); True when asyncio has the hook this relies on.

    Streamlit binds its listening socket itself with ``socket.socket(family)``, whose protocol
    number is 0, and asyncio turns Nagle off (``TCP_NODELAY``) only on connections whose socket
    says ``IPPROTO_TCP``. So on a kept-alive connection every response whose headers and body
    go out as two writes waited for the browser's delayed ACK: 40 ms a request, where a first
    visit fetches ~110 files over 6 connections, and the websocket's messages waited as well.
    The socket is bound before ``app.py`` is imported, so the rule is widened where asyncio
    applies it to each accepted connection."""
    if not callable(getattr(asyncio.base_events, "_set_nodelay", None)):
        return False
    asyncio.base_events._set_nodelay = _set_nodelay_any_tcp  # type: ignore[attr-defined]
    return True


class CompressedOnce:
    """ASGI middleware: a response that never changes (``immutable``: Streamlit's hashed
    scripts, our content-named map files) is compressed once and then replayed from memory.

    A first visit fetches ~4.7 MB of Streamlit's JavaScript; gzip made each visitor's copy again,
    about 170 ms of one core per visitor, on the server that also runs the visitor's script
    (and holds Python's lock while it compresses a small file). Put between ``Guard`` and the
    gzip middleware; a conditional or partial request goes through as before."""

    def __init__(self, app, *, most_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.most_bytes = most_bytes
        self._kept: dict[tuple[str, str, bool], list[dict]] = {}
        self._size = 0

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        if any(h in headers for h in ("range", "if-none-match", "if-modified-since")):
            await self.app(scope, receive, send)
            return
        query = scope.get("query_string", b"").decode("latin-1")
        key = (scope["path"], query, "gzip" in headers.get("accept-encoding", ""))
        kept = self._kept.get(key)
        if kept is not None:
            for message in kept:
                await send(message)
            return
        seen: list[dict] = []

        async def sending(message) -> None:
            seen.append(message)
            await send(message)

        await self.app(scope, receive, sending)
        self._keep(key, seen, immutable=bool(static_headers(scope["path"], query=query)))

    def _keep(self, key, messages: list[dict], *, immutable: bool) -> None:
        start = messages[0] if messages else {}
        if start.get("type") != "http.response.start" or start.get("status") != 200:
            return
        controls = [v.lower() for k, v in start.get("headers", []) if k.lower() == b"cache-control"]
        if not (immutable or any(b"immutable" in v for v in controls)):
            return
        size = sum(len(m.get("body", b"")) for m in messages)
        if self._size + size > self.most_bytes:
            return
        self._kept[key] = messages
        self._size += size
