/* Shared helpers: CSRF-protected JSON requests and the accept/reject buttons on any page. */
"use strict";
window.veeduria = (function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const lang = document.body.dataset.lang || "en";
  const stateLabels = {
    en: { unreviewed: "unreviewed", accepted: "accepted", rejected: "rejected", edited: "edited" },
    es: { unreviewed: "sin revisar", accepted: "aceptada", rejected: "rechazada", edited: "editada" },
  };

  async function getJSON(url) {
    const r = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!r.ok) throw new Error((await r.json()).error || r.statusText);
    return r.json();
  }

  async function review(claimId, decision, extra) {
    const r = await fetch("/api/claims/" + encodeURIComponent(claimId) + "/review", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf, Accept: "application/json" },
      body: JSON.stringify(Object.assign({ decision: decision }, extra || {})),
    });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    markState(claimId, body.state);
    return body;
  }

  function markState(claimId, state) {
    document.querySelectorAll('[data-state-for="' + CSS.escape(claimId) + '"]').forEach(function (el) {
      el.className = "badge " + state;
      el.textContent = (stateLabels[lang] || stateLabels.en)[state] || state;
    });
    document.querySelectorAll('[data-claim-row="' + CSS.escape(claimId) + '"]').forEach(function (el) {
      el.dataset.state = state;
    });
  }

  document.addEventListener("click", function (ev) {
    const button = ev.target.closest(".review-controls button[data-decision]");
    if (!button) return;
    ev.preventDefault();
    const claimId = button.parentElement.dataset.claim;
    button.disabled = true;
    review(claimId, button.dataset.decision)
      .catch(function (err) { alert(err.message); })
      .finally(function () { button.disabled = false; });
  });

  /* A reviewer's edit: the machine's claim stays (marked edited), the new value is a reviewed
     claim of its own; the page reloads to show both. */
  document.addEventListener("submit", function (ev) {
    const form = ev.target.closest("form.edit-claim-form");
    if (!form) return;
    ev.preventDefault();
    const raw = form.elements.value.value.trim();
    const value = form.dataset.kind === "int" ? parseInt(raw, 10) : raw;
    const error = form.querySelector(".error");
    if (raw === "" || (form.dataset.kind === "int" && !/^\d+$/.test(raw))) {
      error.textContent = "?";
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    const comment = form.elements.comment.value.trim();
    review(form.dataset.claim, "edit", { new_value: value, comment: comment || null })
      .then(function () { window.location.reload(); })
      .catch(function (err) { error.textContent = err.message; button.disabled = false; });
  });

  /* Text for the DOM only through textContent: document text never becomes markup. */
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(function ([k, v]) { node.setAttribute(k, v); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function escapeHTML(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  // On a phone the top links are one scrollable row: bring the current page's link into view.
  (function () {
    const nav = document.querySelector("header nav");
    const current = nav && nav.querySelector("[aria-current]");
    if (current && nav.scrollWidth > nav.clientWidth) {
      nav.scrollLeft = Math.max(0, current.offsetLeft - (nav.clientWidth - current.offsetWidth) / 2);
    }
  })();

  return { csrf: csrf, lang: lang, getJSON: getJSON, review: review, el: el, escapeHTML: escapeHTML };
})();
