"""A class's annotations (``scomm annotations``)'s annotations from its submissions, exported and compared with the key.

    scomm annotations handed-in/ --lesson 2 --out build/annotations

Reads the same verified submissions as ``scomm grade`` (damaged, edited or hostile files are
refused there and listed here), takes each student's annotation records, re-anchors them to
the current reading, and writes:

- ``annotations.jsonld``: the class and the key in the W3C Web Annotation model;
- ``annotations.csv``: the same, one row per annotation, for spreadsheets;
- ``classview.html``: coverage heat map, tags, agreement (Krippendorff's alpha on stance),
  span F1 against the key, and feedback for each student.

The feedback is what a student is given, so it is time-honest: each student's is written against
the reading as their lesson showed it on the day it was set on (the ``as_of`` their submission
records; ``sources.corpus.dated``) and against the key passages that reading holds, never a
later paragraph, key passage or note. A submission without a day was made in a lesson that cut
nothing, so its feedback uses the whole reading, as the grader does.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from scomm.annotation import anchoring, classview, interchange, records, store
from scomm.course import charts
from scomm.course.outputs import OutputFolder
from scomm.grading.asked import asked_on
from scomm.grading.feedback import page as feedback_page_frame
from scomm.grading.intake import exercise_sets, keep_latest, read_all
from scomm.sources import corpus

PREFIX = "annotation:"
EMPTY = "<p><strong>No student annotations were found in these submissions.</strong> The export holds the key only.</p>"


def collect(submissions: Path, lesson: str) -> tuple[list, list[str]]:
    """Every student's annotations for ``lesson`` from sound submissions, and what was skipped."""
    collected, skipped, _ = _collect(submissions, lesson)
    return collected, skipped


def _collect(submissions: Path, lesson: str) -> tuple[list, list[str], dict[str, str | None]]:
    """``collect``, and the day each student's lesson was set on (``None`` where not recorded)."""
    found, refused = read_all(Path(submissions), exercise_sets())
    kept, duplicates = keep_latest(found)
    skipped = [str(s) for s in refused + duplicates]
    collected, days = [], {}
    for submission in kept:
        if submission.lesson != lesson:
            continue
        days[submission.student_id] = submission.as_of
        for key, record in sorted(submission.answers.items()):
            if not key.startswith(PREFIX) or record is None:  # None: the student deleted it
                continue
            try:
                ann = records.Annotation.from_record(record)
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                skipped.append(f"{submission.file}: annotation {key[len(PREFIX) :][:60]!r} skipped ({exc})")
                continue
            if ann.annotator != submission.student_id or ann.role != "student":
                skipped.append(f"{submission.file}: annotation {ann.id} claims another author; skipped")
                continue
            collected.append(ann)
    return collected, skipped, days


def student_feedback(
    anns: list, lesson: str, days: dict[str, str | None], *, whole: object = None, key: list | None = None
) -> dict[str, str]:
    """Each student's feedback on their annotations, as of the day their lesson was set on.

    ``days`` maps a student to the ``as_of`` their submission records. The reading and the key
    are cut to what that lesson showed that day (``corpus.dated``): a key passage in a paragraph
    that opened later is neither counted nor quoted, and paragraphs are numbered as the student
    saw them. Without a day (or with one the lesson is not written for) nothing is cut.
    ``whole`` and ``key``: the whole reading and its key, when the caller has them already.
    """
    whole = whole or corpus.reading(lesson)
    key = store.load_key(lesson, whole) if key is None else key
    by_day: dict[str | None, list] = {}
    for ann in anns:
        asked = asked_on(lesson, days.get(ann.annotator))
        by_day.setdefault(asked.day if asked else None, []).append(ann)
    told = {}
    for day, mine in by_day.items():
        doc = corpus.dated(asked_on(lesson, day).p).doc if day else whole
        told |= classview.class_feedback(doc, mine, key)
    return dict(sorted(told.items()))


def build(submissions: Path, lesson: str, out: Path, *, force: bool = False) -> dict:
    """Write the export and the class view; return what was written and counted.

    Only files an earlier ``scomm annotations`` wrote are replaced: a file of anyone else's in
    the way raises ``outputs.OutputConflict`` before anything is written, unless ``force``.
    """
    doc = corpus.reading(lesson)
    class_anns, skipped, days = _collect(submissions, lesson)
    placed = [anchoring.reanchor(a, doc) for a in class_anns]
    unplaced = [unplaced_line(a) for a in placed if a.anchor_status == "orphan"]
    key = store.load_key(lesson, doc)
    view = classview.summary(doc, placed, key)
    exported = json.dumps(interchange.to_w3c([*placed, *key]), indent=1)
    figures = "".join(f"<figure>{charts.svg(view[name])}</figure>" for name in ("heatmap", "tag_chart"))
    alpha = view["agreement"]
    feedback = "".join(
        f"<section><h3>{html.escape(student)}</h3><p>{html.escape(text)}</p></section>"
        for student, text in student_feedback(class_anns, lesson, days, whole=doc, key=key).items()
    )
    refused = "".join(f"<li>{html.escape(s)}</li>" for s in skipped) or "<li>none</li>"
    lost = "".join(f"<li>{html.escape(s)}</li>" for s in unplaced) or "<li>none</li>"
    # The same page frame and style as the feedback pages and the class summary.
    body = f"""<h1>Class view: {html.escape(doc.title)}</h1>
<p>{view["students"]} students, {view["annotations"]} annotations; key: {len(key)} passages.</p>
{"" if class_anns else EMPTY}
{figures}
<h2>Agreement on stance</h2><p>{html.escape(str(alpha))}</p>
<h2>Against the key</h2>{view["scores"]._repr_html_()}
<h2>Coverage</h2>{view["coverage"]._repr_html_()}
<h2>Feedback for each student</h2>{feedback}
<h2>Skipped</h2><ul>{refused}</ul>
<h2>Not placed on the current reading</h2><ul>{lost}</ul>
"""
    page = feedback_page_frame(f"Class view: {doc.title}", body)
    OutputFolder(out, by="annotations", force=force).commit(
        {
            "annotations.jsonld": exported.encode("utf-8"),
            "annotations.csv": interchange.csv_bytes([*placed, *key]),
            "classview.html": page.encode("utf-8"),
        }
    )
    return {
        "students": view["students"],
        "annotations": view["annotations"],
        "skipped": skipped,
        "unplaced": unplaced,
        "out": out,
    }


def unplaced_line(ann: records.Annotation) -> str:
    """How an annotation whose words are no longer in the reading is listed for the instructor."""
    quote = ann.exact if len(ann.exact) <= 60 else ann.exact[:59] + "…"
    return f"{ann.annotator}: annotation {ann.id} on “{quote}” could not be placed on the current reading"
