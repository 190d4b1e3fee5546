/* Review queue keyboard: a accept, r reject, j/k next/previous, o open in the document. */
"use strict";
(function () {
  const items = Array.from(document.querySelectorAll("#queue .q-item"));
  if (!items.length) return;
  const canReview = document.body.dataset.canReview === "true";
  let current = 0;

  function move(i) {
    items[current].classList.remove("current");
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].classList.add("current");
    items[current].focus();
    items[current].scrollIntoView({ block: "nearest" });
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.target.matches("input, textarea, select") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    const item = items[current];
    if (ev.key === "j") move(current + 1);
    else if (ev.key === "k") move(current - 1);
    else if (ev.key === "o") location.href = item.dataset.doc;
    else if ((ev.key === "a" || ev.key === "r") && canReview) {
      window.veeduria.review(item.dataset.claimRow, ev.key === "a" ? "accept" : "reject")
        .then(function () { move(current + 1); })
        .catch(function (err) { alert(err.message); });
    } else return;
    ev.preventDefault();
  });
  items.forEach(function (item, i) { item.addEventListener("click", function () { move(i); }); });
})();
