"""Issue 14's *Done when*, tried as a French-speaking staff member would, in Debian's headless
Chromium against `streamlit run`: with ``?lang=fr``, log in, upload a list saved by French
Excel, read the report, apply its fix, save, publish the public maps, open the presentation
and download the PNG of the map.

At each step the page's visible text (every frame: the maps draw in their own) is read, and
any word of the interface's English that French never uses fails the test, unless it is data
(the list uploaded, the seed dataset), a brand, or one of Streamlit's own strings that no
catalogue reaches (``STREAMLIT_WORDS``, each with why). "The interface's English" is every
word of the catalogue's English texts (``messages.pot``) that no French translation uses: a
string that bypassed the catalogue, or whose French entry is missing, shows such words.
Every request that would leave 127.0.0.1 is refused and must not happen.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PIL import Image

from geo.i18n import KEPT, LOCALE_DIR, SUPPORTED, endonym
from geo.staff.auth import hash_password
from tests.conftest import new_offline_page, streamlit_server, wait_map_still, wait_page_idle

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium")]  # fmt: skip

MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself
PASSWORD = "un mot de passe assez long"
STEP_MS = 60_000  # one rerun of the page, generous for a loaded 2-core machine
LIST = "liste-lieux.csv"
# As French Excel saves a list: cp1252, ";" and decimal commas, French headers. Row 3 has its
# latitude and longitude swapped (Nice would be in Ethiopia): the report offers the swap.
ROWS = (
    "Nom;Type;Pays;Ville;Projet;Activité;Début;Latitude;Longitude;Description;Source\r\n"
    "Ville de Lyon;city;France;Lyon;PACTESUR;partner;2020;45,7640;4,8357;"
    "Ville partenaire.;https://efus.eu/fr/\r\n"
    "Ville de Nice;city;France;Nice;PACTESUR;partner;2022;7,2620;43,7034;;https://efus.eu/fr/\r\n"
    "Ville de Liège;city;Belgique;Liège;PACTESUR;partner;2021;50,6326;5,5797;;"
    "https://efus.eu/fr/\r\n"
)
BRANDS = {"Efus", "PACTESUR", "Leaflet", "OpenStreetMap", "GeoNames", "CLDR", "Unicode",
          "Natural", "Earth", "Streamlit", "GeoJSON"}  # fmt: skip
# Streamlit's own words, which its components draw and no catalogue reaches (Streamlit 1.x has
# no interface language): keep this short; each one is here for a reason.
STREAMLIT_WORDS = {
    "Upload", "MB", "per", "file",  # the file uploader's button and its "10MB per file"
    "add", "icon",  # the uploader's "+" (another file), whose hidden text is "add icon"
    "Skip", "to", "main", "content",  # its keyboard link, hidden until focused (stSkipToContent)
}  # fmt: skip


@cache
def english_only() -> frozenset[str]:
    """The words of the interface's English texts that no French translation uses."""
    def words(texts) -> set[str]:
        return {w.casefold() for t in texts for w in re.findall(r"[A-Za-z]{2,}", KEPT.sub(" ", t))}

    with (LOCALE_DIR / "messages.pot").open("rb") as f:
        english = [m.id for m in read_po(f) if m.id]
    with (LOCALE_DIR / "fr" / "LC_MESSAGES" / "messages.po").open("rb") as f:
        french = [m.string for m in read_po(f) if m.id]
    flat = lambda texts: [s for t in texts for s in (t if isinstance(t, (tuple, list)) else (t,))]  # noqa: E731
    return frozenset(words(flat(english)) - words(flat(french)))


def data_words(root: Path) -> set[str]:
    """Words written by staff in the seed dataset and the list uploaded: data, shown as is."""
    seed = (root / "tests" / "data" / "mini").glob("*.csv")
    text = ROWS + "".join(p.read_text(encoding="utf-8") for p in seed)
    return {w.casefold() for w in re.findall(r"[A-Za-z]{2,}", text)}


# innerText, but neither code to copy (the embed code's HTML: <iframe src=… title=…>) nor the
# names of Material icons (Streamlit draws ":material/swap_horiz:" and its uploader's "+" in a
# Material Symbols font, as the ligature texts "swap_horiz", "add"): a glyph, not a word.
# They are hidden for the time of the read, in the same task, so nothing is drawn without them.
TEXT_JS = """() => {
    if (!document.body) { return ""; }
    const icons = [...document.body.querySelectorAll("*")].filter(
        e => e.matches("pre, code") || getComputedStyle(e).fontFamily.includes("Material"));
    const shown = icons.map(icon => icon.style.display);
    icons.forEach(icon => { icon.style.display = "none"; });
    const text = document.body.innerText;
    icons.forEach((icon, i) => { icon.style.display = shown[i]; });
    return text;
}"""


def visible_text(page) -> str:
    """What a person reads on the page: the text of every frame, maps included."""
    return "\n".join(frame.evaluate(TEXT_JS) for frame in page.frames)


def english_left(page, root: Path, folder: Path) -> list[str]:
    # The language switch names each language in itself: English is "English". The folder
    # the maps are published into is the deployment's, shown as it is.
    languages = {endonym(lang) for lang in SUPPORTED} | set(re.findall(r"[A-Za-z]+", str(folder)))
    allowed = data_words(root) | {w.casefold() for w in BRANDS | STREAMLIT_WORDS | languages}
    words = re.findall(r"[A-Za-z]{2,}", visible_text(page))
    return sorted({w for w in words if w.casefold() in english_only() - allowed})


def drawn_map(page) -> None:
    """The map has drawn its points and basemap, and stopped moving."""
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("[data-efus-drawn][data-efus-basemap]").wait_for(state="attached",
                                                                    timeout=STEP_MS)  # fmt: skip
    wait_map_still(page.locator(MAP_FRAME).first.element_handle().content_frame())


@pytest.fixture
def deployment(root, tmp_path):
    """A store on the small seed, a staff password, and a folder to publish into."""
    secrets = tmp_path / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password(PASSWORD)}"\n', "utf-8")
    env = {"EFUS_DATA": str(root / "tests" / "data" / "mini"),
           "EFUS_DATA_DIR": str(tmp_path / "store"),
           "EFUS_PUBLISH_DIR": str(tmp_path / "site")}  # fmt: skip
    return {"env": env, "log": tmp_path / "server.log", "args": ("--secrets.files", str(secrets))}


def step(page, name: str, root: Path, artifacts: Path, folder: Path) -> None:
    """The page has settled: keep its picture and fail on any English left on it."""
    wait_page_idle(page)
    page.screenshot(path=artifacts / f"french-{name}.png")
    left = english_left(page, root, folder)
    text = visible_text(page)
    lines = [line for line in text.splitlines() if any(w in line for w in left)]
    assert left == [], f"{name}: English on the page, in {lines}"
    # Streamlit names a heading's anchor link "Link to heading" for screen readers, in English:
    # no heading of ours offers one to a screen reader (hidden elements are not in the count).
    assert page.get_by_role("link", name="Link to heading").count() == 0, name


def test_a_french_staff_member_uploads_fixes_saves_publishes_presents_and_exports(
    browser, deployment, root, tmp_path, artifacts
):
    listing = tmp_path / LIST
    listing.write_bytes(ROWS.encode("cp1252"))
    page = new_offline_page(browser, viewport={"width": 1440, "height": 900}, locale="fr-FR")
    with streamlit_server(**deployment) as url:
        page.goto(url + "intake?lang=fr")
        page.get_by_role("heading", name="Connexion de l’équipe").wait_for(timeout=STEP_MS)
        step(page, "1-login", root, artifacts, tmp_path)
        page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Connexion de l’équipe").click()
        page.get_by_role("heading", name="Import de données").wait_for(timeout=STEP_MS)
        step(page, "2-intake", root, artifacts, tmp_path)

        page.locator("input[type=file]").set_input_files(listing)
        fix = page.get_by_role("button", name=re.compile(r"^Ligne 3\s:\sinverser lat et lon"))
        page.get_by_role("region", name="Rapport de vérification").wait_for(timeout=STEP_MS)
        fix.wait_for(timeout=STEP_MS)
        step(page, "3-report", root, artifacts, tmp_path)
        fix.click()
        page.get_by_text("Chacune des 3 lignes a une position.").wait_for(timeout=STEP_MS)
        step(page, "4-fixed", root, artifacts, tmp_path)
        save = re.compile("Enregistrer dans les données de travail")
        page.get_by_role("button", name=save).click()
        page.get_by_text(re.compile(f"{LIST} enregistré, révision")).wait_for(timeout=STEP_MS)
        step(page, "5-saved", root, artifacts, tmp_path)

        page.get_by_role("link", name="Carte", exact=True).click()
        page.get_by_role("tab", name="Partager et télécharger").click()
        drawn_map(page)
        publish = page.get_by_role("button", name="Publier les cartes publiques")
        publish.wait_for(timeout=STEP_MS)
        wait_page_idle(page)
        publish.click()
        page.get_by_text(re.compile(r"cartes? publiées? dans")).wait_for(timeout=180_000)
        step(page, "6-published", root, artifacts, tmp_path)
        assert list((tmp_path / "site").glob("maps/*/*/fr.html"))

        png = page.get_by_role("button", name="Image de la carte (PNG, 1920×1080)")
        png.wait_for(timeout=STEP_MS)
        wait_page_idle(page)
        with page.expect_download(timeout=180_000) as download:
            png.click()
        download.value.save_as(tmp_path / "carte.png")
        step(page, "7-downloaded", root, artifacts, tmp_path)

        page.goto(url + "?present=1&lang=fr")
        page.get_by_role("status").filter(has_text="1 sur ").wait_for(timeout=2 * STEP_MS)
        drawn_map(page)  # its legend, layers, credits and place names are read too
        step(page, "8-presentation", root, artifacts, tmp_path)
    assert page.log.external == [], f"requests left the machine: {page.log.external}"
    page.context.close()
    image = Image.open(tmp_path / "carte.png")
    assert image.format == "PNG" and image.size == (1920, 1080)
