/* Live mode: follow the instructor without reloading.
 *
 * Polls the page's state URL every 1.5 s with If-None-Match; an unchanged state costs the
 * server one small query and a 304. Students' screens are rendered from the JSON state (the
 * server renders the same state for the first paint and without JavaScript); the instructor's
 * panel and the projector receive their changed region as HTML rendered by the server.
 * Nothing lives only here: a reload shows the same place, because all state is on the server.
 */
(function () {
  "use strict";

  var root = document.getElementById("live");
  if (!root || !window.fetch || !window.FormData) { return; }

  var POLL_MS = 1500;
  var mode = root.getAttribute("data-live");            // "student" | "panel"
  var stateUrl = root.getAttribute("data-state-url");
  var answerUrl = root.getAttribute("data-answer-url");
  var code = root.getAttribute("data-code") || "";
  var csrf = root.getAttribute("data-csrf") || "";
  var etag = root.getAttribute("data-etag") || "";
  var body = document.getElementById("live-body");
  var announcer = document.getElementById("live-announce");
  var conn = document.getElementById("live-conn");
  var timer = null, busy = false, failures = 0, stopped = false;
  var deadlines = [];
  var lastAnnounced = "";
  var pending = null;      // panel: HTML waiting until the instructor stops typing
  var slotKeys = {};       // student: what each slot shows now, to skip needless re-renders

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

  function announce(text) {
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
      d[0].textContent = left === 0 ? "Time is up" :
        (m ? m + ":" + (s < 10 ? "0" : "") + s + " left" : left + " seconds left");
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
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    // no-store: the browser passes our own conditional request and its 304 straight through.
    fetch(stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (r) {
        if (r.status === 304) { return null; }
        if (r.status === 403 || r.status === 404) {
          return r.json().catch(function () { return {}; }).then(function (d) {
            throw { fatal: (d && d.message) || "This live page is no longer available." };
          });
        }
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        etag = r.headers.get("ETag") || "";
        return r.json();
      })
      .then(function (data) {
        failures = 0;
        setConn("");
        if (data) { apply(data); }
      })
      .catch(function (err) {
        if (err && err.fatal) {
          stopped = true;
          setConn(err.fatal + " Reload the page to continue.");
          return;
        }
        failures += 1;
        if (failures >= 2) {
          setConn("Connection lost: trying again. Nothing you already sent is lost.");
        }
      })
      .then(function () {
        busy = false;
        if (!stopped) { schedule(failures ? Math.min(10000, POLL_MS * (failures + 1)) : POLL_MS); }
      });
  }

  function apply(data) {
    if (mode === "student") { renderStudent(data, false); return; }
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
        fill(conn, ["Updates are waiting. ",
          h("button", { type: "button", className: "linklike", "data-live-show": "1",
                        text: "Show them now (unsaved typing here is discarded)" })]);
        conn.hidden = false;
      }
      return;
    }
    body.innerHTML = pending.html;   // rendered and escaped by the server
    announce(pending.announce);
    pending = null;
    setConn("");
    armCountdowns();
  }

  if (conn) {
    conn.addEventListener("click", function (ev) {
      if (ev.target && ev.target.getAttribute("data-live-show")) { swapPanel(true); }
    });
  }
  body.addEventListener("focusout", function () {
    window.setTimeout(function () { swapPanel(false); }, 300);
  });

  /* ---- the student's screen ----------------------------------------------------------- */

  function slot(name) {
    var el = body.querySelector('[data-slot="' + name + '"]');
    if (!el) {
      el = h("div", { "data-slot": name });
      body.appendChild(el);
    }
    return el;
  }

  function draftKey(qid, round) { return "quizapp-live:" + code + ":" + qid + ":" + round; }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function choiceLabels(q, ids) {
    return ids.map(function (id) {
      var c = q.choices.filter(function (x) { return x.id === id; })[0];
      return c ? c.id + ") " + c.text : id;
    }).join("; ");
  }

  function canAnswer(s) {
    return s.session_open && s.phase === "open" && s.question &&
      (!s.answered || s.question.kind === "discussion");
  }

  function studentAnnouncement(s) {
    var q = s.question;
    if (!q) { return "Waiting for the next question."; }
    if (s.phase === "open") {
      return (s.round === 2 ? "Second round: " : "New question: ") + q.prompt;
    }
    if (s.phase === "closed") { return "Voting is closed."; }
    if (s.phase === "revealed") {
      if (s.mine && s.mine.correct === true) { return "The results are in: you were right."; }
      if (s.mine && s.mine.correct === false) { return "The results are in: not quite."; }
      return "The results are in.";
    }
    return "";
  }

  function questionNodes(s) {
    var q = s.question;
    if (!q) {
      return [h("section", { className: "live-card live-waiting", id: "live-question" }, [
        h("p", { className: "live-big", text: "Waiting for the next question…" }),
        h("p", { className: "meta",
                 text: "Keep this page open: the question appears here by itself." })])];
    }
    var kicker = (q.kind === "discussion" ? "Discussion" : "Question") +
      (s.round === 2 ? (q.kind === "mc" ? " · second vote" : " · after the discussion") : "");
    return [h("section", { className: "live-card", id: "live-question", "data-qid": q.id }, [
      h("p", { className: "kicker", text: kicker }),
      h("h1", { className: "live-prompt", text: q.prompt }),
      s.deadline_in !== null ? h("p", { className: "countdown", "data-deadline-in": s.deadline_in,
                                        text: Math.round(s.deadline_in) + " seconds left" })
        : null])];
  }

  function statusNodes(s) {
    var q = s.question, nodes = [];
    if (!q) { return nodes; }
    if (s.phase === "open" && !s.answered) {
      nodes.push(h("p", { className: "live-phase", text: s.round === 2 ?
        (q.kind === "mc" ? "Vote again: you may keep or change your answer." :
          "Where do you stand now, after the discussion?") : "Voting is open." }));
    } else if (s.answered && s.phase !== "revealed") {
      nodes.push(h("p", { className: "live-phase received" },
        [h("span", { "aria-hidden": "true", text: "✓" }), " Answer received."]));
    } else if (s.phase === "closed") {
      nodes.push(h("p", { className: "live-phase", text: "Voting is closed" +
        (s.answered ? "." : ": you did not answer this one.") }));
    }
    if (s.first && q.kind === "mc") {
      nodes.push(h("p", { className: "meta",
                          text: "Your first vote: " + choiceLabels(q, s.first.choices) }));
    }
    if (s.mine && s.phase !== "revealed") {
      var kids = [h("p", { className: "tag", text: "Your answer" })];
      if (q.kind === "mc") {
        kids.push(h("p", { text: choiceLabels(q, s.mine.choices) }));
      } else {
        if (s.mine.stance && q.stance) {
          kids.push(h("p", { className: "meta", text: "Your stance: " + s.mine.stance + " of " +
            q.stance.points + " (" + q.stance.left + " … " + q.stance.right + ")" }));
        }
        kids.push(h("p", { className: "answer-text", text: s.mine.text }));
      }
      nodes.push(h("div", { className: "mine" }, kids));
    }
    return [h("section", { id: "live-status", className: "live-status" }, nodes)];
  }

  function formKey(s) {
    return canAnswer(s) ? s.question.id + ":" + s.round + ":" + (s.answered ? "revise" : "new")
      : null;
  }

  function buildForm(s) {
    var q = s.question, mine = s.mine, store = storage();
    var f = h("form", { method: "post", action: answerUrl, className: "live-form panel",
                        "data-key": formKey(s), novalidate: true }, [
      h("input", { type: "hidden", name: "csrf_token", value: csrf }),
      h("input", { type: "hidden", name: "question_id", value: q.id }),
      h("input", { type: "hidden", name: "round", value: s.round }),
      h("p", { className: "field-error", role: "alert", "data-error": "1", hidden: true })]);
    if (q.kind === "mc") {
      var fs = h("fieldset", { className: "choices" }, [h("legend", {
        text: q.multiple ? "Choose all answers that apply" : "Choose one answer" })]);
      q.choices.forEach(function (c) {
        fs.appendChild(h("div", { className: "choice" }, [
          h("input", { type: q.multiple ? "checkbox" : "radio", name: "choice",
                       id: "choice-" + c.id, value: c.id }),
          h("label", { "for": "choice-" + c.id }, [h("strong", { text: c.id + ")" }),
                                                   " " + c.text])]));
      });
      f.appendChild(fs);
      f.appendChild(h("button", { type: "submit", className: "button primary",
        text: s.round === 2 ? "Send my second vote" : "Send my answer" }));
      return f;
    }
    if (q.stance) {
      var sf = h("fieldset", { className: "choices stance" }, [h("legend", {
        text: "Where do you stand? 1 = " + q.stance.left + ", " + q.stance.points + " = " +
          q.stance.right + (s.round === 2 ? " (after the discussion)" : "") })]);
      for (var p = 1; p <= q.stance.points; p += 1) {
        var label = String(p) + (p === 1 ? ": " + q.stance.left :
          p === q.stance.points ? ": " + q.stance.right : "");
        sf.appendChild(h("div", { className: "choice" }, [
          h("input", { type: "radio", name: "stance", id: "stance-" + p, value: p,
                       checked: !!(mine && mine.stance === p) }),
          h("label", { "for": "stance-" + p, text: label })]));
      }
      f.appendChild(sf);
    }
    var saved = mine ? mine.text : (s.first ? s.first.text : "");
    var ta = h("textarea", { id: "live-answer", name: "answer", rows: 6, maxlength: 5000 });
    ta.defaultValue = saved;   // what the server has: anything else is the student's typing
    var stored = store ? store.getItem(draftKey(q.id, s.round)) : null;
    if (stored && stored !== saved) { ta.value = stored; }
    f.appendChild(h("div", { className: "field" }, [
      h("label", { className: "label", "for": "live-answer",
                   text: s.answered ? "Revise your answer" : "Your answer" }), ta]));
    f.appendChild(h("button", { type: "submit", className: "button primary",
      text: s.answered ? "Save my revised answer" : "Send my answer" }));
    return f;
  }

  function unsentText(form) {
    var ta = form && form.querySelector("textarea[name=answer]");
    return ta && ta.value.trim() && ta.value !== ta.defaultValue ? ta.value : "";
  }

  function renderForm(s, force) {
    var el = slot("form");
    var key = formKey(s);
    var old = el.querySelector("form.live-form");
    if (key && old && !force && old.getAttribute("data-key") === key) {
      var token = old.querySelector("input[name=csrf_token]");
      if (token && csrf) { token.value = csrf; }
      return;   // the same form: leave it, and whatever is typed or focused in it, alone
    }
    if (key) {
      fill(el, [buildForm(s)]);
      return;
    }
    var text = unsentText(old);
    if (text) {
      // Voting closed while the student was typing: keep the words on screen.
      var copy = h("textarea", { readonly: true, rows: 4,
                                 "aria-label": "Your text that was not sent" });
      copy.value = text;
      fill(el, [h("div", { className: "unsent panel", "data-qid": s.question ? s.question.id : "" },
        [h("p", { text: "This text was not sent: voting closed before it arrived. Copy it if " +
                        "you want to keep it." }), copy])]);
      return;
    }
    var kept = el.querySelector(".unsent");
    if (!(kept && s.question && kept.getAttribute("data-qid") === String(s.question.id))) {
      fill(el, []);
    }
  }

  function resultNodes(s) {
    var r = s.result, q = s.question, mine = s.mine;
    if (!r || !q) { return []; }
    var kids = [];
    if (r.kind === "mc") {
      kids.push(mine ? h("p", { className: "verdict " + (mine.correct ? "right" : "wrong") }, [
        h("span", { "aria-hidden": "true", text: mine.correct ? "✓" : "✗" }),
        mine.correct ? " Right" : " Not quite"])
        : h("p", { className: "verdict", text: "You did not vote in this round." }));
      var d = r.distribution, list = h("ul", { className: "answered live-dist" });
      d.choices.forEach(function (c) {
        var picked = !!(mine && mine.choices.indexOf(c.id) >= 0);
        var tag = (picked ? "Your answer" : "") + (picked && c.correct ? " · " : "") +
          (c.correct ? "Correct answer" : "");
        list.appendChild(h("li", { className: (picked ? "picked " : "") + (c.correct ? "is-correct" : "") }, [
          h("span", { className: "tag", text: tag }),
          h("p", {}, [h("strong", { text: c.id + ")" }), " " + c.text]),
          h("p", { className: "meta" }, [
            h("meter", { min: 0, max: d.total || 1, value: c.count, text: String(c.count) }),
            " " + c.count + " of " + d.total]),
          picked || c.correct ? h("p", { className: "feedback", text: c.feedback }) : null]));
      });
      kids.push(list);
      if (r.before && r.shift) {
        kids.push(h("p", { className: "shift", text: "First vote: " + r.before.right + " of " +
          r.before.total + " right; second vote: " + d.right + " of " + d.total + " right. " +
          r.shift.wrong_to_right + " changed from wrong to right, " + r.shift.right_to_wrong +
          " from right to wrong." }));
      }
      kids.push(h("div", { className: "explanation" }, [h("h2", { text: "Why" }),
                                                         h("p", { text: r.explanation })]));
    } else if (r.stance) {
      var after = r.stance.after;
      var head = h("tr", {}, [h("th", { scope: "col", text: "Point" }),
                              h("th", { scope: "col", text: "Before" }),
                              after ? h("th", { scope: "col", text: "After" }) : null]);
      var rows = r.stance.labels.map(function (label, i) {
        return h("tr", {}, [h("td", { text: label }), h("td", { text: String(r.stance.before[i]) }),
                            after ? h("td", { text: String(after[i]) }) : null]);
      });
      kids.push(h("h2", { text: "Where the room stands" }));
      kids.push(h("table", { className: "table compact" }, [h("thead", {}, [head]),
                                                             h("tbody", {}, rows)]));
    } else {
      kids.push(h("p", { className: "live-phase", text: "The discussion is closed." }));
    }
    return [h("section", { className: "live-card", id: "live-result" }, kids)];
  }

  function spotlightNodes(s) {
    if (!s.question || !s.spotlight || !s.spotlight.length) { return []; }
    var q = s.question;
    return [h("section", { className: "live-card", id: "live-spotlight" }, [
      h("h2", { text: "On the screen" }),
      h("ul", { className: "spotlight" }, s.spotlight.map(function (x) {
        return h("li", {}, [h("p", { className: "answer-text", text: x.text }),
          x.stance && q.stance ? h("p", { className: "meta", text: "Stance " + x.stance + " of " +
                                          q.stance.points }) : null]);
      }))])];
  }

  function renderSlot(name, key, build) {
    if (slotKeys[name] === key) { return; }
    slotKeys[name] = key;
    fill(slot(name), build());
  }

  function renderStudent(s, forceForm) {
    if (s.csrf) { csrf = s.csrf; }
    var q = s.question;
    var qkey = JSON.stringify([q && q.id, s.round, s.phase, s.deadline_in !== null]);
    renderSlot("session", String(s.session_open), function () {
      return s.session_open ? [] : [h("p", { className: "flash flash-info", role: "status",
        text: "This session is closed: it takes no more answers." })];
    });
    renderSlot("question", qkey, function () { return questionNodes(s); });
    renderSlot("status", JSON.stringify([qkey, s.answered, s.mine, s.first]),
               function () { return statusNodes(s); });
    renderForm(s, forceForm);
    renderSlot("result", JSON.stringify([qkey, s.result, s.mine]),
               function () { return resultNodes(s); });
    renderSlot("spotlight", JSON.stringify([q && q.id, s.spotlight]),
               function () { return spotlightNodes(s); });
    announce(studentAnnouncement(s));
    armCountdowns();
  }

  function formError(form, text) {
    var el = form.querySelector("[data-error]");
    if (!el) {
      el = h("p", { className: "field-error", role: "alert", "data-error": "1" });
      form.insertBefore(el, form.firstChild);
    }
    el.textContent = text;
    el.hidden = !text;
  }

  if (mode === "student") {
    body.addEventListener("input", function (ev) {
      var t = ev.target, form = t.form, store = storage();
      if (!store || !form || t.name !== "answer") { return; }
      try {
        store.setItem(draftKey(form.elements.question_id.value, form.elements.round.value), t.value);
      } catch (e) { /* storage full or off: the text is still on screen */ }
    });

    body.addEventListener("submit", function (ev) {
      var form = ev.target;
      if (!form.classList || !form.classList.contains("live-form")) { return; }
      ev.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      formError(form, "");
      var qid = form.elements.question_id.value, round = form.elements.round.value;
      fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                           headers: { "Accept": "application/json" } })
        .then(function (r) {
          return r.json().catch(function () {
            return { ok: false, message: "The server could not take the answer (" + r.status +
                     "). Try again in a moment." };
          });
        })
        .then(function (d) {
          if (d.ok) {
            var store = storage();
            if (store) { store.removeItem(draftKey(qid, round)); }
            if (d.etag) { etag = d.etag; }
            renderStudent(d.state, true);
            lastAnnounced = "";
            announce(d.message);
            return;
          }
          formError(form, d.message || "Your answer was not recorded. Try again.");
          if (button) { button.disabled = false; }
          schedule(0);   // the state may have moved on: show it
        })
        .catch(function () {
          formError(form, "Could not send your answer: check your connection and try again. " +
                          "What you wrote is kept.");
          if (button) { button.disabled = false; }
        });
    });

    // A reload keeps the place (server state); an unsent draft comes back from this tab's storage.
    var first = body.querySelector("form.live-form textarea[name=answer]");
    if (first && first.value === first.defaultValue && storage()) {
      var f0 = first.form;
      var saved = storage().getItem(draftKey(f0.elements.question_id.value, f0.elements.round.value));
      if (saved) { first.value = saved; }
    }
  }

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { schedule(0); }
  });
  window.addEventListener("online", function () { schedule(0); });
  window.addEventListener("pageshow", function (ev) { if (ev.persisted) { schedule(0); } });

  armCountdowns();
  window.setInterval(tick, 250);
  schedule(POLL_MS);
}());
