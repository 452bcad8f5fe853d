"""The keyboard-only tests' one way to move: press Tab (or another key) until the focused
element is the one wanted, reading what the keyboard is on as a screen reader would."""

from __future__ import annotations

MAX_TABS = 150  # far more stops than a page has: a missing control fails, never loops

# What the keyboard is on: its tag, id, type, role, name (aria-label or text), link, selection.
FOCUSED_JS = """() => {
    const el = document.activeElement;
    return {tag: el.tagName, id: el.id, type: el.getAttribute("type") || "",
            role: el.getAttribute("role") || "", label: el.getAttribute("aria-label") || "",
            text: (el.innerText || "").trim(), href: el.getAttribute("href") || "",
            selected: el.getAttribute("aria-selected")};
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED_JS)


def tab_to(page, wanted, *, key: str = "Tab") -> dict:
    """Press ``key`` until the focused element is ``wanted`` (a predicate); fail after
    ``MAX_TABS`` presses."""
    for _ in range(MAX_TABS):
        page.keyboard.press(key)
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"{key} never reached the control; last focused: {focused(page)}")


def tab_until(page, element, *, what: str, most: int = MAX_TABS) -> None:
    """Press Tab until ``element`` (a locator, in the page or one of its frames: the check runs
    in the element's own document) has the focus; fail with ``what`` after ``most`` presses."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if element.evaluate("e => document.activeElement === e"):
            return
    raise AssertionError(f"Tab never reached {what}")
