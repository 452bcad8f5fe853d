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


def _export(args: argparse.Namespace) -> int:
    from geo.errors import DataError, GeoError
    from geo.export import export_map

    try:
        result = export_map(
            args.output, data=args.data, countries=args.country, projects=args.project,
            activities=args.activity, audience="public" if args.public else "staff",
            title=args.title, geojson=args.geojson, iframe=args.iframe, url=args.url,
        )  # fmt: skip
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    note = f", {result.without_position} without a position left off" * bool(
        result.without_position
    )
    print(f"{result.html}: {result.shown} on the map{note}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Efus map service: check, geocode and map the Efus dataset.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser(
        "validate", help="check CSV/XLSX files and print one line per problem",
        description="Check CSV/XLSX files (or every such file in a folder). Prints one "
        "'file:row:column: message' line per problem; exits 0 when valid, 1 when not.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="file or folder")
    p.add_argument("--places", action="store_true",
                   help="check a plain list of places (name and country required) "
                   "rather than dataset files")
    p.set_defaults(func=_validate)

    p = commands.add_parser(
        "export", help="write a self-contained HTML map that works with no internet",
        description="Write one HTML file with the map of the selected rows (Leaflet, the "
        "basemap and the data inside it: it opens from a USB stick with no network). Filters "
        "of one kind are OR-ed, different kinds AND-ed.",
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the map file")
    p.add_argument("--data", metavar="PATH", help="CSV/XLSX file or folder (default: the "
                   "bundled data); needs at least name and country, and lat/lon or a city")
    p.add_argument("--country", action="append", default=[], metavar="XX",
                   help="keep this country (ISO code or name); repeat for several")
    p.add_argument("--project", action="append", default=[], metavar="P",
                   help="keep this project; repeat for several")
    p.add_argument("--activity", action="append", default=[], metavar="A",
                   help="keep this activity type; repeat for several")
    p.add_argument("--public", action="store_true", help="the public map: public rows and "
                   "fields only, sensitive sites moved to their city centre")
    p.add_argument("--title", metavar="T", help="title shown over the map")
    p.add_argument("--geojson", metavar="PATH", help="also write the rows as GeoJSON")
    p.add_argument("--iframe", metavar="PATH", help="also write an <iframe> snippet to embed it")
    p.add_argument("--url", metavar="URL", help="where the map will be published (for --iframe)")
    p.set_defaults(func=_export)
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
