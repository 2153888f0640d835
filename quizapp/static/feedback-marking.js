// Quick marking by keyboard (issue 21). Without this file the page is plain forms and links.
// j / ArrowRight / ArrowDown: next answer; k / ArrowLeft / ArrowUp: previous;
// 1-9: choose that level and save (moves on); 0: save with no mark; c: write a comment;
// in the comment, Ctrl+Enter saves and Escape leaves the box.
(function () {
  "use strict";
  var form = document.getElementById("mark-form");
  var prev = document.getElementById("mark-prev");
  var next = document.getElementById("mark-next");
  function typing(el) {
    return el && (el.tagName === "TEXTAREA" || el.tagName === "INPUT" && el.type === "text" ||
      el.isContentEditable);
  }
  function go(link) { if (link && link.href) { window.location.assign(link.href); } }
  function save() {
    if (form) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.altKey || ev.metaKey && ev.key !== "Enter") { return; }
    var target = ev.target;
    if (typing(target)) {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); save(); }
      else if (ev.key === "Escape") { target.blur(); }
      return;
    }
    if (ev.ctrlKey) { return; }
    var key = ev.key;
    if (key === "j" || key === "ArrowRight" || key === "ArrowDown") { ev.preventDefault(); go(next); }
    else if (key === "k" || key === "ArrowLeft" || key === "ArrowUp") { ev.preventDefault(); go(prev); }
    else if (key === "c" && form) {
      ev.preventDefault();
      var box = form.querySelector("textarea");
      if (box) { box.focus(); }
    } else if (/^[0-9]$/.test(key) && form) {
      var radio = form.querySelector('input[name="level"][data-key="' + key + '"]');
      if (radio) { ev.preventDefault(); radio.checked = true; save(); }
    }
  });
})();
