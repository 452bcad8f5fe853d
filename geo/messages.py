"""The words of every coded problem and error, by code: a message and its fix.

Code decides by ``Problem.code`` / ``GeoError.code`` and reads the values in ``params``; the
words here are for people only. Each entry is a pair of templates filled from the params
(``geo.i18n.fill``); each is a catalogue entry (``N_``), so ``render(code, params, lang=)``
says the same problem in any language of ``geo/locale`` from the same code.
A test renders every problem the test files trigger from its code and params and checks it
reads as the problem does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from geo.i18n import N_, Translator, fill, translator

if TYPE_CHECKING:
    from geo.errors import Problem

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the header of a table (geo.data.validation)
    "column_unnamed": (
        N_("a column has no name"),
        N_("give it one of the column names in data/README.md, or delete the column"),
    ),
    "column_twice": (
        N_("column {header!r} appears twice (also as {other!r})"),
        N_("keep one of them"),
    ),
    "column_misspelt": (
        N_("unknown column {header!r}"),
        N_("rename it to {close!r} (the columns are listed in data/README.md)"),
    ),
    "column_unknown": (
        N_("unknown column {header!r}"),
        N_("delete it, or rename it to one of {columns} (the columns are listed in "
           "data/README.md)"),
    ),
    "column_privacy_unread": (
        N_("column {header!r} is not read, but seems to say which rows are private or sensitive"),
        N_("rename it to {target} (yes/no), or delete it if it says nothing of the kind"),
    ),
    "translation_language_unknown": (
        N_("column {header!r} translates into {lang!r}, a language this service does not speak: "
           "it is not read"),
        N_("use one of {columns}, or add that language's catalogue (geo/locale) first"),
    ),
    "column_missing": (
        N_("required column {name!r} is missing"),
        N_("add a column named {name!r} on row 1"),
    ),
    # --- the cells of a row (geo.data.validation, geo.data.cells)
    "row_extra_cells": (
        N_("this row has more cells than there are column names"),
        N_("remove the extra cells, or quote a value that contains the separator"),
    ),
    "cell_empty": (
        N_("{name!r} is empty"),
        N_("fill in {name} ({help})"),
    ),
    "id_invalid": (
        N_("id {text!r} has characters other than letters, digits, '.', '_' and '-'"),
        N_("use only those, e.g. {suggestion!r}"),
    ),
    "kind_unknown": (
        N_("unknown kind {text!r}"),
        N_("use one of: {kinds}"),
    ),
    "country_unknown": (
        N_("unknown country {text!r}"),
        N_("write the ISO 3166-1 alpha-2 code (BE, FR, IT…) or the country's name"),
    ),
    "country_misspelt": (
        N_("unknown country {text!r}"),
        N_("did you mean {guesses}? write the ISO 3166-1 alpha-2 code (BE, FR, IT…) or "
           "the country's name"),
    ),
    "coordinate_half": (
        N_("{word} is empty while {other} is given"),
        N_("fill in both lat and lon, or leave both empty to geocode by city"),
    ),
    "number_invalid": (
        N_("{word} {text!r} is not a number"),
        N_("write decimal degrees with a dot, e.g. 50.6337 (not 50°38'N)"),
    ),
    "number_non_latin_digits": (
        N_("{word} {text!r} is written with non-Latin digits"),
        N_("type it with the digits 0-9: {digits}"),
    ),
    "number_underscore": (
        N_("{word} {text!r} has an underscore in it"),
        N_("remove the underscore, or put the dot where it belongs"),
    ),
    "number_too_large": (
        N_("{word} {text!r} is too large to be a coordinate"),
        N_("write decimal degrees with a dot, e.g. 50.6337 (not 50°38'N)"),
    ),
    "number_underflow": (
        N_("{word} {text!r} is so small it rounds to 0"),
        N_("write decimal degrees with a dot, e.g. 50.6337 (not 50°38'N); check the exponent"),
    ),
    "lat_out_of_range": (
        N_("{word} {text} is outside [-{limit}, {limit}]"),
        N_("write decimal degrees between -{limit} and {limit}; check for a missing "
           "decimal point or swapped lat/lon"),
    ),
    "lon_out_of_range": (
        N_("{word} {text} is outside [-{limit}, {limit}]"),
        N_("write decimal degrees between -{limit} and {limit}; check for a missing "
           "decimal point or swapped lat/lon"),
    ),
    "latlon_swapped": (
        N_("lat {lat} / lon {lon} is outside {country_name} but the swapped pair is inside it"),
        N_("swap them: lat {lon}, lon {lat}"),
    ),
    "precision_unknown": (
        N_("unknown precision {text!r}"),
        N_("use one of: {precisions}"),
    ),
    "flag_invalid": (
        N_("{name} {text!r} is neither yes nor no"),
        N_("write yes or no"),
    ),
    "date_invalid": (
        N_("date {text!r} is not in the form YYYY-MM-DD"),
        N_("write YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day"),
    ),
    "date_day_first": (
        N_("date {text!r} is not in the form YYYY-MM-DD"),
        N_("write {iso} (write YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day)"),
    ),
    "date_month_invalid": (
        N_("{text!r} has month {month:02d}, not 01-12"),
        N_("check the day and month (YYYY-MM-DD); write YYYY alone when the month is not known"),
    ),
    "date_day_invalid": (
        N_("{text!r} is not a real date: {month_name} has no day {day}"),
        N_("check the day and month (YYYY-MM-DD)"),
    ),
    "date_not_real": (
        N_("{text!r} is not a real date"),
        N_("check the day and month (YYYY-MM-DD)"),
    ),
    "dates_reversed": (
        N_("end {end!r} is before start {start!r}"),
        N_("swap them, or correct the end date"),
    ),
    "source_invalid": (
        N_("source {text!r} is not a web address"),
        N_("give the page's full address starting with https:// (or http://)"),
    ),
    "activity_misspelt": (
        N_("activity {text!r} is spelt differently from {right!r}"),
        N_("write {right!r} so that the filter groups them"),
    ),
    "formula_after_separator": (
        N_("{name} {text!r} has a formula after a ',', ';' or line break: a spreadsheet "
           "that splits the line there would run it"),
        N_("check the value; if it is right, keep it (files this tool writes put a \"'\" "
           "before the formula), otherwise remove what follows the separator"),
    ),
    "id_duplicate": (
        N_("id {id!r} is already used at {first_file} row {first_row}"),
        N_("give this row an id of its own"),
    ),
    "spelling_variant": (
        N_("{name} {spelling!r} is written {best!r} at {first_file} row {first_row}"),
        N_("write {best!r} everywhere"),
    ),
    # --- reading a file (geo.data.reading): refused whole, or a row the reader could not read
    "file_type_unsupported": (
        N_("{suffix} is not a table this tool reads"),
        N_("save the sheet as CSV (.csv) or Excel workbook (.xlsx)"),
    ),
    "file_unreadable": (
        N_("cannot be read ({reason})"),
        N_("check the path"),
    ),
    "file_empty": (
        N_("the file is empty"),
        N_("put the column names on row 1"),
    ),
    # The command line's (geo.commands): a file with a header and no row, an output that
    # cannot be written, a filter naming what the data does not have.
    "file_no_rows": (
        N_("the file has no rows"),
        N_("put one place per row under the column names"),
    ),
    "file_unwritable": (
        N_("cannot be written ({reason})"),
        N_("choose a folder that exists and a file that is not open in Excel"),
    ),
    "filter_value_unknown": (
        N_("{option} {value!r} matches no row"),
        N_("use one of: {known}"),
    ),
    "file_too_large": (
        N_("{size} is more than the {limit} a file may have"),
        N_("split the list into smaller files, or delete unused sheets, images and "
           "columns (on the command line, --max-mb raises the limit)"),
    ),
    "file_too_slow": (
        N_("reading took more than the {seconds:g} s a file may take"),
        N_("split the list into smaller files, or save it as CSV"),
    ),
    "file_too_many_rows": (
        N_("more than the {limit} rows a file may have"),
        N_("split the list into several files (on the command line, --max-rows raises the limit)"),
    ),
    "file_not_text": (
        N_("this is not a text CSV file"),
        N_("save it as CSV UTF-8 or .xlsx"),
    ),
    "utf16_invalid": (
        N_("the file says it is UTF-16 but its bytes are not ({reason})"),
        N_("open it in Excel and save the file again as 'CSV UTF-8' (Excel: File > Save "
           "As > CSV UTF-8)"),
    ),
    "csv_invalid": (
        N_("not a readable CSV file ({reason})"),
        N_("re-save it as CSV"),
    ),
    "not_utf8_row": (
        N_("this row is not UTF-8 while the rest of the file is (it looks like "
           "Windows-1252, as French Excel writes it): it was read as Windows-1252, its "
           "accents may be wrong"),
        N_("save the file again as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8) and "
           "use that file, or correct the accented cells of this row"),
    ),
    "double_encoded": (
        N_("the text looks encoded twice (UTF-8 read as Windows-1252)"),
        N_("write {fixed!r}; if the whole file looks like this, export it again as CSV "
           "UTF-8 from the original"),
    ),
    "xlsx_unreadable": (
        N_("not a readable Excel workbook ({reason})"),
        N_("open it in Excel and save it again as .xlsx, or as CSV UTF-8"),
    ),
    "xls_old": (
        N_("this is an old Excel 97-2003 (.xls) workbook named .xlsx"),
        N_("open it in Excel and re-save it as 'Excel Workbook (.xlsx)' or CSV"),
    ),
    "xlsx_not_zip": (
        N_("this is not an Excel workbook although it is named .xlsx"),
        N_("open it in Excel and re-save it as 'Excel Workbook (.xlsx)' or CSV"),
    ),
    "xlsx_too_many_parts": (
        N_("the workbook has {parts} parts, more than the {limit} allowed"),
        N_("keep only the sheet with the list, or save it as CSV"),
    ),
    "xlsx_unpacked_too_large": (
        N_("the workbook unpacks to {size}, more than the {limit} allowed"),
        N_("keep only the sheet with the list, or save it as CSV"),
    ),
    "xlsx_ratio_too_high": (
        N_("the workbook unpacks to {ratio} times its size, more than the {limit} allowed"),
        N_("keep only the sheet with the list, or save it as CSV"),
    ),
    # --- the manual geocoding choices file (geo.data.overrides)
    "override_column_missing": (
        N_("the column {name!r} is missing"),
        N_("the header must be {header}"),
    ),
    "override_name_empty": (
        N_("the place name is empty"),
        N_("write the place as listed"),
    ),
    "override_country_unknown": (
        N_("unknown country {text!r}"),
        N_("give an ISO2 code (BE, FR)"),
    ),
    "override_country_misspelt": (
        N_("unknown country {text!r}"),
        N_("did you mean {guesses}?"),
    ),
    "override_coordinate_invalid": (
        N_("{name} must be a number between -{limit} and {limit}"),
        N_("write decimal degrees, such as 50.63373"),
    ),
    "override_author_missing": (
        N_("who settled this place is not said"),
        N_("write the name of the person who chose the position"),
    ),
    "override_twice": (
        N_("{name} ({country}) is settled twice (first on row {first_row})"),
        N_("keep one row per place and country"),
    ),
    # --- a save into the store (geo.data.store)
    "store_name_empty": (
        N_("the place name is empty"),
        N_("type the place's name"),
    ),
    "store_country_unknown": (
        N_("unknown country {text!r}"),
        N_("give an ISO 3166-1 alpha-2 code such as BE, FR or IT"),
    ),
    "author_missing": (
        N_("a save needs an author"),
        N_("pass the logged-in staff member's name"),
    ),
    "store_coordinate_invalid": (
        N_("{name} {text!r} is not a number in [-{limit:g}, {limit:g}]"),
        N_("type decimal degrees, e.g. 50.6337"),
    ),
    "id_taken": (
        N_("id {id!r} is already used"),
        N_("give the new row an id of its own, or save it as a change"),
    ),
    "id_taken_at": (
        N_("id {id!r} is already used at {first_file} row {first_row}"),
        N_("give the new row an id of its own, or save it as a change"),
    ),
    "id_unknown": (
        N_("no row has id {id!r}"),
        N_("reload the data; the row may have been deleted"),
    ),
    "id_changed_twice": (
        N_("id {id!r} is changed twice in one save"),
        N_("reload the data; the row may have been deleted"),
    ),
    "id_unknown_delete": (
        N_("no row has id {id!r} to delete"),
        N_("reload the data"),
    ),
    "id_deleted_and_changed": (
        N_("id {id!r} is deleted and also added or changed in one save"),
        N_("reload the data"),
    ),
    # --- an upload (geo.staff.intake)
    "upload_type_unsupported": (
        N_("{suffix} is not accepted"),
        N_("save the sheet as CSV (.csv) or Excel workbook (.xlsx) and upload that"),
    ),
    "upload_too_large": (
        N_("{size} is more than the {limit} an upload may have"),
        N_("split the list into smaller files, or delete unused sheets, images and columns"),
    ),
    "upload_empty": (
        N_("the file is empty"),
        N_("upload the saved spreadsheet"),
    ),
    "reader_died": (
        N_("the reader stopped before the end (the file may need more memory than the "
           "server has)"),
        N_("split the list into smaller files, or save it as CSV"),
    ),
    "formula_start": (
        N_("the cell starts with {start!r}: a spreadsheet would run it as a formula"),
        N_("it is kept as text with a leading apostrophe; delete the {start!r} if it is "
           "not meant to be there"),
    ),
    "presumed_sensitive": (
        N_("the file has no 'sensitive' column and this row is a site: it is saved as "
           "sensitive, so the public map shows it at its city centre"),
        N_("add a 'sensitive' column with yes or no to say which rows are sensitive"),
    ),
    # --- a position typed in the geocoding review (geo.places.review)
    "position_invalid": (
        N_("{word} {text!r} is not a number"),
        N_("type decimal degrees such as 50.6337"),
    ),
    "position_out_of_range": (
        N_("{word} {number} is outside [-{limit}, {limit}]"),
        N_("type decimal degrees, latitude first (north-south), then longitude (east-west)"),
    ),
    # --- how an institutional name was read (geo.places.geocoder, geo.places.institutions)
    "place_read_as": (
        N_("read as {place!r} after removing {removed}"),
        N_("check that this is the place meant"),
    ),
    "place_inside_name": (
        N_("{place!r} is named inside {name!r}"),
        N_("confirm it is the body's seat, or fill in the city column"),
    ),
    "place_area_named": (N_("{area} ({code}) is shown at {town}, the town it is named after"), ""),
    "place_area_capital": (N_("{area} ({code}) is shown at {town}, its capital"), ""),
    # A German district (Landkreis, Kreis): at the seat of its administration (Kreissitz).
    "place_area_seat": (N_("{area} ({code}) is shown at {town}, its seat"), ""),
    "place_area_former": (
        N_("{area} ({code}) was a region from {start} to {end}: it is shown at {town}, its "
           "capital then"),
        "",
    ),
    "place_area_largest": (
        N_("{area} ({code}) is shown at {town}, its most populous town"),
        N_("confirm, or place it at its capital by hand"),
    ),
    "place_national_capital": (
        N_("{name!r} reads as a national body of {country}: proposed at its capital, {town}"),
        N_("confirm, or fill in the city column with its seat"),
    ),
    "place_national_seat": (
        N_("{name!r} reads as a national body (country: {country}; from {words!r}): shown at "
           "{town}, its seat of government"),
        N_("check its seat, or fill in the city column with it"),
    ),
    "place_union_member": (
        N_("{name!r} reads as a union of municipalities: shown at {town}, a town its name "
           "holds (its seat may be another member)"),
        N_("check its seat, or fill in the city column with it"),
    ),
    "place_union_seat": (
        N_("{union}, a union of municipalities, is shown at {town}, its seat as the register "
           "of Italian public bodies (IndicePA) records it"),
        N_("check its seat, or fill in the city column with it"),
    ),
    "place_union_spelt": (
        N_("{name!r} read as {union!r}, the nearest spelling of a union of municipalities"),
        N_("check that this is the union meant"),
    ),
    "place_intercommunal": (
        N_("{body} is an intercommunal body; shown at {town}, its largest town"),
        N_("check its seat, or fill in the city column with it"),
    ),
    "place_intercommunal_member": (
        N_("{body} is an intercommunal body; shown at {town}, the most populous of its other "
           "towns that GeoNames knows: it does not know {largest}, its largest, under that name "
           "(often a recent merger)"),
        N_("check its seat, or fill in the city column with it"),
    ),
    "place_intercommunal_seat": (
        N_("{body} is a metropolitan body; shown at {town}, the town it is named after"),
        "",
    ),
    "place_intercommunal_spelt": (
        N_("{name!r} read as {body!r}, the nearest spelling of an intercommunal body"),
        N_("check that this is the body meant"),
    ),
    "place_higher_education": (
        N_("{body}, a higher-education institution, is shown at {place}, where the Research "
           "Organization Registry (ROR {ror}) places it"),
        N_("check that this is the institution meant, or fill in the city column"),
    ),
    "place_ror_organisation": (
        N_("{body} is shown at {place}, where the Research Organization Registry (ROR {ror}) "
           "places it"),
        N_("check that this is the organisation meant, or fill in the city column"),
    ),
    "place_acronym_alias": (
        N_("{name!r} is written like an acronym, and is only another name of {town} "
           "(no country given)"),
        N_("check that this is the place meant, or give the country or the city"),
    ),
    "place_reference_near": (
        N_("{name!r} read as {body!r}, a body with the same words, whose seat is in {city}"),
        N_("check that this is the body meant, or fill in the city column"),
    ),
    "place_reference_seat": (
        N_("{body} has its seat in {city} (reference/institutions.csv, source: {source})"),
        "",
    ),
    "place_body_seat": (
        N_("{body} has its seat in {city} (reference/supramunicipal.csv, source: {source})"),
        "",
    ),
    "place_body_land": (
        N_("{land!r} is the land of {body}: the statistical region (NUTS III) of the same name"),
        "",
    ),
    # --- what the geocoder says of a row (geo.places.geocoder: Resolution.said)
    "geocode_override": (N_("placed by hand (override)"), ""),
    "geocode_country_only": (N_("no name or city given: placed in the country"), ""),
    "geocode_nothing_given": (
        N_("no name, city or country given"),
        N_("fill in the name or the city, and the country"),
    ),
    "geocode_is_country": (N_("{name!r} is a country"), ""),
    "geocode_seat_missing": (
        N_("no seat city given: placed at {place}, named in {name!r}"),
        N_("fill in the city column to confirm"),
    ),
    "geocode_closest": (N_("no place is called that; closest spelling: {place}"), ""),
    "geocode_closest_in": (
        N_("no place is called that in {country}; closest spelling: {place}"), "",
    ),
    "geocode_several": (
        N_("several places of comparable size: {place} or {others}"),
        N_("add the country"),
    ),
    "geocode_several_in": (
        N_("several places of comparable size in {country}: {place} or {others}"),
        N_("choose one (manual override)"),
    ),
    "geocode_outside_country": (
        N_("({lat}, {lon}) is outside {country}"),
        N_("check for swapped lat/lon or a wrong place"),
    ),
    "geocode_online": (N_("found online: {place} (openstreetmap {osm})"), ""),
    "geocode_online_cached": (
        N_("found online: {place} (openstreetmap {osm}), from the cache"), "",
    ),
    "geocode_country_off_map": (N_("{country} is not on the offline map"), ""),
    "geocode_country_at_capital": (
        N_("{country} has no borders on the offline map; shown at {town}, its seat of government"),
        "",
    ),
    "geocode_none": (
        N_("no place called {name!r}"),
        N_("check the spelling and country, or place it by hand"),
    ),
    "geocode_none_in": (
        N_("no place called {name!r} in {country}"),
        N_("check the spelling and country, or place it by hand"),
    ),
    "geocode_none_in_but": (
        N_("no place called {name!r} in {country} (but in {others})"),
        N_("check the spelling and country, or place it by hand"),
    ),
    "geocode_country_read_as": (N_("country {text!r} read as {country} ({iso})"), ""),
    "geocode_country_ignored": (N_("country {text!r} not recognised, so it was ignored"), ""),
    # --- the choices of the geocoding review (geo.places.review)
    "choice_place": (
        N_("{name} ({iso}, pop. {population}, {lat}, {lon}, geonames:{geonameid})"), "",
    ),
    "choice_as_in_file": (N_("as in the file ({lat}, {lon})"), ""),
    "choice_swapped": (N_("swapped ({lat}, {lon})"), ""),
    "choice_area_whole": (N_("{area} ({code}) as a whole: its centroid ({lat}, {lon})"), ""),
    # --- a view staff save to publish (geo.data.views)
    "view_name_invalid": (
        N_("view name {name!r} is empty or longer than {max} characters"),
        N_("give a short name, such as 'Pilot equipment in Belgium'"),
    ),
    # --- a speaker's saved tours (geo.data.tours)
    "tour_name_invalid": (
        N_("tour name {name!r} is empty or longer than {limit} characters"),
        N_("give the tour a short name, such as 'Pilot cities 2022'"),
    ),
    "tour_empty": (N_("tour {name!r} has no stop"), N_("choose at least one place for the tour")),
    "tour_unknown": (
        N_("no saved tour is named {name!r}"),
        N_("use one of: {known}, or save a tour under that name first"),
    ),
    "tour_file_unreadable": (
        N_("the saved tours in {path} cannot be read ({reason})"),
        N_("restore the file from a backup, or move it away to start anew"),
    ),
    # --- map images (geo.maps.image)
    "image_browser_missing": (
        N_("no headless Chromium found to draw the map image (looked for {names})"),
        N_("install Debian's chromium on the server (apt-get install -y chromium; "
           "make chromium does it)"),
    ),
    "image_browser_failed": (
        N_("Chromium could not draw the map image (exit {status}): {output}"),
        N_("check that chromium runs headless on this machine "
           "(chromium --headless --no-sandbox --screenshot)"),
    ),
    "image_kind_unknown": (N_("image kind {kind!r} is not one of {kinds}"), N_("use png or pdf")),
}  # fmt: skip


def render(code: str, params: Mapping[str, object], *, lang: str = "en") -> tuple[str, str]:
    """The message and the fix of ``code`` with ``params``, in ``lang``; ``KeyError`` for an
    unknown code (a code is added here with the words, in the same change)."""
    message, fix = MESSAGES[code]
    tr = translator(lang)
    params = _in_language(params, tr)
    # fill() even without params: a template short of its values is an error, not braces.
    return fill(tr.t(message), params), (fill(tr.t(fix), params) if fix else "")


def _in_language(params: Mapping[str, object], tr: Translator) -> dict[str, object]:
    """The params that are words rather than values, in ``tr``'s language: a column's help
    (``geo.data.schema``, a catalogue entry) and a month named in a date."""
    out = dict(params)
    if isinstance(out.get("country_iso"), str):  # the geocoder's: a country named in lang
        try:
            out["country"] = tr.country(str(out["country_iso"]))
        except ValueError:  # a code CLDR does not name: the code itself
            out["country"] = out["country_iso"]
    if isinstance(out.get("guess_isos"), str):  # "Belgique (BE) ou Belize (BZ)"
        out["guesses"] = _either(str(out["guess_isos"]).split(), tr)
    if str(out.get("population", "")).isdigit():  # a count of people, with the separators
        out["population"] = tr.number(int(str(out["population"])))
    if isinstance(out.get("help"), str):
        out["help"] = tr.t(str(out["help"]))
    month = out.get("month_name")
    if isinstance(month, str):
        try:  # "February 2023", as geo.data.cells writes it (English month names)
            day = dt.datetime.strptime(month, "%B %Y").date()
        except ValueError:
            pass
        else:
            out["month_name"] = tr.date(day.strftime("%Y-%m"), "month")
    return out


def _either(codes: list[str], tr: Translator) -> str:
    """Countries as alternatives in ``tr``'s language: CLDR's 'or' list pattern."""
    from babel.core import Locale, UnknownLocaleError
    from babel.lists import format_list

    names = [f"{tr.country(code)} ({code})" for code in codes]
    try:
        locale = Locale.parse(tr.language)
    except (UnknownLocaleError, ValueError):  # the pseudo-locale: its words, English pattern
        locale = Locale.parse("en")
    return format_list(names, style="or", locale=locale)


def render_line(code: str, params: Mapping[str, object], *, lang: str = "en") -> str:
    """One line for an error that is not located in a file: ``message; fix: fix``."""
    message, fix = render(code, params, lang=lang)
    return translator(lang).t("{message}; fix: {fix}", message=message, fix=fix) if fix else message


def error_line(error: Exception, *, lang: str = "en") -> str:
    """A ``GeoError`` in ``lang``: its located problems one a line (a ``DataError``'s, a
    ``ReadError``'s), else its code and params (another error as it reads)."""
    problems = getattr(error, "problems", ()) or [p for p in [getattr(error, "problem", None)] if p]
    if problems:
        return "\n".join(problem_line(p, lang=lang) for p in problems)
    code, params = getattr(error, "code", ""), getattr(error, "params", None)
    if code in MESSAGES and isinstance(params, Mapping):
        try:
            return render_line(code, params, lang=lang)
        except (KeyError, ValueError):  # params short of what the words need: as raised
            pass
    return str(error)


def problem_line(problem: Problem, *, lang: str = "en") -> str:
    """``file:row:column: message; fix: …`` as ``str(problem)`` writes it, in ``lang``: the
    words come again from the problem's code and params (a problem without a known code keeps
    the words it was made with)."""
    if problem.code in MESSAGES:
        message, fix = render(problem.code, problem.params, lang=lang)
    else:
        message, fix = problem.message, problem.fix
    tr = translator(lang)
    where = problem.file
    if problem.row:
        where += f":{problem.row}:{problem.column or '-'}"
    elif problem.column:
        where += ": " + tr.t("column {name!r}", name=problem.column)
    text = message
    if problem.value != "" and repr(problem.value) not in text:
        text += " " + tr.t("(value {value!r})", value=problem.value)
    if fix:
        text = tr.t("{message}; fix: {fix}", message=text, fix=fix)
    if problem.severity != "error":
        text = tr.t("{severity}: {text}", severity=tr.t(problem.severity), text=text)
    return f"{where}: {text}"
