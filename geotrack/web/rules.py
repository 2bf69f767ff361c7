"""A rejection made a rule: a negative cue of the user gazetteer (:func:`geotrack.gazetteer.user.add_negative_cue`).

The rule has one home, the site's ``negative_cues`` in the user gazetteer, and one matcher, the
extractor's: a negative cue near one of the site's spellings that need context drops that mention at the
next ``ingest`` or ``reextract``, exactly as the cues of the shipped rows do. Before a rule is written,
the extractor is run on the mention's document with and without the cue (:func:`check`), so a rule that
would not stop the rejected mention is refused with the reason. Who made a rule and when is in the audit
log (``negative-cue``; ``negative-cue-removed`` when taken back).

Building an extractor takes seconds (its automaton over every spelling), so the workspace keeps the ones
it built in :class:`Extractors`, by the content they are built from: a second check over the same
gazetteer reuses its extractor, and an edit of the gazetteer or a new rule is new content, hence a new one.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geotrack.errors import GeotrackError
from geotrack.gazetteer import Gazetteer
from geotrack.gazetteer.user import load_with, negative_cues_added, user_file, with_negative_cue
from geotrack.models import Document

if TYPE_CHECKING:
    from geotrack.extract import Extractor

log = logging.getLogger("geotrack.web")

#: Audit entries of rules.
ADDED, REMOVED = "negative-cue", "negative-cue-removed"
#: Rules of spellings that need no context: a negative cue never applies to them.
PLAIN_RULES = ("gazetteer", "generated", "bulk")


class RuleError(GeotrackError, ValueError):
    """A rule that cannot be made (the reason says why)."""


def gazetteer_of(path: Path | None) -> Gazetteer:
    """The gazetteer extraction uses, with the user file ``path`` (default: the settings' one)."""
    return load_with(path if path is not None else user_file())


class Extractors:
    """The extractors the workspace has built, by what determines them: the gazetteer's content (its
    sites, field for field and in order, and its shared-spelling rules) and the context data (the process's
    default, by identity).

    At most ``size`` are kept, the least recently used dropped first (one extractor over the shipped
    gazetteer holds about 0.45 GB). Thread-safe: an extractor is built once, under the cache's lock, while
    other requests for one wait. ``builds`` counts the extractors the cache made for content it did not
    hold."""

    def __init__(self, size: int = 2) -> None:
        if size < 1:
            msg = f"an extractor cache holds at least one extractor, not size={size!r}"
            raise ValueError(msg)
        self.size = size
        self.builds = 0
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[object, ...], Extractor] = OrderedDict()

    def of(self, gazetteer: Gazetteer) -> Extractor:
        """The extractor of ``gazetteer`` with the default context: a kept one built from the same content,
        else a new one (built now, and kept)."""
        from geotrack.context import default_context
        from geotrack.extract import extractor_for

        context = default_context()
        key = (tuple(gazetteer), tuple(sorted(gazetteer.rules.items())), id(context))
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None and kept.context is context:  # the id of a context still alive: the same one
                self._kept.move_to_end(key)
                return kept
            log.info("building the extractor of a gazetteer of %d sites for rule checks", len(gazetteer))
            extractor = extractor_for(gazetteer)
            extractor.matcher  # noqa: B018  (built now, under the lock: once, whoever asks meanwhile)
            self.builds += 1
            self._kept[key] = extractor
            while len(self._kept) > self.size:
                self._kept.popitem(last=False)
            return extractor


def check(doc: Document, key: tuple[int, int, int, str], cue: str, gazetteer: Gazetteer,
          extractors: Extractors | None = None) -> str:
    """Refuse (:class:`RuleError`) a negative ``cue`` that would not stop the mention ``key`` of ``doc``;
    returns the rule the extractor gives that mention today. The extractors come from ``extractors``
    (default: a cache of this call only)."""
    from geotrack.extract.matcher import NEAR

    extractors = extractors if extractors is not None else Extractors()
    _, start, end, site_id = key
    today = [m for m in extractors.of(gazetteer).extract(doc.text) if (m.start, m.end, m.site_id) == (start, end, site_id)]
    if not today:
        msg = (f"today's gazetteer no longer finds this mention of {site_id!r}: nothing for a rule to stop;"
               " reject it without one")
        raise RuleError(msg)
    rule = today[0].rule
    if rule in PLAIN_RULES:
        msg = (f"{today[0].surface!r} is a spelling of {site_id!r} that needs no context (rule {rule!r}): a negative"
               " cue does not apply to it; reject it without a rule, or move the spelling to variants_doc in the"
               " gazetteer")
        raise RuleError(msg)
    after = extractors.of(with_negative_cue(gazetteer, site_id, cue)).extract(doc.text)
    if any((m.start, m.end, m.site_id) == (start, end, site_id) for m in after):
        msg = (f"negative cue {cue!r} would not stop this mention of {site_id!r}: it counts as a whole word within"
               f" {NEAR} characters of the name, in its sentence; pick a word of the sentence near it")
        raise RuleError(msg)
    return rule


def listing(path: Path | None, audit: list[dict[str, Any]], gazetteer: Gazetteer) -> list[dict[str, Any]]:
    """The rules in force (negative cues the user file adds), each with who made it, when, why and from
    which mention when the audit log knows (``audit``: its ``negative-cue`` entries, newest first)."""
    made: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in audit:
        if entry["what"] == ADDED and isinstance(entry["target"], list) and len(entry["target"]) == 2:
            made.setdefault((str(entry["target"][0]), str(entry["target"][1])), entry)
    out = []
    for rule in negative_cues_added(path if path is not None else user_file()):
        made_by = made.get((rule.site_id, rule.cue))
        after: dict[str, Any] = {}
        if made_by is not None and isinstance(made_by["after"], dict):
            after = made_by["after"]
        out.append({"site_id": rule.site_id,
                    "site_name": gazetteer.get(rule.site_id).name_en if rule.site_id in gazetteer else rule.site_id,
                    "cue": rule.cue, "made_by": made_by["who"] if made_by else None,
                    "made_at": made_by["at"] if made_by else None,
                    "reason": str(after.get("reason", "")), "surface": str(after.get("surface", "")),
                    "sentence": str(after.get("sentence", "")), "document_id": after.get("document_id")})
    return out


__all__ = ["ADDED", "PLAIN_RULES", "REMOVED", "Extractors", "RuleError", "check", "gazetteer_of", "listing"]
