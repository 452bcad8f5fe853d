"""The store on real SQLite files, opened again by real second processes, killed mid-write."""

from __future__ import annotations

import filecmp
import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from geo.data.dataset import DATA_DIR, load_dataset
from geo.data.schema import COLUMN_NAMES
from geo.data.store import STORE_NAME, Changes, ConflictError, Store, StoreError
from geo.errors import DataError, GeoError

ROOT = Path(__file__).resolve().parent.parent
HEADER = ",".join(COLUMN_NAMES) + "\n"
SIGNATORIES = HEADER + (
    "bd-nice,City of Nice,city,FR,Nice,Brussels Declaration,signatory,2022-11-23,,,,city,yes,no,"
    '"Signed on 23 Nov 2022, at the opening of the final conference.",,https://efus.eu/a\n'
    "bd-liege,City of Liège,city,BE,Liège,Brussels Declaration,signatory,2022-11-23,,,,city,yes,"
    "no,,,https://efus.eu/a\n"
    "bd-zaragoza,Zaragoza,city,ES,Zaragoza,Brussels Declaration,signatory,2022-11-23,,"
    "41.65606,-0.87734,city,yes,no,,,https://efus.eu/a\n"
)
SITES = HEADER + (
    'site-nice-cables,"Steel cables, Promenade des Anglais",site,FR,Nice,PACTESUR,'
    "pilot equipment,2019,,43.6911,7.2475,site,yes,yes,Anti-ramming cables.,"
    '"Side disputed: ""north"" or south.",https://www.pactesur.eu/x\n'
    "site-liege-barrier,Mobile barrier,site,BE,Liège,PACTESUR,pilot equipment,2021-04,,"
    "50.6453,5.5736,site,no,yes,,staff only,https://vasseur.be/y\n"
)


def write_seed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "signatories.csv").write_text(SIGNATORIES, encoding="utf-8", newline="")
    (folder / "sites.csv").write_text(SITES, encoding="utf-8", newline="")
    return folder


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    return write_seed(tmp_path / "seed")


@pytest.fixture
def store(tmp_path: Path, seed: Path) -> Store:
    return Store.open(tmp_path / "var", seed=seed)


def run_python(code: str, *, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def by_id(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.set_index("id").sort_index()


# --- creating, reading, dumping ----------------------------------------------------------------


def test_first_open_seeds_the_store_with_what_load_dataset_reads(store: Store, seed: Path):
    frame = store.frame()
    expected = load_dataset(seed)
    assert store.revision == 0 and frame.attrs["revision"] == 0
    assert list(frame.columns) == list(expected.columns)
    assert frame["_file"].tolist() == ["data/signatories.csv"] * 3 + ["data/sites.csv"] * 2
    assert frame["_row"].tolist() == [2, 3, 4, 2, 3]
    pd.testing.assert_frame_equal(
        by_id(frame).drop(columns="_file"), by_id(expected).drop(columns="_file")
    )
    assert store.path.name == STORE_NAME and store.files() == ("signatories.csv", "sites.csv")


def test_dump_gives_back_the_seed_files_byte_for_byte(store: Store, seed: Path, tmp_path: Path):
    written = store.dump(tmp_path / "out")
    assert {p.name: n for p, n in written.items()} == {"signatories.csv": 3, "sites.csv": 2}
    for name in ("signatories.csv", "sites.csv"):
        assert (tmp_path / "out" / name).read_bytes() == (seed / name).read_bytes()


@pytest.mark.skipif(
    not any(DATA_DIR.glob("*.csv")), reason="the bundled data/ lands with the seed data"
)
def test_dump_of_the_bundled_data_is_byte_for_byte(tmp_path: Path):
    store = Store.open(tmp_path / "var", seed=DATA_DIR)
    store.dump(tmp_path / "out")
    names = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == names
    match, mismatch, errors = filecmp.cmpfiles(DATA_DIR, tmp_path / "out", names, shallow=False)
    assert (mismatch, errors) == ([], [])


def test_a_saved_row_dumps_at_the_end_of_its_file_and_formulas_are_neutralised(
    store: Store, tmp_path: Path
):
    row = dict(by_id(store.frame()).loc["bd-zaragoza"], id="bd-piraeus", name="Piraeus")
    row.update(country="GR", city="Piraeus", lat=37.94203, lon=23.64619, notes="=1+1")
    store.save(Changes(added=(row,)), base_revision=0, author="alice")
    store.dump(tmp_path / "out")
    lines = (tmp_path / "out" / "signatories.csv").read_text(encoding="utf-8").splitlines()
    assert lines[-1].startswith("bd-piraeus,Piraeus,city,GR,Piraeus,")
    assert ",37.94203,23.64619,city,yes,no,,'=1+1,https://efus.eu/a" in lines[-1]
    assert store.frame().set_index("id").loc["bd-piraeus", "_row"] == 5


# --- restart --------------------------------------------------------------------------------


def test_a_change_survives_a_restart_in_another_process(store: Store, tmp_path: Path):
    revision = store.save(
        Changes(changed=({"id": "bd-liege", "lat": 50.63373, "lon": 5.56749},)),
        base_revision=store.revision,
        author="alice",
    )
    # A real new process finds the store through EFUS_DATA_DIR, as the app does on restart.
    done = run_python(
        """
        import json
        from geo.config import settings
        from geo.data.store import Store
        store = Store.open(settings().data_dir, seed="/nonexistent")
        row = store.frame().set_index("id").loc["bd-liege"]
        print(json.dumps([store.revision, row["lat"], row["lon"], row["_file"]]))
        """,
        env={"EFUS_DATA_DIR": str(tmp_path / "var")},
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [revision, 50.63373, 5.56749, "data/signatories.csv"]


def test_two_processes_starting_at_once_share_one_store(tmp_path: Path, seed: Path):
    code = f"""
        from geo.data.store import Store
        print(len(Store.open({str(tmp_path / "var")!r}, seed={str(seed)!r}).frame()))
    """
    procs = [
        subprocess.Popen([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]  # fmt: skip
    outs = [p.communicate(timeout=120) for p in procs]
    assert [o[0].strip() for o in outs] == ["5", "5", "5"], [o[1] for o in outs]
    assert sorted(p.name for p in (tmp_path / "var").iterdir() if "tmp" in p.name) == []
    assert Store(str(tmp_path / "var" / STORE_NAME)).revision == 0


# --- concurrency ----------------------------------------------------------------------------


def test_a_save_on_rows_changed_since_its_base_is_refused_naming_who(store: Store):
    other = Store(store.path)  # a second staff member's session
    base = store.revision
    store.save(Changes(changed=({"id": "bd-nice", "city": "Nizza"},)), base_revision=base,
               author="Alice Martin")  # fmt: skip
    with pytest.raises(ConflictError, match=r"Alice Martin changed bd-nice \(revision 1") as err:
        other.save(
            Changes(changed=({"id": "bd-nice", "city": "Nice"}, {"id": "bd-liege", "lat": 50.6})),
            base_revision=base,
            author="Bob",
        )  # fmt: skip
    assert isinstance(err.value, GeoError) and isinstance(err.value, RuntimeError)
    assert "fix: reload" in str(err.value)
    frame = by_id(store.frame())
    assert frame.loc["bd-nice", "city"] == "Nizza" and pd.isna(frame.loc["bd-liege", "lat"])
    # A save on other rows from the same old base lands, and so does a delete.
    revision = other.save(
        Changes(changed=({"id": "bd-liege", "lat": 50.6, "lon": 5.5},), deleted=("bd-zaragoza",)),
        base_revision=base,
        author="Bob",
    )
    frame = by_id(store.frame())
    assert revision == 2 and frame.loc["bd-nice", "city"] == "Nizza"
    assert frame.loc["bd-liege", "lat"] == 50.6 and "bd-zaragoza" not in frame.index
    # Deleting a row someone changed since is a conflict too.
    with pytest.raises(ConflictError, match="Bob changed bd-liege"):
        store.save(Changes(deleted=("bd-liege",)), base_revision=1, author="Alice Martin")


def test_two_processes_saving_the_same_row_at_once_one_lands_one_is_told(store: Store):
    code = """
        import sys
        from geo.errors import GeoError
        from geo.data.store import Changes, Store
        store = Store(__import__("pathlib").Path(sys.argv[1]))
        try:
            store.save(Changes(changed=({"id": sys.argv[2], "notes": sys.argv[3]},)),
                       base_revision=0, author=sys.argv[3])
            print("saved")
        except GeoError as exc:
            print("refused", exc)
    """
    cases = [("bd-nice", "p1"), ("bd-nice", "p2"), ("bd-liege", "p3"), ("sites-none", "")]
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(code), str(store.path), ident, who],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for ident, who in cases[:3]
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1] for o in outs]
    nice = [o[0] for o in outs[:2]]
    assert sorted(o.split()[0] for o in nice) == ["refused", "saved"], nice
    winner = "p1" if nice[0].startswith("saved") else "p2"
    assert f"{winner} changed bd-nice" in next(o for o in nice if o.startswith("refused"))
    assert outs[2][0].strip() == "saved"
    frame = by_id(store.frame())
    assert frame.loc["bd-nice", "notes"] == winner and frame.loc["bd-liege", "notes"] == "p3"
    assert store.revision == 2


# --- crash during a save ----------------------------------------------------------------------

BULK_SAVE = """
    import sqlite3, sys
    from pathlib import Path
    from geo.data.store import Changes, Store

    # Report each statement the store runs, so the test can kill us at a known point.
    connect = sqlite3.connect
    def traced(*args, **kwargs):
        con = connect(*args, **kwargs)
        con.set_trace_callback(lambda sql: print(sql.split(None, 1)[0].upper(), flush=True))
        return con
    sqlite3.connect = traced

    store = Store(Path(sys.argv[1]))
    text = "Une longue description, répétée pour remplir des pages. " * 40
    rows = tuple(
        {"id": f"bulk-{i}", "name": f"Lieu {i}", "kind": "city", "country": "FR",
         "project": "Bulk", "activity": "signatory", "description": text,
         "source": "https://efus.eu/bulk", "_file": "bulk.csv"}
        for i in range(int(sys.argv[2]))
    )
    store.save(Changes(added=rows, changed=({"id": "bd-nice", "city": "Nizza"},)),
               base_revision=store.revision, author="bulk")
    print("SAVED", flush=True)
"""


@pytest.mark.parametrize("kill_at", ["first insert", "half the inserts", "commit"])
def test_a_save_killed_mid_write_leaves_the_old_or_the_new_state(store: Store, kill_at: str):
    n = 3000  # ~7 MB of rows: more than SQLite's page cache, so pages reach the WAL file
    before = by_id(store.frame())
    wal = store.path.with_name(store.path.name + "-wal")
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(BULK_SAVE), str(store.path), str(n)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    inserts, wal_size = 0, 0
    for line in child.stdout:
        word = line.strip()
        inserts += word == "INSERT"
        if (
            (kill_at == "first insert" and inserts == 1)
            or (kill_at == "half the inserts" and inserts == n // 2)
            or (kill_at == "commit" and word == "COMMIT")
        ):
            wal_size = wal.stat().st_size if wal.exists() else 0
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    if kill_at == "half the inserts":
        assert wal_size > 1_000_000, "the kill should land while pages are being written"

    with sqlite3.connect(store.path) as con:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    after = Store(store.path)
    frame = by_id(after.frame())
    if after.revision == 0:  # the old state, whole
        pd.testing.assert_frame_equal(frame, before)
    else:  # the new state, whole (only possible when killed at the commit)
        assert kill_at == "commit" and after.revision == 1
        assert len(frame) == len(before) + n and frame.loc["bd-nice", "city"] == "Nizza"
    # The store still takes saves after the crash.
    after.save(Changes(changed=({"id": "bd-liege", "notes": "ok"},)),
               base_revision=after.revision, author="alice")  # fmt: skip


# --- bad input loses nothing ------------------------------------------------------------------


def test_an_invalid_change_is_refused_whole_with_file_row_column_and_fix(store: Store):
    with pytest.raises(DataError) as err:
        store.save(
            Changes(
                changed=({"id": "bd-nice", "city": "Nizza"}, {"id": "bd-liege", "lat": "95"}),
                added=({"id": "bd-nice", "name": "Again"},),
            ),
            base_revision=0,
            author="alice",
        )
    text = str(err.value)
    assert "data/signatories.csv:3:lat" in text and "outside [-90, 90]" in text
    assert "id 'bd-nice' is already used at data/signatories.csv row 2" in text
    assert store.revision == 0 and by_id(store.frame()).loc["bd-nice", "city"] == "Nice"


def test_the_log_keeps_who_did_what_and_a_deleted_row_whole(store: Store):
    store.save(Changes(deleted=("site-liege-barrier",)), base_revision=0, author="alice")
    store.save(Changes(changed=({"id": "bd-nice", "public": False},)), base_revision=1,
               author="bob")  # fmt: skip
    change, delete = store.history(limit=2)
    assert (change.revision, change.author, change.action, change.id) == (
        2, "bob", "change", "bd-nice")  # fmt: skip
    assert change.detail == {"public": ["yes", "no"]}
    assert delete.action == "delete" and delete.detail["notes"] == "staff only"
    assert delete.detail["lat"] == "50.6453" and delete.detail["file"] == "sites.csv"


def test_a_save_with_a_base_from_the_future_or_no_author_is_refused(store: Store):
    with pytest.raises(StoreError, match="base revision 7"):
        store.save(Changes(deleted=("bd-nice",)), base_revision=7, author="alice")
    with pytest.raises(DataError, match="needs an author"):
        store.save(Changes(deleted=("bd-nice",)), base_revision=0, author="  ")
    assert len(store.frame()) == 5


def test_a_file_that_is_not_a_store_is_refused_with_a_fix(tmp_path: Path):
    (tmp_path / STORE_NAME).write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="fix: "):
        Store.open(tmp_path)


def test_a_seed_with_problems_creates_no_store(tmp_path: Path):
    seed = write_seed(tmp_path / "seed")
    (seed / "sites.csv").write_text(SITES.replace("43.6911", "4x.69"), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/sites.csv:2:lat"):
        Store.open(tmp_path / "var", seed=seed)
    assert not (tmp_path / "var" / STORE_NAME).exists()


# --- geocoding overrides --------------------------------------------------------------------


def test_overrides_are_kept_by_folded_name_and_iso2(store: Store):
    key = store.set_override("  Liège ", "Belgique", 50.6337, 5.5675, author="alice")
    store.set_override("LIEGE", "be", "50,64", 5.57, author="bob")
    store.set_override("Nice", "FR", 43.7, 7.27, author="bob")
    assert key == ("liege", "BE")
    assert Store(store.path).overrides() == {("liege", "BE"): (50.64, 5.57),
                                             ("nice", "FR"): (43.7, 7.27)}  # fmt: skip
    assert store.history(limit=1)[0].id == "override:nice|FR"
    with pytest.raises(DataError, match="unknown country 'Atlantis'"):
        store.set_override("Liège", "Atlantis", 50, 5, author="alice")
    with pytest.raises(DataError, match=r"lat 'north' is not a number"):
        store.set_override("Liège", "BE", "north", 5, author="alice")


# --- the command line -------------------------------------------------------------------------


def test_python_m_geo_dump_writes_the_store_as_csv(store: Store, tmp_path: Path, seed: Path):
    store.save(Changes(deleted=("bd-zaragoza",)), base_revision=0, author="alice")
    done = subprocess.run(
        [sys.executable, "-m", "geo", "dump", "-o", str(tmp_path / "out")],
        cwd=ROOT, env={**os.environ, "EFUS_DATA_DIR": str(tmp_path / "var")},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "4 rows" in done.stderr and "2 files" in done.stderr
    assert (tmp_path / "out" / "sites.csv").read_bytes() == (seed / "sites.csv").read_bytes()
    assert "bd-zaragoza" not in (tmp_path / "out" / "signatories.csv").read_text()


def test_a_store_held_by_another_writer_says_busy_by_its_code(store: Store):
    """sqlite3 says "busy" by ``sqlite_errorname`` (Python 3.11+): the store reads that, not
    the message, so this fails loudly if the pinned Python stops giving it."""
    import sqlite3

    holder = sqlite3.connect(store.path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        impatient = Store(store.path, busy_timeout_ms=50)
        with pytest.raises(StoreError, match="stayed busy for 50 ms") as err:
            impatient.save(Changes(deleted=("bd-nice",)), base_revision=0, author="Bob")
        assert err.value.code == "store_busy"
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert store.revision == 0
