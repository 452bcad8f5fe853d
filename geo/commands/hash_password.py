"""``python -m geo hash-password``: the lines that make a password the staff login."""

from __future__ import annotations

import argparse
import sys

from geo.config import Settings
from geo.i18n import DEFAULT, N_, Translator, translator

HELP = N_("print a staff password hash for .streamlit/secrets.toml")
DESCRIPTION = N_(
    "Ask for a password (twice, not shown) and print the [staff] lines that "
    "make it the staff login of this deployment."
)
MIN_LENGTH = 12


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    parser.add_argument("--user", metavar=tr.t("NAME"),
                        help=tr.t("one person's login (logged as the author of their saves)"))
    parser.add_argument("--stdin", action="store_true",
                        help=tr.t("read the password from the first line of standard input"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.staff.auth import hash_password

    tr = translator(getattr(args, "lang", DEFAULT))
    password = _password(from_stdin=args.stdin, lang=tr.language)
    if password is None:
        print(tr.t("error: the two passwords differ; nothing printed"), file=sys.stderr)
        return 1
    if len(password) < MIN_LENGTH:
        print(tr.t("error: use at least {n} characters; nothing printed", n=MIN_LENGTH),
              file=sys.stderr)  # fmt: skip
        return 1
    comment = tr.t("paste into {file} (never commit that file)", file=".streamlit/secrets.toml")
    print(f"# {comment}\n{_secrets_lines(hash_password(password), user=args.user)}")
    return 0


def _password(*, from_stdin: bool, lang: str) -> str | None:
    """The password typed (twice: None when the two differ) or the first line of stdin."""
    import getpass

    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    tr = translator(lang)
    password = getpass.getpass(tr.t("Staff password: "))
    return password if getpass.getpass(tr.t("Again: ")) == password else None


def _secrets_lines(encoded: str, *, user: str | None) -> str:
    """The TOML lines: one person's login under [staff.users], else the shared one."""
    import json

    if user:
        return f'[staff.users]\n{json.dumps(user)} = "{encoded}"'
    return f'[staff]\npassword_hash = "{encoded}"'
