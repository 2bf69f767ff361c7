"""Hostile feeds: entity declarations are refused before parsing, in bounded time and memory; nothing a
DOCTYPE names is ever fetched (geotrack.readers.feed)."""

from __future__ import annotations

import subprocess
import sys
import threading
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geotrack.models import Document
from geotrack.readers.base import Item, Origin, ReaderOptions, ReadProblem
from geotrack.readers.feed import declared_entity, read_feed
from tests.paths import ROOT

ITEM = ("<item><title>Kufra</title><link>https://example.invalid/1</link>"
        "<description>Flights landed at Kufra airport.</description></item>")
REFUSAL = ("refused unread, as entity expansion can take gigabytes of memory; ask the publisher for a feed"
           " without a DOCTYPE declaring entities")


def rss(prolog: str, body: str = ITEM) -> str:
    return f'{prolog}<rss version="2.0"><channel><title>Watch</title>{body}</channel></rss>'


def read(data: bytes, path: str = "feed.xml") -> list[Item]:
    return list(read_feed(data, Origin(path), ReaderOptions()))


def problems(data: bytes, path: str = "feed.xml") -> list[str]:
    return [str(i) for i in read(data, path) if isinstance(i, ReadProblem)]


def quadratic_feed(entity_size: int = 50_000, references: int = 3_000) -> bytes:
    """One large internal entity referenced thousands of times: ~150 MB once expanded."""
    prolog = f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY big "{"A" * entity_size}">\n]>\n'
    return rss(prolog, f"<item><title>x</title><description>{'&big;' * references}</description></item>").encode()


# -- the quadratic blowup ------------------------------------------------------------------------------
def test_quadratic_blowup_is_refused_with_the_file_and_the_reason() -> None:
    data = quadratic_feed()
    assert 60_000 < len(data) < 70_000
    assert problems(data, "https://example.invalid/feed.rss") == [
        f"https://example.invalid/feed.rss:3: the feed declares an XML entity ('<!ENTITY big \"{'A' * 46}...'):"
        f" {REFUSAL}"
    ]


def test_quadratic_blowup_of_160_kb_stays_small_in_memory() -> None:
    data = quadratic_feed(50_000, 22_000)  # the campaign's 160 KB feed: 1.1 GB once expanded
    assert 150_000 < len(data) < 170_000
    tracemalloc.start()
    try:
        out = read(data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [type(i) for i in out] == [ReadProblem]
    assert peak < 8 * len(data) + 2_000_000  # a few copies of the input at most: ~1.5 MB here


def test_quadratic_blowup_peak_rss_of_a_process() -> None:
    """Peak RSS of a process reading the hostile feed against one reading a normal feed (same imports)."""
    script = """
import resource, sys
from geotrack.readers.base import Origin, ReaderOptions
from geotrack.readers.feed import read_feed
sys.path.insert(0, sys.argv[2])
from tests.readers.test_feed_hardening import quadratic_feed, rss
data = quadratic_feed(50_000, 22_000) if sys.argv[1] == "hostile" else rss("").encode()
out = list(read_feed(data, Origin("f.xml"), ReaderOptions()))
print(len(out), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
    here = str(ROOT)  # the script imports this module as tests.readers.test_feed_hardening
    peaks = {}
    for kind in ("normal", "hostile"):
        done = subprocess.run([sys.executable, "-c", script, kind, here], capture_output=True, text=True,
                              check=True, timeout=120)
        count, peak_kb = done.stdout.split()
        assert count == "1"
        peaks[kind] = int(peak_kb)
    assert peaks["hostile"] - peaks["normal"] < 30_000  # KB: a few MB in practice, not 4.7 GB


# -- other entity tricks ---------------------------------------------------------------------------------
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n' for i in range(1, 10))
    + "]>\n"
)


@pytest.mark.parametrize(
    ("prolog", "line", "decl"),
    [
        (BILLION_LAUGHS, 3, '<!ENTITY lol "lol">'),
        ('<!DOCTYPE rss [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>\n', 2,
         '<!ENTITY xxe SYSTEM "file:///etc/passwd">'),
        # a parameter entity, with odd whitespace
        ('<!DOCTYPE rss [<!ENTITY\t%\n remote SYSTEM "http://127.0.0.1:9/x.dtd"> %remote;]>', 1,
         '<!ENTITY % remote SYSTEM "http://127.0.0.1:9/x.dtd">'),
        # a comment before the DOCTYPE that looks like a root element
        ('<!-- <rss> -->\n<!DOCTYPE rss [\n<!ENTITY a "b">\n]>\n', 3, '<!ENTITY a "b">'),
        # a quoted system literal that looks like a root element
        ('<!DOCTYPE rss SYSTEM "<rss" [\n<!ENTITY a "b">\n]>\n', 2, '<!ENTITY a "b">'),
        # an entity hidden in a comment of the internal subset: feedparser would revive it
        ('<!DOCTYPE rss [\n<!--\n<!ENTITY a "b">\n-->\n]>\n', 3, '<!ENTITY a "b">'),
        # after the DOCTYPE, in a comment: feedparser turns it into a declaration
        ('<!DOCTYPE rss>\n<!--\n<!ENTITY big "x">\n-->\n', 3, '<!ENTITY big "x">'),
        # lower case (not XML, but refused all the same)
        ('<!DOCTYPE rss [\n<!entity a "b">\n]>\n', 2, '<!entity a "b">'),
        # a declaration longer than the quoted part
        (f'<!DOCTYPE rss [\n<!ENTITY long "{"x" * 80}">\n]>\n', 2, '<!ENTITY long "' + "x" * 45 + "..."),
    ],
)
def test_entity_declarations_are_refused(prolog: str, line: int, decl: str) -> None:
    assert problems(rss(prolog).encode()) == [
        f"feed.xml:{line}: the feed declares an XML entity ({decl!r}): {REFUSAL}"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig", "utf-32"])
def test_entity_declarations_in_other_encodings_are_refused(encoding: str) -> None:
    prolog = f'<?xml version="1.0" encoding="{encoding.removesuffix("-sig")}"?>\n<!DOCTYPE rss [\n<!ENTITY a "b">\n]>\n'
    assert problems(rss(prolog).encode(encoding)) == [
        f"feed.xml:3: the feed declares an XML entity ('<!ENTITY a \"b\">'): {REFUSAL}"]


def test_a_declared_encoding_feedparser_honours_cannot_hide_a_declaration() -> None:
    """EBCDIC (cp037) is feedparser's to detect: the view of the bytes it parses is checked too."""
    data = rss('<?xml version="1.0" encoding="cp037"?>\n<!DOCTYPE rss [\n<!ENTITY a "b">\n]>\n').encode("cp037")
    assert declared_entity(data) == (None, '<!ENTITY a "b">')
    # (geotrack's own decoding refuses it earlier still)
    assert problems(data) == ["feed.xml: undecodable: not UTF-8, UTF-16, Windows-1256, ISO-8859-6 or Windows-1252 text"]


@pytest.mark.parametrize(
    "prolog",
    [
        "",
        '<?xml version="1.0" encoding="utf-8"?>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"\n'
        ' "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n',
        '<!-- a comment --><?xml-stylesheet type="text/xsl" href="style.xsl"?>\n',
    ],
)
def test_feeds_without_entity_declarations_are_read(prolog: str) -> None:
    (doc,) = read(rss(prolog).encode())
    assert isinstance(doc, Document)
    assert doc.text == "Flights landed at Kufra airport."


def test_entity_text_inside_an_entry_is_not_a_declaration() -> None:
    body = ("<item><title>XML</title><description><![CDATA[<p>Kufra: an <!ENTITY x \"y\"> is declared"
            " in a DOCTYPE.</p>]]></description></item>")
    (doc,) = read(rss('<?xml version="1.0"?>\n', body).encode())
    assert isinstance(doc, Document)
    assert doc.text == 'Kufra: an <!ENTITY x "y"> is declared in a DOCTYPE.'


def test_a_feed_without_a_root_element_is_searched_whole() -> None:
    assert declared_entity(b"<!DOCTYPE rss [ <!ENTITY a 'b'> ") == (1, "<!ENTITY a 'b'>")
    assert declared_entity(b"no markup at all") is None
    assert declared_entity(b"<!DOCTYPE rss [ unterminated 'quote <!ENTITY a 'b'>") == (1, "<!ENTITY a 'b'>")


# -- nothing is fetched ------------------------------------------------------------------------------------
@pytest.fixture
def counting_server() -> Iterator[tuple[str, list[str]]]:
    paths: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            paths.append(self.path)
            body = b'<!ENTITY remote "fetched">'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", paths
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_external_entities_and_dtds_are_never_fetched(counting_server: tuple[str, list[str]]) -> None:
    base, paths = counting_server
    xxe = rss(f'<!DOCTYPE rss [\n<!ENTITY remote SYSTEM "{base}/entity">\n]>\n',
              "<item><title>x</title><description>&remote;</description></item>").encode()
    assert problems(xxe) == [
        f"feed.xml:2: the feed declares an XML entity ('<!ENTITY remote SYSTEM \"{base}/entity\">'): {REFUSAL}"]
    external_dtd = rss(f'<!DOCTYPE rss SYSTEM "{base}/rss.dtd">\n').encode()
    (doc,) = read(external_dtd)
    assert isinstance(doc, Document)
    assert paths == []


# -- property: refused exactly when a declaration is in the prolog --------------------------------------
PIECES = st.sampled_from([
    "\n", "  ", "<!-- note -->", "<!-- <rss> ' \" [ ] > -->", '<?xml-stylesheet href="a.xsl"?>', "<?pi ]> ?>",
])
SUBSET_PIECES = st.sampled_from([
    "\n", "<!ELEMENT rss ANY>", '<!ATTLIST rss version CDATA "2.0">', "<!-- ] > -->", "<?pi ] > ?>",
])
ENTITIES = st.sampled_from(['<!ENTITY a "b">', "<!ENTITY % p 'q'>", '<!ENTITY big "' + "A" * 500 + '">'])


@settings(max_examples=150, deadline=None)
@given(before=st.lists(PIECES, max_size=3), subset=st.lists(SUBSET_PIECES, max_size=3),
       entity=st.none() | ENTITIES, at=st.integers(0, 3), after=st.lists(PIECES, max_size=3),
       encoding=st.sampled_from(["utf-8", "utf-16"]))
def test_refused_exactly_when_the_prolog_declares_an_entity(before: list[str], subset: list[str],
                                                            entity: str | None, at: int, after: list[str],
                                                            encoding: str) -> None:
    decls = list(subset)
    if entity is not None:
        decls.insert(min(at, len(decls)), entity)
    doctype = f"<!DOCTYPE rss [{''.join(decls)}]>" if decls else "<!DOCTYPE rss>"
    prolog = f'<?xml version="1.0" encoding="{encoding}"?>' + "".join(before) + doctype + "".join(after)
    out = read(rss(prolog).encode(encoding))
    if entity is None:  # read, or malformed to feedparser (it cuts a DOCTYPE at its first ">")
        assert len(out) == 1
        assert isinstance(out[0], Document) or out[0].reason.startswith("malformed XML feed")
        if not subset:
            assert isinstance(out[0], Document)
    else:
        assert len(out) == 1
        assert isinstance(out[0], ReadProblem)
        shown = entity if len(entity) <= 60 else entity[:60] + "..."
        assert out[0].reason == f"the feed declares an XML entity ({shown!r}): {REFUSAL}"
