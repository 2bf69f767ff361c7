"""Start-up of the command line: ``geotrack --help`` time, and the heavy modules each command imports.

Prints, in one run:

* the wall time of ``python -m geotrack --help`` and of a bare ``python -c pass`` (the interpreter's own
  start-up, the baseline of this machine at this minute), medians of ``--repeat`` alternating runs, and
  their difference: what geotrack itself costs. Target: ``geotrack --help`` under 0.3 s;
* for every command, which heavy libraries (pandas, folium, geopy, geopandas, matplotlib, trafilatura,
  feedparser, pyarrow, shapely, numpy) are imported by ``geotrack COMMAND --help`` (they should be none:
  a command imports what it needs when it runs, not to show its help), from ``python -X importtime``.

Usage: python benchmarks/startup.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

HEAVY = ("pandas", "folium", "geopy", "geopandas", "matplotlib", "trafilatura", "feedparser", "pyarrow",
         "shapely", "numpy", "branca", "jinja2", "charset_normalizer", "lxml")


def _wall(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def _imported(args: list[str]) -> list[str]:
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "geotrack", *args, "--help"],
                          capture_output=True, text=True, check=True)
    tops = set()
    for line in done.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            tops.add(name.split(".")[0])
    return sorted(m for m in HEAVY if m in tops)


def _commands() -> list[list[str]]:
    import typer

    from geotrack.cli import app

    group = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, command in sorted(group.commands.items()):  # type: ignore[attr-defined]
        sub = getattr(command, "commands", None)
        out += [[name, s] for s in sorted(sub)] if sub else [[name]]
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    bare, helps = [], []
    for _ in range(args.repeat):
        bare.append(_wall([sys.executable, "-c", "pass"]))
        helps.append(_wall([sys.executable, "-m", "geotrack", "--help"]))
    b, h = statistics.median(bare), statistics.median(helps)
    print(f"python -c pass        {b * 1000:7.0f} ms (median of {args.repeat})")
    print(f"geotrack --help       {h * 1000:7.0f} ms  (geotrack's own share {1000 * (h - b):.0f} ms)"
          f"  target < 300 ms: {'ok' if h < 0.3 else 'MISSED'}")
    print("heavy modules imported by 'geotrack COMMAND --help':")
    for command in _commands():
        heavy = _imported(command)
        print(f"  {' '.join(command):22s} {', '.join(heavy) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
