"""Bad days for the store: a full disk, a read-only database, a newer schema, another program's SQLite
file, a file that is not SQLite. Each ends with one clear line and exit 1, and changes nothing.

The full-disk and read-only-mount tests mount a small tmpfs (root only; skipped with the reason
otherwise); the read-only-file test runs the CLI as user ``nobody`` (root only).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.errors import DiskFullError, ForeignDatabaseError, ReadOnlyStoreError, StorageError
from geotrack.pipeline import ingest
from geotrack.store import SCHEMA_VERSION, Store
from geotrack.store.faults import storage_error
from tests.builders import stderr_lines

GEOTRACK = str(Path(sys.executable).parent / "geotrack")
WORDS = ("officials said the security situation remained tense amid the absence of a political settlement"
         " analysts noted that fuel prices rose sharply witnesses described convoys on the desert road").split()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _write_docs(path: Path, n: int, words: int = 120, seed: int = 3) -> Path:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = (f"Report {i}: cargo aircraft landed at al-Jufra air base and at Kufra. "
                    + " ".join(rng.choices(WORDS, k=words)) + f" Troops moved to Tamanhint near Sabha ({i}).")
            fh.write(json.dumps({"id": f"d{i}", "title": f"Report {i}", "text": text, "source": f"Wire {i % 3}",
                                 "published": f"2024-05-{1 + i % 28:02d}"}) + "\n")
    return path


def _counts(db_path: Path) -> dict[str, int]:
    db = sqlite3.connect(db_path)
    try:
        return {t: int(db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])
                for t in ("sources", "documents", "mentions", "document_places", "candidates", "relative_positions")}
    finally:
        db.close()


def _snapshot(path: Path) -> tuple[bytes, int, list[str]]:
    """The file's bytes, its mtime and the names next to it (a -wal or -shm appearing is a change)."""
    return path.read_bytes(), path.stat().st_mtime_ns, sorted(p.name for p in path.parent.iterdir())


def _run(*args: str, env: dict[str, str] | None = None, user: str | None = None,
         in_process: bool = False) -> subprocess.CompletedProcess[str]:
    """``geotrack ARGS``: the installed command in a new process (as ``user`` when given), or ``in_process``
    the same command through typer's CliRunner, where another process adds nothing to what a test shows (no
    other user, no disk filling up while it runs) but the start of an interpreter and an extractor."""
    if in_process:
        assert user is None, "another user needs another process"
        result = CliRunner().invoke(app, list(args), env=env)
        return subprocess.CompletedProcess(["geotrack", *args], result.exit_code, result.stdout, result.stderr)
    cmd = [GEOTRACK, *args]
    if user:
        cmd = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300,
                          check=False)


def _need_root(what: str) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip(f"{what} needs root (to mount a small tmpfs or to run as another user)")


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB tmpfs mounted on a fresh folder (unmounted afterwards)."""
    _need_root("a full-disk test")
    mnt = tmp_path / "fs"
    mnt.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mnt)], capture_output=True,
                          text=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill(folder: Path, leave: int) -> Path:
    """A file that takes all the free space of ``folder``'s file system but ``leave`` bytes."""
    free = shutil.disk_usage(folder).free
    filler = folder / "filler"
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


# -- a full disk ----------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("writer", ["process", "thread"])
def test_full_disk_ends_in_one_line_keeps_what_was_committed_and_resumes_exactly(
        small_fs: Path, tmp_path: Path, writer: str) -> None:
    docs = _write_docs(tmp_path / "docs.jsonl", 700)
    env = {"GEOTRACK_INGEST_WRITER": writer}
    reference = tmp_path / "reference.db"
    assert _run("ingest", str(docs), "--db", str(reference), "-q", env=env).returncode == 0
    expected = _counts(reference)
    assert expected["documents"] == 700

    db = small_fs / "x.db"
    filler = _fill(small_fs, 600_000)
    full = _run("ingest", str(docs), "--db", str(db), "-q", env=env)
    assert full.returncode == 1
    lines = stderr_lines(full.stderr)
    assert len(lines) == 1, full.stderr
    committed = _counts(db)
    assert 0 < committed["documents"] < 700
    assert lines[0] == (f"Error: the disk holding {db} is full; {committed['documents']} document(s) were stored and"
                        " committed; free space and run the same command again to resume")
    assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone() == ("ok",)

    filler.unlink()
    again = _run("ingest", str(docs), "--db", str(db), "-q", "-o", "json", env=env)
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["read"], summary["duplicates"], summary["new"] + summary["syndicated"]) == (
        700, committed["documents"], 700 - committed["documents"])
    assert _counts(db) == expected


def test_full_disk_in_the_library_is_a_disk_full_error(small_fs: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    docs = _write_docs(tmp_path / "docs.jsonl", 700)
    monkeypatch.setenv("GEOTRACK_INGEST_WRITER", "thread")
    with Store.open(small_fs / "x.db") as store:
        _fill(small_fs, 600_000)
        with pytest.raises(DiskFullError, match=r"^the disk holding .*x\.db is full; \d+ document\(s\) were stored"):
            ingest([str(docs)], store)
        assert isinstance(DiskFullError("x"), StorageError | OSError)


def test_sqlite_errors_are_named_by_their_cause(tmp_path: Path) -> None:
    path = tmp_path / "x.db"

    def error(code: int, text: str) -> sqlite3.OperationalError:
        exc = sqlite3.OperationalError(text)
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
        return exc

    full = storage_error(error(13, "database or disk is full"), path)
    assert (type(full), str(full)) == (DiskFullError, f"the disk holding {path} is full")
    readonly = storage_error(error(8, "attempt to write a readonly database"), path)
    assert (type(readonly), str(readonly)) == (
        ReadOnlyStoreError, f"database {str(path)!r} is read-only: geotrack cannot write to it; make the file and its"
        " folder writable")
    assert storage_error(error(1, "no such table: x"), path) is None  # a bug keeps its traceback


# -- odd databases ---------------------------------------------------------------------------------------

@pytest.fixture
def geotrack_db(tmp_path: Path) -> Path:
    path = tmp_path / "g.db"
    with Store.open(path) as store:
        ingest([str(_write_docs(tmp_path / "few.jsonl", 5))], store)
    return path


def _both_refused(runner: CliRunner, path: Path, docs: Path, message: str) -> None:
    before = _snapshot(path)
    for args in (["ingest", str(docs), "--db", str(path), "-q"], ["mentions", "--db", str(path)],
                 ["sources", "--db", str(path)], ["reextract", "--db", str(path)]):
        result = runner.invoke(app, args)
        assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n"), args
    assert _snapshot(path) == before


def test_a_newer_schema_is_refused_with_both_versions(runner: CliRunner, geotrack_db: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(geotrack_db, isolation_level=None)
    db.execute("INSERT INTO migrations (id, name, applied_at) VALUES (?, 'from the future', 'x')", (SCHEMA_VERSION + 1,))
    db.close()
    message = (f"database {str(geotrack_db)!r} has schema version {SCHEMA_VERSION + 1}; this geotrack knows up to {SCHEMA_VERSION}:"
               " upgrade geotrack")
    _both_refused(runner, geotrack_db, tmp_path / "few.jsonl", message)
    with pytest.raises(ForeignDatabaseError) as caught:
        Store.open(geotrack_db)
    assert str(caught.value) == message


def test_a_newer_user_version_is_refused(runner: CliRunner, geotrack_db: Path, tmp_path: Path) -> None:
    db = sqlite3.connect(geotrack_db, isolation_level=None)
    assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 3}")
    db.close()
    _both_refused(runner, geotrack_db, tmp_path / "few.jsonl",
                  f"database {str(geotrack_db)!r} has schema version {SCHEMA_VERSION + 3}; this geotrack knows up to"
                  f" {SCHEMA_VERSION}: upgrade geotrack")


def test_another_programs_sqlite_file_is_refused_untouched(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute("CREATE TABLE tags (note INTEGER, tag TEXT)")
    db.execute("INSERT INTO notes (body) VALUES ('keep me')")
    db.close()
    docs = _write_docs(tmp_path / "few.jsonl", 3)
    _both_refused(runner, path, docs,
                  f"{str(path)!r} is a SQLite database of another program (tables: notes, tags), not a geotrack"
                  " database; will not use it: give the path of a geotrack database or of a new file")
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    assert [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")] == [
        "notes", "tags"]


@pytest.mark.parametrize("content", [b"hello, this is not a database\n", b"tiny", b"\0" * 4096])
def test_a_file_that_is_not_sqlite_is_refused(runner: CliRunner, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.db"
    path.write_bytes(content)
    _both_refused(runner, path, _write_docs(tmp_path / "few.jsonl", 3),
                  f"{str(path)!r} is not a SQLite database; refusing to touch it")


def test_an_empty_file_and_a_half_created_one_are_used(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    with Store.open(empty) as store:
        assert store.counts()["documents"] == 0
    half = tmp_path / "half.db"
    db = sqlite3.connect(half, isolation_level=None)
    db.execute("CREATE TABLE migrations (id INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    db.close()
    with Store.open(half) as store:
        assert int(store.db.execute("SELECT MAX(id) FROM migrations").fetchone()[0]) == SCHEMA_VERSION


# -- read-only databases ---------------------------------------------------------------------------------

READS = (["mentions", "-f", "json"], ["sources", "-f", "json"])


def _reads_work_writes_refused(path: Path, docs: Path, out: Path, user: str | None = None,
                               in_process: bool = False) -> None:
    before = _snapshot(path)
    env = {"GEOTRACK_USER_GAZETTEER": str(out / "user-gazetteer.csv")}
    for args in READS:
        result = _run(*args, "--db", str(path), user=user, env=env, in_process=in_process)
        assert result.returncode == 0, (args, result.stderr)
        assert json.loads(result.stdout)
    exported = _run("export", "-f", "geojson", "-o", str(out / "sites.geojson"), "--db", str(path), user=user,
                    env=env, in_process=in_process)
    assert exported.returncode == 0, exported.stderr
    assert json.loads((out / "sites.geojson").read_text())["features"]
    message = (f"Error: database {str(path)!r} is read-only: geotrack cannot write to it; make the file and its"
               " folder writable\n")
    for args in (["ingest", str(docs), "-q"], ["reextract"]):
        result = _run(*args, "--db", str(path), user=user, env=env, in_process=in_process)
        assert (result.returncode, result.stderr) == (1, message), args
    assert _snapshot(path) == before


def test_a_database_on_a_read_only_file_system_is_read_but_not_written(small_fs: Path, tmp_path: Path) -> None:
    docs = _write_docs(tmp_path / "few.jsonl", 8)
    path = small_fs / "g.db"
    assert _run("ingest", str(docs), "--db", str(path), "-q", in_process=True).returncode == 0
    remount = subprocess.run(["mount", "-o", "remount,ro", str(small_fs)], capture_output=True, text=True, check=False)
    if remount.returncode:
        pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
    _reads_work_writes_refused(path, docs, tmp_path, in_process=True)
    new = _run("ingest", str(docs), "--db", str(small_fs / "new.db"), "-q", in_process=True)
    assert (new.returncode, new.stderr) == (
        1, f"Error: cannot create database {str(small_fs / 'new.db')!r}: its folder is not writable; choose another"
        " place\n")


@pytest.mark.slow
def test_a_read_only_file_in_a_read_only_folder_is_read_but_not_written(tmp_path: Path) -> None:
    _need_root("running the CLI as user nobody")
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is not installed")
    shared = Path(f"/tmp/geotrack-ro-{os.getpid()}")
    shared.mkdir(mode=0o755)
    try:
        folder = shared / "data"
        folder.mkdir()
        docs = _write_docs(shared / "few.jsonl", 8)
        path = folder / "g.db"
        assert _run("ingest", str(docs), "--db", str(path), "-q").returncode == 0
        out = shared / "out"
        out.mkdir()
        for p in (shared, out, docs):
            os.chown(p, 65534, 65534)
        path.chmod(0o444)
        folder.chmod(0o555)
        probe = _run("--help", user="65534")
        if probe.returncode:
            pytest.skip(f"user nobody cannot run geotrack here: {probe.stderr.strip()[:200]}")
        _reads_work_writes_refused(path, docs, out, user="65534")
    finally:
        folder.chmod(0o755)
        shutil.rmtree(shared)


def test_a_schema_created_between_two_reads_is_not_taken_for_another_programs(tmp_path: Path,
                                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Another process creating the schema while the check reads: it must see one consistent state."""
    from geotrack.store import faults

    path = tmp_path / "race.db"
    Store.open(path).close()
    real = faults._tables
    calls: list[int] = []

    def first_read_before_the_other_process_committed(db: sqlite3.Connection) -> list[str]:
        calls.append(1)
        return [] if len(calls) == 1 else real(db)

    monkeypatch.setattr(faults, "_tables", first_read_before_the_other_process_committed)
    with sqlite3.connect(path) as db:
        assert faults.schema_version(db, path, SCHEMA_VERSION) == SCHEMA_VERSION
    assert len(calls) >= 3
