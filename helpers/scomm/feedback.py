"""What a grading run writes for people to read: the gradebook, a feedback page per student,
the class summary with its charts, and the list of skipped files.

Everything here is a pure function of the graded submissions, with every student-supplied
string HTML-escaped, so re-grading the same folder writes the same bytes.
"""

from __future__ import annotations

import csv
import html
import io
import json
import statistics
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from scomm.course.layout import excerpt
from scomm.exercises.definitions import rests_on_text
from scomm.grading import FEEDBACK_DIR, GRADEBOOK, SKIPPED, SUMMARY, SYNTHETIC_PREFIX

if TYPE_CHECKING:
    from scomm.grading import Graded, Mark, Report, Skip

_SHOWN_CHARS = 2000  # longest answer quoted in full on a page
_LABEL_CHARS = 60  # longest answer used as a chart label


# -- files ------------------------------------------------------------------------------------


def files(report: Report) -> dict[str, str]:
    """Every file a grading run writes, by its path inside the output folder."""
    found = {GRADEBOOK: gradebook_csv(report.graded), SKIPPED: skipped_csv(report.skipped)}
    for g in report.graded:  # both names were checked when the submission was read
        found[f"{FEEDBACK_DIR}/{g.lesson}/{g.student_id}.html"] = feedback_page(g)
    found[SUMMARY] = summary_page(report.graded, report.skipped)
    return found


def write_all(report: Report, *, force: bool = False) -> list[Path]:
    """Write the gradebook, feedback pages, summary and skipped list; return every path written.

    Only files an earlier grading run wrote are replaced: a file of anyone else's in the way
    raises ``outputs.OutputConflict`` before anything is written, unless ``force``.
    """
    from scomm.course.outputs import OutputFolder

    texts = files(report)
    folder = OutputFolder(report.out, by="grade", force=force)
    return folder.commit({rel: text.encode("utf-8") for rel, text in texts.items()})


def points(value: float) -> str:
    """Points as the gradebook writes them.

    >>> points(2.0), points(1.33333), points(0.1 + 0.2)
    ('2', '1.3333', '0.3')
    """
    return f"{round(value, 4):g}"


def gradebook_csv(graded: Sequence[Graded]) -> str:
    """One row per student and lesson: points per exercise, total and maximum."""
    columns = list(dict.fromkeys(m.exercise.id for g in graded for m in g.marks))
    with io.StringIO() as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["student_id", "lesson", *columns, "total", "max"])
        for g in sorted(graded, key=lambda g: (g.lesson, g.student_id)):
            earned = {m.exercise.id: points(m.feedback.score) for m in g.marks}
            writer.writerow(
                [
                    g.student_id,
                    g.lesson,
                    *(earned.get(c, "") for c in columns),
                    points(g.total),
                    points(g.max),
                ]
            )
        return handle.getvalue()


def skipped_csv(skipped: Sequence[Skip]) -> str:
    """``file,reason`` for every file not graded (file names made safe for spreadsheets)."""
    with io.StringIO() as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["file", "reason"])
        writer.writerows([_spreadsheet_safe(s.file), s.reason] for s in skipped)
        return handle.getvalue()


def _spreadsheet_safe(text: str) -> str:
    # A file name starting with = + - @ would run as a formula in a spreadsheet.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


# -- feedback pages --------------------------------------------------------------------------------

_STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;"
    "line-height:1.5;color:#1a1a1a}dt{font-weight:600}dd{margin:0 0 .6rem 1.2rem}"
    "section{border-top:1px solid #ccc;margin-top:1.2rem}table{border-collapse:collapse}"
    "th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "figure{margin:1rem 0}svg{max-width:100%;height:auto}"
)


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _page(title: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n"
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
        return _esc(_short_answer(answer_text(answer)))
    items = "".join(f"<li>{_esc(_short_answer(label + _json_text(v)))}</li>" for label, v in rows)
    return f"<ul>{items}</ul>"


def _short_answer(text: str) -> str:
    return text if len(text) <= _SHOWN_CHARS else text[:_SHOWN_CHARS] + f"… ({len(text):,} characters)"


@cache
def _citations(rows: tuple[str, ...]) -> str:
    return rests_on_text(rows) if rows else "(no data rows)"


def _exercise_html(number: int, mark: Mark) -> str:
    ex, fb = mark.exercise, mark.feedback
    facts = getattr(ex, "facts", {})
    case = "".join(f"<dt>{_esc(k)}</dt><dd>{_esc(v)}</dd>" for k, v in facts.items())
    case_html = f'<dl class="case">{case}</dl>\n' if case else ""
    return (
        f'<section aria-labelledby="ex-{number}">\n'
        f'<h2 id="ex-{number}">{number}. {_esc(ex.id)}: {points(fb.score)} of {points(fb.points)} '
        f"point{'s' if fb.points != 1 else ''}</h2>\n"
        f"<p>{_esc(ex.prompt)}</p>\n{case_html}<dl>\n"
        f"<dt>Your answer</dt><dd>{_answer_html(mark)}</dd>\n"
        f"<dt>Points</dt><dd>{points(fb.score)} of {points(fb.points)} ({_esc(ex.mode)})</dd>\n"
        f"<dt>Why</dt><dd>{_esc(fb.message)}</dd>\n"
        f"<dt>The data it rests on</dt><dd>{_esc(_citations(tuple(fb.rests_on)))}</dd>\n"
        "</dl>\n</section>\n"
    )


def feedback_page(graded: Graded) -> str:
    """One student's feedback for one lesson, as a self-contained HTML page (every value escaped)."""
    s = graded.submission
    head = (
        f"<h1>Feedback on {_esc(_lesson_title(s.lesson))}</h1>\n"
        f"<p>Student <strong>{_esc(s.student_id)}</strong>, submitted {_esc(s.submitted_at)}. "
        f"Score: <strong>{points(graded.total)} of {points(graded.max)}</strong> points.</p>\n"
    )
    items = "".join(_exercise_html(i, m) for i, m in enumerate(graded.marks, 1))
    return _page(f"Feedback: {s.lesson}, {s.student_id}", head + items + _ignored_html(graded))


def _ignored_html(graded: Graded) -> str:
    if not graded.ignored:
        return ""
    listed = "".join(f"<li>{_esc(excerpt(i, 80))}</li>" for i in graded.ignored)
    return (
        '<section aria-labelledby="ignored">\n<h2 id="ignored">Answers not graded</h2>\n'
        f"<p>These answers name exercises that {_esc(graded.lesson)} does not have, so they were "
        f"ignored:</p>\n<ul>{listed}</ul>\n</section>\n"
    )


def _lesson_title(slug: str) -> str:
    from scomm.course import layout as course

    try:
        return f"{course.lesson(slug).title} ({slug})"
    except KeyError:
        return slug


# -- class summary ---------------------------------------------------------------------------------


def _is_synthetic(graded: Sequence[Graded]) -> bool:
    return bool(graded) and all(g.student_id.startswith(SYNTHETIC_PREFIX) for g in graded)


def _caption(graded: Sequence[Graded]) -> list[str]:
    latest = max(g.submission.when for g in graded).date().isoformat()
    line = f"Source: {len(graded)} submissions graded by scomm grade (latest submitted on {latest})."
    if _is_synthetic(graded):
        return [
            line,
            "Synthetic data: a made-up class from scomm.grading.synthetic_class, not real students.",
        ]
    return [line]


def _titled(chart, title: str, graded: Sequence[Graded], description: str):
    prefix = "Synthetic class: " if _is_synthetic(graded) else ""
    return chart.properties(
        title={"text": prefix + title, "subtitle": _caption(graded)}, description=description
    )


def score_distribution(graded: Sequence[Graded]):
    """Histogram of one lesson's total scores, one bar per whole point."""
    import altair as alt

    top = max(g.max for g in graded)
    counts = Counter(min(int(g.total), max(int(top) - 1, 0)) for g in graded)
    rows = [{"low": k, "high": k + 1, "students": counts.get(k, 0)} for k in range(max(int(top), 1))]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#0072B2", binSpacing=1)
        .encode(
            x=alt.X("low:Q", title=f"Total score (points, out of {points(top)})", bin="binned"),
            x2="high:Q",
            y=alt.Y("students:Q", title="Students (count)", axis=alt.Axis(tickMinStep=1, format="d")),
        )
    )
    spread = "; ".join(f"{r['low']} to under {r['high']} points: {r['students']}" for r in rows)
    totals = [g.total for g in graded]
    description = (
        f"Histogram of {len(graded)} students' total scores out of {points(top)}, mean "
        f"{points(statistics.mean(totals))}, median {points(statistics.median(totals))}. Students per band: "
        f"{spread} (the last band includes a full score)."
    )
    return _titled(chart, f"Score distribution, {graded[0].lesson}", graded, description)


def item_means(graded: Sequence[Graded]) -> list[tuple[str, float]]:
    """Mean share of points earned (percent) per exercise, hardest first."""
    shares: dict[str, list[float]] = {}
    for g in graded:
        for m in g.marks:
            shares.setdefault(m.exercise.id, []).append(100 * m.feedback.score / m.feedback.points)
    means = [(k, round(statistics.mean(v), 1)) for k, v in shares.items()]
    return sorted(means, key=lambda kv: (kv[1], kv[0]))


def hardest_items(graded: Sequence[Graded]):
    """Bar chart of the mean share of points earned per exercise, hardest at the top."""
    import altair as alt

    means = item_means(graded)
    rows = [{"exercise": k, "percent": v} for k, v in means]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#E69F00")
        .encode(
            x=alt.X("percent:Q", title="Mean share of points earned (%)", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("exercise:N", title="Exercise (id)", sort=[k for k, _ in means]),
        )
    )
    listed = "; ".join(f"{k} {v:g}%" for k, v in means)
    description = f"Bar chart of the mean share of points earned on each exercise, hardest first: {listed}."
    return _titled(chart, f"Hardest items, {graded[0].lesson}", graded, description)


def wrong_answers(graded: Sequence[Graded], *, per_exercise: int = 3) -> list[tuple[str, str, int]]:
    """The most common wrong answers: (exercise id, answer as text, students), most common first."""
    counts: dict[str, Counter] = {}
    for g in graded:
        for m in g.marks:
            if m.answered and not m.feedback.correct:
                counts.setdefault(m.exercise.id, Counter())[answer_text(m.answer)] += 1
    top = [
        (exercise, text, n)
        for exercise, counter in counts.items()
        for text, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:per_exercise]
    ]
    return sorted(top, key=lambda row: (-row[2], row[0], row[1]))


def common_wrong_answers(graded: Sequence[Graded]):
    """Bar chart of the most common wrong answers (up to three per exercise)."""
    import altair as alt

    top = wrong_answers(graded)
    rows = [{"answer": f"{e}: {_label(t)}", "students": n} for e, t, n in top]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color="#D55E00")
        .encode(
            x=alt.X(
                "students:Q",
                title="Students giving this answer (count)",
                axis=alt.Axis(tickMinStep=1, format="d"),
            ),
            y=alt.Y(
                "answer:N",
                title=None,  # labels read "exercise: answer"; a title here overlaps long labels
                sort=[r["answer"] for r in rows],
                axis=alt.Axis(labelLimit=360),
            ),
        )
    )
    listed = "; ".join(f"{e}: '{_label(t)}' ({n})" for e, t, n in top) or "no wrong answers were given"
    description = f"Bar chart of the most common wrong answers, up to three per exercise: {listed}."
    return _titled(chart, f"Most common wrong answers, {graded[0].lesson}", graded, description)


def _label(text: str) -> str:
    return text if len(text) <= _LABEL_CHARS else text[: _LABEL_CHARS - 1] + "…"


def _svg(chart) -> str:
    from scomm.course import charts

    charts.enable()
    return charts._render(chart.to_dict())["image/svg+xml"]


def _figure(chart) -> str:
    svg = _svg(chart)
    return (
        f"<figure>\n{svg}\n<figcaption>Chart description: {_esc(chart.description)}</figcaption>\n</figure>\n"
    )


def _lesson_html(lesson: str, graded: Sequence[Graded]) -> str:
    totals = [g.total for g in graded]
    stats = (
        f"<p>{len(graded)} student(s). Mean score {points(statistics.mean(totals))}, median "
        f"{points(statistics.median(totals))}, out of {points(graded[0].max)} points.</p>\n"
    )
    rows = "".join(
        f"<tr><td>{_esc(e)}</td><td>{_esc(_short_answer(t))}</td><td>{n}</td></tr>"
        for e, t, n in wrong_answers(graded)
    )
    table = (
        '<table>\n<caption>Most common wrong answers</caption>\n<thead><tr><th scope="col">Exercise</th>'
        f'<th scope="col">Answer</th><th scope="col">Students</th></tr></thead>\n<tbody>{rows}</tbody>\n</table>\n'
    )
    charts_html = "".join(
        _figure(build(graded)) for build in (score_distribution, hardest_items, common_wrong_answers)
    )
    return f"<section>\n<h2>{_esc(_lesson_title(lesson))}</h2>\n{stats}{charts_html}{table}</section>\n"


def _skipped_html(skipped: Sequence[Skip]) -> str:
    if not skipped:
        return "<h2>Files skipped</h2>\n<p>None: every file was graded.</p>\n"
    rows = "".join(f"<tr><td>{_esc(s.file)}</td><td>{_esc(s.reason)}</td></tr>" for s in skipped)
    return (
        '<h2>Files skipped</h2>\n<table id="skipped">\n<caption>Files not graded, and why</caption>\n'
        f'<thead><tr><th scope="col">File</th><th scope="col">Reason</th></tr></thead>\n'
        f"<tbody>{rows}</tbody>\n</table>\n"
    )


def summary_page(graded: Sequence[Graded], skipped: Sequence[Skip]) -> str:
    """The class summary: counts, scores, three charts per lesson and the files skipped."""
    by_lesson: dict[str, list[Graded]] = {}
    for g in sorted(graded, key=lambda g: (g.lesson, g.student_id)):
        by_lesson.setdefault(g.lesson, []).append(g)
    synthetic = " (synthetic class)" if _is_synthetic(graded) else ""
    head = (
        f"<h1>Class summary{synthetic}</h1>\n<p>{len(graded)} submission(s) graded in {len(by_lesson)} "
        f"lesson(s); {len(skipped)} file(s) skipped.</p>\n"
    )
    body = "".join(_lesson_html(lesson, rows) for lesson, rows in by_lesson.items())
    return _page("Class summary", head + body + _skipped_html(skipped))
