"""A feedback page for each student, and the pieces every page of a grading run shares.

Everything here is a pure function of the graded submissions, with every student-supplied
string HTML-escaped, so re-grading the same folder writes the same bytes:

>>> answer_text(["b", "a"]), answer_text({"q": "yes"}), answer_text(4.1)
('b; a', 'q → yes', '4.1')
"""

from __future__ import annotations

import html
import json
from datetime import UTC, datetime
from functools import cache

import pandas as pd

from scomm.course.counts import count_of, noun_for
from scomm.course.days import when
from scomm.course.layout import UnknownLesson, excerpt, lesson
from scomm.exercises.definitions import rests_on_text
from scomm.exercises.written import is_written
from scomm.grading.records import Graded, Mark

SHOWN_CHARS = 2000  # longest answer quoted in full on a page


def points(value: float) -> str:
    """Points as the gradebook writes them.

    >>> points(2.0), points(1.33333), points(0.1 + 0.2)
    ('2', '1.3333', '0.3')
    """
    return f"{round(value, 4):g}"


STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1a1a1a}dt{font-weight:600}dd{margin:0 0 .6rem 1.2rem}"
    "section{border-top:1px solid #ccc;margin-top:1.2rem}table{border-collapse:collapse}"
    "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "figure{margin:1rem 0}svg{max-width:100%;height:auto}"
    ".written{white-space:pre-wrap;overflow-wrap:anywhere}"
)


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def page(title: str, body: str, *, head: str | None = None) -> str:
    """A whole page around ``body``; ``head`` follows the title (default: the feedback pages' style).

    >>> page("Kim", "<p>Hi</p>", head="").splitlines()[5:8]
    ['<title>Kim</title>', '', '</head>']
    """
    head = f"<style>{STYLE}</style>" if head is None else head
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n{head}\n</head>\n"
        f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n"
    )


def answer_text(answer: object) -> str:
    """An answer as plain text, whatever JSON it is (never evaluated).

    >>> answer_text(["b", "a"]), answer_text({"q": "yes"}), answer_text(4.1)
    ('b; a', 'q → yes', '4.1')
    """
    if isinstance(answer, str):
        return answer
    if isinstance(answer, list):
        return "; ".join(_json_text(item) for item in answer)
    if isinstance(answer, dict):
        return "; ".join(f"{key} → {_json_text(answer[key])}" for key in sorted(answer))
    return _json_text(answer)


def _json_text(value: object) -> str:
    if isinstance(value, str):
        return value
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    except (RecursionError, ValueError):
        return "(an answer nested too deeply to show)"


def _answer_html(mark: Mark) -> str:
    if not mark.answered:
        return "<em>Not answered.</em>"
    answer = mark.answer
    if isinstance(answer, dict) and answer:
        # A scenario's answers are keyed by question id: show the question instead.
        asked = {q: text for q, (text, _options) in getattr(mark.exercise, "questions", {}).items()}
        rows = [(f"{asked.get(k, k)} → ", answer[k]) for k in sorted(answer)]
    elif isinstance(answer, list) and answer:
        rows = [(f"{i}. ", item) for i, item in enumerate(answer, 1)]
    else:
        return esc(short_answer(answer_text(answer)))
    items = "".join(f"<li>{esc(short_answer(label + _json_text(v)))}</li>" for label, v in rows)
    return f"<ul>{items}</ul>"


def short_answer(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + f"… ({len(text):,} characters)"


@cache
def _citations(rows: tuple[str, ...], as_of: str | None) -> str:
    """The sources an answer rests on, as the lesson named them on its day (later ones only counted)."""
    day = None if not as_of else pd.Timestamp(as_of)
    return rests_on_text(rows, as_of=day) if rows else "(no data rows)"


def score_text(mark: Mark) -> str:
    """An exercise's points as pages show them: ``2 of 4``, or ``pending (of 4)`` before it is marked."""
    fb = mark.feedback
    if _practice_unmarked(mark):
        return "practice (no points), not marked yet"
    return (
        f"pending (of {points(fb.points)})" if mark.pending else f"{points(fb.score)} of {points(fb.points)}"
    )


def _practice_unmarked(mark: Mark) -> bool:
    """A written answer worth no points that no one has marked: practice, not points pending."""
    return mark.pending and not mark.feedback.points


def _score_heading(mark: Mark) -> str:
    """``2 of 4 points``; a practice answer's words need no noun after them."""
    said = score_text(mark)
    return said if _practice_unmarked(mark) else f"{said} {noun_for(mark.feedback.points, 'point')}"


def _rubric_html(mark: Mark) -> str:
    if not mark.judged:
        return ""
    rows = "".join(
        f"<tr><td>{esc(j.criterion)}</td><td>{esc(j.level)}</td><td>{points(j.points)} of {points(j.top)}</td>"
        f"<td>{esc(j.descriptor)}</td></tr>"
        for j in mark.judged
    )
    comment = (
        f'<dt>Comment</dt><dd class="written">{esc(mark.comment)}</dd>\n' if mark.comment.strip() else ""
    )
    return (
        "<dt>Rubric</dt><dd><table>\n<caption>Your level on each criterion</caption>\n<thead><tr>"
        '<th scope="col">Criterion</th><th scope="col">Level</th><th scope="col">Points</th>'
        f'<th scope="col">What that level means</th></tr></thead>\n<tbody>{rows}</tbody>\n</table></dd>\n{comment}'
    )


def _written_answer_html(mark: Mark) -> str:
    if not mark.answered:
        return "<em>Not answered.</em>"
    return f'<div class="written">{esc(mark.answer)}</div>'


def _not_asked_html(number: int, mark: Mark) -> str:
    """A question the lesson had not opened on its day: the note it showed, no prompt, key or sources."""
    return (
        f'<section aria-labelledby="ex-{number}">\n'
        f'<h2 id="ex-{number}">{number}. {esc(mark.exercise.id)}: not asked</h2>\n'
        f"<p>{esc(mark.feedback.message)}</p>\n"
        "<p>Not counted: its points are in neither your score nor the points it is out of.</p>\n</section>\n"
    )


def not_asked_note(count: int, as_of: str | None) -> str:
    """The clause a score carries when questions were left out of it for not being open yet.

    >>> not_asked_note(2, "2014-11-20")
    '; 2 questions not asked on 20 November 2014 (not open yet) are not counted'
    >>> not_asked_note(0, "2014-11-20")
    ''
    """
    if not count:
        return ""
    many = count != 1
    day = when(pd.Timestamp(as_of), "day") if as_of else "the lesson's day"
    return f"; {count_of(count, 'question')} not asked on {day} (not open yet) {'are' if many else 'is'} not counted"


def moment_text(text: str) -> str:
    """A submission's time as a reader writes it, in UTC.

    >>> moment_text("2026-12-02T05:28:58.925+00:00"), moment_text("not a time")
    ('2 December 2026, 05:28 UTC', 'not a time')
    """
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:  # the intake refuses such a file; a page still shows what it holds
        return text
    moment = moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{when(pd.Timestamp(moment.date()), 'day')}, {moment:%H:%M} UTC"


def _exercise_html(number: int, mark: Mark, as_of: str | None = None) -> str:
    if mark.not_asked:
        return _not_asked_html(number, mark)
    if mark.pending or mark.judged or (not mark.answered and is_written(mark.exercise)):
        return _written_html(number, mark)
    ex, fb = mark.exercise, mark.feedback
    got = "pending" if mark.pending else points(fb.score)
    facts = getattr(ex, "facts", {})
    case = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in facts.items())
    case_html = f'<dl class="case">{case}</dl>\n' if case else ""
    return (
        f'<section aria-labelledby="ex-{number}">\n'
        f'<h2 id="ex-{number}">{number}. {esc(ex.id)}: {got} of '
        f"{count_of(round(fb.points, 4), 'point')}</h2>\n"
        f"<p>{esc(ex.prompt)}</p>\n{case_html}<dl>\n"
        f"<dt>Your answer</dt><dd>{_answer_html(mark)}</dd>\n"
        f"<dt>Points</dt><dd>{got} of {points(fb.points)} ({esc(ex.mode)})</dd>\n"
        f"<dt>Why</dt><dd>{esc(fb.message)}</dd>\n"
        f"<dt>The data it rests on</dt><dd>{esc(_citations(tuple(fb.rests_on), as_of))}</dd>\n"
        "</dl>\n</section>\n"
    )


def _written_html(number: int, mark: Mark) -> str:
    ex, fb = mark.exercise, mark.feedback
    return (
        f'<section aria-labelledby="ex-{number}">\n'
        f'<h2 id="ex-{number}">{number}. {esc(ex.id)}: {_score_heading(mark)}</h2>\n'
        f"<p>{esc(ex.prompt)}</p>\n<dl>\n"
        f"<dt>Your answer</dt><dd>{_written_answer_html(mark)}</dd>\n"
        f"<dt>Points</dt><dd>{score_text(mark)} ({esc(ex.mode)})</dd>\n"
        + (f"<dt>Marking</dt><dd>{esc(fb.message)}</dd>\n" if mark.pending or not mark.answered else "")
        + _rubric_html(mark)
        + "</dl>\n</section>\n"
    )


def feedback_page(graded: Graded) -> str:
    """One student's feedback for one lesson, as a self-contained HTML page (every value escaped)."""
    s = graded.submission
    head = (
        f"<h1>Feedback on {esc(lesson_title(s.lesson))}</h1>\n"
        f"<p>Student <strong>{esc(s.student_id)}</strong>, submitted {esc(moment_text(s.submitted_at))}. "
        f"Score: <strong>{points(graded.total)} of {points(graded.max)}</strong> points"
        + (
            f"; <strong>{points(graded.pending_points)} points pending</strong> (written answers not marked yet)"
            if graded.pending_points
            else ""
        )
        + not_asked_note(len(graded.not_asked), s.as_of)
        + ".</p>\n"
    )
    items = "".join(_exercise_html(i, m, s.as_of) for i, m in enumerate(graded.marks, 1))
    return page(f"Feedback: {s.lesson}, {s.student_id}", head + items + _ignored_html(graded))


def _ignored_html(graded: Graded) -> str:
    if not graded.ignored:
        return ""
    listed = "".join(f"<li>{esc(excerpt(i, 80))}</li>" for i in graded.ignored)
    return (
        '<section aria-labelledby="ignored">\n<h2 id="ignored">Answers not graded</h2>\n'
        f"<p>These answers name exercises that {esc(graded.lesson)} does not have, so they were "
        f"ignored:</p>\n<ul>{listed}</ul>\n</section>\n"
    )


def lesson_title(slug: str) -> str:
    """A lesson's title and slug, or the slug alone for a lesson the kit does not know."""
    try:
        return f"{lesson(slug).title} ({slug})"
    except UnknownLesson:
        return slug
