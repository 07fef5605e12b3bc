"""``scomm run`` (execute the lessons) and ``scomm refresh`` (re-execute them in place)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scomm.cli.options import add_force_option, add_parameter_option
from scomm.course import data, layout, params
from scomm.course.layout import EXECUTED_DIR
from scomm.course.param_dates import check_lesson_day
from scomm.notebooks import run


def cmd_run(args: argparse.Namespace) -> int:
    """Execute the lessons (or the notebooks named) with their parameters; 1 if one failed."""
    notebooks = [Path(n) for n in args.notebooks] or run.course_notebooks()
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"scomm run: no notebook at {', '.join(missing)}", file=sys.stderr)
        return 2
    parameters = params.from_options(args.parameter)
    _check_days(notebooks, parameters.get("as_of"))
    started = time.perf_counter()
    data.validate()  # a broken data file is named once here, not as a failure in every lesson
    outcomes = run.run_course(
        notebooks, parameters=parameters, out=Path(args.out), jobs=args.jobs, force=args.force
    )
    print(run.summary(outcomes, wall_seconds=time.perf_counter() - started))
    return 0 if all(o.ok for o in outcomes) else 1


def _check_days(notebooks: list[Path], as_of: object) -> None:
    """Refuse, before any kernel starts, an ``as_of`` a lesson named is not written for."""
    if as_of is None:
        return
    for notebook in notebooks:
        try:
            item = layout.lesson(notebook.stem)
        except layout.UnknownLesson:  # a notebook of the instructor's own: its parameter cell decides
            continue
        check_lesson_day(item, params.PARAMETERS["as_of"].check(as_of))


def cmd_refresh(args: argparse.Namespace) -> int:
    """Re-execute lessons in place so their stored outputs are current."""
    for notebook in [Path(n) for n in args.notebooks] or run.course_notebooks():
        started = time.perf_counter()
        run.refresh(notebook)
        print(f"refreshed {notebook} in {time.perf_counter() - started:.1f} s")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm run`` and ``scomm refresh``."""
    run_p = commands.add_parser("run", help="execute the lesson notebooks with papermill, in parallel")
    run_p.add_argument("notebooks", nargs="*", help="notebooks to run (default: every lesson in notebooks/)")
    add_parameter_option(run_p)
    run_p.add_argument(
        "--out", default=str(EXECUTED_DIR), help="folder for executed copies (default: %(default)s)"
    )
    run_p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: two per core)")
    add_force_option(run_p)
    run_p.set_defaults(func=cmd_run)
    refresh_p = commands.add_parser(
        "refresh", help="re-execute lesson notebooks in place so stored outputs are current"
    )
    refresh_p.add_argument("notebooks", nargs="*", help="notebooks (default: every lesson)")
    refresh_p.set_defaults(func=cmd_refresh)
