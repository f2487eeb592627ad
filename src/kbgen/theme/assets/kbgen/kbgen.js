/* kbgen: small progressive enhancements. Every page works without this script. */
(function () {
  "use strict";

  /* A link to a key finding's assessment (or any anchor inside folded content) opens its <details>. */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
    if (target) target.scrollIntoView();
  }

  /* "Every key finding": let readers re-sort the table by any column, announced through aria-sort. */
  var CONFIDENCE = { "high": 0, "moderate": 1, "low": 2, "very low": 3 };

  function sortKey(cell, column) {
    var text = cell.textContent.trim().toLowerCase();
    if (column === 2 && text in CONFIDENCE) return CONFIDENCE[text];
    var number = parseFloat(text);
    return isNaN(number) ? text : number;
  }

  function makeSortable(table) {
    var headers = table.querySelectorAll("thead th");
    var body = table.tBodies[0];
    var original = Array.prototype.slice.call(body.rows);
    headers.forEach(function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "kb-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        headers.forEach(function (other) { other.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = original.slice().sort(function (a, b) {
          var x = sortKey(a.cells[column], column), y = sortKey(b.cells[column], column);
          return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
    headers[2].setAttribute("aria-sort", "ascending");  /* the page's own order: most confident first */
  }

  function init() {
    openTarget();
    var heading = document.getElementById("every-key-finding");
    var next = heading && heading.nextElementSibling;
    while (next && !next.querySelector("table") && next.tagName !== "TABLE") next = next.nextElementSibling;
    var table = next && (next.tagName === "TABLE" ? next : next.querySelector("table"));
    if (table) makeSortable(table);
  }

  window.addEventListener("hashchange", openTarget);
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

/* Printing opens every folded section, so a printed theme page carries all its evidence. */
(function () {
  "use strict";
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(document.querySelectorAll("details:not([open])"), function (d) {
      d.open = true;
      return true;
    });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
})();

/* material's search is a dialog without a name; give it one (WCAG 4.1.2). */
(function () {
  "use strict";
  var search = document.querySelector(".md-search[role=dialog]");
  if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "Search");
})();
