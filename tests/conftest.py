"""Shared fixtures: paths, and a real headless Chromium (Debian's) driven by Playwright.

Playwright cannot download its own browser here, so we launch /usr/bin/chromium with the flags
that keep it from calling home. ``offline_page`` records every request that leaves 127.0.0.1 or
fails, so a test can assert that a map needs nothing from the internet.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    exe = shutil.which("chromium") or "/usr/bin/chromium"
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_FLAGS)
        yield b
        b.close()


class RequestLog:
    """Every request a page made, split into those that left the machine and those that failed."""

    def __init__(self) -> None:
        self.all: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []
        self.console_errors: list[str] = []

    def attach(self, page) -> None:
        page.on("request", self._on_request)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))
        page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _on_request(self, request) -> None:
        url = request.url
        self.all.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            self.external.append(url)


@pytest.fixture
def offline_page(browser):
    """A page whose requests outside 127.0.0.1 are refused and logged (``page.log``)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log = RequestLog()

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.hostname not in LOCAL_HOSTS:
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/*", guard)
    page = context.new_page()
    log.attach(page)
    page.log = log
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave screenshots for a person to look at (ignored by git)."""
    path = ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path
