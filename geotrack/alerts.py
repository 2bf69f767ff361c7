"""Alerts: rules over the stored frames that say what changed, each fired once and delivered.

Rules (a TOML file, :func:`load_rules`; every key optional, defaults in :class:`AlertRules`):

- ``first_mention``: a site named for the first time ever, when that first document falls in the last
  ``window_days`` days;
- ``surge``: a site's documents in the last ``window_days`` days are above its baseline (the mean
  documents per ``window_days`` over the ``baseline_windows`` windows before) by more than
  ``surge_share`` (0.25: ACLED's early-warning rise), with at least ``surge_min_documents`` documents
  from at least ``surge_min_sources`` independent sources;
- ``new_actor``: an actor named in the sentence of a mention of a site in the last ``window_days`` days,
  never named at that site before;
- ``candidate``: a base name the gazetteer lacks, named by at least ``candidate_min_sources`` independent
  sources;
- ``area``: an approximate position ("300 km south of Kufra") whose uncertainty circle overlaps a watched
  area (``[[areas]]``: ``name``, ``lat``, ``lon``, ``radius_km``), in the last ``window_days`` days.

Watch lists: ``sites = [...]`` keeps the site rules to those sites, and the sites inside a watched area
are watched too; with neither, every site is watched.

Counting is in documents and independent sources: syndicated copies (exact ones marked by the store,
near-duplicates found by :mod:`geotrack.syndication` over the documents of the period looked at) add
neither. Every alert carries its evidence (sentences, links, sources) and a key; an alert whose key was
fired before is never fired again (the state lives in the store, :mod:`geotrack.store.monitoring`).
The clock is injected (``now``), so the rules are testable on any date.

Deliveries: an Atom file of the alerts (:func:`write_atom`), a webhook (:func:`post_webhook`: JSON POST
signed with HMAC-SHA256 in ``X-Geotrack-Signature``, retried with backoff), email through SMTP
(:func:`send_email`: STARTTLS, credentials from :class:`SmtpSettings`), and the report
(:func:`report_section`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import smtplib
import ssl
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geotrack.errors import GeotrackError, InputError
from geotrack.outputs.escape import one_line, safe_url, strip_bidi, xml_text
from geotrack.syndication import originals

if TYPE_CHECKING:
    import pandas as pd

    from geotrack.settings import Settings
    from geotrack.store import Store

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

log = logging.getLogger("geotrack.alerts")

KINDS = ("first_mention", "surge", "new_actor", "candidate", "area")
#: Evidence rows kept per alert.
EVIDENCE_LIMIT = 5
SIGNATURE_HEADER = "X-Geotrack-Signature"


class DeliveryError(GeotrackError, OSError):
    """An alert could not be delivered (webhook or email) after the retries."""


@dataclass(frozen=True)
class Area:
    """A watched area: a circle of ``radius_km`` around ``(lat, lon)``."""

    name: str
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True)
class AlertRules:
    """The rules and their defaults (the README's "Alerts" table says the same)."""

    first_mention: bool = True
    surge: bool = True
    new_actor: bool = True
    candidate: bool = True
    area: bool = True
    window_days: int = 7
    baseline_windows: int = 4
    surge_share: float = 0.25
    surge_min_documents: int = 3
    surge_min_sources: int = 2
    candidate_min_sources: int = 2
    sites: tuple[str, ...] = ()
    areas: tuple[Area, ...] = ()
    #: Containment from which two texts are copies (see :mod:`geotrack.syndication`).
    copy_threshold: float = 0.5

    def __post_init__(self) -> None:
        for name, least in (("window_days", 1), ("baseline_windows", 1), ("surge_min_documents", 1),
                            ("surge_min_sources", 2), ("candidate_min_sources", 2)):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < least:
                msg = f"alert rule {name}={value!r} is not usable; give a whole number, {least} or more"
                raise InputError(msg)
        if not isinstance(self.surge_share, (int, float)) or not 0 <= self.surge_share < 100:
            msg = f"alert rule surge_share={self.surge_share!r} is not usable; give a share such as 0.25 (25 %)"
            raise InputError(msg)


@dataclass(frozen=True)
class Deliveries:
    """Where alerts go (the ``[deliver]`` table of the rules file)."""

    atom: str = ""
    webhook_url: str = ""
    #: Name of the environment variable holding the webhook's HMAC secret (never the secret itself).
    webhook_secret_env: str = "GEOTRACK_WEBHOOK_SECRET"
    email_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class SmtpSettings:
    """SMTP settings, from ``GEOTRACK_SMTP_HOST``, ``_PORT`` (587), ``_USER``, ``_PASSWORD``, ``_FROM``,
    ``_STARTTLS`` (1; 0 for a local relay without TLS) and ``_CAFILE`` (a CA bundle to trust)."""

    host: str = ""
    port: int = 587
    user: str = ""
    password: str = ""
    sender: str = "geotrack@localhost"
    starttls: bool = True
    cafile: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpSettings:
        """The SMTP fields of ``settings`` (:class:`geotrack.settings.Settings`)."""
        return cls(host=settings.smtp_host, port=settings.smtp_port, user=settings.smtp_user,
                   password=settings.smtp_password, sender=settings.smtp_from, starttls=settings.smtp_starttls,
                   cafile=settings.smtp_cafile)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> SmtpSettings:
        """The SMTP settings of ``env`` (default: the process environment), read by
        :meth:`geotrack.settings.Settings.from_env`, the one reader of the ``GEOTRACK_*`` variables."""
        from geotrack.settings import Settings

        return cls.from_settings(Settings.from_env(env))


@dataclass(frozen=True)
class Alert:
    """One alert: ``key`` makes it fire once; ``evidence`` rows hold sentence, url, source, published,
    title and document id."""

    key: str
    kind: str
    title: str
    summary: str
    site_id: str = ""
    sources: tuple[str, ...] = ()
    documents: int = 0
    evidence: tuple[dict[str, Any], ...] = ()
    fired_at: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["sources"], out["evidence"] = list(self.sources), list(self.evidence)
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Alert:
        names = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in names}
        values["sources"] = tuple(values.get("sources", ()))
        values["evidence"] = tuple(values.get("evidence", ()))
        return cls(**values)


_RULE_KEYS = {f.name for f in fields(AlertRules)} - {"areas", "sites"}


def load_rules(path: str | Path | None) -> tuple[AlertRules, Deliveries]:
    """The rules and deliveries of a TOML file (the defaults when ``path`` is None). Unknown keys, wrong
    types and bad values are an :class:`InputError` naming the file and the key."""
    if path is None:
        return AlertRules(), Deliveries()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        msg = f"cannot read alert rules {str(p)!r}: {exc.strerror or exc}"
        raise InputError(msg) from exc
    except tomllib.TOMLDecodeError as exc:
        msg = f"alert rules {str(p)!r} are not valid TOML: {exc}"
        raise InputError(msg) from exc
    rules_table = dict(data.get("rules", {}))
    unknown = set(rules_table) - _RULE_KEYS
    if unknown:
        msg = f"alert rules {str(p)!r}: unknown key(s) {sorted(unknown)} in [rules]; known: {sorted(_RULE_KEYS)}"
        raise InputError(msg)
    try:
        areas = tuple(Area(str(a["name"]), float(a["lat"]), float(a["lon"]), float(a["radius_km"]))
                      for a in data.get("areas", []))
    except (KeyError, TypeError, ValueError) as exc:
        msg = f"alert rules {str(p)!r}: each [[areas]] needs name, lat, lon and radius_km ({exc!r})"
        raise InputError(msg) from exc
    sites = tuple(str(s) for s in data.get("watch", {}).get("sites", data.get("sites", [])))
    try:
        rules = AlertRules(**rules_table, sites=sites, areas=areas)
    except InputError as exc:
        raise InputError(f"alert rules {str(p)!r}: {exc}") from exc
    deliver = dict(data.get("deliver", {}))
    bad = set(deliver) - {f.name for f in fields(Deliveries)}
    if bad:
        msg = f"alert rules {str(p)!r}: unknown key(s) {sorted(bad)} in [deliver]"
        raise InputError(msg)
    deliver["email_to"] = tuple(deliver.get("email_to", ()))
    return rules, Deliveries(**deliver)


# -- evaluation -----------------------------------------------------------------------------------
def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    from geopy.distance import geodesic

    return float(geodesic((lat1, lon1), (lat2, lon2)).km)


def _evidence(rows: pd.DataFrame) -> tuple[dict[str, Any], ...]:
    out = []
    seen: set[Any] = set()
    for r in rows.sort_values("published", ascending=False, na_position="last").itertuples(index=False):
        if r.document_id in seen:
            continue
        seen.add(r.document_id)
        published = "" if r.published is None or str(r.published) == "NaT" else str(r.published)[:19]
        out.append({"sentence": str(r.sentence), "url": str(getattr(r, "url", "") or ""), "source": str(r.source),
                    "published": published, "title": str(getattr(r, "title", "") or ""),
                    "document_id": int(r.document_id)})
        if len(out) >= EVIDENCE_LIMIT:
            break
    return tuple(out)


def watched_sites(rules: AlertRules, sites: pd.DataFrame | None) -> set[str] | None:
    """The watched site ids (None: every site): the listed ones and those inside a watched area."""
    if not rules.sites and not rules.areas:
        return None
    out = set(rules.sites)
    if sites is not None and rules.areas:
        for r in sites.itertuples(index=False):
            if any(_km(a.lat, a.lon, float(r.lat), float(r.lon)) <= a.radius_km for a in rules.areas):
                out.add(str(r.id))
    return out


def evaluate(mentions: pd.DataFrame, *, now: datetime, rules: AlertRules | None = None,
             relative: pd.DataFrame | None = None, candidates: pd.DataFrame | None = None,
             sites: pd.DataFrame | None = None) -> list[Alert]:
    """The alerts the rules raise on the frames at ``now`` (nothing is stored). ``mentions`` is
    :meth:`geotrack.store.Store.mentions_frame` with copies marked ``syndicated``; ``relative`` and
    ``candidates`` the relative-position and candidate frames (with ``syndicated`` when known);
    ``sites`` the stored gazetteer snapshot (for areas)."""
    import pandas as pd

    rules = rules or AlertRules()
    now_ts = pd.Timestamp(now.astimezone(timezone.utc).replace(tzinfo=None))
    start = now_ts - pd.Timedelta(days=rules.window_days)
    fired = now.astimezone(timezone.utc).isoformat(timespec="seconds")
    watched = watched_sites(rules, sites)
    alerts: list[Alert] = []
    m = mentions[mentions["published"].notna() & (mentions["published"] <= now_ts)] if len(mentions) else mentions
    if watched is not None and len(m):
        m = m[m["site_id"].isin(watched)]
    orig = originals(m)
    recent = orig[orig["published"] > start] if len(orig) else orig
    week = f"{now_ts.isocalendar().year}-W{now_ts.isocalendar().week:02d}"
    for site, rows in recent.groupby("site_id", sort=True) if len(recent) else ():
        before = orig[(orig["site_id"] == site) & (orig["published"] <= start)]
        name = str(rows["site_name"].iloc[0]) if "site_name" in rows else str(site)
        srcs = tuple(sorted(set(rows["source"].astype(str))))
        docs = int(rows["document_id"].nunique())
        if rules.first_mention and before.empty:
            first = rows.sort_values("published").head(1)
            alerts.append(Alert(f"first_mention:{site}", "first_mention", f"First mention: {name}",
                                f"{name} is named for the first time ({docs} document(s), {len(srcs)} source(s)).",
                                str(site), srcs, docs, _evidence(first if docs == 1 else rows), fired))
        if rules.surge:
            base_start = start - pd.Timedelta(days=rules.window_days * rules.baseline_windows)
            base_docs = before[before["published"] > base_start]["document_id"].nunique()
            baseline = base_docs / rules.baseline_windows
            if docs >= rules.surge_min_documents and len(srcs) >= rules.surge_min_sources and \
                    docs > baseline * (1 + rules.surge_share) and not before.empty:
                alerts.append(Alert(
                    f"surge:{site}:{week}", "surge", f"Surge: {name}",
                    f"{name}: {docs} documents from {len(srcs)} independent sources in the last {rules.window_days}"
                    f" days against a baseline of {baseline:.2f} per {rules.window_days} days.",
                    str(site), srcs, docs, _evidence(rows), fired))
        if rules.new_actor:
            known = {a for lst in before["actors"] for a in lst} if len(before) else set()
            for actor in sorted({a for lst in rows["actors"] for a in lst} - known):
                named = rows[[actor in lst for lst in rows["actors"]]]
                asrc = tuple(sorted(set(named["source"].astype(str))))
                alerts.append(Alert(f"new_actor:{site}:{actor}", "new_actor", f"New actor at {name}: {actor}",
                                    f"{actor} is named at {name} for the first time.", str(site), asrc,
                                    int(named["document_id"].nunique()), _evidence(named), fired))
    if rules.candidate and candidates is not None and len(candidates):
        c = originals(candidates[candidates["published"].isna() | (candidates["published"] <= now_ts)])
        for key, rows in c.groupby("name_key", sort=True):
            srcs = tuple(sorted(set(rows["source"].astype(str))))
            if len(srcs) >= rules.candidate_min_sources:
                name = str(rows["name"].mode().iloc[0])
                alerts.append(Alert(f"candidate:{key}", "candidate", f"Candidate site: {name}",
                                    f"{name}, not in the gazetteer, is named by {len(srcs)} independent sources.",
                                    "", srcs, int(rows["document_id"].nunique()), _evidence(rows), fired))
    if rules.area and rules.areas and relative is not None and len(relative):
        r = originals(relative[relative["published"].notna() & (relative["published"] > start)
                                & (relative["published"] <= now_ts)])
        for row in r.itertuples(index=False):
            for a in rules.areas:
                if _km(a.lat, a.lon, float(row.lat), float(row.lon)) < a.radius_km + float(row.radius_km):
                    one = r[(r["document_id"] == row.document_id) & (r["start"] == row.start)]
                    alerts.append(Alert(
                        f"area:{a.name}:{row.document_id}:{row.start}", "area", f"Near {a.name}: {row.surface}",
                        f"An approximate position ({row.surface}, within {float(row.radius_km):g} km) overlaps the"
                        f" watched area {a.name}.", str(row.anchor_site_id), (str(row.source),), 1, _evidence(one), fired))
    return alerts


# -- running --------------------------------------------------------------------------------------
def find_and_store_copies(store: Store, since: datetime | None = None, threshold: float = 0.5) -> dict[int, int]:
    """Find the near-duplicate copies among the documents published since ``since`` (all when None) and
    the undated ones, and store them (:mod:`geotrack.store.monitoring`: each copy is then ``syndicated``
    in every frame of the store, like an exact copy); returns every near-duplicate copy known: document
    id → original id."""
    from geotrack.store.monitoring import Monitoring
    from geotrack.syndication import find_copies, texts_from

    state = Monitoring(store)
    copies = find_copies(texts_from(state.documents_since(since.date().isoformat() if since else "")), threshold)
    state.record_copies((int(k), int(c.original), c.similarity) for k, c in copies.items())  # type: ignore[call-overload]
    return state.copies()


def run(store: Store, *, now: datetime | None = None, rules: AlertRules | None = None,
        deliveries: Deliveries | None = None, smtp: SmtpSettings | None = None,
        sleep: Callable[[float], None] = time.sleep, secrets: Mapping[str, str] | None = None) -> list[Alert]:
    """Find and store the copies among the documents of the period the rules look at, evaluate the rules
    over the store at ``now``, record the alerts not fired before and deliver them (and any earlier
    alert a delivery failed to take); returns the alerts fired now."""
    from geotrack.store import MentionFilter
    from geotrack.store.monitoring import Monitoring
    from geotrack.syndication import mark_copies

    rules = rules or AlertRules()
    now = now or datetime.now(timezone.utc)
    since = now - timedelta(days=rules.window_days * (rules.baseline_windows + 1) + 1)
    find_and_store_copies(store, since, rules.copy_threshold)
    state = Monitoring(store)
    copies = state.syndicated_ids()  # the mentions frame marks them itself; the other frames do not say
    found = evaluate(store.mentions_frame(), now=now, rules=rules,
                     relative=mark_copies(store.relative_frame(MentionFilter()), copies),
                     candidates=mark_copies(store.candidates_frame(MentionFilter()), copies), sites=store.sites_frame())
    new = set(state.record_alerts((a.key, a.kind, a.fired_at, a.to_dict()) for a in found))
    fired = [a for a in found if a.key in new]
    log.info("alerts: %d raised, %d new", len(found), len(fired))
    deliver(store, deliveries or Deliveries(), smtp=smtp, sleep=sleep, secrets=secrets)
    return fired


def deliver(store: Store, deliveries: Deliveries, *, smtp: SmtpSettings | None = None,
            sleep: Callable[[float], None] = time.sleep, secrets: Mapping[str, str] | None = None) -> dict[str, int]:
    """Deliver every stored alert a configured channel has not taken yet; the Atom file is rewritten
    with all alerts. A failing channel is logged and retried on the next run; returns alerts per channel.

    The webhook's signing secret is the variable ``deliveries.webhook_secret_env`` of ``secrets``
    (default: the process environment, read now)."""
    from geotrack.store.monitoring import Monitoring

    state = Monitoring(store)
    stored = state.alerts()
    done: dict[str, int] = {}
    if deliveries.atom:
        write_atom([Alert.from_dict(a.payload) for a in stored], deliveries.atom)
        state.mark_delivered([a.key for a in stored if "atom" not in a.delivered], "atom")
        done["atom"] = len(stored)
    channels: list[tuple[str, Callable[[list[Alert]], object]]] = []
    if deliveries.webhook_url:
        secret = (os.environ if secrets is None else secrets).get(deliveries.webhook_secret_env, "")
        channels.append(("webhook", lambda alerts: post_webhook(deliveries.webhook_url, alerts, secret, sleep=sleep)))
    if deliveries.email_to:
        settings = smtp or SmtpSettings.from_env()
        channels.append(("email", lambda alerts: send_email(settings, deliveries.email_to, alerts)))
    for channel, send in channels:
        pending = [a for a in reversed(stored) if channel not in a.delivered]
        if not pending:
            continue
        try:
            send([Alert.from_dict(a.payload) for a in pending])
        except DeliveryError as exc:
            log.warning("%s", exc)
            continue
        state.mark_delivered([a.key for a in pending], channel)
        done[channel] = len(pending)
    return done


# -- deliveries -----------------------------------------------------------------------------------
def _alert_text(a: Alert) -> str:
    lines = [a.summary, ""]
    for e in a.evidence:
        lines.append(f"- {one_line(strip_bidi(e['sentence']))} — {one_line(strip_bidi(e['source']))}"
                     f" {e['published'][:10]} {safe_url(e['url'])}".rstrip())
    return "\n".join(lines)


def atom_feed(alerts: Sequence[Alert], *, title: str = "geotrack alerts", updated: str = "") -> str:
    """An Atom 1.0 document of the alerts (newest first): an entry per alert, its evidence as text."""
    stamp = updated or max((a.fired_at for a in alerts), default="1970-01-01T00:00:00+00:00")
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom">',
             f"<title>{xml_text(title)}</title>", "<id>urn:geotrack:alerts</id>", f"<updated>{xml_text(stamp)}</updated>",
             "<author><name>geotrack</name></author>"]
    for a in sorted(alerts, key=lambda x: x.fired_at, reverse=True):
        parts.append("<entry>")
        parts.append(f"<id>urn:geotrack:alert:{xml_text(a.key)}</id>")
        parts.append(f"<title>{xml_text(one_line(a.title))}</title>")
        parts.append(f"<updated>{xml_text(a.fired_at)}</updated>")
        parts.append(f'<category term="{xml_text(a.kind)}"/>')
        for e in a.evidence:
            url = safe_url(e.get("url", ""))
            if url:
                parts.append(f'<link rel="related" href="{xml_text(url)}"/>')
        parts.append(f"<summary>{xml_text(a.summary)}</summary>")
        parts.append(f'<content type="text">{xml_text(_alert_text(a))}</content>')
        parts.append("</entry>")
    parts.append("</feed>")
    return "\n".join(parts) + "\n"


def write_atom(alerts: Sequence[Alert], path: str | Path) -> Path:
    """Write :func:`atom_feed` to ``path`` atomically (a reader never sees half a file)."""
    p = Path(path)
    tmp = p.with_name(p.name + ".tmp")
    tmp.write_text(atom_feed(alerts), encoding="utf-8")
    os.replace(tmp, p)
    return p


def signature(body: bytes, secret: str) -> str:
    """The webhook signature header value: ``sha256=`` and the hex HMAC-SHA256 of the body."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def post_webhook(url: str, alerts: Sequence[Alert], secret: str, *, retries: int = 3, backoff: float = 1.0,
                 timeout: float = 10.0, sleep: Callable[[float], None] = time.sleep) -> int:
    """POST ``{"alerts": [...]}`` as JSON, signed (:func:`signature`) when a secret is set; retried with
    exponential backoff on a connection error or a 5xx/429 answer. Returns the status; raises
    :class:`DeliveryError`."""
    body = json.dumps({"alerts": [a.to_dict() for a in alerts]}, ensure_ascii=False).encode("utf-8")
    headers = {"Content-Type": "application/json", "User-Agent": "geotrack-alerts"}
    if secret:
        headers[SIGNATURE_HEADER] = signature(body, secret)
    last = ""
    for attempt in range(retries + 1):
        if attempt:
            sleep(min(backoff * 2 ** (attempt - 1), 300.0))
        try:
            with urllib.request.urlopen(urllib.request.Request(url, body, headers, method="POST"), timeout=timeout) as r:
                return int(r.status)
        except urllib.error.HTTPError as exc:
            last = f"HTTP {exc.code}"
            if exc.code < 500 and exc.code != 429:
                break
        except (urllib.error.URLError, OSError) as exc:
            last = f"connection failed ({getattr(exc, 'reason', exc)})"
    msg = f"webhook {url!r} did not take {len(alerts)} alert(s): {last}; they are sent again on the next run"
    raise DeliveryError(msg)


def send_email(settings: SmtpSettings, to: Sequence[str], alerts: Sequence[Alert], *, timeout: float = 20.0) -> None:
    """One message listing the alerts, through SMTP with STARTTLS (unless turned off) and login when a
    user is set; raises :class:`DeliveryError`."""
    if not settings.host:
        msg = "email delivery needs an SMTP server: set GEOTRACK_SMTP_HOST (and _PORT, _USER, _PASSWORD)"
        raise DeliveryError(msg)
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = ", ".join(to)
    message["Subject"] = f"geotrack: {len(alerts)} alert(s)" if len(alerts) != 1 else f"geotrack: {one_line(alerts[0].title)}"
    message.set_content("\n\n".join(f"{one_line(a.title)}\n{_alert_text(a)}" for a in alerts))
    try:
        with smtplib.SMTP(settings.host, settings.port, timeout=timeout) as smtp:
            if settings.starttls:
                context = ssl.create_default_context(cafile=settings.cafile or None)
                smtp.starttls(context=context)
            if settings.user:
                smtp.login(settings.user, settings.password)
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        msg = f"email to {', '.join(to)} through {settings.host}:{settings.port} failed: {exc}; sent again on the next run"
        raise DeliveryError(msg) from exc


def report_section(alerts: Iterable[Alert]) -> list[dict[str, Any]]:
    """The alerts as rows for a report section (title, kind, fired_at, summary, sources, first link)."""
    return [{"title": a.title, "kind": a.kind, "fired_at": a.fired_at, "summary": a.summary,
             "sources": ", ".join(a.sources), "url": next((e["url"] for e in a.evidence if safe_url(e.get("url"))), "")}
            for a in alerts]


def stored_alerts(store: Store, limit: int | None = None) -> list[Alert]:
    """The alerts fired so far, newest first."""
    from geotrack.store.monitoring import Monitoring

    return [Alert.from_dict(a.payload) for a in Monitoring(store).alerts(limit)]


__all__ = ["KINDS", "SIGNATURE_HEADER", "Alert", "AlertRules", "Area", "Deliveries", "DeliveryError", "SmtpSettings",
           "atom_feed", "deliver", "evaluate", "find_and_store_copies", "load_rules", "post_webhook", "report_section", "run", "send_email",
           "signature", "stored_alerts", "watched_sites", "write_atom"]
