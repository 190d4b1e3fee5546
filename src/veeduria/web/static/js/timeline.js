/* Timeline: events from /api/timeline with the page's filters; click an item to open it. */
"use strict";
(function () {
  const box = document.getElementById("timeline");
  const types = JSON.parse(box.dataset.types);
  const count = document.getElementById("tl-count");

  function start(date) {
    if (date.length === 4) return date + "-07-01";
    if (date.length === 7) return date + "-15";
    return date;
  }

  window.veeduria.getJSON("/api/timeline?" + box.dataset.query).then(function (data) {
    const items = data.events.map(function (e) {
      const label = (types[e.type] || e.type) + (e.place ? " · " + e.place : e.country ? " · " + e.country : "");
      return {
        id: e.id,
        content: window.veeduria.escapeHTML(label),
        title: window.veeduria.escapeHTML(e.date + " · " + label),
        start: start(e.date),
        className: "t-" + e.type,
      };
    });
    count.textContent = String(items.length) + (data.truncated ? "+" : "");
    if (!items.length) {
      box.textContent = box.dataset.empty;
      box.classList.add("empty");
      return;
    }
    // Open on where most events are (5th to 95th percentile of dates), not on outliers.
    const days = items.map(function (i) { return Date.parse(i.start); }).sort(function (a, b) { return a - b; });
    const lo = days[Math.floor(0.05 * (days.length - 1))], hi = days[Math.ceil(0.95 * (days.length - 1))];
    const pad = Math.max(15 * 86400000, 0.05 * (hi - lo));
    const timeline = new vis.Timeline(box, new vis.DataSet(items), {
      start: new Date(lo - pad),
      end: new Date(hi + pad),
      showCurrentTime: false,
      stack: true,
      maxHeight: 560,
      zoomKey: "ctrlKey",
      orientation: { axis: "top" },
      margin: { item: 4 },
      tooltip: { followMouse: true },
    });
    timeline.on("select", function (props) {
      if (props.items.length) location.href = "/events/" + encodeURIComponent(props.items[0]);
    });
    document.getElementById("tl-in").onclick = function () { timeline.zoomIn(0.5); };
    document.getElementById("tl-out").onclick = function () { timeline.zoomOut(0.5); };
    document.getElementById("tl-fit").onclick = function () { timeline.fit(); };
    box.dataset.ready = "true";
  }).catch(function (err) { box.textContent = err.message; });
})();
