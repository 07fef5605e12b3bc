"""The detainer rules engine: what ICE asked a jail for, and what the jail did, on any day from 2008.

A booking's fingerprints matched a non-citizen. Two sets of rules then apply, one after the other:

1. the **federal regime** in force that day decides what ICE asks for: a ``detainer`` (hold the
   person up to 48 hours), a ``notification`` (tell ICE before release), a ``transfer`` (hand the
   person over; PEP's form I-247X) or ``none``, and the answer names ICE's form for it that day;
2. the **local regimes** binding the jail (its county's or city's own, and its state's) decide
   how the jail answers: ``hold``, ``notify``, ``transfer``, ``decline``, or ``nothing`` when ICE
   asked for nothing. A jail bound by several does only what all of them allow; where no local
   rule answers the request the jail does what ICE asks.

The engine refuses, with a ``DetainerError`` naming the value and what is allowed, a day before
the program, a day past the kit's knowledge horizon, a day for which the kit's sources give no
federal rule (a regime whose rule is ``unknown``), and a booking it cannot place in one jail
system (the whole country; a whole state on a day its jails answered ICE differently).

The rules are data (``data/regimes.csv`` and ``data/regime_rules.csv``), each citing its sources;
the engine only knows the named conditions the rules test. Every answer says which rule gave it.

>>> from datetime import date
>>> decide(Booking(booked_on=date(2013, 6, 3), jurisdiction_id="cook-county-il", felony_convictions=1)).jail_action
'decline'

The parts, each importing only the ones before it: ``model`` (the records and how they are
said), ``catalogue`` (the rules and forms from ``data/``), ``lookup`` (regimes, forms and
refusals by day and place), ``rules`` (one booking, the hold deadline), ``table`` (reading a table of bookings) and
``batch`` (a table of bookings at once). The engine simplifies: every regime's
``simplifications`` (lesson 3's regimes table) say what it leaves out.
"""

from scomm.policy.detainers.batch import decide_many
from scomm.policy.detainers.lookup import (
    federal_regime,
    form_for,
    limits_in_force,
    local_regime,
    local_regimes,
)
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    JAIL_ACTIONS,
    PROGRAM_START,
    REQUESTS,
    UNKNOWN,
    Booking,
    Decision,
    DetainerError,
    Reason,
    Regime,
)
from scomm.policy.detainers.rules import CONDITIONS, decide, hold_deadline
from scomm.policy.detainers.table import bookings_of

__all__ = [
    "CONDITIONS",
    "HOLD_HOURS",
    "JAIL_ACTIONS",
    "PROGRAM_START",
    "REQUESTS",
    "UNKNOWN",
    "Booking",
    "Decision",
    "DetainerError",
    "Reason",
    "Regime",
    "bookings_of",
    "decide",
    "decide_many",
    "federal_regime",
    "form_for",
    "hold_deadline",
    "limits_in_force",
    "local_regime",
    "local_regimes",
]
