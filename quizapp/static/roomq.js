/* Questions from the room, the student's page: keeps the list fresh and votes in place.
 *
 * Progressive enhancement: without this script the page works with its forms and a reload.
 * With it, the list is fetched every few seconds (an ETag makes an unchanged list a 304) and
 * re-drawn (not while the tab is hidden), and an upvote is sent without leaving the page.
 * Text from students is only ever set as textContent, never as HTML.
 */
(function () {
  "use strict";

  var list = document.getElementById("rq-list");
  if (!list || !window.fetch) { return; }
  var status = document.getElementById("rq-status");
  var feedUrl = list.getAttribute("data-feed-url");
  var voteUrl = list.getAttribute("data-vote-url");  // ends in /0/vote
  var csrf = list.getAttribute("data-csrf");
  var open = list.getAttribute("data-open") === "true";
  var POLL_MS = 8000;  // 2,000 phones: 250 polls a second, nearly all 304s
  var last = null;

  function label(name) { return list.getAttribute("data-label-" + name) || ""; }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function voteButton(q) {
    var form = el("form", "rq-vote");
    form.method = "post";
    form.action = voteUrl.replace(/\/0\/vote$/, "/" + q.id + "/vote");
    var token = el("input");
    token.type = "hidden"; token.name = "csrf_token"; token.value = csrf;
    var button = el("button", "button small" + (q.voted ? " rq-voted" : ""),
                    q.voted ? label("upvoted") : label("upvote"));
    button.type = "submit";
    button.setAttribute("aria-pressed", q.voted ? "true" : "false");
    button.disabled = q.voted;
    var hidden = el("span", "visually-hidden", ": " + q.body.slice(0, 60));
    button.appendChild(hidden);
    form.appendChild(token);
    form.appendChild(button);
    return form;
  }

  function item(q) {
    var li = el("li", "rq-item" + (q.pinned ? " rq-pinned" : "") + (q.answered ? " rq-answered" : ""));
    li.id = "rq-" + q.id;
    li.setAttribute("data-id", q.id);
    var votes = el("div", "rq-votes");
    votes.appendChild(el("span", "rq-count", q.votes_label));
    if (q.mine) { votes.appendChild(el("span", "rq-badge", label("yours"))); }
    else if (open) { votes.appendChild(voteButton(q)); }
    var text = el("div", "rq-text");
    var about = [q.reading || label("session")];
    if (q.pinned) { about.push(label("pinned")); }
    if (q.answered) { about.push(label("answered")); }
    if (q.hidden) { about.push(label("hidden")); }
    text.appendChild(el("p", "rq-about meta", about.join(" · ")));
    text.appendChild(el("p", "rq-body", q.body));
    text.appendChild(el("p", "meta", q.asked));
    li.appendChild(votes);
    li.appendChild(text);
    return li;
  }

  function render(data) {
    var key = JSON.stringify(data);
    if (key === last) { return; }
    var first = last === null;
    last = key;
    open = data.open;
    if (first) { return; }  // the server drew the same list; keep focus where it is
    var focused = document.activeElement && document.activeElement.closest &&
      document.activeElement.closest(".rq-item");
    var focusedId = focused ? focused.getAttribute("data-id") : null;
    while (list.firstChild) { list.removeChild(list.firstChild); }
    if (!data.questions.length) { list.appendChild(el("li", "rq-empty", label("empty"))); }
    data.questions.forEach(function (q) { list.appendChild(item(q)); });
    if (focusedId) {
      var again = document.querySelector('#rq-' + focusedId + ' button');
      if (again) { again.focus(); }
    }
    if (status) { status.textContent = label("new"); }
  }

  function poll() {
    if (document.hidden) {  // a tab in the background asks nothing; it catches up when shown
      window.setTimeout(poll, POLL_MS);
      return;
    }
    fetch(feedUrl, { headers: { "Accept": "application/json" }, cache: "no-cache",
                     credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { render(data); } })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("rq-vote")) { return; }
    event.preventDefault();
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin",
                         headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json().catch(function () { return {}; }); })
      .then(function (data) {
        if (status && data.message) { status.textContent = data.message; }
        last = "";  // force a redraw with the new count
        return fetch(feedUrl, { headers: { "Accept": "application/json" }, cache: "no-cache",
                                credentials: "same-origin" })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (fresh) { if (fresh) { render(fresh); } });
      })
      .catch(function () { form.submit(); });  // no answer: fall back to the plain form
  });

  window.setTimeout(poll, POLL_MS);
  poll();
})();
