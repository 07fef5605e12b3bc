"""CSV files as spreadsheets save them: read what is sound, and name exactly what is not.

Excel and LibreOffice save "CSV" with a byte-order mark, CRLF line ends, the computer's code
page (Windows-1252 on most Western Windows machines) and, in many locales, semicolons or tabs
between columns. The kit reads a byte-order mark and CRLF as they come. What it cannot read
without guessing gets one sentence naming the file and what to change:

>>> column_delimiter("student_id;name;seed")
';'
>>> print(delimiter_problem("data/events.csv", "event_id;date;title"))
data/events.csv uses semicolons between columns; save it as CSV with commas (in LibreOffice: Save As, Text CSV, field delimiter ','; in Excel: CSV UTF-8)

A row that does not fit its header is named by file, row (the header is row 1, as a
spreadsheet counts) and column:

>>> for problem in row_problems("data/t.csv", ['a,b,c', '1,2,3', '1,"2,3', '1,2', '1,2,3,4']):
...     print(problem)
data/t.csv, row 3, column 'b': a stray double quote: the cell opens a quote that this row never closes; remove the " or close it
data/t.csv, row 4, column 'c': missing (the row has 2 cells; the header names 3)
data/t.csv, row 5, column 4: an extra cell '4' after the last column 'c' (a cell holding a comma needs double quotes around it)
"""

from __future__ import annotations

import csv
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from scomm.course.layout import excerpt
from scomm.errors import ScommError

BOM = "\ufeff"
DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs", "|": "vertical bars"}
SAVE_AS = (
    "save it as CSV with commas (in LibreOffice: Save As, Text CSV, field delimiter ','; in Excel: CSV UTF-8)"
)


class CsvFileError(ScommError, ValueError):
    """A CSV file cannot be read at all; the message names the file and what to change."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, located the way a spreadsheet shows it.

    ``row`` counts the header as row 1, so data start at row 2. ``column`` is a column's
    name, or its number when the cell is beyond the columns the header names.
    """

    path: str
    row: int | None
    column: str | int | None
    problem: str

    def __str__(self) -> str:
        where = self.path
        if self.row is not None:
            where += f", row {self.row}"
        if isinstance(self.column, int):
            where += f", column {self.column}"
        elif self.column:
            where += f", column '{self.column}'"
        # a problem with the whole file reads as a sentence about it: "data/x.csv uses tabs ..."
        return f"{where}{': ' if where != self.path else ' '}{self.problem}"


# -- text ---------------------------------------------------------------------------------------


def decode_utf8(raw: bytes, name: str) -> str:
    """The file's text, read as UTF-8 (a byte-order mark is dropped); else one sentence why not.

    >>> decode_utf8("\\ufeffa,b\\r\\n".encode(), "x.csv")
    'a,b\\r\\n'
    >>> decode_utf8("a\\nJosé".encode("cp1252"), "x.csv")
    Traceback (most recent call last):
    ...
    scomm.course.csvfiles.CsvFileError: x.csv is not saved as UTF-8 (row 2 holds the byte 0xe9, an accented letter in another encoding such as Windows-1252); save it as "CSV UTF-8"
    """
    try:
        return raw.decode("utf-8").removeprefix(BOM)
    except UnicodeDecodeError as exc:
        row = raw[: exc.start].count(b"\n") + 1
        raise CsvFileError(
            f"{name} is not saved as UTF-8 (row {row} holds the byte 0x{raw[exc.start]:02x}, an accented "
            'letter in another encoding such as Windows-1252); save it as "CSV UTF-8"'
        ) from None


def decode_any(raw: bytes, name: str) -> tuple[str, str]:
    """The file's text and its encoding: UTF-8 when it is, else the code page a spreadsheet used.

    bs4's UnicodeDammit follows a byte-order mark (Excel's "Unicode Text" is UTF-16), then
    tries Windows-1252 (what Excel on a Western Windows machine saves), then its own detection.

    >>> decode_any("Ana Núñez".encode("cp1252"), "roster.csv")
    ('Ana Núñez', 'windows-1252')
    """
    try:
        return raw.decode("utf-8").removeprefix(BOM), "utf-8"
    except UnicodeDecodeError:
        pass
    from bs4 import UnicodeDammit

    log = logging.getLogger("bs4.dammit")  # it logs when it must replace characters: refused below
    was_disabled, log.disabled = log.disabled, True
    try:
        guess = UnicodeDammit(raw, user_encodings=["windows-1252"], is_html=False)
    finally:
        log.disabled = was_disabled
    if (
        guess.unicode_markup is None
        or guess.contains_replacement_characters
        or "\x00" in guess.unicode_markup
    ):
        raise CsvFileError(f'{name} is in an encoding the kit cannot tell; save it as "CSV UTF-8"')
    return guess.unicode_markup.removeprefix(BOM), str(guess.original_encoding)


def lines(text: str) -> list[str]:
    """The text's rows, whatever line ends it uses (CRLF, LF or CR), without a trailing empty one."""
    found = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return found[:-1] if found and found[-1] == "" else found


# -- columns ------------------------------------------------------------------------------------


def column_delimiter(header: str) -> str:
    """The character between the header's columns: the one of , ; tab | that splits it most."""
    counts = {d: len(next(csv.reader([header], delimiter=d))) for d in DELIMITERS}
    return max(DELIMITERS, key=lambda d: (counts[d], d == ","))


def delimiter_problem(name: str, header: str) -> str | None:
    """The sentence that refuses a file whose columns are not separated by commas, or None."""
    found = column_delimiter(header)
    return None if found == "," else f"{name} uses {DELIMITERS[found]} between columns; {SAVE_AS}"


def header_problems(name: str, header: Sequence[str], fields: Sequence[str]) -> Iterator[Problem]:
    """Each column the header lacks, or names but the table does not have, or has out of order."""
    labels = [label.strip() for label in header]
    for number, label in enumerate(labels, start=1):
        if label not in fields:
            yield Problem(
                name, 1, number, f"the header names {excerpt(label)!r}, which is not a column of this table"
            )
    for field in fields:
        if field not in labels:
            yield Problem(name, 1, field, "missing from the header")
    if set(labels) == set(fields) and labels != list(fields):
        yield Problem(name, 1, None, f"the columns are out of order; they must be {', '.join(fields)}")


# -- rows ---------------------------------------------------------------------------------------


def stray_quote_column(line: str, delimiter: str = ",") -> int:
    """The 0-based column whose double quote breaks ``line`` (which the csv module refused)."""
    d = re.escape(delimiter)
    field = re.compile(f'"(?:[^"]|"")*"(?={d}|$)|(?!")[^{d}]*(?={d}|$)')
    position, column = 0, 0
    while True:
        found = field.match(line, position)
        if found is None:
            return column
        position = found.end() + 1
        if position > len(line):
            return column
        column += 1


def stray_quote(error: csv.Error) -> str:
    """What a stray double quote did to a row, from the csv module's complaint about it."""
    if "expected after" in str(error):
        return 'text follows the closing quote of a quoted cell; write a quote inside a cell as two ("")'
    return 'the cell opens a quote that this row never closes; remove the " or close it'


def _parse(line: str) -> list[str]:
    return next(csv.reader([line], strict=True), [])


def header_cells(line: str) -> list[str]:
    """The column names on a comma-separated header row."""
    return next(csv.reader([line]), [])


def _quote_problem(name: str, row: int, line: str, header: Sequence[str], error: csv.Error) -> Problem:
    index = stray_quote_column(line)
    column = header[index] if index < len(header) else index + 1
    return Problem(name, row, column, f"a stray double quote: {stray_quote(error)}")


def _count_problem(name: str, row: int, cells: Sequence[str], header: Sequence[str]) -> Problem | None:
    if len(cells) < len(header):
        missing = header[len(cells)]
        return Problem(
            name, row, missing, f"missing (the row has {len(cells)} cells; the header names {len(header)})"
        )
    if len(cells) > len(header):
        extra = cells[len(header)]
        return Problem(
            name,
            row,
            len(header) + 1,
            f"an extra cell {excerpt(extra)!r} after the last column {header[-1]!r} "
            "(a cell holding a comma needs double quotes around it)",
        )
    return None


def row_problems(name: str, rows: Sequence[str], header: Sequence[str] | None = None) -> Iterator[Problem]:
    """Every row of a comma-separated file that does not parse or does not fit its header.

    Each row is read on its own, so a stray quote spoils only its own row's report. Blank
    rows are left to the schema check.
    """
    header = list(header or header_cells(rows[0]))
    for number, line in enumerate(rows[1:], start=2):
        if not line.strip():
            continue
        try:
            cells = _parse(line)
        except csv.Error as exc:
            yield _quote_problem(name, number, line, header, exc)
            continue
        problem = _count_problem(name, number, cells, header)
        if problem:
            yield problem


# -- a sheet read row by row --------------------------------------------------------------------


@dataclass(frozen=True)
class Sheet:
    """A small CSV a person keeps (a roster): its columns, the character between them, its rows."""

    columns: list[str]
    delimiter: str
    rows: list[tuple[int, str]]

    def cells(self, line: str) -> dict[str, str]:
        """One row by column name (missing trailing cells are empty); ValueError says what is wrong."""
        try:
            values = next(csv.reader([line], delimiter=self.delimiter, strict=True), [])
        except csv.Error as exc:
            index = stray_quote_column(line, self.delimiter)
            where = f" in column {self.columns[index]!r}" if index < len(self.columns) else ""
            raise ValueError(f"a stray double quote{where}: {stray_quote(exc)}") from None
        if len(values) > len(self.columns):
            raise ValueError(
                f"the row has {len(values)} cells where the first line names {len(self.columns)} "
                "(a name holding a comma needs double quotes around it)"
            )
        return {column: value.strip() for column, value in zip(self.columns, values, strict=False)}


def read_sheet(raw: bytes, name: str) -> Sheet:
    """A CSV file as any spreadsheet saves it: encoding, delimiter and line ends found, rows numbered.

    >>> sheet = read_sheet("student_id;name\\r\\nana;Ana Núñez\\r\\n".encode("cp1252"), "roster.csv")
    >>> sheet.columns, sheet.delimiter, [sheet.cells(line) for _, line in sheet.rows]
    (['student_id', 'name'], ';', [{'student_id': 'ana', 'name': 'Ana Núñez'}])
    """
    text, _ = decode_any(raw, name)
    found = lines(text)
    delimiter = column_delimiter(found[0]) if found else ","
    columns = [label.strip() for label in next(csv.reader(found[:1], delimiter=delimiter), [])]
    rows = [(number, line) for number, line in enumerate(found[1:], start=2) if line.strip()]
    return Sheet(columns, delimiter, rows)
