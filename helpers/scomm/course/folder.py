"""An instructor's course folder: ``scomm init DIR`` writes one; every other command needs one.

A course folder holds the course's ``data/``, ``notebooks/``, ``lessons/`` and ``keys/`` and a
``scomm.toml`` that marks it (and names the kit it was made with). The instructor edits and
versions it. Commands find it as ``scomm.course.layout`` does: ``--course DIR`` or
``$SCOMM_COURSE``, else the nearest folder from the working folder up that holds ``scomm.toml``.
The kit's checkout is a course folder too.

>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     made = init_course(Path(tmp) / "fall-2026")
...     sorted(p.name for p in made.iterdir()), check_course(made)["course"]["title"]
(['data', 'keys', 'lessons', 'notebooks', 'scomm.toml'], 'Secure Communities')
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

from scomm import __version__
from scomm.course.layout import COURSE_ENV, COURSE_FILE, DEFAULT_COURSE
from scomm.errors import ScommError

#: What a course folder holds besides its scomm.toml.
FOLDERS = ("data", "notebooks", "lessons", "keys")
CONFIG = f"""# An instructor's course folder for scomm-kit. The `scomm` commands run inside it (or given
# --course DIR, or SCOMM_COURSE) use its data/, notebooks/, lessons/ and keys/.
[course]
title = "Secure Communities"
made_with = "scomm-kit {__version__}"
"""
_LEFT_OUT = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")


class CourseError(ScommError, RuntimeError):
    """No course folder where one is needed, or one that cannot be read or written; one sentence."""


def init_course(folder: Path) -> Path:
    """Write a course folder at ``folder`` from the kit's own course; refuse a folder that holds anything."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise CourseError(f"{folder} already exists and is not empty; give a new folder's name")
    missing = [name for name in FOLDERS if not (DEFAULT_COURSE / name).is_dir()]
    if missing:
        raise CourseError(
            f"the kit's own course at {DEFAULT_COURSE} lacks {', '.join(missing)}; reinstall the kit"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in FOLDERS:
            shutil.copytree(DEFAULT_COURSE / name, folder / name, ignore=_LEFT_OUT)
        (folder / COURSE_FILE).write_text(CONFIG, encoding="utf-8")
    except OSError as exc:
        raise CourseError(
            f"{folder} cannot be written ({exc.strerror or exc}); choose another folder"
        ) from None
    return folder


def check_course(root: Path) -> dict:
    """The course folder's settings, or ``CourseError`` saying why ``root`` is not a usable course folder."""
    config = Path(root) / COURSE_FILE
    where = (
        f"run it inside a course folder (`scomm init DIR` makes one), pass --course DIR or set {COURSE_ENV}"
    )
    if not config.is_file():
        raise CourseError(f"{root} is not a course folder (it has no {COURSE_FILE}); {where}")
    try:
        settings = tomllib.loads(config.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise CourseError(
            f"{config} cannot be read as TOML ({exc}); compare it with a new `scomm init`"
        ) from None
    if not isinstance(settings.get("course"), dict):
        raise CourseError(f"{config} has no [course] table; compare it with a new `scomm init`")
    missing = [name for name in FOLDERS if not (Path(root) / name).is_dir()]
    if missing:
        raise CourseError(f"the course folder {root} has no {', '.join(f'{m}/' for m in missing)}; {where}")
    return settings
