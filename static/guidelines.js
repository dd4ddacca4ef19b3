// The review page's guidelines beside the claims: `h` or the "Guidelines" link shows and hides them. Without
// JavaScript the link opens the guidelines page instead.
(function () {
  "use strict";

  function panel() { return document.querySelector("[data-guidelines]"); }

  function isField(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  function toggle() {
    var aside = panel();
    if (!aside) { return false; }
    aside.hidden = !aside.hidden;
    if (!aside.hidden) { aside.scrollIntoView({ block: "nearest" }); }
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "h" || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) { return; }
    if (isField(event.target)) { return; }
    if (toggle()) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-guidelines-toggle]") : null;
    if (link && toggle()) { event.preventDefault(); }
  });
})();
