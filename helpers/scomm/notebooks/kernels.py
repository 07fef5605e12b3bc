"""One kernel that executes several notebooks in turn, for ``scomm build``.

A lesson spends about half its run starting a kernel and importing the kit (pandas, altair,
ipywidgets); a build of four lessons in two roles paid that eight times. A ``Kernel`` pays it
once and, before each notebook, resets the kernel as a new IPython session: every name the last
notebook defined is gone and execution counts start again at 1, while imported modules stay
(that is the time saved). A notebook that kills its kernel is reported and the next one gets a
fresh kernel.

>>> with Kernel(Path(".")) as kernel:  # doctest: +SKIP
...     errors = [kernel.run(path) for path in notebooks]
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from scomm.notebooks.run import _ipc_kernel_manager

#: Run silently before each notebook: a new session (no names, counts from 1) in the notebook's folder.
_RESET = "get_ipython().reset(new_session=True); __import__('os').chdir({folder!r})"


class Kernel:
    """A python3 kernel started on first use and kept for every notebook ``run`` is given."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._manager: Any = None
        self._control: Any = None

    def __enter__(self) -> Kernel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def run(self, path: Path) -> str | None:
        """Execute the notebook at ``path`` in place; the first error as ``"Name: message"``, else None."""
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, DeadKernelError

        nb = nbformat.read(path, as_version=4)
        try:
            self._fresh_session(path.parent)
            client = NotebookClient(nb, km=self._manager, kernel_name="python3", store_widget_state=False)
            try:
                client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()
            error = None
        except CellExecutionError as exc:
            error = f"{exc.ename}: {exc.evalue}"
        except DeadKernelError as exc:
            self.close()  # the next notebook starts a new kernel
            error = f"DeadKernelError: {exc}"
        except Exception as exc:  # a notebook that cannot run must not stop the others
            self.close()
            error = f"{type(exc).__name__}: {exc}"
        nbformat.write(nb, path)
        return error

    def _fresh_session(self, folder: Path) -> None:
        if self._manager is None:
            self._start()
        reply = self._control.execute_interactive(
            _RESET.format(folder=str(folder.resolve())), silent=True, store_history=False, timeout=60
        )
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"the kernel could not be reset: {reply['content'].get('evalue', '')}")

    def _start(self) -> None:
        from nbclient.util import run_sync  # nbclient is loaded only by a build that runs kernels

        self._manager = _ipc_kernel_manager()(kernel_name="python3")
        run_sync(self._manager.start_kernel)(cwd=str(self.folder.resolve()))
        self._control = self._manager.blocking_client()
        self._control.start_channels()
        self._control.wait_for_ready(timeout=60)

    def close(self) -> None:
        """Stop the kernel (if one is running); the next ``run`` starts another."""
        from nbclient.util import run_sync

        if self._control is not None:
            self._control.stop_channels()
        if self._manager is not None:
            with contextlib.suppress(RuntimeError):  # it had died already
                run_sync(self._manager.shutdown_kernel)(now=True)
        self._manager = self._control = None
