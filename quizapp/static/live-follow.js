/* Follow the live room from any page of the session (home, a reading, a check).
 *
 * Polls the live state like the live page does (ETag, 304s, the server's poll_ms). When a round
 * is on, the student is taken to the live question, where a notice says so; the page they left
 * is remembered in this tab, and the live page brings them back when the round ends. Never
 * while they are typing here: then a notice with a link instead, so nothing typed is lost.
 * Nor for a round they chose to leave: then the same notice.
 */
(function () {
  "use strict";

  var el = document.getElementById("live-follow");
  if (!el || !window.fetch) { return; }
  var stateUrl = el.getAttribute("data-state-url");
  var liveUrl = el.getAttribute("data-live-url");
  var code = el.getAttribute("data-code");
  var etag = "", pollMs = 2000, timer = null;
  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }
  var KEY_LEFT = "quizapp-live-left:" + code, KEY_FROM = "quizapp-live-from:" + code;
  var KEY_BACK = "quizapp-live-back:" + code;
  var banner = null;

  function notice(text, link) {
    var main = document.getElementById("main") || document.body;
    if (!banner) {
      banner = document.createElement("p");
      banner.className = "flash flash-info live-follow-notice";
      banner.setAttribute("role", "status");
      main.insertBefore(banner, main.firstChild);
    }
    banner.textContent = text + " ";
    if (link) {
      var a = document.createElement("a");
      a.href = liveUrl;
      a.textContent = link;
      banner.appendChild(a);
    }
    banner.hidden = false;
  }

  function typing() {
    var fields = document.querySelectorAll("main input, main textarea, main select");
    for (var i = 0; i < fields.length; i += 1) {
      var f = fields[i];
      if (f.type === "hidden" || f.type === "submit") { continue; }
      if (f.type === "radio" || f.type === "checkbox") {
        if (f.checked !== f.defaultChecked) { return true; }
      } else if (f.value !== f.defaultValue) { return true; }
    }
    return false;
  }

  function apply(s) {
    if (s.poll_ms) { pollMs = s.poll_ms; }
    if (!s.question || s.phase === "idle") {
      if (banner && banner.getAttribute("data-live")) { banner.hidden = true; }
      return;
    }
    var here = s.question.id + ":" + s.round;
    if ((store && store.getItem(KEY_LEFT) === here) || typing()) {
      notice(el.getAttribute("data-t-open"), el.getAttribute("data-t-go"));
      banner.setAttribute("data-live", "1");
      return;
    }
    if (store) { store.setItem(KEY_FROM, window.location.href); }
    window.location.assign(liveUrl + "?moved=1");
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (r.status === 403 || r.status === 404) { throw { fatal: true }; }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        etag = r.headers.get("ETag") || "";
        return r.json();
      })
      .then(function (s) {
        if (s) { apply(s); }
        timer = window.setTimeout(poll, pollMs);
      })
      .catch(function (err) {
        if (!(err && err.fatal)) { timer = window.setTimeout(poll, Math.max(pollMs, 5000)); }
      });
  }

  if (store && store.getItem(KEY_BACK)) {
    store.removeItem(KEY_BACK);
    notice(el.getAttribute("data-t-back"), null);
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { window.clearTimeout(timer); poll(); }
  });
  poll();   // at once: a student who joins mid-round lands on the live question
}());
