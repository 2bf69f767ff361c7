"""Watching feeds: poll each feed on its schedule, ingest what is new, and run the alert rules.

Feeds come from an OPML file (what feed readers export; parsed by ``listparser``; an outline's folder is
kept) or a text file with one entry a line: a feed URL, optionally followed by ``every=30m`` (a per-feed
schedule), or a local folder (ingested each round: the store skips what it holds). ``#`` starts a
comment; a line ``[Name]`` names the folder of the feeds after it.

Each round polls the feeds that are due, in a shuffled order:

- the request is conditional (the ETag and Last-Modified of the last fetch, kept in the store by
  :class:`geotrack.http.StoreCache`); a 304 costs nothing;
- a failing feed waits ``every × 2^failures`` (at most a day) before its next poll, and a 429 or 503 with
  ``Retry-After`` waits what the server asked (at least); a success resets it;
- every next poll gets a jitter of up to a tenth of its interval, so feeds are not all hit at once;
- an entry that carries only a summary (no full content) gets its article page fetched, politely: one
  page at a time, the same user agent, at least ``page_delay`` seconds between two pages of a host;
- the entries are written to a spool file beside the database, then ingested through
  :func:`geotrack.pipeline.ingest` (the one ingest), and only then are the feed's validators and state
  recorded: a watch killed mid-round loses nothing, and a restart polls again what the round had not
  finished (and ingests a spool file left behind).

``stop()`` (SIGTERM, Ctrl-C in the CLI) lets the feed being polled finish, then ends the round. The
clock and the sleep are injected, so rounds are testable over simulated days.
"""

from __future__ import annotations

import json
import logging
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import urlsplit

from geotrack.errors import InputError
from geotrack.http import Fetcher, FetchError, FetchResult, StoreCache, is_url

if TYPE_CHECKING:
    from geotrack.store import Store

log = logging.getLogger("geotrack.watch")

#: Default seconds between two polls of a feed.
DEFAULT_EVERY = 15 * 60.0
#: Longest wait after failures, in seconds.
MAX_BACKOFF = 24 * 3600.0
#: Share of its interval by which a next poll is moved at random.
JITTER = 0.1
#: Seconds between two article pages fetched from the same host.
PAGE_DELAY = 2.0
#: An entry whose text is shorter than this (characters) and has no full content is "summary only".
SUMMARY_CHARS = 600

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(value: str) -> float:
    """``15m``, ``1h``, ``90s``, ``2d`` or a number of seconds, as seconds; an :class:`InputError` names
    the bad value."""
    m = _DURATION.match(value)
    if not m or float(m.group(1)) <= 0:
        msg = f"duration {value!r} is not usable; give a number with s, m, h or d, e.g. 15m"
        raise InputError(msg)
    return float(m.group(1)) * _UNITS[m.group(2)]


@dataclass(frozen=True)
class FeedSpec:
    """One watched entry: a feed URL (or a local folder, ``is_folder``), its folder name and schedule."""

    url: str
    folder: str = ""
    every: float = DEFAULT_EVERY
    is_folder: bool = False


def read_feed_list(path: str | Path, every: float = DEFAULT_EVERY) -> list[FeedSpec]:
    """The feeds of an OPML file or of a text file (see the module doc)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        msg = f"cannot read the feed list {str(p)!r}: {exc.strerror or exc}"
        raise InputError(msg) from exc
    head = data[:2048].lstrip().lower()
    if head.startswith(b"<?xml") or b"<opml" in head:
        import listparser

        parsed = listparser.parse(data.decode("utf-8", "replace"))
        if parsed.get("bozo") and not parsed.feeds:
            msg = f"feed list {str(p)!r} is not a readable OPML file: {parsed.get('bozo_exception')}"
            raise InputError(msg)
        specs = []
        for feed in parsed.feeds:
            folder = " / ".join(c for cat in (feed.get("categories") or [])[:1] for c in cat)
            specs.append(FeedSpec(str(feed.url), folder, every))
        return _unique(specs)
    specs = []
    folder = ""
    for number, raw in enumerate(data.decode("utf-8", "replace").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip() if not raw.strip().startswith("http") else raw.strip()
        if " #" in line:
            line = line.split(" #", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            folder = line[1:-1].strip()
            continue
        target, *options = line.split()
        own = every
        for option in options:
            key, _, value = option.partition("=")
            if key != "every" or not value:
                msg = f"{p}:{number}: unknown option {option!r}; only every=DURATION (e.g. every=30m) is known"
                raise InputError(msg)
            own = parse_duration(value)
        if is_url(target):
            specs.append(FeedSpec(target, folder, own))
        elif (p.parent / target).expanduser().is_dir() or Path(target).expanduser().is_dir():
            where = Path(target).expanduser()
            where = where if where.is_absolute() or where.is_dir() else p.parent / target
            specs.append(FeedSpec(str(where), folder, own, is_folder=True))
        else:
            msg = f"{p}:{number}: {target!r} is neither an http(s) URL nor a folder"
            raise InputError(msg)
    return _unique(specs)


def _unique(specs: Sequence[FeedSpec]) -> list[FeedSpec]:
    seen: set[str] = set()
    return [s for s in specs if not (s.url in seen or seen.add(s.url))]  # type: ignore[func-returns-value]


class _WatchFetcher(Fetcher):
    """A :class:`Fetcher` without its own retries (the watch backs off per feed instead) that remembers
    the status and ``Retry-After`` of the last failed answer."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(retries=0, **kwargs)
        self.last_status = 0
        self.last_retry_after = ""
        inner = self._opener
        watcher = self

        class _Recording:
            def open(self, request: Any, timeout: float | None = None) -> IO[bytes]:
                import urllib.error

                try:
                    return inner.open(request, timeout=timeout)
                except urllib.error.HTTPError as exc:
                    watcher.last_status = exc.code
                    watcher.last_retry_after = exc.headers.get("Retry-After", "") or ""
                    raise

        self._opener = _Recording()  # type: ignore[assignment]

    def fetch(self, url: str) -> FetchResult:
        self.last_status, self.last_retry_after = 0, ""
        return super().fetch(url)


def _retry_after(value: str, now: float) -> float:
    """Seconds asked by a ``Retry-After`` header (a number of seconds or an HTTP date); 0 when absent."""
    value = value.strip()
    if not value:
        return 0.0
    if value.isdigit():
        return float(value)
    from email.utils import parsedate_to_datetime

    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - now)
    except (TypeError, ValueError):
        return 0.0


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")


def _ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp() if iso else 0.0


@dataclass
class RoundReport:
    """What one round did: feeds polled, not modified, failed, documents read and stored."""

    polled: int = 0
    not_modified: int = 0
    failed: int = 0
    read: int = 0
    stored: int = 0
    pages: int = 0
    stopped: bool = False
    errors: list[str] = field(default_factory=list)


class Watcher:
    """Polls feeds into a store; see the module doc. ``clock`` returns seconds since the epoch."""

    def __init__(self, store: Store, feeds: Sequence[FeedSpec], *, clock: Callable[[], float] = time.time,
                 sleep: Callable[[float], None] = time.sleep, rng: random.Random | None = None,
                 page_delay: float = PAGE_DELAY, user_agent: str | None = None,
                 on_round: Callable[[Store, float], None] | None = None) -> None:
        from geotrack.store.monitoring import Monitoring

        self.store = store
        self.feeds = list(feeds)
        self.clock, self.sleep = clock, sleep
        self.rng = rng or random.Random()
        self.page_delay = page_delay
        self.state = Monitoring(store)
        self.fetcher = _WatchFetcher(cache=StoreCache(store), user_agent=user_agent, sleep=sleep)
        self.on_round = on_round
        self._stop = False
        self._last_page: dict[str, float] = {}
        self.spool = store.path.with_name(store.path.name + ".watch")

    def stop(self) -> None:
        """Finish the feed being polled, then end the round (safe to call from a signal handler)."""
        self._stop = True

    @property
    def stopping(self) -> bool:
        return self._stop

    def _states(self) -> dict[str, dict[str, Any]]:
        return {s["url"]: s for s in self.state.feeds()}

    def due(self, now: float | None = None) -> list[FeedSpec]:
        now = self.clock() if now is None else now
        states = self._states()
        return [f for f in self.feeds if _ts(states.get(f.url, {}).get("next_poll", "")) <= now]

    def next_due(self) -> float:
        """Seconds since the epoch of the next poll of any feed."""
        states = self._states()
        return min((_ts(states.get(f.url, {}).get("next_poll", "")) for f in self.feeds), default=self.clock())

    def run_round(self) -> RoundReport:
        """Poll every due feed once (in a shuffled order); then run ``on_round`` (the alert rules)."""
        report = RoundReport()
        self._ingest_spool(report)
        due = self.due()
        self.rng.shuffle(due)
        for feed in due:
            if self._stop:
                report.stopped = True
                break
            self._poll(feed, report)
        if self.on_round is not None and not report.stopped:
            self.on_round(self.store, self.clock())
        return report

    def run(self, once: bool = False, max_rounds: int | None = None) -> list[RoundReport]:
        """Rounds until :meth:`stop` (or one round with ``once``), sleeping until the next feed is due."""
        reports = []
        while not self._stop:
            reports.append(self.run_round())
            if once or (max_rounds is not None and len(reports) >= max_rounds) or self._stop:
                break
            wait = max(0.0, self.next_due() - self.clock())
            while wait > 0 and not self._stop:
                step = min(wait, 1.0)
                self.sleep(step)
                wait -= step
        return reports

    # -- one feed ---------------------------------------------------------------------------------
    def _save(self, feed: FeedSpec, **changes: Any) -> None:
        old = self._states().get(feed.url, {})
        state = {"url": feed.url, "folder": feed.folder, "every_s": feed.every, "last_success": "", "last_error": "",
                 "error": "", "failures": 0, "items": 0, "next_poll": "", "retry_after": ""}
        state.update({k: v for k, v in old.items() if v is not None})
        state.update(changes)
        self.state.save_feed(state)

    def _next(self, seconds: float) -> str:
        return _iso(self.clock() + seconds + self.rng.uniform(0, JITTER * seconds))

    def _poll(self, feed: FeedSpec, report: RoundReport) -> None:
        report.polled += 1
        now = self.clock()
        if feed.is_folder:
            summary = self._ingest([feed.url])
            report.stored += summary
            self._save(feed, last_success=_iso(now), error="", failures=0, next_poll=self._next(feed.every))
            return
        try:
            result = self.fetcher.fetch(feed.url)
        except FetchError as exc:
            self._failed(feed, str(exc), report)
            return
        if result.not_modified:
            report.not_modified += 1
            self._save(feed, last_success=_iso(now), error="", failures=0, retry_after="",
                       next_poll=self._next(feed.every))
            return
        docs, problem = self._documents(feed, result, report)
        if problem:
            self._failed(feed, problem, report)
            return
        report.read += len(docs)
        stored = 0
        if docs:
            batch = self._spool_write(feed, docs)
            stored = self._ingest([str(batch)])
            batch.unlink()
        report.stored += stored
        self.fetcher.remember(result, feed.url)  # only now: what it answered is stored
        old_items = int(self._states().get(feed.url, {}).get("items") or 0)
        self._save(feed, last_success=_iso(now), error="", failures=0, retry_after="", items=old_items + stored,
                   next_poll=self._next(feed.every))

    def _failed(self, feed: FeedSpec, error: str, report: RoundReport) -> None:
        now = self.clock()
        old = self._states().get(feed.url, {})
        failures = int(old.get("failures") or 0) + 1
        wait = min(feed.every * 2 ** failures, MAX_BACKOFF)
        asked = _retry_after(self.fetcher.last_retry_after, now) if self.fetcher.last_status in (429, 503) else 0.0
        wait = max(wait, asked)
        report.failed += 1
        report.errors.append(f"{feed.url}: {error}")
        log.warning("feed %s failed (%d in a row), next poll in %.0f s: %s", feed.url, failures, wait, error)
        self._save(feed, last_error=_iso(now), error=error, failures=failures,
                   retry_after=_iso(now + asked) if asked else "", next_poll=self._next(wait))

    def _documents(self, feed: FeedSpec, result: FetchResult, report: RoundReport) -> tuple[list[dict[str, Any]], str]:
        """The feed's entries as JSON records (article pages fetched for summary-only entries not stored
        yet), or a problem that makes the whole feed fail."""
        import feedparser

        from geotrack.models import Document
        from geotrack.readers import read_data
        from geotrack.readers.base import Origin, ReadProblem

        records = []
        problems = []
        parsed = feedparser.parse(result.body)
        summary_only = {str(e.get("link")) for e in parsed.entries if e.get("link") and not e.get("content")}
        known = self.state.known_inputs([str(e.get("id") or e.get("link") or "") for e in parsed.entries])
        for item in read_data(result.body, Origin(feed.url, result.url), "feed", None, result.content_type):
            if isinstance(item, ReadProblem):
                problems.append(item.reason)
                continue
            assert isinstance(item, Document)
            if item.id in known:
                continue
            text = item.text
            if item.url in summary_only and len(text) < SUMMARY_CHARS:
                page = self._page(item.url)
                if page:
                    text = page
                    report.pages += 1
            records.append({"id": item.id, "text": text, "source": item.source or urlsplit(feed.url).hostname or feed.url,
                            "url": item.url, "title": item.title, "published": item.published})
        if problems and not records and not parsed.entries:
            return [], "; ".join(problems)
        return records, ""

    def _page(self, url: str) -> str:
        """The main text of an article page, fetched politely; ``""`` when it cannot be had."""
        from geotrack.models import Document
        from geotrack.readers import read_data
        from geotrack.readers.base import Origin

        host = (urlsplit(url).hostname or "").lower()
        last = self._last_page.get(host)
        if last is not None:
            wait = self.page_delay - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        try:
            result = self.fetcher.fetch(url)
        except FetchError as exc:
            log.info("article page %s not fetched: %s", url, exc)
            return ""
        finally:
            self._last_page[host] = self.clock()
        for item in read_data(result.body, Origin(url, result.url), "html", None, result.content_type):
            if isinstance(item, Document):
                return item.text
        return ""

    # -- storing ----------------------------------------------------------------------------------
    def _spool_write(self, feed: FeedSpec, records: list[dict[str, Any]]) -> Path:
        self.spool.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^A-Za-z0-9]+", "_", feed.url)[-80:]
        path = self.spool / f"{name}.jsonl"
        tmp = path.with_suffix(".tmp")
        tmp.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        tmp.replace(path)
        return path

    def _ingest_spool(self, report: RoundReport) -> None:
        """Ingest the spool files a stopped or killed watch left (their feed is polled again too)."""
        if not self.spool.is_dir():
            return
        for path in sorted(self.spool.glob("*.jsonl")):
            report.stored += self._ingest([str(path)])
            path.unlink()

    def _ingest(self, paths: list[str]) -> int:
        from geotrack.pipeline import ingest

        summary = ingest(paths, self.store, fmt=None if Path(paths[0]).is_dir() else "jsonl", fetcher=self.fetcher)
        return int(summary.new + summary.syndicated)


def feed_states(store: Store, feeds: Sequence[FeedSpec] = ()) -> list[dict[str, Any]]:
    """Each feed's state (last success, last error, items, next poll), the listed feeds first."""
    from geotrack.store.monitoring import Monitoring

    states = {s["url"]: s for s in Monitoring(store).feeds()}
    out = [states.pop(f.url, {"url": f.url, "folder": f.folder, "every_s": f.every, "last_success": "",
                              "last_error": "", "error": "", "failures": 0, "items": 0, "next_poll": "",
                              "retry_after": ""}) for f in feeds]
    return out + list(states.values())


__all__ = ["DEFAULT_EVERY", "FeedSpec", "RoundReport", "Watcher", "feed_states", "parse_duration", "read_feed_list"]
