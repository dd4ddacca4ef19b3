// Typed text is never lost without a word: a claim's evidence URL and note save on change (htmx, sent from here
// for the [data-autosave] parts of _claim.html), and leaving the page while a [data-keep-typed] form holds text the
// server has not kept asks first (beforeunload). A field counts as saved once a save of its value succeeded.
(function () {
  "use strict";

  // Saves in flight: their XMLHttpRequest -> the fields they carry, with the values sent.
  var saving = new Map();
  // A form the browser itself is submitting (no htmx): its fields leave with it, so they are not "lost".
  var submitted = null;

  function typedFields(root) {
    return Array.prototype.slice.call((root || document).querySelectorAll(
      "[data-keep-typed] textarea, [data-keep-typed] input:not([type=hidden]):not([type=submit]):not([type=button])"));
  }

  function unsaved(field) {
    return field.value !== field.defaultValue && !(submitted && submitted.contains(field));
  }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt.matches || !elt.matches("[data-autosave]")) { return; }
    var form = elt.closest("form");
    if (!form) { return; }
    saving.set(event.detail.xhr, typedFields(form).map(function (field) { return [field, field.value]; }));
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var sent = saving.get(event.detail.xhr);
    if (!sent) { return; }
    saving.delete(event.detail.xhr);
    // Not detail.successful: app.js turns a 422 into a swap, and a refused value is not saved.
    var status = event.detail.xhr.status;
    if (status < 200 || status >= 300) { return; }
    sent.forEach(function (pair) {
      // What the server now holds becomes the field's saved value; text typed since stays unsaved.
      pair[0].defaultValue = pair[1];
    });
  });

  // A claim's URL and note save when a field changes, and with its "Save URL and note" button, through htmx into
  // the claim's status mark; the button's formaction is the address, so the page carries it once per claim.
  function save(form, source) {
    var button = form.querySelector(".save-note");
    var status = form.querySelector(".typed-status");
    if (!window.htmx || !button || !status) { return false; }
    window.htmx.ajax("POST", button.getAttribute("formaction"), { source: source, target: "#" + status.id, swap: "innerHTML" });
    return true;
  }

  document.addEventListener("change", function (event) {
    var fields = event.target.closest && event.target.closest(".verdict-form .fields");
    if (fields) { save(fields.closest("form"), fields); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest(".verdict-form .save-note");
    if (button && save(button.closest("form"), button)) { event.preventDefault(); }
  });

  document.addEventListener("submit", function (event) {
    // htmx cancels the submits it sends itself; one it left alone navigates away with its fields.
    if (!event.defaultPrevented) { submitted = event.target; }
  });

  window.addEventListener("beforeunload", function (event) {
    if (saving.size === 0 && !typedFields().some(unsaved)) { return; }
    event.preventDefault();
    // Older Chromium asks only when returnValue is set; browsers show their own wording, not this string.
    event.returnValue = "You typed text that is not saved yet.";
  });
})();
