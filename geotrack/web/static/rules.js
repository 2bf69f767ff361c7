// The rules page: a rule made from a rejection (a negative cue of the user gazetteer) removed on request.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const status = document.getElementById("rule-status");
  document.querySelectorAll("button.rule-remove").forEach((button) => {
    button.addEventListener("click", () => {
      fetch("/api/rules/remove", { method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ site_id: button.dataset.site, cue: button.dataset.cue }) })
        .then((r) => r.json().then((d) => {
          if (r.ok) {
            button.closest("tr").remove();
            status.textContent = "removed: " + d.cue + " (" + d.site_id + ")";
          } else {
            status.textContent = "not removed: " + d.detail;
          }
        }));
    });
  });
})();
