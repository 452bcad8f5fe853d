"""The ``--max-rows``, ``--max-mb`` and ``--max-seconds`` options of the commands that read a
file: the upload's limits (``geo.data.reading.Limits``), raised only where staff ask for it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from geo.i18n import Translator

if TYPE_CHECKING:
    from geo.data.reading import Limits


def add_limit_options(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    from geo.data.reading import MEGABYTE, Limits

    upload = Limits()
    # The metavars are named in the help: each help fills in its own, as translated.
    rows, mb, seconds = tr.t("N"), tr.t("MB"), tr.t("S")
    parser.add_argument("--max-rows", type=positive(int, tr=tr), metavar=rows,
                        help=tr.t("read files of up to {rows} rows (default: {default}, as "
                                  "the upload)", rows=rows, default=tr.number(upload.max_rows)))
    parser.add_argument("--max-mb", type=positive(float, tr=tr), metavar=mb,
                        help=tr.t("read files of up to {mb} megabytes, an XLSX unpacked up to "
                                  "ten times that (default: {default}, as the upload)",
                                  mb=mb, default=tr.number(upload.max_bytes / MEGABYTE)))
    parser.add_argument("--max-seconds", type=positive(float, tr=tr), metavar=seconds,
                        help=tr.t("give up reading a file after {seconds} seconds (default: "
                                  "{default})", seconds=seconds,
                                  default=tr.number(upload.max_seconds)))  # fmt: skip


def positive(kind: Callable[[str], float], *, tr: Translator) -> Callable[[str], float]:
    """An argparse ``type`` that reads a number above zero, or says why not (in ``tr``'s
    language: argparse prints it after the option's name)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(tr.t("{value!r} is not a positive number",
                                                  value=text))  # fmt: skip
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
