"""The staff intake page under AppTest: login, upload a messy French-Excel list, correct it,
settle the uncertain places, save, and a restart that shows the places; and that nobody
without a login reaches the upload, whatever the URL."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from geo.config import settings
from geo.dashboard import working
from geo.data.store import Changes, Store
from tests.hostile import BOMBS, MALFORMED
from tests.html_table import shown_table

FILES = {**MALFORMED, **BOMBS}

TIMEOUT = 90
PASSWORD = "a staff password for tests"
LIST = "signataires-2024.csv"


@pytest.fixture(scope="session")
def secrets() -> dict:
    from geo.staff.auth import hash_password

    return {"staff": {"password_hash": hash_password(PASSWORD)}}


@pytest.fixture(scope="session")
def messy_list(root) -> bytes:
    return (root / "tests" / "data" / "intake" / LIST).read_bytes()


@pytest.fixture
def store_dir(root, monkeypatch, tmp_path):
    monkeypatch.setenv("EFUS_DATA", str(root / "tests" / "data" / "mini"))
    monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / "store"))
    return tmp_path / "store"


@pytest.fixture
def app(root, store_dir, secrets):
    """``app(as_staff=True)``: a session at the intake page, logged in through the login page.
    ``query``: the URL's query string, as a dict."""

    def make(query: dict | None = None, *, as_staff: bool = False, configured: bool = True):
        at = AppTest.from_file(str(root / "streamlit_app.py"), default_timeout=TIMEOUT)
        if configured:
            at.secrets.update(secrets)
        at.query_params.update(query or {})
        at.run()
        if as_staff:
            at.switch_page("app_pages/login.py").run()
            at.text_input(key="staff_login_password").input(PASSWORD)
            at.button[0].click().run()
            assert [t.value for t in at.title] == ["Data intake"], "login failed"
        return at

    return make


def texts(elements) -> list[str]:
    """What a person reads in st.error/st.success/…: the page escapes markdown with '\\'."""
    return [e.value.replace("\\", "") for e in elements]


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label.startswith(label))


def table(at: AppTest, column: str):
    """The first table on the page with ``column``: the report has 'fix' (an HTML table, read
    back as a browser shows it), the preview 'status'."""
    if column == "fix":
        return shown_table(at).astype({"row": int})
    return next(d.value for d in at.dataframe if column in d.value.columns)


def headline(at: AppTest) -> str:
    return next(m.value for m in at.markdown if " shown · " in m.value)


def upload_and_fix(at: AppTest, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((LIST, data, "text/csv")).run()
    report = table(at, "fix")
    errors = report[report["severity"] == "error"]
    assert errors[["row", "column", "value"]].values.tolist() == [
        [11, "lat", "7,2620"], [15, "start", "23/11/2022"]]  # fmt: skip
    assert "swap them: lat 43.7034, lon 7,2620" in errors["fix"].iloc[0]
    assert "write 2022-11-23" in errors["fix"].iloc[1]
    warning = report[report["severity"] == "warning"].iloc[0]
    assert (warning["row"], warning["column"]) == (28, "description")  # a formula, neutralised
    assert texts(at.error)[0] == f"{LIST}: 2 errors to correct, 1 warning"
    assert not at.selectbox(key="fix_row").disabled and "Position" not in [
        s.label for s in at.selectbox]  # no review while errors remain  # fmt: skip

    at.button(key="quick_11_latlon_swapped").click().run()  # the report's own fix: swap lat and lon
    at.selectbox(key="fix_row").set_value(15)
    at.selectbox(key="fix_column").set_value("start")
    at.text_input(key="fix_value").input("2022-11-23")
    button(at, "Correct").click().run()
    assert not at.exception and texts(at.error) == [], texts(at.error)
    assert texts(at.warning) == [f"{LIST}: 0 errors to correct, 1 warning"]
    return at


def settle(at: AppTest) -> AppTest:
    titles = [m.value for m in at.markdown if "·" in m.value and m.value.startswith("**")]
    assert [t.replace("\\", "") for t in titles] == [
        "**Strasbuorg (France) · row 9** · fuzzy",
        "**Neustadt (Germany) · row 10** · ambiguous",
    ]
    strasbourg = at.selectbox(key="pick_strasbuorg|FR")
    assert strasbourg.value == 0 and strasbourg.options[0].startswith("Strasbourg (FR")
    at.button(key="settle_strasbuorg|FR").click().run()  # the proposed spelling
    at.selectbox(key="pick_neustadt|DE").set_value(-1).run()  # "type a position…"
    at.text_input(key="lat_neustadt|DE").input("49,3539")  # a decimal comma, as in France
    at.text_input(key="lon_neustadt|DE").input("north")
    at.button(key="settle_neustadt|DE").click().run()
    assert "longitude 'north' is not a number" in texts(at.error)[0]
    at.text_input(key="lon_neustadt|DE").input("8.1393")
    at.button(key="settle_neustadt|DE").click().run()
    assert not at.exception and texts(at.error) == [], texts(at.error)
    assert texts(at.success)[-1] == "Every one of the 30 rows has a position."
    return at


def test_a_messy_list_is_corrected_settled_saved_and_on_the_map_after_a_restart(
    app, store_dir, messy_list
):
    at = settle(upload_and_fix(app(as_staff=True), messy_list))
    store = Store.open(store_dir)
    assert store.overrides() == {("strasbuorg", "FR"): (48.58392, 7.74553),
                                 ("neustadt", "DE"): (49.3539, 8.1393)}  # fmt: skip
    assert [m.value for m in at.markdown if "added ·" in m.value] == [
        "**30 added · 0 changed · 0 unchanged**"]  # fmt: skip
    preview = table(at, "status")
    assert len(preview) == 30 and set(preview["status"]) == {"added"}
    button(at, "Save into the working dataset").click().run()
    assert not at.exception
    assert texts(at.success)[0].startswith(f"{LIST} saved as revision 3: 30 added, 0 changed")
    assert len(at.file_uploader) == 1 and at.file_uploader[0].value is None  # ready for more
    assert len(Store.open(store_dir).frame()) == 14 + 30

    # A restart: new sessions, new script runs, the same store folder.
    public = app()
    assert headline(public) == "**43 of 43 shown · 22 countries · 2 projects**"
    staff = app(as_staff=True)
    staff.switch_page("app_pages/dashboard.py").run()
    assert not staff.exception
    # The rows and positions the staff map draws (the dashboard's own view of the store; its
    # table is paged HTML without positions).
    config = settings()
    rows = working.load_view(working.open_store(config).path, audience="staff",
                             settings=config).set_index("id")  # fmt: skip
    assert rows.loc["fr-ville-de-strasbourg", ["lat", "lon"]].tolist() == [48.58392, 7.74553]
    assert rows.loc["de-stadt-neustadt", ["lat", "lon"]].tolist() == [49.3539, 8.1393]
    assert rows.loc["fr-ville-de-nice", ["lat", "lon"]].tolist() == [43.7034, 7.262]
    assert rows.loc["ch-ville-de-geneve", "description"] == "<script>alert('efus')</script>"
    assert rows.loc["ie-dublin-city-council", "description"].startswith("'=HYPERLINK")


def test_a_save_that_meets_someone_elses_is_refused_shown_and_planned_again(
    app, store_dir, messy_list
):
    at = settle(upload_and_fix(app(as_staff=True), messy_list))
    store = Store.open(store_dir)
    # Meanwhile a colleague adds Nice, under the id the upload's row would get.
    row = {"id": "fr-ville-de-nice", "name": "Ville de Nice", "kind": "city", "country": "FR",
           "city": "Nice", "project": "Brussels Declaration", "activity": "signatory",
           "start": "2022", "source": "https://efus.eu/b", "_file": "data/places.csv"}  # fmt: skip
    store.save(Changes(added=(row,)), base_revision=store.revision, author="Dominique")
    button(at, "Save into the working dataset").click().run()
    assert not at.exception
    (conflict,) = texts(at.error)
    assert "not saved" in conflict and "Dominique changed fr-ville-de-nice" in conflict
    assert len(Store.open(store_dir).frame()) == 15  # nothing of the upload was written
    # The page planned again from what is saved now: Nice is a change to Dominique's row.
    assert [m.value for m in at.markdown if "added ·" in m.value] == [
        "**29 added · 1 changed · 0 unchanged**"]  # fmt: skip
    preview = table(at, "status")
    nice = preview[preview["id"] == "fr-ville-de-nice"].set_index("column")
    assert nice.loc["source", ["old", "new"]].tolist() == [
        "https://efus.eu/b",
        "https://efus.eu/fr/",
    ]
    button(at, "Save into the working dataset").click().run()
    assert texts(at.success)[0].startswith(f"{LIST} saved as revision 4: 29 added, 1 changed")
    frame = Store.open(store_dir).frame().set_index("id")
    assert len(frame) == 14 + 30 and frame.loc["fr-ville-de-nice", "source"] == (
        "https://efus.eu/fr/")  # fmt: skip


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("liste.txt", b"a;b\r\n", "liste.txt: .txt is not accepted; fix: save the sheet as CSV"),
        ("liste.xlsx", b"not a zip", "liste.xlsx: this is not an Excel workbook"),
        ("big.csv", b"x" * (5 * 1024 * 1024 + 1), "big.csv: 5.0 MB is more than the 5.0 MB"),
        ("vide.csv", b"", "vide.csv: the file is empty"),
    ],
)
def test_a_refused_upload_says_why_and_how_to_fix_it(app, name, data, message):
    at = app(as_staff=True)
    at.file_uploader[0].set_value((name, data, "application/octet-stream")).run()
    assert not at.exception
    assert texts(at.error)[0].startswith(message)
    assert len(at.get("data_editor")) == 0 and not at.dataframe


PAGE_SAYS = {
    "utf16-odd.csv": "utf16-odd.csv:3:-: the file says it is UTF-16 but its bytes are not",
    "utf16-surrogate.csv": "utf16-surrogate.csv:2:-: the file says it is UTF-16 but its bytes",
    "malformed-sheet.xlsx": "malformed-sheet.xlsx: not a readable Excel workbook (ParseError",
    "entity-bomb.xlsx": "entity-bomb.xlsx: not a readable Excel workbook (its XML declares",
    "corrupt-deflate.xlsx": "corrupt-deflate.xlsx: not a readable Excel workbook (",
    "many-rows.xlsx": "many-rows.xlsx: more than the 20000 rows a file may have; fix: split",
    "unpacks-huge.xlsx": "unpacks-huge.xlsx: the workbook unpacks to 112.8 MB, more than the",
}


@pytest.mark.parametrize("name", sorted(PAGE_SAYS))
def test_a_hostile_file_is_refused_with_its_reason_and_the_page_stays_up(app, name):
    at = app(as_staff=True)
    at.file_uploader[0].set_value((name, FILES[name](), "application/octet-stream")).run()
    assert not at.exception
    (error,) = texts(at.error)
    assert error.startswith(PAGE_SAYS[name]) and "fix: " in error
    assert len(at.get("data_editor")) == 0 and not at.dataframe
    assert [t.value for t in at.title] == ["Data intake"] and len(at.file_uploader) == 1


def test_rows_of_another_encoding_are_reported_at_their_row_until_corrected(app):
    at = app(as_staff=True)
    name = "mixed.csv"
    head = "Nom;Type;Pays;Ville;Projet;Activité;Début;Latitude;Longitude;Source\n"
    row = "{0};city;{1};{0};Brussels Declaration;signatory;2022;{2};{3};https://efus.eu/\n"
    data = (head + row.format("Liège", "Belgique", "50.63", "5.57")
            + row.format("Gdańsk", "Pologne", "54.35", "18.65")).encode() + row.format(
        "Xàbia", "Espagne", "38.79", "0.17").encode("cp1252")  # fmt: skip
    at.file_uploader[0].set_value((name, data, "text/csv")).run()
    assert not at.exception
    assert texts(at.error)[0] == f"{name}: 1 error to correct, 0 warnings"
    report = table(at, "fix")
    assert report[["row", "column", "value"]].values.tolist() == [[4, "", "Xàbia; Xàbia"]]
    assert report["problem"][0].startswith("this row is not UTF-8 while the rest of the file is")
    at.selectbox(key="fix_row").set_value(4)
    at.selectbox(key="fix_column").set_value("name")
    at.text_input(key="fix_value").input("Jávea")  # one of its two accented cells: checked
    button(at, "Correct").click().run()
    assert not at.exception and texts(at.error) == [], texts(at.error)


QUERIES = [
    {}, {"page": "intake"}, {"staff": "1"}, {"audience": "staff"}, {"intake": "1"},
    {"embed": "1"}, {"present": "1"}, {"login": "1", "staff": "true", "page": "app_pages/intake"},
]  # fmt: skip


@pytest.mark.parametrize("configured", [True, False], ids=["login-configured", "no-login"])
@pytest.mark.parametrize("query", QUERIES, ids=lambda q: "&".join(f"{k}={v}" for k, v in q.items()))
def test_no_url_shows_the_public_an_upload_staff_fields_or_exact_equipment(app, configured, query):
    at = app(query, configured=configured)
    assert not at.exception
    assert len(at.file_uploader) == 0
    if at.dataframe:
        assert "notes" not in at.dataframe[0].value.columns
    for component in at.get("component_instance"):
        args = component.proto.json_args
        assert "4369110" not in args and "724750" not in args  # pe-nice-cables' exact site
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/intake.py")  # not a page for this visitor


def test_the_intake_address_asks_the_public_to_log_in(app):
    at = app()
    at.switch_page("app_pages/login.py").run()  # what /intake shows without a login
    assert [t.value for t in at.title] == ["Staff login"]
    assert len(at.file_uploader) == 0
    at.text_input(key="staff_login_password").input("not the password")
    at.button[0].click().run()
    assert texts(at.error) == ["Wrong password."] and len(at.file_uploader) == 0


def test_the_intake_script_run_on_its_own_shows_no_upload(root, store_dir, secrets):
    at = AppTest.from_file(str(root / "app_pages" / "intake.py"), default_timeout=TIMEOUT)
    at.secrets.update(secrets)
    at.run()
    assert not at.exception and len(at.file_uploader) == 0
    assert "log in first" in at.info[0].value


def test_a_saved_mixed_list_lands_in_the_data_file_of_each_rows_kind(app, store_dir, tmp_path):
    import csv
    import io

    from tests.test_merge import MIXED

    at = app(as_staff=True)
    at.file_uploader[0].set_value(("mixed.csv", MIXED.encode("cp1252"), "text/csv")).run()
    assert not at.exception and texts(at.error) == [], texts(at.error)
    preview = table(at, "status").set_index("name")["file"]
    assert preview["Bollards Place Masséna"] == "data/sites.csv (pilot security equipment)"
    assert preview["Ville de Liège"] == "data/activities.csv (activities and events)"
    button(at, "Save into the working dataset").click().run()
    assert not at.exception and texts(at.success)[0].startswith("mixed.csv saved as revision")

    out = tmp_path / "dumped"
    Store.open(store_dir).dump(out)  # what `python -m geo dump` writes
    names = {p.name: [r["name"] for r in csv.DictReader(io.StringIO(p.read_text("utf-8")))]
             for p in out.glob("*.csv")}  # fmt: skip
    assert names["sites.csv"] == ["Bollards Place Masséna"]
    assert names["activities.csv"] == ["Kick-off in Turin", "Ville de Liège"]
    assert names["signatories.csv"] == ["Ville de Lyon"]
    assert names["partners.csv"] == ["Région Occitanie", "Efus"]
    assert len(names["places.csv"]) == 14  # the seed's own file, untouched


def test_a_typed_city_settled_once_is_written_and_placed_at_once_the_next_time(
    app, store_dir, tmp_path
):
    """No notes column: the alias lives with the manual choices (overrides.csv), so the
    second list that writes 'Luik' needs no click and no review."""
    data = (b"name;kind;country;city;project;activity;source\r\n"
            b"Stad Luik;city;BE;Luik;PACTESUR;partner;https://efus.eu/\r\n")  # fmt: skip
    at = app(as_staff=True)
    at.file_uploader[0].set_value(("leden.csv", data, "text/csv")).run()
    fix = at.button(key="quick_2_city_spelling")
    assert fix.label == (
        "Row 2: write the city Luik as Liège and remember Luik as another name for it")
    fix.click().run()
    assert not at.exception
    overrides = Store.open(store_dir).overrides()
    assert overrides[("luik", "BE")] == pytest.approx((50.63373, 5.56749), abs=0.01)
    button(at, "Save into the working dataset").click().run()
    assert texts(at.success)[0].startswith("leden.csv saved as revision")

    out = tmp_path / "dumped"
    Store.open(store_dir).dump(out)  # the alias travels with data/ (python -m geo dump)
    assert "Luik,BE," in (out / "overrides.csv").read_text("utf-8")

    again = data.replace(b"Stad Luik", b"Politiezone Luik")  # another list, another name
    at.file_uploader[0].set_value(("leden-2025.csv", again, "text/csv")).run()
    assert not at.exception
    frame = at.session_state["intake_frame"]
    assert frame.loc[frame["_row"] == 2, "city"].tolist() == ["Liège"]  # no click
    assert not [b for b in at.button if b.key and b.key.startswith("quick_")]
    assert "Row 2: the city Luik is written Liège, as settled before" in texts(at.info)
    assert "Every one of the 1 rows has a position." in texts(at.success)  # no review
