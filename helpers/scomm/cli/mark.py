"""``scomm mark``: mark a lesson's written answers with their rubrics in the browser, or see how far
two markers agree."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import lesson
from scomm.course.param_checks import LEVELS, ParameterError, check_level
from scomm.course.sheets import csv_text
from scomm.exercises.responses import root
from scomm.grading import mark_agreement, marks
from scomm.grading.marking import open_desk, serve

DEFAULT_PORT = 8870
AGREEMENT_FILE = "agreement.csv"


def _marker(args: argparse.Namespace) -> str:
    return marks.check_marker(args.marker or getpass.getuser())


def _level(value: str | None) -> str | None:
    """``--level``, checked as the notebook's ``level`` is: a refusal names the option, the value and
    the levels allowed."""
    try:
        return None if value is None else check_level(value)
    except ParameterError as problem:
        raise problem.as_option("--level", "it sets the level of submissions that record none") from None


def cmd_mark(args: argparse.Namespace) -> int:
    """Serve the marking desk until Ctrl+C, or (``--agreement``) report two markers' agreement."""
    slug = lesson(args.lesson).slug
    folder = Path(args.marks)
    if args.agreement:
        return _agreement(args, slug, folder)
    desk = open_desk(slug, Path(args.submissions), folder, _marker(args), assumed=_level(args.level))
    server = serve(desk, args.port)
    counts = desk.counts()
    print(
        f"{len(desk)} written answer(s) of {slug} to mark; you ({desk.store.marker}) have marked "
        f"{counts['marked']}. Marks are saved in {desk.store.path}."
    )
    if len(desk):
        print(desk.level_note)
    print(f"Open http://127.0.0.1:{server.server_address[1]}/ in your browser; Ctrl+C stops the server.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nStopped; every mark given is saved.")
    finally:
        server.server_close()
    return 0


def _agreement(args: argparse.Namespace, slug: str, folder: Path) -> int:
    given = marks.every_mark(folder, slug)
    pair = tuple(args.agreement.split(",")) if args.agreement != "all" else tuple(sorted(given))
    if len(pair) != 2 or any(name not in given for name in pair):
        found = ", ".join(sorted(given)) or "nobody yet"
        raise marks.MarkError(
            f"--agreement needs two markers who have marked {slug} (found: {found}); "
            "name them as --agreement A,B when there are more than two"
        )
    desk = open_desk(slug, Path(args.submissions), folder, pair[0])
    text, rows = mark_agreement.report(desk.orders["q"], given, pair)
    print(text)
    target = folder / slug / AGREEMENT_FILE
    durable.replace(target, csv_text(rows).encode())
    print(f"Every answer they marked differently: {target}")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm mark``."""
    mark_p = commands.add_parser(
        "mark",
        help="mark a lesson's written answers with their rubrics in the browser (served on 127.0.0.1; "
        "every mark saved as it is given), or --agreement between two markers",
    )
    mark_p.add_argument("lesson", help="lesson number or notebook name, e.g. 4")
    mark_p.add_argument(
        "--submissions",
        default=str(root() / "submissions"),
        help="folder of submission files, as scomm grade reads it (default: %(default)s)",
    )
    mark_p.add_argument(
        "--marks",
        default=str(marks.MARKING_DIR),
        help="the marking folder: one file of marks per marker per lesson (default: %(default)s)",
    )
    mark_p.add_argument("--marker", default=None, help="your name as a marker (default: your login name)")
    mark_p.add_argument(
        "--level",
        default=None,
        help=f"the class's level ({' or '.join(LEVELS)}) for submissions that record none (written "
        "before levels were recorded); a submission's own level always wins (default: the kit's default, "
        f"{LEVELS[0]})",
    )
    mark_p.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help="port on 127.0.0.1 (default: %(default)s)"
    )
    mark_p.add_argument(
        "--agreement",
        nargs="?",
        const="all",
        metavar="A,B",
        help="instead of serving: Krippendorff's alpha per criterion between two markers, and the "
        "answers they marked differently (agreement.csv in the marking folder)",
    )
    mark_p.set_defaults(func=cmd_mark)
