"""Small frames for the map tests: hostile names, sensitive sites, private rows and notes."""

from __future__ import annotations

import re

import pandas as pd

from geo.data.dataset import to_frame
from geo.maps.payload import unpack

HOSTILE = "<img src=x onerror=alert(1)>"
SECRET_NOTE = "staff-only: key code 4711"
# Exact positions of sensitive sites: none of them may reach a public page.
SENSITIVE_AT = {(43.69112, 7.24753), (50.64531, 5.57361)}
CENTRES = {("Nice", "FR"): (43.70313, 7.26608), ("Turin", "IT"): (45.07049, 7.68682)}


def city_centre(city: str, country: str) -> tuple[float, float] | None:
    return CENTRES.get((city, country))


def _row(**values) -> dict:
    base = {"kind": "city", "country": "FR", "city": "Nice", "project": "PACTESUR",
            "activity": "partner", "start": "2019-01-01", "end": "", "precision": "city",
            "public": True, "sensitive": False, "description": "", "notes": "",
            "source": "https://www.pactesur.eu/", "_file": "test.csv"}  # fmt: skip
    base.update(values)
    return base


def frame() -> pd.DataFrame:
    rows = [
        _row(id="nice", name="Ville de Nice", lat=43.70313, lon=7.26608),
        _row(id="turin", name="Città di Torino", country="IT", city="Turin", lat=45.07049,
             lon=7.68682, activity="signatory", project="Brussels Declaration"),
        _row(id="hostile", name=HOSTILE, country="BE", city="Liège", lat=50.63373, lon=5.56749,
             activity=HOSTILE, project=HOSTILE, description=HOSTILE,
             source="javascript:alert(2)"),
        _row(id="cables", name="Anti-ramming cables, Promenade des Anglais", kind="site",
             activity="pilot equipment", lat=43.69112, lon=7.24753, precision="site",
             sensitive=True, notes=SECRET_NOTE),
        _row(id="barrier", name="Mobile barrier, Place Saint-Lambert", kind="site",
             country="BE", city="Liège", activity="pilot equipment", lat=50.64531,
             lon=5.57361, precision="site", sensitive=True),
        _row(id="private", name="Internal partner meeting", kind="event", activity="meeting",
             lat=48.85341, lon=2.3488, country="FR", city="Paris", public=False),
        _row(id="nowhere", name="Row without a position", lat=float("nan"), lon=float("nan")),
    ]  # fmt: skip
    for i, row in enumerate(rows):
        row["_row"] = i + 2
    return to_frame(rows)


def payload_of(html: str) -> dict:
    """The points payload a page carries, as plain JSON data."""
    import json

    match = re.search(r"EfusMap\.addPoints\(\s*\w+,\s*\[[\w, ]*\],\s*(\{.*?\}),\s*\{\"pane\"",
                      html, flags=re.DOTALL)  # fmt: skip
    assert match, "no points payload in the page"
    return unpack(json.loads(match[1]))
