"""Write reference/higher_education.csv and reference/organisations.csv: European universities,
research institutes, NGOs, public agencies, hospitals and archives with their city, as the
Research Organization Registry (ROR, CC0) records them.

Partners of EU city and security projects are often universities whose name holds no town
("Panteion University", "Bocconi University", "Aalto University", "Vrije Universiteit Brussel"
holds one, "Sapienza" does not). ROR files each organisation with its names (the one it shows,
its names in other languages, aliases, acronyms), its types and its city's GeoNames record.

The copy read is ``ror-community/ror-records``, the registry's own repository of curated
records (one JSON file per record and release: ``v1.13/0xxxxxxxx.json``); the latest version of
every record is taken. It holds the records changed since ROR's curation began (51,370 of
~110,000), not the whole registry: the full data dumps are on Zenodo, not reachable here. The
snapshot is pinned by its commit; the records read are checked by the SHA-256 of their bytes,
in path order. A city is the gazetteer's GeoNames record (by ROR's GeoNames id, else by name
near ROR's position, else the nearest town within 5 km); one with none is left out.
The result is committed: nothing is fetched at run time.

    .venv/bin/python scripts/build_higher_education.py <git dir of ror-community/ror-records>

Kept: active records in the countries of ``COUNTRIES``: of type ``education`` in
higher_education.csv; of the types of ``geo.places.higher_education.ORGANISATION_TYPES`` (why
those: there) in organisations.csv, with their type. A body whose official name is an
administration's, read by the geocoder as a town or an area ("Regione Piemonte", "Câmara
Municipal da Covilhã", "Kautokeino Kommune"), is left out: the geocoder reads those names with
its own rules (a region at its capital, a city). ROR's country in brackets after a name
("Nordic Nanovector (Norway)") tells ROR's namesakes apart: the name without it is an official
name too. Names that would mislead are left out here, once, in both files together: a name
that is a town's in the gazetteer ("Sorbonne" is a village; "Roma" a town), an area's or a
country's name or code ("TH" is Thuringia), a generic phrase or compound
(``geo.places.higher_education.generic``: "Academy of Fine Arts", "Kunstakademie", "Ministry of
the Interior"), a name that two bodies in different cities share or that a body of
reference/institutions.csv or supramunicipal.csv bears (those seats were read one by one);
names of fewer than three letters. A one-word name of five letters or fewer is kept as an
acronym: read only with its country. A public body (type government) is kept only at its
country's seat of government or in a town its name names: ROR files a national agency at one
of its offices as often as at its seat (the Environment Agency at Rotherham, not Bristol; a
federal ministry at Bonn, its second seat), and no published list checks which.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
import subprocess
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.data.countries import to_iso2  # noqa: E402
from geo.places.gazetteer import Gazetteer, Place, name_key  # noqa: E402
from geo.places.geocoder import _region_nouns  # noqa: E402  (how the geocoder reads "Welsh")
from geo.places.higher_education import ORGANISATION_TYPES, generic  # noqa: E402
from geo.places.institutions import REFERENCE as INSTITUTIONS  # noqa: E402
from geo.places.institutions import (  # noqa: E402
    SUPRAMUNICIPAL,
    Reading,
    readings,
    seats_of_government,  # noqa: E402
)

OUT = ROOT / "reference" / "higher_education.csv"
OUT_ORGANISATIONS = ROOT / "reference" / "organisations.csv"
COMMIT = "d93fc667872f8ef9386896bd6c68bd3c6103603e"  # main of ror-records, 2026-06-23
SHA256 = "e314f9a6b8861561f4d75ac731eb5e5d033ad1f8bfcb2ac3f1fb6902df2ec69e"
SOURCE = "ROR (CC0)"
# The EU, the EEA, Switzerland, the United Kingdom and the candidate countries of Efus' lists.
COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "GB NO CH IS LI AL BA ME MK RS TR UA MD XK".split()
)
# How far from ROR's position of its city an institution may be put at another town: a suburb's
# or a campus's (Saint-Cyr-au-Mont-d'Or, by Lyon), never a guess at a region ("Crete").
NEAREST_KM = 5
COLUMNS = ("name", "labels", "aliases", "acronyms", "city", "country", "geonameid", "lat",
           "lon", "ror", "source")  # fmt: skip
TYPES = ("education", *ORGANISATION_TYPES)  # the first of a record's types in this order is its


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", path.split("/", 1)[0]))


def records(git_dir: Path) -> list[dict]:
    """The latest version of every record at the pinned commit, its bytes checked."""
    def git(*args: str, data: bytes | None = None) -> bytes:
        return subprocess.run(["git", "-C", str(git_dir), *args], input=data,
                              capture_output=True, check=True).stdout  # fmt: skip

    latest: dict[str, str] = {}
    for path in git("ls-tree", "-r", "--name-only", COMMIT).decode().split("\n"):
        if re.fullmatch(r"v[\d.]+/\w+\.json", path):
            rid = path.rsplit("/", 1)[1]
            if rid not in latest or _version(path) > _version(latest[rid]):
                latest[rid] = path
    paths = sorted(latest.values())
    out = git("cat-file", "--batch", data="".join(f"{COMMIT}:{p}\n" for p in paths).encode())
    digest, bodies, at = hashlib.sha256(), [], 0
    while at < len(out):
        end = out.index(b"\n", at)
        size = int(out[at:end].split()[2])
        body = out[end + 1 : end + 1 + size]
        digest.update(body)
        bodies.append(json.loads(body))
        at = end + 2 + size
    if digest.hexdigest() != SHA256:
        sys.exit(f"records' sha256 {digest.hexdigest()}, not the pinned {SHA256}")
    return bodies


def _names(record: dict) -> dict[str, list[str]]:
    """The record's names by kind, for both of ROR's schemas (v1 and v2)."""
    if "names" in record:
        kinds: dict[str, list[str]] = defaultdict(list)
        for name in record["names"]:
            kind = "name" if "ror_display" in name["types"] else name["types"][0]
            kinds[kind].append(name["value"])
        return {"name": kinds["name"], "labels": kinds["label"], "aliases": kinds["alias"],
                "acronyms": kinds["acronym"]}  # fmt: skip
    labels = [x["label"] for x in record.get("labels", [])]
    return {"name": [record["name"]], "labels": labels, "aliases": record.get("aliases", []),
            "acronyms": record.get("acronyms", [])}  # fmt: skip


def _place(record: dict) -> tuple[str, str, int, float, float] | None:
    if "locations" in record:
        if not record["locations"]:
            return None
        loc = record["locations"][0]
        d = loc["geonames_details"]
        return d["name"], d["country_code"], loc["geonames_id"], d["lat"], d["lng"]
    a = record["addresses"][0]
    city = a.get("geonames_city") or {}
    if not city.get("id"):
        return None
    return city["city"], record["country"]["country_code"], city["id"], a["lat"], a["lng"]


# A linking word before a city at the end of a name: "Universidad Complutense de Madrid".
_CITY_LINK = r"(?:\s+(?:de|di|of|in|du|der|van|w|v|u|a|na|im|at|i))?"


def _without_city(names: list[str], city: str) -> list[str]:
    """Official names without the city they end with, as lists shorten them ("Radboud
    University Nijmegen" → "Radboud University"): aliases, so proposed for review only."""
    tail = re.compile(_CITY_LINK + r"[\s,–-]+" + re.escape(city) + r"\s*$", re.IGNORECASE)
    return [short for text in names if (short := tail.sub("", text)) != text and short.strip()]


def _without_country(names: list[str], country: str) -> list[str]:
    """Names without the country ROR puts after them in brackets ("Nordic Nanovector (Norway)"
    → "Nordic Nanovector"): official names too, as bodies write themselves."""
    return [m.group(1) for text in names
            if (m := re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text.strip()))
            and to_iso2(m.group(2)) == country]  # fmt: skip


def _type(record: dict) -> str | None:
    """The record's type among TYPES (a university that is also a funder is a university)."""
    types = {t.lower() for t in record.get("types", [])}
    return next((t for t in TYPES if t in types), None)


def institutions(bodies: list[dict]) -> list[dict]:
    rows = []
    for record in bodies:
        kind = _type(record)
        place = _place(record)
        if record.get("status", "active") != "active" or kind is None or not place:
            continue
        if place[1] not in COUNTRIES:
            continue
        names = _names(record)
        names["labels"] += _without_country(names["name"] + names["labels"], place[1])
        names["aliases"] += _without_city(names["name"] + names["labels"], place[0])
        shown = " ".join((names["name"] + names["labels"] + [record["id"]])[0].split())
        rows.append({**names, "shown": shown, "type": kind, "city": place[0], "country": place[1],
                     "geonameid": place[2], "lat": place[3], "lon": place[4],
                     "ror": record["id"].rsplit("/", 1)[1]})  # fmt: skip
    return rows


def _short_as_acronyms(rows: list[dict]) -> None:
    """A one-word name of five letters or fewer ("UGent" stays a name, "UCL" does not) is read
    like an acronym: only with its country."""
    for row in rows:
        for kind in ("name", "labels", "aliases"):
            short = [t for t in row[kind] if re.fullmatch(r"\w{1,5}", name_key(t))]
            row[kind] = [t for t in row[kind] if t not in short]
            row["acronyms"] = row["acronyms"] + short


def _misleads(key: str, gazetteer: Gazetteer) -> bool:
    """A town's name, an area's (a region's code or name: "TH" is Thuringia), a country's, or a
    generic phrase."""
    return bool(gazetteer.lookup(key) or gazetteer.territories(key) or to_iso2(key)) or generic(key)


# Words of administrations that the geocoder's readings do not take off (they are not in its
# affixes), as keys: an autonomous region or province ("Regione Autonoma della Sardegna",
# "Provincia Autonoma di Trento"), a Turkish municipality ("Seferihisar Belediyesi").
ADMINISTRATION_WORDS = frozenset(
    "autonoma autonomo autonome autonomous belediyesi belediye buyuksehir valiligi".split()
)
# ...and the openings of such names: a London borough ("London Borough of Camden", "Royal
# Borough of Kingston upon Thames"), a Polish voivodeship's board ("Zarząd Województwa …").
ADMINISTRATION_OPENINGS = re.compile(r"^(?:(?:london|royal) borough of|zarzad) ")
# The words of a land's government, as keys: "Welsh Government", "Scottish Parliament",
# "Gobierno de Aragón" name their land's government, which the geocoder reads as the land.
GOVERNMENT_WORDS = frozenset(
    "government gobierno govern governo gouvernement regierung landesregierung executive "
    "assembly parliament parlament parlamento parlement of the de del di da do les la el los "
    "las".split()
)
# What ends a body's own name: a colon ("LEMON: Littoral, …": a laboratory's acronym, then its
# name), a dash (not a hyphen inside a word: "Centre-Val de Loire"), a comma, a bracket. What
# follows is a department, a second seat, a country.
_NAME_END = re.compile(r"\s*:|\s*[–—]\s*|\s+-\s*|\s*-\s+|\s*,|\s*[(\[]")


def administration(text: str, gazetteer: Gazetteer) -> bool:
    """Whether the geocoder reads the body's own name in ``text`` as an administration of a
    town or an area ("City of Turin", "Region of Crete", "Landkreis Hildesheim"): an
    administrative word removed, and the rest a town's or an area's name; not a place named
    inside a longer name ("Polizei Berlin"), nor a place after a dash ("Institut für
    Zeitgeschichte München–Berlin")."""
    own = _NAME_END.split(text, maxsplit=1)[0]
    key = name_key(own)
    words = ADMINISTRATION_OPENINGS.sub("", key).split()
    if (rest := " ".join(w for w in words if w not in ADMINISTRATION_WORDS)) != key:
        own = rest
        if gazetteer.lookup(own) or gazetteer.territories(own):
            return True
    land = " ".join(w for w in words if w not in GOVERNMENT_WORDS)
    if len(land) < len(" ".join(words)) and land and any(
            gazetteer.territories(noun) for noun in _region_nouns(land)):  # fmt: skip
        return True  # "Welsh Government": a land's government, read as its land
    return any(r.removed and not r.inside
               and (gazetteer.lookup(r.key) or gazetteer.territories(r.key) or _land(r))
               for r in readings(own))  # fmt: skip


def _land(reading: Reading) -> bool:
    """Whether a territorial word was read off a land's name that the gazetteer does not know
    ("Moravian-Silesian Region", "Region Sörmland", "Lahn-Dill-Kreis"): a few words, none of a
    body's kind. Not a department's: a French "Département de Chimie", a Flemish
    "Departement Omgeving", an Irish "Department of Housing" are services, not lands."""
    words = reading.key.split()
    if any(removed.startswith("depart") for removed in reading.removed):
        return False
    return reading.territory and len(words) <= 3 and not any(generic(w) for w in words)


def administrations(rows: list[dict], gazetteer: Gazetteer) -> tuple[list[dict], list[dict]]:
    """The rows kept, and those left out: bodies other than universities one of whose official
    names is an administration's; a kept body's alias that is one is left out of it."""
    kept, out = [], []
    for row in rows:
        if row["type"] != "education":
            if any(administration(t, gazetteer) for t in row["name"] + row["labels"]):
                out.append(row)
                continue
            aliases = [t for t in row["aliases"] if not administration(t, gazetteer)]
            row = {**row, "aliases": aliases}
        kept.append(row)
    return kept, out


def _curated() -> set[str]:
    """The keys of the bodies of reference/institutions.csv and supramunicipal.csv: their seat
    was read from each body's own source, and their branches ("Gendarmerie nationale –
    Compagnie de Lannion") are read there; a register's row must not answer before them."""
    keys = set()
    for path in (INSTITUTIONS, SUPRAMUNICIPAL):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for text in (row["name"], row["acronym"], *row["aliases"].split("|")):
                    keys.add(name_key(text))
    return keys - {""}


def prune(rows: list[dict], gazetteer: Gazetteer) -> int:
    """Leave out the names that would mislead (see the module's docstring); the count left out."""
    _short_as_acronyms(rows)
    cities: dict[str, set[int]] = defaultdict(set)
    for row in rows:
        for kind in ("name", "labels", "aliases", "acronyms"):
            for text in row[kind]:
                cities[name_key(text)].add(row["geonameid"])
    dropped, curated = 0, _curated()
    for row in rows:
        for kind in ("name", "labels", "aliases", "acronyms"):
            kept = []
            for text in dict.fromkeys(" ".join(t.split()) for t in row[kind]):
                key = name_key(text)
                short = len(key.replace(" ", "")) < 3
                shared = len(cities[key]) > 1 or key in curated
                if short or not key or shared or _misleads(key, gazetteer):
                    dropped += 1
                    continue
                kept.append(text.replace("|", "/"))
            row[kind] = kept
    return dropped


def _nearest(gazetteer: Gazetteer) -> Callable[[float, float, str], Place | None]:
    """The gazetteer's place nearest a point in a country, within NEAREST_KM."""
    import numpy as np

    at = np.array([gazetteer.position(i) for i in range(len(gazetteer))])
    codes = np.array([gazetteer.country_code(i) for i in range(len(gazetteer))])

    def nearest(lat: float, lon: float, country: str) -> Place | None:
        # Degrees of longitude shrink with latitude: an equirectangular distance is enough here.
        dy, dx = at[:, 0] - lat, (at[:, 1] - lon) * np.cos(np.radians(lat))
        km = np.hypot(dy, dx) * 111.2 + np.where(codes == country, 0, 1e9)
        i = int(np.argmin(km))
        return gazetteer.place(i) if km[i] <= NEAREST_KM else None

    return nearest


def _in_gazetteer(rows: list[dict], gazetteer: Gazetteer) -> tuple[list[dict], list[str]]:
    """The rows whose city the gazetteer has, at its record: by ROR's GeoNames id (often an
    administrative record of the town, which the gazetteer does not hold), else by name in the
    country within 10 km of ROR's position, else the nearest town within NEAREST_KM; and the
    names of the others."""
    kept, unknown = [], []
    nearest = _nearest(gazetteer)
    for row in rows:
        town = gazetteer.by_id(row["geonameid"])
        if town is None:
            near = [p for p in gazetteer.places(row["city"], row["country"])
                    if abs(p.lat - row["lat"]) + abs(p.lon - row["lon"]) < 0.1]  # fmt: skip
            town = near[0] if near else nearest(row["lat"], row["lon"], row["country"])
        if town is None:
            unknown.append(row["shown"])
            continue
        kept.append({**row, "city": town.name, "geonameid": town.geonameid, "lat": town.lat,
                     "lon": town.lon})  # fmt: skip
    return kept, unknown


def _away_from_seat(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows kept, and the public bodies left out: those ROR files neither at their
    country's seat of government nor in a town one of their names names (see the docstring)."""
    seats = seats_of_government()
    kept, out = [], []
    for row in rows:
        names = " | ".join(name_key(t) for t in (*row["name"], *row["labels"], *row["aliases"]))
        at_seat = seats.get(row["country"]) == row["geonameid"]
        if row["type"] == "government" and not at_seat and name_key(row["city"]) not in names:
            out.append(row)
        else:
            kept.append(row)
    return kept, out


def _write(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    out = []
    for row in rows:
        if not (row["name"] or row["labels"] or row["aliases"] or row["acronyms"]):
            continue
        out.append({"name": row["shown"], "labels": "|".join(row["name"] + row["labels"]),
                    **{k: "|".join(row[k]) for k in ("aliases", "acronyms")},
                    "city": row["city"], "country": row["country"],
                    "geonameid": row["geonameid"], "lat": row["lat"], "lon": row["lon"],
                    "ror": row["ror"], "source": SOURCE, "type": row["type"]})  # fmt: skip
    out.sort(key=lambda r: (r["country"], r["name"].casefold(), r["ror"]))
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(out)
    print(f"{path.relative_to(ROOT)}: {len(out)} bodies")


def main(git_dir: Path) -> None:
    gazetteer = Gazetteer()
    rows, left = administrations(institutions(records(git_dir)), gazetteer)
    dropped = prune(rows, gazetteer)
    rows, unknown = _in_gazetteer(rows, gazetteer)
    rows, away = _away_from_seat(rows)
    _write(OUT, [r for r in rows if r["type"] == "education"], COLUMNS)
    _write(OUT_ORGANISATIONS, [r for r in rows if r["type"] != "education"], (*COLUMNS, "type"))
    print(f"{dropped} names left out; {len(left)} administrations left out "
          f"({', '.join(r['shown'] for r in left[:4])}…); {len(unknown)} bodies left out, "
          f"their city not in the gazetteer ({', '.join(unknown[:4])}…); {len(away)} public "
          f"bodies left out, filed away from their seat of government and from any town "
          f"their name names ({', '.join(r['shown'] for r in away[:3])}…)")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]))
