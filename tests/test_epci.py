"""French intercommunal bodies (reference/epci.csv): proposed for review at their largest member,
a métropole matched at the town it is named after, no jump to another body, no use abroad.
The names are taken from Etalab's list of EPCI, never from the evaluation lists."""

from __future__ import annotations

import csv

import pytest

from geo.places.geocoder import Geocoder, default_geocoder
from geo.places.intercommunal import REFERENCE, Intercommunals, core


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(gazetteer=default_geocoder().gazetteer)


@pytest.mark.parametrize(
    ("name", "town"),
    [
        ("CC du Sammiellois", "Saint-Mihiel"),
        ("Communauté d'agglomération du Libournais", "Libourne"),
        ("COMMUNAUTE DE COMMUNES SPELUNCA LIAMONE", "Cargèse"),  # no hyphen, upper case
        ("CA Grand Sud Caraïbe", "Capesterre-Belle-Eau"),  # overseas (Guadeloupe), country FR
        ("Boucle Nord de Seine", "Argenteuil"),  # a Greater Paris territory: no kind's word
        ("Agglo du Sammiellois", "Saint-Mihiel"),  # another kind's word than the file's "CC"
    ],
)
def test_an_intercommunal_body_is_proposed_for_review_at_its_largest_town(geocoder, name, town):
    found = geocoder.resolve(name, "FR")
    assert found.place is not None and found.place.name == town
    assert found.status == "fuzzy" and found.needs_review and found.precision == "city"
    assert found.said[-1][0] == "place_intercommunal"
    text = found.explain("en")
    assert f"shown at {town}, its largest town" in text and "check its seat" in text
    assert f"affichée à {town}, sa commune la plus peuplée" in found.explain("fr")


def test_a_metropole_is_matched_at_the_town_it_is_named_after(geocoder):
    found = geocoder.resolve("Montpellier Méditerranée Métropole", "FR")
    assert (found.status, found.place and found.place.name) == ("matched", "Montpellier")
    assert "the town it is named after" in found.explain("en")


def test_a_metropole_not_named_after_its_largest_town_is_for_review(geocoder):
    # "Clermont Auvergne Métropole" without its kind's word: Clermont-Ferrand is not named.
    found = geocoder.resolve("Clermont Auvergne", "FR")
    assert found.place is not None and found.place.name == "Clermont-Ferrand"
    assert found.status == "fuzzy"


def test_a_town_read_inside_a_body_name_far_from_its_members_gives_way(geocoder):
    # "Grand Lac" read as "Lac" found Lacq, 600 km from the body's towns around Aix-les-Bains.
    found = geocoder.resolve("Grand Lac", "FR")
    assert found.place is not None and found.place.name == "Aix-les-Bains"
    assert found.status == "fuzzy"


def test_a_town_the_body_is_named_after_is_kept(geocoder):
    # Fayence is the seat; Montauroux, 10 km away, the largest member: the name wins.
    found = geocoder.resolve("Communauté de communes du Pays de Fayence", "FR")
    assert (found.status, found.place and found.place.name) == ("matched", "Fayence")


def test_a_body_named_after_its_largest_town_says_the_town_is_named_inside(geocoder):
    # "CA Agglo du Pays de Dreux": Dreux is named; the answer says so, for review.
    found = geocoder.resolve("Agglo du Pays de Dreux", "FR")
    assert (found.status, found.place and found.place.name) == ("fuzzy", "Dreux")
    assert found.said[0][0] == "place_inside_name"


def test_a_misspelt_body_is_proposed_and_says_which_body_it_read(geocoder):
    found = geocoder.resolve("Communauté de communes du Sammielois", "FR")
    assert found.place is not None and found.place.name == "Saint-Mihiel"
    assert found.status == "fuzzy"
    assert "read as 'CC du Sammiellois', the nearest spelling" in found.explain("en")


@pytest.mark.parametrize(
    "name",
    [
        "CC du Val de Loir",  # as near "Beauce Val de Loire" as "Saumur Val de Loire"…
        "CC des Coteaux du Sud",  # coteaux of several bodies, none of them this one
        "CA du Pays Bas",  # short: "Pays Basque" is not a typo of it
    ],
)
def test_a_near_miss_does_not_jump_to_another_body(geocoder, name):
    found = geocoder.resolve(name, "FR")
    assert not found.source.startswith("intercommunal:")


@pytest.mark.parametrize(("name", "country"), [("CC du Genevois", "CH"), ("Plaine Commune", "BE")])
def test_a_body_of_another_country_does_not_use_the_french_file(geocoder, name, country):
    found = geocoder.resolve(name, country)
    assert not found.source.startswith("intercommunal:")
    assert found.place is None or found.place.country == country


def test_an_overseas_body_is_found_under_its_own_country_code_not_anothers(geocoder):
    found = geocoder.resolve("Communauté d'agglomération Territoire de la Côte Ouest", "RE")
    assert (found.status, found.place and found.place.name) == ("fuzzy", "Saint-Paul")
    assert found.place is not None and found.place.country == "RE"
    elsewhere = geocoder.resolve("Communauté d'agglomération Territoire de la Côte Ouest", "GP")
    assert not elsewhere.source.startswith("intercommunal:")


def test_the_file_reads_every_kind_and_ties_most_bodies_to_a_town():
    with REFERENCE.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["type"] for r in rows} == {"CA", "CC", "CU", "METRO", "MET69", "EPT"}
    assert sum(bool(r["geonameid"]) for r in rows) / len(rows) > 0.9
    assert all("Licence Ouverte" in r["source"] for r in rows)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Communauté d’Agglomération de l'Auxerrois", ("auxerrois", "CA")),
        ("CA du Grand Avignon (COGA)", ("grand avignon", "CA")),
        ("Saint-Étienne Métropole", ("st etienne", "")),
        ("CC Cœur de Chartreuse", ("coeur de chartreuse", "CC")),
    ],
)
def test_the_core_of_a_name_drops_its_kind_brackets_and_accents(name, expected):
    assert core(name) == expected


def test_two_bodies_sharing_a_core_at_different_towns_are_none():
    from geo.places.intercommunal import Intercommunal

    a = Intercommunal("CC du Pays d'Ici", "CC", "Ici", "00001", 1, "s")
    b = Intercommunal("CA du Pays d'Ici", "CA", "Là", "00002", 2, "s")
    bodies = Intercommunals([a, b])
    assert bodies.find("Pays d'Ici", bare=True) is None
    found = bodies.find("Communauté d'agglomération du Pays d'Ici")
    assert found is not None and found.body is b


def test_a_body_whose_largest_town_geonames_does_not_know_is_at_its_next_member(geocoder):
    # Lamballe-Armor (a 2019 merger) is not in GeoNames under that name: the body is shown at
    # its next most populous member GeoNames knows in the Côtes-d'Armor, and says so.
    found = geocoder.resolve("Communauté d'agglomération Lamballe Terre et Mer", "FR")
    assert (found.status, found.place.name) == ("fuzzy", "Pléneuf-Val-André")
    assert found.place.admin1 == "53"  # Brittany, the body's region
    assert found.said[-1][0] == "place_intercommunal_member"
    assert "it does not know Lamballe-Armor, its largest" in found.explain("en")
    assert "commune nouvelle" in found.explain("fr")


def test_every_body_with_a_next_member_names_it_and_keeps_its_largest_town():
    with REFERENCE.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    placed = [r for r in rows if r["placed"]]
    assert 90 <= len(placed) <= 107  # of the 107 GeoNames did not know under their name
    assert all(r["geonameid"] and r["placed"] != r["town"] for r in placed)
    assert sum(not r["geonameid"] for r in rows) <= 5
