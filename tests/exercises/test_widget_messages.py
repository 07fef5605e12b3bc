"""What the page sends an exercise: one answer with the press, read only as the controls offer it; one
widget model a panel; and answers saved under an item's old words."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_widgets import (
    L,
    _answers,  # noqa: F401 (autouse: each test's answers go to its own folder)
    form,
)

from scomm.course.hub import DEMO_STUDENT
from scomm.exercises import controls, definitions, responses, widgets, writing


def press(f: widgets.Form, value: object) -> None:
    """The message the page sends when the button is pressed (``static/form.js``)."""
    f.widget._message(f.widget, {"event": "press", "value": value}, [])


def test_a_press_from_the_page_carries_its_answer_and_is_recorded_before_its_feedback() -> None:
    f = form("l1-ident")
    press(f, ["IDENT (DHS)"])
    assert "Correct" in f.feedback.value
    assert responses.Log("s1", L).latest()["l1-ident"]["answer"] == "IDENT (DHS)"


@pytest.mark.parametrize(
    ("exercise_id", "sent", "told"),
    [
        ("l1-ident", {"not": "a list"}, "Choose an option first"),
        ("l1-ident", ["<b>an option not offered</b>"], "Choose an option first"),
        ("l1-flow-order", [["nested"], 5, None, "not an item"], "Place every item exactly once"),
        ("l1-claims", ["made up"] * 9, "Answer every part"),
        ("l1-growth", [{"a": 1}], "Type a number"),
    ],
)
def test_an_answer_the_page_could_not_have_sent_is_told_apart_and_not_recorded(
    exercise_id: str, sent: object, told: str
) -> None:
    f = form(exercise_id)
    press(f, sent)
    assert told in f.feedback.value
    assert responses.Log("s1", L).latest() == {}


def test_other_messages_from_the_page_are_ignored() -> None:
    f = form("l1-ident")
    f.value = "IDENT (DHS)"
    for message in ("press", ["press"], {"event": "other"}, {}):
        f.widget._message(f.widget, message, [])
    assert f.feedback.value == "" and responses.Log("s1", L).latest() == {}
    written = widgets.exercise(L, "l1-discuss-control", student_id="s1")
    written.widget._message(written.widget, {"event": "press", "value": {"not": "text"}}, [])
    assert written.box.value == "" and responses.Log("s1", L).latest() == {}


@pytest.mark.parametrize("exercise_id", ["l1-when-booked", "l1-claims", "l1-discuss-control"])
def test_each_exercise_is_one_widget_model_and_its_layout_carrying_the_module_that_draws_it(
    exercise_id: str,
) -> None:
    from ipywidgets.widgets.widget import _instances

    from scomm.exercises.form_view import FormView

    before = set(_instances)
    f = form(exercise_id)
    assert len(set(_instances) - before) == 2, "the panel and its layout, nothing else"
    assert type(f.widget) in {FormView, writing.WrittenBox}, "no class made for each panel"
    state = f.widget.get_state()
    assert state["_esm"] == controls.module(controls.STATIC / "form.js")  # shared controls, then form.js
    assert state["_css"] == (controls.STATIC / "panel.css").read_text(encoding="utf-8")


def test_a_panel_opens_with_its_classes_and_sends_no_message_after_its_model(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Each message is work for the kernel and for `scomm run` (about 50 of them a lesson were updates
    # naming a panel's classes one at a time, right after the panel itself had been sent).
    from ipywidgets import Widget

    sent: list[dict] = []
    monkeypatch.setattr(Widget, "_send", lambda self, msg, buffers=None: sent.append(msg))
    f = form("l1-ident")
    assert f.widget._dom_classes == ("scomm-panel", "scomm-exercise", "scomm-ex-l1-ident")
    assert [m for m in sent if "_dom_classes" in m.get("state", {})] == []


def test_in_the_app_the_demo_warning_and_receipt_say_to_add_the_student_to_the_address(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from scomm.publish import app

    for name, value in app.voila_env({"SERVER_SOFTWARE": "voila/0.5.13"}).items():  # scomm app's kernel
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("QUERY_STRING", "")
    student = app.student_from_address(DEMO_STUDENT)  # the app's own cell: no ?student=
    demo = widgets.exercise(L, "l1-ident", student_id=student, seed=0)
    demo.value = "IDENT (DHS)"
    demo.button.click()
    box = widgets.submit_button(L, student_id=student)
    warning = box.spec["warning"]
    assert "You are answering as demo-student" in warning
    assert "?student=" in warning and "parameter cell" not in warning and "Run All" not in warning
    box.click()
    assert "It was saved as demo-student" in box.feedback and "?student=" in box.feedback
    assert "student_id" not in box.feedback
    # The parameter the warning names is the one the app reads.
    monkeypatch.setenv("QUERY_STRING", "student=s1042")
    assert app.student_from_address(DEMO_STUDENT) == "s1042"


def _renamed() -> list[tuple[str, object]]:

    return [
        (lesson, ex)
        for lesson in ("01_program_mechanics", "02_opt_out_dispute", "03_detainer_law", "04_pep_transition")
        for ex in definitions.load_set(lesson, with_keys=True).values()
        if getattr(ex, "renamed", None)
    ]


def test_an_answer_saved_under_an_items_old_words_scores_and_restores_whole() -> None:
    found = _renamed()
    assert {ex.id for _, ex in found} >= {"l4-tiers", "l4-evidence"}  # reworded to US spelling
    for lesson, ex in found:
        assert set(ex.renamed.values()) <= set(ex.items), f"{ex.id}: renamed names an item it does not have"
        old = {new: old for old, new in ex.renamed.items()}
        saved = {old.get(item, item): category for item, category in ex.answer.items()}
        assert saved != dict(ex.answer)  # the answer as saved before the rewording
        assert ex.check(saved).score == ex.points, ex.id
        responses.Log("s-old", lesson).record(ex.id, saved, seed=3)
        reopened = widgets.exercise(lesson, ex.id, student_id="s-old", seed=3, as_of="2016-03-01")
        assert None not in reopened.value.values() and reopened.value == dict(ex.answer), ex.id
