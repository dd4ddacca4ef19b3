// Behaviour the server-rendered pages opt into; no inline scripts, so the CSP can forbid them.
// The review page's keys, current claim and text selections live in keys.js.
(function () {
  "use strict";

  function flash(message) {
    var box = document.getElementById("flash");
    if (box) { box.textContent = message; box.className = message ? "error" : ""; }
  }

  // A 422 is the form re-rendered with its message: swapped, and not an error, whatever becomes of its target. Said in
  // htmx's own config, not only in the beforeSwap listener below: an autosave whose target was replaced meanwhile (a
  // tag swapped the whole claim) fires its events on a detached element that never reaches the document.
  if (window.htmx) {
    window.htmx.config.responseHandling = [
      { code: "204", swap: false }, { code: "[23]..", swap: true }, { code: "422", swap: true, error: false },
      { code: "[45]..", swap: false, error: true }];
  }

  // htmx does not swap 4xx responses by default. A 422 carries the form re-rendered with its message beside
  // the field, so swap it like a success; other errors show as a message at the top.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    } else if (status >= 400) {
      flash(event.detail.xhr.responseText || ("The server answered " + status + "."));
    } else {
      flash("");
    }
  });

  // Tags sent quickly one after another can be answered out of order: the progress counted later (a higher
  // stamp, the last verdict change it saw) stays, an older one arriving after it is dropped.
  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
    if (!target || target.id !== "progress" || !incoming || !incoming.hasAttribute("data-stamp")) { return; }
    if (Number(incoming.getAttribute("data-stamp")) < Number(target.getAttribute("data-stamp") || 0)) {
      event.detail.shouldSwap = false;
    }
  });

  document.addEventListener("htmx:sendError", function () {
    flash("The server could not be reached: your last change was not saved. Try again.");
  });
})();
