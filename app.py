"""The server: ``streamlit run app.py``. Streamlit serves the page (``streamlit_app.py``)
behind ``geo.serving.Guard``, which refuses anonymous uploads, keeps the metrics on the
server itself, and says who may frame which page. AppTest runs ``streamlit_app.py`` directly.
"""

import streamlit as st
from starlette.middleware import Middleware

from geo.config import settings
from geo.serving import Guard, embed_ancestors, upload_limit_bytes

app = st.App(
    "streamlit_app.py",
    middleware=[
        Middleware(
            Guard,
            max_upload_bytes=upload_limit_bytes(st.get_option("server.maxUploadSize")),
            # a bad $EFUS_EMBED_ANCESTORS stops the start here
            ancestors=embed_ancestors(settings().embed_ancestors),
        )
    ],
)
