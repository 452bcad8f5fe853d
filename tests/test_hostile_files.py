"""Hostile and damaged files as a user meets them: ``python -m geo validate``, ``geocode`` and
``export --data`` each exit 1 with a line that names the file (and the row, when there is one)
and the fix, never a traceback, within the limits shared with the upload
(``geo.data.reading.Limits``).
The files are made by ``tests/hostile.py``; nothing binary is committed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from geo.data.dataset import check_paths
from geo.data.reading import Limits, read_table
from geo.errors import LimitError, Problem, ReadError
from tests.hostile import BOMBS, MALFORMED, sheet_of_rows, with_part, workbook

SAFETY_NET_S = 120  # a hung command fails the test instead of the suite; not a speed check

# What each file's line says after its name: ':row:-: ' when the reader knows the row.
WHERE = {
    "utf16-odd.csv": ":3:-: the file says it is UTF-16 but its bytes are not (truncated data)",
    "utf16-surrogate.csv": ":2:-: the file says it is UTF-16 but its bytes are not (illegal",
    "bom-invalid.csv": ":3:-: this row is not UTF-8 while the rest of the file is",
    "malformed-sheet.xlsx": ": not a readable Excel workbook (ParseError",
    "entity-bomb.xlsx": ": not a readable Excel workbook (its XML declares entities",
    "corrupt-deflate.xlsx": ": not a readable Excel workbook (",
    "many-rows.xlsx": ": more than the 20000 rows a file may have; fix: split the list",
    "unpacks-huge.xlsx": ": the workbook unpacks to 112.8 MB, more than the 50.0 MB allowed",
}
FILES = {**MALFORMED, **BOMBS}


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    for name, make in FILES.items():
        (folder / name).write_bytes(make())
    return folder


def commands(path, out) -> dict[str, list[str]]:
    return {
        "validate": ["validate", str(path)],
        "geocode": ["geocode", str(path), "-o", str(out / "placed.csv")],
        "export --data": ["export", "--data", str(path), "-o", str(out / "map.html")],
    }


@pytest.mark.parametrize("name", sorted(FILES))
def test_each_command_refuses_a_hostile_file_with_a_located_message(
    name, hostile_dir, root, tmp_path
):
    path = hostile_dir / name
    running = {
        command: subprocess.Popen(
            [sys.executable, "-m", "geo", *args], cwd=root, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )  # fmt: skip
        for command, args in commands(path, tmp_path).items()
    }  # the three at once: each is a separate user
    for command, process in running.items():
        stdout, stderr = process.communicate(timeout=SAFETY_NET_S)
        said = stdout + stderr
        assert process.returncode == 1, f"{command}: {said}"
        assert "Traceback" not in said, f"{command}: {said}"
        assert f"{path}{WHERE[name]}" in said, f"{command}: {said}"
        assert "fix: " in said and ":0:" not in said, f"{command}: {said}"
    assert not (tmp_path / "map.html").exists() and not (tmp_path / "placed.csv").exists()


def test_a_file_level_problem_prints_without_a_row():
    problem = Problem("list.xlsx", 0, "", "", "not a readable Excel workbook", "re-save it")
    assert str(problem) == "list.xlsx: not a readable Excel workbook; fix: re-save it"
    with_column = Problem("store", 0, "lat", "x", "not a number", "write one")
    assert str(with_column) == "store: column 'lat': not a number (value 'x'); fix: write one"


def test_a_file_that_cannot_be_decoded_is_a_problem_at_its_row(hostile_dir):
    (problem,) = check_paths([hostile_dir / "utf16-surrogate.csv"]).problems
    assert (problem.row, problem.value) == (2, "00 d8")
    assert problem.fix.startswith("open it in Excel and save the file again as 'CSV UTF-8'")


def test_rows_are_read_only_up_to_the_limit(tmp_path):
    """The sheet has 290,000 rows; the reader stops at row 102 and never holds the rest."""
    path = tmp_path / "rows.xlsx"
    path.write_bytes(with_part(workbook(), "xl/worksheets/sheet1.xml",
                               sheet_of_rows(290_000, numbered=True)))  # fmt: skip
    with pytest.raises(LimitError, match=r"rows\.xlsx: more than the 100 rows .*--max-rows"):
        read_table(path, limits=Limits(max_rows=100))


def test_a_sheet_within_the_limit_is_read_to_its_last_row(tmp_path):
    path = tmp_path / "rows.xlsx"
    path.write_bytes(with_part(workbook(), "xl/worksheets/sheet1.xml",
                               sheet_of_rows(3_000, numbered=True)))  # fmt: skip
    table = read_table(path, limits=Limits(max_rows=3_000))
    assert len(table.rows) == 3_000 and table.rows[-1] == {"name": "Nice", "country": "FR"}


def test_a_sheet_whose_rows_start_far_past_the_limit_is_refused_before_making_them(tmp_path):
    far = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           '<sheetData><row r="1000000"><c t="inlineStr"><is><t>x</t></is></c></row>'
           "</sheetData></worksheet>")  # fmt: skip
    path = tmp_path / "far.xlsx"
    path.write_bytes(with_part(workbook(), "xl/worksheets/sheet1.xml", far.encode()))
    with pytest.raises(LimitError, match="more than the 20000 rows"):
        read_table(path)


def test_a_file_larger_than_the_limit_is_refused_without_reading_it_whole(tmp_path):
    path = tmp_path / "big.csv"
    path.write_bytes(b"name,country\n" + b"Nice,FR\n" * 200_000)
    with pytest.raises(LimitError, match=r"big\.csv: 1\.0 MB is more than the 1\.0 MB .*--max-mb"):
        read_table(path, limits=Limits(max_bytes=1 << 20))


def test_a_workbook_that_compresses_like_a_bomb_is_refused(tmp_path):
    path = tmp_path / "ratio.xlsx"
    path.write_bytes(with_part(workbook(), "xl/worksheets/sheet1.xml",
                               sheet_of_rows(100_000, numbered=False)))  # fmt: skip
    with pytest.raises(LimitError, match=r"unpacks to \d+ times its size, more than the 200"):
        read_table(path)


def test_staff_can_raise_the_row_limit_on_the_command_line(root, tmp_path):
    path = tmp_path / "long.xlsx"
    path.write_bytes(with_part(workbook(), "xl/worksheets/sheet1.xml",
                               sheet_of_rows(20_500, numbered=True)))  # fmt: skip
    validate = [sys.executable, "-m", "geo", "validate", "--places", str(path)]
    refused = subprocess.run(validate, cwd=root, capture_output=True, text=True,
                             timeout=SAFETY_NET_S)  # fmt: skip
    assert refused.returncode == 1 and "more than the 20000 rows" in refused.stdout
    raised = subprocess.run([*validate, "--max-rows", "21000"], cwd=root, capture_output=True,
                            text=True, timeout=SAFETY_NET_S)  # fmt: skip
    assert raised.returncode == 0, raised.stdout + raised.stderr
    assert "20,500 rows checked, 0 problems" in raised.stderr


def test_an_unreadable_workbook_is_a_read_error_for_callers(hostile_dir):
    with pytest.raises(ReadError, match=r"corrupt-deflate\.xlsx: not a readable Excel workbook"):
        read_table(hostile_dir / "corrupt-deflate.xlsx")


def test_a_store_seeded_from_the_deployments_own_bigger_dataset_is_not_held_to_upload_limits(
    tmp_path,
):
    """data/ grows with every saved upload: a dump of 20,500 rows seeds a new store."""
    from geo.data.store import Store
    from tests.test_validation import HEADER, cells

    seed = tmp_path / "data"
    seed.mkdir()
    rows = [cells(id=f"bd-{n}", name=f"City {n}") for n in range(20_500)]
    (seed / "big.csv").write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    assert len(Store.open(tmp_path / "store", seed=seed).frame()) == 20_500
