"""Downloads, links, modes and the tour: the page's logic without Streamlit."""

from __future__ import annotations

import csv
import io
import json
import re

import pandas as pd
import pytest

from geo.dashboard import details, downloads, markdown, mode, share, tour, working
from geo.dashboard import livemap as dashmap
from geo.data.dataset import load_dataset
from geo.selection import Selection, searchable


@pytest.fixture(scope="module")
def mini(root):
    return load_dataset(root / "tests" / "data" / "mini")


def test_csv_neutralises_formulas_and_keeps_numbers(mini):
    frame = mini.assign(city=["-1+2", "@SUM(A1)", "+x", "\tTab", *mini["city"][4:]])
    data = downloads.to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads the accents right
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    safe = next(r for r in rows if r["id"] == "bd-safe-brussels")
    assert safe["description"].startswith("'=HYPERLINK(")
    assert [r["city"] for r in rows[:4]] == ["'-1+2", "'@SUM(A1)", "'+x", "'\tTab"]
    madrid = next(r for r in rows if r["id"] == "in-draft")
    assert madrid["lon"] == "-3.70256"  # a negative number is not a formula
    assert rows[1]["city"] != frame["city"][1] and frame["city"][1] == "@SUM(A1)"  # untouched


def test_geojson_has_every_placed_row(mini):
    collection = json.loads(downloads.to_geojson(mini))
    assert len(collection["features"]) == len(mini)
    nice = next(f for f in collection["features"] if f["properties"]["id"] == "bd-nice")
    assert nice["geometry"]["coordinates"] == [7.26608, 43.70313]


def test_standalone_map_needs_nothing_from_outside(mini):
    html = dashmap.standalone_html(mini, audience="public", title="Efus <test> map").decode()
    assert not re.search(r"""<(script|link|img)\b[^>]*\b(src|href)=["']?(https?:)?//""", html)
    assert "<script>" in html and "leaflet" in html  # Leaflet is inside the file
    assert "Efus &lt;test&gt; map" in html
    assert "4369110" not in html  # the public file has no exact equipment site


def test_share_url_and_embed_snippet():
    selection = Selection(countries=("BE",), activities=("pilot equipment",), text="a&b")
    url = share.share_url("https://maps.efus.eu/dashboard", selection)
    assert url == ("https://maps.efus.eu/dashboard?country=BE&activity=pilot%20equipment&q=a%26b")
    assert (
        Selection.from_query({k: v[0] for k, v in mode.raw_query(url.split("?")[1]).items()})[0]
        == selection
    )
    snippet = share.iframe_snippet(
        share.share_url("http://x/", selection, embed=True), title=share.map_title(selection)
    )
    assert snippet.startswith('<iframe src="http://x/?country=BE&amp;activity=pilot%20')
    assert 'title="Where Efus works: pilot equipment · Belgium"' in snippet
    assert share.file_stem(selection) == "efus-map-BE-pilot-equipment"


def test_modes_from_the_link():
    assert mode.mode_from_query({}) == mode.Mode("public", False, False)
    assert mode.mode_from_query({"embed": ["1"]}, staff=True) == mode.Mode("public", True, False)
    # A projector shows the room: staff present the public view unless they ask for theirs.
    assert mode.mode_from_query({"present": "true"}, staff=True).audience == "public"
    staff_talk = mode.mode_from_query({"present": "1", "audience": ["staff"]}, staff=True)
    assert staff_talk.audience == "staff" and mode.screen_warning(staff_talk)
    assert mode.mode_from_query({"present": "1", "audience": "staff"}).audience == "public"
    assert mode.mode_from_query({"embed": "1", "audience": "staff"}, staff=True).audience == (
        "public")  # fmt: skip
    assert mode.mode_from_query({"audience": "public"}, staff=True).audience == "staff"
    assert mode.screen_warning(mode.mode_from_query({}, staff=True)) is None
    assert mode.mode_from_query({"embed": "0", "present": "yes"}).present
    with pytest.raises(mode.ModeError, match="'admin'"):
        mode.Mode(audience="admin")


def test_markdown_from_data_is_inert():
    text = markdown.md_escape("![x](http://evil/) <b>:red[hi]</b> *a*")
    assert "![" not in text and "](" not in text and ":red[" not in text
    assert "\\<b\\>" in text and "\\*a\\*" in text


def test_tour_goes_by_date_then_name(mini):
    stops = tour.tour(searchable(mini))
    # One stop a city, ranked by its first row: "2019" (Nice's cables) and "2019" (Riga) start
    # on 1 January 2019, then by name; Liège's first row is of 2019-09, Turin's of 2021-11.
    assert [s.id for s in stops[:4]] == ["FR/Nice", "LV/Riga", "BE/Liège", "IT/Turin"]
    assert tour.step(0, -1, len(stops)) == len(stops) - 1 and tour.step(0, 1, 0) == 0


def test_details_keep_staff_notes_for_staff(mini):
    row = mini.set_index("id").loc["pe-liege-barrier"].to_dict() | {"id": "pe-liege-barrier"}
    public = details.details(row)
    assert public.notes == "" and public.source.startswith("https://todayinliege.be/")
    assert ("Place", "Liège, Belgium") in public.facts
    assert details.details(row, audience="staff").notes == "staff note: storage depot"
    assert details.details({**row, "source": "javascript:alert(1)"}).source == ""


def test_public_view_moves_equipment_to_the_city_centre(mini):
    shown = working.audience_view(mini, audience="public", city_centre=lambda c, k: (1.0, 2.0))
    cables = shown[shown["id"] == "pe-nice-cables"].iloc[0]
    assert (cables["lat"], cables["lon"], cables["precision"]) == (1.0, 2.0, "city")
    assert "notes" not in shown and "in-draft" not in set(shown["id"])
    assert mini.loc[mini["id"] == "pe-nice-cables", "lat"].item() == 43.6911  # untouched


def test_view_frames_the_selection():
    one = pd.DataFrame({"lat": [50.63], "lon": [5.57]})
    view = dashmap.view_of(one)
    assert (view.lat, view.lon) == (50.63, 5.57) and 5 <= view.zoom <= 7
    europe = pd.DataFrame({"lat": [38.0, 57.0], "lon": [-9.0, 24.0]})
    assert dashmap.view_of(europe).zoom <= 4
    assert dashmap.view_of(europe.iloc[0:0]) == dashmap.View(50.0, 10.0, 4)


def test_the_mask_picks_exactly_the_rows_shown(mini):
    import base64

    import numpy as np

    frame = searchable(mini)
    text, index = dashmap.payload_text(frame)
    payload = json.loads(text)
    view = dashmap.points_view(frame, url="/x.json", index=index)
    shown = frame[frame["country"].isin(["BE", "IT"])]
    chosen = dashmap.select(view, frame, shown)
    bits = np.unpackbits(np.frombuffer(base64.b64decode(chosen.mask), dtype=np.uint8))
    lat = np.cumsum(payload["lat"]) if payload.get("delta") else np.asarray(payload["lat"])
    names = payload["values"][payload["fields"].index("name")]
    codes = payload["codes"][payload["fields"].index("name")]
    picked = {(names[codes[i]], round(lat[i] / 1e5, 3)) for i in range(len(lat)) if bits[i]}
    assert picked == {(n, round(y, 3)) for n, y in zip(shown["name"], shown["lat"], strict=True)}
    assert chosen.count == len(shown)
