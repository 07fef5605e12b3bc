"""How long `scomm run` takes, as a ratio against a floor measured in the same run.

The floor is what papermill costs with no content at all: the same number of runs of an
empty notebook, one after another, each through the papermill command line (a process
start, papermill's imports, a kernel start and shutdown). `scomm run` executes the real
lessons, in parallel across cores. A ratio at or below 1.0 means parallel execution and
lean imports pay for all of the lessons' content.

    .venv/bin/python benchmarks/run_course.py [--repeat 3]

Prints the median of each and the ratio. The first (untimed) round warms the disk cache
and the data-validation stamp; pass --cold to time that round instead.
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

from scomm.run import course_notebooks  # noqa: E402


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


def course(work: Path, env: dict[str, str]) -> float:
    """One `scomm run` of every lesson, as a user runs it."""
    return _timed([str(BIN / "scomm"), "run", "--out", str(work / "course")], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="time the first round (fresh validation cache)")
    args = parser.parse_args()
    count = len(course_notebooks())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {**os.environ, "SCOMM_CACHE": str(work / "cache")}
        if not args.cold:
            course(work, env), floor(count, work, env)  # warm-up, untimed
        course_times, floor_times = [], []
        for _ in range(args.repeat):
            course_times.append(course(work, env))
            floor_times.append(floor(count, work, env))
    c, f = statistics.median(course_times), statistics.median(floor_times)
    print(
        f"notebooks: {count}; cores: {os.cpu_count()}; repeats: {args.repeat}; {'cold' if args.cold else 'warm'}"
    )
    print(
        f"scomm run (all lessons, parallel):         median {c:6.2f} s  {[round(t, 2) for t in course_times]}"
    )
    print(
        f"floor ({count} empty papermill runs, serial): median {f:6.2f} s  {[round(t, 2) for t in floor_times]}"
    )
    print(f"ratio scomm run / floor: {c / f:.2f}  (target <= 1.0)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
