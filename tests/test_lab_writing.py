"""Writing, annotating and the simulator in real JupyterLab, driven through Chromium as a student would: a
written answer saved as typed, a passage marked by mouse and by keyboard, the simulator from the
keyboard."""

from __future__ import annotations

import json
import re

import nbformat
import pytest
from playwright.sync_api import Page, expect

import test_lab
from keyboard_answers import press_by_keyboard
from scomm.annotation import records, store
from scomm.course import data
from scomm.exercises import definitions as exercises
from scomm.exercises.written import CITE_HOW
from scomm.sources import corpus
from test_lab import STUDENT, Lab, exercise, open_lesson, run_all

pytestmark = [pytest.mark.browser, pytest.mark.slow]
#: test_lab's fixtures, found here by name: this module's own JupyterLab, and a fresh page for each test.
lab, lab_page = test_lab.lab, test_lab.lab_page


def reading_day(lab: Lab, lesson: str) -> None:
    """Set the lab's copy of a lesson on the first day its reading is open (its last source's day).

    A lesson whose exercise set is dated shows its reading only once every source it retells was
    published; the default ``as_of`` of lesson 2 comes before that.
    """
    sources = data.load("sources").set_index("source_id")["date"]
    day = max(sources[s] for s in corpus.reading(lesson).references).date().isoformat()
    set_parameter(lab, lesson, "as_of", day)


def set_parameter(lab: Lab, lesson: str, name: str, value: str) -> str:
    """Set ``name = "value"`` in the parameters cell of the lab's copy of a lesson; return the value it had."""
    path = lab.responses.parent / "notebooks" / f"{lesson}.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    before = re.search(rf'^{name} = "([^"]*)"', cell.source, flags=re.M).group(1)
    cell.source = re.sub(rf'^{name} = "[^"]*"', f'{name} = "{value}"', cell.source, flags=re.M)
    nbformat.write(nb, path)
    return before


def test_a_written_answer_is_saved_as_typed_restored_after_a_reload_and_submitted(
    lab: Lab, lab_page: Page
) -> None:
    lesson = "04_pep_transition"  # set on 2016-03-01: the memo (written as of 2015-12-01) is open
    memo = exercises.load_set(lesson)["l4-memo"]
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l4-memo")
    box = form.get_by_label(memo.prompt)  # the question is the text box's label
    box.click()
    # Sources cited as the lessons name them: publisher and date.
    text = (
        "Answer notification requests; decline holds without a judicial warrant (U.S. Court of Appeals "
        "for the Third Circuit, 4 March 2014; The White House, 25 January 2017)."
    )
    lab_page.keyboard.type(text, delay=5)
    expect(form.locator(".scomm-written-count")).to_have_text("26 words; 800-1,200 asked: 774 to go")
    # Saved after a pause in typing, without leaving the box; the later source draws a warning,
    # with what a citation looks like.
    expect(form.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=15_000)
    assert lab.log(lesson).latest()["l4-memo"]["answer"] == text
    expect(form).to_contain_text(
        "“The White House, 25 January 2017” was not yet published on 1 December 2015"
    )
    expect(form).to_contain_text(CITE_HOW)
    assert "Third Circuit" not in form.locator(".scomm-feedback").inner_text(), (
        "a source of its day is not flagged"
    )

    # Typed, then Tab at once: leaving the box saves it before any pause.
    short = exercise(lab_page, "l4-discuss-changed")
    short.locator("textarea").click()
    lab_page.keyboard.type("The fingerprint link stayed.")
    lab_page.keyboard.press("Tab")
    expect(short.get_by_role("status").filter(has_text="Saved at")).to_be_visible(timeout=15_000)
    assert lab.log(lesson).latest()["l4-discuss-changed"]["answer"] == "The fingerprint link stayed."

    from axe_playwright_python.sync_playwright import Axe

    found = Axe().run(lab_page, context={"include": [[".scomm-written-answer"]]}).response
    assert found["passes"], "axe checked nothing: no written answer on the page?"
    assert [f"{v['id']}: {v['nodes'][0]['target']}" for v in found["violations"]] == []

    # The kernel dies and the page is reloaded: running the lesson again brings the text back.
    lab.end_sessions()
    lab_page.reload()
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    form = exercise(lab_page, "l4-memo")
    expect(form.get_by_label(memo.prompt)).to_have_value(text)
    expect(form.get_by_role("status").filter(has_text="is restored")).to_be_visible()

    submit = lab_page.locator(".scomm-submit")
    submit.get_by_role("button", name="Submit this lesson").click()
    expect(submit.get_by_role("status").filter(has_text="Submitted")).to_be_visible()
    handed_in = lab.responses / "submissions" / lesson / f"{STUDENT}.json"
    answers = json.loads(handed_in.read_text(encoding="utf-8"))["answers"]
    assert answers["l4-memo"]["answer"] == text
    assert answers["l4-discuss-changed"]["answer"] == "The fingerprint link stayed."


def test_a_high_school_class_is_asked_600_to_900_words_for_the_memo_and_the_counter_says_so(
    lab: Lab, lab_page: Page
) -> None:
    lesson = "04_pep_transition"
    memo = exercises.load_set(lesson)["l4-memo"]
    before = set_parameter(lab, lesson, "level", "high_school")
    try:
        open_lesson(lab_page, lab, lesson)
        run_all(lab_page)
        form = exercise(lab_page, "l4-memo")
        count = form.locator(".scomm-written-count")
        expect(count).to_have_text("0 words; 600-900 asked")
        form.get_by_label(memo.prompt).fill(" ".join(["word"] * 598))
        lab_page.keyboard.type(" two more")
        expect(count).to_have_text("600 words; 600-900 asked")
        form.get_by_label(memo.prompt).fill(" ".join(["word"] * 899))
        lab_page.keyboard.type(" two more")
        expect(count).to_have_text("901 words; 600-900 asked: 1 over")
    finally:
        set_parameter(lab, lesson, "level", before)


def test_a_passage_selected_with_the_mouse_is_saved_with_its_offsets(lab: Lab, lab_page: Page) -> None:
    lesson = "02_opt_out_dispute"
    doc = corpus.reading(lesson)
    paragraph = doc.paragraphs[2]  # not the first: offsets must count the paragraphs before it
    words = doc.text[paragraph.start : paragraph.end].split(" ")
    start = paragraph.start + len(" ".join(words[:3])) + 1
    end = start + len(" ".join(words[3:9]))
    passage = doc.text[start:end]

    reading_day(lab, lesson)
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    # Where the passage's first and last characters are on screen (JavaScript counts UTF-16 units).
    units = lambda a, b: len(doc.text[a:b].encode("utf-16-le")) // 2  # noqa: E731
    box = lab_page.evaluate(
        """async ([index, first, last]) => {
        const p = document.querySelector(`.scomm-annotator-text p[data-index="${index}"]`);
        // Cells drawn late (content-visibility) move the page under a first scroll: repeat until still.
        for (let tries = 0, top = null; tries < 20 && top !== p.getBoundingClientRect().top; tries++) {
          top = p.getBoundingClientRect().top;
          p.scrollIntoView({block: 'center'});
          await new Promise(done => setTimeout(done, 150));
        }
        const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
        const at = (offset) => {
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (offset < node.length) return [node, offset];
            offset -= node.length;
          }
        };
        const rectOf = (offset) => {
          walker.currentNode = p;
          const [node, inside] = at(offset);
          const range = document.createRange();
          range.setStart(node, inside);
          range.setEnd(node, inside + 1);
          return range.getBoundingClientRect();
        };
        const a = rectOf(first), b = rectOf(last);
        return {x0: a.left + 1, y0: a.top + a.height / 2, x1: b.right - 1, y1: b.top + b.height / 2};
    }""",
        [2, units(paragraph.start, start), units(paragraph.start, end - 1)],
    )
    lab_page.mouse.move(box["x0"], box["y0"])
    lab_page.mouse.down()
    lab_page.mouse.move(box["x1"], box["y1"], steps=8)
    lab_page.mouse.up()
    annotator = lab_page.locator(".scomm-annotator-box")
    expect(annotator.get_by_role("status")).to_contain_text(f"Selected {end - start} characters")

    annotator.get_by_label("Tag:").select_option(records.TAGS[0])
    annotator.get_by_label("Stance:").select_option(records.STANCES[0])
    annotator.get_by_label("Comment:").fill("Marked with the mouse in a browser test")
    annotator.get_by_role("button", name="Save annotation").click()
    expect(annotator.get_by_role("status")).to_contain_text("Saved")

    saved = store.load(lab.log(lesson), doc.doc_id)
    assert [(a.start, a.end, a.exact, a.tag) for a in saved] == [(start, end, passage, records.TAGS[0])]
    # And the page highlights exactly those words.
    expect(lab_page.locator(".scomm-annotator-text mark.scomm-highlight")).to_have_text(passage)


def test_the_detainer_simulator_works_from_the_keyboard(lab: Lab, lab_page: Page) -> None:
    from datetime import date

    import pandas as pd

    from scomm.course import data
    from scomm.policy import detainers, scenarios

    open_lesson(lab_page, lab, "03_detainer_law")
    run_all(lab_page)
    panel = lab_page.locator(".scomm-simulator")

    def focused() -> str:
        """The label of the control that has the keyboard focus."""
        return lab_page.evaluate(
            "() => (document.activeElement.labels?.[0] ?? document.activeElement).innerText.trim()"
        )

    panel.get_by_label("Felony convictions:").focus()
    lab_page.keyboard.press("Control+A")
    lab_page.keyboard.type("2")
    for _ in range(2):
        lab_page.keyboard.press("Tab")
    assert focused().startswith("Other misdemeanors")
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("Space")  # "Arrested on a felony charge"
    # Then the 2012 guidance's facts (four), the removal order, coming back after removal, two flags.
    for _ in range(9):
        lab_page.keyboard.press("Tab")
    assert focused().startswith("ICE will ask for")
    lab_page.keyboard.press("ArrowDown")
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("ArrowDown")
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Show the rules' answer")

    # The page's answer is the rules engine's for the booking the keys described.
    jail = panel.get_by_label("Jail in:").evaluate("s => s.selectedOptions[0].textContent")
    place = data.load("jurisdictions").set_index("name").loc[jail, "jurisdiction_id"]
    booked = date.fromisoformat(panel.get_by_label("Booked on:").input_value())
    record = {
        "felony_convictions": 2,
        "significant_misdemeanors": 0,
        "other_misdemeanors": 0,
        "pending_felony_charge": True,
        "prior_removal_order_on": None,
        "entered_on": None,
        "gang": False,
        "national_security": False,
        "aggravated_felony": False,
        "significant_misdemeanor_charge": False,
        "illegal_entry_conviction": False,
        "immigration_fraud": False,
        "reentered_after_removal": False,
    }
    decision = detainers.decide(scenarios.booking_for(place, booked, record))
    as_of = pd.Timestamp(booked)  # the simulator opens on the lesson's as_of
    expect(panel.get_by_role("status")).to_contain_text(decision.explain(as_of=as_of))


def test_a_passage_can_be_annotated_with_the_keyboard_alone(lab: Lab, lab_page: Page) -> None:
    lesson = "02_opt_out_dispute"
    doc = corpus.reading(lesson)
    paragraph = doc.paragraphs[1]
    words = doc.text[paragraph.start : paragraph.end].split(" ")
    quote = " ".join(words[2:7])
    start = doc.text.index(quote)

    reading_day(lab, lesson)
    open_lesson(lab_page, lab, lesson)
    run_all(lab_page)
    annotator = lab_page.locator(".scomm-annotator-box")
    annotator.get_by_label("Find a passage (type the exact words):").focus()
    lab_page.keyboard.type(quote)
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Find")
    expect(annotator.get_by_role("status")).to_contain_text("Found")
    lab_page.keyboard.press("Tab")  # the selected passage is shown read-only and is skipped
    lab_page.keyboard.press("ArrowDown")  # Tag: the first tag
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.press("ArrowDown")  # Stance: the first stance
    lab_page.keyboard.press("Tab")
    lab_page.keyboard.type("Found by typing its words")
    lab_page.keyboard.press("Tab")
    press_by_keyboard(lab_page, "Save annotation")
    expect(annotator.get_by_role("status")).to_contain_text("Saved")

    saved = store.load(lab.log(lesson), doc.doc_id)
    assert [(a.start, a.end, a.tag, a.stance, a.comment) for a in saved] == [
        (start, start + len(quote), records.TAGS[0], records.STANCES[0], "Found by typing its words")
    ]
