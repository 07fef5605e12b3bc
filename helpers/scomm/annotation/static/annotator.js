// The reading, drawn for annotation (scomm.annotator.ReadingView).
//
// Safety: every piece of document text, title, tag or comment reaches the page through
// document.createTextNode or setAttribute; this file never parses model data as HTML.
//
// Offsets: Python counts characters in code points, JavaScript strings in UTF-16 units, so
// an emoji is 1 in Python and 2 here. Every length below is Array.from(...).length, which
// counts code points. Python sends where each paragraph starts in the whole text and the
// highlighted pieces ("segments", overlaps already resolved); a selection is measured from
// the start of its paragraph and sent back as {start, end, exact} for Python to check.

const HINT =
  "Select a passage with the mouse to annotate it. Keyboard: Tab into the text to read it, " +
  "Tab again to move between highlights; to choose a passage, type its exact words into " +
  "\u201cFind a passage\u201d below and press Find.";

function codePoints(text) {
  return Array.from(text).length;
}

function render({ model, el }) {
  const root = document.createElement("div");
  root.className = "scomm-annotator";
  const heading = document.createElement("div");
  heading.className = "scomm-annotator-title";
  const hint = document.createElement("p");
  hint.className = "scomm-annotator-hint";
  hint.appendChild(document.createTextNode(HINT));
  const body = document.createElement("div");
  body.className = "scomm-annotator-text";
  body.tabIndex = 0;
  body.setAttribute("role", "document");
  root.append(heading, hint, body);
  el.appendChild(root);

  let chars = []; // the text as code points, for the gaps between paragraphs
  let paragraphs = []; // [{el, start, end}] with start/end in code points of the whole text

  function draw() {
    const title = model.get("title");
    const text = model.get("text");
    chars = Array.from(text);
    heading.replaceChildren(document.createTextNode(title));
    body.setAttribute("aria-label", "Reading: " + title);
    body.replaceChildren();
    paragraphs = model.get("paragraph_starts").map((start, index) => {
      const p = document.createElement("p");
      p.dataset.index = String(index);
      body.appendChild(p);
      return { el: p, start, end: start };
    });
    let selectedEl = null;
    for (const seg of model.get("segments")) {
      if (seg.paragraph === null || seg.paragraph === undefined) continue; // between paragraphs
      const para = paragraphs[seg.paragraph];
      const node = document.createTextNode(chars.slice(seg.start, seg.end).join(""));
      para.end = Math.max(para.end, seg.end);
      if (!seg.ids.length && !seg.selected) {
        para.el.appendChild(node);
        continue;
      }
      const mark = document.createElement(seg.ids.length ? "mark" : "span");
      mark.appendChild(node);
      if (seg.ids.length) {
        mark.className = "scomm-highlight";
        mark.tabIndex = 0;
        mark.dataset.count = String(Math.min(seg.ids.length, 3));
        const label = "Highlighted (" + seg.ids.length + "): " + seg.tags.join(", ");
        mark.setAttribute("aria-label", label + ". " + node.data);
        mark.setAttribute("title", label);
      }
      if (seg.selected) {
        mark.classList.add("scomm-selected");
        selectedEl = selectedEl || mark;
      }
      para.el.appendChild(mark);
    }
    if (selectedEl && selectedEl.scrollIntoView) selectedEl.scrollIntoView({ block: "nearest" });
  }

  // Where a DOM point (node, offset) falls: its paragraph and its code-point offset in the text.
  function locate(node, offset) {
    const element = node.nodeType === Node.TEXT_NODE ? node.parentNode : node;
    const p = element && element.closest ? element.closest("p[data-index]") : null;
    if (!p || !body.contains(p)) return null;
    const index = Number(p.dataset.index);
    const before = document.createRange();
    before.setStart(p, 0);
    before.setEnd(node, offset);
    return { index, node, offset, at: paragraphs[index].start + codePoints(before.toString()) };
  }

  // A selection as {start, end, exact}, or null when it does not touch the text.
  function measure(range) {
    const hit = paragraphs.filter((p) => range.intersectsNode(p.el));
    if (!hit.length) return null;
    const first = hit[0];
    const last = hit[hit.length - 1];
    const a = locate(range.startContainer, range.startOffset) || {
      index: Number(first.el.dataset.index), node: first.el, offset: 0, at: first.start,
    };
    const b = locate(range.endContainer, range.endOffset) || {
      index: Number(last.el.dataset.index), node: last.el, offset: last.el.childNodes.length, at: last.end,
    };
    if (b.at <= a.at) return null;
    // exact comes from the page, paragraph by paragraph, so Python can check the offsets against it.
    const pieces = [];
    for (let k = a.index; k <= b.index; k++) {
      const p = paragraphs[k];
      const piece = document.createRange();
      if (k === a.index) piece.setStart(a.node, a.offset);
      else piece.setStart(p.el, 0);
      if (k === b.index) piece.setEnd(b.node, b.offset);
      else piece.setEnd(p.el, p.el.childNodes.length);
      pieces.push(piece.toString());
      if (k < b.index) pieces.push(chars.slice(p.end, paragraphs[k + 1].start).join(""));
    }
    return { start: a.at, end: b.at, exact: pieces.join("") };
  }

  function send() {
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const picked = measure(selection.getRangeAt(0));
    if (!picked) return;
    model.set("selection", picked);
    model.save_changes();
  }

  body.addEventListener("mouseup", send);
  // Caret browsing (F7) lets keyboard users select with Shift+arrows too: the selection is
  // sent when Shift is let go, as a redraw while it is still held would drop it.
  body.addEventListener("keyup", (event) => {
    if (event.key === "Shift") send();
  });
  model.on("change:text", draw);
  model.on("change:title", draw);
  model.on("change:paragraph_starts", draw);
  model.on("change:segments", draw);
  draw();
  return () => {
    model.off("change:text", draw);
    model.off("change:title", draw);
    model.off("change:paragraph_starts", draw);
    model.off("change:segments", draw);
  };
}

export default { render };
