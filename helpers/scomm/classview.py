"""What the class marked in a reading, for the instructor: coverage, tags, agreement, scores, feedback.

Inputs are annotations as ``scomm.annotations`` loads them: the students' (role
"student") and the instructor's key (role "instructor"), all on one ``Document``.

- ``coverage`` / ``heatmap``: per paragraph, how many students marked it (in all and per tag).
- ``tag_counts`` / ``tag_chart``: how often each tag was used.
- ``stance_alpha``: Krippendorff's alpha (nominal) for the stances students gave on shared
  units: the key's passages, or the paragraphs when there is no key. A student's label for a
  unit is the stance of their annotation that overlaps it most (ties: the one listed first).
- ``span_scores``: precision, recall and F1 of each student's passages against the key,
  *exact* (same start, end and tag) and *partial* (same tag and a character Jaccard overlap of
  at least 0.5, each key passage matched at most once). Both are set counts, computed here
  directly: scikit-learn's F1 works on per-item label vectors and would add nothing.
- ``student_feedback``: plain-language feedback for one student.
- ``summary``: all of the above for a notebook.

Spans are compared as (start, end) code-point offsets into ``doc.text``; an annotation whose
words are no longer at its offsets (``text[start:end] != exact``) is left out and counted.

>>> overlap_jaccard((0, 10), (5, 15))
0.3333333333333333
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import altair as alt
import krippendorff
import numpy as np
import pandas as pd

from scomm import annotations
from scomm.course import charts
from scomm.course.tables import Table

PARTIAL_JACCARD = 0.5
QUOTE_CHARS = 120
ANY_TAG = "Any tag"


class _Annotation(Protocol):
    id: str
    doc_id: str
    annotator: str
    role: str
    start: int
    end: int
    exact: str
    tag: str
    stance: str | None
    comment: str


def overlap_jaccard(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Characters two spans share, over the characters either covers (0 when apart)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    if shared <= 0:
        return 0.0
    return shared / (max(a[1], b[1]) - min(a[0], b[0]))


def placed(doc: object, anns: Iterable[_Annotation]) -> tuple[list[_Annotation], int]:
    """The annotations on this reading, placed on its current text, and how many could not be.

    One made on an earlier version of the reading is found again (``annotations.reanchor``);
    one whose words are gone, or that belongs to another document, is left out and counted.
    """
    text, kept, skipped = doc.text, [], 0
    for a in anns:
        if a.doc_id != doc.doc_id:
            skipped += 1
            continue
        if not (0 <= a.start < a.end <= len(text) and text[a.start : a.end] == a.exact):
            a = annotations.reanchor(a, doc)
            if a.anchor_status == "orphan":
                skipped += 1
                continue
        kept.append(a)
    return kept, skipped


def _students(anns: Iterable[_Annotation]) -> list[_Annotation]:
    return [a for a in anns if a.role != "instructor"]


def _short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _frame(anns: Sequence[_Annotation]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "annotator": [a.annotator for a in anns],
            "start": np.array([a.start for a in anns], dtype=np.int64),
            "end": np.array([a.end for a in anns], dtype=np.int64),
            "tag": [a.tag for a in anns],
            "stance": [a.stance for a in anns],
        }
    )


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
    anns: Iterable[_Annotation],
    *,
    tags: Sequence[str] | None = None,
    class_size: int | None = None,
) -> pd.DataFrame:
    """Per paragraph: how many students marked it, their share of the class, and how many per tag.

    ``class_size`` defaults to the number of students with at least one annotation here.
    Columns: paragraph (1-based), pid, students, share, annotations, then ``tag: <tag>`` (students).
    """
    kept, _ = placed(doc, _students(anns))
    frame = _frame(kept)
    if tags is None:  # the kit's tags in the kit's order, then any others in order of first use
        used = list(dict.fromkeys(frame["tag"]))
        tags = [t for t in annotations.TAGS if t in used] + [t for t in used if t not in annotations.TAGS]
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
    from scomm.course import data

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
        return charts.finish(chart, title=title, note=note, source_ids=ids, description=description)
    subtitle = textwrap.wrap(f"{note} Reading: “{doc.title}”.", charts.CAPTION_WIDTH)
    return chart.properties(title=alt.Title(title, subtitle=subtitle), description=description)


def _list(numbers: Sequence[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def heatmap(doc: object, anns: Iterable[_Annotation], *, class_size: int | None = None) -> alt.Chart:
    """Where the class marked the reading: paragraphs across, tags down, colour = share of students."""
    table = coverage(doc, anns, class_size=class_size)
    size = table.attrs["class_size"]
    tags = [c.removeprefix("tag: ") for c in table.columns if c.startswith("tag: ")]
    previews = [_short(doc.text[p.start : p.end], 60) for p in doc.paragraphs]
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
        title=f"Where the class annotated “{_short(doc.title, 60)}”",
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
        f"colour is the share of the class's {size} students who marked each paragraph. "
    )
    text += f"Most marked: {most}. " if most else "No paragraph was marked. "
    if unmarked:
        text += f"Marked by no one: paragraph(s) {_list(unmarked)}. "
    if per_tag:
        text += f"Most marked per tag: {'; '.join(per_tag)}."
    return text.strip()


# -- tags -----------------------------------------------------------------------------------------


def tag_counts(anns: Iterable[_Annotation]) -> pd.DataFrame:
    """How often each tag was used: annotations, students who used it, and its share of all annotations."""
    frame = _frame(list(anns))
    grouped = frame.groupby("tag", sort=False)
    out = pd.DataFrame({"annotations": grouped.size(), "students": grouped["annotator"].nunique()})
    out["share"] = out["annotations"] / max(len(frame), 1)
    return out.sort_values(["annotations"], ascending=False, kind="stable").rename_axis("tag").reset_index()


def tag_chart(doc: object, anns: Iterable[_Annotation]) -> alt.LayerChart:
    """A bar chart of ``tag_counts``."""
    kept, _ = placed(doc, _students(anns))
    frame = tag_counts(kept)
    frame["shown"] = [f"{n:,} ({s:.0%})" for n, s in zip(frame["annotations"], frame["share"], strict=True)]
    y = alt.Y("tag:N", title=None, sort=list(frame["tag"]))
    x = alt.X("annotations:Q", title="Annotations (count)")
    bars = alt.Chart(frame).mark_bar(color=charts.PALETTE[0]).encode(x=x, y=y)
    text = alt.Chart(frame).mark_text(align="left", dx=4).encode(x=x, y=y, text="shown:N")
    listing = "; ".join(f"{r.tag}: {r.shown}, by {r.students} students" for r in frame.itertuples())
    students = len({a.annotator for a in kept})
    return _finish(
        (bars + text).properties(width=charts.WIDTH - 160, height=alt.Step(26)),
        doc,
        title="Which tags the class used",
        note=f"{len(kept):,} annotations by {students} students.",
        description=f"Bar chart of annotations per tag. {listing}.",
    )


# -- agreement ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Agreement:
    """Krippendorff's alpha for stance, and what it was computed on."""

    alpha: float  # NaN when it cannot be computed; ``note`` says why
    units: int
    unit_kind: str  # "key passages" or "paragraphs"
    coders: int
    labels: int  # labels given on units that at least two students labelled
    note: str

    def __str__(self) -> str:
        return self.text()

    def text(self) -> str:
        """One sentence for an instructor."""
        value = "undefined" if math.isnan(self.alpha) else f"{self.alpha:.2f}"
        return (
            f"Krippendorff's alpha (nominal) for stance: {value}, from {self.labels} labels by {self.coders} "
            f"students on {self.units} {self.unit_kind}. {self.note}"
        ).strip()


def units(doc: object, key: Iterable[_Annotation] = ()) -> tuple[list[tuple[int, int]], str]:
    """The units students are compared on: the key's passages, or the paragraphs when there is no key."""
    spans = list(dict.fromkeys((a.start, a.end) for a in key))
    if spans:
        return sorted(spans), "key passages"
    return [(p.start, p.end) for p in doc.paragraphs], "paragraphs"


def reliability(
    doc: object, anns: Iterable[_Annotation], key: Iterable[_Annotation] = ()
) -> tuple[np.ndarray, list[str], list[str]]:
    """Students × units matrix of stance codes (NaN = no label), the students, and the stances coded.

    A student's label for a unit is the stance of their annotation overlapping it most.
    """
    spans, _ = units(doc, key)
    kept, _ = placed(doc, _students(anns))
    with_stance = [a for a in kept if a.stance is not None]
    students = sorted({a.annotator for a in kept})
    stances = sorted({a.stance for a in with_stance})
    matrix = np.full((len(students), len(spans)), np.nan)
    if not with_stance or not spans:
        return matrix, students, stances
    frame = _frame(with_stance)
    u = np.array(spans, dtype=np.int64)
    shared = np.minimum(frame["end"].to_numpy()[:, None], u[None, :, 1]) - np.maximum(
        frame["start"].to_numpy()[:, None], u[None, :, 0]
    )
    ann_i, unit_j = np.nonzero(shared > 0)
    best = pd.DataFrame(
        {
            "student": frame["annotator"].map({s: i for i, s in enumerate(students)}).to_numpy()[ann_i],
            "unit": unit_j,
            "shared": shared[ann_i, unit_j],
            "code": frame["stance"].map({s: i for i, s in enumerate(stances)}).to_numpy()[ann_i],
            "order": ann_i,
        }
    )
    best = best.sort_values(["shared", "order"], ascending=[False, True]).drop_duplicates(["student", "unit"])
    matrix[best["student"].to_numpy(), best["unit"].to_numpy()] = best["code"].to_numpy()
    return matrix, students, stances


def stance_alpha(doc: object, anns: Iterable[_Annotation], key: Iterable[_Annotation] = ()) -> Agreement:
    """Krippendorff's alpha (nominal) for the stances students gave the shared units."""
    key = list(key)
    matrix, students, stances = reliability(doc, anns, key)
    _, kind = units(doc, key)
    per_unit = (~np.isnan(matrix)).sum(axis=0)
    labels = int(per_unit[per_unit >= 2].sum())
    observed = np.unique(matrix[:, per_unit >= 2][~np.isnan(matrix[:, per_unit >= 2])])

    def result(alpha: float, note: str) -> Agreement:
        return Agreement(alpha, matrix.shape[1], kind, len(students), labels, note)

    if labels < 2:
        return result(math.nan, "Too few units were labelled by two or more students to measure agreement.")
    if len(observed) < 2:
        return result(math.nan, "Every label was the same stance, so agreement beyond chance is undefined.")
    alpha = krippendorff.alpha(
        reliability_data=matrix, level_of_measurement="nominal", value_domain=list(range(len(stances)))
    )
    return result(float(alpha), "1 = perfect agreement, 0 = what chance alone would give.")


# -- scores against the key ---------------------------------------------------------------------------


def _prf(tp: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _matches(mine: Sequence[tuple[int, int, str]], key: Sequence[tuple[int, int, str]]) -> tuple[int, int]:
    """(exact, partial) true positives between two sets of (start, end, tag)."""
    exact = len(set(mine) & set(key))
    if not mine or not key:
        return exact, 0
    a, b = np.array([m[:2] for m in mine]), np.array([k[:2] for k in key])
    shared = np.minimum(a[:, 1, None], b[None, :, 1]) - np.maximum(a[:, 0, None], b[None, :, 0])
    union = np.maximum(a[:, 1, None], b[None, :, 1]) - np.minimum(a[:, 0, None], b[None, :, 0])
    jaccard = np.where(shared > 0, shared / union, 0.0)
    same_tag = np.array([m[2] for m in mine])[:, None] == np.array([k[2] for k in key])[None, :]
    i, j = np.nonzero((jaccard >= PARTIAL_JACCARD) & same_tag)
    # One-to-one, best overlaps first: one passage cannot earn credit for two.
    used_i, used_j, partial = set(), set(), 0
    for n in np.argsort(-jaccard[i, j], kind="stable"):
        if i[n] not in used_i and j[n] not in used_j:
            used_i.add(i[n])
            used_j.add(j[n])
            partial += 1
    return exact, partial


def span_scores(anns: Iterable[_Annotation], key: Iterable[_Annotation]) -> pd.DataFrame:
    """Precision, recall and F1 of each student's passages against the key, exact and partial.

    One row per student, then two class rows: ``(class, pooled)`` sums every student's matches
    (micro average) and ``(class, mean)`` averages the students' scores (macro average).
    """
    truth = sorted({(a.start, a.end, a.tag) for a in key})
    by_student: dict[str, set] = {}
    for a in _students(anns):
        by_student.setdefault(a.annotator, set()).add((a.start, a.end, a.tag))
    rows = []
    for student in sorted(by_student):
        mine = sorted(by_student[student])
        exact, partial = _matches(mine, truth)
        rows.append(
            {"student": student, "passages": len(mine), "key": len(truth), "exact": exact, "partial": partial}
        )
    frame = pd.DataFrame(rows, columns=["student", "passages", "key", "exact", "partial"])
    for kind in ("exact", "partial"):
        scores = [_prf(r[kind], r["passages"], r["key"]) for r in rows]
        for n, name in enumerate(("precision", "recall", "f1")):
            frame[f"{kind}_{name}"] = [s[n] for s in scores]
    totals = frame[["passages", "key", "exact", "partial"]].sum()
    pooled: dict[str, object] = {"student": "(class, pooled)", **totals.to_dict()}
    mean: dict[str, object] = {"student": "(class, mean)", **frame.drop(columns="student").mean().to_dict()}
    for kind in ("exact", "partial"):
        for name, value in zip(
            ("precision", "recall", "f1"), _prf(totals[kind], totals["passages"], totals["key"]), strict=True
        ):
            pooled[f"{kind}_{name}"] = value
    return pd.concat([frame, pd.DataFrame([pooled, mean])], ignore_index=True)


# -- feedback ---------------------------------------------------------------------------------------


def _paragraph_number(doc: object, offset: int) -> int:
    starts = [p.start for p in doc.paragraphs]
    return int(np.searchsorted(starts, offset, side="right"))


def _best_overlap(span: _Annotation, candidates: Sequence[_Annotation]) -> _Annotation | None:
    best, most = None, 0
    for c in candidates:
        shared = min(c.end, span.end) - max(c.start, span.start)
        if shared > most:
            best, most = c, shared
    return best


def student_feedback(student_anns: Iterable[_Annotation], key: Iterable[_Annotation], doc: object) -> str:
    """Plain-language feedback for one student: key passages found and missed, stances, extras."""
    mine = sorted(placed(doc, student_anns)[0], key=lambda a: (a.start, a.end))
    key = sorted(key, key=lambda a: (a.start, a.end))
    title = _short(doc.title, 80)
    if not key:
        return f"The instructor has not published a key for “{title}” yet; you marked {len(mine)} passage(s)."
    head = f"“{title}”: you marked {len(mine)} passage(s); the instructor's key has {len(key)}."
    if not mine:
        return head + " You have not marked any passages yet. Start with the key passages listed in class."
    found, missed, stances = [], [], []
    for k in key:
        match = _best_overlap(k, mine)
        where = f"paragraph {_paragraph_number(doc, k.start)}"
        if match is None:
            why = f" The key's note: {k.comment}" if k.comment else ""
            missed.append(f"- “{_short(k.exact)}” ({where}, tagged {k.tag}).{why}")
            continue
        tag = "" if match.tag == k.tag else f" You tagged it {match.tag}; the key tags it {k.tag}."
        part = ""
        if overlap_jaccard((match.start, match.end), (k.start, k.end)) < PARTIAL_JACCARD:
            part = f" Your passage, “{_short(match.exact, 60)}”, overlaps it only in part (they share less than half of the words the two cover together)."
        found.append(f"- “{_short(k.exact)}” ({where}, {k.tag}).{tag}{part}")
        if k.stance and match.stance and match.stance != k.stance:
            why = f" Why: {k.comment}" if k.comment else ""
            stances.append(f"- “{_short(k.exact)}”: you said {match.stance}, the key says {k.stance}.{why}")
    extra = [
        f"- “{_short(a.exact)}” (paragraph {_paragraph_number(doc, a.start)}, {a.tag})"
        for a in mine
        if _best_overlap(a, key) is None
    ]
    parts = [head, f"\nYou found {len(found)} of the {len(key)} key passages" + (":" if found else ".")]
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


# -- everything for a notebook ----------------------------------------------------------------------


def summary(doc: object, anns: Iterable[_Annotation], key: Iterable[_Annotation] = ()) -> dict:
    """The class view of one reading: tables (``scomm.course.tables.Table``), charts, agreement and feedback."""
    kept, skipped = placed(doc, _students(anns))
    key, key_skipped = placed(doc, key)
    size = len({a.annotator for a in kept})
    mine: dict[str, list] = {}
    for a in kept:
        mine.setdefault(a.annotator, []).append(a)
    cover = coverage(doc, kept)
    agreement = stance_alpha(doc, kept, key)
    where = f"“{_short(doc.title, 60)}”, {size} students"
    return {
        "students": size,
        "annotations": len(kept),
        "skipped": skipped + key_skipped,
        "coverage": Table(cover, caption=f"Paragraphs marked by the class: {where}"),
        "heatmap": heatmap(doc, kept),
        "tags": Table(tag_counts(kept), caption=f"Tags used: {where}"),
        "tag_chart": tag_chart(doc, kept),
        "agreement": agreement,
        "scores": Table(
            span_scores(kept, key),
            caption=f"Passages against the key ({len(key)} passages): exact = same start, end and tag; "
            f"partial = same tag and Jaccard overlap ≥ {PARTIAL_JACCARD}",
        ),
        "feedback": {student: student_feedback(anns_, key, doc) for student, anns_ in sorted(mine.items())},
    }


# -- a SYNTHETIC class, for tests and benchmarks ----------------------------------------------------

SYNTHETIC_PREFIX = "synthetic-"
_SYNTHETIC_TIME = "2026-01-15T10:00:00+00:00"  # fixed, so the same seed gives the same records


def _synthetic(doc: object, n: str, who: str, role: str, span: tuple[int, int], tag: str, stance, comment=""):
    start, end = span
    return annotations.Annotation(
        id=n,
        doc_id=doc.doc_id,
        doc_sha256=doc.sha256,
        annotator=who,
        role=role,
        created=_SYNTHETIC_TIME,
        start=start,
        end=end,
        exact=doc.text[start:end],
        prefix=doc.text[max(0, start - annotations.CONTEXT) : start],
        suffix=doc.text[end : end + annotations.CONTEXT],
        tag=tag,
        stance=stance,
        comment=comment,
        anchor_status="exact",
    )


def synthetic_class(
    doc: object,
    *,
    students: int = 300,
    per_student: int = 50,
    key_passages: int = 20,
    seed: int = 0,
    tags: Sequence[str] = annotations.TAGS,
) -> tuple[list, list]:
    """SYNTHETIC annotations of ``doc``: made-up students (``synthetic-0001`` ...) and a made-up key.

    Never real students. Passages are runs of 3 to 20 whole words inside one paragraph. Each
    student annotation is, by a seeded draw, a key passage with its edges moved by up to two
    words (60%: key tag 80% of the time, key stance 70%) or a passage anywhere (40%).
    Returns (student annotations, key).
    """
    import random
    import re

    rng = random.Random(seed)
    words = [
        [(m.start(), m.end()) for m in re.finditer(r"\S+", doc.paragraph_text(p))] for p in doc.paragraphs
    ]
    usable = [(p.start, w) for p, w in zip(doc.paragraphs, words, strict=True) if len(w) >= 3]

    def passage(at: int, w: list, first: int, last: int) -> tuple[int, int]:
        first, last = max(0, min(first, len(w) - 1)), max(0, min(last, len(w) - 1))
        first, last = min(first, last), max(first, last)
        return at + w[first][0], at + w[last][1]

    def anywhere() -> tuple[tuple[int, int], tuple]:
        at, w = rng.choice(usable)
        first = rng.randrange(len(w))
        return passage(at, w, first, first + rng.randint(2, 19)), (at, w, first)

    key = []
    for k in range(key_passages):
        span, _ = anywhere()
        tag = tags[k % len(tags)]
        stance = rng.choice(annotations.STANCES)
        comment = f"Key passage {k + 1} (synthetic): tagged {tag}, read as {stance}."
        key.append(_synthetic(doc, f"key-{k:03d}", "instructor", "instructor", span, tag, stance, comment))
    anchors = {}
    for k in key:  # where each key passage's words are, so students can miss its edges by a word or two
        at = next(p.start for p in doc.paragraphs if p.start <= k.start < p.end)
        w = words[[p.start for p in doc.paragraphs].index(at)]
        first = next(i for i, (s, _) in enumerate(w) if at + s == k.start)
        last = next(i for i, (_, e) in enumerate(w) if at + e == k.end)
        anchors[k.id] = (at, w, first, last)
    out = []
    for s in range(1, students + 1):
        who = f"{SYNTHETIC_PREFIX}{s:04d}"
        for j in range(per_student):
            if rng.random() < 0.6:
                k = rng.choice(key)
                at, w, first, last = anchors[k.id]
                span = passage(at, w, first + rng.randint(-2, 2), last + rng.randint(-2, 2))
                tag = k.tag if rng.random() < 0.8 else rng.choice(tags)
                stance = k.stance if rng.random() < 0.7 else rng.choice(annotations.STANCES)
            else:
                span, _ = anywhere()
                tag, stance = rng.choice(tags), rng.choice([*annotations.STANCES, None])
            out.append(_synthetic(doc, f"{who}-{j:03d}", who, "student", span, tag, stance))
    return out, key
