"""Public maps as a static site that any web server or CDN serves as plain files.

Each saved view (the whole network, each project, the Brussels Declaration) is published as
an immutable version, ``maps/<slug>/<version>/`` (``index.html`` and ``data.geojson``), named by
the hash of its content: an embed keeps showing what it showed when it was pasted, and a new
version is picked up on purpose. ``maps/<slug>/index.html`` is the stable address of the
latest version (a redirect with a canonical link: it works on any static host, with no server
rule) and ``maps/<slug>/latest.json`` says the same to scripts. ``index.html`` lists the maps,
their embed codes and versions. Every text file gets a ``.gz`` twin for ``gzip_static``.

Only the public view is ever written here: ``build_map(..., audience="public")`` with the city
centres, and the data file is made from the rows that map plotted.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import folium
import pandas as pd

from geo.i18n import Translator, translator
from geo.maps.audience import CityCentre, public_view
from geo.maps.elements import MapError
from geo.maps.engine import build_map, render_html
from geo.maps.export import iframe_snippet, to_geojson, write_file
from geo.selection import Selection, apply

LANG = "en"
PAGE = "index.html"
DATA = "data.geojson"
LATEST = "latest.json"
# Served pre-compressed (nginx gzip_static, Apache MultiViews): the text files we write.
COMPRESSED = (".html", ".json", ".geojson")
VERSION_LENGTH = 12  # hex digits of SHA-256: ample for the few versions of one map
EMBED_HEIGHT = 520


@dataclass(frozen=True, slots=True, kw_only=True)
class MapView:
    """A saved view: which rows a published map shows, and how it is announced."""

    slug: str
    title: str
    description: str
    selection: Selection = field(default_factory=Selection)


@dataclass(frozen=True, slots=True, kw_only=True)
class Publication:
    """One published version of a view; paths relative to the site's root, with ``/``."""

    view: MapView
    version: str
    folder: str
    shown: int

    @property
    def page(self) -> str:
        return f"{self.folder}/{PAGE}"

    @property
    def data(self) -> str:
        return f"{self.folder}/{DATA}"

    @property
    def latest(self) -> str:
        return f"maps/{self.view.slug}/"


def slug(text: str) -> str:
    """``"Brussels Declaration"`` → ``"brussels-declaration"``: ASCII, safe in any address."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "map"


def saved_views(frame: pd.DataFrame, *, lang: str = LANG) -> tuple[MapView, ...]:
    """The whole network, then one view per project of ``frame`` (the Brussels Declaration's
    signatories are a project of the dataset), by name. Give it the public view. Titles and
    descriptions in ``lang`` (a project's name stays as written)."""
    tr = translator(lang)
    network = MapView(slug="network", title=tr.t("Where Efus works"),
                      description=tr.t("Every public place of the Efus network, its projects "
                                       "and their activities."))  # fmt: skip
    names = frame.get("project", pd.Series(dtype=str)).fillna("")
    projects = sorted({p for p in names if p}, key=str.casefold)
    return (network, *(_project_view(p, tr) for p in projects))


def _project_view(project: str, tr: Translator) -> MapView:
    return MapView(slug=slug(project), title=project,
                   description=tr.t("Where the places and activities of {project} are.",
                                    project=project),
                   selection=Selection(projects=(project,)))  # fmt: skip


def publish_site(
    frame: pd.DataFrame,
    out: str | os.PathLike,
    *,
    views: Sequence[MapView] | None = None,
    city_centre: CityCentre | None = None,
    base_url: str = "/",
    lang: str = LANG,
) -> tuple[Publication, ...]:
    """Publish ``views`` (default ``saved_views(frame)``) of ``frame`` under ``out``: the
    versioned maps, their stable addresses, the index page, the ``.gz`` copies.
    ``base_url`` is where ``out`` will be served; the embed codes point there."""
    root = Path(out)
    publications = tuple(
        publish_map(frame, root, view=view, city_centre=city_centre, lang=lang)
        # A project seen only in private rows must not even name a view.
        for view in (saved_views(public_view(frame, city_centre=city_centre), lang=lang)
                     if views is None else views)  # fmt: skip
    )
    write_file(root / PAGE, index_page(publications, base_url=base_url))
    compress_site(root)
    return publications


def publish_map(
    frame: pd.DataFrame, root: Path, *, view: MapView, city_centre: CityCentre | None,
    lang: str = LANG,
) -> Publication:
    """Write one view's version (unless that version exists: it is never rewritten) and
    point its stable address at it."""
    m = build_map(apply(frame, view.selection), audience="public", title=view.title,
                  assets="inline", city_centre=city_centre, lang=lang)  # fmt: skip
    page = proper_document(stable_ids(m, render_html(m)), lang=lang)
    data = json.dumps(to_geojson(m.plotted), ensure_ascii=False, sort_keys=True)
    version = hashlib.sha256(f"{page}\0{data}".encode()).hexdigest()[:VERSION_LENGTH]
    published = Publication(view=view, version=version, shown=len(m.plotted),
                            folder=f"maps/{view.slug}/{version}")  # fmt: skip
    folder = root / published.folder
    if not (folder / PAGE).exists():
        write_file(folder / DATA, data)
        write_file(folder / PAGE, page)  # last: a folder with its page is complete
    write_file(root / published.latest / PAGE, redirect_page(published))
    write_file(root / published.latest / LATEST, latest_json(published))
    return published


def stable_ids(m: folium.Map, page: str) -> str:
    """The page with folium's random element ids (uuid4) numbered in tree order, so that
    the same map gives the same bytes and the same version."""
    for number, element in enumerate(_elements(m.get_root())):
        page = page.replace(element._id, f"{number:032x}")
    return page


def _elements(element) -> list:
    found = [element]
    for child in element._children.values():
        found.extend(_elements(child))
    for part in ("header", "html", "script"):  # a Figure's parts are not its children
        if isinstance(getattr(element, part, None), folium.Element):
            found.extend(_elements(getattr(element, part)))
    return found


VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
FOLIUM_CHARSET = '<meta http-equiv="content-type" content="text/html; charset=UTF-8" />'


def proper_document(page: str, *, lang: str = LANG) -> str:
    """The engine's page as a published document: its language, the charset declared
    first, and a viewport that lets people zoom (WCAG 1.4.4)."""
    fixes = (("<html>", f'<html lang="{lang}">'), ("<head>\n", '<head>\n<meta charset="utf-8">\n'))
    for old, new in fixes:
        if page.count(old) < 1:
            raise MapError(f"the map page has no {old.strip()!r} to fix; fix: update "
                           "geo.maps.publish.proper_document to the engine's page",
                           code="page_unexpected", params={"missing": old.strip()})  # fmt: skip
        page = page.replace(old, new, 1)
    viewport = '<meta name="viewport" content="width=device-width, initial-scale=1">'
    # folium declares the charset again, after the inline styles: one declaration, first.
    return VIEWPORT.sub(viewport, page).replace(FOLIUM_CHARSET, "")


def redirect_page(published: Publication) -> str:
    """The stable address: sends a browser (and an iframe) to the latest version."""
    target = html.escape(f"{published.version}/", quote=True)
    title = html.escape(published.view.title)
    return (f'<!DOCTYPE html>\n<html lang="{LANG}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<link rel="canonical" href="{target}">\n</head>\n<body>\n'
            f'<p><a href="{target}">{title}</a></p>\n</body>\n</html>\n')  # fmt: skip


def latest_json(published: Publication) -> str:
    return json.dumps({"title": published.view.title, "version": published.version,
                       "page": f"{published.version}/", "data": f"{published.version}/{DATA}"},
                      ensure_ascii=False, indent=1)  # fmt: skip


def embed_code(published: Publication, *, base_url: str = "/") -> str:
    """The snippet an editor pastes: the versioned map in an iframe with its title, and a
    caption that screen readers read as the map's description."""
    described = f"efus-map-{published.view.slug}-description"
    url = f"{base_url.rstrip('/')}/{published.folder}/"
    frame = iframe_snippet(url, title=published.view.title, height=EMBED_HEIGHT,
                           described_by=described)  # fmt: skip
    caption = html.escape(published.view.description)
    return (f'<figure style="margin:0">{frame}<figcaption id="{described}">{caption}'
            "</figcaption></figure>")  # fmt: skip


def index_page(publications: Sequence[Publication], *, base_url: str = "/") -> str:
    """The site's front page: each map with its version, links and embed code."""
    items = "\n".join(_index_item(p, base_url=base_url) for p in publications)
    return (f'<!DOCTYPE html>\n<html lang="{LANG}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            "<title>Efus public maps</title>\n</head>\n<body>\n<main>\n"
            f"<h1>Efus public maps</h1>\n{items}\n</main>\n</body>\n</html>\n")  # fmt: skip


def _index_item(published: Publication, *, base_url: str) -> str:
    view = published.view
    return (f'<section class="efus-published" id="{view.slug}">\n'
            f"<h2>{html.escape(view.title)}</h2>\n<p>{html.escape(view.description)}</p>\n"
            f'<p>Version <code class="efus-version">{published.version}</code>, '
            f"{published.shown} places. "
            f'<a href="{published.folder}/">Open this version</a> · '
            f'<a href="{published.latest}">Latest version</a> · '
            f'<a href="{published.data}" download>Download the data (GeoJSON)</a></p>\n'
            f"<h3>Embed code</h3>\n"
            f'<pre><code class="efus-embed" id="embed-{view.slug}">'
            f"{html.escape(embed_code(published, base_url=base_url))}</code></pre>\n"
            "</section>")  # fmt: skip


def compress_site(root: Path) -> None:
    """A ``.gz`` twin next to every text file, byte-identical from one run to the next
    (no name, no time in the header)."""
    for path in sorted(root.rglob("*")):
        if path.suffix in COMPRESSED and path.is_file():
            packed = gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)
            write_file(path.with_name(path.name + ".gz"), packed)
