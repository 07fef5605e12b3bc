"""How long the instructor's class view takes for a SYNTHETIC class of 3,000 students x 50 annotations.

The class is synthetic (``scomm.annotation.synthetic.synthetic_class``: made-up students and a made-up
key of 20 passages, seeded) on one reading: the lesson's reading if the kit has it, else the
first source document. The class view is everything ``classview.summary`` does: coverage,
tag counts, Krippendorff's alpha, exact and partial F1 for every student, feedback for every
student and both chart specs (built and turned into JSON with ``to_dict``, not drawn).

Two baselines are measured in the same run, so the ratios hold on any machine:

- **load**: turning the 150,000 stored records back into validated ``Annotation`` objects
  (``Annotation.from_record``), which any look at a class pays once;
- **brute-force F1**: a plain per-student Python loop comparing every passage with every key
  passage (exact and partial F1 only, nothing else).

Target: the whole class view at most the time of the first baseline, loading the annotations
once (which any look at a class pays anyway).

    .venv/bin/python benchmarks/class_analytics.py [--students 300] [--per-student 50] [--repeat 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "helpers"))

import verdict  # noqa: E402
from scomm.annotation import agreement, classview, records, synthetic  # noqa: E402
from scomm.sources import corpus, documents  # noqa: E402

LESSON = "02_opt_out_dispute"


def reading() -> documents.Document:
    """The lesson's reading, else the first seed, else a made-up text (said in the output)."""
    try:
        return corpus.reading(LESSON)
    except (KeyError, FileNotFoundError):
        pass
    try:
        return corpus.from_seed("000_c66454a0af012f73.txt")
    except FileNotFoundError:
        words = [" ".join(f"w{p}-{i}" for i in range(80)) for p in range(40)]
        return documents.make_document(words, doc_id="synthetic-reading", title="SYNTHETIC reading")


def class_view(doc: documents.Document, students: list, key: list) -> dict:
    out = classview.summary(doc, students, key)
    out["heatmap"].to_dict()
    out["tag_chart"].to_dict()
    return out


def load(stored: list[dict]) -> list:
    return [records.Annotation.from_record(r) for r in stored]


def brute_force_f1(students: list, key: list) -> dict[str, tuple[float, float]]:
    """Exact and partial F1 per student, the obvious way: every passage against every key passage."""
    truth = {(k.start, k.end, k.tag) for k in key}
    by_student: dict[str, set] = {}
    for a in students:
        by_student.setdefault(a.annotator, set()).add((a.start, a.end, a.tag))
    scores = {}
    for student, mine in by_student.items():
        exact = len(mine & truth)
        pairs = []
        for m in mine:
            for k in truth:
                shared = min(m[1], k[1]) - max(m[0], k[0])
                if shared > 0 and m[2] == k[2]:
                    jaccard = shared / (max(m[1], k[1]) - min(m[0], k[0]))
                    if jaccard >= agreement.PARTIAL_JACCARD:
                        pairs.append((jaccard, m, k))
        used_m, used_k, partial = set(), set(), 0
        for _, m, k in sorted(pairs, key=lambda p: -p[0]):
            if m not in used_m and k not in used_k:
                used_m.add(m)
                used_k.add(k)
                partial += 1
        f1 = [2 * tp / (len(mine) + len(truth)) if tp else 0.0 for tp in (exact, partial)]
        scores[student] = (f1[0], f1[1])
    return scores


def timed(repeat: int, work, *args) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--per-student", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    doc = reading()
    students, key = synthetic.synthetic_class(
        doc, students=args.students, per_student=args.per_student, seed=0
    )
    stored = [a.to_record() for a in students]
    print(
        f"SYNTHETIC class: {args.students} students x {args.per_student} annotations = {len(students):,}, "
        f"key of {len(key)} passages, on {doc.doc_id!r} ({len(doc.text):,} characters, "
        f"{len(doc.paragraphs)} paragraphs). Median of {args.repeat} runs."
    )
    class_view(doc, students, key)  # warm-up: imports, first chart validation
    view = timed(args.repeat, class_view, doc, students, key)
    loading = timed(args.repeat, load, stored)
    brute = timed(args.repeat, brute_force_f1, students, key)

    # The vectorised F1 agrees with the brute-force loop for every student.
    scores = agreement.span_scores(students, key).set_index("student")
    for student, (exact, partial) in brute_force_f1(students, key).items():
        assert abs(scores.loc[student, "exact_f1"] - exact) < 1e-12, student
        assert abs(scores.loc[student, "partial_f1"] - partial) < 1e-12, student

    steps = {
        "coverage": lambda: classview.coverage(doc, students),
        "tag counts": lambda: classview.tag_counts(students),
        "alpha": lambda: agreement.stance_alpha(doc, students, key),
        "F1, all students": lambda: agreement.span_scores(students, key),
        "feedback, all students": lambda: [
            classview.student_feedback(group, key, doc) for group in _by_student(students).values()
        ],
        "heat map spec": lambda: classview.heatmap(doc, students).to_dict(),
    }
    for name, step in steps.items():
        print(f"  {name:<24} {timed(args.repeat, step):.3f} s")
    print(f"class view (summary + both chart specs): {view:.3f} s")
    print(f"baseline, load and validate {len(stored):,} records: {loading:.3f} s; ratio {view / loading:.2f}")
    print(f"baseline, brute-force per-student F1 only: {brute:.3f} s; ratio {view / brute:.2f}")
    verdict.judge(
        "class_analytics",
        kit=view,
        baseline=loading,
        at_most=1.0,
        meaning="class view / loading the annotations",
    )
    return verdict.exit_code()


def _by_student(anns: list) -> dict[str, list]:
    groups: dict[str, list] = {}
    for a in anns:
        groups.setdefault(a.annotator, []).append(a)
    return groups


if __name__ == "__main__":
    raise SystemExit(main())
