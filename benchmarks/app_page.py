"""How long a student waits for lesson 1 in the browser: the Voilà app against JupyterLab.

Both are measured in the same run, in Debian's Chromium, from the moment the page is asked
for until every exercise of lesson 1 is on screen:

- app: ``scomm app 1`` (Voilà), one page load; the kernel starts and the lesson runs.
- baseline: JupyterLab, open the lesson, wait for its kernel, Run All Cells.

Servers are started before timing (a class's server is already up); each figure is the
median of ``--repeat`` page loads. Prints the ratio app / JupyterLab.

    .venv/bin/python benchmarks/app_page.py [--repeat 3]

Target: the app is no slower than JupyterLab (ratio ≤ 1.0).
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import verdict
from scomm.course import processes

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
LESSON = ROOT / "notebooks" / "01_program_mechanics.ipynb"


def exercises_in(notebook: Path) -> int:
    """How many exercises the lesson shows: its cells calling ``scomm.exercise`` (each one a panel, open or not)."""
    import nbformat

    cells = nbformat.read(notebook, as_version=4).cells
    return sum(c.source.count("scomm.exercise(") for c in cells if c.cell_type == "code")


EXERCISES = exercises_in(LESSON)  # counted, not written in: lessons gain exercises


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


#: Every exercise and the submit button drawn: each panel's module loads on its own, so the last
#: cell's panel can be drawn before an earlier one.
ON_SCREEN = """(exercises) => {
  const drawn = [...document.querySelectorAll('.scomm-exercise, .scomm-submit')].filter(el => el.childElementCount > 0);
  return drawn.length === exercises + 1 && document.querySelector('.scomm-submit button') !== null;
}"""


def start(command: list[str], url: str, env: dict, log: Path) -> subprocess.Popen:
    """Start a server in a session of its own (``processes.stop`` ends it with its kernels); wait for ``url``."""
    with log.open("w") as out:
        server = processes.start(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(url, server, log)
    except BaseException:
        processes.stop(server)
        raise
    return server


def wait_for(url: str, server: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit(f"server exited:\n{log.read_text()[-2000:]}") from None
            time.sleep(0.2)
    raise SystemExit(f"no answer at {url}")


def timed(load) -> float:
    started = time.perf_counter()
    load()
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    home = Path(tempfile.mkdtemp(prefix="scomm-bench-"))
    env = {**os.environ, "SCOMM_RESPONSES": str(home / "responses"), "JUPYTER_CONFIG_DIR": str(home / "cfg")}
    app_port, lab_port = free_port(), free_port()
    # JupyterLab autosaves what it runs: it gets a copy of the lessons, never the kit's own.
    shutil.copytree(ROOT / "notebooks", home / "notebooks")
    config = home / "lab_config.py"
    config.write_text(
        "from jupyterlab.galata import configure_jupyter_server\nconfigure_jupyter_server(c)\n"
        f"c.ServerApp.ip = '127.0.0.1'\nc.ServerApp.port = {lab_port}\n"
        f"c.ServerApp.root_dir = {str(home / 'notebooks')!r}\nc.ServerApp.allow_root = True\n"
    )
    processes.interrupt_on_stop_signals()  # a killed benchmark still stops its servers
    servers: list[subprocess.Popen] = []
    try:
        servers.append(
            start(
                [str(BIN / "scomm"), "app", "1", "--port", str(app_port), "--out", str(home / "app")],
                f"http://127.0.0.1:{app_port}/voila/static/",
                env,
                home / "app.log",
            )
        )
        servers.append(
            start(
                [str(BIN / "jupyter"), "lab", f"--config={config}"],
                f"http://127.0.0.1:{lab_port}/api/status",
                env,
                home / "lab.log",
            )
        )
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)

            def app() -> None:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{app_port}/?student=bench")
                page.wait_for_function(ON_SCREEN, arg=EXERCISES, timeout=120_000)
                page.close(run_before_unload=True)

            def lab() -> None:
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{lab_port}/lab/tree/01_program_mechanics.ipynb?reset")
                page.wait_for_function("() => window.jupyterapp?.shell.currentWidget?.sessionContext")
                page.evaluate(
                    "async () => { await window.jupyterapp.shell.currentWidget.sessionContext.ready; }"
                )
                page.evaluate(
                    "async () => { await window.jupyterapp.commands.execute('notebook:run-all-cells'); }"
                )
                page.wait_for_function(ON_SCREEN, arg=EXERCISES, timeout=120_000)
                page.evaluate(
                    "async () => { await window.jupyterapp.shell.currentWidget.sessionContext.shutdown(); }"
                )
                page.close()

            app(), lab()  # warm both: first loads fill caches a class's server has long since filled
            app_s = statistics.median(timed(app) for _ in range(args.repeat))
            lab_s = statistics.median(timed(lab) for _ in range(args.repeat))
            browser.close()
    finally:
        for server in servers:
            processes.stop(server)  # the server, Voilà or JupyterLab, and every kernel it started
    print(f"lesson 1, every exercise on screen (median of {args.repeat}, 2 cores):")
    print(f"  app (Voilà page load)           {app_s:6.2f} s")
    print(f"  baseline: JupyterLab, Run All   {lab_s:6.2f} s")
    verdict.judge("app_page", kit=app_s, baseline=lab_s, at_most=1.0, meaning="app page / JupyterLab Run All")
    return verdict.exit_code()


if __name__ == "__main__":
    raise SystemExit(main())
