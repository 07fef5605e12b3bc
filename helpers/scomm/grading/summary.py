"""The class summary: counts, scores, three charts per lesson and the files skipped.

The charts say when the class is SYNTHETIC (``scomm.grading.grade.synthetic_class``) in their
titles and captions.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from fractions import Fraction

import altair as alt

from scomm.course import charts
from scomm.exercises.base import Exercise
from scomm.exercises.written import is_written
from scomm.grading.feedback import answer_text, esc, lesson_title, page, points, short_answer
from scomm.grading.records import SYNTHETIC_PREFIX, Graded, Skip

LABEL_CHARS = 60  # longest answer used as a chart label


@dataclass
class Tally:
    """What the class summary needs of one lesson's graded submissions, added up as each is graded.

    Nothing here grows with the answers: a total per student, and per exercise an exact sum of
    shares earned and a count of each wrong answer.
    """

    lesson: str
    totals: list[float] = field(default_factory=list)
    shares: dict[str, list] = field(default_factory=dict)  # exercise -> [exact sum of percent, count]
    wrong: dict[str, Counter] = field(default_factory=dict)
    latest: datetime | None = None
    synthetic: bool = True
    waiting: int = 0  # written answers not marked yet
    waiting_points: float = 0.0
    #: Each distinct maximum: students set on an earlier day were offered fewer points.
    maxima: set[float] = field(default_factory=set)
    not_asked: int = 0  # questions not open on a student's day: in no score, share or maximum

    @property
    def max(self) -> float:
        """The most points any student of the lesson was offered."""
        return max(self.maxima, default=0.0)

    def add(self, graded: Graded) -> None:
        """Count one graded submission of this lesson."""
        self.totals.append(graded.total)
        self.maxima.add(graded.max)
        self.not_asked += len(graded.not_asked)
        when = graded.submission.when
        self.latest = when if self.latest is None else max(self.latest, when)
        self.synthetic = self.synthetic and graded.student_id.startswith(SYNTHETIC_PREFIX)
        for m in graded.marks:
            if m.not_asked:
                continue
            if m.pending:
                self.waiting += 1
                self.waiting_points += m.feedback.points
            elif m.feedback.points:  # a pending answer has no score yet; an item worth 0 points has no share
                share = self.shares.setdefault(m.exercise.id, [Fraction(0), 0])
                share[0] += Fraction(100 * m.feedback.score / m.feedback.points)
                share[1] += 1
            if m.answered and not m.feedback.correct and not is_written(m.exercise):
                self.wrong.setdefault(m.exercise.id, Counter()).update(wrong_parts(m.exercise, m.answer))


def tallies(graded: Sequence[Graded]) -> list[Tally]:
    """One ``Tally`` per lesson of ``graded``, in lesson order."""
    found: dict[str, Tally] = {}
    for g in sorted(graded, key=lambda g: (g.lesson, g.student_id)):
        found.setdefault(g.lesson, Tally(g.lesson)).add(g)
    return list(found.values())


def _caption(tally: Tally) -> list[str]:
    latest = tally.latest.date().isoformat() if tally.latest else ""
    line = f"Source: {len(tally.totals)} submissions graded by scomm grade (latest submitted on {latest})."
    if tally.synthetic:
        return [
            line,
            "Synthetic data: a made-up class from scomm.grading.grade.synthetic_class, not real students.",
        ]
    return [line]


def _titled(chart, title: str, tally: Tally, description: str):
    prefix = "Synthetic class: " if tally.synthetic else ""
    return chart.properties(
        title={"text": prefix + title, "subtitle": _caption(tally)}, description=description
    )


def score_distribution(tally: Tally):
    """Histogram of one lesson's total scores, one bar per whole point."""
    top = tally.max
    counts = Counter(min(int(total), max(int(top) - 1, 0)) for total in tally.totals)
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
    totals = tally.totals
    description = (
        f"Histogram of {len(totals)} students' total scores out of {points(top)}, mean "
        f"{points(statistics.mean(totals))}, median {points(statistics.median(totals))}. Students per band: "
        f"{spread} (the last band includes a full score)."
    )
    return _titled(chart, f"Score distribution, {tally.lesson}", tally, description)


def item_means(tally: Tally) -> list[tuple[str, float]]:
    """Mean share of points earned (percent) per exercise, hardest first."""
    means = [(k, round(float(total / n), 1)) for k, (total, n) in tally.shares.items()]
    return sorted(means, key=lambda kv: (kv[1], kv[0]))


def hardest_items(tally: Tally):
    """Bar chart of the mean share of points earned per exercise, hardest at the top."""
    means = item_means(tally)
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
    return _titled(chart, f"Hardest items, {tally.lesson}", tally, description)


def wrong_parts(exercise: Exercise, answer: object) -> list[str]:
    """The wrong parts of a not-fully-right answer, as text: never a part that was right.

    A multiple-select answer names the options chosen wrongly; a classification or scenario
    names each item or question answered wrongly, with the answer given.
    """
    key = exercise.answer
    if exercise.kind == "multiple_select" and isinstance(answer, list):
        wrong = [str(option) for option in answer if option not in key]
        return wrong or ["(left out a right option)"]
    if exercise.kind in {"classification", "scenario"} and isinstance(answer, dict) and isinstance(key, dict):
        label = (
            {q: text for q, (text, _) in exercise.questions.items()} if exercise.kind == "scenario" else {}
        )
        return [
            f"{label.get(part, part)} → {answer_text(answer.get(part))}"
            for part in key
            if answer.get(part) != key[part]
        ]
    return [answer_text(answer)]


def wrong_answers(tally: Tally, *, per_exercise: int = 3) -> list[tuple[str, str, int]]:
    """The most common wrong answers: (exercise id, wrong answer or part as text, students), most common first."""
    top = [
        (exercise, text, n)
        for exercise, counter in tally.wrong.items()
        for text, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:per_exercise]
    ]
    return sorted(top, key=lambda row: (-row[2], row[0], row[1]))


def common_wrong_answers(tally: Tally):
    """Bar chart of the most common wrong answers (up to three per exercise)."""
    top = wrong_answers(tally)
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
    return _titled(chart, f"Most common wrong answers, {tally.lesson}", tally, description)


def _label(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1] + "…"


def _figure(chart) -> str:
    svg = charts.svg(chart)
    return (
        f"<figure>\n{svg}\n<figcaption>Chart description: {esc(chart.description)}</figcaption>\n</figure>\n"
    )


def _lesson_html(tally: Tally) -> str:
    totals = tally.totals
    stats = (
        f"<p>{len(totals)} student(s). Mean score {points(statistics.mean(totals))}, median "
        f"{points(statistics.median(totals))}, out of {_out_of(tally)} points.</p>\n"
    )
    if tally.not_asked:
        stats += (
            f'<p class="not-asked">{tally.not_asked} question(s) were <strong>not asked</strong> (not open on the '
            "day a student's lesson was set on): they count in no score, maximum or share of points.</p>\n"
        )
    if tally.waiting:
        stats += (
            f'<p class="pending"><strong>{tally.waiting} written answer(s) pending</strong> (not marked yet, '
            f"{points(tally.waiting_points)} points in all): the scores above leave them "
            "out, as if they were not yet set, not as 0. Mark them with <code>scomm mark</code>.</p>\n"
        )
    rows = "".join(
        f"<tr><td>{esc(e)}</td><td>{esc(short_answer(t))}</td><td>{n}</td></tr>"
        for e, t, n in wrong_answers(tally)
    )
    table = (
        '<table>\n<caption>Most common wrong answers</caption>\n<thead><tr><th scope="col">Exercise</th>'
        f'<th scope="col">Answer</th><th scope="col">Students</th></tr></thead>\n<tbody>{rows}</tbody>\n</table>\n'
    )
    charts_html = "".join(
        _figure(build(tally)) for build in (score_distribution, hardest_items, common_wrong_answers)
    )
    return f"<section>\n<h2>{esc(lesson_title(tally.lesson))}</h2>\n{stats}{charts_html}{table}</section>\n"


def _out_of(tally: Tally) -> str:
    """``36``, or ``6 to 36`` when students set on different days were offered different points."""
    low, high = min(tally.maxima, default=0.0), tally.max
    return points(high) if low == high else f"{points(low)} to {points(high)}"


def _skipped_html(skipped: Sequence[Skip]) -> str:
    if not skipped:
        return "<h2>Files skipped</h2>\n<p>None: every file was graded.</p>\n"
    rows = "".join(f"<tr><td>{esc(s.file)}</td><td>{esc(s.reason)}</td></tr>" for s in skipped)
    return (
        '<h2>Files skipped</h2>\n<table id="skipped">\n<caption>Files not graded, and why</caption>\n'
        f'<thead><tr><th scope="col">File</th><th scope="col">Reason</th></tr></thead>\n'
        f"<tbody>{rows}</tbody>\n</table>\n"
    )


def summary_page(lessons: Sequence[Tally], skipped: Sequence[Skip]) -> str:
    """The class summary: counts, scores, three charts per lesson (``tallies``) and the files skipped."""
    count = sum(len(t.totals) for t in lessons)
    synthetic = " (synthetic class)" if lessons and all(t.synthetic for t in lessons) else ""
    head = (
        f"<h1>Class summary{synthetic}</h1>\n<p>{count} submission(s) graded in {len(lessons)} "
        f"lesson(s); {len(skipped)} file(s) skipped.</p>\n"
    )
    body = "".join(_lesson_html(tally) for tally in lessons)
    return page("Class summary", head + body + _skipped_html(skipped))
