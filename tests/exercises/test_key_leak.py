"""No assessed item reveals its key in anything a student can read: the exercise set (which ships
with every student build) and the form the widget draws for any seed."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from scomm.course.layout import KEYS_DIR
from scomm.course.params import default_seed
from scomm.exercises import widgets
from scomm.exercises.definitions import SETS_DIR, load_set
from scomm.exercises.kinds import KINDS, Ordering
from scomm.exercises.written import WrittenAnswer

LESSONS = sorted(path.stem for path in SETS_DIR.glob("*.toml"))
#: Seeds drawn as the kit draws them, and small ones: a draw that lands on the key would show here.
SEEDS = [*range(200), *(default_seed(f"student-{n}") for n in range(200))]


def _assessed(lesson: str) -> list[tuple[dict, dict]]:
    """(public entry as the file holds it, key entry) for each assessed exercise of ``lesson``."""
    public = tomllib.loads((SETS_DIR / f"{lesson}.toml").read_text(encoding="utf-8"))["exercise"]
    keys = tomllib.loads((KEYS_DIR / f"{lesson}.toml").read_text(encoding="utf-8"))
    # A written kind is marked with a rubric (keys/rubrics/), not keyed: test_written_rubrics.py covers its leaks.
    keyed = [
        entry
        for entry in public
        if entry.get("mode") == "assessment" and not issubclass(KINDS[entry["kind"]], WrittenAnswer)
    ]
    return [(entry, keys[entry["id"]]) for entry in keyed]


CASES = [(lesson, entry, key) for lesson in LESSONS for entry, key in _assessed(lesson)]
ORDERINGS = [case for case in CASES if case[1]["kind"] == "ordering"]


def test_every_lesson_has_assessed_items_and_each_has_a_key() -> None:
    assert {lesson for lesson, _entry, _key in CASES} == set(LESSONS)
    assert ORDERINGS, "an assessed ordering item exists to check"


@pytest.mark.parametrize(("lesson", "entry", "key"), CASES, ids=[e["id"] for _l, e, _k in CASES])
def test_the_public_file_holds_neither_the_answer_nor_its_explanation(lesson, entry, key) -> None:
    assert "answer" not in entry and "explanation" not in entry
    assert all("answers" not in case for case in entry.get("cases", ()))
    text = (SETS_DIR / f"{lesson}.toml").read_text(encoding="utf-8")
    if "explanation" in key:
        assert key["explanation"] not in text
    if isinstance(key.get("answer"), float | int):
        assert f"{key['answer']:g}" not in entry["prompt"]


@pytest.mark.parametrize(("lesson", "entry", "key"), ORDERINGS, ids=[e["id"] for _l, e, _k in ORDERINGS])
def test_an_assessed_ordering_is_never_listed_or_shown_in_the_keys_order(
    lesson, entry, key, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert entry["items"] != key["answer"], "the exercise set lists the items in the key's order"
    assert entry["items"][0] != key["answer"][0], "the listed first item stays first for every student"
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    shown = set()
    for seed in SEEDS:
        form = widgets.exercise(lesson, entry["id"], student_id="leak-test", seed=seed)
        options = [tuple(d["options"]) for d in form.widget.spec["controls"]]  # the blank is the page's
        assert all(choices == options[0] for choices in options)
        assert list(options[0]) != key["answer"], f"seed {seed} shows the key"
        assert form.value == [None] * len(key["answer"]), "nothing is pre-filled"
        shown.add(options[0])
    assert len(shown) > 20, "students see different orders"
    graded = load_set(lesson, with_keys=True)[entry["id"]]
    assert all(list(graded.variant(seed).items) != key["answer"] for seed in SEEDS)


@pytest.mark.parametrize(("lesson", "entry", "key"), CASES, ids=[e["id"] for _l, e, _k in CASES])
def test_an_assessed_form_starts_empty_and_has_no_key(lesson, entry, key, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_RESPONSES", str(tmp_path))
    form = widgets.exercise(lesson, entry["id"], student_id="leak-test", seed=1)
    assert form.exercise.answer is None and form.exercise.explanation == ""
    assert form.value != key["answer"]


def test_a_practice_ordering_without_listed_items_is_never_shown_as_its_key() -> None:
    ex = Ordering("o", "?", answer=("a", "b"))  # two items: half of all draws land on the key
    assert {ex.variant(seed).items for seed in range(50)} == {("b", "a")}
