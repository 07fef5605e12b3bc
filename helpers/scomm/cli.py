"""The ``scomm`` command: run the course, check the data, list parameters."""

from __future__ import annotations

import argparse
import sys
import time
from importlib import import_module
from pathlib import Path

from scomm.course import params
from scomm.course.layout import EXECUTED_DIR
from scomm.course.outputs import add_force_option
from scomm.exercises import submissions

#: Modules that add their own subcommands through a ``register(subparsers)`` function.
COMMAND_MODULES: tuple[str, ...] = ("grading", "builds", "annotation_report", "app")


def cmd_run(args: argparse.Namespace) -> int:
    from scomm import run
    from scomm.course import data, outputs

    notebooks = [Path(n) for n in args.notebooks] or run.course_notebooks()
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"scomm run: no notebook at {', '.join(missing)}", file=sys.stderr)
        return 2
    parameters = params.from_options(args.parameter)
    started = time.perf_counter()
    try:
        data.validate()  # a broken data file is named once here, not as a failure in every lesson
        outcomes = run.run_course(
            notebooks, parameters=parameters, out=Path(args.out), jobs=args.jobs, force=args.force
        )
    except (params.ParameterError, data.DataError, outputs.OutputConflict) as exc:
        print(f"scomm run: {exc}", file=sys.stderr)
        return 2
    print(run.summary(outcomes, wall_seconds=time.perf_counter() - started))
    return 0 if all(o.ok for o in outcomes) else 1


def cmd_refresh(args: argparse.Namespace) -> int:
    from scomm import run

    for notebook in [Path(n) for n in args.notebooks] or run.course_notebooks():
        started = time.perf_counter()
        run.refresh(notebook)
        print(f"refreshed {notebook} in {time.perf_counter() - started:.1f} s")
    return 0


def cmd_validate(_args: argparse.Namespace) -> int:
    from scomm.course import data

    try:
        data.validate()
    except data.DataError as exc:
        print(f"scomm validate: {exc}", file=sys.stderr)
        return 1
    print(f"data/ is valid: {', '.join(data.tables())}")
    return 0


def cmd_params(_args: argparse.Namespace) -> int:
    from scomm.course import data, params

    for p in params.PARAMETERS.values():
        print(f"{p.name:<11} {p.description} Allowed: {p.allowed}.")
    names = data.load("jurisdictions")["name"]
    print("\nJurisdictions accepted by focus (aliases also work):")
    print("\n".join(f"  {n}" for n in sorted(names)))
    return 0


def cmd_submit(args: argparse.Namespace) -> int:
    from scomm.course import layout as course
    from scomm.course import params
    from scomm.exercises import responses

    try:
        lesson = course.lesson(int(args.lesson) if args.lesson.isdigit() else args.lesson).slug
        log = responses.Log(args.student, lesson)
    except (KeyError, params.ParameterError) as exc:
        print(f"scomm submit: {exc.args[0]}", file=sys.stderr)
        return 2
    reading = log.read()
    if reading.damaged or reading.foreign:
        print(
            f"scomm submit: left out {reading.damaged} damaged line(s) and {reading.foreign} line(s) "
            f"of another student or lesson in {log.path}",
            file=sys.stderr,
        )
    answers = reading.latest()
    if not answers:
        print(
            f"scomm submit: no answers recorded for {args.student} in {lesson} under {log.path}",
            file=sys.stderr,
        )
        return 1
    seed = params.default_seed(args.student) if args.seed is None else args.seed
    try:
        path = submissions.submit(log, seed=seed, folder=Path(args.out) if args.out else None)
    except responses.NotSaved as problem:
        print(f"scomm submit: {problem}", file=sys.stderr)
        return 1
    print(f"Submitted {len(answers)} answer(s) for {args.student}, {lesson}: {path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scomm", description="Teaching kit for the Secure Communities unit."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run_p = sub.add_parser("run", help="execute the lesson notebooks with papermill, in parallel")
    run_p.add_argument("notebooks", nargs="*", help="notebooks to run (default: every lesson in notebooks/)")
    params.add_option(run_p)
    run_p.add_argument(
        "--out", default=str(EXECUTED_DIR), help="folder for executed copies (default: %(default)s)"
    )
    run_p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: two per core)")
    add_force_option(run_p)
    run_p.set_defaults(func=cmd_run)
    sub.add_parser("validate", help="check data/ against data/datapackage.json").set_defaults(
        func=cmd_validate
    )
    sub.add_parser(
        "params", help="list notebook parameters and the jurisdictions focus accepts"
    ).set_defaults(func=cmd_params)
    refresh_p = sub.add_parser(
        "refresh", help="re-execute lesson notebooks in place so stored outputs are current"
    )
    refresh_p.add_argument("notebooks", nargs="*", help="notebooks (default: every lesson)")
    refresh_p.set_defaults(func=cmd_refresh)
    submit_p = sub.add_parser("submit", help="write a student's submission file for a lesson")
    submit_p.add_argument("--student", required=True, help="the student_id the answers were recorded under")
    submit_p.add_argument(
        "--lesson", required=True, help="lesson number or notebook name, e.g. 1 or 01_program_mechanics"
    )
    submit_p.add_argument(
        "--seed", type=int, default=None, help="the student's seed (default: derived from student_id)"
    )
    submit_p.add_argument(
        "--out", default=None, help="folder for submissions (default: responses/submissions)"
    )
    submit_p.set_defaults(func=cmd_submit)
    # Larger verbs register themselves; their modules import nothing heavy until they run.
    for module in COMMAND_MODULES:
        import_module(f"scomm.{module}").register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    raise SystemExit(main())
