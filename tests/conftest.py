"""Shared fixtures. Tests keep the data-validation cache in a temporary folder of their own."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest
from hypothesis import settings

from disks import SmallDisk
from scomm.course import processes

# Hypothesis's per-example deadline times wall clock, so a first example that loads the data
# (about 1 s cold) or a machine shared with other work fails a test about correctness. Speed
# targets live in benchmarks/; a property test checks only what comes out.
settings.register_profile("scomm", deadline=None)
settings.load_profile("scomm")

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
NOTEBOOKS = ROOT / "notebooks"
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    # Kernels started by papermill inherit these, so the whole run shares one fresh cache and
    # never reads or writes the answers of whoever runs the tests.
    os.environ["SCOMM_CACHE"] = str(tmp_path_factory.mktemp("scomm-cache"))
    os.environ["SCOMM_RESPONSES"] = str(tmp_path_factory.mktemp("scomm-responses"))


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def lesson_p(lesson: str, **values: object):
    """A lesson's validated parameters ``p``, as ``scomm.start`` makes them (without the chart look)."""
    from scomm.course.params import validate

    return validate(lesson, **values)


def scomm_validate(data_dir: Path) -> subprocess.CompletedProcess:
    """``scomm validate`` run as a user runs it, on the data in ``data_dir``."""
    return subprocess.run(
        [str(BIN / "scomm"), "validate"],
        capture_output=True,
        text=True,
        env={**os.environ, "SCOMM_DATA": str(data_dir)},
        timeout=120,
    )


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV, with ``row`` counted as a spreadsheet does (header = 1)."""
    import csv

    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
        fields = list(rows[0])
    rows[row - 2][column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


# -- real browsers and servers ----------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
#: Playwright's own browser download does not work offline; Debian's chromium, started like this, does.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Where a failing browser test leaves its screenshot.
SCREENSHOTS = ROOT / "build" / "browser-failures"


@pytest.fixture(scope="session")
def chromium():
    """One Chromium for the whole run; every test gets its own page and context from it."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is missing: `make test` installs it (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium):
    """A fresh browser page; if the test fails, a screenshot of it is saved (see SCREENSHOTS)."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(30_000)
    opened = context.new_page()
    yield opened
    context.close()


# -- two workers (`make test` runs `pytest -n 2 --dist loadfile`, pytest-xdist) ------------------------

#: The test files that write the kit's own lesson builds (build/student, build/instructor) or read
#: the session's course sites built from them: one worker runs them all, so the builds are made
#: once and never by two processes at a time, and the sites are built once.
LESSON_BUILDS = {
    "tests/lessons/test_tables_readable.py",
    "tests/lessons/test_time_default_site.py",
    "tests/lessons/test_time_surfaces.py",
    "tests/notebooks/test_fresh.py",
    "tests/publish/test_book.py",
    "tests/publish/test_book_browser.py",
    "tests/publish/test_book_folders.py",
    "tests/publish/test_book_links.py",
    "tests/publish/test_book_parts.py",
    "tests/publish/test_book_practice.py",
}


def scope_of(nodeid: str) -> str:
    """The unit one worker runs whole: a test's file, or ``lesson-builds`` for ``LESSON_BUILDS``.

    >>> scope_of("tests/publish/test_book.py::test_x[a::b]"), scope_of("notebooks/a.ipynb::Cell 3")
    ('lesson-builds', 'notebooks/a.ipynb')
    """
    where = nodeid.split("::", 1)[0]
    return "lesson-builds" if where in LESSON_BUILDS else where


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: unknown when it is not installed
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """``--dist loadfile`` with ``scope_of``'s units: a file's module fixtures are made once and a
    notebook's cells run in order on one worker; the lesson builds are made by one worker only.

    (xdist's ``xdist_group`` marks cannot do this with pytest 9, whose node ids xdist cannot rename.)
    """
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ByFile(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return ByFile(config, log)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.name)
        shot = SCREENSHOTS / f"{name}.png"
        try:
            page.screenshot(path=shot, full_page=True)
            report.sections.append(("screenshot", f"saved to {shot}"))
        except Exception as problem:  # a crashed page must not hide the test's own failure
            report.sections.append(("screenshot", f"could not be taken: {problem}"))
    return report


# -- nothing left running -----------------------------------------------------------------------------

#: What a server or kernel the tests start looks like in the process table.
SERVER_LIKE = re.compile(r"jupyter|voila|ipykernel|scomm\b")
#: Set in the environment of the test run: every process it starts, however far down, inherits it.
RUN_MARK = "SCOMM_TEST_RUN"


def servers_running(mark: str) -> dict[tuple[int, float], str]:
    """Servers and kernels started by this test run (found by ``mark``) or still its children."""
    mine = {p.pid for p in processes.descendants(os.getpid())}
    found = {}
    for process in psutil.process_iter(["pid", "create_time", "cmdline", "environ"], ad_value=None):
        info = process.info
        command = " ".join(info["cmdline"] or [])
        ours = info["pid"] in mine or (info["environ"] or {}).get(RUN_MARK) == mark
        if (
            ours
            and info["pid"] != os.getpid()
            and SERVER_LIKE.search(command)
            and processes.running([process])
        ):
            found[(info["pid"], info["create_time"])] = command
    return found


@pytest.fixture(scope="session", autouse=True)
def _no_server_left_behind() -> None:
    """Fail the run if a server or kernel a test started is still running when the tests end."""
    import uuid

    # Servers run in sessions of their own: a run stopped by SIGTERM (`timeout`, CI) must still
    # reach the fixtures' teardown, which stops them, as a run stopped by Ctrl+C does.
    processes.interrupt_on_stop_signals()
    mark = os.environ[RUN_MARK] = uuid.uuid4().hex
    before = servers_running(mark)
    yield
    leftover = {key: command for key, command in servers_running(mark).items() if key not in before}
    if leftover:
        for pid, _ in leftover:
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()
        lines = "\n".join(f"  {pid}: {command[:150]}" for (pid, _), command in leftover.items())
        pytest.fail(f"the tests left {len(leftover)} server process(es) running (now killed):\n{lines}")


# -- a disk that fills up or turns read-only -----------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A real full-able, read-only-able disk: a 64 KiB tmpfs (needs root; skipped where not allowed)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={SmallDisk.SIZE}", "tmpfs", str(mount)],
            capture_output=True,
            text=True,
        )
    except FileNotFoundError:
        pytest.skip("no `mount` command: the full-disk and read-only tests need a small tmpfs")
    if done.returncode:
        pytest.skip(
            f"cannot mount a {SmallDisk.SIZE} tmpfs here ({done.stderr.strip()}): the full-disk and "
            "read-only tests need root or CAP_SYS_ADMIN"
        )
    try:
        yield SmallDisk(mount)
    finally:
        subprocess.run(["umount", str(mount)], check=True)


# -- the course site (scomm build --site), built once per run, offline --------------------------------


def offline_prefix() -> list[str]:
    """A command prefix that runs its command with no network at all (a namespace of its own)."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True).returncode == 0:
        return [unshare, "-rn"]
    return []


def glossary_for_tests(data: Path) -> Path:
    """``data`` with a glossary: the kit's own when it has one, else three terms written for the tests."""
    if not (data / "glossary.csv").exists():
        (data / "glossary.csv").write_text(
            "term,definition,aliases,source_ids\n"
            "detainer,A written request from ICE that a jail keep a person for up to 48 hours.,,cfr-287-7\n"
            "IDENT,DHS's fingerprint system for immigration records.,,wikipedia-scomm\n"
            "Priority Enforcement Program,The program that replaced Secure Communities in 2015.,PEP,"
            "dhs-2014-scomm-memo\n",
            encoding="utf-8",
        )
    return data


@pytest.fixture(scope="session")
def course_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Both editions of the site, each built by `scomm build --site` with the network unavailable."""
    from scomm.course.layout import BUILD_DIR
    from scomm.notebooks.build import ensure_builds

    ensure_builds(BUILD_DIR)  # the lesson builds run kernels; the site build itself must not need them
    root = tmp_path_factory.mktemp("course-sites")
    data = glossary_for_tests(Path(shutil.copytree(DATA, root / "data")))
    # Any request that did get out would go to this closed port and fail the build's own checks.
    env = {
        **os.environ,
        "SCOMM_DATA": str(data),
        "HTTP_PROXY": "http://127.0.0.1:9",
        "HTTPS_PROXY": "http://127.0.0.1:9",
    }
    sites = {}
    for edition, flags in (("student", []), ("instructor", ["--instructor"])):
        out = root / edition
        command = [*offline_prefix(), str(BIN / "scomm"), "build", "--site", *flags, "--out", str(out)]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        assert done.returncode == 0, done.stderr
        assert "Sphinx warned" not in done.stdout, done.stdout  # every link and term resolved
        sites[edition] = out
    sites["data"] = data
    return sites


@pytest.fixture(scope="session")
def student(course_sites: dict[str, Path]) -> Path:
    """The student edition of the course site."""
    return course_sites["student"]


@pytest.fixture(scope="session")
def instructor(course_sites: dict[str, Path]) -> Path:
    """The instructor edition of the course site."""
    return course_sites["instructor"]
