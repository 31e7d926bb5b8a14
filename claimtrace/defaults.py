"""The names and defaults the command line shows before any work is done: output formats, input
formats, the default claim model and the input size limit. Light on purpose: `claimtrace --help`
reads them without importing the library."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Format(str, Enum):
    """Output formats of `claimtrace extract`."""

    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"
    parquet = "parquet"
    html = "html"
    jsonl = "jsonl"
    json = "json"
    table = "table"


@dataclass(frozen=True)
class Reader:
    """One input format: the function that reads it (`module.function` in `claimtrace.readers`,
    imported on first use), whether it takes raw bytes (else decoded text), the file
    extensions it is chosen by, and whether it judges boilerplate (`--keep-boilerplate`)."""

    name: str
    module: str
    function: str
    extensions: tuple[str, ...]
    binary: bool = False
    boilerplate: bool = False


# The input formats: dispatch (`readers.read_bytes`), `--input-format`'s help and its error,
# the extensions a file name and a directory walk go by all derive from this table.
# Where a new reader goes: a module in `readers/` and a row here.
READERS = (
    Reader("text", "text", "read_text", (".txt", ".text")),
    Reader("markdown", "markdown", "read_markdown", (".md", ".markdown")),
    Reader("html", "html", "read_html", (".html", ".htm", ".xhtml"), boilerplate=True),
    Reader("docx", "docx", "read_docx", (".docx",), binary=True),
    Reader("pdf", "pdf", "read_pdf", (".pdf",), binary=True),
)
INPUT_FORMATS = tuple(r.name for r in READERS)
DEFAULT_MODEL = "default"
MODELS = ("default", "rules")
# Inputs larger than this are refused unless the caller raises the limit (`--max-bytes`): a
# mistyped path to a disk image or a log must be one line of error, not all the memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# Plain-text files this large are read in parts, a window of paragraphs at a time, so memory
# does not grow with the file (`--stream-from`, `pipeline.extract_stream`).
STREAM_FROM = 16 * 1024 * 1024
# ... and so are plain-text files of this many lines or more, however small: a file of short
# one-line paragraphs holds a record (about 1.8 KB when read whole) every few bytes; 200,000
# lines of 17 bytes took 362 MB whole, 65 MB in parts.
STREAM_LINES = 100_000
# Seconds a Dask scheduler may take to accept the connection and say hello (`--connect-timeout`,
# `scheduler.probe`): a port that never answers costs this, not minutes.
CONNECT_TIMEOUT = 3.0
