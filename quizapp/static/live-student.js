/* Live mode, the student's screen: rendered from the JSON state that live.js polls.
 *
 * The page is split into slots (session, question, status, form, result, spotlight); each is
 * re-rendered only when what it shows changed, and the answer form is never replaced while it
 * is the same question and round, so nothing a student is typing is wiped. Drafts also go to
 * this tab's sessionStorage, so a reload brings them back.
 */
(function () {
  "use strict";

  var live = window.quizappLive;
  if (!live || live.mode !== "student") { return; }

  var h = live.h, fill = live.fill, body = live.body, root = live.root;
  var code = root.getAttribute("data-code") || "";
  var answerUrl = root.getAttribute("data-answer-url");
  var csrf = root.getAttribute("data-csrf") || "";
  var slotKeys = {};       // what each slot shows now, to skip needless re-renders
  // Words the server translated (data-t-* on the root); English when missing.
  var WORDS = {
    discuss: "Discuss with your neighbour",
    discussMc: "Convince them of your answer: you will vote again.",
    discussStance: "Tell them where you stand and why: you will place yourself again.",
    shown: "The votes are on the screen; the answer comes later.",
    where: "Where do you stand?",
    afterDiscussion: "(after the discussion)"
  };
  // The rest come from the page's JSON block (templates/live/_texts.html, live.say), with
  // "{name}" slots filled here; the English below only if the block is missing.
  function t(key, vars) {
    var attr = "data-t-" + key.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
    var text = root.getAttribute(attr) || live.say(key, WORDS[key] || key);
    Object.keys(vars || {}).forEach(function (k) { text = text.split("{" + k + "}").join(vars[k]); });
    return text;
  }

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
    if (!q) { return t("waitingNext"); }
    if (s.phase === "open") {
      return t(s.round === 2 ? "secondRound" : "newQuestion", { prompt: q.prompt });
    }
    if (s.phase === "closed") { return t("votingClosed"); }
    if (s.phase === "discuss") { return t("discuss") + ". " + t(q.kind === "mc" ? "discussMc" : "discussStance"); }
    if (s.phase === "shown") { return t("shown"); }
    if (s.phase === "revealed") {
      if (s.mine && s.mine.correct === true) { return t("resultsRight"); }
      if (s.mine && s.mine.correct === false) { return t("resultsWrong"); }
      return t("resultsIn");
    }
    return "";
  }

  function questionNodes(s) {
    var q = s.question;
    if (!q) {
      return [h("section", { className: "live-card live-waiting", id: "live-question" }, [
        h("h1", { className: "live-big", text: t("waitingBig") }),
        h("p", { className: "meta", text: t("keepOpen") })])];
    }
    var kicker = t(q.kind === "discussion" ? "discussion" : "question") +
      (s.round === 2 ? " · " + t(q.kind === "mc" ? "secondVote" : "afterTheDiscussion") : "");
    return [h("section", { className: "live-card", id: "live-question", "data-qid": q.id }, [
      h("p", { className: "kicker", text: kicker }),
      h("h1", { className: "live-prompt", text: q.prompt }),
      s.deadline_in !== null ? h("p", { className: "countdown", "data-deadline-in": s.deadline_in,
                                        text: live.secondsLeft(Math.round(s.deadline_in)) })
        : null])];
  }

  function statusNodes(s) {
    var q = s.question, nodes = [];
    if (!q) { return nodes; }
    if (s.phase === "open" && !s.answered) {
      nodes.push(h("p", { className: "live-phase", text: s.round === 2 ?
        t(q.kind === "mc" ? "voteAgain" : "whereNow") : t("votingOpen") }));
    } else if (s.answered && s.phase !== "revealed") {
      nodes.push(h("p", { className: "live-phase received" },
        [h("span", { "aria-hidden": "true", text: "✓" }), " " + t("received")]));
    } else if (s.phase === "closed") {
      nodes.push(h("p", { className: "live-phase",
                          text: t(s.answered ? "votingClosed" : "closedUnanswered") }));
    }
    if (s.phase === "discuss") {
      nodes.push(h("p", { className: "live-phase live-discuss" }, [
        h("strong", { text: t("discuss") }),
        " " + t(q.kind === "mc" ? "discussMc" : "discussStance")]));
    } else if (s.phase === "shown") {
      nodes.push(h("p", { className: "live-phase", text: t("shown") }));
    }
    if (s.first && q.kind === "mc") {
      nodes.push(h("p", { className: "meta",
                          text: t("firstVote") + " " + choiceLabels(q, s.first.choices) }));
    }
    if (s.mine && s.phase !== "revealed") {
      var kids = [h("p", { className: "tag", text: t("yourAnswer") })];
      if (q.kind === "mc") {
        kids.push(h("p", { text: choiceLabels(q, s.mine.choices) }));
      } else {
        if (s.mine.stance && q.stance) {
          kids.push(h("p", { className: "meta", text: t("yourStance", {
            n: s.mine.stance, points: q.stance.points }) + " (" + q.stance.left + " … " +
            q.stance.right + ")" }));
        }
        kids.push(h("p", { className: "answer-text", text: s.mine.text }));
      }
      nodes.push(h("div", { className: "mine" }, kids));
    }
    return [h("div", { id: "live-status", className: "live-status" }, nodes)];
  }

  function formKey(s) {
    // The revision too: an edit mid-round rebuilds the form in the new words it will send.
    return canAnswer(s) ? s.question.id + ":" + s.question.revision + ":" + s.round + ":" +
      (s.answered ? "revise" : "new") : null;
  }

  function buildForm(s) {
    var q = s.question, mine = s.mine, store = storage();
    var f = h("form", { method: "post", action: answerUrl, className: "live-form panel",
                        "data-key": formKey(s), novalidate: true }, [
      h("input", { type: "hidden", name: "csrf_token", value: csrf }),
      h("input", { type: "hidden", name: "question_id", value: q.id }),
      h("input", { type: "hidden", name: "round", value: s.round }),
      h("input", { type: "hidden", name: "revision", value: q.revision || "" }),
      h("p", { className: "field-error", role: "alert", "data-error": "1", hidden: true })]);
    if (q.kind === "mc") {
      var fs = h("fieldset", { className: "choices" }, [h("legend", {
        text: t(q.multiple ? "chooseAll" : "chooseOne") })]);
      q.choices.forEach(function (c) {
        fs.appendChild(h("div", { className: "choice" }, [
          h("input", { type: q.multiple ? "checkbox" : "radio", name: "choice",
                       id: "choice-" + c.id, value: c.id }),
          h("label", { "for": "choice-" + c.id }, [h("strong", { text: c.id + ")" }),
                                                   " " + c.text])]));
      });
      f.appendChild(fs);
      f.appendChild(h("button", { type: "submit", className: "button primary",
        text: t(s.round === 2 ? "sendSecond" : "sendAnswer") }));
      return f;
    }
    if (q.stance) {
      var sf = h("fieldset", { className: "choices stance" }, [h("legend", {
        text: t("where") + (s.round === 2 ? " " + t("afterDiscussion") : "") })]);
      for (var p = 1; p <= q.stance.points; p += 1) {
        var label = q.stance.labels[p - 1];
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
                   text: t(s.answered ? "revise" : "yourAnswer") }), ta]));
    f.appendChild(h("button", { type: "submit", className: "button primary",
      text: t(s.answered ? "saveRevised" : "sendAnswer") }));
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
      // Reopened after its countdown ran out: usable again (the countdown re-disables it).
      Array.prototype.forEach.call(old.querySelectorAll("button"), function (b) {
        b.disabled = false;
      });
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
                                 "aria-label": t("notSentLabel") });
      copy.value = text;
      fill(el, [h("div", { className: "unsent panel", "data-qid": s.question ? s.question.id : "" },
        [h("p", { text: t("notSent") }), copy])]);
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
        " " + t(mine.correct ? "right" : "notQuite")])
        : h("p", { className: "verdict", text: t("didNotVote") }));
      var d = r.distribution, list = h("ul", { className: "answered live-dist" });
      d.choices.forEach(function (c) {
        var picked = !!(mine && mine.choices.indexOf(c.id) >= 0);
        var tag = (picked ? t("yourAnswer") : "") + (picked && c.correct ? " · " : "") +
          (c.correct ? t("correctAnswer") : "");
        list.appendChild(h("li", { className: (picked ? "picked " : "") + (c.correct ? "is-correct" : "") }, [
          h("span", { className: "tag", text: tag }),
          h("p", {}, [h("strong", { text: c.id + ")" }), " " + c.text]),
          h("p", { className: "meta" }, [
            h("meter", { min: 0, max: d.total || 1, value: c.count, text: String(c.count) }),
            " " + t("countOf", { n: c.count, total: d.total,
                                 pct: d.total ? Math.round(100 * c.count / d.total) : 0 })]),
          picked || c.correct ? h("p", { className: "feedback", text: c.feedback }) : null]));
      });
      kids.push(list);
      if (r.before && r.shift) {
        kids.push(h("p", { className: "shift", text: t("shift", {
          r1: r.before.right, t1: r.before.total, r2: d.right, t2: d.total,
          up: r.shift.wrong_to_right, down: r.shift.right_to_wrong }) }));
      }
      kids.push(h("div", { className: "explanation" }, [h("h2", { text: t("why") }),
                                                         h("p", { text: r.explanation })]));
    } else if (r.stance) {
      var after = r.stance.after;
      var head = h("tr", {}, [h("th", { scope: "col", text: t("point") }),
                              h("th", { scope: "col", text: t("before") }),
                              after ? h("th", { scope: "col", text: t("after") }) : null]);
      var rows = r.stance.labels.map(function (label, i) {
        return h("tr", {}, [h("td", { text: label }), h("td", { text: String(r.stance.before[i]) }),
                            after ? h("td", { text: String(after[i]) }) : null]);
      });
      kids.push(h("h2", { text: t("roomStands") }));
      kids.push(h("table", { className: "table compact", tabindex: 0 }, [h("thead", {}, [head]),
                                                             h("tbody", {}, rows)]));
    } else {
      kids.push(h("p", { className: "live-phase", text: t("discussionClosed") }));
    }
    return [h("div", { className: "live-card", id: "live-result" }, kids)];
  }

  function spotlightNodes(s) {
    if (!s.question || !s.spotlight || !s.spotlight.length) { return []; }
    var q = s.question;
    return [h("section", { className: "live-card", id: "live-spotlight" }, [
      h("h2", { text: t("onScreen") }),
      h("ul", { className: "spotlight" }, s.spotlight.map(function (x) {
        return h("li", {}, [h("p", { className: "answer-text", text: x.text }),
          x.stance && q.stance ? h("p", { className: "meta", text: t("stanceOf", {
            n: x.stance, points: q.stance.points }) }) : null]);
      }))])];
  }

  function renderSlot(name, key, build) {
    if (slotKeys[name] === key) { return; }
    slotKeys[name] = key;
    fill(slot(name), build());
  }

  /* Brought here by live-follow.js from another page: back there when the round ends, unless
     something unsent is on screen. A student who leaves during a round is not pulled back
     into that same round. */
  var lastState = null, goingBack = false;
  var KEY_LEFT = "quizapp-live-left:" + code, KEY_FROM = "quizapp-live-from:" + code;

  function maybeGoBack(s) {
    var store = storage();
    if (s.question || !store || goingBack) { return; }
    var from = store.getItem(KEY_FROM);
    if (!from || slot("form").querySelector(".unsent")) { return; }
    goingBack = true;
    store.removeItem(KEY_FROM);
    store.setItem("quizapp-live-back:" + code, "1");
    window.location.assign(from);
  }

  var firstQid = root.getAttribute("data-qid");
  if (firstQid) {   // the state the server rendered, until the first poll brings news
    lastState = { question: { id: parseInt(firstQid, 10) },
                  round: parseInt(root.getAttribute("data-round"), 10) || 1 };
  }

  window.addEventListener("pagehide", function () {
    var store = storage();
    if (!store || goingBack) { return; }
    store.removeItem(KEY_FROM);   // left by choice: nowhere to bring them back to
    if (lastState && lastState.question) {
      store.setItem(KEY_LEFT, lastState.question.id + ":" + lastState.round);
    }
  });
  if (window.history && window.history.replaceState && /[?&]moved=1/.test(window.location.search)) {
    window.history.replaceState(null, "", window.location.pathname);   // a reload: no notice
  }

  function renderStudent(s, forceForm) {
    lastState = s;
    if (s.csrf) { csrf = s.csrf; }
    var q = s.question;
    var qkey = JSON.stringify([q && q.id, s.round, s.phase, s.deadline_in !== null]);
    renderSlot("session", String(s.session_open), function () {
      return s.session_open ? [] : [h("p", { className: "flash flash-info", role: "status",
        text: t("sessionClosed") })];
    });
    renderSlot("question", qkey, function () { return questionNodes(s); });
    var countdown = slot("question").querySelector("[data-deadline-in]");
    if (countdown && s.deadline_in !== null) {   // a new countdown on the same question
      countdown.setAttribute("data-deadline-in", s.deadline_in);
    }
    renderSlot("status", JSON.stringify([qkey, s.answered, s.mine, s.first]),
               function () { return statusNodes(s); });
    renderForm(s, forceForm);
    renderSlot("result", JSON.stringify([qkey, s.result, s.mine]),
               function () { return resultNodes(s); });
    renderSlot("spotlight", JSON.stringify([q && q.id, s.spotlight]),
               function () { return spotlightNodes(s); });
    live.announce(studentAnnouncement(s));
    live.armCountdowns();
    var moved = root.querySelector("[data-moved]");
    if (moved && !s.question) { moved.hidden = true; }
    maybeGoBack(s);
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

  function listen() {
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
            return { ok: false, message: t("serverRefused", { status: r.status }) };
          });
        })
        .then(function (d) {
          if (d.ok) {
            var store = storage();
            if (store) { store.removeItem(draftKey(qid, round)); }
            live.setEtag(d.etag);
            renderStudent(d.state, true);
            live.announce(d.message, true);
            return;
          }
          formError(form, d.message || t("notRecorded"));
          if (button) { button.disabled = false; }
          live.pollNow();   // the state may have moved on: show it
        })
        .catch(function () {
          formError(form, t("noConnection"));
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

  live.onState = renderStudent;
  listen();
}());
