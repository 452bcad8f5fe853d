"""Map images in the reader's language (issue 14): a PDF exported under the pseudo-locale
``xx`` (``python -m geo export --pdf --lang xx``) and read back with pypdf has no word outside
the catalogue but data — the basemap's place names (GeoNames, in the map's language when the
labels file has it: under ``xx`` their English) and the brands Efus and Leaflet; the French PDF
says its words, its date and the basemap's names in French."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest

from geo.i18n import outside_catalogue

pypdf = pytest.importorskip("pypdf")
pytestmark = pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium")
BRANDS = {"Efus", "Leaflet"}


def export_pdf(root, out, lang: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "geo", "export", "--public", "--lang", lang, "--pdf", str(out)],
        cwd=root, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(out)
    # NFKC: the PDF's ligatures ("ﬂ" in Leaﬂet) back to letters.
    return unicodedata.normalize("NFKC", "\n".join(p.extract_text() for p in reader.pages))


def basemap_names(root) -> list[str]:
    labels = json.loads((root / "geo/maps/assets/basemap/labels.json").read_text("utf-8"))
    names = set()
    for table in (labels["countries"], labels["cities"]):
        columns = table["columns"]
        for row in table["rows"]:
            names |= {str(row[columns.index(c)]) for c in ("en", "fr", "name") if c in columns}
    return sorted((n for n in names if n and n != "None"), key=len, reverse=True)


def test_the_pdf_under_the_pseudo_locale_has_no_word_outside_the_catalogue(root, tmp_path):
    text = export_pdf(root, tmp_path / "map.pdf", "xx")
    assert "⟦" in text and "Efus · ⟦" in text  # the stamp's date went through the catalogue
    names = basemap_names(root)
    for name in names:  # data: the basemap's names (drawn with a halo: several times over)
        text = text.replace(name, " ")
    # A name cut by the page's edge is not in the list: its halo's copies run together
    # ("Rostov-oRostov-o"): one copy of each such run is kept, and read as a name's start.
    text = " ".join(_once(token) for token in text.split())
    name_words = {w for n in names for w in re.findall(r"[A-Za-z]{2,}", n)}
    left = [w for w in outside_catalogue(text) if w not in BRANDS
            and not any(n.startswith(w) for n in name_words)]  # fmt: skip
    assert left == []


def _once(token: str) -> str:
    repeated = re.fullmatch(r"(.+?)\1+", token)
    return repeated.group(1) if repeated else token


def test_the_french_pdf_speaks_french(root, tmp_path):
    text = export_pdf(root, tmp_path / "carte.pdf", "fr")
    assert "Où l’Efus agit" in text  # the default title
    assert "Activité" in text and "Bruxelles" in text  # the legend and the basemap, in French
    assert re.search(r"Efus · \d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|"
                     r"septembre|octobre|novembre|décembre) \d{4}", text)  # fmt: skip
    assert "Where Efus works" not in text and "Activity" not in text
