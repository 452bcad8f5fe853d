"""The parts of a map page, folium-style: each a Jinja template whose values are
``script_json`` text and whose JavaScript is one call into ``efus-map.js``.

folium compiles what a macro renders as a template once more; ``VerbatimMacro`` puts it into
the page as text instead and refuses a template tag that is still in it, so no value of ours can
run on the server. ``EfusMap`` loads its JS/CSS from this project only (inline, or Streamlit's
static URLs); ``online_tile_layers`` are the only parts that reach the internet, and only when
asked for.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from urllib.parse import quote

import folium
import pandas as pd
from branca.element import Element, Figure
from folium.elements import MacroElement
from folium.template import Template

from geo.errors import GeoError
from geo.i18n import N_, Translator, translator, translator_or_english
from geo.maps import assets as web_assets
from geo.maps.payload import TEMPLATE_TAG, pack, script_json
from geo.maps.styles import BASEMAP_STYLE

OFFLINE_BASEMAP = N_("Offline map (Natural Earth)")
OUTLINES_CREDIT = N_("Country outlines: Natural Earth (public domain)")
# TRANSLATORS: GeoNames' licence (CC BY 4.0) requires this credit on the map; keep the names.
NAMES_CREDIT = N_("Names: GeoNames (CC BY 4.0), Unicode CLDR")
_CARTO_POSITRON = "https://{s}.basemaps.cartocdn.com/light_all/{z}/{x}/{y}{r}.png?key="
_CARTO_ATTRIBUTION = (
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors '
    '&copy; <a href="https://carto.com/attributions">CARTO</a>'
)


def online_tile_layers(
    *, carto_key: str = "", tr: Translator | None = None
) -> list[folium.TileLayer]:
    """Optional base layers that need the internet; never added unless asked for.

    OpenStreetMap always; CARTO Positron only with a key (``Settings.carto_key``, from
    ``$EFUS_CARTO_KEY``): since August 2026 CARTO draws "API key required" over every tile
    fetched without one. The key is then written into the page (restrict it to the
    deployment's domain at CARTO). Their names in the layer control are in ``tr``'s language."""
    tr = tr or translator("en")
    layers = [folium.TileLayer("OpenStreetMap", name=tr.t("OpenStreetMap (online)"),
                               overlay=False, show=False)]  # fmt: skip
    key = carto_key.strip()
    if key:
        layers.append(folium.TileLayer(
            _CARTO_POSITRON + quote(key, safe=""), attr=_CARTO_ATTRIBUTION, subdomains="abcd",
            max_zoom=20, name=tr.t("CARTO Positron (online)"), overlay=False, show=False,
        ))  # fmt: skip
    return layers


class MapError(GeoError, ValueError):
    """A map cannot be built with the options given. ``code`` names the rule that was broken
    (stable, for code and for translation) and ``params`` the values the message shows."""

    code = "map_invalid"


def page_of(element: Element) -> Figure:
    """The page an element is drawn on: folium puts every map on a branca ``Figure`` (its
    header, body and script sections), which ``get_root`` gives as a plain ``Element``."""
    root = element.get_root()
    if not isinstance(root, Figure):
        raise MapError(
            f"{type(element).__name__} is on a {type(root).__name__}, not a page; "
            "fix: add the map to a branca Figure (folium.Map does so itself)",
            code="map_not_on_page", params={"element": type(element).__name__},
        )
    return root


VIEWPORT = re.compile(r'<meta name="viewport"[^>]*>')
ZOOMABLE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


class Verbatim(Element):
    """Text that goes into the page as it is. branca's ``Element(text)`` compiles ``text`` as a
    Jinja template; this one never compiles anything, so no text of ours can run on the server
    (the page's header assets, the projector CSS, what our macros render)."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


class VerbatimMacro(MacroElement):
    """A ``MacroElement`` whose rendered macros reach the figure as ``Verbatim`` text.

    A second line behind ``script_json``: folium's own ``render`` would compile each macro's
    output again as a template. This one adds it as text, and fails closed (``MapError``) when
    the output still holds a Jinja tag, since streamlit-folium rewrites ``{{'name'}}`` in the
    scripts it collects. Put it after folium's classes in the bases (``class X(Layer,
    VerbatimMacro)``) so their own ``render`` (a layer adding itself to the map) still runs."""

    def render(self, **kwargs):
        figure = self.get_root()
        for part in ("header", "html", "script"):
            macro = self._template.module.__dict__.get(part)
            if macro is None:
                continue
            text = str(macro(self, kwargs))
            tag = TEMPLATE_TAG.search(text)
            if tag:
                raise MapError(
                    f"{type(self).__name__} rendered a template tag "
                    f"{text[tag.start():tag.start() + 40]!r}; fix: pass every value the template "
                    "shows through geo.maps.payload.script_json",
                    code="template_tag_rendered",
                    params={"element": type(self).__name__, "tag": text[tag.start():][:40]},
                )
            getattr(figure, part).add_child(Verbatim(text), name=self.get_name())
        for element in self._children.values():
            element.render(**kwargs)


class EfusMap(folium.Map):
    """A ``folium.Map`` whose JS/CSS are local: inlined, or Streamlit static URLs.

    ``default_js``/``default_css`` are set on the instance (never on folium's class lists), so
    streamlit-folium, which loads exactly those links, requests nothing from a CDN.
    """

    def __init__(
        self, *, assets: str = "inline", static_url: str = web_assets.STATIC_URL, **kwargs
    ):
        super().__init__(tiles=None, **kwargs)
        self.assets = assets
        if assets == "static":
            self.default_js, self.default_css = web_assets.static_links(base_url=static_url)
        else:
            self.default_js, self.default_css = [], []
        self.plotted = pd.DataFrame()
        self.without_position = 0
        self.lang = "en"  # the page's language (``geo.maps.engine.render_document``)

    def render(self, **kwargs):
        if self.assets == "inline":
            page_of(self).header.add_child(
                Verbatim(web_assets.inline_header()), name="efus_assets", index=0
            )
        super().render(**kwargs)
        self._allow_zoom()

    def _allow_zoom(self) -> None:
        """folium's header forbids pinch-zoom (``user-scalable=no``); people who need larger
        type must be able to zoom (WCAG 1.4.4), in a file and in the dashboard's frame alike."""
        header = page_of(self).header
        own = header._children.get(self.get_name())
        if own is not None:
            text = own.render()
            header._children[self.get_name()] = Verbatim(VIEWPORT.sub(ZOOMABLE_VIEWPORT, text))


class Basemap(folium.map.Layer, VerbatimMacro):
    """Natural Earth country outlines drawn as a light vector layer in a pane of their own,
    and the names of countries and cities over them (``efus-labels.js``) in ``lang`` where the
    names file has it (else GeoNames' name). The names join the basemap's group: online tiles
    carry their own names, so choosing them takes ours away too.

    With ``online`` (online tiles offered), it is the first base layer of the layer control,
    and a tile layer that cannot be reached is swapped back for it (``EfusMap.keepOffline``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.createPane({{ this._parent.get_name() }}, "efusBasemap", 250);
        var {{ this.get_name() }} = L.featureGroup();
        EfusMap.addBasemap({{ this._parent.get_name() }}, {{ this.source }}, {
            pane: "efusBasemap",
            group: {{ this.get_name() }},
            attribution: {{ this.attribution }},
            style: {{ this.style }},
            strings: {{ this.strings }}
        });
        EfusLabels.load({{ this._parent.get_name() }}, {{ this.labels }}, {
            lang: {{ this.lang }}, pane: "efusLabels", group: {{ this.get_name() }},
            attribution: {{ this.names_attribution }}
        });
        {% if this.control %}
        EfusMap.keepOffline({{ this._parent.get_name() }}, {{ this.get_name() }},
                            {{ this.strings }});
        {% endif %}
        {% endmacro %}
    """)

    def __init__(
        self,
        *,
        assets: str = "inline",
        static_url: str = web_assets.STATIC_URL,
        online: bool = False,
        lang: str = "en",
        strings: dict | None = None,
    ):
        tr = translator_or_english(lang)
        super().__init__(name=tr.t(OFFLINE_BASEMAP), overlay=False, control=online, show=True)
        self._name = "Basemap"
        if assets == "static":
            self.source = script_json({"url": web_assets.basemap_url(base_url=static_url)})
            self.labels = script_json({"url": web_assets.labels_url(base_url=static_url)})
        else:
            self.source = _packed_basemap()
            self.labels = _packed_labels()
        self.lang = script_json(lang)
        self.attribution = script_json(tr.t(OUTLINES_CREDIT))
        # The names file's own credit names the outlines too, which the line above already does.
        self.names_attribution = script_json(tr.t(NAMES_CREDIT))
        self.style = script_json(dict(BASEMAP_STYLE))
        self.strings = script_json(strings or {})


@lru_cache(maxsize=1)
def _packed_basemap() -> str:
    return script_json(pack(json.loads(web_assets.outlines_bytes()), True))


@lru_cache(maxsize=1)
def _packed_labels() -> str:
    return script_json(pack(json.loads(web_assets.labels_text()), True))


class PointLayers(VerbatimMacro):
    """Every point in one payload, spread over the layer groups, drawn on one canvas."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("efus-map");
        EfusMap.createPane({{ this._parent.get_name() }}, "efusPoints", 450);
        EfusMap.addPoints(
            {{ this._parent.get_name() }},
            [{{ this.group_names() }}],
            {{ this.payload }},
            {{ this.options }}
        );
        {% endmacro %}
    """)

    def __init__(self, *, groups: list, payload: str, options: str):
        super().__init__()
        self._name = "PointLayers"
        self.groups = groups
        self.payload = payload
        self.options = options

    def group_names(self) -> str:
        # Names are read at render time: streamlit-folium renames elements before rendering.
        return ", ".join(group.get_name() for group in self.groups)


class Legend(VerbatimMacro):
    """One line per activity on the map: its marker, its name (as text) and its count."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.addLegend({{ this._parent.get_name() }}, {{ this.entries }},
                          {{ this.options }});
        {% endmacro %}
    """)

    def __init__(self, entries: list[dict], *, title: str = "Activity"):
        super().__init__()
        self._name = "Legend"
        self.entries = script_json(entries)
        self.options = script_json({"title": title})


class MapTitle(VerbatimMacro):
    """A title and a subtitle over the map, as text."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.addTitle({{ this._parent.get_name() }}, {{ this.title }}, {{ this.subtitle }});
        {% endmacro %}
    """)

    def __init__(self, title: str, subtitle: str):
        super().__init__()
        self._name = "MapTitle"
        self.title = script_json(title)
        self.subtitle = script_json(subtitle)


class MapControls(VerbatimMacro):
    """The scale bar (metric: the maps are of Europe) and the zoom buttons' titles, in the
    page's language (``strings``: ``geo.maps.styles.map_strings``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        EfusMap.addControls({{ this._parent.get_name() }}, {{ this.strings }});
        {% endmacro %}
    """)

    def __init__(self, strings: dict):
        super().__init__()
        self._name = "MapControls"
        self.strings = script_json(strings)


class EngineStyle(VerbatimMacro):
    """The engine's look (sea colour, fonts) for a map that starts with no points: the engine
    sets its class when it draws points, which such a map has none of yet."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.getContainer().classList.add("efus-map");
        {% endmacro %}
    """)
