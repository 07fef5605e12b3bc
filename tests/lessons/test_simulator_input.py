"""The simulator refuses what a control does not allow: named (control, value, what is allowed) in
the panel, the last good state kept, and a press that carries it not answered. In Chromium at 400 px:
``test_simulator_page.py``."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from scomm.lessons.detainer_law import simulator


def _explorer() -> simulator.Explorer:
    explorer = simulator.Explorer(
        {"Harris County, TX": "harris-county-tx", "Cook County, IL": "cook-county-il"},
        pd.Timestamp("2011-10-01"),
    )
    explorer.felonies.value = 2
    explorer.predict_request.value, explorer.predict_jail.value = "detainer", "hold"
    return explorer


def _press(explorer: simulator.Explorer, **parts: object) -> None:
    """Press the button as the page does: the answer goes with the press, ``parts`` changed in it."""
    sent = list(explorer.widget.value)
    for name, raw in parts.items():
        sent[explorer.widget.fields.index(getattr(explorer, name))] = raw
    explorer.widget._message(None, {"event": "press", "value": sent}, None)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        (42, "42"),
        (-1, "-1"),
        (1.5, "1.5"),
        (None, "an empty box"),
        ("x" * 500, "x" * 39 + "…"),
        (True, "True"),
    ],
)
def test_a_number_out_of_range_is_refused_by_name_and_the_last_good_one_kept(raw: object, shown: str) -> None:
    explorer = _explorer()
    _press(explorer, felonies=raw, gang=True)
    said = explorer.result.value
    assert f"Felony convictions: {shown} is not allowed: a whole number from 0 to 9. It stays 2." in said, (
        said
    )
    assert 'role="alert"' in said and "ICE:" not in said, "refused, announced, and not answered"
    assert explorer.felonies.value == 2 and explorer.gang.value is True, "the good part of the press is kept"
    explorer.button.click()
    assert "ICE:" in explorer.result.value, "the next press answers for the state kept"


def test_a_change_the_page_sends_is_refused_too_and_the_page_shown_the_good_value_again() -> None:
    explorer = _explorer()
    sent: list[list] = []

    def send_state(key: object = None) -> None:  # what the kernel sends the page, as it is sent
        if key is None or "value" in key:
            sent.append(list(explorer.widget.value))

    explorer.widget.send_state = send_state
    n = explorer.widget.fields.index(explorer.felonies)
    explorer.widget.value = [*explorer.widget.value[:n], 10, *explorer.widget.value[n + 1 :]]
    assert explorer.felonies.value == 2 and "Felony convictions: 10 is not allowed" in explorer.result.value
    assert sent and sent[-1][n] == 2
    sent.clear()
    _press(explorer, felonies=11)  # only in the press: the page still shows 11 until told otherwise
    assert sent and sent[-1][n] == 2 and "Felony convictions: 11 is not allowed" in explorer.result.value


@pytest.mark.parametrize("raw", ["2007-01-01", "2011-10-02", "not a day", None])
def test_a_day_out_of_range_is_refused_and_not_answered(raw: object) -> None:
    explorer = _explorer()
    _press(explorer, day=raw)
    assert "Booked on: " in explorer.result.value and "It stays 1 October 2011." in explorer.result.value
    assert "a day from 28 March 2008 to 1 October 2011" in explorer.result.value
    assert "ICE:" not in explorer.result.value and explorer.day.value == date(2011, 10, 1)


@pytest.mark.parametrize("sent", [[], ["0"], {"felonies": 3}, "x", None])
def test_an_answer_of_the_wrong_shape_is_refused_and_the_state_kept(sent: object) -> None:
    explorer = _explorer()
    before = list(explorer.widget.value)
    explorer.widget._message(None, {"event": "press", "value": sent}, None)
    assert "in a form the panel cannot read: nothing was changed" in explorer.result.value
    assert "ICE:" not in explorer.result.value and explorer.widget.value == before


def test_a_choice_the_page_does_not_offer_is_refused() -> None:
    explorer = _explorer()
    _press(explorer, place="7")
    assert "Jail in: 7 is not allowed: one of " in explorer.result.value
    assert explorer.place.value == "harris-county-tx"
