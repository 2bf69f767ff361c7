// The sources page: a reliability grade (Admiralty A–F) saved as soon as it is chosen.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const status = document.getElementById("grade-status");
  document.querySelectorAll("select.grade").forEach((select) => {
    select.addEventListener("change", () => {
      if (!select.value) return;
      fetch("/api/sources/grade", { method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ source: select.dataset.source, reliability: select.value }) })
        .then((r) => r.json().then((d) => {
          status.textContent = r.ok ? "graded " + d.source + ": " + d.reliability : "not saved: " + d.detail;
        }));
    });
  });
})();
