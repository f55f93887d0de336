/* Sort any table with class "dfx-sortable" by a column: each header's text becomes a button (its th keeps aria-sort).
   Cells may carry data-sort with a sortable value (dates as YYYY-MM-DD, ranks by their order).
   The table's data-sort-title names the action in the page's language. Another script can sort a
   table with a "dfx-sort" event ({index, descending}); each sort is announced with "dfx-sorted". */
(function () {
  "use strict";
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    return cell.getAttribute("data-sort") || cell.textContent.trim();
  }
  function sortBy(table, index, descending) {
    var body = table.tBodies[0];
    var headers = table.tHead.rows[0].cells;
    if (!body || !headers[index]) return;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index), y = cellValue(b, index);
      var nx = Number(x), ny = Number(y);
      var result = (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return descending ? -result : result;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(headers, function (th) { th.removeAttribute("aria-sort"); });
    headers[index].setAttribute("aria-sort", descending ? "descending" : "ascending");
    table.dispatchEvent(new CustomEvent("dfx-sorted", { detail: { index: index, descending: descending } }));
  }
  function setUp() {
    document.querySelectorAll("table.dfx-sortable").forEach(function (table) {
      if (!table.tHead || table.dataset.dfxSortable) return;
      table.dataset.dfxSortable = "1";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "dfx-sort";
        if (table.dataset.sortTitle) button.title = table.dataset.sortTitle;
        while (th.firstChild) button.appendChild(th.firstChild);
        th.appendChild(button);
        button.addEventListener("click", function () { sortBy(table, index, th.getAttribute("aria-sort") === "ascending"); });
      });
      table.addEventListener("dfx-sort", function (event) { sortBy(table, event.detail.index, event.detail.descending); });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp); else setUp();
})();
