"""``geotrack batch`` on a real Dask cluster: a module-scoped :class:`dask.distributed.LocalCluster` of two
worker processes on 127.0.0.1. Shards (byte ranges of a JSON Lines file, a WARC.gz archive, a Parquet file)
analysed by tasks and loaded in bulk leave the store exactly as one ``ingest`` of the same inputs; a
worker killed in the middle of a run changes nothing; a restart skips finished shards."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from geotrack.batch import BatchProgress, plan_shards, run_batch
from geotrack.cli import app
from geotrack.gazetteer import Gazetteer
from geotrack.pipeline import ingest
from geotrack.store import Store
from tests.paths import DATA, FIXTURES
from tests.readers.test_readers_archives import _archive
from tests.store_contents import store_contents

distributed = pytest.importorskip("distributed")

GAZ = FIXTURES / "ingest" / "gazetteer"
SHARD_BYTES = 30_000


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address="127.0.0.1:0", silence_logs=40) as c:
        yield c


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder: a JSON Lines export (English and Arabic, a bad line, re-saved copies under another outlet,
    and the same copies again), a WARC.gz archive and a Parquet file of articles."""
    folder = tmp_path_factory.mktemp("inputs")
    records = [json.loads(line) for name in ("heldout_blind2.jsonl", "heldout_blind.jsonl")
               for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    copies = [{**r, "id": f"copy-{r['id']}", "source": "Copy Desk"} for r in records[:20]]
    lines = [json.dumps(r, ensure_ascii=False) for r in records + copies + copies]
    lines.insert(50, "{not json")
    (folder / "a-export.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _archive(folder / "b-crawl.warc.gz", gzip=True)
    table = pa.table({"id": [r["id"] for r in records[:15]], "text": [r["text"] for r in records[:15]],
                      "outlet": ["Parquet Wire"] * 15, "date": ["2025-02-03"] * 15})
    pq.write_table(table, folder / "c-articles.parquet")
    return folder


@pytest.fixture(scope="module")
def expected(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    with Store.open(tmp_path_factory.mktemp("ingest") / "one.db") as store:
        summary = ingest([str(inputs)], store, gazetteer=Gazetteer.load(GAZ), workers=1)
        contents = store_contents(store)
    assert (summary.read, summary.new, summary.syndicated, summary.duplicates, summary.failed) == (200, 145, 35, 20, 1)
    assert contents["counts"]["mentions"] > 300
    return {"contents": contents, "problems": [str(p) for p in summary.problems]}


def test_shards_are_line_ranges_of_the_large_file_then_whole_files(inputs: Path) -> None:
    shards = plan_shards([str(inputs)], shard_bytes=SHARD_BYTES)
    jsonl = [s for s in shards if s.path.endswith(".jsonl")]
    assert len(jsonl) > 5 and [s.path.rsplit("/", 1)[1] for s in shards[len(jsonl):]] == ["b-crawl.warc.gz", "c-articles.parquet"]
    data = (inputs / "a-export.jsonl").read_bytes()
    assert jsonl[0].start == 0 and jsonl[-1].end == len(data)
    for before, after in itertools.pairwise(jsonl):
        assert before.end == after.start and data[after.start - 1:after.start] == b"\n"
        assert after.first_line == before.first_line + data[before.start:before.end].count(b"\n")
    assert [s.index for s in shards] == list(range(len(shards)))


def _run(cluster: distributed.LocalCluster, inputs: Path, tmp_path: Path, **kwargs: object) -> tuple[object, dict[str, object]]:
    with Store.open(tmp_path / "batch.db") as store:
        summary = run_batch([str(inputs)], tmp_path / "shards", store, address=cluster.scheduler_address,
                            gazetteer=GAZ, shard_bytes=SHARD_BYTES, **kwargs)  # type: ignore[arg-type]
        return summary, store_contents(store)


def test_batch_stores_exactly_what_one_ingest_stores(cluster: distributed.LocalCluster, inputs: Path, tmp_path: Path,
                                                     expected: dict[str, object]) -> None:
    seen: list[BatchProgress] = []
    summary, contents = _run(cluster, inputs, tmp_path, progress=seen.append)
    assert contents == expected["contents"]
    assert (summary.read, summary.new, summary.syndicated, summary.duplicates, summary.skipped) == (200, 145, 35, 20, 0)
    assert [str(p) for p in summary.problems] == expected["problems"]
    assert str(summary.problems[0]).startswith(f"{inputs / 'a-export.jsonl'}:51: not JSON")
    assert [p.shards_done for p in seen] == list(range(1, summary.shards + 1))
    assert seen[-1].documents == 200 and seen[-1].stored == 200 and seen[-1].failures == 1
    # a restart with the same folder analyses and stores nothing again
    again, contents = _run(cluster, inputs, tmp_path)
    assert again.skipped == again.shards == summary.shards and contents == expected["contents"]
    assert (again.read, again.new) == (200, 145)
    # a shard whose files are gone (a task killed before its end) is analysed and stored; nothing else is
    for name in ("shard-00002.done.json", "shard-00002.loaded.json", "shard-00002.mentions.parquet"):
        (tmp_path / "shards" / name).unlink()
    third, contents = _run(cluster, inputs, tmp_path)
    assert third.skipped == third.shards - 1 and contents == expected["contents"]


def test_a_worker_killed_mid_run_changes_nothing(cluster: distributed.LocalCluster, inputs: Path, tmp_path: Path,
                                                 expected: dict[str, object]) -> None:
    with distributed.Client(cluster.scheduler_address) as client:
        before = client.run(os.getpid)
        killed: list[int] = []

        def kill_one(p: BatchProgress) -> None:
            if not killed:  # after the first shard: the other worker is analysing one
                killed.append(next(iter(before.values())))
                os.kill(killed[0], signal.SIGKILL)

        summary, contents = _run(cluster, inputs, tmp_path, progress=kill_one)
        client.wait_for_workers(2, timeout=60)
        after = client.run(os.getpid)
    assert killed and killed[0] not in after.values()  # the nanny started a new worker process
    assert contents == expected["contents"] and summary.failed_shards == ()
    assert (summary.read, summary.new) == (200, 145)


@pytest.mark.skipif(sys.platform != "linux", reason="the CLI's local cluster is only exercised on Linux here")
def test_cli_batch_json_summary_and_errors(cluster: distributed.LocalCluster, inputs: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    # without --address: a local cluster of its own (workers forked with the gazetteer built), closed after
    args = ["batch", str(inputs / "c-articles.parquet"), "--shards", str(tmp_path / "s"), "--db", db,
            "--workers", "1", "-g", str(GAZ), "--output-format", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert (out["shards"], out["read"], out["new"], out["failed"]) == (1, 15, 15, 0)
    assert out["dashboard"].startswith("http://127.0.0.1:") and len(out["worker_peak_memory"]) == 1
    result = runner.invoke(app, ["batch", str(tmp_path / "missing.jsonl"), "--shards", str(tmp_path / "s2"), "--db", db,
                                 "--address", cluster.scheduler_address, "-g", str(GAZ), "-q"])
    assert result.exit_code == 1 and "missing.jsonl" in result.stderr
