/* Review queue keyboard: a accept, r reject, j/k next/previous, o open in the document. */
"use strict";
/* Merge candidates: "same event" / "not the same" append a judgement (POST /api/judgements). */
document.addEventListener("click", function (ev) {
  const button = ev.target.closest(".judge-controls button[data-judgement]");
  if (!button) return;
  ev.preventDefault();
  const controls = button.parentElement;
  const item = controls.closest(".candidate");
  controls.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
  fetch("/api/judgements", {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": window.veeduria.csrf, Accept: "application/json" },
    body: JSON.stringify({ left: controls.dataset.left, right: controls.dataset.right, judgement: button.dataset.judgement }),
  })
    .then(async function (r) {
      const body = await r.json();
      if (!r.ok) throw new Error(body.error || r.statusText);
      const done = item.querySelector(".judged");
      done.textContent = button.dataset.judgement === "same" ? done.dataset.same : done.dataset.notSame;
      done.hidden = false;
      item.dataset.judged = body.judgement;
      controls.remove();
    })
    .catch(function (err) {
      alert(err.message);
      controls.querySelectorAll("button").forEach(function (b) { b.disabled = false; });
    });
});
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
