"""Manual geocoding choices survive the trip store → ``python -m geo dump`` → data folder →
new store, and place the same rows in the dashboard's view and in an exported map."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo.commands.export import export_map
from geo.dashboard.working import load_view
from geo.data.store import STORE_NAME, Store
from geo.errors import DataError
from tests.test_store import HEADER, write_seed

ROOT = Path(__file__).resolve().parent.parent
# A place no offline gazetteer knows: only a person's choice puts it on the map.
STADIUM = (HEADER + "ev-sclessin,Stade de Sclessin,event,BE,,PACTESUR,meeting,2021,,,,site,yes,no,"
           ",,https://www.pactesur.eu/\n")  # fmt: skip
AT = (50.61096, 5.54367)


def geo(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})  # fmt: skip


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    folder = write_seed(tmp_path / "seed")
    (folder / "events.csv").write_text(STADIUM, encoding="utf-8")
    return folder


def stadium(store: Store) -> tuple[float, float, str]:
    view = load_view(store.path, audience="staff").set_index("id")
    row = view.loc["ev-sclessin"]
    return row["lat"], row["lon"], row["geo_status"]


def test_a_settled_place_survives_dump_and_a_store_made_from_the_dump(seed, tmp_path):
    store = Store.open(tmp_path / "var", seed=seed)
    lat, lon, status = stadium(store)
    assert math.isnan(lat) and status == "not_found"
    store.set_override("Stade de Sclessin", "Belgique", *AT, author="Alice Martin")
    assert stadium(store)[:2] == AT

    done = geo("dump", "-o", str(tmp_path / "out"), env={"EFUS_DATA_DIR": str(tmp_path / "var")})
    assert done.returncode == 0, done.stderr
    lines = (tmp_path / "out" / "overrides.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,country,lat,lon,author,at"
    assert lines[1].startswith("Stade de Sclessin,BE,50.61096,5.54367,Alice Martin,2026-")
    # The folder stays valid data: overrides.csv is checked as choices, not read as rows.
    checked = geo("validate", str(tmp_path / "out"))
    assert checked.returncode == 0, checked.stdout
    assert "6 rows checked, 0 problems" in checked.stderr

    again = Store.open(tmp_path / "var2", seed=tmp_path / "out")
    assert again.overrides() == store.overrides() == {("stade de sclessin", "BE"): AT}
    assert stadium(again) == (*AT, "manual")
    assert again.history(limit=1)[0].id == "seed:overrides.csv"


def test_an_exported_map_of_a_folder_uses_its_settled_places(seed, tmp_path):
    before = export_map(tmp_path / "before.html", data=seed)
    assert before.without_position == 1
    (seed / "overrides.csv").write_text(
        "name,country,lat,lon,author,at\nStade de Sclessin,BE,50.61096,5.54367,Alice,2026-11-24\n",
        encoding="utf-8",
    )
    after = export_map(tmp_path / "after.html", data=seed)
    assert (after.without_position, after.shown) == (0, before.shown + 1)


def test_a_bad_overrides_file_is_reported_by_file_row_column_with_the_fix(seed, tmp_path):
    bad = seed / "overrides.csv"
    bad.write_text(
        "name,country,lat,lon,author,at\n"
        "Stade de Sclessin,Atlantis,50.61,5.54,Alice,\n"
        "Stade de Sclessin,BE,95,5.54,Alice,\n"
        "Stade de Sclessin,BE,50.61,5.54,,\n"
        "Stade de Sclessin,Belgique,50.61,5.54,Alice,\n"
        "stade de SCLESSIN,BE,50.62,5.55,Bob,\n",
        encoding="cp1252",
    )
    done = geo("validate", str(seed))
    assert done.returncode == 1
    out = done.stdout
    assert f"{bad}:2:country: unknown country 'Atlantis'; fix: " in out
    assert f"{bad}:3:lat: lat must be a number between -90 and 90 (value '95'); fix: " in out
    assert f"{bad}:4:author: who settled this place is not said; fix: " in out
    assert f"{bad}:6:name: stade de SCLESSIN (BE) is settled twice (first on row 5)" in out
    assert f"{bad}:5:" not in out
    assert "Traceback" not in done.stderr

    with pytest.raises(DataError, match=r"overrides.csv:2:country"):
        Store.open(tmp_path / "var", seed=seed)
    assert not (tmp_path / "var" / STORE_NAME).exists()


def test_a_store_without_settled_places_dumps_no_overrides_file(seed, tmp_path):
    store = Store.open(tmp_path / "var", seed=seed)
    written = store.dump(tmp_path / "out")
    assert sorted(p.name for p in written) == ["events.csv", "signatories.csv", "sites.csv"]
    assert not (tmp_path / "out" / "overrides.csv").exists()
