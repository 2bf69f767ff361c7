"""The one-command demo: the shipped sample corpus → a fresh store → map, GeoJSON and reports.

:func:`run_demo` is what ``geotrack demo`` calls. It rebuilds ``OUT/geotrack.db`` from scratch each time
(so running it twice into the same folder gives the same result) from the corpus at
``get_settings().samples_dir`` (``data/samples`` in a checkout, the packaged copy in a wheel), then
writes ``map.html`` (with the relative positions as circles), ``sites.geojson``, ``mentions.geojson``,
``relative.geojson``, ``report.html`` and ``report.md`` (with ``report_timeline.png`` and
``report_map.html`` beside it); the reports list the actors, the possible new sites (candidates, grouped
by place with the known site each probably spells) and the approximate positions, and count the documents
ingested against those naming a site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from geotrack.errors import InputError, StorageError
from geotrack.gazetteer import default_gazetteer
from geotrack.pipeline import IngestSummary, ingest
from geotrack.settings import Settings, get_settings
from geotrack.store import Store

DEMO_TITLE = "geotrack demo: foreign military activity at Libyan sites (sample corpus)"
DB_NAME = "geotrack.db"
OUTPUTS = ("map.html", "sites.geojson", "mentions.geojson", "relative.geojson", "report.html", "report.md")

DemoProgress = Callable[[str], None]


@dataclass(frozen=True)
class DemoResult:
    """What the demo built: counts from the store and the paths written."""

    out_dir: Path
    db_path: Path
    documents: int
    mentions: int
    sites: int
    sources: int
    ingest: IngestSummary
    relative: int = 0
    candidates: int = 0
    paths: dict[str, Path] = field(default_factory=dict)

    def summary_lines(self) -> list[str]:
        lines = [
            f"demo store {self.db_path}: {self.documents} documents, {self.mentions} mentions of "
            f"{self.sites} sites from {self.sources} sources; {self.relative} approximate positions, "
            f"{self.candidates} possible new sites",
        ]
        lines += [f"  {name:<17} {path}" for name, path in self.paths.items()]
        return lines


def _remove_db(db: Path) -> None:
    """Delete a previous demo database (and its WAL files) so that the demo starts from scratch."""
    if db.is_dir():
        msg = f"{str(db)!r} is a folder; the demo needs that name for its database"
        raise StorageError(msg, field="out_dir", value=str(db.parent))
    if db.exists():
        with db.open("rb") as fh:
            if fh.read(16) not in (b"SQLite format 3\x00", b""):
                msg = f"{str(db)!r} is not a SQLite database; refusing to replace it"
                raise StorageError(msg, field="out_dir", value=str(db.parent))
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def corpus_paths(samples: Path) -> list[str]:
    """The corpus files and folders of ``samples``, without its documentation (README.md is no article)."""
    return [str(p) for p in sorted(samples.iterdir())
            if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() != ".md")]


def run_demo(out_dir: str | Path, progress: DemoProgress | None = None, *, period: str = "month",
             settings: Settings | None = None) -> DemoResult:
    """Build the demo store from the shipped corpus into ``out_dir`` and write every output there;
    ``settings`` (default: the environment read now) names the corpus folder."""
    from geotrack.candidates import summarise
    from geotrack.documents import stored_documents
    from geotrack.outputs.export import export
    from geotrack.outputs.map import write_map
    from geotrack.outputs.report import write_report

    def step(message: str) -> None:
        if progress is not None:
            progress(message)

    out = Path(out_dir)
    samples = (settings if settings is not None else get_settings()).samples_dir
    if not samples.is_dir():
        msg = f"sample corpus not found at {str(samples)!r}; set GEOTRACK_SAMPLES to the data/samples folder"
        raise InputError(msg)
    out.mkdir(parents=True, exist_ok=True)
    db = out / DB_NAME
    _remove_db(db)

    step(f"reading the sample corpus in {samples}")
    with Store.open(db) as store:
        summary = ingest(corpus_paths(samples), store)
        frame = store.mentions_frame()
        relative = store.relative_frame()
        candidates = summarise(store.candidates_frame(), default_gazetteer())
        counts = store.counts()
        documents = stored_documents(store)
    paths: dict[str, Path] = {"database": db}
    step("writing the map")
    paths["map"] = write_map(frame, out / "map.html", title=DEMO_TITLE, filters_text="all sample articles",
                             relative=relative)
    step("writing GeoJSON")
    paths["sites GeoJSON"] = export(frame, out / "sites.geojson", "geojson", by="site")
    paths["mentions GeoJSON"] = export(frame, out / "mentions.geojson", "geojson", by="mention")
    paths["relative GeoJSON"] = export(frame, out / "relative.geojson", "geojson", by="relative", relative=relative)
    step("writing the reports")
    for name, file in (("report (HTML)", "report.html"), ("report (Markdown)", "report.md")):
        paths[name] = write_report(frame, out / file, period=period, title=DEMO_TITLE, relative=relative,
                                   candidates=candidates, counts=counts, documents=documents)
    return DemoResult(
        out_dir=out,
        db_path=db,
        documents=counts["documents"],
        mentions=len(frame),
        sites=int(frame["site_id"].nunique()) if len(frame) else 0,
        sources=int(frame["source"].nunique()) if len(frame) else 0,
        relative=len(relative),
        candidates=len(candidates),
        ingest=summary,
        paths=paths,
    )


__all__ = ["OUTPUTS", "DemoResult", "corpus_paths", "run_demo"]
