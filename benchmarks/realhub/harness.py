"""A real JupyterHub on 127.0.0.1, shared by the hub test (tests/test_hub.py) and the class-start
benchmark (benchmarks/hub_class.py); the benchmark does not import from tests/, so this lives here.

    with running_hub(folder, ["ana", "ben"]) as hub:   # hub, proxy, no student server yet
        link = class_link(hub, folder / "scomm-handout")   # `scomm handout`, then `scomm links`
        ...                                             # students log in and follow the link
    # the hub, the proxy, every student's server and kernel are gone; a leftover fails the block

Browser steps use Playwright's sync API on pages the caller opens in Debian's Chromium.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

from scomm.course import processes
from scomm.notebooks import handout, links

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("jupyterhub_config.py")
#: configurable-http-proxy, installed from npm by `make hub-node` (pinned in .hub-node/package-lock.json).
PROXY = ROOT / ".hub-node" / "node_modules" / ".bin" / "configurable-http-proxy"
PASSWORD = "class-of-2026"  # the shared-password authenticator wants eight characters or more
LESSON = "01_program_mechanics"
#: The hub guide: what an administrator runs in the students' image is read from it, not copied here.
GUIDE = ROOT / "lessons" / "deployment.md"
#: The guide's words just before the commands for a hub's single-user image.
IMAGE_STEP = "for a hub's single-user image run the same lines after installing the kit"
#: The environment variable every process of one hub run carries (see jupyterhub_config.py).
MARK = "SCOMM_HUB_RUN"
GRACE = 30.0  # seconds the hub has to stop every server and kernel before they are killed


class HubError(RuntimeError):
    """The hub did not start, or left processes running when it stopped."""


@dataclass(frozen=True)
class Hub:
    url: str
    folder: Path
    server: subprocess.Popen
    mark: str

    def home(self, user: str) -> Path:
        return self.folder / "homes" / user

    def running(self) -> list[psutil.Process]:
        """The hub and all it started that still runs: proxy, students' servers, kernels (by the mark)."""
        found = []
        for process in psutil.process_iter(["environ"], ad_value=None):
            if (process.info["environ"] or {}).get(MARK) == self.mark:
                found.append(process)
        return processes.running(found)

    def memory(self) -> int:
        """Resident memory of the hub and all it started, in bytes (RSS, summed)."""
        total = 0
        for process in [psutil.Process(self.server.pid), *processes.descendants(self.server.pid)]:
            with contextlib.suppress(psutil.Error):
                total += process.memory_info().rss
        return total

    def kernels(self, user: str) -> list[psutil.Process]:
        """``user``'s running kernels, found in the process table."""
        return [
            p
            for p in self.running()
            if _environ(p).get("JUPYTERHUB_USER") == user and "ipykernel_launcher" in _cmdline(p)
        ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_hub(folder: Path, users: Sequence[str]) -> Iterator[Hub]:
    """Start JupyterHub for ``users``; on leaving, stop it and check nothing of it still runs."""
    if not PROXY.exists():
        raise HubError(f"no proxy at {PROXY}: run `make hub-node` (npm ci in .hub-node/)")
    folder.mkdir(parents=True, exist_ok=True)
    prepare_image()
    for user in users:
        _skeleton(folder / "homes" / user)
    mark = uuid.uuid4().hex
    ports = [free_port() for _ in range(3)]
    env = {
        **os.environ,
        "SCOMM_HUB_DIR": str(folder),
        "SCOMM_HUB_PORTS": ",".join(map(str, ports)),
        "SCOMM_HUB_USERS": ",".join(users),
        "SCOMM_HUB_PASSWORD": PASSWORD,
        "SCOMM_HUB_PROXY": str(PROXY),
        MARK: mark,
    }
    log = folder / "hub.log"
    with log.open("w") as out:
        # A session of its own: a Ctrl+C meant for the caller reaches the hub only through stop().
        server = processes.start(
            [Path(sys.executable).parent / "jupyterhub", "-f", CONFIG],
            cwd=folder,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    hub = Hub(f"http://127.0.0.1:{ports[0]}", folder, server, mark)
    try:
        _wait_until_up(hub, log)
        yield hub
    finally:
        left = stop(hub)
    if left:
        raise HubError(f"the hub left {len(left)} process(es) running (now killed):\n" + "\n".join(left))


def image_commands(guide: Path = GUIDE) -> list[str]:
    """The commands ``lessons/deployment.md`` tells a hub administrator to run in the single-user
    image after installing the kit (its bash block after ``IMAGE_STEP``), one a line."""
    text = guide.read_text(encoding="utf-8")
    if IMAGE_STEP not in text:
        raise HubError(f"{guide} no longer says {IMAGE_STEP!r}: update harness.IMAGE_STEP")
    block = re.search(r"```bash\n(.*?)```", text.split(IMAGE_STEP, 1)[1], re.DOTALL)
    if block is None:
        raise HubError(f"{guide} has no bash block after {IMAGE_STEP!r}")
    return [line.strip() for line in block[1].splitlines() if line.strip()]


def prepare_image() -> None:
    """Set up the students' image as the guide says: here the image is the kit's own environment,
    which every student's server runs from (jupyterhub_config.py), so ``python`` is its Python."""
    for line in image_commands():
        words = shlex.split(line)
        if words[0] != "python":
            raise HubError(f"the guide's image step {line!r} is not a python command the harness can run")
        done = subprocess.run([sys.executable, *words[1:]], capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise HubError(
                f"the guide's image step failed ({done.returncode}): {line}\n{done.stderr[-2000:]}"
            )


def _skeleton(home: Path) -> None:
    """What an administrator puts in new homes (as /etc/skel would): no news pop-up over the lesson."""
    settings = (
        home / ".jupyter/lab/user-settings/@jupyterlab/apputils-extension/notification.jupyterlab-settings"
    )
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"fetchNews": "false", "checkForUpdates": false}')


def _wait_until_up(hub: Hub, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.server.poll() is not None:
            raise HubError(f"JupyterHub exited ({hub.server.returncode}):\n{log.read_text()[-3000:]}")
        with contextlib.suppress(urllib.error.URLError, OSError):
            urllib.request.urlopen(f"{hub.url}/hub/api", timeout=2).close()
            return
        time.sleep(0.3)
    raise HubError(f"JupyterHub did not answer at {hub.url} in {timeout:.0f} s:\n{log.read_text()[-3000:]}")


def stop(hub: Hub) -> list[str]:
    """Stop the hub with all it started; return (and kill) any process of the run still running after.

    SIGTERM first, as a service manager sends it: JupyterHub stops every student's server on the
    way out, and each server its kernels; after ``GRACE`` seconds what is left of the hub's family
    is killed (scomm.course.processes.stop). A process of the run outside that family is a leftover.
    """
    processes.stop(hub.server, grace=GRACE)
    left = hub.running()
    described = [f"  {p.pid}: {_cmdline(p)[:150]}" for p in left]
    for process in left:
        with contextlib.suppress(psutil.Error):
            process.kill()
    return described


def class_link(hub: Hub, repo: Path) -> str:
    """Write the hand-out repository (``scomm handout``) and return its shared lesson-1 link (``scomm links``).

    nbgitpuller hands the repository's address to ``git clone`` as it is, so a file:// URL serves
    here where a course gives its git host's https address.
    """
    handout.write_handout(repo)
    return links.link(hub.url, repo.as_uri(), lesson=LESSON)


def _environ(process: psutil.Process) -> dict[str, str]:
    try:
        return process.environ()
    except psutil.Error:
        return {}


def _cmdline(process: psutil.Process) -> str:
    try:
        return " ".join(process.cmdline())
    except psutil.Error:
        return "(ended)"


# -- a student in the browser --------------------------------------------------------------------------

#: True once JupyterLab shows a notebook whose kernel is ready.
LESSON_READY = """() => {
  const nb = window.jupyterapp?.shell.currentWidget;
  return !!(nb?.sessionContext?.session?.kernel && nb.context?.isReady && nb.content?.widgets.length
            && nb.sessionContext.session.kernel.connectionStatus === 'connected');
}"""

#: True once every cell has run and every chart cell shows its picture.
CHARTS_DRAWN = """() => {
  const nb = window.jupyterapp?.shell.currentWidget;
  if (!nb?.content || nb.sessionContext.session?.kernel?.status !== 'idle') return false;
  const code = nb.content.widgets.filter(c => c.model.type === 'code');
  if (code.some(c => c.model.executionState !== 'idle' || c.model.executionCount === null)) return false;
  const charts = code.filter(c => c.model.sharedModel.getSource().includes('scomm.show('));
  return charts.length > 0 && charts.every(c =>
    [...c.node.querySelectorAll('.jp-OutputArea-output img')].some(i => i.complete && i.naturalWidth > 0));
}"""

#: How the open notebook lays out its cells ("none": all of them, on screen or not; JupyterLab's
#: own default is "contentVisibility"), as the image's settings and the student's own decide.
WINDOWING = "() => window.jupyterapp.shell.currentWidget.content.notebookConfig.windowingMode"

#: Error outputs in the open notebook, one line each.
LESSON_ERRORS = """() => window.jupyterapp.shell.currentWidget.content.widgets.flatMap((cell, n) =>
  cell.model.type !== 'code' ? [] : cell.model.outputs.toJSON()
    .filter(o => o.output_type === 'error').map(o => `cell ${n}: ${o.ename}: ${o.evalue}`))"""


def log_in(page, user: str) -> None:
    """Sign in on the hub's login page (where a link leads a student who is not signed in)."""
    page.get_by_label("Username").fill(user)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
