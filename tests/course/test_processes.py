"""Servers the kit starts stop with everything they started, whatever signal asks them to."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from scomm.course import processes

from conftest import RUN_MARK, servers_running

#: A stand-in for Voilà: it starts a "kernel" in a session of its own, as jupyter_client does,
#: writes the kernel's pid to argv[1], and runs until stopped (ignoring SIGTERM if argv[2] says so).
SERVER = """
import signal, subprocess, sys, time
if sys.argv[2:] == ["stubborn"]:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
kernel = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
with open(sys.argv[1] + ".tmp", "w") as out:
    out.write(str(kernel.pid))
import os; os.replace(sys.argv[1] + ".tmp", sys.argv[1])
time.sleep(120)
"""


def _wait_for_pid(path: Path, owner: subprocess.Popen) -> psutil.Process:
    for _ in range(300):
        if path.exists():
            return psutil.Process(int(path.read_text()))
        assert owner.poll() is None, f"exited with {owner.returncode}"
        time.sleep(0.05)
    raise AssertionError(f"no pid in {path}")


@pytest.mark.parametrize("stubborn", [False, True], ids=["answers SIGTERM", "ignores SIGTERM"])
def test_stop_ends_the_server_and_a_kernel_in_a_session_of_its_own(tmp_path: Path, stubborn: bool) -> None:
    pid_file = tmp_path / "kernel.pid"
    server = processes.start([sys.executable, "-c", SERVER, pid_file, *(["stubborn"] if stubborn else [])])
    kernel = _wait_for_pid(pid_file, server)
    assert os.getsid(kernel.pid) != os.getsid(server.pid)
    family = [psutil.Process(server.pid), *processes.descendants(server.pid)]
    started = time.monotonic()
    processes.stop(server, grace=2)
    assert processes.running(family) == []
    assert time.monotonic() - started < 10


@pytest.mark.parametrize("sig", processes.STOP_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_serve_passes_each_stop_signal_on_and_leaves_nothing_running(tmp_path: Path, sig: int) -> None:
    pid_file = tmp_path / "kernel.pid"
    runner = (
        "import sys\nfrom scomm.course import processes\n"
        f"sys.exit(processes.serve([sys.executable, '-c', {SERVER!r}, {str(pid_file)!r}], grace=3))"
    )
    app = processes.start([sys.executable, "-c", runner])
    try:
        kernel = _wait_for_pid(pid_file, app)
        family = processes.descendants(app.pid)
        assert kernel in family and len(family) == 2  # the server and its kernel
        os.kill(app.pid, sig)  # to the app alone, as a service manager or a hub sends it
        assert app.wait(timeout=30) == 0
        assert processes.running(family) == []
    finally:
        processes.stop(app, grace=1)


def test_serve_returns_the_server_s_own_exit_code() -> None:
    assert processes.serve([sys.executable, "-c", "raise SystemExit(4)"]) == 4


def test_the_run_s_leftover_check_sees_a_server_a_test_left_running() -> None:
    mark = os.environ[RUN_MARK]
    lookalike = processes.start([sys.executable, "-c", "import time; time.sleep(60)", "voila"])
    try:
        assert any("voila" in command for command in servers_running(mark).values())
    finally:
        processes.stop(lookalike, grace=1)
    assert not any(pid == lookalike.pid for pid, _ in servers_running(mark))


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=lambda s: signal.Signals(s).name)
def test_a_program_killed_by_a_signal_still_stops_the_servers_it_started(tmp_path: Path, sig: int) -> None:
    # what a benchmark or the test run does: start servers, stop them in a finally block
    pid_file = tmp_path / "kernel.pid"
    program = (
        "import sys, time\nfrom scomm.course import processes\nprocesses.interrupt_on_stop_signals()\n"
        f"server = processes.start([sys.executable, '-c', {SERVER!r}, {str(pid_file)!r}])\n"
        "try:\n    time.sleep(120)\nfinally:\n    processes.stop(server, grace=3)\n"
    )
    runner = processes.start([sys.executable, "-c", program], stderr=subprocess.DEVNULL)
    try:
        _wait_for_pid(pid_file, runner)
        family = processes.descendants(runner.pid)
        assert len(family) == 2  # the server and its kernel
        os.kill(runner.pid, sig)
        runner.wait(timeout=30)
        assert processes.running(family) == []
    finally:
        processes.stop(runner, grace=1)
