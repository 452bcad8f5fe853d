"""Map images for slides and reports (``geo.maps.image``, ``python -m geo export --png/--pdf``):
drawn by Debian's headless Chromium from the engine's own page, opened here as a reader would
(the PNG's pixels, the PDF's page size and text)."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
from PIL import Image

from geo.cli import main
from geo.maps.image import MapImageError, image_page, map_image
from geo.maps.payload import decode_points
from geo.maps.styles import style_for
from tests.mapdata import payload_of

pypdf = pytest.importorskip("pypdf")
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="no chromium")
TITLE = "PACTESUR <b>in</b> Europe"


@pytest.fixture(scope="module")
def images(tmp_path_factory, root):
    """The public PNG and PDF of tests/data/mini, and the staff PDF, from the command line."""
    folder = tmp_path_factory.mktemp("images")
    mini = str(root / "tests" / "data" / "mini")
    out = {"png": folder / "map.png", "pdf": folder / "map.pdf", "staff": folder / "staff.pdf"}
    assert main(["export", "--data", mini, "--public", "--title", TITLE,
                 "--png", str(out["png"]), "--pdf", str(out["pdf"])]) == 0  # fmt: skip
    assert main(["export", "--data", mini, "--staff", "--title", TITLE,
                 "--pdf", str(out["staff"])]) == 0  # fmt: skip
    return out


def pdf_text(path) -> tuple[list, str]:
    reader = pypdf.PdfReader(path)
    return reader.pages, "\n".join(page.extract_text() for page in reader.pages)


@needs_chromium
def test_the_png_is_a_full_hd_slide_with_the_markers_drawn(images):
    image = Image.open(images["png"]).convert("RGB")
    assert image.size == (1920, 1080)
    data = image.tobytes()
    pixels = Counter(zip(data[0::3], data[1::3], data[2::3], strict=True))
    colours = {style_for(a).colour for a in ("signatory", "partner", "meeting", "conference")}
    drawn = {c for c in colours if pixels[tuple(int(c[i:i + 2], 16) for i in (1, 3, 5))] >= 8}
    assert len(drawn) >= 3, (colours, drawn)  # markers of several activities, not a blank map
    assert len(pixels) > 500  # a drawn map, not a flat page


@needs_chromium
def test_the_pdf_is_one_a4_landscape_page_with_title_legend_attribution_and_date(images):
    pages, text = pdf_text(images["pdf"])
    assert len(pages) == 1
    width, height = float(pages[0].mediabox.width), float(pages[0].mediabox.height)
    assert abs(width - 841.9) < 2 and abs(height - 595.3) < 2  # A4 landscape, in points
    assert TITLE in text  # the title as text, never as markup
    assert "Activity" in text and "Signatory" in text  # the legend, open
    assert "Natural Earth" in text and "GeoNames" in text  # the attribution
    assert "Efus · " in text and "km" in text  # the date and the scale


@needs_chromium
def test_a_public_image_shows_public_rows_only(images):
    _, public = pdf_text(images["pdf"])
    _, staff = pdf_text(images["staff"])
    # tests/data/mini has 14 rows, one of them not public (a staff draft).
    assert "13 on the map" in public and "14 on the map" in staff


def test_the_page_an_image_draws_holds_public_fields_and_city_centres_only(root):
    from geo.commands.export import map_rows
    from geo.places.geocoder import city_centre

    frame, _ = map_rows(root / "tests" / "data" / "mini", audience="public", settings=None)
    page, _ = image_page(frame, kind="pdf", audience="public", title=TITLE, caption="Efus",
                         city_centre=city_centre)  # fmt: skip
    points = decode_points(payload_of(page))
    assert len(points) == 13 and "Internal draft row" not in {p["name"] for p in points}
    assert not any("notes" in p for p in points)
    # The steel cables (a sensitive site) are drawn at Nice's centre, not on the Promenade.
    assert (43.6911, 7.2475) not in {(round(p["lat"], 4), round(p["lon"], 4)) for p in points}


def test_without_chromium_the_error_says_what_to_install(tmp_path, monkeypatch, root, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(MapImageError, match="apt-get install -y chromium") as caught:
        map_image(__import__("pandas").DataFrame({"name": [], "lat": [], "lon": []}),
                  tmp_path / "x.png", kind="png", audience="public", title="x")  # fmt: skip
    assert caught.value.code == "image_browser_missing"
    mini = str(root / "tests" / "data" / "mini")
    assert main(["export", "--data", mini, "--png", str(tmp_path / "x.png")]) == 1
    assert "no headless Chromium" in capsys.readouterr().err


def test_an_image_kind_that_does_not_exist_is_refused():
    with pytest.raises(MapImageError, match="'gif' is not one of png, pdf") as caught:
        map_image(None, "x.gif", kind="gif", audience="public", title="x")  # type: ignore[arg-type]
    assert caught.value.code == "image_kind_unknown"


def test_the_command_line_needs_something_to_write(capsys):
    assert main(["export", "--public"]) == 2
    assert "-o OUT.html, --png OUT.png and/or --pdf OUT.pdf" in capsys.readouterr().err
