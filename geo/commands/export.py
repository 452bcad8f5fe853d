"""``python -m geo export``: one self-contained HTML map that works with no internet."""

from __future__ import annotations

import argparse
import sys

from geo.config import Settings

HELP = "write a self-contained HTML map that works with no internet"
DESCRIPTION = (
    "Write one HTML file with the map of the selected rows (Leaflet, the "
    "basemap and the data inside it: it opens from a USB stick with no network). Filters "
    "of one kind are OR-ed, different kinds AND-ed."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:

    parser.add_argument("-o", "--output", required=True, metavar="OUT.html", help="the map file")
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="CSV/XLSX file or folder (default: the "
        "bundled data); needs at least name and country, and lat/lon or a city",
    )
    for option, metavar, what in (
        ("--country", "XX", "country (ISO code or name)"),
        ("--project", "P", "project"),
        ("--activity", "A", "activity type"),
    ):
        parser.add_argument(
            option,
            action="append",
            default=[],
            metavar=metavar,
            help=f"keep this {what}; repeat for several",
        )
    _add_audience(parser)
    parser.add_argument("--title", metavar="T", help="title shown over the map")
    parser.add_argument("--geojson", metavar="PATH", help="also write the rows as GeoJSON")
    parser.add_argument(
        "--iframe", metavar="PATH", help="also write an <iframe> snippet to embed it"
    )
    parser.add_argument(
        "--url", metavar="URL", help="where the map will be published (for --iframe)"
    )
    parser.add_argument(
        "--online-tiles",
        action="store_true",
        help="offer OpenStreetMap tiles (and CARTO Positron with $EFUS_CARTO_KEY) as "
        "optional layers; they need the internet, the offline basemap stays the "
        "default",
    )


def _add_audience(parser: argparse.ArgumentParser) -> None:
    audience = parser.add_mutually_exclusive_group()
    audience.add_argument(
        "--public",
        action="store_true",
        help="the public map: public rows and fields only, sensitive sites "
        "moved to their city centre (the default with --iframe or --url)",
    )
    audience.add_argument(
        "--staff",
        action="store_true",
        help="the staff map: every row and field, exact positions (the default "
        "without --iframe or --url); never publish it",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.errors import DataError, GeoError
    from geo.maps.export import export_map

    try:
        result = export_map(
            args.output,
            data=args.data,
            countries=args.country,
            projects=args.project,
            activities=args.activity,
            audience=_audience(args),
            title=args.title,
            geojson=args.geojson,
            iframe=args.iframe,
            url=args.url,
            online_tiles=args.online_tiles,
            settings=settings,
        )
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
