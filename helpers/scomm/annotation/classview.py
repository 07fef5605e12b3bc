"""What the class marked in a reading, for the instructor: coverage, tags, agreement, scores, feedback.

Inputs are annotations as ``scomm.annotation.store`` loads them: the students' (role
"student") and the instructor's key (role "instructor"), all on one ``Document``.

- ``coverage`` / ``heatmap``: per paragraph, how many students marked it (in all and per tag).
- ``tag_counts`` / ``tag_chart``: how often each tag was used.
- agreement and scores against the key: ``scomm.annotation.agreement``.
- ``student_feedback``: plain-language feedback for one student.
- ``summary``: all of the above for a notebook or the class view page.
"""

from __future__ import annotations

import bisect
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd

from scomm.annotation.agreement import (
    PARTIAL_JACCARD,
    Marked,
    frame_of,
    overlap_jaccard,
    placed,
    short,
    span_scores,
    stance_alpha,
    students_only,
)
from scomm.annotation.records import TAGS
from scomm.course import charts, data
from scomm.course.tables import Table

ANY_TAG = "Any tag"


# -- coverage -----------------------------------------------------------------------------------------


def _paragraph_hits(doc: object, frame: pd.DataFrame) -> pd.DataFrame:
    """One row per (annotation, paragraph it overlaps): the frame's columns plus ``paragraph`` (0-based)."""
    starts = np.array([p.start for p in doc.paragraphs], dtype=np.int64)
    ends = np.array([p.end for p in doc.paragraphs], dtype=np.int64)
    first = np.searchsorted(ends, frame["start"].to_numpy(), side="right")
    stop = np.searchsorted(starts, frame["end"].to_numpy(), side="left")
    count = np.clip(stop - first, 0, None)
    rows = np.repeat(np.arange(len(frame)), count)
    within = np.arange(len(rows)) - np.repeat(np.cumsum(count) - count, count)
    hits = frame.iloc[rows].reset_index(drop=True)
    hits["paragraph"] = np.repeat(first, count) + within
    return hits


def coverage(
    doc: object,
    anns: Iterable[Marked],
    *,
    tags: Sequence[str] | None = None,
    class_size: int | None = None,
) -> pd.DataFrame:
    """Per paragraph: how many students marked it, their share of the class, and how many per tag.

    ``class_size`` defaults to the number of students with at least one annotation here.
    Columns: paragraph (1-based), pid, students, share, annotations, then ``tag: <tag>`` (students).
    """
    kept, _ = placed(doc, students_only(anns))
    return _coverage(doc, frame_of(kept), tags=tags, class_size=class_size)


def _coverage(
    doc: object, frame: pd.DataFrame, *, tags: Sequence[str] | None = None, class_size: int | None = None
) -> pd.DataFrame:
    """``coverage`` of the students' annotations placed on ``doc`` already, as a ``frame_of``."""
    if tags is None:  # the kit's tags in the kit's order, then any others in order of first use
        used = list(frame["tag"].unique())
        tags = [t for t in TAGS if t in used] + [t for t in used if t not in TAGS]
    size = class_size or frame["annotator"].nunique()
    hits = _paragraph_hits(doc, frame)
    n = len(doc.paragraphs)
    out = pd.DataFrame(
        {"paragraph": np.arange(1, n + 1), "pid": [p.pid for p in doc.paragraphs]},
    )
    by_paragraph = hits.groupby("paragraph")
    out["students"] = by_paragraph["annotator"].nunique().reindex(range(n), fill_value=0).to_numpy()
    out["share"] = out["students"] / size if size else 0.0
    out["annotations"] = by_paragraph.size().reindex(range(n), fill_value=0).to_numpy()
    per_tag = hits.groupby(["paragraph", "tag"])["annotator"].nunique().unstack(fill_value=0)
    for tag in tags:
        column = per_tag[tag] if tag in per_tag else pd.Series(dtype=np.int64)
        out[f"tag: {tag}"] = column.reindex(range(n), fill_value=0).to_numpy()
    out.attrs["class_size"] = size
    return out


def _source_ids(doc: object) -> list[str]:
    """The document's ids in data/sources.csv (its own, then the ones it cites), if any resolve."""
    wanted = [getattr(doc, "source_id", None)]
    wanted += [getattr(r, "source_id", r) for r in getattr(doc, "references", None) or ()]
    try:
        known = set(data.load("sources")["source_id"])
    except Exception:  # a kit without its data tables still gets a chart, captioned by title
        return []
    return [i for i in dict.fromkeys(wanted) if isinstance(i, str) and i in known]


def _finish(chart: alt.TopLevelMixin, doc: object, *, title: str, note: str, description: str):
    ids = _source_ids(doc)
    if ids:
        return charts.finish(
            chart, title=title, note=note, source_ids=ids, description=description, as_of=None
        )
    subtitle = textwrap.wrap(f"{note} Reading: “{doc.title}”.", charts.CAPTION_WIDTH)
    return chart.properties(title=alt.Title(title, subtitle=subtitle), description=description)


def _list(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def heatmap(doc: object, anns: Iterable[Marked], *, class_size: int | None = None) -> alt.Chart:
    """Where the class marked the reading: paragraphs across, tags down, colour = share of students."""
    return _heatmap(doc, coverage(doc, anns, class_size=class_size))


def _heatmap(doc: object, table: pd.DataFrame) -> alt.Chart:
    """``heatmap`` of a ``coverage`` table."""
    size = table.attrs["class_size"]
    tags = [c.removeprefix("tag: ") for c in table.columns if c.startswith("tag: ")]
    previews = [short(doc.text[p.start : p.end], 60) for p in doc.paragraphs]
    rows = []
    for label, column in [(ANY_TAG, "students"), *[(t, f"tag: {t}") for t in tags]]:
        for number, count, preview in zip(table["paragraph"], table[column], previews, strict=True):
            rows.append({"paragraph": int(number), "tag": label, "students": int(count), "preview": preview})
    frame = pd.DataFrame(rows)
    frame["share"] = frame["students"] / size if size else 0.0
    chart = (
        alt.Chart(frame)
        .mark_rect(stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("paragraph:O", title="Paragraph of the reading (1 = first)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("tag:N", title=None, sort=[ANY_TAG, *tags]),
            color=alt.Color(
                "share:Q",
                title="Share of students",
                scale=alt.Scale(domain=[0, 1], scheme="blues"),
                legend=alt.Legend(format="%"),
            ),
            tooltip=[
                alt.Tooltip("paragraph:O", title="Paragraph"),
                alt.Tooltip("tag:N", title="Tag"),
                alt.Tooltip("students:Q", title="Students"),
                alt.Tooltip("share:Q", title="Share", format=".0%"),
                alt.Tooltip("preview:N", title="Begins"),
            ],
        )
        .properties(width=min(charts.WIDTH, 28 * len(table) + 40), height=alt.Step(24))
    )
    return _finish(
        chart,
        doc,
        title=f"Where the class annotated “{short(doc.title, 60)}”",
        note=f"Class annotations from {size} students; darker = a larger share of them marked the paragraph.",
        description=_heatmap_description(table, tags, size),
    )


def _heatmap_description(table: pd.DataFrame, tags: Sequence[str], size: int) -> str:
    top = table.sort_values(["students", "paragraph"], ascending=[False, True]).head(3)
    most = "; ".join(f"paragraph {r.paragraph} ({r.share:.0%})" for r in top.itertuples() if r.students)
    unmarked = table.loc[table["students"] == 0, "paragraph"].tolist()
    per_tag = []
    for tag in tags:
        column = table[f"tag: {tag}"]
        if column.max() > 0:
            best = int(table.loc[column.idxmax(), "paragraph"])
            per_tag.append(f"{tag}: paragraph {best} ({column.max()} students)")
    text = (
        f"Heat map of {len(table)} paragraphs (columns) by tag (rows: any tag, then {len(tags)} tags); "
        f"color is the share of the class's {size} students who marked each paragraph. "
    )
    text += f"Most marked: {most}. " if most else "No paragraph was marked. "
    if unmarked:
        text += f"Marked by no one: paragraph(s) {_list(unmarked)}. "
    if per_tag:
        text += f"Most marked per tag: {'; '.join(per_tag)}."
    return text.strip()


# -- tags -----------------------------------------------------------------------------------------


def tag_counts(anns: Iterable[Marked]) -> pd.DataFrame:
    """How often each tag was used: annotations, students who used it, and its share of all annotations."""
    return _tag_counts(frame_of(list(anns)))


def _tag_counts(frame: pd.DataFrame) -> pd.DataFrame:
    grouped = frame.groupby("tag", sort=False)
    out = pd.DataFrame({"annotations": grouped.size(), "students": grouped["annotator"].nunique()})
    out["share"] = out["annotations"] / max(len(frame), 1)
    return out.sort_values(["annotations"], ascending=False, kind="stable").rename_axis("tag").reset_index()


def tag_chart(doc: object, anns: Iterable[Marked]) -> alt.LayerChart:
    """A bar chart of ``tag_counts``."""
    kept, _ = placed(doc, students_only(anns))
    return _tag_chart(doc, tag_counts(kept), students=len({a.annotator for a in kept}))


def _tag_chart(doc: object, frame: pd.DataFrame, *, students: int) -> alt.LayerChart:
    """``tag_chart`` of a ``tag_counts`` table (which it changes) and how many students made it."""
    frame["shown"] = [f"{n:,} ({s:.0%})" for n, s in zip(frame["annotations"], frame["share"], strict=True)]
    y = alt.Y("tag:N", title=None, sort=list(frame["tag"]))
    x = alt.X("annotations:Q", title="Annotations (count)")
    bars = alt.Chart(frame).mark_bar(color=charts.PALETTE[0]).encode(x=x, y=y)
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(x=x, y=y, text="shown:N")
    listing = "; ".join(f"{r.tag}: {r.shown}, by {r.students} students" for r in frame.itertuples())
    return _finish(
        (bars + text).properties(width=charts.WIDTH - 160, height=alt.Step(26)),
        doc,
        title="Which tags the class used",
        note=f"{int(frame['annotations'].sum()):,} annotations by {students} students.",
        description=f"Bar chart of annotations per tag. {listing}.",
    )


# -- feedback ---------------------------------------------------------------------------------------


def _paragraph_number(starts: Sequence[int], offset: int) -> int:
    """The 1-based paragraph holding ``offset``, given each paragraph's start."""
    return bisect.bisect_right(starts, offset)


def _shared(rows: Sequence[Marked], columns: Sequence[Marked]) -> np.ndarray:
    """Characters each of ``rows`` shares with each of ``columns`` (0 where they do not meet).

    One array operation for a student's whole set: at 3,000 students x 50 passages a loop over
    every pair was most of the class view's time.
    """
    r_start, r_end = (
        np.fromiter((getattr(a, f) for a in rows), np.int64, len(rows)) for f in ("start", "end")
    )
    c_start, c_end = (
        np.fromiter((getattr(a, f) for a in columns), np.int64, len(columns)) for f in ("start", "end")
    )
    shared = np.minimum(r_end[:, None], c_end[None, :]) - np.maximum(r_start[:, None], c_start[None, :])
    return np.clip(shared, 0, None)


def _best_matches(shared: np.ndarray, mine: Sequence[Marked]) -> list[Marked | None]:
    """For each row of ``_shared(key, mine)``, the passage of ``mine`` sharing most with it (the first of equals)."""
    best = shared.argmax(axis=1)
    return [mine[j] if shared[i, j] > 0 else None for i, j in enumerate(best)]


@dataclass(frozen=True)
class _Key:
    """A key sorted by position and what every student's feedback says of it, worked out once a class."""

    passages: Sequence[Marked]
    title: str
    starts: list[int]  # each paragraph's start
    quoted: list[str]  # each key passage, shortened
    where: list[str]  # "paragraph N" for each key passage

    @classmethod
    def of(cls, key: Iterable[Marked], doc: object) -> _Key:
        passages = sorted(key, key=lambda a: (a.start, a.end))
        starts = [p.start for p in doc.paragraphs]
        return cls(
            passages,
            short(doc.title, 80),
            starts,
            [short(k.exact) for k in passages],
            [f"paragraph {_paragraph_number(starts, k.start)}" for k in passages],
        )


def student_feedback(student_anns: Iterable[Marked], key: Iterable[Marked], doc: object) -> str:
    """Plain-language feedback for one student: key passages found and missed, stances, extras."""
    return _feedback(placed(doc, student_anns)[0], _Key.of(key, doc))


def _feedback(placed_anns: Sequence[Marked], key: _Key) -> str:
    """``student_feedback`` for passages already placed on the reading."""
    mine = sorted(placed_anns, key=lambda a: (a.start, a.end))
    if not key.passages:
        return f"The instructor has not published a key for “{key.title}” yet; you marked {len(mine)} passage(s)."
    head = f"“{key.title}”: you marked {len(mine)} passage(s); the instructor's key has {len(key.passages)}."
    if not mine:
        return head + " You have not marked any passages yet. Start with the key passages listed in class."
    shared = _shared(key.passages, mine)  # key passages down, the student's across
    found, missed, stances = [], [], []
    for n, (k, match) in enumerate(zip(key.passages, _best_matches(shared, mine), strict=True)):
        if match is None:
            why = f" The key's note: {k.comment}" if k.comment else ""
            missed.append(f"- “{key.quoted[n]}” ({key.where[n]}, tagged {k.tag}).{why}")
            continue
        tag = "" if match.tag == k.tag else f" You tagged it {match.tag}; the key tags it {k.tag}."
        part = ""
        if overlap_jaccard((match.start, match.end), (k.start, k.end)) < PARTIAL_JACCARD:
            part = f" Your passage, “{short(match.exact, 60)}”, overlaps it only in part (they share less than half of the words the two cover together)."
        found.append(f"- “{key.quoted[n]}” ({key.where[n]}, {k.tag}).{tag}{part}")
        if k.stance and match.stance and match.stance != k.stance:
            why = f" Why: {k.comment}" if k.comment else ""
            stances.append(f"- “{key.quoted[n]}”: you said {match.stance}, the key says {k.stance}.{why}")
    meets_key = shared.max(axis=0) > 0
    extra = [
        f"- “{short(a.exact)}” (paragraph {_paragraph_number(key.starts, a.start)}, {a.tag})"
        for a, meets in zip(mine, meets_key, strict=True)
        if not meets
    ]
    parts = [
        head,
        f"\nYou found {len(found)} of the {len(key.passages)} key passages" + (":" if found else "."),
    ]
    parts += found
    if missed:
        parts += [f"\nYou missed {len(missed)}; read them again:", *missed]
    if stances:
        parts += [f"\nYour stance differed from the key's on {len(stances)}:", *stances]
    if extra:
        parts += [
            f"\nYou also marked {len(extra)} passage(s) the key does not: not wrong in themselves; "
            "check that each fits its tag and be ready to say why.",
            *extra,
        ]
    return "\n".join(parts)


def class_feedback(doc: object, anns: Iterable[Marked], key: Iterable[Marked]) -> dict[str, str]:
    """``student_feedback`` for each student among ``anns``, the key placed on ``doc`` once.

    >>> from scomm.sources.corpus import reading
    >>> class_feedback(reading("02_opt_out_dispute"), [], [])
    {}
    """
    kept, _ = placed(doc, students_only(anns))
    known = _Key.of(placed(doc, key)[0], doc)
    mine: dict[str, list] = {}
    for a in kept:
        mine.setdefault(a.annotator, []).append(a)
    return {student: _feedback(anns_, known) for student, anns_ in sorted(mine.items())}


# -- everything for a notebook ----------------------------------------------------------------------


def summary(doc: object, anns: Iterable[Marked], key: Iterable[Marked] = ()) -> dict:
    """The class view of one reading: tables (``scomm.course.tables.Table``), charts, agreement and feedback."""
    kept, skipped = placed(doc, students_only(anns))
    key, key_skipped = placed(doc, key)
    size = len({a.annotator for a in kept})
    mine: dict[str, list] = {}
    for a in kept:
        mine.setdefault(a.annotator, []).append(a)
    # Placed once, and one frame of them, for every part below (each placing 150,000 annotations
    # again was a tenth of a second or more).
    frame = frame_of(kept)
    cover = _coverage(doc, frame)
    tags = _tag_counts(frame)
    agreement = stance_alpha(doc, kept, key, already_placed=True)
    known = _Key.of(key, doc)
    where = f"“{short(doc.title, 60)}”, {size} students"
    return {
        "students": size,
        "annotations": len(kept),
        "skipped": skipped + key_skipped,
        "coverage": Table(cover, caption=f"Paragraphs marked by the class: {where}"),
        "heatmap": _heatmap(doc, cover),
        "tags": Table(tags, caption=f"Tags used: {where}"),
        "tag_chart": _tag_chart(doc, tags.copy(), students=size),
        "agreement": agreement,
        "scores": Table(
            span_scores(kept, key),
            caption=f"Passages against the key ({len(key)} passages): exact = same start, end and tag; "
            f"partial = same tag and Jaccard overlap ≥ {PARTIAL_JACCARD}",
        ),
        "feedback": {student: _feedback(anns_, known) for student, anns_ in sorted(mine.items())},
    }
