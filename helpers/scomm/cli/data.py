"""``scomm validate`` (check data/ and the rubrics in keys/) and ``scomm params`` (every parameter and jurisdiction)."""

from __future__ import annotations

import argparse

from scomm.course import data, disclosure, params
from scomm.grading import rubrics
from scomm.grading.intake import exercise_sets


def cmd_validate(_args: argparse.Namespace) -> int:
    """Check every data file against ``data/datapackage.json`` (and that no row is shown before the
    public could read it) and every rubric against its exercise; a problem is a refusal (exit 2)."""
    data.validate()
    disclosure.check()
    print(f"data/ is valid: {', '.join(data.tables())}")
    count = rubrics.check_all(exercise_sets())
    print(f"keys/{rubrics.RUBRICS_DIR}/ is valid: {count} rubric(s), one for every assessed written exercise")
    return 0


def cmd_params(_args: argparse.Namespace) -> int:
    """List every lesson parameter, what it allows, and every jurisdiction ``focus`` accepts."""
    for p in params.PARAMETERS.values():
        print(f"{p.name:<11} {p.description} Allowed: {p.allowed}.")
    names = data.load("jurisdictions")["name"]
    print("\nJurisdictions accepted by focus (aliases also work):")
    print("\n".join(f"  {n}" for n in sorted(names)))
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm validate`` and ``scomm params``."""
    commands.add_parser(
        "validate",
        help="check data/ against data/datapackage.json and keys/rubrics/ against the written exercises",
    ).set_defaults(func=cmd_validate)
    commands.add_parser(
        "params", help="list notebook parameters and the jurisdictions focus accepts"
    ).set_defaults(func=cmd_params)
