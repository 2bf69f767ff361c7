"""Memory of ingest is bounded by the batch size, not by the input: peak RSS of a subprocess ingest of a
large generated JSON Lines file against one five times smaller, and a 2 GB file of NUL bytes refused
after its first bytes. Generous bounds: a memory check, not a timing one (the figures at 100 MB and
1 GB come from ``benchmarks/ingest_memory.py``)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.builders import stderr_lines

GEOTRACK = str(Path(sys.executable).parent / "geotrack")
_MAXRSS = ("import resource, subprocess, sys; done = subprocess.run(sys.argv[1:], capture_output=True, text=True);"
           " sys.stderr.write(done.stderr);"
           " print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
SENTENCES = (
    "Two cargo aircraft landed at al-Jufra air base on Tuesday, a military source said.",
    "وصلت طائرتا شحن إلى قاعدة الجفرة الجوية فجر الثلاثاء، وقال مصدر عسكري إن الشحنة شملت معدات.",
    "Officials said the security situation remained tense amid the absence of a political settlement.",
    "وأشار التقرير إلى ارتفاع أسعار الوقود والسلع الغذائية خلال الأسابيع الماضية بشكل ملحوظ في المدن.",
    "Witnesses described convoys of military vehicles moving along the desert road towards Kufra at night.",
)


def _jsonl(path: Path, megabytes: int) -> Path:
    target = megabytes * 1_000_000
    written = n = 0
    with path.open("w", encoding="utf-8") as fh:
        while written < target:
            body = " ".join(SENTENCES[(n + k) % len(SENTENCES)] for k in range(24))
            line = json.dumps({"id": f"m{n}", "text": f"{body} Dispatch {n}.", "source": f"Outlet {n % 5}"},
                              ensure_ascii=False) + "\n"
            fh.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return path


def _peak_mb(*args: str) -> tuple[int, float, str]:
    """Exit code, peak RSS (MB) of the largest process and stderr of ``geotrack ARGS`` in a subprocess."""
    done = subprocess.run([sys.executable, "-c", _MAXRSS, GEOTRACK, *args], capture_output=True, text=True,
                          timeout=600, check=False)
    code, kib = done.stdout.split()
    return int(code), int(kib) / 1024, done.stderr


@pytest.mark.slow
def test_peak_memory_does_not_grow_with_the_input(tmp_path: Path) -> None:
    small = _jsonl(tmp_path / "small.jsonl", 10)
    large = _jsonl(tmp_path / "large.jsonl", 50)
    code_small, peak_small, _ = _peak_mb("ingest", str(small), "--db", str(tmp_path / "s.db"), "-q")
    code_large, peak_large, _ = _peak_mb("ingest", str(large), "--db", str(tmp_path / "l.db"), "-q")
    assert (code_small, code_large) == (0, 0)
    # Reading the whole file peaked 214 MB and 358 MB here (x1.67); streaming, 180 and 183 MB.
    assert peak_large <= peak_small * 1.25, (peak_small, peak_large)


def test_a_huge_file_of_nul_bytes_is_refused_from_its_first_bytes(tmp_path: Path) -> None:
    zeros = tmp_path / "zeros.txt"
    with zeros.open("wb") as fh:
        fh.truncate(2 * 1024**3)  # sparse: 2 GB of NUL bytes that take no disk space
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Two cargo aircraft landed at al-Jufra air base.", encoding="utf-8")
    code_tiny, peak_tiny, _ = _peak_mb("ingest", str(tiny), "--db", str(tmp_path / "t.db"), "-q")
    code, peak, stderr = _peak_mb("ingest", str(zeros), "--db", str(tmp_path / "z.db"), "-q")
    assert (code_tiny, code) == (0, 1)
    assert stderr_lines(stderr) == [f"failed: {zeros}: binary file (contains NUL bytes), not text"]
    assert peak < peak_tiny + 64, (peak_tiny, peak)  # read whole, it took 5.3 GB
