"""Readers: one fixture per format and encoding, read to exact fields; the registry; metadata helpers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from geotrack.errors import InputError
from geotrack.models import Document
from geotrack.readers import (
    FORMATS,
    Input,
    ReaderOptions,
    ReadProblem,
    expand_inputs,
    format_name,
    read_path,
    sniff_format,
)
from geotrack.readers.htmlpage import html_to_text
from geotrack.readers.meta import complete, detect_lang, find_dateline, parse_date, source_from_url
from tests.paths import FIXTURES

FIX = FIXTURES / "ingest"
GOOD, BAD = FIX / "good", FIX / "bad"


def docs(path: Path, **kw: object) -> list[Document]:
    items = list(read_path(str(path), **kw))  # type: ignore[arg-type]
    assert all(isinstance(i, Document) for i in items), items
    return [complete(i) for i in items if isinstance(i, Document)]


def problems(path: Path, **kw: object) -> list[str]:
    return [str(i) for i in read_path(str(path), **kw) if isinstance(i, ReadProblem)]  # type: ignore[arg-type]


def test_arabic_html_in_windows_1256() -> None:
    [d] = docs(GOOD / "ar_windows1256.html")
    assert d.title == "طائرات شحن روسية تهبط في قاعدة الجفرة"
    assert d.source == "بوابة الواحة"
    assert d.url == "https://alwaha.example/news/2024/03/jufra-cargo"  # the canonical link
    assert d.id == d.path == str(GOOD / "ar_windows1256.html")  # the input id: the file as given
    assert d.published == "2024-03-05"
    assert d.lang == "ar"
    assert "هبطتا في قاعدة الجفرة الجوية فجر الثلاثاء" in d.text
    assert "الرئيسية" not in d.text  # navigation is not article text
    assert "جميع الحقوق" not in d.text


def test_english_html() -> None:
    [d] = docs(GOOD / "en_page.html")
    assert (d.title, d.source, d.url, d.published, d.lang) == (
        "Turkish drones seen at Mitiga", "Coastal Times", "https://coastaltimes.example/2024/04/mitiga-drones",
        "2024-04-18", "en")
    assert "three drones parked near the northern apron of Mitiga airport" in d.text


def test_utf16_text_with_levantine_dateline_and_source_line() -> None:
    [d] = docs(GOOD / "ar_utf16.txt")
    assert d.text.startswith("تعزيزات جديدة في الكفرة\n")
    assert (d.title, d.source, d.published, d.lang) == ("تعزيزات جديدة في الكفرة", "راديو الجنوب", "2024-02-02", "ar")
    assert d.id == d.path == str(GOOD / "ar_utf16.txt")


def test_iso_8859_6_text() -> None:
    [d] = docs(GOOD / "ar_iso8859_6.txt")
    assert d.text.startswith("حركة في معطن السارة\n\nأفاد سكان في المنطقة")
    assert (d.source, d.published, d.lang) == ("نشرة الصحراء", "", "ar")


def test_utf8_bom_text() -> None:
    [d] = docs(GOOD / "ar_utf8_bom.txt")
    assert not d.text.startswith("\ufeff")
    assert (d.title, d.published, d.source) == ("زيارة وفد عسكري إلى بنغازي", "2023-12-14", "unknown")


def test_markdown_and_french() -> None:
    [md] = docs(GOOD / "en_note.md")
    assert (md.title, md.source, md.published, md.lang) == (
        "Flights into Jufra", "Libya Observer Digest", "2024-03-05", "en")
    [fr] = docs(GOOD / "fr_article.txt")
    assert (fr.title, fr.lang) == ("Des avions cargo à Syrte", "fr")


def test_rss() -> None:
    a, b = docs(GOOD / "libya_watch.rss")
    assert a == Document(
        id="https://libyawatch.example/2024/05/khadim",
        text="Two cargo flights landed at Al Khadim on Sunday.\nResidents of Benghazi reported the noise & lights.",
        source="Libya Watch Weekly", url="https://libyawatch.example/2024/05/khadim",
        title="Cargo flights at Al Khadim", published="2024-05-06T06:30:00+00:00", lang="en",
        path=str(GOOD / "libya_watch.rss"),
    )
    assert b.text == "Nothing moved at Kufra airport this week, local sources said."  # from the summary
    assert (b.id, b.published) == ("https://libyawatch.example/2024/05/kufra", "2024-05-14T10:00:00+00:00")


def test_atom() -> None:
    [d] = docs(GOOD / "sahara.atom")
    assert (d.id, d.source, d.url, d.title, d.published, d.lang, d.text) == (
        "urn:uuid:4b1f2c8e-1", "مرصد الصحراء", "https://sahara-observatory.example/2024/06/sirte",
        "هبوط طائرة في سرت", "2024-06-02T12:00:00+00:00", "ar", "هبطت طائرة نقل عسكرية في مطار سرت صباح الأحد.")


def test_json_array_and_object(tmp_path: Path) -> None:
    a, b = docs(GOOD / "array.json")
    assert (a.id, a.source, a.title, a.published, a.lang) == ("a-1", "الساحل", "مناورات قرب طرابلس", "2024-01-20", "ar")
    assert (b.id, b.lang, b.url) == ("a-2", "en", "https://alsahil.example/a-2")
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"text": "Sirte", "source": "X"}), encoding="utf-8")
    [d] = docs(one)
    assert (d.id, d.text, d.source) == (str(one), "Sirte", "X")


def test_jsonl() -> None:
    a, b = docs(GOOD / "lines.jsonl")
    assert (a.id, a.source, b.id, b.source) == ("l-1", "Wire One", "l-2", "Wire Two")
    assert a.text == b.text


def test_csv_with_custom_columns() -> None:
    fields = {"id": "guid", "title": "headline", "text": "body", "url": "link", "source": "outlet", "published": "date"}
    a, b = docs(FIX / "custom" / "custom_columns.csv", options=ReaderOptions(fields=fields))
    assert (a.id, a.title, a.source, a.published, a.url) == (
        "c-1", "Patrols near Sirte", "Desert Post", "2024-02-10", "https://desertpost.example/c-1")
    assert b.text == "Work on the runway at Jufra continued; two cranes were seen."  # ; inside quotes, ; delimiter
    assert problems(FIX / "custom" / "custom_columns.csv") == [
        f"{FIX / 'custom' / 'custom_columns.csv'}:1: no 'text' column (columns: guid, headline, body, link, outlet, date);"
        " name the text column with --field text=COLUMN"
    ]


def test_csv_row_problems(tmp_path: Path) -> None:
    f = tmp_path / "rows.csv"
    f.write_text("id,text,source\n1,Sirte patrols,A\n2,,A\n3,Jufra,A,extra\n\n4,Kufra,A\n", encoding="utf-8")
    items = list(read_path(str(f)))
    assert [i.id for i in items if isinstance(i, Document)] == ["1", "4"]
    assert [str(i) for i in items if isinstance(i, ReadProblem)] == [
        f"{f}:3: field 'text' is empty",
        f"{f}:4: row has 4 cells, the header has 3",
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("broken.json", "broken.json:2: malformed JSON (Expecting ',' delimiter at line 2 column 2)"),
        ("broken.xml", "broken.xml:20: malformed XML feed (mismatched tag)"),
        ("broken.csv", "broken.csv:2: malformed CSV (unexpected end of data)"),
        ("binary.txt", "binary.txt: binary file (a PNG image), not text"),
        ("empty.txt", "empty.txt: empty file"),
        ("undecodable.txt",
         "undecodable.txt: undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text"),
    ],
)
def test_bad_files(name: str, expected: str) -> None:
    assert problems(BAD / name) == [f"{BAD}/{expected}"]


def test_json_item_problems(tmp_path: Path) -> None:
    f = tmp_path / "items.json"
    f.write_text(json.dumps([{"text": "Sirte"}, {"id": "x"}, 3, {"text": 4}]), encoding="utf-8")
    assert problems(f) == [f"{f}: item 2: no 'text' field", f"{f}: item 3: expected a JSON object, got int",
                           f"{f}: item 4: field 'text' is int, not a string"]
    f.write_text("[]", encoding="utf-8")
    assert problems(f) == [f"{f}: empty JSON array"]
    f.write_text('"just a string"', encoding="utf-8")
    assert problems(f) == [f"{f}: expected a JSON object or an array of objects, got str"]


def test_feed_entry_without_text(tmp_path: Path) -> None:
    f = tmp_path / "f.rss"
    f.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                 "<item><title>x</title><link>https://t.example/1</link></item></channel></rss>", encoding="utf-8")
    assert problems(f) == [f"{f}: entry 1 (https://t.example/1): no content or summary"]


def test_registry() -> None:
    assert sorted(FORMATS) == ["csv", "feed", "html", "json", "jsonl", "parquet", "text", "warc"]
    assert format_name("RSS") == "feed"
    assert format_name(".md") == "text"
    with pytest.raises(InputError) as info:
        format_name("docx")
    assert str(info.value) == "unknown format 'docx'; choose one of: csv, feed, html, json, jsonl, parquet, text, warc"


def test_format_option_overrides_extension(tmp_path: Path) -> None:
    f = tmp_path / "feed.txt"
    f.write_bytes((GOOD / "sahara.atom").read_bytes())
    [d] = docs(f, fmt="feed")
    assert d.source == "مرصد الصحراء"
    [t] = docs(f)
    assert t.text.startswith("<?xml")  # read as text by its extension


@pytest.mark.parametrize(
    ("data", "ctype", "fmt"),
    [
        (b'<?xml version="1.0"?><rss>', "", "feed"),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'>", "", "feed"),
        (b"<!DOCTYPE html><html>", "", "html"),
        (b'[{"text": "a"}]', "", "json"),
        (b'{"text": "a"}\n{"text": "b"}\n', "", "jsonl"),
        (b'{"text": "a"}', "", "json"),
        (b"plain words", "", "text"),
        (b"anything", "application/rss+xml; charset=utf-8", "feed"),
        (b"anything", "text/html", "html"),
    ],
)
def test_sniff(data: bytes, ctype: str, fmt: str) -> None:
    assert sniff_format(data, ctype) == fmt


def test_folder_walk_sorted_recursive_known_extensions(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "deep").mkdir(parents=True)
    (tmp_path / ".hidden").mkdir()
    for rel in ("z.txt", "b/x.json", "a/deep/y.rss", "a/c.md", "a/img.png", ".hidden/h.txt", ".dot.txt"):
        (tmp_path / rel).write_text("x", encoding="utf-8")
    got = expand_inputs([str(tmp_path)])
    assert got == [Input(str(tmp_path / p)) for p in ("a/c.md", "a/deep/y.rss", "b/x.json", "z.txt")]
    assert expand_inputs(["-", "https://x.example/feed"]) == [Input("<stdin>", "stdin"),
                                                             Input("https://x.example/feed", "url")]


def test_unreadable_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "missing.txt")
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert expand_inputs([str(link), str(fifo), str(tmp_path / "nope.txt")]) == [
        ReadProblem(str(link), f"dangling symbolic link to {str(tmp_path / 'missing.txt')!r}"),
        ReadProblem(str(fifo), "not a regular file (a FIFO); give a file or a folder"),
        ReadProblem(str(tmp_path / "nope.txt"), "no such file or folder"),
    ]
    ok = tmp_path / "ok.txt"
    ok.write_text("Sirte", encoding="utf-8")
    real_open = open

    def deny(path: object, *a: object, **k: object) -> object:
        if str(path) == str(ok):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    assert problems(ok) == [f"{ok}: cannot read: Permission denied"]


def test_html_to_text() -> None:
    assert html_to_text("<p>a &amp; b</p><p>second  <b>para</b></p><script>x()</script>") == "a & b\nsecond para"
    assert html_to_text("no tags") == "no tags"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("طرابلس - ٥ مارس ٢٠٢٤ - وصلت", "2024-03-05"),
        ("بنغازي، 12 كانون الثاني 2024 (رويترز)", "2024-01-12"),
        ("سبها، 3 تشرين الأول 2023", "2023-10-03"),
        ("الكفرة 7 أيار 2024", "2024-05-07"),
        ("1 ديسمبر 2025", "2025-12-01"),
        ("TRIPOLI, March 5, 2024 (Reuters) -", "2024-03-05"),
        ("Published on the 3rd of Sept. 2023", "2023-09-03"),
        ("Benghazi, 14 Feb 2022 —", "2022-02-14"),
        ("updated 2021-06-30", "2021-06-30"),
        ("31 فبراير 2024 then 2 March 2024", "2024-03-02"),
        ("no date here", ""),
    ],
)
def test_find_dateline(text: str, iso: str) -> None:
    assert find_dateline(text) == iso


def test_dateline_only_near_the_start() -> None:
    assert find_dateline("x" * 500 + " March 5, 2024") == ""


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("2024-03-05", "2024-03-05"),
        ("2024-03-05T10:00:00Z", "2024-03-05T10:00:00+00:00"),
        ("2024-03-05T12:00:00+02:00", "2024-03-05T10:00:00+00:00"),
        ("2024-03-05 10:00", "2024-03-05T10:00:00"),
        ("Tue, 05 Mar 2024 08:30:00 +0100", "2024-03-05T07:30:00+00:00"),
        ("5 آذار 2024", "2024-03-05"),
        ("garbage", ""),
        ("", ""),
    ],
)
def test_parse_date(value: str, iso: str) -> None:
    assert parse_date(value) == iso


def test_detect_lang() -> None:
    assert detect_lang("وصلت طائرة شحن إلى الجفرة") == "ar"
    assert detect_lang("The general visited the base at Jufra") == "en"
    assert detect_lang("Le général a visité la base de la Jufra avec les officiers") == "fr"
    assert detect_lang("قال المصدر إن Jufra base") == "ar"
    assert detect_lang("12345 --") == ""


def test_source_fallback_order() -> None:
    d = Document(id="1", text="Sirte", url="https://www.desertpost.example/a")
    assert complete(d).source == "desertpost.example"
    assert complete(d, feed_title="Feed T").source == "Feed T"
    assert complete(Document(id="1", text="Sirte", source="Own", url=d.url), feed_title="Feed T").source == "Own"
    assert complete(Document(id="1", text="Sirte", source="Own"), source="Option").source == "Option"
    assert complete(Document(id="1", text="Sirte")).source == "unknown"
    assert source_from_url("") == ""


def test_date_precedence() -> None:
    d = Document(id="1", text="TRIPOLI, March 5, 2024 — Sirte", published="2024-01-01")
    assert complete(d).published == "2024-01-01"
    assert complete(d, published="2023-07-07").published == "2023-07-07"
    assert complete(Document(id="1", text=d.text)).published == "2024-03-05"


def test_folder_walk_skips_the_folders_own_documentation(tmp_path: Path) -> None:
    from geotrack.readers import expand_inputs

    (tmp_path / "README.md").write_text("# About this folder: Jufra, Kufra, Benina", encoding="utf-8")
    (tmp_path / "LICENSE.txt").write_text("MIT", encoding="utf-8")
    (tmp_path / "article.txt").write_text("Flights reached Jufra.", encoding="utf-8")
    names = [Path(i.path).name for i in expand_inputs([str(tmp_path)])]  # type: ignore[union-attr]
    assert names == ["article.txt"]
    explicit = expand_inputs([str(tmp_path / "README.md")])
    assert [Path(i.path).name for i in explicit] == ["README.md"]  # type: ignore[union-attr]


def test_json_escaped_lone_surrogates_become_replacement_characters(tmp_path: Path) -> None:
    """A JSON "\\ud800" escape that pairs with nothing cannot be encoded, stored or scanned: each becomes
    U+FFFD (one for one, offsets unchanged) in every field; a real pair stays the character it encodes."""
    lines = tmp_path / "s.jsonl"
    lines.write_text(
        '{"id": "a", "text": "Jets at Jufra \\ud800 air base \\ud83d\\ude00.", "title": "T \\udfff"}\n'
        '{"id": "b", "text": "Plain \\u0627\\u0644\\u062c\\u0641\\u0631\\u0629 text"}\n', encoding="utf-8")
    a, b = docs(lines)
    assert a.text == "Jets at Jufra \ufffd air base \U0001f600." and a.title == "T \ufffd"
    assert b.text == "Plain الجفرة text"
    one = tmp_path / "one.json"
    one.write_text('[{"id": "c", "text": "Near Sirte \\uDC80 airport"}]', encoding="utf-8")
    [c] = docs(one)
    assert c.text == "Near Sirte \ufffd airport" and c.lang == "en"


def test_detect_lang_ignores_lone_surrogates() -> None:
    assert detect_lang("the base \ud800 of the army") == "en"
    assert detect_lang("\udc80 قاعدة الجفرة") == "ar"
