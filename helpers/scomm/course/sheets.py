"""Text the kit writes for people to open: CSV cells a spreadsheet will not run, and names a
terminal will not obey.

A student chooses file names, comments and answers, so any of them may start like a formula
(``=HYPERLINK(...)``; a leading tab or line break hides the ``=`` from a naive check) or hold
control characters (a carriage return splits a row; an escape sequence clears a terminal):

>>> safe_cell("=1+1"), safe_cell("-2"), safe_cell(-2), safe_cell("s-042"), safe_cell("\\t=1", verbatim=True)
("'=1+1", "'-2", '-2', 's-042', "'\\t=1")
>>> printable("x\\x1b[2J\\r.json")
'x\\\\x1b[2J\\\\r.json'
>>> csv_text([["file", "reason"], ["a\\rb.json", "@SUM(1)"]])
"file,reason\\na\\\\rb.json,'@SUM(1)\\n"
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import IO

#: A spreadsheet may take a cell starting with one of these for a formula (OWASP's list), and
#: ``'`` itself is guarded so that reading a cell back removes exactly the one the writer added.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "'")
#: What a file may not hold where a person reads it: C0 and C1 controls and DEL (a carriage
#: return splits a row, an escape sequence steers a terminal) and the bidirectional overrides
#: and isolates that make text display in another order than it reads ("Trojan Source").
_HARD = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROL_BUT_LINES = re.compile(f"[{_HARD}]")
#: ... and, where a name is printed, also tab and line breaks, zero-width and direction marks and
#: the byte-order mark, so that what is shown is every character there is.
_CONTROL = re.compile(f"[\t\n\r{_HARD}\u200b-\u200f\u2028\u2029\u2060-\u2065\ufeff]")


def _escaped(match: re.Match) -> str:
    return match[0].encode("unicode_escape").decode("ascii")


def printable(text: object) -> str:
    """``text`` with every control or invisible formatting character written as its escape.

    >>> printable("abc\\n")
    'abc\\\\n'
    """
    return _CONTROL.sub(_escaped, str(text))


def has_control(text: str, *, lines: bool = False) -> bool:
    """Whether ``text`` holds a control character (``lines``: tab, CR and LF allowed).

    >>> has_control("two\\nlines", lines=True), has_control("bell\\x07", lines=True)
    (False, True)
    """
    return bool((_CONTROL_BUT_LINES if lines else _CONTROL).search(text))


def safe_cell(value: object, *, verbatim: bool = False) -> str:
    """A cell a spreadsheet shows as text: a leading ``'`` where it could start a formula, and
    control characters escaped. ``verbatim`` keeps the characters (for an export that must read
    back the same); ``csv_text`` then quotes any cell holding a line break, so it stays one cell.
    A number (``int`` or ``float``, as minutes late or points) is written as it is, so that a
    spreadsheet still adds it up: only text can carry a formula."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    text = "" if value is None else str(value) if verbatim else printable(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def unsafe_cell(text: str) -> str:
    """The value ``safe_cell(value, verbatim=True)`` was made from."""
    return text[1:] if text.startswith("'") else text


def csv_text(rows: Iterable[Iterable[object]], *, verbatim: bool = False, crlf: bool = False) -> str:
    """Rows as CSV with every cell made safe (``safe_cell``).

    ``verbatim`` rows end in CRLF, as Excel writes them, so that the writer quotes every cell
    holding a CR or LF (with LF row ends, Python's writer would leave a bare CR unquoted);
    ``crlf`` asks for those row ends otherwise too (an LMS import that expects Excel's).
    """
    with io.StringIO(newline="") as handle:
        write_csv(handle, rows, verbatim=verbatim, crlf=crlf)
        return handle.getvalue()


def write_csv(
    handle: IO[str], rows: Iterable[Iterable[object]], *, verbatim: bool = False, crlf: bool = False
) -> None:
    """``csv_text`` written to ``handle`` (opened with ``newline=""``) a row at a time.

    >>> buffer = io.StringIO(newline="")
    >>> write_csv(buffer, [["a", "=1+1"]])
    >>> buffer.getvalue()
    "a,'=1+1\\n"
    """
    writer = csv.writer(handle, lineterminator="\r\n" if verbatim or crlf else "\n")
    writer.writerows([safe_cell(cell, verbatim=verbatim) for cell in row] for row in rows)
