// The marking page: every level chosen and every comment is POSTed and saved at once; n, p and u
// move between answers (outside the comment box), Ctrl+Enter saves and moves on from anywhere.
"use strict";
(function () {
  const form = document.getElementById("mark");
  if (!form) return;
  const status = document.getElementById("status");
  const comment = document.getElementById("comment");
  let pending = Promise.resolve(true);
  let timer = null;

  function levels() {
    const chosen = {};
    for (const input of form.querySelectorAll("input[type=radio]:checked")) {
      chosen[input.dataset.criterion] = input.value;
    }
    return chosen;
  }

  function say(text, state) {
    status.textContent = text;
    status.dataset.state = state;
  }

  async function post() {
    const body = JSON.stringify({
      key: form.dataset.key, digest: form.dataset.digest, levels: levels(), comment: comment.value,
    });
    try {
      const reply = await fetch("/mark", {
        method: "POST", headers: {"Content-Type": "application/json"}, body: body,
      });
      const answer = await reply.json();
      if (!reply.ok) {
        say("NOT saved: " + answer.error, "error");
        return false;
      }
      const all = form.querySelectorAll("fieldset").length;
      const given = Object.keys(levels()).length;
      say(given === all ? "Saved: marked." : "Saved: " + given + " of " + all + " criteria have a level.",
          given === all ? "marked" : "started");
      return true;
    } catch (problem) {
      say("NOT saved: the marking server did not answer (" + problem + "). Is scomm mark still running?", "error");
      return false;
    }
  }

  function save() {
    clearTimeout(timer);
    timer = null;
    pending = pending.then(post);
    return pending;
  }

  async function go(link) {
    if (!link) return;
    if (timer !== null) await save();
    if (await pending) window.location.assign(link.href);
  }

  form.addEventListener("change", (event) => {
    if (event.target.type === "radio") save();
  });
  comment.addEventListener("input", () => {
    clearTimeout(timer);
    say("Typing… (saved when you pause)", "typing");
    timer = setTimeout(save, 600);
  });
  comment.addEventListener("blur", () => { if (timer !== null) save(); });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      go(document.getElementById("next"));
      return;
    }
    if (event.target === comment) {
      if (event.key === "Escape") comment.blur();
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey) return;
    const target = {n: "next", p: "prev", u: "unmarked"}[event.key];
    if (target) {
      event.preventDefault();
      go(document.getElementById(target));
    }
  });
  for (const id of ["next", "prev", "unmarked"]) {
    const link = document.getElementById(id);
    if (link) link.addEventListener("click", (event) => { event.preventDefault(); go(link); });
  }
})();
