"""The one module of ``geo`` that imports Streamlit: what the pages need from a session (who is
logged in, the query string, the session id) and the staff login box.

Everything it decides is decided by pure functions elsewhere (``geo.staff.auth``: who is
staff; ``geo.dashboard.view``: what a query asks for); this module only reads Streamlit's
session and draws widgets, so that the rest of ``geo`` runs and tests without Streamlit.

Streamlit's private ``get_script_run_ctx`` is used here and nowhere else (``_script_context``),
for the two things Streamlit 1.67 has no public way to give: the session id (which the upload
address carries, see ``geo.serving``) and the raw query string (``st.query_params`` hides
``embed``). ``tests/test_ui.py`` and ``tests/test_intake_browser.py`` fail loudly if a new
Streamlit changes either.
"""

from __future__ import annotations

import time
from collections.abc import Mapping

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from geo.config import ROOT
from geo.dashboard.mode import Mode, chosen_language, mode_from_query, raw_query
from geo.i18n import (
    DEFAULT,
    QUERY_PARAM,
    SUPPORTED,
    Translator,
    endonym,
    negotiate,
    translator,
)
from geo.maps.assets import install_static
from geo.serving import STAFF_SESSIONS
from geo.staff import auth
from geo.staff.auth import LoginConfig, Visitor

__all__ = [
    "LOGIN_KEY",
    "STATIC_DIR",
    "current_visitor",
    "install_assets",
    "language",
    "language_switch",
    "login_configured",
    "login_form",
    "page_mode",
    "query_params",
    "secrets_mapping",
    "session_id",
]

LOGIN_KEY = "staff_login"  # the login box's widgets: the same keys on every page
LANG_KEY = "lang_switch"  # the language switch: the same key on every page
CHOSEN_KEY = "lang_chosen"  # the language the address last named, for pages reached without it
STATIC_DIR = ROOT / "static"  # what Streamlit serves at /app/static (enableStaticServing)


@st.cache_resource(show_spinner=False)
def install_assets() -> None:
    """Leaflet, the engine's code and the basemap, copied once per server into ./static."""
    install_static(STATIC_DIR)


# --- the session ---------------------------------------------------------------------------


def _script_context():
    """Streamlit's private run context (None outside a run): kept to this one place."""
    return get_script_run_ctx()


def session_id() -> str | None:
    """This browser session's id, as the upload address (``/_stcore/upload_file/<id>``) has it."""
    ctx = _script_context()
    return ctx.session_id if ctx is not None else None


def query_params() -> dict[str, str | list[str]]:
    """Every parameter of the page's address. ``embed`` comes from the raw query string:
    Streamlit keeps it for itself and leaves it out of ``st.query_params``."""
    ctx = _script_context()
    return {**raw_query(ctx.query_string if ctx else ""), **st.query_params.to_dict()}


def page_mode(visitor: Visitor) -> Mode:
    """How this page is shown, from its address and who is looking."""
    return mode_from_query(query_params(), staff=visitor.audience == "staff")


def language(params: Mapping[str, str | list[str]] | None = None) -> str:
    """The visitor's language: ``?lang=`` in the address, else the one an address named
    earlier in this session (the menu's links to another page drop the query), else the
    browser's (``st.context.locale``), else English (``geo.i18n.negotiate`` decides)."""
    query = chosen_language(query_params() if params is None else params)
    if query:
        st.session_state[CHOSEN_KEY] = query
    remembered = query or st.session_state.get(CHOSEN_KEY)
    return negotiate(query=remembered, accept_language=st.context.locale)


def language_switch(lang: str) -> None:
    """English / Français, each in its own language. A choice goes into the address
    (``?lang=``), so that a reload or a shared link keeps it; the other parameters stay."""
    st.session_state[LANG_KEY] = lang if lang in SUPPORTED else DEFAULT
    st.segmented_control(
        translator(lang).t("Language"), SUPPORTED, key=LANG_KEY, format_func=endonym,
        on_change=_switch_language, label_visibility="collapsed",
    )  # fmt: skip


def _switch_language() -> None:
    if chosen := st.session_state.get(LANG_KEY):  # a click on the chosen one unselects it
        st.query_params[QUERY_PARAM] = chosen


def secrets_mapping() -> Mapping[str, object]:
    """``st.secrets`` as a plain mapping; empty when there is no (readable) secrets.toml."""
    try:
        return st.secrets.to_dict()
    except (FileNotFoundError, ValueError, KeyError):
        return {}


def login_configured() -> bool:
    """Whether the deployment configured a staff login (else everybody is the public)."""
    return auth.login_config(secrets_mapping()).method != "none"


def _oidc_user() -> Mapping[str, object] | None:
    try:
        return st.user.to_dict()
    except Exception:  # noqa: BLE001 - no [auth] section: Streamlit refuses st.user
        return None


def current_visitor() -> Visitor:
    """Who is looking, from this session's login; renders nothing."""
    config = auth.login_config(secrets_mapping())
    oidc = _oidc_user() if config.method == "oidc" else None
    session = {auth.SESSION_KEY: st.session_state.get(auth.SESSION_KEY)}
    name = auth.staff_name(config, session=session, oidc_user=oidc)
    _mark_session(staff=bool(name))
    return Visitor("staff" if name else "public", name)


def _mark_session(*, staff: bool) -> None:
    """Tell the server's upload guard (``geo.serving``) whether this session is staff now."""
    if (sid := session_id()) is not None:
        STAFF_SESSIONS.mark(sid, staff=staff)


# --- the login box -------------------------------------------------------------------------


def login_form(*, key: str = LOGIN_KEY) -> Visitor:
    """The staff login (or logout) box; returns who is looking. Shows nothing when the
    deployment configured no login: the app is then the public view. Its widgets' keys start
    with ``key`` (``staff_login_password``, ``staff_login_logout``…) on every page."""
    config = auth.login_config(secrets_mapping())
    visitor = current_visitor()
    tr = translator(language())  # the box speaks the page's language
    if config.method == "none":
        return visitor
    if visitor.audience == "staff":
        return _logout_box(config, visitor, key=key, tr=tr)
    if config.method == "oidc":
        return _oidc_box(config, visitor, key=key, tr=tr)
    return _password_box(config, visitor, key=key, tr=tr)


def _logout_box(config: LoginConfig, visitor: Visitor, *, key: str, tr: Translator) -> Visitor:
    st.caption(tr.t("Logged in as {name}", name=visitor.name))
    if st.button(tr.t("Log out"), key=f"{key}_logout"):
        st.session_state.pop(auth.SESSION_KEY, None)
        _mark_session(staff=False)
        if config.method == "oidc":
            st.logout()
        st.rerun()
    return visitor


def _oidc_box(config: LoginConfig, visitor: Visitor, *, key: str, tr: Translator) -> Visitor:
    oidc = _oidc_user()
    if oidc and oidc.get("is_logged_in"):
        st.warning(tr.t("This account is not on the staff list of this deployment."))
        if st.button(tr.t("Log out"), key=f"{key}_logout"):
            st.logout()
    elif st.button(tr.t("Staff login"), key=f"{key}_oidc"):
        st.login(config.provider or None)
    return visitor


def _password_box(config: LoginConfig, visitor: Visitor, *, key: str, tr: Translator) -> Visitor:
    with st.form(key, clear_on_submit=True):
        user = st.text_input(tr.t("Name"), key=f"{key}_user") if config.users else ""
        password = st.text_input(tr.t("Password"), type="password", key=f"{key}_password")
        submitted = st.form_submit_button(tr.t("Staff login"))
    if not submitted:
        return visitor
    # auth.THROTTLE is read at each try (not imported once): one per process, tests swap it.
    keys = auth.throttle_keys(user=user, address=st.context.ip_address)
    wait = auth.THROTTLE.wait(keys, time.time())
    if wait > 0:
        st.error(tr.t("Too many failed attempts: try again in {seconds} s.",
                      seconds=tr.number(round(wait))))  # fmt: skip
        return visitor
    name = auth.check_password(config, password, user=user)
    if name is None:
        auth.THROTTLE.failed(keys, time.time())
        st.error(tr.t("Wrong name or password.") if config.users else tr.t("Wrong password."))
        return visitor
    st.session_state[auth.SESSION_KEY] = {"name": name, "fingerprint": config.fingerprint}
    auth.THROTTLE.succeeded(keys)
    st.rerun()
    return Visitor("staff", name)
