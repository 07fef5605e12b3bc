"""``scomm mark``'s web server: the marking desk on 127.0.0.1, stdlib ``http.server`` only.

    scomm mark 4 --submissions handed-in/ --marker ta-lee

Routes: ``/`` (carry on where marking stopped), ``/q/N`` and ``/s/N`` (the N-th answer by
question or by student; ``?names=1`` shows names), ``POST /mark`` (save one mark, JSON), and
``/static/mark.js`` and ``/static/mark.css``. Nothing is fetched from anywhere else.

Students write the answers shown, so the server trusts none of it: every value on a page is
escaped, and each page forbids inline script (``Content-Security-Policy``), so even an answer
that got past escaping could not run. A mark is accepted only as JSON from a page of this
server (its ``Host`` and ``Origin``), so another web site open in the marker's browser cannot
post marks to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from scomm.exercises.base import Exercise
from scomm.grading.desk import Desk, items, pseudonym_key
from scomm.grading.feedback import STYLE
from scomm.grading.intake import exercise_sets, keep_latest, read_all
from scomm.grading.marking_page import empty_page, item_page
from scomm.grading.marks import MarkError, Store
from scomm.grading.records import GradingError
from scomm.grading.rubrics import Rubric, load

STATIC = Path(__file__).parent / "static"
MAX_POST = 64 * 1024
_ITEM = re.compile(r"/([qs])/([0-9]{1,7})")
_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def open_desk(
    lesson: str, submissions: Path, marks: Path, marker: str, *, assumed: str | None = None
) -> Desk:
    """The desk for ``lesson``: the latest sound submission of each student under ``submissions``;
    ``assumed``: the level to mark at where a submission records none."""
    if not Path(submissions).is_dir():
        raise GradingError(f"no folder of submissions at {submissions}; pass the folder `scomm grade` reads")
    sets = exercise_sets()
    exercises = sets.get(lesson)
    if not isinstance(exercises, dict):
        raise GradingError(f"lesson {lesson} cannot be marked: {exercises or 'it has no exercise set'}")
    found, _skipped = read_all(Path(submissions), sets)
    kept, _ = keep_latest([s for s in found if s.lesson == lesson])
    return desk_for(kept, exercises, lesson, marks, marker, assumed=assumed)


def desk_for(
    submissions: list,
    exercises: dict[str, Exercise],
    lesson: str,
    marks: Path,
    marker: str,
    rubrics: Mapping[str, Rubric] | None = None,
    *,
    assumed: str | None = None,
) -> Desk:
    """A desk from submissions already read; ``rubrics`` default to the lesson's in ``keys/rubrics/``."""
    store = Store(Path(marks), lesson, marker)
    found = load(lesson) if rubrics is None else rubrics
    return Desk(items(submissions, exercises, found, pseudonym_key(Path(marks))), store, assumed)


class Handler(BaseHTTPRequestHandler):
    """One request to the desk; ``server.desk`` is the desk served."""

    server_version = "scomm-mark"
    timeout = 30  # a connection that sends nothing is dropped, not kept open for ever

    def log_message(self, format: str, *args: object) -> None:
        pass  # a marking session should not fill the terminal with one line per answer

    def _send(self, status: int, body: bytes, kind: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        headers = {
            "Content-Type": kind,
            "Content-Length": str(len(body)),
            "Content-Security-Policy": _POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
            **(extra or {}),
        }
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, value: dict) -> None:
        self._send(status, json.dumps(value).encode(), "application/json")

    def _ours(self) -> bool:
        host = self.headers.get("Host", "")
        port = self.server.server_address[1]
        return host in (f"127.0.0.1:{port}", f"localhost:{port}")

    def do_GET(self) -> None:
        if not self._ours():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"wrong host", "text/plain")
            return
        url = urlsplit(self.path)
        names = parse_qs(url.query).get("names") == ["1"]
        desk: Desk = self.server.desk
        if url.path in ("/static/mark.js", "/static/mark.css"):
            self._static(url.path.rsplit("/", 1)[1])
        elif not len(desk):
            self._send(HTTPStatus.OK, empty_page(desk.store.lesson).encode(), "text/html; charset=utf-8")
        elif url.path == "/":
            where = f"/q/{desk.resume('q')}" + ("?names=1" if names else "")
            self._send(HTTPStatus.SEE_OTHER, b"", "text/plain", {"Location": where})
        elif (found := _ITEM.fullmatch(url.path)) and 1 <= int(found[2]) <= len(desk):
            page = item_page(desk, found[1], int(found[2]), names=names)
            self._send(HTTPStatus.OK, page.encode(), "text/html; charset=utf-8")
        else:
            self._send(HTTPStatus.NOT_FOUND, b"no such page", "text/plain")

    def _static(self, name: str) -> None:
        text = (STATIC / name).read_text(encoding="utf-8")
        kept = {"Cache-Control": "max-age=300"}  # one fetch per session, not one per answer opened
        if name.endswith(".css"):
            self._send(HTTPStatus.OK, (STYLE + "\n" + text).encode(), "text/css; charset=utf-8", kept)
        else:
            self._send(HTTPStatus.OK, text.encode(), "text/javascript; charset=utf-8", kept)

    def do_POST(self) -> None:
        origin = self.headers.get("Origin")
        port = self.server.server_address[1]
        if not self._ours() or origin not in (None, f"http://127.0.0.1:{port}", f"http://localhost:{port}"):
            self._json(HTTPStatus.FORBIDDEN, {"error": "marks are accepted only from the marking page"})
            return
        if self.path != "/mark" or self.headers.get_content_type() != "application/json":
            self._json(HTTPStatus.BAD_REQUEST, {"error": "POST a mark as JSON to /mark"})
            return
        length = self.headers.get("Content-Length") or "0"
        size = int(length) if length.isdigit() else 0
        if not 0 < size <= MAX_POST:
            self._json(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, {"error": f"a mark is at most {MAX_POST:,} bytes"}
            )
            return
        try:
            mark = json.loads(self.rfile.read(size))
            if not isinstance(mark, dict):
                raise MarkError("a mark is a JSON object")
            given = self.server.desk.give(
                mark.get("key"), mark.get("digest"), mark.get("levels") or {}, mark.get("comment", "")
            )
        except (MarkError, ValueError, RecursionError) as problem:
            self._json(HTTPStatus.UNPROCESSABLE_ENTITY, {"error": str(problem)})
            return
        self._json(HTTPStatus.OK, {"saved": given.at})


def serve(desk: Desk, port: int = 0) -> ThreadingHTTPServer:
    """A server for ``desk`` on 127.0.0.1 (``port`` 0: any free port); call ``serve_forever`` on it.

    >>> import tempfile
    >>> server = serve(Desk([], Store(Path(tempfile.mkdtemp()), "04_pep_transition", "ta")))
    >>> server.server_address[0]
    '127.0.0.1'
    >>> server.server_close()
    """
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.desk = desk
    return server
