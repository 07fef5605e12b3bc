"""How one booking's fingerprints travelled, under the rules in force on a given day.

>>> steps = booking_flow("2011-03-31")
>>> list(steps["lane"].unique())
['Local jail', 'State identification bureau', 'FBI (IAFIS)', 'DHS (IDENT)', 'ICE']
>>> "notify ICE" in booking_flow("2016-01-01").iloc[-2]["short"]
True
"""

from __future__ import annotations

import pandas as pd

from scomm.course import timeline
from scomm.course.world import World

JAIL, STATE, FBI, DHS, ICE = "Local jail", "State identification bureau", "FBI (IAFIS)", "DHS (IDENT)", "ICE"

# (lane, short label for the diagram, in lines that fit its box, what happens, sources). The kit's own summary of the
# mechanics in wikipedia-scomm; the request at the end depends on the phase. ICE's release of
# 28 March 2008 announcing the plan (ice-2008-03-28-release) already said that the prints a jail
# runs through the FBI at booking would also be checked against DHS's records, that ICE would be
# told of a match, and that its officers would follow up and act, so those steps are sourced on
# lesson 1's first day; its October 2008 release on the first full-interoperability jail
# (ice-2008-10-harris-release) says the same of a working site. DHS's release of September 2006
# (dhs-2006-09-07-release) names the Law Enforcement Support Center as where the alert goes.
# ICE's procedures of September 2009 (ice-2009-sop, section 2.1.1) are the first source found that
# routes the prints through the state bureau; its release of July 2010
# (ice-2010-07-08-west-texas-release) says ICE weighs a match by status and convictions.
_SHARED = [
    (
        JAIL,
        "booking:\nfingerprints\ntaken",
        "the jail takes fingerprints of everyone it books",
        ("ice-2008-03-28-release", "ice-2008-10-harris-release", "wikipedia-scomm"),
    ),
    (
        STATE,
        "forwards\nprints",
        "the state's identification bureau forwards the prints to the FBI",
        ("ice-2009-sop", "ice-2010-07-08-west-texas-release", "wikipedia-scomm", "truthout-2010"),
    ),
    (
        FBI,
        "criminal\nrecord\ncheck",
        "the FBI checks them against its criminal records (IAFIS)",
        ("ice-2008-03-28-release", "ice-2008-10-harris-release", "wikipedia-scomm"),
    ),
]
_SCOMM = [
    (
        DHS,
        "immigration\nrecord\ncheck",
        "the prints are also checked against DHS's immigration records (IDENT)",
        ("ice-2008-03-28-release", "ice-2008-10-harris-release", "wikipedia-scomm"),
    ),
    (
        ICE,
        "match sent\nto LESC",
        "a match with a non-citizen record is sent to ICE's Law Enforcement Support Center",
        ("dhs-2006-09-07-release", "ice-2008-03-28-release", "ice-2008-10-harris-release", "wikipedia-scomm"),
    ),
    (
        ICE,
        "officers\nreview",
        "ICE officers review immigration status and criminal history and decide whether to act",
        ("ice-2008-03-28-release", "ice-2010-07-08-west-texas-release", "wikipedia-scomm"),
    ),
]
_DETAINER = (
    JAIL,
    "detainer:\nhold ≤ 48 h",
    "ICE may lodge a detainer asking the jail to hold the person up to 48 hours past release "
    "(weekends and holidays excluded) so ICE can take custody",
    ("cfr-287-7", "wikipedia-scomm"),
)
# The memo of 20 November 2014 told ICE to replace its requests for a hold with requests to be
# told of a release, keeping a hold for special circumstances. The diagram asks what the federal
# rules in force that day ask (data/regimes.csv, the same rules lesson 4's comparison runs): the
# memo's rules from 5 January 2015, the 2012 guidance's detainers until then.
_NOTIFY = (
    JAIL,
    "request:\nnotify ICE",
    "ICE asks the jail to tell it before release; asking for a hold is kept for special circumstances",
    ("dhs-2014-scomm-memo",),
)
# From 1 December 2015 (pep-transfer in data/regimes.csv) PEP's rules add a third request, the I-247X:
# for some priorities outside the conviction tiers ICE could ask the jail to hand the person over.
_NOTIFY_OR_TRANSFER = (
    JAIL,
    "request:\nnotify ICE\nor transfer",
    "ICE asks the jail to tell it before release, or, for some priorities outside the conviction tiers, "
    "to hand the person over (form I-247X); asking for a hold is kept for special circumstances",
    ("dhs-2014-scomm-memo", "washtimes-2015-12-01"),
)
_CUSTODY = (ICE, "ICE custody", "ICE takes custody and may begin removal proceedings", ("wikipedia-scomm",))
_END_FBI_ONLY = (
    JAIL,
    "release or\ntrial",
    "the case goes on under local law; immigration records are not checked",
    ("wikipedia-scomm",),
)


def booking_flow(as_of: str | pd.Timestamp) -> pd.DataFrame:
    """The steps one booking went through on ``as_of``: columns step, lane, short, action, source_ids.

    The request at the end is the one the federal rules in force ask for (``requests_in_force``): to
    be told of the release, a hold only in special circumstances, from the day the memos' rules
    applied (5 January 2015), not from the day they were signed.

    >>> [booking_flow(day).iloc[-2]["short"].split()[-1] for day in ("2014-11-20", "2015-01-05", "2015-12-01")]
    ['h', 'ICE', 'transfer']
    """
    current = timeline.phase(as_of).name
    asked = requests_in_force(as_of)
    if current == "before":
        rows = [*_SHARED, _END_FBI_ONLY]
    elif "notification" in asked:
        rows = [*_SHARED, *_SCOMM, _NOTIFY_OR_TRANSFER if "transfer" in asked else _NOTIFY, _CUSTODY]
    else:
        rows = [*_SHARED, *_SCOMM, _DETAINER, _CUSTODY]
    frame = pd.DataFrame(rows, columns=["lane", "short", "action", "source_ids"])
    frame.insert(0, "step", range(1, len(frame) + 1))
    return frame


def requests_in_force(as_of: str | pd.Timestamp) -> set[str]:
    """What the federal rules in force on ``as_of`` can ask of a jail (the outcomes of their
    rules in ``data/regime_rules.csv``), as public that day.

    >>> [sorted(requests_in_force(day)) for day in ("2015-01-04", "2015-01-05", "2015-12-01")]
    [['detainer', 'none'], ['detainer', 'none', 'notification'], ['detainer', 'none', 'notification', 'transfer']]
    """
    return _requests(as_of, latest_only=True)


def notice_asked_by(as_of: str | pd.Timestamp) -> bool:
    """Whether any federal rules in force by ``as_of``, the current ones or earlier, asked a jail for notice.

    >>> notice_asked_by("2015-01-04"), notice_asked_by("2015-01-05"), notice_asked_by("2017-01-25")
    (False, True, True)
    """
    return "notification" in _requests(as_of, latest_only=False)


def _requests(as_of: str | pd.Timestamp, *, latest_only: bool) -> set[str]:
    world = World(as_of)
    regimes = world.table("regimes")
    federal = regimes[(regimes["level"] == "federal") & (regimes["starts"] <= world.as_of)]
    if federal.empty:
        return set()
    ids = federal.sort_values("starts")["regime_id"]
    wanted = ids.iloc[-1:] if latest_only else ids
    rules = world.table("regime_rules")
    return set(rules.loc[rules["regime_id"].isin(wanted), "outcome"])
