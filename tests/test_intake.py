"""Staff intake: a messy French-Excel file, upload limits, formula cells, the merge plan."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook

from geo.data.schema import COLUMN_NAMES
from geo.data.spreadsheet import is_formula, neutralise, neutralise_frame
from geo.data.store import ConflictError, Store
from geo.errors import GeoError, ReadError
from geo.staff.intake import (
    DEFAULT_MAX_BYTES,
    UploadError,
    UploadLimits,
    UploadTooLarge,
    check_edited,
    read_upload,
    report,
    upload_label,
)
from geo.staff.merge import apply, plan_merge

HEADER = ",".join(COLUMN_NAMES) + "\n"
SEED = HEADER + (
    "bd-nice,City of Nice,city,FR,Nice,Brussels Declaration,signatory,2022-11-23,,,,city,yes,no,"
    "Signed in Brussels.,,https://efus.eu/a\n"
    "bd-liege,City of Liège,city,BE,Liège,Brussels Declaration,signatory,2022-11-23,,,,city,yes,"
    "no,,,https://efus.eu/a\n"
    "bd-zaragoza,Zaragoza,city,ES,Zaragoza,Brussels Declaration,signatory,2022-11-23,,"
    "41.65606,-0.87734,city,yes,no,,,https://efus.eu/a\n"
)
PARTNERS = HEADER + (
    "p-turin,Città di Torino,city,IT,Turin,PACTESUR,partner,2019-01-01,2022-12-31,,,city,yes,no,"
    ",,https://anci.piemonte.it/p\n"
)

# What French Excel writes for "CSV (séparateur: point-virgule)": cp1252, ';', CRLF, decimal
# commas, French headers, dates as DD/MM/YYYY — plus the mistakes of a real list.
FRENCH_HEADER = (
    "id;Nom;Type;Pays;Ville;Projet;Activité;Début;Fin;Latitude;Longitude;precision;public;"
    "sensitive;description;notes;source"
)
FRENCH_ROWS = [
    # row 2: known row, new description (a change)
    "bd-nice;City of Nice;city;France;Nice;Brussels Declaration;signatory;2022-11-23;;;;city;oui;"
    "non;Signataire de la Déclaration de Bruxelles.;;https://efus.eu/a",
    # row 3: known row, coordinates with decimal commas (a change)
    "bd-liege;City of Liège;city;Belgique;Liège;Brussels Declaration;signatory;2022-11-23;;"
    "50,63373;5,56749;city;oui;non;;;https://efus.eu/a",
    # row 4: known row, same as the store; negative longitude stays a number
    "bd-zaragoza;Zaragoza;city;Espagne;Zaragoza;Brussels Declaration;signatory;2022-11-23;;"
    "41,65606;-0,87734;city;oui;non;;;https://efus.eu/a",
    # row 5: new row, lat/lon swapped
    "bd-piraeus;Le Pirée;city;Grèce;Piraeus;Brussels Declaration;signatory;2022-11-23;;"
    "23,64619;37,94203;city;oui;non;;;https://efus.eu/a",
    # row 6: new row, a typo in the country and a French date
    "bd-bruxelles;Ville de Bruxelles;city;Belgqiue;Bruxelles;Brussels Declaration;signatory;"
    "23/11/2022;;;;city;oui;non;;;https://efus.eu/a",
    # row 7: new row, formula cells
    'bd-evil;"=HYPERLINK(""http://evil.example/x"";""clic"")";city;FR;Paris;Brussels Declaration;'
    "signatory;2022-11-23;;;;city;oui;non;<script>alert('x')</script>;@SUM(A1);https://efus.eu/a",
    # row 8: new partner, goes to the partners' file
    "p-liege;Ville de Liège;city;BE;Liège;PACTESUR;partner;2019-01-01;2022-12-31;;;city;oui;non;"
    ";+33 1 23 45;https://anci.piemonte.it/p",
]


def french_excel_bytes(rows: list[str] = FRENCH_ROWS) -> bytes:
    return ("\r\n".join([FRENCH_HEADER, *rows]) + "\r\n").encode("cp1252")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "signatories.csv").write_text(SEED, encoding="utf-8", newline="")
    (seed / "partners.csv").write_text(PARTNERS, encoding="utf-8", newline="")
    return Store.open(tmp_path / "var", seed=seed)


def problem_at(intake, row: int, column: str):
    found = [p for p in intake.problems if (p.row, p.column) == (row, column)]
    assert found, f"no problem at row {row}, column {column}: {intake.problems}"
    return found[0]


# --- reading a messy French-Excel file ---------------------------------------------------------


def test_a_french_excel_file_is_read_and_every_mistake_located_with_its_fix():
    intake = read_upload("C:\\Users\\staff\\Liste signataires.csv", french_excel_bytes())
    assert intake.file == "Liste signataires.csv"
    assert len(intake.records) == 7 and intake.columns == COLUMN_NAMES
    swapped = problem_at(intake, 5, "lat")
    assert "swap them: lat 37,94203, lon 23,64619" in swapped.fix
    typo = problem_at(intake, 6, "country")
    assert typo.value == "Belgqiue" and "Belgium (BE)" in typo.fix
    date = problem_at(intake, 6, "start")
    assert date.value == "23/11/2022" and "write 2022-11-23" in date.fix
    assert {(p.row, p.column) for p in intake.errors} == {(5, "lat"), (6, "country"), (6, "start")}

    table = intake.report
    assert list(table.columns) == ["file", "row", "column", "value", "problem", "fix", "severity"]
    assert table["row"].tolist() == sorted(table["row"].tolist())
    assert table.loc[table["column"] == "country", "value"].tolist() == ["Belgqiue"]

    frame = intake.frame
    liege = frame.set_index("id").loc["bd-liege"]
    assert (liege["lat"], liege["lon"], liege["country"]) == (50.63373, 5.56749, "BE")
    assert frame.set_index("id").loc["bd-zaragoza", "lon"] == -0.87734


def test_formula_cells_are_neutralised_and_reported_hostile_text_is_kept_as_text():
    intake = read_upload("liste.csv", french_excel_bytes())
    evil = next(r for r in intake.records if r["id"] == "bd-evil")
    assert evil["name"] == '\'=HYPERLINK("http://evil.example/x";"clic")'
    assert evil["notes"] == "'@SUM(A1)"
    assert evil["description"] == "<script>alert('x')</script>"  # escaped where it is shown
    phone = next(r for r in intake.records if r["id"] == "p-liege")
    assert phone["notes"] == "'+33 1 23 45"
    warning = problem_at(intake, 7, "name")
    assert warning.severity == "warning" and "run it as a formula" in warning.message
    assert {(p.row, p.column) for p in intake.problems if p.severity == "warning"} >= {
        (7, "name"), (7, "notes"), (8, "notes")}  # fmt: skip


def test_an_xlsx_upload_is_read_like_a_csv():
    book = Workbook()
    sheet = book.active
    sheet.append(["Nom", "Pays", "Ville", "Latitude", "Longitude"])
    sheet.append(["Torino", "Italia", "Torino", 45.07049, 7.68682])
    sheet.append(["Gdańsk", "Polska", "Gdańsk", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    intake = read_upload("places.xlsx", buffer.getvalue(), strict=False)
    assert intake.ok, intake.problems
    assert intake.columns == ("name", "country", "city", "lat", "lon")
    assert [(r["name"], r["country"]) for r in intake.records] == [
        ("Torino", "IT"), ("Gdańsk", "PL")]  # fmt: skip
    assert math.isnan(intake.records[1]["lat"])


# --- limits -----------------------------------------------------------------------------------


def test_an_oversized_upload_is_refused_naming_the_file_and_the_fix():
    data = b"name,country\n" + b"Nice,FR\n" * (DEFAULT_MAX_BYTES // 8 + 200_000)
    with pytest.raises(UploadTooLarge, match=r"^big\.csv: 6\.\d MB is more than the 5\.0 MB"
                       r".*fix: split the list") as err:  # fmt: skip
        read_upload("big.csv", data)
    assert isinstance(err.value, GeoError) and isinstance(err.value, ValueError)
    with pytest.raises(UploadTooLarge):
        read_upload("small.csv", b"name,country\nNice,FR\n", limits=UploadLimits(max_bytes=10))


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "liste.pdf",
            b"%PDF-1.7",
            r"liste\.pdf: \.pdf is not accepted; fix: save the sheet as CSV",
        ),
        ("liste.xls", b"\xd0\xcf\x11\xe0", r"\.xls is not accepted"),
        ("liste", b"name,country", r"liste: a file without extension is not accepted"),
        ("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, r"old Excel 97-2003"),
        ("fake.xlsx", b"name,country\nNice,FR\n", r"fake\.xlsx: this is not an Excel workbook"),
        ("empty.csv", b"", r"empty\.csv: the file is empty; fix"),
    ],
)
def test_files_that_are_not_csv_or_xlsx_are_refused(name: str, data: bytes, message: str):
    with pytest.raises(UploadError, match=message):
        read_upload(name, data)


def test_a_binary_file_named_csv_is_refused_by_the_reader():
    with pytest.raises(ReadError, match=r"photo\.csv: this is not a text CSV file; fix"):
        read_upload("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)


def test_a_workbook_that_unpacks_too_large_is_refused():
    book = Workbook()
    for i in range(200):
        book.active.append([f"Place {i}", "FR", "x" * 500])
    buffer = io.BytesIO()
    book.save(buffer)
    limits = UploadLimits(max_unpacked_bytes=50_000)
    with pytest.raises(UploadTooLarge, match=r"bomb\.xlsx: the workbook unpacks to"):
        read_upload("bomb.xlsx", buffer.getvalue(), limits=limits)


def test_too_many_rows_are_refused():
    data = b"name,country\n" + b"Nice,FR\n" * 11
    with pytest.raises(UploadError, match=r"rows\.csv: more than the 10 rows .*fix: split"):
        read_upload("rows.csv", data, limits=UploadLimits(max_rows=10))


def test_an_upload_name_is_only_a_label():
    assert upload_label("../../etc/passwd.csv") == "passwd.csv"
    assert upload_label("C:\\Users\\x\\Liste\x07.csv") == "Liste.csv"
    assert upload_label("") == "upload"


# --- neutralising formula cells -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r'=1"),  # a reader splitting on ';' ends the line at the CR
        ("'=1+1", "'=1+1"),  # already neutral: unchanged (idempotent)
        ("-3.5", "-3.5"),
        ("+33", "+33"),
        ("-0,87734", "-0,87734"),
        ("1e-5", "1e-5"),
        ("Liège", "Liège"),
        ("", ""),
        (-3.5, -3.5),
        (None, None),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected
    assert neutralise(neutralise(cell)) == expected


def test_neutralise_frame_copies_and_leaves_numbers_alone():
    frame = pd.DataFrame({"name": ["=1+1", "Nice"], "lat": [-3.5, 43.7]})
    out = neutralise_frame(frame)
    assert out["name"].tolist() == ["'=1+1", "Nice"] and out["lat"].tolist() == [-3.5, 43.7]
    assert frame["name"].tolist() == ["=1+1", "Nice"]  # the argument is not changed
    assert not is_formula("-3.5") and is_formula("=A1")


# --- fixing on the page, the merge plan, applying it ----------------------------------------------


def fixed(intake):
    """What staff do on the page: swap the pair, correct the country and the date."""
    frame = intake.frame
    at = frame.index[frame["id"] == "bd-piraeus"][0]
    frame.loc[at, ["lat", "lon"]] = [37.94203, 23.64619]
    at = frame.index[frame["id"] == "bd-bruxelles"][0]
    frame.loc[at, ["country", "start"]] = ["BE", "2022-11-23"]
    return check_edited(frame, file=intake.file, columns=intake.columns)


def test_edited_rows_are_checked_again_at_their_spreadsheet_rows():
    intake = read_upload("liste.csv", french_excel_bytes())
    frame = intake.frame
    frame.loc[frame["id"] == "bd-nice", "country"] = "Francee"
    again = check_edited(frame, file=intake.file, columns=intake.columns)
    assert problem_at(again, 2, "country").value == "Francee"
    assert problem_at(again, 5, "lat") and problem_at(again, 6, "start")
    assert fixed(intake).ok, fixed(intake).errors
    assert [r["_row"] for r in fixed(intake).records] == list(range(2, 9))


def test_the_merge_plan_counts_added_changed_unchanged_with_old_and_new(store: Store):
    intake = fixed(read_upload("liste.csv", french_excel_bytes()))
    before = store.frame()
    plan = plan_merge(before, intake.frame)
    assert plan.counts == {"added": 4, "changed": 2, "unchanged": 1}
    assert plan.unchanged == ("bd-zaragoza",) and plan.base_revision == 0
    changes = {c.id: {col.column: (col.old, col.new) for col in c.columns} for c in plan.changed}
    new_text = "Signataire de la Déclaration de Bruxelles."
    assert changes["bd-nice"] == {"description": ("Signed in Brussels.", new_text)}
    assert set(changes["bd-liege"]) == {"lat", "lon"}
    assert math.isnan(changes["bd-liege"]["lat"][0]) and changes["bd-liege"]["lat"][1] == 50.63373
    files = {r["id"]: r["_file"] for r in plan.added}
    assert files["p-liege"] == "data/partners.csv" and files["bd-piraeus"] == "data/signatories.csv"
    preview = plan.preview()
    assert preview["status"].value_counts().to_dict() == {"added": 4, "changed": 3, "unchanged": 1}
    assert preview.loc[preview["column"] == "lat", ["old", "new"]].values.tolist() == [
        ["", "50.63373"]]  # fmt: skip
    pd.testing.assert_frame_equal(before, store.frame())  # planning writes nothing

    revision = apply(plan, store=store, author="Camille")
    frame = store.frame().set_index("id")
    assert revision == 1 and len(frame) == 8
    assert frame.loc["bd-piraeus", ["lat", "lon"]].tolist() == [37.94203, 23.64619]
    assert frame.loc["bd-evil", "name"].startswith("'=HYPERLINK")
    assert frame.loc["p-liege", "_file"] == "data/partners.csv"
    assert frame.loc["bd-liege", "lat"] == 50.63373
    # The same plan again is a conflict with what was just saved, not a silent overwrite.
    with pytest.raises(ConflictError, match="Camille changed"):
        apply(plan, store=store, author="Dominique")
    # Planning again from the new state: nothing left to do.
    again = plan_merge(store.frame(), intake.frame)
    assert again.counts == {"added": 0, "changed": 0, "unchanged": 7} and not again


def test_a_plain_list_gets_ids_and_blank_positions_never_erase_known_ones(store: Store):
    data = "Nom;Pays;Ville;Latitude;Longitude\r\nCity of Liège;BE;Liège;;\r\nΠειραιάς;GR;;;\r\n"
    intake = read_upload("places.csv", data.encode("utf-8-sig"), strict=False)
    assert intake.ok and intake.columns == ("name", "country", "city", "lat", "lon")
    frame = intake.frame
    frame.loc[0, "id"] = "bd-liege"  # staff matched the first row to a known one
    plan = plan_merge(store.frame(), frame)
    assert plan.counts == {"added": 1, "changed": 0, "unchanged": 1}
    assert plan.added[0]["id"] == "gr-place" and plan.ids_given == {3: "gr-place"}
    assert plan.added[0]["_file"] == "data/partners.csv"  # no kind, no activity


def test_a_plan_without_a_base_revision_is_refused(store: Store):
    intake = fixed(read_upload("liste.csv", french_excel_bytes()))
    frame = store.frame()
    frame.attrs.clear()
    with pytest.raises(UploadError, match="fix: make it from store.frame"):
        apply(plan_merge(frame, intake.frame), store=store, author="x")


def test_an_invalid_row_in_a_plan_is_refused_by_the_store_and_nothing_is_saved(store: Store):
    intake = read_upload("liste.csv", french_excel_bytes())  # not fixed: row 6 has errors
    with pytest.raises(GeoError, match=r"start"):
        apply(plan_merge(store.frame(), intake.frame), store=store, author="x")
    assert store.revision == 0 and len(store.frame()) == 4


def test_report_of_no_problems_is_an_empty_table_with_the_columns():
    table = report([])
    assert table.empty and list(table.columns)[:3] == ["file", "row", "column"]


def test_the_report_table_shows_a_page_of_problems_escaped_with_its_caption():
    from html.parser import HTMLParser

    from geo.errors import Problem
    from geo.staff.intake import report_html

    hostile = '<img src=x onerror="alert(1)">'
    problems = [Problem("list.csv", row, "name", hostile if row == 120 else "x", "bad", "fix",
                        "warning" if row % 2 else "error") for row in range(1, 121)]  # fmt: skip
    page = report_html(problems, file="list.csv", page=2, lang="fr")

    class Reader(HTMLParser):
        tags: list[str] = []
        text: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)

        def handle_data(self, data):
            self.text.append(data)

    reader = Reader()
    reader.feed(page)
    assert "img" not in reader.tags and hostile in reader.text  # shown as text, never run
    assert ("Problèmes trouvés dans list.csv\u00a0: 60 erreurs, 60 avertissements. "
            "Problèmes 101 à 120 sur 120.") in reader.text  # fmt: skip
    assert page.count('<th scope="row">') == 20  # the third page of 50
    assert page.count("tabindex=\"0\"") == 1 and "<a " in page  # one stop; the skip link
