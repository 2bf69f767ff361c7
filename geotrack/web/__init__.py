"""The analyst's workspace: a local web application over the store (``geotrack serve``).

:func:`create_app` builds the ASGI application (FastAPI): server-rendered pages (Jinja2, autoescaped;
article text escaped through :mod:`geotrack.outputs.escape`), static JavaScript only (no inline script:
the Content-Security-Policy forbids it), and a JSON API with an OpenAPI description at
``/openapi.json``. :mod:`geotrack.web.security` holds the rules every request passes: loopback or a
token, CSRF on every change, request size limits, security headers.
"""

from __future__ import annotations

from geotrack.web.app import WebSettings, create_app
from geotrack.web.security import is_loopback

__all__ = ["WebSettings", "create_app", "is_loopback"]
