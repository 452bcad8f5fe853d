"""The country check against the offline basemap's Natural Earth outlines."""

from __future__ import annotations

import pytest

from geo.places.borders import borders, check_country, country_of


@pytest.mark.parametrize(
    ("lat", "lon", "iso2"),
    [(50.63373, 5.56749, "BE"), (45.07049, 7.68682, "IT"), (54.35227, 18.64912, "PL"),
     (38.78333, 0.16667, "ES"), (48.85341, 2.3488, "FR"), (56.946, 24.10589, "LV")],
)  # fmt: skip
def test_country_of_a_city(lat, lon, iso2):
    assert country_of(lat, lon) == iso2
    assert check_country(lat, lon, iso2) is True


@pytest.mark.parametrize(
    ("lat", "lon", "iso2"),
    [(45.43713, 12.33265, "IT"), (37.94203, 23.64619, "GR"), (43.7384, 7.4246, "MC")],
)
def test_coastal_and_tiny_places_pass(lat, lon, iso2):
    # Venice's lagoon, Piraeus's harbour, Monaco: simplified away or tiny at 1:50m.
    assert check_country(lat, lon, iso2) is True


def test_swapped_lat_lon_is_flagged():
    assert check_country(5.56749, 50.63373, "BE") is False  # off the map: swapped
    assert check_country(7.26608, 43.70313, "FR") is False
    assert check_country(23.64619, 37.94203, "GR") is False  # on the map, in Saudi Arabia


def test_a_homonym_abroad_is_flagged():
    assert check_country(52.09755, 23.68775, "FR") is False  # Brest, Belarus
    assert check_country(39.75895, -84.19161, "IT") is False  # Dayton, Ohio, for Venice
    assert check_country(43.1056, 131.8735, "RU") is None  # Vladivostok: Russia is cut by the map


def test_unknown_country_or_sea_cannot_tell():
    assert check_country(40.0, -100.0, "US") is None
    assert country_of(43.0, 5.0) is None  # the Gulf of Lion


def test_country_centre_lies_in_the_country():
    lat, lon = borders().centre("FR")
    assert country_of(lat, lon) == "FR"
    assert borders().centre("US") is None
