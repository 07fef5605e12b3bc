"""Finding and reading a class's submissions: every ``*.json`` under a folder, each checked, one
per student and lesson kept.

Each file is read and checked by ``scomm.exercises.submissions.read_submission`` (the same check
``scomm submit`` runs before it writes); a refused file is a ``Skip`` with its reason and never
stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from scomm.exercises.definitions import SETS_DIR, Exercise, ExerciseError, load_set
from scomm.exercises.submissions import Rejected, Submission, read_submission
from scomm.grading.records import Skip


def find_submissions(folder: Path) -> list[Path]:
    """Every ``*.json`` under ``folder``, whatever it is (file, link, folder), in sorted order.

    Folders are searched without following links, so a link cannot lead the grader outside.
    """
    found, pending = [], [Path(folder)]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    found.append(Path(entry.path))
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return sorted(found)


def read_all(
    folder: Path, sets: Mapping[str, object], *, homes: bool = False, at: datetime | None = None
) -> tuple[list[Submission], list[Skip]]:
    """Every sound submission under ``folder``, and a ``Skip`` for each file refused.

    With ``homes``, each folder directly under ``folder`` is one student's home folder, as
    collected from a shared server: a file there must hold that student's id and belong to
    the folder's owner (see ``owner_problem``).
    """
    sound, skipped = [], []
    for path in find_submissions(folder):
        name = path.relative_to(folder).as_posix()
        try:
            found = read_submission(path, sets, at=at)
            if homes:
                owner_problem(folder, path, found.student_id)
        except Rejected as exc:
            skipped.append(Skip(name, str(exc)))
            continue
        sound.append(replace(found, file=name))
    return sound, skipped


def owner_problem(folder: Path, path: Path, student_id: str) -> None:
    """Refuse a collected file that is not in ``student_id``'s home folder or not owned by its owner.

    A home folder is writable only by its owner (and the administrator), so a file there that
    its owner owns was written by that student; a file owned by anyone else was put there.
    """
    parts = path.relative_to(folder).parts
    if len(parts) < 2:
        raise Rejected("it is not inside a home folder; when collecting, each folder is one student's home")
    home = parts[0]
    if home != student_id:
        raise Rejected(
            f"it holds the answers of {student_id} but was collected from the home folder of {home}"
        )
    owner, writer = (folder / home).lstat().st_uid, path.lstat().st_uid
    if writer != owner:
        raise Rejected(
            f"it is in {home}'s home folder but belongs to another user (uid {writer}, the folder's "
            f"owner is uid {owner}), so {home} may not have written it"
        )


def keep_latest(found: Sequence[Submission]) -> tuple[list[Submission], list[Skip]]:
    """One submission per student and lesson: the latest ``submitted_at`` (then the last file name)."""
    latest: dict[tuple[str, str], Submission] = {}
    for submission in sorted(found, key=lambda s: (s.when, s.file), reverse=True):
        latest.setdefault((submission.student_id, submission.lesson), submission)
    kept = {id(s) for s in latest.values()}
    skipped = [_duplicate(s, latest[(s.student_id, s.lesson)]) for s in found if id(s) not in kept]
    return sorted(latest.values(), key=lambda s: (s.lesson, s.student_id)), skipped


def _duplicate(older: Submission, kept: Submission) -> Skip:
    if older.when == kept.when:
        return Skip(
            older.file,
            f"conflict: {older.student_id} has another submission of {older.lesson} with the same "
            f"submitted_at, {kept.file}, which was graded instead; check which one the student meant",
        )
    return Skip(
        older.file,
        f"duplicate: {older.student_id} also submitted {older.lesson} in {kept.file} "
        f"(submitted {kept.submitted_at}), which was graded instead",
    )


def exercise_sets() -> dict[str, dict[str, Exercise] | ExerciseError]:
    """Every lesson's keyed exercises, or the error that keeps the lesson from being graded."""
    sets: dict[str, dict[str, Exercise] | ExerciseError] = {}
    for path in sorted(SETS_DIR.glob("*.toml")):
        try:
            sets[path.stem] = load_set(path.stem, with_keys=True)
        except ExerciseError as exc:
            sets[path.stem] = exc
    return sets
