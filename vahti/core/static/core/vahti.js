// Small conveniences; every page works without them. A file, not inline script: the
// Content-Security-Policy allows scripts from Vahti's own address only.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", function () {
  // The phone header's menu button opens and closes the links beyond the daily ones.
  var toggle = document.querySelector("header.top .menu-toggle");
  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var header = toggle.closest("header");
      var open = header.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }
  // Week page: copy Monday's row to Tuesday–Friday (the usual week in one click).
  var fill = document.getElementById("fill-weekdays");
  if (fill) {
    fill.addEventListener("click", function () {
      var fields = ["kind", "hours", "programme_hours", "travel_hours", "mode"];
      for (var day = 1; day <= 4; day++) {
        fields.forEach(function (name) {
          var from = document.getElementById("id_day-0-" + name);
          var to = document.getElementById("id_day-" + day + "-" + name);
          if (from && to) { to.value = from.value; }
        });
        var kind = document.getElementById("id_day-" + day + "-kind");
        if (kind) { kind.dispatchEvent(new Event("change")); }
      }
    });
  }
  // Week page: each day shows the fields of its entry (a rehabilitation day's hours and mode, a
  // flex day's justification, an absence's reason); without JavaScript every field shows.
  document.querySelectorAll("tr[data-entry]").forEach(function (row) {
    var kind = row.querySelector("select[name$='-kind']");
    if (!kind) { return; }
    function show() {
      row.querySelectorAll("td[data-for]").forEach(function (cell) {
        var wanted = cell.getAttribute("data-for").split(" ").indexOf(kind.value) >= 0;
        cell.classList.toggle("na", !wanted);
      });
    }
    kind.addEventListener("change", show);
    show();
  });
  // Week grid: hours only for a rehabilitation day, a justification only for a flex day.
  document.querySelectorAll("select[data-cell]").forEach(function (select) {
    var cell = select.closest("td");
    function show() {
      var hours = cell.querySelector(".cell-hours"), reason = cell.querySelector(".cell-reason");
      if (hours) { hours.hidden = select.value !== "day"; }
      if (reason) { reason.hidden = select.value !== "flex_day"; }
    }
    select.addEventListener("change", show);
    show();
  });
  // A refused save: the summary of what to correct takes the focus (the error summary pattern).
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
  // A table that scrolls sideways on a narrow screen can be scrolled from the keyboard too.
  document.querySelectorAll("main table, .table-wrap").forEach(function (box) {
    if (box.scrollWidth > box.clientWidth + 1) { box.setAttribute("tabindex", "0"); }
  });
  // Buttons with data-copy="<element id>" copy that element's text.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      var source = document.getElementById(button.getAttribute("data-copy"));
      if (source && navigator.clipboard) { navigator.clipboard.writeText(source.innerText); }
    });
  });
});
