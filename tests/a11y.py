"""axe-core in Chromium: the accessibility checks every view's browser test runs.

axe-core (4.12, MPL-2.0) comes bundled in the PyPI package axe-playwright-python; nothing is
fetched at run time. axe checks nested frames only where axe itself is loaded, so it is injected
into every frame of the page (the map's iframe, Streamlit components) before the run; the
results then cover the frames too, each node named by its frame path.
"""

from __future__ import annotations

from axe_playwright_python.base import AXE_SCRIPT

# WCAG 2.1 A and AA, as the issue asks (EN 301 549 follows WCAG 2.1 AA), plus axe's
# best practices that people notice (landmarks, heading order, region).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = ("serious", "critical")


def violations(page, *, context: object = None, tags: list[str] = TAGS) -> list[dict]:
    """Every axe violation on `page` and in its frames, as axe reports them."""
    for frame in page.frames:
        if frame.is_detached():
            continue
        # A frame that is navigating away answers nothing; axe then reports it as unreachable.
        try:
            frame.evaluate(AXE_SCRIPT)
        except Exception:  # noqa: BLE001 - reported by axe as a frame it could not reach
            pass
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)"
        ".then(r => r.violations)",
        [context, options],
    )


def blocking(page, **kwargs) -> list[dict]:
    """The serious and critical violations: the ones `make test` fails on."""
    return [v for v in violations(page, **kwargs) if v.get("impact") in BLOCKING]


def describe(found: list[dict]) -> str:
    """One line per violation and node, for an assertion message a person can act on."""
    lines = []
    for v in found:
        for node in v["nodes"][:5]:
            lines.append(f"{v['impact']} {v['id']}: {v['help']} — {node['target']} "
                         f"{node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_no_blocking(page, **kwargs) -> None:
    found = blocking(page, **kwargs)
    assert not found, "axe-core found serious/critical violations:\n" + describe(found)
