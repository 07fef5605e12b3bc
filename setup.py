"""Puts the kit's own course into the wheel: ``pip install scomm-kit`` (not editable) then has the
data package, the lesson notebooks, the lesson plans and the keys that ``scomm init`` copies and
that lessons run on when no course folder is in use (scomm.course.layout.DEFAULT_COURSE).

In the checkout they stay where they are (data/, notebooks/, lessons/, keys/); an editable
install reads them there. Everything else is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
COURSE = ("data", "notebooks", "lessons", "keys")


class BuildWithCourse(build_py):
    """build_py, then the course copied to scomm/default_course in the build."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / "scomm" / "default_course"
        for name in COURSE:
            shutil.rmtree(target / name, ignore_errors=True)
            shutil.copytree(
                HERE / name, target / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints")
            )


setup(cmdclass={"build_py": BuildWithCourse})
