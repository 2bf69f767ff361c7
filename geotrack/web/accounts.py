"""Reviewer accounts of the workspace: a file of ``name:hash`` lines, passwords hashed with Argon2id
(argon2-cffi). ``geotrack serve --add-user NAME --users FILE`` writes one; ``--users FILE`` serves with
them (each reviewer logs in with a name and password; the audit log names them)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from geotrack.errors import InputError

NAME = re.compile(r"^[^\s:][^:\n]{0,63}$")
_HASHER = PasswordHasher()
#: Verified against when the name is unknown, so that a wrong name costs as long as a wrong password.
_DUMMY = _HASHER.hash("geotrack: no such reviewer")
MIN_PASSWORD = 10


def load(path: Path) -> dict[str, str]:
    """``{name: hash}`` of the accounts file (a missing file is an :class:`InputError` naming it)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        msg = f"cannot read the accounts file {str(path)!r}: {exc.strerror or exc}"
        raise InputError(msg, field="users", value=str(path)) from None
    accounts: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, sep, hashed = line.partition(":")
        if not sep or not NAME.match(name) or not hashed.startswith("$argon2"):
            msg = f"{str(path)!r} line {n} is not 'name:argon2-hash'"
            raise InputError(msg, field="users", value=str(path))
        accounts[name] = hashed
    return accounts


def add_user(path: Path, name: str, password: str) -> None:
    """Add (or replace) ``name`` with the Argon2id hash of ``password``; the file is written atomically
    and readable by its owner only."""
    if not NAME.match(name):
        msg = f"reviewer name {name!r}: 1 to 64 characters, no ':' and no leading space"
        raise InputError(msg, field="name", value=name)
    if len(password) < MIN_PASSWORD:
        msg = f"the password of {name!r} has {len(password)} characters; give at least {MIN_PASSWORD}"
        raise InputError(msg, field="password", value="***")
    accounts = load(path) if path.exists() else {}
    accounts[name] = _HASHER.hash(password)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("".join(f"{n}:{h}\n" for n, h in accounts.items()))
    os.replace(tmp, path)


def verify(accounts: dict[str, str], name: str, password: str) -> bool:
    """Whether ``password`` is ``name``'s (the same work is done for an unknown name)."""
    hashed = accounts.get(name)
    try:
        return bool(_HASHER.verify(hashed or _DUMMY, password)) and hashed is not None
    except (VerificationError, InvalidHashError):
        return False


__all__ = ["MIN_PASSWORD", "add_user", "load", "verify"]
