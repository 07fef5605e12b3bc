"""The binder/ environment and the deployment guide stay in step with the kit they describe."""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from scomm.cli import main as cli

from conftest import ROOT

BINDER = ROOT / "binder"
REQUIREMENTS = BINDER / "requirements.txt"
POST_BUILD = BINDER / "postBuild"
GUIDE = ROOT / "lessons" / "deployment.md"

#: Commands the guide exists to explain; it must show each of them.
DOCUMENTED = {"init", "handout", "links", "collect", "build", "release", "grade", "annotations", "app"}


def _runtime_dependencies() -> dict[str, Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}


def _binder_requirements() -> dict[str, Requirement]:
    found = {}
    for line in REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            requirement = Requirement(line)
            found[canonicalize_name(requirement.name)] = requirement
    return found


def _commands(source: str) -> list[str]:
    """The shell commands in a script: no comments, no blank lines, continuations joined."""
    joined = source.replace("\\\n", " ")
    return [
        line.strip() for line in joined.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (action,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def _guide_invocations() -> list[tuple[str, list[str]]]:
    """Each ``scomm <word> ...`` in the guide, as the word and the words after it on that line."""
    found = []
    for line in GUIDE.read_text(encoding="utf-8").splitlines():
        for match in re.finditer(r"\bscomm ([a-z][\w-]*)([^`#\n]*)", line):
            found.append((match.group(1), match.group(2).split()))
    return found


def test_binder_requirements_list_every_runtime_dependency() -> None:
    missing = sorted(set(_runtime_dependencies()) - set(_binder_requirements()))
    assert not missing, f"binder/requirements.txt lacks {', '.join(missing)} (from pyproject.toml)"


def test_binder_requirements_keep_pyprojects_lower_bounds() -> None:
    binder = _binder_requirements()
    differ = [
        f"{name}: pyproject {r.specifier}, binder {binder[name].specifier}"
        for name, r in _runtime_dependencies().items()
        if name in binder and binder[name].specifier != r.specifier
    ]
    assert not differ, "; ".join(differ)


def test_post_build_is_an_executable_bash_script() -> None:
    assert os.access(POST_BUILD, os.X_OK), "binder/postBuild must be executable (chmod +x)"
    assert POST_BUILD.read_text(encoding="utf-8").startswith("#!/bin/bash\n")
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("bash is not installed")
    subprocess.run([bash, "-n", str(POST_BUILD)], check=True)


def test_post_build_installs_the_kit_without_dependencies() -> None:
    commands = [shlex.split(c) for c in _commands(POST_BUILD.read_text(encoding="utf-8"))]
    installs = [c for c in commands if "pip" in c and "install" in c]
    assert any("--no-deps" in c and c[c.index("-e") + 1 : c.index("-e") + 2] == ["."] for c in installs), (
        installs
    )


def test_post_build_removes_rfc3987_syntax() -> None:
    commands = _commands(POST_BUILD.read_text(encoding="utf-8"))
    assert any("uninstall" in c and "rfc3987-syntax" in c for c in commands)


def test_the_guide_shows_every_command_it_documents() -> None:
    shown = {word for word, _ in _guide_invocations()}
    assert set(_subcommands()) >= DOCUMENTED, "the guide documents a command the CLI no longer has"
    assert not DOCUMENTED - shown, f"lessons/deployment.md never shows scomm {sorted(DOCUMENTED - shown)}"


def test_the_guide_names_only_real_commands_and_options() -> None:
    subcommands = _subcommands()
    wrong = []
    for word, rest in _guide_invocations():
        if word not in subcommands:
            wrong.append(f"scomm {word} (commands: {', '.join(subcommands)})")
            continue
        known = set(subcommands[word]._option_string_actions)
        wrong.extend(
            f"scomm {word} {option}"
            for option in (r.split("=", 1)[0] for r in rest if r.startswith("-"))
            if option not in known
        )
    assert not wrong, f"lessons/deployment.md shows what `scomm --help` does not: {'; '.join(wrong)}"


def test_the_guide_names_only_environment_variables_the_kit_reads() -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "helpers" / "scomm").rglob("*.py"))
    named = set(re.findall(r"\bSCOMM_[A-Z]+\b", GUIDE.read_text(encoding="utf-8")))
    assert named, "the guide should tell IT staff about SCOMM_RESPONSES"
    assert not {name for name in named if name not in source}


def test_the_guide_says_binder_keeps_nothing_and_the_kit_needs_no_network() -> None:
    text = " ".join(GUIDE.read_text(encoding="utf-8").split())
    assert "Binder keeps nothing" in text
    assert "needs no network at run time" in text


@pytest.mark.parametrize("path", [Path("binder/requirements.txt"), Path("binder/postBuild")])
def test_the_guide_describes_the_binder_files(path: Path) -> None:
    assert f"`{path}`" in GUIDE.read_text(encoding="utf-8")
