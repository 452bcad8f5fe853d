"""Efus map service — the router: the page's look for its mode, and which page runs.

The pages live in ``app_pages/``: the map (``dashboard.py``, for everybody), the data intake
(``intake.py``, for logged-in staff) and, at the intake's address, the staff login
(``login.py``). ``geo.staff.navigation`` decides which of them a visitor may open.
``?embed=1`` is the map alone for an iframe; ``?present=1`` is a speaker's full-screen tour.
"""

from __future__ import annotations

import streamlit as st

from geo import ui
from geo.dashboard.mode import page_css
from geo.i18n import translator
from geo.staff import navigation

visitor = ui.current_visitor()  # staff only after a login configured in secrets.toml
mode = ui.page_mode(visitor)
tr = translator(ui.language())  # the tab's title and the menu in the visitor's language
st.set_page_config(
    page_title=tr.t("Efus map"),
    layout="wide",
    # "auto": open on a wide screen, closed on a phone (where it would cover the whole map).
    initial_sidebar_state="auto" if mode.chrome else "collapsed",
)
st.html(page_css(mode))
ui.install_assets()

allowed = navigation.pages_for(
    audience=mode.audience,
    login_configured=ui.login_configured(),
    embed=mode.embed,
    present=mode.present,
)
# No page icons: Streamlit would fetch the icon from the internet for the tab's favicon.
PAGES = {
    "map": st.Page("app_pages/dashboard.py", title=tr.t("Map"), default=True),
    "intake": st.Page("app_pages/intake.py", title=tr.t("Data intake"),
                      url_path=navigation.INTAKE_URL),
    "login": st.Page("app_pages/login.py", title=tr.t("Staff login"),
                     url_path=navigation.INTAKE_URL),
}
st.navigation([PAGES[n] for n in allowed.names], position=allowed.position).run()
