"""How long `scomm run` takes, as a ratio against a floor measured in the same run.

The floor is the same machinery with no content: `scomm run` of as many notebooks holding only
each lesson's parameters cell (same parallel kernels, same immediate shutdown, same process
start). What the ratio measures is therefore what the lessons' own content costs: imports,
data, charts and widgets. Target: the course at most 2.0 times the floor (issue 19).

    .venv/bin/python benchmarks/run_course.py [--repeat 3] [--cold] [--copies N]

Prints the median of each and the ratio, and the CPU each took (user + system: under load it moves
less than wall time). The first (untimed) round warms the disk cache, the data-validation stamp
and the chart cache, as on any re-run; pass --cold to time that first round instead. --copies N runs N copies of each lesson, to project a longer course;
the output says when a figure is such a projection.
"""

from __future__ import annotations

import argparse
import os
import resource
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

import verdict  # noqa: E402
from scomm.notebooks.run import course_notebooks  # noqa: E402


def _timed(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds, and CPU seconds (user + system) of the command and the kernels it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return time.perf_counter() - started, cpu


def empty_copies(notebooks: list[Path], work: Path) -> list[Path]:
    """For each notebook, one holding only its parameters cell (so `scomm run` injects the same values)."""
    made = []
    for i, notebook in enumerate(notebooks):
        nb = nbformat.read(notebook, as_version=4)
        nb.cells = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        target = work / "empty" / f"{i:02d}_empty.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        made.append(target)
    return made


def floor(empties: list[Path], work: Path, env: dict[str, str]) -> tuple[float, float]:
    """The same `scomm run` of the empty notebooks: the machinery's own cost."""
    return _timed([str(BIN / "scomm"), "run", *map(str, empties), "--out", str(work / "floor")], env)


def course(work: Path, env: dict[str, str], notebooks: list[Path]) -> tuple[float, float]:
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
            course_runs, floor_runs = measure(notebooks, work, repeat=args.repeat, cold=args.cold)
        finally:
            for made in notebooks:
                if "__copy" in made.name:
                    made.unlink()
    course_times, floor_times = [wall for wall, _ in course_runs], [wall for wall, _ in floor_runs]
    c, f, n = statistics.median(course_times), statistics.median(floor_times), len(notebooks)
    course_cpu, floor_cpu = (statistics.median(cpu for _, cpu in runs) for runs in (course_runs, floor_runs))
    kind = f"PROJECTION, {args.copies} copies of each lesson" if args.copies > 1 else "the course as it is"
    print(
        f"notebooks: {n} ({kind}); cores: {os.cpu_count()}; repeats: {args.repeat}; {'cold' if args.cold else 'warm'}"
    )
    print(f"scomm run, the lessons:             median {c:6.2f} s  {[round(t, 2) for t in course_times]}")
    print(f"scomm run, {n} parameter-only copies: median {f:6.2f} s  {[round(t, 2) for t in floor_times]}")
    # Printed, not judged: the lessons' own CPU moves less with other work on the machine than wall time.
    print(
        f"CPU (user + system, scomm run and its kernels): lessons {course_cpu:.2f} s, floor {floor_cpu:.2f} s;"
        f" the lessons' content adds {course_cpu - floor_cpu:.2f} s"
    )
    verdict.judge("run_course", kit=c, baseline=f, at_most=2.0, meaning="course / same-machinery empty floor")
    return verdict.exit_code()


def measure(
    notebooks: list[Path], work: Path, *, repeat: int, cold: bool
) -> tuple[list[tuple[float, float]], list[tuple[float, float]]]:
    """Alternate course and floor runs so both see the same machine conditions."""
    env = {**os.environ, "SCOMM_CACHE": str(work / "cache")}
    empties = empty_copies(notebooks, work)
    if not cold:
        course(work, env, notebooks), floor(empties, work, env)  # warm-up, untimed
    course_times, floor_times = [], []
    for _ in range(repeat):
        course_times.append(course(work, env, notebooks))
        floor_times.append(floor(empties, work, env))
    return course_times, floor_times


if __name__ == "__main__":
    raise SystemExit(main())
