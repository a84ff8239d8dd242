// The guided session's small helpers: tempo guide, rest countdown, the screen wake lock, and
// drafts of set forms typed but not saved yet.
// Everything here is optional: the page and its forms work without JavaScript.
(function () {
  "use strict";
  var PHASES = ["Lower", "Pause", "Lift", "Pause"];

  function tick(seconds, each, done) {
    var left = seconds;
    each(left);
    var timer = setInterval(function () {
      left -= 1;
      if (left <= 0) { clearInterval(timer); done(); } else { each(left); }
    }, 1000);
    return timer;
  }

  document.querySelectorAll(".tempo").forEach(function (box) {
    var parts = (box.dataset.tempo || "3-1-1-0").split("-").map(Number);
    var reps = Number(box.dataset.reps || 1);
    var text = box.querySelector(".tempo-text");
    var running = null;
    box.querySelector(".tempo-start").addEventListener("click", function () {
      if (running) { clearInterval(running); running = null; text.textContent = "Stopped."; return; }
      var rep = 1, phase = 0;
      function next() {
        while (phase < 4 && parts[phase] === 0) { phase += 1; }
        if (phase >= 4) { rep += 1; phase = 0; }
        if (rep > reps) { running = null; text.textContent = "Set done. Log it below."; text.classList.remove("lower"); return; }
        while (parts[phase] === 0) { phase += 1; }
        var name = PHASES[phase];
        text.classList.toggle("lower", phase === 0);
        running = tick(parts[phase], function (left) {
          text.textContent = "Rep " + rep + " of " + reps + ": " + name + " " + left;
        }, function () { phase += 1; next(); });
      }
      next();
    });
  });

  document.querySelectorAll(".rest-timer").forEach(function (box) {
    var text = box.querySelector(".rest-text");
    var running = null;
    box.querySelector(".rest-start").addEventListener("click", function () {
      if (running) { clearInterval(running); }
      running = tick(Number(box.dataset.rest || 60), function (left) {
        text.textContent = "Rest: " + left + " s";
      }, function () { running = null; text.textContent = "Rest over: next set."; });
    });
  });

  // Screen Wake Lock: keep the phone awake while training, where the browser supports it.
  var button = document.getElementById("wake");
  var status = document.getElementById("wake-status");
  if (button && "wakeLock" in navigator) {
    var lock = null;
    button.hidden = false;
    function acquire() {
      navigator.wakeLock.request("screen").then(function (l) {
        lock = l;
        status.textContent = "The screen stays on while this page is open.";
        button.textContent = "Let the screen sleep";
        lock.addEventListener("release", function () { lock = null; });
      }).catch(function () { status.textContent = "The screen cannot be kept on here."; });
    }
    button.addEventListener("click", function () {
      if (lock) { lock.release(); lock = null; status.textContent = ""; button.textContent = "Keep the screen on"; }
      else { acquire(); }
    });
    document.addEventListener("visibilitychange", function () {
      if (lock === null && button.textContent !== "Keep the screen on" && document.visibilityState === "visible") { acquire(); }
    });
  }

  // Drafts: what was typed into a set form and not saved yet stays in this browser's
  // localStorage, under the form's `data-draft` (the session day and the set, never the user), so
  // a closed tab or a reload loses nothing. It is put back into fields still as the page gave
  // them, and dropped once the set is saved. Hidden fields (the CSRF token) and passwords are
  // never kept.
  var DRAFT = "hamstrong:draft:";
  var KEEP_DAYS = 14;
  var drafts = null;
  try {
    drafts = window.localStorage;
    drafts.getItem(DRAFT);
  } catch (e) { drafts = null; }  // storage off, or a private window that refuses it

  function draftKey(form) {
    return form && form.dataset && form.dataset.draft ? DRAFT + form.dataset.draft : null;
  }

  function keepable(field) {
    return Boolean(field.name) && ["hidden", "password", "file", "submit", "button"].indexOf(field.type) < 0;
  }

  function touched(field) {
    return field.type === "checkbox" ? field.checked !== field.defaultChecked : field.value !== field.defaultValue;
  }

  function forget(form) {
    var key = draftKey(form);
    if (drafts && key) { try { drafts.removeItem(key); } catch (e) { /* nothing to do */ } }
  }

  function keep(form) {
    var key = draftKey(form);
    if (!drafts || !key || form.querySelector("input[type=password]")) { return; }
    var values = {}, any = false;
    Array.prototype.forEach.call(form.elements, function (field) {
      if (keepable(field) && touched(field)) {
        values[field.name] = field.type === "checkbox" ? field.checked : field.value;
        any = true;
      }
    });
    try {
      if (any) { drafts.setItem(key, JSON.stringify(values)); } else { drafts.removeItem(key); }
    } catch (e) { /* full or refused: the form still works */ }
  }

  function restore(form) {
    var key = draftKey(form);
    if (!drafts || !key) { return; }
    if (form.classList.contains("done")) { forget(form); return; }  // saved: no stale draft
    var values = null;
    try { values = JSON.parse(drafts.getItem(key) || "null"); } catch (e) { values = null; }
    if (!values || typeof values !== "object") { return; }
    var restored = false;
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (!field || !field.type || !keepable(field)) { return; }
      if (field.type === "checkbox") {
        if (values[name] === true && !field.checked) { field.checked = true; restored = true; }
      } else if (field.value === "" || field.value === field.defaultValue) {
        var value = String(values[name]);
        if (field.value !== value) { field.value = value; restored = true; }
      }
    });
    var note = form.querySelector(".draft-note");
    if (note && restored) { note.hidden = false; }
  }

  function restoreWithin(root) {
    if (root.matches && root.matches("form[data-draft]")) { restore(root); return; }
    if (root.querySelectorAll) { root.querySelectorAll("form[data-draft]").forEach(restore); }
  }

  function pruneOld() {
    if (!drafts) { return; }
    var oldest = new Date(Date.now() - KEEP_DAYS * 86400000).toISOString().slice(0, 10);
    try {
      for (var i = drafts.length - 1; i >= 0; i -= 1) {
        var key = drafts.key(i);
        if (key && key.indexOf(DRAFT) === 0 && key.slice(DRAFT.length, DRAFT.length + 10) < oldest) {
          drafts.removeItem(key);
        }
      }
    } catch (e) { /* nothing to do */ }
  }

  if (drafts) {
    pruneOld();
    restoreWithin(document);
    ["input", "change"].forEach(function (type) {
      document.addEventListener(type, function (event) {
        var field = event.target;
        if (field && field.form && field.form.dataset.draft && keepable(field)) { keep(field.form); }
      });
    });
    // A plain POST (no htmx): the answer is the page again, with the set saved or the values
    // typed and their messages, so the draft has done its job. htmx cancels the submit itself.
    document.addEventListener("submit", function (event) {
      if (!event.defaultPrevented) { forget(event.target); }
    });
    // The form is swapped out by then, so htmx tells a parent: the form is in requestConfig.
    document.addEventListener("htmx:afterRequest", function (event) {
      var detail = event.detail || {};
      var status = detail.xhr ? detail.xhr.status : 0;
      var form = detail.requestConfig && detail.requestConfig.elt ? detail.requestConfig.elt : detail.elt;
      if (status >= 200 && status < 300) { forget(form); }  // a 422 keeps the draft
    });
    document.addEventListener("htmx:load", function (event) {
      if (event.detail && event.detail.elt) { restoreWithin(event.detail.elt); }
    });
  }
})();
