"""``python -m geo``: the project's command line, as a table of commands and their dispatch.

Each command lives in its own module of ``geo.commands`` (its help, its options and what it
does); this module lists them in the order ``--help`` shows them, reads the settings once
(``geo.config.settings``) and hands them to the command that runs.

Exit codes: 0 done / valid, 1 the data has problems, 2 a usage error (argparse's own).
"""

from __future__ import annotations

import argparse
import sys

from geo.commands import dump, export, geocode, hash_password, publish, validate
from geo.config import settings
from geo.errors import GeoError
from geo.i18n import PSEUDO, SUPPORTED, environ_language, negotiate

COMMANDS = {
    "validate": validate,
    "dump": dump,
    "hash-password": hash_password,
    "geocode": geocode,
    "export": export,
    "publish": publish,
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m geo",
        description="Efus map service: check, geocode and map the Efus dataset.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang", metavar="LANG", choices=(*SUPPORTED, PSEUDO),
        help=f"the language of messages and maps ({', '.join(SUPPORTED)}); default: the locale "
        "variables LANGUAGE, LC_ALL, LC_MESSAGES, LANG, else English",
    )  # fmt: skip
    for name, command in COMMANDS.items():
        p = commands.add_parser(name, help=command.HELP, description=command.DESCRIPTION,
                                parents=[common])  # fmt: skip
        command.add_arguments(p)
        p.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = settings()
    # --lang wins; else the locale variables (gettext's order), else English.
    args.lang = negotiate(query=args.lang) if args.lang else environ_language(config)
    try:
        return args.run(args, config)
    except GeoError as exc:
        from geo.i18n import translator
        from geo.messages import error_line

        line = error_line(exc, lang=args.lang)
        print(translator(args.lang).t("error: {error}", error=line), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
