"""The instructor's class view on tiny hand-made classes, where every number can be checked by hand."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scomm.annotation import agreement, classview, records, synthetic
from scomm.course.tables import Table
from scomm.sources import documents

V, M, A = "voluntary", "mandatory", "ambiguous"
# Four paragraphs of 40 code points each (one emoji each, so offsets are code points, not bytes).
PARAGRAPHS = (
    "One 🙂 the agency said it was voluntary..",
    "Two 🙂 a memo said it would be mandatory.",
    "Three 🙂 the county tried to leave it....",
    "Four 🙂 ICE ended every agreement in 2011",
)


def doc(references: tuple[str, ...] = ()) -> documents.Document:
    d = documents.make_document(
        PARAGRAPHS, doc_id="tiny", title="Tiny reading", kind="reading", references=references
    )
    assert [len(d.paragraph_text(p)) for p in d.paragraphs] == [40] * 4
    return d


D = doc()
P = [p.start for p in D.paragraphs]  # 0, 42, 84, 126


def ann(who: str, start: int, end: int, tag: str = "claim", stance: str | None = None, comment: str = ""):
    role = "instructor" if who == "key" else "student"
    return records.make(D, start, end, annotator=who, role=role, tag=tag, stance=stance, comment=comment)


# -- coverage and the heat map -------------------------------------------------------------------------


def coverage_class() -> list:
    return [
        ann("a", P[0], P[0] + 5, "claim"),
        ann("a", P[0] + 10, P[0] + 20, "evidence"),  # a second mark in paragraph 1: still one student
        ann("b", P[0] + 30, P[1] + 5, "claim"),  # runs into paragraph 2: counts in both
        ann("c", P[3], P[3] + 4, "actor"),
    ]


def test_coverage_counts_students_per_paragraph_and_per_tag() -> None:
    table = classview.coverage(D, coverage_class())
    assert table["paragraph"].tolist() == [1, 2, 3, 4]
    assert table["students"].tolist() == [2, 1, 0, 1]
    assert table["annotations"].tolist() == [3, 1, 0, 1]
    assert table["share"].tolist() == [2 / 3, 1 / 3, 0, 1 / 3]
    assert table["tag: claim"].tolist() == [2, 1, 0, 0]
    assert table["tag: evidence"].tolist() == [1, 0, 0, 0]
    assert table["tag: actor"].tolist() == [0, 0, 0, 1]
    assert classview.coverage(D, coverage_class(), class_size=6)["share"].tolist()[0] == 2 / 6


def test_annotations_that_cannot_be_placed_are_left_out_and_counted() -> None:
    other = documents.make_document(["Something else entirely, forty chars."], doc_id="other")
    stray = records.make(other, 0, 9, annotator="z", tag="claim")
    kept, skipped = agreement.placed(D, [*coverage_class(), stray])
    assert len(kept) == 4 and skipped == 1


def test_heat_map_has_title_caption_description_and_round_trips() -> None:
    chart = classview.heatmap(D, coverage_class())
    spec = chart.to_dict()
    assert json.loads(json.dumps(spec)) == spec
    assert spec["title"]["text"] == "Where the class annotated “Tiny reading”"
    assert spec["title"]["subtitle"][0].startswith("Class annotations from 3 students")
    assert "Reading: “Tiny reading”" in " ".join(spec["title"]["subtitle"])
    description = spec["description"]
    assert "Heat map of 4 paragraphs" in description
    assert "Most marked: paragraph 1 (67%); paragraph 2 (33%); paragraph 4 (33%)" in description
    assert "Marked by no one: paragraph(s) 3" in description
    assert spec["encoding"]["color"]["field"] == "share"
    rows = next(iter(spec["datasets"].values()))
    assert len(rows) == 4 * 4  # 4 paragraphs x (any tag + 3 tags)


def test_heat_map_of_a_reading_with_sources_cites_them() -> None:
    spec = classview.heatmap(doc(("vox-2014",)), [ann("a", 0, 5)]).to_dict()
    assert "Source: Vox (2014)." in spec["title"]["subtitle"]


def test_tag_counts_and_chart() -> None:
    table = classview.tag_counts(coverage_class())
    assert table.to_dict("list") == {
        "tag": ["claim", "evidence", "actor"],
        "annotations": [2, 1, 1],
        "students": [2, 1, 1],
        "share": [0.5, 0.25, 0.25],
    }
    spec = classview.tag_chart(D, coverage_class()).to_dict()
    assert spec["title"]["text"] == "Which tags the class used"
    assert "claim: 2 (50%), by 2 students" in spec["description"]


# -- agreement ------------------------------------------------------------------------------------------


def hand_class() -> tuple[list, list]:
    """Three students label four key passages (one per paragraph, code points 0-20 of each):

    unit   u1  u2  u3  u4
    A      v   v   m   a
    B      v   m   m   a
    C      v   v   -   m
    """
    key = [ann("key", p, p + 20, "claim", V, f"Key {n}.") for n, p in enumerate(P, start=1)]
    labels = {"a": (V, V, M, A), "b": (V, M, M, A), "c": (V, V, None, M)}
    students = []
    for who, row in labels.items():
        for p, stance in zip(P, row, strict=True):
            if stance is not None:
                students.append(ann(who, p + 2, p + 18, "claim", stance))
    # A also marks a sliver of u1 with another stance: the larger overlap (16 > 3) decides.
    students.append(ann("a", P[0] + 17, P[0] + 25, "claim", M))
    return students, key


def test_reliability_matrix_takes_the_stance_that_overlaps_most() -> None:
    students, key = hand_class()
    matrix, coders, stances = agreement.reliability(D, students, key)
    assert coders == ["a", "b", "c"] and stances == [A, M, V]  # codes 0, 1, 2
    expected = np.array([[2, 2, 1, 0], [2, 1, 1, 0], [2, 2, np.nan, 1]])
    np.testing.assert_array_equal(matrix, expected)


def test_alpha_matches_the_hand_computation() -> None:
    # Coincidence matrix (nominal): in a unit with m labels, every ordered pair of labels from
    # different students adds 1/(m - 1).
    #   u1 (v v v):  6 pairs v-v, each 1/2             -> o_vv += 3
    #   u2 (v m v):  v-v 2 pairs, v-m 2, m-v 2, each 1/2 -> o_vv += 1, o_vm += 1, o_mv += 1
    #   u3 (m m):    m-m 2 pairs, each 1/1             -> o_mm += 2
    #   u4 (a a m):  a-a 2, a-m 2, m-a 2, each 1/2     -> o_aa += 1, o_am += 1, o_ma += 1
    # Totals: o_vv 4, o_mm 2, o_aa 1; off the diagonal o_vm = o_mv = o_am = o_ma = 1 (sum 4).
    # n_v = 4 + 1 = 5, n_m = 1 + 2 + 1 = 4, n_a = 1 + 1 = 2, n = 11 (the pairable labels: 3+3+2+3).
    # D_o = 4 / 11;  D_e = (n^2 - sum n_c^2) / (n (n - 1)) = (121 - 25 - 16 - 4) / 110 = 76 / 110.
    # alpha = 1 - D_o / D_e = 1 - (4/11) * (110/76) = 1 - 40/76 = 9/19 = 0.4737.
    students, key = hand_class()
    measured = agreement.stance_alpha(D, students, key)
    assert measured.alpha == pytest.approx(9 / 19)
    assert (measured.units, measured.unit_kind, measured.coders, measured.labels) == (
        4,
        "key passages",
        3,
        11,
    )
    assert "0.47, from 11 labels by 3 students on 4 key passages" in measured.text()


def test_without_a_key_the_units_are_paragraphs() -> None:
    students, _ = hand_class()
    measured = agreement.stance_alpha(D, students)
    assert measured.unit_kind == "paragraphs" and measured.units == 4
    # The sliver (P0+17..P0+25) lies inside paragraph 1 and loses to the larger overlap there,
    # so the matrix, and alpha, are the same as with the key.
    assert measured.alpha == pytest.approx(9 / 19)


def test_alpha_is_undefined_when_it_cannot_be_measured_and_says_why() -> None:
    same = [ann(w, 0, 10, "claim", V) for w in "abc"]
    measured = agreement.stance_alpha(D, same)
    assert math.isnan(measured.alpha) and "same stance" in measured.note
    alone = agreement.stance_alpha(D, [ann("a", 0, 10, "claim", V), ann("b", P[1], P[1] + 5, "claim", M)])
    assert math.isnan(alone.alpha) and "Too few units" in alone.note
    assert "undefined" in str(alone)


# -- the whole class ------------------------------------------------------------------------------------


def test_summary_bundles_tables_charts_agreement_and_feedback() -> None:
    students, key = hand_class()
    out = classview.summary(D, students, key)
    assert out["students"] == 3 and out["annotations"] == len(students) and out["skipped"] == 0
    assert all(isinstance(out[k], Table) for k in ("coverage", "tags", "scores"))
    assert "Tiny reading" in out["coverage"]._repr_html_()
    assert out["agreement"].alpha == pytest.approx(9 / 19)
    assert sorted(out["feedback"]) == ["a", "b", "c"]
    assert out["heatmap"].to_dict()["title"]["text"].startswith("Where the class annotated")


def test_a_synthetic_class_of_300_students_by_50_annotations_runs() -> None:
    reading = documents.make_document(
        [" ".join(f"word{p}-{w}" for w in range(60)) + " 🙂 end." for p in range(30)],
        doc_id="synthetic-reading",
    )
    students, key = synthetic.synthetic_class(reading, students=300, per_student=50, seed=1)
    assert len(students) == 15_000 and len(key) == 20
    assert all(a.annotator.startswith(synthetic.SYNTHETIC_PREFIX) for a in students)
    out = classview.summary(reading, students, key)  # its speed: benchmarks/class_analytics.py
    assert out["students"] == 300 and out["skipped"] == 0 and len(out["feedback"]) == 300
    assert len(out["scores"]) == 302 and 0 < out["agreement"].alpha < 1
    again, _ = synthetic.synthetic_class(reading, students=300, per_student=50, seed=1)
    assert again == students  # seeded
