/* Filters for a table (form.dfx-filter[data-for=<table id>]): each <select name=X> keeps the rows whose
   data-X is the chosen value (or, for a select marked data-list, lists it among several, space-separated); the "to" box keeps rows
   whose cell in its data-column contains its text. The choice and the sort order live in the address's fragment
   (#status=unconfirmed&year=2012&sort=3-desc), so a filtered view can be shared and bookmarked, also
   from file://. Without script the form stays hidden and the whole table shows. */
(function () {
  "use strict";

  function fold(text) { return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  function setUp(form) {
    var table = document.getElementById(form.dataset.for);
    if (!table || !table.tBodies[0]) return;
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var to = form.querySelector("input[name=to]");
    var count = form.querySelector(".dfx-filter__count");
    var toColumn = to ? +to.dataset.column : -1;  // the column the text box searches
    var sort = "";

    function apply() {
      var wanted = selects.filter(function (s) { return s.value; });
      var text = to ? fold(to.value.trim()) : "";
      var shown = 0;
      rows.forEach(function (row) {
        var keep = wanted.every(function (s) {
          var held = row.dataset[s.name] || "";  // one value ("Lieutenant Colonel"), or ids ("unit-a unit-b")
          return s.hasAttribute("data-list") ? held.split(" ").indexOf(s.value) >= 0 : held === s.value;
        });
        if (keep && text && toColumn >= 0) keep = fold(row.cells[toColumn].textContent).indexOf(text) >= 0;
        row.hidden = !keep;
        if (keep) shown += 1;
      });
      if (count) count.textContent = count.dataset.of.replace("{shown}", shown).replace("{total}", rows.length);
    }

    function write() {
      var params = new URLSearchParams();
      selects.forEach(function (s) { if (s.value) params.set(s.name, s.value); });
      if (to && to.value.trim()) params.set("to", to.value.trim());
      if (sort) params.set("sort", sort);
      var fragment = params.toString();
      var address = location.href.split("#")[0] + (fragment ? "#" + fragment : "");
      try { history.replaceState(null, "", address); } catch (e) { location.hash = fragment; }
    }

    function read() {
      var params = new URLSearchParams(location.hash.slice(1));
      var names = selects.map(function (s) { return s.name; }).concat(["to", "sort"]);
      if (location.hash && !names.some(function (n) { return params.has(n); })) return;  // #a-heading: not a view
      selects.forEach(function (s) {
        var value = params.get(s.name) || "";
        s.value = Array.prototype.some.call(s.options, function (o) { return o.value === value; }) ? value : "";
      });
      if (to) to.value = params.get("to") || "";
      var order = /^(\d+)-(asc|desc)$/.exec(params.get("sort") || "");
      sort = order ? order[0] : "";
      if (order && table.tHead.rows[0].cells[+order[1]]) {
        table.dispatchEvent(new CustomEvent("dfx-sort", { detail: { index: +order[1], descending: order[2] === "desc" } }));
      }
      apply();
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("input", function () { apply(); write(); });  // a select fires it too
    form.addEventListener("reset", function () { setTimeout(function () { apply(); write(); }, 0); });
    table.addEventListener("dfx-sorted", function (event) {
      sort = event.detail.index + "-" + (event.detail.descending ? "desc" : "asc");
      write();
    });
    window.addEventListener("hashchange", read);
    read();
  }

  function start() { document.querySelectorAll("form.dfx-filter[data-for]").forEach(setUp); }
  // After tablesort.js has set up its tables (it is listed first and runs on the same event).
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();
