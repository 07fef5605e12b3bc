"""The detainer simulator: set a booking's facts, predict both answers, then see the rules' answer.

``explore(p)`` is free play: any facts, any of the jails ``scomm.policy.scenarios`` draws cases
from, any day from the program's start up to ``p.as_of`` (it opens on ``p.as_of``). Its answer
names only what was public on ``p.as_of`` (``Decision.explain(as_of=...)``). The booking is SYNTHETIC:
invented facts, not a person.

A fact the engine's later rules turn on (an aggravated felony, a charge from the 2012 guidance's
list, a removal order since 2014, a recent entry) gets a control only once a rule naming it was
public and in force on ``p.as_of`` (``offered``), so no control tells of rules still to come:

>>> from scomm.course.params import validate
>>> sorted(offered(validate("03_detainer_law", as_of="2011-06-01")))
[]
>>> "aggravated" in offered(validate("03_detainer_law", as_of="2013-01-15"))
True
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from scomm.course import synthetic
from scomm.course.params import Params
from scomm.exercises.controls import note
from scomm.exercises.fields import Choice, Day, Fact, Flag, Number, bind
from scomm.exercises.form_view import Button, FormView, Shown
from scomm.policy import scenarios
from scomm.policy.detainers import PROGRAM_START, DetainerError, decide
from scomm.policy.scenarios import PLACES, booking_for

#: The later controls and the rule conditions (data/regime_rules.csv) each one feeds.
FEEDS: dict[str, tuple[str, ...]] = {
    "aggravated": ("aggravated_felony",),
    "significant_charge": ("significant_misdemeanor_charge",),
    "illegal_entry": ("illegal_entry_conviction",),
    "fraud": ("immigration_fraud",),
    "reentered": ("reentry",),
    "order_since_2014": ("final_order_since_2014",),
    "entered_since_2014": ("entered_since_2014",),
    "entered_since_nov_2020": ("entered_since_nov_2020",),
    # Not a new control: the count's name. "Significant misdemeanor" is the 2012 guidance's term.
    "significant": ("significant_misdemeanor",),
}
#: The later yes-or-no facts: the control's words and the booking field it sets.
FLAGS = {
    "aggravated": ("Convicted of an aggravated felony", "aggravated_felony"),
    "significant_charge": (
        # The guidance's list as regime_rules g12-significant-misdemeanor gives it (no firearm in it).
        "Arrested for a significant misdemeanor (violence, sexual abuse, drunk driving, drug trafficking and the like)",
        "significant_misdemeanor_charge",
    ),
    "illegal_entry": ("Convicted of illegal entry or re-entry", "illegal_entry_conviction"),
    "fraud": ("Convicted of immigration fraud", "immigration_fraud"),
    "reentered": ("Removed under that order and came back", "reentered_after_removal"),
}
EARLY_ORDER, RECENT_ORDER = date(2009, 5, 1), date(2014, 6, 2)


def offered(p: Params) -> frozenset[str]:
    """The later controls whose rule was public and in force on ``p.as_of``."""
    regimes = p.world.table("regimes")
    started = regimes.loc[regimes["starts"] <= p.as_of, "regime_id"]
    rules = p.world.table("regime_rules")
    conditions = set(rules.loc[rules["regime_id"].isin(started), "condition"])
    return frozenset(name for name, feeds in FEEDS.items() if conditions.intersection(feeds))


# -- free play ----------------------------------------------------------------------------------------


class Explorer:
    """Controls for a booking's facts, two predictions, and a button that shows the rules' answer.

    One widget model (``widget``, a ``FormView``); each control is a field read and set as ``.value``.
    """

    def __init__(
        self, places: dict[str, str], as_of: pd.Timestamp, later: frozenset[str] = frozenset()
    ) -> None:
        self.as_of = as_of
        day = as_of.date()
        self.place = Choice(f"{scenarios.PLACE_LABEL}:", list(places.items()))
        self.day = Day("Booked on:", day, PROGRAM_START, day)
        self.felonies = Number("Felony convictions:", 0, 9)
        self.significant = Number(
            "Significant misdemeanors:"
            if "significant" in later
            else "Misdemeanors for violence, sexual abuse, drunk driving or drug trafficking:",
            0,
            9,
        )
        self.misdemeanors = Number("Other misdemeanors:", 0, 9)
        self.felony_charge = Flag("Arrested on a felony charge")
        self.flags = {name: Flag(words) for name, (words, _field) in FLAGS.items() if name in later}
        orders = [("None", None), ("One from May 2009", EARLY_ORDER)]
        if "order_since_2014" in later:
            orders.append(("One from June 2014", RECENT_ORDER))
        self.removal_order = Choice("An earlier removal order:", orders)
        entries = scenarios.entry_options(later)
        self.entered = Choice("Entered the United States:", entries)
        self.gang = Flag("Gang flag")
        self.security = Flag("National-security flag")
        predict = "(predict)"
        requests = [(v, k) for k, v in scenarios.request_options(day).items()]
        self.predict_request = Choice("ICE will ask for:", requests, predict)
        self.predict_jail = Choice(
            "The jail will:", [(v, k) for k, v in scenarios.jail_options(day).items()], predict
        )
        facts = [self.place, self.day, self.felonies, self.significant, self.misdemeanors, self.felony_charge]
        facts += [
            self.flags[n]
            for n in ("aggravated", "significant_charge", "illegal_entry", "fraud")
            if n in self.flags
        ]
        facts += [self.removal_order, *([self.flags["reentered"]] if "reentered" in self.flags else [])]
        # One possible entry is a fact of the booking, not a choice: shown as such.
        facts += (
            [self.entered]
            if len(entries) > 1
            else [Fact(f"Entered the United States: {entries[0][0].lower()}.")]
        )
        # The bookings come from scomm.policy.scenarios, which invents them: labelled from its flag.
        what = "an invented booking, not a real person" if scenarios.SYNTHETIC else ""
        lead = f"<b>{synthetic.labelled('Simulator.', what)}</b> Set the facts, predict both answers, then reveal."
        spec = {"kind": "simulator", "lead": lead, "button": "Show the rules' answer"}
        fields = [*facts, self.gang, self.security, self.predict_request, self.predict_jail]
        self.widget = bind(fields, spec, "scomm-simulator")
        self.button = Button(spec["button"], self.widget.click)
        self.result = Shown(self.widget, "feedback")
        self.widget.on_press(self.reveal)

    def booking(self) -> object:
        record = {
            "felony_convictions": self.felonies.value,
            "significant_misdemeanors": self.significant.value,
            "other_misdemeanors": self.misdemeanors.value,
            "pending_felony_charge": self.felony_charge.value,
            "prior_removal_order_on": self.removal_order.value,
            "entered_on": self.entered.value,
            "gang": self.gang.value,
            "national_security": self.security.value,
        }
        record |= {FLAGS[name][1]: box.value for name, box in self.flags.items()}
        return booking_for(self.place.value, self.day.value, record)

    def reveal(self) -> None:
        if self.predict_request.value is None or self.predict_jail.value is None:
            self.result.value = note("Predict both answers first: that is the point of the exercise.")
            return
        try:
            decision = decide(self.booking(), known_on=self.as_of.date())
        except DetainerError as exc:
            self.result.value = note(str(exc))
            return
        verdict = [
            f"ICE: {'you were right' if self.predict_request.value == decision.ice_request else 'not what you predicted'}.",
            f"Jail: {'you were right' if self.predict_jail.value == decision.jail_action else 'not what you predicted'}.",
        ]
        self.result.value = note(f"{' '.join(verdict)} {decision.explain(as_of=self.as_of)}")


def explorer(p: Params) -> Explorer:
    """The free-play simulator for ``p``: the places and controls of ``p.as_of``, no later booking day."""
    places = p.world.table("jurisdictions").set_index("jurisdiction_id")["name"]
    chosen = {places[j]: j for j in PLACES if j in places.index}
    return Explorer(chosen, p.as_of, offered(p))


def explore(p: Params) -> FormView:
    """The free-play simulator, opening on ``p.as_of``; no booking day after it can be chosen."""
    return explorer(p).widget
