"""Country names in the languages staff write them, mapped to ISO 3166-1 alpha-2.

pycountry knows English names only; its bundled gettext catalogues give the same names in
other languages (Belgique, België, Ελλάδα, Niemcy…). We index those for the languages of
Europe, plus a few everyday names no standard lists (UK, Holland, Hellas).
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from functools import lru_cache

import pycountry

# Languages whose country names we accept: official languages of Efus members' countries
# and their neighbours. Adding one here is all it takes.
LANGUAGES = (
    "bg", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fi", "fr", "ga", "gl", "hr", "hu",
    "is", "it", "lb", "lt", "lv", "mk", "mt", "nb_NO", "nl", "nn", "pl", "pt", "ro", "ru",
    "sk", "sl", "sq", "sr", "sr@latin", "sv", "tr", "uk",
)  # fmt: skip

# Everyday names and old codes that are not in ISO 3166 or its translations.
EXTRA_NAMES = {
    "uk": "GB", "great britain": "GB", "britain": "GB", "england": "GB", "scotland": "GB",
    "wales": "GB", "northern ireland": "GB", "angleterre": "GB", "ecosse": "GB",
    "royaume uni": "GB", "grande bretagne": "GB", "el": "GR", "hellas": "GR", "ellada": "GR",
    "holland": "NL", "the netherlands": "NL", "pays bas": "NL", "czech republic": "CZ",
    "republique tcheque": "CZ", "kosovo": "XK", "turkey": "TR", "turquie": "TR",
    "russia": "RU", "moldova": "MD", "macedonia": "MK", "north macedonia": "MK",
    "vatican": "VA", "usa": "US", "united states": "US", "etats unis": "US",
}  # fmt: skip


def fold(text: str) -> str:
    """Casefold, strip accents and punctuation, squeeze spaces: the key names are matched on."""
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    # Unicode decomposes no ligature of French or Danish: "Cœur" is written "Coeur" too.
    text = text.replace("œ", "oe").replace("æ", "ae")
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\W_]+", " ", text)
    return " ".join(text.split())


@lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    countries = list(pycountry.countries)
    for lang in LANGUAGES:
        try:
            tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(c, attr, None)
                if name:
                    index.setdefault(fold(tr.gettext(name)), c.alpha_2)
    # English and codes last so that they win over a clash in another language.
    for c in countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(c, attr, None)
            if name:
                index[fold(name)] = c.alpha_2
        index[fold(c.alpha_3)] = c.alpha_2
    index.update(EXTRA_NAMES)
    for c in countries:
        index[fold(c.alpha_2)] = c.alpha_2
    return index


def to_iso2(value: str) -> str | None:
    """Return the ISO2 code for a code or a country name in a European language, else None.

    >>> to_iso2("Belgique"), to_iso2("Ελλάδα"), to_iso2("de"), to_iso2("Atlantis")
    ('BE', 'GR', 'DE', None)
    """
    key = fold(value)
    if not key:
        return None
    return _index().get(key)


def country_name(iso2: str) -> str:
    """English short name for display, e.g. 'BE' → 'Belgium'."""
    c = pycountry.countries.get(alpha_2=iso2.upper()) if iso2 else None
    if c is None:
        return iso2
    return getattr(c, "common_name", None) or c.name


def country_label(iso2: str) -> str:
    """How a person recognises a country in a list: 'Belgium (BE)'."""
    return f"{country_name(iso2)} ({iso2})"


def guess_params(value: str, *, limit: int = 3) -> dict[str, str]:
    """A misspelt country's guesses as a problem's params: ``guess_isos`` (codes, for code
    and for the words in the reader's language, geo.messages) and ``guesses`` (English)."""
    codes = closest_countries(value, limit=limit)
    if not codes:
        return {}
    return {"guess_isos": " ".join(codes),
            "guesses": " or ".join(country_label(code) for code in codes)}  # fmt: skip


def closest_countries(value: str, *, limit: int = 3) -> list[str]:
    """ISO2 codes of the countries whose names are spelt closest to ``value``, best first."""
    from rapidfuzz import fuzz, process, utils

    names = {k: v for k, v in _index().items() if len(k) > 3}
    found = process.extract(
        fold(value), names.keys(), scorer=fuzz.ratio, processor=utils.default_process, limit=10
    )
    close = (names[key] for key, score, _ in found if score >= 70)
    return list(dict.fromkeys(close))[:limit]


