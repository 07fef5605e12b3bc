"""The ``scomm`` command: run the course, check the data, list parameters."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scomm.course import EXECUTED_DIR


def _parse_value(text: str) -> object:
    # Like papermill's -p: whole numbers become ints, everything else stays text.
    try:
        return int(text)
    except ValueError:
        return text


def cmd_run(args: argparse.Namespace) -> int:
    from scomm import params, run

    notebooks = [Path(n) for n in args.notebooks] or run.course_notebooks()
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"scomm run: no notebook at {', '.join(missing)}", file=sys.stderr)
        return 2
    parameters = {name: _parse_value(value) for name, value in args.parameter}
    started = time.perf_counter()
    try:
        outcomes = run.run_course(notebooks, parameters=parameters, out=Path(args.out), jobs=args.jobs)
    except params.ParameterError as exc:
        print(f"scomm run: {exc}", file=sys.stderr)
        return 2
    print(run.summary(outcomes, wall_seconds=time.perf_counter() - started))
    return 0 if all(o.ok for o in outcomes) else 1


def cmd_validate(_args: argparse.Namespace) -> int:
    from scomm import data

    try:
        data.validate()
    except data.DataError as exc:
        print(f"scomm validate: {exc}", file=sys.stderr)
        return 1
    print(f"data/ is valid: {', '.join(data.tables())}")
    return 0


def cmd_params(_args: argparse.Namespace) -> int:
    from scomm import data, params

    for p in params.PARAMETERS.values():
        print(f"{p.name:<11} {p.description} Allowed: {p.allowed}.")
    names = data.load("jurisdictions")["name"]
    print("\nJurisdictions accepted by focus (aliases also work):")
    print("\n".join(f"  {n}" for n in sorted(names)))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scomm", description="Teaching kit for the Secure Communities unit."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="execute the lesson notebooks with papermill, in parallel")
    run_p.add_argument("notebooks", nargs="*", help="notebooks to run (default: every lesson in notebooks/)")
    run_p.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="set a parameter",
    )
    run_p.add_argument(
        "--out", default=str(EXECUTED_DIR), help="folder for executed copies (default: %(default)s)"
    )
    run_p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: one per core)")
    run_p.set_defaults(func=cmd_run)
    sub.add_parser("validate", help="check data/ against data/datapackage.json").set_defaults(
        func=cmd_validate
    )
    sub.add_parser(
        "params", help="list notebook parameters and the jurisdictions focus accepts"
    ).set_defaults(func=cmd_params)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
