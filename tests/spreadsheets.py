"""Open CSV files in a real LibreOffice Calc (Debian's ``libreoffice-calc-nogui``), headless,
as a person's spreadsheet would, and say which cells it turned into formulas.

Each file is converted to XLSX with the CSV import filter set to one separator, or to both at
once, with formula evaluation explicitly on (token 13 of the filter options), and the workbook
is read back with openpyxl. ``make test`` installs LibreOffice when it is missing (see the
Makefile); without ``soffice`` the tests using ``soffice`` skip, except under CI, where they
fail, so that CI never passes without running them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# How a spreadsheet may split our files: LibreOffice's CSV filter codes for the separator
# (44 ',', 59 ';', 44/59 both), '"' as the text delimiter (34), UTF-8 (76), from line 1,
# then the defaults, with "evaluate formulas" (13th token) on, as in the import dialog.
SPLITS = {"comma": "44", "semicolon": "59", "both": "44/59"}
_OPTIONS = "{},34,76,1,,,false,false,false,false,false,false,true"
SOFFICE_TIMEOUT_S = 180


def soffice_or_skip() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe:
        return exe
    reason = "LibreOffice (soffice) is missing; `make test` installs libreoffice-calc-nogui"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def formula_cells(
    soffice: str, csv_files: list[Path], *, split: str, profile: Path, out_dir: Path
) -> dict[str, list[tuple[str, object]]]:
    """``{file name: [(cell, value), ...]}``: the cells LibreOffice made formulas of when it
    opened each file split as ``split`` (a key of ``SPLITS``)."""
    from openpyxl import load_workbook

    out_dir.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "xlsx", f"--infilter=CSV:{_OPTIONS.format(SPLITS[split])}",
         "--outdir", str(out_dir), *map(str, csv_files)],
        capture_output=True, text=True, timeout=SOFFICE_TIMEOUT_S,
    )  # fmt: skip
    found: dict[str, list[tuple[str, object]]] = {}
    for csv_file in csv_files:
        xlsx = out_dir / (csv_file.stem + ".xlsx")
        assert xlsx.is_file(), f"soffice did not convert {csv_file}: {done.stdout}{done.stderr}"
        book = load_workbook(xlsx)  # not data_only: formulas stay formulas
        found[csv_file.name] = [
            (cell.coordinate, cell.value)
            for row in book.worksheets[0].iter_rows()
            for cell in row
            if cell.data_type == "f" or str(cell.value or "").startswith("=")
        ]
        book.close()
    return found
