"""Institutional names read as places: "Stockholms stad" is Stockholm, "Europol" is in The Hague.

Lists written by institutions name a city by its administration ("Gemeente Utrecht", "Urząd
Miasta Krakowa", "Δήμος Θεσσαλονίκης"), add a role or a country after a dash or in brackets
("Ville de Poitiers – Direction …", "Rennes (FR)"), or name a body whose seat is not in its
name (Europol). :func:`readings` gives the place names such a string may stand for, each with
what was removed, so that the answer can say how the name was read; :class:`Seats` knows the
seats of the recurring bodies of ``reference/institutions.csv``.

The administrative words are data (``AFFIXES``, per language), not code: adding a language is
adding rows. Genitives are undone by ending (``GENITIVES``) only after such a word was removed,
so a bare name is never bent into another town's.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from geo.places.gazetteer import name_key

REFERENCE = Path(__file__).resolve().parents[2] / "reference" / "institutions.csv"
# Supramunicipal bodies named after their land, not their seat (a Catalan consell comarcal, a
# Dutch veiligheidsregio): the same columns, and ``kind`` and ``area`` (see BODY_KIND_WORDS).
SUPRAMUNICIPAL = REFERENCE.parent / "supramunicipal.csv"

# (language, words, where): the words an administration puts before or after its place's name,
# accents and case folded. A prefix may be followed by a linking word ("de", "di", "d'", "of").
AFFIXES: tuple[tuple[str, str, str], ...] = (
    ("en", "city of|municipality of|town of|borough of|city council of|council of", "prefix"),
    ("en", "local council", "suffix"),  # Malta's councils ("Valletta Local Council")
    (
        "en",
        "city council|metropolitan borough council|borough council|district council|"
        "town council|council|municipality|city",
        "suffix",
    ),  # fmt: skip
    ("fr", "ville|commune|mairie|municipalite|cite", "prefix"),
    ("fr", "ville|mairie", "suffix"),
    ("it", "comune|citta|municipio", "prefix"),
    ("es", "ayuntamiento|ciudad|concello|ajuntament|municipio|ajuntament de", "prefix"),
    ("pt", "camara municipal|municipio|cidade|concelho", "prefix"),
    (
        "de",
        "stadt|landeshauptstadt|hansestadt|gemeinde|stadtverwaltung|magistrat der stadt|bezirksamt|"
        # Titles a German town puts before its name ("Große Kreisstadt Görlitz").
        "kreisstadt|grosse kreisstadt|bundesstadt|universitatsstadt|wissenschaftsstadt|"
        "hochschulstadt|kurstadt",
        "prefix",
    ),  # fmt: skip
    ("de", "stadt|gemeinde", "suffix"),
    ("nl", "gemeente|stad|stadsbestuur", "prefix"),
    ("nl", "gemeente", "suffix"),
    ("sv", "stad|kommun|stadsdel", "suffix"),
    ("da", "kommune|by", "suffix"),
    ("no", "kommune", "suffix"),
    ("fi", "kaupunki|kunta", "suffix"),
    # A city's genitive before one of its departments ("Turun kaupungin sivistystoimiala"):
    # _parts reads the department off, these words are then read like the city's own.
    ("fi", "kaupungin", "suffix"), ("sv", "stads|kommuns", "suffix"), ("da", "kommunes", "suffix"),
    ("pl", "urzad miasta|urzad miejski w|miasto|gmina|miasto stoleczne|gmina miejska", "prefix"),
    ("cs", "mesto|magistrat mesta|magistrat hlavniho mesta|statutarni mesto|urad mesta",
     "prefix"),
    ("sk", "mesto|mestsky urad|hlavne mesto|hlavne mesto slovenskej republiky", "prefix"),
    ("sl", "mestna obcina|obcina", "prefix"),
    ("sl", "mestna obcina|obcina", "suffix"),  # "Ljubljana Mestna občina"
    ("hr", "grad|opcina", "prefix"),
    # Basque councils name their town in the genitive-locative ("Donostiako Udala", "Irungo
    # Udala"); see GENITIVES.
    ("eu", "udala|udaletxea", "suffix"),
    ("sr", "opstina|grad|gradska uprava", "prefix"),
    ("ro", "primaria|primaria municipiului|municipiul|orasul", "prefix"),
    ("bg", "obshtina|община|столична община", "prefix"),
    ("el", "δημοσ|δημου|δημο|dimos|dimou|municipality of", "prefix"),  # "Δήμου X": genitive
    # "valstspilsētas pašvaldība": a state city's council, since Latvia's 2021 reform.
    ("lv", "novada pasvaldiba|pilsetas pasvaldiba|novada dome|pilsetas dome|pasvaldiba|"
           "valstspilsetas pasvaldiba|valstspilsetas dome", "suffix"),
    ("lt", "savivaldybe|miesto savivaldybe", "suffix"),
    ("et", "linn|linnavalitsus", "suffix"),
    (
        "hu",
        "megyei jogu varos onkormanyzata|varos onkormanyzata|onkormanyzata|onkormanyzat|"
        "polgarmesteri hivatal|megyei jogu varos|fovaros onkormanyzata|fovarosi onkormanyzat|"
        "fovaros fopolgarmesteri hivatal|fopolgarmesteri hivatal|fovaros",
        "suffix",
    ),  # fmt: skip
    # A city's own police is the city's body, like its council.
    ("en", "municipal police of|local police of|city police of", "prefix"),
    ("en", "municipal police|city police|local police", "suffix"),
    ("fr", "police municipale|polices municipales", "prefix"),
    ("it", "polizia locale|polizia municipale|corpo di polizia locale", "prefix"),
    ("es", "policia local|policia municipal|guardia urbana", "prefix"),
    ("pt", "policia municipal", "prefix"),
    ("de", "stadtpolizei|ordnungsamt", "prefix"),
    ("pl", "straz miejska", "prefix"),
    ("lv", "pasvaldibas policija", "suffix"),  # "Rīgas pašvaldības policija": Riga's police
)
# The words of territorial bodies (regions, provinces, departments, counties) and of
# metropolitan and intercommunal ones: what is left once they are removed is looked up as an
# administrative area first (geo.places.gazetteer.Territory), then as a town (a metropolitan
# body's seat: "Eurométropole de Strasbourg" → Strasbourg).
TERRITORY_AFFIXES: tuple[tuple[str, str, str], ...] = (
    ("en", "region of|province of|county of|department of|free state of|state of|"
           "departmental council of|regional council of|county council of|district of|"
           "regional government of|government of|metropolitan city of|metropolitan area of|"
           "metropolitan region of|metropolitan county of|urban community of|"
           "agglomeration community of|community of municipalities of|community of|"
           "union of municipalities of|association of municipalities of|metropolis of|"
           "autonomous community of|greater", "prefix"),
    ("en", "safety region|intermunicipal community of|regional unit of|provincial council of|"
           "provincial government of", "prefix"),
    # A Polish voivodeship's executive as English pages name it ("Marshal's Office of the
    # Lodzkie Region"); the apostrophe is read as "' " (_loose).
    ("en", "marshal' s office of the|marshal' s office of|marshal office of the|"
           "marshal office of", "prefix"),
    ("en", "county council|regional council|region|county|province|city region combined "
           "authority|combined authority|city region|metropolitan county|metropolitan area|"
           "metropolitan region|comarcal council|provincial council|provincial government",
     "suffix"),
    # French intercommunal bodies as English pages write them after the town ("Dunkerque
    # Urban Community").
    ("en", "urban community|agglomeration community|community of communes|metropolis",
     "suffix"),
    # "Pays" only after the word of an intercommunal body: "Pays de la Loire" is a region.
    ("fr", "communaute de communes du pays|communaute d' agglomeration du pays|"
           "communaute urbaine du pays|community of pays", "prefix"),
    # A "pays" run by a PETR or a syndicat mixte is named after its town ("PETR du Pays de
    # Langres", "Syndicat mixte du Pays de Brest").
    ("fr", "petr du pays|petr|pole d' equilibre territorial et rural du pays|"
           "syndicat mixte du pays", "prefix"),
    ("fr", "region autonome|region|departement|comte|conseil regional|conseil departemental|"
           "conseil general|"
           "collectivite territoriale|collectivite europeenne|collectivite|province|canton|"
           "metropole|eurometropole|communaute d' agglomeration|communaute urbaine|"
           "communaute de communes|agglomeration|syndicat intercommunal|grand", "prefix"),
    ("fr", "metropole|agglomeration|agglo", "suffix"),
    # The State's services in a département sit at its chef-lieu ("Préfecture du Nord",
    # "Groupement de gendarmerie départementale du Var", "DDSP du Rhône"): the area is read.
    ("fr", "prefecture|groupement de gendarmerie departementale|groupement de gendarmerie|"
           "gendarmerie|"
           "direction departementale de la securite publique|ddsp|"
           "direction interdepartementale de la police nationale|dipn", "prefix"),
    # Sicily's provinces are "liberi consorzi comunali" since 2015 ("Libero Consorzio
    # Comunale di Siracusa").
    ("it", "regione|regione autonoma|provincia|provincia autonoma|citta metropolitana|"
           "libero consorzio comunale|libero consorzio|"
           "area metropolitana|unione dei comuni|unione comuni|nuovo circondario|circondario|"
           "associazione intercomunale", "prefix"),
    ("es", "comunidad autonoma|comunidad|comunitat autonoma|comunitat|junta|xunta|govern|"
           "generalitat|gobierno|diputacion provincial|diputacion foral|diputacion|"
           "diputacio|provincia|region|cabildo insular|cabildo|consell insular|consell comarcal|"
           "consell|area metropolitana|mancomunidad|mancomunitat|comarca|"
           "consejo comarcal", "prefix"),
    ("pt", "regiao autonoma|regiao|area metropolitana|comunidade intermunicipal|distrito|"
           "governo regional|governo",
     "prefix"),
    # A Portuguese CIM ("CIM Região de Leiria") and a regional coordination and development
    # commission, in Portuguese and Spanish ("CCDR Centro", "Comisión de Coordinación y
    # Desarrollo Regional de la Región Norte"): the land is left, read as the body's.
    ("pt", "comissao de coordenacao e desenvolvimento regional|ccdr|cim", "prefix"),
    ("es", "comision de coordinacion y desarrollo regional de la region|"
           "comision de coordinacion y desarrollo regional", "prefix"),
    ("de", "freistaat|land|bundesland|landkreis|kreis|bezirk|region|regionalverband|"
           "bezirksregierung|regierungsbezirk|regierungsprasidium|landesregierung|"
           "landschaftsverband|kanton|stadtregion|stadteregion|metropolregion|zweckverband|"
           "kommunalverband|regionalverband|verband region|regierung von", "prefix"),
    # A district's administration and its genitive ("Landratsamt Esslingen", "Kreisverwaltung
    # des Landkreises Mainz-Bingen", "LK Harburg"): the district (reference/districts.csv).
    ("de", "landratsamt|kreisverwaltung|landkreises|kreises|lk", "prefix"),
    ("de", "landkreis|kreis|region", "suffix"),
    ("nl", "provincie|regio|metropoolregio|stadsregio|vervoerregio|veiligheidsregio", "prefix"),
    ("sv", "region|landstinget", "prefix"),
    ("sv", "lan|region|regionen|landsting", "suffix"),
    ("da", "region", "prefix"),
    ("no", "fylkeskommune|fylke", "suffix"),
    # The state's governor of a county ("Statsforvalteren i Vestland", "Fylkesmannen i
    # Telemark" before 2021) sits at the county's seat.
    ("no", "statsforvalteren i|fylkesmannen i", "prefix"),
    ("fi", "maakunta|maakuntaliitto|liitto|kaupunkiseutu|seutukunta", "suffix"),
    ("pl", "wojewodztwo|powiat|starostwo powiatowe w|urzad marszalkowski wojewodztwa|"
           "samorzad wojewodztwa|"
           "wojewodztwa|marszalek wojewodztwa|metropolia|zwiazek metropolitalny|zwiazek gmin|"
           "zwiazek miast|stowarzyszenie metropolia|obszar metropolitalny", "prefix"),
    ("el", "περιφερεια|περιφερειασ|περιφερειακη ενοτητα|periferiaki enotita|"
           "perifereiaki enotita|periferia|perifereia", "prefix"),
    # A region's union of municipalities ("ΠΕΔ Αττικής": Περιφερειακή Ένωση Δήμων Αττικής).
    ("el", "πεδ|περιφερειακη ενωση δημων|συνδεσμοσ δημων", "prefix"),
    ("bg", "oblast|областна администрация|област", "prefix"),
    ("hr", "zupanija", "suffix"),
    ("lt", "apskritis|apskrities administracija", "suffix"),
    # A Czech regional office names its kraj in the genitive ("Krajský úřad Jihomoravského
    # kraje"); a Slovak self-governing region puts "samosprávny" before "kraj".
    ("cs", "krajsky urad", "prefix"),
    ("sk", "samospravny kraj", "suffix"),
    # Hungary's counties are "vármegye" again since 2023.
    ("hu", "megye|megyei onkormanyzat|varmegye|varmegyei onkormanyzat", "suffix"),
    # Hungarian pages name other countries' districts and regions the same way ("Rhein-Neckar
    # járás", "… régió").
    ("hu", "jaras|jarasi hivatal|regio", "suffix"),
    ("ro", "judetul|consiliul judetean", "prefix"),
    # Welsh and Scottish Gaelic councils ("Cyngor Sir Ddinbych", "Comhairle nan Eilean Siar").
    # "Cyngor" alone first: the Welsh names of counties keep their "Sir" ("Sir y Fflint" is
    # Flintshire, at Mold; "Y Fflint" is the town of Flint).
    ("eu", "foru aldundia|eusko jaurlaritza", "suffix"),  # "Gipuzkoako Foru Aldundia"
    ("cy", "cyngor", "prefix"),
    ("cy", "cyngor bwrdeistref sirol|cyngor dinas a sir|cyngor a dinas|cyngor sir|cyngor dinas",
     "prefix"),
    ("gd", "comhairle nan|comhairle na|comhairle", "prefix"),
)  # fmt: skip
# The first words of the TERRITORY_AFFIXES that name an area (a region, province, county), not a
# metropolitan body: once one is removed and no area of that name is known, a town of that name
# may not be its seat (Landkreis Harburg sits in Winsen, Landkreis Rostock in Güstrow), so the
# town is proposed for review, not matched (Reading.seat_unsure).
AREA_WORDS = frozenset(
    "landkreis kreis county province provincia provincie departement department conseil region "
    "regione regio regiao regionen land bundesland freistaat state free comunidad comunitat "
    "junta xunta generalitat govern gobierno governo government diputacion diputacio cabildo "
    "consell wojewodztwo wojewodztwa powiat starostwo urzad marszalek megye megyei zupanija "
    "judetul consiliul fylke fylkeskommune lan landsting landstinget maakunta maakuntaliitto "
    "liitto περιφερεια περιφερειακη periferia perifereia distrito bezirk bezirksregierung "
    "regierungsbezirk regierungsprasidium landesregierung landschaftsverband kanton canton "
    "collectivite regional departmental autonomous district cyngor comhairle libero oblast "
    "krajsky samospravny varmegye varmegyei apskritis apskrities provincial statsforvalteren "
    "fylkesmannen jaras jarasi regio comte "
    "landratsamt kreisverwaltung landkreises kreises lk "
    "област областна periferiaki perifereiaki".split()
)
# The first words of the TERRITORY_AFFIXES that name a German district (Landkreis, Kreis) or
# its administration: after one, a district of the name read comes before another area of that
# name ("Landkreis Kassel" is the district, "Regierungsbezirk Kassel" the Regierungsbezirk).
DISTRICT_WORDS = frozenset("landkreis kreis landratsamt kreisverwaltung landkreises kreises lk "
                           "district".split())  # fmt: skip
# The words of bodies that are not the place they name (a university, a police force): the
# place read is proposed for review, never matched (``Reading.inside``).
ORGANISATION_AFFIXES: tuple[tuple[str, str, str], ...] = (
    ("en", "university of|university college of|police of|metropolitan police of|"
           "chamber of commerce of|police service of", "prefix"),
    ("en", "university|police|metropolitan police|police department|police service|"
           "chamber of commerce", "suffix"),
    ("fr", "universite|universite de|police de|prefecture de police de|prefecture de|"
           "institut d' etudes politiques de|sciences po|chambre de commerce de", "prefix"),
    ("it", "universita|universita degli studi|politecnico|prefettura|questura|"
           "camera di commercio", "prefix"),
    ("es", "universidad|universitat|universidade|policia", "prefix"),
    ("pt", "universidade|instituto politecnico|policia", "prefix"),
    ("de", "universitat|technische universitat|hochschule|polizei|polizeiprasidium|"
           "polizeidirektion|fachhochschule", "prefix"),
    # The Dutch police's regional units: "Politie Eenheid Oost-Nederland".
    ("nl", "universiteit|hogeschool|politie eenheid|politie-eenheid|politie|regionale eenheid|"
           "eenheid", "prefix"),
    ("sv", "universitet|hogskola|polisen", "suffix"),
    ("da", "universitet|politi", "suffix"),
    ("no", "universitet|politidistrikt", "suffix"),
    ("fi", "yliopisto|poliisilaitos|ammattikorkeakoulu", "suffix"),
    # A joint municipal authority of a town's region ("Salon seudun koulutuskuntayhtymä": the
    # education consortium of the Salo region) is a body of its own, named after the town.
    ("fi", "seudun koulutuskuntayhtyma|koulutuskuntayhtyma|seudun kuntayhtyma|kuntayhtyma|"
           "seudun", "suffix"),
    ("pl", "uniwersytet|policja|komenda miejska policji w|komenda wojewodzka policji w|"
           "komenda powiatowa policji w|akademia policji w", "prefix"),
    ("cs", "univerzita|policie", "prefix"),
)  # fmt: skip
LINKS = "d|de|di|du|des|del|dell|della|dello|delle|do|da|dos|das|of|the|von|van|w|ve|la|le|l"

# (language, ending of the genitive, ending of the nominative), tried on the place's last word
# once an administrative word of that language was removed: "stockholms stad" → stockholm.
GENITIVES: tuple[tuple[str, str, str], ...] = (
    ("sv", "s", ""), ("da", "s", ""), ("no", "s", ""),
    ("pl", "a", ""), ("pl", "u", ""), ("pl", "ia", "ie"), ("pl", "ia", ""), ("pl", "y", "a"),
    ("cs", "a", ""), ("cs", "e", "a"), ("sk", "a", ""),
    ("cs", "y", "a"), ("cs", "eho", "y"), ("cs", "e", ""), ("cs", "a", "o"),  # Prahy, kraje, Brna
    ("sk", "sky", "sky kraj"),  # "Bratislavský (samosprávny) kraj" is the Bratislavský kraj
    ("el", "ησ", "η"), ("el", "εων", "α"), ("el", "ασ", "α"), ("el", "ου", "οσ"),
    ("el", "ων", "α"), ("el", "ων", "οι"), ("el", "α", "ασ"), ("lt", "o", "as"),
    ("lt", "aus", "us"), ("lt", "os", "a"),  # Vilniaus → Vilnius, Klaipėdos → Klaipėda
    ("el", "ου", "ο"),  # a neuter name: "Βορείου Αιγαίου" → "Βόρειο Αιγαίο"
    # The same genitives in Latin letters, as Greek bodies transliterate their names
    # ("Periferiaki Enotita Irakleiou", "Dimos Thessalonikis").
    ("el", "ou", "o"), ("el", "ou", "os"), ("el", "is", "i"), ("el", "as", "a"),
    ("lv", "s", ""), ("lv", "s", "a"),  # Rīgas → Rīga (a feminine town adds -s)
    ("fi", "n", ""), ("fi", "een", "e"), ("fi", "gin", "ki"), ("fi", "un", "ku"),
    ("fi", "den", "ti"),  # Lahden → Lahti
    ("pl", "zi", "z"),  # Łodzi → Łódź
    ("el", "αιων", "α"),  # "Δήμος Αθηναίων": Athens' genitive plural
    # Finnish regions' genitives with a changed stem: Varsinais-Suomen, Satakunnan (the short
    # and irregular Lapin and Uudenmaan are names of their areas: reference/area_names.csv).
    ("fi", "en", "i"), ("fi", "nnan", "nta"),
    ("hu", "i", ""), ("ro", "ui", ""), ("pl", "iego", "ie"),
    ("eu", "ko", ""), ("eu", "go", ""), ("eu", "iko", "ia"),  # Bilboko, Irungo, Bizkaiko
    # Hungarian possessives ("Loire-vidéke régió": the Loire-vidék) and a county written with
    # its land's noun where the county's name takes the adjective ("Isztria megye" is the
    # "Isztriai megye").
    ("hu", "e", ""), ("hu", "a", ""), ("hu", "", "i megye"),
    # Polish locatives, after "w" ("Starostwo Powiatowe w Wieliczce", "… w Krakowie").
    ("pl", "ce", "ka"), ("pl", "owie", "ow"), ("pl", "nie", "no"),  # … w Szczytnie: Szczytno
    ("pl", "niu", "n"),  # … w Poznaniu: Poznań
    # Adjectives of a town after a territorial word: "Metropolia Krakowska" is Kraków's,
    # "Powiat krakowski" too, "Nuovo Circondario Imolese" Imola's.
    ("pl", "ska", ""), ("pl", "ska", "a"), ("pl", "ski", ""), ("pl", "ski", "a"),
    ("it", "ese", "a"), ("it", "ese", "o"),
)  # fmt: skip

# A dash with a space on at least one side ("EFUS- European Forum…"), or a long dash.
# " / " and " | " between two names too ("Ayuntamiento de Madrid / Madrid City Council").
_DASH = re.compile(r"\s+[-–—]\s*|\s*-\s+|\s*[–—]\s*|\s+/\s+|\s*\|\s*")
_ARTICLE = re.compile(r"^the\s+", re.IGNORECASE)
# Articles of other languages, read off only before an administrative word ("La Province de
# Hainaut", "Η Περιφέρεια …"): "La Rochelle" and "Le Havre" keep theirs.
_OTHER_ARTICLE = re.compile(r"^(?:la|le|les|il|lo|el|die|der|das|des|het|η|ο|το|οι)\s+",
                            re.IGNORECASE)  # fmt: skip
# Letters that Unicode does not decompose, as the affixes are written ("Marszałkowski").
_PLAIN = str.maketrans("łøđı", "lodi")
TRAILING_BRACKET = re.compile(r"\s*[(\[][^()\[\]]*[)\]]?\s*$")
_LABEL = re.compile(r"^[^:]{2,40}:\s*(?=\S)")
# A city's genitive, then one of its departments: "Turun kaupungin sivistystoimiala",
# "Stockholms stads socialförvaltning", "Aarhus Kommunes Sundhed og Omsorg".
# A Finnish town's region's body: "Helsingin seudun liikenne" (Helsinki region transport), read
# as the town's genitive before its "seudun" (see ORGANISATION_AFFIXES).
_TOWN_REGION = re.compile(r"^(\S+n\s+seudun)\s+(\S.*)$", re.IGNORECASE)
_CITY_DEPARTMENT = re.compile(r"^(\S.*?\s(?:kaupungin|stads|kommuns|kommunes))\s+(\S.*)$",
                              re.IGNORECASE)
# An acronym as lists write one before a colon or in brackets: "ANMP:", "(UCM)".
_ACRONYM_LABEL = re.compile(r"\(?[A-Z][A-Z0-9&]{1,7}\)?\s*:?")
# An article before a reference body's name, as French lists write it ("la Gendarmerie
# nationale", "l'Assemblée des régions d'Europe"); read off for the bodies only, so "La
# Rochelle" stays a town's name.
_BODY_ARTICLE = re.compile(
    r"^(?:(?:la|le|les|the|il|lo|el|los|las|die|der|das|het)\s+|l['’]\s*)", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a name: the place name ``text`` (as written) once ``removed`` is taken
    off, in the order it was. ``inside`` says the place is only named inside a longer name
    (an organisation's): such a reading is proposed for review, never ``matched``."""

    text: str
    removed: tuple[str, ...] = ()
    inside: bool = False
    territory: bool = False  # a territorial word was removed: an area is looked up first

    @property
    def key(self) -> str:
        return name_key(self.text)

    @property
    def seat_unsure(self) -> bool:
        """An area's word was removed (AREA_WORDS): a town of the name read may not be its
        seat, when the area itself is not known."""
        return self.territory and any(r.split(" ")[0] in AREA_WORDS for r in self.removed)

    @property
    def names_district(self) -> bool:
        """A district's word was removed (DISTRICT_WORDS): "Kreis Lippe", "District of …"."""
        return any(r.split(" ")[0] in DISTRICT_WORDS for r in self.removed)

    def params(self, place: str = "") -> dict[str, object]:
        """The params of the ``place_read_as`` message (geo.messages): ``place`` is the name
        of the place found (default: the text read)."""
        removed = ", ".join(repr(r) for r in self.removed)
        return {"place": place or self.text, "removed": removed}


@lru_cache(maxsize=4096)
def readings(name: str) -> tuple[Reading, ...]:
    """The place names ``name`` may stand for, most likely first; empty when it is a plain
    name with nothing to remove. Kept for the last names read: one name's steps (reference
    seats, administrations, areas) each ask for its readings."""
    out: dict[str, Reading] = {}
    for part in _parts(name.strip()):
        for found in _affixed(part):
            out.setdefault(found.key, found)
            # Two administrative words ("Métropole du Grand Paris"): the second is read off too.
            for inner in _affixed(found)[1:] if found.removed else ():
                out.setdefault(inner.key, _merged(found, inner))
    out.pop(name_key(name), None)
    return tuple(r for r in out.values() if r.key)


def _merged(outer: Reading, inner: Reading) -> Reading:
    """``inner`` read from ``outer``: it keeps what either marks (a territory, a body)."""
    return Reading(inner.text, inner.removed, inside=outer.inside or inner.inside,
                   territory=outer.territory or inner.territory)  # fmt: skip


def _parts(name: str) -> list[Reading]:
    """``name`` without a trailing bracket, a leading "ROLE :" label, and each side of a dash
    (the name before a dash first: "Ville de Poitiers – Direction …")."""
    removed: list[str] = []
    text = _ARTICLE.sub("", name)
    if (article := _OTHER_ARTICLE.match(text)) and _starts_with_affix(text[article.end() :]):
        removed.append(article.group().strip())
        text = text[article.end() :]
    while (bracket := TRAILING_BRACKET.search(text)) and bracket.start() > 0:
        removed.append(bracket.group().strip())
        text = text[: bracket.start()]
    if (label := _LABEL.match(text)) and not _DASH.search(label.group()):
        removed.append(label.group().strip())
        text = text[label.end() :]
    pieces = [p.strip() for p in _DASH.split(text) if p.strip()]
    out = [Reading(text, tuple(removed))]
    if department := _CITY_DEPARTMENT.match(text):
        out.append(Reading(department.group(1), (*removed, department.group(2))))
    if region := _TOWN_REGION.match(text):  # "Helsingin seudun liikenne": a body of its own
        out.append(Reading(region.group(1), (*removed, region.group(2)), inside=True))
    if len(pieces) > 1:
        for i, piece in enumerate(pieces):
            others = tuple(p for j, p in enumerate(pieces) if j != i)
            out.append(Reading(piece, (*removed, *others)))
    return out


def _starts_with_affix(text: str) -> bool:
    probe = _loose(text).translate(_PLAIN)
    return any(pattern.match(probe) for _, (_, pattern) in _prefix_patterns())


def _affixed(part: Reading) -> list[Reading]:
    """``part`` as it is, then without each administrative word it starts or ends with, then
    those with their genitive undone."""
    loose = _loose(part.text)
    probe = loose.translate(_PLAIN)  # same length: positions in it are positions in loose
    out = [part]
    for group, (lang, pattern) in _prefix_patterns():
        if match := pattern.match(probe):
            out += _bare(part, loose[match.end() :], match.group().strip(), lang, group)
    for group, (lang, pattern) in _suffix_patterns():
        if match := pattern.search(probe):
            word = match.group().strip(" ,-")
            bare = _bare(part, loose[: match.start()], word, lang, group)
            # The nominative with the word again: GeoNames writes "Vesthimmerland Kommune"
            # where the municipality writes its genitive, "Vesthimmerlands Kommune".
            out += bare + [Reading(f"{r.text} {word}", r.removed[:-1], inside=r.inside,
                                   territory=r.territory) for r in bare[1:]]  # fmt: skip
    for lang, pattern in _COMPOUNDS:
        if match := pattern.search(probe):
            out += _bare(part, loose[: match.start(2)], match.group(2), lang, "territory")
    return out


# Nordic languages glue a region's word to the town's genitive: "Göteborgsregionen" is the
# Gothenburg region (one word, so the suffixes above, after a space, miss it); Finnish its
# regional council's word to the region's name ("Satakuntaliitto").
_COMPOUNDS = (("sv", re.compile(r"^(\w{4,})(regionen)$")),
              ("fi", re.compile(r"^(\w{4,})(liitto)$")))  # "Satakuntaliitto"


def _bare(part: Reading, rest: str, word: str, lang: str, group: str) -> list[Reading]:
    # _loose put a space after each apostrophe to split off "d'": the rest joins them again.
    rest = rest.strip(" '-,").replace("' ", "'")
    if not rest:
        return []
    removed = (*part.removed, word.replace("' s ", "'s "))  # "marshal's office of the"
    flags = {"territory": group == "territory", "inside": group == "organisation"}
    found = [Reading(rest, removed, **flags)]
    words = rest.split(" ")
    for language, genitive, nominative in GENITIVES:
        if language != lang:
            continue
        last = _nominative(words[-1], genitive, nominative)
        if last != words[-1]:  # the last word: "Stockholms" → "Stockholm"
            found.append(Reading(" ".join([*words[:-1], last]), removed, **flags))
    if len(words) > 1:  # every word of a phrase: "Κεντρικής Μακεδονίας" → "Κεντρική Μακεδονία"
        rules = [(g, n) for language, g, n in GENITIVES if language == lang]
        first = [next((b for g, n in rules if (b := _nominative(w, g, n)) != w), w) for w in words]
        # ...and with each rule where it applies: a phrase's words share their gender
        # ("Νοτίου Αιγαίου" → "Νότιο Αιγαίο", neuter, where the first rule gives "-ος").
        every = [first] + [[b if (b := _nominative(w, g, n)) != w else f
                            for w, f in zip(words, first, strict=True)] for g, n in rules]
        for bent in dict.fromkeys(tuple(b) for b in every):
            if list(bent) != words:
                found.append(Reading(" ".join(bent), removed, **flags))
    return found


def _nominative(word: str, genitive: str, nominative: str) -> str:
    if word.endswith(genitive) and len(word) > len(genitive) + 2:
        return word[: len(word) - len(genitive)] + nominative
    return word


def _loose(text: str) -> str:
    """Case and accents folded, apostrophes kept as "'" with a space after (so "d'Angoulême"
    splits off its "d'"), other punctuation kept: what the affix patterns read."""
    text = unicodedata.normalize("NFKD", text).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("ς", "σ")
    text = re.sub(r"['’ʼ`´]\s*", "' ", text)
    return " ".join(text.split())


_GROUPS = (("city", AFFIXES), ("territory", TERRITORY_AFFIXES),
           ("organisation", ORGANISATION_AFFIXES))  # fmt: skip


def _all_affixes(where: str) -> list[tuple[str, str, str]]:
    """(group, language, words) of the affixes placed ``where``; the group is "city",
    "territory" or "organisation"."""
    return [(group, lang, words) for group, table in _GROUPS
            for lang, words, place in table if place == where]  # fmt: skip


@cache
def _prefix_patterns() -> tuple[tuple[str, tuple[str, re.Pattern[str]]], ...]:
    links = rf"(?:\s+(?:{LINKS})\b'?|\s+(?:{LINKS})'|\s+l')*"
    return tuple(
        (group, (lang, re.compile(rf"^(?:{_longest_first(words)})(?=[\s'])(?:{links})\s*")))
        for group, lang, words in _all_affixes("prefix")
    )  # fmt: skip


def _longest_first(words: str) -> str:
    """An alternation of ``words`` that tries the longest first: "miasto stoleczne" before
    "miasto" (a regex takes the first alternative that matches)."""
    return "|".join(sorted(words.split("|"), key=len, reverse=True))


@cache
def _suffix_patterns() -> tuple[tuple[str, tuple[str, re.Pattern[str]]], ...]:
    return tuple(
        (group, (lang, re.compile(rf"[\s,-]+(?:{_longest_first(words)})$")))
        for group, lang, words in _all_affixes("suffix")
    )  # fmt: skip


# The words a list writes before (or after) the land of a supramunicipal body of each ``kind``
# of reference/supramunicipal.csv, as keys: "Consell Comarcal del Vallès Oriental" and "Comarca
# de Osona" name the comarca's council, "Veiligheidsregio Kennemerland" the safety region. The
# land alone ("Kennemerland") names no body: a town or an area of that name is looked up first.
BODY_KIND_WORDS: dict[str, frozenset[str]] = {
    "comarca": frozenset({"consell comarcal", "consejo comarcal", "comarca", "comarcal council"}),
    "safety_region": frozenset({"veiligheidsregio", "safety region"}),
    "intermunicipal": frozenset({"comunidade intermunicipal", "intermunicipal community of",
                                 "cim"}),
    # Portugal's five regional coordination and development commissions (CCDR), the bodies of
    # the mainland's NUTS II regions: "Região Norte" is the CCDR Norte's land, at its seat.
    "regional_coordination": frozenset({
        "comissao de coordenacao e desenvolvimento regional", "ccdr", "regiao", "region",
        "comision de coordinacion y desarrollo regional de la region",
        "comision de coordinacion y desarrollo regional"}),
    "island_council": frozenset({"cabildo insular", "cabildo", "consell insular", "consell"}),
    "regional_association": frozenset({"regionalverband", "region", "kommunalverband",
                                       "verband region", "metropolregion", "stadteregion"}),
    "metropolitan_union": frozenset({"metropolia", "zwiazek metropolitalny"}),
    "metropolitan_area": frozenset({"area metropolitana", "metropolitan area of",
                                    "metropolitan area"}),
    # A regional government named by its land's adjective ("Gobierno Vasco"): by name only.
    "regional_government": frozenset(),
    # A Belgian intercommunale (intergemeentelijk samenwerkingsverband) for economic and
    # territorial development: named by its own name or acronym ("Leiedal", "IDETA"), not by
    # its land, so by name, alias or acronym only ("Intercommunale Leiedal", "IDETA (BE)").
    "intercommunale": frozenset(),
    "police_unit": frozenset({"politie eenheid", "politie-eenheid", "politie",
                              "regionale eenheid", "eenheid"}),
    # A Dutch regional cooperation of municipalities (gemeenschappelijke regeling) named after
    # its land: "Regio Twente", "Regio Rivierenland"; the land alone is a landscape first.
    "municipal_cooperation": frozenset({"regio", "metropoolregio", "stadsregio"}),
    # A Swedish association of local authorities (kommunalförbund), named by its own name
    # ("Skaraborgs kommunalförbund", "Göteborgsregionen"): by name or alias only.
    "kommunalforbund": frozenset(),
    # An English combined authority: "West Midlands Combined Authority" is read as its land
    # after "combined authority"; the "Mayoral …" forms are the rows' aliases.
    "combined_authority": frozenset({"combined authority", "mayoral combined authority",
                                     "city region combined authority"}),
}  # fmt: skip


# The kinds whose land alone names the body: a Portuguese CIM's land is the NUTS III region of
# the same name and bounds, which lists write for the CIM itself ("Cávado", "Tâmega e Sousa").
# Read only with the row's country (Seats.find_read's ``bare``): "Oeste" alone says little.
LAND_NAMES_BODY = frozenset({"intermunicipal"})


def named_by_land(seat: Seat, reading: Reading | None) -> bool:
    """Whether ``reading`` is ``seat``'s land alone (brackets aside), not its name or kind."""
    return (reading is not None and seat.kind in LAND_NAMES_BODY
            and reading.key == name_key(seat.area)
            and all(p[:1] in "([" for p in reading.removed))  # fmt: skip


@dataclass(frozen=True, slots=True)
class Seat:
    """A recurring body's seat, as ``reference/institutions.csv`` states it with its source;
    ``kind`` is a supramunicipal body's (reference/supramunicipal.csv), "" for the others."""

    name: str
    city: str
    country: str
    lat: float
    lon: float
    source: str
    kind: str = ""
    area: str = ""  # the land a supramunicipal body is named after ("Osona")


class Seats:
    """The bodies of ``reference/institutions.csv`` under their name, aliases and acronym
    (keys as :func:`geo.places.gazetteer.name_key` makes them)."""

    def __init__(self, seats: dict[str, Seat], areas: dict[str, list[Seat]] | None = None):
        self._by_key = dict(seats)
        self._by_area = {key: list(found) for key, found in (areas or {}).items()}
        # Long names by their words alone (see words_alone); a form two bodies share is no
        # one's.
        by_words: dict[str, set[Seat]] = {}
        for key, seat in self._by_key.items():
            if len(bare := words_alone(key)) >= NEAR_NAME_MIN_WORDS:
                by_words.setdefault(" ".join(bare), set()).add(seat)
        self._by_words = {k: next(iter(v)) for k, v in by_words.items() if len(v) == 1}

    @classmethod
    def from_file(cls, path: Path = REFERENCE) -> Seats:
        """Read with the project's reader (encodings, limits), like every table staff edit."""
        return cls.from_files((path,))

    @classmethod
    def from_files(cls, paths: tuple[Path, ...]) -> Seats:
        """The bodies of several files of the same columns; a label of an earlier file wins."""
        from geo.data.reading import read_table

        by_key: dict[str, Seat] = {}
        by_area: dict[str, list[Seat]] = {}
        for row in (row for path in paths for row in read_table(path).rows):
            seat = Seat(row["name"], row["seat_city"], row["country"].upper(),
                        float(row["lat"]), float(row["lon"]), row["source"],
                        row.get("kind", ""), row.get("area", ""))  # fmt: skip
            names = [row["name"], row.get("acronym", ""), *row.get("aliases", "").split("|")]
            for written in names:
                if key := name_key(written):
                    by_key.setdefault(key, seat)
            if seat.kind and (key := name_key(row.get("area", ""))):
                by_area.setdefault(key, []).append(seat)
        return cls(by_key, by_area)

    def find(self, name: str) -> Seat | None:
        """The body called ``name`` (or one of its readings: "Europol (NL)"), or None."""
        found = self.find_read(name)
        return found[0] if found else None

    def find_read(
        self, name: str, *, bare: bool = False
    ) -> tuple[Seat, Reading | None] | None:
        """The body called ``name`` and the reading that named it (None: the name itself),
        or None. An acronym a list puts before a colon or in brackets names the body too
        ("ANMP: Portugal's National Association of Municipalities", "… (UCM)"), and so does
        its name after an article ("la Caisse des Dépôts"). ``bare`` (the row's country is
        given): a land that names its body alone (LAND_NAMES_BODY: "Cávado") names it too."""
        if seat := self._by_key.get(name_key(name)):
            return seat, None
        if bare and (by_land := self._land_alone(name)):
            return by_land
        if (article := _BODY_ARTICLE.match(name)) and (found := self.find_read(
                name[article.end() :])):  # fmt: skip
            seat, read = found
            read = read or Reading(name[article.end() :].strip())
            return seat, Reading(read.text, (article.group().strip(), *read.removed))
        for reading in readings(name):
            if seat := self._by_key.get(reading.key):
                return seat, reading
        for reading in readings(name):
            if seat := self._by_land(reading):
                return seat, reading
        for reading in readings(name):
            for removed in reading.removed:
                if _ACRONYM_LABEL.fullmatch(removed) and (seat := self._by_key.get(
                        name_key(removed))):  # fmt: skip
                    # The words beside the acronym describe the body: nothing read off.
                    return seat, Reading(removed.strip("()[]: "))
        return None

    def find_near(self, name: str) -> tuple[Seat, str] | None:
        """The body whose long name ``name`` writes with other linking words or a "Europe" more
        or less ("Conference of Peripheral and Maritime Regions of Europe"), and the name it is
        known under; None when no body's words are those. Proposed for review, never matched:
        the name is not the body's own."""
        for text in (name, *(r.text for r in readings(name))):
            words = words_alone(name_key(text))
            for form in (words, [w for w in words if w not in EUROPE_WORDS]):
                if len(form) >= NEAR_NAME_MIN_WORDS and (
                        seat := self._by_words.get(" ".join(form))):  # fmt: skip
                    return seat, seat.name
        return None

    def _land_alone(self, name: str) -> tuple[Seat, Reading] | None:
        """The body whose land ``name`` is, for the kinds whose land alone names them, the
        name as written or without a bracket ("Alto Minho (Minho-Lima)": its former name)."""
        written = [Reading(name.strip())] + [
            r for r in readings(name) if r.removed and all(p[:1] in "([" for p in r.removed)]
        for reading in written:
            for seat in self._by_area.get(reading.key, ()):
                if seat.kind in LAND_NAMES_BODY:
                    return seat, reading
        return None

    def _by_land(self, reading: Reading) -> Seat | None:
        """The supramunicipal body whose land ``reading`` read once the words of its kind were
        removed ("Consell Comarcal d'Osona": the comarca of Osona, not a veiligheidsregio); the
        words of the body's own kind say it, whichever group of affixes read them off."""
        if not reading.removed:
            return None
        word = _kind_word(reading.removed[-1])
        return next((seat for seat in self._by_area.get(reading.key, ())
                     if word in BODY_KIND_WORDS.get(seat.kind, ())), None)  # fmt: skip

    def names(self, seat: Seat) -> list[str]:
        """The keys ``seat`` is known under (its name, aliases, acronym; a supramunicipal
        body's kind words too, so that "Consell Comarcal del" says nothing beyond the body)."""
        kind = sorted(BODY_KIND_WORDS.get(seat.kind, ()))
        return [key for key, known in self._by_key.items() if known is seat] + kind


# A body's name read by its words alone: at least this many of them (shorter names are too
# often another body's words).
NEAR_NAME_MIN_WORDS = 3
# Linking words of the EU's languages, which translations and lists add or drop ("Conference
# of Peripheral Maritime Regions", "… Peripheral and Maritime …").
_NEAR_LINKS = frozenset(
    f"{LINKS.replace('|', ' ')} and et y e und en og och ja i a per pour para for fur voor "
    "au aux al alla alle agli ai degli".split()
)
# "Europe" and "European" in the EU's languages: a list adds them to a network's name or drops
# them ("Conference of Peripheral and Maritime Regions of Europe").
EUROPE_WORDS = frozenset(
    "europe european europeen europeenne europa europeo europea europees europaisch "
    "europaische europaischen europeu europeia eu".split()
)


def words_alone(key: str) -> list[str]:
    """A name's key without its linking words: the words that say which body it is."""
    return [w for w in key.split() if w not in _NEAR_LINKS]


def _kind_word(removed: str) -> str:
    """An affix as read off ("consell comarcal del") without its linking words, as a key."""
    words = name_key(re.sub(r"['’]", " ", removed)).split()
    while words and words[-1] in LINKS.split("|"):
        words.pop()
    return " ".join(words)


@cache
def reference_seats() -> Seats:
    """The project's reference files (institutions, then supramunicipal bodies), read once per
    process."""
    return Seats.from_files((REFERENCE, SUPRAMUNICIPAL))


# -- national bodies -------------------------------------------------------------------------

GOVERNMENTS = REFERENCE.parent / "governments.csv"

# A state's bodies say so in their name: a ministry (in every EU language, often glued to its
# field: "Innenministerium", "sisäministeriö", "Justitsministeriet"; not "administration" nor
# "amministrazione", which hold the same letters), a national, federal or "Rijks-"/"Riks-" body
# (NL, the Nordic languages: the realm's), or a national police force whose name does not say
# "national" (a gendarmerie, the Carabinieri, the Guardia Civil…). Such a body without a place
# in its name sits in its country's seat of government as a rule (the ministries always, most
# agencies): it is proposed there for review, never matched.
_MINISTRY = re.compile(r"(?<!ad)(?<!am)minist|(?<!ad)miniszt|υπουργ|departementet$")
NATIONAL_BODY_WORDS = frozenset(
    "national nationale nationales nazionale nazionali nacional nacionales nationaal "
    "landelijk landelijke narodowy narodowa narodowe narodni narodny narodna nacionalni "
    "nacionalna nationell nationella nasjonal nasjonale kansallinen nemzeti nacionalinis "
    "nacionaline nacionala riiklik εθνικη εθνικο εθνικοσ ethniki ethniko federal federale "
    "federaal federali gendarmerie carabinieri marechaussee garda rigspolitiet polismyndigheten "
    "rikspolisstyrelsen".split()
)
NATIONAL_BODY_PHRASES = (
    "guardia civil",
    "polizia di stato",
    "policia de seguranca publica",
    "guarda nacional republicana",
)
# Prefixes of a word that make it the state's: "Bundeskriminalamt" (Austria's federal bodies),
# "Rijkswaterstaat", "Riksadvokaten", "Rigsrevisionen".
NATIONAL_BODY_PREFIXES = ("bundes", "rijks", "riks", "rigs")
# Not "Landes-": in Germany and Austria it is a Land's body, not the state's (the geocoder's
# REGIONAL_WORDS keep such names off the capital).
# Schools, academies, universities and training centres of the state sit where their campus is,
# rarely in the capital (the French police officers' school is at Saint-Cyr-au-Mont-d'Or, Spain's
# police academy at Ávila): better not found than a far guess.
SCHOOL_WORDS = re.compile(
    r"^(?:school|schule|ecole|escuela|escola|scuola|szkola|skola|koulu|academ|akadem|accadem|"
    r"universi|college|colleg|hochschule|politecnic|polytechn|training|formation|formazione|"
    r"formacion|formacao|campus|seminar|istituto superiore|instituto superior)"
)
# States whose national bodies are spread over several cities by law or custom (Germany: Bonn,
# Wiesbaden, Karlsruhe, Potsdam…; Switzerland: Bern, Lausanne, Lucerne…): no seat is proposed.
SPREAD_STATES = frozenset({"DE", "CH"})


# A research body's "national" says what it studies or who funds it, not that it sits in the
# capital ("Romanian Institute for Research on National Minorities": Cluj-Napoca).
RESEARCH_WORDS = re.compile(
    r"^(?:research|recherche|ricerca|investigacion|investigacao|investigacio|forschung|"
    r"onderzoek|badan|vyzkum|vyskum|tutkimus|forskning|kutatas|cercetare|erevnon|ereuna|"
    r"scientific|scientifique|scientifica|cientifica|cientifico|wissenschaft\w*|observator\w*)$"
)


def is_research(name: str) -> bool:
    """Whether ``name`` is a research body's (RESEARCH_WORDS)."""
    return any(RESEARCH_WORDS.match(w) for w in name_key(name).split())


def is_school(name: str) -> bool:
    """Whether ``name`` is a school's, an academy's or a university's (SCHOOL_WORDS)."""
    return any(SCHOOL_WORDS.match(w) for w in name_key(name).split())


# A national park's or a nature reserve's body sits in or by its park, not in the capital
# ("Parco Nazionale dell'Alta Murgia": Gravina in Puglia; "Parc national des Cévennes":
# Florac; "Parque Nacional de Doñana"): its "national" says who made it, not where it is.
SITE_WORDS = re.compile(
    r"^(?:parco|parc|parque|park|nationalpark|nasjonalpark|nationalparken|kansallispuisto|"
    r"riserva|reserva|reserve|naturreservat|naturschutzgebiet)$"
)


def is_site(name: str) -> bool:
    """Whether ``name`` is a park's or a reserve's (SITE_WORDS)."""
    return any(SITE_WORDS.match(w) for w in name_key(name).split())


@lru_cache(maxsize=4096)
def national_body(name: str) -> str:
    """The words of ``name`` (keys) that say it is a body of the state ("ministere",
    "nationale", "gendarmerie"; a Swedish or Norwegian ministry is a "-departementet"), ""
    when none do or when it is a school (SCHOOL_WORDS) or a park (SITE_WORDS)."""
    words = name_key(name).split()
    if is_school(name) or is_site(name):
        return ""
    key = " ".join(words)
    said = [p for p in NATIONAL_BODY_PHRASES if re.search(rf"\b{p}\b", key)]
    in_phrase = {w for p in said for w in p.split()}
    said += [w for w in words if w not in in_phrase and (
        w in NATIONAL_BODY_WORDS or _MINISTRY.search(w)
        or (w.startswith(NATIONAL_BODY_PREFIXES) and len(w) > 7))]  # fmt: skip
    return " ".join(dict.fromkeys(said))


@cache
def seats_of_government() -> dict[str, int]:
    """``reference/governments.csv``: per ISO2 country, the GeoNames id of its seat of
    government (scripts/build_geonames_seats.py)."""
    import csv

    with GOVERNMENTS.open(encoding="utf-8", newline="") as f:
        return {row["country"]: int(row["geonameid"]) for row in csv.DictReader(f)}


# -- unions of municipalities ----------------------------------------------------------------

# The words that open the name of a union of municipalities, as keys: Italian unioni di comuni
# (TUEL art. 32: "Unione dei Comuni della Bassa Romagna", "Unione Terre di Castelli", "Unione
# Montana Valle Susa"), Spanish and Catalan mancomunidades and comarcas. Such a union is often
# named after its land (a valley, a river) and sometimes after a member town ("Unione Reno
# Galliera": Galliera); its seat is one of its towns, not always that one.
_UNION = re.compile(
    r"^(?:unione(?: (?:dei|di|delle|della|del))?(?: (?:comuni|citta|terre|montana|montana dei "
    r"comuni|terra))?|mancomunidad|mancomunitat|comarca|consell comarcal|consejo comarcal)"
    r"(?: (?:de la|de los|de las|del|de|dels|di|del|della|delle|dei|degli|d))?(?= )"
)
# Words of a union's name that describe its land, not a town: skipped when a member town is
# looked for in the name.
UNION_LAND_WORDS = frozenset(
    "valle valli val terre terra alta alto bassa basso montana montagna colline collina pianura "
    "comuni municipios municipis ribera costa sierra serra vall valls vega campo campina "
    "comarca e y i and".split()
)


# "Unione" alone also opens associations' names ("Unione Italiana Ciechi", "Unione Industriali
# di Torino", "Unione Nazionale Consumatori"): one of these words after it says it is not a union
# of municipalities.
UNION_NOT_MUNICIPAL = frozenset(
    "italiana italiano italiani nazionale europea industriali industriale commercianti "
    "artigiani artigiana agricoltori sindacale cristiana cattolica sportiva giovani inquilini "
    "consumatori ciechi province regioni camere".split()
)


def union_rest(name: str) -> str:
    """The key of what follows a union's opening words ("Unione Reno Galliera" → "reno
    galliera"), "" when ``name`` is not a union of municipalities."""
    key = name_key(name)
    match = _UNION.match(key)
    if not match:
        return ""
    rest = key[match.end() :].strip()
    if match.group() == "unione" and UNION_NOT_MUNICIPAL.intersection(rest.split()):
        return ""
    return rest
