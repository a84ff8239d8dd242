// "Check my form": say at once when the chosen clip is too large (nothing is sent), keep one
// of the two file inputs (record or choose), and show the upload's progress.
(function () {
  "use strict";
  function form() { return document.getElementById("check-form"); }
  function say(text) {
    var box = document.getElementById("e-clip");
    if (!box) return;
    box.textContent = text;
    box.hidden = !text;
  }
  document.addEventListener("change", function (event) {
    var f = form();
    var input = event.target;
    if (!f || !f.contains(input) || input.type !== "file" || !input.files.length) return;
    f.querySelectorAll("input[type=file]").forEach(function (other) {
      if (other !== input) other.value = "";
    });
    var limit = Number(f.getAttribute("data-max-bytes"));
    var size = input.files[0].size;
    if (limit && size > limit) {
      input.value = "";
      say("This clip is " + Math.round(size / 1048576) + " MB; the most is " +
          Math.round(limit / 1048576) + " MB. Film one set, or a shorter clip.");
    } else {
      say("");
    }
  });
  document.addEventListener("htmx:xhr:progress", function (event) {
    var bar = document.getElementById("upload-progress");
    if (!bar || !event.detail.lengthComputable) return;
    bar.hidden = false;
    bar.value = Math.round(100 * event.detail.loaded / event.detail.total);
  });
  document.addEventListener("htmx:responseError", function (event) {
    var f = form();
    if (!f || event.detail.elt !== f) return;
    var status = event.detail.xhr.status;
    say(status === 413 ? "This clip is larger than the server accepts. Film one set, or a shorter clip."
                       : "The upload did not go through (" + status + "). Try again in a minute.");
  });
})();
