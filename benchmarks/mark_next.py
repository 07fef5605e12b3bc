"""Opening the next answer on the marking desk (``scomm mark``), with 300 students' answers loaded.

A SYNTHETIC class of 300 students, each with a memo of about 600 words and a short answer
(600 answers on the desk), is served by the kit's marking server on 127.0.0.1. Measured in the
same run, from the same server:

- **server**: the median time to fetch the next answer's page (``GET /q/N``, N advancing
  through the desk as a marker does), against the same server sending a page of the same size
  that it does not have to build (the baseline: the network, the HTTP handling and the bytes);
- **Chromium** (when ``/usr/bin/chromium`` is there), in the browser's own clock: the median time
  from pressing ``n`` to the next answer in place (the desk fetches it and swaps it in; mark.js
  records it with the User Timing API), against opening the same-size page by address
  (navigation start to load event).

    .venv/bin/python benchmarks/mark_next.py [--requests 300]

Targets, judged as ratios only: the server's median at most 20 times the baseline, the
browser's at most 3 times its baseline. Each median is also shown against the issue's 100 ms,
unjudged: an absolute time measures the machine's load as much as the kit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from http import HTTPStatus
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "helpers"))
# The written lesson the marking tests use (a stand-in until the kit's lessons have written exercises).
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "grading"))

from written_class import LESSON, exercises, submission, the_rubrics

import verdict

ROOT = Path(__file__).resolve().parents[1]
STUDENTS = 300
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def synthetic_class(n: int) -> list:
    """SYNTHETIC students: made-up memos of about 600 words, never real answers."""
    words = [
        "The",
        "November",
        "2014",
        "memos",
        "replaced",
        "detainers",
        "with",
        "notification",
        "for",
        "most",
        "people",
        "booked",
    ]
    found = []
    for i in range(1, n + 1):
        memo = " ".join(words[(i + k) % len(words)] for k in range(600))
        found.append(
            submission(f"synthetic-{i:04d}", {"l4-pick": "PEP", "l4-memo": memo, "l4-short": f"PEP {i}."})
        )
    return found


#: Chromium's own measure of a page's opening: from the navigation's start to its load event, in ms.
NAVIGATION = "() => performance.getEntriesByType('navigation')[0].loadEventStart"
#: The desk's own measure (mark.js, User Timing): from the key press to the next answer in place, in ms.
OPENED = "() => performance.getEntriesByName('scomm-next').at(-1).duration"


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def timed_get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url) as reply:
        reply.read()
    return time.perf_counter() - started


def serve_desk(folder: Path):
    from scomm.grading.marking import Handler, desk_for, serve

    started = time.perf_counter()
    desk = desk_for(
        synthetic_class(STUDENTS), exercises(), LESSON, folder / "marking", "bench", the_rubrics(folder)
    )
    loaded = time.perf_counter() - started
    server = serve(desk)
    blob: dict[str, bytes] = {}

    class Baseline(Handler):
        def do_GET(self) -> None:
            if self.path.startswith("/baseline"):
                self._send(HTTPStatus.OK, blob["page"], "text/html; charset=utf-8")
            else:
                super().do_GET()

    server.RequestHandlerClass = Baseline
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    with urllib.request.urlopen(url + "/q/1") as reply:
        blob["page"] = reply.read()  # a page as large as the pages measured
    return server, url, desk, loaded


def server_figures(url: str, count: int, total: int) -> tuple[float, float]:
    kit, base = [], []
    for n in range(count):
        kit.append(timed_get(f"{url}/q/{n % total + 1}"))
        base.append(timed_get(f"{url}/baseline?{n}"))
    return median_ms(kit), median_ms(base)


def browser_figures(url: str, count: int) -> tuple[float, float] | None:
    """Medians (ms) in Chromium's own clock: ``n`` to the next answer in place, and the same-size page's load."""
    if not Path("/usr/bin/chromium").exists():
        print("Chromium: /usr/bin/chromium is missing; the browser figures are left out")
        return None
    from playwright.sync_api import sync_playwright

    kit, base, outside = [], [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.goto(url + "/q/1")
        for n in range(1, count + 1):
            started = time.perf_counter()
            page.keyboard.press("n")
            page.wait_for_function(f"() => performance.getEntriesByName('scomm-next').length >= {n}")
            outside.append(time.perf_counter() - started)
            kit.append(page.evaluate(OPENED) / 1000)
        assert page.url == f"{url}/q/{count + 1}", page.url
        for n in range(1, count + 1):
            page.goto(f"{url}/baseline?{n}", wait_until="load")
            base.append(page.evaluate(NAVIGATION) / 1000)
        browser.close()
    print(
        f"Chromium, as Playwright sees it (press n until the new answer is in place): median {median_ms(outside):.1f} ms"
    )
    return median_ms(kit), median_ms(base)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    (ROOT / "build").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=ROOT / "build") as tmp:
        server, url, desk, loaded = serve_desk(Path(tmp))
        try:
            print(
                f"SYNTHETIC class: {STUDENTS} students, {len(desk)} answers on the desk, loaded in {loaded:.2f} s"
            )
            print(
                f"page size: {len(urllib.request.urlopen(url + '/q/1').read()):,} bytes; cores: {os.cpu_count()}"
            )
            kit, base = server_figures(url, args.requests, len(desk))
            print(f"server: next answer median {kit:.2f} ms; same-size page not built, median {base:.2f} ms")
            in_browser = browser_figures(url, args.presses)
        finally:
            server.shutdown()
            server.server_close()
    verdict.judge(
        "mark_next server", kit=kit, baseline=base, at_most=20.0, meaning="next answer / same-size page"
    )
    _against_100_ms("server", kit)
    if in_browser:
        print(
            f"Chromium: n to the next answer in place, median {in_browser[0]:.1f} ms; the same-size page "
            f"opened by address (navigation start to load), median {in_browser[1]:.1f} ms"
        )
        verdict.judge(
            "mark_next browser",
            kit=in_browser[0],
            baseline=in_browser[1],
            at_most=3.0,
            meaning="n to next answer / same-size page",
        )
        _against_100_ms("Chromium", in_browser[0])
    return verdict.exit_code()


def _against_100_ms(where: str, ms: float) -> None:
    # Shown, not judged: an absolute time moves with the machine's load (issue 19); the ratios above are judged.
    print(
        f"{where}: {ms:.1f} ms against the issue's 100 ms ({'within' if ms <= 100 else 'over'}; not judged)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
