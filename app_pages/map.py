"""The map's entry in the navigation. The dashboard itself is drawn by ``streamlit_app.py``
right after this page has run, so that it stays one script; this file only gives the page an
address that tests (``AppTest.switch_page``) and links can name."""
