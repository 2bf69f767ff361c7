"""``geotrack candidates``, ``geotrack gazetteer add`` and ``mentions --actor``, end to end on a tiny store:
a candidate name becomes a site with mentions after ``gazetteer add`` + ``reextract``."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from geopy.location import Location
from geopy.point import Point
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.gazetteer import Gazetteer
from geotrack.settings import get_settings
from geotrack.store import Store
from tests.builders import cli_json, use_gazetteer_csv, user_gazetteer_rows, write_gazetteer_csv, write_jsonl

DOCS = [
    {"id": "e1", "source": "Wire One", "published": "2024-03-05",
     "text": "Russian cargo flights landed at the Bir Zaltan air base on Monday, 300 km south of Kufra."},
    {"id": "e2", "source": "Desert Review", "published": "2024-04-02",
     "text": "New hangars are going up at Bir Zaltan airfield.\n\nWagner fighters were seen in Sirte."},
    {"id": "a1", "source": "راديو الجنوب", "published": "2024-03-20",
     "text": "وصلت طائرات شحن روسية إلى قاعدة براك الجوية قادمة من موسكو."},
    {"id": "a2", "source": "Wire One", "published": "2024-04-10",
     "text": "قالت مصادر إن قاعدة براك الجوية استقبلت معدات جديدة، على بعد 200 كم شمال الكفرة."},
]


@pytest.fixture
def db(tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> str:
    """A tiny store over a five-site gazetteer, with two candidate names: Bir Zaltan and براك."""
    use_gazetteer_csv(tmp_path / "gaz", monkeypatch)
    src = write_jsonl(tmp_path / "docs.jsonl", DOCS)
    path = str(tmp_path / "t.db")
    summary = cli_json(runner, "ingest", str(src), "--db", path, option="-o")
    assert (summary["new"], summary["candidates"], summary["relative"]) == (4, 4, 2)
    return path


def test_the_user_gazetteer_is_never_the_real_home(tmp_path: Path) -> None:
    assert get_settings().user_gazetteer == tmp_path / "user-gazetteer.csv"


def test_candidates_lists_names_with_counts_sources_and_an_example(runner: CliRunner, db: str) -> None:
    rows = cli_json(runner, "candidates", "--db", db)
    assert [(r["name_key"], r["name"], r["mentions"], r["documents"], r["sources"]) for r in rows] == [
        ("bir zaltan", "Bir Zaltan", 2, 2, 2), ("براك", "براك", 2, 2, 2)]
    assert rows[0]["source_list"] == ["Desert Review", "Wire One"]
    assert (rows[0]["first_seen"], rows[0]["last_seen"]) == ("2024-03-05", "2024-04-02")
    assert rows[0]["patterns"] == ["en:air-base", "en:airfield"]
    assert rows[0]["example_url"] == ""
    assert "Bir Zaltan air base" in rows[0]["example_sentence"]
    assert rows[1]["source_list"] == ["Wire One", "راديو الجنوب"]
    assert "قاعدة براك الجوية" in rows[1]["example_sentence"]


def test_candidates_filters_and_formats(runner: CliRunner, db: str) -> None:
    assert [r["name_key"] for r in cli_json(runner, "candidates", "--db", db, "--since", "2024-04-01")] == [
        "bir zaltan", "براك"]
    assert [r["mentions"] for r in cli_json(runner, "candidates", "--db", db, "--since", "2024-04-01")] == [1, 1]
    assert [r["name_key"] for r in cli_json(runner, "candidates", "--db", db, "--source", "راديو الجنوب")] == ["براك"]
    assert cli_json(runner, "candidates", "--db", db, "--min-sources", "3") == []
    result = runner.invoke(app, ["candidates", "--db", db, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(result.stdout.splitlines()))
    assert [(r["name"], r["source_list"]) for r in rows] == [("Bir Zaltan", "Desert Review|Wire One"),
                                                             ("براك", "Wire One|راديو الجنوب")]
    table = runner.invoke(app, ["candidates", "--db", db])
    assert table.exit_code == 0
    assert "2 candidate name(s)" in table.stdout and "Bir Zaltan" in table.stdout and "براك" in table.stdout
    missing = runner.invoke(app, ["candidates", "--db", str(Path(db).with_name("none.db"))])
    assert missing.exit_code == 1 and "no database" in missing.stderr


def test_gazetteer_add_then_reextract_turns_a_candidate_into_a_site(runner: CliRunner, db: str) -> None:
    """The whole loop, in Arabic and English: candidates → gazetteer add → reextract → mentions."""
    assert cli_json(runner, "mentions", "--db", db, "--site", "brak-airbase") == []
    added = runner.invoke(app, ["gazetteer", "add", "brak-airbase", "--kind", "airbase", "--name-en", "Brak Air Base",
                                "--from-candidate", "براك", "--db", db, "--lat", "27.65", "--lon", "14.27"])
    assert added.exit_code == 0, added.output
    assert "added brak-airbase" in added.stdout and "geotrack reextract" in added.stdout
    [row] = user_gazetteer_rows()
    assert (row["id"], row["kind"], row["name_en"], row["name_ar"], row["coord_source"]) == (
        "brak-airbase", "airbase", "Brak Air Base", "براك", "user:given")
    assert Gazetteer.load().get("brak-airbase").layer == "user"  # loaded above the curated layer by default

    added = runner.invoke(app, ["gazetteer", "add", "bir-zaltan", "--kind", "airfield", "--from-candidate",
                                "bir zaltan", "--name-ar", "بئر زلطن", "--variants", "Bir Zelten|Bir Zaltin",
                                "--db", db, "--lat", "28.92", "--lon", "19.76"])
    assert added.exit_code == 0, added.output
    assert [r["id"] for r in user_gazetteer_rows()] == ["brak-airbase", "bir-zaltan"]
    assert user_gazetteer_rows()[1]["variants"] == "Bir Zelten|Bir Zaltin"
    assert user_gazetteer_rows()[1]["name_en"] == "Bir Zaltan"

    # the names are known now, so they are no longer listed; the store changes only with reextract
    assert cli_json(runner, "candidates", "--db", db) == []
    assert cli_json(runner, "mentions", "--db", db, "--site", "brak-airbase") == []
    with Store.open(db) as store:
        assert store.analysis_counts()["candidates"] == 4
    result = runner.invoke(app, ["reextract", "--db", db])
    assert result.exit_code == 0, result.output
    assert "0 candidate name(s)" in result.stdout
    assert cli_json(runner, "candidates", "--db", db) == []
    with Store.open(db) as store:
        assert store.analysis_counts()["candidates"] == 0
    brak = cli_json(runner, "mentions", "--db", db, "--site", "brak-airbase")
    assert [(m["source"], m["surface"]) for m in brak] == [("راديو الجنوب", "قاعدة براك الجوية"),
                                                           ("Wire One", "قاعدة براك الجوية")]
    zaltan = cli_json(runner, "mentions", "--db", db, "--site", "bir-zaltan")
    assert [m["document_id"] for m in zaltan] == [1, 2]
    assert zaltan[0]["actors"] == ["russia"]


@pytest.mark.parametrize(("args", "message"), [
    (["al-jufra", "--kind", "airbase", "--name-en", "X", "--name-ar", "س", "--lat", "29", "--lon", "16"],
     "'al-jufra' is already a curated site"),
    (["new-site", "--kind", "airbase", "--name-en", "X", "--name-ar", "س", "--lat", "41", "--lon", "16"],
     "outside Libya"),
    (["new-site", "--kind", "castle", "--name-en", "X", "--name-ar", "س", "--lat", "29", "--lon", "16"],
     "--kind 'castle' is not one of"),
    (["New Site", "--kind", "airbase", "--name-en", "X", "--name-ar", "س", "--lat", "29", "--lon", "16"],
     "is not a lowercase slug"),
    (["new-site", "--kind", "airbase", "--name-en", "X", "--name-ar", "س", "--variants", "Kufra|Y", "--lat", "29",
      "--lon", "16"], "spelling 'kufra' already means kufra"),
    (["new-site", "--kind", "airbase", "--name-en", "X", "--name-ar", "س"], "--lat and --lon, or ask for them"),
    (["new-site", "--kind", "airbase", "--name-en", "X", "--name-ar", "س", "--lat", "29", "--lon", "16",
      "--geocode"], "one of the two"),
    (["new-site", "--kind", "airbase", "--name-en", "X", "--lat", "29", "--lon", "16"], "no --name-ar given"),
    (["new-site", "--kind", "airbase", "--from-candidate", "nowhere", "--lat", "29", "--lon", "16"],
     "no candidate 'nowhere'"),
])
def test_gazetteer_add_refuses_bad_rows(runner: CliRunner, db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["gazetteer", "add", *args, "--db", db])
    assert result.exit_code == 1, result.output
    assert message in result.stderr
    assert not get_settings().user_gazetteer.exists()  # nothing written


def test_gazetteer_add_same_id_twice_and_override(runner: CliRunner, db: str, tmp_path: Path) -> None:
    base = ["--kind", "airfield", "--name-en", "Wadi Test", "--name-ar", "وادي تست", "--lat", "27", "--lon", "15"]
    assert runner.invoke(app, ["gazetteer", "add", "wadi-test", *base]).exit_code == 0
    again = runner.invoke(app, ["gazetteer", "add", "wadi-test", *base])
    assert again.exit_code == 1 and "is already in" in again.stderr
    # overriding a shipped row is deliberate: --override
    moved = runner.invoke(app, ["gazetteer", "add", "sirte", "--kind", "town", "--name-en", "Sirte", "--name-ar",
                                "سرت", "--lat", "31.2", "--lon", "16.6", "--override"])
    assert moved.exit_code == 0, moved.output
    assert Gazetteer.load().get("sirte").coord_source == "user:given"
    # another file with --file, created with its header
    other = tmp_path / "team" / "gaz.csv"
    ok = runner.invoke(app, ["gazetteer", "add", "wadi-other", "--kind", "airfield", "--name-en", "Wadi Other",
                             "--name-ar", "وادي آخر", "--lat", "27", "--lon", "15", "--file", str(other)])
    assert ok.exit_code == 0, ok.output
    assert other.read_text(encoding="utf-8").splitlines()[0].startswith("id,kind,name_en,name_ar,lat,lon")
    assert "wadi-other" in Gazetteer.load(extra=[other])


def test_gazetteer_add_with_the_geocoder(runner: CliRunner, db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import geotrack.geocode

    class FakeChain:
        def __init__(self, online: bool) -> None:
            self.online = online

        def __enter__(self) -> FakeChain:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def geocode(self, name: str) -> Location | None:
            if self.online and name == "براك":
                return Location("Brak, Wadi al Shatii, Libya", Point(27.6521, 14.2723), {"source": "nominatim"})
            return None

    monkeypatch.setattr(geotrack.geocode, "make_geocoder", lambda online, **kw: FakeChain(online))
    offline = runner.invoke(app, ["gazetteer", "add", "brak-airbase", "--kind", "airbase", "--name-en", "Brak Air Base",
                                  "--from-candidate", "براك", "--db", db, "--geocode"])
    assert offline.exit_code == 1
    assert "found none of 'Brak Air Base', 'براك'" in offline.stderr and "--online" in offline.stderr
    online = runner.invoke(app, ["gazetteer", "add", "brak-airbase", "--kind", "airbase", "--name-en", "Brak Air Base",
                                 "--from-candidate", "براك", "--db", db, "--geocode", "--online"])
    assert online.exit_code == 0, online.output
    [row] = user_gazetteer_rows()
    assert (row["lat"], row["lon"], row["coord_source"]) == ("27.652100", "14.272300", "user:geocoded:nominatim")
    assert "geocoded from 'براك' by nominatim" in row["notes"]


def test_mentions_actor_filter_and_columns(runner: CliRunner, db: str) -> None:
    russia = cli_json(runner, "mentions", "--db", db, "--actor", "russia")
    assert [(m["document_id"], m["surface"]) for m in russia] == [(1, "Kufra")]
    # a name of the actor works too, in either language; sentence OR paragraph
    wagner = cli_json(runner, "mentions", "--db", db, "--actor", "فاغنر")
    assert [(m["surface"], m["actors"], m["actors_paragraph"]) for m in wagner] == [("Sirte", ["wagner"], ["wagner"])]
    both = cli_json(runner, "mentions", "--db", db, "--actor", "Russian forces", "--actor", "wagner")
    assert len(both) == 2
    table = runner.invoke(app, ["mentions", "--db", db, "--actor", "wagner"])
    assert table.exit_code == 0
    assert "actors" in table.stdout and "activities" in table.stdout and "wagner" in table.stdout
    assert "actors: wagner" in table.stdout
    bad = runner.invoke(app, ["mentions", "--db", db, "--actor", "martians"])
    assert bad.exit_code == 1 and "--actor 'martians' is not a known actor" in bad.stderr


def test_user_gazetteer_is_loaded_once_above_the_curated_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = get_settings().user_gazetteer
    write_gazetteer_csv(tmp_path / "gaz")
    monkeypatch.setenv("GEOTRACK_GAZETTEER", str(tmp_path / "gaz"))
    assert user not in Gazetteer.load().files  # absent: not loaded, no error
    header = (tmp_path / "gaz" / "sites.csv").read_text(encoding="utf-8").splitlines()[0]
    user.write_text(f"{header}\nkufra,town,Kufra,الكفرة,24.2,23.3,user:given,,,,,,,\n", encoding="utf-8")
    gaz = Gazetteer.load()
    assert gaz.files[-1] == user and gaz.get("kufra").layer == "user"
    monkeypatch.setenv("GEOTRACK_GAZETTEER_EXTRA", str(user))
    assert list(Gazetteer.load().files).count(user) == 1
    assert user not in Gazetteer.load(extra=[]).files  # an explicit extra list is exactly that
    assert Gazetteer.load().validate() == []
