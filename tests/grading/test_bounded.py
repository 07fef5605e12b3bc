"""Bounded work where a student controls the size, and files and terminals a student cannot steer:
long quotes refused at the door, unplaced annotations listed, every CSV cell safe in a spreadsheet,
file names printed with their control characters escaped."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from test_grading import body, put

from limits import at_most
from scomm.annotation import interchange, records, store
from scomm.cli import main as cli
from scomm.course import sheets
from scomm.exercises import responses, submissions
from scomm.grading import annotation_report, grade
from scomm.sources import corpus
from scomm.sources.documents import Document

L2 = "02_opt_out_dispute"


def _hand_in(folder: Path, student: str, anns: list[records.Annotation | dict]) -> None:
    log = responses.Log(student, L2)
    for ann in anns:
        record = ann if isinstance(ann, dict) else ann.to_record()
        log.record(f"annotation:{record['doc_id']}:{record['id']}", record)
    submissions.submit(log, seed=1, folder=folder)


def _not_in_reading(doc: Document, size: int) -> dict:
    """An annotation record quoting ``size`` characters the reading does not hold."""
    record = records.make(doc, 0, 10, annotator="mallory", tag="claim").to_record()
    words = "nothing of this is in the reading " * (size // 34 + 1)
    exact = words[:size]
    return {**record, "exact": exact, "start": 0, "end": size, "doc_sha256": "0" * 64, "prefix": ""}


@pytest.fixture
def answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "answers"))
    return tmp_path / "in"


def test_a_250_kb_quote_is_refused_at_once_and_listed(answers: Path, tmp_path: Path, capsys) -> None:
    doc = corpus.reading(L2)
    key = store.load_key(L2, doc)
    good = records.make(doc, key[0].start, key[0].end, annotator="mallory", tag="claim", stance="voluntary")
    _hand_in(answers, "mallory", [good, _not_in_reading(doc, 250_000)])
    with at_most(20):  # it took 148 CPU-seconds before the cap
        assert cli.main(["annotations", str(answers), "--lesson", "2", "--out", str(tmp_path / "o")]) == 0
    printed = capsys.readouterr().out
    assert "1 student(s), 1 annotation(s); 1 skipped; 0 not placed" in printed
    assert "exact must be at most 5,000 characters, but '<250,000 characters>' was given" in printed


def test_an_annotation_whose_words_left_the_reading_is_listed_as_not_placed(
    answers: Path, tmp_path: Path, capsys
) -> None:
    doc = corpus.reading(L2)
    _hand_in(answers, "mallory", [_not_in_reading(doc, 4_000)])
    with at_most(20):
        result = annotation_report.build(answers, L2, tmp_path / "o")
    (line,) = result["unplaced"]
    assert line.startswith("mallory: annotation ") and line.endswith(
        "could not be placed on the current reading"
    )
    page = (tmp_path / "o" / "classview.html").read_text(encoding="utf-8")
    assert "<h2>Not placed on the current reading</h2><ul><li>mallory: annotation" in page
    assert cli.main(["annotations", str(answers), "--lesson", "2", "--out", str(tmp_path / "o")]) == 0
    assert "  not placed: mallory: annotation" in capsys.readouterr().out


def test_quotes_and_comments_are_capped_where_they_come_in() -> None:
    doc = corpus.reading(L2)
    with pytest.raises(records.AnnotationError, match="quote must be at most 5,000 characters"):
        records.make_from_quote(doc, "x " * 200_000, annotator="s1", tag="claim")
    with pytest.raises(records.AnnotationError, match="comment must be at most 2,000 characters"):
        records.make(doc, 0, 5, annotator="s1", tag="claim", comment="x" * 2_001)
    with pytest.raises(records.AnnotationError, match="comment must be text without control characters"):
        records.make(doc, 0, 5, annotator="s1", tag="claim", comment="clear\x1b[2J")
    assert records.make(doc, 0, 5, annotator="s1", tag="claim", comment="two\r\nlines\tok").comment


# -- spreadsheets and terminals ---------------------------------------------------------------------

HOSTILE_NAMES = [
    "\t=1+1",
    "\r=2",
    "=HYPERLINK(x)",
    "+3",
    "-4",
    "@SUM(1)",
    "a\rb",
    "a\nb",
    "\x1b[2Jclear",
    "rtl\u202e",
]


def test_every_skipped_cell_is_safe_in_a_spreadsheet_and_every_name_printed_escaped(
    tmp_path: Path, capsys
) -> None:
    for name in HOSTILE_NAMES:
        put(tmp_path / "in", f"{name}.json", b"{")
    put(tmp_path / "in", "carol.json", body("carol", {"l1-growth": 4.1}))
    assert cli.main(["grade", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    raw = (tmp_path / "out" / "skipped.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(raw, newline="")))
    assert len(rows) == 1 + len(HOSTILE_NAMES) == len(raw.splitlines()), "one line per row"
    for file, reason in rows[1:]:
        for cell in (file, reason):
            assert not cell.startswith(sheets.FORMULA_START[:-1]) and not sheets.has_control(cell)
    assert {row[0] for row in rows[1:]} >= {"\\t=1+1.json", "'=HYPERLINK(x).json", "'-4.json", "a\\rb.json"}
    printed = capsys.readouterr().out
    assert not sheets.has_control(printed, lines=True), "only the line ends the command itself prints"
    assert "  skipped \\x1b[2Jclear.json: the file is cut off part-way" in printed
    assert "  skipped a\\nb.json: the file is cut off part-way" in printed


@pytest.mark.parametrize("comment", ["=cmd|' /C calc'!A0", "\t=1", "\r\n=1", "@SUM(A1)", "-2+3", "'quoted"])
def test_the_annotation_csv_guards_every_formula_and_reads_back_the_same(
    tmp_path: Path, comment: str
) -> None:
    doc = corpus.reading(L2)
    ann = records.make(doc, 0, 5, annotator="s1", tag="claim", comment=comment)
    path = interchange.to_csv([ann], tmp_path / "a.csv")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["comment"] == "'" + comment, "a spreadsheet shows it as text"
    assert interchange.from_csv(path) == [ann]


def test_the_gradebook_is_written_with_the_safe_writer(tmp_path: Path) -> None:
    put(tmp_path / "in", "carol.json", body("carol", {"l1-growth": 4.1}))
    grade.grade(tmp_path / "in", tmp_path / "out")
    text = (tmp_path / "out" / "gradebook.csv").read_text(encoding="utf-8")
    assert text.splitlines()[1].startswith("carol,01_program_mechanics,")
