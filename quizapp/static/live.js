/* Live mode: follow the instructor without reloading (the polling core).
 *
 * Polls the page's state URL about every second (data-poll-ms) with If-None-Match; an
 * unchanged state costs the server one small query and a 304. The instructor's panel and the projector receive their
 * changed region as HTML rendered by the server; students' screens are rendered from the JSON
 * state by live-student.js, loaded after this file, through window.quizappLive.
 * Nothing lives only here: a reload shows the same place, because all state is on the server.
 */
(function () {
  "use strict";

  var root = document.getElementById("live");
  if (!root || !window.fetch || !window.FormData) { return; }

  // The server says how often (data-poll-ms, and poll_ms in each student state): about once
  // a second, less often in a very large room (quizapp/live/state.py:poll_interval_ms).
  var POLL_MS = parseInt(root.getAttribute("data-poll-ms"), 10) || 1500;
  var mode = root.getAttribute("data-live");            // "student" | "panel"
  var stateUrl = root.getAttribute("data-state-url");
  var etag = root.getAttribute("data-etag") || "";
  var body = document.getElementById("live-body");
  var announcer = document.getElementById("live-announce");
  var conn = document.getElementById("live-conn");
  var timer = null, busy = false, failures = 0, stopped = false;
  var deadlines = [];
  var lastAnnounced = "";
  var pending = null;      // panel: HTML waiting until the instructor stops typing
  var live = window.quizappLive = { root: root, body: body, mode: mode, onState: null };

  // The page's words, translated by the server (templates/live/_texts.html); English if absent.
  var texts = {}, secondsForms = { one: "{n} second left", other: "{n} seconds left" };
  try {
    var block = JSON.parse(document.getElementById("live-texts").textContent);
    texts = block.texts || {};
    secondsForms = block.secondsLeft || secondsForms;
  } catch (e) { /* no block: English */ }
  function say(key, english) { return texts[key] || english; }
  // A plural from the catalogue's forms, chosen by the language's CLDR rule (never "1 seconds").
  function plural(forms, n) {
    var lang = document.documentElement.lang || "en";
    var cat = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang).select(n)
      : (n === 1 ? "one" : "other");
    return (forms[cat] || forms.other).replace("{n}", String(n));
  }
  live.say = say;
  live.secondsLeft = function (n) { return plural(secondsForms, n); };

  root.classList.add("js-live");

  /* ---- small helpers ---------------------------------------------------------------- */

  function h(tag, attrs, kids) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      var v = attrs[k];
      if (v === null || v === undefined || v === false) { return; }
      if (k === "text") { el.textContent = v; }
      else if (k === "className") { el.className = v; }
      else { el.setAttribute(k, v === true ? "" : String(v)); }
    });
    (kids || []).forEach(function (c) {
      if (c === null || c === undefined || c === false) { return; }
      el.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return el;
  }

  function fill(el, nodes) {
    while (el.firstChild) { el.removeChild(el.firstChild); }
    nodes.forEach(function (n) { if (n) { el.appendChild(n); } });
  }

  function announce(text, again) {
    if (again) { lastAnnounced = ""; }
    if (!text || text === lastAnnounced || !announcer) { return; }
    lastAnnounced = text;
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 60);
  }

  function setConn(text) {
    if (!conn) { return; }
    conn.textContent = text;
    conn.hidden = !text;
  }

  /* ---- countdowns ------------------------------------------------------------------- */

  function armCountdowns() {
    var now = Date.now();
    deadlines = [];
    Array.prototype.forEach.call(body.querySelectorAll("[data-deadline-in]"), function (el) {
      var secs = parseFloat(el.getAttribute("data-deadline-in"));
      if (!isNaN(secs)) { deadlines.push([el, now + secs * 1000]); }
    });
    tick();
  }

  function tick() {
    var now = Date.now();
    deadlines.forEach(function (d) {
      var left = Math.max(0, Math.ceil((d[1] - now) / 1000));
      var m = Math.floor(left / 60), s = left % 60;
      d[0].textContent = left === 0 ? say("timeUp", "Time is up") :
        (m ? say("timeLeft", "{t} left").replace("{t}", m + ":" + (s < 10 ? "0" : "") + s)
          : live.secondsLeft(left));
      d[0].classList.toggle("urgent", left <= 10);
      if (left === 0 && mode === "student") {
        Array.prototype.forEach.call(body.querySelectorAll("form.live-form button"),
          function (b) { b.disabled = true; });
      }
    });
  }

  /* ---- polling ---------------------------------------------------------------------- */

  function schedule(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(poll, ms);
  }

  function poll() {
    if (busy || stopped) { return; }
    busy = true;
    var began = Date.now();
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    // no-store: the browser passes our own conditional request and its 304 straight through.
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (r.status === 403 || r.status === 404) {
          return r.json().catch(function () { return {}; }).then(function (d) {
            throw { fatal: (d && d.message) ||
              say("gone", "This live page is no longer available.") };
          });
        }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        etag = r.headers.get("ETag") || "";
        return r.json();
      })
      .then(function (data) {
        failures = 0;
        if (!pending) { setConn(""); }   // keep the "updates are waiting" notice
        if (data) { apply(data); }
      })
      .catch(function (err) {
        if (err && err.fatal) {
          stopped = true;
          setConn(err.fatal + " " + say("reload", "Reload the page to continue."));
          return;
        }
        failures += 1;
        if (failures >= 2) {
          setConn(say("lost", "Connection lost: trying again. Nothing you already sent is lost."));
        }
      })
      .then(function () {
        busy = false;
        // A poll every POLL_MS from start to start (a slow answer does not stretch the cycle;
        // one poll in flight at a time); after failures, back off.
        if (!stopped) {
          schedule(failures ? Math.min(10000, POLL_MS * (failures + 1))
            : Math.max(0, POLL_MS - (Date.now() - began)));
        }
      });
  }

  function apply(data) {
    if (data.lang && data.lang !== document.documentElement.lang) {
      stopped = true;   // the projector's language changed: the whole page, not a part
      window.location.reload();
      return;
    }
    if (data.poll_ms) { POLL_MS = Math.max(500, data.poll_ms); }
    if (mode === "student") {
      if (live.onState) { live.onState(data, false); }
      return;
    }
    pending = data;
    swapPanel(false);
  }

  /* ---- the panel and the projector: server HTML, never over someone's typing ---------- */

  function editing() {
    var a = document.activeElement;
    if (a && body.contains(a) && /^(INPUT|TEXTAREA|SELECT)$/.test(a.tagName)) { return true; }
    var fields = body.querySelectorAll("textarea, input[type=number], input[type=text]");
    for (var i = 0; i < fields.length; i += 1) {
      if (fields[i].value !== fields[i].defaultValue) { return true; }
    }
    return false;
  }

  function swapPanel(force) {
    if (!pending) { return; }
    if (!force && editing()) {
      if (conn) {
        fill(conn, [say("waiting", "Updates are waiting.") + " ",
          h("button", { type: "button", className: "linklike", "data-live-show": "1",
                        text: say("showNow", "Show them now (unsaved typing here is discarded)") })]);
        conn.hidden = false;
      }
      return;
    }
    body.innerHTML = pending.html;   // rendered and escaped by the server
    announce(pending.announce);
    pending = null;
    setConn("");
    armCountdowns();
    if (live.afterSwap) { live.afterSwap(); }
  }

  if (conn) {
    conn.addEventListener("click", function (ev) {
      if (ev.target && ev.target.getAttribute("data-live-show")) { swapPanel(true); }
    });
  }
  body.addEventListener("focusout", function () {
    window.setTimeout(function () { swapPanel(false); }, 300);
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { schedule(0); }
  });
  window.addEventListener("online", function () { schedule(0); });
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) { schedule(0); } });

  live.h = h;
  live.fill = fill;
  live.announce = announce;
  live.armCountdowns = armCountdowns;
  live.pollNow = function () { schedule(0); };
  live.setEtag = function (value) { etag = value || etag; };

  armCountdowns();
  window.setInterval(tick, 250);
  schedule(POLL_MS);
}());
