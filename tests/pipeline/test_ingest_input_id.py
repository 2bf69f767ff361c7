"""Issue 12 on the storage side: the user's document ids from every input shape through ingest to
``mentions`` (json, csv, table); the once-per-input note on documents stored without a date or a source;
files a folder walk passes over, listed with the reason; candidate names apart from their occurrences;
``sources --format csv``; ``mentions`` with the shared filters; ``ingest --output-format``."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.errors import InputError
from geotrack.pipeline import MissingField, ingest
from geotrack.readers import Skipped
from geotrack.store import Store
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
JUFRA = "Cargo flights landed at Jufra air base on Monday."


pytestmark = pytest.mark.usefixtures("ingest_gazetteer")


def _jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _rss(path: Path) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Feed Wire</title>'
        "<item><title>One</title><link>https://feed.example/1</link><guid isPermaLink=\"false\">urn:feed:1</guid>"
        f"<pubDate>Tue, 05 Mar 2024 10:00:00 GMT</pubDate><description>{JUFRA}</description></item>"
        "<item><title>Two</title><link>https://feed.example/2</link>"
        f"<pubDate>Wed, 06 Mar 2024 10:00:00 GMT</pubDate><description>{JUFRA} Again.</description></item>"
        "</channel></rss>", encoding="utf-8")
    return path


def _inputs(tmp_path: Path, shape: str) -> tuple[Path, list[str]]:
    """An input of the given shape and the input ids its two documents should get, in stored order."""
    if shape == "jsonl":
        f = _jsonl(tmp_path / "export.jsonl", [
            {"id": "wire-001", "text": JUFRA, "date": "2024-03-05", "outlet": "Wire"},
            {"text": JUFRA + " Later.", "date": "2024-03-06", "outlet": "Wire"}])
        return f, ["wire-001", f"{f}:2"]
    if shape == "csv":
        f = tmp_path / "export.csv"
        f.write_text(f"guid,headline,text,pubDate,publisher\r\nrow-17,T,{JUFRA},2024-03-05,Wire\r\n"
                     f"=HYPERLINK(1),U,{JUFRA} Later.,2024-03-06,Wire\r\n", encoding="utf-8")
        return f, ["row-17", "=HYPERLINK(1)"]
    if shape == "feed":
        f = _rss(tmp_path / "feed.rss")
        return f, ["urn:feed:1", "https://feed.example/2"]  # no guid: the entry's link is its id
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "a.txt").write_text(f"5 March 2024\n{JUFRA}", encoding="utf-8")
    (folder / "b.md").write_text(f"6 March 2024\n{JUFRA} Later.", encoding="utf-8")
    return folder, [str(folder / "a.txt"), str(folder / "b.md")]


@pytest.mark.parametrize("shape", ["jsonl", "csv", "feed", "files"])
def test_input_id_from_ingest_to_mentions(runner: CliRunner, tmp_path: Path, shape: str) -> None:
    src, ids = _inputs(tmp_path, shape)
    db = str(tmp_path / "g.db")
    done = runner.invoke(app, ["ingest", str(src), "--db", db, "-q"])
    assert done.exit_code == 0, done.output
    rows = json.loads(runner.invoke(app, ["mentions", "--db", db, "--format", "json"]).stdout)
    assert [(r["site_id"], r["input_id"]) for r in rows] == [("al-jufra", i) for i in ids]
    assert list(rows[0])[:9] == ["published", "source", "site_id", "site_name", "surface", "confidence", "rule",
                                 "input_id", "document_id"]
    out = runner.invoke(app, ["mentions", "--db", db, "--format", "csv"]).stdout
    table = list(csv.DictReader(io.StringIO(out)))
    neutral = [("'" + i if i.startswith("=") else i) for i in ids]  # a formula is neutralised in CSV only
    assert [r["input_id"] for r in table] == neutral
    assert out.splitlines()[0].split(",")[6:9] == ["rule", "input_id", "document_id"]
    shown = runner.invoke(app, ["mentions", "--db", db]).stdout
    assert "input_id" in shown and ids[0][-8:] in shown.replace("\n", "").replace("│", "").replace(" ", "")


def test_notes_once_per_input_for_documents_without_a_date_or_a_source(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _jsonl(folder / "a.jsonl", [
        {"id": "1", "text": JUFRA, "outlet": "Wire"},  # no date
        {"id": "2", "text": JUFRA + " Two."},  # neither
        {"id": "3", "text": JUFRA + " Three.", "link": "https://www.site.example/3"},  # source: the URL's domain
        {"id": "4", "text": JUFRA + " Four.", "pubDate": "2024-03-05", "outlet": "Wire"},
        {"id": "4", "text": JUFRA + " Four.", "pubDate": "2024-03-05", "outlet": "Wire"},  # a duplicate, not stored
    ])
    (folder / "b.txt").write_text(f"5 March 2024\n{JUFRA} Dated by its dateline.\nSource: Desk", encoding="utf-8")
    db = str(tmp_path / "g.db")
    result = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert result.exit_code == 0, result.output
    a = folder / "a.jsonl"
    assert result.stderr == (
        f"note: {a}: 3 of 4 document(s) stored without a publication date; give one with --date YYYY-MM-DD, or"
        " name the field holding it with --field published=NAME\n"
        f"note: {a}: 1 of 4 document(s) stored without a source (stored as 'unknown'); give one with --source NAME,"
        " or name the field holding it with --field source=NAME\n")
    # the library says the same as data; quiet mode says nothing
    with Store.open(tmp_path / "lib.db") as store:
        summary = ingest([str(folder)], store)
    assert summary.missing == (MissingField(str(a), "published", 3, 4), MissingField(str(a), "source", 1, 4))
    assert summary.to_dict()["missing"] == [
        {"path": str(a), "field": "published", "count": 3, "stored": 4},
        {"path": str(a), "field": "source", "count": 1, "stored": 4}]
    quiet = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "q.db"), "-q"])
    assert (quiet.exit_code, quiet.stderr, quiet.stdout) == (0, "", "")
    # --date and --source fix both; nothing to say
    fixed = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "f.db"), "--date", "2024-03-01",
                                "--source", "Desk"])
    assert (fixed.exit_code, fixed.stderr) == (0, "")
    # the same documents again: none stored, no note
    again = runner.invoke(app, ["ingest", str(folder), "--db", db])
    assert (again.exit_code, again.stderr) == (0, "")


def test_files_a_folder_walk_passes_over_are_listed_with_the_reason(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / ".git" / "note.txt").write_text(JUFRA, encoding="utf-8")
    (folder / ".hidden.txt").write_text(JUFRA, encoding="utf-8")
    (folder / "README.md").write_text(JUFRA, encoding="utf-8")
    (folder / "photo.PNG").write_bytes(b"\x89PNG")
    (folder / "noext").write_text(JUFRA, encoding="utf-8")
    (folder / "sub" / "a.txt").write_text(JUFRA, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, folder / "linked")
    known = ".arc, .arc.gz, .atom, .csv, .htm, .html, .json, .jsonl, .markdown, .md, .ndjson, .parquet, .rss, .tsv, .txt, .warc, .warc.gz, .xml"
    expected = [
        Skipped(str(folder / ".git"), "hidden folder (its name starts with '.'): not walked"),
        Skipped(str(folder / ".hidden.txt"), "hidden file (its name starts with '.')"),
        Skipped(str(folder / "README.md"), "the folder's own documentation, not an article; name the file itself"
                                           " to read it"),
        Skipped(str(folder / "linked"), "symbolic link to a folder: not followed; name the folder itself to read it"),
        Skipped(str(folder / "noext"), f"no extension: not a format read in folders ({known}); name the file"
                                       " itself to read it"),
        Skipped(str(folder / "photo.PNG"), f"extension '.PNG': not a format read in folders ({known}); name the"
                                           " file itself to read it"),
    ]
    with Store.open(tmp_path / "lib.db") as store:
        summary = ingest([str(folder)], store)
    assert (summary.inputs, summary.new, summary.failed, summary.ok) == (1, 1, 0, True)
    assert list(summary.skipped) == expected
    db = str(tmp_path / "g.db")
    as_json = json.loads(runner.invoke(app, ["ingest", str(folder), "--db", db, "--output-format", "json"]).stdout)
    assert as_json["skipped"] == [s.to_dict() for s in expected]
    table = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "t.db")])
    assert table.exit_code == 0
    flat = table.stdout.replace("│", " ")
    assert "1 input(s), 0 failed, 6 skipped" in flat
    assert "6 file(s) or folder(s) skipped, not read" in flat
    assert "hidden folder" in flat and "photo.PNG" in flat


def test_the_table_shows_the_first_skipped_files_and_json_all(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(JUFRA, encoding="utf-8")
    for i in range(12):
        (folder / f"img{i:02}.jpg").write_bytes(b"\xff\xd8")
    table = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "t.db")]).stdout
    assert "12 file(s) or folder(s) skipped, not read (first 10; all in --output-format json)" in table
    assert "img09.jpg" in table and "img10.jpg" not in table
    as_json = json.loads(runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "j.db"),
                                             "--output-format", "json"]).stdout)
    assert len(as_json["skipped"]) == 12


def test_candidate_names_are_counted_apart_from_their_occurrences(runner: CliRunner, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "c.jsonl", [
        {"text": "Engineers were seen at Watiya air base and at Bir Zaltan air base."},
        {"text": "New hangars at Watiya air base."},
    ])
    result = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "g.db"), "--output-format", "json",
                                 "--date", "2024-03-05", "--source", "S"])
    summary = json.loads(result.stdout)
    assert (summary["candidate_names"], summary["candidates"]) == (2, 3)
    table = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "t.db"), "--source", "S",
                                "--date", "2024-03-05"]).stdout
    assert "1 input(s), 0 failed; 2 candidate name(s) in 3 occurrence(s), 0 relative position(s)" in " ".join(
        table.replace("│", " ").split())


def test_sources_csv(runner: CliRunner, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "s.jsonl", [
        {"text": JUFRA, "source": "=cmd|' /C calc'!A0", "date": "2024-03-05"},
        {"text": JUFRA + " Two.", "source": {"id": None, "name": "Wire"}, "date": "2024-03-06",
         "url": "https://wire.example/2"},
    ])
    db = str(tmp_path / "g.db")
    assert runner.invoke(app, ["ingest", str(src), "--db", db, "-q"]).exit_code == 0
    result = runner.invoke(app, ["sources", "--db", db, "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.decode("utf-8") == (
        "source,domain,documents,syndicated,mentions,first_published,last_published\r\n"
        "'=cmd|' /C calc'!A0,,1,0,1,2024-03-05,2024-03-05\r\n"
        "Wire,wire.example,1,0,1,2024-03-06,2024-03-06\r\n")
    assert runner.invoke(app, ["sources", "--db", db, "-f", "json"]).exit_code == 0


def test_mentions_takes_the_shared_filters(runner: CliRunner, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "m.jsonl", [
        {"id": "a", "text": JUFRA, "date": "2024-03-05", "source": "Wire"},
        {"id": "b", "text": "A convoy left Sirte for the south.", "date": "2024-03-06", "source": "Wire"},
    ])
    db = str(tmp_path / "g.db")
    assert runner.invoke(app, ["ingest", str(src), "--db", db, "-q"]).exit_code == 0

    def ids(*args: str) -> list[str]:
        result = runner.invoke(app, ["mentions", "--db", db, "-f", "json", *args])
        assert result.exit_code == 0, result.output
        return [r["input_id"] for r in json.loads(result.stdout)]

    assert ids() == ["a", "b"]
    assert ids("--kind", "airbase") == ["a"]
    assert ids("--kind", "town") == ["b"]
    assert ids("--kind", "town", "--kind", "airbase") == ["a", "b"]
    swapped = runner.invoke(app, ["mentions", "--db", db, "--since", "2024-03-06", "--until", "2024-03-05"])
    assert (swapped.exit_code, swapped.stderr) == (1, "Error: --since '2024-03-06' is after --until '2024-03-05';"
                                                      " swap them\n")
    typo = runner.invoke(app, ["mentions", "--db", db, "--site", "al-jufr", "-f", "json"])
    assert typo.exit_code == 0 and json.loads(typo.stdout) == []
    assert typo.stderr == "Warning: --site 'al-jufr' is not a known site id; closest: al-jufra, kufra\n"
    help_text = runner.invoke(app, ["mentions", "--help"]).stdout
    for option in ("--kind", "--actor", "--site", "--source", "--since", "--until", "--min-confidence"):
        assert option in help_text


def test_ingest_output_format_spellings(runner: CliRunner, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "o.jsonl", [{"text": JUFRA, "date": "2024-03-05", "source": "S"}])
    new = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "a.db"), "--output-format", "json"])
    old = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "b.db"), "-o", "json"])  # unlisted, works
    assert json.loads(new.stdout)["new"] == json.loads(old.stdout)["new"] == 1
    help_text = runner.invoke(app, ["ingest", "--help"]).stdout
    assert "--output-format" in help_text and "-o," not in help_text and " -o " not in help_text


def test_unknown_field_names_are_refused(runner: CliRunner, tmp_path: Path) -> None:
    src = _jsonl(tmp_path / "f.jsonl", [{"body": JUFRA, "Zeit": "2024-03-05"}])
    bad = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "a.db"), "--field", "body=text"])
    assert (bad.exit_code, bad.stderr) == (1, "Error: --field 'body=text': unknown document field 'body'; the fields"
                                              " are: id, title, text, url, source, published, lang (also: date for"
                                              " published, language for lang)\n")
    good = runner.invoke(app, ["ingest", str(src), "--db", str(tmp_path / "b.db"), "--field", "text=body",
                               "--field", "date=Zeit", "--output-format", "json"])
    assert (good.exit_code, json.loads(good.stdout)["missing"]) == (0, [
        {"path": str(src), "field": "source", "count": 1, "stored": 1}])
    with Store.open(tmp_path / "c.db") as store, pytest.raises(InputError, match="unknown document field 'bodie'"):
        ingest([str(src)], store, fields={"bodie": "body"})


def test_input_id_of_a_page_url_is_the_url_as_given(runner: CliRunner, tmp_path: Path) -> None:
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    page = ("<html><head><title>Jufra</title><link rel='canonical' href='https://desert.example/jufra'></head>"
            f"<body><article><h1>Jufra</h1><p>{JUFRA} The runway was extended by several hundred metres, local"
            " residents said, and new hangars were seen on satellite images.</p></article></body></html>")

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/old":
                self.send_response(301)
                self.send_header("Location", "/page.html")
                self.end_headers()
                return
            body = page.encode("utf-8") if self.path == "/page.html" else _rss(tmp_path / "f.rss").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8" if self.path == "/page.html"
                             else "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        db = str(tmp_path / "g.db")
        done = runner.invoke(app, ["ingest", f"{base}/old", f"{base}/feed.rss", "--db", db, "-q"])
        assert done.exit_code == 0, done.output
        rows = json.loads(runner.invoke(app, ["mentions", "--db", db, "-f", "json"]).stdout)
    finally:
        server.shutdown()
        server.server_close()
    by_id = {r["input_id"]: r["url"] for r in rows}
    assert by_id == {f"{base}/old": "https://desert.example/jufra", "urn:feed:1": "https://feed.example/1",
                     "https://feed.example/2": "https://feed.example/2"}
