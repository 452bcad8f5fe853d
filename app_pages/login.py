"""The staff login, at the intake's address for whoever is not logged in."""

import streamlit as st

from geo import ui

st.title("Staff login")
st.markdown(
    "Uploading lists, reviewing places and the staff map (exact positions of equipment, "
    "staff notes) need a staff login. The public map needs none."
)
ui.login_form()
