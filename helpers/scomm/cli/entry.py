"""The ``scomm`` program: ``--course DIR`` is taken first, because the kit finds its course folder
once, when ``scomm.course.layout`` is imported (``$SCOMM_COURSE``, which this sets, or the working
folder), and the commands import it."""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path


def course_option(argv: list[str]) -> str | None:
    """The value of ``--course DIR`` (or ``--course=DIR``) before the command's name, if given.

    >>> course_option(["--course", "fall", "run"]), course_option(["--course=fall", "grade"]), course_option(["run"])
    ('fall', 'fall', None)
    """
    for i, arg in enumerate(argv):
        if arg == "--course" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--course="):
            return arg.split("=", 1)[1]
        if not arg.startswith("-"):
            return None  # the command's name: what follows is the command's own
    return None


def main(argv: list[str] | None = None) -> int:
    """Set ``$SCOMM_COURSE`` from ``--course``, then run the command (``scomm.cli.main``)."""
    argv = sys.argv[1:] if argv is None else argv
    course = course_option(argv)
    if course:
        os.environ["SCOMM_COURSE"] = str(Path(course).expanduser().resolve())
    # Only now, with SCOMM_COURSE set: the commands import scomm.course.layout, which finds the
    # course folder once, as it is imported.
    cli = importlib.import_module("scomm.cli.main")
    return cli.main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
