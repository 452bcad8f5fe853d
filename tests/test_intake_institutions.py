"""The issue's walk-through, as a new staff member does it: a French-Excel list of 40 published
institutions (tests/data/institutions_fr.csv and its README) through the intake page, counting
every manual choice until it is saved; each choice left shows how its name was read."""

from __future__ import annotations

import pytest

from geo.data.store import Store
from tests.test_intake_app import app, button, secrets, store_dir, texts  # noqa: F401

LIST = "institutions_fr.csv"
# The most manual choices the list may take (27 Nov 2026): one click for the 19 dates written
# day first, one for the 3 seats named inside the bodies' names or given by the register of
# universities (reference/higher_education.csv: the universities of Leeds, Salford, Oulu and
# Erasmus Universiteit Rotterdam are matched there by their names) and a union proposed at its
# seat (Unione Terre di Castelli at Vignola, reference/unions.csv); the Swedish regions are
# matched at their councils' seats (reference/seats.csv), Kreis Lippe at Detmold, its seat
# (reference/districts.csv). Lower it when the geocoder learns more; never raise it to make a
# test pass.
MOST_CHOICES = 3
# Where staff would place a name the offline gazetteer does not know (none left in this list).
SEATS: dict[str, tuple[str, str]] = {}
HOW_READ = ("read as", "is named inside", "no place called", "no seat city given", "is shown at")


@pytest.fixture(scope="module")
def institutions(root) -> bytes:
    return (root / "tests" / "data" / LIST).read_bytes()


def review_titles(at) -> list[str]:
    return [m.value.replace("\\", "") for m in at.markdown
            if m.value.startswith("**") and " · row" in m.value]  # fmt: skip


def test_forty_published_institutions_go_through_the_intake_in_a_handful_of_choices(
    app, store_dir, institutions  # noqa: F811  (the page's fixtures)
):
    choices = 0
    at = app(as_staff=True)
    at.file_uploader[0].set_value((LIST, institutions, "text/csv")).run()
    assert not at.exception
    assert texts(at.error)[0] == f"{LIST}: 19 errors to correct, 0 warnings"
    # Every error is a date written day first: one click writes them all.
    assert not [b for b in at.button if (b.key or "").startswith("quick_2_")]
    button(at, "Write the 19 dates given day first as YYYY-MM-DD").click().run()
    choices += 1
    assert not at.exception and texts(at.error) == [], texts(at.error)

    # The review: every place it asks about says how its name was read.
    titles = review_titles(at)
    # Not the three Swedish regions: each is matched at its regional council's seat
    # (reference/seats.csv: Region Skåne at Kristianstad, not Malmö); nor Kreis Lippe, matched
    # at Detmold, its district's seat.
    assert len(titles) == 4, titles
    said = [c.value.replace("\\", "") for c in at.main.caption if not c.value.startswith("Rows:")]
    said = said[-len(titles):]  # under each title, in order: what the geocoder read
    for title, words in zip(titles, said, strict=True):
        assert any(w in words for w in HOW_READ), (title, words)
    seats = at.button(key="settle_named_seats")
    assert seats.label == "Keep the 3 towns proposed as the bodies' seats"
    pairs = next(m.value for m in at.markdown if "→" in m.value).replace("\\", "")
    assert pairs.startswith("Each of these bodies is proposed at a town named inside its name")
    assert "Alma Mater Studiorum - Università di Bologna → Bologna" in pairs  # ROR's alias
    assert "Leeds" not in pairs  # "University Of Leeds (UK)": the register's name, matched
    assert "Narbonne" not in pairs  # "Le Grand Narbonne": its seat, matched (an intercommunal body)
    seats.click().run()
    choices += 1

    left = review_titles(at)
    assert [t.split(" · ")[0] for t in left] == ["**Unione Terre di Castelli (Italy)"]
    for key in [b.key[len("settle_"):] for b in at.button
                if (b.key or "").startswith("settle_") and "|" in b.key]:  # fmt: skip
        if key in SEATS:  # no candidate: the reviewer types the seat's position
            at.text_input(key=f"lat_{key}").input(SEATS[key][0])
            at.text_input(key=f"lon_{key}").input(SEATS[key][1])
        at.button(key=f"settle_{key}").click().run()  # a region: its largest town, proposed
        choices += 1
        assert not at.exception and texts(at.error) == [], texts(at.error)
    assert texts(at.success)[-1] == "Every one of the 40 rows has a position."
    assert choices <= MOST_CHOICES

    button(at, "Save into the working dataset").click().run()
    assert texts(at.success)[0].startswith(f"{LIST} saved as revision")
    saved = Store.open(store_dir).frame()
    assert (saved["_file"] == "data/partners.csv").sum() == 40  # members and partners
    again = app(as_staff=True)  # the same list again: every place is settled for good
    again.file_uploader[0].set_value((LIST, institutions, "text/csv")).run()
    button(again, "Write the 19 dates given day first as YYYY-MM-DD").click().run()
    assert review_titles(again) == []


def test_the_one_click_decisions_speak_french_to_a_french_reader(institutions):
    from geo.places.geocoder import default_geocoder
    from geo.places.review import review_items
    from geo.staff.intake import (
        batch_fixes,
        check_edited,
        editable,
        named_seats,
        quick_fixes,
        read_upload,
        with_fixes,
    )

    intake = read_upload(LIST, institutions, require_id=False)
    frame = editable(intake)
    (dates,), one_by_one = batch_fixes(quick_fixes(frame, intake.problems, lang="fr"), lang="fr")
    assert dates.label == "Écrire les 19 dates données jour en premier sous la forme AAAA-MM-JJ"
    assert one_by_one == () and len(dates.fixes) == 19
    frame = with_fixes(frame, dates.fixes)
    assert frame.loc[frame["_row"] == 2, "start"].tolist() == ["2021-04-01"]  # 01/04/2021
    checked = check_edited(frame, file=LIST, columns=intake.columns, require_id=False)
    seats = named_seats(review_items(checked.frame, geocoder=default_geocoder()), lang="fr")
    assert seats is not None
    assert seats.label == "Retenir les 3 villes proposées comme sièges des organismes"
    assert seats.pairs[:2] == ("Métropole et Ville de Nice Côte d’Azur → Nice",
                               "Angers-Loire-Métropole (CA) → Angers")  # fmt: skip
    assert seats.lead.startswith("Chacun de ces organismes est proposé dans une ville")
