"""A Settings object passed in: read from the environment once (Settings.from_env), by the library only
when none is given, by the CLI once per invocation (issue 13)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import click
import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.cli._common import cli_settings
from geotrack.errors import InputError
from geotrack.http import Fetcher
from geotrack.settings import Settings, get_settings

runner = CliRunner()


def test_from_env_reads_the_mapping_given_and_nothing_else(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_DB", "/elsewhere/process.db")
    monkeypatch.setenv("GEOTRACK_HTTP_TIMEOUT", "99")
    given = Settings.from_env({"GEOTRACK_DB": "team.db", "GEOTRACK_HTTP_TIMEOUT": "7.5", "GEOTRACK_GEOCODER_RETRIES": "4",
                               "GEOTRACK_USER_AGENT": "desk/1 (+mailto:desk@example.org)"})
    assert (given.db_path, given.http_timeout, given.geocoder_retries) == (Path("team.db"), 7.5, 4)
    assert given.user_agent == "desk/1 (+mailto:desk@example.org)"
    defaults = Settings.from_env({})
    assert (defaults.db_path, defaults.http_timeout, defaults.geocoder_min_delay) == (Path("geotrack.db"), 20.0, 1.0)
    assert get_settings().db_path == Path("/elsewhere/process.db") and get_settings() == Settings.from_env()


@pytest.mark.parametrize(("name", "value", "message"), [
    ("GEOTRACK_HTTP_TIMEOUT", "soon", "GEOTRACK_HTTP_TIMEOUT 'soon' is not a number"),
    ("GEOTRACK_GEOCODER_RETRIES", "2.5", "GEOTRACK_GEOCODER_RETRIES '2.5' is not a whole number"),
])
def test_a_value_that_cannot_be_read_is_an_error_on_its_variable(name: str, value: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        Settings.from_env({name: value})
    assert (str(caught.value), caught.value.field, caught.value.value) == (message, name, value)
    result = runner.invoke(app, ["mentions"], env={name: value})
    assert result.exit_code == 1 and result.stderr == f"Error: {message}\n"


def test_the_cli_reads_the_environment_once_per_invocation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_DB", "first.db")
    with click.Context(click.Command("mentions")):
        first = cli_settings()
        monkeypatch.setenv("GEOTRACK_DB", "second.db")
        assert cli_settings() is first and first.db_path == Path("first.db")
    with click.Context(click.Command("mentions")):  # the next invocation sees the change
        assert cli_settings().db_path == Path("second.db")


class _Echo(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = self.headers.get("User-Agent", "").encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/page"
    server.shutdown()
    server.server_close()


def test_a_fetcher_uses_the_settings_given(echo_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GEOTRACK_USER_AGENT", "from-the-environment/0")
    settings = Settings.from_env({"GEOTRACK_USER_AGENT": "desk/2 (+mailto:desk@example.org)", "GEOTRACK_HTTP_TIMEOUT": "4"})
    fetcher = Fetcher(settings=settings)
    assert (fetcher.user_agent, fetcher.timeout) == ("desk/2 (+mailto:desk@example.org)", 4.0)
    assert fetcher.fetch(echo_url).body == b"desk/2 (+mailto:desk@example.org)"
    assert Fetcher().fetch(echo_url).body == b"from-the-environment/0"  # none given: the environment, now


def test_smtp_settings_come_from_the_one_reader() -> None:
    """``SmtpSettings.from_env`` is ``Settings.from_env`` (the one reader of GEOTRACK_*); the password is
    never in a repr."""
    from geotrack.alerts import SmtpSettings
    from geotrack.settings import Settings

    env = {"GEOTRACK_SMTP_HOST": "mail.example", "GEOTRACK_SMTP_PORT": "2525", "GEOTRACK_SMTP_USER": "w",
           "GEOTRACK_SMTP_PASSWORD": "s3cret", "GEOTRACK_SMTP_STARTTLS": "0"}
    settings = Settings.from_env(env)
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == ("mail.example", 2525, False)
    assert "s3cret" not in repr(settings)
    assert SmtpSettings.from_env(env) == SmtpSettings.from_settings(settings) == SmtpSettings(
        "mail.example", 2525, "w", "s3cret", "geotrack@localhost", False, "")


def test_the_data_loaders_and_the_demo_use_the_settings_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Gazetteer.load, load_context, run_demo and the user file take a Settings object; the environment
    is read only when none is given."""
    from geotrack.context import load_context
    from geotrack.demo import run_demo
    from geotrack.errors import GazetteerError
    from geotrack.gazetteer import Gazetteer
    from geotrack.gazetteer.user import user_file

    shipped = get_settings()
    gaz_dir = tmp_path / "gaz"
    gaz_dir.mkdir()
    rows = (shipped.gazetteer_dir / "sites.csv").read_text(encoding="utf-8").splitlines()
    (gaz_dir / "sites.csv").write_text("\n".join(rows[:1] + [r for r in rows[1:] if r.startswith("kufra,")]) + "\n",
                                         encoding="utf-8")
    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(tmp_path / "nowhere"))
    monkeypatch.setenv("GEOTRACK_CONTEXT", str(tmp_path / "nowhere"))
    given = Settings.from_env({"GEOTRACK_GAZETTEER": str(gaz_dir), "GEOTRACK_CONTEXT": str(shipped.context_dir),
                               "GEOTRACK_USER_GAZETTEER": str(tmp_path / "mine.csv"),
                               "GEOTRACK_SAMPLES": str(tmp_path / "no-samples")})
    assert [s.id for s in Gazetteer.load(settings=given)] == ["kufra"]
    with pytest.raises(GazetteerError, match="nowhere"):
        Gazetteer.load()  # none given: the environment, now
    assert load_context(settings=given).actors
    with pytest.raises(GazetteerError, match=r"context folder not found at .*nowhere"):
        load_context()
    assert user_file(given) == tmp_path / "mine.csv"
    with pytest.raises(InputError, match=r"sample corpus not found at .*no-samples"):
        run_demo(tmp_path / "demo", settings=given)
