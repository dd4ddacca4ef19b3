// Time per verdict: the seconds from a claim being focused (by the keys, a click or Tab) to its verdict, sent with
// the verdict form as `seconds`. Capped as the server caps it; without JavaScript nothing is sent, and the verdict
// has no time (the export's seconds column is empty), which is better than a guess.
(function () {
  "use strict";
  var MAX_SECONDS = 1800;
  var since = {};

  function claimOf(element) {
    return element && element.closest ? element.closest("article.claim[data-claim]") : null;
  }

  document.addEventListener("focusin", function (event) {
    var claim = claimOf(event.target);
    if (!claim) { return; }
    var id = claim.getAttribute("data-claim");
    if (!(id in since)) { since[id] = Date.now(); }
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest ? event.detail.elt.closest(".verdict-form") : null;
    if (!form || !/\/verdict$/.test(event.detail.path || "")) { return; }
    var id = claimOf(form).getAttribute("data-claim");
    if (!(id in since)) { return; }
    var seconds = Math.min(MAX_SECONDS, Math.max(0, Math.round((Date.now() - since[id]) / 1000)));
    event.detail.parameters["seconds"] = String(seconds);
    // A change of mind later is timed from the claim's next focus, not from this one.
    delete since[id];
  });
})();
