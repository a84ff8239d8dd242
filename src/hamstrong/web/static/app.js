// Signing in, signing up, signing out or deleting the account forgets the set values typed on
// this device but not saved yet and any rest timer running (session.js keeps them in
// localStorage, not per user), so the next person here never sees them, even after a session
// that simply expired.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    if (!event.target.hasAttribute || !event.target.hasAttribute("data-forget-unsaved")) return;
    try {
      var store = window.localStorage;
      for (var i = store.length - 1; i >= 0; i--) {
        var key = store.key(i);
        if (key && (key.indexOf("hamstrong:draft:") === 0 || key.indexOf("hamstrong:rest:") === 0)) store.removeItem(key);
      }
    } catch (e) { /* storage blocked: nothing was kept either */ }
  });
})();
