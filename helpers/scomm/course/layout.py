"""Names the rest of the kit shares: folders, lessons, notebook cell tags and cell metadata.

Code elsewhere uses these constants rather than spelling paths or tags again.

>>> lesson(2).slug, lesson("03_detainer_law.ipynb").name
('02_opt_out_dispute', 'detainer_law')
"""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scomm.errors import ScommError

#: The file that makes a folder an instructor's course folder (``scomm init`` writes one; the
#: checkout has one too).
COURSE_FILE = "scomm.toml"
#: Names the course folder to use from anywhere (``scomm --course DIR`` sets it).
COURSE_ENV = "SCOMM_COURSE"
#: The kit's own course: shipped inside the package by a wheel (setup.py puts it there), else the
#: checkout the kit runs from (``helpers/scomm/course`` lives three levels below it).
_SHIPPED = Path(__file__).resolve().parents[1] / "default_course"
DEFAULT_COURSE = _SHIPPED if _SHIPPED.is_dir() else Path(__file__).resolve().parents[3]


def find_course(start: Path | None = None) -> Path | None:
    """The course folder in use: ``$SCOMM_COURSE``, else the nearest folder holding scomm.toml
    from ``start`` (the working folder) up; ``None`` when there is none."""
    named = os.environ.get(COURSE_ENV)
    if named:
        return Path(named).expanduser().resolve()
    try:
        here = (start or Path.cwd()).resolve()
    except OSError:  # the working folder was deleted
        return None
    return next((f for f in (here, *here.parents) if (f / COURSE_FILE).is_file()), None)


#: The course the kit works on: the course folder in use, else the kit's own course.
ROOT = find_course() or DEFAULT_COURSE
DATA_DIR = Path(os.environ.get("SCOMM_DATA") or ROOT / "data")
NOTEBOOK_DIR = ROOT / "notebooks"
BUILD_DIR = ROOT / "build"
EXECUTED_DIR = BUILD_DIR / "executed"
#: The instructor's keys: assessment answers and annotation keys, never in a student build.
KEYS_DIR = ROOT / "keys"
#: Lesson plans, the course overview and the closing assessment (Markdown).
PLANS_DIR = ROOT / "lessons"

# -- cell tags ----------------------------------------------------------------------------------

#: papermill's convention: the first code cell holds the defaults.
PARAMETERS_TAG = "parameters"
#: papermill adds a cell with this tag holding the values it was given.
INJECTED_TAG = "injected-parameters"
#: Cells only instructors see (removed from student builds).
INSTRUCTOR_TAG = "instructor"
#: Cells ``scomm app`` adds to the lesson it serves.
APP_TAG = "scomm-app"
#: What a widget's stored output says where no kernel has drawn it yet (before Run All, on GitHub).
WIDGET_WAITING = "Run this cell to use it (Run > Run All Cells runs the whole lesson)."
#: myst-nb's tags on the course site: the input is left out of the page, or the whole cell.
REMOVE_INPUT_TAG = "remove-input"
REMOVE_CELL_TAG = "remove-cell"

# -- cell metadata --------------------------------------------------------------------------------

#: A code cell that shows something interactive says what under this metadata key, e.g.
#: ``{"scomm": {"exercise": "l1-ident"}}`` or ``{"scomm": {"tool": "annotate"}}``, so builds and
#: the course site find it without reading the cell's code.
CELL_KEY = "scomm"
#: The key of a chart output's metadata that carries the chart's title (``charts.title_metadata``),
#: for pages made from stored outputs: the course site names each chart by it.
CHART_TITLE_KEY = "scomm-chart-title"
#: The attribute of a drawn chart's SVG that carries the ids of the sources its caption names
#: (the course site links them; a reader sees names, not ids). Here, not in ``charts``, so the
#: site's steps read it without loading Altair.
SOURCES_ATTRIBUTE = "data-source-ids"
EXERCISE = "exercise"
TOOL = "tool"
#: The tools a cell may name under ``TOOL``.
TOOLS = ("annotate", "explore", "submit")


def cache_dir(kind: str) -> Path | None:
    """Where the kit may keep derived files of one kind; ``None`` when SCOMM_CACHE=off.

    Nothing here is a source of truth: every entry is keyed by a hash of its inputs, so a
    deleted or stale cache only costs time.
    """
    setting = os.environ.get("SCOMM_CACHE")
    if setting == "off":
        return None
    root = Path(setting or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "scomm-kit" / kind


#: The first day any lesson may be set on (``as_of``).
EARLIEST = date(2008, 1, 1)


@dataclass(frozen=True)
class Lesson:
    """One lesson of the unit and the notebook that teaches it.

    ``earliest`` and ``latest`` are the days the lesson makes sense on: ``as_of`` outside them is
    refused. ``latest=None`` means the kit's knowledge horizon (``data/datapackage.json``).
    """

    number: int
    slug: str
    title: str
    earliest: date = EARLIEST
    latest: date | None = None

    @property
    def notebook(self) -> Path:
        return NOTEBOOK_DIR / f"{self.slug}.ipynb"

    @property
    def name(self) -> str:
        """The slug without its number: the lesson's package under ``scomm.lessons``."""
        return self.slug.split("_", 1)[1]


class UnknownLesson(ScommError, KeyError):
    """A lesson number or name the kit does not have; the message lists the lessons."""


LESSONS = (
    # From the day ICE made the program public (its release of 28 March 2008).
    Lesson(1, "01_program_mechanics", "Program mechanics", earliest=date(2008, 3, 28)),
    # From the first local objection in the kit's record (the DC Council's bill, 4 May 2010).
    Lesson(2, "02_opt_out_dispute", "The opt-out dispute", earliest=date(2010, 5, 4)),
    # From June 2011: the rule and Printz, just before the first local limit (Cook County).
    Lesson(3, "03_detainer_law", "Detainer law", earliest=date(2011, 6, 1)),
    Lesson(4, "04_pep_transition", "The PEP transition", earliest=date(2014, 11, 20)),
)


def lesson(slug_or_number: str | int) -> Lesson:
    """Find a lesson by number (``1``), notebook name (``"01_program_mechanics"``) or its text (``"1"``)."""
    wanted = slug_or_number
    if isinstance(wanted, str) and wanted.strip().isdigit():
        wanted = int(wanted)
    for item in LESSONS:
        if wanted in (item.number, item.slug, f"{item.slug}.ipynb"):
            return item
    slugs = [item.slug for item in LESSONS]
    close = difflib.get_close_matches(str(wanted).removesuffix(".ipynb"), slugs, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    raise UnknownLesson(f"unknown lesson {excerpt(repr(wanted))}{hint}; the lessons are {', '.join(slugs)}")


#: How much of a value someone typed a message echoes back.
EXCERPT_CHARS = 40


def excerpt(value: object, limit: int = EXCERPT_CHARS) -> str:
    """At most ``limit`` characters of a value someone supplied, for echoing it in a message.

    A 500-character id pasted by mistake is shown as its start, not whole:

    >>> excerpt("x" * 500)
    'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx…'
    >>> excerpt("s-042")
    's-042'
    """
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
