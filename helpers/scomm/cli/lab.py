"""``scomm lab``: JupyterLab over the kit's folder, with the lessons opened from working copies.

    scomm lab                      # what `make lab` runs
    scomm lab --prepare-only       # make the working copies and print the command, start nothing

The file browser shows the whole kit, so a student reaches the lessons (``my-lessons/``),
their answers and submission files (``responses/``) and the executed copies ``make run``
writes (``build/executed/``). The copies are trusted, so their charts show before a run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from scomm.course import durable
from scomm.course.layout import ROOT
from scomm.errors import ScommError
from scomm.exercises import responses
from scomm.notebooks import workcopy

#: Nothing asked of the network while a student works: by default JupyterLab's server asks PyPI
#: for a newer JupyterLab when the page opens, fetches a news feed once someone opts in, and its
#: extension manager searches PyPI. The same settings serve the command line and a config file.
OFFLINE_SETTINGS: dict[str, object] = {
    "news_url": None,
    "check_for_updates_class": "jupyterlab.handlers.announcements.NeverCheckForUpdate",
    "extension_manager": "readonly",
}
OFFLINE = tuple(f"--LabApp.{name}={value}" for name, value in OFFLINE_SETTINGS.items())


def write_offline_config(prefix: Path) -> Path:
    """Add the offline settings to the server config every Jupyter server under ``prefix`` reads.

    For an image that serves students without ``scomm lab`` (Binder's ``postBuild``, a hub's
    single-user image): ``<prefix>/etc/jupyter/jupyter_server_config.json``, its other settings kept.
    (JupyterLab reads its own settings from that file, not from ``jupyter_server_config.d/``.)

    >>> import tempfile
    >>> path = write_offline_config(Path(tempfile.mkdtemp()))
    >>> json.loads(path.read_text())["LabApp"]["news_url"] is None
    True
    """
    path = prefix / "etc" / "jupyter" / "jupyter_server_config.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    config.setdefault("LabApp", {}).update(OFFLINE_SETTINGS)
    # All at once: an administrator's own settings in that file are never left half-written.
    durable.replace(path, (json.dumps(config, indent=2) + "\n").encode("utf-8"))
    return path


#: Defaults for the students' JupyterLab (a student's own settings still win): every cell of a lesson
#: laid out, on screen or not. In JupyterLab's default mode, ``contentVisibility``, a cell out of view
#: has an estimated height (jupyterlab/jupyterlab#17822); after Run All, the cells above a question
#: grew by about 1,000 px in the frames after it was scrolled into view, so its options moved under
#: the pointer (w3c/csswg-drafts#9833: a scroll target moves as estimated content is revealed). A
#: click whose press and release land on different elements checks nothing, and the student then
#: reads "Choose an option first." A lesson has under 100 cells, so laying out all of them is cheap.
LAB_SETTINGS: dict[str, dict[str, object]] = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def write_lab_settings(settings_dir: Path | None = None) -> Path:
    """Write ``LAB_SETTINGS`` where JupyterLab reads the defaults a package sets; return the file.

    ``settings_dir`` is JupyterLab's application settings folder; by default the one the
    ``jupyter lab`` of this environment reads (``<sys.prefix>/share/jupyter/lab/settings``).

    >>> import tempfile
    >>> path = write_lab_settings(Path(tempfile.mkdtemp()))
    >>> path.parent.name, json.loads(path.read_text())["@jupyterlab/notebook-extension:tracker"]
    ('overrides.d', {'windowingMode': 'none'})
    """
    if settings_dir is None:
        from jupyterlab.commands import get_app_dir

        settings_dir = Path(get_app_dir()) / "settings"
    path = settings_dir / "overrides.d" / "scomm-kit.json"
    durable.replace(path, (json.dumps(LAB_SETTINGS, indent=2) + "\n").encode("utf-8"))
    return path


def lab_command(first: Path, *, allow_root: bool) -> list[str]:
    """The JupyterLab command: the kit's folder served, ``first`` opened, nothing fetched from the network."""
    command = [
        str(Path(sys.executable).parent / "jupyter"),
        "lab",
        f"--ServerApp.root_dir={ROOT}",
        *OFFLINE,
        str(first.resolve()),  # absolute: JupyterLab reads a relative one from the current folder
    ]
    return [*command, "--allow-root"] if allow_root else command


def _trust(paths: list[Path]) -> None:
    from nbformat import read
    from nbformat.sign import NotebookNotary

    notary = NotebookNotary()
    for path in paths:
        notary.sign(read(path, as_version=4))


def cmd_lab(args: argparse.Namespace) -> int:
    """Make or update the working copies, then start JupyterLab (unless --prepare-only)."""
    work = Path(args.work).resolve()
    if not work.is_relative_to(ROOT):
        raise ScommError(
            f"--work {args.work} is outside the kit's folder {ROOT}; JupyterLab serves only that"
        )
    copies = workcopy.refresh(workcopy.lessons(), work)
    _trust([c.path for c in copies])
    responses.root().mkdir(parents=True, exist_ok=True)  # in the file browser before the first answer
    said = workcopy.summary(copies)
    if said:
        print(said)
    try:
        write_lab_settings()
    except OSError as problem:  # a read-only installation: JupyterLab still starts, with its own default
        print(f"Note: JupyterLab's layout default for the lessons was not written ({problem}).")
    command = lab_command(copies[0].path if copies else work, allow_root=os.geteuid() == 0)
    print(f"Lessons: {args.work}/   Answers and submissions: responses/   Executed copies: build/executed/")
    if args.prepare_only:
        print(" ".join(command))
        return 0
    sys.stdout.flush()
    os.execv(command[0], command)  # JupyterLab takes over this process, and Ctrl+C, from here


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm lab``."""
    lab_p = commands.add_parser(
        "lab",
        help="open the lessons in JupyterLab from working copies (tracked notebooks never change)",
        description="Copy each lesson into my-lessons/ (a copy you edited is kept; a new version goes "
        "beside it) and start JupyterLab over the kit's folder, so the file browser reaches your "
        "answers (responses/) and the executed copies (build/executed/).",
    )
    lab_p.add_argument(
        "--work", default=str(workcopy.WORK_DIR), help="folder of the working copies (default: %(default)s)"
    )
    lab_p.add_argument(
        "--prepare-only", action="store_true", help="make the copies and print the command; start nothing"
    )
    lab_p.set_defaults(func=cmd_lab)
