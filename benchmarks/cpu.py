"""CPU accounting shared by the throughput benchmarks: what a run used, and how fast it could be on idle cores."""

from __future__ import annotations

import resource


def children_cpu() -> float:
    """CPU seconds (user and system) of this process's children (and theirs) that have ended."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def idle_seconds(here: float, children: float, cores: int) -> float:
    """The least time a run that used ``here`` CPU seconds in its main process and ``children`` in child
    processes could take on ``cores`` idle cores: no less than its busiest process (the main one), nor than
    its CPU spread over the cores. The machine's load hardly moves this, unlike the wall clock."""
    return max(here, (here + children) / cores)
