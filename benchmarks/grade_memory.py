"""Peak memory of `scomm grade` as a class grows: 50,000 submissions against 1,000, as a ratio.

Each class is SYNTHETIC (``scomm.grading.grade.synthetic_class``: made-up students, seeded) and
is graded by `scomm grade` in a process of its own, as an instructor runs it; its peak resident
memory (``ru_maxrss``, read with ``os.wait4`` for that process alone) is compared with the small
class's, measured in the same run. Flat memory means the ratio stays near 1: grading writes each
student's feedback as it goes and keeps only a gradebook row per student.

Target: peak memory at the large class at most 1.2 times that at the small one (issue 19).
Writing 50,000 submission files takes a few minutes and about 0.5 GB of disk (removed afterwards).

    .venv/bin/python benchmarks/grade_memory.py [--small 1000] [--large 50000] [--scomm PATH]

``--scomm`` grades with another checkout's command (say, main's ``.venv/bin/scomm``) to measure
a before figure on the same classes.
"""

from __future__ import annotations

import argparse
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
from scomm.grading import grade  # noqa: E402


def peak_of(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run ``command``; its peak resident memory in MB and its wall time in seconds."""
    started = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{child.stderr.read().decode()[-2000:]}")
    return usage.ru_maxrss / 1024, seconds  # Linux reports kilobytes


def measure(size: int, work: Path, scomm: str, env: dict[str, str]) -> tuple[float, float]:
    folder = work / f"class-{size}"
    started = time.perf_counter()
    grade.synthetic_class(folder, size)
    print(f"  wrote {size:,} SYNTHETIC submissions in {time.perf_counter() - started:.0f} s", flush=True)
    return peak_of([scomm, "grade", str(folder), "--out", str(work / f"grades-{size}")], env)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--scomm", default=str(BIN / "scomm"), help="the scomm command to measure")
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="scomm-grade-memory-") as tmp:
        env = {**os.environ, "SCOMM_CACHE": str(Path(tmp) / "cache")}
        for size in (args.small, args.large):
            results[size] = measure(size, Path(tmp), args.scomm, env)
            print(
                f"scomm grade, {size:>7,} submissions: peak {results[size][0]:7.1f} MB, {results[size][1]:6.1f} s"
            )
    print(f"command: {args.scomm}; cores: {os.cpu_count()}; load average: {os.getloadavg()[0]:.1f}")
    verdict.judge(
        "grade_memory",
        kit=results[args.large][0],
        baseline=results[args.small][0],
        at_most=1.2,
        meaning=f"peak memory at {args.large:,} / at {args.small:,} submissions",
    )
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
