"""``python -m geo``: the project's command line. Each command is one small function.

Exit codes: 0 done / valid, 1 the data has problems, 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys


def _validate(args: argparse.Namespace) -> int:
    from geo.dataset import check_paths

    checked = check_paths(args.paths, strict=not args.places)
    for problem in checked.problems:
        print(problem)
    n_err = len(checked.errors)
    summary = f"{len(checked.records)} rows checked, {n_err} problem{'s' * (n_err != 1)}"
    print(summary, file=sys.stderr)
    return 0 if checked.ok else 1


def _geocode(args: argparse.Namespace) -> int:
    from geo.geocoding import geocode_file

    return geocode_file(args.input, args.output, online=args.online, stderr=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Efus map service: check, geocode and map the Efus dataset.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "validate",
        help="check CSV/XLSX files and print one line per problem",
        description="Check CSV/XLSX files (or every such file in a folder). Prints one "
        "'file:row:column: message' line per problem; exits 0 when valid, 1 when not.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file or folder")
    p.add_argument(
        "--places",
        action="store_true",
        help="check a plain list of places (name and country required) rather than dataset files",
    )
    p.set_defaults(func=_validate)

    p = commands.add_parser(
        "geocode", help="place a list of names (CSV/XLSX) and write it back with lat/lon",
        description="Read IN (a 'name' column, optionally 'country'; other columns are kept) and "
        "write OUT as CSV: every row in order, with lat, lon, status, precision, source and "
        "candidates added. A summary and the rows that need review go to stderr. Offline "
        "unless --online (or EFUS_GEOCODER_ONLINE=1).",
    )
    p.add_argument("input", metavar="IN", help="CSV or XLSX file")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="CSV file to write")
    p.add_argument("--online", action="store_true",
                   help="ask OpenStreetMap's Nominatim (1 request/s) for names not found offline")
    p.set_defaults(func=_geocode)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
