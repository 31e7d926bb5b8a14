"""Readers turn one input (bytes of some format) into `SourceText`. A reader never classifies.

`read_bytes` is the single entry point: it picks a reader from the file name (or an explicit
format), decodes text formats with the requested encoding and reports unreadable input as
`InputError` with a one-line message.
"""

from __future__ import annotations

import codecs
import os
from pathlib import Path
from typing import Callable

from ..errors import InputError, UsageError
from .source import SourceText, Span
from .text import read_text

__all__ = ["SourceText", "Span", "read_bytes", "read_path", "INPUT_FORMATS", "format_for_name"]

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
    try:
        return data.decode(codec)
    except LookupError:
        raise UsageError(f"unknown encoding '{encoding}'") from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{doc}: cannot decode as {encoding} at byte {exc.start}; try --encoding latin-1"
        ) from None


def read_bytes(doc: str, data: bytes, fmt: str | None = None, encoding: str = "utf-8") -> SourceText:
    """Turn the bytes of one input into `SourceText`; `fmt` defaults to the name's extension."""
    fmt = fmt or format_for_name(doc)
    if fmt in ("docx", "pdf"):
        return _binary_reader(fmt)(doc, data)
    return _text_reader(fmt)(doc, decode(doc, data, encoding))


def read_path(path: str | os.PathLike[str], fmt: str | None = None, encoding: str = "utf-8") -> SourceText:
    """Read one file from disk (see `read_bytes`)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from None
    return read_bytes(str(path), data, fmt=fmt, encoding=encoding)
