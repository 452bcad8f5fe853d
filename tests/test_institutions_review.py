"""The intake's one-click fixes for the problems whose fix is known, on a list written the way
French Excel saves it: dates day first, a misspelt country, decimal commas (read as they are)."""

from __future__ import annotations

from geo.staff.intake import check_edited, editable, quick_fixes, read_upload, with_cells
from tests.test_intake_app import app, secrets, store_dir  # noqa: F401  (the page's fixtures)

LIST = (
    "Nom;Type;Pays;Ville;Projet;Activité;Début;Latitude;Longitude;Source\r\n"
    "Ville de Liège;city;Belgiqe;Liège;PACTESUR;partner;15/03/2024;50,6337;5,5675;https://efus.eu/\r\n"
    "Région Occitanie;region;FR;Toulouse;PACTESUR;partner;15.03.2024;;;"
    "https://efus.eu/\r\n"
).encode("cp1252")


def test_each_known_fix_is_one_click_and_the_list_then_loads():
    intake = read_upload("membres.csv", LIST, require_id=False)
    assert {p.code for p in intake.errors} == {"country_misspelt", "date_day_first"}
    frame = editable(intake)
    fixes = quick_fixes(frame, intake.problems)
    assert [(f.row, f.code, dict(f.cells)) for f in fixes] == [
        (2, "date_day_first", {"start": "2024-03-15"}),  # 15/03/2024
        (3, "date_day_first", {"start": "2024-03-15"}),  # 15.03.2024
        (2, "country_misspelt", {"country": "BE"}),  # one button per guess
        (2, "country_misspelt", {"country": "BZ"}),
    ]
    # A decimal comma needs no click: the one parser reads it, the editor shows a dot.
    liege_cells = frame.loc[frame["_row"] == 2, ["lat", "lon"]].values.tolist()
    assert liege_cells == [["50.6337", "5.5675"]]
    assert len({f.key for f in fixes}) == len(fixes)  # one button each on the page
    for fix in fixes:
        if fix.cells != {"country": "BZ"}:  # the reviewer picks Belgium
            frame = with_cells(frame, row=fix.row, cells=fix.cells)
    checked = check_edited(frame, file=intake.file, columns=intake.columns, require_id=False)
    assert checked.ok, [p.message for p in checked.errors]
    liege, occitanie = checked.records
    assert (liege["country"], liege["start"]) == ("BE", "2024-03-15")
    assert (liege["lat"], liege["lon"]) == (50.6337, 5.5675)
    assert occitanie["start"] == "2024-03-15"


def test_the_fixes_are_labelled_in_the_readers_language():
    intake = read_upload("membres.csv", LIST, require_id=False)
    labels = {f.code: f.label for f in quick_fixes(editable(intake), intake.problems, lang="fr")
              if f.row == 2}  # fmt: skip
    assert labels["date_day_first"] == (
        "Ligne 2 : écrire la date 15/03/2024 sous la forme 2024-03-15"
    )
    assert labels["country_misspelt"].startswith("Ligne 2 : écrire le pays Belgiqe")


# -- the place's canonical spelling for the city column ------------------------------------

SPELLINGS = (
    "Nom;Type;Pays;Ville;Projet;Activité;Source;Notes\r\n"
    "Stad Luik;city;BE;Luik;PACTESUR;partner;https://efus.eu/;member since 2019\r\n"
    "Ville de Liège;city;BE;Liège;PACTESUR;partner;https://efus.eu/;\r\n"
    "Gemeente Xyzzyville;city;NL;Xyzzyville;PACTESUR;partner;https://efus.eu/;\r\n"
    "Région Occitanie;region;FR;;PACTESUR;partner;https://efus.eu/;\r\n"
).encode("cp1252")


def _geocoder():
    from geo.places.geocoder import default_geocoder

    return default_geocoder()


def test_a_city_typed_in_another_language_is_offered_in_its_canonical_spelling():
    from geo.staff.intake import spelling_fixes

    intake = read_upload("membres.csv", SPELLINGS, require_id=False)
    frame = editable(intake)
    # Only Luik: Liège is already written so, an unknown town and a blank city offer nothing.
    [fix] = spelling_fixes(frame, geocoder=_geocoder())
    assert (fix.row, dict(fix.cells)) == (
        2, {"city": "Liège", "notes": "member since 2019; city as typed: Luik"})
    assert fix.label == "Row 2: write the city Luik as Liège, keeping Luik in the notes"
    frame = with_cells(frame, row=fix.row, cells=fix.cells)
    checked = check_edited(frame, file=intake.file, columns=intake.columns, require_id=False)
    assert checked.ok, [p.message for p in checked.errors]
    assert (checked.records[0]["city"], checked.records[0]["notes"]) == (
        "Liège", "member since 2019; city as typed: Luik")


def test_the_canonical_spelling_is_offered_in_the_readers_language_without_a_notes_column():
    from geo.staff.intake import spelling_fixes

    no_notes = b"\r\n".join(line.rsplit(b";", 1)[0] for line in SPELLINGS.split(b"\r\n"))
    intake = read_upload("membres.csv", no_notes, require_id=False)
    [fix] = spelling_fixes(editable(intake), geocoder=_geocoder(), lang="fr")
    assert dict(fix.cells) == {"city": "Liège"}
    assert fix.label == ("Ligne 2 : écrire la ville Luik sous la forme Liège et retenir Luik "
                         "comme un autre de ses noms")


def test_the_intake_page_writes_the_canonical_city_with_one_click(app):  # noqa: F811
    at = app(as_staff=True)
    data = (b"id;name;kind;country;city;project;activity;source;notes\r\n"
            b"luik;Stad Luik;city;BE;Luik;PACTESUR;partner;https://efus.eu/;\r\n")
    at.file_uploader[0].set_value(("leden.csv", data, "text/csv")).run()
    fix = at.button(key="quick_2_city_spelling")
    assert fix.label == "Row 2: write the city Luik as Liège, keeping Luik in the notes"
    fix.click().run()
    assert not at.exception
    frame = at.session_state["intake_frame"]
    line = frame.loc[frame["_row"] == 2].iloc[0]
    assert (line["city"], line["notes"]) == ("Liège", "city as typed: Luik")
    assert "quick_2_city_spelling" not in [b.key for b in at.button]  # nothing left to offer
