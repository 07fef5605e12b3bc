"""The notebook front: a few words, each resolving on first use, and importing changes nothing."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import scomm
from scomm import front
from scomm.course.layout import lesson
from scomm.course.params import ParameterError, Params, lesson_days
from scomm.exercises import responses

from conftest import lesson_p

WORDS = [
    "annotate",
    "discussion",
    "exercise",
    "explore",
    "glossary",
    "narrative",
    "note",
    "show",
    "start",
    "submit_button",
    "views",
]


def test_the_front_is_small_and_every_word_is_the_fronts_own() -> None:
    assert sorted(scomm.__all__) == WORDS
    for word in scomm.__all__:
        assert getattr(scomm, word) is getattr(front, word)
    with pytest.raises(AttributeError, match="no attribute 'figures'"):
        scomm.figures  # noqa: B018 (the old module names are gone)


def in_a_fresh_python(code: str) -> str:
    """What ``code`` prints in a new interpreter: a session that has imported nothing of the kit yet."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout


def test_importing_scomm_loads_nothing_else() -> None:
    probe = "import sys, scomm\nprint(sorted(m for m in sys.modules if m.startswith('scomm')))\n"
    assert in_a_fresh_python(probe).strip() == "['scomm']"


def test_importing_every_module_changes_nothing_in_the_session() -> None:
    probe = (
        "import altair as alt, warnings, pandas as pd, importlib, pkgutil\n"
        "before = (alt.theme.active, alt.renderers.active, list(warnings.filters), pd.get_option('display.max_rows'))\n"
        "import scomm\n"
        "for m in pkgutil.walk_packages(scomm.__path__, 'scomm.'):\n"
        # The Sphinx extension runs inside Sphinx only; importing sphinx adds a warnings filter of its own.
        "    if m.name != 'scomm.publish.book.extension':\n"
        "        importlib.import_module(m.name)\n"
        "after = (alt.theme.active, alt.renderers.active, list(warnings.filters), pd.get_option('display.max_rows'))\n"
        "print(before == after)\n"
    )
    assert in_a_fresh_python(probe).strip() == "True"


def test_start_checks_the_parameters_and_turns_on_the_course_look() -> None:
    probe = (
        "import altair as alt, scomm\n"
        "p = scomm.start('03_detainer_law', focus='cook county', as_of='2014-06-01', role='student')\n"
        "print(alt.theme.active, alt.renderers.active, p.lesson.slug, p.jurisdiction, p.jurisdiction_id, p.focus)\n"
    )
    assert in_a_fresh_python(probe).split() == [
        "scomm",
        "scomm",
        "03_detainer_law",
        "Cook",
        "County,",
        "IL",
        "cook-county-il",
        "Cook",
        "County,",
        "IL",
    ]


def test_views_are_the_lessons_own_and_take_p_first() -> None:
    for number, name in enumerate(
        ["program_mechanics", "opt_out_dispute", "detainer_law", "pep_transition"], 1
    ):
        first_day = lesson_days(lesson(number))[0].isoformat()  # a day inside every lesson's range
        p = lesson_p(f"0{number}_{name}", focus="Cook County, IL", as_of=first_day)
        v = front.views(p)
        assert v.__name__ == f"scomm.lessons.{name}.views"
        for word in v.__all__:
            parameters = list(__import__("inspect").signature(getattr(v, word)).parameters.values())
            assert parameters[0].name == "p", (name, word)
            assert all(q.kind is q.KEYWORD_ONLY for q in parameters[1:]), (name, word)


def test_a_notebook_that_is_not_a_lesson_is_told_so_in_one_sentence() -> None:
    p = lesson_p("my_own_notebook", student_id="s1", as_of="2011-03-31")
    assert p.lesson is None and p.world.as_of == p.as_of
    for call in (front.views, lambda p: front.note(p, "start"), lambda p: front.exercise(p, "l1-ident")):
        with pytest.raises(ParameterError, match="not one of the kit's lessons"):
            call(p)


def test_the_world_needs_a_date() -> None:
    with pytest.raises(ParameterError, match="Parameter as_of"):
        Params().world  # noqa: B018


def test_the_interactive_words_give_each_lesson_its_widgets(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    p1 = lesson_p("01_program_mechanics", student_id="s1", as_of="2011-03-31")
    assert "scomm-ex-l1-ident" in front.exercise(p1, "l1-ident")._dom_classes
    assert "scomm-submit" in front.submit_button(p1)._dom_classes
    p2 = lesson_p("02_opt_out_dispute", student_id="s1", as_of="2011-09-01")  # once its reading opens
    assert "scomm-annotator-box" in front.annotate(p2, stance=True)._dom_classes
    p3 = lesson_p("03_detainer_law", student_id="s1", as_of="2014-06-01")
    assert "scomm-simulator" in front.explore(p3)._dom_classes


#: What each interactive word of the front says in its cell's metadata.
TOOL_OF = {"annotate": "annotate", "explore": "explore", "submit_button": "submit"}


def _front_calls(source: str) -> list[str]:
    import ast

    return [
        node.func.attr
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "scomm"
    ]


@pytest.mark.parametrize(
    "lesson",
    [
        f"0{n}_{name}"
        for n, name in enumerate(
            ["program_mechanics", "opt_out_dispute", "detainer_law", "pep_transition"], 1
        )
    ],
)
def test_the_lessons_use_only_the_front_and_mark_their_interactive_cells(lesson: str) -> None:
    import ast

    import nbformat

    from scomm.course.layout import NOTEBOOK_DIR, PARAMETERS_TAG

    nb = nbformat.read(NOTEBOOK_DIR / f"{lesson}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and PARAMETERS_TAG not in c.metadata.get("tags", [])]
    assert code[0].source.startswith("import scomm\n") and f'scomm.start("{lesson}"' in code[0].source
    for cell in code:
        tree = ast.parse(cell.source)
        imported = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
        assert all(isinstance(n, ast.Import) and [a.name for a in n.names] == ["scomm"] for n in imported)
        assert len(tree.body) <= 3, f"a thin cell: {cell.source!r}"
        calls = _front_calls(cell.source)
        assert set(calls) <= set(scomm.__all__), cell.source
        marks = cell.metadata.get("scomm", {})
        if "exercise" in calls:
            assert marks == {"exercise": ast.literal_eval(tree.body[0].value.args[1])}, cell.source
        tools = [TOOL_OF[c] for c in calls if c in TOOL_OF]
        assert marks.get("tool") == (tools[0] if tools else None), cell.source


def test_the_submit_button_records_the_day_and_the_class_level_the_lesson_ran_at(
    tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    p = lesson_p("04_pep_transition", student_id="hs1", as_of="2016-03-01", level="high_school")
    responses.Log("hs1", "04_pep_transition").record("l4-memo", "SYNTHETIC memo text.")
    front.submit_button(p).click()
    body = json.loads(
        (tmp_path / "submissions" / "04_pep_transition" / "hs1.json").read_text(encoding="utf-8")
    )
    assert (body["as_of"], body["level"]) == ("2016-03-01", "high_school")
