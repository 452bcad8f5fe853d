"""Universities, research institutes and other registered organisations read as places, at
their city.

Partners of EU city and security projects are often universities whose name holds no town:
"Panteion University", "Bocconi University", "Aalto University", "Erasmus Universiteit"; or
research institutes, NGOs and foundations, public agencies and hospitals ("Fraunhofer-Institut
für …", "Fondazione Bruno Kessler", "Agence nationale de la recherche"). Two files made by
``scripts/build_higher_education.py`` from the Research Organization Registry (ROR, CC0) list
European ones with their names in several languages, their aliases and acronyms, and their
city's GeoNames record: ``reference/higher_education.csv`` (ROR's type ``education``) and
``reference/organisations.csv`` (the types of ``ORGANISATION_TYPES``, in its ``type`` column).
Both are read as one register, universities first.

A name is looked up by its key (``name_key``), then without what a list adds after a dash or in
brackets ("Panteion University (Greece)"). An institution found is shown at its city and
proposed for review; ``exact`` says the whole name is one of the register's official names
(then the geocoder may report it ``matched``). An alias or an acronym is never exact, and an
acronym is read only when the country is given and is the institution's ("UCL" is in London
and Louvain-la-Neuve); so is a state's body (ROR's type ``government``): states name their
ministries and agencies alike ("Ministry of Education and Culture", "Geological Survey").
Names that would mislead were left out when the files were made: a town's name, a generic
phrase (:func:`generic`), a name two bodies in different cities share.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.config import CACHE_DIR
from geo.data.countries import to_iso2
from geo.places.gazetteer import FORMAT as KEY_FORMAT
from geo.places.gazetteer import name_key

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "higher_education.csv"
ORGANISATIONS = REFERENCE.parent / "organisations.csv"
# ROR's types kept in ORGANISATIONS, and why: research institutes and centres (facility), NGOs,
# foundations and associations (nonprofit), public agencies and authorities (government),
# hospitals (healthcare), archives and museums (archive) are partners of city and security
# projects and each record is one body at one seat. Left out: companies (ROR files one record
# per national subsidiary of a group, mostly pharmaceutical and technical firms: a list naming
# the group names none of them), "other" (learned societies, at their secretary's address) and
# funders that are nothing else.
ORGANISATION_TYPES = ("facility", "nonprofit", "government", "healthcare", "archive")

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
""".split()) | frozenset(  # and of other bodies: "Police", "City Council", "Fire Brigade",
    # "Ministry of the Interior", "Chamber of Commerce", "National Gallery" name a kind too
    """
    police polizei policia polizia politie policie policja poliisi politi polisen
    ministry ministries ministere ministerio ministero ministerium ministerie ministerstvo
    ministerstwo department departement government gouvernement governo gobierno regierung
    interior interieur interno inneren home affairs justice defence defense
    city cities ville citta ciudad stadt town municipal municipality council conseil
    consiglio consejo rat raad regional region regions county provincial local
    fire brigade brigades pompiers feuerwehr bomberos vigili fuoco brandweer rescue civil
    protection chamber chambre camera camara kammer commerce commercio comercio handel
    industry trade crafts hospital hospitals hopital ospedale krankenhaus ziekenhuis clinic
    clinique clinica klinik klinikum museum musee museo muzeum gallery galerie galleria
    archive archives archivio
    archivo archiv arkiv library bibliotheque biblioteca bibliothek foundation fondation
    fondazione fundacion fundacao stiftung stichting association associazione asociacion
    associacao verein vereniging society societe societa sociedad centre center centro
    zentrum research recherche ricerca investigacion forschung agency agence agenzia
    agencia agentur authority autorite autorita autoridad office bureau ufficio oficina amt
    health sante salute salud gesundheit safety security securite sicurezza seguridad
    sicherheit urban urbaine forum network service services general federal hotel dieu
    geological geologisches geologique geologico survey observatory observatoire osservatorio
    sternwarte botanic botanical garden jardin giardino zoo zoological chu chru
""".split())


# Stems of the words of a kind of institution that languages compound into one word
# ("Kunstakademie", "Handelshochschule", "Taideyliopisto"): such a one-word name is a kind.
GENERIC_STEMS = re.compile(
    r"universit|hochschul|akadem|academ|akatem|schul|skol|yliopisto|korkeakoul|college|"
    r"institu|museum|gymnas|kunst|medizin|musik|politechn|polytech|ecole|escola|escuela|scuola|"
    r"school|hogskul|archiv|biblio|klinik|spital|ministe|polizei|feuerwehr|stiftung"
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
    """One body of the register: ``city`` and its ``geonameid`` (the gazetteer's id), with
    GeoNames' position of that city (``lat``, ``lon``); ``kind``, ROR's type (``education`` for
    the rows of ``reference/higher_education.csv``)."""

    name: str
    city: str
    country: str
    geonameid: int
    lat: float
    lon: float
    ror: str
    kind: str = "education"

    @property
    def said_code(self) -> str:
        """The code of geo.messages that tells where the register places it."""
        return "place_higher_education" if self.kind == "education" else "place_ror_organisation"


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
    """The bodies of the register (``reference/higher_education.csv`` and
    ``reference/organisations.csv``) by name key."""

    def __init__(self, rows: list[dict[str, str]], keys: list[list[list[str]]] | None = None):
        """``keys``: each row's keys of its labels, aliases and acronyms (``row_keys``), when
        already worked out; ~120,000 names' keys take seconds to work out, a cached list
        does not (``from_file``)."""
        self._official: dict[str, School] = {}
        self._other: dict[str, School] = {}
        self._acronyms: dict[str, list[School]] = {}
        self._names: dict[str, set[str]] = {}  # every name's key, by ROR id
        self.keys = keys if keys is not None else [row_keys(row) for row in rows]
        for row, (labels, aliases, acronyms) in zip(rows, self.keys, strict=True):
            school = School(row["name"], row["city"], row["country"], int(row["geonameid"]),
                            float(row["lat"]), float(row["lon"]), row["ror"],
                            row.get("type") or "education")  # fmt: skip
            for key in labels:
                self._official.setdefault(key, school)
            for key in aliases:
                self._other.setdefault(key, school)
            for key in acronyms:
                self._acronyms.setdefault(key, []).append(school)
            self._names[school.ror] = {*labels, *aliases, *acronyms}

    @classmethod
    def from_file(cls, *paths: Path, cache_dir: Path | None = CACHE_DIR) -> Schools:
        """Read as plain CSV, the files made by scripts/build_higher_education.py (default:
        both, universities first: a name two rows of one city share stays the university's).
        The names' keys are kept in ``cache_dir`` (None: not kept), under the files' SHA-256
        and the gazetteer's key format: rebuilt by themselves when a file changes."""
        texts = [path.read_bytes() for path in paths or (REFERENCE, ORGANISATIONS)]
        rows = [row for text in texts
                for row in csv.DictReader(io.StringIO(text.decode("utf-8"), newline=""))
                ]  # fmt: skip
        digest = hashlib.sha256(b"\0".join([str(KEY_FORMAT).encode(), *texts])).hexdigest()
        cached = cache_dir / f"register-keys-{digest[:16]}.json" if cache_dir else None
        schools = cls(rows, _read_keys(cached, len(rows)))
        if cached is not None and not cached.is_file():
            _write_keys(cached, schools.keys)
        return schools

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
        elif whole and country and len(schools := [s for s in self._acronyms.get(key, ())
                                                   if s.country == country]) == 1:  # fmt: skip
            # Only a whole name: what a list puts in brackets or after a dash is more often a
            # code or a role ("Comune di X (LP)") than a body's acronym.
            school, exact = schools[0], False
        else:
            return None
        if country and school.country != country:
            return None
        if not country and school.kind == "government":
            return None  # "Ministry of Education and Culture": every state has one
        return Found(school, exact)


def _split(cell: str) -> list[str]:
    return [text for text in cell.split("|") if text.strip()]


def row_keys(row: dict[str, str]) -> list[list[str]]:
    """The keys a row is found under: its labels', its aliases' (without a leading "The") and
    its acronyms'."""
    return [[_key(text) for text in _split(row["labels"])],
            [_key(text) for text in _split(row["aliases"])],
            [name_key(text) for text in _split(row["acronyms"])]]  # fmt: skip


def _read_keys(path: Path | None, rows: int) -> list[list[list[str]]] | None:
    try:
        keys = json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):  # none yet, or half written by a process that died
        return None
    return keys if isinstance(keys, list) and len(keys) == rows else None


def _write_keys(path: Path, keys: list[list[list[str]]]) -> None:
    """Atomically (another process may be writing the same file), in place of the keys of
    earlier files; a cache that cannot be written is only not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         suffix=".tmp", delete=False) as f:  # fmt: skip
            json.dump(keys, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(f.name, path)
        for old in path.parent.glob("register-keys-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass


@cache
def reference_schools() -> Schools:
    """The project's register (both files), read once per process, at its first use."""
    return Schools.from_file()
