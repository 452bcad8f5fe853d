"""How long an upload holds up everybody else served by the same process.

The Streamlit server answers every visitor from one Python process. Parsing and checking an
upload holds Python's GIL; while it does, no other visitor's page is served. The intake page
therefore reads uploads in a worker process (``geo.staff.intake.read_upload_apart``). This
benchmark measures, for a valid list at the upload's row limit (20,000 rows) and for the
290,000-row XLSX "bomb" of the security review, the longest pause that a thread of the server
process sees (a ticker that wakes every 5 ms) while the upload is read in the process itself
(``read_upload``, the baseline) and in a worker (``read_upload_apart``).

    .venv/bin/python bench/intake.py
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from hostile import xlsx_many_rows  # noqa: E402

from geo.errors import GeoError  # noqa: E402
from geo.staff.intake import read_upload, read_upload_apart  # noqa: E402

TICK_S = 0.005


def full_list(rows: int = 20_000) -> bytes:
    """A valid CSV at the upload's row limit: cities with their positions."""
    lines = ["id,name,kind,project,activity,city,country,lat,lon,start,source"]
    for i in range(rows):
        lines.append(
            f"r{i},Place {i},city,PACTESUR,partner,Nice,FR,{43 + i % 7 / 10:.4f},"
            f"{7 + i % 5 / 10:.4f},2020-01,https://efus.eu/"
        )
    return ("\n".join(lines) + "\n").encode("utf-8")


def longest_pause(work: Callable[[], object]) -> tuple[float, float]:
    """Seconds the work took, and the longest gap a 5-ms ticker thread saw meanwhile."""
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(TICK_S)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticker = threading.Thread(target=tick, daemon=True)
    ticker.start()
    start = time.perf_counter()
    try:
        work()
    except GeoError:
        pass  # the bomb is refused: what counts is how long it held the process
    took = time.perf_counter() - start
    done.set()
    ticker.join()
    return took, max(gaps, default=0.0)


def main() -> None:
    cases = {"20,000-row list (CSV)": ("list.csv", full_list()),
             "290,000-row XLSX bomb": ("bomb.xlsx", xlsx_many_rows())}  # fmt: skip
    read_upload_apart("warm.csv", b"name,country\nNice,FR\n", strict=False)  # fork server up
    print(f"{'upload':<24} {'read in':<12} {'took s':>8} {'longest pause ms':>17}")
    for label, (name, data) in cases.items():
        pauses = {}
        for how, read in (("the server", read_upload), ("a worker", read_upload_apart)):
            took, pause = longest_pause(partial(read, name, data, require_id=False))
            pauses[how] = pause
            print(f"{label:<24} {how:<12} {took:>8.2f} {pause * 1000:>17.0f}")
        ratio = pauses["the server"] / max(pauses["a worker"], TICK_S)
        print(f"{'':<24} longest pause, server/worker: {ratio:.0f}×")


if __name__ == "__main__":
    main()
