"""Who wrote a file found in a user's folder, and the one refusal when it is not the student it names.

Both ways of taking files from a shared server decide it here: ``scomm collect`` records the
writer of each file in ``collected.csv`` (``scomm.grading.collect``), and ``scomm grade --homes``
decides it as it reads each home folder (``scomm.grading.intake``).

The writer is the account that owns the file, unless several users work as that account, as when
one service account runs every student's server (all of Zero to JupyterHub's pods run as uid
1000; ``Accounts.shared``): then the account says nothing about the person, and the writer is the
user whose folder the hub gave them. The file counts only for that student: the
same name, or the name TLJH gives the student's account (``jupyter-<name>``, long names shortened).

>>> seen = Accounts()
>>> for uid, user in ((1000, "ana"), (1000, "ben"), (1001, "chloe")):
...     seen.saw_folder(uid, user)
>>> seen.writer("ana", 1000), refusal("ana", seen.writer("ben", 1000), "ben/ana.json")
(Writer(name='ana', by='folder'), 'owner: it names ana, but ben is whose folder it was in (ben/ana.json)')
"""

from __future__ import annotations

import hashlib
import pwd
from dataclasses import dataclass, field

#: How a writer was known: the account owning the file, or (a shared account) the folder's user.
ACCOUNT, FOLDER = "account", "folder"
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
    """True when the account or folder ``owner`` is the student ``student_id`` (or TLJH's account for them).

    >>> owned_by("ana", "ana"), owned_by("jupyter-ana", "ana"), owned_by("ben", "ana")
    (True, True, False)
    """
    return owner in (student_id, tljh_account(student_id))


def account(uid: int) -> str:
    """The name of the account ``uid``, or ``uid-<n>`` when the system has none."""
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid-{uid}"


@dataclass(frozen=True)
class Writer:
    """Who wrote a file: ``name`` (an account, or a user whose folder held it) and ``by`` which."""

    name: str
    by: str


@dataclass
class Accounts:
    """The users whose folders each account owns, and in whose folders it owns files, as seen."""

    folders: dict[int, set[str]] = field(default_factory=dict)
    files: dict[int, set[str]] = field(default_factory=dict)

    def saw_folder(self, uid: int, user: str) -> None:
        """Note that account ``uid`` owns ``user``'s folder."""
        self.folders.setdefault(uid, set()).add(user)

    def saw_file(self, uid: int, user: str) -> None:
        """Note that account ``uid`` owns a file in ``user``'s folder."""
        self.files.setdefault(uid, set()).add(user)

    def shared(self, uid: int) -> bool:
        """Whether ``uid`` is an account several users work as: it owns several users' folders,
        or none and files in several (a service account in folders the hub made as root). An
        account owning exactly one user's folder is that user's, wherever it leaves a file."""
        homes = self.folders.get(uid, set())
        return len(homes) > 1 or (not homes and len(self.files.get(uid, ())) > 1)

    def writer(self, user: str, uid: int) -> Writer:
        """Who wrote a file owned by ``uid`` in ``user``'s folder (once every folder has been seen)."""
        return Writer(user, FOLDER) if self.shared(uid) else Writer(account(uid), ACCOUNT)


def refusal(student_id: str, writer: Writer, source: str) -> str | None:
    """Why a file naming ``student_id`` does not count for them (``None``: it does)."""
    if owned_by(writer.name, student_id):
        return None
    how = "whose folder it was in" if writer.by == FOLDER else "who owns the file"
    return f"owner: it names {student_id}, but {writer.name} is {how} ({source})"
