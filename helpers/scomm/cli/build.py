"""``scomm build`` (student and instructor builds, or ``--site``: the course site) and ``scomm release``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from scomm.cli.options import add_force_option, add_parameter_option
from scomm.course import params
from scomm.course.layout import BUILD_DIR, lesson
from scomm.notebooks import run
from scomm.notebooks.build import build, build_summary
from scomm.notebooks.release import RELEASE_DIR, Released, read_roster, release, release_summary
from scomm.publish.book import build as book


def cmd_site(args: argparse.Namespace) -> int:
    """``scomm build --site [--instructor]``: one edition of the course site (scomm.publish.book)."""
    edition = "instructor" if getattr(args, "instructor", False) else "student"
    out = None if Path(args.out) == BUILD_DIR else Path(args.out)
    built = book.build_book(out, edition=edition, force=args.force)
    print(book.summary(built))
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Build every lesson (or those named) in both versions; 1 if a build failed."""
    if getattr(args, "site", False):
        return cmd_site(args)
    notebooks = [Path(n) for n in args.notebooks] or run.course_notebooks()
    missing = [str(n) for n in notebooks if not n.is_file()]
    if missing:
        print(f"scomm build: no notebook at {', '.join(missing)}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outcomes = build(notebooks, out=Path(args.out), jobs=args.jobs, force=args.force, rebuild=args.rebuild)
    print(build_summary(outcomes, Path(args.out), wall_seconds=time.perf_counter() - started))
    return 0 if all(o.ok for o in outcomes) else 1


def _lessons(choice: str | None) -> list[str]:
    if choice is None:
        return [path.stem for path in run.course_notebooks()]
    return [lesson(choice).slug]


def cmd_release(args: argparse.Namespace) -> int:
    """Release the lessons to every student on the roster; 1 when nobody could be released."""
    started = time.perf_counter()
    lessons = _lessons(args.lesson)
    shared = _class_parameters(args.parameter, lessons)  # refused before the roster is read
    students, skipped = read_roster(Path(args.roster))
    result = Released([], [])
    if students:
        result = release(students, lessons, build_dir=Path(args.build), out=Path(args.out), shared=shared)
    seconds = time.perf_counter() - started
    print(release_summary(students, skipped, lessons, Path(args.out), seconds=seconds, kept=result.kept))
    if not students:
        fix = "fix the rows above" if skipped else "it lists no students; add one row per student"
        print(f"scomm release: no student released; {fix} in {args.roster}", file=sys.stderr)
    return 0 if students else 1


#: Set per student from the roster, never for the whole class.
PER_STUDENT = ("student_id", "seed")


def _class_parameters(pairs: list[tuple[str, str]], lessons: list[str]) -> dict[str, object]:
    """The ``-p NAME VALUE`` every student's copy is set to (``as_of``, ``level``, ``focus``), each
    checked against every lesson released, as the lesson's own first cell would check it."""
    shared = params.from_options(pairs)
    for name in PER_STUDENT:
        if name in shared:
            raise params.fail(name, "comes from the roster, one per student", "the roster's column")
    for slug in lessons:
        params.validate(slug, **shared)
    return shared


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm build`` and ``scomm release``."""
    build_p = commands.add_parser("build", help="write student and instructor builds of the lessons")
    build_p.add_argument(
        "notebooks", nargs="*", help="notebooks to build (default: every lesson in notebooks/)"
    )
    build_p.add_argument("--out", default=str(BUILD_DIR), help="folder for the builds (default: %(default)s)")
    build_p.add_argument("--jobs", type=int, default=None, help="notebooks at once (default: one per core)")
    build_p.add_argument(
        "--site",
        action="store_true",
        help="write the student course site from the builds (into --out when given, else build/site)",
    )
    build_p.add_argument(
        "--instructor",
        action="store_true",
        help="with --site: the instructor edition instead (default folder build/site-instructor)",
    )
    build_p.add_argument(
        "--rebuild",
        action="store_true",
        help="build every lesson again, even those whose notebook, code, data and keys have not changed",
    )
    add_force_option(build_p)
    build_p.set_defaults(func=cmd_build)
    release_p = commands.add_parser("release", help="write one personalised notebook per student on a roster")
    release_p.add_argument(
        "--roster", required=True, help="CSV with a student_id column (name, seed optional)"
    )
    release_p.add_argument(
        "--lesson", default=None, help="lesson number or notebook name, e.g. 1 (default: every lesson)"
    )
    release_p.add_argument(
        "--build", default=str(BUILD_DIR), help="folder holding student/ builds (default: %(default)s)"
    )
    release_p.add_argument(
        "--out", default=str(RELEASE_DIR), help="folder for released notebooks (default: %(default)s)"
    )
    add_parameter_option(release_p)
    release_p.set_defaults(func=cmd_release)
