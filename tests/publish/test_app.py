"""`scomm app`: a lesson served by Voilà, with no code on the page, driven in Chromium."""

from __future__ import annotations

import os
import signal
import socket
import time
from pathlib import Path

import nbformat
import psutil
import pytest

from lab_servers import free_port, serving
from scomm.cli import main as cli
from scomm.course import layout, params, processes
from scomm.notebooks import steps
from scomm.publish import app

from conftest import BIN

LESSON = "01_program_mechanics"


# -- without a browser ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("", "demo-student"), ("student=alice", "alice"), ("x=1&student=bo&student=cy", "cy")],
)
def test_the_student_comes_from_the_address_or_the_default(
    monkeypatch: pytest.MonkeyPatch, query: str, expected: str
) -> None:
    monkeypatch.setenv("QUERY_STRING", query)
    assert app.student_from_address("demo-student") == expected


@pytest.mark.parametrize(
    "query", ["student=abc%0A", "student=abc%0D%0A", "student=%1B%5B2J", "student=a%2Fb"]
)
def test_an_address_with_a_control_character_or_slash_in_the_id_is_refused(
    monkeypatch: pytest.MonkeyPatch, query: str
) -> None:
    monkeypatch.setenv("QUERY_STRING", query)
    with pytest.raises(params.ParameterError, match="Parameter student_id"):
        app.student_from_address("demo-student")


def test_scomm_app_says_to_its_kernels_that_they_serve_the_app_and_another_voila_does_not() -> None:
    from scomm.course import demo_id

    another = {"SERVER_SOFTWARE": "voila/0.5.13", "QUERY_STRING": ""}  # what any Voilà sets in a kernel
    assert demo_id.shown_in(another) == demo_id.NOTEBOOK
    assert demo_id.shown_in(app.voila_env(another)) == demo_id.APP, "scomm app's Voilà, kernels inherit it"
    assert "?student=" in demo_id.warning(app.voila_env({})) and "?student=" not in demo_id.warning(another)


def test_voila_shows_students_no_tracebacks() -> None:
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration

    command = app.voila_command(Path("x.ipynb"), ip="127.0.0.1", port=1)
    assert "--show_tracebacks=False" in command and "--show_tracebacks=True" not in command
    served = Voila()
    served.parse_command_line(command[1:])  # Voilà's own reading: an option it does not know is dropped
    assert VoilaConfiguration(config=served.config).show_tracebacks is False
    assert served.config.VoilaConfiguration.show_tracebacks is False, "set by the command, not a default"


def test_the_app_notebook_is_the_student_version_with_the_address_read_after_the_parameters() -> None:
    nb = app.app_notebook(LESSON, {"focus": "Cook County, IL"})
    tags = [steps.cell_tags(cell) for cell in nb.cells]
    assert not any(layout.INSTRUCTOR_TAG in t for t in tags)
    injected = next(n for n, t in enumerate(tags) if layout.INJECTED_TAG in t)
    assert "Cook County, IL" in nb.cells[injected].source
    assert nb.cells[injected + 1].source == app.STUDENT_CELL
    validate = next(n for n, cell in enumerate(nb.cells) if "scomm.start(" in cell.source)
    assert validate > injected + 1  # the lesson checks the student id the address gave
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["app", "9"], "unknown lesson 9"),
        (["app", "1", "--student", "../etc"], "Parameter student_id"),
        (["app", "1", "-p", "fokus", "x"], "did you mean 'focus'"),
        (["app", "1", "-p", "as_of", "2031-01-01"], "Parameter as_of"),
        (["app", "1", "-p", "role", "instructor"], "the app serves students"),
    ],
)
def test_bad_arguments_are_refused_before_any_server_starts(
    argv: list[str], message: str, capsys: pytest.CaptureFixture, tmp_path: Path
) -> None:
    assert cli.main([*argv, "--out", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # nothing written, nothing served


def test_a_port_in_use_is_named_before_anything_starts(capsys: pytest.CaptureFixture, tmp_path: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        port = taken.getsockname()[1]
        assert cli.main(["app", "1", "--port", str(port), "--out", str(tmp_path)]) == 2
    assert f"port {port} on 127.0.0.1 is in use" in capsys.readouterr().err
    assert not any(tmp_path.iterdir())


def test_write_only_writes_the_app_notebook_for_a_hub_and_serves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    assert cli.main(["app", "2", "--student", "s1042", "--write-only", "--out", str(tmp_path)]) == 0
    nb = nbformat.read(tmp_path / "02_opt_out_dispute.ipynb", as_version=4)
    assert any("s1042" in cell.source for cell in nb.cells)
    assert any(cell.source == app.STUDENT_CELL for cell in nb.cells)
    assert "Wrote" in capsys.readouterr().out


# -- stopping ---------------------------------------------------------------------------------------


def _kernel_started(app_process, timeout: float = 120) -> list:
    """The app's processes once Voilà has started a kernel for a page being loaded."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        family = [psutil.Process(app_process.pid), *processes.descendants(app_process.pid)]
        if any("ipykernel" in " ".join(p.cmdline()) for p in processes.running(family)):
            return family
        assert app_process.poll() is None, f"scomm app exited ({app_process.returncode})"
        time.sleep(0.2)
    raise AssertionError("no kernel started for the page")


@pytest.mark.slow
@pytest.mark.parametrize("sig", processes.STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_a_stop_signal_ends_the_app_voila_and_every_kernel(tmp_path: Path, sig: int) -> None:
    port = free_port()
    env = {**os.environ, "SCOMM_RESPONSES": str(tmp_path / "responses")}
    command = [BIN / "scomm", "app", "1", "--port", str(port), "--out", str(tmp_path / "app")]
    with serving(
        command, env=env, probe=f"http://127.0.0.1:{port}/voila/static/", log=tmp_path / "log"
    ) as app:
        # A page asked for and not read: Voilà starts its kernel and runs the lesson in it.
        with socket.create_connection(("127.0.0.1", port)) as browser:
            browser.sendall(b"GET /?student=s1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
            family = _kernel_started(app)
            os.kill(app.pid, sig)  # to scomm app alone, as a service manager, a hub or Ctrl+C does
            assert app.wait(timeout=60) == 0
        assert processes.running(family) == [], [
            " ".join(p.cmdline())[:80] for p in processes.running(family)
        ]
        session = [p.pid for p in psutil.process_iter() if _session(p.pid) == app.pid]
        assert session == [], "a process of the app's session survived"


def _session(pid: int) -> int | None:
    try:
        return os.getsid(pid)
    except OSError:
        return None
