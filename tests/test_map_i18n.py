"""The maps' own words in the visitor's language (issue 14): legend, layers, popups with their
dates and countries, subtitle, scale bar, Leaflet's control titles and the credits, read as
headless Chromium renders them; and under the pseudo-locale ``xx``, no word outside the
catalogue except the data's own values."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.i18n import outside_catalogue, translator
from geo.maps.engine import build_map, render_html
from geo.maps.export import export_html
from geo.maps.payload import decode_points
from geo.maps.styles import legend_entries, map_strings, value_names
from tests import a11y
from tests.conftest import wait_map_still
from tests.mapdata import city_centre, frame, payload_of
from tests.test_webmap_browser import _screen_point, _settled

TURIN = (45.07049, 7.68682)
NBSP = "\u00a0"  # French typography: a no-break space before ":"
# Names that are no words of any language: the map library's and the credits' proper names.
PROPER_NAMES = {"Leaflet", "Efus"}
# Every visible text node of the page (the basemap's place names aside: they are data of
# their own, tested in test_map_names*), and every title and aria-label a person may hear.
PAGE_TEXT_JS = """() => {
    const out = [], walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walk.nextNode()) {
        const parent = walk.currentNode.parentElement;
        const skipped = "script, style, noscript, .leaflet-efusLabels-pane";
        if (!parent || parent.closest(skipped)) { continue; }
        out.push(walk.currentNode.textContent);
    }
    document.querySelectorAll("[title], [aria-label]").forEach(node => {
        out.push(node.getAttribute("title") || "", node.getAttribute("aria-label") || "");
    });
    return out.join("\\n");
}"""


def french_data():
    data = frame()
    data.loc[data["id"] == "turin", "start"] = "2022-11-23"
    return data


def _open_popup(page, tmp_path, *, lang: str, title: str):
    path = tmp_path / f"map-{lang}.html"
    export_html(french_data(), path, audience="public", city_centre=city_centre, title=title,
                lang=lang)  # fmt: skip
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-efus-drawn]", timeout=30_000)
    wait_map_still(page)
    page.mouse.click(*_screen_point(page, *TURIN))
    _settled(page)
    return path


def test_strings_of_the_map_come_from_the_catalogue_in_french():
    strings = map_strings(translator("fr"))
    assert strings["legend"] == "Activité"
    assert strings["kind"]["city"] == "Ville"
    assert strings["precision"]["city"] == "placé au centre de la ville"
    assert strings["locale"] == "fr-FR"
    names = value_names(french_data(), translator("fr"))
    assert names["start"]["2022-11-23"] == "23 novembre 2022"
    assert names["country"]["Italy"] == "Italie"
    assert names["activity"]["pilot equipment"] == "équipement pilote"


def test_french_legend_counts_use_french_thousands_separators():
    counts = pd.Series({"pilot equipment": 50_000})
    entries = legend_entries(["pilot equipment"], [{"layer": 0}], counts, tr=translator("fr"))
    assert entries[0]["label"] == "équipement pilote"
    assert entries[0]["countText"] == "50\u202f000"


def test_payload_stays_in_the_data_language_whatever_the_page_language():
    """One published payload serves every language: only the words beside it change."""
    data = french_data()
    english = decode_points(payload_of(render_html(build_map(data, lang="en"))))
    french = decode_points(payload_of(render_html(build_map(data, lang="fr"))))
    assert english == french


@pytest.mark.browser
def test_french_map_shows_legend_layers_popup_dates_scale_and_controls_in_french(
    offline_page, tmp_path, artifacts
):
    page = offline_page
    _open_popup(page, tmp_path, lang="fr", title="Où travaille l’Efus")
    page.screenshot(path=str(artifacts / "map-fr.png"))

    assert page.locator(".efus-legend-title").text_content() == "Activité"
    labels = page.locator(".efus-legend-label").all_text_contents()
    assert "signataire" in labels and "équipement pilote" in labels
    layers = page.locator(".leaflet-control-layers-overlays").inner_text()
    assert re.search(r"Équipements de sécurité pilotes \(\d+\)", layers)
    assert "Signataires de la Déclaration de Bruxelles (1)" in layers
    subtitle = page.locator(".efus-subtitle").inner_text()
    assert subtitle == "4 lieux sur la carte · 1 sans position connue, non affiché"

    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "23 novembre 2022" in popup and "Italie" in popup and "Città di Torino" in popup
    assert "Ville · Brussels Declaration · signataire" in popup  # the project stays as written
    assert page.locator(".leaflet-popup-close-button").get_attribute("aria-label") == (
        "Fermer la fenêtre"
    )

    assert re.fullmatch(r"[\d\u202f\u00a0 ]+ k?m", page.locator(".leaflet-control-scale-line")
                        .inner_text())  # fmt: skip
    assert page.locator(".leaflet-control-zoom-in").get_attribute("title") == "Zoom avant"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Zoom arrière"
    credits = page.locator(".leaflet-control-attribution").inner_text()
    assert f"Contours des pays{NBSP}: Natural Earth (domaine public)" in credits
    assert f"Noms{NBSP}: GeoNames (CC BY 4.0), Unicode CLDR" in credits
    a11y.assert_no_blocking(page)


@pytest.mark.browser
def test_pseudo_locale_map_shows_no_word_outside_the_catalogue(offline_page, tmp_path):
    """Every word Chromium renders (legend, layers, title, popup, scale, credits, titles and
    aria-labels) went through the catalogue, except the data's own values."""
    page = offline_page
    tr = translator("xx")
    _open_popup(page, tmp_path, lang="xx", title=tr.t("Where Efus works"))

    text = page.evaluate(PAGE_TEXT_JS)
    data = french_data()
    values = " ".join(str(v) for column in ("name", "city", "project", "description")
                      for v in data[column].dropna())  # fmt: skip
    allowed = set(re.findall(r"[A-Za-z]{2,}", values)) | PROPER_NAMES
    assert "⟦" in text and "23" in text  # the page did render, in the pseudo-locale
    assert [w for w in outside_catalogue(text) if w not in allowed] == []
