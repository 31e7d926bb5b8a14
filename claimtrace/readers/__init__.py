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
from importlib import import_module
from pathlib import Path
from typing import Callable, Iterator

from ..defaults import DEFAULT_MAX_BYTES, INPUT_FORMATS, READERS, Reader
from ..errors import InputError, UsageError
from .source import SourceText, Span

__all__ = [
    "DEFAULT_MAX_BYTES", "INPUT_FORMATS", "SourceText", "Span", "format_for_name", "read_bytes", "sniff_format",
    "read_file_bytes", "read_path", "text_chunks", "file_size", "file_identity", "has_lines",
]

_READERS = {r.name: r for r in READERS}
_EXTENSIONS = {ext: r.name for r in READERS for ext in r.extensions}
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


def _reader(fmt: str) -> tuple[Reader, Callable[..., SourceText]]:
    """The registry's row for `fmt` (`defaults.READERS`) and its function, imported now."""
    entry = _READERS.get(fmt)
    if entry is None:
        raise UsageError(f"unknown input format '{fmt}' (choose from: {', '.join(INPUT_FORMATS)})")
    return entry, getattr(import_module(f".{entry.module}", __package__), entry.function)


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
# `<?xml version="1.0" encoding="x"?>`, looked for where they must be: in the first 4 KiB. An
# HTML comment is passed over whole, as a browser's prescan does: `<!-- <meta charset=koi8-r> -->`
# declares nothing (an unclosed comment runs to the end).
_DECLARED = re.compile(
    rb"""<!--.*?(?:-->|\Z)|<\?xml[^>]{0,200}?encoding\s*=\s*["']?\s*(?P<xml>[\w.:-]{1,40})|<meta[^>]{0,300}?charset\s*=\s*["']?\s*(?P<meta>[\w.:-]{1,40})""",
    re.IGNORECASE | re.DOTALL,
)

# The labels a page may declare, and what browsers decode it as: the WHATWG Encoding Standard's
# table (https://encoding.spec.whatwg.org/#names-and-labels), each encoding by its Python codec.
# Only these: `utf-7`, `unicode_escape`, `rot-13`, `base64` or `cp037` are Python codecs but no
# browser's, so a page that names one is read as if it named none (UTF-8). `iso-8859-1` and
# `ascii` mean windows-1252; GBK is read by the gb18030 decoder, EUC-KR as windows-949 and
# Big5 with the HKSCS extensions, as the standard says.
_REPLACEMENT = "replacement"
_WHATWG = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2 iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3 iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4 iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595 iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114 iso-8859-6 iso-8859-6-e "
                 "iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6 iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126 iso8859-7 iso88597 "
                 "iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138 iso8859-8 iso88598 "
                 "iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100 iso8859-1 iso88591 "
              "iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252 x-cp1252 x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9 iso_8859-9:1989 l5 latin5 "
              "windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58 x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc-jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022-jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987 ks_c_5601-1989 ksc5601 ksc_5601 windows-949",
    # A page's meta charset of UTF-16 is read as UTF-8 (its bytes are ASCII: it is not UTF-16).
    "utf-8-sig": "unicodefffe utf-16be csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le",
    # The "replacement" encoding: browsers show nothing of such a page but one U+FFFD.
    _REPLACEMENT: "csiso2022kr hz-gb-2312 iso-2022-cn iso-2022-cn-ext iso-2022-kr replacement",
}
_WHATWG_LABELS = {label: codec for codec, labels in _WHATWG.items() for label in labels.split()}


def declared_encoding(data: bytes, fmt: str) -> str | None:
    """The encoding a text input declares: a byte-order mark, else (HTML and XHTML) its meta
    charset or XML declaration; None when it declares none or an unknown one."""
    bom = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if bom or data.startswith(codecs.BOM_UTF8):
        return bom or "utf-8-sig"
    if fmt != "html":
        return None
    match = next((m for m in _DECLARED.finditer(data, 0, 4096) if m.lastgroup), None)  # not a comment
    if not match:
        return None
    label = (match.group("xml") or match.group("meta")).decode("ascii").strip().lower()
    codec = _WHATWG_LABELS.get(label)  # a label no browser knows declares nothing
    return "utf-8-sig" if codec == "utf-8" else codec


def _codec(doc: str, head: bytes, encoding: str | None, fmt: str) -> tuple[str, str]:
    """The codec to decode an input by (from its first bytes, see `decode`) and its shown name.

    Raises `InputError` for binary data and `UsageError` for an unusable `encoding`."""
    if encoding is None:
        codec = declared_encoding(head, fmt) or "utf-8-sig"
        if codec == _REPLACEMENT:
            raise InputError(f"{doc}: declares a charset that browsers do not decode (WHATWG's 'replacement' "
                             "encoding: ISO-2022-KR, HZ-GB-2312, ISO-2022-CN); pass --encoding to read it")
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
    entry, read = _reader(fmt or format_for_name(doc))
    if entry.binary:
        return read(doc, data)
    text = decode(doc, data, encoding, entry.name)
    if entry.boilerplate:
        return read(doc, text, keep_boilerplate=keep_boilerplate)
    return read(doc, text)




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


def has_lines(path: str | os.PathLike[str], lines: int) -> bool:
    """Whether the file holds at least `lines` line feeds, read in pieces and stopped as soon as
    it does (a UTF-16 file is over-counted, which only makes the answer yes sooner)."""
    if lines <= 0:
        return True
    seen = 0
    try:
        with open(path, "rb") as f:
            while piece := f.read(1 << 20):
                seen += piece.count(b"\n")
                if seen >= lines:
                    return True
    except (OSError, ValueError):
        return False
    return False


def file_identity(path: str | os.PathLike[str]) -> tuple[int, ...] | None:
    """What tells whether a file changed between two reads of it: its device, inode, size and
    modification time; None when it cannot be looked at."""
    try:
        return _identity(os.stat(path))
    except (OSError, ValueError):
        return None


def _identity(info: os.stat_result) -> tuple[int, ...]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _changed(name: str) -> InputError:
    return InputError(f"{name}: changed while it was read in parts (its size or modification time moved "
                      "between passes); its ledger would be wrong: read it again once it is complete")


def _file_blocks(
    path: str | os.PathLike[str], max_bytes: int | None, block: int, expect: tuple[int, ...] | None = None,
) -> Iterator[bytes]:
    """A regular file's bytes, `block` bytes at a time (-1: all at once), checked as
    `read_file_bytes` says; with `expect` (`file_identity`), a file that is not that one any
    more, at the start or at the end, is an `InputError`."""
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
        if expect is not None and _identity(info) != expect:
            raise _changed(name)
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
                if not data and expect is not None and (total != expect[2] or _identity(os.fstat(fd)) != expect):
                    raise _changed(name)  # truncated, grown or rewritten while this pass read it
                if not data or block < 0:
                    return
    finally:
        os.close(fd)


def text_chunks(
    path: str | os.PathLike[str], encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
    size: int = 1 << 20, expect: tuple[int, ...] | None = None,
) -> Iterator[str]:
    """A plain-text file's text, decoded as `read_path` decodes it, in pieces of about `size`
    bytes that end at a line end (the last one may not): what a document too large to hold is
    read by. Raises `InputError` as `read_path` does, at the piece where the problem is, and
    when the file is not `expect` (`file_identity`) any more: read again, it must be the same."""
    name = readable_name(os.fspath(path))
    decoder = None
    shown = ""
    offset = 0  # bytes handed to the decoder so far
    pending = ""  # decoded text after the last line end
    # At least 8 KiB at a time: the first block is what the encoding and the binary check read.
    for data in _file_blocks(path, max_bytes, max(size, 8192), expect):
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
