"""Readers turn files, folders, feeds and stdin into :class:`~geotrack.models.Document` objects.

One small module per format, behind a registry (:data:`FORMATS`): ``text`` (``.txt``, ``.md``),
``html`` (``.html``, ``.htm``), ``json``, ``jsonl`` (``.jsonl``, ``.ndjson``), ``csv`` (``.csv``,
``.tsv``), ``feed`` (RSS/Atom: ``.rss``, ``.atom``, ``.xml``, and URLs), ``warc`` (web archives:
``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``) and ``parquet`` (``.parquet``). The format comes from
``--format`` when given, else the extension, else (stdin, URLs, unknown extensions named explicitly)
from the content type or the first bytes.

Inputs (:func:`expand_inputs`): ``-`` is stdin; ``http(s)://`` is a URL; a folder is walked
recursively in sorted order, reading the files whose extension is known; hidden files and folders, the
folder's own README/LICENSE/CHANGELOG files, links to folders and other files (a saved page's images) are
passed over, each listed as :class:`Skipped` with the reason; anything else is a file. A missing path, a dangling
symbolic link, a FIFO or device, or a file that cannot be opened is a :class:`ReadProblem`.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from geotrack.errors import InputError
from geotrack.readers.base import (
    DOCUMENT_FIELDS,
    Item,
    Origin,
    Reader,
    ReaderOptions,
    ReadProblem,
    StreamReader,
    summarised,
)
from geotrack.readers.csvfile import read_csv, read_csv_stream
from geotrack.readers.decode import HEAD_SIZE, binary_reason, prefixed
from geotrack.readers.feed import looks_like_feed, read_feed
from geotrack.readers.htmlpage import read_html
from geotrack.readers.jsonfile import read_json
from geotrack.readers.jsonl import read_jsonl, read_jsonl_stream
from geotrack.readers.parquet import read_parquet, read_parquet_stream
from geotrack.readers.textfile import read_text
from geotrack.readers.warc import read_warc, read_warc_stream

FORMATS: dict[str, Reader] = {
    "csv": read_csv,
    "feed": read_feed,
    "html": read_html,
    "json": read_json,
    "jsonl": read_jsonl,
    "parquet": read_parquet,
    "text": read_text,
    "warc": read_warc,
}
ALIASES = {"txt": "text", "md": "text", "markdown": "text", "htm": "html", "rss": "feed", "atom": "feed",
           "xml": "feed", "ndjson": "jsonl", "tsv": "csv", "arc": "warc", "warc.gz": "warc", "arc.gz": "warc",
           "pq": "parquet"}
EXTENSIONS = {
    ".txt": "text", ".md": "text", ".markdown": "text", ".html": "html", ".htm": "html", ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "csv", ".rss": "feed", ".atom": "feed",
    ".xml": "feed", ".warc": "warc", ".warc.gz": "warc", ".arc": "warc", ".arc.gz": "warc", ".parquet": "parquet",
}
STDIN = "<stdin>"


def extension_format(name: str) -> str | None:
    """The format of a file name's extension (``.warc.gz`` read as one), or ``None``."""
    suffixes = Path(name).suffixes
    double = "".join(suffixes[-2:]).lower()
    if len(suffixes) > 1 and double in EXTENSIONS:
        return EXTENSIONS[double]
    return EXTENSIONS.get(Path(name).suffix.lower())


def _gzip_head(data: bytes) -> bytes:
    """The first bytes a gzip stream's head decompresses to (``b""`` when it does not)."""
    import zlib

    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:HEAD_SIZE], 64)
    except zlib.error:
        return b""


def format_name(name: str) -> str:
    """The registered format for ``name`` (aliases such as ``rss`` or ``txt`` accepted)."""
    key = name.lower().lstrip(".")
    key = ALIASES.get(key, key)
    if key not in FORMATS:
        msg = f"unknown format {name!r}; choose one of: {', '.join(sorted(FORMATS))}"
        raise InputError(msg)
    return key


def reader_for(name: str) -> Reader:
    return FORMATS[format_name(name)]


def sniff_format(data: bytes, content_type: str = "") -> str:
    """The format of bytes without a telling extension: by content type, else by the first bytes."""
    ctype = content_type.split(";")[0].strip().lower()
    if data.startswith(b"PAR1"):
        return "parquet"
    if data.startswith((b"WARC/", b"filedesc://")) or (data.startswith(b"\x1f\x8b")
                                                       and _gzip_head(data).startswith((b"WARC/", b"filedesc://"))):
        return "warc"
    if ctype.endswith(("rss+xml", "atom+xml", "/xml")):
        return "feed"
    if ctype in ("text/html", "application/xhtml+xml"):
        return "html"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if looks_like_feed(data):
        return "feed"
    if head.startswith((b"<!doctype html", b"<html")) or b"<body" in head:
        return "html"
    if head.startswith(b"["):
        return "json"
    if head.startswith(b"{"):
        first, _, rest = head.partition(b"\n")
        return "jsonl" if first.rstrip().endswith(b"}") and rest.strip().startswith(b"{") else "json"
    return "text"


@dataclass(frozen=True)
class Input:
    """One thing to read: a file, ``<stdin>`` or a URL."""

    path: str
    kind: str = "file"  # file | stdin | url


def _special(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not a regular file"


def _check_file(path: Path) -> ReadProblem | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            return ReadProblem(str(path), f"dangling symbolic link to {os.readlink(path)!r}")
        return ReadProblem(str(path), "no such file or folder")
    except OSError as exc:
        return ReadProblem(str(path), f"cannot read: {exc.strerror or exc}")
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        return ReadProblem(str(path), f"not a regular file ({_special(st.st_mode)}); give a file or a folder")
    return None


#: A folder's own documentation is not an article: README.md, LICENSE.txt ... are skipped in folder walks
#: (name them explicitly to ingest them).
_PROJECT_FILES = frozenset({"README", "LICENSE", "LICENCE", "CHANGELOG", "CHANGES", "NOTICE", "CONTRIBUTING"})


@dataclass(frozen=True)
class Skipped:
    """A file or folder passed over while walking a folder, and why (not a failure: nothing was wrong
    with it, it is just not read)."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"

    def to_dict(self) -> dict[str, str]:
        return {"path": self.path, "reason": self.reason}


_KNOWN_EXTENSIONS = ", ".join(sorted(EXTENSIONS))


def _skip_reason(name: str) -> str:
    """Why a file of a walked folder is not read, or ``""`` when it is."""
    suffix = Path(name).suffix.lower()
    if name.startswith("."):
        return "hidden file (its name starts with '.')"
    if extension_format(name) is None:
        what = f"extension {Path(name).suffix!r}" if suffix else "no extension"
        return f"{what}: not a format read in folders ({_KNOWN_EXTENSIONS}); name the file itself to read it"
    if Path(name).stem.upper() in _PROJECT_FILES:
        return "the folder's own documentation, not an article; name the file itself to read it"
    return ""


def _walk(folder: Path, skipped: list[Skipped] | None = None) -> Iterator[Input | ReadProblem]:
    """Files with a known extension under ``folder``, in sorted path order (``a/b.txt`` before ``c.txt``);
    what is passed over (:func:`_skip_reason`, hidden folders, links to folders) goes to ``skipped``."""
    found: list[Path] = []
    passed: list[Skipped] = []
    for root, dirs, files in os.walk(folder, followlinks=False):
        kept = []
        for d in dirs:
            if d.startswith("."):
                passed.append(Skipped(str(Path(root) / d), "hidden folder (its name starts with '.'): not walked"))
            elif (Path(root) / d).is_symlink():
                passed.append(Skipped(str(Path(root) / d), "symbolic link to a folder: not followed; name the folder"
                                                           " itself to read it"))
            else:
                kept.append(d)
        dirs[:] = kept
        for name in files:
            reason = _skip_reason(name)
            if reason:
                passed.append(Skipped(str(Path(root) / name), reason))
            else:
                found.append(Path(root) / name)
    if skipped is not None:
        skipped.extend(sorted(passed, key=lambda s: Path(s.path).relative_to(folder).parts))
    for path in sorted(found, key=lambda p: p.relative_to(folder).parts):
        problem = _check_file(path)
        yield problem if problem else Input(str(path))


def expand_inputs(paths: list[str] | tuple[str, ...], skipped: list[Skipped] | None = None) -> list[Input | ReadProblem]:
    """The inputs named by ``paths``, folders expanded (see the module doc); the files and folders a walk
    passes over are added to ``skipped`` when it is given."""
    out: list[Input | ReadProblem] = []
    for raw in paths:
        if raw == "-":
            out.append(Input(STDIN, "stdin"))
        elif raw.startswith(("http://", "https://")):
            out.append(Input(raw, "url"))
        else:
            path = Path(raw)
            problem = _check_file(path)
            if problem:
                out.append(problem)
            elif path.is_dir():
                out.extend(_walk(path, skipped))
            else:
                out.append(Input(raw))
    return out


#: Formats read as a stream, line by line or row by row: memory does not grow with the file.
STREAM_FORMATS: dict[str, StreamReader] = {
    "csv": read_csv_stream,
    "jsonl": read_jsonl_stream,
    "parquet": read_parquet_stream,
    "warc": read_warc_stream,
}
#: Binary formats: read as they are, without the check that refuses binary data.
BINARY_FORMATS = frozenset({"parquet", "warc"})


def read_input(inp: Input, fmt: str | None = None, options: ReaderOptions | None = None) -> Iterator[Item]:
    """Every document (or problem) of a file or of stdin, read as it goes.

    The first :data:`~geotrack.readers.decode.HEAD_SIZE` bytes choose the format (when neither ``fmt``
    nor the extension does) and refuse binary data (a 2 GB file of NUL bytes is refused after 64 KB);
    JSON Lines and CSV are then read line by line (:data:`STREAM_FORMATS`), other formats whole (one
    document, or one JSON value, a file)."""
    options = options or ReaderOptions()
    try:
        fh: BinaryIO = sys.stdin.buffer if inp.kind == "stdin" else open(inp.path, "rb")  # noqa: SIM115
    except OSError as exc:
        yield ReadProblem(inp.path, f"cannot read: {exc.strerror or exc}")
        return
    origin = Origin(inp.path)
    try:
        head = fh.read(HEAD_SIZE)
        name = format_name(fmt) if fmt else (extension_format(inp.path) if inp.kind == "file"
                                               else None) or sniff_format(head)
        reason = binary_reason(head) if name not in BINARY_FORMATS else ""
        if reason:
            yield ReadProblem(inp.path, reason)
            return
        stream_reader = STREAM_FORMATS.get(name)
        if stream_reader is not None and name in BINARY_FORMATS and fh.seekable():
            fh.seek(0)  # a seekable file is read from its start as it is (Parquet reads its footer first)
            yield from stream_reader(fh, origin, options)
        elif stream_reader is not None:
            yield from stream_reader(prefixed(head, fh), origin, options)
        else:
            yield from FORMATS[name](head + fh.read(), origin, options)
    except OSError as exc:
        yield ReadProblem(inp.path, f"cannot read: {exc.strerror or exc}")
    finally:
        if inp.kind != "stdin":
            fh.close()


def read_bytes(inp: Input) -> bytes:
    """The bytes of a file or of stdin; raises ``OSError``."""
    if inp.kind == "stdin":
        return sys.stdin.buffer.read()
    with open(inp.path, "rb") as fh:
        return fh.read()


def read_data(data: bytes, origin: Origin, fmt: str | None = None, options: ReaderOptions | None = None,
              content_type: str = "") -> Iterator[Item]:
    """Read the bytes of one input with the format given, else by extension, else sniffed."""
    if fmt:
        name = format_name(fmt)
    else:
        name = (extension_format(origin.path) if not origin.url else None) or sniff_format(data, content_type)
    return FORMATS[name](data, origin, options or ReaderOptions())


def read_path(path: str, fmt: str | None = None, options: ReaderOptions | None = None) -> Iterator[Item]:
    """Every document (or problem) in a local file or folder, or stdin for ``-``; URLs need
    :func:`geotrack.ingest` (they go through :class:`geotrack.http.Fetcher`)."""
    for inp in expand_inputs([path]):
        if isinstance(inp, ReadProblem):
            yield inp
            continue
        if inp.kind == "url":
            msg = f"{inp.path!r} is a URL; use geotrack.ingest, which fetches it"
            raise InputError(msg)
        yield from summarised(read_input(inp, fmt, options))


__all__ = [
    "DOCUMENT_FIELDS",
    "EXTENSIONS",
    "FORMATS",
    "STDIN",
    "STREAM_FORMATS",
    "Input",
    "Item",
    "Origin",
    "ReadProblem",
    "Reader",
    "ReaderOptions",
    "Skipped",
    "StreamReader",
    "expand_inputs",
    "extension_format",
    "format_name",
    "read_bytes",
    "read_data",
    "read_input",
    "read_path",
    "reader_for",
    "sniff_format",
    "summarised",
]
