"""The course site, old and new, page by page: size, build time and axe-core results (issue 18).

Old: the hand-written generator (``scomm.site.build_site``, one site with both versions) as it
was before the kit moved to Sphinx/myst-nb: git history holds it, and this script checks that
commit out in a temporary ``git worktree`` and runs it there with this venv, from that commit's
own lesson builds. New: ``scomm build --site`` (student edition) and ``--instructor``. Lesson
builds are made first and not timed: both generators read executed builds.

For each site: build time (median of ``--repeat``), pages, total size; then every page with
its size and the serious and critical axe-core violations in Debian's Chromium, light and dark
colour scheme (``--no-axe`` skips them); then each lesson's page in the old site beside the new.

    .venv/bin/python benchmarks/site_compare.py [--repeat 1] [--old REF] [--no-axe]

Without git history holding the old generator (a shallow clone, an export) it says so and
stops with exit 0: there is nothing to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "helpers"))

from scomm.course.layout import BUILD_DIR, LESSONS  # noqa: E402
from scomm.notebooks import build as notebook_build  # noqa: E402
from scomm.publish.book import build as book  # noqa: E402
from site_build import axe_counts, pages, size  # noqa: E402

OLD_MODULE = "helpers/scomm/site.py"
#: Run in the old commit's tree: make its lesson builds (untimed), then time its site generator.
_OLD_RUN = """
import json, sys, time
from pathlib import Path
from scomm import site
from scomm.course.layout import BUILD_DIR
site.ensure_builds(BUILD_DIR)
times = []
for n in range(int(sys.argv[2])):
    started = time.perf_counter()
    site.build_site(Path(sys.argv[1]), builds=BUILD_DIR, force=True)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def old_commit() -> str | None:
    """The last commit that had the hand-written generator, or None when history lacks it."""
    try:
        removed = _git("log", "--diff-filter=D", "--format=%H", "--", OLD_MODULE).splitlines()
        return f"{removed[0]}^" if removed else None
    except (OSError, subprocess.CalledProcessError):
        return None


def build_old(ref: str, tmp: Path, repeat: int) -> tuple[float, Path]:
    """The old site built in a worktree of ``ref``: median seconds and its folder."""
    tree, out = tmp / "old-tree", tmp / "old-site"
    _git("worktree", "add", "--detach", str(tree), _git("rev-parse", ref))
    try:
        env = {**os.environ, "PYTHONPATH": str(tree / "helpers"), "SCOMM_COURSE": str(tree)}
        done = subprocess.run(
            [sys.executable, "-c", _OLD_RUN, str(out), str(repeat)],
            cwd=tree,
            env=env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            sys.exit(f"the old generator failed at {ref}:\n{done.stderr[-3000:]}")
        return statistics.median(json.loads(done.stdout.splitlines()[-1])), out
    finally:
        _git("worktree", "remove", "--force", str(tree))


def build_new(edition: str, tmp: Path, repeat: int) -> tuple[float, Path]:
    """One edition of the new site: median seconds and its folder."""
    out, times = tmp / f"new-{edition}", []
    for _ in range(repeat):
        started = time.perf_counter()
        book.build_book(out, edition=edition, force=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def report(name: str, seconds: float, out: Path, axe: bool) -> dict[str, int]:
    """Print one site's figures and pages; return each page's size in bytes by its path."""
    listed = pages(out)
    checked = axe_counts(out, ("light", "dark")) if axe else {}
    print(f"== {name}: {len(listed)} pages, {size(out) / 1e6:.2f} MB in all, built in {seconds:.1f} s")
    sizes = {}
    for path in listed:
        rel = path.relative_to(out).as_posix()
        sizes[rel] = path.stat().st_size
        extra = f"  axe serious+critical: {checked[rel]}" if checked else ""
        print(f"   {rel:<48} {sizes[rel] / 1e3:8.1f} kB{extra}")
    return sizes


def lesson_pairs(old: dict[str, int], student: dict[str, int], instructor: dict[str, int]) -> None:
    """Each lesson's pages and plan in the old site beside the new editions' (sizes in kB)."""
    print("== each lesson, old page beside new (kB)")
    columns = ("old student", "new student", "old instr.", "new instr.", "old plan", "new plan")
    print(f"   {'lesson':<24}" + "".join(f"{name:>12}" for name in columns))
    for lesson in LESSONS:
        s = lesson.slug
        pairs = (
            (old, f"lessons/{s}/student.html"),
            (student, f"lessons/{s}.html"),
            (old, f"lessons/{s}/instructor.html"),
            (instructor, f"lessons/{s}.html"),
            (old, f"plans/{s}.html"),
            (instructor, f"course/{s}.html"),
        )
        sizes = (f"{found[rel] / 1e3:.1f}" if rel in found else "-" for found, rel in pairs)
        print(f"   {s:<24}" + "".join(f"{size:>12}" for size in sizes))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--old", default=old_commit(), help="git ref holding the old generator")
    parser.add_argument("--no-axe", dest="axe", action="store_false", help="skip axe-core")
    args = parser.parse_args()
    if not args.old:
        print(f"No git history holding {OLD_MODULE} (a shallow clone or an export): nothing to compare.")
        return 0
    print(f"Old generator: {args.old} = {_git('rev-parse', '--short', args.old)}; new: this checkout.")
    notebook_build.ensure_builds(BUILD_DIR)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        old_seconds, old_out = build_old(args.old, tmp, args.repeat)
        old = report("old site (both versions in one)", old_seconds, old_out, args.axe)
        student = report("new student edition", *build_new("student", tmp, args.repeat), args.axe)
        instructor = report("new instructor edition", *build_new("instructor", tmp, args.repeat), args.axe)
    lesson_pairs(old, student, instructor)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
