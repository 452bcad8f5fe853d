"""Lighthouse accessibility scores of the dashboard and the intake's address, desktop and mobile.

Lighthouse (npm, pinned in bench/lighthouse/package-lock.json, installed by `make bench`)
drives Debian's Chromium (CHROME_PATH=/usr/bin/chromium) against `streamlit run` on 127.0.0.1
with a staff password configured, so the intake's address shows what a visitor meets first:
the staff login. Lighthouse cannot log in; the intake's steps behind the login are checked by
axe-core in tests/test_a11y_browser.py.

    python bench/lighthouse.py [--runs 1]

Target (issue 15): accessibility ≥ 95 on every page and form factor. Exit 1 below it.
"""

from __future__ import annotations

import argparse
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


def main() -> int:
    from geo.staff.auth import hash_password
    from tests.conftest import streamlit_server

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        print("Lighthouse is not installed: run `make bench`", file=sys.stderr)
        return 2
    worst = 100
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        secrets = folder / "secrets.toml"
        secrets.write_text(f'[staff]\npassword_hash = "{hash_password("bench only")}"\n', "utf-8")
        env = {"EFUS_DATA_DIR": str(folder / "store")}
        with streamlit_server(env=env, log=folder / "server.log",
                              args=("--secrets.files", str(secrets))) as url:  # fmt: skip
            for name, path in PAGES.items():
                for form_factor in FORM_FACTORS:
                    scores = [score(url + path, form_factor, folder) for _ in range(args.runs)]
                    worst = min(worst, *scores)
                    print(f"{name:16} {form_factor:8} accessibility {min(scores):3d}")
    print(f"worst {worst} (target ≥ {TARGET})")
    return 0 if worst >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
