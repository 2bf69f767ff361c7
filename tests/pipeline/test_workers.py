"""``--workers``: the analysis in worker processes stores exactly what one process stores, in the same
order (document ids, mentions, places, candidates, relative positions, duplicates and syndicated copies),
for ingest and reextract, through the library and the CLI."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.pipeline import _Analyser, default_workers, ingest, reextract, usable_cores
from geotrack.store import Store
from tests.paths import DATA
from tests.store_contents import store_contents


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The labelled sets (English and Arabic), plus a re-saved copy of some of them under another outlet
    (syndicated copies) and the same copy again (duplicates)."""
    folder = tmp_path_factory.mktemp("inputs")
    lines = [json.loads(line) for line in (DATA / "heldout_blind2.jsonl").read_text(encoding="utf-8").splitlines()]
    copies = [{**rec, "id": f"copy-{rec['id']}", "source": "Copy Desk"} for rec in lines[:30]]
    (folder / "copies.jsonl").write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in copies * 2),
                                         encoding="utf-8")
    return [str(DATA / "heldout_blind2.jsonl"), str(DATA / "labelled.jsonl"), str(folder / "copies.jsonl")]


def test_two_workers_store_exactly_what_one_stores_in_the_same_order(inputs: list[str], tmp_path: Path) -> None:
    contents = []
    summaries = []
    for workers in (1, 2):
        with Store.open(tmp_path / f"w{workers}.db") as store:
            # small batches: many in flight at once, coming back from the workers in any order
            summaries.append(ingest(inputs, store, workers=workers, batch_size=9))
            contents.append(store_contents(store))
    one, two = contents
    assert summaries[0] == summaries[1]
    s = summaries[0]
    assert (s.read, s.new, s.syndicated, s.duplicates, s.failed) == (367, 307, 30, 30, 0)
    assert one["counts"]["documents"] == 337 and one["counts"]["mentions"] > 1000
    assert [d[1] for d in two["documents"]] == [d[1] for d in one["documents"]]  # same ids in the same order
    assert two == one


def test_reextract_with_two_workers_equals_one(inputs: list[str], tmp_path: Path) -> None:
    with Store.open(tmp_path / "r.db") as store:
        ingest(inputs[:2], store, workers=1)
        before = store_contents(store)
        one = reextract(store, workers=1)
        assert store_contents(store) == before
        two = reextract(store, workers=2)
        assert two == one and two.documents == 307 and two.mentions == before["counts"]["mentions"]
        assert store_contents(store) == before


def test_the_workers_stop_with_the_ingest(tmp_path: Path) -> None:
    from geotrack.gazetteer import default_gazetteer

    analyser = _Analyser(default_gazetteer(), 0.5, workers=2)
    pids = [p.pid for p in analyser.pool._pool]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    analyser.close()
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as fh:  # a zombie is not running
        return fh.read().split(")")[-1].split()[0] != "Z"


def test_cli_workers_option(inputs: list[str], tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "cli.db")
    result = runner.invoke(app, ["ingest", inputs[0], "--db", db, "--workers", "2", "--output-format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["new"] == 113
    result = runner.invoke(app, ["reextract", "--db", db, "-w", "2"])
    assert result.exit_code == 0 and result.stdout.startswith("re-extracted 113 document(s)")
    result = runner.invoke(app, ["ingest", inputs[0], "--db", db, "--workers", "0"])
    assert result.exit_code == 2 and "--workers" in result.output


@pytest.mark.parametrize(("cores", "workers"), [(1, 1), (2, 1), (3, 2), (8, 7)])
def test_default_workers_leave_a_core_to_reading_and_storing(monkeypatch: pytest.MonkeyPatch, cores: int,
                                                             workers: int) -> None:
    monkeypatch.setattr("os.sched_getaffinity", lambda _pid: set(range(cores)))
    assert usable_cores() == cores
    assert default_workers() == workers


class Name(str):
    """A string of another type (marshal takes only the built-in ones)."""


def test_a_batch_travels_to_the_writer_process_unchanged() -> None:
    """Batches go to the store's writer process marshalled; a value marshal does not take (a subclass of
    ``str``) sends the batch pickled instead. Either way the writer gets the same rows."""
    from geotrack.pipeline import _decode_batch, _encode_batch

    tables = ([("sirte", "Sirte", 0, 5, "Sirte.", 0.9, "exact", 31.2, 16.6, "city", ("russia",), (), ())],
              [("country:TD", "Chad", 9, 13)], [], [])
    fields = ("A", "https://a.example/1", "1", "t", "2024-03-05", "", "in.jsonl", "Sirte.")
    for source, tag in (("A", b"m"), (Name("A"), b"p")):
        rows = [((source, *fields[1:]), tables)]
        message = _encode_batch(rows, "v1", None)  # type: ignore[arg-type]
        assert message[:1] == tag
        assert _decode_batch(message) == (rows, "v1", None)
