/* Citation popovers: a citation mark ([1]) shows its source in place, on hover, on keyboard focus
   and on a first tap; a second tap, a click or Enter follows the mark to the page's list of sources.

   The popover is filled from the page itself, as text: the source's title, publisher and date from
   its item in the list of sources (li#ref-N), and the mark's own locator, quotation and
   note (data-locator, data-quote, data-note, or the quotation and note printed beside an attribution). Nothing is
   fetched, so it works offline and from file://. Without script, the mark's title and link remain. */
(function () {
  "use strict";
  var pop, current, pinned, hideTimer, lastPointer = "mouse", lastDown = 0;

  function text(node) { return node ? node.textContent.trim() : ""; }

  // A line of the popover: each part isolated in a <bdi> (an English title in an Arabic page keeps its
  // quotation marks in place), marked with the language of the element it was read from.
  function line(className, parts, separator) {
    var p = document.createElement("p");
    p.className = "dfx-pop__" + className;
    parts.filter(Boolean).forEach(function (part, i) {
      if (i && separator) p.appendChild(document.createTextNode(separator));
      var bdi = document.createElement("bdi");
      bdi.textContent = typeof part === "string" ? part : text(part);
      var marked = typeof part === "string" ? null : part.querySelector("[lang]");
      if (marked) bdi.setAttribute("lang", marked.getAttribute("lang"));
      p.appendChild(bdi);
    });
    return p;
  }

  function ensurePop() {
    if (pop) return pop;
    pop = document.createElement("div");
    pop.id = "dfx-pop";
    pop.className = "dfx-pop";
    pop.setAttribute("role", "tooltip");
    pop.hidden = true;
    pop.addEventListener("pointerenter", function () { clearTimeout(hideTimer); });
    pop.addEventListener("pointerleave", function () { if (!pinned) hideSoon(); });
    document.body.appendChild(pop);
    return pop;
  }

  function fill(mark, tapped) {
    var item = document.getElementById(mark.getAttribute("href").slice(1));
    var list = item && item.parentNode;
    var words = (list && list.dataset) || {};
    var holder = mark.closest("li");
    var quote = mark.dataset.quote || (holder ? text(holder.querySelector(":scope > .dfx-quote")) : "");
    var note = mark.dataset.note || (holder ? text(holder.querySelector(":scope > .dfx-note")) : "");
    var box = ensurePop();
    box.textContent = "";
    box.setAttribute("lang", document.documentElement.lang);
    if (item) {
      box.appendChild(line("title", [item.querySelector(".dfx-ref__title")]));
      box.appendChild(line("meta", [item.querySelector(".dfx-ref__publisher"), item.querySelector(".dfx-ref__date")], words.separator || ", "));
    }
    if (mark.dataset.locator) box.appendChild(line("locator", [mark.dataset.locator]));
    if (quote) {
      var q = document.createElement("blockquote");
      q.className = "dfx-pop__quote";
      q.dir = "auto";
      q.textContent = quote;
      box.appendChild(q);
    }
    if (note) box.appendChild(line("note", [words.note, note], " "));
    if (tapped && words.hint) box.appendChild(line("hint", [words.hint]));
  }

  function place(mark) {
    var box = ensurePop();
    var r = mark.getBoundingClientRect();
    var narrow = window.matchMedia("(max-width: 44.9375em)").matches;
    box.classList.toggle("dfx-pop--sheet", narrow);
    if (narrow) {  // a sheet along the bottom: the mark scrolls up above it if the sheet would cover it
      box.style.left = box.style.top = "";
      var covered = r.bottom + 8 - (window.innerHeight - box.offsetHeight);
      if (covered > 0) window.scrollBy(0, covered);
      return;
    }
    var width = box.offsetWidth, room = document.documentElement.clientWidth;
    var left = Math.max(8, Math.min(r.left + r.width / 2 - width / 2, room - width - 8));
    var top = r.bottom + 6;
    if (top + box.offsetHeight > window.innerHeight && r.top - box.offsetHeight - 6 > 0) top = r.top - box.offsetHeight - 6;
    box.style.left = (left + window.scrollX) + "px";
    box.style.top = (top + window.scrollY) + "px";
  }

  function show(mark, tapped) {
    clearTimeout(hideTimer);
    if (current !== mark || tapped) {
      hide();
      fill(mark, tapped);
      if (!pop.firstChild) return;  // a mark with nothing to show (no list item, locator, quotation or note)
      current = mark;
    }
    var box = ensurePop();
    box.hidden = false;
    mark.setAttribute("aria-describedby", box.id);
    place(mark);
  }

  function hide() {
    clearTimeout(hideTimer);
    if (current) current.removeAttribute("aria-describedby");
    if (pop) pop.hidden = true;
    current = null;
    pinned = false;
  }

  function hideSoon() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(hide, 300);
  }

  function markOf(event) {
    var a = event.target.closest && event.target.closest(".dfx-cite > a");
    return a && a.getAttribute("href").charAt(0) === "#" ? a : null;
  }

  function setUp() {
    document.querySelectorAll(".dfx-cite > a[title]").forEach(function (a) {
      // A body's mark is titled only with its locator; others carry data-locator. The popover shows it,
      // and a native tooltip would cover the popover.
      if (a.closest(".dfx-body") && !a.dataset.locator) a.dataset.locator = a.title;
      a.removeAttribute("title");
    });
    document.addEventListener("pointerdown", function (event) { lastPointer = event.pointerType || "mouse"; lastDown = Date.now(); }, true);
    document.addEventListener("pointerover", function (event) {
      var mark = markOf(event);
      if (mark && event.pointerType === "mouse") show(mark);
    });
    document.addEventListener("pointerout", function (event) {
      var mark = markOf(event);
      if (mark && mark === current && !pinned && event.pointerType === "mouse") hideSoon();
    });
    document.addEventListener("focusin", function (event) {
      var mark = markOf(event);
      if (mark && lastPointer !== "mouse" && Date.now() - lastDown < 1000) return;  // a tap: its click shows the source
      if (mark) show(mark); else if (current && !pinned) hide();
    });
    document.addEventListener("focusout", function (event) {
      if (markOf(event) === current && !pinned) hideSoon();
    });
    document.addEventListener("pointerdown", function (event) {  // a tap elsewhere closes it (iOS sends no click on text)
      if (current && !markOf(event) && !pop.contains(event.target)) hide();
    });
    document.addEventListener("click", function (event) {
      var mark = markOf(event);
      if (!mark) {
        if (current && !(pop && pop.contains(event.target))) hide();
        return;
      }
      // A tap shows the source first; a second tap on the same mark follows it to the list.
      if (event.detail > 0 && lastPointer !== "mouse" && !(pinned && current === mark)) {
        event.preventDefault();
        show(mark, true);
        pinned = true;
      } else {
        hide();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && current) hide();  // dismissed where it is: neither focus nor pointer moves
    });
    window.addEventListener("resize", function () { if (current) place(current); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
