"""The workspace application: pages and the JSON API over one store (see :mod:`geotrack.web`)."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import jinja2
import pandas as pd
from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from markupsafe import Markup
from pydantic import BaseModel, Field

from geotrack.errors import GeocodingError, StorageError
from geotrack.outputs import escape
from geotrack.settings import basemap_path
from geotrack.store import Store
from geotrack.store import sessions as stored_sessions
from geotrack.store.review import ReviewConflictError, Reviews, change_marker
from geotrack.web import accounts, data, queue, rules
from geotrack.web.security import Guard, Sessions, same, session_cookie

log = logging.getLogger("geotrack.web")
#: Failed logins from one address within LOGIN_WINDOW_S seconds before it must wait.
LOGIN_FAILURES = 10
LOGIN_WINDOW_S = 600.0
HERE = Path(__file__).resolve().parent
LEAFLET_DIR = HERE.parent / "outputs" / "static" / "leaflet"
T = TypeVar("T")


@dataclass(frozen=True)
class WebSettings:
    """How the workspace runs: ``token`` (None: this machine only), body limit, cookie security, who
    decides on this machine (``reviewer``; with a token, each session names itself at login) and whether
    a confirmation needs two reviewers (``two_person``)."""

    token: str | None = None
    max_body: int = 64 * 1024
    secure_cookies: bool = False
    evidence_limit: int = 200
    reviewer: str = "local"
    two_person: bool = False
    user_gazetteer: Path | None = None
    #: Count the map's filters and sites in the background at start, so that the first map opens as fast
    #: as the next.
    warm: bool = False
    #: Reviewer accounts ``{name: argon2 hash}`` (:mod:`geotrack.web.accounts`); None: none.
    accounts: dict[str, str] | None = None


class _Frames:
    """The store behind a lock (one connection, many request threads) with whole frames, and what is
    computed from them, cached until the store changes (:func:`geotrack.store.review.change_marker`).

    ``whole("map")`` is every mention without its text columns (read in a third of the time of
    ``whole("mentions")``; the map itself is counted by the store, :meth:`Store.site_counts`). A value
    being computed is computed once: other requests for it wait for that computation instead of starting
    their own."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self._key: tuple[int, ...] = ()
        self._cache: dict[str, Any] = {}
        self._computing: dict[str, threading.Lock] = {}

    def _once(self, name: str) -> threading.Lock:
        with self.lock:
            return self._computing.setdefault(name, threading.Lock())

    def call(self, fn: Callable[[Store], T]) -> T:
        with self.lock:
            return fn(self.store)

    def _fresh(self) -> None:
        key = change_marker(self.store)
        if key != self._key:
            self._cache.clear()
            self._key = key

    def whole(self, name: str) -> pd.DataFrame:
        def read() -> pd.DataFrame:
            with self.lock:
                if name == "map":
                    return self.store.mentions_frame(text=False)
                frame: pd.DataFrame = getattr(self.store, f"{name}_frame")()
                return frame

        return self.memo(f"frame:{name}", read)

    def memo(self, name: str, fn: Callable[[], T]) -> T:
        """``fn()`` (which may call :meth:`whole`), computed once per state of the store."""
        with self._once(name):
            with self.lock:
                self._fresh()
                if name in self._cache:
                    return self._cache[name]
                key = self._key
            value = fn()
            with self.lock:
                if self._key == key:
                    self._cache[name] = value
            return value


class Login(BaseModel):
    """A reviewer account's name and password, or the workspace's token (with a name for the audit log)."""

    name: str = Field("", max_length=64, description="the reviewer's name (an account, or a name with the token)")
    password: str = Field("", max_length=1024)
    token: str = Field("", max_length=512)


class DecisionIn(BaseModel):
    """A decision on one mention, named by its document, span and site."""

    document_id: int = Field(ge=0, lt=2**63)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    site_id: str = Field(max_length=200)
    status: Literal["confirmed", "rejected", "unreviewed"]
    reason: str = Field("", max_length=2000)
    expected_version: int | None = Field(None, ge=0, description="the version the reviewer saw (0: undecided)")
    rule_cue: str = Field("", max_length=100, description=(
        "with status rejected: make the rejection a rule, a word near the mention that says its spelling means"
        " something else here (a negative cue of the site in the user gazetteer: the next ingest or reextract"
        " drops the site's context-dependent spellings near it); refused (422) when it would not stop this"
        " mention"))


class RuleIn(BaseModel):
    """A rule (a negative cue that the user gazetteer adds to a site) to take back."""

    site_id: str = Field(max_length=200)
    cue: str = Field(max_length=100)


class AcceptIn(BaseModel):
    """A candidate place made a new site of the user gazetteer: its coordinates come from a click on the
    map (``lat``/``lon``: recorded as ``user:map-click``) or from the geocoder (``geocode``), never both."""

    name_key: str = Field(max_length=200)
    site_id: str = Field(max_length=80, pattern=r"^[a-z0-9][a-z0-9-]*$")
    kind: str = Field(max_length=20)
    name_en: str = Field("", max_length=200, description="English name (default: the candidate's Latin spelling)")
    name_ar: str = Field("", max_length=200, description="Arabic name (default: the candidate's Arabic spelling)")
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    geocode: bool = False


class VariantIn(BaseModel):
    """A candidate place's spellings added to a known site (its coordinates unchanged)."""

    name_key: str = Field(max_length=200)
    site_id: str = Field(max_length=80)


class GradeIn(BaseModel):
    source: str = Field(max_length=500)
    reliability: Literal["A", "B", "C", "D", "E", "F"]


FilterArgs = dict[str, Any]


def _filters(since: date | None, until: date | None, source: list[str], actor: list[str], kind: list[str],
             min_confidence: float) -> FilterArgs:
    return {"since": since, "until": until, "sources": source, "actors": actor, "kinds": kind,
            "min_confidence": min_confidence}


Since = Annotated[date | None, Query(description="first publication day (ISO 8601)")]
Until = Annotated[date | None, Query(description="last publication day (ISO 8601)")]
Sources = Annotated[list[str], Query(description="outlets (repeat)", max_length=200)]
Actors = Annotated[list[str], Query(description="actor ids or names (repeat)", max_length=200)]
Kinds = Annotated[list[str], Query(description="site kinds (repeat)", max_length=50)]
MinConfidence = Annotated[float, Query(ge=0.0, le=1.0, description="minimum confidence")]
SiteId = Annotated[str, Query(max_length=200)]
Status = Annotated[list[Literal["unreviewed", "pending", "confirmed", "rejected"]],
                   Query(description="review statuses (repeat; empty: all)", max_length=4)]


def create_app(store: Store, settings: WebSettings | None = None, *, extractors: rules.Extractors | None = None) -> Any:
    """The workspace over ``store`` (an open :class:`~geotrack.store.Store`) as an ASGI application.

    ``extractors`` keeps the extractors that rule checks build (default: a new cache of the application's
    own)."""
    settings = settings or WebSettings()
    frames = _Frames(store)
    extractors = extractors if extractors is not None else rules.Extractors()
    def save_session(sid: str, user: str) -> None:
        try:
            frames.call(lambda s: stored_sessions.save(s, sid, user, timedelta(seconds=sessions.lifetime_s)))
        except StorageError as exc:  # a role that may only read: the login lasts until the server stops
            log.warning("the session of %s is kept in memory only: %s", user, exc)

    def load_session(sid: str) -> str | None:
        try:
            return frames.call(lambda s: stored_sessions.reviewer(s, sid))
        except StorageError as exc:
            log.warning("sessions cannot be read from the store: %s", exc)
            return None

    def may_log_in(user: str) -> bool:
        """A session read back after a restart: its account must still exist (with a token, any name)."""
        return settings.token is not None or not settings.accounts or user in settings.accounts

    sessions = Sessions(save_session, load_session, may_log_in)
    reviews = Reviews(store, two_person=settings.two_person)
    failures: dict[str, list[float]] = {}  # failed logins per client address (monotonic times)
    gazetteer_lock = threading.Lock()  # one writer of the user gazetteer at a time

    def who(request: Request) -> str:
        user = str(request.scope.get("state", {}).get("user", ""))
        return settings.reviewer if user in ("", "local") else user

    def reviewed(frame: Any, status: Sequence[str]) -> Any:
        return frames.call(lambda s: reviews.filter_frame(frame, tuple(status))) if status else frame
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    api = FastAPI(title="geotrack workspace", version="1",
                  description="Sites, evidence, documents and sources of a geotrack store.",
                  docs_url=None, redoc_url=None)
    api.mount("/static/web", StaticFiles(directory=HERE / "static"), name="web-static")
    api.mount("/static/leaflet", StaticFiles(directory=LEAFLET_DIR), name="leaflet")

    def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        html = env.get_template(template).render(csrf=request.scope.get("state", {}).get("csrf", ""),
                                                 user=request.scope.get("state", {}).get("user", ""), **context)
        return HTMLResponse(html, status_code=status)

    # -- pages ---------------------------------------------------------------------------------------
    @api.get("/", response_class=HTMLResponse, include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        return page(request, "map.html", title="Map")

    @api.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return page(request, "login.html", title="Log in")

    @api.get("/sites/{site_id}", response_class=HTMLResponse, include_in_schema=False)
    def site_page(request: Request, site_id: str) -> HTMLResponse:
        info = site_detail(site_id)
        for e in info["evidence"]:
            e["html"] = Markup(data.sentence_html(e["sentence"], e["mark_start"], e["mark_end"]))
        top = max((w["documents"] for w in info["weekly"]), default=1)
        return page(request, "site.html", title=info["site"]["name"], info=info, top=top)

    @api.get("/documents/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: int) -> HTMLResponse:
        info = document_detail(document_id)
        return page(request, "document.html", title=info["title"] or f"document {document_id}", info=info,
                    text_html=Markup(info.pop("text_html")))

    @api.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request) -> HTMLResponse:
        from geotrack.gazetteer import KINDS

        return page(request, "review.html", title="Review", reviewer=who(request), two_person=settings.two_person,
                    kinds=sorted(KINDS))

    @api.get("/audit", response_class=HTMLResponse, include_in_schema=False)
    def audit_page(request: Request) -> HTMLResponse:
        return page(request, "audit.html", title="Audit log", entries=audit(limit=500))

    @api.get("/rules", response_class=HTMLResponse, include_in_schema=False)
    def rules_page(request: Request) -> HTMLResponse:
        return page(request, "rules.html", title="Rules", rules=rules_list(),
                    file=str(settings.user_gazetteer or rules.user_file()))

    @api.get("/sources", response_class=HTMLResponse, include_in_schema=False)
    def sources_page(request: Request) -> HTMLResponse:
        rows = sources()
        for r in rows:  # the outlet's stored name, for the grade call: an attribute never shown
            r["name_attr"] = Markup(escape.html_attr(r["name"]))
        return page(request, "sources.html", title="Sources", sources=rows)

    # -- API -----------------------------------------------------------------------------------------
    @api.get("/api/csrf", tags=["session"])
    def csrf(request: Request) -> dict[str, str]:
        """The CSRF token to send as ``X-CSRF-Token`` with every change (its cookie comes with it)."""
        return {"token": request.scope.get("state", {}).get("csrf", "")}

    @api.post("/api/login", tags=["session"])
    def login(body: Login, request: Request, response: Response) -> dict[str, Any]:
        """Start a session (its cookie comes with the answer): a reviewer account's name and password, or
        the workspace's token and a name for the audit log. After :data:`LOGIN_FAILURES` failures from one
        address in :data:`LOGIN_WINDOW_S` seconds, that address waits (429)."""
        client = str((request.client.host if request.client else "") or "")
        now = time.monotonic()
        recent = [t for t in failures.get(client, []) if now - t < LOGIN_WINDOW_S]
        failures[client] = recent
        if len(recent) >= LOGIN_FAILURES:
            raise HTTPException(status_code=429, detail=f"{len(recent)} failed logins from {client}: wait"
                                f" {int(LOGIN_WINDOW_S - (now - recent[0])) + 1} s")
        name = " ".join(body.name.split())
        user = ""
        if settings.accounts and body.password:
            user = name if accounts.verify(settings.accounts, name, body.password) else ""
        elif settings.token is not None and same(body.token, settings.token):
            user = name or "token"
        if not user:
            recent.append(now)
            raise HTTPException(status_code=401, detail="wrong name or password" if settings.accounts and not body.token
                                else "wrong token")
        failures.pop(client, None)
        response.headers["set-cookie"] = session_cookie(sessions.start(user), settings.secure_cookies)
        return {"ok": True, "reviewer": user}

    @api.get("/api/filters", tags=["map"])
    def filters() -> dict[str, Any]:
        """What the filters of the map can take: sources, actors, kinds and the date range stored."""
        return frames.memo("filters", _filters_now)

    def _filters_now() -> dict[str, Any]:
        choices = frames.call(lambda s: s.filter_choices())
        return {"sources": sorted(escape.display(s, escape.UNNAMED_SOURCE) for s in choices["sources"]),
                "source_values": choices["sources"], "actors": choices["actors"], "kinds": choices["kinds"],
                "first": data.iso(choices["first"]), "last": data.iso(choices["last"]),
                "mentions": choices["mentions"]}

    @api.get("/api/sites", tags=["map"])
    def sites(since: Since = None, until: Until = None, source: Sources = [],  # noqa: B006
              actor: Actors = [], kind: Kinds = [], min_confidence: MinConfidence = 0.0,  # noqa: B006
              status: Status = []) -> dict[str, Any]:  # noqa: B006
        """Sites named by the filtered mentions (counts, first/last seen) and the approximate positions."""
        flt = data.make_filter(**_filters(since, until, source, actor, kind, min_confidence))

        def answer() -> dict[str, Any]:
            if status:  # decisions are joined to the mentions they name: read them, count here
                frame = reviewed(frames.call(lambda s: data.mentions(s, flt, text=False)), status)
                summary = data.site_summary(frame)
            else:  # counted by the store
                summary = frames.call(lambda s: s.site_counts(flt))
            relative = frames.call(lambda s: s.relative_frame(flt))
            return {"filter": flt.describe(), "mentions": int(summary["mentions"].sum()),
                    "sites": data.site_records(summary), "relative": data.relative_records(relative)}

        if flt == data.make_filter() and not status:  # the map as it opens, cached
            return frames.memo("sites", answer)
        return answer()

    @api.get("/api/sites/{site_id}/evidence", tags=["map"])
    def evidence(site_id: str, since: Since = None, until: Until = None, source: Sources = [],  # noqa: B006
                 actor: Actors = [], kind: Kinds = [], min_confidence: MinConfidence = 0.0,  # noqa: B006
                 status: Status = [], limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> dict[str, Any]:  # noqa: B006
        """The evidence sentences of one site under the map's filters, oldest first, with their review."""
        flt = data.make_filter(sites=[site_id], **_filters(since, until, source, actor, kind, min_confidence))
        frame = frames.call(lambda s: reviews.with_status(data.mentions(s, flt)))
        if status:
            frame = frame[frame["review_status"].isin(status)]
        return {"site_id": site_id, "mentions": len(frame), "evidence": data.evidence_records(frame, limit)}

    @api.get("/api/sites/{site_id}", tags=["sites"])
    def site_detail(site_id: str) -> dict[str, Any]:
        """One site: counts, first/last seen, actors, weekly documents and independent sources, every
        evidence sentence, and the approximate positions anchored on it."""
        frame = frames.call(lambda s: reviews.with_status(s.mentions_frame(data.make_filter(sites=[site_id]))))
        if frame.empty:
            raise HTTPException(status_code=404, detail=f"no mention of site {site_id!r} is stored")
        relative = frames.call(lambda s: s.relative_frame(data.make_filter(sites=[site_id])))
        return {"site": data.site_records(data.site_summary(frame))[0], "weekly": data.weekly(frame),
                "evidence": data.evidence_records(frame, settings.evidence_limit),
                "relative": data.relative_records(relative)}

    @api.get("/api/documents/{document_id}", tags=["documents"])
    def document_detail(document_id: int) -> dict[str, Any]:
        """One document: its text with every mention, candidate and relative position highlighted."""
        doc = frames.call(lambda s: s.document(document_id)) if 0 <= document_id < 2**63 else None
        if doc is None:
            raise HTTPException(status_code=404, detail=f"no document {document_id} is stored")
        only = data.make_filter(documents=[document_id])  # its own rows, not every mention of the store
        mentions, cands, rel = frames.call(lambda s: (s.mentions_frame(only), s.candidates_frame(only),
                                                      s.relative_frame(only)))
        spans = [(int(r.start), int(r.end), "mention", f"{r.site_name} ({r.rule}, {r.confidence:.2f})")
                 for r in mentions.itertuples(index=False)]
        spans += [(int(r.start), int(r.end), "candidate", f"candidate: {r.name}") for r in cands.itertuples(index=False)]
        spans += [(int(r.start), int(r.end), "relative", f"≈ {r.distance_km:g} km {r.direction} of {r.anchor_name}")
                  for r in rel.itertuples(index=False)]
        return {"document_id": document_id, "input_id": doc.id, "source": escape.display(doc.source, escape.UNNAMED_SOURCE),
                "title": doc.title, "url": escape.safe_url(doc.url), "published": doc.published, "lang": doc.lang,
                "mentions": data.evidence_records(mentions),
                "candidates": [{"name": str(r.name), "surface": str(r.surface), "start": int(r.start), "end": int(r.end)}
                               for r in cands.itertuples(index=False)],
                "relative": data.relative_records(rel), "text_html": data.highlighted_text(doc.text, spans)}

    @api.get("/api/sources", tags=["sources"])
    def sources() -> list[dict[str, Any]]:
        """Per outlet: its Admiralty reliability, documents, syndicated copies (and their share), mentions,
        first and last date, and its first reports (the sites it named before any other outlet)."""
        frame = frames.call(lambda s: s.sources_frame())
        grades = frames.call(lambda s: reviews.grades())
        firsts = frames.memo("first_reports", lambda: data.first_reports(frames.whole("map")))
        return [{"source": escape.display(r.source, escape.UNNAMED_SOURCE), "name": str(r.source),
                 "reliability": grades.get(str(r.source)), "domain": str(r.domain),
                 "documents": int(r.documents), "syndicated": int(r.syndicated),
                 "syndicated_share": round(int(r.syndicated) / int(r.documents), 3) if int(r.documents) else 0.0,
                 "mentions": int(r.mentions), "first_published": r.first_published or None,
                 "last_published": r.last_published or None,
                 "first_reports": firsts.get(str(r.source), [])} for r in frame.itertuples(index=False)]

    @api.post("/api/sources/grade", tags=["sources"])
    def grade(body: GradeIn, request: Request) -> dict[str, str]:
        """Grade an outlet on the Admiralty reliability scale: A completely reliable, B usually reliable,
        C fairly reliable, D not usually reliable, E unreliable, F cannot be judged (audited)."""
        frames.call(lambda s: reviews.grade_source(body.source, body.reliability, reviewer=who(request)))
        return {"source": body.source, "reliability": body.reliability}

    # -- review --------------------------------------------------------------------------------------
    @api.get("/api/review/queue", tags=["review"])
    def review_queue(request: Request, limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
        """The mentions waiting for this reviewer, most needed first (low confidence, ambiguous rule,
        first mention of a site, a site's only source), each with its need, reasons and version."""
        whole = frames.whole("mentions")
        waiting = queue.queue(frames.call(lambda s: reviews.with_status(whole)), who(request))
        return {"reviewer": who(request), "two_person": settings.two_person, "waiting": len(waiting),
                "items": data.evidence_records(waiting.head(limit), ordered=True)}

    @api.post("/api/review/decisions", tags=["review"])
    def decide(body: DecisionIn, request: Request) -> dict[str, Any]:
        """Confirm, reject (with a reason) or reset one mention. ``expected_version`` guards against a
        decision made meanwhile by someone else: 409, and that decision is kept."""
        key = (body.document_id, body.start, body.end, body.site_id)
        ours = frames.call(lambda s: s.mentions_frame(data.make_filter(documents=[key[0]], sites=[key[3]])))
        found = ours[(ours["start"] == key[1]) & (ours["end"] == key[2])]
        if found.empty:
            raise HTTPException(status_code=404, detail=f"no stored mention {list(key)!r}")
        cue = " ".join(body.rule_cue.split())
        if cue and body.status != "rejected":
            raise HTTPException(status_code=422, detail=f"a rule comes with a rejection, not with {body.status!r}")
        if cue:
            doc = frames.call(lambda s: s.document(key[0]))
            if doc is None:
                raise HTTPException(status_code=404, detail=f"no document {key[0]} is stored")
            rules.check(doc, key, cue, rules.gazetteer_of(settings.user_gazetteer), extractors)
        try:
            decision = frames.call(lambda s: reviews.decide(key, body.status, reviewer=who(request), reason=body.reason,
                                                            expected_version=body.expected_version))
        except ReviewConflictError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
        answer = decision.as_dict()
        if cue:
            answer["rule"] = make_rule(key, cue, str(found["surface"].iloc[0]), str(found["sentence"].iloc[0]),
                                       body.reason, who(request))
        return answer

    def make_rule(key: tuple[int, int, int, str], cue: str, surface: str, sentence: str, reason: str,
                  reviewer: str) -> dict[str, Any]:
        from geotrack.gazetteer.user import add_negative_cue

        with gazetteer_lock:
            done = add_negative_cue(key[3], cue, path=settings.user_gazetteer)
        after = {"site_id": key[3], "cue": cue, "surface": surface, "sentence": sentence, "document_id": key[0],
                 "start": key[1], "end": key[2], "reason": reason, "file": str(done.path), "how": done.how}
        if done.how != "unchanged":
            frames.call(lambda s: reviews.record(reviewer, rules.ADDED, [key[3], cue], None, after))
        return after

    def take_back(site_id: str, cue: str, reviewer: str) -> bool:
        from geotrack.gazetteer.user import remove_negative_cue

        before = next((r for r in rules_list() if r["site_id"] == site_id and r["cue"] == cue), None)
        with gazetteer_lock:
            removed = remove_negative_cue(site_id, cue, path=settings.user_gazetteer)
        if removed:
            frames.call(lambda s: reviews.record(reviewer, rules.REMOVED, [site_id, cue], before, None))
        return removed

    @api.post("/api/review/undo", tags=["review"])
    def undo(request: Request) -> dict[str, Any]:
        """Undo this reviewer's latest decision not undone yet (``undone``: null when there is none;
        409 when someone changed that mention since)."""
        try:
            restored = frames.call(lambda s: reviews.undo(who(request)))
        except ReviewConflictError as exc:
            raise HTTPException(status_code=409, detail=str(exc)) from None
        if restored is None:
            return {"undone": None, "rules_removed": []}
        # the rules this reviewer made from that rejection go with it
        made = frames.call(lambda s: reviews.audit(5000, what=(rules.ADDED,)))
        mine = {(str(e["target"][0]), str(e["target"][1])) for e in made if e["who"] == who(request)
                and isinstance(e["after"], dict) and [e["after"].get(k) for k in ("document_id", "start", "end", "site_id")]
                == [restored.document_id, restored.start, restored.end, restored.site_id]}
        removed = [{"site_id": site_id, "cue": cue} for site_id, cue in sorted(mine)
                   if restored.status != "rejected" and take_back(site_id, cue, who(request))]
        return {"undone": restored.as_dict(), "rules_removed": removed}

    @api.get("/api/review/audit", tags=["review"])
    def audit(limit: Annotated[int, Query(ge=1, le=5000)] = 100) -> list[dict[str, Any]]:
        """Every change, newest first: who, when, what, the target, before and after."""
        return frames.call(lambda s: reviews.audit(limit))

    # -- rules ---------------------------------------------------------------------------------------
    @api.get("/api/rules", tags=["review"])
    def rules_list() -> list[dict[str, Any]]:
        """The rules made from rejections and in force: negative cues that the user gazetteer adds to a
        site, each with who made it, when, the reason and the mention it came from."""
        audit_entries = frames.call(lambda s: reviews.audit(5000, what=(rules.ADDED,)))
        return rules.listing(settings.user_gazetteer, audit_entries, rules.gazetteer_of(settings.user_gazetteer))

    @api.post("/api/rules/remove", tags=["review"])
    def rule_remove(body: RuleIn, request: Request) -> dict[str, Any]:
        """Take a rule back (audited): the next ``reextract`` finds those mentions again. 404 when the user
        gazetteer holds no such rule."""
        if not take_back(body.site_id, " ".join(body.cue.split()), who(request)):
            raise HTTPException(status_code=404, detail=f"no rule {body.cue!r} of site {body.site_id!r} in the user gazetteer")
        return {"site_id": body.site_id, "cue": body.cue, "removed": True}

    # -- candidates ----------------------------------------------------------------------------------
    @api.get("/api/candidates", tags=["candidates"])
    def candidates(limit: Annotated[int, Query(ge=1, le=1000)] = 100) -> list[dict[str, Any]]:
        """Places the gazetteer lacks, most widely reported first, with the known site they may spell."""
        from geotrack.candidates import summarise
        from geotrack.gazetteer import default_gazetteer

        summary = summarise(frames.whole("candidates"), default_gazetteer()).head(limit)
        return [{"name_key": str(r.name_key), "name": str(r.name), "mentions": int(r.mentions),
                 "documents": int(r.documents), "sources": int(r.sources), "spellings": list(r.spellings),
                 "first_seen": data.iso(r.first_seen), "last_seen": data.iso(r.last_seen),
                 "likely_site": str(r.likely_site or ""), "example_sentence": str(r.example_sentence),
                 "example_url": escape.safe_url(r.example_url)} for r in summary.itertuples(index=False)]

    def _spellings(name_key: str) -> list[str]:
        from geotrack.candidates import candidate_spellings
        from geotrack.gazetteer import default_gazetteer

        return candidate_spellings(frames.whole("candidates"), name_key, default_gazetteer())

    @api.post("/api/candidates/accept", tags=["candidates"])
    def accept(body: AcceptIn, request: Request) -> dict[str, Any]:
        """Add the candidate as a new site of the user gazetteer (audited); ``geotrack reextract`` then
        finds it in the stored documents."""
        from geotrack.gazetteer import KINDS
        from geotrack.gazetteer.user import Coordinates, add_site, new_site, split_spellings
        from geotrack.geocode import geocoded_coordinates

        if body.kind not in KINDS:
            raise HTTPException(status_code=422, detail=f"kind {body.kind!r} is not one of {', '.join(sorted(KINDS))}")
        clicked = body.lat is not None and body.lon is not None
        if clicked == body.geocode or (body.lat is None) != (body.lon is None):
            raise HTTPException(status_code=422, detail="give lat and lon (a click on the map) or geocode, one of the two")
        spellings = _spellings(body.name_key)
        latin, arabic = split_spellings(spellings)
        en, ar = " ".join(body.name_en.split()) or latin, " ".join(body.name_ar.split()) or arabic
        if not en or not ar:
            missing = "English" if not en else "Arabic"
            raise HTTPException(status_code=422, detail=f"candidate {body.name_key!r} has no {missing} spelling:"
                                f" give the site's {missing} name")
        coords = (Coordinates(float(body.lat), float(body.lon), "user:map-click", "coordinates from a click on the map")  # type: ignore[arg-type]
                  if clicked else geocoded_coordinates([en, ar, *spellings]))
        site = new_site(body.site_id, body.kind, en, ar, coords, spellings, notes=coords.note)
        path = add_site(site, path=settings.user_gazetteer)
        after = {"site_id": site.id, "name_en": site.name_en, "name_ar": site.name_ar, "lat": site.lat,
                 "lon": site.lon, "coord_source": site.coord_source, "variants": list(site.variants)}
        frames.call(lambda s: reviews.record(who(request), "candidate-site", body.name_key, None, after))
        return {**after, "file": str(path)}

    @api.post("/api/candidates/variant", tags=["candidates"])
    def variant(body: VariantIn, request: Request) -> dict[str, Any]:
        """Add the candidate's spellings to a known site of the gazetteer (audited)."""
        from geotrack.gazetteer.user import add_variants

        done = add_variants(body.site_id, _spellings(body.name_key), path=settings.user_gazetteer)
        after = {"site_id": body.site_id, "added": list(done.added), "how": done.how}
        frames.call(lambda s: reviews.record(who(request), "candidate-variant", body.name_key, None, after))
        return after

    @api.get("/api/basemap", tags=["map"], include_in_schema=False)
    def basemap() -> FileResponse:
        return FileResponse(basemap_path(), media_type="application/geo+json")

    @api.exception_handler(GeocodingError)
    def _not_geocoded(request: Request, exc: GeocodingError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @api.exception_handler(StorageError)
    def _storage(request: Request, exc: StorageError) -> JSONResponse:
        log.warning("store error: %s", exc)
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @api.exception_handler(ValueError)
    def _bad_value(request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    if settings.warm:  # what the map page asks first: its filters and every site
        threading.Thread(target=lambda: (filters(), sites()), name="geotrack-web-warm", daemon=True).start()
    return Guard(api, token=settings.token, sessions=sessions, max_body=settings.max_body,
                 secure_cookies=settings.secure_cookies, accounts=bool(settings.accounts))


def openapi_of(app: Any) -> dict[str, Any]:
    """The OpenAPI description of an application made by :func:`create_app`."""
    return dict(app.app.openapi())


__all__ = ["WebSettings", "create_app", "openapi_of"]
