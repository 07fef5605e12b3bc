"""A data file saved by a spreadsheet: one with a byte order mark and CRLF loads; semicolons, tabs,
Windows-1252, a cell too many and a stray quote are each refused with one sentence naming the row and
column."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scomm.course import data

from conftest import scomm_validate


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def _save(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)


@pytest.mark.parametrize(("delimiter", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_a_table_saved_with_semicolons_or_tabs_is_refused_with_one_sentence(
    data_copy: Path, delimiter: str, word: str
) -> None:
    path = data_copy / "events.csv"
    _save(path, _rows(path), delimiter=delimiter)
    with pytest.raises(data.DataError) as caught:
        data.load("events", data_dir=data_copy)
    message = str(caught.value)
    assert message.startswith(f"data/events.csv uses {word} between columns; save it as CSV with commas")
    assert message.count(". ") == 0 and ";" not in message.split("commas")[1].split("(")[0]


def test_a_table_saved_by_excel_with_a_byte_order_mark_and_crlf_loads(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    _save(path, _rows(path), encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf") and b"\r\n" in path.read_bytes()
    events = data.load("events", data_dir=data_copy)
    assert events.columns[0] == "event_id"
    assert events.equals(data.load("events"))


def test_a_table_saved_as_windows_1252_is_refused_naming_the_row(data_copy: Path) -> None:
    path = data_copy / "jurisdictions.csv"
    rows = _rows(path)
    rows[3][1] += " (Condado de Cook, régión)"
    _save(path, rows, encoding="cp1252")
    with pytest.raises(
        data.DataError,
        match=r'^data/jurisdictions\.csv is not saved as UTF-8 \(row 4 holds the byte 0xe9.*save it as "CSV UTF-8"$',
    ):
        data.load("events", data_dir=data_copy)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda row: [*row, "stray"], r"column 14: an extra cell 'stray' after the last column 'note' \("),
        (
            lambda row: row[:-2],
            r"column 'conflict_id': missing \(the row has 11 cells; the header names 13\)$",
        ),
    ],
    ids=["extra cell", "missing cells"],
)
def test_a_row_with_a_cell_too_many_or_too_few_is_named_by_row_and_column(
    data_copy: Path, edit, message: str
) -> None:
    path = data_copy / "events.csv"
    rows = _rows(path)
    rows[4] = edit(rows[4])
    _save(path, rows)
    with pytest.raises(data.DataError, match=rf"^data/events\.csv, row 5, {message}"):
        data.validate(data_copy)


def test_a_stray_quote_is_named_by_row_and_column_and_spoils_no_other_row(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[5] = lines[5].replace(",", ',"', 1)  # row 6: a quote typed before the date
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(data.DataError) as caught:
        data.validate(data_copy)
    assert str(caught.value) == (
        "data/events.csv, row 6, column 'date': a stray double quote: the cell opens a quote that "
        'this row never closes; remove the " or close it'
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda h: [*h, "extra"], r"row 1, column 14: the header names 'extra', which is not a column"),
        (lambda h: h[:-1], r"row 1, column 'note': missing from the header"),
        (
            lambda h: [h[1], h[0], *h[2:]],
            r"row 1: the columns are out of order; they must be event_id, date, ",
        ),
    ],
    ids=["unknown column", "missing column", "columns swapped"],
)
def test_a_header_that_does_not_match_the_schema_is_named(data_copy: Path, edit, message: str) -> None:
    path = data_copy / "events.csv"
    rows = _rows(path)
    header = edit(rows[0])
    body = [row[: len(header)] + [""] * (len(header) - len(row)) for row in rows[1:]]
    _save(path, [header, *body])
    with pytest.raises(data.DataError, match=rf"^data/events\.csv, {message}"):
        data.validate(data_copy)


def test_scomm_validate_names_a_semicolon_file_without_a_traceback(data_copy: Path) -> None:
    path = data_copy / "events.csv"
    _save(path, _rows(path), delimiter=";")
    result = scomm_validate(data_copy)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "scomm validate: data/events.csv uses semicolons between columns; save it as CSV with commas "
        "(in LibreOffice: Save As, Text CSV, field delimiter ','; in Excel: CSV UTF-8)"
    ]


def test_a_data_error_inside_a_lesson_is_one_line_like_a_parameter_error(data_copy: Path) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from nbformat.v4 import new_code_cell, new_notebook

    path = data_copy / "events.csv"
    _save(path, _rows(path), delimiter=";")
    nb = new_notebook(
        cells=[
            new_code_cell(f"from scomm.course import data\ndata.load('events', data_dir={str(data_copy)!r})")
        ]
    )
    with pytest.raises(CellExecutionError):
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    (error,) = nb.cells[0].outputs
    assert error.ename == "DataError"
    assert len(error.traceback) == 1 and error.traceback[0].startswith(
        "DataError: data/events.csv uses semicolons"
    )
    assert nbformat.validate(nb) is None
