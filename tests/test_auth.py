"""Staff login: scrypt hashes, what secrets.toml configures, and the page's login in AppTest."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from geo.errors import GeoError
from geo.staff.auth import (
    MAX_FAILURES,
    SESSION_KEY,
    AuthConfigError,
    LoginConfig,
    audience,
    check_password,
    hash_password,
    login_config,
    oidc_staff,
    staff_name,
    verify_password,
    wait_seconds,
)

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Ramping-barriers-2022"
HASH = hash_password(PASSWORD)
OIDC = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "microsoft": {"client_id": "id", "client_secret": "s",
                  "server_metadata_url": "https://login.example/.well-known/openid-configuration"},
}  # fmt: skip


# --- hashes -----------------------------------------------------------------------------------


def test_a_hash_verifies_its_password_only():
    assert HASH.startswith("scrypt$16384$8$1$") and PASSWORD not in HASH
    assert verify_password(PASSWORD, HASH)
    assert not verify_password(PASSWORD + " ", HASH)
    assert not verify_password("", HASH)
    assert hash_password(PASSWORD) != HASH  # a new salt each time


@pytest.mark.parametrize(
    "bad",
    ["", "plain-password", "bcrypt$2b$12$abc", "scrypt$16384$8$1$!!!$abc",
     "scrypt$1000$8$1$c2FsdHNhbHQ$" + "A" * 43, "scrypt$4194304$8$1$c2FsdHNhbHQ$" + "A" * 43],
)  # fmt: skip
def test_a_damaged_hash_is_a_clear_config_error(bad: str):
    with pytest.raises(AuthConfigError, match="fix: paste the whole line") as err:
        verify_password(PASSWORD, bad)
    assert isinstance(err.value, GeoError) and isinstance(err.value, ValueError)


def test_hash_password_cli_prints_lines_to_paste_into_secrets_toml():
    done = subprocess.run(
        [sys.executable, "-m", "geo", "hash-password", "--stdin", "--user", "Camille M"],
        input=PASSWORD + "\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**os.environ},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    secrets = tomllib.loads(done.stdout)
    config = login_config(secrets)
    assert config.method == "password" and check_password(config, PASSWORD, user="Camille M")
    short = subprocess.run(
        [sys.executable, "-m", "geo", "hash-password", "--stdin"],
        input="short\n", capture_output=True, text=True, cwd=ROOT, timeout=60,
    )  # fmt: skip
    assert short.returncode == 1 and "at least 12" in short.stderr and not short.stdout


# --- configuration ------------------------------------------------------------------------------


def test_with_no_login_configured_everybody_is_the_public():
    config = login_config({})
    assert config.method == "none" and config.problems == ()
    forged = {SESSION_KEY: {"name": "eve", "fingerprint": config.fingerprint}}
    assert audience(config, session=forged, oidc_user={"is_logged_in": True,
                    "email": "a@efus.eu"}) == "public"  # fmt: skip
    assert check_password(config, "anything") is None


def test_a_password_login_makes_staff_only_for_the_current_configuration():
    config = login_config({"staff": {"password_hash": HASH}})
    assert config.method == "password"
    assert check_password(config, PASSWORD) == "staff" and check_password(config, "x") is None
    session = {SESSION_KEY: {"name": "staff", "fingerprint": config.fingerprint}}
    assert audience(config, session=session) == "staff"
    assert audience(config, session={}) == "public"
    rotated = login_config({"staff": {"password_hash": hash_password("another-password-1")}})
    assert audience(rotated, session=session) == "public"  # a changed password logs out


def test_per_person_logins_name_the_author_and_unknown_names_fail():
    config = login_config({"staff": {"users": {"camille": HASH, "broken": "nope"}}})
    assert set(config.users) == {"camille"}
    assert "[staff.users] broken" in config.problems[0]
    assert check_password(config, PASSWORD, user=" camille ") == "camille"
    assert check_password(config, PASSWORD, user="dominique") is None
    assert check_password(config, PASSWORD) is None  # a name is needed


def test_a_damaged_password_hash_leaves_the_app_public_and_says_why():
    config = login_config({"staff": {"password_hash": "hunter2"}})
    assert config.method == "none"
    assert "[staff] password_hash" in config.problems[0] and "fix:" in config.problems[0]


def test_oidc_needs_an_allow_list_of_staff():
    config = login_config({"auth": OIDC, "staff": {"allowed_domains": ["@Efus.eu"]}})
    assert (config.method, config.provider, config.allowed_domains) == (
        "oidc", "microsoft", frozenset({"efus.eu"}))  # fmt: skip
    user = {"is_logged_in": True, "email": "Camille@efus.eu"}
    assert oidc_staff(config, user) == "camille@efus.eu"
    assert staff_name(config, oidc_user=user) == "camille@efus.eu"
    assert audience(config, oidc_user={**user, "email": "eve@efus.eu.evil.org"}) == "public"
    assert audience(config, oidc_user={**user, "email_verified": False}) == "public"
    assert audience(config, oidc_user={**user, "is_logged_in": False}) == "public"
    # A password session does not count when the deployment uses OIDC.
    forged = {SESSION_KEY: {"name": "staff", "fingerprint": config.fingerprint}}
    assert audience(config, session=forged) == "public"

    open_door = login_config({"auth": OIDC})
    assert open_door.method == "none" and "nobody is staff" in open_door.problems[0]
    fallback = login_config({"auth": OIDC, "staff": {"password_hash": HASH}})
    assert fallback.method == "password" and fallback.problems


def test_repeated_failures_make_a_session_wait_longer_each_time():
    assert wait_seconds(MAX_FAILURES - 1, 100.0, 100.0) == 0
    assert wait_seconds(MAX_FAILURES, 100.0, 110.0) == 20.0
    assert wait_seconds(MAX_FAILURES + 1, 100.0, 110.0) == 50.0
    assert wait_seconds(MAX_FAILURES, 100.0, 1000.0) == 0


def test_login_config_is_a_frozen_value():
    config = LoginConfig()
    with pytest.raises(AttributeError):
        config.method = "password"  # type: ignore[misc]


# --- the login box in a real Streamlit run -------------------------------------------------------

PAGE = """
import streamlit as st
from geo.ui import login_form

visitor = login_form()
st.markdown(f"audience: {visitor.audience}")
if visitor.audience == "staff":
    st.file_uploader("Upload a list", key="upload")
"""


def page(secrets: dict | None = None, query: dict | None = None) -> AppTest:
    at = AppTest.from_string(PAGE, default_timeout=30)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def shown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_without_a_configured_login_no_url_reaches_the_staff_area():
    for query in ({}, {"audience": "staff"}, {"staff": "1", "mode": "staff", "login": "true"}):
        at = page(query=query)
        assert not at.exception
        assert shown(at) == "audience: public" and not at.get("file_uploader")
        assert not at.text_input and not at.button


def test_the_password_login_opens_the_staff_area_and_a_wrong_one_does_not():
    at = page({"staff": {"password_hash": HASH}}, {"audience": "staff"})
    assert shown(at) == "audience: public" and not at.get("file_uploader")
    at.text_input(key="staff_login_password").input("wrong password")
    at.button[0].click().run()
    assert not at.exception and at.error[0].value == "Wrong password."
    assert shown(at) == "audience: public"
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert not at.exception and shown(at) == "audience: staff"
    assert at.get("file_uploader") and at.caption[0].value == "Logged in as staff"
    at.button(key="staff_login_logout").click().run()
    assert shown(at) == "audience: public" and not at.get("file_uploader")


def test_after_too_many_failures_even_the_right_password_waits():
    at = page({"staff": {"password_hash": HASH}})
    for _ in range(MAX_FAILURES):
        at.text_input(key="staff_login_password").input("guess")
        at.button[0].click().run()
    at.text_input(key="staff_login_password").input(PASSWORD)
    at.button[0].click().run()
    assert "Too many failed attempts" in at.error[0].value
    assert shown(at) == "audience: public"
