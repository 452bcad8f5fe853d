"""What the "Share and download" tab hands out for a view: its link, the iframe an efus.eu
editor pastes, a title that says what the map shows, and the downloads' file name; and what
staff do to publish: save the view under a name, publish the public maps (``publish_store``,
the code of ``python -m geo publish --store``), and the published embed of a view, which the
tab offers before the live one once a public address is configured."""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit, urlunsplit

from geo.config import Settings
from geo.dashboard import working
from geo.dashboard.details import country_label, when
from geo.data.views import SavedViews
from geo.i18n import DEFAULT, QUERY_PARAM, translator
from geo.maps import publish
from geo.maps.export import iframe_snippet as engine_snippet
from geo.places.geocoder import city_centre
from geo.selection import Selection


def share_url(
    base: str | None,
    selection: Selection,
    *,
    embed: bool = False,
    present: bool = False,
    lang: str | None = None,
) -> str:
    """The link that reproduces this view: ``base`` (the page's address) with the filters,
    and ``?lang=`` when a language is to be kept (an embed on a French page stays French)."""
    parts = urlsplit(base or "http://localhost:8501/")
    query = dict(selection.to_query())
    if lang:
        query[QUERY_PARAM] = lang
    if embed:
        query["embed"] = "1"
    if present:
        query["present"] = "1"
    # quote, not urlencode's default quote_plus: a space is %20, as every reader expects.
    encoded = urlencode(query, safe=",", quote_via=quote)
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", encoded, ""))


def iframe_snippet(url: str, *, title: str) -> str:
    """The HTML an efus.eu editor pastes: the engine's iframe, with a title for screen readers."""
    return engine_snippet(url, title=title)


def map_title(selection: Selection, *, lang: str = DEFAULT) -> str:
    """A title that says what the map shows, for the iframe and the exported file, in
    ``lang`` (project names stay as written)."""
    tr = translator(lang)
    bits = []
    if selection.projects:
        bits.append(", ".join(selection.projects))
    if selection.activities:
        bits.append(", ".join(tr.t(a) for a in selection.activities))
    if selection.countries:
        bits.append(", ".join(country_label(tr, c) for c in selection.countries))
    if selection.start or selection.end:
        bits.append(when(selection.start, selection.end, lang=lang))
    title = tr.t("Where Efus works")
    # TRANSLATORS: the map's title and what it shows: "Where Efus works: pilot equipment".
    return tr.t("{title}: {what}", title=title, what=" · ".join(bits)) if bits else title


def file_stem(selection: Selection) -> str:
    """A download's file name: 'efus-map-BE-pilot-equipment'."""
    bits = [*selection.countries, *selection.projects, *selection.activities, *selection.kinds]
    stem = "-".join(["efus-map", *bits])
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-")
    return stem[:80].rstrip("-") or "efus-map"


def publish_store(settings: Settings, *, out: str | Path | None = None) -> tuple[
        publish.Publication, ...]:  # fmt: skip
    """Publish the working dataset's public maps and the saved views into ``out`` (default
    ``settings.publish_dir``), with embed codes at ``settings.public_base_url``. The rows are
    the store's **public** view (``working.load_view(audience="public")``): no staff session's
    rows or fields ever reach the folder, whoever presses *Publish*."""
    store = working.open_store(settings)
    frame = working.load_view(store.path, audience="public", settings=settings)
    saved = SavedViews.of(settings.data_dir).latest()
    return publish.publish_site(
        frame, settings.publish_dir if out is None else out,
        extra_views=[publish.saved_map_view(v) for v in saved],
        city_centre=functools.partial(city_centre, settings=settings),
        base_url=settings.public_base_url or "/",
    )  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class PublishedEmbed:
    """The published map of a view: its embed code and the version it shows."""

    slug: str
    version: str
    code: str


def view_slug_of(selection: Selection, settings: Settings) -> str | None:
    """The published map that shows exactly ``selection``: the network (no filter), a
    project's map (that project alone), or a saved view with the same filters."""
    query = selection.to_query()
    if not query:
        return "network"
    if selection == Selection(projects=selection.projects) and len(selection.projects) == 1:
        return publish.slug(selection.projects[0])
    for saved in SavedViews.of(settings.data_dir).latest():
        if dict(saved.query) == query:
            return saved.slug
    return None


def published_embed(
    selection: Selection, *, settings: Settings, title: str, lang: str = DEFAULT
) -> PublishedEmbed | None:
    """The embed code of the latest published version of this view, served from
    ``settings.public_base_url``; None when no address is configured or the view was never
    published."""
    slug = view_slug_of(selection, settings)
    if not settings.public_base_url or slug is None:
        return None
    latest = Path(settings.publish_dir) / "maps" / slug / publish.LATEST
    try:
        version = json.loads(latest.read_text(encoding="utf-8"))["version"]
    except (OSError, ValueError, KeyError):
        return None
    view = publish.MapView(slug=slug, title=title, description=title)
    published = publish.Publication(view=view, version=version, shown=0,
                                    folder=f"maps/{slug}/{version}")  # fmt: skip
    code = publish.embed_code(published, base_url=settings.public_base_url, lang=lang)
    return PublishedEmbed(slug=slug, version=version, code=code)


def save_view(settings: Settings, *, name: str, selection: Selection, author: str):
    """The dashboard's filters saved under ``name`` (a new revision by ``author``), for the
    next *Publish*. ``geo.data.views.ViewError`` (code ``view_name_invalid``) for a bad name."""
    return SavedViews.of(settings.data_dir).save(name=name, query=selection.to_query(),
                                                  author=author)  # fmt: skip
