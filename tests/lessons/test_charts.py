"""Every chart: title, units, source caption, a description made from its data, and a clean round trip."""

from __future__ import annotations

import base64
import json
import re

import altair as alt
import pandas as pd
import pytest

from scomm.course import charts
from scomm.lessons.program_mechanics import views as figures

from conftest import lesson_p

AS_OF = pd.Timestamp("2011-03-31")
P = lesson_p("01_program_mechanics", focus="Harris County, TX", as_of="2011-03-31")


def at(day: str, focus: str = "Harris County, TX"):
    return lesson_p("01_program_mechanics", focus=focus, as_of=day)


def _all_charts() -> dict[str, alt.TopLevelMixin]:
    return {
        "flow": figures.flow_chart(P).chart(),
        "rollout": figures.rollout_chart(P).chart(),
        "submissions": figures.submissions_chart(P).chart(),
        "removals": figures.removals_chart(P).chart(),
        "costs": figures.costs_chart(P).chart(),
    }


@pytest.fixture(scope="module")
def built() -> dict[str, alt.TopLevelMixin]:
    return _all_charts()


def _axis_titles(spec: object) -> list[str]:
    found = []
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in {"x", "y"} and isinstance(value, dict) and value.get("title"):
                found.append(value["title"])
            found += _axis_titles(value)
    elif isinstance(spec, list):
        for item in spec:
            found += _axis_titles(item)
    return found


@pytest.mark.parametrize("name", ["flow", "rollout", "submissions", "removals", "costs"])
def test_each_chart_survives_a_json_round_trip(built: dict, name: str) -> None:
    spec = built[name].to_dict()
    again = type(built[name]).from_dict(json.loads(json.dumps(spec)))
    assert again.to_dict() == spec


@pytest.mark.parametrize("name", ["flow", "rollout", "submissions", "removals", "costs"])
def test_each_chart_has_title_source_caption_and_description(built: dict, name: str) -> None:
    spec = built[name].to_dict()
    assert spec["title"]["text"]
    assert any(line.startswith(("Source: ", "Sources: ")) for line in spec["title"]["subtitle"])
    assert len(spec["description"]) > 40


@pytest.mark.parametrize(
    ("name", "unit"),
    [("rollout", "(count)"), ("submissions", "(count)"), ("removals", "(%)"), ("costs", "(millions)")],
)
def test_quantitative_axes_state_their_units(built: dict, name: str, unit: str) -> None:
    assert any(unit in title for title in _axis_titles(built[name].to_dict()))


def test_descriptions_are_made_from_the_charted_numbers(built: dict) -> None:
    for row in figures.submissions_frame(P).itertuples():
        assert f"{row.value:,.0f}" in built["submissions"].to_dict()["description"]
    rollout = built["rollout"].to_dict()["description"]
    assert "1,210" in rollout and "the lesson's date, 31 March 2011" in rollout


def test_the_focus_changes_the_rollout_description() -> None:
    harris = figures.rollout_chart(P).to_dict()["description"]
    nowhere = figures.rollout_chart(at("2011-03-31", "New Mexico")).to_dict()["description"]
    assert "in Harris County, TX" in harris
    assert harris != nowhere


def test_figures_published_after_as_of_are_not_drawn() -> None:
    # ice-2011-stats-feb, published 28 February 2011, is the first source of the submission counts.
    early = figures.submissions_chart(at("2011-02-27")).to_dict()
    assert (
        early["description"] == "No count of fingerprint submissions had been published by 27 February 2011."
    )
    late = figures.submissions_chart(at("2011-02-28")).to_dict()
    assert "FY2010 3,376,753" in late["description"]


def test_the_rollout_axis_ends_at_as_of() -> None:
    spec = figures.rollout_chart(at("2010-06-01")).to_dict()
    domains = [
        layer["encoding"]["x"]["scale"]["domain"]
        for layer in spec["layer"]
        if "scale" in layer.get("encoding", {}).get("x", {})
    ]
    assert domains and all(d[1].startswith("2010-06-01") for d in domains)
    assert "574" not in spec["description"]  # truthout-2010's count, published September 2010


def test_the_renderer_draws_offline_an_accessible_svg_and_an_img_with_alt_text(built: dict) -> None:
    spec = built["submissions"].to_dict()
    first = charts._render(spec)
    second = charts._render(spec)
    svg = first["image/svg+xml"]
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert "<title>Fingerprints checked" in svg and "<desc>Bar chart of submissions" in svg
    # JupyterLab draws image/svg+xml as an <img> without alt and not at all untrusted: the HTML
    # <img> carries the same SVG, with alt text, and shows either way.
    # The <img> keeps its drawn size in a region that scrolls where the page is narrower.
    assert first["text/html"].startswith(
        '<div class="scomm-scroll" role="region" tabindex="0" aria-label="Chart: '
    )
    picture = re.search(
        r'<img class="scomm-chart" alt="([^"]+)" style="display: block; max-width: none" '
        r'src="data:image/svg\+xml;base64,([^"]+)">',
        first["text/html"],
    )
    assert picture and picture.group(1).startswith("Chart: Fingerprints checked")
    assert base64.b64decode(picture.group(2)).decode() == svg
    assert first["image/svg+xml"] == second["image/svg+xml"], "stored outputs must be deterministic for nbval"
    assert first["text/plain"].startswith("Fingerprints checked")


def test_text_in_a_description_cannot_break_out_of_the_svg() -> None:
    svg = charts._accessible_svg('<svg width="1">x</svg>', "a <b>", "</desc><script>alert(1)</script>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_enable_is_explicit_and_idempotent() -> None:
    charts.enable()
    charts.enable()
    assert alt.theme.active == charts.THEME
    assert alt.renderers.active == charts.RENDERER


def test_a_drawing_is_reused_from_the_cache(built: dict, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    spec = built["costs"].to_dict()
    first = charts._render(spec)
    assert len(list((tmp_path / "scomm-kit" / "charts").glob("*.json"))) == 1

    def no_drawing(_spec: dict) -> dict:
        raise AssertionError("the cached drawing should have been used")

    monkeypatch.setattr(charts, "_draw", no_drawing)
    assert charts._render(spec) == first


def test_a_spec_is_checked_against_the_schema_only_when_it_is_drawn(
    built: dict, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    chart = built["costs"]
    checks = []

    def check() -> dict:
        checks.append(1)
        return chart.to_dict()

    spec = chart.to_dict(validate=False)
    first = charts._render(spec, validate=check)
    assert charts._render(spec, validate=check) == first
    assert checks == [1], "checked once, when drawn; the cached drawing needs no second check"

    class NotVegaLite(ValueError):
        pass

    def refused() -> None:
        raise NotVegaLite("the schema check refused it")

    with pytest.raises(NotVegaLite):
        charts._render({**spec, "width": "not drawn before"}, validate=refused)
    assert len(list((tmp_path / "scomm-kit" / "charts").glob("*.json"))) == 1, "nothing cached for it"


def test_a_damaged_cache_entry_is_drawn_again(built: dict, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    spec = built["costs"].to_dict()
    first = charts._render(spec)
    (entry,) = (tmp_path / "scomm-kit" / "charts").glob("*.json")
    entry.write_text('{"image/svg+xml": "trunc')
    assert charts._render(spec) == first
    assert charts.framed(json.loads(entry.read_text()), spec) == first, "the damaged entry is replaced"


def test_a_changed_chart_is_never_served_an_old_drawing(built: dict, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    early = charts._render(figures.submissions_chart(at("2010-06-01")).to_dict())
    late = charts._render(figures.submissions_chart(at("2012-06-01")).to_dict())
    assert early["image/svg+xml"] != late["image/svg+xml"]


def test_with_the_cache_off_nothing_is_written(built: dict, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert charts._render(built["costs"].to_dict())["image/svg+xml"].startswith("<svg")
    assert not any(tmp_path.rglob("*.json"))


def test_new_drawing_code_is_never_served_an_old_drawing(built: dict, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    spec = built["costs"].to_dict()
    charts._render(spec)
    monkeypatch.setattr(charts, "drawing_version", lambda: "charts.py edited")
    monkeypatch.setattr(charts, "_draw", lambda _spec: {"text/plain": "drawn by the new code"})
    assert charts._render(spec) == {"text/plain": "drawn by the new code"}


def test_an_edit_to_the_picture_frame_shows_with_a_warm_cache(built: dict, tmp_path, monkeypatch) -> None:
    # The frame round each picture (course/scrolling.py) once went into the cache with the drawing:
    # when only the frame changed, stored notebooks got the old one (1 December 2026).
    monkeypatch.setenv("SCOMM_CACHE", str(tmp_path))
    spec = built["costs"].to_dict()
    assert 'class="scomm-scroll"' in charts._render(spec)["text/html"]
    monkeypatch.setattr(charts, "scrolling", lambda inner, **_how: f"<div>new frame</div>{inner}")
    shown = charts._render(spec)["text/html"]
    assert shown.startswith("<div>new frame</div><img") and "scomm-scroll" not in shown
