"""``scomm collect``: copy a class's submission files into one folder, recording who owns each.

Two places to collect from, one layout after:

- home folders (``--homes '/home/*'``): ``<home>/scomm-responses/submissions/**.json`` of each
  (TLJH's ``/home/jupyter-<name>``, or NFS-backed homes on Zero to JupyterHub);
- an exchange folder (``--exchange DIR``): ``DIR/<user>/**.json``, one hand-in folder per user
  (Zero to JupyterHub's shared volume mounted with ``subPath: handin/{username}``).

Each file lands in ``<out>/<user>/...`` and gets a row in ``<out>/collected.csv``: the folder it
came from, its owner, and how the owner was known (``scomm.grading.owners`` decides who wrote a
file, for this and for ``scomm grade --homes``). ``scomm grade`` refuses a file whose owner is
not the student it names (``check_owners``).

Links are never followed (a student controls their home), and only regular files up to the
size a submission may be are read; anything else is listed as not collected, with the reason.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from glob import glob
from pathlib import Path

from scomm.course import durable
from scomm.course.outputs import unwritable
from scomm.course.params import STUDENT_ID
from scomm.course.sheets import csv_text, unsafe_cell
from scomm.errors import ScommError
from scomm.exercises.submission_check import Rejected, Submission, read_bounded
from scomm.grading.intake import find_submissions
from scomm.grading.owners import Accounts, Writer, refusal
from scomm.grading.records import Skip

#: The manifest beside the collected files (``scomm.grading.owners`` reads it).
COLLECTED = "collected.csv"
#: Where the kit keeps submissions in a hub user's home (``scomm.course.hub``).
IN_HOME = "scomm-responses/submissions"


class CollectError(ScommError, ValueError):
    """Nothing to collect from: the message names the pattern or folder and what was expected."""


@dataclass(frozen=True)
class Row:
    """One collected file, as ``collected.csv`` records it."""

    file: str  # inside the output folder
    user: str  # the home or hand-in folder it came from
    owner: str
    uid: int
    identified_by: (
        str  # owners.ACCOUNT (the file's owner) or owners.FOLDER (a shared account: the folder's user)
    )
    source: str
    modified: str  # the file's modification time, UTC
    sha256: str


@dataclass(frozen=True)
class Found:
    user: str
    path: Path
    rel: str
    data: bytes
    uid: int
    mtime: float


def from_homes(pattern: str, inside: str = IN_HOME) -> list[tuple[str, Path, Path]]:
    """``(user, folder, where to search)`` for each home folder ``pattern`` matches."""
    homes = sorted(Path(p) for p in glob(pattern) if Path(p).is_dir() and not Path(p).is_symlink())
    if not homes:
        raise CollectError(f"--homes {pattern!r} matches no folder; give a pattern such as '/home/*'")
    return [(home.name, home, home / inside) for home in homes]


def from_exchange(folder: Path) -> list[tuple[str, Path, Path]]:
    """``(user, folder, where to search)`` for each user's hand-in folder in ``folder``."""
    if not folder.is_dir():
        raise CollectError(
            f"--exchange {folder} is not a folder; give the folder holding one folder per user"
        )
    users = sorted(p for p in folder.iterdir() if p.is_dir() and not p.is_symlink())
    return [(p.name, p, p) for p in users]


def gather(places: Iterable[tuple[str, Path, Path]]) -> tuple[list[Found], list[str], Accounts]:
    """Every submission file found, the reasons files were left, and which users' folders each account owns."""
    found, left, accounts = [], [], Accounts()
    for user, folder, where in places:
        if not STUDENT_ID.fullmatch(user):
            left.append(f"{folder}: the folder's name cannot name a user's files")
            continue
        accounts.saw_folder(folder.lstat().st_uid, user)
        if not where.is_dir() or where.is_symlink():
            continue
        for path in find_submissions(where):
            try:
                data, status = read_bounded(path)
            except Rejected as exc:
                left.append(f"{path}: {exc}")
                continue
            accounts.saw_file(status.st_uid, user)
            rel = f"{user}/{path.relative_to(where).as_posix()}"
            found.append(Found(user, path, rel, data, status.st_uid, status.st_mtime))
    return found, left, accounts


def row(item: Found, accounts: Accounts) -> Row:
    """The manifest row of one file, its owner as ``owners.Accounts.writer`` decides."""
    writer = accounts.writer(item.user, item.uid)
    return Row(
        file=item.rel,
        user=item.user,
        owner=writer.name,
        uid=item.uid,
        identified_by=writer.by,
        source=str(item.path),
        modified=datetime.fromtimestamp(item.mtime, UTC).isoformat(timespec="seconds"),
        sha256=hashlib.sha256(item.data).hexdigest(),
    )


def collect(places: Iterable[tuple[str, Path, Path]], out: Path) -> tuple[list[Row], list[str]]:
    """Copy every submission file into ``out`` and write ``out/collected.csv``; return the rows and what was left.

    Rows of earlier collections whose files are still in ``out`` are kept; this run's replace them.
    """
    found, left, accounts = gather(places)
    rows = {r.file: r for r in read_manifest(out)}
    with unwritable(out):  # a read-only or full disk: one sentence naming the folder
        for item in found:
            durable.replace(out / item.rel, item.data)
            rows[item.rel] = row(item, accounts)
        kept = [r for r in rows.values() if (out / r.file).is_file()]
        durable.replace(out / COLLECTED, manifest_csv(kept).encode("utf-8"))
    return [rows[item.rel] for item in found], left


FIELDS = tuple(Row.__dataclass_fields__)


def manifest_csv(rows: Iterable[Row]) -> str:
    """``collected.csv``: spreadsheet-safe, and read back exactly (``verbatim``), since its file
    names are matched against the files; a student chooses the folders inside their home."""
    values = ([getattr(r, name) for name in FIELDS] for r in sorted(rows, key=lambda r: r.file))
    return csv_text([FIELDS, *values], verbatim=True)


def read_manifest(folder: Path) -> list[Row]:
    """The rows of ``folder/collected.csv`` (none if there is no such file)."""
    path = Path(folder) / COLLECTED
    if not path.is_file():
        return []
    rows = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, found in enumerate(csv.DictReader(handle), start=2):
            if set(found) != set(FIELDS) or not (found["uid"] or "").isdigit():
                raise CollectError(
                    f"{path}, row {number}: not a row scomm collect wrote (columns {', '.join(FIELDS)}); "
                    "collect again into an empty folder"
                )
            rows.append(Row(**{**{k: unsafe_cell(v) for k, v in found.items()}, "uid": int(found["uid"])}))
    return rows


def check_owners(folder: Path, found: Sequence[Submission]) -> tuple[list[Submission], list[Skip]]:
    """The submissions whose recorded owner is their student, and a ``Skip`` for each other one.

    Only where ``folder`` has a ``collected.csv``: files a class handed in through the LMS, say,
    are graded as before. With one, every submission must be listed in it.
    """
    rows = {r.file: r for r in read_manifest(folder)}
    if not rows and not (Path(folder) / COLLECTED).is_file():
        return list(found), []
    kept, refused = [], []
    for submission in found:
        entry = rows.get(submission.file)
        if entry is None:
            refused.append(Skip(submission.file, f"it is not in {COLLECTED}, so who wrote it is unknown"))
            continue
        problem = refusal(submission.student_id, Writer(entry.owner, entry.identified_by), entry.source)
        if problem:
            refused.append(Skip(submission.file, problem, stands_in=True))
        else:
            kept.append(submission)
    return kept, refused
