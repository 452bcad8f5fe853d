"""``python -m geo validate``: check data files and print one located line per problem."""

from __future__ import annotations

import argparse
import sys

from geo.commands.limits import add_limit_options, limits_from
from geo.config import Settings
from geo.i18n import N_, Translator

HELP = N_("check CSV/XLSX files and print one line per problem")
DESCRIPTION = N_(
    "Check CSV/XLSX files (or every such file in a folder). Prints one "
    "'file:row:column: message' line per problem; exits 0 when valid, 1 when not."
)


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    parser.add_argument("paths", nargs="+", metavar=tr.t("PATH"), help=tr.t("file or folder"))
    parser.add_argument(
        "--places",
        action="store_true",
        help=tr.t("check a plain list of places (name and country required) rather than "
                  "dataset files"),
    )  # fmt: skip
    add_limit_options(parser, tr=tr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.data.dataset import check_paths
    from geo.i18n import translator
    from geo.messages import problem_line

    checked = check_paths(args.paths, strict=not args.places, limits=limits_from(args))
    for problem in checked.problems:
        print(problem_line(problem, lang=args.lang))
    tr = translator(args.lang)
    rows = tr.tn("{n} row checked", "{n} rows checked", len(checked.records))
    problems = tr.tn("{n} problem", "{n} problems", len(checked.errors))
    print(tr.t("{rows}, {problems}", rows=rows, problems=problems), file=sys.stderr)
    return 0 if checked.ok else 1
