"""Servers the kit starts (Voilà for ``scomm app``), and how they stop: with everything they started.

A server runs in a session of its own, so a signal reaches it only through the kit: Ctrl+C in a
terminal, a service manager's or a hub's SIGTERM, or the SIGHUP of a closed terminal is passed on
as SIGTERM (the request every Jupyter server answers by shutting its kernels down), and whatever
is left after a grace period is killed. Kernels start sessions of their own too, so they are
found by parentage, not by process group.

>>> import sys
>>> serve([sys.executable, "-c", "raise SystemExit(3)"])
3
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence

import psutil

#: The signals that ask a server to stop (a terminal's Ctrl+C, a service manager, a closed terminal).
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
#: Seconds a server has to shut its kernels down before what is left of it is killed.
GRACE = 10.0
_POLL = 0.2


def start(command: Sequence[object], **popen: object) -> subprocess.Popen:
    """Start ``command`` in a session (and process group) of its own; end it with ``stop``."""
    return subprocess.Popen([str(word) for word in command], start_new_session=True, **popen)


def serve(command: Sequence[object], *, grace: float = GRACE, env: Mapping[str, str] | None = None) -> int:
    """Run a server until it ends, or until this process gets SIGTERM, SIGINT or SIGHUP.

    Either way the server and all it started are gone on return. Returns the server's exit
    code, or 0 when it was stopped on request (a clean stop, as a service manager expects).
    ``env`` is the server's environment (default: this process's).
    """
    server = start(command, env=env)
    with _stop_requests() as requested:
        try:
            while not requested and server.poll() is None:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    server.wait(timeout=_POLL)
        finally:
            stop(server, grace=grace)
    return 0 if requested else server.returncode


@contextlib.contextmanager
def _stop_requests() -> Iterator[list[int]]:
    """The stop signals received while the block runs (the handlers only note them)."""
    received: list[int] = []
    previous = {
        sig: signal.signal(sig, lambda signum, _frame: received.append(signum)) for sig in STOP_SIGNALS
    }
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def interrupt_on_stop_signals() -> None:
    """Make SIGTERM and SIGHUP end this process as Ctrl+C does, so its ``finally`` blocks still run.

    For a program that starts servers with ``start`` (a benchmark, the tests): they are in
    sessions of their own, so nothing else would stop them if it were killed by a signal.
    """
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _interrupt)


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt


def stop(server: subprocess.Popen, *, grace: float = GRACE) -> None:
    """End ``server`` (from ``start``) and every process it started; wait at most ``grace`` seconds.

    SIGTERM goes to the server's process group, and to what the server leaves behind once it has
    ended (kernels have groups of their own); after ``grace`` seconds SIGKILL goes to whatever
    of them is still running.
    """
    family = descendants(server.pid)
    _signal_group(server.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    with contextlib.suppress(subprocess.TimeoutExpired):
        server.wait(timeout=grace)
    _signal_each(running(family), signal.SIGTERM)
    _signal_each(running(family, until=deadline), signal.SIGKILL)
    if server.poll() is None:
        _signal_group(server.pid, signal.SIGKILL)
    server.wait()
    running(family, until=time.monotonic() + grace)  # killed processes take a moment to go


def descendants(pid: int) -> list[psutil.Process]:
    """Every process started by ``pid`` or by its children, at this moment."""
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return []


def running(processes: Iterable[psutil.Process], *, until: float = 0.0) -> list[psutil.Process]:
    """Those of ``processes`` still running (zombies count as ended), waiting for them until ``until``."""
    left = [p for p in processes if _alive(p)]
    while left and time.monotonic() < until:
        time.sleep(_POLL / 2)
        left = [p for p in left if _alive(p)]
    return left


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _signal_each(processes: Iterable[psutil.Process], sig: int) -> None:
    for process in processes:
        with contextlib.suppress(psutil.Error):
            process.send_signal(sig)


def _signal_group(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
