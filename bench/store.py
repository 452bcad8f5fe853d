"""How long the store, the intake and the login take, on the bundled data and on a grown store.

Run: .venv/bin/python bench/bench_store.py   (prints one line per measure; asserts nothing)
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.data.dataset import DATA_DIR  # noqa: E402
from geo.data.store import Changes, Store  # noqa: E402
from geo.data.validation import _country_boxes  # noqa: E402
from geo.staff.auth import hash_password, verify_password  # noqa: E402
from geo.staff.intake import read_upload  # noqa: E402
from geo.staff.merge import plan_merge  # noqa: E402


def timed(label: str, fn, *, repeat: int = 1):
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<52} {best * 1000:9.1f} ms")
    return result


def rows(n: int, prefix: str) -> tuple[dict, ...]:
    return tuple(
        {
            "id": f"{prefix}-{i}",
            "name": f"Ville {i}",
            "kind": "city",
            "country": "FR",
            "city": f"Ville {i}",
            "project": "Bench",
            "activity": "signatory",
            "lat": 45 + i % 500 / 100,
            "lon": 2 + i % 300 / 100,
            "description": "Texte. " * 20,
            "source": "https://efus.eu/bench",
            "_file": "bench.csv",
        }
        for i in range(n)
    )


def main() -> None:
    _country_boxes()  # loaded once per process by validation; not the store's cost
    with tempfile.TemporaryDirectory() as tmp:
        store = timed("open: create from data/ (71 rows)", lambda: Store.open(tmp, seed=DATA_DIR))
        timed("open: existing store", lambda: Store.open(tmp), repeat=5)
        timed("frame() of 71 rows", store.frame, repeat=5)
        timed(
            "save 1 changed row",
            lambda: store.save(
                Changes(changed=({"id": "bd-nice", "notes": "bench"},)),
                base_revision=store.revision,
                author="bench",
            ),
        )
        timed(
            "save 10,000 added rows in one transaction",
            lambda: store.save(
                Changes(added=rows(10_000, "b")), base_revision=store.revision, author="bench"
            ),
        )
        timed("frame() of 10,071 rows", store.frame, repeat=3)
        timed(
            "save 1 changed row in a 10,071-row store",
            lambda: store.save(
                Changes(changed=({"id": "b-5", "notes": "x"},)),
                base_revision=store.revision,
                author="bench",
            ),
            repeat=3,
        )
        timed("dump 10,071 rows to CSV", lambda: store.dump(Path(tmp) / "out"), repeat=3)

        head = "name,country,city,lat,lon\n"
        data = (head + "".join(f"Lieu {i},FR,Nice,43.{i:02d},7.2\n" for i in range(30))).encode()
        intake = timed(
            "read_upload of a 30-row CSV",
            lambda: read_upload("l.csv", data, strict=False),
            repeat=5,
        )
        frame = store.frame()
        timed(
            "plan_merge 30 rows against 10,071", lambda: plan_merge(frame, intake.frame), repeat=3
        )
    encoded = timed("hash_password (scrypt N=2^14)", lambda: hash_password("a-bench-password"))
    timed("verify_password", lambda: verify_password("a-bench-password", encoded), repeat=3)


if __name__ == "__main__":
    main()
