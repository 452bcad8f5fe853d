"""Lighthouse accessibility scores of the dashboard, the intake's address and the published maps.

Lighthouse (npm, pinned in bench/lighthouse/package-lock.json, installed by `make bench`)
drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium), desktop and mobile, against:

- `streamlit run` on 127.0.0.1 with a staff password configured, so the intake's address shows
  what a visitor meets first: the staff login. Lighthouse cannot log in; the intake's steps
  behind the login are checked by axe-core in tests/test_a11y_browser.py.
- the published site (`geo.maps.publish.publish_site` on the bundled data, into a temporary
  folder) served over HTTP by Debian's nginx with the README's configuration
  (tests/test_publish_browser.py's `nginx_serving`): the network map's embed page in English
  and in French, and the index of the published maps.

    python bench/lighthouse.py [--runs 1] [--only dashboard|published]

Targets (issues 15 and 12): accessibility ≥ 95 on every page and form factor. Exit 1 below it.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = ("--headless --no-sandbox --disable-gpu --disable-background-networking "
                "--disable-component-update --disable-sync --no-first-run")  # fmt: skip
PAGES = {"dashboard": "", "intake (login)": "intake"}
FORM_FACTORS = {"desktop": ("--preset=desktop",), "mobile": ()}  # Lighthouse's default: mobile
TARGET = 95


def score(url: str, form_factor: str, out: Path) -> int:
    """Lighthouse's accessibility score (0–100) of ``url``, and the failed audits on stderr."""
    report = out / f"{abs(hash((url, form_factor)))}.json"
    command = [str(LIGHTHOUSE), url, "--only-categories=accessibility", "--output=json",
               f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--quiet",
               *FORM_FACTORS[form_factor]]  # fmt: skip
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    subprocess.run(command, check=True, env=env, timeout=600)
    result = json.loads(report.read_text("utf-8"))
    for audit in result["audits"].values():
        if audit.get("score") == 0 and audit.get("scoreDisplayMode") == "binary":
            print(f"    failed: {audit['id']}: {audit['title']}", file=sys.stderr)
    return round(result["categories"]["accessibility"]["score"] * 100)


def score_pages(base: str, pages: dict[str, str], folder: Path, *, runs: int) -> int:
    """Print each page's score per form factor (the lowest of ``runs``); the worst of all."""
    worst = 100
    for name, path in pages.items():
        for form_factor in FORM_FACTORS:
            scores = [score(base + path, form_factor, folder) for _ in range(runs)]
            worst = min(worst, *scores)
            print(f"{name:22} {form_factor:8} accessibility {min(scores):3d}", flush=True)
    return worst


def dashboard(folder: Path, *, runs: int) -> int:
    from geo.staff.auth import hash_password
    from tests.conftest import streamlit_server

    secrets = folder / "secrets.toml"
    secrets.write_text(f'[staff]\npassword_hash = "{hash_password("bench only")}"\n', "utf-8")
    env = {"EFUS_DATA_DIR": str(folder / "store")}
    with streamlit_server(env=env, log=folder / "server.log",
                          args=("--secrets.files", str(secrets))) as url:  # fmt: skip
        return score_pages(url, PAGES, folder, runs=runs)


def published(folder: Path, *, runs: int) -> int:
    """The bundled data's public maps, published and served by nginx as efus.eu would."""
    from geo.commands.export import map_rows
    from geo.config import Settings
    from geo.maps.publish import publish_site
    from geo.places.geocoder import city_centre
    from tests.test_publish_browser import nginx_serving

    settings = Settings()
    frame, _ = map_rows(None, audience="public", settings=settings)
    site, run = folder / "site", folder / "nginx"
    run.mkdir()
    network = publish_site(frame, site, city_centre=functools.partial(city_centre,
                                                                      settings=settings))[0]
    pages = {"published embed (en)": f"/{network.page_in('en')}",
             "published embed (fr)": f"/{network.page_in('fr')}",
             "published index": "/index.html"}  # fmt: skip
    with nginx_serving(site, run) as base:
        return score_pages(base, pages, folder, runs=runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", choices=("dashboard", "published"))
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make bench`", file=sys.stderr)
        return 2
    worst = 100
    parts = {"dashboard": dashboard, "published": published}
    with tempfile.TemporaryDirectory() as tmp:
        for name, part in parts.items():
            if args.only in (None, name):
                (Path(tmp) / name).mkdir()
                worst = min(worst, part(Path(tmp) / name, runs=args.runs))
    print(f"worst {worst} (target ≥ {TARGET})")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
