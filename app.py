"""The server: ``streamlit run app.py``. Streamlit serves the page (``streamlit_app.py``)
behind ``geo.serving.Guard``, which refuses anonymous uploads, keeps the metrics on the
server itself, says who may frame which page and lets browsers keep our content-named map
files; inside it, every text response (Streamlit's 4.7 MB of JavaScript, the basemap, the
points) travels gzip-compressed. AppTest runs ``streamlit_app.py`` directly.
"""

import importlib
import sys

import streamlit as st
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware

from geo.config import ROOT, settings
from geo.maps.assets import install_static
from geo.serving import (
    GZIP_LEVEL,
    CompressedOnce,
    Guard,
    embed_ancestors,
    no_delay_connections,
    upload_limit_bytes,
)

# What the map page needs, imported while the server starts rather than during the first visit
# after a restart (a speaker's first click): seconds of imports on a loaded 2-core laptop.
# Not streamlit_folium: a component declared before the runtime exists is never served.
for module in ("altair", "folium", "geo.dashboard.livemap", "geo.dashboard.charts",
               "geo.dashboard.working", "geo.selection"):  # fmt: skip
    importlib.import_module(module)
# Leaflet, the map code and the basemap in ./static before the first request (the page does
# it again, cheaply: only what changed is copied).
install_static(ROOT / "static")

# Before the first connection: responses leave at once, not 40 ms later (geo.serving).
no_delay_connections()
# One process serves files and runs every visitor's script, in threads that take turns with
# Python's lock: a file request waits up to one switch interval (5 ms by default) each time it
# needs the lock back from a running script; a first visit makes about 110 of them.
sys.setswitchinterval(0.0005)

app = st.App(
    "streamlit_app.py",
    middleware=[
        Middleware(
            Guard,
            max_upload_bytes=upload_limit_bytes(st.get_option("server.maxUploadSize")),
            # a bad $EFUS_EMBED_ANCESTORS stops the start here
            ancestors=embed_ancestors(settings().embed_ancestors),
        ),
        # Inside the guard: a refused request costs no compression, and a file that never
        # changes is compressed once for every visitor.
        Middleware(CompressedOnce),
        Middleware(GZipMiddleware, minimum_size=1024, compresslevel=GZIP_LEVEL),
    ],
)
