// Search over the embedded index of tables and their columns. Hand-written,
// no dependencies: reads #search-data, listens to #q, fills #results.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("search-data").textContent);
  var input = document.getElementById("q");
  var results = document.getElementById("results");
  var list = document.getElementById("result-list");
  var count = document.getElementById("result-count");
  var browse = document.getElementById("browse");
  var LIMIT = 60, COLS = 8;

  // rank: 0 exact (or plural), 1 prefix, 2 substring, 3 column only, -1 none.
  function rank(name, q) {
    if (name === q || name === q + "s" || name === q + "es") { return 0; }
    if (name.indexOf(q) === 0) { return 1; }
    return name.indexOf(q) >= 0 ? 2 : -1;
  }

  function find(q) {
    var hits = [];
    data.tables.forEach(function (t) {
      var r = rank(t.n, q);
      var cols = t.c.filter(function (c) { return c.indexOf(q) >= 0; });
      if (r >= 0 || cols.length > 0) {
        hits.push({ t: t, r: r < 0 ? 3 : r, cols: cols });
      }
    });
    hits.sort(function (a, b) {
      return a.r - b.r || a.t.n.length - b.t.n.length || (a.t.n < b.t.n ? -1 : 1);
    });
    return hits;
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text) { e.textContent = text; }
    return e;
  }

  function item(hit) {
    var li = el("li");
    var a = el("a", "mono", hit.t.n);
    a.href = "html/tables/" + hit.t.n + ".html";
    a.setAttribute("data-table", hit.t.n);
    li.appendChild(a);
    li.appendChild(el("span", "dom", hit.t.d));
    li.appendChild(el("span", "sum", hit.t.s));
    if (hit.cols.length > 0) {
      var cols = el("span", "cols", "columns: ");
      hit.cols.slice(0, COLS).forEach(function (c) {
        var ca = el("a", "mono", c);
        ca.href = "html/tables/" + hit.t.n + ".html#col-" + c;
        cols.appendChild(ca);
      });
      if (hit.cols.length > COLS) { cols.appendChild(el("span", "", "+" + (hit.cols.length - COLS))); }
      li.appendChild(cols);
    }
    return li;
  }

  function show(raw) {
    var q = raw.trim().toLowerCase().replace(/\s+/g, "_");
    list.textContent = "";
    results.hidden = q === "";
    browse.hidden = q !== "";
    if (q === "") { return; }
    var hits = find(q);
    count.textContent = hits.length === 0 ? "No table or column matches." :
      hits.length + (hits.length === 1 ? " table" : " tables") + " match" +
      (hits.length > LIMIT ? "; showing the first " + LIMIT + "." : ".");
    hits.slice(0, LIMIT).forEach(function (h) { list.appendChild(item(h)); });
  }

  input.addEventListener("input", function () { show(input.value); });
  input.addEventListener("keydown", function (ev) {
    var first = list.querySelector("a[data-table]");
    if (ev.key === "Enter" && first) { window.location.href = first.href; }
  });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) { input.value = initial; }
  show(input.value);
}());
