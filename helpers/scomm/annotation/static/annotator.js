// The reading and the controls under it, drawn for annotation (scomm.annotation.reading_view.ReadingView),
// one widget model; the controls are the exercises' (scomm/exercises/static/parts.js, loaded in front).
//
// Safety: every piece of document text, title, tag, comment or message reaches the page through
// document.createTextNode, textContent or setAttribute; this file never parses model data as HTML.
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

// The controls: find a passage by its words, the selection, tag, stance, comment, save; then the list.
function controls(model, id, on) {
  const spec = model.get("spec");
  const labels = spec.labels;
  const quote = CONTROLS.text({ label: labels.quote, placeholder: "e.g. a few distinctive words" }, `${id}-quote`);
  const selected = element("textarea", "scomm-annotator-selected");
  selected.disabled = true; // shown, not typed in: Tab passes it by
  selected.rows = 2;
  const tag = CONTROLS.select({ label: labels.tag, options: spec.tags, blank: spec.blank }, `${id}-tag`);
  const stance = spec.stances.length
    ? CONTROLS.select({ label: labels.stance, options: spec.stances, blank: spec.blank }, `${id}-stance`)
    : null;
  const comment = element("textarea", "scomm-annotator-comment");
  Object.assign(comment, { rows: 3, placeholder: "Why you marked this passage" });
  const read = () => ({
    quote: quote.read(),
    tag: tag.read(),
    stance: stance ? stance.read() : null,
    comment: comment.value,
  });
  const show = () => {
    const fields = model.get("fields") || {};
    quote.show(fields.quote);
    tag.show(fields.tag);
    if (stance) stance.show(fields.stance);
    if (document.activeElement !== comment) comment.value = fields.comment ?? "";
    selected.value = model.get("selected_text");
  };
  const send = () => {
    model.set("fields", read());
    model.save_changes();
  };
  // The fields go with the press: a change held back by the widget manager cannot arrive after it.
  const press = (event) => () => model.send({ event, fields: read() });
  const find = pressButton(labels.find, "scomm-button scomm-find", press("find"));
  find.title = "Select the passage with these exact words";
  quote.node.append(find);
  quote.node.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target !== find) press("find")();
  });
  const save = pressButton(labels.save, "scomm-button", press("save"));
  const status = element("div", "scomm-status");
  statusLine(model, status, on);
  const list = element("div", "scomm-annotator-saved");
  const showSaved = () => list.replaceChildren(...savedList(model));
  const parts = [
    quote.node,
    field({ label: labels.selected }, `${id}-selected`, selected),
    tag.node,
    ...(stance ? [stance.node] : []),
    field({ label: labels.comment }, `${id}-comment`, comment),
    save,
    status,
    list,
  ];
  for (const part of parts) part.addEventListener("change", send);
  on("change:fields", show);
  on("change:selected_text", show);
  on("change:saved", showSaved);
  show();
  showSaved();
  return parts;
}

function savedList(model) {
  const saved = model.get("saved");
  const head = element("strong", "", saved.length ? `Your annotations (${saved.length})` : "Your annotations: none yet");
  const rows = saved.map((a) => {
    const row = element("li", "scomm-annotator-row");
    const remove = pressButton(`Delete ${a.n}`, "scomm-delete", () => model.send({ event: "delete", id: a.id }));
    remove.title = a.title;
    const words = element("span");
    words.append(element("strong", "", `${a.n}. ${a.tag}`));
    words.append(document.createTextNode(`${a.stance ? ` · ${a.stance}` : ""}: \u201c${a.quote}\u201d`));
    if (a.lost) words.append(element("strong", "", " (these words are no longer in the reading)"));
    if (a.comment) words.append(element("br"), element("em", "", a.comment));
    row.append(remove, words);
    return row;
  });
  const items = element("ul");
  items.append(...rows);
  return [head, items];
}

function render({ model, el }) {
  const id = nextId();
  keepShortcutsOff(el);
  const { on, off } = listeners(model);
  const notice = element("p", "scomm-annotator-notice", model.get("notice"));
  notice.hidden = !model.get("notice");
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
  el.append(notice, root, ...controls(model, id, on));

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
  for (const name of ["text", "title", "paragraph_starts", "segments"]) on(`change:${name}`, draw);
  on("change:notice", () => {
    notice.textContent = model.get("notice");
    notice.hidden = !model.get("notice");
  });
  draw();
  return off;
}

export default { render };
