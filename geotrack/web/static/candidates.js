// Candidate places on the review page: pick one, click its position on the map (or geocode), add it as a
// new site or as spellings of a known one. Article text only through textContent.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const map = L.map("cand-map").setView([27.5, 17.5], 5);
  let marker = null;
  let chosen = null;
  let clicked = null;

  fetch("/api/basemap").then((r) => r.json()).then((geo) => {
    L.geoJSON(geo, { style: () => ({ color: "#777", weight: 1, fillColor: "#f3efe6", fillOpacity: 0.6 }),
      pointToLayer: (f, ll) => L.circleMarker(ll, { radius: 2, color: "#999" }) }).addTo(map).bringToBack();
  });
  map.on("click", (event) => {
    clicked = { lat: Math.round(event.latlng.lat * 1e5) / 1e5, lon: Math.round(event.latlng.lng * 1e5) / 1e5 };
    if (marker) marker.remove();
    marker = L.circleMarker([clicked.lat, clicked.lon], { radius: 7, color: "#1a4f8b", className: "cand-marker" }).addTo(map);
    $("cand-position").textContent = clicked.lat + ", " + clicked.lon;
    $("cand-position").dataset.lat = String(clicked.lat);
    $("cand-position").dataset.lon = String(clicked.lon);
  });

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function say(text) { $("cand-status").textContent = text; }
  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body) }).then((r) => r.json().then((data) => ({ ok: r.ok, data })));
  }
  function slug(text) {
    return text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }
  function pick(c, li) {
    chosen = c;
    document.querySelectorAll("#cand-list li").forEach((x) => x.classList.toggle("current", x === li));
    $("cand-form").hidden = false;
    $("cand-name").textContent = c.name;
    $("cand-name").dir = "auto";
    const latin = c.spellings.find((s) => /[a-z]/i.test(s)) || "";
    const arabic = c.spellings.find((s) => /[\u0600-\u06ff]/.test(s)) || "";
    $("cand-en").value = latin;
    $("cand-ar").value = arabic;
    $("cand-id").value = slug(latin);
    $("cand-site").value = c.likely_site || "";
  }
  function done(res, what) {
    if (!res.ok) { say("not added: " + (res.data.detail || "error")); return; }
    say(what(res.data) + "; run 'geotrack reextract' to find it in the stored documents");
    load();
  }
  $("cand-add").addEventListener("click", () => {
    if (!chosen) return;
    if (!clicked) { say("click the place on the map first (or add it geocoded)"); return; }
    post("/api/candidates/accept", { name_key: chosen.name_key, site_id: $("cand-id").value, kind: $("cand-kind").value,
      name_en: $("cand-en").value, name_ar: $("cand-ar").value, lat: clicked.lat, lon: clicked.lon }).then((res) => done(res, (d) => "added site " + d.site_id + " at " + d.lat + ", " + d.lon + " (" + d.coord_source + ")"));
  });
  $("cand-geocode").addEventListener("click", () => {
    if (!chosen) return;
    post("/api/candidates/accept", { name_key: chosen.name_key, site_id: $("cand-id").value, kind: $("cand-kind").value,
      name_en: $("cand-en").value, name_ar: $("cand-ar").value, geocode: true }).then((res) => done(res, (d) => "added site " + d.site_id + " at " + d.lat + ", " + d.lon + " (" + d.coord_source + ")"));
  });
  $("cand-variant").addEventListener("click", () => {
    if (!chosen) return;
    post("/api/candidates/variant", { name_key: chosen.name_key, site_id: $("cand-site").value })
      .then((res) => done(res, (d) => "added " + d.added.length + " spelling(s) to " + d.site_id));
  });

  function load() {
    fetch("/api/candidates").then((r) => r.json()).then((list) => {
      const box = $("cand-list");
      box.replaceChildren();
      list.forEach((c) => {
        const li = el("li");
        li.dataset.key = c.name_key;
        const name = el("bdi", c.name);
        name.dir = "auto";
        li.append(name, el("span", " · " + c.sources + " sources, " + c.mentions + " mentions" +
          (c.likely_site ? " · may be " + c.likely_site : ""), "meta"));
        const ex = el("p", c.example_sentence, "sentence");
        ex.dir = "auto";
        li.append(ex);
        li.addEventListener("click", () => pick(c, li));
        box.append(li);
      });
      box.dataset.ready = "1";
    });
  }
  load();
})();
