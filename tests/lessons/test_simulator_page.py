"""The simulator refuses what a control does not allow, where a student reads it: Chromium, 400 px.

A number typed past a box's limit (a number box lets one type any number) is refused in the panel:
the message names the control, the value and what is allowed, stays inside the panel, reads
whole (measured like every exercise, ``test_readable``), passes axe's contrast check, and the box
shows the last good number again.
"""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import Page, expect

from exercises.test_readable import THEMES, low_contrast, unreadable
from lab_servers import end_lab_sessions, lab_notebook_ready, lab_server, serving

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NOTEBOOK = "simulator.ipynb"
SIMULATOR = (
    "from scomm.course.params import validate\n"
    "from scomm.lessons.detainer_law import simulator\n"
    "simulator.explore(validate('03_detainer_law', as_of='2013-01-15'))"
)


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("simulator")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(SIMULATOR)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, home / NOTEBOOK)
    lab, env, url = lab_server(home)
    with serving(lab, env=env, probe=f"{url}/api/status", log=home / "lab.log"):
        yield url


def _outside_the_panel(page: Page) -> list[str]:
    """The refusal's box against the panel and the screen: anything of it a reader cannot see."""
    return page.evaluate(
        """() => {
      const alert = document.querySelector('.scomm-simulator [role=alert]');
      const panel = document.querySelector('.scomm-simulator').getBoundingClientRect();
      const r = alert.getBoundingClientRect(), found = [];
      if (r.left < panel.left - 1 || r.right > panel.right + 1) found.push(`runs past the panel: ${r.left}-${r.right}`);
      if (r.right > document.documentElement.clientWidth + 1) found.push(`runs past the screen: ${r.right}`);
      const px = parseFloat(getComputedStyle(alert).fontSize);
      if (px < 11) found.push(`text at ${px} px`);
      return found;
    }"""
    )


@pytest.mark.parametrize("theme", THEMES)
def test_a_number_past_its_limit_is_refused_readably_at_400_px(lab_url: str, page: Page, theme: str) -> None:
    page.set_viewport_size({"width": 400, "height": 900})
    page.goto(f"{lab_url}/lab/tree/{NOTEBOOK}?reset")
    lab_notebook_ready(page)
    try:
        if theme == "dark":
            page.evaluate(
                "() => { window.jupyterapp.commands.execute('apputils:change-theme',"
                " {theme: 'JupyterLab Dark'}); }"
            )
            page.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'")
        # The side panels closed, as anyone reading a lesson on a narrow screen would.
        page.evaluate(
            "() => { window.jupyterapp.shell.collapseLeft(); window.jupyterapp.shell.collapseRight(); }"
        )
        page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
        panel = page.locator(".scomm-simulator")
        box = panel.get_by_label("Felony convictions:")
        box.wait_for(timeout=120_000)
        box.fill("42")
        box.press("Tab")  # the box's change goes to the kernel as the student leaves it
        alert = panel.get_by_role("alert")
        expect(alert).to_have_text(
            "Felony convictions: 42 is not allowed: a whole number from 0 to 9. It stays 0."
        )
        expect(box).to_have_value("0")  # the box shows the number the simulator kept
        alert.scroll_into_view_if_needed()
        expect(alert).to_be_in_viewport()
        assert _outside_the_panel(page) == []
        _panels, problems = unreadable(page)
        assert [p for p in problems if "scomm-simulator" in p] == []
        assert low_contrast(page) == []
    finally:
        end_lab_sessions(lab_url)
