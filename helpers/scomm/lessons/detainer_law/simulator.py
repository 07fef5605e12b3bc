"""The detainer simulator: set a booking's facts, predict both answers, then see the rules' answer.

``explore(p)`` is free play: any facts, any of the jails ``scomm.policy.scenarios`` draws cases
from, any day from the program's start up to ``p.as_of`` (it opens on ``p.as_of``). Its answer
names only what was public on ``p.as_of`` (``Decision.explain(as_of=...)``). The booking is SYNTHETIC:
invented facts, not a person.
"""

from __future__ import annotations

from datetime import date

import ipywidgets as w
import pandas as pd

from scomm.course.params import Params
from scomm.exercises.controls import button, dropdown, note, panel
from scomm.policy.detainers import PROGRAM_START, DetainerError, decide
from scomm.policy.scenarios import JAIL_OPTIONS, PLACES, REQUEST_OPTIONS, booking_for

# -- free play ----------------------------------------------------------------------------------------


class Explorer:
    """Controls for a booking's facts, two predictions, and a button that shows the rules' answer."""

    def __init__(self, places: dict[str, str], as_of: pd.Timestamp) -> None:
        wide = {"description_width": "initial"}
        self.as_of = as_of
        day = as_of.date()
        self.place = w.Dropdown(options=list(places.items()), description="Jail:", style=wide)
        self.day = w.DatePicker(value=day, min=PROGRAM_START, max=day, description="Booked on:", style=wide)
        self.felonies = w.BoundedIntText(value=0, min=0, max=9, description="Felony convictions:", style=wide)
        self.significant = w.BoundedIntText(
            value=0, min=0, max=9, description="Significant misdemeanors:", style=wide
        )
        self.misdemeanors = w.BoundedIntText(
            value=0, min=0, max=9, description="Other misdemeanors:", style=wide
        )
        self.felony_charge = w.Checkbox(description="Arrested on a felony charge", indent=False)
        self.removal_order = w.Checkbox(description="An earlier removal order", indent=False)
        self.gang = w.Checkbox(description="Gang flag", indent=False)
        self.security = w.Checkbox(description="National-security flag", indent=False)
        self.predict_request = dropdown(
            [(v, k) for k, v in REQUEST_OPTIONS.items()], "ICE will ask for:", blank="(predict)", style=wide
        )
        self.predict_jail = dropdown(
            [(v, k) for k, v in JAIL_OPTIONS.items()], "The jail will:", blank="(predict)", style=wide
        )
        self.button = button("Show the rules' answer", button_style="primary")
        self.result = w.HTML()
        self.button.on_click(lambda _b: self.reveal())
        self.widget = panel(
            [
                w.HTML(
                    "<b>Simulator (synthetic booking).</b> Set the facts, predict both answers, then reveal."
                ),
                self.place,
                self.day,
                self.felonies,
                self.significant,
                self.misdemeanors,
                self.felony_charge,
                self.removal_order,
                self.gang,
                self.security,
                self.predict_request,
                self.predict_jail,
                self.button,
                self.result,
            ],
            "scomm-simulator",
        )

    def booking(self) -> object:
        record = {
            "felony_convictions": self.felonies.value,
            "significant_misdemeanors": self.significant.value,
            "other_misdemeanors": self.misdemeanors.value,
            "pending_felony_charge": self.felony_charge.value,
            "prior_removal_order_on": date(2009, 5, 1) if self.removal_order.value else None,
            "gang": self.gang.value,
            "national_security": self.security.value,
        }
        return booking_for(self.place.value, self.day.value, record)

    def reveal(self) -> None:
        if self.predict_request.value is None or self.predict_jail.value is None:
            self.result.value = note("Predict both answers first: that is the point of the exercise.")
            return
        if self.day.value is None or self.day.value > self.as_of.date():
            self.result.value = note(
                f"Choose a booking day up to as_of, {self.as_of.date().isoformat()}: the lesson shows the rules "
                "as they stood then."
            )
            return
        try:
            decision = decide(self.booking())
        except DetainerError as exc:
            self.result.value = note(str(exc))
            return
        verdict = [
            f"ICE: {'you were right' if self.predict_request.value == decision.ice_request else 'not what you predicted'}.",
            f"Jail: {'you were right' if self.predict_jail.value == decision.jail_action else 'not what you predicted'}.",
        ]
        self.result.value = note(f"{' '.join(verdict)} {decision.explain(as_of=self.as_of)}")


def explore(p: Params) -> w.Widget:
    """The free-play simulator, opening on ``p.as_of``; no booking day after it can be chosen."""
    places = p.world.table("jurisdictions").set_index("jurisdiction_id")["name"]
    chosen = {places[j]: j for j in PLACES if j in places.index}
    return Explorer(chosen, p.as_of).widget
