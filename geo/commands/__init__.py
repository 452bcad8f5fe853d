"""The commands of ``python -m geo``, one module each.

Every command module has the same four parts, which ``geo.cli`` puts in its table: ``HELP``
(one line for ``--help``), ``DESCRIPTION`` (the command's own ``--help``), ``add_arguments``
(its options) and ``run(args, settings)``, which returns the exit code: 0 done / valid, 1 the
data has problems, 2 a usage error (argparse's own). Heavy modules (pandas, folium, the
gazetteer) are imported inside ``run``, so ``python -m geo --help`` answers at once.
"""
