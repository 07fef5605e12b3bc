"""A lesson run at ``as_of`` shows a student nothing dated after that day.

Each lesson is executed as a student at its earliest date, two dates inside its range and its
latest, a year after its first day and on the eve of each turn of its story (``TURNS``), with a last cell that prints the text of every widget it made (exercise prompts and
options, the reading, the simulator's cases). Everything a student can read is gathered and
searched for dates and years after ``as_of``. Source ids are names, not dates, and pass.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from lesson_calls import default_day
from reader_words import code_words, codes, raw_ids, row_ids, teacher_voice

from scomm.course import citations, data
from scomm.course.layout import LESSONS, lesson
from scomm.course.params import lesson_days
from scomm.notebooks.kernels import Kernel

from time_honesty import WIDGET_DUMP, later_dates, visible_text

pytestmark = pytest.mark.slow


def _lesson_range(slug: str, *inside: str) -> list[str]:
    """A lesson's earliest day, the days given inside its range, and its latest (from its lesson entry)."""
    first, last = lesson_days(lesson(slug))
    return [first.isoformat(), *inside, last.isoformat()]


#: The days each lesson is run at: its first day, two inside its range, and its last.
DATES: dict[str, list[str]] = {}
# Lesson 1 inside its range: the pilot year's first figures, and the day its PEP cases open.
DATES["01_program_mechanics"] = _lesson_range("01_program_mechanics", "2009-11-30", "2016-03-10")
DATES["02_opt_out_dispute"] = _lesson_range("02_opt_out_dispute", "2010-06-01", "2011-03-01")
# Lesson 3: after the 2012 guidance; between Galarza (4 March 2014) and the Oregon ruling (11 April).
DATES["03_detainer_law"] = _lesson_range("03_detainer_law", "2013-01-15", "2014-03-15")
DATES["04_pep_transition"] = _lesson_range("04_pep_transition", "2016-09-01", "2021-12-01")


def _cases() -> list:
    return [pytest.param(lesson.slug, day) for lesson in LESSONS for day in DATES[lesson.slug]]


#: What only an instructor's copy says about later material (notes, passages and readings to come).
INSTRUCTOR_ONLY = ("Instructor note.", "Instructor: it opens from", "of this reading open after as_of")

#: The tests that read a lesson executed as a student (the fixture runs each case once for all).
READ_AS_A_STUDENT = (
    "test_a_student_sees_nothing_dated_after_as_of",
    "test_a_student_reads_no_sentence_written_to_the_teacher",
    "test_a_student_reads_words_not_row_ids_or_codes_outside_the_sources",
    "test_a_student_reads_no_name_from_the_kits_code",
    "test_a_student_reads_no_source_named_before_it_was_published",
)

#: The kinds of event after which a lesson's story changes: a day before one, nothing of it may show.
TURNS = ("program", "ruling", "policy", "legislation", "agreement", "opt_out")


def _sweep() -> list:
    """Each lesson a year after its first day, and the day before each turn of its story it covers."""
    events = data.load("events")
    cases = []
    for item in LESSONS:
        first, last = lesson_days(item)
        mine = events[(events["lesson"] == item.number) & events["event_type"].isin(TURNS)]
        eves = {(day - pd.Timedelta(days=1)).date() for day in mine["date"]}
        days = {first.replace(year=first.year + 1), *(d for d in eves if first < d <= last)}
        cases += [
            pytest.param(item.slug, d.isoformat())
            for d in sorted(days)
            if d.isoformat() not in DATES[item.slug]
        ]
    return cases


CASES = _cases() + _sweep()
#: Emptied before each lesson: a shared kernel keeps widgets made by the lesson it ran before.
FORGET_WIDGETS = "from ipywidgets import Widget as _W\n_W.close_all()"


def _probe(notebook: Path, as_of: str, folder: Path) -> Path:
    """A student's copy of ``notebook`` at ``as_of`` that ends by printing every widget's text."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = parameterize_notebook(
        load_notebook_node(str(notebook)),
        {"as_of": as_of, "role": "student", "student_id": "time-check"},
    )
    nb.cells.insert(0, nbformat.v4.new_code_cell(FORGET_WIDGETS))
    nb.cells.append(nbformat.v4.new_code_cell(WIDGET_DUMP))
    path = folder / f"{as_of}-{notebook.name}"
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def executed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every selected case run as a student, two kernels at a time, each kernel reused across cases.

    A lesson pays kernel start-up and the kit's imports once per kernel rather than once per
    case (as ``scomm build`` does); each case still starts from a new IPython session.
    """
    wanted = {
        (item.callspec.params["slug"], item.callspec.params["as_of"])
        for item in request.session.items
        if getattr(item, "originalname", "") in READ_AS_A_STUDENT
    }
    work = tmp_path_factory.mktemp("time-honest")
    found: dict[tuple[str, str], dict | str] = {}

    def run(lane: list[tuple[str, str]]) -> None:
        with Kernel(work) as kernel:
            for slug, as_of in lane:
                path = _probe(lesson(slug).notebook, as_of, work)
                error = kernel.run(path)
                found[(slug, as_of)] = error or json.loads(path.read_text(encoding="utf-8"))

    with pytest.MonkeyPatch.context() as env:
        env.setenv("SCOMM_RESPONSES", str(work / "answers"))
        ordered = sorted(wanted)
        with ThreadPoolExecutor(max_workers=2) as pool:
            for future in [pool.submit(run, ordered[i::2]) for i in range(2)]:
                future.result()
    return found


@pytest.mark.parametrize(("slug", "as_of"), CASES)
def test_a_student_sees_nothing_dated_after_as_of(slug: str, as_of: str, executed: dict) -> None:
    result = executed[(slug, as_of)]
    assert not isinstance(result, str), f"{slug} at {as_of} did not run: {result}"
    texts = visible_text(result)
    assert any("SCOMM" not in t and t.strip() for t in texts)
    names = set(data.load("sources")["source_id"])
    leaks = later_dates(texts, date.fromisoformat(as_of), names=names)
    shown = "\n".join(f"  {leak}" for leak in leaks[:25])
    assert not leaks, f"{slug} at {as_of} shows {len(leaks)} later date(s):\n{shown}"
    told = [t for t in texts if any(mark in t for mark in INSTRUCTOR_ONLY)]
    assert not told, f"{slug} at {as_of} tells a student what only an instructor is told: {told[:3]}"


@pytest.mark.parametrize(("slug", "as_of"), CASES)
def test_a_student_reads_no_sentence_written_to_the_teacher(slug: str, as_of: str, executed: dict) -> None:
    """Teaching suggestions ("Ask students...") are the instructor's: a student's text speaks to them."""
    result = executed[(slug, as_of)]
    assert not isinstance(result, str), f"{slug} at {as_of} did not run: {result}"
    found = teacher_voice(visible_text(result))
    assert not found, (
        f"{slug} at {as_of} shows a student {len(found)} sentence(s) for the teacher: {found[:5]}"
    )


@pytest.mark.parametrize(("slug", "as_of"), CASES)
def test_a_student_reads_words_not_row_ids_or_codes_outside_the_sources(
    slug: str, as_of: str, executed: dict
) -> None:
    result = executed[(slug, as_of)]
    assert not isinstance(result, str), f"{slug} at {as_of} did not run: {result}"
    found = raw_ids(result, row_ids(), codes())
    assert not found, f"{slug} at {as_of} shows ids or codes where a reader expects words: {found[:5]}"


#: Each lesson at its earliest day and at the day its notebook is set at.
FIRST_AND_DEFAULT = [
    pytest.param(item.slug, day)
    for item in LESSONS
    for day in dict.fromkeys([lesson_days(item)[0].isoformat(), default_day(item.slug)])
]


@pytest.mark.parametrize(("slug", "as_of"), FIRST_AND_DEFAULT)
def test_a_student_reads_no_name_from_the_kits_code(slug: str, as_of: str, executed: dict) -> None:
    """Markdown, outputs, table cells and heads, charts' titles, labels, descriptions and hidden
    SVG labels, widgets' labels: none names a parameter (``as_of``), a column, a module, a file or
    a source by its id. A student (and a teacher who is not a programmer) reads words."""
    result = executed[(slug, as_of)]
    assert not isinstance(result, str), f"{slug} at {as_of} did not run: {result}"
    found = code_words(visible_text(result), set(data.load("sources")["source_id"]))
    shown = "\n".join(f"  {item}" for item in dict.fromkeys(found))
    assert not found, f"{slug} at {as_of} shows a student {len(found)} of the kit's own names:\n{shown}"


@pytest.mark.parametrize(("slug", "as_of"), FIRST_AND_DEFAULT)
def test_a_student_reads_no_source_named_before_it_was_published(
    slug: str, as_of: str, executed: dict
) -> None:
    """Every text a student reads (Markdown, tables, captions, notes, charts' text, exercises) names
    a source by its title or publisher only once a source of that name was published: on a 2011 day
    no cell says "the Wikipedia article" (2018). Sources columns are cut to the day already."""
    result = executed[(slug, as_of)]
    assert not isinstance(result, str), f"{slug} at {as_of} did not run: {result}"
    found = {
        name: text
        for text in visible_text(result)
        for name in citations.named_later(text, pd.Timestamp(as_of))
    }
    shown = "\n".join(f"  {name}: {text[:160]}" for name, text in found.items())
    assert not found, f"{slug} at {as_of} names {len(found)} source(s) not yet published:\n{shown}"
