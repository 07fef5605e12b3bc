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


def read_all(folder: Path, sets: Mapping[str, object]) -> tuple[list[Submission], list[Skip]]:
    """Every sound submission under ``folder``, and a ``Skip`` for each file refused."""
    sound, skipped = [], []
    for path in find_submissions(folder):
        name = path.relative_to(folder).as_posix()
        try:
            found = read_submission(path, sets)
        except Rejected as exc:
            skipped.append(Skip(name, str(exc)))
            continue
        sound.append(replace(found, file=name))
    return sound, skipped


def keep_latest(found: Sequence[Submission]) -> tuple[list[Submission], list[Skip]]:
    """One submission per student and lesson: the latest ``submitted_at`` (then the last file name)."""
    latest: dict[tuple[str, str], Submission] = {}
    for submission in sorted(found, key=lambda s: (s.when, s.file), reverse=True):
        latest.setdefault((submission.student_id, submission.lesson), submission)
    kept = {id(s) for s in latest.values()}
    skipped = [_duplicate(s, latest[(s.student_id, s.lesson)]) for s in found if id(s) not in kept]
    return sorted(latest.values(), key=lambda s: (s.lesson, s.student_id)), skipped


def _duplicate(older: Submission, kept: Submission) -> Skip:
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
