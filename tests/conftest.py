"""Shared fixtures: every test runs with its paths pointed into a temporary folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from geotrack.context import reset_default_context
from geotrack.gazetteer import reset_default_gazetteer
from tests import browser

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test reads or writes ./geotrack.db or user gazetteer files of the machine it runs on; the default
    gazetteer is dropped before and after each test, so a module-scoped fixture (built before the first
    test's own reset) never sees a gazetteer another module's test loaded from its own settings."""
    monkeypatch.setenv("GEOTRACK_DB", str(tmp_path / "geotrack.db"))
    monkeypatch.delenv("GEOTRACK_GAZETTEER", raising=False)
    monkeypatch.delenv("GEOTRACK_GAZETTEER_EXTRA", raising=False)
    monkeypatch.setenv("GEOTRACK_USER_GAZETTEER", str(tmp_path / "user-gazetteer.csv"))  # never ~/.config
    monkeypatch.setenv("GEOTRACK_USER_AGENT", "geotrack-tests/0 (+https://example.invalid)")
    monkeypatch.setenv("COLUMNS", "200")
    reset_default_gazetteer()
    reset_default_context()
    yield
    reset_default_gazetteer()
    reset_default_context()


# --- One built matcher per process for the shipped data -----------------------------------------------
#: The gazetteers and context data loaded from the repository's own files (the shipped data, the test
#: fixtures), by the files they were read from. ``_isolated_env`` drops the defaults before each test, so
#: each test loads them again, through the real loaders, from its own settings; but building the
#: extractor's automaton over the shipped gazetteer takes seconds (variants and the compiled matcher), and
#: a test that extracts would pay it again each time though nothing it reads has changed. So a load whose
#: result equals, site for site and entry for entry, one loaded before from the same repository files
#: returns that earlier object, which keeps its built extractor (``extractor_for`` caches it on the
#: gazetteer, for the same context object). A load that differs in anything (a user gazetteer, a changed
#: file, files outside the repository such as a test's tmp_path) is the fresh object, as without this.
_LOADED_GAZETTEERS: dict[tuple[Path, ...], Any] = {}
_LOADED_CONTEXTS: dict[tuple[Path, ...], Any] = {}


def _in_repository(files: tuple[Path, ...]) -> bool:
    return bool(files) and all(f.resolve().is_relative_to(ROOT) for f in files)


def _same_gazetteer(a: Any, b: Any) -> bool:
    return bool(a.files == b.files and a.rules == b.rules and a._load_problems == b._load_problems
                and list(a) == list(b))


@pytest.fixture(scope="session", autouse=True)
def _one_matcher_per_process_for_the_shipped_data() -> Iterator[None]:
    import geotrack.context
    from geotrack.gazetteer import Gazetteer

    load_gazetteer = Gazetteer.__dict__["load"].__func__
    load_context = geotrack.context.load_context

    def shared_gazetteer(cls: type[Gazetteer], *args: Any, **kwargs: Any) -> Gazetteer:
        fresh = load_gazetteer(cls, *args, **kwargs)
        if cls is not Gazetteer or not _in_repository(fresh.files):
            return fresh
        known = _LOADED_GAZETTEERS.get(fresh.files)
        if known is not None and _same_gazetteer(known, fresh):
            return known
        _LOADED_GAZETTEERS[fresh.files] = fresh
        return fresh

    def shared_context(*args: Any, **kwargs: Any) -> geotrack.context.ContextData:
        fresh = load_context(*args, **kwargs)
        if not _in_repository(fresh.files):
            return fresh
        known = _LOADED_CONTEXTS.get(fresh.files)
        if known is not None and known == fresh:
            return known
        _LOADED_CONTEXTS[fresh.files] = fresh
        return fresh

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Gazetteer, "load", classmethod(shared_gazetteer))
        mp.setattr(geotrack.context, "load_context", shared_context)
        yield


@pytest.fixture(scope="session", autouse=True)
def _pure_python_warning_said_once() -> None:
    """On a machine without a C compiler the pure-Python matcher runs and says so once per process, at the
    first match: say it here, before any test captures the log, so tests that pin a log see only theirs."""
    from geotrack.extract import select

    if select.implementation() != "compiled":
        select._warn_pure()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under xdist (``--dist loadscope --no-loadscope-reorder``, pyproject.toml: each module one unit of work,
    handed out in this order), the modules with a test marked ``slow`` come first, in their collection
    order, and the many short modules fill in after them: a long module handed out last would leave the
    other workers idle while it runs (xdist's own order, by the number of tests of a module, put the
    two-test memory module last). Without xdist the order is the collection's."""
    if not hasattr(config, "workerinput"):
        return
    slow = {item.nodeid.split("::")[0] for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.nodeid.split("::")[0] not in slow)  # stable: modules stay whole


#: Markers of tests that need a service or a build (``browser``: Debian's chromium; ``postgres``: a
#: PostgreSQL server with PostGIS). Such a test skips with a reason where the service is missing, but a
#: marker named in ``GEOTRACK_REQUIRE`` (comma-separated; ``.ci/run`` sets it) turns that skip into a
#: failure, so CI can never pass by skipping them.
REQUIRED_SERVICES = frozenset(s.strip() for s in os.environ.get("GEOTRACK_REQUIRE", "").split(",") if s.strip())


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or not REQUIRED_SERVICES:
        return
    needed = sorted(m.name for m in item.iter_markers() if m.name in REQUIRED_SERVICES)
    if needed:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"GEOTRACK_REQUIRE={','.join(sorted(REQUIRED_SERVICES))} requires {needed}, but: {reason}"


@pytest.fixture
def ingest_gazetteer(monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small gazetteer of the ingest fixtures (``tests/fixtures/ingest/gazetteer``) as the default one;
    a module takes it for every test with ``pytestmark = pytest.mark.usefixtures("ingest_gazetteer")``."""
    from tests.paths import INGEST_GAZETTEER

    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(INGEST_GAZETTEER))
    reset_default_gazetteer()
    return INGEST_GAZETTEER


@pytest.fixture
def runner() -> Any:
    """Typer's ``CliRunner``, to run the ``geotrack`` commands in-process."""
    from typer.testing import CliRunner

    return CliRunner()


# --- PostgreSQL + PostGIS (marker ``postgres``) ------------------------------------------------------------
#: The server the PostGIS tests use: a URL to an existing database that the test role may create databases
#: from. Default: the local server over its Unix socket as the OS user's role (``.ci/run`` creates a
#: superuser role ``root`` for CI, which runs as root). Each run creates its own fresh database there and
#: drops it at the end.
PG_ADMIN_URL = os.environ.get("GEOTRACK_TEST_PG", "postgresql:///postgres")


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """The URL of a fresh PostGIS database for this test run (dropped afterwards); skips with the reason
    when there is no server, no right to create a database, or no PostGIS on the server."""
    from urllib.parse import urlsplit, urlunsplit

    try:
        import psycopg
    except ImportError:
        pytest.skip("psycopg is not installed")
    from geotrack.store.postgis import mask_url, normalise_url

    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        pytest.skip(f"no PostgreSQL server at {mask_url(PG_ADMIN_URL)} ({str(exc).strip().splitlines()[0]})")
    if admin.execute("SELECT 1 FROM pg_available_extensions WHERE name = 'postgis'").fetchone() is None:
        admin.close()
        pytest.skip("PostGIS is not installed on the PostgreSQL server (apt-get install postgresql-15-postgis-3)")
    name = f"geotrack_test_{os.getpid()}"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")
    url = normalise_url(urlunsplit(urlsplit(PG_ADMIN_URL)._replace(path=f"/{name}")))
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def empty_pg(url: str) -> str:
    """Empty every geotrack table of the database at ``url`` (ids restart at 1, the schema stays)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        tables = [r[0] for r in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            " AND tablename NOT IN ('spatial_ref_sys', 'migrations')")]
        if tables:
            db.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
    return url


@pytest.fixture
def pg_url(pg_database: str) -> str:
    """The run's PostGIS database, emptied for this test."""
    return empty_pg(pg_database)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_location(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's store lives, once per backend: a new SQLite file, and the (emptied) PostGIS database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return empty_pg(request.getfixturevalue("pg_database"))


# --- Headless Chromium (marker ``browser``) ---------------------------------------------------------------
@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    reason = browser.missing_browser()
    if reason:
        pytest.skip(reason)
    from selenium import webdriver  # only where a browser test runs
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = browser.CHROMIUM
    for arg in browser.CHROME_ARGS:
        options.add_argument(arg)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(browser.CHROMEDRIVER), options=options)
    drv.set_page_load_timeout(60)
    drv.execute_cdp_cmd("Network.enable", {})
    drv.execute_cdp_cmd("Network.setBlockedURLs", {"urls": list(browser.TILE_URLS)})
    try:
        yield drv
    finally:
        drv.quit()
