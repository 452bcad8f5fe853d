"""The columns of the Efus dataset: what each one holds and which audience may see it.

``data/README.md`` documents the same columns for the staff who edit the CSV files.
"""

from __future__ import annotations

from dataclasses import dataclass

from geo.i18n import DEFAULT, N_, SUPPORTED


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool
    public: bool
    help: str  # English, a catalogue entry: shown as ``translator(lang).t(column.help)``
    aliases: tuple[str, ...] = ()


# The privacy columns as staff name them in French, Spanish, Italian, German and Dutch
# (folded: no accents, lower case). A list whose privacy column goes unread would publish
# exact positions, so these are read everywhere, loose lists included.
PUBLIC_ALIASES: tuple[str, ...] = (
    "publique", "publico", "publica", "pubblico", "pubblica", "offentlich", "oeffentlich",
    "openbaar", "is_public",
)  # fmt: skip
SENSITIVE_ALIASES: tuple[str, ...] = (
    "sensible", "sensibile", "sensibel", "gevoelig", "is_sensitive",
)  # fmt: skip
# Headers that speak of privacy but whose yes/no meaning is not ours to guess ("confidentiel":
# not public? or sensitive?): a loose list carrying one is refused with a rename to pick.
PRIVACY_WORDS: tuple[str, ...] = (
    "confidentiel", "confidential", "confidencial", "riservato", "vertraulich",
    "vertrouwelijk", "prive", "private", "privado", "privato", "privat", "secret", "restricted",
)  # fmt: skip

COLUMNS: tuple[Column, ...] = (
    Column("id", True, True, N_("stable identifier, unique across all files, e.g. bd-nice"),
           ("identifiant",)),
    Column("name", True, True, N_("name of the entity, site or event"), ("nom", "title")),
    Column("kind", True, True, N_("city, region, association, agency, network, site or event"),
           ("type", "entity_type")),
    Column("country", True, True, N_("ISO 3166-1 alpha-2 code (a country name is accepted)"),
           ("pays", "country_code", "iso2")),
    Column("city", False, True, N_("city the row is in (for organisations: their seat)"),
           ("ville", "town", "municipality")),
    Column("project", True, True,
           N_("project or programme, e.g. PACTESUR, Brussels Declaration"),
           ("projet", "programme")),
    Column("activity", True, True, N_("activity type, e.g. signatory, pilot equipment, meeting"),
           ("activite", "activity_type")),
    Column("start", False, True,
           N_("start date: YYYY-MM-DD, YYYY-MM or YYYY as the source gives"),
           ("start_date", "date", "debut", "from")),
    Column("end", False, True, N_("end date, same form; blank for a one-day event or unknown"),
           ("end_date", "fin", "to")),
    Column("lat", False, True, N_("latitude in decimal degrees (WGS 84), blank to geocode"),
           ("latitude", "y")),
    Column("lon", False, True, N_("longitude in decimal degrees (WGS 84), blank to geocode"),
           ("longitude", "lng", "long", "x")),
    Column("precision", False, True, N_("what lat/lon locate: site, city, region or country"),
           ("location_precision",)),
    Column("public", False, False,
           N_("yes if the row may be shown to the public (default yes)"), PUBLIC_ALIASES),
    Column("sensitive", False, False,
           N_("yes for security equipment whose exact position must not be published"),
           SENSITIVE_ALIASES),
    Column("description", False, True,
           N_("short description; say here what the source did not give")),
    Column("notes", False, False, N_("staff-only notes (never shown in the public view)"),
           ("notes_internes",)),
    Column("source", True, True, N_("URL of the page the facts come from (http or https)"),
           ("url", "source_url", "link")),
)  # fmt: skip

# Columns a row may give in other languages too: ``name_fr``, ``description_fr``, one pair per
# language of the interface (geo/locale), shown to visitors who read that language. Adding a
# catalogue adds its pair; the store adds the columns it lacks when it opens.
TRANSLATABLE: tuple[str, ...] = ("name", "description")
TRANSLATIONS: tuple[Column, ...] = tuple(
    Column(f"{column}_{lang}", False, True, help)
    for lang in SUPPORTED if lang != DEFAULT
    for column, help in (("name", N_("the name in that language, when it has one")),
                         ("description", N_("the description in that language")))
)  # fmt: skip

COLUMN_NAMES: tuple[str, ...] = tuple(c.name for c in COLUMNS)  # the columns of every file
TRANSLATION_NAMES: tuple[str, ...] = tuple(c.name for c in TRANSLATIONS)  # optional, by language
DATASET_COLUMNS: tuple[str, ...] = COLUMN_NAMES + TRANSLATION_NAMES  # what a row may hold
REQUIRED: tuple[str, ...] = tuple(c.name for c in COLUMNS if c.required)
PUBLIC_COLUMNS: tuple[str, ...] = tuple(c.name for c in COLUMNS + TRANSLATIONS if c.public)
# A list that only needs placing on a map (``geo export --data``, ``geo geocode``).
PLACE_REQUIRED: tuple[str, ...] = ("name", "country")

KINDS: tuple[str, ...] = ("city", "region", "association", "agency", "network", "site", "event")
PRECISIONS: tuple[str, ...] = ("site", "city", "region", "country")

# The activity types the seed data uses; others are accepted, near-misses are flagged.
ACTIVITIES: tuple[str, ...] = (
    "signatory", "partner", "associated city", "pilot city", "pilot equipment", "meeting",
    "workshop", "European Week of Security", "police academy", "training", "conference",
)  # fmt: skip

# Manual geocoding choices kept beside the data files (geo.data.overrides), not a table of rows.
OVERRIDES_FILE = "overrides.csv"

# Yes and no in English, French, Spanish, Italian, German and Dutch (compared casefolded),
# and on/off as a switch in the environment says it (``geo.data.cells.parse_flag`` reads them).
TRUE_WORDS = frozenset({
    "yes", "y", "true", "1", "x", "oui", "o", "vrai", "si", "sí", "sì", "verdadero", "vero",
    "ja", "j", "wahr", "waar", "on",
})  # fmt: skip
FALSE_WORDS = frozenset({
    "no", "n", "false", "0", "non", "faux", "falso", "nein", "falsch", "nee", "onwaar", "off",
})  # fmt: skip

_ALIASES = {a: c.name for c in COLUMNS for a in c.aliases}


def privacy_column_like(column: str) -> str | None:
    """The privacy column an unread header seems to mean ('public', 'sensitive', or both
    names for a word such as 'confidentiel'), else None. ``column`` is a canonical name."""
    import difflib
    import re

    groups = (
        ("'sensitive'", ("sensitive", *SENSITIVE_ALIASES)),
        ("'public'", ("public", *PUBLIC_ALIASES)),
        ("'public' or 'sensitive'", PRIVACY_WORDS),
    )
    for word in filter(None, re.split(r"[\W_]+", column)):
        for target, words in groups:
            if difflib.get_close_matches(word, words, n=1, cutoff=0.8):
                return target
    return None


def translation_of(column: str) -> tuple[str, str] | None:
    """``("name", "fr")`` for ``name_fr`` (a column that translates another, into a language
    this service may or may not have); None for any other column."""
    import re

    match = re.fullmatch(rf"({'|'.join(TRANSLATABLE)})_([a-z]{{2,3}}(?:_[a-z]{{2}})?)", column)
    return (match.group(1), match.group(2)) if match else None


def canonical_column(header: str) -> str:
    """Map a header as staff write it ('Latitude', ' Pays ', 'start date') to a column name."""
    from geo.data.countries import fold

    key = fold(header).replace(" ", "_")
    return _ALIASES.get(key, key)
