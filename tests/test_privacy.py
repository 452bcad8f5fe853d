"""Privacy fails closed: lists in other languages, lists that do not say what is sensitive,
and embed-shaped exports never publish an exact site position. Checked on what is written:
the exported page's payload, its GeoJSON."""

from __future__ import annotations

import json

import pytest

from geo.cli import main
from geo.data.dataset import check_paths
from geo.data.schema import canonical_column
from geo.maps.payload import decode_points
from tests.mapdata import payload_of

SITE = (43.69512, 7.26543)  # a bollard on the Promenade des Anglais: never public exactly
HEADER = "nom;pays;ville;latitude;longitude;activite"


def write(tmp_path, text: str, name: str = "liste.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def exported(tmp_path, capsys, *args: str) -> tuple[list[dict], list[dict], str]:
    """Export with ``args``; the map's points, the GeoJSON features and what was printed."""
    out, geojson = tmp_path / "map.html", tmp_path / "map.geojson"
    code = main(["export", *args, "-o", str(out), "--geojson", str(geojson)])
    err = capsys.readouterr().err
    assert code == 0, err
    points = decode_points(payload_of(out.read_text(encoding="utf-8")))
    features = json.loads(geojson.read_text(encoding="utf-8"))["features"]
    return points, features, err


def positions(points: list[dict], features: list[dict]) -> set[tuple[float, float]]:
    drawn = {(round(p["lat"], 5), round(p["lon"], 5)) for p in points}
    return drawn | {(round(f["geometry"]["coordinates"][1], 5),
                     round(f["geometry"]["coordinates"][0], 5)) for f in features}  # fmt: skip


@pytest.mark.parametrize(
    ("header", "yes", "no"),
    [("sensible", "oui", "non"), ("Sensible", "sí", "no"), ("sensibile", "sì", "no"),
     ("sensibel", "ja", "nein"), ("gevoelig", "ja", "nee"), ("sensible", "vrai", "faux"),
     ("sensibile", "vero", "falso"), ("sensibel", "wahr", "falsch"),
     ("sensible", "verdadero", "falso")],
)  # fmt: skip
def test_public_export_of_a_list_with_a_translated_sensitive_column_hides_the_site(
    tmp_path, capsys, header, yes, no
):
    csv = write(tmp_path, f"{HEADER};{header}\n"
                f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};pilot equipment;{yes}\n"
                f"Mairie de Lyon;FR;Lyon;45.76;4.83;meeting;{no}\n")  # fmt: skip
    points, features, _ = exported(tmp_path, capsys, "--data", str(csv), "--public")
    assert SITE not in positions(points, features)
    by_name = {p["name"]: p for p in points}
    assert by_name["Borne Promenade"]["precision"] == "city"
    assert (round(by_name["Mairie de Lyon"]["lat"], 2), by_name["Mairie de Lyon"]["lon"]) == (
        45.76, 4.83)  # fmt: skip


@pytest.mark.parametrize(
    ("header", "value"),
    [("publique", "non"), ("Público", "no"), ("pubblico", "no"), ("Öffentlich", "nein"),
     ("openbaar", "nee")],
)  # fmt: skip
def test_public_export_leaves_out_a_row_a_translated_public_column_keeps_private(
    tmp_path, capsys, header, value
):
    csv = write(tmp_path, f"{HEADER};{header}\n"
                "Réunion interne;FR;Lyon;45.76;4.83;meeting;" + value + "\n"
                "Mairie de Nice;FR;Nice;43.7;7.26;partner;\n")  # fmt: skip
    points, features, _ = exported(tmp_path, capsys, "--data", str(csv), "--public")
    assert [p["name"] for p in points] == ["Mairie de Nice"]
    assert [f["properties"]["name"] for f in features] == ["Mairie de Nice"]


@pytest.mark.parametrize("header", ["Sensible", "sensibel", "Öffentlich", "Pubblico"])
def test_translated_privacy_headers_are_the_schema_columns(header):
    assert canonical_column(header) in ("sensitive", "public")


LYON = "Mairie de Lyon;FR;Lyon;45.76;4.83"


@pytest.mark.parametrize(
    "rows",
    [
        "nom;pays;ville;latitude;longitude;precision\n"
        f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};site\n{LYON};city\n",
        "nom;pays;ville;latitude;longitude;type;precision\n"
        f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};site;\n{LYON};city;city\n",
        f"{HEADER};precision\nBorne Promenade;FR;Nice;{SITE[0]};{SITE[1]};pilot equipment;\n"
        f"{LYON};meeting;city\n",
        # Neither sensitivity nor precision: a position of its own may be a site.
        f"nom;pays;ville;latitude;longitude\nBorne Promenade;FR;Nice;{SITE[0]};{SITE[1]}\n",
    ],
    ids=["precision-site", "kind-site", "equipment", "no-precision"],
)
def test_public_export_of_a_list_without_sensitivity_presumes_sites_sensitive_and_says_so(
    tmp_path, capsys, rows
):
    points, features, err = exported(tmp_path, capsys, "--data", str(write(tmp_path, rows)),
                                     "--public")  # fmt: skip
    assert SITE not in positions(points, features)
    assert "Borne Promenade" in {p["name"] for p in points}  # moved, not lost
    if "Lyon" in rows:  # a row at its city centre stays where it is
        assert (45.76, 4.83) in positions(points, features)
    assert "no 'sensitive' column" in err and "1 row with a site position" in err


def test_staff_export_of_a_list_without_sensitivity_keeps_the_exact_site(tmp_path, capsys):
    csv = write(tmp_path, "nom;pays;ville;latitude;longitude;precision\n"
                f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};site\n")  # fmt: skip
    points, features, err = exported(tmp_path, capsys, "--data", str(csv), "--staff")
    assert SITE in positions(points, features)
    assert "no 'sensitive' column" not in err


@pytest.mark.parametrize("header", ["données sensibles", "Sensibles", "sensitivity",
                                    "confidentiel", "vertraulich", "is_publique"])
def test_loose_list_with_an_unread_privacy_column_is_refused_with_the_rename(tmp_path, header):
    csv = write(tmp_path, f"nom;pays;{header}\nBorne;FR;oui\n")
    (problem,) = check_paths([csv], strict=False).errors
    assert problem.column == header and problem.row == 1
    assert "rename it to" in problem.fix
    assert main(["export", "--data", str(csv), "--public", "-o", str(tmp_path / "m.html")]) == 1
    assert not (tmp_path / "m.html").exists()


def test_loose_list_keeps_other_unknown_columns_quietly(tmp_path):
    csv = write(tmp_path, "nom;pays;publication;responsable\nLyon;FR;2024;Camille\n")
    assert check_paths([csv], strict=False).ok


@pytest.mark.parametrize("embed", [["--iframe", "embed.html"], ["--url", "https://efus.eu/m"]])
def test_embed_shaped_export_is_public_by_default(tmp_path, capsys, monkeypatch, embed):
    monkeypatch.chdir(tmp_path)
    csv = write(tmp_path, f"{HEADER};sensitive;notes\n"
                f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};pilot equipment;yes;staff only\n")
    points, features, _ = exported(tmp_path, capsys, "--data", str(csv), *embed)
    assert SITE not in positions(points, features)
    assert all("notes" not in p for p in points)
    assert all("notes" not in f["properties"] for f in features)


def test_embed_shaped_export_is_staff_only_when_asked(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    csv = write(tmp_path, f"{HEADER};sensitive\n"
                f"Borne Promenade;FR;Nice;{SITE[0]};{SITE[1]};pilot equipment;yes\n")
    points, features, _ = exported(tmp_path, capsys, "--data", str(csv), "--staff",
                                   "--iframe", "embed.html")  # fmt: skip
    assert SITE in positions(points, features)


def test_public_and_staff_together_are_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["export", "--public", "--staff", "-o", "m.html"])
    assert exit_.value.code == 2
    assert "--staff: not allowed with argument --public" in capsys.readouterr().err


def test_an_upload_without_sensitivity_saves_its_sites_as_sensitive_and_says_so(root, tmp_path):
    from geo.dashboard import working
    from geo.data.schema import COLUMN_NAMES
    from geo.data.store import Store
    from geo.staff.intake import read_upload
    from geo.staff.merge import apply, plan_merge

    columns = [c for c in COLUMN_NAMES if c != "sensitive"]
    site = {"id": "pe-bollard", "name": "Bollards", "kind": "site", "country": "FR",
            "city": "Nice", "project": "PACTESUR", "activity": "pilot equipment",
            "lat": str(SITE[0]), "lon": str(SITE[1]), "precision": "site", "public": "yes",
            "source": "https://www.pactesur.eu/"}  # fmt: skip
    city = {**site, "id": "pa-lyon", "name": "Lyon", "kind": "city", "city": "Lyon",
            "activity": "partner", "lat": "45.76", "lon": "4.83", "precision": "city"}
    text = ",".join(columns) + "\n" + "".join(
        ",".join(row.get(c, "") for c in columns) + "\n" for row in (site, city))
    intake = read_upload("liste.csv", text.encode("utf-8"))
    assert intake.ok, intake.problems
    (warning,) = [p for p in intake.problems if p.column == "sensitive"]
    assert (warning.row, warning.severity) == (2, "warning")
    assert "saved as sensitive" in warning.message and "'sensitive' column" in warning.fix

    store = Store.open(tmp_path / "var", seed=root / "tests" / "data" / "mini")
    apply(plan_merge(store.frame(), intake.frame), store=store, author="test")
    public = working.load_view(store.path, audience="public")
    shown = {(round(r.lat, 5), round(r.lon, 5)) for r in public.itertuples()}
    assert SITE not in shown and (45.76, 4.83) in shown
    assert "Bollards" in set(public["name"])  # at Nice's centre, not lost
