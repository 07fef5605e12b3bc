"""The ``scomm`` command line: one parser, every command family named here.

A command imports only its own family (``COMMANDS`` says which): ``scomm release`` need not load
the grader's charts, and each family's imports cost a class's worth of releases in start-up
time. ``scomm --help``, or a command the kit does not have, loads every family, so the usage
lists all commands.

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
from importlib import import_module
from types import ModuleType

from scomm.cli.options import describe
from scomm.course import folder, layout
from scomm.errors import ScommError

#: The command families (modules of ``scomm.cli``), in the order ``scomm --help`` lists them.
FAMILIES = ("course", "run", "lab", "data", "submit", "build", "grade", "mark", "classroom", "app")
#: Each command and the family that registers it (a test checks this against the families).
COMMANDS = {
    "init": "course",
    "run": "run",
    "refresh": "run",
    "lab": "lab",
    "validate": "data",
    "params": "data",
    "submit": "submit",
    "build": "build",
    "release": "build",
    "grade": "grade",
    "annotations": "grade",
    "mark": "mark",
    "handout": "classroom",
    "links": "classroom",
    "collect": "classroom",
    "app": "app",
}


def family(name: str) -> ModuleType:
    """The command family ``scomm.cli.<name>``, imported on first use."""
    return import_module(f"scomm.cli.{name}")


def build_parser(families: tuple[str, ...] = FAMILIES) -> argparse.ArgumentParser:
    """The parser with the commands of ``families``: each family's ``register`` adds its own."""
    parser = argparse.ArgumentParser(
        prog="scomm", description="Teaching kit for the Secure Communities unit."
    )
    parser.add_argument(
        "--course",
        metavar="DIR",
        help=f"the course folder to use (default: ${layout.COURSE_ENV}, else the one the working folder is in)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    for name in families:
        family(name).register(commands)
    describe(commands)
    return parser


def _families_for(argv: list[str]) -> tuple[str, ...]:
    # The command is the first word after `scomm`'s one option, `--course DIR`;
    # `--help`, no word, or a misspelt command gets every family (the usage lists them all).
    words = list(argv)
    while words and words[0].startswith("--course"):
        words = words[1:] if "=" in words[0] else words[2:]
    wanted = COMMANDS.get(words[0]) if words else None
    return (wanted,) if wanted else FAMILIES


def _name(args: argparse.Namespace) -> str:
    return f"scomm {args.command}" + (" --site" if getattr(args, "site", False) else "")


def main(argv: list[str] | None = None) -> int:
    """Run one command; a refusal is one sentence on stderr and exit code 2."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_families_for(argv)).parse_args(argv)
    try:
        if args.command != "init":  # every other command works on a course folder, or refuses
            folder.check_course(layout.ROOT)
        return args.func(args)
    except ScommError as problem:
        print(f"{_name(args)}: {problem}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
