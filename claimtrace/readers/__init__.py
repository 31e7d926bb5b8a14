"""Readers turn one input (bytes of some format) into `SourceText`. A reader never classifies.

`read_bytes` is the single entry point: it picks a reader from the file name (or an explicit
format), decodes text formats (each by its own BOM or declaration unless an encoding is
given) and reports unreadable input as `InputError` with a one-line message.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Callable, Iterator

from ..defaults import DEFAULT_MAX_BYTES, INPUT_FORMATS
from ..errors import InputError, UsageError
from .source import SourceText, Span
from .text import read_text

__all__ = [
    "DEFAULT_MAX_BYTES", "INPUT_FORMATS", "SourceText", "Span", "format_for_name", "read_bytes", "sniff_format",
    "read_file_bytes", "read_path", "text_chunks", "file_size",
]

# Binary formats get the raw bytes; text formats get the decoded string.
TextReader = Callable[[str, str], SourceText]
BinaryReader = Callable[[str, bytes], SourceText]

_EXTENSIONS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}
# Extensions a directory walk picks up.
DIRECTORY_EXTENSIONS = tuple(sorted(_EXTENSIONS))


_HTML_START = re.compile(rb"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.IGNORECASE | re.DOTALL)


def sniff_format(data: bytes) -> str:
    """The format of nameless input (stdin) by its first bytes: `html` for a page that starts
    like one (`<!DOCTYPE html>`, `<html>`), else `text`."""
    head = data[:1024].lstrip(codecs.BOM_UTF8)
    return "html" if _HTML_START.match(head) else "text"


def format_for_name(name: str) -> str:
    """The input format a file name implies; unknown extensions are read as plain text."""
    return _EXTENSIONS.get(Path(name).suffix.lower(), "text")


def _text_reader(fmt: str) -> TextReader:
    if fmt == "text":
        return read_text
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown
    if fmt == "html":
        from .html import read_html

        return read_html
    raise UsageError(f"unknown input format '{fmt}'")


def _binary_reader(fmt: str) -> BinaryReader:
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf
    raise UsageError(f"unknown input format '{fmt}'")


_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def check_encoding(encoding: str) -> None:
    """Refuse, as a usage error, an encoding that cannot decode text (`base64`, `undefined`)."""
    try:
        info = codecs.lookup(encoding)
        b"a".decode(info.name)
    except UnicodeDecodeError:
        pass  # a byte that this encoding cannot decode alone (UTF-16): a real text encoding
    except LookupError:
        raise UsageError(f"unknown encoding '{encoding}'") from None
    except (UnicodeError, ValueError, TypeError):
        raise UsageError(f"encoding '{encoding}' cannot decode text") from None
    if not getattr(info, "_is_text_encoding", True):
        raise UsageError(f"encoding '{encoding}' cannot decode text")


# `<meta charset="x">`, `<meta http-equiv="Content-Type" content="text/html; charset=x">` and
# `<?xml version="1.0" encoding="x"?>`, looked for where they must be: in the first 4 KiB.
_DECLARED = re.compile(
    rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']?(?P<xml>[\w.:-]{1,40})|<meta[^>]{0,300}?charset\s*=\s*["']?(?P<meta>[\w.:-]{1,40})""",
    re.IGNORECASE,
)
# What browsers do with these labels (WHATWG Encoding): Latin-1 and ASCII mean windows-1252.
_WHATWG_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252", "us-ascii": "cp1252",
                   "ascii": "cp1252", "iso8859-1": "cp1252"}


def declared_encoding(data: bytes, fmt: str) -> str | None:
    """The encoding a text input declares: a byte-order mark, else (HTML and XHTML) its meta
    charset or XML declaration; None when it declares none or an unknown one."""
    bom = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if bom or data.startswith(codecs.BOM_UTF8):
        return bom or "utf-8-sig"
    if fmt != "html":
        return None
    match = _DECLARED.search(data, 0, 4096)
    if not match:
        return None
    label = (match.group("xml") or match.group("meta")).decode("ascii").lower()
    label = _WHATWG_ALIASES.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that says UTF-16 in ASCII bytes is not UTF-16 (WHATWG: read it as UTF-8).
    return "utf-8-sig" if name.startswith(("utf-16", "utf-32", "utf-8")) else name


def _codec(doc: str, head: bytes, encoding: str | None, fmt: str) -> tuple[str, str]:
    """The codec to decode an input by (from its first bytes, see `decode`) and its shown name.

    Raises `InputError` for binary data and `UsageError` for an unusable `encoding`."""
    if encoding is None:
        codec = declared_encoding(head, fmt) or "utf-8-sig"
        shown = codec.replace("-sig", "")
    else:
        codec = shown = encoding.lower().replace("_", "-")
        if codec in ("utf-8", "utf8"):
            codec = next((name for bom, name in _BOMS if head.startswith(bom)), "utf-8-sig")
    # NUL bytes are normal in UTF-16/32 text and mean "binary" anywhere else.
    if not codec.startswith(("utf-16", "utf-32", "utf16", "utf32")) and b"\x00" in head[:8192]:
        hint = " (UTF-16 without a BOM? try --encoding utf-16)" if _looks_utf16(head[:8192]) else ""
        raise InputError(f"{doc}: looks like a binary file, not text{hint}")
    check_encoding(codec)
    return codec, shown


def _looks_utf16(head: bytes) -> bool:
    """Whether NUL bytes sit where UTF-16 puts them in mostly-ASCII text: on one side of nearly
    every byte pair, the other side not NUL. An ELF executable or a zip has NULs here and there,
    and gets no UTF-16 hint (issue 22: `/bin/ls` was told to try --encoding utf-16)."""
    pairs = len(head) // 2
    if pairs < 2:
        return False
    for side in (0, 1):
        nul = head[side::2][:pairs].count(0)
        other = head[1 - side::2][:pairs].count(0)
        if nul >= 0.9 * pairs and other <= 0.1 * pairs:
            return True
    return False


def _undecodable(doc: str, shown: str, exc: Exception, offset: int = 0) -> InputError:
    if isinstance(exc, UnicodeDecodeError):
        return InputError(f"{doc}: cannot decode as {shown} at byte {offset + exc.start}; try --encoding latin-1")
    return InputError(f"{doc}: cannot decode as {shown} ({exc})")


def decode(doc: str, data: bytes, encoding: str | None = None, fmt: str = "text") -> str:
    """Decode text input. By default (`encoding` None) each input by its own declaration: a BOM
    (UTF-8, UTF-16, UTF-32), an HTML meta charset or XML declaration, else UTF-8. A given
    `encoding` overrides the declaration (UTF-8 still reads a UTF-8 or UTF-16 BOM). Binary
    data is refused."""
    codec, shown = _codec(doc, data, encoding, fmt)
    try:
        return data.decode(codec)
    except (UnicodeError, ValueError) as exc:
        raise _undecodable(doc, shown, exc) from None


def read_bytes(
    doc: str, data: bytes, fmt: str | None = None, encoding: str | None = None, keep_boilerplate: bool = False,
) -> SourceText:
    """Turn the bytes of one input into `SourceText`; `fmt` defaults to the name's extension.

    A web page is cut to its main content (`readers.html`) unless `keep_boilerplate`.
    """
    fmt = fmt or format_for_name(doc)
    if fmt in ("docx", "pdf"):
        return _binary_reader(fmt)(doc, data)
    text = decode(doc, data, encoding, fmt)
    if fmt == "html":
        from .html import read_html

        return read_html(doc, text, keep_boilerplate=keep_boilerplate)
    return _text_reader(fmt)(doc, text)




def _too_large(doc: str, size: int, max_bytes: int) -> InputError:
    return InputError(f"{doc}: {size:,} bytes is over the {max_bytes:,}-byte limit (raise it with --max-bytes)")


_NO_LIMIT_FROM = 1 << 62  # a limit this large is no limit (and must not overflow a read)


def byte_limit(max_bytes: object) -> int | None:
    """`max_bytes` checked: None or 0 for no limit, else a positive whole number of bytes."""
    if max_bytes is None:
        return None
    if not isinstance(max_bytes, int) or isinstance(max_bytes, bool):
        raise TypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")
    if max_bytes < 0:
        raise ValueError(f"max_bytes must not be negative, not {max_bytes}")
    return max_bytes if 0 < max_bytes < _NO_LIMIT_FROM else None


def readable_name(name: str) -> str:
    """A path as text that any UTF-8 output can hold: bytes that are not UTF-8 (kept by Python as
    lone surrogates) are shown as `\\xff`."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def read_file_bytes(path: str | os.PathLike[str], max_bytes: int | None = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most `max_bytes` (None or 0: no limit).

    FIFOs, devices and sockets are refused, never read: `/dev/zero` would fill memory and a FIFO
    would block forever. The file is opened without blocking and checked on the open handle.
    """
    return b"".join(_file_blocks(path, max_bytes, -1))


def file_size(path: str | os.PathLike[str]) -> int | None:
    """The size of a regular file in bytes; None for anything else (or a path that cannot be read)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def _file_blocks(path: str | os.PathLike[str], max_bytes: int | None, block: int) -> Iterator[bytes]:
    """A regular file's bytes, `block` bytes at a time (-1: all at once), checked as
    `read_file_bytes` says."""
    name = readable_name(os.fspath(path))
    max_bytes = byte_limit(max_bytes)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"{name}: is a directory")
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"{name}: not a regular file (a FIFO, device or socket)")
        if max_bytes and info.st_size > max_bytes:
            raise _too_large(name, info.st_size, max_bytes)
        total = 0
        with os.fdopen(fd, "rb", closefd=False) as stream:
            while True:
                try:
                    data = stream.read(max_bytes + 1 if max_bytes and block < 0 else block)
                except OSError as exc:
                    raise InputError(f"{name}: cannot read ({exc.strerror})") from None
                total += len(data)
                if max_bytes and total > max_bytes:  # the file grew while we read it
                    raise _too_large(name, total, max_bytes)
                if data or block < 0:
                    yield data
                if not data or block < 0:
                    return
    finally:
        os.close(fd)


def text_chunks(
    path: str | os.PathLike[str], encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
    size: int = 1 << 20,
) -> Iterator[str]:
    """A plain-text file's text, decoded as `read_path` decodes it, in pieces of about `size`
    bytes that end at a line end (the last one may not): what a document too large to hold is
    read by. Raises `InputError` as `read_path` does, at the piece where the problem is."""
    name = readable_name(os.fspath(path))
    decoder = None
    shown = ""
    offset = 0  # bytes handed to the decoder so far
    pending = ""  # decoded text after the last line end
    # At least 8 KiB at a time: the first block is what the encoding and the binary check read.
    for data in _file_blocks(path, max_bytes, max(size, 8192)):
        if decoder is None:
            codec, shown = _codec(name, data, encoding, "text")
            decoder = codecs.getincrementaldecoder(codec)("strict")
        held = len(decoder.getstate()[0])
        try:
            text = pending + decoder.decode(data)
        except (UnicodeError, ValueError) as exc:
            raise _undecodable(name, shown, exc, offset - held) from None
        offset += len(data)
        cut = text.rfind("\n") + 1
        if cut:
            yield text[:cut]
        pending = text[cut:]
    if decoder is not None:
        try:
            pending += decoder.decode(b"", final=True)
        except (UnicodeError, ValueError) as exc:
            raise _undecodable(name, shown, exc, offset - len(decoder.getstate()[0])) from None
    if pending:
        yield pending


def read_path(
    path: str | os.PathLike[str], fmt: str | None = None, encoding: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES, keep_boilerplate: bool = False,
) -> SourceText:
    """Read one regular file from disk (see `read_bytes` and `read_file_bytes`)."""
    data = read_file_bytes(path, max_bytes)
    return read_bytes(readable_name(os.fspath(path)), data, fmt=fmt, encoding=encoding, keep_boilerplate=keep_boilerplate)
