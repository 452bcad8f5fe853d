"""Map image benchmark: seconds to write the PNG (1920×1080) and the PDF (A4 landscape) of a
map with ``geo.maps.image`` (Debian's headless Chromium), and their sizes, for the bundled
dataset and for synthetic maps of 10,000 and 50,000 points (``bench/map.py``'s rows).

    python bench/image.py [--sizes 10000 50000]

No budget is set by the issue; a speaker waits for a download, so a few seconds is the aim.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from map import synthetic_frame  # noqa: E402

from geo.commands.export import map_rows  # noqa: E402
from geo.maps.image import map_image  # noqa: E402


def measure(frame, label: str, folder: Path) -> None:
    for kind in ("png", "pdf"):
        out = folder / f"{label}.{kind}"
        start = time.perf_counter()
        image = map_image(frame, out, kind=kind, audience="staff", title="Where Efus works")
        seconds = time.perf_counter() - start
        print(f"{label:>10} {kind}: {seconds:5.1f} s, {out.stat().st_size / 1e6:5.2f} MB, "
              f"{image.shown:,} points")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 50_000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        frame, _ = map_rows(None, audience="staff", settings=None)
        measure(frame, "bundled", Path(folder))
        for n in args.sizes:
            measure(synthetic_frame(n), f"{n:,}", Path(folder))


if __name__ == "__main__":
    main()
