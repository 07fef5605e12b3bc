"""Options more than one command takes, worded once: ``-p NAME VALUE`` and ``--force``."""

from __future__ import annotations

import argparse

from scomm.course.outputs import FORCE_FLAG


def add_parameter_option(parser: argparse.ArgumentParser) -> None:
    """Give a command ``-p NAME VALUE`` (repeatable), as papermill's own command line has."""
    parser.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a lesson parameter (repeat for more)",
    )


def add_force_option(parser: argparse.ArgumentParser) -> None:
    """The one ``--force`` every writing command offers, with the same words."""
    parser.add_argument(
        FORCE_FLAG,
        action="store_true",
        help="replace files in the output folder that scomm did not write (or that were changed since); "
        "nothing else there is touched",
    )
