// The map page: filters → /api/sites → markers and circles; a click → /api/sites/{id}/evidence in the panel.
// Article text only ever reaches the page through textContent (never innerHTML).
"use strict";
(function () {
  const DAY = 86400000;
  const $ = (id) => document.getElementById(id);
  const map = L.map("map").setView([27.5, 17.5], 5);
  const sitesLayer = L.layerGroup().addTo(map);
  const relativeLayer = L.layerGroup().addTo(map);
  let first = null;
  let selected = null;

  fetch("/api/basemap").then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, { style: () => ({ color: "#777", weight: 1, fillColor: "#f3efe6", fillOpacity: 0.6 }),
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 2, color: "#999" }) }).addTo(map).bringToBack();
  });

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function isolated(text, tag) {
    const node = el(tag || "bdi", text);
    node.dir = "auto";
    return node;
  }
  function dayString(n) { return new Date(first + n * DAY).toISOString().slice(0, 10); }
  function checked(id) {
    return Array.from($(id).querySelectorAll("input:checked")).map((i) => i.value);
  }
  function choices(id, values) {
    const box = $(id);
    values.forEach((v, i) => {
      const label = el("label");
      const input = document.createElement("input");
      input.type = "checkbox";
      input.value = v;
      input.id = id + "-" + i;
      input.addEventListener("change", refresh);
      label.append(input, " ", isolated(v));
      box.append(label);
    });
  }
  function query() {
    const p = new URLSearchParams();
    if (first !== null) {
      const s = Number($("since").value), u = Number($("until").value);
      if (s > Number($("since").min)) p.append("since", dayString(s));
      if (u < Number($("until").max)) p.append("until", dayString(u));
    }
    checked("sources").forEach((v) => p.append("source", v));
    checked("actors").forEach((v) => p.append("actor", v));
    checked("kinds").forEach((v) => p.append("kind", v));
    checked("statuses").forEach((v) => p.append("status", v));
    const c = Number($("min-confidence").value);
    if (c > 0) p.append("min_confidence", String(c));
    return p;
  }
  function labels() {
    if (first !== null) {
      $("since-label").textContent = dayString(Number($("since").value));
      $("until-label").textContent = dayString(Number($("until").value));
    }
    $("confidence-label").textContent = $("min-confidence").value;
  }

  let pending = 0;
  function refresh() {
    labels();
    const ticket = ++pending;
    $("summary").dataset.loading = "1";
    fetch("/api/sites?" + query().toString()).then((r) => r.json()).then((data) => {
      if (ticket !== pending) return;
      sitesLayer.clearLayers();
      relativeLayer.clearLayers();
      data.sites.forEach((s) => {
        if (s.lat === null || s.lon === null) return;
        const m = L.circleMarker([s.lat, s.lon], { radius: 5 + Math.min(20, Math.sqrt(s.mentions) * 2),
          color: "#8b1a1a", fillOpacity: 0.6, className: "site-marker site-" + s.site_id });
        m.bindTooltip(el("span", s.name + " · " + s.mentions));  // an element: Leaflet never parses it
        m.on("click", () => showSite(s));
        m.addTo(sitesLayer);
      });
      data.relative.forEach((r) => {
        if (r.lat === null || r.lon === null) return;
        L.circle([r.lat, r.lon], { radius: (r.radius_km || 1) * 1000, dashArray: "4 4", color: "#555", fill: false })
          .addTo(relativeLayer);
      });
      const summary = $("summary");
      summary.textContent = data.mentions + " mentions at " + data.sites.length + " sites; " + data.filter;
      summary.dataset.sites = data.sites.map((s) => s.site_id).join(" ");
      summary.dataset.mentions = String(data.mentions);
      delete summary.dataset.loading;
      if (selected) showSite(selected);
    });
  }

  function showSite(site) {
    selected = site;
    const panel = $("panel");
    fetch("/api/sites/" + encodeURIComponent(site.site_id) + "/evidence?" + query().toString())
      .then((r) => r.json()).then((data) => {
        panel.replaceChildren();
        const h = el("h2");
        const link = el("a");
        link.href = "/sites/" + encodeURIComponent(site.site_id);
        link.append(isolated(site.name), " ", isolated(site.name_ar));
        h.append(link);
        panel.append(h, el("p", data.mentions + " mentions · first " + (site.first_seen || "?") +
          " · last " + (site.last_seen || "?"), "facts"));
        const list = el("ol", null, "evidence");
        (data.evidence || []).forEach((e) => {
          const li = el("li");
          li.dataset.mention = String(e.mention_id);
          const p = el("p", null, "sentence");
          p.dir = "auto";
          p.lang = e.lang;
          const s = e.sentence;
          if (e.mark_start >= 0) {
            p.append(s.slice(0, e.mark_start), el("mark", s.slice(e.mark_start, e.mark_end)), s.slice(e.mark_end));
          } else {
            p.append(s);
          }
          const meta = el("p", null, "meta");
          const doc = el("a", "document " + e.document_id);
          doc.href = "/documents/" + e.document_id;
          meta.append(doc, " · ", isolated(e.source), " · " + (e.published || "undated") + " · " + e.review_status);
          if (e.url) {
            const a = el("a", "original");
            a.href = e.url;  // the server only passes http(s) URLs
            a.rel = "noopener noreferrer nofollow";
            meta.append(" · ", a);
          }
          li.append(p, meta);
          list.append(li);
        });
        panel.append(list);
      });
  }

  fetch("/api/filters").then((r) => r.json()).then((f) => {
    choices("sources", f.source_values);
    choices("actors", f.actors);
    choices("kinds", f.kinds);
    choices("statuses", ["confirmed", "pending", "unreviewed", "rejected"]);
    if (f.first && f.last) {
      first = Date.parse(f.first + "T00:00:00Z");
      const days = Math.round((Date.parse(f.last + "T00:00:00Z") - first) / DAY);
      ["since", "until"].forEach((id) => { $(id).max = String(days); });
      $("until").value = String(days);
    }
    ["since", "until", "min-confidence"].forEach((id) => $(id).addEventListener("input", refresh));
    refresh();
  });
})();
