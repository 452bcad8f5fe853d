"""The published site in the reader's language (issue 14): one front page per language
(``index.html``, ``fr.html``) whose embed codes keep that language, stable addresses that send
each language to its page, and under the pseudo-locale ``xx`` no word on any page outside the
catalogue but the data's own values and brands."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from geo.i18n import DEFAULT, PSEUDO, endonym, outside_catalogue
from geo.maps.publish import LANGS, publish_site
from tests.mapdata import city_centre, frame

BRANDS = {"Efus", "GeoJSON", "Leaflet", "OpenStreetMap"}
SKIPPED = {"script", "style", "code"}  # code: the embed code and version, read apart below
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}


class VisibleText(HTMLParser):
    """What a reader sees or hears of a page: its text and labelling attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.codes: list[str] = []
        self._inside: list[str] = []

    def handle_starttag(self, tag, attrs):
        self._inside.append(tag)
        self.parts += [v or "" for k, v in attrs if k in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in self._inside:
            del self._inside[len(self._inside) - 1 - self._inside[::-1].index(tag):]

    def handle_data(self, data):
        if "code" in self._inside:
            self.codes.append(data)
        elif not SKIPPED.intersection(self._inside):
            self.parts.append(data)


def read(page: str) -> VisibleText:
    parser = VisibleText()
    parser.feed(page)
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("site")
    publish_site(frame(), root, city_centre=city_centre, langs=(DEFAULT, PSEUDO))
    return root


def data_words() -> set[str]:
    cells = " ".join(str(cell) for cell in frame().to_numpy().ravel())
    return set(re.findall(r"[A-Za-z]{2,}", cells))


def test_every_page_under_the_pseudo_locale_says_nothing_outside_the_catalogue(site):
    pages = sorted(site.rglob(f"{PSEUDO}.html"))
    # the front, and per map its stable address and its version's page
    assert (site / f"{PSEUDO}.html") in pages and len(pages) >= 3
    # The links to the other languages name each in itself ("English"): on purpose.
    allowed = data_words() | BRANDS | {endonym(lang) for lang in LANGS}
    for path in pages:
        text = read(path.read_text(encoding="utf-8"))
        said = " ".join(text.parts)
        assert "⟦" in said, path
        left = [w for w in outside_catalogue(said) if w not in allowed]
        assert left == [], (path.relative_to(site), left)


def test_the_front_page_embed_codes_keep_its_language(site):
    front = read((site / f"{PSEUDO}.html").read_text(encoding="utf-8"))
    codes = [html.unescape(c) for c in front.codes if "<iframe" in html.unescape(c)]
    assert codes
    for code in codes:
        src = re.search(r'<iframe src="([^"]+)"', code)
        assert src and src.group(1).endswith(f"/{PSEUDO}.html"), code
        caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", code)
        title = re.search(r'<iframe [^>]*title="([^"]*)"', code)
        assert caption and title
        for words in (caption.group(1), title.group(1)):
            assert [w for w in outside_catalogue(words) if w not in data_words()] == [], code
    english = read((site / "index.html").read_text(encoding="utf-8"))
    assert all(f"/{PSEUDO}.html" not in c for c in english.codes)


def test_the_stable_address_sends_each_language_to_its_page(site):
    for redirect in site.glob("maps/*/index.html"):
        folder = redirect.parent
        own = (folder / f"{PSEUDO}.html").read_text(encoding="utf-8")
        target = re.search(r'url=([0-9a-f]{12}/[^"]*)"', own)
        assert target and target.group(1).endswith(f"/{PSEUDO}.html"), own
        assert (folder / target.group(1)).is_file()
        assert f'<html lang="{PSEUDO}">' in own
        english = redirect.read_text(encoding="utf-8")
        assert re.search(r'url=[0-9a-f]{12}/"', english) and '<html lang="en">' in english


def test_the_french_front_page_is_french(tmp_path):
    publish_site(frame(), tmp_path, city_centre=city_centre)
    assert LANGS == ("en", "fr")
    front = (tmp_path / "fr.html").read_text(encoding="utf-8")
    assert '<html lang="fr">' in front and "<h1>Cartes publiques de l’Efus</h1>" in front
    assert "Ouvrir cette version" in front and "Code d’intégration" in front
    assert re.search(r"Version <code[^>]*>[0-9a-f]{12}</code>, \d+ lieux\.", front)
    assert '<a href="index.html" hreflang="en" lang="en">English</a>' in front
    english = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert '<a href="fr.html" hreflang="fr" lang="fr">Français</a>' in english


# --- a language is one catalogue file --------------------------------------------------------

SPANISH = {"Efus public maps": "Mapas públicos de Efus", "Embed code": "Código de inserción",
           "Language": "Idioma"}  # fmt: skip


@pytest.fixture(scope="module")
def with_spanish(tmp_path_factory) -> dict[str, str]:
    """The environment of a deployment whose catalogues are ours plus a small Spanish one
    (``EFUS_LOCALE_DIR``): the package is left as it is."""
    import os
    import shutil

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    from geo.i18n import LOCALE_DIR

    locale_dir = tmp_path_factory.mktemp("locale") / "locale"
    shutil.copytree(LOCALE_DIR, locale_dir)
    catalogue = Catalog(locale="es", domain="messages")
    for msgid, text in SPANISH.items():
        catalogue.add(msgid, text)
    (locale_dir / "es" / "LC_MESSAGES").mkdir(parents=True)
    with (locale_dir / "es" / "LC_MESSAGES" / "messages.po").open("wb") as po:
        write_po(po, catalogue)
    return {**os.environ, "EFUS_LOCALE_DIR": str(locale_dir)}


def run_geo(*args: str, env: dict[str, str]):
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=root, env=env, text=True,
                          capture_output=True, timeout=600)  # fmt: skip


def test_a_new_catalogue_is_published_listed_and_offered_by_the_command_line(
    with_spanish, tmp_path
):
    done = run_geo("publish", str(tmp_path / "site"), "--lang", "es", env=with_spanish)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    front = (site / "es.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in front and "<h1>Mapas públicos de Efus</h1>" in front
    assert "Código de inserción" in front and "lang=es" in front
    for lang in ("index", "fr"):  # every other front lists it, named in Spanish
        other = (site / f"{lang}.html").read_text(encoding="utf-8")
        assert '<a href="es.html" hreflang="es" lang="es">Español</a>' in other
    versions = [p.parent for p in site.glob("maps/*/*/data.geojson")]
    assert versions and all((v / "es.html").is_file() for v in versions)
    page = (versions[0] / "es.html").read_text(encoding="utf-8")
    assert '<html lang="es">' in page and '"lang":"es"' in page
    helped = run_geo("validate", "--help", env=with_spanish)
    assert "(en, es, fr)" in helped.stdout


def test_a_new_catalogue_is_in_the_dashboards_language_switch(with_spanish):
    """The switch of the pages (geo.ui.language_switch), run as Streamlit runs it."""
    import subprocess
    import sys

    script = (
        "from streamlit.testing.v1 import AppTest\n"
        "at = AppTest.from_file('app_pages/login.py', default_timeout=120)\n"
        "at.query_params['lang'] = 'es'\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "switch = at.segmented_control[0]\n"
        "print(switch.label, '|', ', '.join(switch.options), '|', switch.value)\n"
    )
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", script], cwd=root, env=with_spanish,
                          text=True, capture_output=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "Idioma | English, Español, Français | es"
