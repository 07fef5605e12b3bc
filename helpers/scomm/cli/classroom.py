"""``scomm handout`` (the student-only repository), ``scomm links`` (its nbgitpuller links) and
``scomm collect`` (a class's submissions gathered, each file's owner recorded)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scomm.cli.options import add_force_option
from scomm.course.sheets import printable
from scomm.grading import collect, owners
from scomm.notebooks import handout, links
from scomm.notebooks.release import read_roster


def cmd_handout(args: argparse.Namespace) -> int:
    """Write and commit the hand-out repository."""
    commit = handout.write_handout(Path(args.folder), force=args.force)
    state = f"committed {commit[:12]}" if commit else "already committed as it is"
    print(f"Hand-out in {args.folder} ({state}): the lessons' student versions, no keys or teaching notes.")
    print("Push it to the git host the hub can reach, then make the links: scomm links --hub URL --repo URL")
    return 0


def cmd_links(args: argparse.Namespace) -> int:
    """Print the shared link, or a CSV of one link per roster student."""
    options = {"branch": args.branch, "lesson": args.lesson}
    if args.roster is None:
        print(links.link(args.hub, args.repo, **options))
        return 0
    students, skipped = read_roster(Path(args.roster))
    for row in skipped:
        print(f"scomm links: skipped {row}", file=sys.stderr)
    print(
        links.roster_links(args.hub, args.repo, [(s.student_id, s.name) for s in students], **options), end=""
    )
    return 0 if students else 1


def cmd_collect(args: argparse.Namespace) -> int:
    """Collect from homes or an exchange folder; 1 when no submission was found."""
    if (args.homes is None) == (args.exchange is None):
        raise collect.CollectError("give exactly one of --homes PATTERN or --exchange FOLDER")
    if args.homes is not None:
        places = collect.from_homes(args.homes, args.inside)
    else:
        places = collect.from_exchange(Path(args.exchange))
    rows, left = collect.collect(places, Path(args.out))
    users = sorted({r.user for r in rows})
    print(f"Collected {len(rows)} file(s) from {len(users)} of {len(places)} folder(s) into {args.out}.")
    for reason in left[:20]:
        print(f"  not collected: {printable(reason)}")  # a student names the files in their home
    if len(left) > 20:
        print(f"  ... and {len(left) - 20} more file(s) not collected")
    shared = sum(r.identified_by == owners.FOLDER for r in rows)
    if shared:
        print(
            f"  {shared} file(s) owned by an account shared by several users: their folder names the owner."
        )
    print(f"Owners: {Path(args.out) / collect.COLLECTED}; grade with: scomm grade {args.out}")
    return 0 if rows else 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm handout``, ``scomm links`` and ``scomm collect``."""
    handout_p = commands.add_parser(
        "handout", help="write the student-only hand-out repository (no keys, no teaching notes), committed"
    )
    handout_p.add_argument("folder", help="the repository's folder (made, and git-initialised, if need be)")
    add_force_option(handout_p)
    handout_p.set_defaults(func=cmd_handout)
    links_p = commands.add_parser("links", help="print the nbgitpuller links that give students the hand-out")
    links_p.add_argument("--hub", required=True, help="the hub's address, e.g. https://hub.example.edu")
    links_p.add_argument("--repo", required=True, help="the hand-out repository's clone address")
    links_p.add_argument("--branch", default="main", help="the branch to pull (default: %(default)s)")
    links_p.add_argument(
        "--lesson", default=None, help="open this lesson (number or name; default: the folder)"
    )
    links_p.add_argument(
        "--roster", default=None, help="CSV with a student_id column: one link per student, as CSV"
    )
    links_p.set_defaults(func=cmd_links)
    collect_p = commands.add_parser(
        "collect", help="copy the class's submissions from home folders or an exchange folder, with owners"
    )
    collect_p.add_argument("--homes", default=None, help="home folders to search, e.g. '/home/*' (quote it)")
    collect_p.add_argument(
        "--inside",
        default=collect.IN_HOME,
        help="with --homes: the submissions folder inside each home (default: %(default)s)",
    )
    collect_p.add_argument("--exchange", default=None, help="a folder holding one hand-in folder per user")
    collect_p.add_argument("--out", required=True, help="folder for the collected files and collected.csv")
    collect_p.set_defaults(func=cmd_collect)
