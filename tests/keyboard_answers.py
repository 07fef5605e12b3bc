"""Answering an exercise in a real browser with the keyboard alone: Tab to a control, arrows to choose,
Enter or Space to press, as a student who uses no mouse does. Focus is put on an exercise's first
control, where a Tab from the exercise's text would put it; from there on only keys are pressed,
and each step checks where the focus went.
"""

from __future__ import annotations


def _focused_text(page) -> str:
    return page.evaluate("() => document.activeElement.textContent.trim()")


def order_by_keyboard(page, form, order) -> None:
    """Answer an ordering exercise: ArrowDown in each drop-down, Tab to the next, Enter on the button."""

    selects = form.locator("select")
    assert selects.count() == len(order)
    selects.first.focus()
    for position, item in enumerate(order):
        assert page.evaluate("() => document.activeElement.tagName") == "SELECT", (
            f"Tab did not reach place {position + 1}"
        )
        values = selects.nth(position).evaluate("s => [...s.options].map(o => o.value)")
        shown = selects.nth(position).evaluate("s => s.selectedIndex")
        for _ in range(values.index(item) - shown):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")
    _press_check(page, form)


def choose_by_keyboard(page, form, answer: str) -> None:
    """Answer a single-choice exercise: Space picks the first option, the arrow keys move the choice."""

    radios = form.locator("input[type=radio]")
    options = [
        radios.nth(k).evaluate("r => r.parentElement.textContent.trim()") for k in range(radios.count())
    ]
    radios.first.focus()
    page.keyboard.press("Space")
    for _ in range(options.index(answer)):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # one Tab leaves the whole set of radio buttons
    _press_check(page, form)


def _press_check(page, form) -> None:
    from playwright.sync_api import expect

    press_by_keyboard(page, "Check answer")
    expect(form.get_by_role("status")).to_contain_text("Correct")


def press_by_keyboard(page, label: str) -> None:
    """Press Enter on the focused button, after checking it is the one called ``label``."""
    assert _focused_text(page) == label
    # ipywidgets holds back a control's second change until the kernel has taken the first,
    # but sends a button press at once: a person's pause between choosing and pressing, which
    # a script does not make by itself, keeps the press from overtaking the choice.
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
