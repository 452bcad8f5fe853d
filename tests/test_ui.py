"""``geo.ui``, the one module of ``geo`` that imports Streamlit, in a real Streamlit run.

It reads two things Streamlit 1.67 gives only through its private ``get_script_run_ctx``: the
session id (the upload address carries it; ``tests/test_intake_browser.py`` uploads through
the real server with it) and the raw query string (``st.query_params`` hides ``embed``). These
tests fail loudly when a new Streamlit moves or renames either.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys

from streamlit.testing.v1 import AppTest

from geo.serving import STAFF_SESSIONS
from geo.staff.auth import hash_password

PASSWORD = "a staff password for the ui tests"
PAGE = """
import streamlit as st
from geo import ui

visitor = ui.login_form()
st.markdown(f"session: {ui.session_id()}")
st.code(__import__("json").dumps(ui.query_params()), language=None)
st.markdown(f"mode: {ui.page_mode(visitor)}")
"""


def run(*, query: dict[str, str], secrets: dict | None = None) -> AppTest:
    at = AppTest.from_string(PAGE, default_timeout=30)
    at.secrets.update(secrets or {})
    at.query_params.update(query)
    return at.run()


def said(at: AppTest, prefix: str) -> str:
    return next(m.value.removeprefix(prefix) for m in at.markdown if m.value.startswith(prefix))


def test_the_page_sees_embed_in_its_address_though_streamlit_keeps_it_for_itself():
    at = run(query={"embed": "1", "country": "BE"})
    assert not at.exception
    params = json.loads(at.code[0].value)
    assert params["embed"] in (["1"], "1") and params["country"] == "BE"
    assert "embed=True" in said(at, "mode: ")


def test_a_staff_login_marks_this_sessions_id_for_the_upload_guard():
    at = run(query={}, secrets={"staff": {"password_hash": hash_password(PASSWORD)}})
    session = said(at, "session: ")
    assert session and session != "None"
    assert session not in STAFF_SESSIONS
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert session == said(at, "session: ") and session in STAFF_SESSIONS
    at.button(key="staff_login_logout").click().run()
    assert session not in STAFF_SESSIONS


def streamlit_importers(root) -> list[str]:
    """The modules of ``geo`` whose code imports Streamlit (or a Streamlit component)."""
    found = []
    for path in sorted((root / "geo").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            if any(n.split(".")[0] in ("streamlit", "streamlit_folium") for n in names):
                found.append(path.relative_to(root).as_posix())
                break
    return found


def test_only_geo_ui_imports_streamlit(root):
    assert streamlit_importers(root) == ["geo/ui.py"]


def test_the_pages_logic_loads_without_streamlit(root):
    rooms = ("details", "mode", "share", "sidebar", "table", "tour", "markdown", "working")
    modules = [f"geo.dashboard.{m}" for m in rooms] + ["geo.staff.auth", "geo.serving"]
    code = f"import sys\nfor m in {modules!r}: __import__(m)\nprint('streamlit' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
