"""French and English (and any language added as one file): the catalogues, plurals,
numbers, dates, country names, the choice of language and the pseudo-locale."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po

from geo import i18n
from geo.i18n import (
    EXTRACT_KEYWORDS,
    KEPT,
    LOCALE_DIR,
    PLACEHOLDER,
    I18nError,
    catalogue_gaps,
    languages,
    negotiate,
    outside_catalogue,
    pseudo,
    translator,
)

ROOT = Path(__file__).resolve().parent.parent
NNBSP = "\u202f"  # CLDR's French group separator: a narrow no-break space


def template() -> Catalog:
    with (LOCALE_DIR / "messages.pot").open("rb") as pot:
        return read_po(pot)


def template_messages():
    return [m for m in template() if m.id]


def english(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


# --- the catalogues ------------------------------------------------------------------------


def test_french_catalogue_translates_every_message_of_the_template():
    assert len(template_messages()) > 100  # the seed vocabulary is there
    assert catalogue_gaps("fr") == []


def make_catalogue(folder: Path, lang: str, strings: dict, *, fuzzy: tuple = ()) -> Path:
    """A catalogue for ``lang`` in ``folder`` beside a copy of the real template."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(LOCALE_DIR / "messages.pot", folder / "messages.pot")
    catalogue = Catalog(locale=lang)
    for msgid, msgstr in strings.items():
        flags = ("fuzzy",) if msgid in fuzzy else ()
        catalogue.add(msgid, msgstr, flags=flags)
    path = folder / lang / "LC_MESSAGES" / "messages.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as po:
        write_po(po, catalogue)
    return path


def french_strings() -> dict:
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale="fr") if m.id}


def test_gaps_name_a_missing_an_empty_and_a_fuzzy_entry(tmp_path):
    strings = french_strings()
    del strings["Reset filters"]
    strings["Filters"] = ""
    make_catalogue(tmp_path, "fr", strings, fuzzy=("Search",))
    gaps = catalogue_gaps("fr", locale_dir=tmp_path)
    assert len(gaps) == 3
    assert any("'Reset filters' is missing" in g for g in gaps)
    assert any("'Filters' has no translation" in g for g in gaps)
    assert any("'Search' is fuzzy" in g and "remove #, fuzzy" in g for g in gaps)


def test_gaps_name_a_placeholder_lost_or_misspelt_in_a_translation(tmp_path):
    strings = french_strings()
    strings["Rows: {names}"] = "Lignes : {noms}"
    key = ("{n} country", "{n} countries")
    strings[key] = ("{n} pays", "{n} de pays", "des pays")
    make_catalogue(tmp_path, "fr", strings)
    gaps = catalogue_gaps("fr", locale_dir=tmp_path)
    assert any("'Rows: {names}'" in g and "['{noms}']" in g for g in gaps), gaps
    assert any("'{n} country'" in g and "'des pays'" in g for g in gaps), gaps
    assert len(gaps) == 2


def test_a_plural_entry_short_of_a_french_form_is_a_gap(tmp_path):
    strings = french_strings()
    strings[("{n} project", "{n} projects")] = ("{n} projet", "{n} projets")  # no "many" form
    make_catalogue(tmp_path, "fr", strings)
    assert [g for g in catalogue_gaps("fr", locale_dir=tmp_path) if "'{n} project'" in g]


def test_template_holds_exactly_the_messages_the_code_marks():
    """A t("…") added to a page without `make messages` fails here, and so does a message
    left in the template after its code is gone."""
    with (ROOT / "babel.cfg").open() as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    marked = {
        msgid if isinstance(msgid, str) else msgid[0]
        for _file, _line, msgid, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=dict(EXTRACT_KEYWORDS)
        )
    }
    assert {english(m) for m in template_messages()} == marked


def test_fuzzy_entries_are_never_shown(tmp_path):
    make_catalogue(tmp_path, "fr", {"Filters": "Filtres", "Search": "Chercher"}, fuzzy=("Search",))
    fr = translator("fr", locale_dir=tmp_path)
    assert fr.t("Filters") == "Filtres"
    assert fr.t("Search") == "Search"


# --- words, plurals, numbers, dates, countries ---------------------------------------------


def test_french_words_of_the_map():
    fr = translator("fr")
    assert fr.t("pilot equipment") == "équipement pilote"
    assert fr.t("European Week of Security") == "Semaine européenne de la sécurité"
    assert fr.t("Brussels Declaration signatories") == "Signataires de la Déclaration de Bruxelles"
    assert fr.t("Reset filters") == "Réinitialiser les filtres"
    assert fr.t("◀ Previous") == "◀ Précédent"


def test_every_activity_layer_and_label_of_the_map_engine_is_in_the_catalogue():
    from geo.maps import elements, styles

    ids = {english(m) for m in template_messages()}
    shown = [
        *styles.ACTIVITY_STYLE,
        *styles.LAYERS.values(),
        *styles.KIND_LABELS.values(),
        *styles.PRECISION_LABELS.values(),
        elements.OFFLINE_BASEMAP,
    ]
    assert [s for s in shown if s not in ids] == []


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (0, "0 lieu sur la carte"),
        (1, "1 lieu sur la carte"),
        (2, "2 lieux sur la carte"),
        (50_000, f"50{NNBSP}000 lieux sur la carte"),
        (1_000_000, f"1{NNBSP}000{NNBSP}000 de lieux sur la carte"),
    ],
)
def test_french_plural_forms_follow_cldr(n, text):
    assert translator("fr").tn("{n} on the map", "{n} on the map", n) == text


def test_english_plural_forms():
    en = translator("en")
    assert en.tn("{n} country", "{n} countries", 1) == "1 country"
    assert en.tn("{n} country", "{n} countries", 2) == "2 countries"
    assert en.tn("{n} of {total} shown", "{n} of {total} shown", 14, total=en.number(1200)) == (
        "14 of 1,200 shown"
    )


def test_placeholders_are_filled_by_name_and_french_typography_kept():
    fr = translator("fr")
    assert fr.t("{label}: {value}", label="Type", value="ville") == "Type\u00a0: ville"
    assert fr.t("Rows: {names}", names="Liège; Namur") == "Lignes\u00a0: Liège; Namur"


def test_a_missing_parameter_is_named_with_the_fix():
    with pytest.raises(I18nError, match=r"needs the parameter 'names', given \['name'\].*names="):
        translator("fr").t("Rows: {names}", name="Liège")


def test_a_template_without_parameters_keeps_its_placeholders_for_the_map_script():
    assert translator("fr").t("… and {n} more here") == "… et encore {n} ici"


def test_a_parameter_cannot_reach_attributes():
    assert i18n.fill("{n.__class__}", {"n": 1}) == "{n.__class__}"
    assert i18n.fill("{value!r} at {share:.0%}", {"value": "x", "share": 0.5}) == "'x' at 50%"


def test_numbers_group_thousands_as_each_language_writes_them():
    assert translator("fr").number(50_000) == f"50{NNBSP}000"
    assert translator("en").number(50_000) == "50,000"
    assert translator("fr").number(1234.5) == f"1{NNBSP}234,5"


@pytest.mark.parametrize(
    ("value", "precision", "fr", "en"),
    [
        ("2022-11-23", "day", "23 novembre 2022", "23 November 2022"),
        ("2022-11-23", "month", "novembre 2022", "November 2022"),
        ("2022-11-23", "year", "2022", "2022"),
        ("2022-11", "day", "novembre 2022", "November 2022"),  # says no day: none shown
        ("2019", "day", "2019", "2019"),
    ],
)
def test_dates_in_words(value, precision, fr, en):
    assert translator("fr").date(value, precision=precision) == fr
    assert translator("en").date(value, precision=precision) == en


def test_a_date_object_is_a_day():
    import datetime as dt

    assert translator("fr").date(dt.date(2022, 11, 23)) == "23 novembre 2022"


@pytest.mark.parametrize("bad", ["2022-02-30", "23/11/2022", "2022-13", ""])
def test_a_date_that_is_no_day_is_refused_with_the_fix(bad):
    with pytest.raises(I18nError, match=rf"date {bad!r} is not a day.*YYYY-MM-DD"):
        translator("fr").date(bad)


def test_a_precision_that_does_not_exist_is_refused():
    with pytest.raises(I18nError, match=r"precision 'week'.*'day', 'month' or 'year'"):
        translator("fr").date("2022", precision="week")


def test_country_names_in_the_language():
    assert translator("fr").country("BE") == "Belgique"
    assert translator("fr").country("de") == "Allemagne"
    assert translator("en").country("BE") == "Belgium"
    with pytest.raises(I18nError, match=r"country code 'Belgium'.*'BE'"):
        translator("fr").country("Belgium")


def test_an_unknown_language_is_refused_with_the_ones_there_are():
    with pytest.raises(I18nError, match=r"language 'de' has no catalogue.*en, fr.*de/LC_MESSAGES"):
        translator("de")


def test_the_switch_names_each_language_in_itself():
    assert [i18n.endonym(lang) for lang in languages()] == ["English", "Français"]


# --- choosing the language -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sources", "chosen"),
    [
        ({"query": "fr", "accept_language": "en-GB,en;q=0.9", "environ": {"LANG": "en_GB"}}, "fr"),
        ({"query": "en", "accept_language": "fr-FR", "environ": {"LANG": "fr_FR.UTF-8"}}, "en"),
        ({"accept_language": "fr-BE,fr;q=0.9,en;q=0.8", "environ": {"LANG": "en_GB"}}, "fr"),
        ({"accept_language": "de-DE,en;q=0.5,fr;q=0.7"}, "fr"),  # by weight, not by order
        ({"accept_language": "fr-FR"}, "fr"),  # st.context.locale gives one tag
        ({"accept_language": "fr;q=0,en"}, "en"),  # q=0: not wanted
        ({"environ": {"LANG": "fr_FR.UTF-8"}}, "fr"),
        ({"environ": {"LANGUAGE": "fr:en", "LANG": "en_GB.UTF-8"}}, "fr"),
        ({"environ": {"LC_ALL": "fr_BE.UTF-8", "LANG": "en_GB.UTF-8"}}, "fr"),
        ({"environ": {"LANGUAGE": "fr", "LC_ALL": "C"}}, "en"),  # C: untranslated, as gettext
        ({"query": "de", "accept_language": "fr"}, "fr"),  # an unsupported choice passes over
        ({"query": "FR"}, "fr"),
        ({"query": "de", "accept_language": "es-ES,it", "environ": {"LANG": "pt_BR"}}, "en"),
        ({}, "en"),
        ({"query": "xx", "accept_language": "fr"}, "xx"),  # the pseudo-locale, for tests
        ({"accept_language": "xx", "environ": {"LANG": "xx"}}, "en"),  # never by accident
    ],
)
def test_negotiation_precedence(sources, chosen):
    assert negotiate(**sources) == chosen


def test_negotiation_default_is_a_keyword():
    assert negotiate(query="de", default="fr") == "fr"


def test_a_catalogue_for_a_region_keeps_its_folder_name():
    supported = ("en", "fr", "pt_BR")
    assert negotiate(accept_language="pt-BR,fr;q=0.5", supported=supported) == "pt_BR"
    assert negotiate(query="pt_br", supported=supported) == "pt_BR"


# --- the pseudo-locale ---------------------------------------------------------------------


def test_pseudo_locale_wraps_every_catalogue_string_and_keeps_its_placeholders():
    xx = translator("xx")
    for message in template_messages():
        sources = message.id if message.pluralizable else (message.id,)
        # A number where the placeholder formats one ({month:02d}, {limit:g}), else text.
        params = {m.group(1): 7 if m.group(3) else "7"
                  for m in PLACEHOLDER.finditer(english(message))}  # fmt: skip
        for source in sources:
            template_text = xx.t(source)
            assert template_text.startswith("⟦") and template_text.endswith("⟧"), template_text
            assert _names(template_text) == _names(source)
            assert not re.search("[A-Za-z]", KEPT.sub("", template_text)), template_text
        filled = (
            [xx.tn(*message.id, n, **params) for n in (1, 2)]
            if message.pluralizable
            else [xx.t(message.id, **params)]
        )
        for text in filled:
            assert outside_catalogue(text) == [] and "{" not in text, text


def _names(text: str) -> list[str]:
    return [m.group(0) for m in PLACEHOLDER.finditer(text)]


def test_pseudo_locale_shows_dates_and_countries_as_translated():
    xx = translator("xx")
    assert outside_catalogue(xx.date("2022-11-23")) == []
    assert outside_catalogue(xx.country("BE")) == []
    assert xx.number(50_000) == "50,000"


def test_text_that_bypassed_the_catalogue_is_named():
    page = f"{pseudo('Filters')} Reset filters {pseudo('{n} of {total} shown')} 14"
    assert outside_catalogue(page) == ["Reset", "filters"]


# --- adding a language is one file ---------------------------------------------------------


def test_adding_a_language_is_adding_one_catalogue_file(tmp_path):
    for lang in languages():
        if lang != "en":
            folder = tmp_path / lang / "LC_MESSAGES"
            folder.mkdir(parents=True)
            shutil.copy(LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po", folder)
    assert languages(tmp_path) == ("en", "fr")
    make_catalogue(
        tmp_path,
        "es",
        {
            "Filters": "Filtros",
            ("{n} project", "{n} projects"): ("{n} proyecto", "{n} de proyectos", "{n} proyectos"),
        },
    )
    supported = languages(tmp_path)
    assert supported == ("en", "es", "fr")
    assert negotiate(accept_language="es-ES,en;q=0.5", supported=supported) == "es"
    es = translator("es", locale_dir=tmp_path)
    assert es.t("Filters") == "Filtros"
    assert es.tn("{n} project", "{n} projects", 1) == "1 proyecto"
    assert es.tn("{n} project", "{n} projects", 2) == "2 proyectos"
    assert es.number(50_000) == "50.000"
    assert es.date("2022-11-23") == "23 de noviembre de 2022"
    assert es.country("BE") == "Bélgica"
    assert "'Reset filters' is missing" in "\n".join(catalogue_gaps("es", locale_dir=tmp_path))


def test_the_command_lines_language_comes_from_the_settings_locale_variables():
    from geo.config import Settings

    french = Settings.from_env({"LANG": "fr_FR.UTF-8", "EFUS_DATA": ""})
    assert i18n.environ_language(french) == "fr"
    assert i18n.environ_language(Settings.from_env({"LC_ALL": "C", "LANGUAGE": "fr"})) == "en"



def test_a_misspelt_countrys_guesses_are_named_in_the_readers_language(tmp_path):
    """`validate --lang fr` on a list with 'Belgiqe': the guesses are French country names
    joined by French 'ou', not the English names the problem was found with."""
    import subprocess
    import sys

    lines = (ROOT / "data" / "partners.csv").read_text(encoding="utf-8").splitlines()[:2]
    lines[1] = lines[1].replace(",FR,", ",Belgiqe,", 1)
    (tmp_path / "list.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = {lang: subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(tmp_path / "list.csv"), "--lang", lang],
        cwd=ROOT, capture_output=True, text=True, timeout=120) for lang in ("fr", "en")}
    fr = said["fr"].stdout + said["fr"].stderr
    en = said["en"].stdout + said["en"].stderr
    assert "Belgique (BE) ou " in fr and "Belgium" not in fr, fr
    assert "Belgium (BE) or " in en, en
