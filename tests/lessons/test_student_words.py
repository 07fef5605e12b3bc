"""Words a student reads in the notebooks' Markdown that must hold on every day a lesson runs on."""

from __future__ import annotations

import ast
import json
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

import scomm
from scomm.course import data
from scomm.course.layout import DATA_DIR, KEYS_DIR, LESSONS, NOTEBOOK_DIR


def _markdown(slug: str) -> str:
    notebook = nbformat.read(NOTEBOOK_DIR / f"{slug}.ipynb", as_version=4)
    return "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


# "the path in 2011 (lesson 1)": lesson 1 runs on any day of its range, so a year tied to another
# lesson holds only on that lesson's default day.
YEAR_OF_A_LESSON = re.compile(r"\b(?:19|20)\d\d\b[^.;]{0,12}\(lessons? \d")


@pytest.mark.parametrize("slug", [lesson.slug for lesson in LESSONS])
def test_a_notebook_names_another_lesson_without_a_year_of_its_own(slug: str) -> None:
    assert YEAR_OF_A_LESSON.findall(_markdown(slug)) == []


# -- spelling: US English in what students (and instructors) read ------------------------------
#
# A US topic for US readers, and /work/shared/STYLE.md sets no rule: the kit spells the US way.
# A short list of the common words the kit had mixed. Verbatim quotations keep their spelling: a
# quote column, a source's own title or publisher, and anything between quotation marks is skipped.

BRITISH = re.compile(
    r"\b(?:(?:honour|behaviour|colour|favour|neighbour|labour)(?:s|ed|ing|able)?"
    r"|(?:centre|licence|offence|defence|programme)s?|misdemeanours?|judgements?"
    r"|(?:un)?labell(?:ed|ing)|travell(?:ed|ing)|modell(?:ed|ing)"
    r"|(?:organis|recognis|summaris|criticis|prioritis)(?:e|ed|es|ing|ation)|analys(?:e|ed|ing))\b",
    re.IGNORECASE,
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"")
VERBATIM_COLUMNS = {"quote", "title", "publisher", "author", "citation", "url", "seed_file"}


def british(text: str) -> list[str]:
    """The British spellings in ``text`` outside quotation marks.

    >>> british('We honour the "honour" of a labelled centre; analyses and colors stay.')
    ['honour', 'labelled', 'centre']
    """
    return [m.group(0) for m in BRITISH.finditer(QUOTED.sub(" ", text))]


def _read_texts() -> Iterator[tuple[str, str]]:
    """(where, text) for every text the kit shows to students and instructors, outside code."""
    root = NOTEBOOK_DIR.parent
    for lesson in LESSONS:
        yield f"notebooks/{lesson.slug}.ipynb (Markdown)", _markdown(lesson.slug)
    for path in sorted((root / "lessons").glob("*.md")):
        if path.name != "AUDIT.md":  # the facts audit quotes its sources at length
            yield f"lessons/{path.name}", path.read_text(encoding="utf-8")
    package = Path(scomm.__file__).parent
    for folder in ("course/teaching_notes", "sources/readings"):
        for path in sorted((package / folder).glob("*.md")):
            yield str(path.relative_to(package)), path.read_text(encoding="utf-8")
    for path in [
        *sorted((package / "exercises/exercise_sets").glob("*.toml")),
        *sorted(KEYS_DIR.rglob("*.toml")),
    ]:
        yield path.name, "\n".join(_strings(tomllib.loads(path.read_text(encoding="utf-8"))))
    yield from _data_texts()
    for path in sorted(package.rglob("*.py")):
        yield str(path.relative_to(package)), "\n".join(_shown_strings(path))


def _data_texts() -> Iterator[tuple[str, str]]:
    """The data's prose columns (not its verbatim quotations or sources' own names)."""
    for resource in json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        frame = data.load(resource["name"])
        for field in resource["schema"]["fields"]:
            if field.get("type", "string") == "string" and field["name"] not in VERBATIM_COLUMNS:
                texts = frame[field["name"]].dropna().astype(str)
                yield f"data/{resource['path']}: {field['name']}", "\n".join(texts)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "renamed":  # an item's old words, kept only so answers saved in them still read
                yield from _strings(key)
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _shown_strings(path: Path) -> Iterator[str]:
    """A module's string constants other than docstrings (those are for programmers)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and ast.get_docstring(node, clean=False) is not None
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def test_what_a_reader_sees_is_spelled_the_us_way() -> None:
    found = [
        f"{where}: {', '.join(sorted(set(words)))}"
        for where, text in _read_texts()
        if (words := british(text))
    ]
    assert found == []


def test_the_spelling_check_finds_a_british_word_and_skips_a_quotation() -> None:
    assert british("Cook County stopped honouring detainers; ICE's organisation") == [
        "honouring",
        "organisation",
    ]
    assert british("The sheriff wrote, “we honour every request.”") == []
