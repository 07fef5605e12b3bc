// Keyboard and screen-reader support for a panel of controls (scomm.widgets.KeyboardSupport).
//
// 1. JupyterLab's command-mode shortcuts take single keys (Enter, ArrowUp, ArrowDown, ...)
//    whenever focus is on something that is not a text field: on a radio button or a drop-down
//    the arrows move to another cell instead of changing the answer, and Enter on a button
//    opens a cell for editing instead of pressing it. Lumino skips the shortcuts of a key
//    pressed on an element marked data-lm-suppress-shortcuts; the mark must be on the focused
//    element itself (a mark on an ancestor is found too late), so each control is marked as it
//    receives focus, including controls drawn later.
// 2. ipywidgets draws radio buttons without a shared name, so the browser treats each one as a
//    group of its own: Tab stops on every option and a screen reader never hears "1 of 4".
//    Each set of radio buttons gets one name, role="radiogroup" and its question as label.
// Outside JupyterLab (Voila, a static page) the shortcut mark means nothing and the rest helps.

const MARK = "data-lm-suppress-shortcuts";

// A name no other set of radio buttons on the page has. Each widget loads this module afresh, so a
// counter here starts again at 1 for every panel, and panels drawn in the same millisecond by Run All
// would share a name: the browser would make their options one group, and a click in one question
// would clear another's. The page-wide counter and a random part keep every set apart.
function groupName() {
  globalThis.scommRadioGroups = (globalThis.scommRadioGroups || 0) + 1;
  const random = Math.random().toString(36).slice(2, 10);
  return `scomm-radios-${Date.now().toString(36)}-${random}-${globalThis.scommRadioGroups}`;
}

function groupRadios(panel) {
  for (const box of panel.querySelectorAll(".widget-radio-box:not([role=radiogroup])")) {
    const radios = box.querySelectorAll("input[type=radio]");
    if (!radios.length) continue;
    const name = groupName();
    box.setAttribute("role", "radiogroup");
    const label = box.parentElement && box.parentElement.querySelector(":scope > .widget-label");
    if (label && label.textContent.trim()) {
      label.id = label.id || `${name}-label`;
      box.setAttribute("aria-labelledby", label.id);
    }
    for (const radio of radios) radio.name = name;
  }
}

function render({ el }) {
  let frames = 0;
  const attach = () => {
    const panel = el.closest(".scomm-panel");
    if (!panel) {
      if (frames++ < 600) requestAnimationFrame(attach); // not yet placed in its panel
      return;
    }
    panel.setAttribute(MARK, "true");
    panel.addEventListener("focusin", (event) => event.target.setAttribute(MARK, "true"));
    groupRadios(panel);
    const observer = new MutationObserver(() => groupRadios(panel));
    observer.observe(panel, { childList: true, subtree: true });
  };
  attach();
}

export default { render };
