"""How long `scomm release` takes for a class, against per-student papermill runs in the same run.

The class is SYNTHETIC: a roster of N made-up students ("synthetic-001", ...) written to a
temporary folder. The lesson's student build is made first (untimed), then one
`scomm release` of lesson 1 for the whole roster is timed as a user runs it, process start
included. The baseline is what an instructor would write instead: a Python script that imports
papermill and calls its API, ``execute_notebook(..., prepare_only=True)``, once per student with
that student's parameters, for the whole roster: one process start and one import, no kernel.
It is run as a command too, so both figures include starting Python.

    .venv/bin/python benchmarks/release_class.py [--students 300]

Targets: release time at most 0.33 of the papermill loop's (three times faster); the release's
size on disk for 3,000 students at most 100 MB (projected linearly from N; sizes do not depend
on the machine).
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "helpers"))

import verdict  # noqa: E402
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


PAPERMILL_LOOP = """
import json, sys
import papermill
source, out, students = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
for sid, seed in students:
    papermill.execute_notebook(source, f"{out}/{sid}.ipynb", parameters={"student_id": sid, "seed": seed},
                               prepare_only=True, progress_bar=False)
"""


def time_papermill(ids: list[str], source: Path, out: Path, env: dict[str, str]) -> float:
    """The instructor's own script: papermill's API in one process, once per student."""
    out.mkdir(parents=True, exist_ok=True)
    students = json.dumps([[sid, params.default_seed(sid)] for sid in ids])
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", PAPERMILL_LOOP, str(source), str(out), students],
        check=True,
        capture_output=True,
        env=env,
    )
    return time.perf_counter() - started


def folder_bytes(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
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
        baseline = time_papermill(ids, outcome.output, work / "papermill", env)
        size = folder_bytes(work / "release")
    best = min(first, second)
    per_student = size / args.students
    print(f"lesson: {LESSON.slug}; class: {args.students} SYNTHETIC students; cores: {os.cpu_count()}")
    print(f"scomm release, {args.students} students:  {first:6.2f} s, again {second:6.2f} s")
    print(f"re-release byte-identical: {same}")
    print(f"re-release into the same folder (every notebook already there): {repeat:6.2f} s")
    print(
        f"baseline, a script calling papermill's API, one process, {args.students} students: {baseline:6.2f} s"
    )
    print(
        f"release size: {size / 1e6:.1f} MB, {per_student / 1e3:.0f} KB per student; "
        f"projected for 3,000 students: {per_student * 3000 / 1e6:.0f} MB"
    )
    verdict.judge(
        "release_class time",
        kit=best,
        baseline=baseline,
        at_most=0.33,
        meaning="scomm release / papermill API loop",
    )
    verdict.judge(
        "release_class size",
        kit=per_student * 3000,
        baseline=100e6,
        at_most=1.0,
        meaning="size for 3,000 / 100 MB",
    )
    return verdict.exit_code() if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
