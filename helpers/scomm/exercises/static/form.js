// One panel of the kit drawn by itself: an exercise, a written answer, the submit button, the
// detainer simulator or a note standing in for a closed question (scomm.exercises.form_view.FormView).
// One widget model per panel, in real HTML form controls (static/parts.js, loaded in front of this
// file): <fieldset>/<legend> around each set of options, <label> on every control, <select>,
// <button>, with the notebook's shortcuts kept off the focused control.

const PAUSE_MS = 1000; // a written answer goes to the kernel after this pause in typing

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

// -- the panels ------------------------------------------------------------------------------------

function button(model, spec, read) {
  // The answer goes with the press: a change held back by the widget manager cannot arrive after it.
  const press = pressButton(spec.button, "scomm-button", () =>
    model.send(read ? { event: "press", value: read() } : { event: "press" }),
  );
  if (spec.tooltip) press.title = spec.tooltip;
  return press;
}

function feedback(model, on) {
  const shown = html("scomm-feedback", model.get("feedback"));
  on("change:feedback", () => {
    shown.innerHTML = model.get("feedback");
  });
  return shown;
}

// An exercise, or the simulator: a heading or a lead-in, the controls, the button, the feedback.
function exercise(model, el, spec, id, on) {
  if (spec.badge) el.append(heading(spec));
  if (spec.lead) el.append(html("scomm-intro", spec.lead));
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

function note(_model, el, spec) {
  el.append(html("scomm-note", spec.note));
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
  on("change:value", () => {
    // Another view of the same answer saved: show it here unless the student is typing here.
    if (document.activeElement !== area && model.get("value") !== area.value) {
      area.value = sent = model.get("value");
      showCount();
    }
  });
  showCount();
  statusLine(model, state, on);
  return () => send(); // the view is going away (cell cleared, page closing): send what is typed
}

const PANELS = { written, submit, note };

function render({ model, el }) {
  const id = nextId();
  keepShortcutsOff(el);
  const { on, off } = listeners(model);
  let cleanup = null;
  const undraw = () => {
    if (cleanup) cleanup();
    off();
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
