"""From students' logs to the instructor's export and class view, through real submission files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scomm.annotation import interchange, records, store, w3c_context
from scomm.cli import main as cli
from scomm.exercises import responses, submissions
from scomm.grading import annotation_report, grade
from scomm.sources import corpus

L2 = "02_opt_out_dispute"


@pytest.fixture
def handed_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path / "answers"))
    doc = corpus.reading(L2)
    key = store.load_key(L2, doc)
    folder = tmp_path / "in"
    for n, student in enumerate(("ana", "ben", "cleo")):
        log = responses.Log(student, L2)
        for k in key[: 3 + n]:
            stance = k.stance if student != "ben" else "ambiguous"
            comment = "<script>alert('x')</script>" if student == "cleo" else "my note"
            ann = records.make(
                doc, k.start, k.end, annotator=student, tag=k.tag, stance=stance, comment=comment
            )
            store.save(ann, log)
        submissions.submit(log, seed=1, folder=folder)
    # a student who slips in an annotation "by" someone else
    log = responses.Log("dana", L2)
    forged = records.make(doc, key[0].start, key[0].end, annotator="ana", tag="claim", stance="voluntary")
    log.record(f"annotation:{doc.doc_id}:{forged.id}", forged.to_record())
    submissions.submit(log, seed=1, folder=folder)
    # and a tampered file
    target = folder / L2 / "ben.json"
    tampered = folder / L2 / "eve.json"
    body = json.loads(target.read_text())
    body["student_id"] = "eve"
    tampered.write_text(json.dumps(body))
    return folder


def test_the_class_is_exported_and_compared_with_the_key(handed_in: Path, tmp_path: Path) -> None:
    result = annotation_report.build(handed_in, L2, tmp_path / "out")
    assert result["students"] == 3 and result["annotations"] == 3 + 4 + 5
    skipped = " ".join(result["skipped"])
    assert "eve.json" in skipped and "checksum" in skipped
    assert "claims another author" in skipped
    exported = json.loads((tmp_path / "out" / "annotations.jsonld").read_text())
    assert exported["type"] == "AnnotationCollection"
    back = interchange.from_w3c(exported)
    assert len(back) == 12 + 8, "the class and the key"
    assert w3c_context.expand(exported), "the export expands under the W3C context"
    assert len(interchange.from_csv(tmp_path / "out" / "annotations.csv")) == 20


def test_the_class_view_page_escapes_students_and_labels_its_charts(handed_in: Path, tmp_path: Path) -> None:
    annotation_report.build(handed_in, L2, tmp_path / "out")
    page = (tmp_path / "out" / "classview.html").read_text()
    assert "<script" not in page, "nothing a student typed can run in the instructor's browser"
    exported = (tmp_path / "out" / "annotations.jsonld").read_text()
    assert "<script>alert('x')</script>" in exported, "the export keeps what the student wrote, as data"
    assert page.count('role="img" aria-label=') == 2
    for student in ("ana", "ben", "cleo"):
        assert f"<h3>{student}</h3>" in page
    assert "Krippendorff" in page or "alpha" in page.lower()


def test_grading_leaves_annotation_records_alone(handed_in: Path, tmp_path: Path) -> None:

    report = grade.grade(handed_in, tmp_path / "grades")
    assert all(not g.ignored for g in report.graded)


def test_the_command_reports_where_to_look(handed_in: Path, tmp_path: Path, capsys) -> None:
    assert cli.main(["annotations", str(handed_in), "--lesson", "2", "--out", str(tmp_path / "o")]) == 0
    out = capsys.readouterr().out
    assert "3 student(s), 12 annotation(s)" in out and "classview.html" in out
    assert cli.main(["annotations", str(tmp_path / "nowhere"), "--lesson", "2"]) == 2


def test_an_instructors_own_file_in_the_output_folder_is_never_replaced(
    handed_in: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "o"
    out.mkdir()
    (out / "annotations.csv").write_text("my own tally\n", encoding="utf-8")
    assert cli.main(["annotations", str(handed_in), "--lesson", "2", "--out", str(out)]) == 2
    assert capsys.readouterr().err == (
        f"scomm annotations: {out / 'annotations.csv'} was not written by scomm; move it away, "
        "choose another --out, or pass --force to replace it.\n"
    )
    assert sorted(p.name for p in out.iterdir()) == ["annotations.csv"], "nothing else is written either"
    assert (out / "annotations.csv").read_text(encoding="utf-8") == "my own tally\n"
    assert cli.main(["annotations", str(handed_in), "--lesson", "2", "--out", str(out), "--force"]) == 0
    assert cli.main(["annotations", str(handed_in), "--lesson", "2", "--out", str(out)]) == 0, (
        "the kit's own now"
    )


def test_the_class_view_is_styled_like_the_feedback_pages(handed_in: Path, tmp_path: Path) -> None:
    import re

    from scomm.grading.feedback import page as frame

    annotation_report.build(handed_in, L2, tmp_path / "out")
    view = (tmp_path / "out" / "classview.html").read_text()
    style = re.search(r"<style>.*?</style>", frame("x", "")).group(0)
    assert style in view and '<meta name="viewport"' in view
    assert view.startswith("<!DOCTYPE html>") and "<main>\n<h1>Class view:" in view
