"""Library errors carry the field and the value; their messages name parameters, never CLI flags; the
CLI words them for people, with its flags (issue 13)."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.cli._common import error_message
from geotrack.errors import GazetteerError, GeocodingError, InputError, StorageError
from tests.paths import ROOT

runner = CliRunner()
PACKAGE = ROOT / "geotrack"


def test_a_bad_date_is_an_error_on_the_date_field(tmp_path: Path) -> None:
    from geotrack.pipeline import ingest
    from geotrack.store import Store

    (tmp_path / "a.txt").write_text("Russian cargo planes landed at al-Jufra air base.", encoding="utf-8")
    with Store.open(tmp_path / "s.db") as store, pytest.raises(InputError) as caught:
        ingest([str(tmp_path / "a.txt")], store, date="soon")
    exc = caught.value
    assert (exc.field, exc.value) == ("date", "soon")
    assert str(exc) == "date 'soon' is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)"
    assert error_message(exc) == "--date 'soon' is not a date; use YYYY-MM-DD (or an ISO 8601 date and time)"


def test_a_missing_store_is_an_error_on_the_db_field(tmp_path: Path) -> None:
    from geotrack.store import Store

    missing = tmp_path / "none.db"
    with pytest.raises(StorageError) as caught:
        Store.open(missing, create=False)
    exc = caught.value
    assert (exc.field, exc.value, str(exc)) == ("db", str(missing), f"no database at {str(missing)!r}")
    assert error_message(exc) == f"no database at {str(missing)!r}; run 'geotrack ingest' first or pass --db"
    result = runner.invoke(app, ["mentions", "--db", str(missing)])
    assert result.exit_code == 1
    assert result.stderr == f"Error: no database at {str(missing)!r}; run 'geotrack ingest' first or pass --db\n"
    assert not missing.exists()


def test_the_demo_refuses_a_folder_in_place_of_its_database(tmp_path: Path) -> None:
    from geotrack.demo import DB_NAME, run_demo

    (tmp_path / "out" / DB_NAME).mkdir(parents=True)
    with pytest.raises(StorageError) as caught:
        run_demo(tmp_path / "out")
    exc = caught.value
    where = str(tmp_path / "out" / DB_NAME)
    assert (exc.field, exc.value) == ("out_dir", str(tmp_path / "out"))
    assert str(exc) == f"{where!r} is a folder; the demo needs that name for its database"
    result = runner.invoke(app, ["demo", "--out", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1
    assert result.stderr == f"Error: {where!r} is a folder; the demo needs that name for its database; pick another --out\n"


def test_names_the_geocoder_cannot_find_are_an_error_on_the_names_field(tmp_path: Path) -> None:
    from geotrack.geocode import geocoded_coordinates

    with pytest.raises(GeocodingError) as caught:
        geocoded_coordinates(["Qasr Nowhere", "Qasr Nowhere", "قصر لا مكان"])
    exc = caught.value
    assert (exc.field, exc.value) == ("names", ["Qasr Nowhere", "قصر لا مكان"])
    assert str(exc) == "the geocoder found none of 'Qasr Nowhere', 'قصر لا مكان' in the gazetteer (online=False)"
    result = runner.invoke(app, ["gazetteer", "add", "qasr-nowhere", "--name-en", "Qasr Nowhere", "--name-ar",
                                 "قصر لا مكان", "--kind", "airbase", "--geocode", "--file", str(tmp_path / "u.csv")])
    assert result.exit_code == 1, result.output
    assert result.stderr == ("Error: the geocoder found none of 'Qasr Nowhere', 'قصر لا مكان'; give --lat and --lon"
                             " or try --online\n")


def test_field_and_value_survive_pickling() -> None:
    """(Worker processes send errors back pickled.)"""
    exc = pickle.loads(pickle.dumps(InputError("date 'x' is not a date", field="date", value="x")))
    assert (type(exc), str(exc), exc.field, exc.value) == (InputError, "date 'x' is not a date", "date", "x")
    plain = pickle.loads(pickle.dumps(StorageError("disk gone")))
    assert (str(plain), plain.field, plain.value) == ("disk gone", None, None)


def test_library_messages_name_no_flag_but_the_known_leftovers() -> None:
    """Outside geotrack/cli, no error message names a command-line flag (issue 13): the error carries the
    field, and the CLI words the flag (:func:`geotrack.cli._common.error_message`)."""
    flagged = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "cli" in path.relative_to(PACKAGE).parts:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if re.search(r"\bmsg\b.*=.*[\"'].*(?<![\w-])--[a-z][a-z-]+", line):
                flagged.append(f"{path.relative_to(PACKAGE).as_posix()}:{re.search(r'--[a-z][a-z-]+', line).group()}")  # type: ignore[union-attr]
    assert flagged == []


def test_the_cli_words_the_flag_of_a_library_field() -> None:
    from geotrack.cli._common import error_message

    bad = GazetteerError("'x.csv' is not a gazetteer CSV (no column id); give another file", field="file", value="x.csv")
    assert error_message(bad) == "'x.csv' is not a gazetteer CSV (no column id); give another --file"
    strict = InputError("f.jsonl:2: no 'text' field (strict: stopped at the first failure; 2 new document(s) from"
                        " the inputs before it were stored, none from this one)", field="strict", value=2)
    assert error_message(strict).startswith("f.jsonl:2: no 'text' field (--strict: stopped at the first failure; 2 new")
