// The marking page: every level chosen and every comment is POSTed and saved at once; n, p and u
// move between answers (outside the comment box), Ctrl+Enter saves and moves on from anywhere.
// Moving on fetches the next answer's page from the desk and puts its <main> in place of this one
// (the server escaped it; nothing in it runs), so the next answer opens without a full page load.
"use strict";
(function () {
  let form = null, status = null, comment = null, timer = null;
  let pending = Promise.resolve(true);

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

  async function post(mark) {
    try {
      const reply = await fetch("/mark", {
        method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(mark),
      });
      const answer = await reply.json();
      if (!reply.ok) {
        say("NOT saved: " + answer.error, "error");
        return false;
      }
      const all = form.querySelectorAll("fieldset").length;
      const given = Object.keys(mark.levels).length;
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
    const mark = {key: form.dataset.key, digest: form.dataset.digest, levels: levels(), comment: comment.value};
    pending = pending.then(() => post(mark));
    return pending;
  }

  async function open(href) {
    performance.mark("scomm-next-start");
    try {
      const reply = await fetch(href, {headers: {Accept: "text/html"}});
      if (!reply.ok) throw new Error("HTTP " + reply.status);
      const page = new DOMParser().parseFromString(await reply.text(), "text/html");
      document.querySelector("main").replaceWith(page.querySelector("main"));
      document.title = page.title;
      history.pushState(null, "", href);
      bind();
      document.getElementById("answer-title").focus();
      performance.measure("scomm-next", "scomm-next-start");
    } catch (problem) {
      window.location.assign(href);  // the ordinary way, whatever went wrong
    }
  }

  async function go(link) {
    if (!link || !form) return;
    if (timer !== null) save();
    if (await pending) await open(link.href);
  }

  function bind() {
    form = document.getElementById("mark");
    if (!form) return;
    status = document.getElementById("status");
    comment = document.getElementById("comment");
    pending = Promise.resolve(true);
    form.addEventListener("change", (event) => {
      if (event.target.type === "radio") save();
    });
    comment.addEventListener("input", () => {
      clearTimeout(timer);
      say("Typing… (saved when you pause)", "typing");
      timer = setTimeout(save, 600);
    });
    comment.addEventListener("blur", () => { if (timer !== null) save(); });
    for (const id of ["next", "prev", "unmarked"]) {
      const link = document.getElementById(id);
      if (link) link.addEventListener("click", (event) => { event.preventDefault(); go(link); });
    }
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.ctrlKey) {
      event.preventDefault();
      go(document.getElementById("next"));
      return;
    }
    if (comment && event.target === comment) {
      if (event.key === "Escape") comment.blur();
      return;
    }
    if (event.ctrlKey || event.altKey || event.metaKey || event.target.tagName === "TEXTAREA") return;
    const target = {n: "next", p: "prev", u: "unmarked"}[event.key];
    if (target) {
      event.preventDefault();
      go(document.getElementById(target));
    }
  });
  window.addEventListener("popstate", () => window.location.reload());
  bind();
})();
