"""The detainer rules engine: what ICE asked a jail for, and what the jail did, on any day from 2008.

A booking's fingerprints matched a non-citizen. Two sets of rules then apply, one after the other:

1. the **federal regime** in force that day decides what ICE asks for: a ``detainer`` (hold the
   person up to 48 hours), a ``notification`` (tell ICE before release) or ``none``;
2. the **local regime** of the jail's county (or, failing that, its state) decides how the jail
   answers: ``hold``, ``notify``, ``decline``, or ``nothing`` when ICE asked for nothing. Where
   no local regime is recorded the jail does what ICE asks.

The rules are data (``data/regimes.csv`` and ``data/regime_rules.csv``), each citing its sources;
the engine only knows the named conditions the rules test. Every answer says which rule gave it.

>>> from datetime import date
>>> decide(Booking(booked_on=date(2013, 6, 3), jurisdiction_id="cook-county-il", felony_convictions=1)).jail_action
'decline'

The parts, each importing only the ones before it: ``model`` (the records and how they are
said), ``catalogue`` (the rules from ``data/``, regimes by day), ``rules`` (one booking, the hold
deadline) and ``batch`` (a table of bookings at once). The engine simplifies: every regime's
``simplifications`` (lesson 3's regimes table) say what it leaves out.
"""

from scomm.policy.detainers.batch import bookings_of, decide_many
from scomm.policy.detainers.catalogue import federal_regime, limits_in_force, local_regime
from scomm.policy.detainers.model import (
    HOLD_HOURS,
    JAIL_ACTIONS,
    PROGRAM_START,
    REQUESTS,
    Booking,
    Decision,
    DetainerError,
    Reason,
    Regime,
)
from scomm.policy.detainers.rules import CONDITIONS, decide, hold_deadline

__all__ = [
    "CONDITIONS",
    "HOLD_HOURS",
    "JAIL_ACTIONS",
    "PROGRAM_START",
    "REQUESTS",
    "Booking",
    "Decision",
    "DetainerError",
    "Reason",
    "Regime",
    "bookings_of",
    "decide",
    "decide_many",
    "federal_regime",
    "hold_deadline",
    "limits_in_force",
    "local_regime",
]
