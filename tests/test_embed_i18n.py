"""The embed and the presentation in the visitor's language, as Chromium renders them
(issue 14): a French embed for a French page of efus.eu, and under the pseudo-locale ``xx``
no visible word, in the page or in the map's frame, that did not go through the catalogue
except the data's own values."""

# The served app is test_dashboard_browser's fixture, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pytest

from geo.data.dataset import load_dataset
from geo.i18n import outside_catalogue
from tests import a11y
from tests.conftest import new_offline_page, wait_page_idle
from tests.test_dashboard_browser import MAP_FRAME
from tests.test_map_i18n import PAGE_TEXT_JS, PROPER_NAMES

pytestmark = pytest.mark.browser
# Streamlit writes a button's keyboard shortcut itself, by the key's name (the presenter's
# clicker sends PageUp / PageDown): no text of ours.
KEY_NAMES = {"PageUp", "PageDown"}


def _open(browser, url: str, *, viewport=(1280, 720)):
    page = new_offline_page(browser, viewport={"width": viewport[0], "height": viewport[1]})
    page.goto(url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=60_000)
    wait_page_idle(page)
    return page, frame


def _map_frame(page):
    return next(f for f in page.frames if f.evaluate("() => !!window.EfusMap"))


def _data_words() -> set[str]:
    data = load_dataset()
    values = " ".join(str(v) for column in ("name", "city", "project", "description")
                      for v in data[column].dropna())  # fmt: skip
    return set(re.findall(r"[A-Za-z]{2,}", values))


def test_french_embed_shows_the_map_words_in_french(browser, app_url, artifacts):
    page, frame = _open(browser, f"{app_url}?embed=1&lang=fr", viewport=(1280, 720))
    try:
        layers = frame.locator(".leaflet-control-layers-overlays").inner_text()
        assert re.search(r"Équipements de sécurité pilotes \(\d+\)", layers), layers
        assert re.search(r"Signataires de la Déclaration de Bruxelles \(\d+\)", layers)
        assert frame.locator(".efus-legend-title").inner_text() == "Activité"
        labels = frame.locator(".efus-legend-label").all_text_contents()  # folded on 720 px
        assert "équipement pilote" in labels and "signataire" in labels
        assert re.fullmatch(r"\d+ lieux sur la carte.*", frame.locator(".efus-subtitle")
                            .inner_text())  # fmt: skip
        assert frame.locator(".efus-title-text").inner_text() == "Où l’Efus agit"
        page.screenshot(path=artifacts / "embed-fr.png")
        a11y.assert_no_blocking(page)
        assert page.log.external == []
    finally:
        page.context.close()


@pytest.mark.parametrize("mode", ["embed", "present"])
def test_pseudo_locale_embed_and_presentation_show_no_word_outside_the_catalogue(
    browser, app_url, mode
):
    page, _ = _open(browser, f"{app_url}?{mode}=1&lang=xx", viewport=(1440, 900))
    try:
        inside = _map_frame(page).evaluate(PAGE_TEXT_JS)
        outside = page.locator("[data-testid='stMain']").inner_text()
        allowed = _data_words() | PROPER_NAMES | KEY_NAMES
        assert "⟦" in inside and "⟦" in outside + inside
        assert sorted({w for w in outside_catalogue(inside) if w not in allowed}) == []
        assert sorted({w for w in outside_catalogue(outside) if w not in allowed}) == []
    finally:
        page.context.close()
