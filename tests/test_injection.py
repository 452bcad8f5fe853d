"""No template ever sees data or an address: hostile text in every column and every URL
parameter reaches each view as text, never as code (Jinja on the server, HTML or a JavaScript
template in the browser).

folium compiles what each macro renders as a Jinja template (``branca.element.Element``), so a
name such as ``{{ lipsum.__globals__.os.system('touch …') }}`` used to run a shell command on
the server. Each test here sends payloads through one way into a page and checks what a person
would get: the side-effect file is not there, the text reads back verbatim from the data the
page carries, nothing crashed.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geo.dashboard import livemap as dashmap
from geo.maps.audience import public_view
from geo.maps.elements import MapError, Verbatim, VerbatimMacro
from geo.maps.engine import build_map, render_html
from geo.maps.export import export_html
from geo.maps.payload import POPUP_FIELDS, TEMPLATE_TAG, decode_points, script_json
from geo.places.review import Choice, ReviewItem, choice_map_frame
from tests.conftest import open_dashboard
from tests.html_table import shown_table
from tests.mapdata import payload_of

# ``{marker}`` is the file the payload would create if it ran as a template on the server.
RCE = "{{{{ lipsum.__globals__.os.system('touch {marker}') }}}}"
JINJA = {
    "expression": "A {{7*7}}",
    "loop": "{% for x in range(3) %}x{% endfor %}",
    "comment": "a {# c #} b",
    "syntax error": "Café {{ l'église }}",  # a quote inside {{ }}: TemplateSyntaxError
}
SCRIPT = {
    "js template": "${alert(1)}",
    "js backtick": "`${7*7}`",
    "closing script": "</script><script>alert(1)</script>",
    "img onerror": "<img src=x onerror=alert(1)>",
}
TEXT_COLUMNS = ("name", "kind", "project", "activity", "city", "country", "description",
                "notes", "source", "start", "end")  # fmt: skip


def payloads(marker: Path) -> dict[str, str]:
    """Every payload, the shell one touching ``marker`` (none holds a comma: a URL list
    parameter splits on commas)."""
    return {"rce": RCE.format(marker=marker), **JINJA, **SCRIPT}


def hostile_rows(marker: Path, *, columns=TEXT_COLUMNS) -> list[dict]:
    """One row per payload, with the payload in every one of ``columns``."""
    rows = []
    for i, text in enumerate(payloads(marker).values()):
        row = {"id": f"hostile-{i}", "lat": 50.0 + i / 10, "lon": 4.0 + i / 10,
               "public": True, "sensitive": False, "precision": "city"}  # fmt: skip
        row.update({column: text for column in columns})
        rows.append(row)
    return rows


def hostile_frame(marker: Path):
    import pandas as pd

    return pd.DataFrame(hostile_rows(marker))


def title_of(text: str) -> str:
    """The title a page's map shows (``EfusMap.addTitle``'s JSON argument), decoded."""
    match = re.search(r"EfusMap\.addTitle\(\s*\w+,\s*(\"(?:[^\"\\]|\\.)*\")", text)
    assert match, "no map title in the page"
    return json.loads(match[1])


def assert_literal(rows: list[dict], marker: Path, *, fields=POPUP_FIELDS) -> None:
    """Every payload is in every field of some decoded point, as typed; nothing ran."""
    assert not marker.exists(), "a payload ran on the server"
    for field in fields:
        if field == "precision":
            continue
        shown = {row[field] for row in rows}
        for name, text in payloads(marker).items():
            assert text in shown, f"{name} payload not shown literally in {field}"
    assert "A 49" not in {row["name"] for row in rows}


# --- the boundary itself -------------------------------------------------------------------


EDGES = ("{{{x", "}}{{", "{%-", "\u2028")


@pytest.mark.parametrize("text", [*JINJA.values(), *SCRIPT.values(), *EDGES])
def test_script_json_reads_back_and_leaves_nothing_a_template_or_script_would_run(text):
    value = {"name": text, "nested": [text, {"deeper": text}]}
    out = script_json(value)
    assert json.loads(out) == value
    assert not TEMPLATE_TAG.search(out)
    assert not set("<>&'\u2028") & set(out)


def test_script_json_keeps_a_large_payload_exact():
    values = [f"{{{{row {i}}}}} {{% x %}} {{#{i}#}}" for i in range(20_000)]
    out = script_json({"values": values})
    assert json.loads(out)["values"] == values and not TEMPLATE_TAG.search(out)


def test_verbatim_text_is_never_compiled_and_a_raw_tag_fails_closed():
    from folium.template import Template

    assert Verbatim("{{ 7*7 }}").render() == "{{ 7*7 }}"

    class Careless(VerbatimMacro):  # a value that skipped script_json
        _template = Template("{% macro script(this, kwargs) %}{{ this.raw }}{% endmacro %}")

        def __init__(self):
            super().__init__()
            self.raw = "{{ 7*7 }}"

    m = build_map(hostile_frame(Path("/nonexistent")).iloc[:0])
    m.add_child(Careless())
    with pytest.raises(MapError, match=r"Careless rendered a template tag '\{\{ 7\*7"):
        render_html(m)


# --- maps built by the engine: export, standalone download, review, published points ------


@pytest.mark.parametrize("audience", ["staff", "public"])
def test_exported_map_shows_every_payload_in_every_column_as_text(tmp_path, audience):
    marker = tmp_path / "pwned"
    path = tmp_path / "map.html"
    title = RCE.format(marker=marker) + " " + JINJA["syntax error"]
    export_html(hostile_frame(marker), path, audience=audience, title=title)
    page = path.read_text(encoding="utf-8")
    assert_literal(decode_points(payload_of(page)), marker)
    assert title_of(page) == title
    assert "<script>alert(1)" not in page and "<img src=x" not in page


def test_standalone_download_shows_every_payload_as_text(tmp_path):
    marker = tmp_path / "pwned"
    title = "Where Efus works: " + JINJA["expression"]
    page = dashmap.standalone_html(hostile_frame(marker), audience="public", title=title)
    page = page.decode("utf-8")
    assert_literal(decode_points(payload_of(page)), marker)
    assert title_of(page) == title
    assert "<title>Where Efus works: A {{7*7}}</title>" in page  # not 49


def streamlit_folium_script(m, group=None) -> str:
    """What streamlit-folium sends to the browser for ``m`` (and a swapped-in group)."""
    from streamlit_folium import _get_feature_group_string, _get_map_string

    m.get_root().render()
    m.render()
    text = _get_map_string(m)
    return text + (_get_feature_group_string(group, m) if group is not None else "")


def test_review_map_shows_hostile_candidate_labels_as_text(tmp_path):
    marker = tmp_path / "pwned"
    choices = tuple(
        Choice(text, 50.0 + i / 10, 4.0) for i, text in enumerate(payloads(marker).values())
    )
    item = ReviewItem(RCE.format(marker=marker), "BE", (2,), ("x",), "ambiguous", "", choices)
    m = build_map(choice_map_frame(item), assets="static", height="260px")
    script = streamlit_folium_script(m)
    assert not marker.exists()
    names = {row["name"] for row in decode_points(payload_of(script))}
    assert names == set(payloads(marker).values())


@pytest.mark.parametrize("audience", ["staff", "public"])
def test_published_points_and_the_dashboard_layer_carry_payloads_as_text(tmp_path, audience):
    marker = tmp_path / "pwned"
    frame = hostile_frame(marker)
    shown = frame if audience == "staff" else public_view(frame)
    text, index = dashmap.payload_text(shown)
    url = dashmap.publish(text, static_dir=tmp_path / "static", audience=audience)
    view = dashmap.points_view(shown, url=url, index=index)
    base = dashmap.base_map(audience=audience, height=500)
    group = dashmap.points_layer(base, view, dashmap.select(view, shown, shown))
    script = streamlit_folium_script(base, group)
    assert not marker.exists()
    if audience == "public":
        text = (tmp_path / "static" / url.removeprefix("/app/static/")).read_text("utf-8")
    assert_literal(decode_points(json.loads(text)), marker)
    legend = json.loads(re.search(r"var entries = (\[.*?\]);\n", script)[1])
    assert {e["label"] for e in legend} == set(payloads(marker).values())


# --- the command line ----------------------------------------------------------------------

# Columns the data checks leave free; the others (kind, country, dates) must hold a known value.
FREE_COLUMNS = ("name", "project", "activity", "city", "description", "notes")
SOURCE = "https://efus.eu/{{7*7}}/{%for%}?q=${alert(1)}"  # a valid address (no space)


def write_list(path: Path, marker: Path) -> Path:
    rows = hostile_rows(marker, columns=FREE_COLUMNS)
    for row in rows:
        row.update(kind="city", country="BE", start="2022-11-23", end="", public="yes",
                   sensitive="no", source=SOURCE)  # fmt: skip
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("public", [False, True])
def test_cli_export_of_a_hostile_list_and_title_shows_them_as_text(root, tmp_path, public):
    marker = tmp_path / "pwned"
    data = write_list(tmp_path / "list.csv", marker)
    out = tmp_path / "map.html"
    title = RCE.format(marker=marker) + " " + JINJA["expression"]
    args = ["export", "--data", str(data), "--title", title, "-o", str(out)]
    done = subprocess.run([sys.executable, "-m", "geo", *args, *["--public"] * public],
                          capture_output=True, text=True, cwd=root, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    page = out.read_text(encoding="utf-8")
    fields = [f for f in FREE_COLUMNS if f != "notes"]  # staff notes are not a map field
    points = decode_points(payload_of(page))
    assert_literal(points, marker, fields=fields)
    assert {p["source"] for p in points} == {SOURCE}
    assert title_of(page) == title


def test_cli_lists_hostile_values_it_cannot_use_without_running_them(root, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "list.csv"
    rows = hostile_rows(marker, columns=("name", "kind", "start"))
    for row in rows:
        row.update(country="BE", project="PACTESUR", activity="partner", source="")
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    done = subprocess.run([sys.executable, "-m", "geo", "export", "--data", str(path), "-o",
                           str(tmp_path / "map.html")], capture_output=True, text=True,
                          cwd=root, timeout=180)  # fmt: skip
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"unknown kind {RCE.format(marker=marker)!r}" in done.stderr
    assert not marker.exists()


# --- the dashboard (AppTest): data cells and every URL parameter, in every view ------------

STAFF_PASSWORD = "a staff password for injection tests"
URL_PARAMS = ("country", "project", "activity", "kind", "from", "to", "q", "unknown")


@pytest.fixture
def hostile_app(root, monkeypatch, tmp_path):
    """The page on the mini dataset plus one row per payload (in every free column)."""

    marker = tmp_path / "pwned"
    data = tmp_path / "data"
    data.mkdir()
    seed = (root / "tests/data/mini/places.csv").read_text(encoding="utf-8").splitlines()
    header = seed[0].split(",")
    extra = tmp_path / "extra.csv"
    write_list(extra, marker)
    with extra.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    with (data / "places.csv").open("w", encoding="utf-8", newline="") as out:
        out.write("\n".join(seed) + "\n")
        writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
        writer.writerows({**row, "precision": "city"} for row in rows)

    def make(*, cells: bool = True, logged_in: bool = False, **query: str):
        """``cells=False``: the mini dataset alone, so that only the link is hostile.
        ``logged_in``: staff, through the login page (every row and field)."""
        seeded = data if cells else root / "tests/data/mini"
        monkeypatch.setenv("EFUS_DATA", str(seeded))
        monkeypatch.setenv("EFUS_DATA_DIR", str(tmp_path / ("store" if cells else "store-mini")))
        if not logged_in:
            return open_dashboard(root, **query)
        from geo.staff.auth import hash_password

        secrets = {"staff": {"password_hash": hash_password(STAFF_PASSWORD)}}
        return open_dashboard(root, login=(secrets, STAFF_PASSWORD), **query)

    make.marker = marker
    return make


def map_args(at) -> dict:
    (component,) = at.get("component_instance")
    return json.loads(component.proto.json_args)


def url_query(marker: Path, *, shift: int) -> dict[str, str]:
    """Every URL parameter with a payload, rotated by ``shift`` so that each view gets a
    different payload in each parameter."""
    texts = list(payloads(marker).values())
    return {p: texts[(i + shift) % len(texts)] for i, p in enumerate(URL_PARAMS)}


@pytest.mark.parametrize(
    ("view", "shift", "staff"),
    [({}, 0, False), ({"embed": "1"}, 3, False), ({"present": "1"}, 5, False), ({}, 7, True)],
)
def test_dashboard_links_full_of_payloads_show_text_and_run_nothing(
    hostile_app, view, shift, staff
):
    marker = hostile_app.marker
    query = url_query(marker, shift=shift)
    at = hostile_app(logged_in=staff, **view, **query)
    assert not at.exception
    assert not marker.exists()
    if view:  # the whole map is in the page: its title says what the link asked for
        title = title_of(map_args(at)["script"])
        assert query["project"] in title and query["activity"] in title
    else:
        warnings = " ".join(w.value for w in at.warning)
        assert "is not a country" in warnings and "is not a date" in warnings


# The same attack without a quote (the old escaping of ' broke the one above before it ran):
# the path comes from the environment, so nothing in the link needs escaping.
RCE_NO_QUOTE = "{{ lipsum.__globals__.os.mkdir(lipsum.__globals__.os.environ.EFUS_TEST_PWNED) }}"


@pytest.mark.parametrize("attack", ["reported", "no quote"])
def test_the_reported_embed_link_runs_nothing(hostile_app, monkeypatch, attack):
    marker = hostile_app.marker
    monkeypatch.setenv("EFUS_TEST_PWNED", str(marker))
    project = RCE.format(marker=marker) if attack == "reported" else RCE_NO_QUOTE
    at = hostile_app(cells=False, embed="1", project=project)
    assert not marker.exists()
    assert not at.exception
    assert title_of(map_args(at)["script"]) == "Where Efus works: " + project


@pytest.mark.parametrize("view", [{}, {"embed": "1"}, {"present": "1"}])
def test_dashboard_shows_hostile_cells_as_text_in_every_view(hostile_app, root, view):
    at = hostile_app(**view)
    assert not at.exception
    assert not hostile_app.marker.exists()
    args = map_args(at)
    if view:
        points = decode_points(payload_of(args["script"]))
    else:
        url = re.search(r'var url = "([^"]+)"', args["feature_group"])[1]
        text = (root / "static" / url.removeprefix("/app/static/")).read_text("utf-8")
        points = decode_points(json.loads(text))
    fields = [f for f in FREE_COLUMNS if f != "notes"]
    assert_literal(points, hostile_app.marker, fields=fields)
    assert SOURCE in {p["source"] for p in points}
    if not view:
        table = shown_table(at)
        assert set(payloads(hostile_app.marker).values()) <= set(table["name"])


def test_staff_view_shows_hostile_cells_and_notes_as_text(hostile_app):
    import base64

    at = hostile_app(logged_in=True)
    assert not at.exception and not hostile_app.marker.exists()
    url = re.search(r'var url = "([^"]+)"', map_args(at)["feature_group"])[1]
    assert url.startswith("data:application/json;base64,")  # staff points stay in the page
    points = decode_points(json.loads(base64.b64decode(url.split(",", 1)[1])))
    assert_literal(points, hostile_app.marker, fields=[f for f in FREE_COLUMNS if f != "notes"])
    table = shown_table(at)
    assert set(payloads(hostile_app.marker).values()) <= set(table["notes"])
