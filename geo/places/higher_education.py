"""Universities and other higher-education institutions read as places, at their city.

Partners of EU city and security projects are often universities whose name holds no town:
"Panteion University", "Bocconi University", "Aalto University", "Erasmus Universiteit".
``reference/higher_education.csv`` (``scripts/build_higher_education.py``, from the Research
Organization Registry, ROR, CC0) lists European ones with their names in several languages, their
aliases and acronyms, and their city's GeoNames record.

A name is looked up by its key (``name_key``), then without what a list adds after a dash or in
brackets ("Panteion University (Greece)"). An institution found is shown at its city and
proposed for review; ``exact`` says the whole name is one of the register's official names
(then the geocoder may report it ``matched``). An alias or an acronym is never exact, and an
acronym is read only when the country is given and is the institution's ("UCL" is in London
and Louvain-la-Neuve). Names that would mislead were left out when the file was made: a town's
name, a generic phrase (:func:`generic`), a name two institutions in different cities share.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.data.countries import to_iso2
from geo.places.gazetteer import name_key

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "higher_education.csv"

# The words of a kind of institution, and linking words, as keys, in the EU's languages: a name
# made only of them ("University", "Academy of Fine Arts", "Hochschule für Musik", "School of
# Economics") names a kind, not one institution.
GENERIC_WORDS = frozenset("""
    university universities universite universita universidad universidade universitat
    universiteit universitet universitetet university's uniwersytet univerzita univerza
    univerzitet universitatea egyetem yliopisto ulikool universitate panepistimio
    polytechnic politecnico politechnika polytechnique politecnica politehnica technical
    technology technological technische technik technologie technologia tecnologia
    fachhochschule hochschule hogeschool hoger hogskola hogskolan
    college colleges school schools scuola escuela escola ecole schule skola kolegium
    academy academie akademie akademia accademia academia akademi akademija
    institute institut instituto istituto institutet instytut
    applied science sciences wissenschaften scienze ciencias
    gymnase gymnasium fine art arts kunst kunste design music musik musique musica
    medicine medical
    medizin medicina economics economic business management law engineering agriculture
    agricultural veterinary teacher teachers education pedagogical theology theological
    state statale national public private catholic open international european free new
    higher high superieure superieur superiore superior studies studi estudios
    of the and for in at de des du la le les di del della degli dei da do dos das e y et
    und fur der die van voor en och og i w z na pro v a u im am
""".split())


# Stems of the words of a kind of institution that languages compound into one word
# ("Kunstakademie", "Handelshochschule", "Taideyliopisto"): such a one-word name is a kind.
GENERIC_STEMS = re.compile(
    r"universit|hochschul|akadem|academ|akatem|schul|skol|yliopisto|korkeakoul|college|"
    r"institu|museum|gymnas|kunst|medizin|musik|politechn|polytech|ecole|escola|escuela|scuola|"
    r"school|hogskul"
)


def generic(key: str) -> bool:
    """Whether a key is made only of the words of a kind of institution (GENERIC_WORDS), or is
    one word compounded from one (GENERIC_STEMS)."""
    words = key.split()
    if len(words) == 1 and GENERIC_STEMS.search(words[0]):
        return True
    return not words or all(word in GENERIC_WORDS for word in words)


@dataclass(frozen=True, slots=True)
class School:
    """One institution of ``reference/higher_education.csv``: ``city`` and its ``geonameid``
    (the gazetteer's id), with GeoNames' position of that city (``lat``, ``lon``)."""

    name: str
    city: str
    country: str
    geonameid: int
    lat: float
    lon: float
    ror: str


@dataclass(frozen=True, slots=True)
class Found:
    """An institution found for a name: ``exact`` when the name is one of its official names."""

    school: School
    exact: bool


# What joins the parts of a name in lists: a dash between spaces, a comma, brackets.
_PARTS = re.compile(r"\s+[-–—]\s+|\s*,\s*|\s*[()\[\]]\s*")
_THE = re.compile(r"^the\s+")


def _key(text: str) -> str:
    return _THE.sub("", name_key(text))


class Schools:
    """The institutions of ``reference/higher_education.csv`` by name key."""

    def __init__(self, rows: list[dict[str, str]]):
        self._official: dict[str, School] = {}
        self._other: dict[str, School] = {}
        self._acronyms: dict[str, list[School]] = {}
        self._names: dict[str, set[str]] = {}  # every name's key, by ROR id
        for row in rows:
            school = School(row["name"], row["city"], row["country"], int(row["geonameid"]),
                            float(row["lat"]), float(row["lon"]), row["ror"])  # fmt: skip
            for text in _split(row["labels"]):
                self._official.setdefault(_key(text), school)
            for text in _split(row["aliases"]):
                self._other.setdefault(_key(text), school)
            for text in _split(row["acronyms"]):
                self._acronyms.setdefault(name_key(text), []).append(school)
            self._names[school.ror] = {_key(text) for column in ("labels", "aliases", "acronyms")
                                       for text in _split(row[column])}  # fmt: skip

    @classmethod
    def from_file(cls, path: Path = REFERENCE) -> Schools:
        """Read as plain CSV: the file is made by scripts/build_higher_education.py."""
        with path.open(encoding="utf-8", newline="") as f:
            return cls(list(csv.DictReader(f)))

    def find(self, name: str, country: str | None) -> Found | None:
        """The institution ``name`` names in ``country`` (None: any), or None.

        The whole name first; then each part of it that a list joins with a dash, a comma or
        brackets ("Bocconi University – Department of …", "Faculty of Criminal Justice and
        Security, University of Maribor"), for review. A leading "The", and the institution's
        own country or own acronym as the other part ("University of Leeds (UK)", "KU Leuven,
        Belgium", "Universidad Complutense de Madrid (UCM)"), keep a name whole."""
        found = self._by_key(_key(name), country, whole=True)
        parts = [p for p in _PARTS.split(name) if p.strip()] if found is None else []
        for part in parts if len(parts) > 1 else ():
            found = self._by_key(_key(part), country, whole=False)
            if found is not None:
                school = found.school
                own = all(to_iso2(p.strip()) == school.country or _key(p) in self._names[school.ror]
                          for p in parts if p is not part)  # fmt: skip
                return Found(school, own and self._official.get(_key(part)) is not None)
        return found

    def _by_key(self, key: str, country: str | None, *, whole: bool) -> Found | None:
        if (school := self._official.get(key)) is not None:
            exact = whole
        elif (school := self._other.get(key)) is not None:
            exact = False
        elif country and len(schools := [s for s in self._acronyms.get(key, ())
                                         if s.country == country]) == 1:  # fmt: skip
            school, exact = schools[0], False
        else:
            return None
        if country and school.country != country:
            return None
        return Found(school, exact)


def _split(cell: str) -> list[str]:
    return [text for text in cell.split("|") if text.strip()]


@cache
def reference_schools() -> Schools:
    """The project's reference file, read once per process, at its first use."""
    return Schools.from_file()
