"""``python -m geo dump``: write the store back as the CSV files of ``data/``."""

from __future__ import annotations

import argparse
import sys

from geo.config import Settings
from geo.i18n import N_, Translator, translator

HELP = N_("write the store back to CSV files in the layout of data/")
DESCRIPTION = N_(
    "Write every row of the store (EFUS_DATA_DIR, default var/) as the CSV "
    "files of data/: UTF-8, same columns, rows in a stable order. Creates the store from "
    "data/ first if there is none."
)


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    parser.add_argument("-o", "--output", metavar=tr.t("DIR"),
                        help=tr.t("folder to write into (default: the bundled data/)"))
    parser.add_argument("--data-dir", metavar=tr.t("DIR"),
                        help=tr.t("folder of the store (default: $EFUS_DATA_DIR or var/)"))


def run(args: argparse.Namespace, settings: Settings) -> int:
    from geo.data.dataset import DATA_DIR
    from geo.data.store import Store

    store = Store.open(args.data_dir or settings.data_dir)
    out = args.output or DATA_DIR
    written = store.dump(out)
    tr = translator(args.lang)
    rows = sum(written.values())
    print(tr.tn("{n} row written to {files} files in {out} (store {store}, revision {revision})",
                "{n} rows written to {files} files in {out} (store {store}, revision {revision})",
                rows, files=tr.number(len(written)), out=out, store=store.path,
                revision=tr.number(store.revision)), file=sys.stderr)  # fmt: skip
    return 0
