"""How long `scomm release` takes for a class, against per-student papermill runs in the same run.

The class is SYNTHETIC: a roster of N made-up students ("synthetic-001", ...) written to a
temporary folder. The lesson's student build is made first (untimed), then one
`scomm release` of lesson 1 for the whole roster is timed as a user runs it, process start
included. The baseline is the obvious alternative: one `papermill --prepare-only` command per
student. Only K of those are run; their time is EXTRAPOLATED linearly to N, and the output
says so.

    .venv/bin/python benchmarks/release_class.py [--students 300] [--baseline 3]

Target: 300 students in at most 30 s.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "helpers"))

from scomm.course import params  # noqa: E402
from scomm.course.layout import lesson  # noqa: E402
from scomm.notebooks import build as notebook_build  # noqa: E402

LESSON = lesson(1)


def synthetic_roster(path: Path, count: int) -> list[str]:
    """Write a roster of ``count`` synthetic students; return their ids."""
    ids = [f"synthetic-{i:03d}" for i in range(1, count + 1)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["student_id", "name", "seed"])
        writer.writerows([sid, f"Synthetic student {sid[-3:]}", ""] for sid in ids)
    return ids


def time_release(roster: Path, build: Path, out: Path, env: dict[str, str]) -> float:
    """One `scomm release` of lesson 1 for the whole roster, as a subprocess."""
    args = [str(BIN / "scomm"), "release", "--roster", str(roster), "--lesson", "1"]
    started = time.perf_counter()
    subprocess.run(
        [*args, "--build", str(build), "--out", str(out)], check=True, capture_output=True, env=env
    )
    return time.perf_counter() - started


def time_papermill(ids: list[str], source: Path, out: Path, env: dict[str, str]) -> float:
    """`papermill --prepare-only` once per student, in sequence."""
    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    for sid in ids:
        seed = str(params.default_seed(sid))
        options = ["--prepare-only", "-p", "student_id", sid, "-p", "seed", seed, "--no-progress-bar"]
        subprocess.run(
            [str(BIN / "papermill"), str(source), str(out / f"{sid}.ipynb"), *options],
            check=True,
            capture_output=True,
            env=env,
        )
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--baseline", type=int, default=3, help="papermill runs to time (K)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "SCOMM_CACHE": str(work / "cache"), "SCOMM_RESPONSES": str(work / "responses")}
        os.environ.update(env)
        (outcome,) = notebook_build.build(
            [LESSON.notebook], out=work / "build", variants=["student"], progress=False
        )
        if not outcome.ok:
            print(f"the student build failed: {outcome.error}", file=sys.stderr)
            return 1
        ids = synthetic_roster(work / "roster.csv", args.students)
        first = time_release(work / "roster.csv", work / "build", work / "release", env)
        second = time_release(work / "roster.csv", work / "build", work / "again", env)
        # Into the same folder again: every notebook is already there, unchanged, so each is
        # compared with the manifest's hash and left alone (a late joiner's re-release).
        repeat = time_release(work / "roster.csv", work / "build", work / "release", env)
        same = all(
            filecmp.cmp(
                work / "release" / sid / LESSON.notebook.name, work / "again" / sid / LESSON.notebook.name
            )
            for sid in ids
        )
        k = min(args.baseline, args.students)
        measured = time_papermill(ids[:k], outcome.output, work / "papermill", env)
    projected = measured * args.students / k
    best = min(first, second)
    print(f"lesson: {LESSON.slug}; class: {args.students} SYNTHETIC students; cores: {os.cpu_count()}")
    print(
        f"scomm release, {args.students} students:  {first:6.2f} s, again {second:6.2f} s  (target <= 30 s)"
    )
    print(f"re-release byte-identical: {same}")
    print(f"re-release into the same folder (every notebook already there): {repeat:6.2f} s")
    print(
        f"baseline papermill --prepare-only: {measured:6.2f} s for {k} student(s), "
        f"EXTRAPOLATED linearly to {args.students}: {projected:6.1f} s"
    )
    print(f"ratio scomm release / papermill per student: {best / projected:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
