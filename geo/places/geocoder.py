"""Place names as staff write them → a position, or a clear flag for review.

Resolution order, the first that answers wins: explicit lat/lon in the data, a manual override,
the cache (answers already given in this process, and the online geocoder's disk cache), an
exact gazetteer match (for country FR, overseas places too), a body of
``reference/institutions.csv`` at its seat, the place an institutional name stands for ("Gemeente
Utrecht": :mod:`geo.places.institutions`; "Région Occitanie" is an administrative area, shown at
its seat with precision ``region``), an administrative area by its name ("Lombardia"), a union
of municipalities at a member town its name holds (for review), a town named inside a longer
name (for review), a body of the state at its country's seat of government (for review:
"Ministère de l'Intérieur" at Paris), a fuzzy gazetteer match restricted to the country, the
optional online geocoder. Every answer is a frozen :class:`Resolution` that says where it came from.

What a careful person would stop at is flagged ``ambiguous`` rather than guessed: two places of
comparable size with that name in the country, or, with no country given, in several
countries. A misspelt name found by edit distance is ``fuzzy``, never ``matched``.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from geo.config import Settings
from geo.data.cells import parse_number
from geo.data.countries import closest_countries, country_name, fold, to_iso2
from geo.i18n import DEFAULT, N_, translator
from geo.messages import render_line
from geo.places.gazetteer import Gazetteer, Place, Territory, name_key
from geo.places.higher_education import reference_schools
from geo.places.institutions import (
    LINKS,
    SPREAD_STATES,
    UNION_LAND_WORDS,
    Reading,
    Seat,
    is_research,
    is_school,
    is_site,
    named_by_land,
    national_body,
    readings,
    reference_seats,
    seats_of_government,
    union_rest,
)
from geo.places.intercommunal import Found as IntercommunalFound
from geo.places.intercommunal import reference_intercommunals
from geo.places.nominatim import OnlineAnswer, OnlineGeocoder, OnlineSettings
from geo.places.unions import reference_unions

STATUSES = ("matched", "ambiguous", "fuzzy", "not_found", "manual")
ORGANISATIONS = frozenset({"association", "agency", "network"})

# Continents aside, the countries Efus works in: a name given without a country is read as a
# European place first (GeoNames gives "Venice" to Dayton, Ohio, pop. 135,512).
EUROPEAN_COUNTRIES = frozenset(
    "AD AL AM AT AX AZ BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GE GG GI GR HR HU IE IM IS "
    "IT JE LI LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM TR UA VA XK".split()
)
OUTSIDE_EUROPE_WEIGHT = 0.2
# GeoNames files French overseas departments and collectivities under their own codes; lists
# write them with country FR (Païta, New Caledonia).
OVERSEAS = {"FR": ("GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "WF", "PF", "NC")}
# A place found only under an alternate name counts half: alternate names hold transliteration
# accidents and old names that collide with another place's own name.
ALTERNATE_NAME_WEIGHT = 0.5
# A rival at least this fraction of the best candidate's weight makes the name ambiguous.
RIVAL_RATIO = 1 / 3
# Candidates this close to a larger one are the same town (a district, a duplicate record).
SAME_PLACE_KM = 20.0
FUZZY_CUTOFF = 80.0
# A town read inside an intercommunal body's name this close to its largest member is one of its
# towns (the body is named after it: "CC du Pays de Fayence"); farther, a namesake.
INTERCOMMUNAL_KM = 50.0
# The countries whose names may be French intercommunal bodies' (none given: a body's shape).
FRENCH = frozenset({None, "FR", *OVERSEAS["FR"]})
FUZZY_MIN_LENGTH = 4
# A fuzzy candidate must have about as many words as the query: "Oslo kommune" is not Tromsø,
# and a long institutional name is not the small town one of its words resembles.
FUZZY_EXTRA_WORDS = 1
# ...and every word of a query of several words must be spelt like one of the candidate's:
# "Oslo kommune" is close to "Tromsø kommune" as a whole, but "oslo" is not "tromso".
FUZZY_WORD_CUTOFF = 70.0
# A name of several words fuzzily close to a village is more likely an institution's name
# than a misspelt village ("Bergen kommunes" is not Berg, pop. 888, 1,000 km north).
FUZZY_SEVERAL_WORDS_MIN_POPULATION = 5000
# A fuzzy candidate found only under an alternate name (an old, foreign or dialect name) must be
# a town of this size: "Urbact" (an EU programme) is spelt like "Urbach", the German name of
# Labaroche (pop. 2,099), and such names are where rare spellings collide.
FUZZY_ALTERNATE_MIN_POPULATION = 10_000
# A misspelling rarely changes a word's first letter (spelling-correction studies, Pollock and
# Zamora's among them, find it wrong in few misspellings): a candidate that starts with another
# letter must be spelt very closely. "Thales" (a company) is not Alès, 600 km from its seat.
FUZZY_OTHER_INITIAL_MIN_SCORE = 90.0
# A village spelt only about like the name (a fifth of its letters changed, the cutoff) is more
# likely another word's chance neighbour than the village meant: one-word bodies ("Censis", a
# research institute in Rome, is not Cesi, pop. 640, in Umbria). Under this size, a fuzzy
# candidate must be spelt more closely.
FUZZY_VILLAGE_POPULATION = 5000
FUZZY_VILLAGE_MIN_SCORE = 85.0
# A short word in capitals that names no place is an acronym, not a misspelt town: "EUCPN"
# (the European Crime Prevention Network, in Brussels) is not Eupen, 110 km away.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
# A place named inside a longer name ("Université de Liège") is proposed only when it is a
# town of this size: small places share their names with common words.
INSIDE_MIN_POPULATION = 20000
INSIDE_ALTERNATE_MIN_POPULATION = 200_000
# A body named after a part of a region ("North Wales Police" in Colwyn Bay, "Université Bretagne
# Sud" in Lorient, "Università del Piemonte Orientale" in Vercelli) does not sit at the region's
# capital: a region named inside a name with one of these words is not proposed.
# Not "est", "sur", "este": also "is", "on", "this" ("Grand Est" is a whole region).
COMPASS_WORDS = frozenset(
    "north south east west northern southern eastern western nord sud ouest occidentale "
    "orientale septentrionale meridionale occidental oriental norte oeste nordest sudest "
    "nordovest sudovest noord zuid oost ost sued".split()
)
# A saint's name inside a longer name is more often the body's patron than its town (the
# Compagnia di San Paolo is in Turin, not in San Paolo, a quarter of Bari; the Société de
# Saint-Vincent-de-Paul is a charity): it is proposed only for a town of this size
# (Saint-Étienne, San Sebastián, Saint-Nazaire, Sint-Niklaas).
SAINT_INSIDE_MIN_POPULATION = 50_000
# The first words of saints' names, as keys (geo.places.gazetteer.name_key writes "Saint",
# "Sankt", "Sint" as "st").
SAINT_WORDS = frozenset(
    "st ste sta san sant santo santi sao sveti sv swiety agios agia aghios".split()
)
# Words of institutions' names that are also towns' names (Police, in Poland): inside a longer
# name they are the institution, not the town.
INSTITUTION_WORDS = frozenset(
    "police polizei policia policja policie polizia politie poliisi council forum region "
    "university universite universita universidad city union centre center centro".split()
)

# A town named in a union of municipalities' name is proposed only at this size: unions are named
# after their land, and its words are villages' names elsewhere ("Unione Terre di Castelli", near
# Modena, is not Castelli, pop. 271, in Abruzzo; the Vallès is not Vallés, pop. 95, in Valencia).
UNION_TOWN_MIN_POPULATION = 5000

# Words that make a name a national body's (its police, border guard, ministry): with the
# country named in it, such a body is proposed at the country's seat of government.
NATIONAL_WORDS = frozenset(
    "national federal police polizei policia politie policie policja polizia politsei poliisi "
    "border gendarmerie marechaussee carabinieri ministry ministere ministerio ministero "
    "bundespolizei".split()
)
# ...unless it is a region's, a province's or a town's ("Bavarian State Police", "Gendarmerie
# départementale"): its seat is not the country's.
REGIONAL_WORDS = frozenset(
    "state land landes landespolizei regional regionale regionali region regione regio "
    "county provincial provinciale provinciali provincia departementale departemental "
    "departmental local locale locali municipal municipale municipali comunale autonomica "
    "autonoma autonome gewestelijke".split()
)
# A town this big named beside a state body's words makes the body that town's (a brigade, a
# directorate): it is not put at the seat of government.
PLACE_IN_BODY_MIN_POPULATION = 1000
# A country's association of its municipalities ("Local Government Denmark", "Croatian County
# Association", "Union of Cyprus Municipalities") is proposed at the capital, where most sit,
# only when its name says nothing but that and the country: "Union of Bulgarian Black Sea
# Local Authorities" is a regional one (in Varna), and those that sit elsewhere are rows of
# reference/institutions.csv (ANMP in Coimbra, AFCCRE in Orléans).
ASSOCIATION_WORDS = frozenset(
    "association union federation municipalities authorities government".split()
)
GENERIC_WORDS = ASSOCIATION_WORDS | frozenset(
    "county counties region regions regional cities towns communes local and of the in for "
    "council european municipalities republic national".split()
)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|^[^:]{1,12}:")

# How official names start: "City of Nice", "Ville de Liège", "Città di Torino"…
_PREFIXES = re.compile(
    r"^(?:(?:the )?city of|municipality of|town of|ville d[ e]|commune d[ e]|mairie d[ e]|"
    r"citta d[ i]|comune d[ i]|ciudad d[ e]|ayuntamiento d[ e]|concello d[ e]|ajuntament d[ e]|"
    r"camara municipal d[ eoa]|municipio d[ e]|stadt|gemeente|stad|gmina|miasto|urad mesta|"
    r"dimos|landeshauptstadt|hansestadt|city council of|municipalite d[ e])\s*",
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a name was placed, how sure we are, and why.

    ``lat``/``lon`` are None only when ``status`` is ``not_found``. For ``ambiguous`` they are
    the most likely candidate's, and ``candidates`` lists the others a person should choose
    from. ``country_check`` is the result of :func:`geo.places.borders.check_country` (None
    when the basemap cannot tell); ``said`` is what a reviewer should know, as codes of
    :mod:`geo.messages` and their params, so that it is told in any language (``explain``);
    ``message`` is its English.
    """

    lat: float | None
    lon: float | None
    status: str
    precision: str
    source: str
    confidence: float
    candidates: tuple[Place, ...] = ()
    place: Place | None = None
    country: str = ""
    country_check: bool | None = None
    said: tuple[Said, ...] = ()
    reading: Reading | None = None  # how an institutional name was read (what was removed)
    territory: Territory | None = None  # the administrative area placed (at ``place``)

    @property
    def needs_review(self) -> bool:
        return self.status in ("ambiguous", "fuzzy", "not_found") or self.country_check is False

    def candidates_text(self) -> str:
        return " | ".join(p.label() for p in self.candidates)

    @property
    def message(self) -> str:
        return self.explain()

    def explain(self, lang: str = DEFAULT) -> str:
        """What a reviewer should know, in ``lang``."""
        return explain(self.said, lang=lang)


# One part of an explanation: a code of geo.messages and its params, hashable (memo keys).
Said = tuple[str, tuple[tuple[str, str], ...]]


def explain(said: tuple[Said, ...], *, lang: str = DEFAULT) -> str:
    """An explanation in ``lang``: each part from its code (geo.messages), one after the
    other as the language writes a list of clauses ("a; b" — "a ; b" in French)."""
    tr = translator(lang)
    parts = [render_line(code, dict(params), lang=lang) for code, params in said]
    return functools.reduce(lambda told, part: tr.t("{told}; {part}", told=told, part=part),
                            parts) if parts else ""  # fmt: skip


def say(code: str, /, **params: object) -> tuple[Said, ...]:
    """An explanation of one part: ``code`` of geo.messages with ``params`` (as text)."""
    return ((code, tuple((k, str(v)) for k, v in params.items())),)


@dataclass(frozen=True, slots=True)
class _Hit:
    index: int
    own: bool
    weight: float


class Geocoder:
    """Resolves place names offline against a :class:`Gazetteer`; see the module's docstring.

    ``overrides`` maps ``(geo.data.countries.fold(name), ISO2)`` to ``(lat, lon)``: choices a person
    made, which win over everything but coordinates in the data. ``online`` is a
    :class:`geo.places.nominatim.OnlineGeocoder` (its disk cache is read even when it is
    switched off).
    """

    def __init__(
        self,
        *,
        gazetteer: Gazetteer | None = None,
        overrides: Mapping[tuple[str, str], tuple[float, float]] | None = None,
        online: OnlineGeocoder | None = None,
        check_borders: bool = True,
    ):
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer()
        self.overrides = dict(overrides or {})
        self.online = online
        self.check_borders = check_borders
        self._memo: dict[tuple, Resolution] = {}  # by normalised name and country
        self._answers: dict[tuple, Resolution] = {}  # by the row's cells as given

    # -- the public entry point -------------------------------------------------------------

    def resolve(
        self,
        name: str,
        country: str | None = None,
        *,
        city: str | None = None,
        kind: str | None = None,
        lat: float | str | None = None,
        lon: float | str | None = None,
    ) -> Resolution:
        """Place one row (cells as given: ``lat``/``lon`` may be numbers or their text; blank,
        NaN or not a number means none). ``country`` may be ISO2 or a name in any European
        language; for
        organisations (``kind`` association/agency/network) ``city`` is their seat, for sites
        and events the city they are in, and that is what gets placed."""
        at_lat, at_lon = _number(lat), _number(lon)
        if at_lat is not None and at_lon is not None:
            iso, note = _country(_text(country))
            return self._from_data(at_lat, at_lon, iso, _text(kind).casefold(), note)
        raw = (name, country, city, kind)
        try:
            return self._answers[raw]
        except (KeyError, TypeError):  # TypeError: an unhashable cell; resolve it anyway
            pass
        found = self._resolve_row(_text(name), _text(country), _text(city), _text(kind).casefold())
        try:
            self._answers[raw] = found
        except TypeError:
            pass
        return found

    def _resolve_row(self, name: str, country: str, city: str, kind: str) -> Resolution:
        iso, note = _country(country)
        query = city or name
        for key_name in dict.fromkeys((name, city)) if self.overrides else ():  # rarely any
            point = self.overrides.get((fold(key_name), iso or "")) if key_name else None
            if point is not None:
                return self._checked(Resolution(
                    float(point[0]), float(point[1]), "manual", _precision(kind, city), "override",
                    1.0, country=iso or "", said=say("geocode_override") + note,
                ))  # fmt: skip
        if not query:
            if iso:
                return self._country_only(iso, say("geocode_country_only"))
            return _not_found(say("geocode_nothing_given"), note)
        key = name_key(query)
        memo_key = (key, iso, note, kind in ORGANISATIONS and not city)
        found = self._memo.get(memo_key)
        if found is None:
            found = self._resolve_name(query, key, iso, kind=kind, seat_known=bool(city), note=note)
            if note and found.status == "matched":
                found = _replace(found, status="ambiguous" if iso is None else "fuzzy",
                                 confidence=round(found.confidence * 0.7, 3))  # fmt: skip
            self._memo[memo_key] = found
        return found

    # -- the steps --------------------------------------------------------------------------

    def _resolve_name(
        self,
        query: str,
        key: str,
        iso: str | None,
        *,
        kind: str,
        seat_known: bool,
        note: tuple[Said, ...],
    ) -> Resolution:
        """``key`` is ``name_key(query)``, worked out once by the caller."""
        precision = "city"
        if self.online is not None:
            known, answer = self.online.cached(query, iso)
            if known and answer is not None:
                return self._from_online(answer, iso, note, cached=True)
        if iso in OVERSEAS and (part := self._overseas_part(query, iso)) is not None:
            # "Saint-Paul (La Réunion)" with country FR: the town of that overseas part, never
            # a mainland namesake (Saint-Paul-lès-Dax) nor one spelt like it (Matour).
            code, reading = part
            there = self._resolve_name(reading.text, reading.key, code, kind=kind,
                                       seat_known=seat_known, note=note)  # fmt: skip
            if there.place is None:
                return there
            said = say("place_read_as", **reading.params(there.place.name))
            return _replace(there, reading=reading, said=said + there.said)
        found = self._exact_home(key, iso, precision, note)
        if found is not None and iso is None and _ACRONYM.fullmatch(query.strip()):
            found = self._unless_acronym(found, query.strip(), key)
        if found is not None and (elided := _ELIDED.match(query)):
            found = self._unless_elided(found, query[elided.end():], elided.group(), iso,
                                        kind=kind, seat_known=seat_known, note=note)  # fmt: skip
        if found is None and iso is None:
            found = self._split_country(query, precision, note)
        if found is None:
            found = self._seat(query, iso, note) or self._school(query, iso, note)
            found = found or self._read(query, iso, precision, note)
            if found is not None and found.reading is not None and iso in FRENCH:
                found = self._unless_intercommunal(found, query, iso, note)
            if found is not None and found.reading is not None and iso is not None:
                found = self._unless_union(found, query, iso, note)
        if found is None and iso in FRENCH:
            found = self._intercommunal(query, iso, note, defer_named=True)
        if found is None:
            found = self._areas(query, iso, note)
        if found is None and iso is not None:
            found = self._union(query, iso, note)
        if found is None and kind in ORGANISATIONS and not seat_known:
            found = self._organisation(query, iso, note)
        if found is None and iso is not None:
            found = self._inside(query, iso, note) or self._national(query, iso, note)
        if found is None and iso in FRENCH:  # "Clermont Auvergne": without its kind
            found = self._intercommunal(query, iso, note, bare=iso is not None)
        if found is None:
            as_country = to_iso2(query)
            overseas = as_country in OVERSEAS.get(iso or "", ())  # "Mayotte" with FR: France
            if as_country and (iso is None or as_country == iso or overseas):
                said = () if overseas else say("geocode_is_country", name=query)
                return self._country_only(as_country, said + note)
            found = self._fuzzy(query, iso, precision, note)
        for reading in readings(query) if found is None else ():
            # "Birmigham (R.Unido)": the misspelt name without what a list put in brackets.
            if reading.removed and all(r[:1] in "([" for r in reading.removed):
                found = self._fuzzy(reading.text, iso, precision, note)
                break
        if found is None and self.online is not None and self.online.enabled:
            answer = self.online.geocode(query, iso)
            if answer is not None:
                return self._from_online(answer, iso, note, cached=False)
        if found is None:
            return self._not_found(query, iso, note)
        return found

    def _exact(
        self, key: str, iso: str | None, precision: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        for variant in _variants(key):
            hits = self._hits(variant, iso)
            if hits:
                return self._judge(hits, iso, precision, note, fuzzy_score=None)
        return None

    def _exact_home(
        self, key: str, iso: str | None, precision: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """``_exact`` in the country, then in its overseas parts (OVERSEAS): lists write
        "Macouria (Guyane)" with country FR, and a town found nowhere else would otherwise be
        left to a fuzzy namesake in mainland France (Mauriac, 7,000 km away)."""
        found = self._exact(key, iso, precision, note)
        overseas = OVERSEAS.get(iso or "", ())
        for variant in _variants(key) if found is None and overseas else ():
            # All parts at once: namesakes in two of them (Lamentin in Guadeloupe, Le Lamentin
            # in Martinique) are weighed against each other, not taken in a fixed order.
            hits = [hit for code in overseas for hit in self._hits(variant, code)]
            if hits:
                found = self._judge(hits, iso, precision, note, fuzzy_score=None)
                break
        return self._unless_region(found, key, iso, note)

    def _unless_region(
        self, found: Resolution | None, key: str, iso: str | None, note: tuple[Said, ...]
    ) -> Resolution | None:
        """A village that bears a region's name exactly gives way to the region of the row's
        country or its own ("Bourgogne", pop. 1,018, is not Burgundy, which a list means;
        "Normandie" with country FR is not the village of New Caledonia): a region of level 1
        only, a village under VILLAGE_UNDER_REGION."""
        place = found.place if found is not None else None
        if place is None or place.population >= VILLAGE_UNDER_REGION:
            return found
        for country in dict.fromkeys(c for c in (iso, place.country) if c):
            areas = [a for a in self.gazetteer.territories(key, country)
                     if a.is_region and a.level == 1]  # fmt: skip
            region = self._area(key, country, note, None) if len(areas) == 1 else None
            if region is not None:
                return region
        if iso is None:  # no country: a European region of that name, if only one
            areas = [a for a in self.gazetteer.territories(key, None) if a.is_region
                     and a.level == 1 and a.country in EUROPEAN_COUNTRIES]  # fmt: skip
            if len(areas) == 1 and (region := self._area(key, areas[0].country, note, None)):
                return region
        return found

    def _overseas_part(self, query: str, iso: str) -> tuple[str, Reading] | None:
        """The overseas part of country ``iso`` (OVERSEAS) that a bracket after the name
        names ("(Guyane)", "(département de la Martinique)"), and the name without it."""
        for reading in readings(query):
            if not reading.removed or any(r[:1] not in "([" for r in reading.removed):
                continue
            for bracket in reading.removed:
                if code := self._overseas_code(bracket.strip("()[] "), iso):
                    return code, reading
        return None

    def _overseas_code(self, text: str, iso: str) -> str | None:
        parts = OVERSEAS.get(iso, ())
        if (code := to_iso2(text)) in parts:
            return code
        words = name_key(text).split()
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                for code in parts:
                    if len(phrase) >= 4 and self.gazetteer.territories(phrase, code):
                        return code
        return None

    def _split_country(
        self, query: str, precision: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """'Liège, Belgique' or 'Brest (France)' written in one cell."""
        parts = [p.strip() for p in re.split(r"[,;/()|]", query) if p.strip()]
        if len(parts) < 2:
            return None
        iso = to_iso2(parts[-1])
        if iso is None:
            return None
        place = " ".join(parts[:-1])
        key = name_key(place)
        exact = self._exact(key, iso, precision, note)
        return (self._unless_region(exact, key, iso, note) or self._area(key, iso, note, None)
                or self._fuzzy(place, iso, precision, note))  # fmt: skip

    def _seat(self, query: str, iso: str | None, note: tuple[Said, ...]) -> Resolution | None:
        """A recurring body of ``reference/institutions.csv``, at its seat; a branch of it
        (its name and a place: "ANCI – … Comuni Italiani/Piemonte") is not at its seat."""
        seats = reference_seats()
        found = seats.find_read(query, bare=iso is not None)
        if found is None:
            return self._seat_near(query, iso, note)
        if iso is not None and iso != found[0].country:
            return None
        seat, reading = found
        rest = _beyond_body(reading, seats.names(seat)) if reading else ""
        if rest:
            return self._branch(rest, query, iso, note)
        return self._checked(_at_seat(seat, note, reading))

    def _seat_near(self, query: str, iso: str | None, note: tuple[Said, ...]) -> Resolution | None:
        """A recurring body written with other linking words or a "Europe" more or less
        (Seats.find_near): proposed for review at its seat."""
        near = reference_seats().find_near(query)
        if near is None or (iso is not None and iso != near[0].country):
            return None
        seat, known = near
        said = say("place_reference_near", name=query, body=known, city=seat.city)
        return self._checked(Resolution(seat.lat, seat.lon, "fuzzy", "city", "reference", 0.6,
                                        country=seat.country, said=said + note))  # fmt: skip

    def _school(self, query: str, iso: str | None, note: tuple[Said, ...]) -> Resolution | None:
        """A university, research institute or other body of the ROR register
        (geo.places.higher_education), at its city: proposed for review, ``matched`` only when
        ``query`` is its official name."""
        found = reference_schools().find(query, iso)
        school = found.school if found is not None else None
        town = self.gazetteer.by_id(school.geonameid) if school is not None else None
        if found is None or school is None or town is None:  # another gazetteer than the file's
            return None
        said = say(school.said_code, body=school.name, place=town.name, ror=school.ror)
        return self._checked(Resolution(
            town.lat, town.lon, "matched" if found.exact else "fuzzy", "city",
            f"ror:{school.ror}", 1.0 if found.exact else 0.5, country=school.country,
            place=town, said=said + note,
        ))  # fmt: skip

    def _branch(
        self, rest: str, query: str, iso: str | None, note: tuple[Said, ...]
    ) -> Resolution | None:
        """A body's branch named after a place (``rest``): proposed for review at that area's
        seat or that town, never at the body's own seat; None when ``rest`` names no place."""
        key = name_key(rest)
        found = self._area(key, iso, note, None) or self._exact_home(key, iso, "city", note)
        if found is None or found.place is None:
            return None
        said = say("place_inside_name", place=found.place.name, name=query)
        return _replace(found, status="fuzzy", confidence=min(found.confidence, 0.5),
                        reading=Reading(found.place.name, inside=True),
                        said=said + found.said)  # fmt: skip

    def _read(
        self, query: str, iso: str | None, precision: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """The place an administration's name stands for ("Gemeente Utrecht" → Utrecht)."""
        if iso in FRENCH and (number := _DEPARTEMENT_NUMBER.match(name_key(query))):
            return self._departement(number, query, note)
        for reading in readings(query):
            if reading.territory and iso in OVERSEAS and (
                    part := to_iso2(reading.text)) in OVERSEAS[iso]:  # fmt: skip
                # "Conseil départemental de Mayotte" with country FR: Mayotte, at its capital.
                overseas = self._country_only(part, note)
                said = say("place_read_as", **reading.params(country_name(part)))
                return _replace(overseas, reading=reading, said=said + overseas.said)
            # After a territorial word, an area wins over a town of that name: "Région
            # Bretagne" is the region, not the village of Bretagne-de-Marsan.
            area = self._area(reading.key, iso, note, reading) if reading.territory else None
            if area is not None:
                # Unless the whole name is another area's, with the word in it: "Sofia City
                # Province" is Sofia-grad, not the province of Sofia around it.
                whole = self._area(name_key(query), iso, note, None)
                same = whole is None or whole.territory == area.territory
                return area if same else whole
            found = self._exact_home(reading.key, iso, precision, note)
            if found is not None and reading.inside:
                if found.place is None or found.place.population < INSIDE_MIN_POPULATION:
                    continue  # "Università del Salento" (Lecce) is not Salento, pop. 760
                return self._proposed(found, reading, query)
            if found is not None:
                assert found.place is not None  # an exact match names its place
                said = say("place_read_as", **reading.params(found.place.name))
                if reading.seat_unsure:  # "Landkreis Harburg": its seat is Winsen
                    found = _replace(found, status="fuzzy", confidence=min(found.confidence, 0.5))
                return _replace(found, reading=reading, said=said + found.said)
        return None

    def _departement(
        self, number: re.Match[str], query: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """A French département written by its number ("Conseil départemental 93",
        "Département 13", "CD 59"): the département of that INSEE code, at its chef-lieu."""
        area = self.gazetteer.territory(f"FR-{number.group(2).upper()}")
        if area is None:
            return None
        reading = Reading(area.name, (number.group(1), number.group(2)), territory=True)
        return self._area(name_key(area.name), "FR", note, reading)

    def _unless_intercommunal(
        self, found: Resolution, query: str, iso: str | None, note: tuple[Said, ...]
    ) -> Resolution:
        """``found``, a town read inside ``query``, unless ``query`` is exactly an intercommunal
        body's name whose members lie far from that town ("Grand Lac" is not Lacq, in the
        Pyrenees, but the body of Aix-les-Bains): then the body, for review."""
        body = reference_intercommunals().find(query, bare=iso is not None)
        if body is None or not body.exact:
            return found
        return _body_unless_near(found, self._intercommunal_at(body, query, iso, note))

    def _intercommunal(
        self,
        query: str,
        iso: str | None,
        note: tuple[Said, ...],
        *,
        bare: bool = False,
        defer_named: bool = False,
    ) -> Resolution | None:
        """A French intercommunal body ("CA du Pays Basque"), at its most populous member for
        review (its seat may be another member); a métropole named after that town, matched
        there (geo.places.intercommunal). With ``defer_named``, a body of another kind named
        after that town ("Angers Loire Métropole", a CU) is left to the steps that read a town
        inside a name, whose answer says so."""
        found = reference_intercommunals().find(query, bare=bare)
        if found is None or (defer_named and found.body.named and not found.body.at_seat):
            return None
        return self._intercommunal_at(found, query, iso, note)

    def _intercommunal_at(
        self, found: IntercommunalFound, query: str, iso: str | None, note: tuple[Said, ...]
    ) -> Resolution | None:
        place = self.gazetteer.by_id(found.body.geonameid)
        # Country RE (GeoNames files La Réunion apart) reaches only La Réunion's bodies.
        if place is None or iso not in (None, "FR", place.country):
            return None
        body, sure = found.body, found.exact and found.body.at_seat
        said = () if found.exact else say("place_intercommunal_spelt", name=query, body=body.name)
        if body.placed:  # its largest town is unknown to GeoNames: the next one (epci.csv)
            said += say("place_intercommunal_member", body=body.name, town=place.name,
                        largest=body.town)  # fmt: skip
        else:
            said += say("place_intercommunal_seat" if sure else "place_intercommunal",
                        body=body.name, town=place.name)  # fmt: skip
        return self._checked(Resolution(
            place.lat, place.lon, "matched" if sure else "fuzzy", "city",
            f"intercommunal:{body.insee}", 0.9 if sure else 0.5, candidates=(place,),
            place=place, country=place.country, said=said + note,
        ))  # fmt: skip

    def _areas(self, query: str, iso: str | None, note: tuple[Said, ...]) -> Resolution | None:
        """An administrative area called ``query`` or one of its readings ("Lombardia",
        "Gemeente Súdwest-Fryslân"), once no town answered."""
        for reading in (Reading(query), *_without_article(query), *readings(query)):
            if reading.inside:  # "Université de Lorraine" is in Nancy, not at Metz: not here
                continue
            found = self._area(reading.key, iso, note, reading if reading.removed else None)
            if found is not None:
                return found
        return None

    def _area(
        self, key: str, iso: str | None, note: tuple[Said, ...], reading: Reading | None
    ) -> Resolution | None:
        """The area named ``key`` at its seat (:class:`Territory`): ``matched`` when it is
        named after that town or shown at the capital a published source names, and has no
        namesake in the country; else proposed for review (its capital may be another town)."""
        g = self.gazetteer
        areas = g.territories(key, iso)
        if not areas and _GREEK.search(key):  # the gazetteer has some regions in Latin only
            areas = g.territories(greek_to_latin(key), iso)
        for overseas in OVERSEAS.get(iso or "", ()) if not areas else ():
            areas = areas or g.territories(key, overseas)
        if iso is None:
            areas = [a for a in areas if a.country in EUROPEAN_COUNTRIES]
        if reading is not None:  # "Regierungsbezirk Kassel" is not the Landkreis Kassel
            areas = sorted(areas, key=lambda a: (a.kind == "district") != reading.names_district)
        if not areas:
            return None
        area = areas[0]
        place = g.place(area.seat)
        rivals = [a for a in areas[1:] if a.is_region == area.is_region
                  and _km(place.lat, place.lon, *g.position(a.seat)) > SAME_PLACE_KM]  # fmt: skip
        sure = (area.named or area.capital) and not rivals
        params = {"area": area.name, "code": area.code, "town": place.name}
        said = say("place_area_seat" if area.kind == "district" else
                   _AREA_SEAT[(area.capital, area.named)], **params)  # fmt: skip
        if area.years:  # a former region ("Nord-Pas-de-Calais", 1982–2015): say so
            said = say("place_area_former", **params, **_years(area))
        if reading is not None:
            said = say("place_read_as", **reading.params(area.name)) + said
        return self._checked(Resolution(
            place.lat, place.lon, "matched" if sure else "ambiguous",
            "region" if area.is_region else "city", f"area:{area.code}", 0.9 if sure else 0.5,
            candidates=(place, *(g.place(a.seat) for a in rivals[:5])), place=place,
            country=place.country, said=said + note, reading=reading, territory=area,
        ))  # fmt: skip

    def _union(self, query: str, iso: str, note: tuple[Said, ...]) -> Resolution | None:
        """A union of municipalities (geo.places.institutions.union_rest: "Unione Reno
        Galliera", "Mancomunidad …") whose name holds a member town: proposed there for review
        (its seat may be another member). Its land's words (UNION_LAND_WORDS) are not towns; a
        name with namesakes far apart in the country is left: better not found than far.
        A union of reference/unions.csv is shown at its seat first (:meth:`_union_seat`)."""
        if (seat := self._union_seat(query, iso, note)) is not None:
            return seat
        words = union_rest(query).split()
        for size in range(min(len(words), 3), 0, -1):
            for start in range(len(words) - size + 1):
                phrase = words[start : start + size]
                if all(w in UNION_LAND_WORDS or w in _LINK_WORDS for w in phrase):
                    continue
                least = UNION_TOWN_MIN_POPULATION
                hits = [h for h in self._hits(" ".join(phrase), iso)
                        if h.own and self.gazetteer.population(h.index) >= least]  # fmt: skip
                if not hits:
                    continue
                kept = self._distinct(hits, iso)
                if len(kept) > 1:
                    return None
                town = self.gazetteer.place(kept[0].index)
                said = say("place_union_member", name=query, town=town.name)
                return self._checked(Resolution(
                    town.lat, town.lon, "fuzzy", "city", f"geonames:{town.geonameid}", 0.4,
                    candidates=(town,), place=town, country=iso, said=said + note,
                    reading=Reading(town.name, inside=True),
                ))  # fmt: skip
        return None

    def _unless_acronym(self, found: Resolution, query: str, key: str) -> Resolution:
        """``found``, a town an acronym-like word names with no country given ("ALDA", the
        European Association for Local Democracy), unless that word is only one of the town's
        other names (Elda, in Spain, is "Alda" too), not its own: then not found, the town
        offered as a candidate (a list that writes a body's acronym means the body). "NICE"
        stays Nice, and a city of ACRONYM_CITY_MIN_POPULATION is what its other name in
        capitals means ("WIEN", "ROMA")."""
        if found.status != "matched" or found.place is None:
            return found
        if name_key(found.place.name) == key or (
                found.place.population or 0) >= ACRONYM_CITY_MIN_POPULATION:  # fmt: skip
            return found
        # Not found, the town kept as a candidate: a point far from the body would be a guess.
        return _not_found(say("place_acronym_alias", name=query, town=found.place.name), (),
                          candidates=(found.place,))  # fmt: skip

    def _unless_elided(
        self, found: Resolution, rest: str, article: str, iso: str | None, *, kind: str,
        seat_known: bool, note: tuple[Said, ...],
    ) -> Resolution:  # fmt: skip
        """``found``, a town whose name is ``query`` with its elided article glued on
        ("L’Aveyron" is the key of Laveyron, a village of 937), unless the town writes no
        apostrophe itself (L'Aquila does) and the name read without its article is found:
        then that ("Aveyron", the département, at Rodez)."""
        name = found.place.name if found.place is not None else ""
        if "'" in name or "’" in name or not rest.strip():
            return found
        without = self._resolve_name(rest, name_key(rest), iso, kind=kind, seat_known=seat_known,
                                     note=note)  # fmt: skip
        if without.place is None or without.status == "not_found":
            return found
        reading = Reading(rest, (article.strip(),))
        said = say("place_read_as", **reading.params())
        return _replace(without, reading=without.reading or reading, said=said + without.said)

    def _unless_union(
        self, found: Resolution, query: str, iso: str, note: tuple[Said, ...]
    ) -> Resolution:
        """``found``, a town read inside ``query``, unless ``query`` names a union of
        reference/unions.csv whose seat is far from that town ("Unione dei Comuni del Frignano"
        is not Frignano, by Caserta, but the union of Pavullo, 460 km north): then the union."""
        return _body_unless_near(found, self._union_seat(query, iso, note))

    def _union_seat(self, query: str, iso: str, note: tuple[Said, ...]) -> Resolution | None:
        """An Italian union of municipalities of reference/unions.csv ("Unione Terre di
        Castelli"), proposed for review at the seat IndicePA records (geo.places.unions)."""
        found = reference_unions().find(query)
        town = self.gazetteer.by_id(found.union.geonameid) if found is not None else None
        if found is None or town is None or iso != town.country:
            return None
        union = found.union
        said = () if found.exact else say("place_union_spelt", name=query, union=union.name)
        said += say("place_union_seat", union=union.name, town=town.name)
        return self._checked(Resolution(
            town.lat, town.lon, "fuzzy", "city", f"union:{union.istat}", 0.5 if found.exact
            else 0.4, candidates=(town,), place=town, country=town.country, said=said + note,
        ))  # fmt: skip

    def _proposed(self, found: Resolution, reading: Reading, query: str) -> Resolution:
        """A place read inside an organisation's name ("Université de Liège"): proposed for
        review with its point, never ``matched``."""
        assert found.place is not None  # an exact match names its place
        said = say("place_inside_name", place=found.place.name, name=query)
        return _replace(found, status="fuzzy", confidence=min(found.confidence, 0.5),
                        reading=reading, said=said + found.said)  # fmt: skip

    def _national(self, query: str, iso: str, note: tuple[Said, ...]) -> Resolution | None:
        """A national body with no place in its name, proposed for review at the country's
        seat of government (reference/governments.csv): a country's association of its
        municipalities ("Local Government Norway"), or a body of the state by its name
        (:meth:`_state_body`: "Ministère de l'Intérieur", "Dutch National Police")."""
        association = _association_of(query, iso)
        words = "" if association else self._state_body(query, iso)
        if not association and not words:
            return None
        town = self._seat_of_government(iso)
        if town is None:
            return None
        if association:
            said = say("place_national_capital", name=query, country_iso=iso, town=town.name)
        else:
            said = say("place_national_seat", name=query, country_iso=iso, town=town.name,
                       words=words)  # fmt: skip
        return self._checked(Resolution(
            town.lat, town.lon, "fuzzy", "city", f"geonames:{town.geonameid}", 0.4,
            candidates=(town,), place=town, country=iso, said=said + note,
        ))  # fmt: skip

    def _state_body(self, query: str, iso: str) -> str:
        """The words that make ``query`` a body of the state of ``iso`` (a ministry, a
        national agency or police: geo.places.institutions.national_body; or NATIONAL_WORDS
        with the country named: "Belgian Police"), "" when it is not one, is a region's
        (REGIONAL_WORDS) or a part's (COMPASS_WORDS), names a place, or when ``iso``'s
        national bodies are spread over
        several cities (SPREAD_STATES): there a far guess is worse than none."""
        words = name_key(query).split()
        if iso in SPREAD_STATES or REGIONAL_WORDS.intersection(words) or is_school(query) \
                or is_site(query) or is_research(query):
            return ""
        if COMPASS_WORDS.intersection(words):  # a part of the country: "North Wales Police"
            return ""
        if NATIONAL_WORDS.intersection(words) and _names_country(words, iso):
            return " ".join(w for w in words if w in NATIONAL_WORDS)
        said = national_body(query)
        return said if said and not self._names_place(words, said.split(), iso) else ""

    def _names_place(self, words: list[str], body: list[str], iso: str) -> bool:
        """Whether ``words`` name a town (of PLACE_IN_BODY_MIN_POPULATION, under its own name)
        or an area of ``iso`` beside the ``body`` words: "Gendarmerie nationale – Compagnie de
        Lannion" is Lannion's, and the capital would be a far guess."""
        g = self.gazetteer
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                phrase = words[start : start + size]
                if len(" ".join(phrase)) < 4 or all(w in body or w in _LINK_WORDS for w in phrase):
                    continue
                key = " ".join(phrase)
                if g.territories(key, iso) or any(
                    own and g.country_code(i) == iso
                    and g.population(i) >= PLACE_IN_BODY_MIN_POPULATION
                    for i, own in g.lookup(key)
                ):  # fmt: skip
                    return True
        return False

    def _seat_of_government(self, iso: str) -> Place | None:
        """The town of ``iso``'s seat of government, as GeoNames marks it."""
        geonameid = seats_of_government().get(iso)
        return self.gazetteer.by_id(geonameid) if geonameid is not None else None

    def _inside(self, query: str, iso: str, note: tuple[Said, ...]) -> Resolution | None:
        """A town named inside a longer name ("Polizei Berlin"): proposed for review, with its
        point, never ``matched``. An elided article is read apart once nothing was found with
        it ("Office de tourisme d'Annecy", "Association des Maires d'Île-de-France"): a key
        joins it to the name, as "L'Aquila" needs."""
        if union_rest(query):  # a union's towns are read by _union only
            return None
        found = self._inside_text(query, query, iso, note)
        split = _ELIDED_INSIDE.sub(r"\1 ", query)
        if found is None and split != query:
            found = self._inside_text(split, query, iso, note)
        return found

    def _inside_text(
        self, text: str, query: str, iso: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """_inside on ``text``, the query as written or with its elisions read apart."""
        words = name_key(text).split()
        if (abroad := self._office_abroad(words, query, iso, note)) is not None:
            return abroad
        # The words that make it a body of the state are not a town in it: the Portuguese
        # Guarda Nacional Republicana is not in Guarda.
        body = frozenset(national_body(query).split())
        # A hyphenated area's name is whole: "Schleswig" in "Landespolizei Schleswig-Holstein"
        # is no town of it (two towns' names, "Erlangen-Nürnberg", may still be read apart).
        areas = [(a, b) for a, b in _compounds(text)
                 if self.gazetteer.territories(" ".join(words[a:b]), iso)]  # fmt: skip
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                if phrase in INSTITUTION_WORDS or body.issuperset(phrase.split()):
                    continue
                if _splits_compound(areas, start, size):
                    continue
                hits = [h for h in self._hits(phrase, iso) if self._inside_hit(h, phrase)]
                if hits:
                    best = self._judge(hits, iso, "city", note, fuzzy_score=None)
                    assert best.place is not None  # _judge always says which place it chose
                    reading = Reading(best.place.name, inside=True)
                    said = say("place_inside_name", place=best.place.name, name=query)
                    return _replace(best, status="fuzzy", confidence=min(best.confidence, 0.5),
                                    reading=reading, said=said + best.said)  # fmt: skip
        return self._city_adjective(words, query, iso, note) or self._region_inside(
            words, text, iso, note, as_written=query)

    def _office_abroad(
        self, words: list[str], query: str, iso: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """A body's office in a city of another country, which its name says ("Brussels Office
        of the Oslo Region", "… Recherche Scientifique à Bruxelles"): proposed for review at that
        city, a city of ACRONYM_CITY_MIN_POPULATION after a place's preposition or beside an
        office's word (OFFICE_WORDS), never the town of the row's country the name also holds."""
        office = not OFFICE_WORDS.isdisjoint(words)
        for size in (3, 2, 1):
            for start in range(len(words) - size + 1):
                after = start > 0 and words[start - 1] in PLACE_PREPOSITIONS
                if not (after or office):
                    continue
                phrase = " ".join(words[start : start + size])
                if len(phrase) < 4 or phrase in INSTITUTION_WORDS:
                    continue
                hits = [h for h in self._hits(phrase, None) if self._european(h)
                        and self.gazetteer.population(h.index) >= ACRONYM_CITY_MIN_POPULATION
                        and self.gazetteer.place(h.index).country != iso]  # fmt: skip
                if len({h.index for h in hits}) == 1:
                    return self._one_inside(hits, None, query, note)
        return None

    def _one_inside(
        self, hits: list[_Hit], iso: str | None, query: str, note: tuple[Said, ...]
    ) -> Resolution:
        """The one city ``hits`` find inside ``query``, proposed for review there."""
        best = self._judge(hits, iso, "city", note, fuzzy_score=None)
        assert best.place is not None  # _judge always says which place it chose
        said = say("place_inside_name", place=best.place.name, name=query)
        return _replace(best, status="fuzzy", confidence=min(best.confidence, 0.4),
                        reading=Reading(best.place.name, inside=True),
                        said=said + best.said)  # fmt: skip

    def _city_adjective(
        self, words: list[str], query: str, iso: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        """A city named by its adjective inside a longer name ("Wiener Linien", "Agence
        d'urbanisme de la région grenobloise"): proposed for review at the city, a city of
        ACRONYM_CITY_MIN_POPULATION only (a small town's adjective is too often a word)."""
        for word in words:
            for name in _city_nouns(word):
                hits = [h for h in self._hits(name, iso)  # "Wien" is Vienna's local name
                        if self.gazetteer.population(h.index) >= ACRONYM_CITY_MIN_POPULATION]
                if len({h.index for h in hits}) == 1:
                    return self._one_inside(hits, iso, query, note)
        return None

    def _inside_hit(self, hit: _Hit, phrase: str) -> bool:
        """Whether a town found under ``phrase`` inside a longer name may be proposed: a town
        of INSIDE_MIN_POPULATION under its own name, or a city under its name in the local
        language ("Unione Industriali di Torino": GeoNames calls it Turin), which only big
        cities have and which small places' names do not collide with."""
        g = self.gazetteer
        population = g.population(hit.index)
        if phrase.split(" ", 1)[0] in SAINT_WORDS and (
            " " not in phrase or population < SAINT_INSIDE_MIN_POPULATION
        ):  # "Sainte-Geneviève": "Ste" alone is no town, even if Saint-Étienne is written so
            return False
        if hit.own:
            return population >= INSIDE_MIN_POPULATION
        if len(phrase) < 4 or population < INSIDE_ALTERNATE_MIN_POPULATION:
            return False
        # Not another town's own name: "Porto" is also one of Bordeaux's alternate names.
        return not any(own and g.population(i) >= INSIDE_MIN_POPULATION
                       for i, own in g.lookup(phrase))  # fmt: skip

    def _region_inside(
        self, words: list[str], query: str, iso: str, note: tuple[Said, ...], *,
        as_written: str = "",
    ) -> Resolution | None:
        """A region named inside a longer name ("Brandenburg State Police"), once no town is:
        proposed for review at the town it is shown at. Regions only (level 1): the names of
        smaller areas are too often common words."""
        if COMPASS_WORDS.intersection(words):  # "North Wales Police", "Bretagne Sud"
            return None
        body = frozenset(national_body(query).split())
        compounds = _compounds(query)
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                written = words[start : start + size]
                if body.issuperset(written) or _splits_compound(compounds, start, size):
                    continue
                phrase, areas = self._region_named(" ".join(written), iso)
                if phrase not in INSTITUTION_WORDS and len(areas) == 1:
                    others = tuple(w for w in words if w not in written)  # "police"
                    reading = Reading(areas[0].name, others, inside=True)
                    found = self._area(phrase, iso, note, reading)
                    if found is not None:
                        said = say("place_inside_name", place=areas[0].name,
                                   name=as_written or query)  # fmt: skip
                        return _replace(found, status="fuzzy", confidence=0.4,
                                        said=said + found.said)  # fmt: skip
        return None

    def _region_named(self, written: str, iso: str) -> tuple[str, list[Territory]]:
        """The regions (level 1) a phrase inside a longer name may name, by its first reading
        as a region's noun (_region_nouns) that names any."""
        nouns = _region_nouns(written)
        for phrase in nouns:
            areas = [a for a in self.gazetteer.territories(phrase, iso)
                     if a.is_region and a.level == 1]  # fmt: skip
            if areas:
                return phrase, areas
        return nouns[0], []

    def _organisation(
        self, query: str, iso: str | None, note: tuple[Said, ...]
    ) -> Resolution | None:
        """An organisation with no seat given: a town named inside its name (safe.brussels)."""
        words = name_key(query).split()
        for size in range(len(words) - 1, 0, -1):
            for start in range(len(words) - size + 1):
                phrase = " ".join(words[start : start + size])
                saint = phrase.split(" ", 1)[0] in SAINT_WORDS
                if saint and " " not in phrase:
                    continue
                least = SAINT_INSIDE_MIN_POPULATION if saint else INSIDE_MIN_POPULATION
                hits = [h for h in self._hits(phrase, iso)
                        if h.own and self.gazetteer.population(h.index) >= least]  # fmt: skip
                if hits:
                    best = self._judge(hits, iso, "city", note, fuzzy_score=None)
                    assert best.place is not None  # _judge always says which place it chose
                    return _replace(
                        best, status="fuzzy", confidence=min(best.confidence, 0.5),
                        said=say("geocode_seat_missing", place=best.place.name, name=query)
                        + note,
                    )  # fmt: skip
        return None

    def _fuzzy(
        self, query: str, iso: str | None, precision: str, note: tuple[Said, ...]
    ) -> Resolution | None:
        key = name_key(query)
        if len(key.replace(" ", "")) < FUZZY_MIN_LENGTH or _ACRONYM.fullmatch(query.strip()):
            return None
        countries = (iso,) if iso else tuple(sorted(EUROPEAN_COUNTRIES))
        found = [(candidate, score)
                 for candidate, score in self.gazetteer.fuzzy(key, countries, cutoff=FUZZY_CUTOFF)
                 if _words_agree(key, candidate)]  # fmt: skip
        scored = [(score, [h for h in self._hits(candidate, iso) if (iso or self._european(h))
                           and self._fuzzy_hit(h, key, candidate, score)])
                  for candidate, score in found]  # fmt: skip
        scored = [(score, hits) for score, hits in scored if hits]
        if not scored:
            return None
        best_score = max(score for score, _ in scored)
        hits: list[_Hit] = []
        for score, candidate_hits in scored:
            if score >= best_score - 4:
                hits.extend(candidate_hits)
        if " " in key:
            hits = [
                h
                for h in hits
                if self.gazetteer.population(h.index) >= FUZZY_SEVERAL_WORDS_MIN_POPULATION
            ]
        if not hits:
            return None
        return self._judge(hits, iso, precision, note, fuzzy_score=best_score)

    def _fuzzy_hit(self, hit: _Hit, key: str, candidate: str, score: float) -> bool:
        """Whether a place spelt like ``key`` (under ``candidate``, at ``score``) may be
        proposed: not a small place under an alternate name (FUZZY_ALTERNATE_MIN_POPULATION),
        nor a village spelt only about like it (FUZZY_VILLAGE_MIN_SCORE), nor a name with
        another first letter unless spelt very closely (FUZZY_OTHER_INITIAL_MIN_SCORE)."""
        population = self.gazetteer.population(hit.index)
        if not hit.own and population < FUZZY_ALTERNATE_MIN_POPULATION:
            return False
        if population < FUZZY_VILLAGE_POPULATION and score < FUZZY_VILLAGE_MIN_SCORE:
            return False
        return key[:1] == candidate[:1] or score >= FUZZY_OTHER_INITIAL_MIN_SCORE

    # -- judging candidates -----------------------------------------------------------------

    def _hits(self, key: str, iso: str | None) -> list[_Hit]:
        g = self.gazetteer
        out = []
        for index, own in g.lookup(key):
            code = g.country_code(index)
            if iso and code != iso:
                continue
            weight = max(g.population(index), 500) * (1.0 if own else ALTERNATE_NAME_WEIGHT)
            if not iso and code not in EUROPEAN_COUNTRIES:
                weight *= OUTSIDE_EUROPE_WEIGHT
            out.append(_Hit(index, own, weight))
        return out

    def _judge(
        self,
        hits: list[_Hit],
        iso: str | None,
        precision: str,
        note: tuple[Said, ...],
        *,
        fuzzy_score: float | None,
    ) -> Resolution:
        g = self.gazetteer
        kept = self._distinct(hits, iso)
        best = kept[0]
        rivals = [h for h in kept[1:] if h.weight >= RIVAL_RATIO * best.weight]
        confidence = round(best.weight / sum(h.weight for h in kept[:6]), 3)
        place = g.place(best.index)
        several = len(kept) > 1 or fuzzy_score is not None
        candidates = tuple(g.place(h.index) for h in kept[:6]) if several else ()
        if fuzzy_score is not None:
            confidence = round(min(confidence, fuzzy_score / 100) * 0.9, 3)
        status, said = self._verdict(place, rivals, iso, fuzzy=fuzzy_score is not None)
        # Built once with its country check: this is the path most rows take.
        country_check, said = self._country_check(place.lat, place.lon, place.country, said + note)
        return Resolution(
            place.lat, place.lon, status, precision, f"geonames:{place.geonameid}", confidence,
            candidates=candidates, place=place, country=place.country,
            country_check=country_check, said=said,
        )  # fmt: skip

    def _distinct(self, hits: list[_Hit], iso: str | None) -> list[_Hit]:
        """The hits, most likely first, without those within ``SAME_PLACE_KM`` of a likelier
        one. With no country given, a European place is read first; places elsewhere stay
        rivals."""
        g = self.gazetteer
        ranked = sorted(hits, key=lambda h: (iso is None and not self._european(h), -h.weight))
        kept: list[_Hit] = []
        for hit in ranked:
            lat, lon = g.position(hit.index)
            if all(_km(lat, lon, *g.position(k.index)) > SAME_PLACE_KM for k in kept):
                kept.append(hit)
        return kept

    def _verdict(
        self, place: Place, rivals: list[_Hit], iso: str | None, *, fuzzy: bool
    ) -> tuple[str, tuple[Said, ...]]:
        """The status of the chosen ``place`` and what a reviewer should know about it."""
        if fuzzy:
            if iso:
                return "fuzzy", say("geocode_closest_in", country_iso=iso, place=place.name)
            return "fuzzy", say("geocode_closest", place=place.name)
        if not rivals:
            return "matched", ()
        g = self.gazetteer
        others = ", ".join(
            f"{g.place(h.index).name} ({g.country_code(h.index)})" for h in rivals[:3]
        )
        params = {"place": f"{place.name} ({place.country})", "others": others}
        if iso:
            return "ambiguous", say("geocode_several_in", country_iso=iso, **params)
        return "ambiguous", say("geocode_several", **params)

    def _european(self, hit: _Hit) -> bool:
        return self.gazetteer.country_code(hit.index) in EUROPEAN_COUNTRIES

    # -- other kinds of answer --------------------------------------------------------------

    def _checked(self, found: Resolution) -> Resolution:
        if not self.check_borders or found.lat is None or found.lon is None or not found.country:
            return found
        ok, said = self._country_check(found.lat, found.lon, found.country, found.said)
        return _replace(found, country_check=ok, said=said)

    def _country_check(
        self, lat: float, lon: float, country: str, said: tuple[Said, ...]
    ) -> tuple[bool | None, tuple[Said, ...]]:
        """:func:`geo.places.borders.check_country` and the message that goes with its answer."""
        if not self.check_borders or not country:
            return None, said
        from geo.places.borders import check_country

        ok = check_country(lat, lon, country)
        if ok is False:
            said += say("geocode_outside_country", lat=f"{lat:.4f}", lon=f"{lon:.4f}",
                         country_iso=country)  # fmt: skip
        return ok, said

    def _from_data(
        self, lat: float, lon: float, iso: str | None, kind: str, note: tuple[Said, ...]
    ) -> Resolution:
        return self._checked(Resolution(
            lat, lon, "matched", "site" if kind in ("site", "event") else "city", "data", 1.0,
            country=iso or "", said=note,
        ))  # fmt: skip

    def _from_online(
        self, answer: OnlineAnswer, iso: str | None, note: tuple[Said, ...], *, cached: bool
    ) -> Resolution:
        said = say("geocode_online_cached" if cached else "geocode_online",
                    place=answer.display_name, osm=answer.osm)  # fmt: skip
        return self._checked(Resolution(
            answer.lat, answer.lon, "matched", answer.precision, "nominatim",
            round(min(max(answer.importance, 0.3), 0.9), 3), country=iso or answer.country,
            said=said + note,
        ))  # fmt: skip

    def _country_only(self, iso: str, said: tuple[Said, ...]) -> Resolution:
        from geo.places.borders import borders

        point = borders().centre(iso)
        if point is None and (town := self._seat_of_government(iso)) is not None:
            # Too small for the offline map's borders (Mayotte, Saint-Pierre-et-Miquelon): at
            # its seat of government, as a territory is shown at its capital.
            said = said + say("geocode_country_at_capital", country_iso=iso, town=town.name)
            return Resolution(town.lat, town.lon, "matched", "region", f"country:{iso}", 1.0,
                              place=town, country=iso, country_check=True, said=said)  # fmt: skip
        if point is None:
            return _not_found(say("geocode_country_off_map", country_iso=iso), ())
        return Resolution(point[0], point[1], "matched", "country", f"country:{iso}", 1.0,
                          country=iso, country_check=True, said=said)  # fmt: skip

    def _not_found(self, query: str, iso: str | None, note: tuple[Said, ...]) -> Resolution:
        elsewhere: tuple[Place, ...] = ()
        if iso:
            elsewhere = tuple(
                sorted((self.gazetteer.place(h.index) for h in self._hits(name_key(query), None)),
                       key=lambda p: -p.population)[:5]
            )  # fmt: skip
        if elsewhere:
            said = say("geocode_none_in_but", name=query, country_iso=iso,
                        others=", ".join(sorted({p.country for p in elsewhere})))  # fmt: skip
        elif iso:
            said = say("geocode_none_in", name=query, country_iso=iso)
        else:
            said = say("geocode_none", name=query)
        return _not_found(said, note, candidates=elsewhere)


# -- helpers --------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    try:  # text through the one number parser (geo.data.cells); a float as it is
        number = float(value) if isinstance(value, float | int) else parse_number(str(value))
    except (TypeError, ValueError):  # CellError is a ValueError
        return None
    return number if math.isfinite(number) else None


@cache
def _country(text: str) -> tuple[str | None, tuple[Said, ...]]:
    """ISO2 and a note for the reviewer when the country had to be guessed or was ignored."""
    if not text:
        return None, ()
    iso = to_iso2(text)
    if iso:
        return iso, ()
    guesses = closest_countries(text, limit=1)
    if guesses:
        guess = guesses[0]
        return guess, say("geocode_country_read_as", text=text, country_iso=guess, iso=guess)
    return None, say("geocode_country_ignored", text=text)


def _precision(kind: str, city: str) -> str:
    return "site" if kind in ("site", "event") and not city else "city"


# The adjectives of Polish town names as Polish abbreviates them ("Gorzów Wlkp.", "Mińsk Maz.",
# "Starogard Gd.", "Piotrków Tryb.", "Dąbrowa Górn."), as keys: each for its masculine and
# feminine forms (Ostrów Wielkopolski, Rawa Mazowiecka).
_POLISH_ABBREVIATIONS = {
    "wlkp": ("wielkopolski", "wielkopolska"), "maz": ("mazowiecki", "mazowiecka"),
    "lub": ("lubelski", "lubelska"), "tryb": ("trybunalski",), "gd": ("gdanski", "gdanska"),
    "pom": ("pomorski", "pomorska"), "sl": ("slaski", "slaska"), "kuj": ("kujawski", "kujawska"),
    "gorn": ("gornicza",), "zdr": ("zdroj",), "odrz": ("odrzanski", "odrzanskie"),
}  # fmt: skip


# Portuguese towns' first words as Portuguese lists abbreviate them ("V.N. Gaia", "V. N. de
# Famalicão", "V.R.S. António"), as keys.
_PORTUGUESE_ABBREVIATIONS = {("v", "n"): "vila nova de", ("v", "r", "s"): "vila real de santo",
                             ("v", "f"): "vila franca de"}  # fmt: skip


def _variants(key: str) -> list[str]:
    """The keys to try in turn: the name's key, then without "City of" and similar, then with
    a Polish abbreviated adjective or Portuguese first words written out
    (_POLISH_ABBREVIATIONS, _PORTUGUESE_ABBREVIATIONS)."""
    out = [key]
    stripped = _PREFIXES.sub("", key)
    if stripped and stripped != key:
        out.append(stripped)
    words = key.split(" ")
    if len(words) > 1 and words[-1] in _POLISH_ABBREVIATIONS:
        out += [" ".join([*words[:-1], full]) for full in _POLISH_ABBREVIATIONS[words[-1]]]
    for short, full in _PORTUGUESE_ABBREVIATIONS.items():
        if len(words) > len(short) and tuple(words[: len(short)]) == short:
            rest = words[len(short) + (words[len(short)] == "de") :]
            out.append(" ".join([full, *rest]))
    return out


def _words_agree(query: str, candidate: str) -> bool:
    """Whether a fuzzy ``candidate`` key may stand for the ``query`` key (see FUZZY_EXTRA_WORDS
    and FUZZY_WORD_CUTOFF): a long institutional name never reaches a town one word resembles."""
    words, theirs = query.split(), candidate.split()
    if len(words) > len(theirs) + FUZZY_EXTRA_WORDS:
        return False
    if len(words) == 1:
        return True
    from rapidfuzz import fuzz

    return all(max(fuzz.ratio(w, t) for t in theirs) >= FUZZY_WORD_CUTOFF for w in words)


# Which words say where an area is shown: (Territory.capital, Territory.named) → message code.
_AREA_SEAT = {(True, False): "place_area_capital", (True, True): "place_area_capital",
              (False, True): "place_area_named", (False, False): "place_area_largest"}  # fmt: skip


def _years(area: Territory) -> dict[str, str]:
    """A former region's first and last years ("1982–2015"), as message params."""
    start, _, end = area.years.partition("–")
    return {"start": start, "end": end}


# What an administrative area is, in words (Territory.is_region, level).
AREA_KINDS = {1: N_("region"), 2: N_("province, department or county")}
MUNICIPALITY = N_("municipality")


def area_text(found: Resolution, lang: str = DEFAULT) -> str:
    """What a reviewer, a popup or an export says of an answer placed at an administrative
    area, in ``lang``: "Occitanie (FR-OCC): region, shown at Toulouse, its most populous town
    (its capital may be another)"; "" when the answer is not an area."""
    area, town = found.territory, found.place
    if area is None or town is None:
        return ""
    tr = translator(lang)
    what = tr.t(AREA_KINDS.get(area.level, AREA_KINDS[2]) if area.is_region else MUNICIPALITY)
    params = {"area": area.name, "code": area.code, "what": what, "town": town.name}
    if area.years:
        return tr.t("{area} ({code}): region from {start} to {end}, shown at {town}, its "
                    "capital then", **params, **_years(area))  # fmt: skip
    if area.kind == "district":  # a German Kreis: at the seat of its administration
        return tr.t("{area} ({code}): district, shown at {town}, its seat", **params)
    if area.capital:
        return tr.t("{area} ({code}): {what}, shown at {town}, its capital", **params)
    if area.named:
        return tr.t("{area} ({code}): {what}, shown at {town}, the town it is named after",
                    **params)  # fmt: skip
    return tr.t("{area} ({code}): {what}, shown at {town}, its most populous town (its capital "
                "may be another)", **params)  # fmt: skip


# Regions' adjectives that are not their name plus "-n" (Bavarian) or "-se" (Piemontese).
# Not "Flemish": Flanders is shown at Antwerp, and its bodies sit in Brussels.
REGION_ADJECTIVES = {
    "welsh": "wales", "scottish": "scotland", "catalan": "catalonia", "basque": "pais vasco",
    "corsican": "corse", "tyrolean": "tirol", "breton": "bretagne", "walloon": "wallonie",
    # German adjectives whose stem is not the Land's name (the others: _GERMAN_ADJECTIVE).
    "karntner": "karnten", "steirische": "steiermark", "steirischen": "steiermark",
    "steirisches": "steiermark", "steirischer": "steiermark",
}  # fmt: skip


def _region_nouns(phrase: str) -> tuple[str, ...]:
    """A region's adjective as its name: "bavarian" → "bavaria" (Styrian, Andalusian,
    Silesian, Umbrian…), Italian "piemontese" → "piemonte", REGION_ADJECTIVES ("welsh" →
    "wales"), and a German or Austrian Land's adjective as each name it may stand for
    ("niedersächsische" → niedersachs, niedersachsen; "thüringer" → thüringen); other phrases
    as they are."""
    if phrase in REGION_ADJECTIVES:
        return (REGION_ADJECTIVES[phrase],)
    if phrase.endswith("ian") and len(phrase) > 6:
        return (phrase[:-1],)
    if phrase.endswith("ese") and len(phrase) > 7:
        return (phrase[:-2],)
    if stem := _GERMAN_ADJECTIVE.sub("", phrase) if len(phrase) > 6 else "":
        if stem != phrase:  # "bayerisch" → bayern, "hessisch" → hessen, "saarländisch" → saarland
            return (phrase, stem, stem + "en", stem + "n")
    return (phrase,)


def _city_nouns(word: str) -> tuple[str, ...]:
    """The city names a key's word may be the adjective of: French ones by CITY_ADJECTIVES
    ("grenobloise" → grenoble), German ones by their "-er" ("wiener" → wien, "münchner" →
    münchen, "bremer" → bremen, "basler" → basel)."""
    if word in CITY_ADJECTIVES:
        return (CITY_ADJECTIVES[word],)
    if len(word) < 6 or not word.endswith("er"):
        return ()
    stem = word[:-2]
    out = [stem, stem + "en"]
    if stem.endswith("n"):
        out.append(stem[:-1] + "en")  # münchn → münchen, dresdn → dresden
    if stem.endswith("l"):
        out.append(stem[:-1] + "el")  # basl → basel
    return tuple(out)


# The words of a body's office or representation elsewhere ("Brussels Office of …", "Bureau
# de représentation … à Bruxelles"), and the prepositions that put a body in a place ("… à
# Bruxelles", "… in Brüssel"), as keys.
OFFICE_WORDS = frozenset(
    "office bureau buro oficina ufficio kontor kontoret biuro kancelaria delegation delegacion "
    "delegazione delegacao representation representacion rappresentanza representacao "
    "vertretung vertegenwoordiging liaison antenne".split()
)
PLACE_PREPOSITIONS = frozenset("a au in en em w we im te".split())


# Adjectives of cities in French, Italian and Spanish (and Zurich's in German), masculine and
# feminine, as keys (their stem is not the city's name): "Agence d'urbanisme de la région
# grenobloise" is Grenoble's, "Azienda Trasporti Milanesi" Milan's.
CITY_ADJECTIVES = {
    adjective: city
    for city, forms in {
        "paris": "parisien parisienne", "lyon": "lyonnais lyonnaise",
        "marseille": "marseillais marseillaise", "toulouse": "toulousain toulousaine",
        "nice": "nicois nicoise", "nantes": "nantais nantaise",
        "strasbourg": "strasbourgeois strasbourgeoise", "montpellier": "montpellierain "
        "montpellieraine", "bordeaux": "bordelais bordelaise", "lille": "lillois lilloise",
        "rennes": "rennais rennaise", "grenoble": "grenoblois grenobloise",
        "st etienne": "stephanois stephanoise", "dijon": "dijonnais dijonnaise",
        "angers": "angevin angevine", "metz": "messin messine", "nancy": "nanceien nanceienne",
        "brest": "brestois brestoise", "rouen": "rouennais rouennaise",
        "toulon": "toulonnais toulonnaise", "reims": "remois remoise",
        "le havre": "havrais havraise", "tours": "tourangeau tourangelle",
        "orleans": "orleanais orleanaise", "caen": "caennais caennaise",
        "clermont ferrand": "clermontois clermontoise", "limoges": "limougeaud limougeaude",
        "amiens": "amienois amienoise", "mulhouse": "mulhousien mulhousienne",
        "perpignan": "perpignanais perpignanaise", "bruxelles": "bruxellois bruxelloise",
        "liege": "liegeois liegeoise", "geneve": "genevois genevoise",
        "lausanne": "lausannois lausannoise", "zurich": "zurcher",
        "milano": "milanese milanesi", "torino": "torinese torinesi",
        "bologna": "bolognese bolognesi", "genova": "genovese genovesi",
        "firenze": "fiorentino fiorentina fiorentini", "napoli": "napoletano napoletana "
        "napoletani", "venezia": "veneziano veneziana", "palermo": "palermitano palermitana",
        "madrid": "madrileno madrilena", "barcelona": "barcelones barcelonesa",
        "sevilla": "sevillano sevillana", "bilbao": "bilbaino bilbaina",
        "malaga": "malagueno malaguena", "zaragoza": "zaragozano zaragozana",
    }.items()
    for adjective in forms.split()
}  # fmt: skip


# A German adjective's ending (-isch, -sch, -er, declined): "Niedersächsische Staatskanzlei",
# "Bayerisches Staatsministerium", "Mecklenburg-Vorpommersches", "Thüringer Innenministerium".
_GERMAN_ADJECTIVE = re.compile(r"(?:i?sch(?:e|er|es|en|em)?|er)$")


# English adjectives of the countries of the EU, EFTA and the UK that do not share their
# country's first five letters ("Polish", not "Polan…"): the others are found by that rule.
COUNTRY_ADJECTIVES = {
    "polish": "PL", "danish": "DK", "swedish": "SE", "finnish": "FI", "spanish": "ES",
    "british": "GB", "irish": "IE", "italian": "IT", "dutch": "NL", "french": "FR", "greek": "GR",
    "hellenic": "GR", "swiss": "CH", "norwegian": "NO", "portuguese": "PT", "maltese": "MT",
    "cypriot": "CY", "slovak": "SK", "slovene": "SI", "icelandic": "IS", "flemish": "BE",
}  # fmt: skip


# "National" in the EU's languages, and the words of a police force.
_NATIONAL = frozenset(
    "national nationale nazionale nacional nationaal narodowa nationell nasjonal kansallinen "
    "narodni".split()
)
_POLICE = frozenset(
    "police polizei policia politie policie policja polizia politsei poliisi polisen politi "
    "gendarmerie".split()
)


_GREEK = re.compile("[α-ω]")
# Greek letters as ELOT 743 (the romanisation GeoNames' Greek names follow: "Vóreio Aigaío",
# "Ionía Nísia") writes them, keys folded: Unidecode's "boreio", "nesia" miss them.
_ELOT = str.maketrans({
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
})  # fmt: skip


def greek_to_latin(key: str) -> str:
    """A folded Greek key in Latin letters (ELOT 743): "νοτιο αιγαιο" → "notio aigaio"."""
    for pair, latin in (("ου", "ou"), ("αυ", "av"), ("ευ", "ev"), ("μπ", "b"), ("ντ", "nt")):
        key = key.replace(pair, latin)
    return key.translate(_ELOT)


def _names_country(words: list[str], iso: str) -> bool:
    """Whether the words name the country ``iso``: its name in a European language
    (geo.data.countries), its English adjective (COUNTRY_ADJECTIVES) or a word sharing the
    English name's first five letters ("Austrian", "Belgian", "Czech")."""
    if any(COUNTRY_ADJECTIVES.get(w) == iso for w in words):
        return True
    # "Police nationale", "Policía Nacional": a national police is the country's given.
    if _NATIONAL.intersection(words) and _POLICE.intersection(words):
        return True
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = " ".join(words[start : start + size])
            # Not a code ("DE" after a name) nor a short word: "de" is French for "of".
            if len(phrase) >= 4 and to_iso2(phrase) == iso:
                return True
    english = fold(country_name(iso))
    return len(english) >= 5 and any(len(w) >= 5 and w[:5] == english[:5] for w in words)


def _association_of(query: str, iso: str) -> bool:
    """Whether ``query`` is the name of country ``iso``'s association of its municipalities,
    and nothing more (GENERIC_WORDS, the country's words; an acronym in brackets or before a
    colon aside)."""
    words = name_key(_BRACKETED.sub(" ", query)).split()
    if not ASSOCIATION_WORDS.intersection(words) or not _names_country(words, iso):
        return False
    return all(w in GENERIC_WORDS or _names_country([w], iso) for w in words)


_LINK_WORDS = frozenset(LINKS.split("|"))


def _beyond_body(reading: Reading, keys: list[str]) -> str:
    """What the pieces of a name taken off by ``reading`` say beyond the body's own names
    (``keys``), brackets and labels aside: "" for "EFUS – European Forum for Urban Security",
    "piemonte" for "ANCI – Associazione Nazionale Comuni Italiani/Piemonte"."""
    rest = []
    for piece in reading.removed:
        if piece[:1] in "([" or piece.endswith(":"):
            continue
        words = name_key(piece)
        for key in sorted(keys, key=len, reverse=True):
            words = re.sub(rf"\b{re.escape(key)}\b", " ", words) if key else words
        # A country ("Europol – Netherlands") or a linking word says nothing more.
        rest += [w for w in words.split() if to_iso2(w) is None and w not in _LINK_WORDS]
    return " ".join(rest)


def _at_seat(seat: Seat, note: tuple[Said, ...], reading: Reading | None = None) -> Resolution:
    # A supramunicipal body (reference/supramunicipal.csv) is often found by its land once its
    # kind's words are read off: the answer says so ("read as 'Osona' after removing …").
    code = "place_body_seat" if seat.kind else "place_reference_seat"
    said = say(code, body=seat.name, city=seat.city, source=seat.source)
    if named_by_land(seat, reading):  # "Cávado": the CIM's land, its NUTS III region
        said = say("place_body_land", land=seat.area, body=seat.name) + said
    if seat.kind and reading is not None and reading.removed:
        # The land's own spelling when the land was read; else what was read ("IDETA (BE)").
        land = seat.area if reading.key == name_key(seat.area) else ""
        said = say("place_read_as", **reading.params(land)) + said
    return Resolution(seat.lat, seat.lon, "matched", "city", "reference", 1.0,
                      country=seat.country, said=said + note)  # fmt: skip


# A French département's council or services by its number, as keys: "conseil departemental
# 93", "departement 13", "cd 59", "prefecture 69".
_DEPARTEMENT_NUMBER = re.compile(
    r"^(conseil departemental|conseil general|departement|cd|cg|dept|prefecture|ddsp)"
    r"(?: du| de la| de l| des| de)? (\d{2}|2a|2b|97\d)$"
)
# An elided article or preposition before a name inside a longer one ("… d'Annecy", "…
# dell'Aquila"): read apart from the name when a town is looked for inside.
_ELIDED_INSIDE = re.compile(r"\b([DdLl]|[Dd]ell|[Aa]ll|[Nn]ell|[Ss]ull|[Dd]all)['’]\s*(?=\w)")
# A village under this population bearing a region's very name gives way to the region.
VILLAGE_UNDER_REGION = 5_000
# A word written like an acronym: capitals only, two to six of them.
_ACRONYM = re.compile(r"[A-ZÀ-ÖØ-Þ]{2,6}")
ACRONYM_CITY_MIN_POPULATION = 100_000
# An elided article before a name, as French and Italian write it: "L’Aveyron", "l'Hérault".
_ELIDED = re.compile(r"^[LlDd]['’]\s*(?=\w)")
# An article lists put before an area's name ("la Seine-Saint-Denis", "il Trentino"): read off
# only once no town of the whole name was found ("La Rochelle" is found before).
_AREA_ARTICLE = re.compile(r"^(?:la|le|les|l|il|lo|el|die|der|das|het)\s+(?=\S)")


def _without_article(query: str) -> tuple[Reading, ...]:
    key = name_key(query)
    if match := _AREA_ARTICLE.match(key):
        return (Reading(key[match.end() :], (match.group().strip(),)),)
    return ()


def _compounds(query: str) -> list[tuple[int, int]]:
    """The spans (first word, end) of the key's words that ``query`` writes as one hyphenated
    or elided word ("Seine-Normandie" → two words of the key, one span)."""
    spans, at = [], 0
    for written in query.split():
        size = len(name_key(written).split())
        if size > 1:
            spans.append((at, at + size))
        at += size
    return spans


def _splits_compound(spans: list[tuple[int, int]], start: int, size: int) -> bool:
    """Whether the words ``start``…``start + size`` take part of a compound (``_compounds``)
    and not all of it: "Normandie" in "Agence de l'eau Seine-Normandie" is the river basin's
    name, not the region (whose water agency sits near Paris); "Île-de-France" is whole."""
    end = start + size
    return any(a < end and start < b and not (start <= a and b <= end) for a, b in spans)


def _body_unless_near(town: Resolution, body: Resolution | None) -> Resolution:
    """A town read inside a body's name, or the body itself (an intercommunal body, a union)
    when the town lies farther than INTERCOMMUNAL_KM from where the body is shown: then the
    town is a namesake, not one of the body's."""
    if body is None or town.lat is None or town.lon is None:
        return town
    if body.lat is None or body.lon is None:
        return town
    return body if _km(town.lat, town.lon, body.lat, body.lon) > INTERCOMMUNAL_KM else town


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _replace(found: Resolution, **changes) -> Resolution:
    from dataclasses import replace

    return replace(found, **changes)


def _not_found(
    said: tuple[Said, ...], note: tuple[Said, ...], *, candidates: tuple[Place, ...] = ()
) -> Resolution:
    return Resolution(None, None, "not_found", "", "", 0.0, candidates=candidates,
                      said=said + note)  # fmt: skip


def default_geocoder(settings: Settings | None = None) -> Geocoder:
    """The process's geocoder for ``settings`` (default: ``Settings()``, offline, the project's
    cache): one per cache folder and online configuration, so the gazetteer loads once and a
    cached page view always gets the same geocoder for the same settings."""
    config = settings if settings is not None else Settings()
    return _shared_geocoder(config.cache_dir, OnlineSettings.from_settings(config))


@cache
def _shared_geocoder(cache_dir: Path, online: OnlineSettings) -> Geocoder:
    return Geocoder(gazetteer=_gazetteer(cache_dir), online=OnlineGeocoder(settings=online))


@cache
def _gazetteer(cache_dir: Path) -> Gazetteer:
    """One gazetteer per cache folder and process, whatever the online settings."""
    return Gazetteer(cache_dir=cache_dir)


def geocoder_with(
    overrides: Mapping[tuple[str, str], tuple[float, float]], *, settings: Settings | None = None
) -> Geocoder:
    """A geocoder that knows these manual choices (``{(fold(name), ISO2): (lat, lon)}``, from
    the store or an ``overrides.csv``); it shares the process's gazetteer (loaded once) and
    online geocoder for ``settings`` (see :func:`default_geocoder`)."""
    base = default_geocoder(settings)
    if not overrides:
        return base
    return Geocoder(gazetteer=base.gazetteer, overrides=overrides, online=base.online,
                    check_borders=base.check_borders)  # fmt: skip


def city_centre(
    city: str, country: str | None, *, settings: Settings | None = None
) -> tuple[float, float] | None:
    """The centre of ``city`` as the gazetteer knows it, or None: where the public map puts a
    sensitive site instead of its real position."""
    found = default_geocoder(settings).resolve(city, country)
    if found.lat is None or found.lon is None or found.precision not in ("city", "country"):
        return None
    return found.lat, found.lon


def locate(frame: pd.DataFrame, *, geocoder: Geocoder | None = None) -> pd.DataFrame:
    """A copy of a dataset frame with lat/lon filled where blank, and how each row was placed:
    ``geo_status``, ``geo_source``, ``geo_candidates``, ``geo_confidence``, ``geo_country_ok``
    and ``geo_message``. Rows that had lat/lon keep them (source ``data``)."""
    geocoder = geocoder or default_geocoder()
    out = frame.copy()
    results = [
        geocoder.resolve(
            row.get("name", ""), row.get("country", ""), city=row.get("city", ""),
            kind=row.get("kind", ""), lat=row.get("lat"), lon=row.get("lon"),
        )
        for row in frame.to_dict("records")
    ]  # fmt: skip
    had = out["lat"].notna() & out["lon"].notna() if "lat" in out else None
    out["lat"] = [r.lat if r.lat is not None else math.nan for r in results]
    out["lon"] = [r.lon if r.lon is not None else math.nan for r in results]
    if "precision" in out and had is not None:
        geocoded = [r.precision for r in results]
        out["precision"] = out["precision"].where(had, pd.Series(geocoded, index=out.index))
    out["geo_status"] = [r.status for r in results]
    out["geo_source"] = [r.source for r in results]
    out["geo_candidates"] = [r.candidates_text() for r in results]
    out["geo_confidence"] = [r.confidence for r in results]
    out["geo_country_ok"] = pd.array([r.country_check for r in results], dtype="boolean")
    out["geo_message"] = [r.message for r in results]
    return out


__all__ = [
    "Geocoder", "Resolution", "STATUSES", "Said", "area_text", "city_centre", "default_geocoder",
    "explain", "geocoder_with", "locate", "say",
]  # fmt: skip
