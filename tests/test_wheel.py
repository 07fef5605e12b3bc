"""The kit installed from its wheel (not editable) into a clean virtual environment, offline, is a
complete kit: `scomm init` writes a course folder outside the repository and a lesson runs there;
outside any course folder every command refuses in one sentence rather than doing nothing.

The wheel is built from a copy of the checkout (nothing is written into the repository) and
installed with --no-deps: the kit's own files all come from the wheel. Its dependencies, which a
class's image installs from PyPI, are lent by this test run's environment through a .pth line,
which does not bring the checkout's editable `scomm` with it; the test checks the wheel's
declared requirements are what that environment has.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT, offline_prefix

pytestmark = pytest.mark.slow

#: What the wheel is built from: the package, its build files and the kit's own course.
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "MANIFEST.in",
    "README.md",
    "scomm.toml",
    "helpers",
    "data",
    "notebooks",
    "lessons",
    "keys",
)


def _run(command: list, cwd: Path, env: dict, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*offline_prefix(), *map(str, command)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A clean venv with the kit's wheel installed; returns its bin/ folder."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    left_out = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=left_out)
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    env = {k: v for k, v in os.environ.items() if k not in ("SCOMM_COURSE", "PYTHONPATH")}
    python = Path(sys.executable)
    built = _run(
        [python, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", work / "dist", "."],
        source,
        env,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = (work / "dist").glob("scomm_kit-*.whl")
    venv = work / "venv"
    assert _run([python, "-m", "venv", "--without-pip", venv], work, env).returncode == 0
    installed = _run(
        [
            python,
            "-m",
            "pip",
            "--python",
            venv / "bin" / "python",
            "install",
            "--no-deps",
            "--no-index",
            wheel,
        ],
        work,
        env,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    purelib = sysconfig.get_paths(vars={"base": str(venv), "platbase": str(venv)})["purelib"]
    Path(purelib, "kit-dependencies.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8"
    )
    return venv / "bin"


def test_the_wheel_carries_the_kits_course_and_requires_what_this_environment_has(kit: Path) -> None:
    (wheel,) = (kit.parent.parent / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for part in (
        "data/datapackage.json",
        "notebooks/01_program_mechanics.ipynb",
        "lessons/deployment.md",
        "keys/01_program_mechanics.toml",
    ):
        assert f"scomm/default_course/{part}" in names
    for requirement in map(Requirement, metadata.requires("scomm-kit") or []):
        if requirement.marker is None:  # extras (test, hub, site) are not the kit's own needs
            assert metadata.version(requirement.name) in requirement.specifier, requirement


def test_outside_a_course_folder_every_command_refuses(kit: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SCOMM_COURSE"}
    for command in (["run"], ["validate"], ["build"], ["grade", "x"], ["handout", "h"]):
        done = _run([kit / "scomm", *command], tmp_path, env)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert "is not a course folder (it has no scomm.toml); run it inside a course folder" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_scomm_init_writes_a_course_folder_where_a_lesson_runs_from_the_wheel(
    kit: Path, tmp_path: Path
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SCOMM_COURSE"}
    made = _run([kit / "scomm", "init", "fall-2026"], tmp_path, env)
    assert made.returncode == 0, made.stderr
    course = tmp_path / "fall-2026"
    assert sorted(p.name for p in course.iterdir()) == ["data", "keys", "lessons", "notebooks", "scomm.toml"]
    # A notebook of the instructor's own says which scomm its kernel imported and which course it used.
    probe = {
        "cells": [
            {
                "cell_type": "code",
                "metadata": {},
                "outputs": [],
                "execution_count": None,
                "source": "import scomm\nfrom scomm.course import layout\nprint(scomm.__file__)\nprint(layout.ROOT)",
            }
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    (course / "notebooks" / "where.ipynb").write_text(json.dumps(probe), encoding="utf-8")
    ran = _run(
        [kit / "scomm", "run", "notebooks/01_program_mechanics.ipynb", "notebooks/where.ipynb"], course, env
    )
    assert ran.returncode == 0, ran.stdout[-3000:] + ran.stderr[-3000:]
    executed = course / "build" / "executed"
    lesson = json.loads((executed / "01_program_mechanics.ipynb").read_text(encoding="utf-8"))
    outputs = [o for c in lesson["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert outputs and not [o for o in outputs if o["output_type"] == "error"]
    where = json.loads((executed / "where.ipynb").read_text(encoding="utf-8"))
    printed = "".join(where["cells"][0]["outputs"][0]["text"]).split()
    assert printed[1] == str(course)
    assert printed[0].startswith(str(kit.parent)) and "site-packages/scomm/" in printed[0]
    # From anywhere: --course DIR, or SCOMM_COURSE.
    assert _run([kit / "scomm", "--course", course, "validate"], tmp_path, env).returncode == 0
    assert _run([kit / "scomm", "validate"], tmp_path, {**env, "SCOMM_COURSE": str(course)}).returncode == 0
