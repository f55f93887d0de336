/* "Cite this entry" (div.dfx-cite-entry): writes today's date where the citation says when it was read, and turns the
   entry's CSL-JSON and BibTeX, shown on the page as text, into files to download with that date added ("accessed",
   "urldate"). Made in the browser from the page itself: no request, so it works offline and from file://. Without
   script the citation asks the reader to add the date, and the two records can be copied. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  var TYPES = { csl: "application/vnd.citationstyles.csl+json", bibtex: "application/x-bibtex" };

  function withDate(format, text, now, iso) {
    if (format === "csl") {
      var items = JSON.parse(text);
      items.forEach(function (item) { item.accessed = { "date-parts": [[now.getFullYear(), now.getMonth() + 1, now.getDate()]] }; });
      return JSON.stringify(items, null, 1) + "\n";
    }
    return text.replace(/\n\}\s*$/, ",\n  urldate = {" + iso + "}\n}\n");
  }

  function setUp(box) {
    var now = new Date();
    var iso = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    var placeholder = box.querySelector(".dfx-today");
    if (placeholder) {
      var time = document.createElement("time");
      time.className = placeholder.className;
      time.dateTime = iso;
      try {
        time.textContent = new Intl.DateTimeFormat(box.dataset.locale, { day: "numeric", month: "long", year: "numeric" }).format(now);
      } catch (e) {
        time.textContent = iso;
      }
      placeholder.replaceWith(time);
    }
    var downloads = box.querySelector(".dfx-cite-entry__downloads");
    if (!downloads || typeof Blob === "undefined" || !window.URL || !URL.createObjectURL) return;
    downloads.hidden = false;
    downloads.querySelectorAll("button[data-format]").forEach(function (button) {
      button.addEventListener("click", function () {
        var format = button.dataset.format;
        var source = box.querySelector("[data-cite=" + format + "]");
        var text = withDate(format, source.textContent, now, iso);
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([text], { type: TYPES[format] + ";charset=utf-8" }));
        link.download = button.dataset.file;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      });
    });
  }

  function start() { document.querySelectorAll(".dfx-cite-entry").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
