"""How far a class agrees, with itself and with the key: Krippendorff's alpha on stance, and span
precision, recall and F1 against the instructor's passages.

- ``stance_alpha``: Krippendorff's alpha (nominal) for the stances students gave on shared
  units: the key's passages, or the paragraphs when there is no key. A student's label for a
  unit is the stance of their annotation that overlaps it most (ties: the one listed first).
- ``span_scores``: precision, recall and F1 of each student's passages against the key,
  *exact* (same start, end and tag) and *partial* (same tag and a character Jaccard overlap of
  at least 0.5, each key passage matched at most once). Both are set counts, computed here
  directly: scikit-learn's F1 works on per-item label vectors and would add nothing.

Spans are compared as (start, end) code-point offsets into ``doc.text``; an annotation whose
words are no longer at its offsets (``text[start:end] != exact``) is found again or left out
and counted (``placed``).

>>> overlap_jaccard((0, 10), (5, 15))
0.3333333333333333
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

import krippendorff
import numpy as np
import pandas as pd

from scomm.annotation.anchoring import reanchor

PARTIAL_JACCARD = 0.5
QUOTE_CHARS = 120


class Marked(Protocol):
    """An annotation as the class view reads it (``scomm.annotation.records.Annotation`` has it)."""

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


def placed(doc: object, anns: Iterable[Marked]) -> tuple[list[Marked], int]:
    """The annotations on this reading, placed on its current text, and how many could not be.

    One made on an earlier version of the reading is found again (``anchoring.reanchor``);
    one whose words are gone, or that belongs to another document, is left out and counted.
    """
    text, kept, skipped = doc.text, [], 0
    for a in anns:
        if a.doc_id != doc.doc_id:
            skipped += 1
            continue
        if not (0 <= a.start < a.end <= len(text) and text[a.start : a.end] == a.exact):
            a = reanchor(a, doc)
            if a.anchor_status == "orphan":
                skipped += 1
                continue
        kept.append(a)
    return kept, skipped


def students_only(anns: Iterable[Marked]) -> list[Marked]:
    return [a for a in anns if a.role != "instructor"]


def short(text: str, limit: int = QUOTE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def frame_of(anns: Sequence[Marked]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "annotator": [a.annotator for a in anns],
            "start": np.array([a.start for a in anns], dtype=np.int64),
            "end": np.array([a.end for a in anns], dtype=np.int64),
            "tag": [a.tag for a in anns],
            "stance": [a.stance for a in anns],
        }
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


def units(doc: object, key: Iterable[Marked] = ()) -> tuple[list[tuple[int, int]], str]:
    """The units students are compared on: the key's passages, or the paragraphs when there is no key."""
    spans = list(dict.fromkeys((a.start, a.end) for a in key))
    if spans:
        return sorted(spans), "key passages"
    return [(p.start, p.end) for p in doc.paragraphs], "paragraphs"


def reliability(
    doc: object, anns: Iterable[Marked], key: Iterable[Marked] = (), *, already_placed: bool = False
) -> tuple[np.ndarray, list[str], list[str]]:
    """Students × units matrix of stance codes (NaN = no label), the students, and the stances coded.

    A student's label for a unit is the stance of their annotation overlapping it most.
    ``already_placed``: ``anns`` are students' annotations ``placed`` on ``doc`` already (the
    class view places them once for all its parts).
    """
    spans, _ = units(doc, key)
    kept = list(anns) if already_placed else placed(doc, students_only(anns))[0]
    with_stance = [a for a in kept if a.stance is not None]
    students = sorted({a.annotator for a in kept})
    stances = sorted({a.stance for a in with_stance})
    matrix = np.full((len(students), len(spans)), np.nan)
    if not with_stance or not spans:
        return matrix, students, stances
    frame = frame_of(with_stance)
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


def alpha_of(
    matrix: np.ndarray, level: str, domain: Sequence, who: str = "students"
) -> tuple[float, int, str]:
    """Krippendorff's alpha of a coders × units ``matrix`` of codes (NaN = no label) at ``level``.

    Returns (alpha, labels counted, a note for people); alpha is NaN, with the note saying why,
    when fewer than two labels share a unit or every shared label is the same.

    >>> alpha, labels, _ = alpha_of(np.array([[0, 1, 2, 2], [0, 1, 2, 1]]), "ordinal", [0, 1, 2])
    >>> round(alpha, 4), labels
    (0.79, 8)
    """
    per_unit = (~np.isnan(matrix)).sum(axis=0)
    shared = matrix[:, per_unit >= 2]
    labels = int(per_unit[per_unit >= 2].sum())
    if labels < 2:
        return math.nan, labels, f"Too few units were labeled by two or more {who} to measure agreement."
    if len(np.unique(shared[~np.isnan(shared)])) < 2:
        return math.nan, labels, "Every label was the same, so agreement beyond chance is undefined."
    alpha = krippendorff.alpha(reliability_data=matrix, level_of_measurement=level, value_domain=list(domain))
    return float(alpha), labels, "1 = perfect agreement, 0 = what chance alone would give."


def stance_alpha(
    doc: object, anns: Iterable[Marked], key: Iterable[Marked] = (), *, already_placed: bool = False
) -> Agreement:
    """Krippendorff's alpha (nominal) for the stances students gave the shared units (``already_placed``: see ``reliability``)."""
    key = list(key)
    matrix, students, stances = reliability(doc, anns, key, already_placed=already_placed)
    _, kind = units(doc, key)
    alpha, labels, note = alpha_of(matrix, "nominal", range(len(stances)))
    if labels >= 2 and math.isnan(alpha):
        note = note.replace("Every label was the same,", "Every label was the same stance,")
    return Agreement(alpha, matrix.shape[1], kind, len(students), labels, note)


# -- scores against the key ---------------------------------------------------------------------------


def _prf(tp: int, predicted: int, actual: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 0.0
    recall = tp / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _partial_matches(
    spans: np.ndarray, tags: Sequence[str], key: Sequence[tuple[int, int, str]]
) -> np.ndarray:
    """Per student, how many key passages their passages match in part, one to one, best overlaps first.

    ``spans``: one row a passage, (student number, start, end), grouped by student in order, with
    ``tags`` beside it. Every passage is compared with every key passage in one array operation (a
    loop per student was most of the scores' time at 3,000 students); then, student by student,
    candidate pairs are taken in order of overlap, larger first (ties: passage, then key order),
    and a passage or key passage already used cannot earn credit again.
    """
    matched = np.zeros(int(spans[-1, 0]) + 1 if len(spans) else 0, dtype=np.int64)
    if not len(spans) or not key:
        return matched
    b = np.array([k[:2] for k in key], dtype=np.int64)
    shared = np.minimum(spans[:, 2, None], b[None, :, 1]) - np.maximum(spans[:, 1, None], b[None, :, 0])
    union = np.maximum(spans[:, 2, None], b[None, :, 1]) - np.minimum(spans[:, 1, None], b[None, :, 0])
    jaccard = np.where(shared > 0, shared / np.maximum(union, 1), 0.0)
    codes = {tag: n for n, tag in enumerate(dict.fromkeys(k[2] for k in key))}
    same_tag = (
        np.array([codes.get(t, -1) for t in tags])[:, None] == np.array([codes[k[2]] for k in key])[None, :]
    )
    i, j = np.nonzero((jaccard >= PARTIAL_JACCARD) & same_tag)
    student = spans[i, 0]
    used: set[tuple[int, int]] = set()
    for n in np.lexsort((np.arange(len(i)), -jaccard[i, j], student)):
        mine, theirs = (int(student[n]), -1 - int(i[n])), (int(student[n]), int(j[n]))
        if mine not in used and theirs not in used:
            used.update((mine, theirs))
            matched[student[n]] += 1
    return matched


def span_scores(anns: Iterable[Marked], key: Iterable[Marked]) -> pd.DataFrame:
    """Precision, recall and F1 of each student's passages against the key, exact and partial.

    One row per student, then two class rows: ``(class, pooled)`` sums every student's matches
    (micro average) and ``(class, mean)`` averages the students' scores (macro average).
    """
    truth = sorted({(a.start, a.end, a.tag) for a in key})
    by_student: dict[str, set] = {}
    for a in students_only(anns):
        by_student.setdefault(a.annotator, set()).add((a.start, a.end, a.tag))
    students = sorted(by_student)
    mine = [sorted(by_student[student]) for student in students]
    spans = np.array([(n, m[0], m[1]) for n, ms in enumerate(mine) for m in ms], dtype=np.int64).reshape(
        -1, 3
    )
    partial = _partial_matches(spans, [m[2] for ms in mine for m in ms], truth)
    known = set(truth)
    rows = [
        {
            "student": student,
            "passages": len(ms),
            "key": len(truth),
            "exact": sum(m in known for m in ms),
            "partial": int(partial[n]),
        }
        for n, (student, ms) in enumerate(zip(students, mine, strict=True))
    ]
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
