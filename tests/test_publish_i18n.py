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
