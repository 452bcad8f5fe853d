"""The escaper at the Streamlit-markdown boundary: text from data becomes inert there (no
link, image, HTML or colour), for every page that writes data into ``st.markdown``."""

from __future__ import annotations

import math
import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=])")


def md_escape(text: object) -> str:
    """Text from data made inert in Streamlit markdown: no link, image, HTML or colour."""
    if text is None or (isinstance(text, float) and math.isnan(text)):
        return ""
    return _MD_SPECIAL.sub(r"\\\1", str(text)).replace("\n", " ")
