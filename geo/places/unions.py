"""Italian unions of municipalities and mountain communities read as places, at their seat.

Italian partners often name a union after its land, not a town: "Unione Terre di Castelli",
"Unione della Romagna Faentina", "Unione Valdera". ``reference/unions.csv``
(``scripts/build_unions.py``, from IndicePA, the register of Italian public bodies) lists 704
of them with the town of their registered seat. A union is proposed there for review: the
register's address is the seat's, but a list may mean a member town.

It is a module of its own, not a part of ``geo.places.intercommunal``: its source, its kind
words and its place (a seat, not a largest member) differ; the fuzzy rule is the same
(``geo.places.intercommunal.closest_core``): a typo of one union, never another.

A name is looked up by its *core*: its key without the words of a union's kind ("Unione dei
Comuni della", "Unione Montana", "Comunità Montana"), so "Unione dei Comuni della Bassa Romagna"
is "bassa romagna". Only a name that holds such words is looked up: "Valdera" alone stays with
the readings of places.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.places.gazetteer import name_key
from geo.places.institutions import TRAILING_BRACKET, UNION_NOT_MUNICIPAL, words_alone
from geo.places.intercommunal import FUZZY_MIN_LENGTH, closest_core

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "unions.csv"

# The words of a union's kind, as keys (accents, case and apostrophes folded), in Italian and
# as English and French lists translate them; then a linking word; a roman numeral first
# ("XVIII Comunità Montana Area Romana"). "Unione Terre di Castelli" keeps "terre di
# castelli": "Unione Terra dei Castelli" is another union, 200 km away.
_PREFIX = re.compile(
    r"^(?:[ivxl]+ )?(?:unione(?: montana)?(?:(?: (?:dei|di|tra|fra))? comuni)?(?: montana)?"
    r"|comunita montana|comunita comprensoriale|comunita"
    r"|union of (?:the )?municipalities|union (?:des|de) communes|mountain community)"
    r"(?: (?:dei|di|della|delle|dello|del|degli|dell|d|tra i comuni|of the|of|de la|des|du|de))?"
    r"\s+"
)

_SURE = re.compile(r"\b(?:unione|montana|comprensoriale|union|mountain)\b")


@dataclass(frozen=True, slots=True)
class Union:
    """One body of ``reference/unions.csv``: ``town`` is its seat and ``geonameid`` that
    town's GeoNames record; ``kind`` is IndicePA's (``unione``, ``comunita_montana``)."""

    name: str
    kind: str
    town: str
    istat: str
    province: str
    geonameid: int
    source: str


@dataclass(frozen=True, slots=True)
class Found:
    """A union found for a name: ``exact`` when its core is the name's, else a near spelling."""

    union: Union
    exact: bool


def _key(text: str) -> str:
    # An apostrophe splits words ("Comunita' Montana dell'Alta Valle" is "dell alta valle").
    return name_key(re.sub(r"['’ʼ`´\"]", " ", text))


def core(text: str) -> tuple[str, bool]:
    """The key of ``text`` without its kind's words ("" when it has none), and whether those
    words say a union for sure: "Comunità" alone also opens other bodies' names ("Comunità di
    Sant'Egidio"), so such a name is only looked up exactly."""
    key = _key(text)
    match = _PREFIX.match(key)
    if not match:
        return "", False
    return key[match.end() :].strip(), bool(_SURE.search(match.group()))


class Unions:
    """The unions of ``reference/unions.csv`` by core (see the module's docstring)."""

    def __init__(self, unions: list[Union]):
        self._by_core: dict[str, list[Union]] = {}
        self._by_bare_core: dict[str, list[Union]] = {}  # by core without its linking words
        for union in unions:
            text = core(union.name)[0]
            # "Unione Nazionale Comuni Comunità Enti Montani" is an association, not a union.
            if text and not UNION_NOT_MUNICIPAL.intersection(text.split()):
                self._by_core.setdefault(text, []).append(union)
                self._by_bare_core.setdefault(_bare(text), []).append(union)
        self._cores = [c for c in self._by_core if len(c) >= FUZZY_MIN_LENGTH]

    @classmethod
    def from_file(cls, path: Path = REFERENCE) -> Unions:
        """Read as plain CSV: the file is made by scripts/build_unions.py, not edited by staff."""
        with path.open(encoding="utf-8", newline="") as f:
            unions = [Union(row["name"], row["kind"], row["town"], row["istat"],
                            row["province"], int(row["geonameid"]), row["source"])
                      for row in csv.DictReader(f)]  # fmt: skip
        return cls(unions)

    def find(self, name: str) -> Found | None:
        """The union ``name`` names, or None: its core exactly, or a long core one letter or
        two off that no other union's is as near. A trailing bracket is not part of the name
        ("Unione comuni del Frignano (MO)": a list adds the province's code)."""
        text, sure = core(TRAILING_BRACKET.sub("", name))
        if not text:
            return None
        kind = _kind(name)
        if unions := self._by_core.get(text):
            return _one(unions, kind, exact=True)
        if not sure:
            return None
        if unions := self._by_bare_core.get(_bare(text)):  # "Unione Valle Savio"
            return _one(unions, kind, exact=False)
        return self._near(text, kind)

    def _near(self, text: str, kind: str) -> Found | None:
        key = closest_core(text, self._cores)
        return _one(self._by_core[key], kind, exact=False) if key else None


def _bare(core_key: str) -> str:
    """A core without its linking words (institutions.words_alone), as lists shorten a union's
    name: "Unione dei Comuni Valle del Savio" is written "Unione Valle Savio"."""
    return " ".join(words_alone(core_key))


def _kind(name: str) -> str:
    """The kind a name's words say: a mountain community ("Comunità montana del Pinerolese") or
    a union ("Unione Montana del Pinerolese", another body, in another town)."""
    mountain = _key(name).startswith(("comunita", "mountain community"))
    return "comunita_montana" if mountain else "unione"


def _one(unions: list[Union], kind: str, *, exact: bool) -> Found | None:
    """The one union of ``unions`` (sharing a core) of ``kind`` when there are both kinds; None
    when several remain in different towns."""
    unions = [u for u in unions if u.kind == kind] or unions
    if len({u.geonameid for u in unions}) > 1:
        return None
    return Found(unions[0], exact)


@cache
def reference_unions() -> Unions:
    """The project's reference file, read once per process."""
    return Unions.from_file()
