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
hands to the kernel as ``QUERY_STRING``. A bad id is refused on the page by the lesson's own
parameter check, with the same message the notebook gives. SIGTERM, SIGINT (Ctrl+C) or SIGHUP
stops the app, Voilà and every kernel it started (``scomm.course.processes``).
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs

from scomm.course import params
from scomm.course.layout import BUILD_DIR, ROOT

APP_DIR = BUILD_DIR / "app"
APP_TAG = "scomm-app"
#: The cell put after the parameters: the address's ?student= wins over the default.
STUDENT_CELL = "from scomm import app\n\nstudent_id = app.student_from_address(student_id)"
ABOUT_THE_APP = (
    "> **This is the web page version of the lesson.** There is nothing to run: read, look at the "
    "charts, answer the questions and press each button to save your answer. Where the text "
    "mentions code, cells or changing a value, that is for the notebook version in JupyterLab; "
    "your instructor chose the values this page uses."
)


def student_from_address(default: str) -> str:
    """The ``student`` named in the page's address (``?student=ID``), else ``default``."""
    values = parse_qs(os.environ.get("QUERY_STRING", "")).get("student")
    return values[-1] if values else default


def app_notebook(lesson: str, parameters: Mapping[str, object]) -> object:
    """The lesson as the app shows it: the student version, ``parameters`` set, ?student= read."""
    import nbformat

    from scomm import builds

    nb = builds.apply(builds.STUDENT_STEPS, builds.read(ROOT / "notebooks" / f"{lesson}.ipynb"))
    if parameters:
        nb = builds.personalise(nb, parameters)
    last = max(
        n
        for n, cell in enumerate(nb.cells)
        if {builds.PARAMETERS_TAG, builds.INJECTED_TAG} & set(builds.cell_tags(cell))
    )
    cell = nbformat.v4.new_code_cell(STUDENT_CELL, metadata={"tags": [APP_TAG]})
    cell.id = APP_TAG
    nb.cells.insert(last + 1, cell)
    # The lesson's text speaks of running cells and changing values; on this page there are none.
    about = nbformat.v4.new_markdown_cell(ABOUT_THE_APP, metadata={"tags": [APP_TAG]})
    about.id = f"{APP_TAG}-about"
    nb.cells.insert(1, about)
    return nb


def voila_command(notebook: Path, *, ip: str, port: int) -> list[str]:
    """The Voilà command line that serves ``notebook``."""
    return [
        str(Path(sys.executable).parent / "voila"),
        str(notebook),
        f"--Voila.ip={ip}",
        f"--port={port}",
        "--no-browser",
        "--theme=light",
        # The lesson's own messages (a bad student id, say) are one line, written for students.
        "--show_tracebacks=True",
    ]


def cmd_app(args: argparse.Namespace) -> int:
    from scomm import run
    from scomm.course import layout as course

    try:
        lesson = course.lesson(int(args.lesson) if args.lesson.isdigit() else args.lesson).slug
        parameters = params.from_options(args.parameter)
        if args.student is not None:
            parameters["student_id"] = args.student
        run.preflight([ROOT / "notebooks" / f"{lesson}.ipynb"], parameters)
        if parameters.get("role", "student") != "student":
            raise params.fail(
                "role",
                "the app serves students and has no teaching notes, so {value} would show nothing more",
                'student; for the notes, run the lesson in JupyterLab with role = "instructor"',
                parameters["role"],
            )
    except (KeyError, params.ParameterError) as exc:
        print(f"scomm app: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 2
    if not args.write_only and not _port_free(args.ip, args.port):
        print(
            f"scomm app: port {args.port} on {args.ip} is in use; choose another with --port", file=sys.stderr
        )
        return 2
    from scomm import builds

    notebook = builds.write(app_notebook(lesson, parameters), Path(args.out) / f"{lesson}.ipynb")
    if args.write_only:
        print(
            f"Wrote {notebook}; serve it with Voilà (voila {notebook}) or open it at <server>/voila/render/..."
        )
        return 0
    host = "127.0.0.1" if args.ip in {"0.0.0.0", "::"} else args.ip
    who = parameters.get("student_id", "demo-student")
    print(
        f"Serving {lesson} at http://{host}:{args.port}/ (answers saved as {who}; "
        f"another student adds ?student=THEIR_ID to the address). Ctrl+C stops.",
        flush=True,
    )
    from scomm.course import processes

    # Voilà and its kernels stop with the app, whether by Ctrl+C, a service manager's SIGTERM or SIGHUP.
    return processes.serve(voila_command(notebook, ip=args.ip, port=args.port))


def _port_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as probe:
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def register(sub: argparse._SubParsersAction) -> None:
    """Add ``scomm app``."""
    app_p = sub.add_parser("app", help="serve one lesson to students as a web app, without code (Voilà)")
    app_p.add_argument("lesson", help="lesson number or notebook name, e.g. 1 or 01_program_mechanics")
    app_p.add_argument("--student", default=None, help="whose answers are saved (default: demo-student)")
    params.add_option(app_p)
    app_p.add_argument("--port", type=int, default=8866, help="port to serve on (default: %(default)s)")
    app_p.add_argument(
        "--ip",
        default="127.0.0.1",
        help="address to listen on; 0.0.0.0 for other machines (default: %(default)s)",
    )
    app_p.add_argument(
        "--out", default=str(APP_DIR), help="folder for the app's notebook (default: %(default)s)"
    )
    app_p.add_argument(
        "--write-only", action="store_true", help="write the app's notebook into --out and stop (for a hub)"
    )
    app_p.set_defaults(func=cmd_app)
