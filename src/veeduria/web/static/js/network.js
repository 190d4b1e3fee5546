/* Network: cytoscape graph of actors and events (or actors and relations); PNG/SVG export. */
"use strict";
(function () {
  const box = document.getElementById("network");
  const count = document.getElementById("net-count");
  const colors = { event: "#c0392b", person: "#2e6da4", organization: "#7b4fa0", company: "#b9770e",
    government_body: "#1e8449", political_party: "#a04000", country: "#566573", place: "#839192" };

  window.veeduria.getJSON("/api/network?mode=" + box.dataset.mode + "&" + box.dataset.query).then(function (data) {
    const elements = [];
    const linked = new Set();
    data.edges.forEach(function (e) { linked.add(e.source); linked.add(e.target); });
    data.nodes = data.nodes.filter(function (n) { return linked.has(n.id); });  // no lone dots
    data.nodes.forEach(function (n) {
      elements.push({ data: { id: n.id, label: n.label, group: n.group, kind: n.kind, weight: n.weight } });
    });
    data.edges.forEach(function (e, i) {
      elements.push({ data: { id: "e" + i, source: e.source, target: e.target, label: e.kind === "mention" ? "" : e.label, kind: e.kind, weight: e.weight } });
    });
    count.textContent = data.nodes.length + " / " + data.edges.length + (data.truncated ? " …" : "");
    const cy = cytoscape({
      container: box,
      elements: elements,
      style: [
        { selector: "node", style: {
          "background-color": function (n) { return colors[n.data("group") === "event" ? "event" : n.data("kind")] || "#777"; },
          label: "data(label)", "font-size": 11, "min-zoomed-font-size": 5, "text-wrap": "ellipsis", "text-max-width": 120,
          width: function (n) { return Math.min(48, 16 + 5 * Math.sqrt(n.data("weight") || 1)); },
          height: function (n) { return Math.min(48, 16 + 5 * Math.sqrt(n.data("weight") || 1)); },
          color: "#222", "text-valign": "bottom", "text-margin-y": 2 } },
        { selector: 'node[group = "event"]', style: { shape: "round-rectangle", "font-size": 8, color: "#666" } },
        { selector: "edge", style: { width: function (e) { return Math.min(6, 1 + e.data("weight")); },
          "line-color": "#b5bcc4", "curve-style": "bezier", label: "data(label)", "font-size": 7, color: "#555",
          "target-arrow-shape": box.dataset.mode === "actors" ? "triangle" : "none", "target-arrow-color": "#b5bcc4" } },
        { selector: 'edge[kind = "mention"]', style: { "line-style": "dashed" } },
      ],
      layout: { name: data.nodes.length > 400 ? "grid" : "cose", animate: false, nodeDimensionsIncludeLabels: true,
        componentSpacing: 80, nodeRepulsion: function () { return 20000; }, idealEdgeLength: function () { return 70; },
        randomize: true, fit: true, padding: 20 },
    });
    cy.on("tap", "node", function (ev) {
      const n = ev.target;
      location.href = (n.data("group") === "event" ? "/events/" : "/actors/") + encodeURIComponent(n.id());
    });
    box.dataset.nodes = String(data.nodes.length);

    function download(name, url) {
      const a = document.createElement("a");
      a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove();
    }
    document.getElementById("net-png").onclick = function () {
      download("veeduria-network.png", cy.png({ full: true, scale: 2, bg: "#ffffff" }));
    };
    document.getElementById("net-svg").onclick = function () {
      const bb = cy.elements().boundingBox();
      const esc = window.veeduria.escapeHTML;
      const pad = 20, w = bb.w + 2 * pad, h = bb.h + 2 * pad;
      const parts = ['<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="' + (bb.x1 - pad) + " " + (bb.y1 - pad) + " " + w + " " + h + '" font-family="sans-serif">'];
      parts.push('<rect x="' + (bb.x1 - pad) + '" y="' + (bb.y1 - pad) + '" width="' + w + '" height="' + h + '" fill="#fff"/>');
      cy.edges().forEach(function (e) {
        const s = e.source().position(), t = e.target().position();
        parts.push('<line x1="' + s.x + '" y1="' + s.y + '" x2="' + t.x + '" y2="' + t.y + '" stroke="#b5bcc4" stroke-width="' + Math.min(6, 1 + e.data("weight")) + '"' + (e.data("kind") === "mention" ? ' stroke-dasharray="4 3"' : "") + "/>");
      });
      cy.nodes().forEach(function (n) {
        const p = n.position(), r = n.width() / 2;
        const fill = colors[n.data("group") === "event" ? "event" : n.data("kind")] || "#777";
        parts.push('<circle cx="' + p.x + '" cy="' + p.y + '" r="' + r + '" fill="' + fill + '"/>');
        parts.push('<text x="' + p.x + '" y="' + (p.y + r + 10) + '" font-size="9" text-anchor="middle">' + esc(n.data("label")) + "</text>");
      });
      parts.push("</svg>");
      download("veeduria-network.svg", URL.createObjectURL(new Blob([parts.join("\n")], { type: "image/svg+xml" })));
    };
  }).catch(function (err) { box.textContent = err.message; });
})();
