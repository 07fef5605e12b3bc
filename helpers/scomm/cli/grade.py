"""``scomm grade`` (a class's submissions graded) and ``scomm annotations`` (their annotations)."""

from __future__ import annotations

import argparse
from pathlib import Path

from scomm.cli.options import add_force_option
from scomm.course.layout import BUILD_DIR, lesson
from scomm.course.sheets import printable
from scomm.grading import annotation_report, classbook, lms
from scomm.grading.grade import grade
from scomm.grading.marks import MARKING_DIR
from scomm.grading.records import GradingError


def cmd_grade(args: argparse.Namespace) -> int:
    """Run ``scomm grade``: 0 when anything was graded or there was nothing to grade."""
    members, skipped = classbook.read_members(Path(args.roster)) if args.roster else ([], [])
    due = classbook.deadline(args.deadline) if args.deadline else None
    report = grade(
        Path(args.submissions), Path(args.out), force=args.force, homes=args.homes, marks=Path(args.marks)
    )
    print(report.text())
    if args.roster or due:
        found = lms.write_class_files(report, members, due, Path(args.submissions), force=args.force)
        print(classbook.summary(found, skipped))
        names = [classbook.CLASS_FILE] + (
            [lms.CANVAS_FILE, lms.CANVAS_NOTES_FILE, lms.MOODLE_FILE] if members else []
        )
        print(f"Class list:     {', '.join(str(Path(args.out) / n) for n in names)}")
        if warning := lms.canvas_unmatched(members):
            print(printable(warning))
    return 0 if report.graded or not report.found else 1


def cmd_annotations(args: argparse.Namespace) -> int:
    """Export a class's annotations for one lesson and write the class view."""
    if not Path(args.submissions).is_dir():
        raise GradingError(f"no folder of submissions at {args.submissions}")
    slug = lesson(args.lesson).slug
    result = annotation_report.build(Path(args.submissions), slug, Path(args.out), force=args.force)
    print(
        f"{result['students']} student(s), {result['annotations']} annotation(s); {len(result['skipped'])} "
        f"skipped; {len(result['unplaced'])} not placed on the current reading."
    )
    for line in result["skipped"][:20]:
        print(f"  skipped {printable(line)}")
    for line in result["unplaced"][:20]:
        print(f"  not placed: {printable(line)}")
    if len(result["skipped"]) > 20 or len(result["unplaced"]) > 20:
        print(f"  (every one is listed in {result['out'] / 'classview.html'})")
    print(
        f"W3C export:  {result['out'] / 'annotations.jsonld'}\nSpreadsheet: {result['out'] / 'annotations.csv'}"
    )
    print(f"Class view:  {result['out'] / 'classview.html'}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm grade`` and ``scomm annotations``."""
    grade_p = commands.add_parser(
        "grade",
        help="grade a folder of submissions, or one file: gradebook, feedback pages and a class summary "
        "(results already in --out for other students are kept)",
    )
    grade_p.add_argument(
        "submissions", help="folder of submission files (searched recursively for *.json), or one file"
    )
    grade_p.add_argument(
        "--out",
        default=str(BUILD_DIR / "grades"),
        help="folder for gradebook.csv, feedback/, summary.html, skipped.csv (default: %(default)s)",
    )
    grade_p.add_argument(
        "--roster",
        default=None,
        help="CSV with a student_id column (name, email, canvas_id, sis_user_id, sis_login_id, section "
        "optional): lists missing students and writes canvas.csv, canvas_notes.csv and moodle.csv for the LMS",
    )
    grade_p.add_argument(
        "--deadline",
        default=None,
        help="ISO date and time with zone, e.g. 2026-03-02T09:00-05:00: lists late work",
    )
    grade_p.add_argument(
        "--homes",
        action="store_true",
        help="each folder under SUBMISSIONS is a student's home folder (e.g. /home on a shared server): "
        "a file counts only for the student who wrote it (its owning account, or the folder's user where "
        "students share one account), decided as scomm collect decides it",
    )
    grade_p.add_argument(
        "--marks",
        default=str(MARKING_DIR),
        help="the marking folder scomm mark keeps rubric marks in; a written answer without a mark "
        "there is pending, never 0 (default: %(default)s)",
    )
    add_force_option(grade_p)
    grade_p.set_defaults(func=cmd_grade)
    notes_p = commands.add_parser(
        "annotations", help="export a class's annotations (W3C JSON-LD, CSV) and write the class view"
    )
    notes_p.add_argument("submissions", help="folder of submission files")
    notes_p.add_argument("--lesson", required=True, help="lesson number or notebook name, e.g. 2")
    notes_p.add_argument(
        "--out", default=str(BUILD_DIR / "annotations"), help="output folder (default: %(default)s)"
    )
    add_force_option(notes_p)
    notes_p.set_defaults(func=cmd_annotations)
