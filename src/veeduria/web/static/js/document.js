/* Document reader: click a highlighted passage to list its claims; ?claim=ID focuses one. */
"use strict";
(function () {
  const text = document.getElementById("doc-text");
  const hint = document.getElementById("claims-hint");
  const items = document.querySelectorAll("#claim-list .claim");

  function show(ids) {
    const wanted = new Set(ids);
    items.forEach(function (li) { li.hidden = !wanted.has(li.dataset.claim); });
    if (hint) hint.hidden = ids.length > 0;
  }

  function select(mark) {
    text.querySelectorAll("mark.selected").forEach(function (m) { m.classList.remove("selected"); });
    mark.classList.add("selected");
    show(mark.dataset.claims.split(" "));
  }

  text.addEventListener("click", function (ev) {
    const mark = ev.target.closest("mark[data-claims]");
    if (mark) select(mark);
  });
  text.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && ev.target.matches("mark[data-claims]")) select(ev.target);
  });

  const focus = text.dataset.focus || (location.hash.startsWith("#claim-") ? location.hash.slice(7) : "");
  if (focus) {
    const marks = Array.from(text.querySelectorAll("mark[data-claims]")).filter(function (m) {
      return m.dataset.claims.split(" ").includes(focus);
    });
    marks.forEach(function (m) { m.classList.add("focus"); });
    if (marks.length) {
      marks[0].scrollIntoView({ block: "center" });
      show([focus]);
      marks[0].focus({ preventScroll: true });
    }
  }
})();
