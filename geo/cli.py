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
from geo.commands.usage import speaking
from geo.config import Settings, settings
from geo.errors import GeoError
from geo.i18n import N_, PSEUDO, SUPPORTED, Translator, negotiate, translator

COMMANDS = {
    "validate": validate,
    "dump": dump,
    "hash-password": hash_password,
    "geocode": geocode,
    "export": export,
    "publish": publish,
}
DESCRIPTION = N_("Efus map service: check, geocode and map the Efus dataset.")
# TRANSLATORS: {languages} lists the language codes, "en, fr".
LANG_HELP = N_(
    "the language of messages and maps ({languages}); default: the locale variables "
    "LANGUAGE, LC_ALL, LC_MESSAGES, LANG, else English"
)


def build_parser(tr: Translator | None = None) -> argparse.ArgumentParser:
    """The command line, its help in ``tr``'s language (argparse's own words too, when built
    and used inside ``geo.commands.usage.speaking(tr)``, as ``main`` does)."""
    tr = tr or translator()
    parser = argparse.ArgumentParser(prog="python -m geo", description=tr.t(DESCRIPTION))
    commands = parser.add_subparsers(dest="command", metavar=tr.t("COMMAND"), required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", metavar=tr.t("LANG"), choices=(*SUPPORTED, PSEUDO),
                        help=tr.t(LANG_HELP, languages=", ".join(SUPPORTED)))  # fmt: skip
    for name, command in COMMANDS.items():
        p = commands.add_parser(name, help=tr.t(command.HELP), parents=[common],
                                description=tr.t(command.DESCRIPTION))  # fmt: skip
        command.add_arguments(p, tr=tr)
        p.set_defaults(run=command.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    config = settings()
    tr = translator(chosen_language(argv, config))
    with speaking(tr):
        args = build_parser(tr).parse_args(argv)
    args.lang = tr.language
    try:
        return args.run(args, config)
    except GeoError as exc:
        from geo.messages import error_line

        line = error_line(exc, lang=args.lang)
        print(tr.t("error: {error}", error=line), file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130


def chosen_language(argv: list[str], config: Settings) -> str:
    """``--lang`` wins, else the locale variables (gettext's order), else English. Read
    before the command line is, so that its help and its usage errors speak it too; a
    ``--lang`` argparse will refuse (missing, unknown) is passed over here."""
    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--lang")
    try:
        asked = early.parse_known_args(argv)[0].lang
    except argparse.ArgumentError:
        asked = None
    return negotiate(query=asked, environ=dict(config.locale_variables))
