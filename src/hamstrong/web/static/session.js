// The training screen's small helpers: tempo guide, the rest timer, the screen wake lock, and
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

  // The rest timer. It starts by itself when a set is saved (htmx swaps in the saved row, which
  // carries its rest in `data-rest`), or from an exercise's Rest button. It keeps the time it
  // ends at, not a count of ticks: a locked phone or a background tab (whose timers the browser
  // slows to once a second, or a minute after 5 minutes hidden) shows the right time again as
  // soon as it is looked at, and a reload resumes it from localStorage (the session day only:
  // nothing about the person). The end itself is one timeout set for the end time (a single
  // timeout is not a chain of ticks, which is what browsers slow most), so it comes on time in
  // the background too: it beeps (the sound is unlocked by the person's first tap), vibrates
  // where the device allows, says so to screen readers, shows in the tab's title, and sends a
  // notification when the page is hidden and the person allowed them (asked only on a tap).
  var bar = document.getElementById("rest");
  var REST = "hamstrong:rest:";
  var restKey = bar ? REST + bar.dataset.day : null;
  var restEnd = 0, restTimer = null, restDone = null, audio = null;
  var baseTitle = document.title;

  function restStorage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function clock(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function announce(text) {
    var news = document.getElementById("rest-news");
    if (news) { news.textContent = text; }
  }

  function titled(text) {
    document.title = text ? text + " · " + baseTitle : baseTitle;
  }

  function unlockSound() {
    // Browsers play sound only from a page the person has tapped: make the audio context on
    // the first tap, so the end of a rest can beep later, even from a background tab.
    try {
      var Context = window.AudioContext || window.webkitAudioContext;
      if (!Context) { return; }
      audio = audio || new Context();
      if (audio.state === "suspended") { audio.resume(); }
    } catch (e) { /* no sound here */ }
  }

  function chime() {
    try {  // a short beep; a browser that has not seen a tap on the page keeps it silent
      unlockSound();
      if (!audio) { return; }
      var tone = audio.createOscillator(), gain = audio.createGain();
      tone.frequency.value = 880;
      gain.gain.setValueAtTime(0.2, audio.currentTime);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
      tone.connect(gain); gain.connect(audio.destination);
      tone.start(); tone.stop(audio.currentTime + 0.6);
    } catch (e) { /* no sound here */ }
    if (navigator.vibrate) { try { navigator.vibrate([250, 120, 250]); } catch (e) { /* none */ } }
  }

  function canNotify() {
    return "Notification" in window && typeof window.Notification.requestPermission === "function";
  }

  function notify(after) {
    // Only when the page is out of sight: on screen, the bar, the sound and the title say it.
    if (document.visibilityState === "visible" || !canNotify()) { return; }
    if (window.Notification.permission !== "granted") { return; }
    var body = "Time for the next set" + (after ? " of " + after : "") + ".";
    var options = { body: body, tag: "hamstrong-rest" };
    try {
      var shown = new window.Notification("Rest over", options);
      shown.onclick = function () { window.focus(); shown.close(); };
    } catch (e) {  // Chrome on Android shows notifications only through a service worker
      if (navigator.serviceWorker) {
        navigator.serviceWorker.getRegistration().then(function (worker) {
          if (worker) { worker.showNotification("Rest over", options); }
        }).catch(function () { /* no notification then: the sound and vibration remain */ });
      }
    }
  }

  function saveRest(after) {
    var store = restStorage();
    if (!store || !restKey) { return; }
    try {
      if (restEnd) { store.setItem(restKey, JSON.stringify({ end: restEnd, after: after })); }
      else { store.removeItem(restKey); }
    } catch (e) { /* full or refused: the timer still runs on this page */ }
  }

  function stopTimers() {
    clearInterval(restTimer); restTimer = null;
    clearTimeout(restDone); restDone = null;
  }

  function schedule() {
    // The clock on the page is redrawn a few times a second; the end has its own timeout.
    clearTimeout(restDone);
    restDone = setTimeout(showRest, Math.max(0, restEnd - Date.now()) + 20);
    if (!restTimer) { restTimer = setInterval(showRest, 250); }
  }

  function restAfter() {
    return document.getElementById("rest-after").textContent.replace(/^after /, "");
  }

  function restOver() {
    var after = restAfter();
    stopTimers(); restEnd = 0; saveRest("");
    document.getElementById("rest-left").textContent = "0:00";
    bar.classList.add("over");
    document.getElementById("rest-after").textContent = "over: next set";
    titled("Rest over");
    announce("Rest over: time for the next set.");
    chime();
    notify(after);
  }

  function showRest() {
    if (!bar || !restEnd) { return; }
    var left = Math.ceil((restEnd - Date.now()) / 1000);
    if (left <= 0) { restOver(); return; }
    document.getElementById("rest-left").textContent = clock(left);
    bar.classList.remove("over");
    titled(clock(left) + " rest");
  }

  function startRest(seconds, after) {
    if (!bar || !(seconds > 0)) { return; }
    restEnd = Date.now() + seconds * 1000;
    document.getElementById("rest-after").textContent = after ? "after " + after : "";
    bar.hidden = false;
    saveRest(after);
    announce("Rest " + clock(seconds) + (after ? " after " + after : "") + ".");
    schedule();
    showRest();
  }

  function offerAlerts() {
    // The question is asked only when the person taps this button, never by itself.
    var ask = document.getElementById("rest-alerts");
    if (!ask) { return; }
    ask.hidden = !(canNotify() && window.Notification.permission === "default");
  }

  if (bar) {
    ["pointerdown", "keydown"].forEach(function (type) {
      document.addEventListener(type, unlockSound, { once: true, capture: true });
    });
    offerAlerts();
    var ask = document.getElementById("rest-alerts");
    ask.addEventListener("click", function () {
      var said = document.getElementById("rest-alerts-status");
      var asked = window.Notification.requestPermission();
      Promise.resolve(asked).then(function (answer) {
        said.textContent = answer === "granted"
          ? "Alerts on: a notification says when a rest ends, also with the screen locked or in another tab."
          : "No alerts: the sound, the vibration and this tab's title still say when a rest ends.";
        offerAlerts();
      });
    });
    bar.querySelectorAll("[data-rest-add]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!restEnd) { return; }
        restEnd = Math.max(Date.now() + 1000, restEnd + Number(button.dataset.restAdd) * 1000);
        saveRest(restAfter());
        schedule();
        showRest();
      });
    });
    document.getElementById("rest-skip").addEventListener("click", function () {
      stopTimers(); restEnd = 0; saveRest("");
      bar.hidden = true;
      titled("");
      announce("Rest skipped.");
    });
    document.querySelectorAll(".rest-start").forEach(function (button) {
      button.addEventListener("click", function () {
        startRest(Number(button.dataset.rest), button.dataset.exercise || "");
      });
    });
    // A set saved (not a Cancel, an edit or an undo): its rest starts by itself once its saved
    // row is swapped in. The row keeps the form's id, so the request names the row to watch.
    var saving = null;
    document.addEventListener("htmx:beforeRequest", function (event) {
      var config = (event.detail && event.detail.requestConfig) || {};
      var form = event.detail && event.detail.elt;
      if (config.verb === "post" && /\/sets$/.test(config.path || "") && form && form.id) {
        saving = form.id;
      }
    });
    document.addEventListener("htmx:load", function (event) {
      var row = event.detail && event.detail.elt;
      if (!saving || !row || row.id !== saving) { return; }
      saving = null;
      if (row.classList.contains("done")) {
        startRest(Number(row.dataset.rest), row.dataset.exercise || "");
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState !== "visible") { return; }
      if (restEnd) { showRest(); } else { titled(""); }  // back on the page: it shows the end
    });
    var kept = null, store = restStorage();
    try { kept = store && restKey ? JSON.parse(store.getItem(restKey) || "null") : null; } catch (e) { kept = null; }
    if (kept && kept.end > Date.now()) {
      restEnd = kept.end;
      document.getElementById("rest-after").textContent = kept.after ? "after " + kept.after : "";
      bar.hidden = false;
      schedule();
      showRest();
    } else if (kept && store) {
      try { store.removeItem(restKey); } catch (e) { /* nothing to do */ }
    }
  }

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
