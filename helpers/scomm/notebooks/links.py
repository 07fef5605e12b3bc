"""``scomm links``: the nbgitpuller links that put the hand-out into each student's hub home.

One shared link (``/hub/user-redirect/git-pull?...``) serves a whole class: whoever signs in gets
their own server, clone and answers. A roster gives one link per student instead
(``/hub/spawn/<name>?next=/user/<name>/git-pull?...``): JupyterHub starts that user's server
only for that user, so a student signed in as someone else on a shared computer is stopped
rather than answering in the wrong account.

>>> link("https://hub.example.edu/", "https://git.example.edu/t/scomm-handout.git", lesson="1")
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgit.example.edu%2Ft%2Fscomm-handout.git&branch=main&urlpath=lab%2Ftree%2Fscomm-handout%2F01_program_mechanics.ipynb'
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlencode, urlsplit

from scomm.course.layout import lesson as find_lesson
from scomm.course.sheets import csv_text
from scomm.errors import ScommError


class LinkError(ScommError, ValueError):
    """A hub or repository address the links cannot be made from; the message names it."""


def _check_url(name: str, url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https", "ssh", "file") or not (parts.netloc or parts.scheme == "file"):
        raise LinkError(
            f"--{name} {url!r} is not an address (allowed: an http://, https://, ssh:// or file:// URL)"
        )
    return url.rstrip("/")


def folder_name(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: its last path part without ``.git``.

    >>> folder_name("https://github.com/me/scomm-handout.git"), folder_name("file:///srv/handout/")
    ('scomm-handout', 'handout')
    """
    name = urlsplit(repo).path.rstrip("/").rsplit("/", 1)[-1]
    return name.removesuffix(".git")


def link(
    hub: str, repo: str, *, branch: str = "main", lesson: str | None = None, user: str | None = None
) -> str:
    """The link that clones (or updates) ``repo`` in the student's home and opens the lesson (or the folder)."""
    hub, repo = _check_url("hub", hub), _check_url("repo", repo)
    path = f"lab/tree/{folder_name(repo)}"
    if lesson is not None:
        path += f"/{find_lesson(lesson).slug}.ipynb"
    query = urlencode({"repo": repo, "branch": branch, "urlpath": path})
    if user is None:
        return f"{hub}/hub/user-redirect/git-pull?{query}"
    # The hub starts the named user's server (refusing anyone else), then sends them on to the pull.
    name = quote(user, safe="")
    pull = f"{urlsplit(hub).path}/user/{name}/git-pull?{query}"
    return f"{hub}/hub/spawn/{name}?{urlencode({'next': pull})}"


def roster_links(hub: str, repo: str, students: Sequence[tuple[str, str]], **options: str | None) -> str:
    """CSV ``student_id,name,link`` with one link per ``(student_id, name)``, for a mail merge or the LMS.

    A roster's names are whatever the instructor's export held, so every cell is spreadsheet-safe.
    """
    rows = [[student_id, name, link(hub, repo, user=student_id, **options)] for student_id, name in students]
    return csv_text([["student_id", "name", "link"], *rows])
