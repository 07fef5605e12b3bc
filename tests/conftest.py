"""Shared fixtures. Tests keep the data-validation cache in a temporary folder of their own."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

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
