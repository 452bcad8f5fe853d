"""Tables as staff save them: French Excel CSV, UTF-8 with BOM, XLSX; broken files explained."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from geo.data.dataset import check_paths
from geo.data.reading import read_table
from geo.errors import ReadError

FRENCH_ROWS = [
    ["id", "Nom", "Type", "Pays", "Ville", "Projet", "Activité", "Début", "Latitude", "Longitude",
     "source"],
    ["bd-liege", "Ville de Liège", "city", "Belgique", "Liège", "Brussels Declaration",
     "signatory", "2022-11-23", "50,63373", "5,56749", "https://efus.eu/a"],
    ["bd-gdansk", "Gdańsk", "city", "Pologne", "Gdańsk", "Brussels Declaration",
     "signatory", "2022-11-23", "54,35227", "18,64912", "https://efus.eu/b"],
]  # fmt: skip


def french_excel_bytes(rows) -> bytes:
    """What French Excel writes for 'CSV (séparateur: point-virgule)': ';', cp1252, CRLF."""
    text = "\r\n".join(";".join(r) for r in rows) + "\r\n"
    return text.encode("cp1252", errors="replace")


def test_french_excel_csv_is_read(tmp_path):
    rows = [r[:] for r in FRENCH_ROWS]
    rows[2][1] = rows[2][4] = "Gdansk"  # cp1252 has no ń: French Excel writes it without
    path = tmp_path / "liste.csv"
    path.write_bytes(french_excel_bytes(rows))
    table = read_table(path)
    assert (table.encoding, table.delimiter) == ("cp1252", ";")
    assert table.columns[:4] == ("id", "name", "kind", "country")
    assert table.rows[0]["name"] == "Ville de Liège"
    checked = check_paths([path])
    assert checked.problems == []
    liege = checked.records[0]
    assert (liege["country"], liege["lat"], liege["lon"]) == ("BE", 50.63373, 5.56749)


def test_french_excel_row_3_latitude_943_7_is_named(tmp_path):
    rows = [r[:] for r in FRENCH_ROWS]
    rows[2][1] = rows[2][4] = "Gdansk"
    rows[2][8] = "943,7"
    path = tmp_path / "liste.csv"
    path.write_bytes(french_excel_bytes(rows))
    (p,) = check_paths([path]).problems
    assert (p.row, p.column) == (3, "lat")
    assert "943" in str(p) and str(p).startswith(f"{path}:3:lat:")


def test_utf8_bom_and_crlf(tmp_path):
    path = tmp_path / "bom.csv"
    text = "\r\n".join(",".join(r) for r in FRENCH_ROWS).replace("50,63373", "50.6")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    table = read_table(path)
    assert table.headers[0] == "id"  # not '\ufeffid'
    assert table.rows[1]["name"] == "Gdańsk"


def test_xlsx_with_real_dates_and_numbers(tmp_path):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.append(["id", "name", "kind", "country", "city", "project", "activity", "start", "lat",
                  "lon", "source"])  # fmt: skip
    sheet.append(["ev-1", "Kick-off", "event", "France", "Nice", "PACTESUR", "meeting",
                  datetime(2019, 3, 28), 43.70313, 7.26608, "https://x.eu/"])  # fmt: skip
    sheet.append(["ev-2", "Bad", "event", "FR", "Nice", "PACTESUR", "meeting", "2019-13-01",
                  943.7, 7.2, "https://www.pactesur.eu/"])  # fmt: skip
    path = tmp_path / "events.xlsx"
    book.save(path)
    checked = check_paths([path])
    assert checked.records[0]["start"] == "2019-03-28"
    assert checked.records[0]["country"] == "FR"
    assert [(p.row, p.column) for p in checked.problems] == [(3, "lat"), (3, "start")]


def test_empty_rows_keep_spreadsheet_numbering(tmp_path):
    path = tmp_path / "gaps.csv"
    path.write_text("name,country\nLiège,BE\n,\nAtlantis City,Atlantis\n", encoding="utf-8")
    (p,) = check_paths([path], strict=False).problems
    assert (p.row, p.value) == (4, "Atlantis")


@pytest.mark.parametrize(
    ("name", "data", "needle"),
    [("list.pdf", b"%PDF-1.4", "save the sheet as CSV"),
     ("broken.xlsx", b"PK\x03\x04 not really", "re-save it"),
     ("empty.csv", b"", "empty"),
     ("utf16.csv", "name\tcountry\nLiège\tBE\n".encode("utf-16"), None)],
)  # fmt: skip
def test_unreadable_files_are_explained(tmp_path, name, data, needle):
    path = tmp_path / name
    path.write_bytes(data)
    if needle is None:  # UTF-16 (Excel's "Unicode text") reads fine
        assert read_table(path).rows[0] == {"name": "Liège", "country": "BE"}
        return
    with pytest.raises(ReadError, match=needle):
        read_table(path)
    (p,) = check_paths([path]).problems
    assert p.file == str(path) and needle in p.message


def test_a_utf8_file_with_one_cp1252_row_reports_that_row_and_keeps_the_others(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes("name,country\nLiège,BE\nGdańsk,PL\n".encode() + "Liège,BE\n".encode("cp1252")
                     + "Xàbia,ES\n".encode())  # fmt: skip
    table = read_table(path)
    assert [r["name"] for r in table.rows] == ["Liège", "Gdańsk", "Liège", "Xàbia"]
    (problem,) = table.problems
    assert (problem.row, problem.severity) == (4, "error")
    assert str(problem).startswith(f"{path}:4:-: this row is not UTF-8 while the rest")
    assert "looks like Windows-1252" in problem.message
    assert problem.fix.startswith("save the file again as 'CSV UTF-8'")


def test_a_cp1252_row_inside_a_quoted_multiline_cell_names_the_row_it_belongs_to(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes('name,country,notes\nGdańsk,PL,"two\nlines"\n'.encode()
                     + "Liège,BE,x\n".encode("cp1252"))  # fmt: skip
    (problem,) = read_table(path).problems
    assert problem.row == 3


def test_a_wholly_cp1252_file_is_still_french_excel(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("nom;pays\r\nLiège;Belgique\r\nXàbia;Espagne\r\n".encode("cp1252"))
    table = read_table(path)
    assert table.encoding == "cp1252" and table.problems == ()
    assert [r["name"] for r in table.rows] == ["Liège", "Xàbia"]


def test_text_encoded_twice_is_a_warning_with_the_right_spelling(tmp_path):
    path = tmp_path / "twice.csv"
    path.write_text("name,country\nLiÃ¨ge,BE\nGdańsk,PL\n", encoding="utf-8")
    (problem,) = read_table(path).problems
    assert (problem.row, problem.column, problem.value) == (2, "name", "LiÃ¨ge")
    assert problem.severity == "warning" and problem.fix.startswith("write 'Liège'")
    (reported,) = check_paths([path], strict=False).problems
    assert str(reported).startswith(f"{path}:2:name: warning: the text looks encoded twice")
