/* Questions from the room, the instructor's page: new questions and vote counts without a
 * reload.
 *
 * Progressive enhancement: without this script the page works with its forms (hide, answered,
 * pin, put on the screen, notes) and the Refresh link. With it, the feed is polled every few
 * seconds (an ETag makes an unchanged list a 304; not while the tab is hidden):
 * - counts and flags of the questions on the page are updated in place, and each moderation
 *   form's action and label follow its question's state;
 * - new questions arrive drawn by the server (the same forms as the others) and are inserted;
 * - the list is put in the chosen order (votes or time) without moving the item that has the
 *   focus, and not while the pointer is over the list (a button does not jump away under it);
 * - a note being written is never touched (nodes are moved, never redrawn);
 * - the status line (aria-live polite) speaks only when new questions arrive.
 */
(function () {
  "use strict";

  var list = document.getElementById("rq-list");
  if (!list || !window.fetch || !window.URL) { return; }
  var status = document.getElementById("rq-status");
  var total = document.getElementById("rq-total");
  var empty = document.getElementById("rq-empty");
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;
  var POLL_MS = 5000;  // a handful of instructors per session: cheap, and nearly all 304s
  var pendingOrder = null;
  var last = null;  // the last body handled: a 304 comes back to the script as the same 200
  // What each flag's form sends when the flag is off / on.
  var ACTIONS = { hidden: ["hide", "show"], answered: ["answered", "unanswered"],
                  pinned: ["pin", "unpin"] };

  function byId(id) { return document.getElementById("rq-" + id); }

  function toggle(node, cls, on) {
    if (on) { node.classList.add(cls); } else { node.classList.remove(cls); }
  }

  function update(li, q) {
    var count = li.querySelector(".rq-count");
    if (count && count.textContent !== q.votes_label) { count.textContent = q.votes_label; }
    toggle(li, "rq-pinned", q.pinned);
    toggle(li, "rq-answered", q.answered);
    toggle(li, "rq-hidden", q.hidden);
    Array.prototype.forEach.call(li.querySelectorAll(".rq-flag"), function (flag) {
      flag.hidden = !q[flag.getAttribute("data-flag")];
    });
    Array.prototype.forEach.call(li.querySelectorAll("form.rq-moderate"), function (form) {
      var pair = ACTIONS[form.getAttribute("data-flag")];
      if (!pair) { return; }
      var action = pair[q[form.getAttribute("data-flag")] ? 1 : 0];
      var input = form.querySelector("input[name=action]");
      var label = form.querySelector(".rq-action-label");
      if (input && input.value !== action) {
        input.value = action;
        if (label) { label.textContent = list.getAttribute("data-label-" + action) || action; }
      }
    });
    var project = li.querySelector("form.rq-project");
    if (project) { project.hidden = q.hidden; }
  }

  function insertNew(html) {
    if (!html) { return; }
    var holder = document.createElement("template");
    holder.innerHTML = html;  // the server's own markup, escaped there
    Array.prototype.forEach.call(holder.content.querySelectorAll("li.rq-item"), function (li) {
      if (!byId(li.getAttribute("data-id"))) { list.appendChild(li); }
    });
  }

  // Put the items in `ids` order. The item holding the focus never moves (moving a node
  // blurs it); the others are placed before or after it.
  function reorder(ids) {
    var items = ids.map(byId).filter(function (li) { return li && li.parentNode === list; });
    var current = Array.prototype.slice.call(list.children);
    if (items.length === current.length &&
        items.every(function (li, i) { return current[i] === li; })) { return; }
    var active = document.activeElement;
    var fixed = active && list.contains(active) ? active.closest(".rq-item") : null;
    var at = fixed ? items.indexOf(fixed) : -1;
    if (at < 0) {
      items.forEach(function (li) { list.appendChild(li); });
      return;
    }
    items.slice(0, at).forEach(function (li) { list.insertBefore(li, fixed); });
    var anchor = fixed;
    items.slice(at + 1).forEach(function (li) {
      list.insertBefore(li, anchor.nextSibling);
      anchor = li;
    });
  }

  function render(data) {
    insertNew(data.html);
    data.questions.forEach(function (q) {
      var li = byId(q.id);
      if (li) { update(li, q); }
    });
    after = Math.max(after, data.after || 0);
    if (total) { total.textContent = String(data.total); }
    if (empty) { empty.hidden = data.total > 0; }
    pendingOrder = data.questions.map(function (q) { return q.id; });
    placeWhenFree();
    if (status && data.announce) { status.textContent = data.announce; }
  }

  function placeWhenFree() {
    if (!pendingOrder || list.matches(":hover")) { return; }  // retried on mouseleave
    reorder(pendingOrder);
    pendingOrder = null;
  }

  function feedUrl() {
    var url = new URL(list.getAttribute("data-feed-url"), window.location.href);
    url.searchParams.set("after", String(after));
    return url.toString();
  }

  function poll() {
    if (document.hidden) {  // a tab in the background asks nothing; it catches up when shown
      window.setTimeout(poll, POLL_MS);
      return;
    }
    fetch(feedUrl(), { headers: { "Accept": "application/json" }, cache: "no-cache",
                       credentials: "same-origin" })
      .then(function (r) { return r.status === 200 ? r.text() : null; })
      .then(function (body) {
        if (body === null || body === last) { return; }
        last = body;
        render(JSON.parse(body));
      })
      .catch(function () { /* offline for a moment: the next poll tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }

  list.addEventListener("mouseleave", placeWhenFree);
  window.setTimeout(poll, POLL_MS);
})();
