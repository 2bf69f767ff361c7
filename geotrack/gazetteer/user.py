"""The user gazetteer: sites an analyst adds (``geotrack gazetteer add``) without editing the shipped files.

The user file (``settings.user_gazetteer``, ``GEOTRACK_USER_GAZETTEER``) has the columns of the shipped
CSV files and is loaded above the curated layer by :meth:`Gazetteer.load` whenever it exists. A new row
is validated like ``geotrack gazetteer validate`` before it is written: the id is a slug not used by
any layer (unless ``override`` replaces a shipped row deliberately), the kind is known, the point is
inside Libya, ``coord_source`` is ``user:<how>`` (``user:given`` for typed coordinates,
``user:geocoded:<provider>`` for geocoded ones; never invented), and no spelling is already a name of
another site (the spellings of a discovery candidate, :func:`geotrack.candidates.candidate_spellings`, can
become its names and variants). :func:`add_variants` adds spellings to a site that exists, copying a
shipped row with its own coordinates when needed. ``geotrack reextract`` then applies the changes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geotrack.errors import GazetteerError
from geotrack.gazetteer import (
    COLUMNS,
    REQUIRED,
    Gazetteer,
    Problem,
    _read_rows,
    site_spellings,
    spelling_key,
    split_list,
)
from geotrack.models import Site
from geotrack.settings import Settings, get_settings
from geotrack.text.arabic import is_arabic


@dataclass(frozen=True)
class Coordinates:
    """A point with where it comes from (``coord_source``) and a note for the row's ``notes``."""

    lat: float
    lon: float
    coord_source: str
    note: str = ""


def given(lat: float, lon: float) -> Coordinates:
    """Coordinates typed by the analyst: ``coord_source = "user:given"``."""
    return Coordinates(lat, lon, "user:given")


def split_spellings(spellings: Iterable[str]) -> tuple[str, str]:
    """The first Latin-script and the first Arabic-script spelling (``""`` when there is none)."""
    latin = arabic = ""
    for s in spellings:
        if is_arabic(s):
            arabic = arabic or s
        else:
            latin = latin or s
    return latin, arabic


def new_site(site_id: str, kind: str, name_en: str, name_ar: str, coords: Coordinates,
             variants: Iterable[str] = (), *, parent: str = "", notes: str = "") -> Site:
    """The :class:`Site` of a user row (``variants`` without the names themselves, in order, once)."""
    names = {spelling_key(name_en), spelling_key(name_ar)}
    kept: list[str] = []
    for v in variants:
        v = v.strip()
        if v and spelling_key(v) not in names and v not in kept:
            kept.append(v)
    note = "; ".join(n for n in (notes.strip(), coords.note) if n)
    return Site(id=site_id.strip(), kind=kind.strip(), name_en=name_en.strip(), name_ar=name_ar.strip(),
                lat=coords.lat, lon=coords.lon, coord_source=coords.coord_source, layer="user", parent=parent.strip(),
                variants=tuple(kept), notes=note)


def user_file(settings: Settings | None = None) -> Path:
    """The default user gazetteer file (``GEOTRACK_USER_GAZETTEER``)."""
    return (settings if settings is not None else get_settings()).user_gazetteer


def load_with(path: Path, settings: Settings | None = None) -> Gazetteer:
    """The gazetteer as :meth:`Gazetteer.load` gives it, with the user file ``path`` loaded too."""
    settings = settings if settings is not None else get_settings()
    gaz = Gazetteer.load(settings=settings)
    if not path.is_file() or any(f.resolve() == path.resolve() for f in gaz.files):
        return gaz
    extra = [*settings.gazetteer_extra]
    if settings.user_gazetteer.is_file():
        extra.append(settings.user_gazetteer)
    return Gazetteer.load(extra=[*extra, path], settings=settings)


def check_site(site: Site, gazetteer: Gazetteer, path: Path, *, override: bool = False) -> list[Problem]:
    """Every problem of ``site`` as a new row of the user file ``path``, over ``gazetteer`` (which holds
    the user file as it is): the checks of ``geotrack gazetteer validate``, and more."""
    origin = f"{path.name}:{_next_line(path)}"
    site = Site(**{**site.to_dict(), "origin": origin})
    problems: list[Problem] = []
    if not site.coord_source.startswith("user:"):
        problems.append(Problem(origin, "coord_source", f"{site.coord_source!r} must start with 'user:'"))
    for col in ("name_en", "name_ar"):
        if not getattr(site, col):
            problems.append(Problem(origin, col, f"is empty; pass --{col.replace('_', '-')}"))
    if site.id in gazetteer:
        old = gazetteer.get(site.id)
        if old.layer == "user" and path.is_file() and old.origin.startswith(f"{path.name}:"):
            problems.append(Problem(origin, "id", f"{site.id!r} is already in {str(path)!r} ({old.origin}); "
                                                  "edit that row or choose another id"))
        elif not override:
            problems.append(Problem(origin, "id", f"{site.id!r} is already a {old.layer} site ({old.origin}); choose "
                                                  "another id, or pass --override to replace it deliberately"))
    claims = gazetteer.claims()
    for key in site_spellings(site):
        others = sorted({s.id for s, _ in claims.get(key, []) if s.id != site.id})
        if others:
            problems.append(Problem(origin, "variants", f"spelling {key!r} already means {', '.join(others)}; "
                                                        "drop it, or it would take that site's mentions"))
    merged = Gazetteer([*gazetteer, site], gazetteer.rules)
    problems.extend(p for p in merged.validate() if p.origin == origin and p.field != "variants")
    return problems


def _row(site: Site) -> dict[str, str]:
    """The CSV row of ``site``: every column of the gazetteer format."""
    row = {col: "" for col in COLUMNS}
    row.update({"id": site.id, "kind": site.kind, "name_en": site.name_en, "name_ar": site.name_ar,
                "lat": f"{site.lat:.6f}", "lon": f"{site.lon:.6f}", "coord_source": site.coord_source,
                "parent": site.parent, "notes": site.notes})
    for col in ("variants", "variants_doc", "variants_local", "variants_strict", "negative_cues"):
        row[col] = "|".join(getattr(site, col))
    return row


def append_site(path: Path, site: Site) -> None:
    """Append ``site`` as a row of ``path``, creating the file (and its folder) with the header."""
    row = _row(site)
    try:
        if path.is_file() and path.stat().st_size:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                header = next(csv.reader(fh), [])
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                msg = f"{str(path)!r} is not a gazetteer CSV (no column {', '.join(missing)}); give another file"
                raise GazetteerError(msg, field="file", value=str(path))
            lost = [c for c in COLUMNS if row[c] and c not in header]
            if lost:
                msg = f"{str(path)!r} has no column {', '.join(lost)}; add it to the header line"
                raise GazetteerError(msg)
            needs_newline = not path.read_bytes().endswith(b"\n")
            with path.open("a", encoding="utf-8", newline="") as fh:
                if needs_newline:
                    fh.write("\n")
                csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n").writerow(row)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8", newline="") as fh:
                writer = csv.DictWriter(fh, fieldnames=list(COLUMNS), lineterminator="\n")
                writer.writeheader()
                writer.writerow(row)
    except OSError as exc:
        msg = f"cannot write the user gazetteer {str(path)!r}: {exc.strerror or exc}"
        raise GazetteerError(msg) from exc


def add_site(site: Site, *, path: Path | None = None, override: bool = False,
             gazetteer: Gazetteer | None = None) -> Path:
    """Validate ``site`` and append it to the user gazetteer ``path`` (default: ``settings.user_gazetteer``);
    returns the file. Problems: a :class:`GazetteerError` listing them, and nothing is written."""
    target = path if path is not None else user_file()
    gaz = gazetteer if gazetteer is not None else load_with(target)
    problems = check_site(site, gaz, target, override=override)
    if problems:
        msg = f"not added to {str(target)!r}: " + "; ".join(f"{p.field}: {p.message}" for p in problems)
        raise GazetteerError(msg)
    append_site(target, site)
    from geotrack.gazetteer import reset_default_gazetteer

    reset_default_gazetteer()
    return target


@dataclass(frozen=True)
class VariantsAdded:
    """What :func:`add_variants` did: the file, the site as it is now, the spellings added, and how the
    row was written (``"updated"``: the site's own row in the user file; ``"copied"``: a copy of a shipped
    row, with its coordinates and their source, now overriding it)."""

    path: Path
    site: Site
    added: tuple[str, ...]
    how: str


def add_variants(site_id: str, spellings: Iterable[str], *, path: Path | None = None,
                 gazetteer: Gazetteer | None = None) -> VariantsAdded:
    """Add ``spellings`` to the ``variants`` of the site ``site_id`` in the user gazetteer ``path`` (default:
    ``settings.user_gazetteer``), so that the matcher finds them as that site.

    A site of the user file has its row updated in place; a shipped site (curated or bulk) is copied into
    the user file, coordinates and ``coord_source`` included (never new coordinates), with the spellings
    added: the copy overrides the shipped row from then on. Spellings the site already has are skipped
    (none left: nothing is written). A spelling that is a name of another site, or a site defined in
    another user file, is a :class:`GazetteerError` and nothing is written."""
    target = path if path is not None else user_file()
    gaz = gazetteer if gazetteer is not None else load_with(target)
    site = gaz.get(site_id)
    own = site_spellings(site)
    added: list[str] = []
    for s in spellings:
        s = " ".join(s.split())
        key = spelling_key(s)
        if key and key not in own:
            own[key] = "variants"
            added.append(s)
    if not added:
        return VariantsAdded(target, site, (), "unchanged")
    problems: list[str] = []
    claims = gaz.claims()
    for s in added:
        others = sorted({c.id for c, _ in claims.get(spelling_key(s), []) if c.id != site.id})
        if others:
            problems.append(f"spelling {s!r} already means {', '.join(others)}")
    in_target = _in_file(site, target)
    if site.layer == "user" and not in_target:
        problems.append(f"{site.id!r} is defined in the user file row {site.origin}, not in {str(target)!r}; "
                        "add the spellings to that row")
    if problems:
        msg = f"no spelling added to {site.id!r} in {str(target)!r}: " + "; ".join(problems)
        raise GazetteerError(msg)
    updated, how = _save(site, target, "with added variants", variants=(*site.variants, *added))
    return VariantsAdded(target, updated, tuple(added), how)


def _in_file(site: Site, path: Path) -> bool:
    """Is ``site`` a row of the user file ``path``?"""
    return site.layer == "user" and path.is_file() and site.origin.startswith(f"{path.name}:")


def _save(site: Site, target: Path, why: str, **changes: object) -> tuple[Site, str]:
    """Write ``site`` with ``changes`` to the user file ``target``: its own row updated in place
    (``"updated"``), or a copy of the shipped row, coordinates and their source included, appended
    (``"copied"``; it overrides the shipped row from then on). The default gazetteer is reloaded."""
    in_target = _in_file(site, target)
    note = site.notes
    if not in_target:
        note = "; ".join(n for n in (site.notes, f"copy of the {site.layer} row {site.origin} {why}") if n)
    updated = Site(**{**site.to_dict(), **changes, "layer": "user", "notes": note, "origin": ""})
    if in_target:
        _replace_row(target, updated)
    else:
        append_site(target, updated)
    from geotrack.gazetteer import reset_default_gazetteer

    reset_default_gazetteer()
    return updated, "updated" if in_target else "copied"


@dataclass(frozen=True)
class NegativeCue:
    """A negative cue that the user gazetteer adds to a site (a word that, near one of the site's
    spellings that need context, means another place or thing: such a mention is dropped)."""

    site_id: str
    cue: str


def with_negative_cue(gazetteer: Gazetteer, site_id: str, cue: str) -> Gazetteer:
    """``gazetteer`` with ``cue`` added to the negative cues of ``site_id`` (in memory; nothing written):
    what extraction would use after :func:`add_negative_cue`."""
    site = gazetteer.get(site_id)
    changed = Site(**{**site.to_dict(), "negative_cues": (*site.negative_cues, _clean_cue(cue))})
    return Gazetteer([changed if s.id == site_id else s for s in gazetteer], gazetteer.rules)


def _clean_cue(cue: str) -> str:
    clean = " ".join(cue.split())
    if not clean or "|" in clean or len(clean) > 100:
        msg = f"negative cue {cue!r}: give one word or phrase of 1 to 100 characters, without '|'"
        raise GazetteerError(msg)
    return clean


def add_negative_cue(site_id: str, cue: str, *, path: Path | None = None,
                     gazetteer: Gazetteer | None = None) -> VariantsAdded:
    """Add ``cue`` to the ``negative_cues`` of ``site_id`` in the user gazetteer ``path`` (default:
    ``settings.user_gazetteer``): from then on, extraction (``ingest``, ``reextract``) drops a mention of
    one of the site's context-dependent spellings with the cue nearby, exactly as for the cues of the
    shipped rows. A shipped site is copied into the user file as :func:`add_variants` does. A cue the site
    already has is not written again (``how == "unchanged"``)."""
    target = path if path is not None else user_file()
    gaz = gazetteer if gazetteer is not None else load_with(target)
    site = gaz.get(site_id)
    clean = _clean_cue(cue)
    if spelling_key(clean) in {spelling_key(c) for c in site.negative_cues}:
        return VariantsAdded(target, site, (), "unchanged")
    if site.layer == "user" and not _in_file(site, target):
        msg = (f"{site.id!r} is defined in the user file row {site.origin}, not in {str(target)!r}; "
               "add the negative cue to that row")
        raise GazetteerError(msg)
    updated, how = _save(site, target, "with added negative cues", negative_cues=(*site.negative_cues, clean))
    return VariantsAdded(target, updated, (clean,), how)


def remove_negative_cue(site_id: str, cue: str, *, path: Path | None = None) -> bool:
    """Take ``cue`` out of the negative cues that the user file ``path`` adds to ``site_id``
    (:func:`negative_cues_added`); False when it holds no such cue. A cue of the shipped row stays (edit
    the shipped file for that)."""
    target = path if path is not None else user_file()
    added = [n for n in negative_cues_added(target) if n.site_id == site_id]
    key = spelling_key(cue)
    if not any(spelling_key(n.cue) == key for n in added):
        return False
    site = load_with(target).get(site_id)
    kept = tuple(c for c in site.negative_cues if spelling_key(c) != key)
    _save(site, target, "", negative_cues=kept)
    return True


def negative_cues_added(path: Path | None = None) -> list[NegativeCue]:
    """The negative cues that the user file ``path`` adds: cues of its rows that the shipped row of the
    same site (curated or bulk) lacks, in file order."""
    target = path if path is not None else user_file()
    if not target.is_file():
        return []
    shipped = Gazetteer.load(extra=[])
    out: list[NegativeCue] = []
    for _, row in _read_rows(target):
        site_id = row.get("id", "")
        below = {spelling_key(c) for c in shipped.get(site_id).negative_cues} if site_id in shipped else set()
        for cue in split_list(row.get("negative_cues")):
            if spelling_key(cue) not in below:
                out.append(NegativeCue(site_id, cue))
    return out


def _replace_row(path: Path, site: Site) -> None:
    """Rewrite ``path`` with the row of ``site.id`` replaced by ``site`` (columns and order kept)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            header = list(reader.fieldnames or [])
            rows = list(reader)
        new = _row(site)
        lost = [c for c in COLUMNS if new[c] and c not in header]
        if lost:
            msg = f"{str(path)!r} has no column {', '.join(lost)}; add it to the header line"
            raise GazetteerError(msg)
        tmp = path.with_name(f".{path.name}.tmp")
        with tmp.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=header, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({**row, **{c: new[c] for c in header if c in new}} if row.get("id", "").strip() == site.id
                                else row)
        tmp.replace(path)
    except OSError as exc:
        msg = f"cannot write the user gazetteer {str(path)!r}: {exc.strerror or exc}"
        raise GazetteerError(msg) from exc


def _next_line(path: Path) -> int:
    """The line number a row appended to ``path`` will have."""
    if not path.is_file() or not path.stat().st_size:
        return 2
    last = 1
    for line, _ in _read_rows(path):
        last = line
    return last + 1


__all__ = ["Coordinates", "NegativeCue", "VariantsAdded", "add_negative_cue", "add_site", "add_variants", "append_site",
           "check_site", "given", "load_with", "negative_cues_added", "new_site", "remove_negative_cue",
           "split_spellings", "user_file", "with_negative_cue"]
