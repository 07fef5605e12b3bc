"""How long `scomm build` takes, against the kit before builds shared a kernel, in the same run.

Baseline: the kit at ``--baseline`` (default: the commit before ``scomm.notebooks.kernels``
came in, when every build started its own kernel), checked out in a temporary ``git worktree``
and run with this venv. Kit: this checkout. Each makes every build again (``scomm build
--rebuild``: 4 lessons x student and instructor), alternately, ``--repeat`` times, into folders
of their own. Then the kit alone: with nothing changed (every build current: kept) and with one
lesson changed (that lesson's two builds made again).

    .venv/bin/python benchmarks/build_fresh.py [--repeat 3] [--baseline REF]

Prints the median seconds of each, and judges kit / baseline for the full build (target <= 0.5;
the issue's goal is 10 s for all builds where the baseline took 28-40 s). Without git history
(or with ``--baseline none``) it times the kit alone and says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "helpers"))

import verdict  # noqa: E402
from scomm.notebooks.run import course_notebooks  # noqa: E402

#: Runs `scomm` from whichever `helpers/` is first on PYTHONPATH (this venv's packages either way).
SCOMM = [sys.executable, "-c", "import sys; from scomm.cli.entry import main; sys.exit(main())"]


def _build(tree: Path, sources: Path, out: Path, *extra: str) -> float:
    notebooks = map(str, course_notebooks(sources))
    env = {**os.environ, "PYTHONPATH": str(tree / "helpers"), "SCOMM_COURSE": str(tree)}
    started = time.perf_counter()
    done = subprocess.run(
        [*SCOMM, "build", *notebooks, "--out", str(out), *extra],
        capture_output=True,
        text=True,
        cwd=tree,
        env=env,
    )
    seconds = time.perf_counter() - started
    if done.returncode:
        sys.exit(
            f"scomm build in {tree} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-2000:]}"
        )
    return seconds


def _change_one_lesson(sources: Path, round_number: int) -> None:
    first = course_notebooks(sources)[0]
    nb = nbformat.read(first, as_version=4)
    nb.cells[0].source += f"\n\n<!-- benchmark edit {round_number} -->"
    nbformat.write(nb, first)


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def default_baseline() -> str | None:
    """The commit before builds shared kernels, or None without git history."""
    try:
        added = _git("log", "--diff-filter=A", "--format=%H", "--", "helpers/scomm/notebooks/kernels.py")
        return f"{added.splitlines()[-1]}^" if added else None
    except (OSError, subprocess.CalledProcessError):
        return None


def _baseline_tree(ref: str | None, tmp: Path) -> Path | None:
    if not ref or ref == "none":
        print("No baseline (no git history, or --baseline none): timing the kit alone.")
        return None
    tree = tmp / "baseline"
    _git("worktree", "add", "--detach", str(tree), _git("rev-parse", ref))
    print(f"Baseline: {ref} = {_git('rev-parse', '--short', ref)} (git worktree {tree})")
    return tree


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=default_baseline(), help="git ref to compare with, or none")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        sources, out = tmp / "notebooks", tmp / "build"
        shutil.copytree(ROOT / "notebooks", sources)
        baseline = _baseline_tree(args.baseline, tmp)
        try:
            figures = _measure(baseline, sources, out, tmp, args.repeat)
        finally:
            if baseline:
                _git("worktree", "remove", "--force", str(baseline))
    return _report(figures, args.repeat)


def _measure(baseline: Path | None, sources: Path, out: Path, tmp: Path, repeat: int) -> dict[str, float]:
    times: dict[str, list[float]] = {"baseline": [], "kit": [], "unchanged": [], "one": []}
    if baseline:
        _build(baseline, baseline / "notebooks", tmp / "baseline-build")  # untimed: warms the caches
    _build(ROOT, sources, out)
    for n in range(repeat):
        if baseline:
            times["baseline"].append(
                _build(baseline, baseline / "notebooks", tmp / "baseline-build", "--rebuild")
            )
        times["kit"].append(_build(ROOT, sources, out, "--rebuild"))
        times["unchanged"].append(_build(ROOT, sources, out))
        _change_one_lesson(sources, n)
        times["one"].append(_build(ROOT, sources, out))
    return {name: statistics.median(found) for name, found in times.items() if found}


def _report(figures: dict[str, float], repeat: int) -> int:
    lessons = len(course_notebooks(ROOT / "notebooks"))
    print(f"scomm build of {lessons} lessons x 2 builds, median of {repeat}, on {os.cpu_count()} core(s):")
    if "baseline" in figures:
        print(f"  baseline, every build made (--rebuild):   {figures['baseline']:6.1f} s")
    print(f"  kit, every build made (--rebuild):        {figures['kit']:6.1f} s")
    print(f"  kit, nothing changed:                     {figures['unchanged']:6.1f} s")
    print(f"  kit, one lesson changed:                  {figures['one']:6.1f} s")
    if "baseline" in figures:
        verdict.judge(
            "scomm build, every build made",
            kit=figures["kit"],
            baseline=figures["baseline"],
            at_most=0.5,
            meaning="kit / baseline seconds",
        )
    return verdict.exit_code()


if __name__ == "__main__":
    sys.exit(main())
