"""``geotrack serve``: the analyst's workspace (a local web application over the store)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from geotrack.cli.filters import DbOption, open_store

TOKEN_ENV = "GEOTRACK_SERVE_TOKEN"


def serve_command(
    db: DbOption = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on. Anything but loopback needs a token.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    token: Annotated[str | None, typer.Option(
        "--token", help=f"Token every client must give (default: ${TOKEN_ENV}). Required off loopback.")] = None,
    certfile: Annotated[Path | None, typer.Option("--certfile", help="TLS certificate (PEM) to serve HTTPS.")] = None,
    keyfile: Annotated[Path | None, typer.Option("--keyfile", help="TLS private key (PEM) of --certfile.")] = None,
    max_body: Annotated[int, typer.Option("--max-body", min=1024, help="Largest request body accepted, bytes.")]
    = 64 * 1024,
    reviewer: Annotated[str | None, typer.Option(
        "--reviewer", help="Your name in the audit log on this machine (default: $USER). With --token each "
                           "reviewer gives a name at login.")] = None,
    two_person: Annotated[bool, typer.Option(
        "--two-person", help="A confirmation needs two different reviewers (the first leaves it pending).")] = False,
    users: Annotated[Path | None, typer.Option(
        "--users", metavar="FILE", help="Reviewer accounts (name:argon2-hash lines): each reviewer logs in with a "
                                        "name and password.")] = None,
    add_user: Annotated[str | None, typer.Option(
        "--add-user", metavar="NAME", help="Add (or reset) the account NAME in --users FILE, asking for its "
                                           "password, and exit.")] = None,
) -> None:
    """Serve the workspace: a live map with filters and evidence, site, document and source pages, and a
    JSON API (OpenAPI at /openapi.json). Binds 127.0.0.1 unless --host and a token are given."""
    import uvicorn

    from geotrack.web import WebSettings, accounts, create_app, is_loopback

    if add_user is not None:
        if users is None:
            typer.echo("error: --add-user needs --users FILE (the accounts file to write)", err=True)
            raise typer.Exit(1)
        password = typer.prompt(f"password for {add_user}", hide_input=True, confirmation_prompt=True)
        accounts.add_user(users, add_user, password)
        typer.echo(f"account {add_user!r} written to {users}")
        return
    token = token or os.environ.get(TOKEN_ENV) or None
    known = accounts.load(users) if users is not None else None
    if not is_loopback(host) and not token and not known:
        typer.echo(f"error: --host {host} would open the workspace to the network; give --users FILE or --token "
                   f"(or set {TOKEN_ENV}), ideally with --certfile/--keyfile, or keep --host 127.0.0.1", err=True)
        raise typer.Exit(1)
    if bool(certfile) != bool(keyfile):
        typer.echo("error: --certfile and --keyfile go together", err=True)
        raise typer.Exit(1)
    store = open_store(db)
    name = " ".join((reviewer or os.environ.get("USER") or "local").split())[:64] or "local"
    settings = WebSettings(token=token, max_body=max_body, secure_cookies=bool(certfile) or not is_loopback(host),
                           reviewer=name, two_person=two_person, warm=True, accounts=known or None)
    app = create_app(store, settings)
    scheme = "https" if certfile else "http"
    typer.echo(f"geotrack workspace on {scheme}://{host}:{port}/ (database {store.location}); Ctrl-C stops it", err=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", ssl_certfile=str(certfile) if certfile else None,
                    ssl_keyfile=str(keyfile) if keyfile else None, limit_concurrency=64, timeout_keep_alive=5)
    finally:
        store.close()
