"""The staff pages in the visitor's language (issue 14): the login and the data intake in
French, the validation report and its fixes rendered from the problems' codes, and under the
pseudo-locale ``xx`` no text a person reads that did not go through the catalogue."""

# The page's fixtures are test_intake_app's, imported by name.
# ruff: noqa: F811

from __future__ import annotations

import re

import pandas as pd

from geo.data.schema import COLUMN_NAMES
from geo.i18n import outside_catalogue
from tests.html_table import read_table
from tests.test_dashboard_i18n import visible_texts
from tests.test_intake_app import (  # noqa: F401 - fixtures
    LIST,
    PASSWORD,
    app,
    messy_list,
    secrets,
    store_dir,
    texts,
)

NBSP = "\u00a0"  # French typography: a no-break space before ":" and ";"


def report_as_shown(at) -> tuple[pd.DataFrame, str]:
    """The validation report (an HTML table) by the headers a person reads, and its caption."""
    reader = read_table(at)
    frame = pd.DataFrame(reader.rows, columns=[reader.labels[c] for c in reader.columns])
    return frame.astype({frame.columns[0]: int}), reader.caption


def logged_in(app, lang: str):
    """The intake, reached through the login page with ``?lang=`` in the address."""
    at = app({"lang": lang})
    at.switch_page("app_pages/login.py").run()
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    return at


def test_login_page_and_intake_speak_french(app, messy_list):
    at = app({"lang": "fr"})
    at.switch_page("app_pages/login.py").run()
    assert [t.value for t in at.title] == ["Connexion de l’équipe"]
    assert at.text_input(key="staff_login_password").label == "Mot de passe"
    at.text_input(key="staff_login_password").input("not the password")
    at.button[0].click().run()
    assert texts(at.error) == ["Mot de passe incorrect."]
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert [t.value for t in at.title] == ["Import de données"]

    at.file_uploader[0].set_value((LIST, messy_list, "text/csv")).run()
    report, caption = report_as_shown(at)  # the report's headers are French
    assert caption == f"Problèmes trouvés dans {LIST}{NBSP}: 2 erreurs, 1 avertissement. " \
                      "Problèmes 1 à 3 sur 3."
    assert list(report.columns) == ["ligne", "colonne", "valeur", "problème", "correction",
                                    "gravité"]  # fmt: skip
    errors = report[report["gravité"] == "erreur"]
    assert errors[["ligne", "colonne"]].values.tolist() == [[11, "lat"], [15, "start"]]
    # The words come from each problem's code, in French; the values stay as written.
    assert errors["correction"].iloc[0] == f"inversez-les{NBSP}: lat 43.7034, lon 7,2620"
    assert errors["correction"].iloc[1].startswith("écrivez 2022-11-23 (écrivez AAAA-MM-JJ")
    assert texts(at.error)[0] == f"{LIST}\u00a0: 2 erreurs à corriger, 1 avertissement"
    swap = at.button(key="quick_11_latlon_swapped")
    assert swap.label == f"Ligne 11{NBSP}: inverser lat et lon (lat 43.7034, lon 7,2620)"


def test_intake_under_the_pseudo_locale_shows_no_word_outside_the_catalogue(app, messy_list):
    """Every label, title, message, report cell and header went through the catalogue; what
    is left outside is the file's own: its name, its values, the column names it is read by."""
    at = logged_in(app, "xx")
    at.file_uploader[0].set_value((LIST, messy_list, "text/csv")).run()
    report, caption = report_as_shown(at)
    shown = [text for _, text in visible_texts(at)] + texts(at.error) + texts(at.warning)
    shown += [caption]
    shown += [str(c) for c in report.columns]
    shown += [str(v) for column in report.columns[3:] for v in report[column]]
    shown += [b.label for b in at.button]

    data = messy_list.decode("cp1252")
    allowed = set(re.findall(r"[A-Za-z]{2,}", f"{LIST} {data}")) | set(COLUMN_NAMES)
    outside = {w for text in shown for w in outside_catalogue(text) if w not in allowed}
    assert "⟦" in " ".join(shown) and not at.exception
    assert outside == set(), sorted(outside)


def test_login_page_under_the_pseudo_locale_shows_no_word_outside_the_catalogue(app):
    at = app({"lang": "xx"})
    at.switch_page("app_pages/login.py").run()
    shown = [text for _, text in visible_texts(at)] + [b.label for b in at.button]
    assert shown and not at.exception
    assert {w for text in shown for w in outside_catalogue(text)} == set(), shown


def test_the_geocoding_review_explains_and_offers_its_choices_in_french():
    """What the review shows of a place to settle: the geocoder's explanation and the
    candidates, from their codes, in French (numbers with French separators)."""
    import pandas as pd

    from geo.places.geocoder import default_geocoder
    from geo.places.review import review_items

    rows = pd.DataFrame({"name": ["Ville de Strasbourg", "Stadt Neustadt"],
                         "city": ["Strasbuorg", "Neustadt"], "country": ["FR", "DE"],
                         "_row": [9, 10]})  # fmt: skip
    strasbourg, neustadt = review_items(rows, geocoder=default_geocoder())
    nbsp = "\u00a0"
    said = strasbourg.explain("fr")
    assert said == (f"aucun lieu ne porte ce nom (pays{nbsp}: France){nbsp}; "
                    f"orthographe la plus proche{nbsp}: Strasbourg")  # fmt: skip
    assert strasbourg.explain("en") == strasbourg.message
    assert "closest spelling: Strasbourg" in strasbourg.message
    assert neustadt.explain("fr").startswith(f"plusieurs lieux de taille comparable (pays{nbsp}: "
                                             "Allemagne)")  # fmt: skip
    first = strasbourg.choices[0]
    assert re.fullmatch(r"Strasbourg \(FR, \d{3}\u202f\d{3} hab\., 48\.58, 7\.75, geonames:\d+\)",
                        first.text("fr")), first.text("fr")  # fmt: skip
    assert first.text("en") == first.label  # English: as the gazetteer labels it
