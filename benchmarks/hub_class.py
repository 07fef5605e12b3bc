"""The start of a class on a real JupyterHub: N students open lesson 1 and Run All at one moment.

Each class size runs on a fresh hub (benchmarks/realhub: JupyterHub, configurable-http-proxy, one
local server per student) with fresh homes, so every kernel starts with empty caches, as on a
class's first day. The students sign in first, each in a browser context of their own in one
Chromium, and wait with JupyterLab open; then, at one moment, every one follows the lesson-1
nbgitpuller link (clone, open the lesson) and runs all cells as soon as the kernel is ready.

Printed for each N: the time from that moment until the last chart of the last student is drawn,
and the peak total memory of the hub (RSS of hub, proxy, students' servers and kernels, summed,
sampled every 0.5 s; the browser is the students' machines and is not counted), each as a ratio
against one student alone, measured in the same run. A class that does not finish within
``--timeout`` seconds is reported with how many students did.

    .venv/bin/python benchmarks/hub_class.py [--students 5 10 20] [--timeout 900]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import verdict
from app_page import FLAGS
from realhub import harness
from scomm.course import processes

MIB = 2**20
#: Runs in every page of a student's browser: on the lesson, Run All once the kernel is ready,
#: then note the moment every chart is drawn.
AUTO_RUN = f"""(() => {{
  if (!location.pathname.includes('/lab/tree/')) return;
  const ready = {harness.LESSON_READY}, drawn = {harness.CHARTS_DRAWN};
  let started = false;
  const tick = () => {{
    if (!started && ready()) {{
      started = true;
      window.jupyterapp.commands.execute('notebook:run-all-cells');
    }} else if (started && drawn()) {{
      window.scommChartsDrawnAt = Date.now();
      return;
    }}
    setTimeout(tick, 250);
  }};
  tick();
}})();"""


@dataclass(frozen=True)
class Result:
    students: int
    finished: int
    seconds: float  # until the last drawn chart of the last student who finished
    peak: int  # bytes
    idle: int  # bytes: hub and proxy before anyone signed in


class PeakMemory:
    """The highest ``hub.memory()`` seen while the block runs, sampled every half second."""

    def __init__(self, hub: harness.Hub) -> None:
        self.hub, self.peak, self._done = hub, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._done.is_set():
            self.peak = max(self.peak, self.hub.memory())
            self._done.wait(0.5)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.peak = max(self.peak, self.hub.memory())


def sign_in(browser, hub: harness.Hub, users: list[str], timeout: float) -> list:
    """Every student signs in (all forms sent first, so the servers start together); their pages."""
    pages = []
    for user in users:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(script=AUTO_RUN)
        page = context.new_page()
        page.goto(f"{hub.url}/hub/login")
        harness.log_in(page, user)
        pages.append(page)
    for page, user in zip(pages, users, strict=True):
        page.wait_for_url(f"**/user/{user}/lab**", timeout=timeout * 1000)
        page.wait_for_function("() => !!window.jupyterapp", timeout=timeout * 1000)
    return pages


def class_start(browser, users: list[str], folder: Path, timeout: float) -> Result:
    with harness.running_hub(folder, users) as hub:
        link = harness.class_link(hub, folder / "scomm-handout")
        idle = hub.memory()
        pages = sign_in(browser, hub, users, timeout)
        drawn = []
        with PeakMemory(hub) as memory:
            started = time.time()
            for page in pages:
                page.goto(link, wait_until="commit")
            for page in pages:
                left = started + timeout - time.time()
                try:
                    page.wait_for_function("() => window.scommChartsDrawnAt", timeout=max(left, 1) * 1000)
                except Exception:  # Playwright's TimeoutError: this student did not finish in time
                    continue
                drawn.append(page.evaluate("() => window.scommChartsDrawnAt") / 1000 - started)
        for page in pages:
            page.context.close()
    return Result(len(users), len(drawn), max(drawn, default=float("nan")), memory.peak, idle)


def report(results: list[Result], timeout: float) -> str:
    one = results[0]
    lines = [
        "Start of a class on a real JupyterHub: lesson 1, follow the link and Run All at one moment",
        f"{'students':>8}  {'last chart':>10}  {'ratio':>6}  {'peak memory':>11}  {'ratio':>6}  {'per student':>11}",
    ]
    for r in results:
        late = "" if r.finished == r.students else f"  ({r.finished} of {r.students} within {timeout:.0f} s)"
        per_student = (r.peak - r.idle) / r.students / MIB
        lines.append(
            f"{r.students:>8}  {r.seconds:>9.1f}s  {r.seconds / one.seconds:>6.2f}  "
            f"{r.peak / MIB:>7.0f} MiB  {r.peak / one.peak:>6.2f}  {per_student:>7.0f} MiB{late}"
        )
    lines.append(f"hub and proxy alone: {one.idle / MIB:.0f} MiB; ratios are against 1 student in this run")
    # Other work on the machine slows every figure: say how busy it was.
    lines.append("load average (1, 5, 15 min) at the end: " + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, nargs="+", default=[5, 10, 20], help="class sizes to run")
    parser.add_argument("--timeout", type=float, default=900, help="seconds one class may take")
    args = parser.parse_args()
    processes.interrupt_on_stop_signals()  # so a killed run still stops its hub, as Ctrl+C does
    from playwright.sync_api import sync_playwright

    results = []
    with tempfile.TemporaryDirectory(prefix="hub-class-") as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        for n in [1, *args.students]:
            users = [f"student{k:02d}" for k in range(1, n + 1)]
            results.append(class_start(browser, users, Path(tmp) / f"class-{n}", args.timeout))
            r = results[-1]
            print(
                f"{n} student(s): {r.finished} finished, {r.seconds:.1f} s, {r.peak / MIB:.0f} MiB",
                flush=True,
            )
        browser.close()
    print(report(results, args.timeout))
    # Two cores share the work, so a class of N cannot start faster than N students one after another
    # would on one core's share; the target is that it is not slower than that.
    one, largest = results[0], results[-1]
    verdict.judge(
        "hub_class",
        kit=largest.seconds,
        baseline=one.seconds * largest.students,
        at_most=1.2,
        meaning=f"{largest.students} students at once / {largest.students} x one student",
    )
    sys.exit(verdict.exit_code() if all(r.finished == r.students for r in results) else 1)


if __name__ == "__main__":
    main()
