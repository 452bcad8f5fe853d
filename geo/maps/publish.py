"""Public maps as a static site that any web server or CDN serves as plain files.

Each saved view (the whole network, each project, the Brussels Declaration, the views staff
saved, ``geo.data.views``) is published as an immutable version, ``maps/<slug>/<version>/``
(``index.html``, ``fr.html`` and ``data.geojson``), named by the hash of its content: an embed
keeps showing what it showed when it was pasted, and a new version is picked up on purpose.
``maps/<slug>/index.html`` is the stable address of the latest version (a redirect with a
canonical link: it works on any static host, with no server rule; ``maps/<slug>/fr.html`` the
same in French) and ``maps/<slug>/latest.json`` says the same to scripts. ``index.html`` lists
the maps, their embed codes and versions; ``fr.html`` is its French twin, whose embed codes
show the French pages (one index per language, as each version has one page per language: the
site serves both sides of efus.eu from one publication, whatever ``--lang`` says). Every
text file gets a ``.gz`` and a ``.br`` twin for ``gzip_static`` / ``brotli_static``.

A map page holds no point: it loads ``data.geojson``, the very file its "download the data"
link offers, and its scripts, styles and basemap from ``assets/<hash>/``, shared by every map
and version (a content-named folder, so it is as immutable as a version). The page's own code,
``assets/js/efus-embed.js``, reads the editor's options from the address (``?view=``,
``wheel=``, ``layers=``, ``legend=``, ``lang=``), tells the host page its height and offers the
*List of places*.

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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

import brotli
import folium
import pandas as pd
from folium.template import Template

from geo.data.views import SavedView
from geo.i18n import DEFAULT, N_, SUPPORTED, endonym, translator
from geo.maps import assets as web_assets
from geo.maps.audience import CityCentre, public_view
from geo.maps.elements import MapError, PointLayers, Verbatim, VerbatimMacro, page_of
from geo.maps.engine import build_map, render_html
from geo.maps.export import iframe_snippet, to_geojson, write_file
from geo.maps.payload import POPUP_FIELDS, script_json, unpack
from geo.maps.styles import LAYERS
from geo.selection import Selection, apply

LANG = DEFAULT
LANGS = SUPPORTED  # a page per language with a catalogue in every version; ?lang= picks one
PAGE = "index.html"
DATA = "data.geojson"
LATEST = "latest.json"
ASSETS = "assets"
# Served pre-compressed (nginx gzip_static/brotli_static, Apache MultiViews): the text files.
COMPRESSED = (".html", ".json", ".geojson", ".js", ".css")
BROTLI_BEST_BELOW = 200_000  # bytes
VERSION_LENGTH = 12  # hex digits of SHA-256: ample for the few versions of one map
EMBED_HEIGHT = 560  # the frame's height where the host page runs no script
EMBED_JS = web_assets.HERE / "js" / "efus-embed.js"
EMBED_CSS = web_assets.HERE / "js" / "efus-embed.css"
# The options an editor may put in an embed's address (efus-embed.js reads them).
OPTIONS = ("view", "wheel", "layers", "legend", "lang")
# The host page's side of the automatic height: the frame that sent its size gets it.
HOST_SCRIPT = (
    '<script>addEventListener("message",function(e){var d=e.data;if(!d||d.type!=="efus:height"'
    "||!(d.height>0))return;document.querySelectorAll(\"iframe\").forEach(function(f){"
    'if(f.contentWindow===e.source)f.style.height=Math.min(d.height,5000)+"px"})})</script>'
)

NETWORK_TITLE = N_("Where Efus works")
NETWORK_DESCRIPTION = N_("Every public place of the Efus network, its projects and their "
                         "activities.")  # fmt: skip
PROJECT_DESCRIPTION = N_("Where the places and activities of {project} are.")
SAVED_DESCRIPTION = N_("The places of the Efus network in the view “{name}”.")
DECLARATION = "Brussels Declaration"
DECLARATION_TITLE = N_("Signatories of the Brussels Declaration")
DECLARATION_DESCRIPTION = N_("The cities and regions that signed the Brussels Declaration on "
                             "the security of public spaces (23 November 2022).")  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class MapView:
    """A saved view: which rows a published map shows, and how it is announced. ``title``
    and ``description`` are English (catalogue entries for the built-in views, filled with
    ``params``), so each page of the map says them in its own language."""

    slug: str
    title: str
    description: str
    selection: Selection = field(default_factory=Selection)
    params: tuple[tuple[str, str], ...] = ()

    def title_in(self, lang: str) -> str:
        return translator(lang).t(self.title, **dict(self.params))

    def description_in(self, lang: str) -> str:
        return translator(lang).t(self.description, **dict(self.params))


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

    def page_in(self, lang: str) -> str:
        return f"{self.folder}/{page_name(lang)}"

    @property
    def data(self) -> str:
        return f"{self.folder}/{DATA}"

    @property
    def latest(self) -> str:
        return f"maps/{self.view.slug}/"


def page_name(lang: str) -> str:
    """``index.html`` in the default language (the folder's own address), ``fr.html``…"""
    return PAGE if lang == DEFAULT else f"{lang}.html"


def slug(text: str) -> str:
    """``"Brussels Declaration"`` → ``"brussels-declaration"``: ASCII, safe in any address."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-") or "map"


def saved_views(frame: pd.DataFrame) -> tuple[MapView, ...]:
    """The whole network, then one view per project of ``frame`` (the Brussels Declaration's
    signatories are a project of the dataset, with a title of their own), by name. Give it
    the public view."""
    network = MapView(slug="network", title=NETWORK_TITLE, description=NETWORK_DESCRIPTION)
    names = frame.get("project", pd.Series(dtype=str)).fillna("")
    projects = sorted({p for p in names if p}, key=str.casefold)
    return (network, *(_project_view(p) for p in projects))


def _project_view(project: str) -> MapView:
    if project == DECLARATION:
        return MapView(slug=slug(project), title=DECLARATION_TITLE,
                       description=DECLARATION_DESCRIPTION,
                       selection=Selection(projects=(project,)))  # fmt: skip
    return MapView(slug=slug(project), title=project, description=PROJECT_DESCRIPTION,
                   params=(("project", project),),
                   selection=Selection(projects=(project,)))  # fmt: skip


def saved_map_view(saved: SavedView) -> MapView:
    """A view staff saved (``geo.data.views``) as a map to publish: its name is its title."""
    selection, _ = Selection.from_query(dict(saved.query))
    return MapView(slug=saved.slug, title=saved.name, description=SAVED_DESCRIPTION,
                   params=(("name", saved.name),), selection=selection)  # fmt: skip


def publish_site(
    frame: pd.DataFrame,
    out: str | os.PathLike,
    *,
    views: Sequence[MapView] | None = None,
    extra_views: Sequence[MapView] = (),
    city_centre: CityCentre | None = None,
    base_url: str = "/",
    langs: Sequence[str] = LANGS,
) -> tuple[Publication, ...]:
    """Publish ``views`` (default ``saved_views(frame)``, then ``extra_views``: those staff
    saved) of ``frame`` under ``out``: the shared assets, the versioned maps, their stable
    addresses, the index page, the ``.gz``/``.br`` copies. ``base_url`` is where ``out`` will
    be served; the embed codes point there. ``langs`` are the languages of every page (English
    first: the folders' own addresses; the tests add the pseudo-locale)."""
    root = Path(out)
    assets = install_assets(root)
    # A project seen only in private rows must not even name a view.
    chosen = (saved_views(public_view(frame, city_centre=city_centre))
              if views is None else tuple(views))  # fmt: skip
    publications = tuple(
        publish_map(frame, root, view=view, city_centre=city_centre, assets=assets, langs=langs)
        for view in _unique((*chosen, *extra_views))
    )
    for lang in langs:
        index = index_page(publications, base_url=base_url, lang=lang, langs=langs)
        write_file(root / page_name(lang), index)
    compress_site(root)
    return publications


def _unique(views: Sequence[MapView]) -> list[MapView]:
    """The first view of each slug: a saved view may not take the network's address."""
    seen: dict[str, MapView] = {}
    for view in views:
        seen.setdefault(view.slug, view)
    return list(seen.values())


def install_assets(root: Path) -> str:
    """Leaflet, the engine, the basemap and the embed's code under ``assets/<hash>/``, a
    folder named by their content (so old versions keep their own); its path from ``root``."""
    sources = [a.path for a in web_assets.assets()] + [web_assets.BASEMAP, web_assets.LABELS,
                                                       EMBED_JS, EMBED_CSS]  # fmt: skip
    digest = hashlib.sha256()
    for path in sources:
        digest.update(path.read_bytes())
    folder = f"{ASSETS}/{digest.hexdigest()[:VERSION_LENGTH]}"
    try:
        web_assets.install_static(root / folder)
    except OSError as exc:
        # A located problem, so the message names the path in any language (geo.messages).
        raise MapError.about("file_unwritable", file=str(exc.filename or root / folder),
                             reason=exc.strerror or str(exc)) from exc  # fmt: skip
    for path in (EMBED_JS, EMBED_CSS):
        target = root / folder / web_assets.STATIC_SUBDIR / path.name
        if not target.exists():
            write_file(target, path.read_bytes())
    return f"{folder}/{web_assets.STATIC_SUBDIR}"


def publish_map(
    frame: pd.DataFrame, root: Path, *, view: MapView, city_centre: CityCentre | None,
    assets: str, langs: Sequence[str] = LANGS,
) -> Publication:
    """Write one view's version (unless that version exists: it is never rewritten) and
    point its stable address at it."""
    rows = apply(frame, view.selection)
    built = {lang: embed_page(rows, view=view, lang=lang, assets=assets,
                              city_centre=city_centre, langs=langs) for lang in langs}  # fmt: skip
    plotted = built[DEFAULT][1]
    data = json.dumps(to_geojson(plotted), ensure_ascii=False, sort_keys=True)
    pages = {lang: page for lang, (page, _) in built.items()}
    content = "\0".join([data, *(pages[lang] for lang in langs)])
    version = hashlib.sha256(content.encode()).hexdigest()[:VERSION_LENGTH]
    published = Publication(view=view, version=version, shown=len(plotted),
                            folder=f"maps/{view.slug}/{version}")  # fmt: skip
    folder = root / published.folder
    if not (folder / PAGE).exists():
        write_file(folder / DATA, data)
        for lang in langs:
            if lang != DEFAULT:
                write_file(folder / page_name(lang), pages[lang])
        write_file(folder / PAGE, pages[DEFAULT])  # last: a folder with its page is complete
    for lang in langs:
        write_file(root / published.latest / page_name(lang), redirect_page(published, lang=lang))
    write_file(root / published.latest / LATEST, latest_json(published, langs=langs))
    return published


def embed_page(
    rows: pd.DataFrame, *, view: MapView, lang: str, assets: str,
    city_centre: CityCentre | None, langs: Sequence[str] = LANGS,
) -> tuple[str, pd.DataFrame]:
    """One language's page of a view, and the rows it plots (its data file's rows)."""
    # The page sits at maps/<slug>/<version>/: three folders below the site's root.
    static_url = f"../../../{assets}"
    # compress=False: the engine's inline payload is only read back for its activities.
    m = build_map(rows, audience="public", title=view.title_in(lang), assets="static",
                  static_url=static_url, city_centre=city_centre, lang=lang,
                  compress=False)  # fmt: skip
    points = _take_points(m)
    page_of(m).header.add_child(Verbatim(
        f'<link rel="stylesheet" href="{static_url}/{EMBED_CSS.name}">\n'
        f'<script src="{static_url}/{EMBED_JS.name}"></script>'), name="efus_embed_assets")
    config = embed_config(view, lang=lang, activities=_activities(points), groups=points.groups,
                          shown=len(m.plotted), langs=langs)  # fmt: skip
    m.add_child(EmbedPage(groups=points.groups, options=points.options, config=config))
    page = proper_document(stable_ids(m, render_html(m)), lang=lang)
    return page, m.plotted


def _take_points(m: folium.Map) -> PointLayers:
    """The engine's inline points, taken out of the map: the page loads its data file."""
    for name, child in list(m._children.items()):
        if isinstance(child, PointLayers):
            del m._children[name]
            return child
    return PointLayers(groups=[], payload=script_json({"json": None}), options="{}")


def _activities(points: PointLayers) -> list[str]:
    """The activities in the engine's style order: a point's style is its activity's index."""
    if not points.groups:
        return []
    payload = unpack(json.loads(points.payload))
    return list(payload["values"][POPUP_FIELDS.index("activity")])


EMBED_TEXTS = {
    "places": N_("List of places"),
    "show": N_("Show the list of places"),
    "hide": N_("Hide the list of places"),
    "fullscreen": N_("Full screen"),
    "fullscreenHint": N_("opens the map alone, in a new tab"),
    "download": N_("Download the data (GeoJSON)"),
    "none": N_("No place in the layers shown."),
}


def embed_config(
    view: MapView, *, lang: str, activities: list[str], groups: list, shown: int,
    langs: Sequence[str] = LANGS,
) -> dict:
    """What ``EfusEmbed.start`` needs besides the engine's options: the data file, the pages
    per language, each group's layer key, the activities in style order, its words."""
    tr = translator(lang)
    return {
        "lang": lang, "data": DATA, "pages": {code: page_name(code) for code in langs},
        "layers": [_layer_key(g) for g in groups], "activities": activities,
        "fields": list(POPUP_FIELDS), "shown": shown, "title": view.title_in(lang),
        # The list of places names activities as the dashboard does (the catalogue's words).
        "activityLabels": {a: tr.t(a) if a else a for a in activities},
        "texts": {key: tr.t(text) for key, text in EMBED_TEXTS.items()},
    }  # fmt: skip


def _layer_key(group: folium.FeatureGroup) -> str:
    """The ``LAYERS`` key of the engine's group (named ``"<label> (<count>)"``)."""
    label = html.unescape(group.layer_name).rsplit(" (", 1)[0]
    return next((k for k, v in LAYERS.items() if v == label), slug(label))


class EmbedPage(VerbatimMacro):
    """The published page's start: its points from the data file, the editor's options from
    the address, the automatic height and the list of places (``efus-embed.js``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusEmbed.start({{ this._parent.get_name() }}, [{{ this.group_names() }}],
                        {{ this.options }}, {{ this.config }});
        {% endmacro %}
    """)

    def __init__(self, *, groups: list, options: str, config: dict):
        super().__init__()
        self._name = "EmbedPage"
        self.groups = groups
        self.options = options
        self.config = script_json(config)

    def group_names(self) -> str:
        return ", ".join(group.get_name() for group in self.groups)


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


def redirect_page(published: Publication, *, lang: str = LANG) -> str:
    """The stable address in ``lang``: sends a browser (and an iframe) to the latest version's
    page in that language."""
    page = "" if lang == DEFAULT else page_name(lang)
    target = html.escape(f"{published.version}/{page}", quote=True)
    title = html.escape(published.view.title_in(lang))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n"
            f'<meta http-equiv="refresh" content="0; url={target}">\n'
            f'<link rel="canonical" href="{target}">\n</head>\n<body>\n'
            f'<p><a href="{target}">{title}</a></p>\n</body>\n</html>\n')  # fmt: skip


def latest_json(published: Publication, *, langs: Sequence[str] = LANGS) -> str:
    return json.dumps({"title": published.view.title_in(LANG), "version": published.version,
                       "page": f"{published.version}/", "data": f"{published.version}/{DATA}",
                       "pages": {lang: f"{published.version}/{page_name(lang)}"
                                 for lang in langs}},
                      ensure_ascii=False, indent=1)  # fmt: skip


def embed_url(
    published: Publication, *, base_url: str = "/", lang: str = LANG,
    options: Mapping[str, str] | None = None,
) -> str:
    """The address of a version in ``lang``, with the editor's ``options`` (``OPTIONS``)."""
    unknown = sorted(set(options or {}) - set(OPTIONS))
    if unknown:
        raise MapError(f"embed option {unknown[0]!r} is not one of {', '.join(OPTIONS)}; fix: "
                       "use view=lat,lon,zoom, wheel=on, layers=cities,events, legend=folded",
                       code="embed_option_unknown", params={"option": unknown[0]})  # fmt: skip
    page = "" if lang == DEFAULT else page_name(lang)
    query = urlencode(dict(options or {}), safe=",", quote_via=quote)
    return f"{base_url.rstrip('/')}/{published.folder}/{page}" + (f"?{query}" if query else "")


def embed_code(
    published: Publication, *, base_url: str = "/", lang: str = LANG,
    options: Mapping[str, str] | None = None,
) -> str:
    """The snippet an editor pastes: the versioned map in an iframe with its title, a caption
    that screen readers read as the map's description, and the few lines that give the frame
    the map's height (without them, it keeps ``EMBED_HEIGHT``)."""
    described = f"efus-map-{published.view.slug}-description"
    frame = iframe_snippet(embed_url(published, base_url=base_url, lang=lang, options=options),
                           title=published.view.title_in(lang), height=EMBED_HEIGHT,
                           described_by=described)  # fmt: skip
    caption = html.escape(published.view.description_in(lang))
    return (f'<figure style="margin:0">{frame}<figcaption id="{described}">{caption}'
            f"</figcaption></figure>{HOST_SCRIPT}")  # fmt: skip


def index_page(
    publications: Sequence[Publication], *, base_url: str = "/", lang: str = LANG,
    langs: Sequence[str] = LANGS,
) -> str:
    """The site's front page in ``lang`` (``page_name(lang)``): each map with its version,
    links and embed code in that language, and the links to the other languages' fronts."""
    tr = translator(lang)
    heading = html.escape(tr.t("Efus public maps"))
    items = "\n".join(_index_item(p, base_url=base_url, lang=lang, langs=langs)
                      for p in publications)  # fmt: skip
    others = " · ".join(_language_link(page_name(other), other)
                        for other in langs if other != lang)  # fmt: skip
    options = html.escape(tr.t(
        "Options an embed's address may carry: view=lat,lon,zoom (the initial view), "
        "wheel=on (zoom with the mouse wheel; off by default), layers=cities,events (the "
        "layers shown), legend=open or legend=folded, the language: {languages}.",
        languages=", ".join(f"lang={code}" for code in langs)))
    return (f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{heading}</title>\n<style>body{{font-family:system-ui,sans-serif;"
            "margin:0 auto;max-width:60rem;padding:0 1rem;color:#1a202c}pre{white-space:"
            "pre-wrap;overflow-wrap:anywhere;background:#f4f4f4;padding:.5rem}</style>\n"
            f"</head>\n<body>\n<main>\n<p>{others}</p>\n<h1>{heading}</h1>\n<p>{options}</p>\n"
            f"{items}\n"
            "</main>\n</body>\n</html>\n")  # fmt: skip


INDEX_TEXTS = {"open": N_("Open this version"), "latest": N_("Latest version"),
               "download": N_("Download the data (GeoJSON)"), "embed": N_("Embed code")}


def _language_link(href: str, lang: str) -> str:
    """A link to the same thing in another language, named in that language (``Français``)."""
    return (f'<a href="{html.escape(href, quote=True)}" hreflang="{lang}" lang="{lang}">'
            f"{html.escape(endonym(lang))}</a>")  # fmt: skip


def _index_item(
    published: Publication, *, base_url: str, lang: str = LANG, langs: Sequence[str] = LANGS
) -> str:
    view, tr = published.view, translator(lang)
    version = f'<code class="efus-version">{published.version}</code>'
    others = "".join(_language_link(published.page_in(other), other) + " · "
                     for other in langs if other != lang)  # fmt: skip
    page = "" if lang == DEFAULT else page_name(lang)  # a folder's address is its English page
    # Out of the f-string: pybabel does not look inside one (Python 3.11).
    words = {key: html.escape(tr.t(text)) for key, text in INDEX_TEXTS.items()}
    return (f'<section class="efus-published" id="{view.slug}">\n'
            f"<h2>{html.escape(view.title_in(lang))}</h2>\n"
            f"<p>{html.escape(view.description_in(lang))}</p>\n<p>"
            + tr.tn("Version {version}, {n} place.", "Version {version}, {n} places.",
                    published.shown, version=version) + " "
            f'<a href="{published.folder}/{page}">{words["open"]}</a>'
            " · " + others +
            f'<a href="{published.latest}{page}">{words["latest"]}</a> · '
            f'<a href="{published.data}" download>'
            f'{words["download"]}</a></p>\n'
            f"<h3>{words['embed']}</h3>\n"
            f'<pre><code class="efus-embed" id="embed-{view.slug}">'
            f"{html.escape(embed_code(published, base_url=base_url, lang=lang))}</code></pre>\n"
            "</section>")  # fmt: skip


def compress_site(root: Path) -> None:
    """A ``.gz`` and a ``.br`` twin next to every text file, byte-identical from one run to
    the next (gzip: no name, no time in the header). A twin newer than its file is kept: the
    shared assets and the versions never change, and brotli's best level costs seconds."""
    for path in sorted(root.rglob("*")):
        if path.suffix in COMPRESSED and path.is_file():
            _twin(path, ".gz", lambda data: gzip.compress(data, compresslevel=9, mtime=0))
            _twin(path, ".br", _brotli)


def _brotli(data: bytes) -> bytes:
    # Level 11 packs well under 1 MB/s: worth it for pages and scripts; above 200 kB (the
    # basemap, a big data file) level 9 is some 5% larger at ten times the speed.
    return brotli.compress(data, quality=11 if len(data) < BROTLI_BEST_BELOW else 9)


def _twin(path: Path, suffix: str, pack) -> None:
    twin = path.with_name(path.name + suffix)
    if not twin.exists() or twin.stat().st_mtime_ns < path.stat().st_mtime_ns:
        write_file(twin, pack(path.read_bytes()))
