"""CLI: extract, gazetteer and evaluate through typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from geotrack.cli import app

runner = CliRunner()


def test_extract_text_file_jsonl_output(tmp_path: Path) -> None:
    f = tmp_path / "article.txt"
    f.write_text("هبطت طائرات في قاعدة الجفرة وبنغازي.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(f), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["site_id"], r["surface"], r["start"], r["end"]) for r in rows] == [
        ("article.txt", "al-jufra", "قاعدة الجفرة", 15, 27),
        ("article.txt", "benghazi", "وبنغازي", 28, 35),
    ]
    assert set(rows[0]) >= {"site_id", "surface", "start", "end", "sentence", "confidence", "rule", "lat", "lon", "kind"}


def test_extract_jsonl_input_reports_bad_lines_and_goes_on(tmp_path: Path) -> None:
    f = tmp_path / "docs.jsonl"
    f.write_text(
        '{"id": "a", "text": "Cargo jets landed at Benina."}\n'
        "not json\n"
        '{"id": "b"}\n'
        '{"id": "c", "text": "Turkish drones at al-Watiya.", "source": "ignored"}\n',
        encoding="utf-8",
    )
    result = runner.invoke(app, ["extract", str(f), "--format", "jsonl"])
    assert result.exit_code == 1
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["doc_id"], r["site_id"]) for r in rows] == [("a", "benina"), ("c", "al-watiya")]
    assert f"{f}:2: not JSON" in result.stderr
    assert f"{f}:3: no 'text' field" in result.stderr
    assert "2 input line(s) skipped" in result.stderr


def test_extract_stdin_json_and_min_confidence() -> None:
    result = runner.invoke(app, ["extract", "-", "--format", "json", "--min-confidence", "0"],
                           input="سرت شائعات عن الجفرة")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert [(r["site_id"], r["rule"]) for r in rows] == [("sirte", "ambiguous:negative-cue"), ("al-jufra", "gazetteer")]
    result = runner.invoke(app, ["extract", "-", "--input", "jsonl", "--format", "jsonl"],
                           input='{"id": "s1", "text": "Misrata airport"}\n')
    assert json.loads(result.stdout)["site_id"] == "misrata-airport"


def test_extract_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert "missing.txt' is not a file" in result.stderr


def test_extract_table_output() -> None:
    result = runner.invoke(app, ["extract", "-"], input="Flights to Jufra.")
    assert result.exit_code == 0
    assert "al-jufra" in result.stdout and "1 mentions" in result.stdout


def test_gazetteer_list_show_validate() -> None:
    result = runner.invoke(app, ["gazetteer", "list", "--format", "json", "--layer", "curated", "--kind", "airbase"])
    assert result.exit_code == 0
    ids = {s["id"] for s in json.loads(result.stdout)}
    assert {"maaten-al-sarra", "al-khadim", "al-jufra", "al-watiya"} <= ids
    result = runner.invoke(app, ["gazetteer", "show", "al-jufra", "--format", "json"])
    site = json.loads(result.stdout)
    assert site["coord_source"] == "airportsdata:HL69"
    assert "الجفرة" in site["name_ar"] or "الجفرة" in site["variants"]
    result = runner.invoke(app, ["gazetteer", "show", "nowhere"])
    assert result.exit_code == 1
    assert "unknown site id 'nowhere'" in result.stderr
    result = runner.invoke(app, ["gazetteer", "validate"])
    assert result.exit_code == 0
    assert result.stdout.startswith("OK: ")


def test_gazetteer_validate_fails_on_a_bad_file(tmp_path: Path) -> None:
    (tmp_path / "sites.csv").write_text(
        "id,kind,name_en,name_ar,lat,lon,coord_source\nparis,town,Paris,باريس,48.85,2.35,ref:x\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["gazetteer", "validate", "--gazetteer", str(tmp_path)])
    assert result.exit_code == 1
    assert "outside Libya" in result.stderr
    assert "1 problem(s) in 1 sites" in result.stderr


def test_evaluate_json(tmp_path: Path) -> None:
    f = tmp_path / "l.jsonl"
    f.write_text(json.dumps({"id": "1", "lang": "en", "text": "Jufra", "expected": [
        {"site_id": "al-jufra", "surface": "Jufra"}]}) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["evaluate", str(f), "--format", "json"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out["scores"]["en"]["precision"] == 1.0 and out["scores"]["all"]["tp"] == 1
