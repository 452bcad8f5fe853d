"""A real ``streamlit run`` on 127.0.0.1 for the tests, the benchmarks and the README's
screenshots: one way to start it, wait until it answers, and stop it."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


class ServerDidNotStart(RuntimeError):
    """The server exited, or did not answer its health check in time; ``log`` says why."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_run(
    script: str = "app.py",
    *,
    env: Mapping[str, str] | None = None,
    log: Path,
    args: tuple[str, ...] = (),
    address: str | None = "127.0.0.1",
    timeout: float = 60,
    cwd: Path = ROOT,
) -> Iterator[tuple[str, float]]:
    """``streamlit run script`` from the project folder (its .streamlit/config.toml) on a free
    port; yields its URL and the seconds it took to answer its health check, stops it on exit.
    ``env`` is added to this process's environment without its ``EFUS_*`` variables; ``args``
    are more ``streamlit run`` options; ``address=None`` leaves it to the project's config;
    ``cwd`` is the project folder (a benchmark may serve another checkout)."""
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EFUS_")}
    environ.update(env or {})
    listen = ("--server.address", address) if address else ()
    command = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port),
               *listen, "--server.headless", "true", *args]  # fmt: skip
    start = time.monotonic()
    with open(log, "ab") as out:
        server = subprocess.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                  env=environ)  # fmt: skip
    url = f"http://127.0.0.1:{port}/"
    try:
        while not _healthy(url):
            if server.poll() is not None or time.monotonic() - start > timeout:
                raise ServerDidNotStart(f"{script} did not start; its log ({log}):\n"
                                        f"{Path(log).read_text()[-3000:]}")  # fmt: skip
            time.sleep(0.05)  # polling interval of a bounded readiness wait, not a fixed delay
        yield url, time.monotonic() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False
