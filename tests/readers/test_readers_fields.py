"""The field names of real exports (JSON, JSON Lines, CSV): every alias of every field, in any case,
nested values, precedence, renaming with the reader options, and API answers that wrap an array."""

from __future__ import annotations

import csv
import io
import json

import pytest

from geotrack.errors import InputError
from geotrack.models import Document
from geotrack.readers import Origin, ReaderOptions, ReadProblem, read_data
from geotrack.readers.fields import FIELD_ALIASES, FieldResolver, field_name, field_text

TEXT = "Flights at al-Jufra air base."
ATTRIBUTE = {"id": "id", "title": "title", "url": "url", "source": "source", "published": "published",
             "lang": "lang"}
VALUES = {"id": "art-0042", "title": "Cargo flights", "url": "https://news.example/a/42", "source": "Desert Wire",
          "published": "Tue, 05 Mar 2024 10:00:00 GMT", "lang": "en"}
CASES = [(name, alias) for name, aliases in FIELD_ALIASES.items() if name != "text" for alias in aliases]


def _read(data: str, fmt: str, fields: dict[str, str] | None = None) -> list[Document | ReadProblem]:
    return list(read_data(data.encode("utf-8"), Origin(f"in.{fmt}"), fmt, ReaderOptions(fields=fields or {})))


def _one(data: str, fmt: str, fields: dict[str, str] | None = None) -> Document:
    [doc] = _read(data, fmt, fields)
    assert isinstance(doc, Document), doc
    return doc


def _csv(row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


def test_the_aliases_are_the_ones_asked_for() -> None:
    assert FIELD_ALIASES["published"][:8] == ("published", "date", "pubDate", "published_at", "publishedAt",
                                              "datePublished", "pub_date", "publish_date")
    assert set(FIELD_ALIASES["published"]) >= {"created_at", "publication_date", "webPublicationDate"}
    assert FIELD_ALIASES["source"] == ("source", "outlet", "publisher", "site_name", "source_name", "domain")
    assert FIELD_ALIASES["title"] == ("title", "headline", "webTitle")
    assert FIELD_ALIASES["url"] == ("url", "link", "canonical_url", "webUrl")
    assert FIELD_ALIASES["id"] == ("id", "_id", "guid", "uuid", "article_id", "doc_id", "document_id")
    assert FIELD_ALIASES["lang"] == ("lang", "language")
    assert FIELD_ALIASES["text"] == ("text",)


@pytest.mark.parametrize(("name", "alias"), CASES, ids=[f"{n}:{a}" for n, a in CASES])
@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_every_alias_of_every_field(fmt: str, name: str, alias: str) -> None:
    row = {"text": TEXT, alias: VALUES[name]}
    data = _csv(row) if fmt == "csv" else json.dumps(row) + "\n"
    doc = _one(data, fmt)
    expected = dict.fromkeys(ATTRIBUTE, "")
    expected["id"] = {"jsonl": "in.jsonl:1", "json": "in.json", "csv": "in.csv:2"}[fmt]  # where it was read
    expected[name] = VALUES[name]
    assert {f: getattr(doc, a) for f, a in ATTRIBUTE.items()} == expected
    assert (doc.text, doc.path) == (TEXT, f"in.{fmt}")


@pytest.mark.parametrize(("header", "attribute", "value"), [
    ("PubDate", "published", "2024-03-05"), ("PUBLISHED_AT", "published", "2024-03-06"),
    ("Title", "title", "T"), ("URL", "url", "https://x.example/1"), ("Outlet", "source", "O"),
    ("GUID", "id", "g-1"), ("Language", "lang", "fr"), ("Text", "text", TEXT),
])
def test_names_in_another_case(header: str, attribute: str, value: str) -> None:
    row = {header: value} if attribute == "text" else {"text": TEXT, header: value}
    assert getattr(_one(_csv(row), "csv"), attribute) == value
    assert getattr(_one(json.dumps(row), "jsonl"), attribute) == value


def test_newsapi_article_shape() -> None:
    article = {"source": {"id": None, "name": "Reuters"}, "author": "A. Writer", "title": "Flights resume",
               "description": "d", "url": "https://reuters.example/x", "urlToImage": None,
               "publishedAt": "2024-03-05T10:15:00Z", "content": "c", "text": TEXT}
    doc = _one(json.dumps(article), "jsonl")
    assert (doc.source, doc.title, doc.url, doc.published, doc.id) == (
        "Reuters", "Flights resume", "https://reuters.example/x", "2024-03-05T10:15:00Z", "in.jsonl:1")


def test_an_api_answer_wrapping_its_articles_is_read_as_the_array() -> None:
    answer = {"status": "ok", "totalResults": 2,
              "articles": [{"text": TEXT, "guid": "a"}, {"text": "Sirte.", "guid": "b"}, {"guid": "c"}]}
    items = _read(json.dumps(answer), "json")
    assert [d.id for d in items if isinstance(d, Document)] == ["a", "b"]
    assert [str(p) for p in items if isinstance(p, ReadProblem)] == ["in.json: item 3: no 'text' field"]
    # two arrays of objects: which one is meant is unclear, so the object is read as a document
    two = {"articles": [{"text": TEXT}], "related": [{"text": TEXT}]}
    assert [str(p) for p in _read(json.dumps(two), "json")] == ["in.json: no 'text' field"]


def test_mongodb_export_ids_and_dates() -> None:
    row = {"_id": {"$oid": "65e6f0c2a1b2c3d4e5f60718"}, "date": {"$date": "2024-03-05T10:00:00Z"}, "text": TEXT}
    doc = _one(json.dumps(row), "jsonl")
    assert (doc.id, doc.published) == ("65e6f0c2a1b2c3d4e5f60718", "2024-03-05T10:00:00Z")


@pytest.mark.parametrize(("value", "expected"), [
    (1709633700, "2024-03-05T10:15:00+00:00"),
    (1709633700000, "2024-03-05T10:15:00+00:00"),
    (1709633700.5, "2024-03-05T10:15:00+00:00"),
    (10**20, str(10**20)),  # beyond any calendar: kept as written (and refused when the date is read)
])
def test_a_json_number_in_a_date_field_is_a_unix_time(value: float, expected: str) -> None:
    assert _one(json.dumps({"text": TEXT, "created_at": value}), "jsonl").published == expected
    assert _one(json.dumps({"text": TEXT, "id": 12345}), "jsonl").id == "12345"  # a number elsewhere is itself


def test_field_text_of_odd_values() -> None:
    assert field_text(None) == "" and field_text("  x ") == "x" and field_text(True) == "true"
    assert field_text(["", {"name": "  First "}, "second"], "source") == "First"
    assert field_text({"@id": "https://x.example/#org"}) == "https://x.example/#org"
    assert field_text({"unrelated": 1}) == ""
    assert field_text([[[["deep"]]]]) == ""  # nesting beyond three levels is not followed


def test_the_first_name_holding_a_value_wins() -> None:
    row = {"text": TEXT, "created_at": "2020-01-01", "pubDate": "2024-03-05", "published": "",
           "domain": "wire.example", "outlet": "Wire", "id": "", "guid": "g-7"}
    doc = _one(json.dumps(row), "jsonl")
    assert (doc.published, doc.source, doc.id) == ("2024-03-05", "Wire", "g-7")


def test_a_renamed_field_is_read_from_that_column_only() -> None:
    row = {"text": TEXT, "date": "2024-03-05", "Zeitstempel": "2023-01-02", "body": "Sirte."}
    assert _one(json.dumps(row), "jsonl", {"published": "Zeitstempel"}).published == "2023-01-02"
    assert _one(json.dumps(row), "jsonl", {"date": "Zeitstempel"}).published == "2023-01-02"  # 'date' names it too
    assert _one(json.dumps(row), "jsonl", {"published": "missing"}).published == ""
    assert _one(json.dumps(row), "jsonl", {"text": "body"}).text == "Sirte."
    assert _one(_csv(row), "csv", {"published": "zeitstempel"}).published == "2023-01-02"  # in another case


def test_field_names_and_their_errors() -> None:
    assert [field_name(n) for n in ("date", "Published", " language ", "text")] == ["published", "published",
                                                                                   "lang", "text"]
    with pytest.raises(InputError) as err:
        field_name("body")
    assert str(err.value) == ("unknown document field 'body'; the fields are: id, title, text, url, source,"
                              " published, lang (also: date for published, language for lang)")


def test_the_resolver_remembers_each_shape() -> None:
    resolver = FieldResolver()
    first = resolver.keys(["text", "pubDate", "Outlet"])
    assert first["published"] == ("pubDate",) and first["source"] == ("Outlet",) and first["id"] == ()
    assert resolver.keys(["text", "pubDate", "Outlet"]) is first


def test_csv_without_any_text_column_names_the_fix() -> None:
    [problem] = _read("headline,body\nT,Sirte\n", "csv")
    assert str(problem) == ("in.csv:1: no 'text' column (columns: headline, body); name the text column with"
                            " --field text=COLUMN")
