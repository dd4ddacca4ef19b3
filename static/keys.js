// The review page, keyboard first: a current claim (highlighted in the list and in the article), one-key tags
// that reuse the claim's own htmx forms, undo, and text selection feeding the forms that fix the split.
(function () {
  "use strict";

  var currentId = null;
  // What changed in this tab, most recent last, for "z" to undo in turn: a claim id (its verdict changed) or
  // {edit: id} (a fix of the split, undone by the review body's own Undo form).
  var undoStack = [];
  // Requests in flight per claim id, and what waits for them to be answered.
  var inFlight = {};
  var waiting = [];
  // The last text selected in the article (or a cursor in a claim's text), as article offsets.
  var selection = null;

  document.documentElement.classList.add("js");

  function list() { return document.querySelector("[data-claim-list]"); }

  function claims() {
    var box = list();
    if (!box) { return []; }
    // Folded claims (judged not check-worthy) are skipped by j/k and by "next untagged".
    return Array.prototype.slice.call(box.querySelectorAll("article.claim")).filter(function (claim) {
      return !(showUnlikely === false && claim.closest("li.unlikely"));
    });
  }

  // --- Folding the claims the pipeline judged not check-worthy ("f") ---------------------------------------------

  var showUnlikely = false;

  function applyFold() {
    var box = list();
    if (!box) { return; }
    box.classList.toggle("folded", !showUnlikely && box.getAttribute("data-unlikely") !== "0");
    var button = document.querySelector("[data-fold-toggle]");
    if (button) {
      var count = box.getAttribute("data-unlikely");
      button.setAttribute("aria-expanded", showUnlikely ? "true" : "false");
      button.textContent = (showUnlikely ? "Fold " : "Show ") + count + " unlikely claim" + (count === "1" ? "" : "s");
    }
  }

  function toggleFold() {
    if (!document.querySelector("[data-fold-toggle]")) { return false; }
    showUnlikely = !showUnlikely;
    applyFold();
    var claim = current();
    if (claim && !showUnlikely && claim.closest("li.unlikely")) { setCurrent(claims()[0] || null, { scroll: true }); }
    say(showUnlikely ? "Showing the claims judged not check-worthy." : "Folded the claims judged not check-worthy.");
    return true;
  }

  function byId(id) { return id ? document.getElementById("claim-" + id) : null; }

  function current() { return byId(currentId); }

  function claimOf(element) { return element && element.closest ? element.closest("article.claim") : null; }

  function isField(element) {
    return !!element && (element.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(element.tagName));
  }

  function say(message) {
    var box = document.getElementById("flash");
    if (box) { box.textContent = message; box.className = ""; }
  }

  // --- The current claim -------------------------------------------------------------------------------------

  function highlight() {
    var marked = document.querySelectorAll(".claim.current, mark.current");
    for (var i = 0; i < marked.length; i++) {
      marked[i].classList.remove("current");
      marked[i].removeAttribute("aria-current");
    }
    var claim = current();
    if (!claim) { return; }
    claim.classList.add("current");
    claim.setAttribute("aria-current", "true");
    var marks = document.querySelectorAll('mark[data-claim="' + currentId + '"]');
    for (var j = 0; j < marks.length; j++) { marks[j].classList.add("current"); }
  }

  // The article text shows each listed claim's state as the list does (app.css: colour, pattern, letter).
  var MARK_STATES = ["v-sourced", "v-speculative", "v-unverified", "plain"];

  function markState(claim) {
    if (claim.classList.contains("not-a-claim")) { return "plain"; }
    var verdict = /(?:^|\s)verdict-(\w+)/.exec(claim.className);
    return verdict ? "v-" + verdict[1] : "";
  }

  function syncMarks() {
    var states = {};
    var listed = list() ? list().querySelectorAll("article.claim") : [];
    for (var j = 0; j < listed.length; j++) { states[listed[j].getAttribute("data-claim")] = markState(listed[j]); }
    var marks = document.querySelectorAll("[data-article-text] mark[data-claim]");
    for (var i = 0; i < marks.length; i++) {
      var state = states[marks[i].getAttribute("data-claim")];
      if (state === undefined) { continue; }  // a claim on another page of the list keeps what the server said
      MARK_STATES.forEach(function (name) { marks[i].classList.toggle(name, name === state); });
    }
  }

  function scrollMarkIntoView() {
    var mark = document.querySelector('mark[data-claim="' + currentId + '"]');
    var box = mark && mark.closest("[data-article-text]");
    if (!box) { return; }
    var top = mark.getBoundingClientRect().top - box.getBoundingClientRect().top + box.scrollTop;
    if (top < box.scrollTop || top + mark.offsetHeight > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }

  function setCurrent(claim, options) {
    options = options || {};
    currentId = claim ? claim.getAttribute("data-claim") : null;
    highlight();
    if (!claim) { return; }
    if (options.scroll) {
      claim.scrollIntoView({ block: "nearest" });
      scrollMarkIntoView();
    }
    if (options.focus) { claim.focus({ preventScroll: true }); }
  }

  function pending(claim) { return !!inFlight[claim.getAttribute("data-claim")]; }

  // A verdict a fix of the split carried over waits for its reviewer as an untagged claim does.
  function untagged(claim) {
    return (!claim.classList.contains("tagged") || claim.classList.contains("recheck")) &&
      !claim.classList.contains("not-a-claim") && !claim.classList.contains("tagging");
  }

  function pageLink(which) { return document.querySelector('[data-page="' + which + '"]'); }

  function move(step) {
    var all = claims();
    var at = all.indexOf(current());
    var next = all[at < 0 ? 0 : at + step];
    if (next) {
      setCurrent(next, { scroll: true, focus: true });
      return;
    }
    var link = pageLink(step > 0 ? "next" : "prev");
    if (link) { changePage(link); }
  }

  function moveToNextUntagged(from) {
    var all = claims();
    var at = all.indexOf(from);
    for (var i = at + 1; i < all.length; i++) {
      if (untagged(all[i])) { setCurrent(all[i], { scroll: true, focus: true }); return; }
    }
    var link = pageLink("next");
    if (link) {
      changePage(link);
      return;
    }
    for (var j = 0; j < at; j++) {
      if (untagged(all[j])) { setCurrent(all[j], { scroll: true, focus: true }); return; }
    }
    if (all[at + 1]) { setCurrent(all[at + 1], { scroll: true, focus: true }); }
  }

  // --- Pages of a long list: the next page replaces this one's body in place, and keys wait for it -------------

  // Keys typed while a page of claims loads, replayed in order once it is in: none is lost, none acts on the
  // page that is going away. The address follows (history.pushState), so a reload or a link shows the same page.
  var queued = null;
  var shownUrl = window.location.href.split("#")[0];

  function changePage(link) {
    if (queued) { return; }
    queued = [];
    var url = link.href;
    whenAnswered(function () {
      var body = document.getElementById("review-body");
      if (!window.htmx || !body) { window.location.href = url; return; }
      window.htmx.ajax("GET", url, { target: "#review-body", swap: "outerHTML", select: "#review-body" }).then(
        function () { pageChanged(url); },
        function () { window.location.href = url; });
    });
  }

  function pageChanged(url) {
    shownUrl = url.split("#")[0];
    window.history.pushState({ reviewPage: true }, "", url);
    // The link names the claim to land on: the first of the next page, or the last of the one before.
    var landing = /#claim-(\d+)$/.exec(url);
    var claim = byId(landing && landing[1]);
    if (claim) { setCurrent(claim, { scroll: true, focus: true }); }
    var keys = queued || [];
    queued = null;
    replay(keys);
  }

  function replay(keys) {
    for (var i = 0; i < keys.length; i++) {
      if (queued) { queued = queued.concat(keys.slice(i)); return; }  // a replayed key changed page again
      var active = document.activeElement;
      if (isField(active) && keys[i].length === 1) {
        // A key that opened a field ("n", "e") sends what follows into it, as it would have been typed.
        active.setRangeText(keys[i], active.selectionStart, active.selectionEnd, "end");
        active.dispatchEvent(new Event("input", { bubbles: true }));
      } else if (isField(active)) {
        if (keys[i] === "Escape") { leaveField(active); }
      } else {
        runKey(keys[i], active);
      }
    }
  }

  // Back and forward between pages loaded in place: show what the address says.
  window.addEventListener("popstate", function () {
    if (window.location.href.split("#")[0] !== shownUrl) { window.location.reload(); }
  });

  // --- Tagging and undo go through the claim's own htmx forms (CSRF, fragment swap, 422 handling) ---------------

  // The keys follow the article's scale: each verdict button carries its letter (data-key) and digit (data-digit).
  function verdictForKey(key) {
    var claim = current() || claims()[0];
    if (!claim || !/^[a-z1-9]$/.test(key)) { return null; }
    var button = claim.querySelector('.verdict-form button.verdict[data-key="' + key + '"], ' +
                                     '.verdict-form button.verdict[data-digit="' + key + '"]');
    return button ? button.value : null;
  }

  function tag(verdict) {
    var claim = current();
    var button = claim && verdictButton(claim, verdict);
    if (!button) { return; }
    if (pending(claim)) {
      // The claim's form drops a second request while one is in flight: ask again once it is answered.
      whenAnswered(function () { var again = byId(claim.getAttribute("data-claim")); if (again) { tagClaim(again, verdict); } });
    } else {
      upgraded(claim);
      button.click();
    }
    claim.classList.add("tagging");
    moveToNextUntagged(claim);
  }

  // Compared in script, not in a selector: a value of a desk's own scale may hold a quote or a backslash.
  function verdictButton(claim, verdict) {
    var buttons = claim.querySelectorAll('.verdict-form button[name="verdict"]');
    for (var i = 0; i < buttons.length; i++) { if (buttons[i].value === verdict) { return buttons[i]; } }
    return null;
  }

  function tagClaim(claim, verdict) {
    var button = verdictButton(claim, verdict);
    if (button) { upgraded(claim); button.click(); }
  }

  // htmx wires up swapped-in content only when it settles, a few milliseconds after the swap: a key pressed in
  // between would post the plain form and reload the page. Wiring it up now is harmless if it already is.
  function upgraded(element) {
    if (window.htmx) { window.htmx.process(element); }
    return element;
  }

  function undoEdit(edit) {
    var form = document.querySelector('form[data-undo-edit="' + edit + '"]');
    if (!form) { say("That fix of the split can no longer be undone: a later one replaced its claims."); return; }
    upgraded(form);
    form.requestSubmit();
  }

  function undo() {
    var id = undoStack.pop();
    if (!id) { say("Nothing to undo in this page."); return; }
    if (id.edit) { whenAnswered(function () { undoEdit(id.edit); }); return; }
    var run = function () {
      var claim = byId(id);
      var form = claim && claim.querySelector("form.undo-form");
      if (!form) { undo(); return; }
      setCurrent(claim, { scroll: true, focus: true });
      upgraded(claim);
      form.requestSubmit();
    };
    if (inFlight[id]) { whenAnswered(run); } else { run(); }
  }

  function whenAnswered(callback) {
    for (var id in inFlight) {
      if (inFlight[id]) { waiting.push(callback); return; }
    }
    callback();
  }

  // htmx reports the end of a request on the element that is left once the answer replaced the form, so each
  // request is remembered by its XMLHttpRequest: which claim, and whether it changed the verdict.
  var requests = new WeakMap();

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var claim = claimOf(elt);
    if (!claim) { return; }
    var id = claim.getAttribute("data-claim");
    inFlight[id] = (inFlight[id] || 0) + 1;
    // Remembered in the order the tags were asked for, not answered: two claims tagged in quick succession may be
    // answered out of order, and "z" must undo the last one pressed.
    var verdict = elt.classList.contains("verdict-form");
    var pushed = verdict && undoStack[undoStack.length - 1] !== id;
    if (pushed) { undoStack.push(id); }
    requests.set(event.detail.xhr, { id: id, verdict: verdict, pushed: pushed });
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var request = requests.get(event.detail.xhr);
    if (request) {
      requests.delete(event.detail.xhr);
      inFlight[request.id] = Math.max(0, (inFlight[request.id] || 1) - 1);
      if (!event.detail.successful && request.pushed) {
        var at = undoStack.lastIndexOf(request.id);  // a refused tag changed nothing: nothing to undo
        if (at >= 0) { undoStack.splice(at, 1); }
      }
    }
    // The answer is swapped in by now (or was an error): what waited for it goes on.
    setTimeout(function () {
      var callbacks = waiting;
      waiting = [];
      callbacks.forEach(whenAnswered);
    }, 0);
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.elt;
    if (target && target.id === "review-body") {
      // An edit of the split swapped the whole list: the claim it made is the current one, and "z" undoes it.
      var edit = target.getAttribute("data-edit");
      var top = undoStack[undoStack.length - 1];
      if (edit && !(top && top.edit === edit)) { undoStack.push({ edit: edit }); }
      var focus = byId(target.getAttribute("data-focus"));
      if (focus && focus.closest("li.unlikely")) { showUnlikely = true; }
      applyFold();
      // A field a replayed key opened (after a page change) keeps the focus.
      setCurrent(focus || current() || firstToReview(),
                 { scroll: true, focus: !document.querySelector("[autofocus]") && !isField(document.activeElement) });
      showRefusal(target);
    } else {
      var lost = document.activeElement === document.body || !document.activeElement;
      syncMarks();
      highlight();
      if (lost && current()) { current().focus({ preventScroll: true }); }
    }
  });


  // --- Keys ----------------------------------------------------------------------------------------------------

  function field(name) {
    var claim = current();
    return claim && claim.querySelector('.verdict-form [name="' + name + '"]');
  }

  function toggleHelp(open) {
    var help = document.getElementById("keys-help");
    if (!help) { return false; }
    help.open = open === undefined ? !help.open : open;
    if (help.open) { help.scrollIntoView({ block: "nearest" }); }
    return true;
  }

  function leaveField(target) {
    // Leaving a changed field fires its change event: the URL or note saves (autosave.js, the claim's htmx).
    target.blur();
    var claim = claimOf(target);
    if (claim) { setCurrent(claim, { focus: true }); }
  }

  document.addEventListener("keydown", function (event) {
    if (!list() || event.ctrlKey || event.altKey || event.metaKey || event.defaultPrevented) { return; }
    var target = event.target;
    if (queued) {
      // A page of claims is loading: keep the key for it (modifier keys alone are not keys to replay).
      if (!/^(Shift|Control|Alt|Meta|CapsLock|Tab)$/.test(event.key)) { queued.push(event.key); event.preventDefault(); }
      return;
    }
    if (isField(target)) {
      if (event.key === "Escape") {
        leaveField(target);
      } else if (event.key === "Enter" && target.tagName === "INPUT" && target.closest(".verdict-form")) {
        // Enter would submit the form's first button ("Sourced"): save the URL and note, tagged or not.
        event.preventDefault();
        var save = target.closest(".verdict-form").querySelector(".save-note");
        if (save) { upgraded(save); save.click(); }
      }
      return;
    }
    if (runKey(event.key, target)) { event.preventDefault(); }
  });

  // What a key does outside a field; true when it did something (typed now, or replayed after a page change).
  function runKey(key, target) {
    if (/^Arrow/.test(key) && target && target.closest && target.closest("[data-article-text]")) { return false; }  // scrolls the text
    var handled = true;
    if (key === "j" || key === "ArrowDown") { move(1); }
    else if (key === "k" || key === "ArrowUp") { move(-1); }
    else if (verdictForKey(key)) { tag(verdictForKey(key)); }
    else if (key === "a") { if (current()) { tag(current().getAttribute("data-suggestion")); } }
    else if (key === "e" || key === "n") {
      var input = field(key === "e" ? "evidence_url" : "note");
      if (input) {
        input.focus();
        input.setSelectionRange(input.value.length, input.value.length);
      } else {
        handled = false;
      }
    }
    else if (key === "t") { handled = toggleTools(); }
    else if (key === "z") { undo(); }
    else if (key === "f") { handled = toggleFold(); }
    else if (key === "?") { handled = toggleHelp(); }
    else if (key === "Escape") { handled = toggleHelp(false); }
    else { handled = false; }
    return handled;
  }


  // Focus entering a claim (Tab, a field) makes it current, which opens its URL, note and tools. Not while a mouse
  // button is down: the claim it leaves would fold and move the button away before the click lands; the click
  // handler below makes the claim current once the click is done.
  var pointing = false;
  document.addEventListener("pointerdown", function () { pointing = true; }, true);
  document.addEventListener("pointerup", function () { setTimeout(function () { pointing = false; }, 0); }, true);
  document.addEventListener("focusin", function (event) {
    var claim = claimOf(event.target);
    if (!pointing && claim && claim !== current() && list() && list().contains(claim)) { setCurrent(claim); }
  });

  // A claim's evidence form and split fixes load the first time its tools open (a click or "t"); without
  // JavaScript the link inside leads to them on a page of their own. Toggle does not bubble: listen as it sinks.
  document.addEventListener("toggle", function (event) {
    var tools = event.target;
    if (!tools.matches || !tools.matches("details.claim-tools") || !tools.open || !window.htmx) { return; }
    var link = tools.querySelector(":scope > div > a[href]");
    if (!link || tools.hasAttribute("data-loading")) { return; }
    tools.setAttribute("data-loading", "");
    window.htmx.ajax("GET", link.getAttribute("href"), { source: tools, target: tools.querySelector(":scope > div"), swap: "innerHTML" })
      .then(null, function () { tools.removeAttribute("data-loading"); });
  }, true);

  // "t" opens (or closes) the current claim's evidence and split tools.
  function toggleTools() {
    var claim = current();
    var tools = claim && claim.querySelector("details.claim-tools");
    if (!tools) { return false; }
    upgraded(claim);
    tools.open = !tools.open;
    if (tools.open) { tools.querySelector("summary").focus(); }
    return true;
  }

  // A click in a claim makes it current; a click on a claim in the article text brings its form into view.
  document.addEventListener("click", function (event) {
    var mark = event.target.closest ? event.target.closest("mark[data-claim]:not(.plain)") : null;
    if (mark) {
      if (window.getSelection && !window.getSelection().isCollapsed) { return; }
      var claim = byId(mark.getAttribute("data-claim"));
      if (claim) {
        setCurrent(claim, { scroll: true });
        var first = claim.querySelector('.verdict-form button[name="verdict"]');
        if (first) { first.focus({ preventScroll: true }); }
      } else {
        var body = document.getElementById("review-body");
        var url = new URL(body.getAttribute("data-review-url"), window.location.href);
        url.searchParams.set("claim", mark.getAttribute("data-claim"));
        window.location.href = url.pathname + url.search + "#claim-" + mark.getAttribute("data-claim");
      }
      return;
    }
    var clicked = claimOf(event.target);
    if (clicked && list() && list().contains(clicked)) { setCurrent(clicked); }
  });

  // --- Selections: add a claim, set boundaries, split --------------------------------------------------------

  function offsetIn(container, node, offset) {
    var range = document.createRange();
    range.setStart(container, 0);
    range.setEnd(node, offset);
    // The server counts code points (Python str); JavaScript counts UTF-16 units, so an emoji is 2 here, 1 there.
    return Array.from(range.toString()).length;
  }

  function readSelection() {
    var chosen = window.getSelection();
    if (!chosen || !chosen.rangeCount) { return; }
    var range = chosen.getRangeAt(0);
    var article = document.querySelector("[data-article-text]");
    var start, end, base = 0;
    if (article && article.contains(range.startContainer) && article.contains(range.endContainer)) {
      start = offsetIn(article, range.startContainer, range.startOffset);
      end = offsetIn(article, range.endContainer, range.endOffset);
    } else {
      // A cursor or selection inside a claim's own text counts from that claim's start.
      var text = range.startContainer.parentElement && range.startContainer.parentElement.closest(".claim-text");
      var claim = claimOf(text);
      if (!text || !claim || !text.contains(range.endContainer)) { return; }
      base = parseInt(claim.getAttribute("data-start"), 10);
      start = base + offsetIn(text, range.startContainer, range.startOffset);
      end = base + offsetIn(text, range.endContainer, range.endOffset);
    }
    selection = { start: start, end: end, text: range.toString() };
    if (start < end && article && article.contains(range.startContainer)) { offerNewClaim(); }
  }

  function offerNewClaim() {
    var box = document.getElementById("add-claim");
    if (!box) { return; }
    box.open = true;
    box.querySelector('[name="start"]').value = selection.start;
    box.querySelector('[name="end"]').value = selection.end;
    var preview = box.querySelector("[data-selection-preview]");
    if (preview) { preview.textContent = "“" + selection.text.trim() + "”"; }
  }

  document.addEventListener("mouseup", function () { setTimeout(readSelection, 0); });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || /^Arrow/.test(event.key || "")) { readSelection(); }
  });
  document.addEventListener("selectionchange", function () {
    var chosen = window.getSelection();
    if (chosen && chosen.isCollapsed) { readSelection(); }
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-fold-toggle]")) { toggleFold(); return; }
    var button = event.target.closest ? event.target.closest("[data-fill]") : null;
    if (!button) { return; }
    var form = button.closest("form");
    var claim = claimOf(button);
    if (!selection || !claim) { say("Select text in the article first (or put the cursor in the claim's text)."); return; }
    var start = parseInt(claim.getAttribute("data-start"), 10);
    var end = parseInt(claim.getAttribute("data-end"), 10);
    if (button.getAttribute("data-fill") === "boundaries") {
      form.querySelector('[name="start"]').value = selection.start;
      form.querySelector('[name="end"]').value = selection.end;
    } else {
      var at = selection.start - start;
      if (at <= 0 || selection.start >= end) { say("Put the cursor inside this claim's text, where it should split."); return; }
      form.querySelector('[name="at"]').value = at;
      var preview = form.querySelector("[data-split-preview]");
      var chars = Array.from(claim.querySelector(".claim-text").textContent);
      if (preview) {
        preview.textContent = "“" + chars.slice(0, at).join("").trim() + "” | “" + chars.slice(at).join("").trim() + "”";
      }
    }
  });

  // A refused fix of the split says why beside its form: the message comes into view last (after the claim it is
  // about), with the field it describes focused, so neither the reader nor a screen reader has to look for it.
  function showRefusal(root) {
    var message = root.querySelector("[data-edit-error]");
    if (!message) { return; }
    var field = document.querySelector('[aria-describedby~="' + message.id + '"]');
    if (field) { field.focus({ preventScroll: true }); }
    message.scrollIntoView({ block: "center" });
  }

  // --- Start: the claim in the address, else the one an edit made, else the first one left to tag ---------------

  function firstToReview() {
    var all = claims();
    for (var i = 0; i < all.length; i++) { if (untagged(all[i])) { return all[i]; } }
    return all[0] || null;
  }

  function start() {
    if (!list()) { return; }
    var fromHash = /^#claim-(\d+)$/.exec(window.location.hash);
    var body = document.getElementById("review-body");
    var wanted = byId(fromHash && fromHash[1]) || byId(body && body.getAttribute("data-focus"));
    // A link to a folded claim unfolds the list: what the address asks for is never hidden.
    if (wanted && wanted.closest("li.unlikely")) { showUnlikely = true; }
    applyFold();
    setCurrent(wanted || firstToReview(), { scroll: !!wanted });
    showRefusal(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
