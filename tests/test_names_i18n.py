"""A row's own words in the reader's language (issue 14): optional ``name_fr`` /
``description_fr`` columns, validated, kept by the store (an older store gains them), and
shown to French readers in the map's popup, the rest as written."""

from __future__ import annotations

import sqlite3

import pandas as pd
import pytest

from geo.data.dataset import check_paths
from geo.data.schema import DATASET_COLUMNS, PUBLIC_COLUMNS
from geo.data.store import STORE_NAME, Store
from geo.data.translations import in_language
from geo.maps.export import export_html
from geo.messages import problem_line
from tests.conftest import wait_map_still
from tests.test_webmap_browser import _screen_point, _settled

HEADER = ("id,name,kind,country,city,project,activity,start,source,name_fr,description,"
          "description_fr\n")
ROWS = (
    "bd-brussels,City of Brussels,city,BE,Brussels,Brussels Declaration,signatory,2022-11-23,"
    "https://efus.eu/,Ville de Bruxelles,Host of the signature,Ville hôte de la signature\n"
    "bd-turin,Città di Torino,city,IT,Turin,Brussels Declaration,signatory,2022-11-23,"
    "https://efus.eu/,,,\n"
)


def seed(folder, text: str = HEADER + ROWS):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "places.csv").write_text(text, encoding="utf-8")
    return folder


def test_french_name_and_description_are_public_columns_of_the_dataset(tmp_path):
    assert {"name_fr", "description_fr"} <= set(DATASET_COLUMNS) & set(PUBLIC_COLUMNS)
    checked = check_paths([seed(tmp_path / "data")])
    assert checked.ok and not checked.problems, [str(p) for p in checked.problems]
    names = {r["id"]: r["name_fr"] for r in checked.records}
    assert names == {"bd-brussels": "Ville de Bruxelles", "bd-turin": ""}


def test_a_translation_into_a_language_without_catalogue_is_a_warning_that_names_the_columns(
    tmp_path,
):
    text = HEADER.replace("name_fr", "name_de") + ROWS
    checked = check_paths([seed(tmp_path / "data", text)])
    (problem,) = checked.problems
    assert (problem.code, problem.severity, problem.column) == (
        "translation_language_unknown", "warning", "name_de")  # fmt: skip
    assert checked.ok  # a warning: the rows load, the column is not read
    assert "use one of name_fr, description_fr" in problem_line(problem)
    assert "utilisez l’une de ces colonnes" in problem_line(problem, lang="fr")


def test_the_store_keeps_translations_and_an_older_store_gains_the_columns(tmp_path):
    store = Store.open(tmp_path / "store", seed=seed(tmp_path / "data"))
    frame = store.frame().set_index("id")
    assert frame.loc["bd-brussels", "description_fr"] == "Ville hôte de la signature"
    with sqlite3.connect(tmp_path / "store" / STORE_NAME) as con:  # as a store made before
        con.execute('ALTER TABLE records DROP COLUMN "name_fr"')
    again = Store.open(tmp_path / "store", seed=tmp_path / "data").frame().set_index("id")
    assert again.loc["bd-brussels", "name_fr"] == ""  # back, blank: nothing else changed
    assert again.loc["bd-brussels", "description_fr"] == "Ville hôte de la signature"


def test_in_language_shows_the_translation_where_the_row_has_one():
    frame = pd.DataFrame({"name": ["City of Brussels", "Città di Torino"],
                          "name_fr": ["Ville de Bruxelles", " "],
                          "description": ["Host", "x"],
                          "description_fr": ["Hôte", ""]})  # fmt: skip
    french = in_language(frame, "fr")
    assert french["name"].tolist() == ["Ville de Bruxelles", "Città di Torino"]
    assert french["description"].tolist() == ["Hôte", "x"]
    assert in_language(frame, "en") is frame and frame["name"][0] == "City of Brussels"


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "name"), [("fr", "Ville de Bruxelles"),
                                            ("en", "City of Brussels")])  # fmt: skip
def test_popup_shows_the_name_in_the_readers_language(offline_page, tmp_path, lang, name):
    records = check_paths([seed(tmp_path / "data")]).records
    frame = pd.DataFrame(records).assign(lat=[50.84673, 45.07049], lon=[4.35247, 7.68682])
    path = tmp_path / f"{lang}.html"
    export_html(frame, path, audience="public", lang=lang)
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-efus-drawn='2']", timeout=30_000)
    wait_map_still(page)
    page.mouse.click(*_screen_point(page, 50.84673, 4.35247))
    _settled(page)
    assert page.locator(".efus-popup .efus-name").inner_text() == name
    description = page.locator(".efus-popup .efus-description").inner_text()
    wanted = "Ville hôte de la signature" if lang == "fr" else "Host of the signature"
    assert description == wanted


def test_french_csv_download_has_french_headers_and_reads_back_as_the_same_rows(root):
    from geo.dashboard.downloads import to_csv, to_geojson
    from geo.dashboard.table import table_of
    from geo.data.dataset import load_dataset
    from geo.staff.intake import read_upload

    rows = table_of(load_dataset(root / "tests" / "data" / "mini"))
    french = to_csv(rows, lang="fr")
    header = french.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[:8] == ["Identifiant", "Nom", "Type", "Pays", "Ville", "Projet", "Activité",
                          "Début"]  # fmt: skip
    assert to_csv(rows).decode("utf-8-sig").startswith("id,name,kind,country")  # English
    back = read_upload("liste.csv", french)
    assert back.ok and not back.problems, [str(p) for p in back.problems]
    assert back.frame["name"].tolist() == rows["name"].tolist()
    # GeoJSON keys stay the column names: programs read them.
    import json

    feature = json.loads(to_geojson(rows))["features"][0]
    assert {"name", "country"} <= set(feature["properties"])
