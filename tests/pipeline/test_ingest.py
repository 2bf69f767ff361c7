"""The ingest pipeline: exact summaries, idempotence, syndication, strict mode, bad inputs, reextract,
and real processes killed mid-way or running side by side on one database."""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geotrack.errors import InputError
from geotrack.gazetteer import Gazetteer
from geotrack.pipeline import Progress, SourceCounts, ingest, reextract
from geotrack.readers.base import ReadProblem
from geotrack.store import Store
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
GAZ_DIR = FIX / "gazetteer"
GOOD, BAD = FIX / "good", FIX / "bad"


pytestmark = pytest.mark.usefixtures("ingest_gazetteer")


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "t.db")


def test_ingest_good_folder_exact_summary(store: Store) -> None:
    s = ingest([str(GOOD)], store)
    assert (s.inputs, s.read, s.new, s.duplicates, s.syndicated, s.failed, s.mentions) == (11, 14, 13, 0, 1, 0, 33)
    assert s.ok and s.problems == ()
    assert s.per_source["Wire Two"] == SourceCounts(read=1, new=0, duplicates=0, syndicated=1, mentions=1)
    assert s.per_source["راديو الجنوب"] == SourceCounts(read=1, new=1, duplicates=0, syndicated=0, mentions=4)
    assert s.per_source["unknown"] == SourceCounts(read=2, new=2, duplicates=0, syndicated=0, mentions=7)
    assert store.counts() == {"sources": 11, "documents": 14, "mentions": 33, "syndicated": 1}
    frame = store.mentions_frame()
    kufra = frame[frame.source == "راديو الجنوب"]
    assert sorted(kufra.site_id) == ["kufra", "kufra", "kufra", "kufra-airport"]
    assert all(frame.apply(lambda r: r.surface.strip() != "", axis=1))
    row = store.db.execute("SELECT lang, published, url, title, gazetteer_version FROM documents WHERE input_id = 'a-1'").fetchone()
    assert row == ("ar", "2024-01-20", "https://alsahil.example/a-1", "مناورات قرب طرابلس",
                   Gazetteer.load(GAZ_DIR).version)


def test_reingest_adds_nothing(store: Store) -> None:
    ingest([str(GOOD)], store)
    before = store.counts()
    s = ingest([str(GOOD)], store)
    assert (s.read, s.new, s.duplicates, s.syndicated, s.mentions) == (14, 0, 14, 0, 0)
    assert store.counts() == before


def test_same_text_from_two_outlets_is_kept_once_per_outlet(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "wire.jsonl"
    rows = [{"id": "1", "text": "Cargo flights landed at Jufra.", "source": "Wire A"},
            {"id": "2", "text": "Cargo flights  landed at Jufra.\n", "source": "Wire B"},  # whitespace differs
            {"id": "3", "text": "Cargo flights landed at Jufra.", "source": "Wire A"}]
    f.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    s = ingest([str(f)], store)
    assert (s.new, s.syndicated, s.duplicates, s.mentions) == (1, 1, 1, 2)
    first, copy = store.db.execute("SELECT id, syndicated_of FROM documents ORDER BY id").fetchall()
    assert first[1] is None and copy[1] == first[0]
    assert list(store.sources_frame().syndicated) == [0, 1] or sorted(store.sources_frame().syndicated) == [0, 1]


def test_source_and_date_options_override(store: Store) -> None:
    s = ingest([str(GOOD / "array.json")], store, source="Desk", date="2024-09-01")
    assert list(s.per_source) == ["Desk"]
    assert store.db.execute("SELECT DISTINCT published FROM documents").fetchall() == [("2024-09-01",)]
    with pytest.raises(InputError, match=r"^date 'yesterday' is not a date; use YYYY-MM-DD") as bad_date:
        ingest([str(GOOD)], store, date="yesterday")
    assert (bad_date.value.field, bad_date.value.value) == ("date", "yesterday")  # (the CLI words it with --date)
    with pytest.raises(InputError, match=r"^unknown format 'pdf'; choose one of: csv, feed, html, json, jsonl, parquet, text, warc$"):
        ingest([str(GOOD)], store, fmt="pdf")


def test_csv_fields(store: Store) -> None:
    s = ingest([str(FIX / "custom")], store, fields={"text": "body", "source": "outlet", "published": "date",
                                                      "id": "guid", "title": "headline", "url": "link"})
    assert (s.read, s.new, s.failed) == (2, 2, 0)
    assert list(s.per_source) == ["Desert Post"]


def test_bad_files_are_listed_and_the_batch_goes_on(store: Store) -> None:
    s = ingest([str(BAD), str(GOOD / "lines.jsonl"), str(BAD / "missing.txt")], store)
    assert [str(p) for p in s.problems] == [
        f"{BAD}/binary.txt: binary file (a PNG image), not text",
        f"{BAD}/broken.csv:2: malformed CSV (unexpected end of data)",
        f"{BAD}/broken.json:2: malformed JSON (Expecting ',' delimiter at line 2 column 2)",
        f"{BAD}/broken.xml:20: malformed XML feed (mismatched tag)",
        f"{BAD}/empty.txt: empty file",
        f"{BAD}/undecodable.txt: undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text",
        f"{BAD}/missing.txt: no such file or folder",
    ]
    assert (s.failed, s.read, s.new, s.syndicated) == (7, 2, 1, 1)
    assert not s.ok
    assert store.counts()["documents"] == 2


def test_strict_stops_at_first_failure_without_partial_input(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "half.jsonl"
    f.write_text('{"text": "Sirte one", "source": "S"}\n{"oops": 1}\n{"text": "Sirte two", "source": "S"}\n',
                 encoding="utf-8")
    with pytest.raises(InputError) as info:
        ingest([str(GOOD / "lines.jsonl"), str(f), str(GOOD / "array.json")], store, strict=True)
    assert str(info.value) == (
        f"{f}:2: no 'text' field (strict: stopped at the first failure; 2 new document(s) from the inputs"
        " before it were stored, none from this one)")
    texts = [r[0] for r in store.db.execute("SELECT text FROM documents ORDER BY id")]
    assert texts == ["Flights resumed at Mitiga after a two-day pause."] * 2


def test_progress_callback(store: Store) -> None:
    seen: list[Progress] = []
    ingest([str(GOOD / "lines.jsonl"), str(GOOD / "array.json")], store, progress=seen.append)
    assert seen == [Progress(1, 2, 2, str(GOOD / "lines.jsonl")), Progress(2, 2, 4, str(GOOD / "array.json"))]


def test_stdin(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (GOOD / "libya_watch.rss").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    s = ingest(["-"], store)
    assert (s.read, s.new, list(s.per_source)) == (2, 2, ["Libya Watch Weekly"])
    assert store.db.execute("SELECT DISTINCT path FROM documents").fetchall() == [("<stdin>",)]


def test_unreadable_file_is_a_problem(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geotrack.readers as mod

    def deny(*args: object, **kwargs: object) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(mod, "open", deny, raising=False)  # files are opened by geotrack.readers.read_input
    s = ingest([str(GOOD / "fr_article.txt")], store)
    assert s.problems == (ReadProblem(str(GOOD / "fr_article.txt"), "cannot read: Permission denied"),)


def _patrols(path: Path, n: int) -> Path:
    """``n`` one-sentence documents naming Sirte, one source, as JSON Lines."""
    path.write_text("".join(json.dumps({"text": f"Patrol {i} near Sirte.", "source": "S"}) + "\n" for i in range(n)),
                    encoding="utf-8")
    return path


def _batches_sent(monkeypatch: pytest.MonkeyPatch, writer: str) -> list[int]:
    """Make ingest use the ``writer`` kind (process or thread); the list returned fills with the size of each
    batch handed to that writer."""
    import geotrack.pipeline as mod

    monkeypatch.setenv(mod.WRITER_ENV, writer)
    cls = mod._ProcessWriter if writer == "process" else mod._ThreadWriter
    calls: list[int] = []
    real = cls.submit

    def spy(self, rows, version, *rest):  # type: ignore[no-untyped-def]
        calls.append(len(rows))
        return real(self, rows, version, *rest)

    monkeypatch.setattr(cls, "submit", spy)
    return calls


@pytest.mark.parametrize("writer", ["process", "thread"])
def test_batches_commit_separately(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   writer: str) -> None:
    f = _patrols(tmp_path / "many.jsonl", 25)
    calls = _batches_sent(monkeypatch, writer)
    s = ingest([str(f)], store, batch_size=10)
    assert calls == [10, 10, 5]
    assert (s.new, s.mentions) == (25, 25)
    assert store.counts()["documents"] == 25 and store.counts()["mentions"] == 25


@pytest.mark.parametrize("writer", ["process", "thread"])
def test_a_short_batch_goes_to_an_idle_writer(store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                              writer: str) -> None:
    """The writer gets a batch as soon as it is idle and MIN_BATCH documents are ready (the first one
    at once), a full one only while it is busy: short batches, little to wait for at the end."""
    import time

    import geotrack.pipeline as mod

    f = _patrols(tmp_path / "many.jsonl", 100)
    calls = _batches_sent(monkeypatch, writer)
    s = ingest([str(f)], store, batch_size=200)
    assert calls[0] == mod.MIN_BATCH and sum(calls) == 100 and all(c >= mod.MIN_BATCH for c in calls[:-1])
    assert (s.new, s.mentions) == (100, 100) and store.counts()["documents"] == 100

    # a busy writer (its first batch takes 2 s): the next batch fills up meanwhile, to the end of the input
    calls.clear()
    real_add = Store.add_rows

    def slow_add(self, rows, version):  # type: ignore[no-untyped-def]
        if not getattr(slow_add, "slept", False):
            slow_add.slept = True  # type: ignore[attr-defined]
            time.sleep(2)
        return real_add(self, rows, version)

    monkeypatch.setattr(Store, "add_rows", slow_add)
    g = tmp_path / "more.jsonl"
    g.write_text("".join(json.dumps({"text": f"Convoy {i} left Sabha.", "source": "S"}) + "\n" for i in range(100)),
                 encoding="utf-8")
    s = ingest([str(g)], store, batch_size=200)
    assert calls == [mod.MIN_BATCH, 100 - mod.MIN_BATCH]
    assert s.new == 100 and store.counts()["documents"] == 200


def test_writer_process_is_used_for_a_file_store_and_its_errors_reach_the_caller(
        store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import geotrack.pipeline as mod

    monkeypatch.delenv(mod.WRITER_ENV, raising=False)
    w = mod._writer(store)
    try:
        assert isinstance(w, mod._ProcessWriter) and w.process.is_alive()
        # a row whose text is not a string fails inside the writer process (looking for a dateline in it):
        # the error comes back here
        bad = [(("S", "", "x", "", "", "en", "", None), ([], [], [], []))]
        with pytest.raises(TypeError, match=r"NoneType"):
            w.submit(bad, "v").result()  # type: ignore[arg-type]
        good = [(("S", "", "y", "", "", "en", "", "Patrol near Sirte."), ([], [], [], []))]
        # still working after an error; the answer says the document has no date
        assert [(r.status, dated) for r, dated in w.submit(good, "v").result()] == [("new", False)]
    finally:
        w.shutdown()
    assert not w.process.is_alive()
    assert store.counts()["documents"] == 1


def test_writer_process_death_is_a_storage_error(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    import geotrack.pipeline as mod
    from geotrack.errors import StorageError

    w = mod._writer(store)
    assert isinstance(w, mod._ProcessWriter)
    w.process.kill()
    w.process.join()
    with pytest.raises(StorageError, match="writer process stopped"):
        w.submit([], "v").result()
    w.shutdown()


def test_reextract_replaces_all_mentions(store: Store, tmp_path: Path) -> None:
    ingest([str(GOOD)], store)
    smaller = tmp_path / "gaz"
    smaller.mkdir()
    lines = (GAZ_DIR / "sites.csv").read_text(encoding="utf-8").splitlines()
    (smaller / "sites.csv").write_text("\n".join(row for row in lines if not row.startswith(("benghazi", "sirte"))) + "\n",
                                       encoding="utf-8")
    gaz = Gazetteer.load(smaller)
    n = reextract(store, gaz).mentions
    assert n == 33 - 6 - 4 == store.counts()["mentions"]  # 6 Benghazi, 4 Sirte mentions gone
    assert store.db.execute("SELECT COUNT(*) FROM mentions WHERE site_id IN ('benghazi', 'sirte')").fetchone() == (0,)
    assert store.db.execute("SELECT DISTINCT gazetteer_version FROM documents").fetchall() == [(gaz.version,)]
    assert reextract(store).mentions == 33


# -- real processes ---------------------------------------------------------------------------------
SITES = ["Jufra", "Sirte", "Kufra", "Mitiga", "Benghazi", "الجفرة", "سرت", "الكفرة", "بنغازي", "قاعدة الخادم"]


def _corpus(path: Path, n: int, source: str, offset: int = 0) -> int:
    """``n`` distinct ~1.5 KB documents; returns how many site names they contain."""
    lines = []
    for i in range(offset, offset + n):
        a, b = SITES[i % len(SITES)], SITES[(i * 7 + 3) % len(SITES)]
        text = (f"Report {i}: cargo aircraft were seen at {a} and later at {b}. " if i % 2 else
                f"تقرير {i}: شوهدت طائرات شحن في {a} ثم في {b}. ") + ("filler words about the weather. " * 40)
        lines.append(json.dumps({"id": f"d{i}", "text": text, "source": source}, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from geotrack.cli import app; app()", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "GEOTRACK_GAZETTEER": str(GAZ_DIR)}


def _check_consistent(db_path: Path) -> tuple[int, int]:
    db = sqlite3.connect(db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        orphans = db.execute("SELECT COUNT(*) FROM mentions m LEFT JOIN documents d ON d.id = m.document_id"
                             " WHERE d.id IS NULL").fetchone()[0]
        assert orphans == 0
        dupes = db.execute("SELECT COUNT(*) FROM (SELECT 1 FROM documents GROUP BY source_id, content_hash"
                           " HAVING COUNT(*) > 1)").fetchone()[0]
        assert dupes == 0
        return (db.execute("SELECT COUNT(*) FROM documents").fetchone()[0],
                db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0])
    finally:
        db.close()


def _count(db_path: Path) -> int:
    try:
        db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=5)
        try:
            return int(db.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
        finally:
            db.close()
    except sqlite3.Error:
        return 0


def test_killed_ingest_is_consistent_and_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    n = _corpus(corpus, 3000, "Wire")
    clean_db, db = tmp_path / "clean.db", tmp_path / "killed.db"
    with Store.open(clean_db) as clean:
        expected = ingest([str(corpus)], clean)
    assert (expected.new, expected.failed) == (n, 0)

    proc = subprocess.Popen(_cli("ingest", str(corpus), "--db", str(db), "--quiet"), env=_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _count(db) < 200 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the ingest finished before it could be killed"
    docs_at_kill, _ = _check_consistent(db)
    assert 0 < docs_at_kill < n

    rerun = subprocess.run(_cli("ingest", str(corpus), "--db", str(db), "-o", "json"), env=_env(),
                           capture_output=True, text=True, check=False)
    assert rerun.returncode == 0, rerun.stderr
    summary = json.loads(rerun.stdout)
    assert summary["new"] + summary["duplicates"] == n
    assert summary["duplicates"] == docs_at_kill
    assert _check_consistent(db) == (n, expected.mentions)


def test_two_ingests_at_once_on_one_database(tmp_path: Path) -> None:
    a, b = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    _corpus(a, 1500, "Wire A")
    _corpus(b, 1500, "Wire B", offset=1000)  # 500 texts in common with a: syndicated copies
    db = tmp_path / "shared.db"
    procs = [subprocess.Popen(_cli("ingest", str(p), "--db", str(db), "-o", "json"), env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for p in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=False):
        assert p.returncode == 0, err
        assert json.loads(out)["read"] == 1500
    summaries = [json.loads(out) for out, _ in outs]
    assert sum(s["syndicated"] for s in summaries) == 500
    assert sum(s["new"] for s in summaries) == 2500
    docs, _ = _check_consistent(db)
    assert docs == 3000
    with Store.open(db) as store:
        assert store.counts()["syndicated"] == 500


def test_ingest_and_reextract_store_the_whole_analysis(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "ctx.jsonl"
    rows = [
        {"id": "e1", "source": "Wire", "published": "2024-05-01",
         "text": "Turkish drones were seen at the Watiya air base, 300 km south of Tripoli, after flights from Ankara."},
        {"id": "a1", "source": "راديو الجنوب", "published": "2024-05-02",
         "text": "وصلت طائرات روسية إلى قاعدة الوطية الجوية على بعد 200 كم شمال سرت، قادمة من موسكو."},
    ]
    f.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    s = ingest([str(f)], store)
    assert (s.new, s.candidates, s.relative) == (2, 2, 2)
    assert (s.to_dict()["candidates"], s.to_dict()["relative"]) == (2, 2)
    assert store.analysis_counts() == {"document_places": 2, "candidates": 2, "relative_positions": 2}
    assert set(store.candidates_frame()["name"]) == {"Watiya", "الوطية"}
    assert store.relative_frame()["anchor_site_id"].tolist() == ["tripoli", "sirte"]
    # a user gazetteer row for al-Watiya, then reextract: the candidates become mentions
    user = tmp_path / "user.csv"
    header = (GAZ_DIR / "sites.csv").read_text(encoding="utf-8").splitlines()[0]
    user.write_text(f"{header}\nal-watiya,airbase,Al Watiya,الوطية,32.4837,11.8978,user:given,,Watiya,,,,,\n",
                    encoding="utf-8")
    counts = reextract(store, Gazetteer.load(GAZ_DIR, extra=[user]))
    assert (counts.documents, counts.candidates, counts.relative, counts.places) == (2, 0, 2, 2)
    assert store.analysis_counts()["candidates"] == 0
    assert len(store.mentions_frame().query("site_id == 'al-watiya'")) == 2


def test_ingest_tunes_the_collector_for_its_own_run_only(store: Store) -> None:
    """During an ingest what lived before is frozen and the youngest generation is collected less often;
    both are as they were afterwards (and a collector the caller turned off stays off)."""
    import gc

    before = gc.get_threshold()
    seen: list[tuple[tuple[int, int, int], int]] = []
    s = ingest([str(GOOD)], store, progress=lambda p: seen.append((gc.get_threshold(), gc.get_freeze_count())))
    assert s.new == 13 and seen
    assert all(threshold[0] >= 50_000 and frozen > 0 for threshold, frozen in seen)
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
    gc.disable()
    try:
        seen.clear()
        ingest([str(GOOD)], store, progress=lambda p: seen.append((gc.get_threshold(), gc.get_freeze_count())))
        assert all(threshold == before and frozen == 0 for threshold, frozen in seen)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_lone_surrogates_in_json_do_not_stop_an_ingest(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    path.write_text('{"id": "a", "text": "Jets landed at Kufra \\ud800 airport."}\n'
                    '{"id": "b", "text": "Patrols near Kufra."}\n', encoding="utf-8")
    s = ingest([str(path)], store)
    assert (s.new, s.failed) == (2, 0) and s.ok
    text = store.db.execute("SELECT text FROM documents WHERE input_id = 'a'").fetchone()[0]
    assert text == "Jets landed at Kufra \ufffd airport."


def test_the_writer_completes_dates_and_languages_as_complete_does() -> None:
    """The writer fills each document's date and language (on the other core); the result is what
    :func:`geotrack.readers.meta.complete` gives, with and without a --date override."""
    from geotrack.models import Document
    from geotrack.pipeline import _completed
    from geotrack.readers.meta import complete
    from geotrack.store import document_rows

    docs = [Document(id="1", text="طرابلس - 12 مايو 2026\nهبطت طائرات شحن في قاعدة الجفرة.", source="S"),
            Document(id="2", text="BENGHAZI, July 12, 2026 — Flights landed at Benina.", source="S", lang="en"),
            Document(id="3", text="Le 3 mars 2025, des avions ont atterri à Syrte.", source="S",
                     published="Tue, 04 Mar 2025 10:00:00 GMT"),
            Document(id="4", text="No date here, only Tripoli.", source="S", url="https://www.example.org/a")]
    for published in (None, "2024-09-01"):
        rows = _completed([document_rows(d, []) for d in docs], published)
        for d, (fields, _) in zip(docs, rows, strict=True):
            c = complete(d, published=published)
            assert fields == (c.source, c.url, c.id, c.title, c.published, c.lang, c.path, c.text)
    assert [f[4:6] for f, _ in _completed([document_rows(d, []) for d in docs], None)] == [
        ("2026-05-12", "ar"), ("2026-07-12", "en"), ("2025-03-04T10:00:00+00:00", "fr"), ("", "en")]
