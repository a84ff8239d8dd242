// The guided session's small helpers: tempo guide, rest countdown and the screen wake lock.
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
})();
