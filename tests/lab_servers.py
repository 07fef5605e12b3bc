"""Real servers for the browser tests: JupyterLab and Voilà started on 127.0.0.1 as the kit starts them,
waited for, and ended with every kernel they started.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
from pathlib import Path

import pytest

from scomm.cli.lab import write_lab_settings
from scomm.course import processes

from conftest import BIN


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str, server, log: Path, timeout: float = 60) -> None:
    """Return once ``url`` answers; fail with the server's log if it dies or never does."""
    import time
    import urllib.error
    import urllib.request

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server exited ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # an error page is still an answer: the server is up
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"nothing answered at {url} after {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@contextlib.contextmanager
def serving(command: list, *, env: dict, probe: str, log: Path):
    """Run a server until the block ends; ``probe`` is a URL that answers once it is up.

    The server runs in a session of its own and ends with all it started (kernels included).
    """
    with log.open("w") as out:
        server = processes.start(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_serving(probe, server, log)
        yield server
    finally:
        processes.stop(server)


def lab_server(home: Path) -> tuple[list, dict, str]:
    """The command, environment and URL of a JupyterLab serving ``home`` on 127.0.0.1 (for ``serving``).

    No news pop-up; otherwise the defaults the kit gives a student's JupyterLab (``scomm lab``,
    Binder, a hub's image): every cell laid out even off screen, so it can be measured and clicked.
    """
    notification = home / "settings" / "@jupyterlab" / "apputils-extension" / "notification"
    notification.parent.mkdir(parents=True, exist_ok=True)
    notification.with_suffix(".jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False})
    )
    write_lab_settings(home / "app-settings")
    port = free_port()
    config = home / "jupyter_server_config.py"
    config.write_text(
        "from jupyterlab.galata import configure_jupyter_server\n"
        "configure_jupyter_server(c)\n"
        f"c.ServerApp.ip = '127.0.0.1'\nc.ServerApp.port = {port}\n"
        f"c.ServerApp.root_dir = {str(home)!r}\n"
        f"c.LabApp.user_settings_dir = {str(home / 'settings')!r}\n"
        f"c.LabApp.app_settings_dir = {str(home / 'app-settings')!r}\n"
        "c.ServerApp.allow_root = True\n"
    )
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config")}
    return [BIN / "jupyter", "lab", f"--config={config}"], env, f"http://127.0.0.1:{port}"


@contextlib.contextmanager
def voila_serving(notebook: Path, *, env: dict, log: Path):
    """Serve ``notebook`` (or a folder of them, at ``/voila/render/<name>``) as ``scomm app`` does;
    yield its URL, on 127.0.0.1.

    Voilà with the kit's template and options (``scomm.publish.app``), in ``env`` with the template
    found. The probe asks for a static path: asking for a page would start a kernel.
    """
    from scomm.publish import app

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = app.voila_command(notebook, ip="127.0.0.1", port=port)
    with serving(command, env=app.voila_env(env), probe=f"{url}/voila/static/", log=log):
        yield url


def lab_notebook_ready(page) -> None:
    """Wait until the notebook JupyterLab shows has its cells and a kernel ready to run them.

    Running cells before the kernel is ready makes JupyterLab ask which kernel to start.
    """
    page.wait_for_function(
        "() => { const nb = window.jupyterapp?.shell.currentWidget;"
        " return nb?.sessionContext && nb.context?.isReady && nb.content?.widgets.length > 0; }"
    )
    page.evaluate(
        "() => { const nb = window.jupyterapp.shell.currentWidget;"
        " nb.sessionContext.ready.then(() => { nb.dataset.scommReady = 'yes'; }); }"
    )
    # A wait with a time limit, unlike awaiting the promise inside evaluate.
    page.wait_for_function("() => window.jupyterapp.shell.currentWidget.dataset.scommReady === 'yes'")


def end_lab_sessions(url: str) -> None:
    """Shut down every kernel a browser started in the JupyterLab at ``url``, as closing a notebook would."""
    import json
    import urllib.request

    with urllib.request.urlopen(f"{url}/api/sessions") as reply:
        sessions = json.load(reply)
    for session in sessions:
        request = urllib.request.Request(f"{url}/api/sessions/{session['id']}", method="DELETE")
        urllib.request.urlopen(request).close()
