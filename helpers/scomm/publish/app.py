"""The student app: one lesson served by Voilà as a web page, with no code in sight.

::

    scomm app 1                         # http://127.0.0.1:8866/ , answers saved as demo-student
    scomm app 2 --student alice         # answers saved as alice
    scomm app 1 -p focus "Cook County, IL" --ip 0.0.0.0 --port 8866
                                        # a shared machine: each student opens
                                        # http://HOST:8866/?student=THEIR_ID

The page is the lesson's student version (no instructor notes, no code cells): its text,
charts, exercises and annotator, working as they do in JupyterLab, with answers saved to the
same place (``$SCOMM_RESPONSES``, else ``responses/``). Voilà starts one kernel per page load;
the student's id comes from ``--student`` or from ``?student=`` in the address, which Voilà
hands to the kernel as ``QUERY_STRING``. A bad id is refused on the page with the same sentence
the notebook gives. Voilà runs without tracebacks: a student never sees code or paths. SIGTERM, SIGINT (Ctrl+C) or SIGHUP
stops the app, Voilà and every kernel it started (``scomm.course.processes``).
"""

from __future__ import annotations

import html
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from scomm.course import demo_id, params
from scomm.course.layout import APP_TAG, BUILD_DIR, INJECTED_TAG, NOTEBOOK_DIR, PARAMETERS_TAG
from scomm.notebooks.personal import personalise
from scomm.notebooks.steps import STUDENT_STEPS, apply, cell_tags, read

APP_DIR = BUILD_DIR / "app"
#: The cell put after the parameters: the address's ?student= wins over the default.
STUDENT_CELL = "from scomm.publish import app\n\nstudent_id = app.student_from_address(student_id)"
ABOUT_THE_APP = (
    "> **This is the web page version of the lesson.** There is nothing to run: read, look at the "
    "charts, answer the questions and press each button to save your answer. Where the text "
    "mentions code, cells or changing a value, that is for the notebook version in JupyterLab; "
    "your instructor chose the values this page uses."
)


def student_from_address(default: str) -> str:
    """The ``student`` named in the page's address (``?student=ID``), else ``default``.

    A bad id is refused with the parameter check's one sentence, shown on the page as text:
    Voilà runs without tracebacks, so the error itself reaches the student only as "an error".
    """
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get(demo_id.ADDRESS_PARAMETER)
    student = values[-1] if values else default
    try:
        params.PARAMETERS["student_id"].check(student)
    except params.ParameterError as problem:
        from IPython.display import HTML, display

        display(HTML(f'<p class="scomm-refusal"><b>{html.escape(str(problem))}</b></p>'))
        raise
    return student


def app_notebook(lesson: str, parameters: Mapping[str, object]) -> object:
    """The lesson as the app shows it: the student version, ``parameters`` set, ?student= read."""
    import nbformat

    nb = apply(STUDENT_STEPS, read(NOTEBOOK_DIR / f"{lesson}.ipynb"))
    if parameters:
        nb = personalise(nb, parameters)
    last = max(n for n, cell in enumerate(nb.cells) if {PARAMETERS_TAG, INJECTED_TAG} & set(cell_tags(cell)))
    cell = nbformat.v4.new_code_cell(STUDENT_CELL, metadata={"tags": [APP_TAG]})
    cell.id = APP_TAG
    nb.cells.insert(last + 1, cell)
    # The lesson's text speaks of running cells and changing values; on this page there are none.
    about = nbformat.v4.new_markdown_cell(ABOUT_THE_APP, metadata={"tags": [APP_TAG]})
    about.id = f"{APP_TAG}-about"
    nb.cells.insert(1, about)
    return nb


#: What a student sees, instead of a traceback, when a cell of the page fails.
CELL_ERROR = "This part of the page could not be shown. Tell your instructor the lesson and the time."


#: Where Voilà finds the kit's page template (``voila/templates/scomm``), named by JUPYTER_PATH.
TEMPLATES = Path(__file__).parent / "jupyter"


def voila_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment Voilà runs in: ``base`` (default: this process's) with the kit's template found,
    and the app named for the kernels of its pages (they tell a demo student to use ``?student=``).

    >>> voila_env({})["SCOMM_APP"]
    '1'
    """
    env = dict(os.environ if base is None else base)
    env[demo_id.APP_VARIABLE] = "1"
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), env.get("JUPYTER_PATH", "")]))
    return env


def voila_command(notebook: Path, *, ip: str, port: int) -> list[str]:
    """The Voilà command line that serves ``notebook`` (run it with ``voila_env()``)."""
    return [
        str(Path(sys.executable).parent / "voila"),
        str(notebook),
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--no-browser",
        "--theme=light",
        # The kit's template: Voilà's lab page without its stylesheets from a CDN.
        "--template=scomm",
        # A student sees no traceback (it can show paths and code); the kit's own refusals are
        # shown by the cells themselves (student_from_address), and any other error as one line.
        "--show_tracebacks=False",
        f"--VoilaExecutor.cell_error_instruction={CELL_ERROR}",
    ]
