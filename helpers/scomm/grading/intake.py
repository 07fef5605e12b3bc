"""Finding and reading a class's submissions: every ``*.json`` under a folder, each checked, one
per student and lesson kept.

Each file is read and checked by ``scomm.exercises.submission_check.read_submission`` (the same check
``scomm submit`` runs before it writes); a refused file is a ``Skip`` with its reason and never
stops the others.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from scomm.exercises.base import Exercise, ExerciseError
from scomm.exercises.definitions import SETS_DIR, load_set
from scomm.exercises.submission_check import Rejected, StandsIn, Submission, read_submission
from scomm.grading.owners import Accounts, refusal
from scomm.grading.records import Skip

#: The answers of a submission read without them (shared: nothing changes it).
_NONE: dict[str, object] = {}


def find_submissions(folder: Path) -> list[Path]:
    """Every ``*.json`` under ``folder``, whatever it is (file, link, folder), in sorted order.

    Folders are searched without following links, so a link cannot lead the grader outside.
    """
    return [Path(name) for name in submission_files(folder)]


def submission_files(folder: Path | str) -> list[str]:
    """``find_submissions`` as plain strings, in the same order (a ``Path`` sorts part by part).

    A class of 50,000 keeps these names while it is read: strings, not ``Path`` objects, whose
    cached parts cost several times the name.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ("a/b.json", "a-b/c.json", "d.json", "e.txt"):
    ...         (Path(tmp) / name).parent.mkdir(exist_ok=True)
    ...         _ = (Path(tmp) / name).write_text("{}")
    ...     [name[len(tmp) + 1 :] for name in submission_files(tmp)]
    ['a/b.json', 'a-b/c.json', 'd.json']
    """
    found, pending = [], [os.fspath(Path(folder))]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.name.endswith(".json"):
                    found.append(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(entry.path)
    # A separator sorts before any character, as comparing part by part does.
    return sorted(found, key=lambda name: name.replace(os.sep, "\0"))


def read_all(
    folder: Path,
    sets: Mapping[str, object],
    *,
    homes: bool = False,
    at: datetime | None = None,
    answers: bool = True,
) -> tuple[list[Submission], list[Skip]]:
    """Every sound submission under ``folder``, and a ``Skip`` for each file refused.

    ``answers=False`` keeps every submission without its answers (a grader reads them again,
    one file at a time, so a class of any size fits in memory).

    With ``homes``, each folder directly under ``folder`` is one user's home folder, as on a
    shared server: a file there counts only for the student who wrote it, as
    ``scomm.grading.owners`` decides (the same rule ``scomm collect`` records).
    """
    names = submission_files(folder)
    accounts = home_accounts(folder, [Path(n) for n in names]) if homes else None
    sound, skipped = [], []
    start = len(os.fspath(Path(folder))) + 1
    for full in names:
        path, name = Path(full), full[start:]  # each Path lives for one file only
        try:
            found = read_submission(path, sets, at=at)
            if accounts is not None:
                _check_writer(folder, path, found.student_id, accounts)
        except Rejected as exc:
            skipped.append(Skip(name, str(exc), stands_in=isinstance(exc, StandsIn)))
            continue
        sound.append(replace(found, file=name) if answers else replace(found, file=name, answers=_NONE))
    return sound, skipped


def home_accounts(folder: Path, paths: Sequence[Path]) -> Accounts:
    """Which home folders under ``folder`` each account owns, or owns a file in (of ``paths``)."""
    accounts = Accounts()
    for home in os.scandir(folder):
        if home.is_dir(follow_symlinks=False):
            accounts.saw_folder(home.stat(follow_symlinks=False).st_uid, home.name)
    for path in paths:
        parts = path.relative_to(folder).parts
        if len(parts) > 1 and not path.is_symlink() and path.exists():
            accounts.saw_file(path.lstat().st_uid, parts[0])
    return accounts


def _check_writer(folder: Path, path: Path, student_id: str, accounts: Accounts) -> None:
    parts = path.relative_to(folder).parts
    if len(parts) < 2:
        raise Rejected("it is not inside a home folder; when collecting, each folder is one student's home")
    problem = refusal(student_id, accounts.writer(parts[0], path.lstat().st_uid), str(path))
    if problem:
        raise StandsIn(problem)


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
            stands_in=True,
        )
    return Skip(
        older.file,
        f"duplicate: {older.student_id} also submitted {older.lesson} in {kept.file} "
        f"(submitted {kept.submitted_at}), which was graded instead",
        stands_in=True,
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
