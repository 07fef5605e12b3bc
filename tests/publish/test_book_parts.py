"""The course site's parts, checked without building it: chart titles and cited ids, teaching notes cut,
links, the glossary, widgets replaced by their metadata, conf.py, and a refusal before anything is
built."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output
from test_book import REMOTE

from scomm.course import charts, layout
from scomm.course.layout import LESSONS
from scomm.exercises import definitions as exercises
from scomm.lessons.program_mechanics import views
from scomm.publish.book import build, pages, practice, steps

from conftest import lesson_p


def test_a_charts_cited_ids_are_read_from_its_svg_not_its_words() -> None:
    import altair as alt

    from scomm.course import charts

    chart = alt.Chart(pd.DataFrame({"x": [1]})).mark_point().encode(x="x:Q")
    shown = charts.finish(
        chart, title="T", source_ids=["vox-2014", "dc-2012-detainer-act"], description="D", as_of=None
    )
    svg = charts.svg(shown)
    assert steps.chart_source_ids(svg) == ["vox-2014", "dc-2012-detainer-act"]
    assert "vox-2014" not in re.sub(r"<[^>]+>", " ", svg) and "Source" in svg  # named, not by id
    assert steps.chart_source_ids("<svg><text>No sources here</text></svg>") == []


def test_a_chart_passes_its_title_along_and_the_site_names_the_charts_region_by_it() -> None:
    drawing = views.submissions_chart(lesson_p("01_program_mechanics", as_of="2011-03-31"))
    title = drawing.to_dict()["title"]["text"]
    charts.enable()
    shown = [drawing._repr_mimebundle_(), drawing.chart()._repr_mimebundle_()]  # drawn, or a bare chart
    for bundle, metadata in shown:
        assert metadata == {layout.CHART_TITLE_KEY: title}, "the title travels with the stored output"
        output = new_output("display_data", data=bundle, metadata=metadata)
        page = steps.inline_charts(new_notebook(cells=[new_code_cell("", outputs=[output])]))
        figure = page.cells[0].outputs[0]
        region = BeautifulSoup(figure.data["text/html"], "html.parser").find(attrs={"role": "region"})
        assert region["aria-label"] == f"Chart: {title}" and title.startswith("Fingerprints checked")
        assert layout.CHART_TITLE_KEY not in figure.metadata, "the page keeps no metadata of the notebook's"


def test_teaching_notes_are_cut_with_their_subsections_and_nothing_else() -> None:
    text = "# T\n\nA.\n\n## Teaching notes\n\nB.\n\n### Deeper\n\nC.\n\n## Rubric\n\nD.\n"
    kept = pages.strip_sections(text, {"Teaching notes"})
    assert "A." in kept and "D." in kept and "B." not in kept and "C." not in kept


def test_links_to_pages_the_site_lacks_keep_their_words() -> None:
    text = "See the [overview](README.md) and the [memo](closing_assessment.md#rubric)."
    assert pages.unlink_missing(text, ["closing_assessment"]) == (
        "See the overview and the [memo](closing_assessment.md#rubric)."
    )


def test_a_glossary_without_its_columns_names_the_file_and_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text("word,meaning\nx,y\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"glossary.csv.*definition, term"):
        pages.read_glossary(path)
    assert pages.read_glossary(tmp_path / "absent.csv") == []


def test_widgets_are_replaced_by_what_their_cell_metadata_says_never_by_their_code() -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    widget = new_output("display_data", data={steps.WIDGET_MIME: {"model_id": "x"}, "text/plain": "VBox()"})

    def cell(marks: dict | None, code: str = "scomm.exercise(p, 'l1-supported')"):
        return new_code_cell(code, outputs=[widget], metadata={"scomm": marks} if marks else {})

    nb = new_notebook(
        cells=[
            cell({"exercise": "l1-ident"}, code="anything at all"),  # practice: a form to try in the page
            cell({"exercise": "l1-supported"}),  # assessed: where to answer it
            cell({"tool": "annotate"}),
            cell({"tool": "submit"}),  # handing in only makes sense in the student's own notebook
            cell(None),  # an exercise call with no metadata is not recognised by its code
            cell({"exercise": "l1-discuss-control"}),  # written: where to write it
        ]
    )
    page = steps.replace_widgets(nb, practice.replacers("01_program_mechanics"))
    html_of = [" ".join(o.data.get("text/html", "") for o in c.outputs) for c in page.cells]
    assert 'data-exercise="l1-ident"' in html_of[0] and 'class="scomm-practice"' in html_of[0]
    assert "Assessed exercise" in html_of[1] and "scomm-practice" not in html_of[1]
    assert "Annotating this reading is interactive" in html_of[2]
    assert page.cells[3].outputs == []
    assert "This part of the lesson is interactive" in html_of[4]
    assert "Written answer" in html_of[5] and "in the lesson notebook in JupyterLab" in html_of[5]
    assert "scomm-practice" not in html_of[5]
    assert steps.replace_widgets(page, practice.replacers("01_program_mechanics")) == page
    assert set(practice.TOOLS) == set(layout.TOOLS)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda lesson: lesson.slug)
def test_no_assessed_item_is_checked_in_the_page(lesson) -> None:
    for item in exercises.load_set(lesson.slug).values():
        if item.mode == "assessment":
            with pytest.raises(ValueError, match="assessed"):
                practice.practice_form(item, evidence="")
            shown = practice.assessed_note(item.public())
            assert html.escape(item.prompt) in shown and "answer" in shown


@pytest.mark.parametrize("edition", sorted(build.EDITIONS))
def test_conf_py_is_valid_python_with_nothing_remote(edition: str) -> None:
    text = build.conf_text(build.EDITIONS[edition], glossary=[pages.Term("detainer", "x")], source_ids=["a"])
    compile(text, "conf.py", "exec")
    namespace: dict = {}
    exec(text, namespace)
    assert namespace["nb_execution_mode"] == "off"
    assert namespace["nb_ipywidgets_js"] == {}
    assert not REMOTE.match(namespace["html_theme_options"]["announcement"])
    assert namespace["scomm_glossary"] == [["detainer"]]


def test_a_glossary_term_is_linked_by_the_names_in_its_parentheses_not_by_qualifiers(tmp_path: Path) -> None:
    path = tmp_path / "glossary.csv"
    path.write_text(
        "term,definition,exists_from,exists_from_precision\n"
        "\"detainer (immigration detainer, 'ICE hold')\",A request.,1997-01-01,year\n"
        "priority tiers (2014),Three tiers.,2014-11-20,day\n",
        encoding="utf-8",
    )
    detainer, tiers = pages.read_glossary(path)
    assert detainer.matches == ("detainer", "immigration detainer", "ICE hold") and detainer.since == "1997"
    assert tiers.matches == ("priority tiers",) and tiers.since == "20 November 2014"


def test_a_page_of_someone_elses_where_the_site_goes_is_refused_before_anything_is_built(
    tmp_path: Path,
) -> None:
    from scomm.course.outputs import OutputConflict

    (tmp_path / "thesis.docx").write_text("mine")
    (tmp_path / "index.html").write_text("my own home page")
    with pytest.raises(OutputConflict, match=r"index\.html was not written by scomm; .* pass --force"):
        build.build_book(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "thesis.docx"]
    assert (tmp_path / "index.html").read_text() == "my own home page"
