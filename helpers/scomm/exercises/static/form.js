// One panel of the kit drawn by itself: an exercise, a written answer or the submit button
// (scomm.exercises.form_view.FormView). One widget model per panel, in real HTML form controls:
// <fieldset>/<legend> around each set of options, <label> on every control, <select>, <button>.
//
// What the page adds to the controls:
// 1. JupyterLab's command-mode shortcuts take single keys (Enter, ArrowUp, ArrowDown, ...) whenever
//    focus is on something that is not a text field: on a radio button or a drop-down the arrows
//    would move to another cell, and Enter on a button would open a cell for editing. Lumino skips
//    the shortcuts of a key pressed on an element marked data-lm-suppress-shortcuts; the mark must
//    be on the focused element itself, so each control is marked as it receives focus.
// 2. Each set of radio buttons has one name no other set on the page has, so the browser makes it
//    one group (Tab leaves the set, a screen reader says "1 of 4"), and role="radiogroup" labelled
//    by its question. The names stay when the kernel changes the panel: controls are never rebuilt
//    with new names.
// Outside JupyterLab (Voila) the shortcut mark means nothing and the rest helps.

const MARK = "data-lm-suppress-shortcuts";
const PAUSE_MS = 1000; // a written answer goes to the kernel after this pause in typing

// Each model loads this module afresh, so the counter lives on the page, not in the module:
// two panels drawn in the same moment by Run All still get different group names.
function nextId() {
  globalThis.scommPanels = (globalThis.scommPanels || 0) + 1;
  return `scomm-panel-${globalThis.scommPanels}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function heading(spec) {
  const head = element("div", "scomm-form-head");
  head.append(element("b", "", spec.badge));
  if (spec.prompt) head.append(element("br"), document.createTextNode(spec.prompt));
  return head;
}

function html(className, markup) {
  const node = element("div", className);
  node.innerHTML = markup; // written by the kernel, every student-visible text escaped there
  return node;
}

// -- the controls: each returns {node, read(), show(value)} ----------------------------------------

function choices(control, id, type) {
  const set = element("fieldset", `scomm-choices scomm-${type}s`);
  const legend = element("legend", "scomm-question", control.label);
  legend.id = `${id}-q`;
  set.append(legend);
  if (type === "radio") {
    set.setAttribute("role", "radiogroup");
    set.setAttribute("aria-labelledby", legend.id);
  }
  const inputs = control.options.map((option) => {
    const label = element("label", "scomm-option");
    const input = element("input");
    input.type = type;
    input.name = id; // one name per set of radio buttons: the browser makes it one group
    input.value = option;
    label.append(input, element("span", "", option));
    set.append(label);
    return input;
  });
  const picked = () => inputs.filter((input) => input.checked).map((input) => input.value);
  return {
    node: set,
    read: () => (type === "radio" ? (picked()[0] ?? null) : picked()),
    show: (value) => {
      const chosen = new Set(type === "radio" ? [value] : value || []);
      for (const input of inputs) input.checked = chosen.has(input.value);
    },
  };
}

function field(control, id, input) {
  const row = element("div", "scomm-field");
  const label = element("label", "scomm-question", control.label);
  label.htmlFor = id;
  input.id = id;
  row.append(label, input);
  return row;
}

function dropdown(control, id) {
  const select = element("select");
  const blank = element("option", "", control.blank);
  blank.value = "";
  select.append(blank, ...control.options.map((option) => Object.assign(element("option", "", option), { value: option })));
  return {
    node: field(control, id, select),
    read: () => select.value || null,
    show: (value) => {
      select.value = value ?? "";
    },
  };
}

function textbox(control, id) {
  const input = element("input");
  input.type = "text";
  input.placeholder = control.placeholder || "";
  return {
    node: field(control, id, input),
    read: () => input.value,
    show: (value) => {
      if (document.activeElement !== input) input.value = value ?? "";
    },
  };
}

const CONTROLS = {
  radios: (control, id) => choices(control, id, "radio"),
  checkboxes: (control, id) => choices(control, id, "checkbox"),
  select: dropdown,
  text: textbox,
};

// -- the panels ------------------------------------------------------------------------------------

function button(model, spec, read) {
  const press = element("button", "scomm-button", spec.button);
  press.type = "button";
  if (spec.tooltip) press.title = spec.tooltip;
  // The answer goes with the press: a change held back by the widget manager cannot arrive after it.
  press.addEventListener("click", () => model.send(read ? { event: "press", value: read() } : { event: "press" }));
  return press;
}

function feedback(model, on) {
  const shown = html("scomm-feedback", model.get("feedback"));
  on("change:feedback", () => {
    shown.innerHTML = model.get("feedback");
  });
  return shown;
}

function exercise(model, el, spec, id, on) {
  el.append(heading(spec));
  if (spec.facts) {
    const facts = element("ul", "scomm-facts");
    for (const [name, value] of spec.facts) {
      const item = element("li");
      item.append(element("b", "", `${name}:`), document.createTextNode(` ${value}`));
      facts.append(item);
    }
    el.append(facts);
  }
  if (spec.intro) el.append(element("p", "scomm-intro", spec.intro));
  const controls = spec.controls.map((control, n) => CONTROLS[control.type](control, `${id}-${n}`));
  const read = () => controls.map((control) => control.read());
  const show = () => {
    const value = model.get("value") || [];
    controls.forEach((control, n) => control.show(value[n]));
  };
  const send = () => {
    model.set("value", read());
    model.save_changes();
  };
  for (const control of controls) {
    control.node.addEventListener("change", send);
    el.append(control.node);
  }
  show();
  on("change:value", show);
  el.append(button(model, spec, read), feedback(model, on));
}

function submit(model, el, spec, _id, on) {
  if (spec.warning) el.append(html("scomm-warning", spec.warning));
  el.append(button(model, spec), feedback(model, on));
}

function words(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}

function countText(model, text) {
  const n = words(text);
  const [low, high, most] = [model.get("words_min"), model.get("words_max"), model.get("max_chars")];
  const num = (k) => k.toLocaleString("en");
  const asked = low <= 1 ? `up to ${num(high)}` : `${num(low)}-${num(high)}`;
  // The same words as WrittenAnswer.word_status: a check on the length, never a mark.
  let line = `${num(n)} word${n === 1 ? "" : "s"}; ${asked} asked`;
  if (n > high) line += `: ${num(n - high)} over`;
  else if (n > 0 && n < low) line += `: ${num(low - n)} to go`;
  if (text.length >= most) line += `. This answer has reached ${num(most)} characters, the most it may hold: shorten it to add more.`;
  return line;
}

// The text goes to the kernel, which saves it, after a pause in typing and when the box loses
// focus: never on each key, so a long answer does not flood the kernel.
function written(model, el, spec, id, on) {
  el.append(heading(spec));
  const label = element("label", "scomm-written-label", model.get("label"));
  label.htmlFor = id;
  const area = element("textarea", "scomm-written-text");
  Object.assign(area, { id, rows: model.get("rows"), maxLength: model.get("max_chars"), spellcheck: true });
  area.value = model.get("value");
  const count = element("div", "scomm-written-count");
  count.id = `${id}-count`;
  count.setAttribute("aria-live", "polite");
  const state = element("div", "scomm-written-state");
  state.id = `${id}-state`;
  area.setAttribute("aria-describedby", `${count.id} ${state.id}`);
  const box = element("div", "scomm-written");
  box.append(label, area, count, state);
  el.append(box, feedback(model, on), element("p", "scomm-written-help", spec.help));

  const showCount = () => {
    count.textContent = countText(model, area.value);
  };
  const showState = () => {
    state.textContent = model.get("status");
    state.dataset.style = model.get("status_style");
    state.setAttribute("role", model.get("status_style") === "error" ? "alert" : "status");
  };
  let timer = null;
  let sent = area.value;
  const send = () => {
    clearTimeout(timer);
    if (area.value === sent) return;
    sent = area.value;
    model.set("value", area.value);
    model.save_changes();
  };
  area.addEventListener("input", () => {
    showCount();
    state.textContent = "Not saved yet: it saves when you pause or leave the box.";
    state.dataset.style = "pending";
    clearTimeout(timer);
    timer = setTimeout(send, PAUSE_MS);
  });
  area.addEventListener("blur", send);
  on("change:status", showState);
  on("change:status_style", showState);
  on("change:value", () => {
    // Another view of the same answer saved: show it here unless the student is typing here.
    if (document.activeElement !== area && model.get("value") !== area.value) {
      area.value = sent = model.get("value");
      showCount();
    }
  });
  showCount();
  showState();
  return () => send(); // the view is going away (cell cleared, page closing): send what is typed
}

const PANELS = { written, submit };

function render({ model, el }) {
  const id = nextId();
  el.setAttribute(MARK, "true");
  el.addEventListener("focusin", (event) => event.target.setAttribute(MARK, "true"));
  let offs = [];
  const on = (name, callback) => {
    model.on(name, callback);
    offs.push(() => model.off(name, callback));
  };
  let cleanup = null;
  const undraw = () => {
    if (cleanup) cleanup();
    for (const off of offs) off();
    offs = [];
  };
  const draw = () => {
    undraw();
    el.replaceChildren();
    const spec = model.get("spec");
    // A kernel-side change of the panel draws it again under the same names: one group per set.
    cleanup = (PANELS[spec.kind] || exercise)(model, el, spec, id, on);
  };
  draw();
  model.on("change:spec", draw);
  return () => {
    undraw();
    model.off("change:spec", draw);
  };
}

export default { render };
