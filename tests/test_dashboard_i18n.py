"""The dashboard in the visitor's language (issue 14, first slice): French from ``?lang=fr``
or a French browser, the switch, the language kept in links, and the pseudo-locale ``xx``
finding any text on the page that did not go through the catalogue."""

# The page's fixtures are test_dashboard_app's and test_dashboard_browser's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import json
import re

import pyarrow as pa
import pytest

from geo.dashboard import details
from geo.dashboard.details import when
from geo.data.dataset import load_dataset
from geo.i18n import outside_catalogue, translator
from tests.conftest import new_offline_page, wait_page_idle
from tests.html_table import read_table
from tests.test_dashboard_app import app, map_args, staff_secrets  # noqa: F401 - fixtures
from tests.test_dashboard_browser import MAP_FRAME

NBSP = "\u00a0"  # French typography: a no-break space before ":"
TEXT_FIELDS = ("label", "placeholder", "help", "body")
NOT_TEXT = ("html", "code")  # the page's style sheet; links and iframe code (addresses)


def walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def visible_texts(at) -> list[tuple[str, str]]:
    """(element type, text) for every text a person reads on the page as AppTest holds it:
    titles, headers, markdown, captions, alerts, tabs, every widget's label, placeholder and
    help. Widget options (countries, projects) are data and left to other tests."""
    found = []
    for node in walk(at._tree):
        proto, kind = getattr(node, "proto", None), getattr(node, "type", "")
        if proto is None or kind in NOT_TEXT:
            continue
        fields = proto.DESCRIPTOR.fields_by_name
        texts = (getattr(proto, f) for f in TEXT_FIELDS if f in fields)
        found += [(kind, text) for text in texts if text]
    return found


def headline(at) -> str:
    """The counts under the title (in any language: the bold line right after it)."""
    return at.markdown[0].value


def code_blocks(at) -> list[str]:
    return [c.value for c in at.code]


def open_tab(at, label: str):
    at.session_state["tab"] = label
    return at.run()


# --- French --------------------------------------------------------------------------------


def test_lang_fr_shows_the_dashboard_in_french(app):
    at = app(lang="fr")
    assert not at.exception
    assert at.title[0].value == "Où l’Efus agit"
    assert headline(at) == "**13 affichés sur 13 · 5 pays · 2 projets**"
    labels = [m.label for m in at.multiselect]
    assert labels == ["Pays", "Projet", "Activité", "Type d’entité"]
    assert "Belgique" in at.multiselect(key="f_country").options  # CLDR's name, not "Belgium"
    assert "équipement pilote" in at.multiselect(key="f_activity").options
    assert at.text_input(key="f_text").label == "Rechercher"
    assert at.button[0].label == "Réinitialiser les filtres"
    assert [t.label for t in at.tabs] == ["Tableau", "Graphiques", "Partager et télécharger"]
    headers = read_table(at).labels
    assert headers["country"] == "Pays" and headers["city"] == "Ville"


def test_french_charts_have_french_titles_and_country_names(app):
    at = open_tab(app(lang="fr", country="BE"), "Graphiques")
    charts = at.get("vega_lite_chart")
    specs = [json.loads(c.proto.spec) for c in charts]
    assert [s["title"]["text"] for s in specs] == [
        "Lieux par pays",
        "Lieux par activité",
        f"Chronologie{NBSP}: lieux par année de début",
    ]
    rows = pa.ipc.open_stream(charts[0].proto.datasets[0].data.data).read_pandas()
    assert set(rows["country name"]) == {"Belgique"}  # the bars' labels, as Vega draws them
    assert specs[0]["encoding"]["x"]["title"] == "Lieux"


def test_french_downloads_and_embed_keep_the_language(app):
    at = open_tab(app(lang="fr", country="BE"), "Partager et télécharger")
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["CSV", "GeoJSON", "Carte (HTML, fonctionne hors ligne)",
                      "Image de la carte (PNG, 1920×1080)",
                      "Carte pour un rapport (PDF, A4 paysage)"]
    link, embed = code_blocks(at)
    assert "lang=fr" in link and "country=BE" in link
    assert "lang=fr" in embed and "embed=1" in embed
    assert f'title="Où l’Efus agit{NBSP}: Belgique"' in embed


def test_lang_survives_a_filter_change_in_the_url_and_the_embed_code(app):
    at = app(lang="fr")
    at.multiselect(key="f_country").set_value(["FR"]).run()
    assert at.query_params["lang"] == "fr" and at.query_params["country"] == "FR"
    assert re.fullmatch(r"\*\*\d+ affichés? sur 13 · 1 pays · \d projets?\*\*", headline(at))
    at.button[0].click().run()  # reset: the filters go, the language stays
    assert dict(at.query_params) == {"lang": "fr"}
    assert at.title[0].value == "Où l’Efus agit"
    _, embed = code_blocks(open_tab(at, "Partager et télécharger"))
    assert "lang=fr" in embed


def test_the_switch_sets_lang_in_the_address(app):
    at = app()
    assert at.title[0].value == "Where Efus works"
    switch = at.segmented_control[0]
    assert switch.options == ["English", "Français"] and switch.value == "en"
    switch.set_value("fr").run()
    assert at.query_params["lang"] == "fr"
    assert at.title[0].value == "Où l’Efus agit"
    at.segmented_control[0].set_value("en").run()
    assert at.title[0].value == "Where Efus works"


def test_english_links_name_no_language_so_each_reader_gets_their_own(app):
    link, embed = code_blocks(open_tab(app(country="BE"), "Share and download"))
    assert "lang=" not in link and "lang=" not in embed


# --- the pseudo-locale: every visible text went through the catalogue ----------------------

PSEUDO_TABS = ("Table", "Charts", "Share and download")


def english_on_page(at) -> list[str]:
    return [
        f"{kind}: {text!r} → {words}"
        for kind, text in visible_texts(at)
        if (words := outside_catalogue(text))
    ]


@pytest.mark.parametrize("tab", PSEUDO_TABS)
def test_pseudo_locale_page_shows_no_text_outside_the_catalogue(app, tab):
    at = app(lang="xx")
    assert not at.exception
    at = open_tab(at, translator("xx").t(tab))
    texts = visible_texts(at)
    assert len(texts) > 15  # the walk does see the page
    assert english_on_page(at) == []


def test_pseudo_locale_charts_have_no_text_outside_the_catalogue(app):
    at = open_tab(app(lang="xx"), translator("xx").t("Charts"))
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    titles = [s["title"]["text"] for s in specs]
    axes = [
        enc["title"]
        for s in specs
        for layer in (s, *s.get("layer", ()))
        for enc in layer.get("encoding", {}).values()
        if isinstance(enc, dict) and enc.get("title")
    ]
    tips = [
        tip["title"]
        for s in specs
        for layer in (s, *s.get("layer", ()))
        for tip in layer.get("encoding", {}).get("tooltip", ())
    ]
    assert titles and axes and tips
    assert [t for t in titles + axes + tips if outside_catalogue(t)] == []


def test_pseudo_locale_finds_a_word_that_bypassed_the_catalogue():
    """The check above can fail: an English word beside a translated one is named."""
    shown = f"{translator('xx').t('Filters')} Reset"
    assert outside_catalogue(shown) == ["Reset"]


# --- a French browser, in Chromium ---------------------------------------------------------


@pytest.mark.browser
def test_a_french_browser_gets_the_french_dashboard(browser, app_url, artifacts):
    page = new_offline_page(browser, locale="fr-FR", viewport={"width": 1440, "height": 900})
    try:
        page.goto(app_url)  # no ?lang: the browser's language decides
        page.get_by_text("Où l’Efus agit").first.wait_for(timeout=60_000)
        headline = page.get_by_text(" affichés sur ").first
        headline.wait_for()
        assert re.fullmatch(r"\d+ affichés sur \d+ · \d+ pays · \d+ projets", headline.inner_text())
        page.frame_locator(MAP_FRAME).locator("[data-efus-drawn]").wait_for(state="attached")
        wait_page_idle(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        assert "Pays" in sidebar.inner_text() and "Filtres" in sidebar.inner_text()
        page.screenshot(path=artifacts / "dashboard-fr.png", full_page=False)
        assert page.log.external == []
    finally:
        page.context.close()


# --- the dashboard's logic in French (no Streamlit) ----------------------------------------


@pytest.fixture
def mini(root):
    return load_dataset(root / "tests" / "data" / "mini")


def test_details_in_french_name_the_country_and_the_month(mini):
    row = mini.set_index("id").loc["pe-liege-barrier"].to_dict() | {"id": "pe-liege-barrier"}
    facts = dict(details.details(row, lang="fr").facts)
    assert facts["Lieu"] == "Liège, Belgique"
    assert facts["Date"] == "septembre 2019"  # the data says 2019-09: a month, not a day
    assert facts["Activité"] == "équipement pilote"
    assert facts["Projet"] == "PACTESUR"  # a project's name stays as written
    assert details.details(row, lang="fr").title == "Mobile barrier Place Saint-Lambert"


def test_french_dates_and_ranges_read_as_french_write_them():
    assert when("2022-11-23", "", lang="fr") == "23 novembre 2022"
    assert when("2022-05-02", "2022-05-06", lang="en") == "2 May 2022 – 6 May 2022"
    assert when("spring 2020", "", lang="fr") == "spring 2020"  # hand-written: as written


def test_present_mode_in_french(app):
    at = app(present="1", country="BE", lang="fr")
    assert not at.exception
    heading = at.markdown[0].value
    assert "1 sur 2 · 3 fiches : " in heading and "Liège, Belgique" in heading
    assert "2 mai 2022 – 6 mai 2022" in heading  # what happened there, dated in French
    assert at.button(key="tour_next").label == "Suivant ▶"
    assert at.button(key="tour_back").label == "◀ Précédent"


def test_staff_login_box_speaks_the_page_language(app):
    at = app(logged_in=True, lang="fr")
    assert not at.exception
    assert at.sidebar.button(key="staff_login_logout").label == "Se déconnecter"
    assert any(c.value.startswith("Session de ") for c in at.sidebar.caption)


@pytest.mark.parametrize(("lang", "embed"), [("fr", ""), ("fr", "1"), ("en", "")])
def test_the_maps_place_names_follow_the_page_language(app, lang, embed):
    """The basemap's names (countries, cities) are asked for in the page's language, on the
    dashboard's live map and on the embed's whole map."""
    at = app(lang=lang, **({"embed": embed} if embed else {}))
    assert not at.exception
    script = map_args(at)["script"]
    assert f'lang: "{lang}"' in script
