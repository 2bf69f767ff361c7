"""Issue 15, item 3: web archives (WARC/WARC.gz/ARC) and Parquet files of articles.

The archives are written here with warcio's own writer: HTML responses (one with its own publication
date, one dated by its WARC-Date), a PNG, a 404, a request, warcinfo and metadata records, compressed
and not; then cut short and corrupted. Parquet files are written with pyarrow under the names real
exports give their columns, with nulls.
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from geotrack.cli import app
from geotrack.models import Document
from geotrack.readers import (
    EXTENSIONS,
    FORMATS,
    Origin,
    ReaderOptions,
    ReadProblem,
    expand_inputs,
    extension_format,
    format_name,
    read_data,
    read_path,
    sniff_format,
)
from geotrack.readers.parquet import read_parquet_stream
from geotrack.readers.warc import WarcCounts, read_warc_stream
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
JUFRA_URL = "https://news.example/2024/03/jufra-cargo"
KUFRA_URL = "https://wire.example/kufra"
CAPTURED = "2024-03-05T10:00:00Z"


pytestmark = pytest.mark.usefixtures("ingest_gazetteer")


def _page(title: str, paragraphs: list[str], published: str = "") -> bytes:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{body}</article></body></html>").encode()


JUFRA_PAGE = _page("Cargo flights at Jufra", [
    "Three cargo aircraft landed at Jufra air base on Monday night, according to two residents of the area.",
    "The residents said the aircraft stayed on the ground for less than an hour before leaving to the north.",
], published="2024-03-01T08:30:00+00:00")
KUFRA_PAGE = _page("Runway works in the south", [
    "Engineers began resurfacing the runway of Kufra air base this week, a local council member said.",
    "The works are expected to last until the end of the month, the council member added on Tuesday.",
])


def _response(writer: WARCWriter, uri: str, status: str, ctype: str, body: bytes) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype), ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                                  warc_headers_dict={"WARC-Date": CAPTURED}))


def _archive(path: Path, *, gzip: bool, pages: bool = True) -> Path:
    """warcinfo, request, HTML 200 (dated page), PNG 200, HTML 404, metadata, XHTML 200 (undated page)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=gzip)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        request = StatusAndHeaders("GET /2024/03/jufra-cargo HTTP/1.1", [("Host", "news.example")],
                                   is_http_request=True)
        writer.write_record(writer.create_warc_record(JUFRA_URL, "request", payload=io.BytesIO(b""),
                                                      http_headers=request))
        if pages:
            _response(writer, JUFRA_URL, "200 OK", "text/html; charset=utf-8", JUFRA_PAGE)
        _response(writer, "https://news.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n....")
        _response(writer, "https://news.example/gone", "404 Not Found", "text/html", _page("Not found", ["Gone."]))
        writer.write_record(writer.create_warc_record(JUFRA_URL, "metadata", payload=io.BytesIO(b"outlinks: none\n"),
                                                      warc_content_type="application/warc-fields"))
        if pages:
            _response(writer, KUFRA_URL, "200 OK", "application/xhtml+xml", KUFRA_PAGE)
    return path


def _offsets(path: Path) -> list[tuple[int, str, str]]:
    """``(offset, type, target URI)`` of every record, as warcio reads them."""
    out = []
    with path.open("rb") as fh:
        records = ArchiveIterator(fh)
        for record in records:
            out.append((records.offset, record.rec_type, record.rec_headers.get_header("WARC-Target-URI") or ""))
    return out


def _split(items: Iterator[Document | ReadProblem]) -> tuple[list[Document], list[str]]:
    docs: list[Document] = []
    problems: list[str] = []
    for item in items:
        if isinstance(item, Document):
            docs.append(item)
        else:
            problems.append(str(item))
    return docs, problems


SKIPPED = {"warcinfo": 1, "request": 1, "not HTML (image/png)": 1, "HTTP status 404": 1, "metadata": 1}


@pytest.mark.parametrize("name", ["crawl.warc.gz", "crawl.warc"])
def test_html_responses_become_documents(tmp_path: Path, name: str) -> None:
    path = _archive(tmp_path / name, gzip=name.endswith(".gz"))
    docs, problems = _split(read_path(str(path)))
    assert problems == []
    assert [(d.id, d.url, d.published, d.title, d.path) for d in docs] == [
        (JUFRA_URL, JUFRA_URL, "2024-03-01", "Cargo flights at Jufra", str(path)),  # the page's own date
        (KUFRA_URL, KUFRA_URL, CAPTURED, "Runway works in the south", str(path)),  # no date of its own: WARC-Date
    ]
    assert "Three cargo aircraft landed at Jufra air base on Monday night" in docs[0].text
    assert "Home" not in docs[0].text  # the article, not the menu
    assert "resurfacing the runway of Kufra air base" in docs[1].text
    assert all("Gone." not in d.text for d in docs)


def test_skipped_records_are_counted_and_summarised_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = _archive(tmp_path / "crawl.warc.gz", gzip=True)
    counts = WarcCounts()
    with path.open("rb") as fh, caplog.at_level(logging.INFO, logger="geotrack"):
        docs, problems = _split(read_warc_stream(fh, Origin(str(path)), ReaderOptions(), counts))
    assert (len(docs), problems, counts.pages, dict(counts.skipped), counts.records) == (2, [], 2, SKIPPED, 7)
    assert [r.getMessage() for r in caplog.records if r.name == "geotrack"] == [
        f"{path}: 2 HTML page(s) read, 5 record(s) passed over (1 HTTP status 404, 1 metadata,"
        " 1 not HTML (image/png), 1 request, 1 warcinfo)"]


def test_a_body_over_the_limit_is_passed_over_and_counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("geotrack.readers.warc.MAX_BODY_BYTES", len(KUFRA_PAGE) + 1)  # the Jufra page is longer
    path = _archive(tmp_path / "crawl.warc.gz", gzip=True)
    counts = WarcCounts()
    with path.open("rb") as fh:
        docs, problems = _split(read_warc_stream(fh, Origin(str(path)), ReaderOptions(), counts))
    assert ([d.id for d in docs], problems) == ([KUFRA_URL], [])
    assert counts.skipped[f"body over {len(KUFRA_PAGE) + 1:,} bytes"] == 1
    assert counts.pages == 1


def test_an_archive_without_pages_is_one_problem_with_the_counts(tmp_path: Path) -> None:
    path = _archive(tmp_path / "assets.warc.gz", gzip=True, pages=False)
    assert _split(read_path(str(path))) == ([], [
        f"{path}: no HTML page in the archive: 5 record(s) passed over (1 HTTP status 404, 1 metadata,"
        " 1 not HTML (image/png), 1 request, 1 warcinfo)"])
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    assert _split(read_path(str(empty))) == ([], [f"{empty}: empty file"])


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_archive_keeps_what_was_read_and_names_the_offset(tmp_path: Path, gzip: bool) -> None:
    whole = _archive(tmp_path / ("whole.warc" + (".gz" if gzip else "")), gzip=gzip)
    last = _offsets(whole)[-1]
    assert last[1:] == ("response", KUFRA_URL)
    data = whole.read_bytes()
    cut = tmp_path / ("cut.warc" + (".gz" if gzip else ""))
    cut.write_bytes(data[: (last[0] + len(data)) // 2])  # half of the last record
    docs, problems = _split(read_path(str(cut)))
    assert [d.id for d in docs] == [JUFRA_URL]
    cause = "a gzip member cut short" if gzip else "the record ends before its announced length"
    assert problems == [f"{cut}: archive unreadable from byte {last[0]} on ({cause}); the records before it were"
                        " read; the file is truncated or corrupt: fetch it again"]


def test_corrupt_gzip_member_ends_the_file_with_its_offset(tmp_path: Path) -> None:
    whole = _archive(tmp_path / "whole.warc.gz", gzip=True)
    offsets = [o for o, _, _ in _offsets(whole)]
    data = bytearray(whole.read_bytes())
    bad_at = offsets[4]  # the 404's member: after the Jufra page
    data[bad_at + 20: bad_at + 60] = b"\x00" * 40
    bad = tmp_path / "bad.warc.gz"
    bad.write_bytes(bytes(data))
    docs, problems = _split(read_path(str(bad)))
    assert [d.id for d in docs] == [JUFRA_URL]
    assert len(problems) == 1
    assert problems[0].startswith(f"{bad}: archive unreadable from byte {bad_at} on (")
    assert problems[0].endswith("); the records before it were read; the file is truncated or corrupt: fetch it again")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fraction=st.floats(min_value=0.0, max_value=1.0), gzip=st.booleans())
def test_any_cut_gives_a_prefix_of_the_documents_and_at_most_one_problem(tmp_path: Path, fraction: float,
                                                                         gzip: bool) -> None:
    whole = _archive(tmp_path / ("w.warc" + (".gz" if gzip else "")), gzip=gzip)
    data = whole.read_bytes()
    starts = [o for o, _, _ in _offsets(whole)] + [len(data)]
    full, _ = _split(read_path(str(whole)))
    n = int(len(data) * fraction)
    cut = tmp_path / ("c.warc" + (".gz" if gzip else ""))
    cut.write_bytes(data[:n])
    docs, problems = _split(read_path(str(cut)))
    assert [(d.id, d.text, d.published) for d in docs] == [(d.id, d.text, d.published) for d in full[: len(docs)]]
    assert len(problems) <= 1
    if n == 0:
        assert problems == [f"{cut}: empty file"]
    elif problems and "unreadable" in problems[0]:
        found = re.search(r"unreadable from byte (\d+) on", problems[0])
        assert found and int(found.group(1)) in starts
    elif len(docs) < len(full):
        # no problem: the cut falls at the end of a record (only the blank lines between records missing)
        assert problems == [] or "no HTML page" in problems[0]
        assert any(b - 4 <= n <= b for b in starts[1:])


def test_old_arc_files_are_read_as_archives(tmp_path: Path) -> None:
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + KUFRA_PAGE
    desc = b"1 0 Tests\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = (b"filedesc://old.arc 0.0.0.0 20240305100000 text/plain %d\n" % len(desc)) + desc + b"\n"
    arc += (b"%s 192.0.2.1 20240305100000 text/html %d\n" % (KUFRA_URL.encode(), len(http))) + http + b"\n"
    path = tmp_path / "old.arc"
    path.write_bytes(arc)
    docs, problems = _split(read_path(str(path)))
    assert ([(d.id, d.published, d.title) for d in docs], problems) == (
        [(KUFRA_URL, CAPTURED, "Runway works in the south")], [])
    assert sniff_format(arc) == "warc"


def test_registry_extensions_and_sniffing(tmp_path: Path) -> None:
    assert {"warc", "parquet"} <= set(FORMATS)
    assert [format_name(n) for n in ("WARC", "arc", "warc.gz", ".parquet", "pq")] == [
        "warc", "warc", "warc", "parquet", "parquet"]
    assert [extension_format(n) for n in ("a.warc.gz", "A.WARC", "b.arc.gz", "c.parquet", "d.gz", "e.2024.txt")] == [
        "warc", "warc", "warc", "parquet", None, "text"]
    assert {".warc", ".warc.gz", ".arc", ".arc.gz", ".parquet"} <= set(EXTENSIONS)
    gz = _archive(tmp_path / "x.warc.gz", gzip=True).read_bytes()
    plain = _archive(tmp_path / "x.warc", gzip=False).read_bytes()
    assert [sniff_format(gz), sniff_format(plain), sniff_format(b"PAR1\x15\x04"), sniff_format(b"\x1f\x8b\x08")] == [
        "warc", "warc", "parquet", "text"]
    # a folder walk reads archives and Parquet files; a .gz of something else is passed over
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.warc.gz", "b.parquet", "c.warc", "d.tar.gz"):
        (folder / name).write_bytes(b"x")
    assert [Path(i.path).name for i in expand_inputs([str(folder)])] == ["a.warc.gz", "b.parquet", "c.warc"]


def test_archive_bytes_from_a_url_or_stdin_are_sniffed(tmp_path: Path) -> None:
    data = _archive(tmp_path / "x.warc.gz", gzip=True).read_bytes()
    docs, problems = _split(read_data(data, Origin("https://archive.example/get?id=1", "https://archive.example/x"),
                                      content_type="application/octet-stream"))
    assert ([d.id for d in docs], problems) == ([JUFRA_URL, KUFRA_URL], [])


def test_ingest_archive_then_mentions_through_the_cli(tmp_path: Path) -> None:
    path = _archive(tmp_path / "crawl.warc.gz", gzip=True)
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(path), "--db", db, "-q"])
    assert done.exit_code == 0, done.output
    rows = json.loads(runner.invoke(app, ["mentions", "--db", db, "--format", "json"]).stdout)
    got = sorted({(r["site_id"], r["input_id"], r["published"][:10]) for r in rows})
    assert got == [("al-jufra", JUFRA_URL, "2024-03-01"), ("kufra-airport", KUFRA_URL, "2024-03-05")]


# --- Parquet ---------------------------------------------------------------------------------------------

def _parquet(path: Path, table: pa.Table, row_group_size: int | None = None) -> Path:
    pq.write_table(table, path, row_group_size=row_group_size)
    return path


def test_parquet_with_aliased_columns_and_nulls(tmp_path: Path) -> None:
    table = pa.table({
        "guid": ["p-1", None, "p-3", "p-4"],
        "headline": ["Jufra", None, "Empty", "Kufra"],
        "text": ["Cargo flights landed at Jufra air base.", "Drones over Kufra air base.", None,
                 "Runway works at Kufra air base."],
        "link": ["https://a.example/1", None, None, "https://a.example/4"],
        "pubDate": pa.array([1709629200, None, None, 1709715600], pa.int64()),
        "outlet": ["Wire", "Desk", None, None],
        "word_count": [7, 5, 0, 6],  # not a document field: not read
    })
    path = _parquet(tmp_path / "articles.parquet", table)
    docs, problems = _split(read_path(str(path)))
    assert [(d.id, d.title, d.text, d.url, d.published, d.source, d.path) for d in docs] == [
        ("p-1", "Jufra", "Cargo flights landed at Jufra air base.", "https://a.example/1", "2024-03-05T09:00:00+00:00",
         "Wire", str(path)),
        (f"{path}:2", "", "Drones over Kufra air base.", "", "", "Desk", str(path)),
        ("p-4", "Kufra", "Runway works at Kufra air base.", "https://a.example/4", "2024-03-06T09:00:00+00:00", "",
         str(path)),
    ]
    assert problems == [f"{path}: item 3: no 'text' field"]


def test_parquet_timestamps_renamed_fields_and_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    monkeypatch.setattr("geotrack.readers.parquet.BATCH_ROWS", 3)
    n = 10
    table = pa.table({
        "Body": [f"Article {i} about Sirte." for i in range(n)],
        "Zeit": pa.array([dt.datetime(2024, 3, 1 + i, 12, 0, tzinfo=dt.timezone.utc) for i in range(n)],
                         pa.timestamp("ms", tz="UTC")),
        "day": pa.array([dt.date(2024, 3, 1 + i) for i in range(n)], pa.date32()),
    })
    path = _parquet(tmp_path / "a.parquet", table, row_group_size=4)
    with path.open("rb") as fh:
        docs, problems = _split(read_parquet_stream(fh, Origin(str(path)),
                                                    ReaderOptions(fields={"text": "Body", "published": "Zeit"})))
    assert problems == []
    assert [d.published for d in docs] == [f"2024-03-{1 + i:02d}T12:00:00+00:00" for i in range(n)]
    assert [d.id for d in docs] == [f"{path}:{i + 1}" for i in range(n)]
    # without renaming: 'day' is not a date alias, 'Body' not a text alias
    docs, problems = _split(read_path(str(path)))
    assert (docs, problems) == ([], [f"{path}: no 'text' column (columns: Body, Zeit, day); name the column holding"
                                     " the text in the reader options' fields (text=COLUMN)"])


def test_parquet_reads_in_batches_not_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _parquet(tmp_path / "many.parquet", pa.table({"text": [f"Row {i}" for i in range(50)]}), row_group_size=10)
    seen: list[int] = []
    real = pq.ParquetFile.iter_batches

    def spy(self: pq.ParquetFile, *args: object, **kwargs: object) -> Iterator[pa.RecordBatch]:
        for batch in real(self, *args, **kwargs):  # type: ignore[arg-type]
            seen.append(batch.num_rows)
            yield batch

    monkeypatch.setattr(pq.ParquetFile, "iter_batches", spy)
    monkeypatch.setattr("geotrack.readers.parquet.BATCH_ROWS", 8)
    items = read_path(str(path))
    first = next(items)
    assert isinstance(first, Document) and first.text == "Row 0"
    assert seen == [8]  # one batch read for the first document
    assert len(list(items)) == 49
    assert max(seen) <= 8 and sum(seen) == 50


def test_broken_parquet_is_a_problem(tmp_path: Path) -> None:
    good = _parquet(tmp_path / "g.parquet", pa.table({"text": ["a", "b"]})).read_bytes()
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(good[: len(good) // 2])
    docs, problems = _split(read_path(str(bad)))
    assert docs == []
    assert len(problems) == 1
    assert problems[0].startswith(f"{bad}: not a readable Parquet file (")
    assert problems[0].endswith("); check that the file is complete")


@pytest.mark.parametrize("shape", ["warc.gz", "parquet"])
def test_archives_and_parquet_from_stdin(tmp_path: Path, shape: str) -> None:
    """Stdin cannot seek: the format is sniffed from the first bytes and the stream read as it comes (a
    Parquet file is read whole first: its schema is at its end)."""
    if shape == "warc.gz":
        data = _archive(tmp_path / "x.warc.gz", gzip=True).read_bytes()
        ids = [JUFRA_URL, KUFRA_URL]
    else:
        data = _parquet(tmp_path / "x.parquet", pa.table({
            "id": ["a", "b"], "text": ["Cargo flights landed at Jufra air base.", "Runway works at Kufra air base."]})
        ).read_bytes()
        ids = ["a", "b"]
    db = str(tmp_path / "g.db")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", "-", "--db", db, "-q", "--date", "2024-03-05"], input=data)
    assert done.exit_code == 0, done.output
    rows = json.loads(runner.invoke(app, ["mentions", "--db", db, "--format", "json"]).stdout)
    assert sorted({r["input_id"] for r in rows}) == ids
