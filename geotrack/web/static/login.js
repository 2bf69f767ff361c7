"use strict";
document.getElementById("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ token: document.getElementById("token").value, name: document.getElementById("name").value }) })
    .then((r) => { if (r.ok) { window.location.assign("/"); } else {
      document.getElementById("login-error").textContent = "Wrong token."; } });
});
