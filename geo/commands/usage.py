"""argparse in the reader's language: its own words (``usage:``, ``options``, its errors) from
our catalogue, while ``python -m geo`` builds and reads its command line.

argparse marks its words for gettext (``argparse._``, ``argparse.ngettext``, looked up at
each call) but reads them from a ``.mo`` of the process's locale, which we neither ship nor
choose (``--lang`` is itself one of the arguments being read). So, for the time of
``speaking(tr)``, those two names answer from ``tr``: a message listed here is translated,
any other stays as argparse wrote it (the pseudo-locale test then names it, so a message
argparse adds in a later Python is noticed, not silently left in English). The words we give
argparse (help, descriptions, metavars) are translated where the parser is built.

The messages are the ones a person can meet with our parser: Python 3.11's texts, word for
word (a msgid must match argparse's literally); the ones only a programmer meets (conflicting
option strings, invalid ``nargs``) are left out.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager

from geo.i18n import N_, Nn_, Translator

__all__ = ["MESSAGES", "PLURAL_MESSAGES", "speaking"]

# TRANSLATORS: argparse's own words. Keep every %(name)s, %s and %r as they are; "usage: "
# and the "error:" line are printed before the command's usage and a message.
MESSAGES = frozenset({
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
})  # fmt: skip
PLURAL_MESSAGES = frozenset({Nn_("expected %s argument", "expected %s arguments")})


@contextmanager
def speaking(tr: Translator) -> Iterator[None]:
    """argparse's words from ``tr`` while the block runs (the parser's build and its
    parse: the section titles are fixed when the parser is made, errors when they happen)."""
    saved = vars(argparse)["_"], vars(argparse)["ngettext"]

    def gettext(message: str | None) -> str | None:
        return tr.t(message) if message in MESSAGES else message

    def ngettext(singular: str, plural: str, n: int) -> str:
        if (singular, plural) not in PLURAL_MESSAGES:
            return singular if n == 1 else plural
        # tn fills only {n}: argparse's %s is left for argparse to fill.
        return tr.tn(singular, plural, n)

    vars(argparse).update(_=gettext, ngettext=ngettext)
    try:
        yield
    finally:
        vars(argparse).update(_=saved[0], ngettext=saved[1])
