"""French intercommunal bodies (EPCI and the Greater Paris territories) read as places.

The commonest institutions of Efus' French lists (FFSU members) are intercommunal bodies named
without their seat town: "CA du Pays Basque", "Grand Paris Sud Est Avenir", "CC Cœur de Savoie".
``reference/epci.csv`` (``scripts/build_epci.py``, from INSEE and the DGCL through Etalab's
``@etalab/decoupage-administratif``) lists the 1,266 of them with their most populous member
commune; no open file states their seats, and the largest member is not always the seat, so a
body is proposed for review there — except a métropole at the town it is named after
("Métropole Nice Côte d'Azur": Nice). Where GeoNames does not know the largest member (a
commune nouvelle), the body is at its next most populous member in that département, and the
answer says so.

A name is looked up by its *core*: its key without the words of a body's kind ("CA",
"Communauté d'agglomération de", "Métropole", "Agglo"…) and without brackets, so "Communauté
d'agglomération du Pays Basque", "CA Pays Basque" and "ca du pays basque" are one body. A
misspelt core is accepted only when it is nearly the same (``FUZZY_SCORE``) and no other body's
is as near: a typo, never another body.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo.places.gazetteer import name_key

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "epci.csv"
# Kinds whose largest member is their seat when they are named after it (the métropoles).
METROPOLITAN = frozenset({"METRO", "MET69"})
# rapidfuzz ratio (0–100) a misspelt core must reach, and by how much it must beat the next
# body's: one or two letters off in a long name, never a neighbour's name.
FUZZY_SCORE = 92.0
FUZZY_MARGIN = 4.0
FUZZY_MIN_LENGTH = 8

# The words of a body's kind, as keys (accents, case and apostrophes folded), then a linking word.
_KIND_WORDS = (
    r"communaute d agglomeration|communaute de communes|communaute urbaine|communaute de|"
    r"communaute|etablissement public territorial|metropole|eurometropole|agglomeration|"
    r"agglo|ca|cc|cu|ept"
)
_LINK = r"(?:\s+(?:de la|de l|du|des|de|d|l|la|le|les))?"
_PREFIX = re.compile(rf"^(?:{_KIND_WORDS}){_LINK}\s+")
_SUFFIX = re.compile(r"\s+(?:l agglo|agglomeration|agglo|metropole|communaute)$")
_BRACKETS = re.compile(r"\s*[(\[][^()\[\]]*[)\]]")
_TYPE_OF_PREFIX = {
    "ca": "CA", "communaute d agglomeration": "CA", "cc": "CC", "communaute de communes": "CC",
    "cu": "CU", "communaute urbaine": "CU",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Intercommunal:
    """One body of ``reference/epci.csv``: ``kind`` is INSEE's (CA, CC, CU, METRO, MET69, EPT),
    ``town`` its most populous member commune and ``geonameid`` that town's GeoNames record;
    or, where GeoNames does not know that town (a recent merger), ``placed`` names the next
    most populous member in its département that it knows, whose record ``geonameid`` is."""

    name: str
    kind: str
    town: str
    insee: str
    geonameid: int
    source: str
    placed: str = ""

    @property
    def named(self) -> bool:
        """Its name names its largest town ("CU Angers Loire Métropole": Angers)."""
        return f" {_key(self.town)} " in f" {_key(self.name)} "

    @property
    def at_seat(self) -> bool:
        """A métropole named after its largest town ("Toulouse Métropole"): that town is its
        seat. Other bodies' largest member may not be (Mauges Communauté sits in Beaupréau)."""
        return self.kind in METROPOLITAN and self.named and not self.placed


@dataclass(frozen=True, slots=True)
class Found:
    """A body found for a name: ``exact`` when its core is the name's, else a near spelling."""

    body: Intercommunal
    exact: bool


def _key(text: str) -> str:
    # An apostrophe splits words here ("d'Arras" is "d arras"), so "d" reads as a linking word.
    return name_key(re.sub(r"['’ʼ`´]", " ", text))


def core(text: str) -> tuple[str, str]:
    """The key of ``text`` without its kind's words and brackets, and the kind its first word
    names ("CA", "CC", "CU"; "" when none or another)."""
    key = _key(_BRACKETS.sub(" ", text))
    kind = ""
    while match := _PREFIX.match(key):  # two kinds' words: "CA Agglo du Pays de Dreux"
        first = re.sub(rf"{_LINK}\s+$", "", match.group()).strip()
        kind = kind or _TYPE_OF_PREFIX.get(first, "")
        key = key[match.end() :]
    key = _SUFFIX.sub("", key)
    return key.strip(), kind


class Intercommunals:
    """The bodies of ``reference/epci.csv`` by core (see the module's docstring)."""

    def __init__(self, bodies: list[Intercommunal]):
        self._by_core: dict[str, list[Intercommunal]] = {}
        self._full = {_key(b.name) for b in bodies}
        for body in bodies:
            self._by_core.setdefault(core(body.name)[0], []).append(body)
        self._cores = [c for c in self._by_core if len(c) >= FUZZY_MIN_LENGTH]

    @classmethod
    def from_file(cls, path: Path = REFERENCE) -> Intercommunals:
        """Read as plain CSV: the file is made by scripts/build_epci.py, not edited by staff (the
        project's reader would take its ``type`` column for the dataset's)."""
        with path.open(encoding="utf-8", newline="") as f:
            bodies = [Intercommunal(row["name"], row["type"], row["town"], row["insee"],
                                    int(row["geonameid"]), row["source"], row.get("placed", ""))
                      for row in csv.DictReader(f) if row["geonameid"]]  # fmt: skip
        return cls(bodies)

    def find(self, name: str, *, bare: bool = False) -> Found | None:
        """The body ``name`` names, or None. A name must read as a body (a kind's word, or a
        body's full name: "Plaine Commune"); with ``bare`` its core alone may name one
        ("Clermont Auvergne"), exactly. One letter or two off, a long name still names its
        body."""
        text, kind = core(name)
        shaped = text != _key(name) or _key(name) in self._full
        if not text or not (shaped or bare):
            return None
        if bodies := self._by_core.get(text):
            return _one(bodies, kind, exact=True)
        return self._near(text, kind) if shaped else None

    def _near(self, text: str, kind: str) -> Found | None:
        key = closest_core(text, self._cores)
        return _one(self._by_core[key], kind, exact=False) if key else None


def closest_core(text: str, cores: list[str]) -> str | None:
    """The one core of ``cores`` a long ``text`` is one letter or two off, when no other core is
    as near (two as near are a guess, not a typo); else None. Bodies and unions alike."""
    if len(text) < FUZZY_MIN_LENGTH:
        return None
    from rapidfuzz import fuzz, process

    best = process.extract(text, cores, scorer=fuzz.ratio, limit=2,
                           score_cutoff=FUZZY_SCORE - FUZZY_MARGIN)  # fmt: skip
    if not best or best[0][1] < FUZZY_SCORE:
        return None
    if len(best) > 1 and best[1][1] > best[0][1] - FUZZY_MARGIN:
        return None
    return best[0][0]


def _one(bodies: list[Intercommunal], kind: str, *, exact: bool) -> Found | None:
    """The one body of ``bodies`` (sharing a core) of ``kind`` when it is given; None when two
    remain at different towns."""
    if kind and len(bodies) > 1:
        bodies = [b for b in bodies if b.kind == kind] or bodies
    if len({b.geonameid for b in bodies}) > 1:
        return None
    return Found(bodies[0], exact)


@cache
def reference_intercommunals() -> Intercommunals:
    """The project's reference file, read once per process."""
    return Intercommunals.from_file()
