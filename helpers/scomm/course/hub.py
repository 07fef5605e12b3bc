"""What changes when the kit runs under JupyterHub: whose answers, and where they are kept.

Every JupyterHub spawner gives a student's server (and so its kernels) the hub user's name in
``JUPYTERHUB_USER``. Under a hub, with no notebook edited:

- a lesson whose parameter cell still says the demo student records its answers under the hub
  user (``student_id`` set by ``scomm release`` or by hand still wins);
- answers and submissions go to ``~/scomm-responses`` in the student's own home, not into the
  course folder or the kit's install folder (``SCOMM_RESPONSES`` still wins).

>>> student_id("demo-student", {"JUPYTERHUB_USER": "ana"}), student_id("s-042", {"JUPYTERHUB_USER": "ana"})
('ana', 's-042')
>>> student_id("demo-student", {})
'demo-student'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from scomm.course.layout import COURSE_FILE

#: The parameter cell's default ``student_id``: someone who just opens a lesson.
DEMO_STUDENT = "demo-student"
#: Set by every JupyterHub spawner in a student's server and kernels.
HUB_USER = "JUPYTERHUB_USER"
#: The answers folder an administrator may set (it wins over every default).
RESPONSES = "SCOMM_RESPONSES"
#: The answers folder's name in a hub user's home.
HOME_FOLDER = "scomm-responses"


def hub_user(environ: Mapping[str, str] | None = None) -> str | None:
    """The hub user this process runs for, or ``None`` outside a hub."""
    return (os.environ if environ is None else environ).get(HUB_USER) or None


def student_id(value: object, environ: Mapping[str, str] | None = None) -> object:
    """``value``, except that the demo default becomes the hub user under a hub (checked as any id is)."""
    user = hub_user(environ)
    return user if value == DEMO_STUDENT and user else value


def responses_root(course: Path, environ: Mapping[str, str] | None = None) -> Path:
    """Where answers are kept: ``$SCOMM_RESPONSES``; under a hub ``~/scomm-responses``; else the
    course folder's ``responses/``, or ``~/scomm-responses`` when the kit runs its own installed
    course (a wheel's package folder is no place for a student's answers).

    >>> responses_root(Path("/kit"), {"JUPYTERHUB_USER": "ana", "HOME": "/home/ana"})
    PosixPath('/home/ana/scomm-responses')
    >>> responses_root(Path("/kit"), {"SCOMM_RESPONSES": "/srv/r", "JUPYTERHUB_USER": "ana"})
    PosixPath('/srv/r')
    """
    env = os.environ if environ is None else environ
    if env.get(RESPONSES):
        return Path(env[RESPONSES])
    if not hub_user(env) and (course / COURSE_FILE).is_file():
        return course / "responses"
    # HOME is what a spawner set; without it, the account's home from the password database.
    home = env.get("HOME")
    return (Path(home) if home else Path("~").expanduser()) / HOME_FOLDER
