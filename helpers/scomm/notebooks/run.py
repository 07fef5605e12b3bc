"""Execute the course's notebooks with papermill, in parallel, and say where the results are.

``run_course`` reads as its steps: find the notebooks, check parameters before any kernel
starts, execute them on a pool as wide as the machine with a progress bar, sign the
outputs so JupyterLab trusts them, and return one ``Outcome`` per notebook.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from scomm.course import layout, params
from scomm.course.layout import EXECUTED_DIR, NOTEBOOK_DIR
from scomm.course.outputs import OutputConflict, OutputFolder, scratch_path
from scomm.course.param_dates import check_lesson_day
from scomm.notebooks import lighter

if TYPE_CHECKING:
    from nbformat import NotebookNode

#: Options for the kernels the kit starts to run lessons (``scomm run``, ``refresh``, ``build``): each
#: lives a few seconds and then exits, so work that pays off only in a long session is skipped.
LESSON_KERNEL_OPTIONS = (
    # Input history kept in memory (In, Out and the parameter check read it), not added to the
    # user's history database by every run, four kernels at once.
    "--HistoryManager.hist_file=:memory:",
    # Python's cyclic garbage collector at its default thresholds scanned every object (some
    # 100,000 once pandas is in) during a lesson, about a tenth of its cell time; collected ten
    # times less often, a lesson's cells do the same work, and the kernel exits moments later.
    # Run after start-up, silently, leaving no name behind.
    "--IPKernelApp.exec_lines=[\"__import__('gc').set_threshold(10_000, 20, 20)\"]",
)


def _ipc_kernel_manager() -> type:
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.paths import jupyter_runtime_dir

    class IPCKernelManager(AsyncKernelManager):
        """Talks to the kernel over local sockets, not TCP: nothing listens on a port, and
        ipykernel has no reason to warn about unencrypted network traffic. The kernel gets
        ``LESSON_KERNEL_OPTIONS``."""

        def __init__(self, **kwargs: object) -> None:
            super().__init__(**kwargs)
            self.transport = "ipc"
            # IPC socket names are paths; make them absolute so the kernel and this process
            # agree whatever directory each one runs in.
            folder = Path(jupyter_runtime_dir())
            folder.mkdir(parents=True, exist_ok=True)
            self.ip = str(folder / f"scomm-{uuid.uuid4().hex[:12]}")

        def format_kernel_cmd(self, extra_arguments: list[str] | None = None) -> list[str]:
            # jupyter_client asks for the command more than once: each option is added once.
            given = list(extra_arguments or [])
            return super().format_kernel_cmd([*(o for o in LESSON_KERNEL_OPTIONS if o not in given), *given])

    return IPCKernelManager


@dataclass(frozen=True)
class Outcome:
    """What happened to one notebook."""

    notebook: Path
    output: Path
    seconds: float
    error: str | None = None
    note: str = ""  # why it was (re)made, or that it was current and kept

    @property
    def ok(self) -> bool:
        return self.error is None


def course_notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The lesson notebooks, in lesson order."""
    return sorted(folder.glob("[0-9][0-9]_*.ipynb"))


def declared_parameters(notebook: Path) -> dict[str, object]:
    """Names and defaults of a notebook's ``parameters`` cell."""
    import papermill

    return {name: spec["default"] for name, spec in papermill.inspect_notebook(str(notebook)).items()}


def preflight(notebooks: Iterable[Path], parameters: Mapping[str, object]) -> dict[Path, dict[str, object]]:
    """Check parameters against every notebook before any kernel starts.

    Each notebook receives only the parameters it declares; a name no notebook declares,
    a bad value, or an ``as_of`` a lesson is not written for raises ``ParameterError`` naming it.
    """
    chosen: dict[Path, dict[str, object]] = {}
    everything: set[str] = set()
    for notebook in notebooks:
        declared = declared_parameters(notebook)
        everything.update(declared)
        chosen[notebook] = {k: v for k, v in parameters.items() if k in declared}
    label = "these notebooks" if len(chosen) > 1 else next(iter(chosen), Path("?")).stem
    params.check_names(label, declared=sorted(everything), given=parameters)
    for name, value in parameters.items():
        params.PARAMETERS[name].check(value)
    for notebook, values in chosen.items():
        if "as_of" in values:
            _check_lesson_day(notebook, values["as_of"])
    return chosen


def _check_lesson_day(notebook: Path, as_of: object) -> None:
    try:
        item = layout.lesson(notebook.stem)
    except layout.UnknownLesson:  # a notebook of the instructor's own: its parameter cell decides
        return
    check_lesson_day(item, params.PARAMETERS["as_of"].check(as_of))


def execute(notebook: Path, output: Path, parameters: Mapping[str, object]) -> Outcome:
    """Run one notebook through papermill; a failure is reported in the Outcome, not raised."""
    import nbformat
    import papermill
    from nbformat.sign import NotebookNotary

    started = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    done = None
    try:
        with lighter.while_running():  # the finished notebook is checked whole, below
            done = _papermill(notebook, output, parameters)
        error = lighter.problem(done)
    except papermill.PapermillExecutionError as exc:
        error = f"{exc.ename}: {exc.evalue}"
    except Exception as exc:  # a notebook that cannot start must not stop the others
        error = f"{type(exc).__name__}: {exc}"
    if done is None and output.exists() and output.stat().st_size:
        done = nbformat.read(output, as_version=4)  # a failed run: papermill wrote it, then raised
    if done is not None:
        # Signed outputs open as trusted in this machine's JupyterLab, so SVG charts show. A run that
        # finished signs the notebook papermill returned, which is what it wrote: reading the file
        # back parsed and schema-checked the whole notebook again (lesson 1: 330 KB) for nothing.
        NotebookNotary().sign(done)
    return Outcome(notebook, output, time.perf_counter() - started, error)


def _papermill(notebook: Path, output: Path, parameters: Mapping[str, object]) -> NotebookNode:
    import papermill

    return papermill.execute_notebook(
        str(notebook),
        str(output),
        parameters=dict(parameters),
        # The kernel starts in the notebook's folder. Not papermill's cwd=, which chdir()s the
        # whole process and, with several notebooks on threads, can leave it in the wrong folder.
        resources={"metadata": {"path": str(notebook.parent)}},
        kernel_name="python3",
        # Written once, when done (or failed), not as each cell starts and ends: nobody reads the
        # scratch file meanwhile, and those writes (137 of a notebook growing to 320 KB for
        # lesson 1) were most of this process's work, about a second a lesson.
        request_save_on_cell_execute=False,
        kernel_manager_class=_ipc_kernel_manager(),
        progress_bar=False,
        shutdown_kernel="immediate",  # avoids papermill's random multi-second waits on exit
        store_widget_state=False,
    )


def execute_into(folder: OutputFolder, notebook: Path, parameters: Mapping[str, object]) -> Outcome:
    """Run ``notebook`` into a temporary file in ``folder``, then put it in place whole.

    Another run into the same folder therefore never reads a half-written copy, and only a
    file the kit wrote is replaced (``OutputFolder``); a refusal is the outcome's error.
    """
    target = folder.root / notebook.name
    scratch = scratch_path(target)
    outcome = execute(notebook, scratch, parameters)
    error = outcome.error
    if not scratch.exists():
        return replace(outcome, output=target)
    try:
        folder.commit({notebook.name: scratch})
    except OutputConflict as exc:
        error = str(exc)
    return replace(outcome, output=target, error=error)


def run_course(
    notebooks: Iterable[Path] | None = None,
    *,
    parameters: Mapping[str, object] | None = None,
    out: Path = EXECUTED_DIR,
    jobs: int | None = None,
    progress: bool = True,
    force: bool = False,
) -> list[Outcome]:
    """Execute notebooks (default: every lesson) in parallel; outputs go to ``out``.

    Raises ``ParameterError`` for a bad parameter, and ``OutputConflict`` when a file the kit
    did not write is where an executed copy would go (unless ``force``), before any kernel starts.
    """
    from tqdm.auto import tqdm

    notebooks = list(notebooks or course_notebooks())
    chosen = preflight(notebooks, parameters or {})
    folder = OutputFolder(Path(out), by="run", force=force)
    folder.check(nb.name for nb in notebooks)
    # Two kernels per core by default: a kernel spends part of its start-up waiting, and on this
    # 2-core machine four lessons at once ran ~6% faster than two at a time (4.28 s vs 4.54 s).
    width = max(1, min(jobs or 2 * (os.cpu_count() or 1), len(notebooks)))
    outcomes = []
    # Threads suffice: each notebook runs in its own kernel process; the thread only waits.
    with ThreadPoolExecutor(max_workers=width) as pool:
        futures = [pool.submit(execute_into, folder, nb, chosen[nb]) for nb in notebooks]
        with tqdm(total=len(futures), desc="Executing lessons", unit="notebook", disable=not progress) as bar:
            for future in as_completed(futures):
                outcomes.append(future.result())
                bar.update(1)
    return sorted(outcomes, key=lambda o: o.notebook.name)


def summary(outcomes: Iterable[Outcome], *, wall_seconds: float | None = None) -> str:
    """A short report: each notebook, its time and status, and where to look next."""
    outcomes = list(outcomes)
    lines = [f"{'notebook':<32} {'seconds':>8}  result"]
    for o in outcomes:
        lines.append(f"{o.notebook.name:<32} {o.seconds:>8.1f}  {'ok' if o.ok else 'FAILED: ' + o.error}")
    if wall_seconds is not None:
        lines.append(f"{len(outcomes)} notebook(s) in {wall_seconds:.1f} s on {os.cpu_count()} core(s).")
    if outcomes:
        folder = outcomes[0].output.parent
        lines.append(f"Executed copies: {folder}/  (open them with `make lab`, or in any Jupyter)")
        lines.append("Lesson plans: lessons/README.md")
    return "\n".join(lines)


def refresh(notebook: Path) -> None:
    """Re-execute a lesson in place so its stored outputs are current (nbval's reference).

    Runs with a throwaway answers folder, so whatever a developer answered in JupyterLab
    never ends up in the stored outputs, and without widget state, which is large and
    meaningless until a kernel runs.
    """
    import tempfile

    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(notebook, as_version=4)
    saved = os.environ.get("SCOMM_RESPONSES")
    with tempfile.TemporaryDirectory() as answers:
        os.environ["SCOMM_RESPONSES"] = answers  # the kernel inherits it
        try:
            NotebookClient(
                nb,
                timeout=600,
                kernel_name="python3",
                kernel_manager_class=_ipc_kernel_manager(),
                resources={"metadata": {"path": str(notebook.parent)}},
                store_widget_state=False,
                shutdown_kernel="immediate",
            ).execute()
        finally:
            if saved is None:
                os.environ.pop("SCOMM_RESPONSES", None)
            else:
                os.environ["SCOMM_RESPONSES"] = saved
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, notebook)
