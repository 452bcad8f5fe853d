"""The words every screen needs whatever the data says, marked for the catalogue.

Values that arrive as data (an activity type, a kind of entity) or sit in a table of the code
(layer names, precision labels) are translated where they are shown, ``t(row["activity"])``;
``pybabel extract`` cannot see those calls' text, so it is marked here with ``N_``. The other
entries are the page's texts, exactly as the English page writes them today, so that wiring
the page is wrapping each literal in ``t(...)`` (or ``tn(...)`` where a count decides the
form); once the pages call ``t`` themselves, their entries here can go.

Comments starting ``TRANSLATORS:`` reach the catalogue as notes for whoever translates.
"""

from __future__ import annotations

from geo.i18n import N_, Nn_

ACTIVITY_TYPES = (
    # TRANSLATORS: the activity types of the data (geo.maps.engine.ACTIVITY_STYLE), shown in the
    # legend, the filters and popups, lower case as in the data.
    N_("signatory"),
    N_("partner"),
    N_("associated city"),
    N_("pilot city"),
    N_("pilot equipment"),
    N_("meeting"),
    N_("workshop"),
    N_("European Week of Security"),
    N_("police academy"),
    N_("training"),
    N_("conference"),
)

KINDS = (
    # TRANSLATORS: the kinds of entity as the data writes them (the "Kind of entity" filter).
    N_("city"),
    N_("region"),
    N_("association"),
    N_("agency"),
    N_("network"),
    N_("site"),
    N_("event"),
)

KIND_LABELS = (
    # TRANSLATORS: the kinds of entity as a map popup labels them (geo.maps.engine.KIND_LABELS).
    N_("City"),
    N_("Region"),
    N_("Association"),
    N_("Agency"),
    N_("Network"),
    N_("Site"),
    N_("Event"),
)

LAYER_NAMES = (
    # TRANSLATORS: the map's layers, in its layer control; the count follows in brackets.
    N_("Partners and pilot cities"),
    N_("Brussels Declaration signatories"),
    N_("Activities and events"),
    N_("Pilot security equipment"),
    N_("Other"),
    N_("Offline map (Natural Earth)"),
    N_("Country outlines: Natural Earth (public domain)"),
    N_("OpenStreetMap (online)"),
    N_("CARTO Positron (online)"),
    N_("Places"),
    N_("Current place"),
)

PRECISION_LABELS = (
    # TRANSLATORS: under a point's name in a popup when it is not drawn at its exact position.
    N_("shown at the city centre"),
    N_("shown at the region"),
    N_("shown at the country"),
)

MAP = (
    # TRANSLATORS: the title of the legend, which lists the activity types.
    N_("Activity"),
    N_("Legend"),
    N_("(no activity)"),
    N_("Source"),
    # TRANSLATORS: {n} is filled in by the map's JavaScript, for any count from 1 up.
    N_("… and {n} more here"),
    N_("(+{n} more here)"),
    N_("Where Efus works"),
    N_("The points could not be loaded: {error}"),
    N_("The country outlines could not be loaded: {error}"),
    N_("{layer} cannot be reached without the internet: back to the offline map."),
)

SUBTITLE = (
    # TRANSLATORS: the subtitle over the map:
    # "14 on the map · 3 without a known position not shown".
    Nn_("{n} on the map", "{n} on the map"),
    Nn_("{n} without a known position not shown", "{n} without a known position not shown"),
)

DASHBOARD = (
    N_("Efus map"),
    N_("Map"),
    N_("Data intake"),
    N_("Staff login"),
    N_("Language"),
    N_("Loading and placing the dataset…"),
    N_("The dataset cannot be loaded. Each line says where and how to fix it."),
    N_("no rows: add CSV or XLSX files to the data folder"),
    N_("This link asked for something the page cannot show: {note}."),
    N_("Click a point on the map to see what happened there, with its source."),
    N_("Table"),
    N_("Charts"),
    N_("Share and download"),
    N_("Sort by clicking a column name. The table is the accessible form of the map."),
    N_("open source"),
    N_("**Link to this view** (copy it with the button at the right of the box)"),
    N_("**Embed code** for efus.eu: the map alone, public fields only"),
    N_("**Download** the rows shown"),
    N_("Map (HTML, works offline)"),
)

FILTERS = (
    N_("Filters"),
    N_("Country"),
    N_("All countries"),
    N_("Project"),
    N_("All projects"),
    N_("Activity"),
    N_("All activities"),
    N_("Kind of entity"),
    N_("All kinds"),
    N_("Years"),
    N_("Search"),
    N_("name, city, description…"),
    N_("Reset filters"),
)

HEADLINE = (
    # TRANSLATORS: the headline over the map: "14 of 120 shown · 5 countries · 3 projects".
    Nn_("{n} of {total} shown", "{n} of {total} shown"),
    Nn_("{n} country", "{n} countries"),
    Nn_("{n} project", "{n} projects"),
)

DETAILS = (
    N_("Kind"),
    N_("Place"),
    N_("When"),
    N_("Located at"),
    N_("the exact site"),
    N_("the city centre"),
    N_("the region"),
    N_("the country"),
    N_("Staff notes"),
    # TRANSLATORS: a label and its value in a point's details; French puts a space before ":".
    N_("{label}: {value}"),
)
# TRANSLATORS: under the details beside the map, when more rows share the point clicked.
DETAILS_MORE = Nn_(
    "… and {n} more here: see the table below.", "… and {n} more here: see the table below."
)

PRESENTATION = (
    N_("◀ Previous"),
    N_("Next ▶"),
    N_("No place to show with these filters"),
    # TRANSLATORS: a presentation's position in its tour of places: "3 of 25".
    N_("{index} of {count}"),
)

# TRANSLATORS: shown above the map when staff project a presentation in the staff view;
# "audience=staff" is part of the address and stays as it is.
STAFF_ON_SCREEN = N_(
    "Staff view: exact positions of security equipment and staff notes are shown. "
    "Do not project this in public; remove audience=staff from the address for the public view."
)

LOGIN = (
    N_(
        "Uploading lists, reviewing places and the staff map (exact positions of equipment, "
        "staff notes) need a staff login. The public map needs none."
    ),
    N_("Logged in as {name}"),
    N_("Log out"),
    N_("Name"),
    N_("Password"),
    N_("This account is not on the staff list of this deployment."),
    N_("Too many failed attempts: try again in {seconds} s."),
    N_("Wrong name or password."),
    N_("Wrong password."),
)

INTAKE_STEPS = (
    N_("1. Upload a list"),
    N_("2. Check and correct"),
    N_("3. Settle the places the geocoder is not sure of"),
    N_("4. What saving will change"),
)

INTAKE = (
    N_("The data intake is for Efus staff: log in first."),
    N_("The working dataset cannot be opened."),
    N_("A CSV or Excel (.xlsx) file: one place a row"),
    N_(
        "At most {mb} MB and {rows} rows. Column names in English or French (nom, pays, "
        "ville…); French Excel's CSV is fine."
    ),
    N_("Columns: see data/README.md. Rows without an id get one from country and name."),
    N_("Open **Map** in the menu to see them."),
    N_("Correct one cell"),
    N_("Row"),
    N_("Column"),
    N_("New value"),
    N_("Correct"),
    N_("row in your file"),
    N_(
        "Correct the errors above (in the table or one cell at a time): the review and the "
        "merge use the corrected rows."
    ),
    N_("Rows: {names}"),
    N_("Position"),
    N_("type a position…"),
    N_("Latitude"),
    N_("Longitude"),
    N_("Use for these rows"),
    N_("Keep this position"),
    N_(
        "The preview below is made again from the data as it is saved now: check it, then "
        "save again."
    ),
    N_("Dismiss"),
    N_("Save into the working dataset"),
)

INTAKE_COUNTS = (
    # TRANSLATORS: the intake's counts; "rows" of a table are "lignes" in French (feminine).
    Nn_("{file}: {n} row, no problem found.", "{file}: {n} rows, no problem found."),
    Nn_("{n} error to correct", "{n} errors to correct"),
    Nn_("{n} warning", "{n} warnings"),
    Nn_("Every one of the {n} rows has a position.", "Every one of the {n} rows has a position."),
    Nn_("{n} place still to settle before saving.", "{n} places still to settle before saving."),
    Nn_("{n} added", "{n} added"),
    Nn_("{n} changed", "{n} changed"),
    Nn_("{n} unchanged", "{n} unchanged"),
    N_(
        "{file} saved as revision {revision}: {added} added, {changed} changed, "
        "{unchanged} unchanged."
    ),
)

REPORT = (
    # TRANSLATORS: the columns of the validation report, and its severities.
    N_("row"),
    N_("column"),
    N_("value"),
    N_("problem"),
    N_("fix"),
    N_("severity"),
    N_("error"),
    N_("warning"),
)
