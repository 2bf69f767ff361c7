"""Archive-scale ingest on a Dask cluster: shards analysed by tasks, then loaded into the store in bulk.

:func:`plan_shards` cuts the inputs into shards: one per file, and byte ranges of about ``shard_bytes``
(cut at line ends) of large JSON Lines files. Each :func:`run_shard` task (on any worker of the cluster)
reads its shard, fills each document's source, date and language as :func:`geotrack.pipeline.ingest`
does, analyses it, and writes two Parquet files to the shared output folder: ``shard-NNNNN.documents.parquet``
(one row per document: its fields, its content hash and its foreign places, candidates and relative
positions as JSON)
and ``shard-NNNNN.mentions.parquet`` (one row per mention, with the row number of its document), then a
small ``shard-NNNNN.done.json`` (counts and read problems) that marks the shard finished. Every file is
written under a temporary name and renamed, so a task killed half-way leaves nothing that counts; a
re-run task overwrites its own shard, and a finished shard is not analysed again (restart a batch with the
same output folder and only what is missing runs).

:func:`run_batch` submits the tasks (retried on another worker if a worker dies), and loads the
finished shards in input order, each in one transaction (:meth:`geotrack.store.Store.add_rows`), while
later shards are still analysed; a loaded shard gets ``shard-NNNNN.loaded.json`` and is not loaded again.
Loaded in input order, the store holds what one ``ingest`` of the same inputs stores, with the same
document ids. Without an address a :class:`dask.distributed.LocalCluster` of worker processes runs on this
machine; with one, the tasks run on the workers of that scheduler (``dask scheduler`` and ``dask worker
ADDRESS`` on each machine; the output folder must be the same path on every machine, e.g. a shared
mount, and every worker must have geotrack and the same gazetteer: the gazetteer version is checked).
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from geotrack.errors import GeotrackError, InputError
from geotrack.extract import DEFAULT_MIN_CONFIDENCE, analyse
from geotrack.gazetteer import Gazetteer, default_gazetteer
from geotrack.readers import Input, Skipped, expand_inputs, extension_format, format_name, read_input
from geotrack.readers.base import Item, ReaderOptions, ReadProblem, summarised
from geotrack.readers.fields import field_names
from geotrack.readers.jsonl import read_jsonl_range
from geotrack.readers.meta import complete_date_and_lang, complete_source, parse_date
from geotrack.store import DocumentRows, Store, analysis_tables, content_hash

log = logging.getLogger("geotrack.batch")

#: Bytes of a JSON Lines file per shard (about): large files are cut into byte ranges of this size.
SHARD_BYTES = 64 * 1024 * 1024
#: Times a shard's task is retried when it fails (a worker that dies is retried by the scheduler too).
RETRIES = 2

_DOC_COLUMNS = ("source", "url", "input_id", "title", "published", "lang", "path", "text")
_MENTION_COLUMNS = ("site_id", "surface", "start", "end", "sentence", "confidence", "rule", "lat", "lon", "kind",
                    "actors", "activities", "actors_paragraph")
_MENTION_LIST_COLUMNS = frozenset({"actors", "activities", "actors_paragraph"})
#: The columns of a shard's documents file: the document, its content hash (computed by the task, on its
#: worker, not by the one process that loads), its foreign places, candidates and relative positions (JSON).
_SHARD_DOC_COLUMNS = (*_DOC_COLUMNS, "content_hash", "places", "candidates", "relative")


@dataclass(frozen=True)
class Shard:
    """Part of the input analysed by one task: a whole file, or the bytes ``start:end`` of a JSON Lines
    file (``first_line`` is the line number of its first line in the file)."""

    index: int
    path: str
    fmt: str | None = None
    start: int = 0
    end: int | None = None
    first_line: int = 1

    @property
    def name(self) -> str:
        return f"shard-{self.index:05d}"


@dataclass(frozen=True)
class ShardSettings:
    """What every task needs besides its shard (small: sent with each task)."""

    gazetteer_path: str | None
    gazetteer_version: str
    source: str | None = None
    published: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    min_confidence: float = DEFAULT_MIN_CONFIDENCE


@dataclass(frozen=True)
class ShardResult:
    """What a task reports (also kept in the shard's ``done.json``)."""

    index: int
    documents: int
    mentions: int
    problems: tuple[ReadProblem, ...] = ()
    skipped: bool = False  # finished by an earlier run
    seconds: float = 0.0


@dataclass(frozen=True)
class BatchProgress:
    """Sent to the ``progress`` callback when a shard is analysed or loaded."""

    shards_done: int
    shards_total: int
    documents: int  # analysed (in the shards done)
    failures: int  # read problems and failed shards
    loaded: int  # shards stored
    stored: int = 0  # documents read from the loaded shards
    dashboard: str = ""


@dataclass(frozen=True)
class BatchSummary:
    """What a batch did: shards analysed (``skipped``: finished by an earlier run), documents read and
    stored (``new``, ``syndicated``, ``duplicates``, mentions), read ``problems``, and ``failed_shards``
    (a task that failed every retry: its index and error; run the batch again to retry them)."""

    shards: int
    skipped: int
    read: int
    new: int
    syndicated: int
    duplicates: int
    mentions: int
    problems: tuple[ReadProblem, ...] = ()
    failed_shards: tuple[tuple[int, str], ...] = ()
    seconds: float = 0.0
    dashboard: str = ""
    #: Peak resident memory (bytes) of each worker process at the end of the run (its whole life).
    worker_peak_memory: tuple[int, ...] = ()

    @property
    def failed(self) -> int:
        return sum(p.count for p in self.problems) + len(self.failed_shards)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def to_dict(self) -> dict[str, Any]:
        return {"shards": self.shards, "skipped": self.skipped, "read": self.read, "new": self.new,
                "syndicated": self.syndicated, "duplicates": self.duplicates, "mentions": self.mentions,
                "failed": self.failed, "problems": [p.to_dict() for p in self.problems],
                "failed_shards": [{"shard": i, "error": e} for i, e in self.failed_shards],
                "seconds": round(self.seconds, 3), "dashboard": self.dashboard,
                "worker_peak_memory": list(self.worker_peak_memory)}


class BatchError(GeotrackError, RuntimeError):
    """A batch cannot run (output folder, gazetteer mismatch between machines, cluster)."""


# -- planning ------------------------------------------------------------------------------------------
def plan_shards(paths: Sequence[str], *, fmt: str | None = None, shard_bytes: int = SHARD_BYTES,
                problems: list[ReadProblem] | None = None, skipped: list[Skipped] | None = None) -> list[Shard]:
    """The shards of ``paths`` (files and folders; not stdin or URLs), in input order."""
    shards: list[Shard] = []
    for inp in expand_inputs(list(paths), skipped):
        if isinstance(inp, ReadProblem):
            if problems is not None:
                problems.append(inp)
            continue
        if inp.kind != "file":
            if problems is not None:
                problems.append(ReadProblem(inp.path, "a batch reads files and folders only (not stdin or URLs)"))
            continue
        name = format_name(fmt) if fmt else extension_format(inp.path)
        size = os.path.getsize(inp.path)
        if name == "jsonl" and size > shard_bytes and _splittable(inp.path):
            for start, end, line in _line_ranges(inp.path, size, shard_bytes):
                shards.append(Shard(len(shards), inp.path, "jsonl", start, end, line))
        else:
            shards.append(Shard(len(shards), inp.path, fmt))
    return shards


def _splittable(path: str) -> bool:
    """Can the file be cut at its newline bytes: no UTF-16/32 (a byte-order mark, or NUL bytes ahead)?"""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    return not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" not in head


def _line_ranges(path: str, size: int, shard_bytes: int) -> Iterator[tuple[int, int, int]]:
    """``(start, end, first line number)`` of consecutive byte ranges of about ``shard_bytes``, each
    ending after a newline (the last at the end of the file)."""
    start, line = 0, 1
    with open(path, "rb") as fh:
        while start < size:
            fh.seek(min(start + shard_bytes, size))
            if fh.tell() < size:
                fh.readline()
            end = fh.tell()
            fh.seek(start)
            newlines = 0
            left = end - start
            while left > 0:
                chunk = fh.read(min(left, 1 << 20))
                newlines += chunk.count(b"\n")
                left -= len(chunk)
            yield start, end, line
            start, line = end, line + newlines


# -- one shard (runs on a worker) ----------------------------------------------------------------------
_GAZETTEERS: dict[str | None, Gazetteer] = {}


def _gazetteer(settings: ShardSettings) -> Gazetteer:
    gaz = _GAZETTEERS.get(settings.gazetteer_path)
    if gaz is None:
        gaz = Gazetteer.load(settings.gazetteer_path) if settings.gazetteer_path else default_gazetteer()
        _GAZETTEERS[settings.gazetteer_path] = gaz
    if gaz.version != settings.gazetteer_version:
        msg = (f"gazetteer {settings.gazetteer_path or '(default)'!r} on this worker has version {gaz.version!r},"
               f" the batch was started with {settings.gazetteer_version!r}; install the same gazetteer on every worker")
        raise BatchError(msg)
    return gaz


def _paths(out_dir: Path, shard: Shard) -> dict[str, Path]:
    return {kind: out_dir / f"{shard.name}.{kind}" for kind in
            ("documents.parquet", "mentions.parquet", "done.json", "loaded.json")}


def _items(shard: Shard, options: ReaderOptions) -> Iterator[Item]:
    if shard.end is not None:
        return read_jsonl_range(shard.path, shard.start, shard.end, options, first_line=shard.first_line)
    return read_input(Input(shard.path, "file"), shard.fmt, options)


def run_shard(shard: Shard, out_dir: str, settings: ShardSettings) -> ShardResult:
    """Analyse one shard and write its Parquet files (see the module doc); a finished shard is not run again."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = _paths(Path(out_dir), shard)
    if files["done.json"].is_file():
        return replace(_read_done(files["done.json"]), skipped=True)
    t0 = time.perf_counter()
    gaz = _gazetteer(settings)
    options = ReaderOptions(fields=field_names(dict(settings.fields)))
    doc_rows: list[tuple[Any, ...]] = []
    mention_rows: list[tuple[Any, ...]] = []
    problems: list[ReadProblem] = []
    n = 0
    for item in summarised(_items(shard, options)):
        if isinstance(item, ReadProblem):
            problems.append(item)
            continue
        doc = item
        source = complete_source(doc, source=settings.source)
        published, lang = complete_date_and_lang(doc.published, doc.lang, doc.text, published=settings.published)
        tables = analysis_tables(analyse(doc.text, gaz, min_confidence=settings.min_confidence, doc_id=doc.id))
        doc_rows.append((source, doc.url, doc.id, doc.title, published, lang, doc.path, doc.text,
                         content_hash(doc.text), *(json.dumps(rows, ensure_ascii=False) for rows in tables[1:])))
        mention_rows.extend((n, *m) for m in tables[0])
        n += 1
    docs = _columns(_SHARD_DOC_COLUMNS, doc_rows)
    mentions = _columns(("doc", *_MENTION_COLUMNS), mention_rows)
    doc_schema = pa.schema([(name, pa.string()) for name in docs])
    mention_schema = pa.schema([("doc", pa.int32()), ("site_id", pa.string()), ("surface", pa.string()),
                                ("start", pa.int64()), ("end", pa.int64()), ("sentence", pa.string()),
                                ("confidence", pa.float64()), ("rule", pa.string()), ("lat", pa.float64()),
                                ("lon", pa.float64()), ("kind", pa.string()), ("actors", pa.list_(pa.string())),
                                ("activities", pa.list_(pa.string())), ("actors_paragraph", pa.list_(pa.string()))])
    _replace_file(files["documents.parquet"], lambda p: pq.write_table(pa.table(docs, schema=doc_schema), p))
    _replace_file(files["mentions.parquet"], lambda p: pq.write_table(pa.table(mentions, schema=mention_schema), p))
    result = ShardResult(shard.index, n, len(mentions["doc"]), tuple(problems), seconds=time.perf_counter() - t0)
    done = {"index": result.index, "documents": result.documents, "mentions": result.mentions,
            "seconds": result.seconds, "problems": [asdict(p) for p in problems], "shard": asdict(shard)}
    _replace_file(files["done.json"], lambda p: p.write_text(json.dumps(done, ensure_ascii=False), encoding="utf-8"))
    return result


def _columns(names: Sequence[str], rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
    """``rows`` as named columns (what a Parquet table is built from)."""
    if not rows:
        return {name: [] for name in names}
    return dict(zip(names, map(list, zip(*rows, strict=True)), strict=True))


def _replace_file(path: Path, write: Callable[[Path], Any]) -> None:
    """Write ``path`` under a temporary name, then rename it: readers see the whole file or none."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read_done(path: Path) -> ShardResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    return ShardResult(data["index"], data["documents"], data["mentions"],
                       tuple(ReadProblem(**p) for p in data["problems"]), seconds=data.get("seconds", 0.0))


# -- loading (runs here) -------------------------------------------------------------------------------
def shard_rows(out_dir: Path, shard: Shard) -> list[DocumentRows]:
    """The rows of a finished shard, as :meth:`geotrack.store.Store.add_rows` takes them."""
    return _shard_batch(out_dir, shard)[0]


def _shard_batch(out_dir: Path, shard: Shard) -> tuple[list[DocumentRows], list[str] | None]:
    """The rows of a finished shard and the content hashes of its documents (None from a shard written
    before they were kept: the store computes them). Built column by column: this runs in the one process
    that loads every shard."""
    import pyarrow.parquet as pq

    files = _paths(out_dir, shard)
    docs = pq.read_table(files["documents.parquet"]).to_pydict()
    mentions = pq.read_table(files["mentions.parquet"]).to_pydict()
    per_doc: list[list[tuple[Any, ...]]] = [[] for _ in docs["text"]]
    columns = [[tuple(v) for v in mentions[name]] if name in _MENTION_LIST_COLUMNS else mentions[name]
               for name in _MENTION_COLUMNS]
    for doc, row in zip(mentions["doc"], zip(*columns, strict=True), strict=True):
        per_doc[doc].append(row)
    fields = zip(*(docs[name] for name in _DOC_COLUMNS), strict=True)
    analysed = zip(per_doc, *(map(_tuples, docs[name]) for name in ("places", "candidates", "relative")), strict=True)
    out: list[DocumentRows] = list(zip(fields, analysed, strict=True))
    return out, docs.get("content_hash")


def _tuples(text: str) -> list[tuple[Any, ...]]:
    if text == "[]":  # most documents: no candidate, no relative position
        return []
    return [tuple(row) for row in json.loads(text)]


@dataclass
class _Tally:
    read: int = 0
    new: int = 0
    syndicated: int = 0
    duplicates: int = 0
    mentions: int = 0
    loaded: int = 0


def _load(store: Store, out_dir: Path, shard: Shard, version: str, tally: _Tally) -> None:
    files = _paths(out_dir, shard)
    if files["loaded.json"].is_file():
        data = json.loads(files["loaded.json"].read_text(encoding="utf-8"))
        counts = data["counts"]
    else:
        rows, hashes = _shard_batch(out_dir, shard)
        results = store.add_rows(rows, version, hashes)
        counts = {"read": len(results), "new": 0, "syndicated": 0, "duplicates": 0, "mentions": 0}
        for r in results:
            key = {"new": "new", "syndicated": "syndicated"}.get(r.status, "duplicates")
            counts[key] += 1
            counts["mentions"] += r.mentions
        body = json.dumps({"shard": shard.index, "counts": counts})
        _replace_file(files["loaded.json"], lambda p: p.write_text(body, encoding="utf-8"))
    for key in ("read", "new", "syndicated", "duplicates", "mentions"):
        setattr(tally, key, getattr(tally, key) + counts[key])
    tally.loaded += 1


# -- the batch -----------------------------------------------------------------------------------------
def run_batch(paths: Sequence[str], out_dir: str | Path, store: Store, *, address: str | None = None,
              workers: int | None = None, gazetteer: str | Path | None = None, source: str | None = None,
              date: str | None = None, fmt: str | None = None, fields: Mapping[str, str] | None = None,
              shard_bytes: int = SHARD_BYTES, min_confidence: float = DEFAULT_MIN_CONFIDENCE,
              retries: int = RETRIES, progress: Callable[[BatchProgress], None] | None = None,
              memory_limit: str | None = None) -> BatchSummary:
    """Ingest ``paths`` through a Dask cluster (see the module doc) into ``store``.

    ``address``: a running scheduler (``tcp://host:8786``); without it a local cluster of ``workers``
    processes (default: one per core) is started and closed. ``out_dir`` keeps the shards (a restart with
    the same folder skips what is finished). The other options are those of :func:`geotrack.pipeline.ingest`.
    """
    from dask.distributed import Client, LocalCluster, as_completed

    from geotrack.pipeline import collector_ignores_what_lives, usable_cores

    t0 = time.perf_counter()
    published = None
    if date:
        published = parse_date(date)
        if not published:
            msg = f"date {date!r} is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)"
            raise InputError(msg)
    gaz_path = str(Path(gazetteer).resolve()) if gazetteer else None
    gaz = Gazetteer.load(gaz_path) if gaz_path else default_gazetteer()
    version = store.record_gazetteer(gaz)
    settings = ShardSettings(gaz_path, gaz.version, source, published, dict(fields or {}), min_confidence)
    field_names(dict(fields or {}))  # an unknown field name stops the batch before it starts
    out = Path(out_dir).resolve()
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"cannot create the shard folder {str(out)!r}: {exc.strerror or exc}"
        raise BatchError(msg) from exc
    problems: list[ReadProblem] = []
    shards = plan_shards(paths, fmt=fmt, shard_bytes=shard_bytes, problems=problems)
    with collector_ignores_what_lives():  # the workers are forked from this process: see there
        cluster = None
        if address is None:
            cluster = _local_cluster(LocalCluster, gaz, gaz_path, workers or usable_cores(), memory_limit)
        tally = _Tally()
        dashboard = ""
        failed: list[tuple[int, str]] = []
        skipped = 0
        peaks: tuple[int, ...] = ()
        try:
            with Client(cluster if cluster is not None else address) as client:
                dashboard = client.dashboard_link or ""
                log.info("dask dashboard: %s", dashboard)
                futures = client.map(run_shard, shards, out_dir=str(out), settings=settings, retries=retries,
                                     pure=False, key=[f"geotrack-shard-{s.index:05d}-{uuid.uuid4().hex[:8]}" for s in shards])
                index_of = {f.key: i for i, f in enumerate(futures)}
                finished: dict[int, ShardResult | None] = {}
                next_load = 0
                done = analysed = 0
                for future in as_completed(futures):
                    index = index_of[future.key]
                    try:
                        result: ShardResult | None = future.result()
                    except Exception as exc:
                        failed.append((index, f"{type(exc).__name__}: {exc}"))
                        log.warning("shard %d (%s) failed: %s", index, shards[index].path, exc)
                        result = None
                    finished[index] = result
                    done += 1
                    if result is not None:
                        problems.extend(result.problems)
                        skipped += result.skipped
                        analysed += result.documents
                    while next_load in finished:  # load in input order, as soon as the shards before are done
                        if finished.pop(next_load) is not None:
                            _load(store, out, shards[next_load], version, tally)
                        next_load += 1
                    if progress:
                        progress(BatchProgress(done, len(shards), analysed, sum(p.count for p in problems) + len(failed),
                                               tally.loaded, tally.read, dashboard))
                    future.release()
                peaks = tuple(sorted(client.run(_peak_memory).values()))
        finally:
            if cluster is not None:
                cluster.close()
    return BatchSummary(len(shards), skipped, tally.read, tally.new, tally.syndicated, tally.duplicates, tally.mentions,
                        tuple(problems), tuple(sorted(failed)), time.perf_counter() - t0, dashboard, peaks)


def _local_cluster(cls: Any, gaz: Gazetteer, gaz_path: str | None, workers: int, memory_limit: str | None) -> Any:
    """A local cluster of ``workers`` processes on 127.0.0.1 (dashboard on a free port). Where processes can
    be forked (Linux), the workers are forked from this process with the gazetteer and its automaton
    already built: they start in a fraction of a second instead of importing and building everything
    again (about 10 s each on a busy 2-core machine)."""
    import multiprocessing

    import dask

    method = "spawn"
    if "fork" in multiprocessing.get_all_start_methods() and os.uname().sysname == "Linux":
        from geotrack.extract import extractor_for

        extractor_for(gaz).matcher  # noqa: B018  (built here, inherited by every worker)
        _GAZETTEERS[gaz_path] = gaz
        method = "fork"
    with dask.config.set({"distributed.worker.multiprocessing-method": method}):
        return cls(n_workers=workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                   dashboard_address="127.0.0.1:0", memory_limit=memory_limit)


def _peak_memory() -> int:
    """On a worker: its peak resident memory in bytes (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return int(peak if os.uname().sysname == "Darwin" else peak * 1024)


__all__ = ["RETRIES", "SHARD_BYTES", "BatchError", "BatchProgress", "BatchSummary", "Shard", "ShardResult",
           "ShardSettings", "plan_shards", "run_batch", "run_shard", "shard_rows"]
