"""How long `scomm run` takes, as a ratio against a floor measured in the same run.

The floor is what papermill costs with no content at all: the same number of runs of an
empty notebook, one after another, each through the papermill command line (a process
start, papermill's imports, a kernel start and shutdown). `scomm run` executes the real
lessons, in parallel across cores. A ratio at or below 1.0 means parallel execution and
lean imports pay for all of the lessons' content.

    .venv/bin/python benchmarks/run_course.py [--repeat 3] [--cold] [--copies N]

Prints the median of each and the ratio. The first (untimed) round warms the disk cache,
the data-validation stamp and the chart cache, as on any re-run; pass --cold to time that
first round instead. --copies N runs N copies of each lesson, to project a longer course;
the output says when a figure is such a projection.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "helpers"))

from scomm.notebooks.run import course_notebooks  # noqa: E402


def _timed(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env, cwd=ROOT)
    return time.perf_counter() - started


def floor(count: int, work: Path, env: dict[str, str]) -> float:
    """`count` papermill runs of an empty notebook, in sequence."""
    empty = work / "empty.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("", metadata={"tags": ["parameters"]})])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, empty)
    started = time.perf_counter()
    for i in range(count):
        subprocess.run(
            [str(BIN / "papermill"), str(empty), str(work / f"empty-{i}.ipynb"), "--no-progress-bar"],
            check=True,
            capture_output=True,
            env=env,
        )
    return time.perf_counter() - started


def course(work: Path, env: dict[str, str], notebooks: list[Path]) -> float:
    """One `scomm run` of the given notebooks, as a user runs it."""
    return _timed([str(BIN / "scomm"), "run", *map(str, notebooks), "--out", str(work / "course")], env)


def copies_of(lessons: list[Path], copies: int) -> list[Path]:
    """`copies` copies of each lesson, to project a course with more lessons than exist yet."""
    if copies == 1:
        return lessons
    made = []
    for lesson in lessons:
        for i in range(copies):
            target = lesson.parent / f"{lesson.stem}__copy{i}.ipynb"  # beside the original: same cwd
            target.write_bytes(lesson.read_bytes())
            made.append(target)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="time the first round (fresh caches)")
    parser.add_argument("--copies", type=int, default=1, help="run N copies of each lesson (a projection)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        notebooks = copies_of(course_notebooks(), args.copies)
        try:
            course_times, floor_times = measure(notebooks, work, repeat=args.repeat, cold=args.cold)
        finally:
            for made in notebooks:
                if "__copy" in made.name:
                    made.unlink()
    c, f, n = statistics.median(course_times), statistics.median(floor_times), len(notebooks)
    kind = f"PROJECTION, {args.copies} copies of each lesson" if args.copies > 1 else "the course as it is"
    print(
        f"notebooks: {n} ({kind}); cores: {os.cpu_count()}; repeats: {args.repeat}; {'cold' if args.cold else 'warm'}"
    )
    print(f"scomm run (parallel):              median {c:6.2f} s  {[round(t, 2) for t in course_times]}")
    print(
        f"floor ({n} empty papermill runs, serial): median {f:6.2f} s  {[round(t, 2) for t in floor_times]}"
    )
    print(f"ratio scomm run / floor: {c / f:.2f}  (target <= 1.0)")
    return 0


def measure(notebooks: list[Path], work: Path, *, repeat: int, cold: bool) -> tuple[list[float], list[float]]:
    """Alternate course and floor runs so both see the same machine conditions."""
    env = {**os.environ, "SCOMM_CACHE": str(work / "cache")}
    if not cold:
        course(work, env, notebooks), floor(len(notebooks), work, env)  # warm-up, untimed
    course_times, floor_times = [], []
    for _ in range(repeat):
        course_times.append(course(work, env, notebooks))
        floor_times.append(floor(len(notebooks), work, env))
    return course_times, floor_times


if __name__ == "__main__":
    raise SystemExit(main())
