// The review queue: j/k move, c confirms, r rejects with a reason, n rejects and makes it a rule (a
// negative cue: a word near the name), u undoes, Esc cancels.
// Article text only ever reaches the page through textContent (never innerHTML).
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const list = $("queue");
  const status = $("review-status");
  const form = $("reject-form");
  const reason = $("reject-reason");
  const ruleBox = $("reject-rule");
  const cue = $("reject-cue");
  let current = 0;

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  }
  function isolated(text) {
    const node = el("bdi", text);
    node.dir = "auto";
    return node;
  }
  function keyOf(item) { return [item.document_id, item.start, item.end, item.site_id].join("|"); }
  function items() { return Array.from(list.children); }
  function say(text) { status.textContent = text; }

  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body || {}) }).then((r) => r.json().then((data) => ({ ok: r.ok, code: r.status, data })));
  }

  function render(item) {
    const li = el("li", null, "item");
    li.dataset.key = keyOf(item);
    li.dataset.version = String(item.review_version);
    li.dataset.status = item.review_status;
    li.dataset.item = JSON.stringify([item.document_id, item.start, item.end, item.site_id]);
    const p = el("p", null, "sentence");
    p.dir = "auto";
    p.lang = item.lang;
    const s = item.sentence;
    if (item.mark_start >= 0) {
      p.append(s.slice(0, item.mark_start), el("mark", s.slice(item.mark_start, item.mark_end)), s.slice(item.mark_end));
    } else {
      p.append(s);
    }
    const meta = el("p", null, "meta");
    const site = el("a");
    site.href = "/sites/" + encodeURIComponent(item.site_id);
    site.append(isolated(item.site_name));
    const doc = el("a", "document " + item.document_id);
    doc.href = "/documents/" + item.document_id;
    meta.append(site, " · ", doc, " · ", isolated(item.source), " · " + (item.published || "undated") +
      " · need " + item.need.toFixed(2) + ": " + item.reasons.join(", "));
    li.append(p, meta, el("p", item.review_status === "pending" ? "pending: confirmed by " + item.confirmed_by.join(", ") : "", "decision"));
    return li;
  }

  function select(i) {
    const all = items();
    if (!all.length) return;
    current = Math.max(0, Math.min(all.length - 1, i));
    all.forEach((li, j) => li.classList.toggle("current", j === current));
    all[current].scrollIntoView({ block: "nearest" });
  }
  function nextOpen(from) {
    const all = items();
    for (let j = from; j < all.length; j++) {
      if (!all[j].classList.contains("decided")) return j;
    }
    return Math.min(from, all.length - 1);
  }

  function load() {
    fetch("/api/review/queue?limit=100").then((r) => r.json()).then((data) => {
      list.replaceChildren(...data.items.map(render));
      list.dataset.waiting = String(data.waiting);
      say(data.waiting + " mentions waiting for " + data.reviewer);
      select(0);
      list.dataset.ready = "1";
    });
  }

  function show(li, decision) {
    li.dataset.version = String(decision.version);
    li.dataset.status = decision.status;
    li.classList.toggle("decided", decision.status !== "unreviewed");
    li.querySelector(".decision").textContent = decision.status === "unreviewed" ? "" :
      decision.status + (decision.reason ? ": " + decision.reason : "") + " (" + decision.reviewer + ")";
  }

  function decide(state, why, ruleCue) {
    const li = items()[current];
    if (!li) return;
    const [documentId, start, end, siteId] = JSON.parse(li.dataset.item);
    post("/api/review/decisions", { document_id: documentId, start, end, site_id: siteId, status: state,
      reason: why || "", expected_version: Number(li.dataset.version), rule_cue: ruleCue || "" }).then((res) => {
      if (!res.ok) {
        say("not saved: " + (res.data.detail || res.code));
        return;
      }
      show(li, res.data);
      say(res.data.status + ": " + li.querySelector("mark, .sentence").textContent + " (version " + res.data.version + ")" +
        (res.data.rule ? "; rule: " + res.data.rule.cue + " near " + res.data.rule.site_id : ""));
      select(nextOpen(current + 1));
    });
  }

  function undo() {
    post("/api/review/undo").then((res) => {
      if (!res.ok) { say("not undone: " + (res.data.detail || res.code)); return; }
      const d = res.data.undone;
      if (!d) { say("nothing to undo"); return; }
      const key = [d.document_id, d.start, d.end, d.site_id].join("|");
      const li = items().find((x) => x.dataset.key === key);
      if (li) {
        show(li, d);
        select(items().indexOf(li));
      }
      say("undone: back to " + d.status + " (version " + d.version + ")" +
        res.data.rules_removed.map((r) => "; rule removed: " + r.cue).join(""));
    });
  }

  function openReject(withRule) {
    if (!items()[current]) return;
    form.hidden = false;
    reason.value = "";
    ruleBox.checked = Boolean(withRule);
    cue.value = "";
    (withRule ? cue : reason).focus();
  }
  function closeReject() {
    form.hidden = true;
    if (form.contains(document.activeElement)) document.activeElement.blur();
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const why = reason.value.trim();
    const ruleCue = ruleBox.checked ? cue.value.trim() : "";
    closeReject();
    decide("rejected", why, ruleCue);
  });
  [reason, cue, ruleBox].forEach((input) => input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { event.preventDefault(); closeReject(); }
  }));
  cue.addEventListener("input", () => { ruleBox.checked = cue.value.trim() !== ""; });

  document.addEventListener("keydown", (event) => {
    if (event.target.closest("input, select, textarea, button") || event.ctrlKey || event.metaKey || event.altKey) return;
    const actions = {
      j: () => select(current + 1), ArrowDown: () => select(current + 1),
      k: () => select(current - 1), ArrowUp: () => select(current - 1),
      c: () => decide("confirmed"), r: () => openReject(false), n: () => openReject(true), u: undo, Escape: closeReject,
    };
    const action = actions[event.key];
    if (action) {
      event.preventDefault();
      action();
    }
  });
  list.addEventListener("click", (event) => {
    const li = event.target.closest("li.item");
    if (li && !event.target.closest("a")) select(items().indexOf(li));
  });
  load();
})();
