"""One parser per idea for what a cell or a link says (here: yes/no flags).

A minimal first piece: ``parse_flag`` is what the dashboard's link flags (``?embed=1``) read
with. The full module (coordinates, dates) comes with the problem-codes work and keeps this
function's name and signature.
"""

from __future__ import annotations

import math

from geo.data.schema import FALSE_WORDS, TRUE_WORDS


def parse_flag(value: object) -> bool | None:
    """Yes or no in any language of ``geo.data.schema.TRUE_WORDS`` / ``FALSE_WORDS``
    (``oui``, ``nee``, ``1``, ``x``…); a bool as it is; None when blank or unclear."""
    if isinstance(value, bool):
        return value
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    word = str(value).strip().casefold()
    if not word:
        return None
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
