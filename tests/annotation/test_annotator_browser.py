"""The annotator's front end in Chromium: a selection made in the browser comes back in code
points, after emoji and markup alike."""

from __future__ import annotations

import functools
import html
import http.server
import json
import re
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from test_annotator import (
    PARAGRAPHS,
    TEXT,
    _answers,  # noqa: F401 (autouse: each test's answers go to its own folder)
    browser_selects,
    make,
    save_one,
)

from scomm.annotation import reading_view, records

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


HARNESS = """<!doctype html><html><head><meta charset="utf-8"></head><body><div id="w"></div><pre id="out"></pre>
<script type="module">
import widget from "./annotator.js";
const state = await (await fetch("./state.json")).json();
const sent = [], messages = [];
const model = {get: (k) => state[k], set: (k, v) => { state[k] = v; if (k === "selection") sent.push(v); },
  save_changes: () => {}, on: () => {}, off: () => {}, send: (m) => messages.push(m)};
const el = document.getElementById("w");
widget.render({model, el});
const body = el.querySelector(".scomm-annotator-text");
function point(needle, extra = 0) {  // the DOM point of a needle (a UTF-16 search over the text nodes)
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const nodes = []; let all = "";
  while (walker.nextNode()) { nodes.push([walker.currentNode, all.length]); all += walker.currentNode.data; }
  const at = all.indexOf(needle) + extra;
  for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= at) return [nodes[i][0], at - nodes[i][1]];
}
function select(a, b) {
  const r = document.createRange(); r.setStart(...a); r.setEnd(...b);
  window.getSelection().removeAllRanges(); window.getSelection().addRange(r);
  body.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
}
const ps = body.querySelectorAll("p");
select(point("<b>not bold"), point("&amp;", 5));
select(point("not a tag"), point("emails", 6));
select(point("out was"), point("not bold", 3));
select([ps[0], 0], [ps[1], 0]);
select(point("👩"), point("🇺🇸", 4));
select([el.querySelector(".scomm-annotator-hint"), 0], point("Officials", 9));
const find = el.querySelector("input[type=text]");
find.value = "ICE said so";
[...el.querySelectorAll("button")].find((b) => b.textContent === "Find").click();
[...el.querySelectorAll("button")].find((b) => b.textContent === "Delete 1").click();
const controls = [...el.querySelectorAll("input, select, textarea")];
document.getElementById("out").textContent = JSON.stringify({sent, messages,
  unlabelled: controls.filter((c) => !c.labels.length).map((c) => c.outerHTML),
  labels: controls.map((c) => c.labels[0].textContent), disabled: controls.filter((c) => c.disabled).length,
  saved: el.querySelector(".scomm-annotator-saved").textContent,
  elements: [...el.querySelectorAll("*")].map((e) => e.tagName.toLowerCase()),
  marks: [...body.querySelectorAll("mark")].map((m) => [m.tabIndex, m.getAttribute("aria-label")])});
</script></body></html>"""


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
def test_selections_in_chromium_come_back_in_code_points(tmp_path: Path) -> None:
    a = make()
    save_one(a, "opting out was possible")
    a.select(TEXT.index("out was"), TEXT.index("<b>") + 3)
    assert a.save("claim", "voluntary")
    title = "A <i>tiny</i> <script>alert(1)</script>"
    a.view.title = title
    state = {name: getattr(a.view, name) for name in a.view.keys if name not in ("layout", "comm")}
    (tmp_path / "state.json").write_text(json.dumps(state), encoding="utf-8")
    (tmp_path / "index.html").write_text(HARNESS, encoding="utf-8")
    (tmp_path / "annotator.js").write_text(reading_view.ReadingView._esm.default_value, encoding="utf-8")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        flags = (
            "--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"
        )
        dom = subprocess.run(
            [CHROMIUM, *flags.split(), "--disable-sync", "--no-first-run", "--virtual-time-budget=5000",
             "--dump-dom", f"http://127.0.0.1:{server.server_port}/index.html"],
            capture_output=True, text=True, timeout=120, check=True,
        ).stdout  # fmt: skip
        server.shutdown()
    out = json.loads(html.unescape(re.search(r'<pre id="out">(.*)</pre>', dom, re.S).group(1)))
    spans = [(s["start"], s["end"]) for s in out["sent"]]
    assert all(TEXT[s["start"] : s["end"]] == s["exact"] for s in out["sent"])
    family, flag = TEXT.index("👩‍👩‍👧"), TEXT.index("🇺🇸")
    assert spans == [
        (TEXT.index("<b>not"), TEXT.index("&amp;") + 5),
        (TEXT.index("not a tag"), TEXT.index("emails") + 6),
        (TEXT.index("out was"), TEXT.index("not bold") + 3),
        (0, len(PARAGRAPHS[0]) + 2),
        (family, flag + 2),
        (0, 9),
    ]
    assert {"script", "b", "i"}.isdisjoint(out["elements"])  # the title, text and comments stayed text
    assert "<script>alert(1)</script>" in out["saved"] and "1. evidence" in out["saved"]
    assert out["unlabelled"] == [] and out["disabled"] == 1  # the selected passage: shown, not typed in
    assert out["labels"][:2] == ["Find a passage (type the exact words):", "Selected passage:"]
    first, _second = a.view.saved
    assert out["messages"] == [
        # The tag and stance as the kernel left them after the last save (save_one's), the words as typed.
        {
            "event": "find",
            "fields": {
                "quote": "ICE said so",
                "tag": "evidence",
                "stance": records.STANCES[1],
                "comment": "",
            },
        },
        {"event": "delete", "id": first["id"]},
    ]
    assert [m[1].split(".")[0] for m in out["marks"]][:2] == [
        "Highlighted (1): evidence",
        "Highlighted (2): claim, evidence",
    ]
    assert all(m[0] == 0 for m in out["marks"])
    # And Python accepts each of them.
    for selection in out["sent"]:
        browser_selects(a, **selection)
        assert a.selected is not None, a.controls.status.value


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass
