"""Efus map service — the page. Widgets call functions in ``geo``; no logic lives here."""

import streamlit as st

from geo.dataset import load_dataset

st.set_page_config(page_title="Efus map", layout="wide")
st.title("Where Efus works")
data = load_dataset()
st.caption(f"{len(data)} places and activities")
st.dataframe(data.drop(columns=["_file", "_row"]), hide_index=True)
