"""`-f xlsx`: the ledger as an Excel workbook, for people who audit in a spreadsheet.

Three sheets: *Claims* (one row a record: frozen header, autofilter, column widths, wrapped text,
`score` a number, `is_claim` a boolean, uncited claims highlighted, citation cells linking to
their reference rows, link URLs as real hyperlinks), *References* (one row an entry; DOI and URL
cells are hyperlinks) and *Summary* (one row a document, then the total).

XlsxWriter (BSD) writes it: a write-only library with typed cell writes, so every text cell is
written as a string and nothing from a document ever becomes a formula (its automatic
string-to-formula and string-to-URL conversions are turned off as well). The workbook is built
in memory and written out at the end: the output stays atomic like every other format.
"""

from __future__ import annotations

import io
from typing import Any

from ..fields import Field
from ..ledger import DOCUMENT_FIELD, DocumentLedger, Summary
from . import REFERENCES, Writer

_URL_LIMIT = 2079  # Excel's longest hyperlink
_LINKS_A_SHEET = 65530  # Excel's most hyperlinks a sheet; later ones are written as text
_CELL_LIMIT = 32767  # Excel's longest cell
_CUT = " … [cut: Excel holds 32,767 characters a cell; the full text is in csv/jsonl]"
_SUMMARY = (
    ("doc", 24), ("format", 8), ("language", 8), ("sentences", 9), ("claims", 8), ("cited_claims", 10),
    ("uncited_claims", 10), ("markers", 8), ("links", 7), ("flagged", 8), ("reference_entries", 10),
    ("missing_entries", 20), ("uncited_entries", 20),
)


def _columns(fields: tuple[Field, ...]) -> tuple[tuple[str, int], ...]:
    """A sheet's (title, width) columns, from the row schema (`ledger.RECORD_FIELDS`)."""
    return tuple((f.sheet.title or f.name, f.sheet.width) for f in fields)


class WorkbookWriter(Writer):
    """The claim ledger (or, for `claimtrace references`, the reference table) as .xlsx."""

    parts = False  # links claims to entries written before them: whole documents only

    binary = True

    def begin(self) -> None:
        import xlsxwriter

        self.buffer = io.BytesIO()
        self.book = xlsxwriter.Workbook(self.buffer, {
            "in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False,
        })
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.top = self.book.add_format({"valign": "top"})
        self.uncited = self.book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FCE4D6"})
        self.link = self.book.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
        self.score = self.book.add_format({"num_format": "0.0000", "valign": "top"})
        self.claims_sheet = self._sheet("Claims", _columns(self.table.sheet_fields)) if self.table.is_ledger else None
        self.refs = self._sheet("References", _columns(REFERENCES.sheet_fields))
        self.summary = self._sheet("Summary", _SUMMARY)
        self.rows = {"Claims": 1, "References": 1, "Summary": 1}
        self.entries = 0  # reference entries of every document, for the total row
        self.links_left: dict[str, int] = {}

    def _sheet(self, name: str, columns: tuple[tuple[str, int], ...]) -> Any:
        sheet = self.book.add_worksheet(name)
        for col, (title, width) in enumerate(columns):
            sheet.write_string(0, col, title, self.header)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        return sheet

    def _string(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        text = "" if value is None else str(value)
        if len(text) > _CELL_LIMIT:  # Excel's cell limit: cut visibly, never silently
            text = text[: _CELL_LIMIT - len(_CUT)] + _CUT
        sheet.write_string(row, col, text, fmt or self.top)

    def _link(self, sheet: Any, row: int, col: int, url: str, shown: str) -> bool:
        """Write a hyperlink if the sheet can still hold one; whether it did."""
        left = self.links_left.get(sheet.name, _LINKS_A_SHEET)
        if left <= 0:
            return False
        self.links_left[sheet.name] = left - 1
        return sheet.write_url(row, col, url, self.link, string=shown) >= 0

    def _url(self, sheet: Any, row: int, col: int, url: str, shown: str | None = None) -> None:
        """A real hyperlink when Excel can hold it, else the URL as text."""
        if url.lower().startswith(("http://", "https://")) and len(url) <= _URL_LIMIT:
            if self._link(sheet, row, col, url, shown or url):
                return
        self._string(sheet, row, col, shown or url)

    def document(self, ledger: DocumentLedger) -> None:
        ref_rows: dict[int, int] = {}
        for ref in ledger.references:
            row = self.rows["References"]
            ref_rows.setdefault(ref.number, row)
            self._reference(row, ledger, ref)
            self.rows["References"] = row + 1
        if self.claims_sheet is not None:
            for record in ledger.rows(self.include_all):
                row = self.rows["Claims"]
                self._record(row, record, ref_rows)
                self.rows["Claims"] = row + 1
        self._summary_row(self.rows["Summary"], ledger.doc, ledger.summary, ledger)
        self.rows["Summary"] += 1
        self.entries += len(ledger.references)

    def _record(self, row: int, r: Any, ref_rows: dict[int, int]) -> None:
        for col, f in enumerate(self.table.sheet_fields):
            if f.sheet.cell == "sentence":  # uncited claims highlighted
                self._string(self.claims_sheet, row, col, r.text, self.uncited if r.is_claim and not r.is_cited else self.wrap)
            elif f.sheet.cell == "cited_entries":
                self._cited_entries(row, col, r.citations, ref_rows)
            else:
                self._cell(self.claims_sheet, row, col, f, getattr(r, f.name))

    def _cited_entries(self, row: int, col: int, citations: tuple[int, ...], ref_rows: dict[int, int]) -> None:
        """The cited numbers, linking to the first cited entry's row (past Excel's 65,530 links a
        sheet: text)."""
        shown = ";".join(map(str, citations))
        target = next((ref_rows[n] for n in citations if n in ref_rows), None)
        if target is None or not self._link(self.claims_sheet, row, col, f"internal:'References'!A{target + 1}", shown):
            self._string(self.claims_sheet, row, col, shown)

    def _reference(self, row: int, ledger: DocumentLedger, ref: Any) -> None:
        for col, f in enumerate(REFERENCES.sheet_fields):
            value = ledger.doc if f is DOCUMENT_FIELD else getattr(ref, f.name)
            self._cell(self.refs, row, col, f, value)

    def _cell(self, s: Any, row: int, col: int, f: Field, value: Any) -> None:
        """One cell as the field's `Sheet` says: a number, a boolean, a score, a link, or text."""
        cell = f.sheet.cell or f.type.sheet_cell
        if cell == "number":
            if value is None:
                self._string(s, row, col, "")
            else:
                s.write_number(row, col, value, self.top)
        elif cell == "boolean":
            s.write_boolean(row, col, value, self.top)
        elif cell == "score":
            if value is None:
                self._string(s, row, col, "")
            else:
                s.write_number(row, col, value, self.score)
        elif cell in ("link_urls", "first_url", "doi"):
            self._links(s, row, col, cell, value)
        else:
            if cell == "joined":
                value = "; ".join(map(str, value))
            elif cell == "lines":
                value = "\n".join(map(str, value))
            else:
                value = f.type.json(value)
            self._string(s, row, col, value, self.wrap if f.sheet.wrap else None)

    def _links(self, s: Any, row: int, col: int, cell: str, value: Any) -> None:
        if not value:
            self._string(s, row, col, "")
        elif cell == "link_urls":  # a sentence's links: the first one linked, every URL shown
            self._url(s, row, col, value[0].url, "\n".join(link.url for link in value))
        elif cell == "first_url":
            self._url(s, row, col, value[0])
        else:
            self._url(s, row, col, f"https://doi.org/{value}", value)

    def _summary_row(self, row: int, name: str, summary: Summary, ledger: DocumentLedger | None) -> None:
        s = self.summary
        report = ledger.integrity if ledger is not None else None
        counts = summary.to_dict()
        for col, (field, _) in enumerate(_SUMMARY):
            if field == "doc":
                self._string(s, row, col, name)
            elif field in ("format", "language"):
                self._string(s, row, col, getattr(ledger, field) if ledger is not None else "")
            elif field == "reference_entries":
                s.write_number(row, col, len(ledger.references) if ledger is not None else self.entries, self.top)
            elif field in ("missing_entries", "uncited_entries"):
                self._string(s, row, col, ";".join(map(str, getattr(report, field))) if report else "", self.wrap)
            else:
                s.write_number(row, col, counts[field], self.top)

    def end(self, summary: Summary) -> None:
        self._summary_row(self.rows["Summary"], "(all documents)", summary, None)
        for sheet, columns in ((self.claims_sheet, self.table.sheet_fields), (self.refs, REFERENCES.sheet_fields),
                               (self.summary, _SUMMARY)):
            if sheet is not None:
                last = max(self.rows[sheet.name] - 1, 1)
                sheet.autofilter(0, 0, last, len(columns) - 1)
        self.book.close()
        self.stream.write(self.buffer.getvalue())
