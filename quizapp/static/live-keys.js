/* Presenter keys on the live panel and the projector (help: '?', templates/live/_keys_help.html).
 *
 * On the panel a key presses the panel's own button for that step (data-action), so it does
 * exactly what a click does, with the same version check. On the projector, when the page was
 * served to a logged-in instructor (data-control), a key posts the same control action and the
 * projector's poll shows the result. Keys are ignored while typing or with a modifier held.
 */
(function () {
  "use strict";

  var root = document.getElementById("live");
  var help = document.getElementById("live-keys-help");
  if (!root || !help) { return; }
  var status = document.getElementById("live-keys-status");
  var controlUrl = root.getAttribute("data-control") || "";
  var csrf = root.getAttribute("data-csrf") || "";
  var panel = !root.classList.contains("live-projector");
  var KEYS = { n: "next_question", c: "close_voting", s: "show_votes", d: "discuss",
               v: "revote", r: "reveal", l: "spotlight_next",
               ArrowRight: "primary", PageDown: "primary" };
  var PATHS = { next_question: "next", close_voting: "close", show_votes: "show",
                discuss: "discuss", revote: "revote", reveal: "reveal",
                spotlight_next: "spotlight-next" };

  function say(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function typing(ev) {
    var t = ev.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function fullScreen() {
    if (document.fullscreenElement) { document.exitFullscreen(); return; }
    if (document.documentElement.requestFullscreen) {
      document.documentElement.requestFullscreen().catch(function () { /* refused */ });
    }
  }

  function pressPanel(action) {
    var body = document.getElementById("live-body");
    var button = action === "primary" ? body.querySelector(".button-row .button.primary")
      : body.querySelector('[data-action="' + action + '"]');
    if (!button) { say(root.getAttribute("data-keys-nothing") || "Not possible now."); return; }
    button.click();
  }

  function postAction(action) {
    var head = document.querySelector("[data-primary]");
    var url = action === "primary" ? (head && head.getAttribute("data-primary"))
      : controlUrl + "/" + PATHS[action];
    if (!controlUrl || !url) { return; }
    var data = new FormData();
    data.append("csrf_token", csrf);
    fetch(url, { method: "POST", body: data, credentials: "same-origin",
                                     redirect: "manual" })
      .then(function (r) {
        if (r.type !== "opaqueredirect" && !r.ok) {
          say(root.getAttribute("data-keys-nothing") || "Not possible now.");
        }
        if (window.quizappLive) { window.quizappLive.pollNow(); }
      });
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || typing(ev)) { return; }
    if (ev.key === "?") {
      ev.preventDefault();
      if (help.open) { help.close(); } else { help.showModal(); }
      return;
    }
    if (help.open) { return; }
    var key = ev.key.length === 1 ? ev.key.toLowerCase() : ev.key;
    if (key === "f") { ev.preventDefault(); fullScreen(); return; }
    var action = KEYS[key];
    if (!action || (!panel && !controlUrl)) { return; }
    if (panel && (key === "ArrowRight" || key === "PageDown") &&
        document.activeElement && document.activeElement !== document.body) {
      return;   // arrows keep their meaning inside the page's widgets
    }
    ev.preventDefault();
    if (panel) { pressPanel(action); } else { postAction(action); }
  });
}());
