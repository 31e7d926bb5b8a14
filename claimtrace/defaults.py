"""The names and defaults the command line shows before any work is done: output formats, input
formats, the default claim model and the input size limit. Light on purpose: `claimtrace --help`
reads them without importing the library."""

from __future__ import annotations

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


INPUT_FORMATS = ("text", "markdown", "html", "docx", "pdf")
DEFAULT_MODEL = "default"
MODELS = ("default", "rules")
# Inputs larger than this are refused unless the caller raises the limit (`--max-bytes`): a
# mistyped path to a disk image or a log must be one line of error, not all the memory.
DEFAULT_MAX_BYTES = 256 * 1024 * 1024
# Plain-text files this large are read in parts, a window of paragraphs at a time, so memory
# does not grow with the file (`--stream-from`, `pipeline.extract_stream`).
STREAM_FROM = 16 * 1024 * 1024
# Seconds a Dask scheduler may take to accept the connection and say hello (`--connect-timeout`,
# `scheduler.probe`): a port that never answers costs this, not minutes.
CONNECT_TIMEOUT = 3.0
