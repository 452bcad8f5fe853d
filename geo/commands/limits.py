"""The ``--max-rows``, ``--max-mb`` and ``--max-seconds`` options of the commands that read a
file: the upload's limits (``geo.data.reading.Limits``), raised only where staff ask for it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from geo.data.reading import Limits


def add_limit_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--max-rows",
        type=positive(int),
        metavar="N",
        help="read files of up to N rows (default: 20000, as the upload)",
    )
    parser.add_argument(
        "--max-mb",
        type=positive(float),
        metavar="MB",
        help="read files of up to MB megabytes, an XLSX unpacked up to ten "
        "times that (default: 5, as the upload)",
    )
    parser.add_argument(
        "--max-seconds",
        type=positive(float),
        metavar="S",
        help="give up reading a file after S seconds (default: 60)",
    )


def positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse ``type`` that reads a number above zero, or says why not."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
        return value

    return parse


def limits_from(args: argparse.Namespace) -> Limits:
    """The upload's limits, with what the options raise."""
    from dataclasses import replace

    from geo.data.reading import MEGABYTE, Limits

    limits = Limits()
    if args.max_rows is not None:
        limits = replace(limits, max_rows=args.max_rows)
    if args.max_mb is not None:
        size = int(args.max_mb * MEGABYTE)
        unpacked = max(limits.max_unpacked_bytes, size * 10)
        limits = replace(limits, max_bytes=size, max_unpacked_bytes=unpacked)
    if args.max_seconds is not None:
        limits = replace(limits, max_seconds=args.max_seconds)
    return limits
