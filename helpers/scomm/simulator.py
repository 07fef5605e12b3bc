"""The detainer decision simulator: set a booking's facts, predict, then see the rules' answer.

Two uses of ``scomm.detainers``:

- ``case(exercise_id, seed)`` draws one booking for one student (a jail, a day, a record)
  and the engine's answer to it. Scenario exercises whose definition names this function
  as their ``generator`` give every student their own cases, and the grader, which calls
  the same function with the submission's seed, checks them against the same rules.
- ``explore(p)`` is a free-play widget: any facts, any jurisdiction, any date.

The cases are SYNTHETIC: invented bookings, not people.
"""

from __future__ import annotations

import random
from datetime import date, datetime

import ipywidgets as w

from scomm.widgets import _note, button, dropdown, panel

REQUEST_OPTIONS = {
    "detainer": "A detainer: hold the person up to 48 hours",
    "notification": "A request to be told before release",
    "none": "Nothing",
}
JAIL_OPTIONS = {
    "hold": "Hold the person for ICE",
    "notify": "Tell ICE when the person will be released",
    "decline": "Decline ICE's request",
    "nothing": "Nothing to do: ICE asked for nothing",
}
QUESTIONS = {
    "request": ("What would ICE ask the jail for?", tuple(REQUEST_OPTIONS.values())),
    "jail": ("What would the jail do?", tuple(JAIL_OPTIONS.values())),
}

# Places and days chosen so the cases cross the federal and local rule changes.
PLACES = (
    "harris-county-tx",
    "cook-county-il",
    "los-angeles-county-ca",
    "district-of-columbia",
    "clackamas-county-or",
    "connecticut",
)
DAYS = (date(2011, 6, 15), date(2013, 6, 3), date(2014, 6, 2), date(2016, 3, 1), date(2018, 2, 1))
RECORDS = (
    ("no prior convictions; arrested on a misdemeanor charge", {}),
    ("one felony conviction", {"felony_convictions": 1}),
    ("three misdemeanor convictions", {"other_misdemeanors": 3}),
    ("one significant misdemeanor (e.g. drunk driving)", {"significant_misdemeanors": 1}),
    (
        "an earlier removal order; arrested on a misdemeanor charge",
        {"prior_removal_order_on": date(2009, 5, 1)},
    ),
    ("no convictions; arrested on a felony charge", {"pending_felony_charge": True}),
)


def booking_for(place: str, day: date, record: dict) -> object:
    """A ``detainers.Booking`` for a removable person booked in ``place`` on ``day``."""
    from scomm import detainers

    return detainers.Booking(
        booked_on=day,
        jurisdiction_id=place,
        release_at=datetime(day.year, day.month, day.day, 15, 0),
        **record,
    )


def case(exercise_id: str, seed: int) -> dict:
    """One student's case for one exercise: facts to show, the engine's answers and its reasons."""
    from scomm import detainers
    from scomm.course import data

    rng = random.Random(f"{exercise_id}:{seed}")
    place, day = rng.choice(PLACES), rng.choice(DAYS)
    label, record = rng.choice(RECORDS)
    decision = detainers.decide(booking_for(place, day, record))
    names = data.load("jurisdictions").set_index("jurisdiction_id")["name"]
    return {
        "facts": {
            "Booked on": day.strftime("%-d %B %Y"),
            "Jail": names[place],
            "Record": label,
            "Immigration check": "fingerprints matched a non-citizen the records show as removable",
        },
        "answers": {
            "request": REQUEST_OPTIONS[decision.ice_request],
            "jail": JAIL_OPTIONS[decision.jail_action],
        },
        "explanation": decision.explain(),
        "rests_on": tuple(f"sources:{s}" for r in decision.reasons for s in r.source_ids),
    }


# -- free play ----------------------------------------------------------------------------------------


class Explorer:
    """Controls for a booking's facts, two predictions, and a button that shows the rules' answer."""

    def __init__(self, places: dict[str, str], day: date) -> None:
        wide = {"description_width": "initial"}
        self.place = w.Dropdown(options=list(places.items()), description="Jail:", style=wide)
        self.day = w.DatePicker(value=day, description="Booked on:", style=wide)
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
        from scomm import detainers

        if self.predict_request.value is None or self.predict_jail.value is None:
            self.result.value = _note("Predict both answers first: that is the point of the exercise.")
            return
        try:
            decision = detainers.decide(self.booking())
        except ValueError as exc:
            self.result.value = _note(str(exc))
            return
        verdict = [
            f"ICE: {'you were right' if self.predict_request.value == decision.ice_request else 'not what you predicted'}.",
            f"Jail: {'you were right' if self.predict_jail.value == decision.jail_action else 'not what you predicted'}.",
        ]
        self.result.value = _note(f"{' '.join(verdict)} {decision.explain()}")


def explore(p: object) -> w.Widget:
    """The free-play simulator, starting on the lesson's ``as_of`` day."""
    from scomm.course import data

    places = data.load("jurisdictions").set_index("jurisdiction_id")["name"]
    chosen = {places[j]: j for j in PLACES}
    return Explorer(chosen, p.as_of.date()).widget
