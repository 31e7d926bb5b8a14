"""Readers turn one input (bytes of some format) into `SourceText`. A reader never classifies.

`read_bytes` is the single entry point: it picks a reader from the file name (or an explicit
format), decodes text formats with the requested encoding and reports unreadable input as
`InputError` with a one-line message.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from .source import SourceText, Span
from .text import read_text

__all__ = [
    "DEFAULT_MAX_BYTES", "INPUT_FORMATS", "SourceText", "Span", "format_for_name", "read_bytes",
    "read_file_bytes", "read_path",
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
INPUT_FORMATS = ("text", "markdown", "html", "docx", "pdf")
# Extensions a directory walk picks up.
DIRECTORY_EXTENSIONS = tuple(sorted(_EXTENSIONS))


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


def decode(doc: str, data: bytes, encoding: str = "utf-8") -> str:
    """Decode text input: UTF-8 with or without a BOM by default, UTF-16/32 when a BOM says so
    (Windows "Unicode" text files), any codec by name. Binary data is refused."""
    codec = encoding.lower().replace("_", "-")
    if codec in ("utf-8", "utf8"):
        codec = next((name for bom, name in _BOMS if data.startswith(bom)), "utf-8-sig")
    # NUL bytes are normal in UTF-16/32 text and mean "binary" anywhere else.
    if not codec.startswith(("utf-16", "utf-32", "utf16", "utf32")) and b"\x00" in data[:8192]:
        raise InputError(
            f"{doc}: looks like a binary file, not text (UTF-16 without a BOM? try --encoding utf-16)"
        )
    check_encoding(codec)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{doc}: cannot decode as {encoding} at byte {exc.start}; try --encoding latin-1"
        ) from None
    except (UnicodeError, ValueError) as exc:
        raise InputError(f"{doc}: cannot decode as {encoding} ({exc})") from None


def read_bytes(doc: str, data: bytes, fmt: str | None = None, encoding: str = "utf-8") -> SourceText:
    """Turn the bytes of one input into `SourceText`; `fmt` defaults to the name's extension."""
    fmt = fmt or format_for_name(doc)
    if fmt in ("docx", "pdf"):
        return _binary_reader(fmt)(doc, data)
    return _text_reader(fmt)(doc, decode(doc, data, encoding))


# Inputs larger than this are refused unless the caller raises the limit (`--max-bytes`): a
# mistyped path to a disk image or a log must be one line of error, not all the memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024


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
        with os.fdopen(fd, "rb", closefd=False) as stream:
            data = stream.read(max_bytes + 1 if max_bytes else -1)
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror})") from None
    finally:
        os.close(fd)
    if max_bytes and len(data) > max_bytes:  # the file grew while we read it
        raise _too_large(name, len(data), max_bytes)
    return data


def read_path(
    path: str | os.PathLike[str], fmt: str | None = None, encoding: str = "utf-8",
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> SourceText:
    """Read one regular file from disk (see `read_bytes` and `read_file_bytes`)."""
    return read_bytes(readable_name(os.fspath(path)), read_file_bytes(path, max_bytes), fmt=fmt, encoding=encoding)
