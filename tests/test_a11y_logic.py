"""What assistive technology reads, checked without a browser: the details panel, the table's
sort state, the charts' descriptions, a map file's document head, and the dashboard's place
list (AppTest)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from geo.dashboard import charts
from geo.dashboard.details import details, panel_html, place_labels
from geo.dashboard.table import PAGE_ROWS, TablePage, page_count, sorted_page, table_html
from geo.maps.engine import build_map, render_document
from tests.html_table import read_table
from tests.test_dashboard_app import app, staff_secrets  # noqa: F401 - fixtures

HOSTILE = '<img src=x onerror="alert(1)">'
ROWS = pd.DataFrame(
    {
        "id": ["a", "b", "c"],
        "name": ["Zagreb hub", HOSTILE, "antwerp port"],
        "kind": ["event", "city", "site"],
        "city": ["Zagreb", "Berlin", "Antwerp"],
        "country": ["HR", "DE", "BE"],
        "project": ["PACTESUR"] * 3,
        "activity": ["partner", "pilot equipment", "pilot equipment"],
        "start": ["2021-05", "2019", "2022-02-01"],
        "end": ["", "", ""],
        "source": ["https://efus.eu/a", "javascript:alert(1)", "https://efus.eu/c?x=1&y=2"],
        "lat": [45.8, 52.5, 51.2],
        "lon": [16.0, 13.4, 4.4],
    }
)


def test_details_panel_is_a_live_region_with_an_h2_and_escaped_text():
    found = [details(r, lang="en") for _, r in ROWS.iterrows()]
    page = panel_html(found, lang="en")
    assert 'aria-live="polite"' in page
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "Zagreb hub", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", "antwerp port"
    ]  # fmt: skip
    assert "<img" not in page and "javascript:" not in page  # a source must be http(s)
    assert '<a href="https://efus.eu/c?x=1&amp;y=2"' in page
    assert 'aria-label="Source: antwerp port"' in page


def test_details_panel_without_a_choice_says_how_to_choose_in_french():
    assert "Choisissez un lieu dans la liste" in panel_html([], lang="fr")


def test_place_list_names_a_row_by_its_name_city_and_country_in_the_language():
    assert place_labels(ROWS, lang="fr")["c"] == "antwerp port — Antwerp, Belgique"
    assert place_labels(ROWS, lang="en")["a"] == "Zagreb hub — Zagreb, Croatia"
    partial = ROWS.assign(city=["", None, "Antwerp"], country=["HR", "", None])
    assert place_labels(partial, lang="en") == {
        "a": "Zagreb hub — Croatia", "b": HOSTILE, "c": "antwerp port — Antwerp"}  # fmt: skip


@pytest.mark.parametrize(("lang", "first"), [("en", "BE"), ("fr", "DE")])
def test_table_sorts_countries_by_the_name_a_reader_sees(lang, first):
    # Belgium < Croatia < Germany in English; Allemagne < Belgique < Croatie in French.
    rows = sorted_page(ROWS, TablePage(by="country"), lang=lang)
    assert rows["country"].iloc[0] == first


def test_table_sorts_names_without_regard_to_case_and_pages_them():
    rows = sorted_page(ROWS, TablePage(by="name", descending=True))
    assert list(rows["id"]) == ["a", "c", "b"]  # Z…, a…, < (the hostile name)
    many = pd.concat([ROWS] * 20, ignore_index=True)
    assert page_count(len(many)) == 3
    assert len(sorted_page(many, TablePage(page=2))) == len(many) - 2 * PAGE_ROWS
    assert len(sorted_page(many, TablePage(page=9))) == len(many) - 2 * PAGE_ROWS  # last page


def test_table_announces_its_sort_and_links_each_name_to_its_details():
    view = TablePage(by="start", descending=True)
    page = table_html(sorted_page(ROWS, view), view, total=3,
                      place_href=lambda i: f"?place={i}", lang="en")  # fmt: skip
    assert re.findall(r'data-column="(\w+)" aria-sort="(\w+)"', page) == [("start", "descending")]
    assert "<caption>Sorted by Start, Z to A. Rows 1–3 of 3.</caption>" in page
    assert 'role="region" aria-label="Places shown" tabindex="0"' in page
    assert '<a href="?place=b">&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</a>' in page
    assert "javascript:" not in page and "<img" not in page


def test_chart_descriptions_say_the_largest_counts():
    assert charts.country_description(ROWS, lang="en") == (
        "Places in 3 countries; most in Belgium (1), Croatia (1), Germany (1)."
    )
    assert charts.activity_description(ROWS, lang="fr").startswith(
        "2 activités ; les plus fréquentes : équipement pilote (2), partenaire (1)"
    )
    assert charts.year_description(ROWS, lang="en") == (
        "From 2019 to 2022; the busiest year is 2019, with 1 places."
    )
    assert list(charts.activity_numbers(ROWS, lang="en").iloc[0]) == ["pilot equipment", 2]


def test_map_file_declares_language_charset_title_and_allows_zoom():
    page = render_document(build_map(ROWS, title=HOSTILE, lang="fr"))
    head = page.split("</head>")[0]
    assert head.startswith('<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">')
    assert "<title>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;</title>" in head
    viewports = re.findall(r'<meta name="viewport"[^>]*>', page)
    assert viewports == ['<meta name="viewport" content="width=device-width, initial-scale=1">']
    assert "<title>Efus map</title>" in render_document(build_map(ROWS))


def test_a_table_link_opens_the_place_and_the_list_shows_it(app):  # noqa: F811 - the fixture
    at = app(place="pe-liege-barrier")
    assert not at.exception
    assert at.selectbox(key="place").value == "pe-liege-barrier"
    panel = next(h.proto.body for h in at.get("html") if "efus-details" in h.proto.body)
    assert re.search(r"<h2>[^<]*</h2>", panel)
    assert "Liège" in panel
    at.selectbox(key="place").set_value("pa-riga").run()  # the list wins over the old link
    panel = next(h.proto.body for h in at.get("html") if "efus-details" in h.proto.body)
    assert re.findall(r"<h2>([^<]*)</h2>", panel) == ["Riga"]
    assert read_table(at).caption.startswith("Sorted by Name, A to Z.")
