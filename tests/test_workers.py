"""The test suite's own layout: every test file that reads the session's course sites or the kit's
own lesson builds runs on the one worker that makes them (``conftest.LESSON_BUILDS``), whatever file
a test is split into, and no two test modules share a name."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import LESSON_BUILDS, ROOT

#: What a test file says when it reads the course sites or writes or reads ``build/``.
USES_BUILDS = re.compile(r"\b(course_sites|BUILD_DIR)\b")


def test_every_file_using_the_lesson_builds_runs_on_the_builds_worker() -> None:
    using = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "tests").rglob("test_*.py")
        if USES_BUILDS.search(path.read_text(encoding="utf-8")) and path.name != Path(__file__).name
    }
    assert len(using) >= 5
    assert sorted(using - LESSON_BUILDS) == []


def test_no_two_test_modules_share_a_name() -> None:
    # pytest imports each test folder's modules by their bare names (no __init__.py): two files
    # named alike in different folders stop the collection of both ("import file mismatch").
    names = [path.name for path in (ROOT / "tests").rglob("*.py") if path.name != "conftest.py"]
    assert sorted({name for name in names if names.count(name) > 1}) == []
