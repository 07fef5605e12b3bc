"""A disk a test can fill up or turn read-only: a real 64 KiB tmpfs (the ``small_disk`` fixture)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path


class SmallDisk:
    """A 64 KiB tmpfs a test can fill to a chosen free space, or remount read-only."""

    SIZE = "64k"

    def __init__(self, path: Path) -> None:
        self.path = path
        self._filler = path / ".filler"

    def free(self) -> int:
        stats = os.statvfs(self.path)
        return stats.f_bavail * stats.f_frsize

    def leave_free(self, nbytes: int) -> int:
        """Fill the disk until about ``nbytes`` are free (tmpfs counts whole pages); return what is."""
        self._filler.unlink(missing_ok=True)
        with contextlib.suppress(OSError), self._filler.open("wb") as handle:
            handle.write(b"\0" * max(0, self.free() - nbytes))
        return self.free()

    def empty(self) -> None:
        self._filler.unlink(missing_ok=True)

    def read_only(self) -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(self.path)], check=True)
