"""Every CSV the project writes, opened in a real LibreOffice split on ',' or ';' or both:
no cell may become a formula, and the files still read back as the same rows."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from geo.dashboard import downloads
from geo.data.dataset import load_dataset
from geo.data.schema import COLUMN_NAMES
from geo.data.spreadsheet import csv_text, has_inner_formula, neutralise, neutralise_frame
from geo.data.store import Changes, Store
from tests.spreadsheets import SPLITS, formula_cells, soffice_or_skip

ROOT = Path(__file__).resolve().parent.parent
# What review found, and the classic CSV-injection cells.
HOSTILE = [
    "=1+1",
    "+1",
    "-1+1",
    "@SUM(1)",
    'https://e.org/;=WEBSERVICE("x")',
    "a,=1+1",
    "a\r=1+1",
    "a\n=1+1",
    '"quoted;=2+2"',
    "a;\r\n=3+3",
    'x; "=4+4',
]
HOSTILE_URL = 'https://e.org/;=WEBSERVICE("http://x")'


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("a;=1+1", "a;'=1+1"),
        ("a,@SUM(1)", "a,'@SUM(1)"),
        ("a\n-1+1", "a\n'-1+1"),
        ("a\r=1+1", "a\r'=1+1"),
        (HOSTILE_URL, 'https://e.org/;\'=WEBSERVICE("http://x")'),
        ('"quoted;=2+2"', '"quoted;\'=2+2"'),
        ('x; "=4+4', "x;' \"=4+4"),  # spaces and quotes before '=' do not hide it
        ("=1;=2", "'=1;'=2"),
        ("x;-3.5", "x;-3.5"),  # a number after a separator computes nothing
        ("https://e.org/a?x=1;y=2", "https://e.org/a?x=1;y=2"),
        ("Annual meeting; venue not found.", "Annual meeting; venue not found."),
    ],
)
def test_a_formula_after_a_separator_or_line_break_gets_an_apostrophe(cell, expected):
    assert neutralise(cell) == expected
    assert neutralise(expected) == expected  # idempotent: a dump read back dumps the same
    assert has_inner_formula(cell) == (expected != cell)


def test_csv_text_quotes_separators_quotes_and_line_breaks_and_reads_back():
    rows = [["id", "text"], *[[f"r{i}", cell] for i, cell in enumerate(HOSTILE)], ["n", -3.5]]
    text = csv_text(rows, newline="\n")
    assert text.splitlines()[1:3] == ["r0,'=1+1", "r1,+1"]  # minimal quoting
    assert '"a\r\'=1+1"' in text and '"a,\'=1+1"' in text
    assert text.count("\n") == len(rows) + 2  # only the two cells with LF add one
    back = list(csv.reader(io.StringIO(text, newline="")))
    assert back == [[str(neutralise(c)) for c in r] for r in rows]


def test_validation_warns_about_a_formula_after_a_separator_but_accepts_the_address(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        "id,name,kind,country,project,activity,source\n"
        f'x1,A,city,BE,P,meeting,"{HOSTILE_URL.replace(chr(34), chr(34) * 2)}"\n'
        "x2,B,city,BE,P,meeting,https://e.org/a?x=1;y=2\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = [line for line in (done.stdout + done.stderr).splitlines() if "warning" in line]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:2:source: warning: source {HOSTILE_URL!r} has a formula")
    assert "fix: " in lines[0]


# --- in LibreOffice ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def calc(tmp_path_factory):
    """Open files in LibreOffice: ``calc(files, split=...)`` → formula cells per file."""
    soffice = soffice_or_skip()
    base = tmp_path_factory.mktemp("calc")
    runs = iter(range(1000))

    def open_in_calc(files: list[Path], *, split: str) -> dict[str, list]:
        return formula_cells(soffice, files, split=split, profile=base / "profile",
                             out_dir=base / f"run{next(runs)}")  # fmt: skip

    return open_in_calc


def _no_formula_in_any_split(calc, files: list[Path]) -> None:
    for split in SPLITS:
        found = calc(files, split=split)
        assert found == {f.name: [] for f in files}, split


def _hostile_seed(folder: Path) -> Path:
    """A valid data folder whose free-text cells are the hostile ones (written with every cell
    quoted, as a spreadsheet may save it)."""
    folder.mkdir(parents=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    for i, cell in enumerate(HOSTILE):
        source = HOSTILE_URL if i == 0 else "https://efus.eu/a"
        row = {"id": f"h{i}", "name": cell, "kind": "city", "country": "BE", "city": "Brussels",
               "project": "P", "activity": "meeting", "lat": "50.85", "lon": "4.35",
               "public": "yes", "sensitive": "no", "description": cell, "notes": cell,
               "source": source}  # fmt: skip
        writer.writerow([row.get(c, "") for c in COLUMN_NAMES])
    (folder / "hostile.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    return folder


def test_the_control_plain_csv_writer_output_runs_formulas_in_calc(calc, tmp_path):
    """The check can fail: the hostile rows as csv.writer wrote them before are formulas."""
    path = tmp_path / "plain.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, lineterminator="\n").writerows([["id", "text"], *enumerate(HOSTILE)])
    assert len(calc([path], split="comma")["plain.csv"]) >= 1  # '=1+1' at a cell start
    assert len(calc([path], split="semicolon")["plain.csv"]) >= 4


def test_the_dashboard_csv_download_of_hostile_rows_has_no_formula_in_calc(calc, tmp_path):
    frame = load_dataset(_hostile_seed(tmp_path / "seed"))
    path = tmp_path / "download.csv"
    path.write_bytes(downloads.to_csv(frame))
    _no_formula_in_any_split(calc, [path])
    back = pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert back["name"].tolist() == [neutralise(c) for c in HOSTILE]  # every row, whole


def test_the_dump_of_a_hostile_store_has_no_formula_in_calc_validates_and_reseeds(calc, tmp_path):
    store = Store.open(tmp_path / "var", seed=_hostile_seed(tmp_path / "seed"))
    row = dict(store.frame().set_index("id").loc["h1"], id="h-saved", name="a;=1+1\r=2+2")
    store.save(Changes(added=(row,)), base_revision=0, author="x;=HYPERLINK(1)")
    store.set_override("=1+1;@SUM(1)", "BE", 50.85, 4.35, author="a,=1+1\r=2")
    store.dump(tmp_path / "out")
    files = sorted((tmp_path / "out").iterdir())
    assert [f.name for f in files] == ["hostile.csv", "overrides.csv"]
    _no_formula_in_any_split(calc, files)

    done = subprocess.run(
        [sys.executable, "-m", "geo", "validate", str(tmp_path / "out")],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems" in done.stdout + done.stderr and "warning" not in done.stdout

    again = Store.open(tmp_path / "var2", seed=tmp_path / "out")
    expected = neutralise_frame(store.frame().drop(columns="_row"))
    pd.testing.assert_frame_equal(again.frame().drop(columns="_row"), expected)
    assert len(again.frame()) == len(HOSTILE) + 1
    assert again.overrides() == store.overrides()
    again.dump(tmp_path / "out2")
    for f in files:  # the safe form is a fixed point: same bytes again
        assert (tmp_path / "out2" / f.name).read_bytes() == f.read_bytes()


def test_the_geocode_cli_output_of_hostile_names_has_no_formula_in_calc(calc, tmp_path):
    source = tmp_path / "names.csv"
    with open(source, "w", newline="", encoding="utf-8") as f:
        csv.writer(f, quoting=csv.QUOTE_ALL).writerows(
            [["name", "country", "note"], ["Liège", "BE", "=1+1"],
             *[[cell, "BE", cell] for cell in HOSTILE]])  # fmt: skip
    out = tmp_path / "placed.csv"
    done = subprocess.run(
        [sys.executable, "-m", "geo", "geocode", str(source), "-o", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={k: v for k, v in os.environ.items() if k != "EFUS_GEOCODER_ONLINE"},
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    _no_formula_in_any_split(calc, [out])
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8"), newline="")))
    assert [r["note"] for r in rows] == ["'=1+1", *map(neutralise, HOSTILE)]
    assert rows[0]["status"] == "matched" and rows[0]["lat"].startswith("50.6")


@pytest.mark.browser
def test_the_csv_a_visitor_downloads_from_the_page_has_no_formula_in_calc(calc, browser, tmp_path):
    """The real page on the hostile rows, in Chromium: the file the CSV button gives."""
    from tests.conftest import new_offline_page, streamlit_server

    env = {"EFUS_DATA": str(_hostile_seed(tmp_path / "seed")),
           "EFUS_DATA_DIR": str(tmp_path / "store")}  # fmt: skip
    with streamlit_server(env=env, log=tmp_path / "server.log") as url:
        page = new_offline_page(browser)
        try:
            page.goto(url)
            # The table is plain HTML: no grid toolbar offers a CSV without the formula guard.
            page.locator(".efus-table").wait_for(timeout=60_000)
            assert page.locator("[data-testid='stDataFrame']").count() == 0
            assert page.get_by_role("button", name="Download as CSV").count() == 0
            page.get_by_role("tab", name="Share and download").click()
            button = page.get_by_role("button", name="CSV")
            button.wait_for(timeout=60_000)
            with page.expect_download(timeout=60_000) as download:
                button.click()
            path = tmp_path / download.value.suggested_filename
            download.value.save_as(path)
            assert page.log.external == []
        finally:
            page.context.close()
    _no_formula_in_any_split(calc, [path])
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["name"] for r in rows] == [neutralise(c) for c in HOSTILE]
    assert "notes" not in rows[0]  # the public download: public fields only
    assert rows[0]["source"] == neutralise(HOSTILE_URL)
