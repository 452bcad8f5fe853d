"""The staff login, at the intake's address for whoever is not logged in: in the visitor's
language (``?lang=``, the switch, the browser's), like every page."""

import streamlit as st

from geo import ui
from geo.dashboard.markdown import md_escape
from geo.i18n import translator

lang = ui.language()
tr = translator(lang)
st.title(tr.t("Staff login"), anchor=False)
ui.language_switch(lang)
st.markdown(md_escape(tr.t(
    "Uploading lists, reviewing places and the staff map (exact positions of equipment, "
    "staff notes) need a staff login. The public map needs none."
)))  # fmt: skip
ui.login_form()
