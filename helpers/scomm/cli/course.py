"""``scomm init DIR``: an instructor's own course folder, written from the kit's course."""

from __future__ import annotations

import argparse
from pathlib import Path

from scomm.course import folder


def cmd_init(args: argparse.Namespace) -> int:
    """Write the course folder and say what to do next."""
    made = folder.init_course(Path(args.folder))
    print(f"Course folder written: {made} ({', '.join(f'{n}/' for n in folder.FOLDERS)}, scomm.toml)")
    print(f"Next: cd {made} && scomm validate && scomm run   (or scomm --course {made} ... from anywhere)")
    return 0


def register(commands: argparse._SubParsersAction) -> None:
    """Add ``scomm init``."""
    init_p = commands.add_parser(
        "init", help="write an instructor's course folder (data, notebooks, lessons, keys, scomm.toml)"
    )
    init_p.add_argument("folder", help="the new folder (must not exist, or be empty)")
    init_p.set_defaults(func=cmd_init)
