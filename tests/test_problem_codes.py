"""Every problem and error carries a stable code and the params its words are made of: code
decides by the code, and the words can be rendered again from code and params (as a catalogue
in another language will)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geo.data.dataset import check_paths
from geo.data.reading import Limits, read_table
from geo.data.schema import COLUMN_NAMES
from geo.data.store import Changes, Store
from geo.errors import DataError, LimitError, NotATable, Problem, ReadError
from geo.messages import MESSAGES, render
from geo.staff.intake import UnsupportedUpload, UploadTooLarge, read_upload

HEADER = ",".join(COLUMN_NAMES)
GOOD = dict(zip(COLUMN_NAMES, (
    "bd-nice,City of Nice,city,FR,Nice,Brussels Declaration,signatory,2022-11-23,,43.70313,"
    "7.26608,city,yes,no,Signed.,,https://efus.eu/x"
).split(",")))  # fmt: skip
# One bad cell a row, and the code each must get.
BAD_ROWS = [
    ({"id": "bd nice!"}, "id_invalid"),
    ({"kind": "town hall"}, "kind_unknown"),
    ({"country": "Frnace"}, "country_misspelt"),
    ({"country": "Qzxwvk"}, "country_unknown"),
    ({"lat": "943.7"}, "lat_out_of_range"),
    ({"lon": "-181"}, "lon_out_of_range"),
    ({"lat": "4_3.7"}, "number_underscore"),
    ({"lat": "٤٣.٧"}, "number_non_latin_digits"),
    ({"lat": "1e-400"}, "number_underflow"),
    ({"lat": "nan"}, "number_invalid"),
    ({"lon": ""}, "coordinate_half"),
    ({"lat": "7.26608", "lon": "43.70313"}, "latlon_swapped"),
    ({"precision": "street"}, "precision_unknown"),
    ({"public": "maybe"}, "flag_invalid"),
    ({"start": "2022-13"}, "date_month_invalid"),
    ({"start": "2022-02-30"}, "date_day_invalid"),
    ({"start": "23/11/2022"}, "date_day_first"),
    ({"start": "soon"}, "date_invalid"),
    ({"start": "2022-11-23", "end": "2021"}, "dates_reversed"),
    ({"source": "efus.eu"}, "source_invalid"),
    ({"activity": "Signatory"}, "activity_misspelt"),
    ({"name": ""}, "cell_empty"),
    ({"notes": "https://e.org/;=1+1"}, "formula_after_separator"),
]


def _row(number: int, changes: dict[str, str]) -> str:
    cells = {**GOOD, "id": f"row-{number}", **changes}
    return ",".join(cells[c] for c in COLUMN_NAMES)


@pytest.fixture(scope="module")
def bad_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("codes") / "list.csv"
    rows = [_row(i, changes) for i, (changes, _) in enumerate(BAD_ROWS)]
    path.write_text("\n".join([HEADER + ",extra", *rows, _row(99, {}) + ",x,y"]) + "\n",
                    encoding="utf-8")  # fmt: skip
    return path


def _same_words(problem: Problem) -> None:
    assert render(problem.code, problem.params) == (problem.message, problem.fix), problem


def test_each_bad_cell_gets_its_code_at_its_row(bad_file):
    found = check_paths([bad_file]).problems
    for i, (_, code) in enumerate(BAD_ROWS):
        codes = [p.code for p in found if p.row == i + 2]
        assert code in codes, (i + 2, code, [str(p) for p in found if p.row == i + 2])
    assert {p.code for p in found if p.row == 1} == {"column_unknown"}
    assert any(p.code == "row_extra_cells" and p.row == len(BAD_ROWS) + 2 for p in found)


def test_every_problem_reads_the_same_rendered_from_its_code_and_params(bad_file, tmp_path):
    found = list(check_paths([bad_file]).problems)
    dup = tmp_path / "dup.csv"
    dup.write_text("\n".join([HEADER, _row(1, {}), _row(1, {"city": "Nicé"})]) + "\n",
                   encoding="utf-8")  # fmt: skip
    found += check_paths([dup]).problems
    assert {"id_duplicate", "spelling_variant"} <= {p.code for p in found}
    for problem in found:
        assert problem.code in MESSAGES
        _same_words(problem)


def test_a_file_refused_whole_says_why_by_code(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64)
    (tmp_path / "empty.csv").write_bytes(b"\n\n")
    cases = [("notes.pdf", NotATable, "file_type_unsupported"), ("old.xlsx", NotATable, "xls_old"),
             ("empty.csv", ReadError, "file_empty")]  # fmt: skip
    for name, kind, code in cases:
        with pytest.raises(kind) as err:
            read_table(tmp_path / name)
        assert err.value.code == code and err.value.problem is not None
        _same_words(err.value.problem)
    with pytest.raises(LimitError) as err:
        read_table(tmp_path / "empty.csv", limits=Limits(max_bytes=1))
    assert err.value.code == "file_too_large" and err.value.params["limit"] == "0.0 MB"


def test_an_upload_keeps_the_code_of_what_refused_it():
    with pytest.raises(UnsupportedUpload) as err:
        read_upload("list.pdf", b"%PDF")
    assert err.value.code == "upload_type_unsupported"
    with pytest.raises(UploadTooLarge) as err:
        read_upload("list.csv", b"name,country\n" + b"Nice,FR\n" * 30,
                    limits=Limits(max_rows=3))
    assert err.value.code == "file_too_many_rows" and err.value.params == {"limit": 3}


def test_the_intake_warnings_have_codes_and_read_the_same():
    data = (b"name,country,kind,lat,lon,notes\n"
            b"Camera,BE,site,50.6,5.5,=HYPERLINK(1)\n")  # fmt: skip
    intake = read_upload("sites.csv", data, strict=False)
    codes = {p.code for p in intake.problems}
    assert {"formula_start", "presumed_sensitive"} <= codes
    for problem in intake.problems:
        _same_words(problem)


def test_a_refused_save_names_each_bad_id_by_code(tmp_path):
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "a.csv").write_text(HEADER + "\n" + _row(1, {}) + "\n", encoding="utf-8")
    store = Store.open(tmp_path / "var", seed=seed)
    changes = Changes(added=({**GOOD, "id": "row-1"},), changed=({"id": "ghost", "name": "x"},),
                      deleted=("nobody",))  # fmt: skip
    with pytest.raises(DataError) as err:
        store.save(changes, base_revision=0, author="Alice")
    assert [p.code for p in err.value.problems] == ["id_taken_at", "id_unknown",
                                                    "id_unknown_delete"]  # fmt: skip
    for problem in err.value.problems:
        _same_words(problem)
    with pytest.raises(DataError) as err:
        store.set_override("Nice", "FR", "4_3.7", 7.2, author="Alice")
    assert err.value.code == "store_coordinate_invalid"


# What reading a message's words to decide looks like; none of it may be in geo/.
_READS_WORDS = re.compile(
    r"in\s+\w*\.message\b|\.message\s+(==|in|!=)|\.message\.(startswith|split)|"
    r"str\(exc\)\.|in\s+str\(exc\)|str\(error\)\.|in\s+str\(error\)"
)


def test_no_code_in_geo_decides_by_the_words_of_a_message():
    root = Path(__file__).resolve().parent.parent / "geo"
    offenders = [
        f"{path.relative_to(root)}:{n}: {line.strip()}"
        for path in sorted(root.rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if _READS_WORDS.search(line)
    ]
    assert offenders == []
