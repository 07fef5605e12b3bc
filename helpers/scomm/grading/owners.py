"""Whose file is it: a collected submission is graded only if its owner is the student it names.

``scomm collect`` records each file's owner in ``collected.csv`` beside the files
(``scomm.grading.collect``). When the folder being graded has that manifest, each submission
must be listed in it, and its owner must be the student the file names: the same name, or the
name TLJH gives the student's account (``jupyter-<name>``, long names shortened). A folder without a manifest (files a
class handed in through the LMS, say) is graded as before.

>>> owned_by("ana", "ana"), owned_by("jupyter-ana", "ana"), owned_by("ben", "ana")
(True, True, False)
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from scomm.exercises.submissions import Submission
from scomm.grading.collect import COLLECTED, FOLDER, read_manifest
from scomm.grading.records import Skip

#: The Littlest JupyterHub names each hub user's system account ``jupyter-<name>``.
ACCOUNT_PREFIX = "jupyter-"
#: ... and shortens a name of this many characters or more (tljh/normalize.py).
TLJH_LONGEST = 26


def tljh_account(student_id: str) -> str:
    """The system account TLJH makes for a hub user: ``jupyter-<name>``, a long one cut to 26
    characters plus ``-`` and the first 5 hex digits of the full name's SHA-256.

    >>> tljh_account("ana"), tljh_account("maria.fernandez-gutierrez")
    ('jupyter-ana', 'jupyter-maria.fernandez-gu-43b21')
    """
    name = ACCOUNT_PREFIX + student_id
    if len(name) < TLJH_LONGEST:
        return name
    return f"{name[:TLJH_LONGEST]}-{hashlib.sha256(name.encode()).hexdigest()[:5]}"


def owned_by(owner: str, student_id: str) -> bool:
    """True when the account or folder ``owner`` is the student ``student_id`` (or TLJH's account for them)."""
    return owner in (student_id, tljh_account(student_id))


def check_owners(folder: Path, found: Sequence[Submission]) -> tuple[list[Submission], list[Skip]]:
    """The submissions whose recorded owner is their student, and a ``Skip`` for each other one."""
    rows = {r.file: r for r in read_manifest(folder)}
    if not rows and not (Path(folder) / COLLECTED).is_file():
        return list(found), []
    kept, refused = [], []
    for submission in found:
        row = rows.get(submission.file)
        if row is None:
            refused.append(Skip(submission.file, f"it is not in {COLLECTED}, so who wrote it is unknown"))
        elif not owned_by(row.owner, submission.student_id):
            how = "whose folder it was in" if row.identified_by == FOLDER else "who owns the file"
            refused.append(
                Skip(
                    submission.file,
                    f"owner: it names {submission.student_id}, but {row.owner} is {how} ({row.source})",
                )
            )
        else:
            kept.append(submission)
    return kept, refused
