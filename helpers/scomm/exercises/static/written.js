// A written answer (scomm.exercises.writing.WrittenBox): a labelled text box, a live word count
// and the save state, both announced politely to screen readers.
//
// The text goes to the kernel, which saves it, after a pause in typing (PAUSE_MS) and when the
// box loses focus: never on each key, so a long answer does not flood the kernel, and a timer
// in the page, not in the kernel, keeps the kernel free while the student types.

const PAUSE_MS = 1000;
let boxes = 0;

function words(text) {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/u).length : 0;
}

function countText(model, text) {
  const n = words(text);
  const [low, high] = [model.get("words_min"), model.get("words_max")];
  const asked = low <= 1 ? `up to ${high.toLocaleString("en")}` : `${low.toLocaleString("en")}-${high.toLocaleString("en")}`;
  let line = `${n.toLocaleString("en")} word${n === 1 ? "" : "s"}; ${asked} asked`;
  // The same words as WrittenAnswer.word_status: a check on the length, never a mark.
  if (n > high) line += `: ${(n - high).toLocaleString("en")} over`;
  else if (n > 0 && n < low) line += `: ${(low - n).toLocaleString("en")} to go`;
  if (text.length >= model.get("max_chars")) {
    line += `. This answer has reached ${model.get("max_chars").toLocaleString("en")} characters, the most it may hold: shorten it to add more.`;
  }
  return line;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function render({ model, el }) {
  boxes += 1;
  const id = `scomm-written-${Date.now().toString(36)}-${boxes}`;
  el.classList.add("scomm-written");
  const label = element("label", "scomm-written-label", model.get("label"));
  label.htmlFor = id;
  const area = element("textarea", "scomm-written-text");
  area.id = id;
  area.rows = model.get("rows");
  area.maxLength = model.get("max_chars");
  area.spellcheck = true;
  area.value = model.get("value");
  const count = element("div", "scomm-written-count");
  count.id = `${id}-count`;
  count.setAttribute("aria-live", "polite");
  const state = element("div", "scomm-written-state");
  state.id = `${id}-state`;
  state.setAttribute("role", "status");
  area.setAttribute("aria-describedby", `${count.id} ${state.id}`);
  el.append(label, area, count, state);

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
    timer = null;
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
  model.on("change:status", showState);
  model.on("change:status_style", showState);
  model.on("change:value", () => {
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

export default { render };
