"""Where a saved upload's new rows go: the data file of their kind and activity, as
``python -m geo dump`` writes it, and the preview that says so in the reader's language."""

from __future__ import annotations

import csv
import io

import pytest

from geo.data.schema import COLUMN_NAMES
from geo.data.store import Store
from geo.staff.intake import read_upload
from geo.staff.merge import apply, data_file, plan_merge, preview_in

HEADER = ",".join(COLUMN_NAMES) + "\n"
SEED = HEADER + (
    "bd-nice,City of Nice,city,FR,Nice,Brussels Declaration,signatory,2022-11-23,,43.70313,"
    "7.26608,city,yes,no,,,https://efus.eu/a\n"
)


@pytest.mark.parametrize(
    ("kind", "activity", "file"),
    [
        ("site", "pilot equipment", "sites.csv"),
        ("site", "", "sites.csv"),
        ("event", "meeting", "activities.csv"),
        ("event", "exhibition", "activities.csv"),  # an activity nobody styled: the kind says
        ("city", "conference", "activities.csv"),  # a city hosting a conference: the event
        ("city", "European Week of Security", "activities.csv"),
        ("association", "Police Academy", "activities.csv"),  # case as staff type it
        ("city", "workshop", "activities.csv"),
        ("city", "training", "activities.csv"),
        ("city", "signatory", "signatories.csv"),
        ("region", "signatory", "signatories.csv"),
        ("city", "pilot equipment", "sites.csv"),
        ("city", "partner", "partners.csv"),
        ("region", "associated city", "partners.csv"),
        ("agency", "pilot city", "partners.csv"),
        ("network", "member", "partners.csv"),
        ("", "", "partners.csv"),
    ],
)
def test_a_new_row_goes_to_the_file_of_its_kind_and_activity(kind, activity, file):
    assert data_file({"kind": kind, "activity": activity}) == f"data/{file}"


MIXED = (
    "name;kind;country;city;project;activity;start;lat;lon;sensitive;source\r\n"
    "Région Occitanie;region;FR;Toulouse;PACTESUR2;partner;2023;;;non;https://efus.eu/p\r\n"
    "Bollards Place Masséna;site;FR;Nice;PACTESUR;pilot equipment;2019;43.6975;7.2700;oui;"
    "https://efus.eu/s\r\n"
    "Kick-off in Turin;event;IT;Turin;Secu4All;meeting;2023-03;;;non;https://efus.eu/e\r\n"
    "Ville de Liège;city;BE;Liège;PACTESUR;conference;2022-11;;;non;https://efus.eu/c\r\n"
    "Ville de Lyon;city;FR;Lyon;Brussels Declaration;signatory;2022;;;non;https://efus.eu/d\r\n"
    "Efus;network;FR;Paris;IcARUS;partner;2020;;;non;https://efus.eu/i\r\n"
)


def saved_files(tmp_path, *, into: str | None = None) -> dict[str, list[str]]:
    """Upload MIXED, save it, dump the store: the names each CSV file holds."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "signatories.csv").write_text(SEED, encoding="utf-8")
    store = Store.open(tmp_path / "store", seed=seed)
    intake = read_upload("mixed.csv", MIXED.encode("cp1252"), require_id=False)
    assert intake.ok, intake.errors
    apply(plan_merge(store.frame(), intake.frame, into=into), store=store, author="Camille")
    out = tmp_path / "out"
    store.dump(out)
    files = {}
    for path in sorted(out.glob("*.csv")):
        rows = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
        files[path.name] = [r["name"] for r in rows]
    return files


def test_a_saved_mixed_list_is_dumped_row_by_row_into_the_file_of_its_kind(tmp_path):
    assert saved_files(tmp_path) == {
        "activities.csv": ["Kick-off in Turin", "Ville de Liège"],
        "partners.csv": ["Région Occitanie", "Efus"],
        "signatories.csv": ["City of Nice", "Ville de Lyon"],
        "sites.csv": ["Bollards Place Masséna"],
    }


def test_staff_choice_of_a_file_wins_over_the_rule(tmp_path):
    files = saved_files(tmp_path, into="data/2024-list.csv")
    assert files["2024-list.csv"] == [line.split(";")[0] for line in MIXED.splitlines()[1:]]
    assert files["signatories.csv"] == ["City of Nice"]


def test_the_preview_says_which_file_each_row_goes_to_in_the_readers_language(tmp_path):
    store = Store.open(tmp_path / "store", seed=tmp_path)  # an empty store
    intake = read_upload("mixed.csv", MIXED.encode("cp1252"), require_id=False)
    plan = plan_merge(store.frame(), intake.frame)
    french = preview_in(plan, lang="fr").set_index("nom")["fichier"]
    assert french["Bollards Place Masséna"] == "data/sites.csv (équipements de sécurité pilotes)"
    assert french["Kick-off in Turin"] == "data/activities.csv (activités et événements)"
    english = preview_in(plan, lang="en").set_index("name")["file"]
    assert english["Ville de Lyon"] == "data/signatories.csv (Brussels Declaration signatories)"
    assert english["Efus"] == "data/partners.csv (partners, cities, regions and organisations)"
