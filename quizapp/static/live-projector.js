/* The projector: the type shrinks until the whole state fits the screen, without scrolling.
 *
 * Every size on the projector is in em of the body, whose font-size is --fit vh. We try the
 * largest size first and search down to MIN_FIT (2.23vh: 24 px on a 1080-line screen, the
 * smallest type we put on a projector; docs/live.md). If even that overflows, long quoted texts
 * keep their first lines (body.fit-squeeze). Runs on load, on resize, after each live update.
 */
(function () {
  "use strict";

  var MIN_FIT = 2.23, MAX_FIT = 4.4;
  var doc = document.documentElement, body = document.body;
  var queued = false;

  function fits() {
    return doc.scrollHeight <= window.innerHeight && doc.scrollWidth <= window.innerWidth;
  }

  function setFit(v) { body.style.setProperty("--fit", v.toFixed(3)); }

  function search() {
    setFit(MAX_FIT);
    if (fits()) { return MAX_FIT; }
    setFit(MIN_FIT);
    if (!fits()) { return null; }
    var lo = MIN_FIT, hi = MAX_FIT;
    for (var i = 0; i < 8; i += 1) {
      var mid = (lo + hi) / 2;
      setFit(mid);
      if (fits()) { lo = mid; } else { hi = mid; }
    }
    setFit(lo);
    return lo;
  }

  function fit() {
    queued = false;
    body.classList.remove("fit-squeeze");
    var found = search();
    if (found === null) {
      body.classList.add("fit-squeeze");
      found = search();
      if (found === null) { setFit(MIN_FIT); found = MIN_FIT; }
    }
    body.setAttribute("data-fit", found.toFixed(3));
  }

  function later() {
    if (queued) { return; }
    queued = true;
    window.requestAnimationFrame(fit);
  }

  window.quizappFit = fit;
  var live = window.quizappLive;
  if (live) { live.afterSwap = later; }
  window.addEventListener("resize", later);
  window.addEventListener("load", later);
  if (document.fonts && document.fonts.ready) { document.fonts.ready.then(later); }
  fit();
}());
