/* geotrack map helpers (MIT, part of geotrack). Plain JavaScript over Leaflet 1.9: no eval, no inline
 * event handlers, no innerHTML (text is set with textContent), so the page's data never becomes code.
 *
 *   geotrack.baseLayer(map, geojson)   offline base layer (countries, reference cities) in a pane
 *                                      under the tiles: visible with no network, covered by tiles
 *   geotrack.labelLayer(map, sites)    permanent labels (English and Arabic names) of the main sites
 *   geotrack.timeFilter(map, config)   the time slider: shows only the site markers (and labels)
 *                                      mentioned in the chosen month, sized by that month's counts
 */
(function () {
  "use strict";
  var BASE_PANE = "geotrack-base";
  var LABEL_PANE = "geotrack-labels";

  function pane(map, name, zIndex) {
    var p = map.getPane(name) || map.createPane(name);
    p.style.zIndex = String(zIndex);
    return p;
  }

  function baseLayer(map, data) {
    pane(map, BASE_PANE, 150); /* tiles are at 200 */
    map.getPane(BASE_PANE).style.pointerEvents = "none";
    return L.geoJSON(data, {
      pane: BASE_PANE,
      interactive: false,
      style: function (f) {
        if (f.geometry && f.geometry.type === "Point") {
          return { className: "geotrack-base-city", radius: 2.5, color: "#555", weight: 1, fillColor: "#777",
                   fillOpacity: 1 };
        }
        var libya = f.properties && f.properties.libya;
        return { className: "geotrack-base-country", color: "#7b7b7b",
                 weight: libya ? 1.6 : 0.8, fillColor: libya ? "#f4ecd8" : "#e9e6df", fillOpacity: 1 };
      },
      pointToLayer: function (f, latlng) {
        var group = L.featureGroup([
          L.circleMarker(latlng, { pane: BASE_PANE, interactive: false })
        ]);
        var label = document.createElement("span");
        label.textContent = (f.properties && f.properties.name) || "";
        group.addLayer(L.marker(latlng, {
          pane: BASE_PANE, interactive: false, keyboard: false,
          icon: L.divIcon({ className: "geotrack-base-label", html: label, iconSize: null, iconAnchor: [-5, 7] })
        }));
        return group;
      }
    });
  }

  function labelLayer(map, sites) {
    pane(map, LABEL_PANE, 450); /* above the circles (400), under popups (700) */
    var group = L.layerGroup();
    var byId = {};
    sites.forEach(function (s) {
      var box = document.createElement("div");
      var en = document.createElement("div");
      en.className = "geotrack-label-en";
      en.textContent = s.name;
      box.appendChild(en);
      if (s.ar) {
        var ar = document.createElement("div");
        ar.className = "geotrack-label-ar";
        ar.dir = "rtl";
        ar.lang = "ar";
        ar.textContent = s.ar;
        box.appendChild(ar);
      }
      var marker = L.marker([s.lat, s.lon], {
        pane: LABEL_PANE, interactive: false, keyboard: false,
        icon: L.divIcon({ className: "geotrack-label", html: box, iconSize: null,
                          iconAnchor: [-(s.r + 3), 8] })
      });
      marker.geotrackSite = s.id;
      byId[s.id] = marker;
      group.addLayer(marker);
    });
    group.geotrackById = byId;
    group.declutter = function () { declutter(group); };
    map.on("zoomend viewreset", group.declutter);
    group.on("add", function () { setTimeout(group.declutter, 0); });
    return group;
  }

  /* Labels come most mentioned first; one that would overlap a label already shown is hidden (until a
   * zoom gives it room), so names never print over each other. */
  function declutter(group) {
    if (!group._map) { return; }
    var placed = [];
    group.eachLayer(function (marker) {
      var el = marker.getElement && marker.getElement();
      if (!el) { return; }
      el.classList.remove("geotrack-label-hidden");
      var r = el.getBoundingClientRect();
      var clash = placed.some(function (p) {
        return r.left < p.right && p.left < r.right && r.top < p.bottom && p.top < r.bottom;
      });
      if (clash) { el.classList.add("geotrack-label-hidden"); } else { placed.push(r); }
    });
  }

  function radius(count, max, c) {
    if (max <= 0 || count <= 0) { return c.minRadius; }
    return Math.round((c.minRadius + (c.maxRadius - c.minRadius) * Math.sqrt(Math.min(count, max) / max)) * 100) / 100;
  }

  function timeFilter(map, c) {
    var months = c.months;
    var group = window[c.group];
    var labels = c.labels ? window[c.labels] : null;
    var sites = c.sites.map(function (s) {
      var counts = {};
      for (var i = 0; i < s.c.length; i += 2) { counts[s.c[i]] = s.c[i + 1]; }
      return { id: s.id, marker: window[s.m], radius: s.r, counts: counts };
    });
    var state = { index: 0, timer: null };

    function apply(index) {
      state.index = index;
      var month = index - 1; /* 0 is "all periods" */
      var max = 0;
      if (month >= 0) {
        sites.forEach(function (s) { max = Math.max(max, s.counts[month] || 0); });
      }
      var shown = 0, mentions = 0;
      sites.forEach(function (s) {
        var n = month < 0 ? -1 : (s.counts[month] || 0);
        var visible = n !== 0;
        if (visible) {
          shown += 1;
          mentions += n > 0 ? n : 0;
          s.marker.setRadius(n > 0 ? radius(n, max, c) : s.radius);
          if (!group.hasLayer(s.marker)) { group.addLayer(s.marker); }
        } else if (group.hasLayer(s.marker)) {
          if (s.marker.isPopupOpen && s.marker.isPopupOpen()) { s.marker.closePopup(); }
          group.removeLayer(s.marker);
        }
        var label = labels && labels.geotrackById[s.id];
        if (label) {
          if (visible && !labels.hasLayer(label)) { labels.addLayer(label); }
          if (!visible && labels.hasLayer(label)) { labels.removeLayer(label); }
        }
      });
      if (labels && labels.declutter) { labels.declutter(); }
      range.value = String(index);
      text.textContent = month < 0
        ? "All periods · " + sites.length + " sites"
        : months[month] + " · " + shown + " site" + (shown === 1 ? "" : "s") + ", " + mentions + " mention" +
          (mentions === 1 ? "" : "s");
      box.setAttribute("data-month", month < 0 ? "" : months[month]);
      box.setAttribute("data-shown", String(shown));
    }

    function stop() {
      if (state.timer) { clearInterval(state.timer); state.timer = null; }
      play.textContent = "\u25b6";
      play.title = "Play the months in turn";
    }

    function start() {
      if (state.index >= months.length) { apply(0); }
      play.textContent = "\u275a\u275a";
      play.title = "Pause";
      state.timer = setInterval(function () {
        if (state.index >= months.length) { stop(); return; }
        apply(state.index + 1);
      }, c.stepMs || 1200);
    }

    var box = L.DomUtil.create("div", "geotrack-time leaflet-bar");
    box.id = "geotrack-time";
    var play = L.DomUtil.create("button", "geotrack-time-play", box);
    play.type = "button";
    var range = L.DomUtil.create("input", "geotrack-time-range", box);
    range.type = "range";
    range.min = "0";
    range.max = String(months.length);
    range.step = "1";
    range.setAttribute("aria-label", "Month shown (left end: all periods)");
    var text = L.DomUtil.create("span", "geotrack-time-label", box);
    text.setAttribute("aria-live", "polite");
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    L.DomEvent.on(range, "input change", function () { stop(); apply(parseInt(range.value, 10) || 0); });
    L.DomEvent.on(play, "click", function () { if (state.timer) { stop(); } else { start(); } });
    stop();

    var Control = L.Control.extend({ onAdd: function () { return box; } });
    new Control({ position: "bottomleft" }).addTo(map);
    apply(0);
    return { set: apply, months: months, element: box };
  }

  window.geotrack = { baseLayer: baseLayer, labelLayer: labelLayer, timeFilter: timeFilter };
}());
