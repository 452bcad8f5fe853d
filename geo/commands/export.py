"""``python -m geo export``: one self-contained HTML map that works with no internet.

The offline geocoder (``geo.places.geocoder``) places rows that have no lat/lon, with the places
staff settled in that data folder (its ``overrides.csv``, ``geo.data.overrides``), and finds the
city centre that public maps show instead of a sensitive site. Rows it cannot place are
counted, not drawn. The files are written by ``geo.maps.export``.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.config import Settings
from geo.data.countries import guess_params, to_iso2
from geo.data.dataset import DATA_DIR
from geo.data.overrides import as_mapping, read_overrides
from geo.errors import DataError, Problem
from geo.i18n import N_, Translator, translator
from geo.maps.audience import CityCentre, positioned, presume_sensitive
from geo.maps.elements import MapError
from geo.maps.export import export_html, iframe_snippet
from geo.maps.image import map_image
from geo.places import geocoder as geocoding

HELP = N_("write a self-contained HTML map that works with no internet, or its PNG/PDF image")
DEFAULT_TITLE = N_("Where Efus works")
DESCRIPTION = N_(
    "Write one HTML file with the map of the selected rows (Leaflet, the "
    "basemap and the data inside it: it opens from a USB stick with no network). Filters "
    "of one kind are OR-ed, different kinds AND-ed."
)


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    parser.add_argument("-o", "--output", metavar=tr.t("OUT.html"),
                        help=tr.t("the map file (HTML)"))
    parser.add_argument("--png", metavar=tr.t("OUT.png"),
                        help=tr.t("also (or only) write the map as a 1920x1080 PNG for a slide"))
    parser.add_argument("--pdf", metavar=tr.t("OUT.pdf"),
                        help=tr.t("also (or only) write the map as an A4 landscape PDF page"))
    parser.add_argument("--data", metavar=tr.t("PATH"),
                        help=tr.t("CSV/XLSX file or folder (default: the bundled data); needs "
                                  "at least name and country, and lat/lon or a city"))
    for option, metavar, help_text in (
        ("--country", N_("COUNTRY"),
         N_("keep this country (ISO code or name); repeat for several")),
        ("--project", N_("PROJECT"), N_("keep this project; repeat for several")),
        ("--activity", N_("ACTIVITY"), N_("keep this activity type; repeat for several")),
    ):
        parser.add_argument(option, action="append", default=[], metavar=tr.t(metavar),
                            help=tr.t(help_text))
    _add_audience(parser, tr=tr)
    parser.add_argument("--title", metavar="T", help=tr.t("title shown over the map"))
    parser.add_argument("--geojson", metavar=tr.t("PATH"),
                        help=tr.t("also write the rows as GeoJSON"))
    parser.add_argument("--iframe", metavar=tr.t("PATH"),
                        help=tr.t("also write an <iframe> snippet to embed it"))
    parser.add_argument("--url", metavar=tr.t("URL"),
                        help=tr.t("where the map will be published (for --iframe)"))
    parser.add_argument("--online-tiles", action="store_true",
                        help=tr.t("offer OpenStreetMap tiles (and CARTO Positron with "
                                  "$EFUS_CARTO_KEY) as optional layers; they need the internet, "
                                  "the offline basemap stays the default"))  # fmt: skip


def _add_audience(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    audience = parser.add_mutually_exclusive_group()
    audience.add_argument("--public", action="store_true",
                          help=tr.t("the public map: public rows and fields only, sensitive "
                                    "sites moved to their city centre (the default with "
                                    "--iframe or --url)"))
    audience.add_argument("--staff", action="store_true",
                          help=tr.t("the staff map: every row and field, exact positions "
                                    "(the default without --iframe or --url); never publish "
                                    "it"))  # fmt: skip


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.errors import DataError, GeoError
    from geo.messages import error_line, problem_line

    tr = translator(args.lang)
    if not (args.output or args.png or args.pdf):
        print(tr.t("error: say what to write: {html}, {png} and/or {pdf}",
                   html=f"-o {tr.t('OUT.html')}", png=f"--png {tr.t('OUT.png')}",
                   pdf=f"--pdf {tr.t('OUT.pdf')}"), file=sys.stderr)  # fmt: skip
        return 2
    if (args.geojson or args.iframe) and not args.output:
        print(tr.t("error: {options} go with the HTML map: add {html}",
                   options="--geojson, --iframe", html=f"-o {tr.t('OUT.html')}"),
              file=sys.stderr)  # fmt: skip
        return 2
    try:
        result = export_map(
            args.output,
            png=args.png,
            pdf=args.pdf,
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
            lang=args.lang,
        )
    except DataError as exc:
        for problem in exc.problems:
            print(problem_line(problem, lang=args.lang), file=sys.stderr)
        return 1
    except GeoError as exc:
        print(tr.t("error: {error}", error=error_line(exc, lang=args.lang)), file=sys.stderr)
        return 1
    for note in result.notes:
        print(tr.t("note: {note}", note=note.text(tr)), file=sys.stderr)
    text = tr.tn("{n} on the map", "{n} on the map", result.shown)
    if result.without_position:
        text += ", " + tr.tn("{n} without a position left off",
                             "{n} without a position left off", result.without_position)
    for path in (result.html, result.png, result.pdf):
        if path:
            print(f"{path}: {text}", file=sys.stderr)
    return 0


def _audience(args: argparse.Namespace) -> str | None:
    """--public or --staff as said; neither: public for an embed (--iframe/--url)."""
    return "public" if args.public else "staff" if args.staff else None


class SelectionError(MapError):
    """A filter names something the data does not have."""


@dataclass(frozen=True, slots=True)
class PresumedNote:
    """Rows of lists with no 'sensitive' column that a public map treats as sensitive: what
    the command line tells, in the reader's language."""

    files: tuple[str, ...]
    rows: int

    def text(self, tr: Translator) -> str:
        return tr.tn(
            "{files}: no 'sensitive' column, so {n} row with a site position is treated as "
            "sensitive (shown at the city centre); fix: add a 'sensitive' column with yes or "
            "no on every row",
            "{files}: no 'sensitive' column, so {n} rows with a site position are treated as "
            "sensitive (shown at the city centre); fix: add a 'sensitive' column with yes or "
            "no on every row",
            self.rows, files=", ".join(self.files))  # fmt: skip


@dataclass(frozen=True, slots=True)
class ExportResult:
    html: Path | None
    shown: int
    without_position: int
    geojson: Path | None = None
    iframe: Path | None = None
    notes: tuple[PresumedNote, ...] = ()  # what the export decided for privacy's sake
    png: Path | None = None
    pdf: Path | None = None


@dataclass(frozen=True, slots=True)
class Loaded:
    """The rows to map, and the files that do not say which rows are sensitive (no
    ``sensitive`` column) or how precise a position is (no ``precision`` column either)."""

    frame: pd.DataFrame
    unread_sensitivity: tuple[str, ...] = ()
    unread_precision: tuple[str, ...] = ()


def load_for_map(path: str | os.PathLike | None) -> Loaded:
    """The bundled dataset, or any CSV/XLSX with at least ``name`` and ``country``."""
    from geo.data.dataset import check_paths, load_dataset, to_frame

    if path is None:
        return Loaded(load_dataset())
    checked = check_paths([path], strict=False)
    if not checked.ok:
        raise DataError(checked.errors)
    if not checked.records:
        raise DataError([Problem.of("file_no_rows", file=str(path))])
    return Loaded(to_frame(checked.records), tuple(checked.unread_sensitivity),
                  tuple(checked.unread_precision))  # fmt: skip


def _values(frame: pd.DataFrame, column: str, wanted: Sequence[str], flag: str) -> tuple[str, ...]:
    """``wanted`` as the data spells them (case-insensitive); an unknown one is an error."""
    have = frame[column].fillna("").astype(str) if column in frame else pd.Series("", frame.index)
    by_fold = {v.casefold(): v for v in have.unique() if v}
    chosen = []
    for value in wanted:
        if value.casefold() not in by_fold:
            known = ", ".join(sorted(by_fold.values())) or "-"
            raise SelectionError(f"{flag} {value!r} matches no row; fix: use one of: {known}",
                                 code="filter_value_unknown",
                                 params={"option": flag, "value": value, "known": known})
        chosen.append(by_fold[value.casefold()])
    return tuple(chosen)


def select_rows(
    frame: pd.DataFrame,
    *,
    countries: Sequence[str] = (),
    projects: Sequence[str] = (),
    activities: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows in any of ``countries`` (codes or names) and ``projects`` and ``activities``
    (case-insensitive); an empty filter keeps everything. The dashboard's filter rule
    (``geo.selection.apply``) does the selecting; this adds the command line's checks."""
    from geo.selection import Selection, apply

    codes = []
    if countries:
        for country in countries:
            code = to_iso2(country)
            if not code:
                guesses = guess_params(country)
                hint = f"did you mean {guesses['guesses']}? " if guesses else ""
                # The words of a country cell's problem (geo.messages), in any language.
                code = "country_misspelt" if guesses else "country_unknown"
                raise SelectionError(f"--country {country!r} is not a country; fix: {hint}"
                                     "give an ISO code such as BE, FR or IT", code=code,
                                     params={"text": country, **guesses})
            codes.append(code)
    selection = Selection(
        countries=tuple(codes),
        projects=_values(frame, "project", projects, "--project") if projects else (),
        activities=_values(frame, "activity", activities, "--activity") if activities else (),
    )
    return apply(frame, selection)


def _is_folder(data: str | os.PathLike | None) -> bool:
    return data is None or Path(data).is_dir()


def default_audience(*, iframe: object = None, url: object = None) -> str:
    """An embed goes on a public page: it is public unless staff is asked for outright."""
    return "public" if iframe or url else "staff"


def _private_safe(
    loaded: Loaded, *, audience: str
) -> tuple[pd.DataFrame, tuple[PresumedNote, ...]]:
    """A public map of a list that does not say what is sensitive treats its sites as
    sensitive, and says so; the staff map shows the list as it is."""
    if audience != "public":
        return loaded.frame, ()
    presumed = presume_sensitive(
        loaded.frame,
        unread=loaded.unread_sensitivity,
        unread_precision=loaded.unread_precision,
    )
    note = PresumedNote(presumed.files, presumed.rows) if presumed.rows else None
    return presumed.frame, (note,) if note else ()


def place_rows(
    frame: pd.DataFrame, *, data: str | os.PathLike | None, settings: Settings | None
) -> pd.DataFrame:
    """Rows without lat/lon placed as the dashboard places them (the offline geocoder of
    ``settings``), the manual choices of the data folder (``overrides.csv``) included."""
    _, unplaced = positioned(frame)
    if not unplaced:
        return frame
    settled = read_overrides(DATA_DIR if data is None else data) if _is_folder(data) else []
    placing = geocoding.geocoder_with(as_mapping(settled), settings=settings)
    return geocoding.locate(frame, geocoder=placing)


def map_rows(
    data: str | os.PathLike | None, *, audience: str, settings: Settings | None
) -> tuple[pd.DataFrame, tuple[PresumedNote, ...]]:
    """Every row of ``data`` (default: the bundled dataset) ready for a map of ``audience``:
    read, presumed sensitive where the list does not say (public), placed; and the notes."""
    frame, notes = _private_safe(load_for_map(data), audience=audience)
    return place_rows(frame, data=data, settings=settings), notes


def export_map(
    out: str | os.PathLike | None,
    *,
    data: str | os.PathLike | None = None,
    countries: Sequence[str] = (),
    projects: Sequence[str] = (),
    activities: Sequence[str] = (),
    audience: str | None = None,
    title: str | None = None,
    geojson: str | os.PathLike | None = None,
    iframe: str | os.PathLike | None = None,
    url: str | None = None,
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    settings: Settings | None = None,
    png: str | os.PathLike | None = None,
    pdf: str | os.PathLike | None = None,
    lang: str = "en",
) -> ExportResult:
    """Write the map (and the GeoJSON / iframe files and PNG / PDF images asked for) of the
    selected rows.

    ``audience`` None: public when the map is meant to be embedded (``iframe`` or ``url``
    given), else staff; embedding a staff map needs ``audience="staff"`` said outright.
    Rows without a position are placed with the geocoder of ``settings`` (default: offline).
    Images (``png``, ``pdf``: ``geo.maps.image``) are drawn by headless Chromium.
    The map's own words (legend, popups, title when none is given) are in ``lang``.
    """
    tr = translator(lang)
    audience = audience or default_audience(iframe=iframe, url=url)
    frame, notes = _private_safe(load_for_map(data), audience=audience)
    frame = select_rows(frame, countries=countries, projects=projects,
                        activities=activities)  # fmt: skip
    frame = place_rows(frame, data=data, settings=settings)
    if city_centre is None:
        city_centre = functools.partial(geocoding.city_centre, settings=settings)
    counts = (0, 0)
    if out is not None:
        m = export_html(frame, out, audience=audience, title=title, city_centre=city_centre,
                        geojson_path=geojson, online_tiles=online_tiles,
                        carto_key=settings.carto_key if settings else "", lang=lang)  # fmt: skip
        counts = (len(m.plotted), m.without_position)
    images = {}
    for kind, path in (("png", png), ("pdf", pdf)):
        if path is not None:
            image = map_image(frame, path, kind=kind, audience=audience,
                              title=title or tr.t(DEFAULT_TITLE), city_centre=city_centre,
                              lang=lang)  # fmt: skip
            images[kind], counts = image.path, (image.shown, image.without_position)
    iframe_path = None
    if iframe is not None:
        iframe_path = Path(iframe)
        snippet = iframe_snippet(url or Path(out or "map.html").name,
                                 title=title or tr.t(DEFAULT_TITLE))  # fmt: skip
        iframe_path.write_text(snippet + "\n", encoding="utf-8")
    return ExportResult(Path(out) if out else None, *counts,
                        Path(geojson) if geojson else None, iframe_path, notes,
                        images.get("png"), images.get("pdf"))  # fmt: skip
