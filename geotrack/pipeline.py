"""The ingest pipeline: read inputs, complete their metadata, analyse them, store, summarise.

:func:`ingest` reads every input (files, folders, ``-`` for stdin, feed or page URLs), fills each
document's source, date and language (:mod:`geotrack.readers.meta`; the date and language by the writer,
below), analyses it
(:func:`geotrack.extract.analyse`: site mentions with their actors and activities, foreign places,
unknown-base candidates, relative positions) and stores documents with their analysis in batches, one
transaction per batch (:meth:`geotrack.store.Store.add_rows`), written while the next batch is read and
analysed: by a forked writer process with its own connection where it can be (Linux, a database file;
see :class:`_ProcessWriter`), else by a thread. A batch goes to the writer when it holds
:data:`BATCH_SIZE` documents, or :data:`MIN_BATCH` while the writer is idle. At most one batch is in
flight, and only the writer writes while it is. A process killed at any moment loses at most the batch in
flight (its writer dies with it, before committing); running the same ingest again stores it, and
re-stores nothing else (duplicates are detected by source and content hash).

A full disk stops the run with a :class:`~geotrack.errors.DiskFullError` saying how many documents were
committed (the batch in flight is rolled back); once space is freed, the same ingest resumes exactly.

A bad input is a :class:`~geotrack.readers.base.ReadProblem` in the summary and the run goes on; with
``strict=True`` the first problem stops the run with an :class:`~geotrack.errors.InputError`: the
inputs read before it are stored, nothing of the failing input is.

:func:`reextract` re-runs the analysis over every stored document (after a gazetteer change, a
``geotrack gazetteer add`` say) and replaces all mentions, places, candidates and relative positions in
one transaction.
"""

from __future__ import annotations

import gc
import marshal
import multiprocessing
import os
import pickle
import select
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from geotrack.errors import DiskFullError, InputError, StorageError
from geotrack.extract import DEFAULT_MIN_CONFIDENCE, Analysis, analyse, extractor_for
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.http import Fetcher, FetchError, FetchResult, StoreCache
from geotrack.models import Document
from geotrack.readers import Input, Skipped, expand_inputs, read_data, read_input
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem, summarised
from geotrack.readers.fields import field_names
from geotrack.readers.meta import UNKNOWN_SOURCE, complete_date_and_lang, complete_source, parse_date
from geotrack.store import AddResult, AnalysisCounts, AnalysisTables, DocumentRows, Store, analysis_tables

#: Documents per transaction at most: large enough that commits cost little, small enough to lose little.
BATCH_SIZE = 200
#: Documents per transaction at least, when the writer is idle (see :meth:`_Pipeline.add`).
MIN_BATCH = 25


@dataclass(frozen=True)
class SourceCounts:
    """Counts for one source (outlet)."""

    read: int = 0
    new: int = 0
    duplicates: int = 0
    syndicated: int = 0
    mentions: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "duplicates": self.duplicates, "syndicated": self.syndicated,
                "mentions": self.mentions}


@dataclass(frozen=True)
class MissingField:
    """Documents of one input stored without a publication date (``field="published"``) or without a
    source (``field="source"``, stored under ``unknown``): ``count`` of the ``stored`` documents of
    ``path`` (a file, URL or ``<stdin>``)."""

    path: str
    field: str
    count: int
    stored: int

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "field": self.field, "count": self.count, "stored": self.stored}


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest did.

    ``read`` documents were read; each one is ``new``, a ``duplicate`` (already stored for its source)
    or ``syndicated`` (stored again: the same text is stored for another source). ``mentions``,
    ``candidates`` (names of bases the gazetteer lacks) and ``relative`` positions ("300 km south of
    Kufra") were stored with the new and syndicated documents; ``candidates`` counts occurrences,
    ``candidate_names`` the distinct names among them. ``failed`` counts the inputs, lines or items that
    could not be read, listed in ``problems`` (the same problem repeated in one input is one entry with
    its count); ``not_modified`` the URLs whose server answered 304. ``skipped`` lists the files and
    folders a folder walk passed over, with the reason (not failures). ``missing`` says, once per input,
    how many of its stored documents have no publication date or no source.
    """

    inputs: int
    read: int
    new: int
    duplicates: int
    syndicated: int
    failed: int
    mentions: int
    not_modified: int = 0
    per_source: Mapping[str, SourceCounts] = field(default_factory=dict)
    problems: tuple[ReadProblem, ...] = ()
    candidates: int = 0
    relative: int = 0
    candidate_names: int = 0
    skipped: tuple[Skipped, ...] = ()
    missing: tuple[MissingField, ...] = ()

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs, "read": self.read, "new": self.new, "duplicates": self.duplicates,
            "syndicated": self.syndicated, "failed": self.failed, "mentions": self.mentions,
            "not_modified": self.not_modified, "candidates": self.candidates,
            "candidate_names": self.candidate_names, "relative": self.relative,
            "per_source": {name: c.to_dict() for name, c in self.per_source.items()},
            "problems": [p.to_dict() for p in self.problems],
            "skipped": [s.to_dict() for s in self.skipped],
            "missing": [m.to_dict() for m in self.missing],
        }


@dataclass(frozen=True)
class Progress:
    """Sent to the ``progress`` callback after each input and each stored batch."""

    inputs_done: int
    inputs_total: int
    documents: int
    current: str = ""


ProgressCallback = Callable[[Progress], None]


class _Counter:
    """Mutable tallies during a run, frozen into an :class:`IngestSummary` at the end."""

    def __init__(self) -> None:
        self.read = self.new = self.duplicates = self.syndicated = self.mentions = self.not_modified = 0
        self.candidates = self.relative = 0
        self.candidate_names: set[str] = set()
        self.per_source: dict[str, dict[str, int]] = {}
        self.problems: list[ReadProblem] = []
        self.skipped: list[Skipped] = []
        self.stored_from: dict[str, int] = {}  # input path -> documents stored from it
        self.missing: dict[tuple[str, str], int] = {}  # (input path, field) -> stored documents without it

    def source(self, name: str) -> dict[str, int]:
        counts = self.per_source.get(name)
        if counts is None:
            counts = self.per_source[name] = dict.fromkeys(("read", "new", "duplicates", "syndicated", "mentions"), 0)
        return counts

    def summary(self, inputs: int) -> IngestSummary:
        return IngestSummary(
            inputs=inputs, read=self.read, new=self.new, duplicates=self.duplicates, syndicated=self.syndicated,
            failed=sum(p.count for p in self.problems), mentions=self.mentions, not_modified=self.not_modified,
            per_source={name: SourceCounts(**c) for name, c in sorted(self.per_source.items())},
            problems=tuple(self.problems), candidates=self.candidates, relative=self.relative,
            candidate_names=len(self.candidate_names), skipped=tuple(self.skipped),
            missing=tuple(MissingField(path, name, count, self.stored_from[path])
                          for (path, name), count in self.missing.items()),
        )

    def stored(self, doc: Document, tables: AnalysisTables, dated: bool, sourced: bool) -> None:
        """Count a document that was stored (new or syndicated) with what it lacks."""
        self.candidate_names.update(c[1] for c in tables[2])  # (name, name_key, ...)
        self.stored_from[doc.path] = self.stored_from.get(doc.path, 0) + 1
        for name, present in (("published", dated), ("source", sourced)):
            if not present:
                self.missing[doc.path, name] = self.missing.get((doc.path, name), 0) + 1


class _Pipeline:
    def __init__(self, store: Store, gazetteer: Gazetteer, *, source: str | None, published: str | None,
                 min_confidence: float, batch_size: int, workers: int = 1) -> None:
        self.store = store
        self.gazetteer = gazetteer
        self.version = store.record_gazetteer(gazetteer)
        self.source = source
        self.published = published
        self.min_confidence = min_confidence
        self.batch_size = batch_size
        self.batch: list[Document] = []
        self.counter = _Counter()
        self.analyser = _Analyser(gazetteer, min_confidence, workers)
        self.analysing: deque[tuple[list[Document], _Batch]] = deque()
        self.writer = _writer(store)
        self.pending: tuple[list[tuple[Document, AnalysisTables]], _Result] | None = None

    def prepare(self, doc: Document) -> Document:
        """``doc`` with its source filled. Its analysis runs when its batch is sent (:meth:`flush`); its
        date and language are filled by the writer (:func:`_completed`), on another core: the language
        guess reads the whole text."""
        source = complete_source(doc, source=self.source)
        return replace(doc, source=source) if source != doc.source else doc

    def add(self, doc: Document) -> None:
        self.counter.read += 1
        self.counter.source(doc.source)["read"] += 1
        self.batch.append(doc)
        size = len(self.batch)
        # A full batch goes on; so does a smaller one as soon as the next stage is idle, which keeps the
        # batches short (the writer stores faster than documents are analysed): less to wait for when the
        # input ends, less lost if the process is killed
        if size >= self.batch_size or (size >= MIN_BATCH and self._idle()):
            self.flush()

    def _idle(self) -> bool:
        if self.analyser.pool is not None:
            return len(self.analysing) < self.analyser.workers
        return self.pending is None or self.pending[1].done()

    def flush(self, wait: bool = False) -> None:
        """Send the batch to be analysed and then stored (one transaction); with ``wait``, until every
        batch sent is stored.

        With worker processes, up to two batches per worker are analysed at once; each analysed batch goes
        to the writer in the order sent. One batch is written while the next ones are read and analysed,
        at most one in flight: by a writer process on another core where it can (see
        :class:`_ProcessWriter`), else by a thread.
        """
        if self.batch:
            batch, self.batch = self.batch, []
            self.analysing.append((batch, self.analyser.submit(batch)))
        limit = 0 if wait else 2 * self.analyser.workers
        while self.analysing and (len(self.analysing) > limit or self.analysing[0][1].ready()):
            docs, analysed = self.analysing.popleft()
            self._write(docs, analysed.get())
        if wait:
            self._collect()

    def _write(self, docs: list[Document], tables: list[AnalysisTables]) -> None:
        self._collect()
        batch = list(zip(docs, tables, strict=True))
        rows = [((d.source, d.url, d.id, d.title, d.published, d.lang, d.path, d.text), t) for d, t in batch]
        self.pending = (batch, self.writer.submit(rows, self.version, self.published))

    def _collect(self) -> None:
        if self.pending is None:
            return
        batch, future = self.pending
        self.pending = None
        results = future.result()
        c = self.counter
        for (doc, tables), (result, dated) in zip(batch, results, strict=True):
            counts = c.source(doc.source)
            if result.status == "duplicate":
                c.duplicates += 1
                counts["duplicates"] += 1
                continue
            key = "syndicated" if result.status == "syndicated" else "new"
            setattr(c, key, getattr(c, key) + 1)
            counts[key] += 1
            c.mentions += result.mentions
            c.candidates += result.candidates
            c.relative += result.relative
            counts["mentions"] += result.mentions
            c.stored(doc, tables, dated, bool(self.source) or doc.source != UNKNOWN_SOURCE)

    def close(self) -> None:
        """Wait for the batch in flight (its errors are raised here) and stop the writer and the workers."""
        try:
            self._collect()
        finally:
            self.analysing.clear()
            self.analyser.close()
            self.writer.shutdown()


class _Batch:
    """A batch being analysed: :meth:`get` waits for its rows."""

    def __init__(self, get: Callable[[], list[AnalysisTables]], ready: Callable[[], bool]) -> None:
        self.get = get
        self.ready = ready


#: The gazetteer and confidence threshold of this worker process (set once when it starts; see :class:`_Analyser`).
_worker_setup: tuple[Gazetteer, float] | None = None


def _start_worker(gazetteer: Gazetteer, min_confidence: float, parent: int) -> None:
    global _worker_setup
    _die_with(parent)
    _worker_setup = (gazetteer, min_confidence)


def _analyse_texts(texts: list[tuple[str, str]]) -> list[AnalysisTables]:
    """In a worker: the analysis rows of each ``(id, text)``, plain tuples (cheap to send back)."""
    assert _worker_setup is not None
    gazetteer, min_confidence = _worker_setup
    return [analysis_tables(analyse(text, gazetteer, min_confidence=min_confidence, doc_id=doc_id))
            for doc_id, text in texts]


class _Analyser:
    """Analyses batches of documents: here (one worker), or in ``workers`` forked processes.

    The workers inherit the gazetteer and its automaton, built once here before they are forked, and die
    with this process. Each batch travels as ``(id, text)`` pairs and comes back as the rows of
    :func:`geotrack.store.analysis_tables`, in the order the batches were sent.
    """

    def __init__(self, gazetteer: Gazetteer, min_confidence: float, workers: int = 1) -> None:
        self.gazetteer = gazetteer
        self.min_confidence = min_confidence
        self.workers = max(1, workers)
        self.pool: Any = None
        if self.workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            extractor_for(gazetteer).matcher  # noqa: B018  (built once, inherited by every worker)
            ctx = multiprocessing.get_context("fork")
            self.pool = ctx.Pool(self.workers, initializer=_start_worker,
                                 initargs=(gazetteer, min_confidence, os.getpid()))
        else:
            self.workers = 1

    def analyse(self, doc: Document) -> Analysis:
        return analyse(doc.text, self.gazetteer, min_confidence=self.min_confidence, doc_id=doc.id)

    def submit(self, docs: Sequence[Document]) -> _Batch:
        if self.pool is None:
            tables = [analysis_tables(self.analyse(d)) for d in docs]
            return _Batch(lambda: tables, lambda: True)
        result = self.pool.apply_async(_analyse_texts, ([(d.id, d.text) for d in docs],))
        return _Batch(result.get, result.ready)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def usable_cores() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def default_workers() -> int:
    """The default number of analysis workers of an ingest: one per core but one, left to the reading
    process and the store's writer (one worker on two cores).

    With one worker the documents are analysed in the reading process while the writer stores the batch
    before on another core: on two cores that already uses both, and more workers only add the cost of
    sending texts and rows between processes (two workers were 0.98-1.08x one worker, medians of paired rounds
    in ``benchmarks/ingest_throughput.py``; the CPU it measures allowed at most 1.07-1.19x on two idle cores).
    On more cores the reading and the writing need about one core between them."""
    return max(1, usable_cores() - 1)


class _Result:
    """The outcome of one submitted batch: :meth:`result` waits for it (and raises its error)."""

    def __init__(self, wait: Callable[[], list[Stored]], done: Callable[[], bool]) -> None:
        self._wait = wait
        self._done = done

    def result(self) -> list[Stored]:
        return self._wait()

    def done(self) -> bool:
        """Is the batch stored (or failed), so that :meth:`result` will not wait?"""
        return self._done()


class _ThreadWriter:
    """Stores batches on a thread of this process (where a writer process cannot be used)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="geotrack-store")

    def submit(self, rows: list[DocumentRows], version: str, published: str | None = None) -> _Result:
        future: Future[list[Stored]] = self.pool.submit(_store, self.store, rows, version, published)
        return _Result(future.result, future.done)

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)


#: ``GEOTRACK_INGEST_WRITER=thread`` stores on a thread instead of a writer process.
WRITER_ENV = "GEOTRACK_INGEST_WRITER"


class _ProcessWriter:
    """Stores batches in a child process with its own connection to the same database file.

    Storing (hashing, SQLite, building rows) holds the GIL for most of its time, so a thread cannot
    overlap it with the analysis of the next batch; a process can, on another core (measured in
    ``benchmarks/ingest_throughput.py``). Batches travel as plain tuples through a pipe; each is one
    transaction in the child, exactly as :meth:`Store.add_rows` does it. The child is forked (it starts
    at once, with the modules already loaded) and is killed by the kernel if this process dies
    (``PR_SET_PDEATHSIG``): a killed ingest never leaves a writer behind to commit a batch later.
    """

    def __init__(self, path: Path) -> None:
        ctx = multiprocessing.get_context("fork")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_write_batches, args=(str(path), child, os.getpid()),
                                   name="geotrack-store", daemon=True)
        self.process.start()
        child.close()
        # asked after every document read while a batch is stored (is the writer idle?): a poll object
        # made once answers in a tenth of the time of Connection.poll, which builds a selector per call
        self._poller = select.poll()
        self._poller.register(self.conn.fileno(), select.POLLIN)

    def submit(self, rows: list[DocumentRows], version: str, published: str | None = None) -> _Result:
        try:
            self.conn.send_bytes(_encode_batch(rows, version, published))
        except OSError as exc:
            raise self._stopped() from exc
        return _Result(self._receive, self._answered)

    def _answered(self) -> bool:
        """Has the writer answered (or gone: :meth:`_receive` says so)? Without waiting."""
        try:
            return bool(self._poller.poll(0))  # readable, or hung up
        except (OSError, ValueError):
            return True

    def _stopped(self) -> StorageError:
        self.process.join(timeout=5)
        return StorageError(f"the store's writer process stopped (exit code {self.process.exitcode});"
                            " the batch in flight was not stored")

    def _receive(self) -> list[Stored]:
        try:
            status, payload = self.conn.recv()
        except (EOFError, OSError) as exc:
            raise self._stopped() from exc
        if status == "error":
            raise payload
        return [(AddResult(*r[:-1]), r[-1]) for r in payload]

    def shutdown(self) -> None:
        with suppress(OSError):
            self.conn.send_bytes(b"")
        self.process.join(timeout=60)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def _writer(store: Store) -> _ThreadWriter | _ProcessWriter:
    """A writer process where one can be forked and tied to this process's life (Linux), for a store
    in a file; else a thread."""
    choice = os.environ.get(WRITER_ENV, "").strip().lower()
    if choice != "thread" and sys.platform.startswith("linux") and store.path.is_file():
        try:
            return _ProcessWriter(store.path)
        except (OSError, ValueError):
            pass
    return _ThreadWriter(store)


def _write_batches(path: str, conn: Connection, parent: int) -> None:
    """The writer process: store each batch received, answer with the results or the error."""
    _die_with(parent)
    store = None
    try:
        store = Store.open(path)
        while True:
            try:
                message = conn.recv_bytes()
            except (EOFError, OSError):
                return  # the parent is gone
            if not message:
                return
            rows, version, published = _decode_batch(message)
            try:
                results = _store(store, rows, version, published)
            except Exception as exc:
                conn.send(("error", _sendable(exc)))
            else:
                conn.send(("ok", [(r.status, r.document_id, r.mentions, r.places, r.candidates, r.relative, dated)
                                  for r, dated in results]))
    except Exception as exc:  # cannot open the store: the parent hears it at its next batch
        with suppress(OSError):
            conn.send(("error", _sendable(exc)))
    finally:
        if store is not None:
            store.close()
        conn.close()


#: What the writer answers for each document of a batch: what happened to it, and whether it has a date.
Stored = tuple[AddResult, bool]


def _store(store: Store, rows: list[DocumentRows], version: str, published: str | None) -> list[Stored]:
    """What the writer does with a batch: complete its documents' dates and languages, store it."""
    completed = _completed(rows, published)
    results = store.add_rows(completed, version)
    return [(result, bool(fields[4])) for result, (fields, _) in zip(results, completed, strict=True)]


def _completed(rows: list[DocumentRows], published: str | None) -> list[DocumentRows]:
    """``rows`` with each document's publication date and language filled as
    :func:`geotrack.readers.meta.complete` fills them (``published`` overrides every date)."""
    out: list[DocumentRows] = []
    for fields, tables in rows:
        source, url, ext_id, title, pub, lang, path, text = fields
        pub, lang = complete_date_and_lang(pub, lang, text, published=published)
        out.append(((source, url, ext_id, title, pub, lang, path, text), tables))
    return out


def _encode_batch(rows: list[DocumentRows], version: str, published: str | None) -> bytes:
    """A batch as the writer process receives it: :mod:`marshal` (plain tuples, strings and numbers, in
    about two thirds of the time of :mod:`pickle` each way, and both ends are the same Python), tagged
    ``m``; else (a value marshal does not take, such as a subclass of ``str``) pickled, tagged ``p``."""
    batch = (rows, version, published)
    try:
        return b"m" + marshal.dumps(batch)
    except ValueError:
        return b"p" + pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)


def _decode_batch(message: bytes) -> tuple[list[DocumentRows], str, str | None]:
    """The batch of an :func:`_encode_batch` message."""
    body = memoryview(message)[1:]
    batch: tuple[list[DocumentRows], str, str | None] = (
        marshal.loads(body) if message[:1] == b"m" else pickle.loads(body))
    return batch


def _die_with(parent: int) -> None:
    """Ask the kernel to kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``). Ctrl-C is
    the parent's to handle: it lets the batch in flight finish, then stops this process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG = 1
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)


def _sendable(exc: BaseException) -> BaseException:
    """``exc`` if it can travel through the pipe, else a StorageError with its message."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return StorageError(f"{type(exc).__name__}: {exc}")
    return exc


def _items(inp: Input, fmt: str | None, options: ReaderOptions, fetcher: Fetcher) -> tuple[Iterator[Item], FetchResult | None]:
    if inp.kind == "url":
        try:
            result = fetcher.fetch(inp.path)
        except FetchError as exc:
            return iter([ReadProblem(inp.path, str(exc).replace(f"cannot fetch {inp.path!r}: ", ""))]), None
        if result.not_modified:
            return iter(()), result
        return read_data(result.body, Origin(inp.path, result.url), fmt, options, result.content_type), result
    return read_input(inp, fmt, options), None


def ingest(paths: Sequence[str], store: Store, *, source: str | None = None, fmt: str | None = None,
           date: str | None = None, strict: bool = False, gazetteer: Gazetteer | None = None,
           progress: ProgressCallback | None = None, fields: Mapping[str, str] | None = None,
           fetcher: Fetcher | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
           batch_size: int = BATCH_SIZE, workers: int = 1) -> IngestSummary:
    """Read, extract and store every document of ``paths``; see the module doc.

    ``workers`` > 1 analyses in that many worker processes (see :func:`default_workers`);
    what is stored, and in which order, is the same.

    ``source`` and ``date`` override every document's outlet and publication date; ``fmt`` forces the
    input format (see :data:`geotrack.readers.FORMATS`); ``fields`` renames JSON/CSV fields
    (``{"text": "body"}``; without it the common names of real exports are recognised, see
    :mod:`geotrack.readers.fields`; an unknown field name is an :class:`~geotrack.errors.InputError`);
    ``fetcher`` fetches URLs (default: one remembering validators in the store).
    """
    published = None
    if date:
        published = parse_date(date)
        if not published:
            msg = f"date {date!r} is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)"
            raise InputError(msg, field="date", value=date)
    if fmt:
        from geotrack.readers import format_name

        fmt = format_name(fmt)
    options = ReaderOptions(fields=field_names(fields or {}))
    fetcher = fetcher or Fetcher(cache=StoreCache(store))
    pipeline: _Pipeline | None = None
    try:
        # frozen before the writer and the workers are forked (see collector_ignores_what_lives)
        with collector_ignores_what_lives():
            pipeline = _Pipeline(store, gazetteer or default_gazetteer(), source=source, published=published,
                                 min_confidence=min_confidence, batch_size=batch_size, workers=workers)
            try:
                return _run(pipeline, list(paths), fmt, options, fetcher, strict, progress)
            finally:
                pipeline.close()
    except DiskFullError as exc:
        stored = pipeline.counter.new + pipeline.counter.syndicated if pipeline is not None else 0
        msg = (f"{exc}; {stored} document(s) were stored and committed; free space and run the same command"
               " again to resume")
        raise DiskFullError(msg) from exc


@contextmanager
def collector_ignores_what_lives() -> Iterator[None]:
    """Run a long ingest with every object alive at its start (modules, the gazetteer, its automata)
    frozen out of the garbage collector's sight (:func:`gc.freeze`), and thawed at the end.

    The batches an ingest holds survive the young generations, so full collections run often, and each
    would walk every object of the process again; frozen, they walk only what the ingest allocated. The
    objects frozen stay alive anyway; nothing is freed later than it would be. The youngest generation is
    also collected after 50,000 allocations instead of 700: an ingest allocates millions of short-lived,
    acyclic objects (freed by reference counting), and fewer collections walk fewer of them (about 6%
    faster). Measured in ``benchmarks/ingest_throughput.py``. Processes forked meanwhile (the store
    writer, analysis workers, the workers of a local Dask cluster) inherit the frozen objects: their
    collections never walk them either, so they do not touch (and copy) the parent's memory pages.
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield  # the caller manages the collector (or an outer ingest already froze)
        return
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(thresholds[0], _INGEST_GEN0_THRESHOLD), *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


_INGEST_GEN0_THRESHOLD = 50_000


def _run(pipeline: _Pipeline, paths: list[str], fmt: str | None, options: ReaderOptions, fetcher: Fetcher,
         strict: bool, progress: ProgressCallback | None) -> IngestSummary:
    counter = pipeline.counter
    inputs = expand_inputs(paths, counter.skipped)
    total = len(inputs)
    for done, inp in enumerate(inputs, start=1):
        if isinstance(inp, ReadProblem):
            counter.problems.append(inp)
            if strict:
                _stop(pipeline, inp)
            continue
        if inp.kind == "url":
            pipeline.flush(wait=True)  # the fetcher reads its cache on the store's connection
        items, fetched = _items(inp, fmt, options, fetcher)
        if not strict:  # strict stops at the first problem: nothing to summarise
            items = summarised(items)
        held: list[Document] = []
        for item in items:
            if isinstance(item, ReadProblem):
                counter.problems.append(item)
                if strict:
                    _stop(pipeline, item)
                continue
            prepared = pipeline.prepare(item)
            if strict:
                held.append(prepared)
            else:
                pipeline.add(prepared)
        for kept in held:
            pipeline.add(kept)
        if fetched is not None:
            if fetched.not_modified:
                counter.not_modified += 1
            else:
                pipeline.flush(wait=True)  # the feed's documents are stored before its validators are remembered
                fetcher.remember(fetched, inp.path)
        if progress:
            progress(Progress(done, total, counter.read, inp.path))
    pipeline.flush(wait=True)
    return counter.summary(total)


def _stop(pipeline: _Pipeline, problem: ReadProblem) -> None:
    pipeline.flush(wait=True)
    stored = pipeline.counter.new + pipeline.counter.syndicated
    msg = (f"{problem} (strict: stopped at the first failure; {stored} new document(s) from the inputs before it"
           " were stored, none from this one)")
    raise InputError(msg, field="strict", value=stored)


def reextract(store: Store, gazetteer: Gazetteer | None = None, *,
              min_confidence: float = DEFAULT_MIN_CONFIDENCE, workers: int = 1) -> AnalysisCounts:
    """Re-run the analysis over every stored document and replace all their mentions, foreign places,
    candidates and relative positions in one transaction; returns the counts now stored.

    ``workers`` > 1 analyses in that many worker processes; the result is the same."""
    gaz = gazetteer or default_gazetteer()
    version = store.record_gazetteer(gaz)
    with collector_ignores_what_lives():
        found = _reanalyse(store, gaz, min_confidence, workers)
    return store.replace_analysis(found, version)


def _reanalyse(store: Store, gaz: Gazetteer, min_confidence: float, workers: int) -> list[tuple[int, Analysis]]:
    """The analysis of every stored document, by store id (for :func:`reextract`)."""
    analyser = _Analyser(gaz, min_confidence, workers)
    if analyser.pool is None:
        return [(doc_id, analyser.analyse(doc)) for doc_id, doc in store.iter_documents()]
    found: list[tuple[int, Analysis]] = []
    try:
        sent: deque[tuple[list[int], Any]] = deque()

        def receive(limit: int) -> None:
            while len(sent) > limit:
                ids, result = sent.popleft()
                found.extend(zip(ids, result.get(), strict=True))

        ids: list[int] = []
        texts: list[tuple[str, str]] = []
        for doc_id, doc in store.iter_documents():
            ids.append(doc_id)
            texts.append((doc.id, doc.text))
            if len(ids) == BATCH_SIZE:
                sent.append((ids, analyser.pool.apply_async(_analyse_whole, (texts,))))
                ids, texts = [], []
                receive(2 * analyser.workers)
        if ids:
            sent.append((ids, analyser.pool.apply_async(_analyse_whole, (texts,))))
        receive(0)
    finally:
        analyser.close()
    return found


def _analyse_whole(texts: list[tuple[str, str]]) -> list[Analysis]:
    """In a worker: the analysis of each ``(id, text)`` (for :func:`reextract`, whose store method takes
    :class:`~geotrack.extract.Analysis` objects)."""
    assert _worker_setup is not None
    gazetteer, min_confidence = _worker_setup
    return [analyse(text, gazetteer, min_confidence=min_confidence, doc_id=doc_id) for doc_id, text in texts]


__all__ = ["BATCH_SIZE", "IngestSummary", "MissingField", "Progress", "ProgressCallback", "SourceCounts",
           "default_workers", "ingest", "reextract", "usable_cores"]
