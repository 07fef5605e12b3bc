"""How long `scomm build` takes now that it rebuilds only what changed, as a ratio against before.

Before (the baseline, measured in the same run): every `scomm build` made every build again,
which `scomm build --rebuild` still does. After: the same command with nothing changed (every
build current: kept), and with one lesson changed (one lesson's two builds made again). Each
runs through the real command line, into a folder of its own, over copies of the lessons.

    .venv/bin/python benchmarks/build_fresh.py [--repeat 3]

Prints the median seconds of each and the ratios after/before (below 1.0: faster).
"""

from __future__ import annotations

import argparse
import shutil
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


def _build(sources: Path, out: Path, *extra: str) -> float:
    command = [str(BIN / "scomm"), "build", *map(str, course_notebooks(sources)), "--out", str(out), *extra]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(f"scomm build failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}")
    return seconds


def _change_one_lesson(sources: Path, round_number: int) -> None:
    first = course_notebooks(sources)[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells[0].source += f"\n\n<!-- benchmark edit {round_number} -->"
    nbformat.write(nb, first)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        sources, out = Path(tmp) / "notebooks", Path(tmp) / "build"
        shutil.copytree(ROOT / "notebooks", sources)
        before, unchanged, one = [], [], []
        _build(sources, out)  # untimed: warms the caches and makes the first builds
        for n in range(args.repeat):
            before.append(_build(sources, out, "--rebuild"))
            unchanged.append(_build(sources, out))
            _change_one_lesson(sources, n)
            one.append(_build(sources, out))
    lessons = len(course_notebooks(ROOT / "notebooks"))
    b, u, o = (statistics.median(x) for x in (before, unchanged, one))
    print(f"scomm build of {lessons} lessons x 2 builds, median of {args.repeat}:")
    print(f"  before (every build made again, as --rebuild): {b:6.1f} s")
    print(f"  after, nothing changed:                         {u:6.1f} s   ratio {u / b:.2f}")
    print(f"  after, one lesson changed:                      {o:6.1f} s   ratio {o / b:.2f}")


if __name__ == "__main__":
    main()
