/* Map: an offline Natural Earth basemap (optional OSM tiles), events clustered by the server. */
"use strict";
(function () {
  const box = document.getElementById("map");
  const types = JSON.parse(box.dataset.types);
  const count = document.getElementById("map-count");
  const el = window.veeduria.el;
  const map = L.map(box, { worldCopyJump: true, preferCanvas: false }).setView([-12, -70], 3);

  fetch("/static/vendor/world-atlas/countries-50m.json").then(function (r) { return r.json(); }).then(function (topo) {
    const land = topojson.feature(topo, topo.objects.countries);
    // Antarctica and Fiji cross the antimeridian and would draw a line across the map.
    land.features = land.features.filter(function (f) { return f.id !== "010" && f.id !== "242"; });
    L.geoJSON(land, {
      style: { color: "#8a8f98", weight: 0.6, fillColor: "#eef0f2", fillOpacity: 1 },
      interactive: false,
    }).addTo(map).bringToBack();
  });
  if (box.dataset.online === "true") {
    L.tileLayer(box.dataset.tiles, {
      maxZoom: 18,
      attribution: "© OpenStreetMap contributors",
    }).addTo(map);
  }

  const layer = L.layerGroup().addTo(map);
  const radius = { place: 7, admin1: 11, country: 16 };

  function popup(c) {
    const div = el("div", { class: "popup" });
    if (c.count === 1) {
      const a = el("a", { href: "/events/" + encodeURIComponent(c.event_ids[0]) }, types[Object.keys(c.types)[0]] || Object.keys(c.types)[0]);
      div.appendChild(a);
      div.appendChild(el("div", { class: "small muted" }, (c.date || "?") + " · " + (c.label || "") + " · " + c.precision));
    } else {
      div.appendChild(el("strong", {}, c.count + " " + box.dataset.eventsLabel));
      const ul = el("ul");
      Object.entries(c.types).slice(0, 6).forEach(function ([t, n]) { ul.appendChild(el("li", {}, (types[t] || t) + ": " + n)); });
      div.appendChild(ul);
      const list = el("div", { class: "small" });
      c.event_ids.slice(0, 8).forEach(function (id, i) {
        list.appendChild(el("a", { href: "/events/" + encodeURIComponent(id) }, "#" + (i + 1)));
        list.appendChild(document.createTextNode(" "));
      });
      div.appendChild(list);
    }
    return div;
  }

  let fitted = false;
  function load() {
    const zoom = map.getZoom();
    window.veeduria.getJSON("/api/map?" + box.dataset.query + "&zoom=" + zoom).then(function (data) {
      layer.clearLayers();
      const bounds = [];
      data.clusters.forEach(function (c) {
        const r = c.count > 1 ? Math.min(30, 10 + 4 * Math.log2(c.count)) : radius[c.precision] || 8;
        const marker = L.circleMarker([c.lat, c.lon], {
          radius: r,
          className: "marker p-" + c.precision + (c.count > 1 ? " cluster" : ""),
          weight: 1.5,
        });
        marker.bindPopup(popup(c));
        if (c.count > 1) marker.bindTooltip(String(c.count), { permanent: true, direction: "center", className: "cluster-label" });
        marker.addTo(layer);
        bounds.push([c.lat, c.lon]);
      });
      count.textContent = data.total + (data.truncated ? "+" : "") + " · " + data.unplaced + " ∅";
      if (!fitted && bounds.length) {
        fitted = true;
        map.fitBounds(bounds, { padding: [30, 30], maxZoom: 6 });
      }
      box.dataset.markers = String(data.clusters.length);
    });
  }
  map.on("zoomend", load);
  load();
})();
