/* Practice exercises on the course site, checked in the page without a kernel.
   The rules and the words of every message are those of Exercise.check in scomm/exercises.py;
   tests/test_book_browser.py compares the two on many answers. */
(function () {
  "use strict";

  // Python's format(x, "g"): six significant digits, no trailing zeros.
  function g(x) {
    if (!isFinite(x)) return String(x);
    if (x === 0) return "0";
    var exponent = Math.floor(Math.log10(Math.abs(x)));
    var text = Number(x).toPrecision(6);
    if (exponent < -4 || exponent >= 6) {
      var parts = Number(x).toExponential(5).split("e");
      var mantissa = parts[0].replace(/\.?0+$/, "");
      var power = parseInt(parts[1], 10);
      return mantissa + "e" + (power < 0 ? "-" : "+") + String(Math.abs(power)).padStart(2, "0");
    }
    return text.indexOf(".") < 0 ? text : text.replace(/\.?0+$/, "");
  }

  function quoted(items) {
    return items.slice().sort().map(function (m) { return "'" + m + "'"; }).join("; ");
  }

  var score = {
    single_choice: function (ex, response) {
      if (response === ex.answer) return [ex.points, "Correct."];
      if (ex.options.indexOf(response) < 0) return [0, "No option was chosen."];
      return [0, "Not quite: the answer is '" + ex.answer + "'."];
    },
    multiple_select: function (ex, response) {
      var chosen = new Set(response || []), key = new Set(ex.answer);
      var right = [...chosen].filter(function (c) { return key.has(c); });
      var wrong = [...chosen].filter(function (c) { return !key.has(c); });
      var missed = [...key].filter(function (k) { return !chosen.has(k); });
      var points = ex.points * Math.max(0, (right.length - wrong.length) / key.size);
      if (!wrong.length && !missed.length) return [points, "Correct."];
      var parts = [];
      if (missed.length) parts.push("also true: " + quoted(missed));
      if (wrong.length) parts.push("not supported by the data: " + quoted(wrong));
      return [points, "Partly right: " + parts.join(", ") + "."];
    },
    numeric: function (ex, response) {
      var text = String(response).trim();
      var value = Number(text);
      if (text === "" || isNaN(value)) throw new TypeError("not a number");
      if (Math.abs(value - ex.answer) <= ex.tolerance + 1e-9) {
        return [ex.points, "Correct: " + g(ex.answer) + " " + ex.unit + ", give or take " + g(ex.tolerance) + "."];
      }
      return [0, g(value) + " is off: the answer is " + g(ex.answer) + " " + ex.unit + " (± " + g(ex.tolerance) + ")."];
    },
    ordering: function (ex, response) {
      var order = response.map(String);
      if (JSON.stringify(order.slice().sort()) !== JSON.stringify(ex.answer.slice().sort())) {
        return [0, "Every item must be placed exactly once."];
      }
      var rank = {};
      ex.answer.forEach(function (item, i) { rank[item] = i; });
      var right = 0, pairs = 0;
      for (var i = 0; i < order.length; i++) {
        for (var j = i + 1; j < order.length; j++) { pairs++; if (rank[order[i]] < rank[order[j]]) right++; }
      }
      if (right === pairs) return [ex.points, "Correct order."];
      var first = order.findIndex(function (mine, k) { return mine !== ex.answer[k]; });
      return [ex.points * right / pairs, right + " of " + pairs + " pairs are in the right order; position " +
        (first + 1) + " should be '" + ex.answer[first] + "'."];
    },
    classification: function (ex, response) {
      var items = Object.keys(ex.answer);
      var wrong = items.filter(function (item) { return response[item] !== ex.answer[item]; });
      var points = ex.points * (items.length - wrong.length) / items.length;
      if (!wrong.length) return [points, "All sorted correctly."];
      var fixes = wrong.map(function (item) { return "'" + item + "' belongs under " + ex.answer[item]; }).join("; ");
      return [points, (items.length - wrong.length) + " of " + items.length + " right: " + fixes + "."];
    },
    scenario: function (ex, response) {
      var per = ex.points / ex.questions.length;
      var wrong = ex.questions.filter(function (q) { return response[q[0]] !== ex.answer[q[0]]; });
      if (!wrong.length) return [ex.points, ex.questions.length === 2 ? "Both predictions right." : "All right."];
      var fixes = wrong.map(function (q) { return q[1] + " → " + ex.answer[q[0]]; }).join("; ");
      return [per * (ex.questions.length - wrong.length), "Check again: " + fixes + "."];
    },
  };

  // The same result as Exercise.check: score rounded to four places, detail then explanation.
  function check(ex, response) {
    var result;
    try { result = score[ex.kind](ex, response); } catch (e) { result = [0, "This answer could not be read."]; }
    var message = (result[1] + " " + (ex.explanation || "")).trim();
    return { score: Math.round(result[0] * 1e4) / 1e4, points: ex.points, message: message };
  }

  function parts(form) { return Array.prototype.slice.call(form.querySelectorAll(".scomm-part")); }

  // The answer as the checker takes it, read from the form's controls.
  function answer(form, ex) {
    var checked = function (root) {
      return Array.prototype.slice.call(root.querySelectorAll("input:checked")).map(function (i) { return i.value; });
    };
    if (ex.kind === "single_choice") return checked(form)[0] === undefined ? null : checked(form)[0];
    if (ex.kind === "multiple_select") return checked(form);
    if (ex.kind === "numeric") return form.querySelector("input").value.trim();
    if (ex.kind === "ordering") return parts(form).map(function (p) { return p.querySelector("select").value || null; });
    var result = {};
    parts(form).forEach(function (p) {
      var select = p.querySelector("select");
      var value = select ? select.value : checked(p)[0];
      result[p.dataset.part] = value || null;
    });
    return result;
  }

  // What the notebook's form says before checking an answer that is not complete yet.
  function incomplete(ex, value) {
    if (ex.kind === "numeric") {
      return value === "" || isNaN(Number(value)) ? "Type a number (for example 2.5), not '" + value + "'." : "";
    }
    if (ex.kind === "ordering" && (value.indexOf(null) >= 0 || new Set(value).size !== value.length)) {
      return "Place every item exactly once before checking.";
    }
    if ((ex.kind === "classification" || ex.kind === "scenario") && Object.values(value).indexOf(null) >= 0) {
      return "Answer every part before checking.";
    }
    if (ex.kind === "single_choice" && value === null) return "Choose an option first.";
    return "";
  }

  function attach(form) {
    var ex = JSON.parse(form.querySelector("script.scomm-practice-data").textContent);
    var feedback = form.querySelector(".scomm-feedback");
    var evidence = form.querySelector(".scomm-evidence");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var value = answer(form, ex);
      var problem = incomplete(ex, value);
      feedback.className = "scomm-feedback " + (problem ? "scomm-warning" : "");
      if (problem) { feedback.textContent = problem; evidence.hidden = true; return; }
      var result = check(ex, ex.kind === "numeric" ? Number(value) : value);
      feedback.className = "scomm-feedback " + (result.score >= result.points ? "scomm-correct" : "scomm-partly");
      feedback.textContent = result.message + " (" + g(result.score) + " of " + g(result.points) + " points.)";
      evidence.hidden = false;
    });
  }

  window.scommPractice = { check: check, g: g };
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form.scomm-practice").forEach(attach);
  });
})();
