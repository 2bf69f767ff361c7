"""Candidates that help (issue 12 item 8): spellings of one place grouped into one row, "probably a
spelling of benina", one command to add a candidate as a variant of that site, non-places left out.

End to end through the CLI on real SQLite stores: ``ingest`` → ``candidates`` → ``gazetteer add-variant``
→ ``reextract`` → ``mentions``; and ``geotrack.candidates.summarise`` on frames of names stored by an older
geotrack (before today's discovery rules)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from geotrack.candidates import COLUMNS, candidate_spellings, core, likely_site, site_index, summarise
from geotrack.cli import app
from geotrack.errors import GazetteerError, InputError
from geotrack.extract import Analysis
from geotrack.gazetteer import Gazetteer
from geotrack.gazetteer.user import add_variants
from geotrack.models import Candidate, Document, Site
from geotrack.settings import get_settings
from geotrack.store import Store
from tests.builders import (
    SITES,
    cli_json,
    use_gazetteer_csv,
    user_gazetteer_rows,
    write_gazetteer_csv,
    write_jsonl,
)

BENINA = Site("benina", "airport", "Benina International Airport", "مطار بنينا الدولي", 32.0968, 20.2695,
              "airportsdata:HLLB")
TEST_SITES = (*SITES, BENINA)

DOCS = [
    {"id": "k1", "source": "Wire One", "published": "2024-03-01",
     "text": "Russian cargo planes landed at al-Kharrouba air base on Monday."},
    {"id": "k2", "source": "راديو الجنوب", "published": "2024-03-02",
     "text": "وصلت طائرات شحن إلى قاعدة الخروبة الجوية يوم الاثنين."},
    {"id": "k3", "source": "Desert Review", "published": "2024-03-03",
     "text": "New hangars went up at Al-Kharruba airfield."},
    {"id": "k4", "source": "Wire Two", "published": "2024-03-04",
     "text": "The Kharouba airstrip was extended last month."},
    {"id": "b1", "source": "Wire One", "published": "2024-03-05",
     "text": "Cargo flights also reached Bnina airport on Tuesday."},
    {"id": "b2", "source": "Desert Review", "published": "2024-03-06",
     "text": "How Bnina air base became a hub."},
    {"id": "n1", "source": "Wire Two", "published": "2024-03-07",
     "text": "قالت مصادر إن قاعدة متكاملة أقيمت. Sudan's Port Sudan airport was busy. Inside Niger's Dirkou airstrip."},
]


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> str:
    use_gazetteer_csv(tmp_path / "gaz", monkeypatch, TEST_SITES)
    src = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    path = str(tmp_path / "t.db")
    summary = cli_json(runner, "ingest", str(src), "--db", path, option="-o")
    assert summary["candidates"] == 6  # 4 Kharrouba, 2 Bnina; the non-places never stored
    return path


def test_spellings_of_one_place_are_one_row_with_the_site_it_probably_spells(runner: CliRunner, db: str) -> None:
    rows = cli_json(runner, "candidates", "--db", db)
    assert [(r["name_key"], r["name"], r["mentions"], r["documents"], r["sources"], r["spellings"], r["likely_site"],
             r["likely_spelling"]) for r in rows] == [
        ("kharrouba", "al-Kharrouba", 4, 4, 4, ["al-Kharrouba", "الخروبة", "Al-Kharruba", "Kharouba"], "", ""),
        ("bnina", "Bnina", 2, 2, 2, ["Bnina"], "benina", "Benina International Airport"),
    ]
    assert rows[0]["source_list"] == ["Desert Review", "Wire One", "Wire Two", "راديو الجنوب"]
    assert rows[0]["patterns"] == ["ar:qaida-jawiya", "en:air-base", "en:airfield", "en:airstrip"]
    assert (rows[0]["first_seen"], rows[0]["last_seen"]) == ("2024-03-01", "2024-03-04")
    assert rows[0]["example_sentence"] == "Russian cargo planes landed at al-Kharrouba air base on Monday."
    assert list(rows[0]) == list(COLUMNS)

    result = runner.invoke(app, ["candidates", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    table = list(csv.DictReader(result.stdout.splitlines()))
    assert list(table[0]) == list(COLUMNS)
    assert [(r["name"], r["spellings"], r["likely_site"], r["likely_spelling"]) for r in table] == [
        ("al-Kharrouba", "al-Kharrouba|الخروبة|Al-Kharruba|Kharouba", "", ""),
        ("Bnina", "Bnina", "benina", "Benina International Airport")]

    text = runner.invoke(app, ["candidates", "--db", db]).stdout
    assert "2 candidate name(s)" in text
    assert "│ probably benina (Benina       │" in text  # a rich table folds long cells
    assert "│ al-Kharrouba | الخروبة |      │" in text
    assert "geotrack gazetteer add-variant benina --from-candidate bnina, then geotrack reextract" in text


def test_add_variant_from_a_candidate_then_reextract_finds_the_site(runner: CliRunner, db: str) -> None:
    assert cli_json(runner, "mentions", "--db", db, "--site", "benina") == []
    added = runner.invoke(app, ["gazetteer", "add-variant", "benina", "--from-candidate", "bnina", "--db", db])
    assert added.exit_code == 0, added.output
    assert added.stdout.startswith("added 1 spelling(s) to benina: Bnina in ")
    assert "a copy of the shipped row with its coordinates, now overriding it" in added.stdout
    [row] = user_gazetteer_rows()
    assert (row["id"], row["kind"], row["name_en"], row["name_ar"], row["lat"], row["lon"], row["coord_source"]) == (
        "benina", "airport", "Benina International Airport", "مطار بنينا الدولي", "32.096800", "20.269500",
        "airportsdata:HLLB")  # the shipped row's own coordinates and their source: nothing invented
    assert row["variants"] == "Benina International Airport|مطار بنينا الدولي|Bnina"
    assert row["notes"] == "copy of the curated row sites.csv:7 with added variants"
    site = Gazetteer.load().get("benina")
    assert (site.layer, site.variants[-1]) == ("user", "Bnina")
    assert Gazetteer.load().validate() == []

    # no longer a candidate (already before reextract: the gazetteer knows the name)
    assert [r["name_key"] for r in cli_json(runner, "candidates", "--db", db)] == ["kharrouba"]
    result = runner.invoke(app, ["reextract", "--db", db])
    assert result.exit_code == 0, result.output
    assert [r["name_key"] for r in cli_json(runner, "candidates", "--db", db)] == ["kharrouba"]
    found = cli_json(runner, "mentions", "--db", db, "--site", "benina")
    assert [(m["source"], m["surface"]) for m in found] == [("Wire One", "Bnina airport"), ("Desert Review", "Bnina air base")]

    # a second spelling updates the same row of the user file
    again = runner.invoke(app, ["gazetteer", "add-variant", "benina", "Bneina", "Bnina"])
    assert again.exit_code == 0, again.output
    assert "added 1 spelling(s) to benina: Bneina in " in again.stdout and "its row updated" in again.stdout
    [row] = user_gazetteer_rows()
    assert row["variants"] == "Benina International Airport|مطار بنينا الدولي|Bnina|Bneina"
    same = runner.invoke(app, ["gazetteer", "add-variant", "benina", "bnina"])
    assert same.exit_code == 0
    assert same.stdout == "benina already has every spelling given (bnina); nothing written\n"


def test_add_variant_of_the_grouped_spellings(runner: CliRunner, db: str, tmp_path: Path) -> None:
    """Any spelling's key of a group names the whole group: every spelling becomes a variant."""
    added = runner.invoke(app, ["gazetteer", "add-variant", "maaten-al-sarra", "--from-candidate", "الخروبه",
                                "--db", db])
    assert added.exit_code == 0, added.output
    assert "added 4 spelling(s) to maaten-al-sarra: al-Kharrouba, الخروبة, Al-Kharruba, Kharouba" in added.stdout
    assert cli_json(runner, "candidates", "--db", db) != []  # Bnina is left
    assert [r["name_key"] for r in cli_json(runner, "candidates", "--db", db)] == ["bnina"]


@pytest.mark.parametrize(("args", "message"), [
    (["nowhere", "Bnina"], "unknown site id 'nowhere'"),
    (["benina"], "give the spellings to add, or a candidate with --from-candidate NAME_KEY"),
    (["benina", "Kufra"], "spelling 'Kufra' already means kufra"),
    (["benina", "--from-candidate", "nothing-like-it"], "no candidate 'nothing-like-it' among 2 stored candidate name(s)"),
    (["benina", "--from-candidate", "bnena"], "did you mean 'bnina'?"),
])
def test_add_variant_refuses(runner: CliRunner, db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["gazetteer", "add-variant", *args, "--db", db])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not get_settings().user_gazetteer.exists()  # nothing written


# -- the library, on names stored by an older geotrack ----------------------------------------------------
def _frame(names: list[tuple[str, str, str]]) -> pd.DataFrame:
    rows = [{"name_key": n.lower(), "name": n, "pattern": p, "surface": n, "start": 0, "end": len(n),
             "sentence": f"sentence {i}", "document_id": i + 1, "source": s,
             "published": pd.Timestamp("2024-03-01") + pd.Timedelta(days=i), "url": f"https://x.example/{i}",
             "title": "", "lang": ""} for i, (n, p, s) in enumerate(names)]
    return pd.DataFrame(rows)


OLD = [
    ("How Tmassah", "en:air-base", "A"), ("Inside Tmassah", "en:air-base", "B"), ("Tmassah", "en:airfield", "C"),
    ("How", "en:air-base", "A"), ("Russian Military", "en:air-base", "A"), ("Secret", "en:airfield", "B"),
    ("والجديدة", "ar:qaida", "A"), ("العسكرية", "ar:qaida", "B"), ("متكاملة", "ar:qaida", "A"),
    ("Niger's Agadez", "en:air-base", "A"), ("أغاديس", "ar:matar", "B"), ("Port Sudan", "en:airport", "C"),
    ("N'Djamena", "en:airport", "A"), ("Moscow", "en:airport", "B"),
    ("Bir Lahmar", "en:air-base", "A"), ("بئر الأحمر", "ar:matar", "B"),
    ("Kufra", "en:airport", "C"),  # known to the gazetteer now
    ("Jufrah", "en:air-base", "D"),  # a spelling of al-jufra that the gazetteer lacks
]


def test_summarise_leaves_out_non_places_and_groups_the_rest() -> None:
    gaz = Gazetteer(list(TEST_SITES))
    out = summarise(_frame(OLD), gaz)
    assert list(out.columns) == list(COLUMNS)
    assert [(r.name_key, r.name, r.mentions, r.sources, r.spellings, r.likely_site, r.likely_spelling)
            for r in out.itertuples(index=False)] == [
        ("tmassah", "Tmassah", 3, 3, ["Tmassah"], "", ""),
        ("bir lahmar", "Bir Lahmar", 2, 2, ["Bir Lahmar", "بئر الأحمر"], "", ""),
        ("jufrah", "Jufrah", 1, 1, ["Jufrah"], "al-jufra", "Al Jufra Air Base"),
    ]
    assert out.iloc[0]["example_sentence"] == "sentence 0"
    assert out.iloc[0]["patterns"] == ["en:air-base", "en:airfield"]
    assert summarise(_frame([]), gaz).columns.tolist() == list(COLUMNS)
    assert len(summarise(_frame([]), gaz)) == 0


def test_without_a_gazetteer_nothing_is_known_and_nothing_is_likely() -> None:
    out = summarise(_frame([("Kufra", "en:airport", "A"), ("الكفرة", "ar:matar", "B")]))
    assert [(r.name, r.spellings, r.likely_site) for r in out.itertuples(index=False)] == [
        ("Kufra", ["Kufra", "الكفرة"], "")]


def test_likely_site_prefers_equal_then_the_higher_layer_then_a_base() -> None:
    town = Site("brak", "town", "Brak", "براك", 27.5, 14.2, "ref:test", layer="bulk")
    base = Site("brak-airbase", "airbase", "Brak Air Base", "قاعدة براك الجوية", 27.65, 14.27, "ref:test")
    index = site_index(Gazetteer([town, base]))
    assert likely_site(["Brac"], index) == ("brak-airbase", "Brak Air Base")
    assert likely_site(["Brik"], index) == ("brak-airbase", "Brak Air Base")  # vowels do not count
    assert likely_site(["Barka"], index) == ("brak-airbase", "Brak Air Base")
    assert likely_site(["Bark Hamra"], index) == ("", "")
    long_site = Site("tamanhint", "airbase", "Tamanhint Air Base", "قاعدة تمنهنت الجوية", 27.24, 14.65, "ref:test")
    index = site_index(Gazetteer([long_site]))
    assert likely_site(["Tamenhent"], index) == ("tamanhint", "Tamanhint Air Base")
    assert likely_site(["Tamahint"], index) == ("tamanhint", "Tamanhint Air Base")  # one edit, long
    assert core("Benina International Airport") == "benina"
    assert core("مطار بنينا الدولي") == "بنينا"
    assert core("base aérienne de Benina") == "benina"
    assert core("Airport") == "airport"


def test_candidate_spellings_of_a_group() -> None:
    frame = _frame([("al-Kharrouba", "en:air-base", "A"), ("الخروبة", "ar:qaida-jawiya", "B"),
                    ("Kharouba", "en:airstrip", "C"), ("Kharouba", "en:airstrip", "D")])
    assert candidate_spellings(frame, "kharouba") == ["Kharouba", "al-Kharrouba", "الخروبة"]
    assert candidate_spellings(frame, "الخروبة") == ["Kharouba", "al-Kharrouba", "الخروبة"]
    with pytest.raises(InputError, match=r"no candidate 'Kharoub' among 1 stored candidate name\(s\); did you mean 'kharouba'\?"):
        candidate_spellings(frame, "Kharoub")


def test_add_variants_library(tmp_path: Path) -> None:
    gaz = Gazetteer(list(TEST_SITES))
    target = tmp_path / "user.csv"
    with pytest.raises(GazetteerError, match="spelling 'Sirte' already means sirte"):
        add_variants("kufra", ["Koufra", "Sirte"], path=target, gazetteer=gaz)
    assert not target.exists()
    done = add_variants("kufra", ["Koufra", " Koufra ", "kufra"], path=target, gazetteer=gaz)
    assert (done.added, done.how, done.site.layer, done.site.lat, done.site.coord_source) == (
        ("Koufra",), "copied", "user", 24.1833, "ref:test")


def test_a_user_site_in_another_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "team.csv"
    write_gazetteer_csv(tmp_path / "team", [Site("wadi-x", "airfield", "Wadi X", "وادي اكس", 27.0, 15.0, "user:given")])
    (tmp_path / "team" / "sites.csv").rename(other)
    gaz = Gazetteer.load(extra=[other])
    with pytest.raises(GazetteerError, match=r"'wadi-x' is defined in the user file row team.csv:2"):
        add_variants("wadi-x", ["Wadi Iks"], path=tmp_path / "user.csv", gazetteer=gaz)


def test_stored_candidates_of_an_older_geotrack_are_cleaned(tmp_path: Path) -> None:
    """Rows stored before today's rules ("How Tmassah", "متكاملة") are listed as today's rules say."""
    with Store.open(tmp_path / "old.db") as store:
        docs = []
        for i, (name, pattern, source) in enumerate(OLD[:4]):
            text = f"{name} air base"
            doc = Document(id=f"o{i}", text=text, source=source, published=f"2024-03-0{i + 1}")
            cand = Candidate(name=name, name_key=name.lower(), pattern=pattern, surface=text, start=0, end=len(text),
                             sentence=text, doc_id=doc.id)
            docs.append((doc, Analysis(candidates=[cand])))
        store.add_documents(docs)
        out = summarise(store.candidates_frame(), Gazetteer(list(TEST_SITES)))
    assert [(r.name, r.mentions, r.spellings) for r in out.itertuples(index=False)] == [("Tmassah", 3, ["Tmassah"])]
