"""The course site (scomm.publish.book, Sphinx) against a floor measured in the same run from the
same lesson builds: plain ``jupyter nbconvert --to html`` of the four student lessons, one page
each, nothing else (no glossary, search, data dictionary or sources).

For each: build time (median of ``--repeat`` builds), pages, total size; with ``--axe``, the
serious and critical axe-core violations of every page in Debian's Chromium (light theme for
the floor; light and dark for the site). Prints the figures page by page and the ratio site /
floor build time.

    .venv/bin/python benchmarks/site_build.py [--repeat 3] [--axe]

The site is two: the student edition (``scomm build --site``) and the instructor edition
(``--instructor``). Both are timed.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "helpers"))

import verdict  # noqa: E402
from scomm.course.layout import BUILD_DIR, LESSONS  # noqa: E402
from scomm.notebooks import build as notebook_build  # noqa: E402
from scomm.publish.book import build as book  # noqa: E402

FLOOR = "floor (nbconvert)"


def floor(out: Path) -> None:
    """Each student lesson build as one HTML page, by nbconvert alone."""
    notebooks = [str(BUILD_DIR / "student" / f"{lesson.slug}.ipynb") for lesson in LESSONS]
    command = [str(Path(sys.executable).parent / "jupyter"), "nbconvert", "--to", "html"]
    subprocess.run([*command, "--output-dir", str(out), *notebooks], check=True, capture_output=True)


def new(edition: str):
    def run(out: Path) -> None:
        book.build_book(out, edition=edition)

    return run


def timed(make, repeat: int, folder: Path) -> tuple[float, Path]:
    times = []
    for attempt in range(repeat):
        out = folder / f"run{attempt}"
        started = time.perf_counter()
        make(out)
        times.append(time.perf_counter() - started)
    return statistics.median(times), out


def pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*.html") if "_static" not in p.relative_to(out).parts)


def size(out: Path) -> int:
    return sum(p.stat().st_size for p in out.rglob("*") if p.is_file())


def axe_counts(out: Path, themes: tuple[str, ...]) -> dict[str, str]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    found = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
        )
        page = browser.new_page()
        for path in pages(out):
            counts = []
            for theme in themes:
                page.emulate_media(color_scheme=theme)
                page.goto(path.as_uri())
                page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
                bad = [
                    v
                    for v in Axe().run(page).response["violations"]
                    if v["impact"] in {"serious", "critical"}
                ]
                counts.append(
                    f"{theme} {len(bad)}" + (f" ({', '.join(v['id'] for v in bad)})" if bad else "")
                )
            found[path.relative_to(out).as_posix()] = "; ".join(counts)
        browser.close()
    return found


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--axe", action="store_true", help="also run axe-core on every page (needs Chromium)")
    args = parser.parse_args()
    notebook_build.ensure_builds(BUILD_DIR)  # the floor and the site read the same executed lesson builds
    runs = {FLOOR: (floor, ("light",)), "new student": (new("student"), ("light", "dark"))}
    runs["new instructor"] = (new("instructor"), ("light", "dark"))
    seconds = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (make, themes) in runs.items():
            seconds[name], out = timed(make, args.repeat, Path(tmp) / name.replace(" ", "-"))
            listed = pages(out)
            print(
                f"== {name}: {len(listed)} pages, {size(out) / 1e6:.1f} MB, {seconds[name]:.1f} s (median of {args.repeat})"
            )
            checked = axe_counts(out, themes) if args.axe else {}
            for path in listed:
                rel = path.relative_to(out).as_posix()
                extra = f"  axe serious+critical: {checked[rel]}" if checked else ""
                print(f"   {rel:<45} {path.stat().st_size / 1e3:8.1f} kB{extra}")
    both = seconds["new student"] + seconds["new instructor"]
    print(f"ratio site student edition / floor build time: {seconds['new student'] / seconds[FLOOR]:.2f}")
    print(f"ratio site (both editions) / floor build time: {both / seconds[FLOOR]:.2f}")
    # The site adds search, the glossary, the data dictionary, the sources and practice forms to what
    # nbconvert makes; it may cost a few times a bare conversion, not an order of magnitude more.
    verdict.judge(
        "site_build",
        kit=seconds["new student"],
        baseline=seconds[FLOOR],
        at_most=5.0,
        meaning="student site / nbconvert",
    )
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
