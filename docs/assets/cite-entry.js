/* "Cite this entry" (div.dfx-cite-entry[data-key]): writes today's date where the citation says when it was read, and
   adds buttons (their words in data-csl, data-bibtex) that make the citation into files to download, CSL-JSON (Zotero,
   Pandoc, Mendeley) and biblatex, from its marked parts:
   the title (<cite>), the archive (<i>), the day it last changed (<time datetime>), the version, the address. Made in
   the browser from the page itself: no request, so it works offline and from file://. Without script the citation
   asks the reader to add the date, and can be copied as it stands. */
(function () {
  "use strict";

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  var LANGIDS = { en: "english", ar: "arabic" };  // biblatex's names of the site's languages
  var TEX = { "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_",
              "~": "\\textasciitilde{}", "^": "\\textasciicircum{}" };

  function tex(text) { return text.replace(/[\\{}&%$#_~^]/g, function (c) { return TEX[c]; }); }

  function text(box, selector) {
    var node = box.querySelector(selector);
    return node ? node.textContent.trim() : "";
  }

  function parts(box, today) {
    var changed = box.querySelector(".dfx-cite-entry__text time[datetime]");
    return {
      key: box.dataset.key, title: text(box, ".dfx-cite-entry__text cite"), site: text(box, ".dfx-cite-entry__text i"),
      day: changed ? changed.getAttribute("datetime") : "", version: text(box, ".dfx-cite-entry__version"),
      url: text(box, ".dfx-cite-entry__url"), lang: document.documentElement.lang || "en", today: today
    };
  }

  function csl(p) {
    var item = { id: p.key, type: "entry-encyclopedia", title: p.title, "container-title": p.site, publisher: p.site, language: p.lang };
    if (p.day) item.issued = { "date-parts": [p.day.split("-").map(Number)] };
    if (p.version) item.version = p.version;
    if (p.url) item.URL = p.url;
    item.accessed = { "date-parts": [p.today.split("-").map(Number)] };
    return JSON.stringify([item], null, 1) + "\n";
  }

  function bibtex(p) {
    var fields = [["title", "{" + tex(p.title) + "}"], ["organization", tex(p.site)]];
    if (p.day) fields.push(["date", p.day]);
    if (p.version) fields.push(["version", tex(p.version)]);
    if (p.url) fields.push(["url", p.url.replace(/[{}\\]/g, encodeURIComponent)]);
    fields.push(["urldate", p.today], ["langid", LANGIDS[p.lang] || tex(p.lang)]);
    return "@online{" + p.key + ",\n" + fields.map(function (f) { return "  " + f[0] + " = {" + f[1] + "}"; }).join(",\n") + "\n}\n";
  }

  var FILES = {
    csl: { make: csl, suffix: ".json", type: "application/vnd.citationstyles.csl+json" },
    bibtex: { make: bibtex, suffix: ".bib", type: "application/x-bibtex" }
  };

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
    if (typeof Blob === "undefined" || !window.URL || !URL.createObjectURL) return;
    var downloads = document.createElement("p");
    downloads.className = "dfx-cite-entry__downloads";
    Object.keys(FILES).forEach(function (format) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = box.dataset[format];
      downloads.appendChild(button);
      button.addEventListener("click", function () {
        var file = FILES[format];
        var link = document.createElement("a");
        link.href = URL.createObjectURL(new Blob([file.make(parts(box, iso))], { type: file.type + ";charset=utf-8" }));
        link.download = box.dataset.key + file.suffix;
        document.body.appendChild(link);
        link.click();
        link.remove();
        setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
      });
    });
    box.appendChild(downloads);
  }

  function start() { document.querySelectorAll(".dfx-cite-entry[data-key]").forEach(setUp); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
