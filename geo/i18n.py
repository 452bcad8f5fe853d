"""Every word a person reads, in their language: gettext catalogues read with babel.

English is the source language: a message's id is its English text, with named placeholders
(``"{n} of {total} shown"``), so wiring a page is a search-and-wrap. Each other language is one
file, ``geo/locale/<lang>/LC_MESSAGES/messages.po``; ``SUPPORTED`` is read from that folder
(``LOCALE_DIR``; ``EFUS_LOCALE_DIR`` names another, ``geo.config``), so adding Spanish is adding
``es/LC_MESSAGES/messages.po`` (``pybabel init``, then translate): the dashboard's switch, the
command line's ``--lang``, the published pages and embeds all offer what ``SUPPORTED`` holds.

The ``.po`` files are read at run time (``babel.messages.pofile.read_po``) and compiled in
memory for the standard library's ``gettext``: there is no ``.mo`` to rebuild or forget, and a
catalogue of a few hundred entries is read in milliseconds, once per process. Fuzzy entries are
never used (the tests fail on them: a guess is not a translation).

Plurals follow CLDR through the catalogue's ``Plural-Forms`` (French has three: 1 lieu,
2 lieux, 1 000 000 de lieux); numbers, dates and country names come from babel's CLDR data.

The pseudo-locale ``xx`` turns every catalogue string into accented, bracketed text
(``⟦Ŵĥéŕé Éƒûš ŵóŕķš⟧``) with placeholders untouched, so that a test can run a page under it
and name any visible text that bypassed the catalogue (``outside_catalogue``).

The function is ``t``, never ``_``: ``_`` is everybody's throwaway variable and Streamlit's
magic would print it. Output is plain text; whoever puts it into Markdown or HTML escapes it
there, like any other string (a parameter may come from data).

Problems and errors carry a stable code and parameters; their English template is the
catalogue entry (one per code, its placeholders the parameters' names) and
``t(TEMPLATES[code], **params)`` renders it in any language.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import negotiate_locale
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from geo.config import LOCALE_DIR, LOCALE_VARIABLES, Settings
from geo.errors import GeoError

__all__ = [
    "DEFAULT",
    "EXTRACT_KEYWORDS",
    "LOCALE_DIR",
    "PSEUDO",
    "QUERY_PARAM",
    "SUPPORTED",
    "I18nError",
    "N_",
    "Nn_",
    "Translator",
    "catalogue_gaps",
    "endonym",
    "environ_language",
    "fill",
    "languages",
    "negotiate",
    "outside_catalogue",
    "pseudo",
    "translator",
    "translator_or_english",
]

DOMAIN = "messages"
QUERY_PARAM = "lang"  # ?lang=fr in every address; the command line's --lang
DEFAULT = "en"  # the source language: its text is the msgid, it needs no catalogue
PSEUDO = "xx"  # for tests only: never negotiated from a browser or the environment
# Where CLDR's default for a language is not what Efus writes: British dates (23 November 2022).
FORMAT_LOCALE: Mapping[str, str] = {"en": "en_GB", PSEUDO: "en_GB"}
PRECISIONS = ("year", "month", "day")
# pybabel's -k options (the Makefile's `messages` target passes the same): what marks a message.
EXTRACT_KEYWORDS: Mapping[str, tuple[int, ...] | None] = {
    "t": None, "tn": (1, 2), "N_": None, "Nn_": (1, 2),
}  # fmt: skip
ENVIRON_KEYS = LOCALE_VARIABLES


class I18nError(GeoError, ValueError):
    """A language, date or country code that cannot be shown."""


def N_(msgid: str) -> str:
    """Mark a string for the catalogue where it is defined (gettext's name for it); ``t``
    translates it where shown (activity types, layer names, problem templates: text that is
    looked up later)."""
    return msgid


def Nn_(singular: str, plural: str) -> tuple[str, str]:
    """``N_`` for a message with plural forms, later shown with ``tn(*pair, n)``."""
    return singular, plural


# --- which languages exist ----------------------------------------------------------------


def languages(locale_dir: Path = LOCALE_DIR) -> tuple[str, ...]:
    """English, then every language with a catalogue in ``locale_dir``, sorted."""
    found = sorted(
        p.parent.parent.name
        for p in Path(locale_dir).glob(f"*/LC_MESSAGES/{DOMAIN}.po")
        if p.parent.parent.name != DEFAULT
    )
    return (DEFAULT, *found)


SUPPORTED = languages()


def endonym(lang: str) -> str:
    """A language's name in itself, for the switch: 'English', 'Français', 'Español'."""
    if lang == PSEUDO:
        return pseudo("Pseudo")
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]


# --- choosing the language ----------------------------------------------------------------


def negotiate(
    *,
    query: str | None = None,
    accept_language: str | None = None,
    environ: Mapping[str, str] | None = None,
    default: str = DEFAULT,
    supported: Iterable[str] = SUPPORTED,
) -> str:
    """The language to speak: the first source that names a supported one wins.

    ``query`` is an explicit choice (``?lang=fr``, ``--lang fr``; also the pseudo-locale
    ``xx``); ``accept_language`` the browser's (an ``Accept-Language`` header or
    ``st.context.locale``); ``environ`` the command line's (``LANGUAGE``, ``LC_ALL``,
    ``LC_MESSAGES``, ``LANG``). A source naming only unsupported languages is passed over:
    ``?lang=de`` from a French browser gives French. ``fr-BE`` and ``fr_BE.UTF-8`` mean ``fr``.
    """
    spelled = {lang.lower(): lang for lang in supported}  # a folder may be named pt_BR
    if query and _tag(query) == PSEUDO:
        return PSEUDO
    for preferred in (
        _tags([query or ""]),
        _accept_language(accept_language or ""),
        _environ_languages(environ or {}),
    ):
        found = negotiate_locale(preferred, list(spelled), sep="_") if preferred else None
        if found:
            return spelled[found.lower()]
    return default


def _tag(text: str) -> str:
    """'fr-BE' / 'fr_BE.UTF-8' / 'FR' → 'fr_be': babel's separator, no codeset, one case
    (negotiate_locale compares case-insensitively but returns the caller's spelling)."""
    return text.strip().split(".")[0].split("@")[0].replace("-", "_").lower()


def _tags(values: Iterable[str]) -> list[str]:
    return [t for t in map(_tag, values) if t and t not in ("c", "posix", "*")]


def _accept_language(header: str) -> list[str]:
    """'fr-BE,fr;q=0.9,en;q=0.8' → ['fr_be', 'fr', 'en'], by weight (ties keep their order)."""
    weighted = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.partition(";")
        match = re.search(r"q\s*=\s*([0-9.]+)", params)
        try:
            weight = float(match.group(1)) if match else 1.0
        except ValueError:
            weight = 0.0  # a malformed weight counts as a refusal, as RFC 9110 allows
        if weight > 0:
            weighted.append((-weight, position, tag))
    return _tags(tag for _, _, tag in sorted(weighted))


def _environ_languages(environ: Mapping[str, str]) -> list[str]:
    """The command line's languages as gettext reads them: the locale is the first of
    LC_ALL, LC_MESSAGES, LANG that is set; ``C``/``POSIX`` there means untranslated (and
    LANGUAGE is then ignored); otherwise LANGUAGE (a ``fr:en`` list) comes first."""
    locale = next((environ[k] for k in ENVIRON_KEYS[1:] if environ.get(k, "").strip()), "")
    if _tag(locale) in ("c", "posix"):
        return []
    return _tags([*environ.get("LANGUAGE", "").split(":"), locale])


# --- the pseudo-locale --------------------------------------------------------------------

_OPEN, _CLOSE = "⟦", "⟧"
_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "áƀçđéƒĝĥíĵķĺɱñóþǫŕšţúṽŵẋýžÁƁÇĐÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ",
)
# A named placeholder as str.format writes it: {n}, {value!r}, {share:.0%}.
PLACEHOLDER = re.compile(r"\{(\w+)(?:!([rsa]))?(?::([^{}]*))?\}")
# What a translation keeps as written: our placeholders, and printf's (%(prog)s, %s, %r) in
# the messages of a library that fills them itself (argparse: geo.commands.usage).
KEPT = re.compile(rf"{PLACEHOLDER.pattern}|%(?:\(\w+\))?[srd]")
CONVERSIONS: Mapping[str, Callable[[object], str]] = {"r": repr, "s": str, "a": ascii}


def pseudo(text: str) -> str:
    """``text`` accented and bracketed, its placeholders untouched: '⟦Ŝĥóŵñ {n}⟧'."""
    out, last = [], 0
    for match in KEPT.finditer(text):
        out.append(text[last : match.start()].translate(_ACCENTED))
        out.append(match.group(0))
        last = match.end()
    out.append(text[last:].translate(_ACCENTED))
    return _OPEN + "".join(out) + _CLOSE


def outside_catalogue(text: str) -> list[str]:
    """The words of ``text`` (as a page shows it under ``xx``) that are outside every
    pseudo-locale bracket: English that never went through ``t``. Data shown as data (a city,
    a URL) is found too; the caller removes the values it put on the page itself."""
    bare, inner = text, re.compile(rf"{_OPEN}[^{_OPEN}{_CLOSE}]*{_CLOSE}")
    while (bare := inner.sub(" ", previous := bare)) != previous:
        pass  # innermost first: a message placed inside another (argparse's "error: …")
    return re.findall(r"[A-Za-z]{2,}", bare)


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)


# --- the translator -----------------------------------------------------------------------


class Translator:
    """The words, numbers, dates and country names of one language.

    ``t(msgid, **params)`` translates and fills named placeholders; ``tn(singular, plural, n,
    **params)`` picks the plural form for ``n`` (and fills ``{n}`` with ``number(n)``)."""

    def __init__(self, language: str, *, catalogue: gettext.NullTranslations):
        self.language = language
        self.locale = Locale.parse(FORMAT_LOCALE.get(language, language))
        self._catalogue = catalogue

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    def t(self, msgid: str, /, **params: object) -> str:
        """The text of ``msgid`` in this language. Without ``params`` it is returned as a
        template (placeholders kept, for code that fills them later, e.g. the map's JS)."""
        text = self._catalogue.gettext(msgid)
        return fill(text, params, msgid=msgid) if params else text

    def tn(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """'1 lieu sur la carte' / '2 lieux sur la carte': the form CLDR gives ``n``."""
        text = self._catalogue.ngettext(singular, plural, n)
        return fill(text, {"n": self.number(n), **params}, msgid=singular)

    def number(self, n: float) -> str:
        """'50 000' (French, with CLDR's narrow no-break space), '50,000' (English)."""
        return format_decimal(n, locale=self.locale)

    def date(self, value: str | dt.date, precision: str = "day") -> str:
        """'23 novembre 2022', 'novembre 2022' or '2022' for ``precision`` day, month, year.

        ``value`` is a date or ISO text (``2022-11-23``, ``2022-11``, ``2022``); text that
        says less than ``precision`` is shown as precisely as it says."""
        if precision not in PRECISIONS:
            raise I18nError(
                f"date precision {precision!r} is not one of {', '.join(PRECISIONS)}; "
                "fix: use 'day', 'month' or 'year'"
            )
        day, known = _parse_date(value)
        shown = PRECISIONS[min(PRECISIONS.index(precision), PRECISIONS.index(known))]
        if shown == "day":
            text = format_date(day, format="long", locale=self.locale)
        else:
            text = format_skeleton("yMMMM" if shown == "month" else "y", day, locale=self.locale)
        return pseudo(text) if self.language == PSEUDO else text

    def country(self, iso2: str) -> str:
        """'BE' → 'Belgique' in French, 'Belgium' in English (CLDR territory names)."""
        code = (iso2 or "").strip().upper()
        name = self.locale.territories.get(code) if re.fullmatch(r"[A-Z]{2}", code) else None
        if name is None:
            raise I18nError(
                f"country code {iso2!r} is not an ISO 3166 alpha-2 code CLDR knows; "
                "fix: use two letters such as 'BE' or 'FR' (geo.data.countries reads names)"
            )
        return pseudo(name) if self.language == PSEUDO else name


def fill(text: str, params: Mapping[str, object], *, msgid: str = "") -> str:
    """``text`` with each ``{name}`` / ``{name!r}`` / ``{name:spec}`` replaced by its parameter.

    Not ``str.format``: a catalogue string cannot reach attributes (``{n.__class__}``), and
    braces that are no placeholder stay as they are."""

    def one(match: re.Match[str]) -> str:
        name, conversion, spec = match.groups()
        if name not in params:
            raise I18nError(
                f"the message {msgid or text!r} needs the parameter {name!r}, given "
                f"{sorted(params)!r}; fix: pass {name}=… to t() or tn()"
            )
        value = params[name]
        if conversion:
            value = CONVERSIONS[conversion](value)
        return format(value, spec or "")

    return PLACEHOLDER.sub(one, text)


def _parse_date(value: str | dt.date) -> tuple[dt.date, str]:
    if isinstance(value, dt.date):
        return value, "day"
    text = str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    try:
        if match:
            year, month, day = match.groups()
            known = "day" if day else "month" if month else "year"
            return dt.date(int(year), int(month or 1), int(day or 1)), known
    except ValueError:
        pass
    raise I18nError(
        f"date {value!r} is not a day, month or year; "
        "fix: write it as YYYY-MM-DD, YYYY-MM or YYYY (2022-11-23, 2022-11, 2022)"
    )


@lru_cache(maxsize=16)
def translator(lang: str = DEFAULT, *, locale_dir: Path = LOCALE_DIR) -> Translator:
    """The translator for ``lang`` (one of ``languages(locale_dir)`` or ``xx``), made once."""
    if lang == PSEUDO:
        return Translator(PSEUDO, catalogue=_Pseudo())
    known = languages(locale_dir)
    if lang not in known:
        raise I18nError(
            f"language {lang!r} has no catalogue in {str(locale_dir)!r} (there are "
            f"{', '.join(known)}); fix: choose one of them with negotiate(), or add "
            f"{lang}/LC_MESSAGES/{DOMAIN}.po there"
        )
    try:
        return Translator(lang, catalogue=_catalogue(Path(locale_dir), lang))
    except UnknownLocaleError as exc:
        raise I18nError(
            f"language {lang!r} is not a locale CLDR knows; fix: name the catalogue's folder "
            "with a language code such as 'es' or 'pt_BR'"
        ) from exc


def translator_or_english(lang: str) -> Translator:
    """``translator(lang)``, or English's for a language with no catalogue: a map's place
    names may exist in a language (German, from CLDR) whose words the interface lacks."""
    return translator(lang if lang in (*SUPPORTED, PSEUDO) else DEFAULT)


def _catalogue(locale_dir: Path, lang: str) -> gettext.NullTranslations:
    """The .po file compiled in memory (fuzzy entries left out, as msgfmt does)."""
    path = locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():  # English: the msgids are the text
        return gettext.NullTranslations()
    with path.open("rb") as po:
        catalogue = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def catalogue_gaps(lang: str, *, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """What keeps ``lang``'s catalogue from being complete, one line each with its fix: a
    message of ``messages.pot`` missing, empty, fuzzy (a guess), short of plural forms, or
    whose placeholders differ from the English ones (a ``{n}`` lost or misspelt)."""
    folder = Path(locale_dir)
    po_path = folder / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with (folder / f"{DOMAIN}.pot").open("rb") as pot, po_path.open("rb") as po:
        template = read_po(pot, domain=DOMAIN)
        catalogue = read_po(po, locale=lang, domain=DOMAIN)
    where = f"{po_path}"
    gaps = []
    for message in template:
        if not message.id:
            continue
        name = message.id if isinstance(message.id, str) else message.id[0]
        found = catalogue.get(message.id)
        if found is None:
            gaps.append(f"{where}: {name!r} is missing; fix: run `make messages`, translate it")
        elif found.fuzzy:
            gaps.append(f"{where}: {name!r} is fuzzy (a guess); fix: check it, remove #, fuzzy")
        else:
            gaps.extend(f"{where}: {name!r} {gap}" for gap in _entry_gaps(found, catalogue))
    return gaps


def _entry_gaps(message, catalogue) -> list[str]:
    forms = message.string if isinstance(message.string, (tuple, list)) else (message.string,)
    wanted = catalogue.num_plurals if message.pluralizable else 1
    gaps = []
    if len(forms) < wanted or not all(form.strip() for form in forms):
        gaps.append(f"has no translation in {wanted} form(s); fix: translate every msgstr")
    english = _placeholders(message.id if isinstance(message.id, str) else message.id[0])
    for form in forms:
        if form.strip() and _placeholders(form) != english:
            gaps.append(
                f"has the placeholders {sorted(_placeholders(form))!r} in {form!r}, the "
                f"English {sorted(english)!r}; fix: keep each {{name}} exactly as in English"
            )
    return gaps


def _placeholders(text: str) -> set[str]:
    return {m.group(0) for m in KEPT.finditer(text)}


def environ_language(settings: Settings) -> str:
    """The command line's language when no ``--lang`` is given: its locale variables, as the
    settings read them (``geo.config``)."""
    return negotiate(environ=dict(settings.locale_variables))
