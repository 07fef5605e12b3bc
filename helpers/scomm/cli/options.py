"""Options more than one command takes, worded once (``-p NAME VALUE``, ``--force``), and each
command's ``--help`` page: what it does and an example.

>>> parser = argparse.ArgumentParser(prog="scomm")
>>> commands = parser.add_subparsers()
>>> _ = commands.add_parser("lab", help="open the lessons in JupyterLab")
>>> describe(commands)
>>> commands.choices["lab"].format_help().splitlines()[2:]
['Open the lessons in JupyterLab.', '', 'options:', '  -h, --help  show this help message and exit', '', 'Example:', '  scomm lab']
"""

from __future__ import annotations

import argparse
import textwrap

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


#: One example per command, shown at the end of its ``--help``.
EXAMPLES = {
    "init": "scomm init ~/my-course",
    "handout": "scomm handout ~/scomm-handout",
    "links": "scomm links --hub https://hub.example.edu --repo https://github.com/you/scomm-handout --lesson 1",
    "collect": "scomm collect --homes '/home/*' --out handed-in",
    "run": 'scomm run -p focus "Cook County, IL" -p as_of 2011-03-31',
    "refresh": "scomm refresh notebooks/01_program_mechanics.ipynb",
    "lab": "scomm lab",
    "validate": "scomm validate",
    "params": "scomm params",
    "submit": "scomm submit --student kim --lesson 1",
    "build": "scomm build        # then the course site: scomm build --site",
    "release": "scomm release --roster roster.csv --lesson 1",
    "grade": "scomm grade responses/submissions --out build/grades\n"
    "  scomm grade responses/submissions/01_program_mechanics/kim.json   # one student again",
    "annotations": "scomm annotations responses/submissions --lesson 2",
    "mark": "scomm mark 4 --submissions handed-in --marker ta-lee   # then open http://127.0.0.1:8870/\n"
    "  scomm mark 4 --submissions handed-in --agreement ta-lee,ta-kim",
    "app": "scomm app 1 --student alice",
}


def describe(commands: argparse._SubParsersAction) -> None:
    """Give every command's ``--help`` a description (its one-line help, as a sentence) and its example."""
    summaries = {action.dest: action.help or "" for action in commands._choices_actions}
    for name, parser in commands.choices.items():
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        if not parser.description and summaries.get(name):
            text = summaries[name]
            parser.description = text[0].upper() + text[1:].rstrip(".") + "."
        parser.description = textwrap.fill(parser.description or "", 100)
        if name in EXAMPLES and not parser.epilog:
            parser.epilog = "Example:\n  " + EXAMPLES[name]
