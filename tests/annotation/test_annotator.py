"""The annotation widget driven headlessly: selections as the browser sends them, find, save, restore, delete.

The reading has astral characters (one code point in Python, two UTF-16 units in the
browser) and HTML-like text, the two things that break span offsets and rendering.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from scomm import front
from scomm.annotation import annotator, reading_view, records, store
from scomm.course import layout, params
from scomm.exercises import controls, responses
from scomm.sources import documents

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "helpers" / "scomm" / "annotation" / "static" / "annotator.js"
LESSON = "02_opt_out_dispute"
TAGS = ("claim", "evidence", "rationale")
PARAGRAPHS = (
    "Officials said 🙂 opting out was possible: <b>not bold</b> &amp; not a tag.",
    "Later 👩‍👩‍👧 emails 🇺🇸 said it was not. ICE said so. ICE said so again.",
)
TEXT = "\n\n".join(PARAGRAPHS)


def tiny_doc() -> documents.Document:
    return documents.make_document(
        PARAGRAPHS, doc_id="tiny", title="A <i>tiny</i> reading 🙂", kind="reading"
    )


@pytest.fixture(autouse=True)
def _answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))


def make(student: str = "s1", *, stance: bool = True) -> annotator.Annotator:
    return annotator.annotator(LESSON, student_id=student, doc=tiny_doc(), tags=TAGS, stance=stance)


def utf16(text: str) -> int:
    """How long JavaScript's String.length says ``text`` is (the mistake the widget must not make)."""
    return len(text.encode("utf-16-le")) // 2


def browser_selects(a: annotator.Annotator, start: int, end: int, exact: str) -> None:
    """What annotator.js does on mouseup: set the synced trait."""
    a.view.selection = {"start": start, "end": end, "exact": exact}


# -- selecting ------------------------------------------------------------------------------------------


def test_a_selection_in_code_points_after_an_emoji_is_accepted() -> None:
    a = make()
    exact = "<b>not bold</b> &amp;"
    start = TEXT.index(exact)
    browser_selects(a, start, start + len(exact), exact)
    assert a.selected == (start, start + len(exact))
    assert a.controls.selected.value == exact
    assert "Selected 21 characters" in a.controls.status.value
    assert a.view.selection == {}  # handled, ready for the next one


def test_offsets_counted_in_utf16_are_refused_and_nothing_is_kept() -> None:
    a = make()
    exact = "opting out"
    start = utf16(TEXT[: TEXT.index(exact)])  # the emoji before it counts 2 in UTF-16
    assert start == TEXT.index(exact) + 1
    browser_selects(a, TEXT.index(exact), TEXT.index(exact) + len(exact), exact)
    assert a.selected is not None
    browser_selects(a, start, start + len(exact), exact)
    assert a.selected is None and a.controls.selected.value == ""
    assert "did not match the reading" in a.controls.status.value
    assert not any(s["selected"] for s in a.view.segments)


def test_selections_outside_the_text_or_malformed_say_so() -> None:
    a = make()
    browser_selects(a, 5, 5000, "x")
    assert "outside the reading" in a.controls.status.value and a.selected is None
    browser_selects(a, 5, 6, None)  # type: ignore[arg-type]
    assert a.selected is None
    a.view.selection = {"start": "five"}
    assert "cannot read" in a.controls.status.value


def test_a_selection_across_paragraphs_is_trimmed_of_surrounding_spaces() -> None:
    a = make()
    start, end = TEXT.index("not a tag."), TEXT.index(" emails")
    browser_selects(a, start, end + 1, TEXT[start : end + 1])
    assert a.selected == (start, end)
    assert "\n\n" in a.controls.selected.value


def test_the_same_passage_can_be_selected_twice_in_a_row() -> None:
    a = make()
    browser_selects(a, 0, 9, TEXT[:9])
    a.select(20, 30)
    browser_selects(a, 0, 9, TEXT[:9])
    assert a.selected == (0, 9)


# -- finding by keyboard ----------------------------------------------------------------------------------


def test_find_selects_the_passage_and_again_the_next_occurrence() -> None:
    a = make()
    a.controls.quote.value = "ICE said so"
    a.controls.find.click()
    first = TEXT.index("ICE said so")
    assert a.selected == (first, first + 11)
    assert "Found" in a.controls.status.value
    a.controls.find.click()
    second = TEXT.index("ICE said so", first + 1)
    assert a.selected == (second, second + 11) and "occurrence 2" in a.controls.status.value
    a.controls.find.click()
    assert a.selected == (first, first + 11)  # wraps round


def test_find_with_words_not_in_the_reading_explains() -> None:
    a = make()
    assert not a.find("opting in")
    assert "is not in the reading" in a.controls.status.value and a.selected is None
    assert not a.find("   ")
    assert "Type the exact words" in a.controls.status.value


# -- saving, restoring, deleting ----------------------------------------------------------------------------


def save_one(
    a: annotator.Annotator, quote: str = "👩‍👩‍👧 emails", comment: str = "<script>alert(1)</script>"
) -> None:
    assert a.find(quote)
    a.controls.tag.value = "evidence"
    a.controls.stance.value = records.STANCES[1]
    a.controls.comment.value = comment
    a.controls.save.click()


def test_save_writes_to_the_log_escapes_the_comment_and_highlights_the_passage() -> None:
    a = make()
    save_one(a)
    assert "Saved: evidence" in a.controls.status.value
    [saved] = store.load(responses.Log("s1", LESSON), "tiny")
    start = TEXT.index("👩‍👩‍👧 emails")
    assert (saved.start, saved.end, saved.exact) == (start, start + len("👩‍👩‍👧 emails"), "👩‍👩‍👧 emails")
    assert (saved.tag, saved.stance, saved.comment) == (
        "evidence",
        records.STANCES[1],
        "<script>alert(1)</script>",
    )
    # Listed as it was typed: the page puts it in as text (test_selections_in_chromium_...).
    assert [(row["n"], row["tag"], row["comment"]) for row in a.view.saved] == [
        (1, "evidence", "<script>alert(1)</script>")
    ]
    marked = [s for s in a.view.segments if s["ids"]]
    assert [(s["start"], s["end"], s["ids"], s["tags"]) for s in marked] == [
        (saved.start, saved.end, [saved.id], ["evidence"])
    ]
    assert a.selected is None and a.controls.comment.value == ""


def test_save_refuses_without_a_selection_tag_or_stance() -> None:
    a = make()
    assert not a.save("claim", "voluntary")
    assert "Select a passage first" in a.controls.status.value
    a.select(0, 9)
    assert not a.save(None, "voluntary")
    assert "Choose a tag" in a.controls.status.value
    assert not a.save("claim", None)
    assert "Choose a stance" in a.controls.status.value
    assert not a.save("no-such-tag", "voluntary")
    assert "Not saved" in a.controls.status.value
    assert store.load(responses.Log("s1", LESSON), "tiny") == []


def test_without_stance_the_stance_control_is_absent_and_none_is_saved() -> None:
    a = make(stance=False)
    assert a.view.spec["stances"] == [] and a.widget is a.view  # the page draws no Stance control
    a.select(0, 9)
    assert a.save("claim", "voluntary", "")
    assert store.load(responses.Log("s1", LESSON), "tiny")[0].stance is None


def test_re_opening_restores_and_delete_removes() -> None:
    save_one(make())
    b = make()
    assert len(b.saved) == 1 and "1 saved annotation(s) restored" in b.controls.status.value
    assert any(s["ids"] for s in b.view.segments)
    [row] = b.view.saved
    assert row["n"] == 1 and row["title"].startswith("Delete annotation 1: ")
    b.view._handle_custom_msg({"event": "delete", "id": row["id"]}, [])  # the page's "Delete 1"
    assert b.saved == [] and "Deleted: evidence" in b.controls.status.value
    assert not any(s["ids"] for s in b.view.segments)
    assert make().saved == []
    assert not b.delete("nope") and "no saved annotation" in b.controls.status.value


def test_two_students_do_not_see_each_other() -> None:
    save_one(make("s1"))
    assert make("s2").saved == []


# -- what the browser gets -------------------------------------------------------------------------------


def test_segments_cover_the_text_in_order_and_carry_ids() -> None:
    a = make()
    save_one(a, "opting out was possible")
    a.select(TEXT.index("out was"), TEXT.index("Later") + 5)  # overlaps the saved one, spans paragraphs
    assert a.save("claim", "voluntary")
    a.select(TEXT.index("ICE"), TEXT.index("ICE") + 3)
    segs = a.view.segments
    assert segs[0]["start"] == 0 and segs[-1]["end"] == len(TEXT)
    assert all(x["end"] == y["start"] for x, y in itertools.pairwise(segs))
    between = [s for s in segs if s["paragraph"] is None]
    assert [TEXT[s["start"] : s["end"]] for s in between] == ["\n\n"]
    both = [s for s in segs if len(s["ids"]) == 2]
    assert TEXT[both[0]["start"] : both[-1]["end"]] == "out was possible"
    assert both[0]["tags"] == ["claim", "evidence"]
    assert [TEXT[s["start"] : s["end"]] for s in segs if s["selected"]] == ["ICE"]
    assert a.view.paragraph_starts == [0, len(PARAGRAPHS[0]) + 2]


def test_the_front_end_only_ever_inserts_text() -> None:
    js = JS.read_text(encoding="utf-8")
    assert reading_view.ReadingView._esm.default_value == controls.module(
        JS
    )  # with the shared controls in front
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "eval("):
        assert unsafe not in reading_view.ReadingView._esm.default_value, unsafe
    for unsafe in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "DOMParser", "eval("):
        assert unsafe not in js, unsafe
    assert "createTextNode" in js and "Array.from(" in js
    assert re.search(r'setAttribute\("role", "document"\)', js) and "tabIndex = 0" in js
    assert "aria-label" in js and "Find a passage" in js
    assert (
        "scomm-highlight" in reading_view.ReadingView._css.default_value
        and ".scomm-field" in reading_view.ReadingView._css.default_value
    )


def test_every_control_is_labelled() -> None:
    """The words on each control (the page puts each on its control's <label>: the Chromium test)."""
    a = make()
    labels = a.view.spec["labels"]
    assert set(labels) == {"quote", "find", "selected", "tag", "stance", "comment", "save"}
    assert all(labels.values()) and labels["quote"] == "Find a passage (type the exact words):"
    assert (a.controls.find.description, a.controls.save.description) == ("Find", "Save annotation")
    assert a.view.spec["tags"] == list(TAGS) and a.view.spec["stances"] == list(records.STANCES)


def test_what_the_page_sends_with_a_press_is_what_is_saved() -> None:
    a = make()
    fields = {"quote": "ICE said so again", "tag": "claim", "stance": records.STANCES[0], "comment": "c"}
    a.view._handle_custom_msg({"event": "find", "fields": fields}, [])
    assert a.controls.selected.value == "ICE said so again"
    a.view._handle_custom_msg({"event": "save", "fields": {**fields, "tag": "not-a-tag"}}, [])
    assert "Choose a tag" in a.controls.status.value and a.saved == []  # a tag not offered is none
    a.view._handle_custom_msg({"event": "save", "fields": fields}, [])
    assert [(x.exact, x.tag, x.comment) for x in a.saved] == [("ICE said so again", "claim", "c")]
    a.view._handle_custom_msg({"event": "nothing we know"}, [])
    a.view._handle_custom_msg(["not", "a", "dict"], [])
    assert len(a.saved) == 1


def test_annotate_is_what_a_notebook_cell_calls() -> None:
    p = params.Params(lesson=layout.lesson(LESSON), role="student", student_id="s9")
    box = front.annotate(p, doc=tiny_doc(), tags=TAGS, stance=True)
    assert isinstance(box, reading_view.ReadingView) and "scomm-annotator-box" in box._dom_classes
    assert box.text == TEXT and box.title == "A <i>tiny</i> reading 🙂"


# -- a failed save is shown in the annotator's status (issue 11) -----------------------------------


def test_a_read_only_folder_is_shown_and_the_selection_kept(small_disk, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(small_disk.path))
    a = make()
    save_one(a)
    assert "Saved: evidence" in a.controls.status.value
    small_disk.read_only()
    save_one(a, quote="ICE said so again", comment="my comment")
    status = a.controls.status.value
    assert "NOT saved" in status and "is read-only" in status and "Saved:" not in status
    assert a.controls.selected.value == "ICE said so again" and a.controls.comment.value == "my comment"
    assert len(a.saved) == 1
    a.delete(a.saved[0].id)
    assert "NOT deleted" in a.controls.status.value and len(a.saved) == 1


def test_a_huge_unknown_id_is_echoed_only_as_its_start() -> None:
    a = make()
    assert not a.delete("x" * 500)
    assert "x" * 40 + "…" in a.controls.status.value and "x" * 41 not in a.controls.status.value
