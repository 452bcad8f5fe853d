"""The words of every coded problem and error, by code: a message and its fix.

Code decides by ``Problem.code`` / ``GeoError.code`` and reads the values in ``params``; the
words here are for people only. Each entry is a pair of ``str.format`` templates filled from
the params, so a catalogue in another language renders the same problems from the same codes.
A test renders every problem the test files trigger from its code and params and checks it
reads as the problem does.
"""

from __future__ import annotations

from collections.abc import Mapping

_DEGREES = "write decimal degrees with a dot, e.g. 50.6337 (not 50°38'N)"
_DATE_FORMS = "write YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day"
_DAY_MONTH = "check the day and month (YYYY-MM-DD)"
_SAVE_UTF8 = "save the file again as 'CSV UTF-8' (Excel: File > Save As > CSV UTF-8)"
_RESAVE_XLSX = "open it in Excel and re-save it as 'Excel Workbook (.xlsx)' or CSV"
_SPLIT = "split the list into smaller files"
_KEEP_SHEET = "keep only the sheet with the list, or save it as CSV"
_RANGE_FIX = ("write decimal degrees between -{limit} and {limit}; "
              "check for a missing decimal point or swapped lat/lon")  # fmt: skip

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the header of a table (geo.data.validation)
    "column_unnamed": ("a column has no name",
                       "give it one of the column names in data/README.md, or delete the column"),
    "column_twice": ("column {header!r} appears twice (also as {other!r})", "keep one of them"),
    "column_misspelt": ("unknown column {header!r}",
                        "rename it to {close!r} (the columns are listed in data/README.md)"),
    "column_unknown": ("unknown column {header!r}", "delete it, or rename it to one of "
                       "{columns} (the columns are listed in data/README.md)"),
    "column_privacy_unread": (
        "column {header!r} is not read, but seems to say which rows are private or sensitive",
        "rename it to {target} (yes/no), or delete it if it says nothing of the kind"),
    "column_missing": ("required column {name!r} is missing",
                       "add a column named {name!r} on row 1"),
    # --- the cells of a row (geo.data.validation, geo.data.cells)
    "row_extra_cells": ("this row has more cells than there are column names",
                        "remove the extra cells, or quote a value that contains the separator"),
    "cell_empty": ("{name!r} is empty", "fill in {name} ({help})"),
    "id_invalid": ("id {text!r} has characters other than letters, digits, '.', '_' and '-'",
                   "use only those, e.g. {suggestion!r}"),
    "kind_unknown": ("unknown kind {text!r}", "use one of: {kinds}"),
    "country_unknown": ("unknown country {text!r}", "write the ISO 3166-1 alpha-2 code "
                        "(BE, FR, IT…) or the country's name"),
    "country_misspelt": ("unknown country {text!r}", "did you mean {guesses}? write the ISO "
                         "3166-1 alpha-2 code (BE, FR, IT…) or the country's name"),
    "coordinate_half": ("{word} is empty while {other} is given",
                        "fill in both lat and lon, or leave both empty to geocode by city"),
    "number_invalid": ("{word} {text!r} is not a number", _DEGREES),
    "number_non_latin_digits": ("{word} {text!r} is written with non-Latin digits",
                                "type it with the digits 0-9: {digits}"),
    "number_underscore": ("{word} {text!r} has an underscore in it",
                          "remove the underscore, or put the dot where it belongs"),
    "number_too_large": ("{word} {text!r} is too large to be a coordinate", _DEGREES),
    "number_underflow": ("{word} {text!r} is so small it rounds to 0",
                         _DEGREES + "; check the exponent"),
    "lat_out_of_range": ("{word} {text} is outside [-{limit}, {limit}]", _RANGE_FIX),
    "lon_out_of_range": ("{word} {text} is outside [-{limit}, {limit}]", _RANGE_FIX),
    "latlon_swapped": ("lat {lat} / lon {lon} is outside {country_name} but the swapped pair "
                       "is inside it", "swap them: lat {lon}, lon {lat}"),
    "precision_unknown": ("unknown precision {text!r}", "use one of: {precisions}"),
    "flag_invalid": ("{name} {text!r} is neither yes nor no", "write yes or no"),
    "date_invalid": ("date {text!r} is not in the form YYYY-MM-DD", _DATE_FORMS),
    "date_day_first": ("date {text!r} is not in the form YYYY-MM-DD",
                       "write {iso} (" + _DATE_FORMS + ")"),
    "date_month_invalid": ("{text!r} has month {month:02d}, not 01-12",
                           _DAY_MONTH + "; write YYYY alone when the month is not known"),
    "date_day_invalid": ("{text!r} is not a real date: {month_name} has no day {day}",
                         _DAY_MONTH),
    "date_not_real": ("{text!r} is not a real date", _DAY_MONTH),
    "dates_reversed": ("end {end!r} is before start {start!r}",
                       "swap them, or correct the end date"),
    "source_invalid": ("source {text!r} is not a web address",
                       "give the page's full address starting with https:// (or http://)"),
    "activity_misspelt": ("activity {text!r} is spelt differently from {right!r}",
                          "write {right!r} so that the filter groups them"),
    "formula_after_separator": (
        "{name} {text!r} has a formula after a ',', ';' or line break: a spreadsheet that "
        "splits the line there would run it",
        "check the value; if it is right, keep it (files this tool writes put a \"'\" before "
        "the formula), otherwise remove what follows the separator"),
    "id_duplicate": ("id {id!r} is already used at {first_file} row {first_row}",
                     "give this row an id of its own"),
    "spelling_variant": ("{name} {spelling!r} is written {best!r} at {first_file} row "
                         "{first_row}", "write {best!r} everywhere"),
    # --- reading a file (geo.data.reading): refused whole, or a row the reader could not read
    "file_type_unsupported": ("{suffix} is not a table this tool reads",
                              "save the sheet as CSV (.csv) or Excel workbook (.xlsx)"),
    "file_unreadable": ("cannot be read ({reason})", "check the path"),
    "file_empty": ("the file is empty", "put the column names on row 1"),
    "file_too_large": ("{size} is more than the {limit} a file may have",
                       _SPLIT + ", or delete unused sheets, images and columns (on the command "
                       "line, --max-mb raises the limit)"),
    "file_too_slow": ("reading took more than the {seconds:g} s a file may take",
                      _SPLIT + ", or save it as CSV"),
    "file_too_many_rows": ("more than the {limit} rows a file may have", "split the list into "
                           "several files (on the command line, --max-rows raises the limit)"),
    "file_not_text": ("this is not a text CSV file", "save it as CSV UTF-8 or .xlsx"),
    "utf16_invalid": ("the file says it is UTF-16 but its bytes are not ({reason})",
                      "open it in Excel and " + _SAVE_UTF8),
    "csv_invalid": ("not a readable CSV file ({reason})", "re-save it as CSV"),
    "not_utf8_row": ("this row is not UTF-8 while the rest of the file is (it looks like "
                     "Windows-1252, as French Excel writes it): it was read as Windows-1252, "
                     "its accents may be wrong",
                     _SAVE_UTF8 + " and use that file, or correct the accented cells of this row"),
    "double_encoded": ("the text looks encoded twice (UTF-8 read as Windows-1252)",
                       "write {fixed!r}; if the whole file looks like this, export it again as "
                       "CSV UTF-8 from the original"),
    "xlsx_unreadable": ("not a readable Excel workbook ({reason})",
                        "open it in Excel and save it again as .xlsx, or as CSV UTF-8"),
    "xls_old": ("this is an old Excel 97-2003 (.xls) workbook named .xlsx", _RESAVE_XLSX),
    "xlsx_not_zip": ("this is not an Excel workbook although it is named .xlsx", _RESAVE_XLSX),
    "xlsx_too_many_parts": ("the workbook has {parts} parts, more than the {limit} allowed",
                            _KEEP_SHEET),
    "xlsx_unpacked_too_large": ("the workbook unpacks to {size}, more than the {limit} allowed",
                                _KEEP_SHEET),
    "xlsx_ratio_too_high": ("the workbook unpacks to {ratio} times its size, more than the "
                            "{limit} allowed", _KEEP_SHEET),
    # --- the manual geocoding choices file (geo.data.overrides)
    "override_column_missing": ("the column {name!r} is missing", "the header must be {header}"),
    "override_name_empty": ("the place name is empty", "write the place as listed"),
    "override_country_unknown": ("unknown country {text!r}", "give an ISO2 code (BE, FR)"),
    "override_country_misspelt": ("unknown country {text!r}", "did you mean {guesses}?"),
    "override_coordinate_invalid": ("{name} must be a number between -{limit} and {limit}",
                                    "write decimal degrees, such as 50.63373"),
    "override_author_missing": ("who settled this place is not said",
                                "write the name of the person who chose the position"),
    "override_twice": ("{name} ({country}) is settled twice (first on row {first_row})",
                       "keep one row per place and country"),
    # --- a save into the store (geo.data.store)
    "store_name_empty": ("the place name is empty", "type the place's name"),
    "store_country_unknown": ("unknown country {text!r}",
                              "give an ISO 3166-1 alpha-2 code such as BE, FR or IT"),
    "author_missing": ("a save needs an author", "pass the logged-in staff member's name"),
    "store_coordinate_invalid": ("{name} {text!r} is not a number in [-{limit:g}, {limit:g}]",
                                 "type decimal degrees, e.g. 50.6337"),
    "id_taken": ("id {id!r} is already used",
                 "give the new row an id of its own, or save it as a change"),
    "id_taken_at": ("id {id!r} is already used at {first_file} row {first_row}",
                    "give the new row an id of its own, or save it as a change"),
    "id_unknown": ("no row has id {id!r}", "reload the data; the row may have been deleted"),
    "id_changed_twice": ("id {id!r} is changed twice in one save",
                         "reload the data; the row may have been deleted"),
    "id_unknown_delete": ("no row has id {id!r} to delete", "reload the data"),
    "id_deleted_and_changed": ("id {id!r} is deleted and also added or changed in one save",
                               "reload the data"),
    # --- an upload (geo.staff.intake)
    "upload_type_unsupported": ("{suffix} is not accepted", "save the sheet as CSV (.csv) or "
                                "Excel workbook (.xlsx) and upload that"),
    "upload_too_large": ("{size} is more than the {limit} an upload may have",
                         _SPLIT + ", or delete unused sheets, images and columns"),
    "upload_empty": ("the file is empty", "upload the saved spreadsheet"),
    "reader_died": ("the reader stopped before the end (the file may need more memory than "
                    "the server has)", _SPLIT + ", or save it as CSV"),
    "formula_start": ("the cell starts with {start!r}: a spreadsheet would run it as a formula",
                      "it is kept as text with a leading apostrophe; delete the {start!r} if "
                      "it is not meant to be there"),
    "presumed_sensitive": ("the file has no 'sensitive' column and this row is a site: it is "
                           "saved as sensitive, so the public map shows it at its city centre",
                           "add a 'sensitive' column with yes or no to say which rows are "
                           "sensitive"),
    # --- a position typed in the geocoding review (geo.places.review)
    "position_invalid": ("{word} {text!r} is not a number", "type decimal degrees such as 50.6337"),
    "position_out_of_range": ("{word} {number} is outside [-{limit}, {limit}]",
                              "type decimal degrees, latitude first (north-south), then "
                              "longitude (east-west)"),
    # --- how an institutional name was read (geo.places.geocoder, geo.places.institutions)
    "place_read_as": ("read as {place!r} after removing {removed}",
                      "check that this is the place meant"),
    "place_inside_name": ("{place!r} is named inside {name!r}",
                          "confirm it is the body's seat, or fill in the city column"),
    "place_area_named": ("{area} ({code}) is shown at {town}, the town it is named after", ""),
    "place_area_largest": ("{area} ({code}) is shown at {town}, its most populous town",
                           "confirm, or place it at its capital by hand"),
    "place_national_capital": ("{name!r} reads as a national body of {country}: proposed at "
                               "its capital, {town}", "confirm, or fill in the city column "
                               "with its seat"),
    "place_reference_seat": ("{body} has its seat in {city} (reference/institutions.csv, "
                             "source: {source})", ""),
    # --- a view staff save to publish (geo.data.views)
    "view_name_invalid": ("view name {name!r} is empty or longer than {max} characters",
                          "give a short name, such as 'Pilot equipment in Belgium'"),
    # --- a speaker's saved tours (geo.data.tours)
    "tour_name_invalid": ("tour name {name!r} is empty or longer than {limit} characters",
                          "give the tour a short name, such as 'Pilot cities 2022'"),
    "tour_empty": ("tour {name!r} has no stop", "choose at least one place for the tour"),
    "tour_unknown": ("no saved tour is named {name!r}",
                     "use one of: {known}, or save a tour under that name first"),
    "tour_file_unreadable": ("the saved tours in {path} cannot be read ({reason})",
                             "restore the file from a backup, or move it away to start anew"),
    # --- map images (geo.maps.image)
    "image_browser_missing": ("no headless Chromium found to draw the map image (looked for "
                              "{names})", "install Debian's chromium on the server "
                              "(apt-get install -y chromium; make chromium does it)"),
    "image_browser_failed": ("Chromium could not draw the map image (exit {status}): {output}",
                             "check that chromium runs headless on this machine "
                             "(chromium --headless --no-sandbox --screenshot)"),
    "image_kind_unknown": ("image kind {kind!r} is not one of {kinds}", "use png or pdf"),
}  # fmt: skip


def render(code: str, params: Mapping[str, object]) -> tuple[str, str]:
    """The message and the fix of ``code`` with ``params``; ``KeyError`` for an unknown code
    (a code is added here with the words, in the same change)."""
    message, fix = MESSAGES[code]
    return message.format_map(params), fix.format_map(params)


def render_line(code: str, params: Mapping[str, object]) -> str:
    """One line for an error that is not located in a file: ``message; fix: fix``."""
    message, fix = render(code, params)
    return f"{message}; fix: {fix}" if fix else message
