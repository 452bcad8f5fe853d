"""The command line as a person types it: a real `python -m geo` process."""

from __future__ import annotations

import subprocess
import sys

from tests.test_reading import FRENCH_ROWS, french_excel_bytes


def geo(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_help_lists_commands(root):
    out = geo("--help", cwd=root)
    assert out.returncode == 0
    assert "validate" in out.stdout


def test_validate_bundled_data_exits_0(root):
    out = geo("validate", "data", cwd=root)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout == ""
    assert "0 problems" in out.stderr


def test_validate_french_excel_file_with_bad_latitude(root, tmp_path):
    rows = [r[:] for r in FRENCH_ROWS]
    rows[2][1] = rows[2][4] = "Gdansk"
    rows[2][8] = "943.7"
    path = tmp_path / "liste.csv"
    path.write_bytes(french_excel_bytes(rows))
    out = geo("validate", str(path), cwd=root)
    assert out.returncode == 1
    (line,) = out.stdout.splitlines()
    assert line.startswith(f"{path}:3:lat: ") and "943.7" in line


def test_usage_errors_exit_2(root):
    assert geo("validate", cwd=root).returncode == 2
    assert geo("frobnicate", cwd=root).returncode == 2


def test_missing_file_is_a_problem_not_a_traceback(root, tmp_path):
    out = geo("validate", str(tmp_path / "nope.csv"), cwd=root)
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "nope.csv: cannot be read" in out.stdout and "check the path" in out.stdout
    assert ":0:" not in out.stdout  # a file-level problem has no row 0 to look for
