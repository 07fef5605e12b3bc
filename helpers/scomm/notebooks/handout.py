"""``scomm handout DIR``: the student-only repository a class pulls onto a hub with nbgitpuller.

It holds each lesson's student version (instructor cells dropped, no outputs, ``role`` set to
student) and a short README, committed in git; never keys, teaching notes or lesson plans. Each
notebook is scanned for key explanations, teaching notes and instructor cells as a student build
is (``scomm.notebooks.build.leaks``), and nothing is written if one is found. The kit itself
(code and data) is installed on the hub, so the repository stays small.

>>> sorted(handout_files())  # doctest: +NORMALIZE_WHITESPACE
['.gitignore', '01_program_mechanics.ipynb', '02_opt_out_dispute.ipynb', '03_detainer_law.ipynb',
 '04_pep_transition.ipynb', 'README.md']
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from scomm.course.layout import INSTRUCTOR_TAG, KEYS_DIR, LESSONS
from scomm.course.notes import NOTES_DIR
from scomm.course.outputs import MANIFEST, OutputFolder
from scomm.errors import ScommError
from scomm.notebooks.build import leaks, secrets
from scomm.notebooks.steps import STUDENT_STEPS, apply, cell_tags, read

README = """# Secure Communities: the lessons

Open a lesson, then choose *Run* → *Run All Cells*. Your answers are saved as you give them, in
`scomm-responses/` in your home folder, under your hub user name. When you have finished a lesson,
press *Submit this lesson*.

If your instructor sends a new version, follow the same link again: your own changes are kept.
"""


class HandoutError(ScommError, RuntimeError):
    """The hand-out cannot be written: instructor text would leak, or git failed; the message says which."""


def handout_files() -> dict[str, bytes]:
    """Every file of the hand-out by its name; raises ``HandoutError`` if instructor text would be in it."""
    import nbformat

    forbidden = secrets(KEYS_DIR, NOTES_DIR)
    files = {"README.md": README.encode(), ".gitignore": f"{MANIFEST}\n".encode()}
    for lesson in LESSONS:
        original = read(lesson.notebook)
        student = apply(STUDENT_STEPS, original)
        instructor_cells = [c.source for c in original.cells if INSTRUCTOR_TAG in cell_tags(c) and c.source]
        found = leaks(student, [*forbidden, *instructor_cells])
        if found:
            raise HandoutError(f"{lesson.notebook.name} would show instructor text to students: {found[:3]}")
        files[lesson.notebook.name] = nbformat.writes(student).encode()
    return files


def write_handout(folder: Path, *, force: bool = False) -> str | None:
    """Write the hand-out into ``folder`` (a git repository, made if need be) and commit it.

    Returns the new commit's id, or ``None`` when the hand-out was already committed as it is.
    """
    folder = Path(folder)
    OutputFolder(folder, by="handout", force=force).commit(handout_files())
    if not (folder / ".git").exists():
        _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", "-A")
    if not _git(folder, "status", "--porcelain"):
        return None
    _git(folder, *_identity(folder), "commit", "-q", "-m", "Hand-out of the Secure Communities lessons")
    return _git(folder, "rev-parse", "HEAD")


def _identity(folder: Path) -> list[str]:
    """The instructor's git identity if set; otherwise one naming the kit, so the commit is made."""
    if _git(folder, "config", "user.email", check=False):
        return []
    return ["-c", "user.name=scomm handout", "-c", "user.email=scomm@localhost"]


def _git(folder: Path, *args: str, check: bool = True) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise HandoutError(f"git {args[0]} could not run in {folder} ({exc}); is git installed?") from None
    if check and done.returncode != 0:
        raise HandoutError(f"git {args[0]} failed in {folder}: {done.stderr.strip()[:300]}")
    return done.stdout.strip()
