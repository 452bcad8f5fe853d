"""Check the form of the institutions evaluation list and print what it holds.

    python scripts/check_institutions_eval.py                  # bench/data/institutions_eval.csv
    python scripts/check_institutions_eval.py bench/data/institutions_fresh.csv
    python scripts/check_institutions_eval.py bench/data/institutions_third.csv
    python scripts/check_institutions_eval.py bench/data/institutions_fourth.csv

Checks columns, kinds, ISO 3166-1 alpha-2 codes (pycountry), coordinates in range, GeoNames ids,
source URLs (http or https) and that every row says how its truth was decided; then prints the
counts per kind, per country and per source. A list may end with a `split` column naming the
half it is kept as (the held-out lists: `fresh`, `third`, `fourth`). Exits 1
when a row is wrong, naming file, row (as a spreadsheet numbers it, header = 1), column, the bad
value and the fix. It does not run the geocoder: the evaluation of the geocoder comes with the
code that uses this list.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pycountry

ROOT = Path(__file__).resolve().parent.parent
EVAL_FILE = ROOT / "bench" / "data" / "institutions_eval.csv"
COLUMNS = (
    "name",
    "country",
    "kind",
    "truth_place",
    "truth_lat",
    "truth_lon",
    "truth_geonames_id",
    "source_url",
    "truth_note",
)
KINDS = ("city", "city_official", "region", "province", "metro", "organisation")
REQUIRED = ("name", "kind", "truth_place", "truth_lat", "truth_lon", "source_url", "truth_note")
# A list kept apart from the others says so in one more column; "fresh" is the held-out list made
# after the geocoder was tuned, from lists the two halves of the evaluation list do not hold;
# "third" was made once "fresh" had been counted too often, from lists neither of them holds;
# "fourth" once all three had been read, from lists none of the three holds.
SPLITS = ("fresh", "third", "fourth")


def _is_country(code: str) -> bool:
    return len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None


def _coordinate_problem(text: str, limit: float) -> str | None:
    try:
        value = float(text)
    except ValueError:
        return "is not a number; fix: write decimal degrees such as 48.85341"
    if not -limit <= value <= limit:
        return f"is outside -{limit:g}..{limit:g}; fix: write decimal degrees (WGS 84)"
    return None


def _is_web_url(text: str) -> bool:
    parts = urlsplit(text)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


def row_problems(row: dict[str, str]) -> list[tuple[str, str]]:
    """(column, message) for every wrong cell of one row."""
    out = [(c, f"is empty; fix: fill {c}") for c in REQUIRED if not row.get(c, "").strip()]
    value = row.get("kind", "")
    if value and value not in KINDS:
        out.append(("kind", f"{value!r} is not a kind; fix: use one of {', '.join(KINDS)}"))
    value = row.get("country", "")
    if value and not _is_country(value):
        out.append(("country", f"{value!r} is not an ISO 3166-1 alpha-2 code; fix: e.g. 'FR'"))
    for column, limit in (("truth_lat", 90.0), ("truth_lon", 180.0)):
        value = row.get(column, "")
        message = _coordinate_problem(value, limit) if value else None
        if message:
            out.append((column, f"{value!r} {message}"))
    value = row.get("truth_geonames_id", "")
    if value and not value.isdigit():
        out.append(("truth_geonames_id", f"{value!r} is not a GeoNames id; fix: digits only"))
    value = row.get("source_url", "")
    if value and not _is_web_url(value):
        out.append(("source_url", f"{value!r} is not an http(s) URL; fix: the list's address"))
    split = row.get("split")
    if split is not None and split not in SPLITS:
        out.append(("split", f"{split!r} is not a split; fix: use one of {', '.join(SPLITS)}"))
    return out


def problems(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """The rows of the file and one 'file:row:column: message' line per problem."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
        header = tuple(reader.fieldnames or ())
    if header not in (COLUMNS, (*COLUMNS, "split")):
        fix = ",".join(COLUMNS)
        return rows, [f"{path}:1:header: {header!r} are not the columns; fix: use {fix}[,split]"]
    out, seen = [], set()
    for number, row in enumerate(rows, start=2):
        out += [f"{path}:{number}:{col}: {msg}" for col, msg in row_problems(row)]
        key = (row["name"], row["source_url"])
        if key in seen:
            out.append(f"{path}:{number}:name: {row['name']!r} twice from one list; fix: keep one")
        seen.add(key)
    return rows, out


def counts(rows: list[dict[str, str]]) -> str:
    """Counts per kind, per country and per source, as printed by the command."""
    lines = [f"{len(rows)} rows, {len({r['source_url'] for r in rows})} sources"]
    for title, column in (("kind", "kind"), ("country", "country"), ("source", "source_url")):
        tally = Counter(r[column] or "(none)" for r in rows)
        lines.append(f"\nper {title}:")
        lines += [f"  {n:4d}  {value}" for value, n in tally.most_common()]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=EVAL_FILE)
    args = parser.parse_args()
    rows, found = problems(args.file)
    print("\n".join(found) if found else counts(rows))
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
