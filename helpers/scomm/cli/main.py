"""The ``scomm`` command line: one parser, every command family imported here by name.

A refusal of the kit (a ``ScommError``: a bad parameter or data file, a roster it cannot read,
a file in the way) is printed as its one sentence after the command's name, and the command
exits with 2. A command that ran but did not succeed (a notebook that failed, nobody to
release, nothing graded) exits with 1::

    $ scomm run -p colour red
    scomm run: Parameter colour: these notebooks takes no parameter of that name (allowed: as_of, focus, ...)
"""

from __future__ import annotations

import argparse
import sys

from scomm.cli import app, build, data, grade, run, submit
from scomm.errors import ScommError

#: The command families, in the order ``scomm --help`` lists them.
FAMILIES = (run, data, submit, build, grade, app)


def build_parser() -> argparse.ArgumentParser:
    """The parser with every command: each family's ``register`` adds its own."""
    parser = argparse.ArgumentParser(
        prog="scomm", description="Teaching kit for the Secure Communities unit."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for family in FAMILIES:
        family.register(commands)
    return parser


def _name(args: argparse.Namespace) -> str:
    return f"scomm {args.command}" + (" --site" if getattr(args, "site", False) else "")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refusal is one sentence on stderr and exit code 2."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except ScommError as problem:
        print(f"{_name(args)}: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
