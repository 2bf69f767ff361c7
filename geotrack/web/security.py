"""Rules every request of the workspace passes (a pure ASGI middleware, so that they hold for every route).

* **Who may connect**: without a token or accounts the application serves loopback clients only
  (``geotrack serve`` binds 127.0.0.1 and refuses another host without them). With a token or accounts,
  every request needs ``Authorization: Bearer <token>``, or the session cookie that ``POST /api/login``
  sets after checking a name and password (:mod:`geotrack.web.accounts`) or the token (random,
  server-side, ``HttpOnly``, ``SameSite=Strict``, ``Secure`` unless served on loopback).
* **CSRF**: every change (any method but GET, HEAD, OPTIONS) carries the header ``X-CSRF-Token`` equal to
  the ``geotrack_csrf`` cookie (double submit; the pages read it from a ``<meta>``), and a browser's
  ``Origin``, when sent, is the server's own. Otherwise: 403.
* **Size**: a request body over ``max_body`` bytes is refused with 413 (declared or streamed).
* **Headers**: a Content-Security-Policy that allows scripts and styles from the server only (no inline
  script, no ``eval``), ``nosniff``, no referrer, no framing.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import time
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

CSRF_COOKIE = "geotrack_csrf"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "geotrack_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How long a login lasts (12 hours), across restarts of the server.
SESSION_LIFETIME_S = 12 * 3600.0
#: Paths a client may reach before logging in (the login page, its script and style, the login call).
PUBLIC_PATHS = ("/login", "/api/login", "/api/csrf", "/static/web/")
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self';"
       " font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) only accepts connections from this machine."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _cookies(scope: Scope) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # a malformed cookie header is no cookie
                continue
    return {k: m.value for k, m in jar.items()}


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers", ()):
        if name == wanted:
            return str(value.decode("latin-1"))
    return ""


def same(a: str, b: str) -> bool:
    return bool(a) and bool(b) and hmac.compare_digest(a.encode(), b.encode())


class Sessions:
    """Server-side sessions: random ids handed out by a successful login, kept in memory and, through
    ``save``/``load`` (the store's :mod:`geotrack.store.sessions`), across restarts. ``accept`` says whether
    a user read back may still log in (an account removed since is refused)."""

    def __init__(self, save: Callable[[str, str], None] | None = None, load: Callable[[str], str | None] | None = None,
                 accept: Callable[[str], bool] | None = None, lifetime_s: float = SESSION_LIFETIME_S) -> None:
        self._ids: dict[str, tuple[str, float]] = {}  # id: (user, expiry on time.time())
        self._save, self._load, self._accept = save, load, accept
        self.lifetime_s = lifetime_s

    def start(self, user: str) -> str:
        sid = secrets.token_urlsafe(32)
        self._ids[sid] = (user, time.time() + self.lifetime_s)
        if self._save is not None:
            self._save(sid, user)
        return sid

    def user(self, sid: str) -> str | None:
        if not sid or len(sid) > 100:
            return None
        known = self._ids.get(sid)
        if known is not None:
            if known[1] >= time.time():
                return known[0]
            del self._ids[sid]
            return None
        user = self._load(sid) if self._load is not None else None
        if user is None or (self._accept is not None and not self._accept(user)):
            return None
        self._ids[sid] = (user, time.time() + self.lifetime_s)  # (the store's expiry is checked by load)
        return user


class Guard:
    """The ASGI middleware applying the rules of this module in front of ``app``."""

    def __init__(self, app: ASGIApp, *, token: str | None, sessions: Sessions, max_body: int,
                 secure_cookies: bool, accounts: bool = False) -> None:
        self.app = app
        self.token = token
        #: Whether every request must be authenticated (a token, or reviewer accounts).
        self.required = token is not None or accounts
        self.sessions = sessions
        self.max_body = max_body
        self.secure_cookies = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        cookies = _cookies(scope)
        method: str = scope.get("method", "GET")
        refusal = self._refusal(scope, path, method, cookies)
        if refusal is not None:
            await _plain(send, *refusal, secure=self.secure_cookies)
            return
        user = self._user(scope, cookies) or ("" if self.required else "local")
        scope.setdefault("state", {})["user"] = user
        csrf = cookies.get(CSRF_COOKIE, "")
        new_csrf = "" if csrf else new_token()
        scope["state"]["csrf"] = csrf or new_csrf
        received = 0

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    raise BodyTooLarge
            return message

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.extend(SECURITY_HEADERS)
                if new_csrf:
                    headers.append((b"set-cookie", _cookie(CSRF_COOKIE, new_csrf, self.secure_cookies)))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            await _plain(send, 413, f"request body over {self.max_body} bytes", secure=self.secure_cookies)

    def _user(self, scope: Scope, cookies: dict[str, str]) -> str | None:
        if not self.required:
            return None
        auth = _header(scope, b"authorization")
        if self.token is not None and auth.lower().startswith("bearer ") and same(auth[7:].strip(), self.token):
            return "token"
        return self.sessions.user(cookies.get(SESSION_COOKIE, ""))

    def _refusal(self, scope: Scope, path: str, method: str, cookies: dict[str, str]) -> tuple[int, str] | None:
        declared = _header(scope, b"content-length")
        if declared.isdigit() and int(declared) > self.max_body:
            return 413, f"request body over {self.max_body} bytes"
        client = scope.get("client") or ("", 0)
        if not self.required and not is_loopback(str(client[0])):
            return 403, "this workspace serves this machine only (start it with a token or accounts to share it)"
        if self.required and not path.startswith(PUBLIC_PATHS) and self._user(scope, cookies) is None:
            if method in SAFE_METHODS and not path.startswith("/api/") and path != "/openapi.json":
                return 303, "/login"
            return 401, ("log in first: POST /api/login with your name and password (or the token), or send"
                         " Authorization: Bearer <token>")
        if method not in SAFE_METHODS:
            if not same(_header(scope, CSRF_HEADER.encode()), cookies.get(CSRF_COOKIE, "")):
                return 403, "CSRF token missing or wrong: send the X-CSRF-Token header equal to the geotrack_csrf cookie"
            origin = _header(scope, b"origin")
            host = _header(scope, b"host")
            if origin and origin.split("://", 1)[-1] != host:
                return 403, f"cross-origin change refused (Origin {origin!r})"
        return None


class BodyTooLarge(Exception):
    pass


def _cookie(name: str, value: str, secure: bool) -> bytes:
    flags = "; Path=/; HttpOnly; SameSite=Strict" + ("; Secure" if secure else "")
    return f"{name}={value}{flags}".encode()


async def _plain(send: Send, status: int, text: str, *, secure: bool) -> None:
    headers = [(b"content-type", b"application/json"), *list(SECURITY_HEADERS)]
    body = json.dumps({"detail": text}).encode()
    if status == 303:
        headers.append((b"location", text.encode()))
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def session_cookie(sid: str, secure: bool) -> str:
    return _cookie(SESSION_COOKIE, sid, secure).decode()


__all__ = ["CSP", "CSRF_COOKIE", "Guard", "Sessions", "is_loopback", "new_token", "same", "session_cookie"]
