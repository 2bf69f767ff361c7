"use strict";
document.getElementById("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const value = (id) => document.getElementById(id).value;
  fetch("/api/login", { method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
    body: JSON.stringify({ name: value("name"), password: value("password"), token: value("token") }) })
    .then((r) => r.json().then((d) => {
      if (r.ok) { window.location.assign("/"); } else { document.getElementById("login-error").textContent = d.detail; }
    }));
});
