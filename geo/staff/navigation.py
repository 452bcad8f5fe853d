"""Which pages a visitor may open. Decided from the login and the URL's mode, never from a
page name in the URL: a page that is not listed here does not exist for that visitor.

- the map, for everybody;
- the data intake (upload, review, merge), for a logged-in staff member only;
- in its place, at the same address (``/intake``), the staff login when the deployment
  configured one, so a bookmark to the intake asks for the login and then opens it;
- embeds and presentations: the map alone, no menu.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

INTAKE_URL = "intake"


@dataclass(frozen=True, slots=True)
class Pages:
    names: tuple[Literal["map", "intake", "login"], ...]
    position: Literal["sidebar", "hidden"]


def pages_for(*, audience: str, login_configured: bool, embed: bool, present: bool) -> Pages:
    if embed or present:
        return Pages(("map",), "hidden")
    if audience == "staff":
        return Pages(("map", "intake"), "sidebar")
    if login_configured:
        return Pages(("map", "login"), "sidebar")
    return Pages(("map",), "hidden")
