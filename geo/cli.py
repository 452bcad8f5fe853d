"""``python -m geo``: the project's command line. Each command is one small function.

Exit codes: 0 done / valid, 1 the data has problems, 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys

from geo.errors import GeoError


def _limits(args: argparse.Namespace):
    """The upload's limits (``geo.data.reading.Limits``), raised only where staff asked for it."""
    from dataclasses import replace

    from geo.data.reading import MEGABYTE, Limits

    limits = Limits()
    if args.max_rows is not None:
        limits = replace(limits, max_rows=args.max_rows)
    if args.max_mb is not None:
        size = int(args.max_mb * MEGABYTE)
        unpacked = max(limits.max_unpacked_bytes, size * 10)
        limits = replace(limits, max_bytes=size, max_unpacked_bytes=unpacked)
    if args.max_seconds is not None:
        limits = replace(limits, max_seconds=args.max_seconds)
    return limits


def _add_limit_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max-rows", type=_positive(int), metavar="N",
                   help="read files of up to N rows (default: 20000, as the upload)")  # fmt: skip
    p.add_argument("--max-mb", type=_positive(float), metavar="MB",
                   help="read files of up to MB megabytes, an XLSX unpacked up to ten times "
                   "that (default: 5, as the upload)")  # fmt: skip
    p.add_argument("--max-seconds", type=_positive(float), metavar="S",
                   help="give up reading a file after S seconds (default: 60)")  # fmt: skip


def _positive(kind):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
        return value

    return parse


def _validate(args: argparse.Namespace) -> int:
    from geo.data.dataset import check_paths

    checked = check_paths(args.paths, strict=not args.places, limits=_limits(args))
    for problem in checked.problems:
        print(problem)
    n_err = len(checked.errors)
    summary = f"{len(checked.records)} rows checked, {n_err} problem{'s' * (n_err != 1)}"
    print(summary, file=sys.stderr)
    return 0 if checked.ok else 1


def _export(args: argparse.Namespace) -> int:
    from geo.config import settings
    from geo.errors import DataError, GeoError
    from geo.maps.export import export_map

    try:
        result = export_map(
            args.output, data=args.data, countries=args.country, projects=args.project,
            activities=args.activity, audience=_audience(args),
            title=args.title, geojson=args.geojson, iframe=args.iframe, url=args.url,
            online_tiles=args.online_tiles, carto_key=settings().carto_key,
        )  # fmt: skip
    except DataError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for line in result.notes:
        print(f"note: {line}", file=sys.stderr)
    note = f", {result.without_position} without a position left off" * bool(
        result.without_position
    )
    print(f"{result.html}: {result.shown} on the map{note}", file=sys.stderr)
    return 0


def _audience(args: argparse.Namespace) -> str | None:
    """--public or --staff as said; neither: public for an embed (--iframe/--url)."""
    return "public" if args.public else "staff" if args.staff else None


def _dump(args: argparse.Namespace) -> int:
    from geo.data.dataset import DATA_DIR
    from geo.data.store import Store, default_data_dir

    store = Store.open(args.data_dir or default_data_dir())
    out = args.output or DATA_DIR
    written = store.dump(out)
    rows = sum(written.values())
    print(
        f"{rows} rows written to {len(written)} files in {out} "
        f"(store {store.path}, revision {store.revision})",
        file=sys.stderr,
    )
    return 0


def _hash_password(args: argparse.Namespace) -> int:
    import getpass
    import json

    from geo.staff.auth import hash_password

    if args.stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Staff password: ")
        if getpass.getpass("Again: ") != password:
            print("error: the two passwords differ; nothing printed", file=sys.stderr)
            return 1
    if len(password) < 12:
        print("error: use at least 12 characters; nothing printed", file=sys.stderr)
        return 1
    encoded = hash_password(password)
    key = (
        f'[staff.users]\n{json.dumps(args.user)} = "{encoded}"'
        if args.user
        else (f'[staff]\npassword_hash = "{encoded}"')
    )
    print(f"# paste into .streamlit/secrets.toml (never commit that file)\n{key}")
    return 0


def _geocode(args: argparse.Namespace) -> int:
    from geo.places.geocoder import geocode_file

    return geocode_file(
        args.input, args.output, online=args.online, stderr=sys.stderr, limits=_limits(args)
    )


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
    _add_limit_options(p)
    p.set_defaults(func=_validate)

    p = commands.add_parser(
        "dump",
        help="write the store back to CSV files in the layout of data/",
        description="Write every row of the store (EFUS_DATA_DIR, default var/) as the CSV "
        "files of data/: UTF-8, same columns, rows in a stable order. Creates the store from "
        "data/ first if there is none.",
    )
    p.add_argument(
        "-o", "--output", metavar="DIR", help="folder to write into (default: the bundled data/)"
    )
    p.add_argument(
        "--data-dir", metavar="DIR", help="folder of the store (default: $EFUS_DATA_DIR or var/)"
    )
    p.set_defaults(func=_dump)

    p = commands.add_parser(
        "hash-password",
        help="print a staff password hash for .streamlit/secrets.toml",
        description="Ask for a password (twice, not shown) and print the [staff] lines that "
        "make it the staff login of this deployment.",
    )
    p.add_argument(
        "--user", metavar="NAME", help="one person's login (logged as the author of their saves)"
    )
    p.add_argument(
        "--stdin",
        action="store_true",
        help="read the password from the first line of standard input",
    )
    p.set_defaults(func=_hash_password)

    p = commands.add_parser(
        "geocode",
        help="place a list of names (CSV/XLSX) and write it back with lat/lon",
        description="Read IN (a 'name' column, optionally 'country'; other columns are kept) and "
        "write OUT as CSV: every row in order, with lat, lon, status, precision, source and "
        "candidates added. A summary and the rows that need review go to stderr. Offline "
        "unless --online (or EFUS_GEOCODER_ONLINE=1).",
    )
    p.add_argument("input", metavar="IN", help="CSV or XLSX file")
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="CSV file to write")
    p.add_argument(
        "--online",
        action="store_true",
        help="ask OpenStreetMap's Nominatim (1 request/s) for names not found offline",
    )
    _add_limit_options(p)
    p.set_defaults(func=_geocode)

    p = commands.add_parser(
        "export", help="write a self-contained HTML map that works with no internet",
        description="Write one HTML file with the map of the selected rows (Leaflet, the "
        "basemap and the data inside it: it opens from a USB stick with no network). Filters "
        "of one kind are OR-ed, different kinds AND-ed.",
    )  # fmt: skip
    p.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the map file")
    p.add_argument(
        "--data",
        metavar="PATH",
        help="CSV/XLSX file or folder (default: the "
        "bundled data); needs at least name and country, and lat/lon or a city",
    )
    p.add_argument(
        "--country",
        action="append",
        default=[],
        metavar="XX",
        help="keep this country (ISO code or name); repeat for several",
    )
    p.add_argument(
        "--project",
        action="append",
        default=[],
        metavar="P",
        help="keep this project; repeat for several",
    )
    p.add_argument(
        "--activity",
        action="append",
        default=[],
        metavar="A",
        help="keep this activity type; repeat for several",
    )
    audience = p.add_mutually_exclusive_group()
    audience.add_argument(
        "--public",
        action="store_true",
        help="the public map: public rows and fields only, sensitive sites moved to their "
        "city centre (the default with --iframe or --url)",
    )
    audience.add_argument(
        "--staff",
        action="store_true",
        help="the staff map: every row and field, exact positions (the default without "
        "--iframe or --url); never publish it",
    )
    p.add_argument("--title", metavar="T", help="title shown over the map")
    p.add_argument("--geojson", metavar="PATH", help="also write the rows as GeoJSON")
    p.add_argument("--iframe", metavar="PATH", help="also write an <iframe> snippet to embed it")
    p.add_argument("--url", metavar="URL", help="where the map will be published (for --iframe)")
    p.add_argument(
        "--online-tiles",
        action="store_true",
        help="offer OpenStreetMap tiles (and CARTO Positron with $EFUS_CARTO_KEY) as optional "
        "layers; they need the internet, the offline basemap stays the default",
    )
    p.set_defaults(func=_export)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except GeoError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
