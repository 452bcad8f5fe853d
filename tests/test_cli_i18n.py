"""The command line in the user's language (issue 14): ``--lang`` and the locale variables,
and under the pseudo-locale ``xx`` no word of ``validate``/``geocode``/``export`` output that
did not go through the catalogue, except the data's own values and the file's path."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from geo.data.schema import COLUMN_NAMES
from geo.i18n import outside_catalogue

ROOT = Path(__file__).resolve().parents[1]
NBSP = "\u00a0"
# Two errors (a day-first date, an unknown country), a warning (a double-encoded name) and
# a missing required column: problems with and without a row, with their fixes.
MESSY = (
    "name,kind,country,city,project,activity,start,source\n"
    "Ville de Liège,city,Belgique,Liège,PACTESUR,partner,23/11/2022,https://efus.eu/\n"
    "Ville de Nice,city,Narnia,Nice,PACTESUR,partner,2022,https://efus.eu/\n"
    "LiÃ¨ge,city,BE,Liège,PACTESUR,partner,2022,https://efus.eu/\n"
)


def geo(
    *args: str, env: dict | None = None, input_text: str | None = None
) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()
             if k not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}  # fmt: skip
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=180, env={**clean, **(env or {})},
                          input=input_text)  # fmt: skip


def messy(tmp_path: Path) -> Path:
    path = tmp_path / "liste.csv"
    path.write_text(MESSY, encoding="utf-8")
    return path


def words_of(*texts: str) -> set[str]:
    return set(re.findall(r"[A-Za-z]{2,}", " ".join(texts)))


def test_validate_speaks_french_from_the_locale_variables_and_from_lang(tmp_path):
    path = messy(tmp_path)
    by_locale = geo("validate", str(path), env={"LANG": "fr_FR.UTF-8"})
    by_option = geo("validate", "--lang", "fr", str(path), env={"LANG": "C.UTF-8"})
    assert by_locale.returncode == by_option.returncode == 1
    assert by_locale.stdout == by_option.stdout and by_locale.stderr == by_option.stderr
    lines = by_locale.stdout.splitlines()
    assert f"{path}:2:start: la date '23/11/2022' n’est pas de la forme AAAA-MM-JJ{NBSP}; " \
        f"correction{NBSP}: écrivez 2022-11-23 (écrivez AAAA-MM-JJ, ou AAAA-MM / AAAA quand " \
        "la source ne donne pas le jour)" in lines  # fmt: skip
    assert any(line.startswith(f"{path}:3:country: pays inconnu 'Narnia'") for line in lines)
    assert by_locale.stderr.strip() == "3 lignes vérifiées, 3 problèmes"
    english = geo("validate", "--lang", "en", str(path), env={"LANG": "fr_FR.UTF-8"})
    assert english.stderr.strip() == "3 rows checked, 3 problems"  # --lang wins


def test_validate_under_the_pseudo_locale_says_nothing_outside_the_catalogue(tmp_path):
    path = messy(tmp_path)
    done = geo("validate", "--lang", "xx", str(path))
    assert done.returncode == 1 and "⟦" in done.stdout
    allowed = words_of(str(path), MESSY) | set(COLUMN_NAMES) | {"csv"}
    assert [w for w in outside_catalogue(done.stdout + done.stderr) if w not in allowed] == []


def test_geocode_under_the_pseudo_locale_says_nothing_outside_the_catalogue(tmp_path):
    """Each review line is 'file:row:name: severity: status: explanation', the explanation
    told from its codes (Resolution.said): only the file's names, the places the gazetteer
    proposes (the output's candidates) and country codes may stay as they are."""
    import csv

    source, out = tmp_path / "places.csv", tmp_path / "out.csv"
    source.write_text("name;country\nStrasbuorg;FR\nNeustadt;DE\nNice;FR\nXqzzyville;BE\n",
                      encoding="utf-8")  # fmt: skip
    done = geo("geocode", "--lang", "xx", str(source), "-o", str(out))
    assert done.returncode == 1 and "⟦" in done.stderr
    lines = done.stderr.splitlines()
    reviews = [line for line in lines if line.startswith(f"{source}:")]
    assert len(reviews) == 3, lines
    with out.open(encoding="utf-8", newline="") as f:
        candidates = " ".join(row["candidates"] for row in csv.DictReader(f))
    allowed = words_of(str(source), str(out), candidates, "Strasbuorg Neustadt Nice Xqzzyville")
    allowed |= {"FR", "DE", "BE"} | set(COLUMN_NAMES)  # the column of a located line
    for line in reviews:
        assert [w for w in outside_catalogue(line) if w not in allowed] == [], line
    assert any("Strasbourg" in line for line in reviews)  # the closest spelling, as data
    summary = [line for line in lines if not line.startswith(f"{source}:")]
    assert [w for w in outside_catalogue("\n".join(summary)) if w not in allowed] == []


def test_geocode_explains_in_french(tmp_path):
    source = tmp_path / "lieux.csv"
    source.write_text("name;country\nStrasbuorg;FR\nXqzzyville;BE\n", encoding="utf-8")
    done = geo("geocode", "--lang", "fr", str(source), "-o", str(tmp_path / "out.csv"))
    assert done.returncode == 1, done.stderr
    said = done.stderr
    assert f"aucun lieu ne porte ce nom (pays{NBSP}: France){NBSP}; orthographe la plus " \
        f"proche{NBSP}: Strasbourg" in said  # fmt: skip
    assert f"aucun lieu nommé 'Xqzzyville' (pays{NBSP}: Belgique){NBSP}; correction{NBSP}: " \
        "vérifiez l’orthographe et le pays, ou placez-le à la main" in said  # fmt: skip
    assert "no place" not in said and "check the spelling" not in said


def test_export_lang_writes_a_french_map_and_says_so_in_french(tmp_path):
    out = tmp_path / "carte.html"
    done = geo("export", "--lang", "fr", "--public", "-o", str(out))
    assert done.returncode == 0, done.stderr
    assert re.search(r": \d+ lieux sur la carte", done.stderr)
    page = out.read_text(encoding="utf-8")
    assert '<html lang="fr">' in page and '"legend":"Activité"' in page


def test_hash_password_speaks_the_language_and_its_lines_stay_toml(tmp_path):
    import tomllib

    done = geo("hash-password", "--lang", "fr", "--stdin", input_text="un-long-mot-de-passe\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("# à coller dans .streamlit/secrets.toml (ne versionnez jamais")
    assert tomllib.loads(done.stdout)["staff"]["password_hash"]
    short = geo("hash-password", "--lang", "fr", "--stdin", input_text="court\n")
    assert short.returncode == 1 and not short.stdout
    assert short.stderr.strip() == f"erreur{NBSP}: utilisez au moins 12 caractères{NBSP}; " \
        "rien n’a été affiché"  # fmt: skip
    for text in ("un-long-mot-de-passe\n", "court\n"):
        pseudo = geo("hash-password", "--lang", "xx", "--stdin", input_text=text)
        comment = pseudo.stdout.partition("\n")[0]  # the hash lines are TOML, not words
        said = comment + pseudo.stderr
        assert "⟦" in said
        assert [w for w in outside_catalogue(said) if w not in {"streamlit", "secrets", "toml"}] \
            == []  # fmt: skip


# --- the command line's own words: help, usage, argparse's errors --------------------------

# What may stay as it is under the pseudo-locale: the program, the commands and the option
# names (typed as they are), the environment variables and file names the help tells staff to
# use, and the bad values of the invocations below, quoted back as data.
COMMAND_WORDS = {"python", "geo", "validate", "dump", "hash", "password", "geocode", "export",
                 "publish", "help", "lang", "en", "fr", "xx"}  # fmt: skip
BAD_INVOCATIONS = (
    (),  # no command at all
    ("frobnicate",),
    ("validate",),  # PATH missing
    ("validate", "--max-rows", "lots", "data"),  # not a positive number
    ("dump", "--frobnicate"),
    ("hash-password", "--user"),  # NAME missing
    ("geocode", "in.csv"),  # -o missing
    ("export", "--public", "--staff", "-o", "map.html"),  # not allowed together
    ("export",),  # nothing to write: the command's own usage error
    ("publish",),  # OUT_DIR missing
)


def option_words(text: str) -> set[str]:
    """The words of option names (--max-rows → max, rows), variables and files named."""
    names = re.findall(r"--?[a-z][a-z-]*|\$?EFUS_[A-Z_]+|[\w.]+/[\w./<>]*|[\w/]*\.\w+", text)
    return words_of(*names)


def outside(done: subprocess.CompletedProcess, *data: str) -> list[str]:
    said = done.stdout + done.stderr
    allowed = COMMAND_WORDS | option_words(said) | words_of(*data) | {"LANGUAGE", "LC_ALL",
                                                                      "LC_MESSAGES", "LANG"}
    return [w for w in outside_catalogue(said) if w not in allowed]


def test_every_help_under_the_pseudo_locale_says_nothing_outside_the_catalogue():
    from geo.cli import COMMANDS

    for command in ("", *COMMANDS):
        done = geo(*command.split(), "--help", "--lang", "xx")
        assert done.returncode == 0, done.stderr
        assert "⟦" in done.stdout and "usage" not in done.stdout
        assert outside(done) == [], command


def test_every_bad_invocation_under_the_pseudo_locale_says_nothing_outside_the_catalogue():
    for argv in BAD_INVOCATIONS:
        done = geo(*argv, "--lang", "xx")
        assert done.returncode == 2, (argv, done.stderr)
        assert "⟦" in done.stderr and "error" not in done.stderr, done.stderr
        assert outside(done, *argv) == [], (argv, done.stderr)


def test_usage_errors_and_help_speak_french_from_lang_and_from_the_locale():
    by_option = geo("validate", "--lang", "fr", env={"LANG": "C.UTF-8"})
    by_locale = geo("validate", env={"LANG": "fr_FR.UTF-8"})
    assert by_option.returncode == by_locale.returncode == 2
    assert by_option.stderr == by_locale.stderr
    assert by_option.stderr.startswith(f"utilisation{NBSP}: python -m geo validate [-h] "
                                       "[--lang LANGUE]")  # fmt: skip
    assert by_option.stderr.splitlines()[-1] == f"python -m geo validate{NBSP}: erreur{NBSP}: " \
        f"les arguments suivants sont obligatoires{NBSP}: CHEMIN"  # fmt: skip
    bad = geo("validate", "data", "--max-rows", "-3", "--lang", "fr")
    assert bad.stderr.splitlines()[-1].endswith(f"argument --max-rows{NBSP}: '-3' n’est pas "
                                                "un nombre positif")  # fmt: skip
    helped = geo("export", "--help", "--lang", "fr")
    assert "afficher ce message d’aide et quitter" in helped.stdout
    assert "écrire aussi (ou seulement) la carte en PNG" in helped.stdout
    assert "show this help" not in helped.stdout and "options:" in helped.stdout


def test_exports_filter_errors_speak_the_language(tmp_path):
    out = str(tmp_path / "carte.html")
    country = geo("export", "--lang", "fr", "--country", "Frnace", "-o", out)
    assert country.returncode == 1
    assert country.stderr.startswith(f"erreur{NBSP}: pays inconnu 'Frnace'{NBSP}; correction"
                                     f"{NBSP}: vouliez-vous dire France (FR)")  # fmt: skip
    project = geo("export", "--lang", "fr", "--project", "Nope", "-o", out)
    assert project.returncode == 1
    assert f"--project 'Nope' ne correspond à aucune ligne{NBSP}; correction{NBSP}: " \
        f"utilisez l’une de ces valeurs{NBSP}: Brussels" in project.stderr  # fmt: skip
    pseudo = geo("export", "--lang", "xx", "--project", "Nope", "-o", out)
    known = "Brussels Declaration, IcARUS, PACTESUR, PACTESUR2, PRoTECT, Secu4All"  # data
    assert pseudo.returncode == 1 and known in pseudo.stderr
    assert outside(pseudo, "Nope", known) == []


def test_the_public_exports_note_on_presumed_sensitive_sites_speaks_the_language(tmp_path):
    listing = tmp_path / "liste.csv"  # no 'sensitive' column: its site is presumed sensitive
    listing.write_text("name;country;city;lat;lon\nVille de Nice;FR;Nice;43,70;7,26\n", "utf-8")
    out = str(tmp_path / "carte.html")
    french = geo("export", "--lang", "fr", "--public", "--data", str(listing), "-o", out)
    assert french.returncode == 0, french.stderr
    assert f"remarque{NBSP}: {listing}{NBSP}: pas de colonne 'sensitive', donc 1 ligne " \
        "positionnée sur un site est traitée comme sensible" in french.stderr  # fmt: skip
    pseudo = geo("export", "--lang", "xx", "--public", "--data", str(listing), "-o", out)
    assert pseudo.returncode == 0 and "⟦" in pseudo.stderr
    assert outside(pseudo, str(listing), out) == []
