"""``scomm app``: one lesson served to students by Voilà, without code (``scomm.publish.app``)."""

from __future__ import annotations

import argparse
import socket
import sys
from pathlib import Path

from scomm.cli.options import add_parameter_option
from scomm.course import demo_id, params, processes
from scomm.course.layout import NOTEBOOK_DIR, lesson
from scomm.notebooks import run
from scomm.notebooks.steps import write
from scomm.publish.app import APP_DIR, app_notebook, voila_command, voila_env


def _checked(args: argparse.Namespace) -> tuple[str, dict[str, object]]:
    """The lesson and its parameters, refused in one sentence before anything starts."""
    slug = lesson(args.lesson).slug
    parameters = params.from_options(args.parameter)
    if args.student is not None:
        parameters["student_id"] = args.student
    run.preflight([NOTEBOOK_DIR / f"{slug}.ipynb"], parameters)
    if parameters.get("role", "student") != "student":
        raise params.fail(
            "role",
            "the app serves students and has no teaching notes, so {value} would show nothing more",
            'student; for the notes, run the lesson in JupyterLab with role = "instructor"',
            parameters["role"],
        )
    return slug, parameters


def cmd_app(args: argparse.Namespace) -> int:
    """Write the lesson's app notebook and serve it until stopped (or only write it, for a hub)."""
    slug, parameters = _checked(args)
    if not args.write_only and not _port_free(args.ip, args.port):
        print(
            f"scomm app: port {args.port} on {args.ip} is in use; choose another with --port", file=sys.stderr
        )
        return 2
    notebook = write(app_notebook(slug, parameters), Path(args.out) / f"{slug}.ipynb")
    if args.write_only:
        print(
            f"Wrote {notebook}; serve it with Voilà ({demo_id.APP_VARIABLE}=1 voila {notebook}: the variable "
            "tells a demo student to add ?student= to the address) or open it at <server>/voila/render/..."
        )
        return 0
    host = "127.0.0.1" if args.ip in {"0.0.0.0", "::"} else args.ip
    who = parameters.get("student_id", "demo-student")
    print(
        f"Serving {slug} at http://{host}:{args.port}/ (answers saved as {who}; "
        f"another student adds ?student=THEIR_ID to the address). Ctrl+C stops.",
        flush=True,
    )
    # Voilà and its kernels stop with the app, whether by Ctrl+C, a service manager's SIGTERM or SIGHUP.
    return processes.serve(voila_command(notebook, ip=args.ip, port=args.port), env=voila_env())


def _port_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in ip else socket.AF_INET) as probe:
        try:
            probe.bind((ip, port))
        except OSError:
            return False
    return True


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm app``."""
    app_p = commands.add_parser("app", help="serve one lesson to students as a web app, without code (Voilà)")
    app_p.add_argument("lesson", help="lesson number or notebook name, e.g. 1 or 01_program_mechanics")
    app_p.add_argument("--student", default=None, help="whose answers are saved (default: demo-student)")
    add_parameter_option(app_p)
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
