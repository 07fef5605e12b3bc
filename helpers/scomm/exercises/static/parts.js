// The form controls every panel of the kit draws (scomm.exercises.controls.module puts this file
// in front of a panel's own module: anywidget loads one module per widget, with nothing to import).
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

// Each model loads its module afresh, so the counter lives on the page, not in the module:
// two panels drawn in the same moment by Run All still get different group names.
function nextId() {
  globalThis.scommPanels = (globalThis.scommPanels || 0) + 1;
  return `scomm-panel-${globalThis.scommPanels}`;
}

function keepShortcutsOff(el) {
  el.setAttribute(MARK, "true");
  el.addEventListener("focusin", (event) => event.target.setAttribute(MARK, "true"));
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function pressButton(text, className, onPress) {
  const press = element("button", className, text);
  press.type = "button";
  press.addEventListener("click", onPress);
  return press;
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

// An option is its words, or [words, value] when the kernel knows it by another name.
function dropdown(control, id) {
  const select = element("select");
  if (control.blank != null) select.append(Object.assign(element("option", "", control.blank), { value: "" }));
  for (const option of control.options) {
    const [words, value] = Array.isArray(option) ? option : [option, option];
    select.append(Object.assign(element("option", "", words), { value }));
  }
  return {
    node: field(control, id, select),
    read: () => select.value || null,
    show: (value) => {
      select.value = value ?? "";
    },
  };
}

// A text, number or date box; what the kernel holds is shown unless the student is typing in it.
function inputBox(type, read) {
  return (control, id) => {
    const input = element("input");
    input.type = type;
    for (const key of ["placeholder", "min", "max", "step"]) if (control[key] != null) input[key] = control[key];
    return {
      node: field(control, id, input),
      read: () => read(input),
      show: (value) => {
        if (document.activeElement !== input) input.value = value ?? "";
      },
    };
  };
}

// One yes-or-no fact: a check box inside its label.
function flag(control, id) {
  const label = element("label", "scomm-option scomm-flag");
  const input = element("input");
  input.type = "checkbox";
  input.id = id;
  label.append(input, element("span", "", control.label));
  return {
    node: label,
    read: () => input.checked,
    show: (value) => {
      input.checked = value === true;
    },
  };
}

// A fact that is not a choice, shown in its place among the controls.
function fact(control) {
  return { node: element("p", "scomm-intro scomm-fact", control.label), read: () => null, show: () => {} };
}

const CONTROLS = {
  radios: (control, id) => choices(control, id, "radio"),
  checkboxes: (control, id) => choices(control, id, "checkbox"),
  select: dropdown,
  text: inputBox("text", (input) => input.value),
  number: inputBox("number", (input) => (input.value === "" ? null : Number(input.value))),
  date: inputBox("date", (input) => input.value || null),
  flag,
  fact,
};

// A line the kernel words ("status") in a style ("status_style"): announced, and in colour by its style.
function statusLine(model, node, on) {
  const show = () => {
    node.textContent = model.get("status");
    node.dataset.style = model.get("status_style");
    node.setAttribute("role", model.get("status_style") === "error" ? "alert" : "status");
  };
  on("change:status", show);
  on("change:status_style", show);
  show();
}

// Model listeners that are all taken off together when the view goes away or is drawn again.
function listeners(model) {
  let offs = [];
  const on = (name, callback) => {
    model.on(name, callback);
    offs.push(() => model.off(name, callback));
  };
  const off = () => {
    for (const undo of offs) undo();
    offs = [];
  };
  return { on, off };
}
