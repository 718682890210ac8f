// stillframe QC report: sorting, filtering and the movie detail, with nothing fetched from the network.
// The page's state lives in its fragment: #sort=KEY or #sort=-KEY (descending), &movie=STEM, &filter=TEXT,
// &series=NAME (a tilt series opened).
(function () {
  "use strict";
  var table = document.getElementById("movie-table");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var filter = document.getElementById("filter");
  var flaggedOnly = document.getElementById("flagged-only");
  var shown = document.getElementById("shown");
  var images = null; // parsed on the first detail shown: the page opens without decoding them

  function imageData() {
    if (images === null) {
      images = JSON.parse(document.getElementById("images").textContent);
    }
    return images;
  }

  function state() {
    var s = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (p) {
      var i = p.indexOf("=");
      if (i > 0) { s[p.slice(0, i)] = decodeURIComponent(p.slice(i + 1)); }
    });
    return s;
  }

  function setState(changes) {
    var s = state();
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null || changes[k] === "") { delete s[k]; } else { s[k] = changes[k]; }
    });
    var h = Object.keys(s).map(function (k) { return k + "=" + encodeURIComponent(s[k]); }).join("&");
    history.replaceState(null, "", h ? "#" + h : location.pathname + location.search);
    apply();
  }

  function value(row, key, type) {
    var v = row.getAttribute("data-" + key);
    if (type === "text") { return v || ""; }
    return v === null || v === "" ? NaN : parseFloat(v);
  }

  function sortRows(spec) {
    var desc = spec.charAt(0) === "-";
    var key = desc ? spec.slice(1) : spec;
    var th = table.querySelector('th[data-key="' + key + '"]');
    if (!th) { return; }
    var type = th.getAttribute("data-type");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("data-dir"); });
    th.setAttribute("data-dir", desc ? "desc" : "asc");
    var sorted = rows.slice().sort(function (a, b) {
      var x = value(a, key, type), y = value(b, key, type);
      if (type !== "text") { // unknown numbers (failed movies) last either way
        if (isNaN(x) || isNaN(y)) { return isNaN(x) - isNaN(y); }
        return desc ? y - x : x - y;
      }
      return desc ? y.localeCompare(x) : x.localeCompare(y);
    });
    var f = document.createDocumentFragment();
    sorted.forEach(function (r) { f.appendChild(r); });
    body.appendChild(f);
  }

  function applyFilter() {
    var text = filter.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (r) {
      var hide = (text && r.getAttribute("data-search").indexOf(text) < 0)
        || (flaggedOnly.checked && !r.classList.contains("outlier")
          && !r.classList.contains("local-outlier") && !r.classList.contains("status-failed"));
      r.hidden = !!hide;
      if (!hide) { count++; }
    });
    shown.textContent = count + " of " + rows.length + " movies shown";
  }

  function picture(caption, src, cls) {
    var fig = document.createElement("figure");
    var img = document.createElement("img");
    img.className = cls;
    img.alt = caption;
    img.onload = function () { img.setAttribute("data-loaded", img.naturalWidth + "x" + img.naturalHeight); };
    img.onerror = function () { img.setAttribute("data-loaded", "error"); };
    img.src = src;
    var c = document.createElement("figcaption");
    c.textContent = caption;
    fig.appendChild(img);
    fig.appendChild(c);
    return fig;
  }

  function showMovie(stem) {
    var detail = document.getElementById("detail");
    rows.forEach(function (r) { r.classList.toggle("selected", r.getAttribute("data-stem") === stem); });
    var row = document.getElementById("row-" + stem);
    if (!stem || !row) { detail.hidden = true; return; }
    if (detail.getAttribute("data-stem") === stem) { detail.hidden = false; return; }
    detail.innerHTML = "";
    detail.setAttribute("data-stem", stem);
    var h = document.createElement("h3");
    h.textContent = stem + " (" + row.getAttribute("data-status") + ")";
    detail.appendChild(h);
    var p = document.createElement("p");
    p.textContent = row.getAttribute("data-movie");
    detail.appendChild(p);
    if (row.getAttribute("data-error")) {
      var e = document.createElement("p");
      e.className = "error";
      e.textContent = row.getAttribute("data-error");
      detail.appendChild(e);
    }
    var img = imageData()[stem];
    if (!img && row.getAttribute("data-status") === "ok") {
      var note = document.createElement("p");
      note.className = "note";
      note.textContent = "Pictures left out: the page holds them for " + document.body.getAttribute("data-pictured")
        + " movies (outliers first); this movie's sum and power spectrum are under thumbnails/ beside the sums.";
      detail.appendChild(note);
    }
    img = img || {};
    [["traj", "global trajectory"], ["field", "patch shifts, first to last frame"], ["sum", "sum (dose-weighted)"],
      ["ps", "power spectrum"], ["particles", "particle trajectories"]].forEach(function (k) {
      if (img[k[0]]) { detail.appendChild(picture(k[1], img[k[0]], "detail-" + k[0])); }
    });
    detail.hidden = false;
  }

  function fillSeries(details) {
    if (details.getAttribute("data-filled")) { return; }
    details.setAttribute("data-filled", "1");
    var strip = details.querySelector(".strip");
    var data = imageData();
    Array.prototype.forEach.call(details.querySelectorAll("tr[data-stem]"), function (r) {
      var d = data[r.getAttribute("data-stem")];
      var fig = picture(r.getAttribute("data-angle") + "\u00B0", d && d.sum ? d.sum : "", "tilt-sum");
      fig.className = "tilt";
      strip.appendChild(fig);
    });
  }

  function apply() {
    var s = state();
    if (s.filter !== undefined && filter.value !== s.filter) { filter.value = s.filter; }
    sortRows(s.sort || "stem");
    applyFilter();
    showMovie(s.movie || "");
    if (s.series) {
      Array.prototype.forEach.call(document.querySelectorAll("details.series"), function (d) {
        if (d.getAttribute("data-series") === s.series) { d.open = true; fillSeries(d); }
      });
    }
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () {
      var key = th.getAttribute("data-key");
      var cur = state().sort || "stem";
      setState({sort: cur === key ? "-" + key : key});
    });
  });
  filter.addEventListener("input", function () { setState({filter: filter.value}); });
  flaggedOnly.addEventListener("change", applyFilter);
  window.addEventListener("hashchange", apply);
  body.addEventListener("click", function (ev) {
    var a = ev.target.closest("a[data-stem]");
    if (a) { ev.preventDefault(); setState({movie: a.getAttribute("data-stem")}); }
  });
  Array.prototype.forEach.call(document.querySelectorAll("details.series"), function (d) {
    d.addEventListener("toggle", function () { if (d.open) { fillSeries(d); } });
    if (d.open) { fillSeries(d); }
  });
  apply();
  document.body.setAttribute("data-ready-ms", performance.now().toFixed(1));
  window.addEventListener("load", function () {
    document.body.setAttribute("data-load-ms", performance.now().toFixed(1));
  });
})();
