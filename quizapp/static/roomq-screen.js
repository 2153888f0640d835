/* The room's screen (answer wall, evidence map, a question from the room): re-fetches its
 * body every few seconds and swaps it in when it changed. The body is HTML the server rendered
 * and escaped; without this script the page has a Refresh link. */
(function () {
  "use strict";

  var root = document.getElementById("rq-screen");
  var body = document.getElementById("rq-screen-body");
  if (!root || !body || !window.fetch) { return; }
  var url = root.getAttribute("data-state-url");
  var POLL_MS = 4000;
  var last = null;

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, cache: "no-cache",
                 credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (data && data.html !== last) {
          if (last !== null) { body.innerHTML = data.html; }
          last = data.html;
        }
      })
      .catch(function () { /* the next poll tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  poll();
})();
