"""Debian's Chromium, launched by Playwright for the tests, the benchmarks and the scripts.

Without the background work of ``geo.maps.image.QUIET_CHROMIUM``, and without the features of
``QUIET_FEATURES``. Chromium keeps only the last ``--disable-features`` it is given and Playwright
passes its own (it turns off paint holding, HTTPS upgrades, storage partitioning…): ours are added
to Playwright's list, which a first launch reads from the browser's own command line, so the
browser differs from Playwright's only by what we name.
"""

from __future__ import annotations

import functools
import shutil
from collections.abc import Sequence

from geo.maps.image import QUIET_CHROMIUM, QUIET_FEATURES

EXECUTABLE = shutil.which("chromium") or "/usr/bin/chromium"
DISABLE = "--disable-features="


def launch(playwright, *, args: Sequence[str] = (), **options):
    """A headless Chromium: ``QUIET_CHROMIUM``, then ``args``, then every feature Playwright
    turns off and ours."""
    features = (*playwright_disabled(playwright), *QUIET_FEATURES)
    flags = [*QUIET_CHROMIUM, *args, DISABLE + ",".join(dict.fromkeys(features))]
    return playwright.chromium.launch(executable_path=EXECUTABLE, headless=True, args=flags,
                                      **options)  # fmt: skip


@functools.cache
def _disabled(executable: str, launcher) -> tuple[str, ...]:
    browser = launcher.launch(executable_path=executable, headless=True,
                              args=["--no-sandbox", "--enable-automation"])  # fmt: skip
    try:
        line = browser.new_browser_cdp_session().send("Browser.getBrowserCommandLine")
    finally:
        browser.close()
    for arg in reversed(line["arguments"]):
        if arg.startswith(DISABLE):
            return tuple(f for f in arg.removeprefix(DISABLE).split(",") if f)
    return ()


def playwright_disabled(playwright) -> tuple[str, ...]:
    """The features Playwright itself turns off, as its launch of this Chromium passes them."""
    return _disabled(EXECUTABLE, playwright.chromium)
