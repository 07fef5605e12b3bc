"""The chart cache keyed on a chart's inputs: a hit builds no spec; new code, data or parameters miss."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scomm.course import charts, data, digests, drawings
from scomm.lessons import shared
from scomm.lessons.program_mechanics import views as figures

from conftest import edit_csv, lesson_p

P = lesson_p("01_program_mechanics", focus="Harris County, TX", as_of="2011-03-31")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "scomm-kit" / "drawings"


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How often the flow chart's view ran (through ``flow``) and how often any Altair spec was made."""
    counts["view"] = counts["spec"] = 0
    to_dict = charts.alt.TopLevelMixin.to_dict

    def counted_to_dict(self, *args, **kwargs):
        counts["spec"] += 1
        return to_dict(self, *args, **kwargs)

    monkeypatch.setattr(charts.alt.TopLevelMixin, "to_dict", counted_to_dict)
    return counts


counts = {"view": 0, "spec": 0}


@drawings.drawn
def flow_chart(p):
    """Lesson 1's flow chart, counted."""
    counts["view"] += 1
    return shared.flow_chart.__wrapped__(p)


def flow(p=P) -> drawings.Drawing:
    return flow_chart(p)


def test_a_chart_view_returns_a_drawing_not_yet_built() -> None:
    drawing = figures.submissions_chart(P)
    assert isinstance(drawing, drawings.Drawing)
    assert drawing.to_dict()["title"]["text"].startswith("Fingerprints checked")
    assert type(drawing.chart()).__module__.startswith("altair")


def test_a_hit_builds_no_spec(cache: Path, built: dict[str, int]) -> None:
    first = flow().entry()
    after_miss = dict(built)
    assert after_miss["view"] == 1 and after_miss["spec"] > 0
    again = flow().entry()
    assert again == first
    assert built == after_miss, "a cache hit must not build the chart or its spec"
    assert len(list(cache.glob("*.json"))) == 1


def test_students_of_one_class_share_a_drawing(cache: Path, built: dict[str, int]) -> None:
    other = lesson_p(
        "01_program_mechanics", focus="Harris County, TX", as_of="2011-03-31", student_id="kim", seed=7
    )
    assert flow(other).key() == flow().key()
    flow().entry(), flow(other).entry()
    assert built["view"] == 1


@pytest.mark.parametrize(
    "change",
    [
        {"as_of": "2012-03-31"},
        {"focus": "Cook County, IL"},
        {"role": "instructor"},
    ],
)
def test_other_parameters_are_another_drawing(change: dict) -> None:
    values = {"focus": "Harris County, TX", "as_of": "2011-03-31", **change}
    assert flow(lesson_p("01_program_mechanics", **values)).key() != flow().key()


def test_a_view_option_is_part_of_the_key() -> None:
    from scomm.lessons.pep_transition import views as pep

    p4 = lesson_p("04_pep_transition", as_of="2015-09-01")
    assert pep.comparison_chart(p4, n=2_000, seed=1).key() != pep.comparison_chart(p4, n=2_000, seed=2).key()


def test_changed_data_misses(
    cache: Path, built: dict[str, int], data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data, "DATA_DIR", data_copy)
    flow().entry()
    edit_csv(data_copy / "sources.csv", 2, "title", "A title edited after the drawing was made")
    flow().entry()
    assert built["view"] == 2, "a drawing made from other data was served"


@pytest.fixture
def code_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the kit's code that the chart cache is keyed by, hashed afresh as in a new kernel."""
    code = tmp_path / "scomm"
    shutil.copytree(digests.CODE_DIR, code, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(digests, "CODE_DIR", code)
    digests.code_digest.cache_clear()
    yield code
    digests.code_digest.cache_clear()


def _new_kernel_after_editing(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    digests.code_digest.cache_clear()  # the code's digest is asked for once per process


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("lessons/shared.py", "def flow_chart", "def flow_chart"),  # saved again: same bytes, still hit
        ("lessons/shared.py", "\n", "\n# edited\n"),  # the view's own module
        ("course/charts.py", "\n", "\n# edited\n"),  # the course look and the drawing
        ("course/charts.py", "import base64", "import BASE64"),  # same size, other bytes
    ],
)
def test_changed_drawing_code_misses(
    cache: Path, built: dict[str, int], code_copy: Path, module: str, old: str, new: str
) -> None:
    flow().entry()
    _new_kernel_after_editing(code_copy / module, old, new)
    flow().entry()
    assert built["view"] == (1 if old == new else 2), "a drawing made by other code was served"


def test_the_code_digest_is_read_from_the_cache_until_a_file_changes(
    cache: Path, code_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = digests.code_digest()
    assert first == digests.digest_files(code_copy)
    hashed = []
    digest_files = digests.digest_files
    monkeypatch.setattr(digests, "digest_files", lambda folder: hashed.append(folder) or digest_files(folder))
    digests.code_digest.cache_clear()
    assert digests.code_digest() == first and hashed == [], "the same files were read and hashed again"
    _new_kernel_after_editing(code_copy / "course" / "charts.py", "\n", "\n# edited\n")
    settled = time.time() - 10  # a listing with a file changed in the last two seconds is not stored
    os.utime(code_copy / "course" / "charts.py", (settled, settled))
    assert digests.code_digest() != first and hashed == [code_copy]
    kept = (p for p in (cache.parent / "digests").iterdir() if p.name != digests.LOCK)
    (stored,) = {p.read_text() for p in kept} - {first}
    assert stored == digests.code_digest()


def test_a_damaged_entry_is_drawn_again(cache: Path, built: dict[str, int]) -> None:
    first = flow().entry()
    (entry,) = cache.glob("*.json")
    entry.write_text('{"bundle": ', encoding="utf-8")
    assert flow().entry() == first
    assert json.loads(entry.read_text(encoding="utf-8")) == first
    assert built["view"] == 2


def test_a_cache_that_cannot_be_written_only_costs_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, built: dict[str, int]
) -> None:
    (tmp_path / "cache").write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path / "cache"))
    assert flow().entry() == flow().entry()  # drawn each time, never refused
    assert built["view"] == 2 and not list(tmp_path.glob("**/*.tmp"))


def test_with_the_cache_off_every_show_builds(monkeypatch: pytest.MonkeyPatch, built: dict[str, int]) -> None:
    monkeypatch.setenv("SCOMM_CACHE", "off")
    flow().entry(), flow().entry()
    assert built["view"] == 2


def test_show_displays_the_picture_then_its_description(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import IPython.display

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda item, **kw: shown.append(item))
    drawings.show(flow())
    drawings.show(flow())  # from the cache: the same output
    picture, description, picture_again, description_again = shown
    assert picture == picture_again and '<img class="scomm-chart"' in picture["text/html"]
    assert "Diagram in 5 lanes" in description.text == description_again.text


def test_a_lesson_whose_charts_are_cached_never_imports_altair(tmp_path: Path) -> None:
    code = (
        "import sys, scomm\n"
        "p = scomm.start('01_program_mechanics', focus='Harris County, TX', as_of='2011-03-31')\n"
        "v = scomm.views(p)\n"
        "for name in ['flow_chart', 'rollout_chart', 'submissions_chart', 'removals_chart', 'costs_chart']:\n"
        "    scomm.show(getattr(v, name)(p))\n"
        "print('altair.vegalite' in sys.modules)\n"
    )
    env = {**os.environ, "SCOMM_CACHE": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout.splitlines()[-1] == "True", "the first run draws, so it loads altair"
    assert runs[1].stdout.splitlines()[-1] == "False", (
        "every chart came from the cache, yet altair was loaded"
    )
    assert runs[0].stdout.splitlines()[:-1] == runs[1].stdout.splitlines()[:-1], "the same pictures shown"


def test_the_course_look_applies_to_a_chart_made_after_start() -> None:
    code = (
        "import scomm, sys\n"
        "scomm.start('01_program_mechanics')\n"
        "assert 'altair.vegalite' not in sys.modules\n"
        "import altair as alt\n"
        "print(alt.renderers.active, alt.theme.active)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [charts.RENDERER, charts.THEME]
