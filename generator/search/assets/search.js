/* The archive's search box: MiniSearch over the documents of search/index.js, with names
   folded by names.js on both sides. Everything is built with DOM calls and textContent:
   no text from the index is ever parsed as HTML. */
(function () {
  "use strict";
  var box = document.querySelector("[data-dfx-search]");
  if (!box) return;
  var input = box.querySelector(".dfx-search__input"), toggle = box.querySelector(".dfx-search__toggle");
  var closer = box.querySelector(".dfx-search__close");
  var panel = box.querySelector(".dfx-search__results"), list = box.querySelector(".dfx-search__list");
  var count = box.querySelector(".dfx-search__count"), root = box.getAttribute("data-root") || ".";
  var SHOWN = 20;
  // Entries before pages, people and units before the events and sources that mention them.
  var WEIGHT = { person: 1.5, unit: 1.4, event: 1.1, source: 1.1, page: 0.5 };
  var loading = null, docs = null, labels = null, engine = null, closing = false;
  var arabicFirst = document.documentElement.lang === "ar";

  box.classList.add("dfx-search--on");

  /* The engine, its folding and the index, loaded in order on first use; resolves once the index is built.
     A failed download (a slow or dropped connection) is tried again at the next keystroke. */
  function load() {
    if (loading) return loading;
    var arrived, added = [];
    loading = new Promise(function (resolve, reject) {
      window.dfxSearchIndex = function (columns) { arrived = columns; };
      var scripts = box.getAttribute("data-scripts").split(" "), pending = scripts.length;
      scripts.forEach(function (src) {
        var s = document.createElement("script");
        s.src = src;
        s.async = false;  // run in the order given
        s.onload = function () { if (--pending === 0) resolve(); };
        s.onerror = function () { reject(new Error("could not load " + src)); };
        added.push(s);
        document.head.appendChild(s);
      });
    }).then(function () {
      var columns = arrived.documents, fields = Object.keys(columns);  // the index comes as a column per field
      labels = arrived.labels;
      docs = columns.url.map(function (_, id) {
        var doc = { id: id };
        fields.forEach(function (f) { doc[f] = columns[f][id]; });
        doc.aliases = doc.aliases.join(" · ");
        return doc;
      });
      engine = new window.MiniSearch({
        fields: ["name", "ar", "aliases", "description", "more"],
        tokenize: window.dfxNames.tokens,
        processTerm: window.dfxNames.expand,
        searchOptions: {
          boost: { name: 4, ar: 4, aliases: 3, description: 1, more: 1 },
          prefix: function (term) { return term.length >= (term[0] === "~" ? 3 : 2); },
          fuzzy: function (term) { return term[0] !== "~" && term.length >= 4 ? 0.2 : false; },
          weights: { fuzzy: 0.3, prefix: 0.5 },
          boostDocument: function (id) { return WEIGHT[docs[id].kind] || 1; }
        }
      });
      engine.addAll(docs);
    });
    loading.catch(function (err) {
      added.forEach(function (s) { s.remove(); });
      loading = null;
      if (input.value.trim()) { count.textContent = box.dataset.failed.replace("{error}", function () { return err.message; }); panel.hidden = false; }
    });
    return loading;
  }

  /* Results for ``query``, best first (used by the box, and by the tests). */
  function search(query) {
    return load().then(function () {
      return engine.search(query).map(function (hit) {
        var doc = docs[hit.id], fields = {};
        Object.keys(hit.match).forEach(function (t) {  // where the spelling itself matched, not only its skeleton
          if (t[0] !== "~") hit.match[t].forEach(function (f) { fields[f] = true; });
        });
        return { doc: doc, href: root.replace(/\/?$/, "/") + doc.url, byAlias: !!fields.aliases };
      });
    });
  }

  function el(tag, cls, text, attrs) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text) node.textContent = text;
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }

  function item(result) {
    var doc = result.doc, a = el("a", "dfx-search__hit", "", { href: result.href });
    var head = el("span", "dfx-search__head");
    head.appendChild(el("span", "dfx-search__kind", labels.kind[doc.kind] || doc.kind));
    var latin = { lang: "en", dir: "ltr" }, arabic = { lang: "ar", dir: "rtl" };
    if (arabicFirst && doc.ar) {  // the Arabic edition names an entry by its Arabic name first, the Latin one beside it
      head.appendChild(el("span", "dfx-search__name", doc.ar, arabic));
      head.appendChild(el("span", "dfx-search__other", doc.name, latin));
    } else {
      head.appendChild(el("span", "dfx-search__name", doc.name, doc.ar ? latin : {}));
      if (doc.ar) head.appendChild(el("span", "dfx-search__other dfx-ar", doc.ar, arabic));
    }
    a.appendChild(head);
    if (result.byAlias) a.appendChild(el("span", "dfx-search__also", labels.words[doc.kind === "unit" ? "called" : "spelled"] + doc.aliases));
    if (doc.description) a.appendChild(el("span", "dfx-search__desc", doc.description));
    if (doc.status || doc.date) {  // a person's defection, an event, a source's date
      var line = el("span", "dfx-search__when", doc.kind === "person" ? labels.words.defection : "");
      if (doc.status) line.appendChild(el("span", "dfx-status dfx-status--" + doc.status, labels.status[doc.status] || doc.status));
      if (doc.date) line.appendChild(document.createTextNode(" " + doc.date));
      a.appendChild(line);
    }
    var li = el("li", "dfx-search__item");
    li.appendChild(a);
    return li;
  }

  var asked = 0;
  function update() {
    var query = input.value.trim(), ticket = ++asked;
    if (!query) { panel.hidden = true; list.textContent = ""; count.textContent = ""; delete count.dataset.query; return; }
    panel.hidden = false;
    if (!engine) count.textContent = box.dataset.loading;
    search(query).catch(function () { return null; }).then(function (results) {
      if (!results) return;  // load() has said why
      if (ticket !== asked) return;  // a newer query is on its way
      list.textContent = "";
      results.slice(0, SHOWN).forEach(function (r) { list.appendChild(item(r)); });
      count.dataset.query = query;  // which query the list shows (the tests wait for it)
      var words = labels.words, said = results.length === 0 ? words.none : results.length === 1 ? words.one
        : results.length > SHOWN ? words.more : words.many;
      var values = { query: query, count: String(results.length), shown: String(SHOWN) };
      count.textContent = said.replace(/\{(query|count|shown)\}/g, function (_, key) { return values[key]; });
    });
  }

  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }

  function open() {
    box.classList.add("dfx-search--open");
    toggle.setAttribute("aria-expanded", "true");
    input.focus();
    load().catch(function () {});
    update();
  }

  /* Close the results (and, on a phone, the box); ``refocus``: put focus back where it belongs. */
  function close(refocus) {
    var wasOpen = box.classList.contains("dfx-search--open");
    panel.hidden = true;
    box.classList.remove("dfx-search--open");
    toggle.setAttribute("aria-expanded", "false");
    if (refocus) {
      closing = true;  // focusing the box must not show the results again
      (wasOpen && getComputedStyle(toggle).display !== "none" ? toggle : input).focus();
      closing = false;
    }
  }

  input.addEventListener("input", update);
  input.addEventListener("focus", function () { load().catch(function () {}); if (input.value.trim() && !closing) update(); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown" && links().length) { e.preventDefault(); links()[0].focus(); }
    if (e.key === "Escape") { e.preventDefault(); close(true); }
  });
  box.querySelector("form").addEventListener("submit", function (e) {
    e.preventDefault();  // Enter opens the best result, once there is one
    var query = input.value.trim();
    if (query) search(query).then(function (results) { if (results.length && input.value.trim() === query) location.href = results[0].href; }, function () {});
  });
  list.addEventListener("keydown", function (e) {
    var all = links(), i = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" && i < all.length - 1) { e.preventDefault(); all[i + 1].focus(); }
    if (e.key === "ArrowUp") { e.preventDefault(); (i > 0 ? all[i - 1] : input).focus(); }
    if (e.key === "Escape") { e.preventDefault(); close(true); }
  });
  toggle.addEventListener("click", function () { if (box.classList.contains("dfx-search--open")) close(true); else open(); });
  closer.addEventListener("click", function () { close(true); });
  document.addEventListener("click", function (e) { if (!box.contains(e.target)) close(false); });
  if (input.value.trim()) update();  // typed before this script ran

  window.dfxSearch = search;
})();
