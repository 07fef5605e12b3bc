"""``scomm submit``: write a student's submission file for a lesson from their recorded answers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scomm.course import params
from scomm.course.layout import lesson
from scomm.course.param_dates import check_lesson_day
from scomm.exercises import responses, submissions


def cmd_submit(args: argparse.Namespace) -> int:
    """Submit the student's latest answers; 1 when there is nothing to submit."""
    item = lesson(args.lesson)
    slug = item.slug
    # Checked before anything is read or written: a day the lesson is not written for cannot be graded.
    as_of = None if args.as_of is None else params.PARAMETERS["as_of"].check(args.as_of)
    if as_of is not None:
        check_lesson_day(item, as_of)
    log = responses.Log(args.student, slug)
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
            f"scomm submit: no answers recorded for {args.student} in {slug} under {log.path}",
            file=sys.stderr,
        )
        return 1
    seed = _seed(args, reading)
    level = None if args.level is None else params.PARAMETERS["level"].check(args.level)
    folder = Path(args.out) if args.out else None
    day = None if as_of is None else as_of.date().isoformat()
    path = submissions.submit(log, seed=seed, folder=folder, as_of=day, level=level)
    print(f"Submitted {len(answers)} answer(s) for {args.student}, {slug}: {path}")
    return 0


def _seed(args: argparse.Namespace, reading: responses.Reading) -> int:
    """--seed, else the seed saved with the answers (the case the student saw), else the id's own."""
    if args.seed is not None:
        return args.seed
    saved = reading.seed()
    return params.default_seed(args.student) if saved is None else saved


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm submit``."""
    submit_p = commands.add_parser("submit", help="write a student's submission file for a lesson")
    submit_p.add_argument("--student", required=True, help="the student_id the answers were recorded under")
    submit_p.add_argument(
        "--lesson", required=True, help="lesson number or notebook name, e.g. 1 or 01_program_mechanics"
    )
    submit_p.add_argument(
        "--seed",
        type=int,
        default=None,
        help="the student's seed (default: the one saved with their answers, else derived from student_id)",
    )
    submit_p.add_argument(
        "--as-of",
        default=None,
        help="the as_of the lesson was set on (YYYY-MM-DD); lesson 3's cases depend on it",
    )
    submit_p.add_argument(
        "--level",
        default=None,
        help="the class's level the lesson ran at (undergraduate or high_school); the marking desk "
        "shows the memo's length for it",
    )
    submit_p.add_argument(
        "--out", default=None, help="folder for submissions (default: responses/submissions)"
    )
    submit_p.set_defaults(func=cmd_submit)
