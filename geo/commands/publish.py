"""``python -m geo publish OUT_DIR``: the public maps as a static site (``geo.maps.publish``).

The rows are read, presumed sensitive where a list does not say, and placed exactly as for a
public ``export``; the maps are the public view only, with sensitive sites at their city centre.
"""

from __future__ import annotations

import argparse
import functools
import sys

from geo.config import Settings

HELP = "write the public maps as a static site: versioned maps, data files, embed codes"
DESCRIPTION = (
    "Write one public map per saved view (the whole network, each project, the Brussels "
    "Declaration) into OUT_DIR as plain files any web server serves: each version in its own "
    "folder named by its content (maps/<view>/<version>/), a stable address per map "
    "(maps/<view>/) that leads to its latest version, the data as GeoJSON, an index page with "
    "the embed codes, and .gz copies of every text file."
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("out", metavar="OUT_DIR", help="the folder of the site")
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="CSV/XLSX file or folder (default: the bundled data)",
    )
    parser.add_argument(
        "--base-url",
        default="/",
        metavar="URL",
        help="where OUT_DIR will be served, for the embed codes (default: /, the site's root); "
        "for example https://efus.eu/maps-static/",
    )


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.commands.export import map_rows
    from geo.errors import DataError
    from geo.i18n import translator
    from geo.maps.publish import publish_site
    from geo.messages import problem_line
    from geo.places import geocoder as geocoding

    tr = translator(args.lang)
    try:
        frame, notes = map_rows(args.data, audience="public", settings=settings)
    except DataError as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang=args.lang), file=sys.stderr)
        return 1
    centre = functools.partial(geocoding.city_centre, settings=settings)
    published = publish_site(frame, args.out, city_centre=centre, base_url=args.base_url,
                             lang=args.lang)  # fmt: skip
    for line in notes:
        print(tr.t("note: {note}", note=line), file=sys.stderr)
    for p in published:
        print(tr.tn("{page}: {title}, {n} place", "{page}: {title}, {n} places", p.shown,
                    page=f"{args.out}/{p.page}", title=p.view.title), file=sys.stderr)  # fmt: skip
    return 0
