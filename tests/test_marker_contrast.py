"""Every marker, and the presentation's ring, stands out ≥ 3:1 from land and sea (WCAG 1.4.11,
non-text contrast), measured from the colours the engine draws with: the land of the basemap
(``styles.BASEMAP_STYLE``, which ``elements.Basemap`` sends to the page), the sea (the map's
background in efus-map.css), each activity's style as the page receives it (``style_json``) and
the tour ring's circles (``livemap.tour_marker``), and the badge of a cluster of points
(``styles.CLUSTER_STYLE``: ≥ 3:1 on land and sea, its count ≥ 4.5:1 on it, WCAG 1.4.3).
"""

from __future__ import annotations

import json
import re

import pytest

from geo.dashboard.livemap import tour_marker
from geo.maps.assets import HERE
from geo.maps.elements import Basemap
from geo.maps.engine import build_map, render_html
from geo.maps.styles import (
    ACTIVITY_STYLE,
    CLUSTER_STYLE,
    KIND_FALLBACK,
    OTHER_STYLE,
    style_json,
)
from tests.conftest import wait_map_still
from tests.mapdata import frame

MINIMUM = 3.0
STYLES = {**ACTIVITY_STYLE, **{f"({k})": s for k, s in KIND_FALLBACK.items()},
          "(other)": OTHER_STYLE}  # fmt: skip


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of ``#rrggbb``."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def land() -> str:
    return json.loads(Basemap().style)["fillColor"]


def sea() -> str:
    css = (HERE / "js" / "efus-map.css").read_text(encoding="utf-8")
    sea_rule = r"\.efus-map\.leaflet-container\s*\{[^}]*?background:\s*(#[0-9a-fA-F]{6})"
    rule = re.search(sea_rule, css)
    assert rule, "efus-map.css no longer sets the sea colour on .efus-map.leaflet-container"
    return rule[1]


def outer_colour(style: dict) -> str:
    """The colour at a marker's rim, as efus-map.js ``markerOptions`` draws it: a hollow
    marker's ``edge`` band under its coloured ring, a solid marker's ``edge`` outline. Before
    the edge, a hollow marker's rim was its own colour."""
    return style.get("edge") or style["colour"]


def test_the_measure_is_wcag_s():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    # The measure of the old sky-blue squares: 2.1:1 on land, 1.8:1 on sea.
    assert contrast("#56B4E9", land()) == pytest.approx(2.1, abs=0.05)
    assert contrast("#56B4E9", sea()) == pytest.approx(1.8, abs=0.05)
    assert outer_colour({"colour": "#56B4E9"}) == "#56B4E9"


@pytest.mark.parametrize("activity", sorted(STYLES))
def test_every_marker_stands_out_3_to_1_on_land_and_sea(activity):
    rim = outer_colour(style_json(STYLES[activity], layer=0))
    for where, ground in (("land", land()), ("sea", sea())):
        ratio = contrast(rim, ground)
        assert ratio >= MINIMUM, f"{activity!r}: rim {rim} is {ratio:.2f}:1 on {where} {ground}"


def test_cluster_badge_stands_out_3_to_1_and_its_count_reads_4_5_to_1():
    for where, ground in (("land", land()), ("sea", sea())):
        ratio = contrast(CLUSTER_STYLE["fill"], ground)
        assert ratio >= MINIMUM, f"cluster badge is {ratio:.2f}:1 on {where} {ground}"
    assert contrast(CLUSTER_STYLE["text"], CLUSTER_STYLE["fill"]) >= 4.5
    # The ring inside the rim separates the badge from a marker under it.
    assert contrast(CLUSTER_STYLE["ring"], CLUSTER_STYLE["fill"]) >= MINIMUM


def tour_ring_colours() -> list[str]:
    """The ring's circles, outermost (drawn first, widest) first."""
    circles = [c for c in tour_marker(45.0, 7.0)._children.values()]
    circles.sort(key=lambda c: -c.options["weight"])
    return [c.options["color"] for c in circles]


def test_tour_ring_stands_out_3_to_1_on_land_and_sea():
    outer, *inner = tour_ring_colours()
    assert inner, "the ring needs a dark band around its colour"
    for ground in (land(), sea()):
        assert contrast(outer, ground) >= MINIMUM
    # The yellow reads as a ring against its own dark band.
    assert contrast(inner[-1], outer) >= MINIMUM


def over(pixel: list[int], ground: str) -> str:
    """A canvas pixel (RGBA) as it shows over ``ground``."""
    *rgb, alpha = pixel
    under = [int(ground[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c * alpha / 255 + u * (1 - alpha / 255)) for c, u in zip(rgb, under)]
    return "#" + "".join(f"{c:02x}" for c in mixed)


@pytest.mark.browser
def test_hollow_sky_blue_square_is_drawn_with_a_dark_rim(offline_page, tmp_path):
    """What Chromium draws for an associated city (hollow, sky blue) on land: going out from
    its centre, left and right, the last pixel the marker covers (at least half) stands out
    3:1 from the land around it. Without the dark rim it is the sky-blue ring, 2.1:1."""
    rows = frame()
    rows = rows[rows["id"] == "turin"].assign(activity="associated city")
    path = tmp_path / "hollow.html"
    path.write_text(render_html(build_map(rows, radius=7)), encoding="utf-8")
    page = offline_page
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-efus-drawn='1']", timeout=30_000)
    wait_map_still(page)
    line = page.evaluate(
        """([lat, lon]) => {
            const m = Object.values(window).find(v => v instanceof L.Map);
            const c = document.querySelector('.leaflet-efusPoints-pane canvas');
            const p = m.latLngToContainerPoint([lat, lon]);
            const box = c.getBoundingClientRect(), at = m.getContainer().getBoundingClientRect();
            const scale = c.width / box.width, ctx = c.getContext('2d');
            const y = Math.round((at.top + p.y - box.top) * scale);
            const x0 = Math.round((at.left + p.x - box.left) * scale);
            return Array.from({length: 41}, (_, k) =>
                Array.from(ctx.getImageData(x0 - 20 + k, y, 1, 1).data)); }""",
        [45.07049, 7.68682],
    )
    covered = [k for k, pixel in enumerate(line) if pixel[3] >= 128]
    assert covered and covered[0] > 0 and covered[-1] < 40, f"no marker at Turin: {line}"
    for k in (covered[0], covered[-1]):
        shown = over(line[k], land())
        assert contrast(shown, land()) >= MINIMUM, f"rim pixel {shown} ({line[k]}) on land"
