"""``python -m geo publish``: the public maps as a static site, read back as a visitor gets
them: versioned pages that load their data file, stable addresses, the index's embed codes,
the .gz and .br copies, and no staff field or exact sensitive position in any file."""

from __future__ import annotations

import dataclasses
import gzip
import html
import json
import math
import re
import shutil
from pathlib import Path

import brotli
import pytest

from geo.cli import main
from geo.config import Settings
from geo.dashboard.share import publish_store, published_embed, save_view
from geo.data.dataset import DATA_DIR, load_dataset
from geo.data.views import SavedViews, ViewError
from geo.maps.elements import MapError
from geo.maps.publish import (
    MapView,
    embed_code,
    embed_url,
    publish_site,
    saved_map_view,
    saved_views,
)
from geo.selection import Selection
from tests.mapdata import HOSTILE, SECRET_NOTE, city_centre, frame

VERSION = re.compile(r"maps/([a-z0-9-]+)/([0-9a-f]{12})/index\.html$")


def site_files(root: Path) -> dict[str, str]:
    """Every file of the site as text, relative path → text (a .gz or .br twin unpacked)."""
    unpack = {".gz": gzip.decompress, ".br": brotli.decompress}
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        if path.suffix == ".png":  # Leaflet's own images, in the shared assets only
            assert path.relative_to(root).parts[0] == "assets", path
            continue
        data = path.read_bytes()
        data = unpack.get(path.suffix, bytes)(data)
        files[path.relative_to(root).as_posix()] = data.decode("utf-8")
    return files


def test_publish_writes_each_view_as_a_versioned_page_and_data_with_a_stable_address(tmp_path):
    published = publish_site(frame(), tmp_path, city_centre=city_centre)

    assert [p.view.slug for p in published][0] == "network"
    assert {p.view.title for p in published} >= {
        "Where Efus works", "PACTESUR", "Signatories of the Brussels Declaration"}  # fmt: skip
    for p in published:
        page = (tmp_path / p.page).read_text(encoding="utf-8")
        features = json.loads((tmp_path / p.data).read_text(encoding="utf-8"))["features"]
        assert len(features) == p.shown
        # The page carries no point: it loads the file "download the data" offers.
        assert "EfusMap.addPoints" not in page and '"data":"data.geojson"' in page
        assert all(f["properties"]["name"] not in page for f in features)
        assert (tmp_path / p.page_in("fr")).read_text(encoding="utf-8").startswith(
            '<!DOCTYPE html>\n<html lang="fr">')
        stable = (tmp_path / p.latest / "index.html").read_text(encoding="utf-8")
        assert f'content="0; url={p.version}/"' in stable
        assert f'<link rel="canonical" href="{p.version}/">' in stable
        latest = json.loads((tmp_path / p.latest / "latest.json").read_text(encoding="utf-8"))
        assert (tmp_path / p.latest / latest["data"]).samefile(tmp_path / p.data)
    brussels = next(p for p in published if p.view.slug == "brussels-declaration")
    assert brussels.shown == 1  # Turin's signature only
    assert brussels.view.title_in("fr") == "Signataires de la Déclaration de Bruxelles"


def test_the_published_page_is_a_proper_document(tmp_path):
    (network, *_) = publish_site(frame(), tmp_path, city_centre=city_centre)
    page = (tmp_path / network.page).read_text(encoding="utf-8")
    assert page.startswith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
                           "<title>Where Efus works</title>")  # fmt: skip
    assert page.count("charset") == 1
    assert "user-scalable" not in page and "maximum-scale" not in page
    # Nothing loaded from outside (Leaflet's attribution is a link, not a load).
    assert not re.search(r"""<(script|link|img|iframe)\b[^>]*(src|href)=["']?(https?:)?//""", page)


def test_same_data_gives_the_same_version_and_a_change_a_new_folder_beside_it(tmp_path):
    first = publish_site(frame(), tmp_path, city_centre=city_centre)
    written = {p.page: (tmp_path / p.page).stat().st_mtime_ns for p in first}
    again = publish_site(frame(), tmp_path, city_centre=city_centre)
    assert [p.version for p in again] == [p.version for p in first]
    assert {p.page: (tmp_path / p.page).stat().st_mtime_ns for p in again} == written

    changed = frame()
    changed.loc[changed["id"] == "nice", "name"] = "Ville de Nice (Côte d'Azur)"
    (network, *_) = publish_site(changed, tmp_path, city_centre=city_centre)
    assert network.version != first[0].version
    versions = sorted(d.name for d in (tmp_path / "maps/network").iterdir() if d.is_dir())
    assert versions == sorted([network.version, first[0].version])
    old = (tmp_path / first[0].page).read_text(encoding="utf-8")
    assert "Côte d" not in old  # the old embed still shows what it showed
    stable = (tmp_path / "maps/network/index.html").read_text(encoding="utf-8")
    assert f"url={network.version}/" in stable


def test_every_text_file_has_identical_gz_and_br_copies(tmp_path):
    publish_site(frame(), tmp_path, city_centre=city_centre)
    texts = [p for p in tmp_path.rglob("*")
             if p.suffix in (".html", ".json", ".geojson", ".js", ".css")]  # fmt: skip
    assert len(texts) > 20
    for path in texts:
        gz, br = (path.with_name(path.name + suffix) for suffix in (".gz", ".br"))
        assert gzip.decompress(gz.read_bytes()) == path.read_bytes(), path
        assert brotli.decompress(br.read_bytes()) == path.read_bytes(), path


def test_the_index_lists_each_map_with_its_version_and_an_escaped_titled_embed_code(tmp_path):
    views = [MapView(slug="hostile", title=f"Map {HOSTILE}", description=f"About {HOSTILE}",
                     selection=Selection())]  # fmt: skip
    (p,) = publish_site(frame(), tmp_path, views=views, city_centre=city_centre,
                        base_url="https://efus.eu/maps-static/")  # fmt: skip
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert HOSTILE not in index  # as text only, escaped
    assert f'<code class="efus-version">{p.version}</code>' in index
    shown = re.search(r'<code class="efus-embed" id="embed-hostile">(.*?)</code>', index, re.S)
    assert shown and html.unescape(shown[1]) == embed_code(
        p, base_url="https://efus.eu/maps-static/")
    code = html.unescape(shown[1])
    assert f'src="https://efus.eu/maps-static/maps/hostile/{p.version}/"' in code
    assert f'title="Map {html.escape(HOSTILE)}"' in code
    assert 'aria-describedby="efus-map-hostile-description"' in code
    assert f'<figcaption id="efus-map-hostile-description">About {html.escape(HOSTILE)}' in code


def test_saved_views_are_the_network_and_each_project():
    views = saved_views(frame())
    assert [(v.slug, v.selection.projects) for v in views] == [
        ("network", ()), ("img-src-x-onerror-alert-1", (HOSTILE,)),
        ("brussels-declaration", ("Brussels Declaration",)),
        ("pactesur", ("PACTESUR",))]  # fmt: skip


def test_a_project_of_private_rows_only_is_not_published(tmp_path):
    rows = frame()
    rows.loc[rows["id"] == "private", "project"] = "Secret Project Zeta"
    published = publish_site(rows, tmp_path, city_centre=city_centre)
    assert "Secret Project Zeta" not in {p.view.title for p in published}
    assert not any("zeta" in p.name for p in (tmp_path / "maps").iterdir())
    assert "Secret Project Zeta" not in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_no_published_file_holds_a_staff_field_or_an_exact_sensitive_position(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    header = (DATA_DIR / "sites.csv").read_text(encoding="utf-8").splitlines()[0]
    (data / "private.csv").write_text(
        f"{header}\n"
        "priv-meeting,Closed board meeting Zeta,event,FR,Lyon,PACTESUR,meeting,2021-05-04,,"
        f"45.7601,4.8301,site,no,no,Internal.,{SECRET_NOTE},https://efus.eu/\n"
        "priv-bollard,Retractable bollards Zeta,site,FR,Lyon,PACTESUR,pilot equipment,2021,,"
        "45.76789,4.83456,site,yes,yes,Bollards.,code 4711 at the gate,https://efus.eu/\n",
        encoding="utf-8",
    )
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(data)]) == 0

    rows = load_dataset(data)
    notes = {n for n in rows["notes"] if n.strip()}
    hidden = set(rows.loc[~rows["public"].astype(bool), "name"])
    exact = {(round(la, 4), round(lo, 4)) for la, lo in
             rows.loc[rows["sensitive"].astype(bool), ["lat", "lon"]].itertuples(index=False)
             if math.isfinite(la)}  # fmt: skip
    assert len(notes) >= 3 and hidden == {"Closed board meeting Zeta"} and len(exact) >= 3

    files = site_files(out)
    assert len(files) > 20
    drawn, data_files = set(), 0
    for name, text in files.items():
        assert not any(note in text or html.escape(note) in text for note in notes), name
        assert not any(n in text for n in hidden), name
        if VERSION.search(name.removesuffix(".gz").removesuffix(".br")):
            assert "EfusMap.addPoints" not in text  # no point in a page: they are in its data
            assert "Retractable bollards" not in text
        if name.startswith("maps/") and name.endswith((".geojson", ".geojson.gz", ".geojson.br")):
            data_files += 1
            for feature in json.loads(text)["features"]:
                assert "notes" not in feature["properties"]
                assert "public" not in feature["properties"]
                lon, lat = feature["geometry"]["coordinates"]
                drawn.add((round(lat, 4), round(lon, 4)))
    assert data_files >= 3 * 6  # each view's data file and its .gz and .br twins
    assert drawn and not drawn & exact
    # The sensitive site is published, at its city's centre.
    network = json.loads(files[versioned_data(out, "network")])["features"]
    bollards = [f for f in network if f["properties"]["name"] == "Retractable bollards Zeta"]
    assert [f["properties"]["precision"] for f in bollards] == ["city"]


def versioned_data(root: Path, slug: str) -> str:
    latest = json.loads((root / "maps" / slug / "latest.json").read_text(encoding="utf-8"))
    return f"maps/{slug}/{latest['data']}"


def test_publish_of_a_bad_list_names_the_row_and_writes_nothing(tmp_path, capsys):
    bad = tmp_path / "list.csv"
    bad.write_text("name,country,lat,lon\nMairie,FR,943.7,4.83\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["publish", str(out), "--data", str(bad)]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2:lat:" in err and "943.7" in err
    assert not out.exists()


def test_publish_into_a_file_says_it_cannot_write_there(tmp_path, capsys):
    taken = tmp_path / "site"
    taken.write_text("not a folder", encoding="utf-8")
    assert main(["publish", str(taken), "--data", str(DATA_DIR / "signatories.csv")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {taken}/assets/") and "cannot be written" in err


def test_the_embed_address_carries_the_editors_options_and_refuses_unknown_ones(tmp_path):
    (network, *_) = publish_site(frame(), tmp_path, city_centre=city_centre)
    url = embed_url(network, base_url="https://efus.eu/m/", lang="fr",
                    options={"view": "45.07,7.68,9", "layers": "cities,events",
                             "legend": "folded"})  # fmt: skip
    assert url == (f"https://efus.eu/m/{network.folder}/fr.html"
                   "?view=45.07,7.68,9&layers=cities,events&legend=folded")  # fmt: skip
    with pytest.raises(MapError, match="'zoom' is not one of view, wheel"):
        embed_url(network, options={"zoom": "4"})
    code = embed_code(network, lang="fr")
    assert 'title="Où l’Efus agit"' in code and f'src="/{network.folder}/fr.html"' in code
    assert 'height="560"' in code  # without script on the host page
    assert '"efus:height"' in code and "f.contentWindow===e.source" in code


def test_a_saved_view_keeps_each_revision_with_its_author_and_is_published_by_name(tmp_path):
    book = SavedViews.of(tmp_path / "store")
    book.save(name="Pilot equipment", query={"activity": "pilot equipment"}, author="ana")
    book.save(name=" Pilot  equipment ", query={"country": "BE"}, author="bo")
    (latest,) = book.latest()
    assert (latest.slug, latest.name, latest.author, latest.revision) == (
        "view-pilot-equipment", "Pilot equipment", "bo", 2)  # fmt: skip
    assert [v.author for v in book.history(latest.slug)] == ["bo", "ana"]
    with pytest.raises(ViewError, match="is empty or longer than 80") as caught:
        book.save(name="   ", query={}, author="ana")
    assert caught.value.code == "view_name_invalid"

    book.save(name="Pilot equipment", query={"activity": "pilot equipment"}, author="ana")
    views = [saved_map_view(v) for v in book.latest()]
    published = publish_site(frame(), tmp_path / "site", city_centre=city_centre,
                             extra_views=views)  # fmt: skip
    saved = published[-1]
    assert (saved.view.slug, saved.shown) == ("view-pilot-equipment", 1)  # Liège: no centre
    features = json.loads((tmp_path / "site" / saved.data).read_text(encoding="utf-8"))
    assert {f["properties"]["precision"] for f in features["features"]} == {"city"}
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="view-pilot-equipment"' in index


def test_publish_store_writes_the_stores_public_view_and_the_saved_views(
    tmp_path, root, monkeypatch
):
    monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / "store"))
    monkeypatch.setenv("EFUS_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("EFUS_PUBLISH_DIR", str(tmp_path / "site"))
    monkeypatch.setenv("EFUS_PUBLIC_BASE_URL", "https://efus.eu/maps-static/")
    config = Settings.from_env()
    save_view(config, name="Belgium", selection=Selection(countries=("BE",)), author="ana")
    # The command line and the staff page's Publish run the same code.
    assert main(["publish", str(tmp_path / "cli"), "--store"]) == 0
    published = publish_store(config)
    assert site_files(tmp_path / "cli").keys() == site_files(tmp_path / "site").keys()
    slugs = [p.view.slug for p in published]
    assert slugs[0] == "network" and "view-belgium" in slugs
    files = site_files(tmp_path / "site")
    assert not any("do not publish" in text or "Internal draft" in text for text in files.values())
    shared = published_embed(Selection(countries=("BE",)), settings=config, title="Belgium")
    belgium = next(p for p in published if p.view.slug == "view-belgium")
    assert shared and shared.version == belgium.version
    assert f'src="https://efus.eu/maps-static/{belgium.folder}/"' in shared.code
    assert published_embed(Selection(countries=("FR",)), settings=config, title="x") is None
    unaddressed = dataclasses.replace(config, public_base_url="")
    assert published_embed(Selection(), settings=unaddressed, title="x") is None
