"""``python -m geo publish OUT_DIR``: the public maps as a static site (``geo.maps.publish``).

The rows are read, presumed sensitive where a list does not say, and placed exactly as for a
public ``export``; the maps are the public view only, with sensitive sites at their city centre.
``--store`` publishes the working dataset (the store in ``EFUS_DATA_DIR``) and the views staff
saved, as the staff page's *Publish* does (``geo.dashboard.share.publish_store``).
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import sys

from geo.config import Settings
from geo.i18n import N_, Translator

HELP = N_("write the public maps as a static site: versioned maps, data files, embed codes")
DESCRIPTION = N_(
    "Write one public map per saved view (the whole network, each project, the Brussels "
    "Declaration, the views staff saved) into OUT_DIR as plain files any web server serves: "
    "each version in its own folder named by its content (maps/<view>/<version>/), a stable "
    "address per map (maps/<view>/) that leads to its latest version, the data as GeoJSON, an "
    "index page with the embed codes, and .gz and .br copies of every text file."
)


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    out = tr.t("OUT_DIR")
    parser.add_argument("out", metavar=out, help=tr.t("the folder of the site"))
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--data", metavar=tr.t("PATH"),
                        help=tr.t("CSV/XLSX file or folder (default: the bundled data)"))
    source.add_argument("--store", action="store_true",
                        help=tr.t("the working dataset of the store (EFUS_DATA_DIR) and the "
                                  "views staff saved, as the staff page's Publish does"))
    parser.add_argument("--base-url", default=None, metavar=tr.t("URL"),
                        help=tr.t("where {out} will be served, for the embed codes (default: "
                                  "EFUS_PUBLIC_BASE_URL, else /, the site's root); for example "
                                  "{example}", out=out,
                                  example="https://efus.eu/maps-static/"))  # fmt: skip


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.commands.export import map_rows
    from geo.data.views import SavedViews
    from geo.errors import DataError
    from geo.i18n import translator
    from geo.maps.publish import publish_site, saved_map_view
    from geo.messages import problem_line
    from geo.places import geocoder as geocoding

    tr = translator(args.lang)
    base_url = args.base_url or settings.public_base_url or "/"
    if args.store:
        from geo.dashboard.share import publish_store

        settings = dataclasses.replace(settings, public_base_url=base_url)
        return _report(args.out, publish_store(settings, out=args.out), notes=(), tr=tr)

    try:
        frame, notes = map_rows(args.data, audience="public", settings=settings)
    except DataError as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang=args.lang), file=sys.stderr)
        return 1
    centre = functools.partial(geocoding.city_centre, settings=settings)
    saved = [saved_map_view(v) for v in SavedViews.of(settings.data_dir).latest()]
    published = publish_site(frame, args.out, city_centre=centre, base_url=base_url,
                             extra_views=saved)  # fmt: skip
    return _report(args.out, published, notes=notes, tr=tr)


def _report(out: str, published, *, notes, tr) -> int:
    for note in notes:
        print(tr.t("note: {note}", note=note.text(tr)), file=sys.stderr)
    for p in published:
        print(tr.tn("{page}: {title}, {n} place", "{page}: {title}, {n} places", p.shown,
                    page=f"{out}/{p.page}", title=p.view.title_in(tr.language)),
              file=sys.stderr)  # fmt: skip
    return 0
