"""Bad inputs without the noise: repeated problems summarised per file, stray bytes replaced and located,
short UTF-16 without a BOM, pages whose article the extractor cannot find, files read as streams."""

from __future__ import annotations

import io
import json
import logging
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from geotrack.cli import app
from geotrack.models import Document
from geotrack.readers import Input, read_input, read_path
from geotrack.readers.base import ReadProblem, summarised
from geotrack.readers.decode import HEAD_SIZE, DecodedLines, binary_reason, decode
from geotrack.readers.htmlpage import plain_text

ARABIC = "وصلت طائرتا شحن إلى قاعدة الجفرة الجوية فجر الثلاثاء، وقال مصدر عسكري إن الشحنة شملت معدات دفاع جوي."
ENGLISH = "Two cargo aircraft landed at Jufra air base on Tuesday, a military source said."


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _ours(caplog: pytest.LogCaptureFixture) -> list[str]:
    """geotrack's log messages (trafilatura logs its own)."""
    return [r.getMessage() for r in caplog.records if r.name == "geotrack"]


# -- repeated problems ----------------------------------------------------------------------------------

def test_an_array_of_numbers_is_one_line_not_five_thousand(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "data.json"
    data.write_text(json.dumps(list(range(5000))), encoding="utf-8")
    result = runner.invoke(app, ["ingest", str(data), "--db", str(tmp_path / "x.db"), "-q", "-o", "json"])
    assert result.exit_code == 1
    assert result.stderr == f"failed: {data}: 5000 items skipped: expected a JSON object, got int (items 1, 2, 3, …)\n"
    summary = json.loads(result.stdout)
    assert (summary["read"], summary["failed"]) == (0, 5000)
    assert summary["problems"] == [{"path": str(data), "line": None, "count": 5000,
                                    "reason": "5000 items skipped: expected a JSON object, got int (items 1, 2, 3, …)"}]


def test_bad_lines_are_summarised_by_kind_in_order(tmp_path: Path) -> None:
    f = tmp_path / "mixed.jsonl"
    lines = [json.dumps({"text": f"Patrol {i} near Sirte."}) for i in range(12)]
    for i in (1, 3, 5, 7, 9):
        lines[i] = "not json " * i
    lines[4] = json.dumps({"title": "no text"})
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_path(str(f)))
    assert [it.id for it in items if isinstance(it, Document)] == [f"{f}:{n}" for n in (1, 3, 7, 9, 11, 12)]
    assert [str(p) for p in items if isinstance(p, ReadProblem)] == [
        f"{f}: 5 lines skipped: not JSON (Expecting value at column 1) (lines 2, 4, 6, …)",
        f"{f}:5: no 'text' field",
    ]


def test_three_problems_of_a_kind_stay_one_by_one(tmp_path: Path) -> None:
    f = tmp_path / "three.json"
    f.write_text(json.dumps([{"text": "Kufra"}, 1, 2, 3]), encoding="utf-8")
    assert [str(p) for p in read_path(str(f)) if isinstance(p, ReadProblem)] == [
        f"{f}: item {n}: expected a JSON object, got int" for n in (2, 3, 4)]


@given(st.lists(st.one_of(st.integers(1, 5), st.just(0)), max_size=60))
def test_summaries_keep_every_document_and_count_every_problem(kinds: list[int]) -> None:
    items: list[Document | ReadProblem] = []
    for n, kind in enumerate(kinds, start=1):
        if kind:
            items.append(ReadProblem("f.jsonl", f"reason {'AB'[kind % 2]} of {n}", n))  # two kinds, numbers aside
        else:
            items.append(Document(id=str(n), text="x"))
    out = list(summarised(iter(items)))
    assert [d for d in out if isinstance(d, Document)] == [d for d in items if isinstance(d, Document)]
    problems = [p for p in out if isinstance(p, ReadProblem)]
    assert sum(p.count for p in problems) == len(items) - len([d for d in items if isinstance(d, Document)])
    for letter in "AB":
        of_kind = [p for p in items if isinstance(p, ReadProblem) and p.reason.startswith(f"reason {letter} ")]
        shown = [p for p in problems if f"reason {letter} " in p.reason]
        assert shown == (of_kind if len(of_kind) <= 3 else [ReadProblem(
            "f.jsonl", f"{len(of_kind)} lines skipped: {of_kind[0].reason} (lines"
            f" {', '.join(str(p.line) for p in of_kind[:3])}, …)", count=len(of_kind))])


# -- stray bytes and short UTF-16 --------------------------------------------------------------------------

def test_a_stray_byte_in_utf8_is_replaced_and_located(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = f"{ARABIC}\n{ENGLISH} {ARABIC}\n{ARABIC}\n"
    raw = text.encode("utf-8")
    cut = len(f"{ARABIC}\n{ENGLISH} ".encode())
    f = tmp_path / "stray.txt"
    f.write_bytes(raw[:cut] + b"\xff" + raw[cut:])
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        [doc] = list(read_path(str(f)))
    assert isinstance(doc, Document)
    assert doc.text == f"{ARABIC}\n{ENGLISH} \ufffd{ARABIC}\n{ARABIC}\n"
    assert _ours(caplog) == [f"{f}: a byte sequence that is not valid UTF-8 was replaced by U+FFFD"
                               f" (line 2, column {len(ENGLISH) + 2})"]


def test_stray_bytes_in_a_long_jsonl_are_replaced_line_by_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    lines = [json.dumps({"text": f"{ENGLISH} ({n})"}).encode() for n in range(200)]
    for n in (10, 150, 151, 190):
        lines[n] = lines[n].replace(b"Tuesday", b"Tues\xe9day")
    f = tmp_path / "stray.jsonl"
    f.write_bytes(b"\n".join(lines) + b"\n")
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        docs = list(read_path(str(f)))
    assert len(docs) == 200 and all(isinstance(d, Document) for d in docs)
    assert docs[10].text == ENGLISH.replace("Tuesday", "Tues\ufffdday") + " (10)"  # type: ignore[union-attr]
    col = len('{"text": "') + ENGLISH.index("Tuesday") + len("Tues") + 1
    assert _ours(caplog) == [f"{f}: 4 byte sequences that are not valid UTF-8 were replaced by U+FFFD"
                               f" (line 11, column {col}; line 151, column {col}; line 152, column {col}; …)"]


@pytest.mark.parametrize("text", ["Kufra", "K", "الجفرة", "Jufra base\n", "قاعدة الجفرة الجوية"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_short_utf16_without_a_bom(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    assert binary_reason(data) is None
    assert decode(data) == text


def test_binary_is_told_from_the_first_bytes() -> None:
    assert binary_reason(b"\0" * HEAD_SIZE) == "binary file (contains NUL bytes), not text"
    assert binary_reason(b"%PDF-1.7 ...") == "binary file (a PDF document), not text"
    assert binary_reason((ENGLISH * 10).encode("utf-16-le")) is None
    assert binary_reason(ARABIC.encode("utf-8")) is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_streamed_lines_equal_the_whole_file_decoded(encoding: str) -> None:
    text = "".join(f"{ARABIC} {n}\r\n" if n % 3 else f"{ARABIC} {n}\n" for n in range(5000))
    lines = DecodedLines(io.BytesIO(text.encode(encoding)), "x.txt")
    assert "".join(lines) == text
    assert not lines.blank and lines.replaced == 0


def test_stdin_and_files_are_streamed_alike(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(json.dumps({"id": f"a{n}", "text": f"{ARABIC} {n}"}, ensure_ascii=False) + "\n"
                   for n in range(3000))
    f = tmp_path / "big.jsonl"
    f.write_text(body, encoding="utf-8")
    from_file = list(read_input(Input(str(f))))
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(body.encode("utf-8"))))
    from_stdin = list(read_input(Input("<stdin>", "stdin")))
    assert len(from_file) == 3000
    assert [d.text for d in from_file] == [d.text for d in from_stdin]  # type: ignore[union-attr]


# -- pages the article extractor fails on ------------------------------------------------------------------

ARTICLE = "<p>Two cargo aircraft landed at al-Jufra air base on Tuesday, a military source said.</p>" * 3


def test_an_article_in_deeply_nested_divs_is_stored_as_plain_text(tmp_path: Path,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "deep.html"
    f.write_text("<html><head><title>Deep &amp; nested</title></head><body>" + "<div>" * 100_000 + ARTICLE
                 + "</div>" * 100_000 + "</body></html>", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        [doc] = list(read_path(str(f)))
    assert isinstance(doc, Document)
    assert doc.text == "\n".join(["Two cargo aircraft landed at al-Jufra air base on Tuesday, a military source said."]
                                 * 3)
    assert doc.title == "Deep & nested"
    assert _ours(caplog) == [f"{f}: no article text found in the HTML page; stored the page's plain text instead"
                               " (menus and all)"]


def test_a_page_on_one_very_long_line_skips_the_extractor(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    f = tmp_path / "long.html"
    page = "<html><body><article>" + ARTICLE + "<span>word</span> " * 300_000 + "</article></body></html>"
    f.write_text(page, encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="geotrack"):
        [doc] = list(read_path(str(f)))
    assert isinstance(doc, Document)
    assert doc.text.startswith("Two cargo aircraft landed at al-Jufra air base on Tuesday")
    assert _ours(caplog) == [f"{f}: the page is too long for article extraction ({len(page):,} characters); stored"
                               " the page's plain text instead (menus and all)"]


def test_a_page_without_text_is_still_a_problem(tmp_path: Path) -> None:
    f = tmp_path / "empty.html"
    f.write_text("<html><head><title>Nothing here</title></head><body><script>var x = 1;</script></body></html>",
                 encoding="utf-8")
    assert [str(p) for p in read_path(str(f))] == [f"{f}: no article text found in the HTML page"]


def test_plain_text_drops_scripts_comments_and_tags() -> None:
    page = ("<p>Jufra &amp; Kufra</p><!-- <p>hidden</p> --><script>if (a < b) { x = '</p>'; }</script>"
            "<div>Sabha<br>Tamanhint</div><style>p { color: red }</style><p>unclosed <b>bold")
    assert plain_text(page) == "Jufra & Kufra\nSabha\nTamanhint\nunclosed bold"
    assert plain_text("<p>before</p><script>never closed <p>gone") == "before"
    assert plain_text("a <<<<<<<< b") == "a <<<<<<<< b"
