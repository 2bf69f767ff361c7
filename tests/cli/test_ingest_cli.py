"""The ``ingest``, ``reextract``, ``mentions`` and ``sources`` commands, through typer's CliRunner."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.store import Store
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
GOOD, BAD = FIX / "good", FIX / "bad"


pytestmark = pytest.mark.usefixtures("ingest_gazetteer")


def test_every_command_has_help(runner: CliRunner) -> None:
    for cmd in ("ingest", "reextract", "mentions", "sources"):
        result = runner.invoke(app, [cmd, "--help"])
        assert result.exit_code == 0, result.output
        assert "--db" in result.output
    out = runner.invoke(app, ["ingest", "--help"]).output
    assert "--output-format" in out and "--format" in out and "--strict" in out


def test_ingest_json_summary_and_default_db(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(GOOD), "-o", "json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert {k: summary[k] for k in ("inputs", "read", "new", "duplicates", "syndicated", "failed", "mentions")} == {
        "inputs": 11, "read": 14, "new": 13, "duplicates": 0, "syndicated": 1, "failed": 0, "mentions": 33}
    assert summary["per_source"]["Wire Two"] == {"read": 1, "new": 0, "duplicates": 0, "syndicated": 1, "mentions": 1}
    assert (tmp_path / "geotrack.db").exists()  # GEOTRACK_DB from the conftest fixture
    again = json.loads(runner.invoke(app, ["ingest", str(GOOD), "-o", "json"]).stdout)
    assert (again["new"], again["duplicates"]) == (0, 14)


def test_ingest_table_summary(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(GOOD / "lines.jsonl"), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0
    assert "1 input(s), 0 failed" in result.stdout
    lines = [ln for ln in result.stdout.splitlines() if "Wire" in ln or "total" in ln]
    assert [ln.split("│")[1:-1] for ln in lines] == [
        [" Wire One ", " 1    ", " 1   ", " 0          ", " 0          ", " 1        "],
        [" Wire Two ", " 1    ", " 0   ", " 0          ", " 1          ", " 1        "],
        [" total    ", " 2    ", " 1   ", " 0          ", " 1          ", " 2        "],
    ]
    quiet = runner.invoke(app, ["ingest", str(GOOD / "lines.jsonl"), "--db", str(tmp_path / "x.db"), "-q"])
    assert (quiet.exit_code, quiet.stdout) == (0, "")


def test_failed_inputs_exit_1_and_are_listed(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(BAD / "empty.txt"), str(GOOD / "lines.jsonl"), "-q"])
    assert result.exit_code == 1
    assert result.stderr == f"failed: {BAD / 'empty.txt'}: empty file\n"
    with Store.open(tmp_path / "geotrack.db") as store:
        assert store.counts()["documents"] == 2


def test_strict(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(GOOD / "lines.jsonl"), str(BAD / "broken.json"), "--strict"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {BAD / 'broken.json'}:2: malformed JSON (Expecting ',' delimiter")
    assert "(--strict: stopped at the first failure; 2 new document(s)" in result.stderr


def test_source_date_format_and_fields(runner: CliRunner, tmp_path: Path) -> None:
    db = str(tmp_path / "o.db")
    result = runner.invoke(app, ["ingest", str(FIX / "custom" / "custom_columns.csv"), "--db", db, "--field",
                                 "text=body", "--field", "title=headline", "--source", "Desk", "--date",
                                 "2024-05-01", "-o", "json"])
    assert result.exit_code == 0, result.output
    assert list(json.loads(result.stdout)["per_source"]) == ["Desk"]
    with Store.open(db) as store:
        assert store.db.execute("SELECT DISTINCT published FROM documents").fetchall() == [("2024-05-01",)]
        assert [r[0] for r in store.db.execute("SELECT title FROM documents ORDER BY id")] == [
            "Patrols near Sirte", "Jufra runway works"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "Error: unknown format 'pdf'; choose one of: csv, feed, html, json, jsonl, parquet, text, warc\n"),
        (["--date", "soon"], "Error: --date 'soon' is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)\n"),
        (["--field", "text"], "Error: --field 'text' is not NAME=COLUMN; e.g. --field text=body\n"),
    ],
)
def test_bad_options(runner: CliRunner, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["ingest", str(GOOD / "lines.jsonl"), *args])
    assert (result.exit_code, result.stderr) == (1, message)


def test_stdin(runner: CliRunner) -> None:
    result = runner.invoke(app, ["ingest", "-", "--format", "jsonl", "-o", "json"],
                           input='{"text": "Flights at Sirte.", "source": "Pipe"}\n')
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["per_source"] == {
        "Pipe": {"read": 1, "new": 1, "duplicates": 0, "syndicated": 0, "mentions": 1}}


@pytest.fixture
def filled(runner: CliRunner, db_location: str) -> str:
    """The ingest fixtures ingested through the CLI, once per backend (SQLite file, PostGIS)."""
    db = db_location
    assert runner.invoke(app, ["ingest", str(GOOD), "--db", db, "-q"]).exit_code == 0
    return db


def test_mentions_json_filters(runner: CliRunner, filled: str) -> None:
    result = runner.invoke(app, ["mentions", "--db", filled, "--site", "kufra", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["site_id"], r["surface"], r["source"], r["published"]) for r in rows] == [
        ("kufra", "الكفرة", "راديو الجنوب", "2024-02-02T00:00:00")] * 3
    since = json.loads(runner.invoke(app, ["mentions", "--db", filled, "--since", "2024-05-01", "--until",
                                           "2024-05-31", "-f", "json"]).stdout)
    assert sorted(r["site_id"] for r in since) == ["al-khadim", "benghazi", "kufra-airport"]
    src = json.loads(runner.invoke(app, ["mentions", "--db", filled, "--source", "Wire One", "--source",
                                         "Wire Two", "-f", "json"]).stdout)
    assert [(r["source"], r["syndicated"]) for r in src] == [("Wire One", False), ("Wire Two", True)]


def test_mentions_csv_and_table(runner: CliRunner, filled: str) -> None:
    result = runner.invoke(app, ["mentions", "--db", filled, "--site", "maaten-al-sarra", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [(r["surface"], r["source"], r["start"], r["end"]) for r in rows] == [
        ("معطن السارة", "نشرة الصحراء", "8", "19"), ("معطن السارة", "نشرة الصحراء", "65", "76")]
    table = runner.invoke(app, ["mentions", "--db", filled, "--site", "mitiga"])
    assert table.exit_code == 0 and "5 mention(s) (sites: mitiga)" in table.stdout
    bad = runner.invoke(app, ["mentions", "--db", filled, "--since", "May"])
    assert (bad.exit_code, bad.stderr) == (
        1, "Error: --since 'May' is not a date; write it as YYYY-MM-DD, e.g. --since 2024-03-01\n")


def test_sources(runner: CliRunner, filled: str) -> None:
    rows = json.loads(runner.invoke(app, ["sources", "--db", filled, "--format", "json"]).stdout)
    assert len(rows) == 11
    wire_two = next(r for r in rows if r["source"] == "Wire Two")
    assert wire_two == {"source": "Wire Two", "domain": "", "documents": 1, "syndicated": 1, "mentions": 1,
                        "first_published": "2024-07-01", "last_published": "2024-07-01"}
    unknown = next(r for r in rows if r["source"] == "unknown")
    assert (unknown["documents"], unknown["first_published"], unknown["last_published"]) == (2, "2023-12-14", "2023-12-14")
    assert "11 source(s)" in runner.invoke(app, ["sources", "--db", filled]).stdout


def test_reextract_and_missing_db(runner: CliRunner, filled: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["reextract", "--db", filled])
    assert (result.exit_code, result.stdout) == (
        0, "re-extracted 14 document(s): 33 mention(s), 0 candidate name(s), 0 relative position(s),"
           " 3 foreign place name(s)\n")
    missing = runner.invoke(app, ["sources", "--db", str(tmp_path / "none.db")])
    assert missing.exit_code == 1
    assert missing.stderr == (f"Error: no database at {str(tmp_path / 'none.db')!r}; run 'geotrack ingest' first"
                              " or pass --db\n")
