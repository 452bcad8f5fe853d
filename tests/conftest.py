"""Shared fixtures: paths, and a real headless Chromium (Debian's) driven by Playwright.

Playwright cannot download its own browser here, so we launch /usr/bin/chromium with the flags
that keep it from calling home. ``offline_page`` records every request that leaves 127.0.0.1 or
fails, so a test can assert that a map needs nothing from the internet.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests import chromium
from tests.servers import ServerDidNotStart, streamlit_run

ROOT = Path(__file__).resolve().parent.parent
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(autouse=True)
def fresh_login_throttle(monkeypatch):
    """The server keeps failed logins for the whole process; AppTests share one process, so
    each test starts with none (a test that fails five times would lock out the next)."""
    from geo.staff import auth

    monkeypatch.setattr(auth, "THROTTLE", auth.Throttle())


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = chromium.launch(p, args=["--disable-quic"])
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


def new_offline_page(browser, **context_options):
    """A page in a fresh context whose requests outside 127.0.0.1 are refused and logged
    (``page.log``); close its ``page.context`` when done. ``context_options`` go to
    Playwright's ``new_context`` (``locale="fr-FR"``: a French browser)."""
    options = {"viewport": {"width": 1280, "height": 800}, **context_options}
    context = browser.new_context(**options)
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
    return page


@pytest.fixture
def offline_page(browser):
    """A page whose requests outside 127.0.0.1 are refused and logged (``page.log``)."""
    page = new_offline_page(browser)
    yield page
    page.context.close()


MAP_STILL_JS = """(ms) => {
    const m = Object.values(window).find(v => v instanceof L.Map);
    if (!m || m._animatingZoom || (m._panAnim && m._panAnim._inProgress)) { return false; }
    const c = m.getCenter(), size = m.getSize();
    const view = [c.lat, c.lng, m.getZoom(), size.x, size.y].join();
    const now = performance.now(), last = window.__efusTestView;
    if (!last || last.view !== view) { window.__efusTestView = {view, since: now}; return false; }
    return now - last.since >= ms;
}"""


def wait_map_still(frame, *, ms: int = 400, timeout: int = 30_000) -> None:
    """Wait until the Leaflet map in ``frame`` (a Page or a Frame) has stopped moving: no zoom
    or pan animation, and the same centre, zoom and size for ``ms`` milliseconds. A position
    computed before that (the opening ``fitBounds`` animates, an iframe is resized once the
    component has drawn) is not where the point is when the click lands."""
    frame.wait_for_function(MAP_STILL_JS, arg=ms, polling=50, timeout=timeout)


PAGE_IDLE_JS = """(ms) => {
    const busy = document.querySelector(
        "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stStatusWidgetRunningManIcon'],"
        + " [data-stale='true']");
    const now = performance.now(), last = window.__efusTestIdle;
    if (busy) { window.__efusTestIdle = null; return false; }
    if (!last) { window.__efusTestIdle = {since: now}; return false; }
    return now - last.since >= ms;
}"""


def wait_page_idle(page, *, ms: int = 300, timeout: int = 60_000) -> None:
    """Wait until the Streamlit page has finished its rerun, as a person waits for the page to
    settle before using it: no running indicator and no stale (greyed) element for ``ms``."""
    page.wait_for_function(PAGE_IDLE_JS, arg=ms, polling=50, timeout=timeout)


def choose_option(
    page,
    label: str,
    option: str,
    *,
    typed: str | None = None,
    widget: str = "stSelectbox",
    attempts: int = 3,
) -> None:
    """Pick ``option`` in the Streamlit select box (or ``widget="stMultiSelect"``) labelled
    ``label`` as a person does: once the page has settled, open it, type to narrow the list,
    click the option, and see the widget show the choice. A list that a rerun closed before the
    option could be clicked is opened again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    box = page.get_by_test_id(widget).filter(has=page.get_by_label(label, exact=True))
    for attempt in range(attempts):
        wait_page_idle(page)
        page.get_by_label(label, exact=True).first.click()
        page.keyboard.type(option if typed is None else typed)
        try:
            page.get_by_role("option", name=option, exact=True).click(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            if attempt == attempts - 1:
                raise
    if widget == "stMultiSelect":
        page.keyboard.press("Escape")  # a multiselect stays open after a choice
        expect(box.first).to_contain_text(option)  # the choice shows as a chip
    else:
        expect(box.first.get_by_role("combobox")).to_have_value(option)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where tests leave screenshots for a person to look at (ignored by git)."""
    path = ROOT / "artifacts"
    path.mkdir(exist_ok=True)
    return path


STREAMLIT_READY_TIMEOUT_S = 60


@contextlib.contextmanager
def streamlit_server(
    *,
    env: Mapping[str, str] | None = None,
    log: Path,
    args: tuple[str, ...] = (),
    address: str | None = "127.0.0.1",
) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 and a free port, as the README serves it;
    yields its URL once healthy, stops it on exit. ``env`` is added to this process's
    environment without its ``EFUS_*`` variables; ``args`` are more ``streamlit run`` options
    (``--secrets.files``). ``address=None`` leaves ``server.address`` to the project's config,
    as ``make run`` does."""
    try:
        with streamlit_run(env=env, log=log, args=args, address=address,
                           timeout=STREAMLIT_READY_TIMEOUT_S) as (url, _ready):  # fmt: skip
            yield url
    except ServerDidNotStart as exc:
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The dashboard on the bundled data, served as the README says, its store in a fresh
    folder: one server for the test module that asks for it, stopped after that module."""
    folder = tmp_path_factory.mktemp("dashboard")
    env = {"EFUS_DATA_DIR": str(folder / "store")}
    with streamlit_server(env=env, log=folder / "server.log") as url:
        yield url


def open_dashboard(root: Path, *, login: tuple[dict, str] | None = None, timeout: int = 90,
                   **query: str):
    """The map page in AppTest with ``query`` in its address. ``login=(secrets, password)``:
    staff, logged in through the login page as staff do, then back to the map."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=timeout)
    if login:
        secrets, password = login
        at.secrets.update(secrets)
        at.run()
        at.switch_page("app_pages/login.py").run()
        at.text_input(key="staff_login_password").input(password)
        at.button[0].click().run()
        at.switch_page("app_pages/dashboard.py")
    at.query_params.update(query)
    return at.run()


@pytest.fixture(scope="module")
def ror_build():
    """scripts/build_higher_education.py as a module: the tests of what it keeps from ROR."""
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "scripts" / "build_higher_education.py"
    spec = importlib.util.spec_from_file_location("build_higher_education", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
