"""`-f xlsx`: the ledger as an Excel workbook, for people who audit in a spreadsheet.

Three sheets: *Claims* (one row a record: frozen header, autofilter, column widths, wrapped text,
`score` a number, `is_claim` a boolean, uncited claims highlighted, citation cells linking to
their reference rows, link URLs as real hyperlinks), *References* (one row an entry; DOI and URL
cells are hyperlinks) and *Summary* (one row a document, then the total).

XlsxWriter (BSD) writes it: a write-only library with typed cell writes, so every text cell is
written as a string and nothing from a document ever becomes a formula (its automatic
string-to-formula and string-to-URL conversions are turned off as well).

Memory does not grow with a document or a run (issue 21): the writer streams like the others.
- A document's claim rows wait on disk until its end: each citation cell links to the row of the
  entry it cites, and the entries come with the document's `DocumentEnd`. They are pickled to a
  spooled temporary file (memory up to `SPOOL` bytes, then disk), a batch at a time, and read
  back a batch at a time. Pickle because the rows are the ledger's own frozen dataclasses (the
  process pool already pickles them between processes): they come back exactly, with no second
  schema to keep in step, and the file is this process's own, never read from elsewhere.
- XlsxWriter's constant-memory mode writes each sheet's rows to a temporary file as they come
  (every sheet fills top to bottom); the heights it would keep of rows already written are
  dropped (`_forget`).
- The zip is made in a temporary file, not in memory, and copied to the output when it is whole
  (`-o`'s own temporary file beside the target is renamed onto it only when the run succeeds:
  the output stays atomic).
Every temporary file lives in one temporary directory (`claimtrace-xlsx-*` in `TMPDIR`), removed
when the workbook is done, when the run fails or is stopped (`close`), or else when the writer
is collected.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
from typing import Any, Iterator

from ..fields import SHEET, Field
from ..ledger import REFERENCE_FIELDS, SUMMARY_FIELDS, DocumentEnd, DocumentStart, Record, Summary
from ..text import without_surrogates
from . import REFERENCES, Writer, link_target, temporary_files

_URL_LIMIT = 2079  # Excel's longest hyperlink
_LINKS_A_SHEET = 65530  # Excel's most hyperlinks a sheet; later ones are written as text
_CELL_LIMIT = 32767  # Excel's longest cell
_CUT = " … [cut: Excel holds 32,767 characters a cell; the full text is in csv/jsonl]"
# The Claims and References columns, their order (`text` first and what a reader judges it by
# next to it) and widths come from the row schema (`ledger.RECORD_FIELDS`,
# `ledger.REFERENCE_FIELDS`: the `SHEET` view). The columns up to `why` are the printed page
# (landscape, one page wide), the rest (where in the document) are on screen only.
_PRINTED = {"Claims": "why", "References": "cited_by_claims"}  # the last printed column
_LINE = 15.0  # points a line of 11-point text takes
_MOST_LINES = 27  # Excel's tallest row is 409 points: a longer cell scrolls inside its row


def lines_needed(text: str, width: int) -> int:
    """How many lines `text` wraps to in a column `width` characters wide, wrapped as a
    spreadsheet wraps it: word by word, a word that does not fit the rest of a line starts the
    next, a word longer than a line (a URL) is broken across lines. A little pessimistic: a
    column fits about its width in average characters, and never fewer lines than its
    characters fill."""
    per_line = max(1, int(width * 1.15))  # measured in LibreOffice: about 1.25 × width fit
    lines = 0
    for paragraph in text.split("\n"):
        wrapped, used = 1, 0  # lines of this paragraph, characters on its last line
        for word in paragraph.split(" "):
            wanted = used + 1 + len(word) if used else len(word)
            if wanted <= per_line:
                used = wanted
                continue
            wrapped += 1 if used else 0  # the word starts a line of its own
            full, rest = divmod(len(word), per_line)
            wrapped, used = (wrapped + full - 1, per_line) if full and not rest else (wrapped + full, rest)
        lines += max(wrapped, -(-len(paragraph) // per_line))
    return lines


def page_setup(sheet: Any) -> None:
    """A sheet that prints: landscape, one page wide (as many pages down as it takes), the
    header row repeated on every page, gridlines. Issue 22: without it LibreOffice printed 17
    columns over 22 pages and `text` began on page 5."""
    sheet.set_landscape()
    sheet.set_paper(9)  # A4; Letter prints it the same, one page wide
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
    sheet.hide_gridlines(0)
    sheet.set_footer("&L&A&RPage &P of &N")


def print_columns(sheet: Any, columns: tuple[tuple[str, int], ...], printed: str, rows: int) -> None:
    """Print the first `rows` rows of the columns up to `printed` (what a reader judges a row
    by); the others stay on screen."""
    names = [name for name, _ in columns]
    sheet.print_area(0, 0, max(rows - 1, 1), names.index(printed))


def fit_row(sheet: Any, row: int, cells: dict[str, str], columns: tuple[tuple[str, int], ...]) -> None:
    """Set `row`'s height to fit its wrapped cells (`cells`: column name -> text), so that a
    printed or rendered row never overlaps the next."""
    widths = dict(columns)
    lines = max((lines_needed(text, widths[name]) for name, text in cells.items() if name in widths), default=1)
    if lines > 1:
        sheet.set_row(row, _LINE * min(lines, _MOST_LINES))
# The Summary sheet: a document (its name, format, language), its counts (`SUMMARY_FIELDS`) and
# its reference list.
_SUMMARY = (
    ("doc", 36), ("format", 8), ("language", 9),
    *((f.name, f.sheet.width) for f in SUMMARY_FIELDS.in_view(SHEET)),
    ("reference_entries", 18), ("missing_entries", 24), ("uncited_entries", 24),
)


def _forget(sheet: Any, row: int) -> None:
    """Drop what XlsxWriter keeps of a row it has written (its height, `set_row`): in
    constant-memory mode a row is written out when the next one begins, but its height stays in
    `row_info` and `row_sizes` (read again only to place images and comments, which this workbook
    has none of): about 300 bytes a row, 300 MB for a million rows. `row` is two before the row
    about to be filled, so it has been written. (Private attributes: were they renamed, the
    heights would stay in memory, and `benchmarks/bench_memory.py --formats csv,xlsx` would show
    it; `tests/test_workbook_memory.py` fails.)"""
    for kept in (getattr(sheet, "row_info", {}), getattr(sheet, "row_sizes", {})):
        kept.pop(row, None)


def _columns(fields: tuple[Field, ...]) -> tuple[tuple[str, int], ...]:
    """A sheet's (title, width) columns, from the row schema."""
    return tuple((f.sheet.title or f.name, f.sheet.width) for f in fields)


def _shown(f: Field, value: Any) -> str:
    """A text cell's text: lists joined (`; `, or a line each), None empty, an enum its value."""
    cell = f.sheet.cell or f.type.sheet_cell
    if cell == "joined":
        return "; ".join(map(str, value))
    if cell == "lines":
        return "\n".join(map(str, value))
    if cell == "markers":  # each marker as printed and how: `(Smith, 2001) author_year`
        return "\n".join(f"{m.raw} {m.style}" for m in value)
    value = f.type.json(value)
    return "" if value is None else str(value)


class RowSpool:
    """A document's rows, kept in order outside memory until they can be written: pickled a
    batch at a time into a spooled temporary file (memory up to `size` bytes, then disk in
    `folder`), read back a batch at a time."""

    BATCH = 1000  # rows pickled together: one pickle a row is several times slower

    def __init__(self, size: int, folder: str):
        self.file = tempfile.SpooledTemporaryFile(size, dir=folder)
        self.count = 0  # rows
        self.batches = 0  # pickles

    def add(self, rows: list[Any]) -> None:
        for first in range(0, len(rows), self.BATCH):
            pickle.dump(rows[first : first + self.BATCH], self.file, pickle.HIGHEST_PROTOCOL)
            self.batches += 1
        self.count += len(rows)

    @property
    def on_disk(self) -> bool:
        """Whether the rows went past memory onto disk."""
        return bool(getattr(self.file, "_rolled", False))

    def __iter__(self) -> Iterator[Any]:
        """The rows in the order they came; the spool is closed once they are read."""
        self.file.seek(0)
        for _ in range(self.batches):
            yield from pickle.load(self.file)
        self.file.close()


class WorkbookWriter(Writer):
    """The claim ledger (or, for `claimtrace references`, the reference table) as .xlsx."""

    binary = True
    # Excel's most rows a sheet (the header is one): a full sheet goes on in `Claims (2)`, …
    ROWS_A_SHEET = 1_048_576
    SPOOL = 8 << 20  # bytes of a document's pickled rows held in memory before they go to disk

    def begin(self) -> None:
        # every temporary file of the workbook, removed by `close` (at `end`, or when a run stops)
        # or, failing that, when the writer is collected
        with temporary_files():
            self.folder = tempfile.TemporaryDirectory(prefix="claimtrace-xlsx-")
        with temporary_files(self.folder.name):
            self._begin()

    def _begin(self) -> None:
        import xlsxwriter

        # The zip is made in a temporary file and copied to the output when it is whole (see `end`).
        self.zip = tempfile.TemporaryFile(dir=self.folder.name)
        self.book = xlsxwriter.Workbook(self.zip, {
            "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
            "strings_to_numbers": False, "tmpdir": self.folder.name,
            "use_zip64": True,  # a sheet past 4 GiB (about 3.5 M long rows) needs it; smaller zips are unchanged
        })
        self.header = self.book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})
        self.top = self.book.add_format({"valign": "top"})
        self.uncited = self.book.add_format({"text_wrap": True, "valign": "top", "bg_color": "#FCE4D6"})
        self.link = self.book.add_format({"font_color": "blue", "underline": 1, "valign": "top"})
        self.score = self.book.add_format({"num_format": "0.0000", "valign": "top"})
        # LibreOffice shows a boolean cell without a format as 1 or 0
        self.boolean = self.book.add_format({"num_format": '"TRUE";"TRUE";"FALSE"', "valign": "top"})
        self.claim_fields, self.ref_fields = self.table.sheet_fields, REFERENCES.sheet_fields
        self._sheets = {"Claims": ("claims_sheet", _columns(self.claim_fields)),
                        "References": ("refs", _columns(self.ref_fields)), "Summary": ("summary", _SUMMARY)}
        self.claims_sheet = self._sheet("Claims", _columns(self.claim_fields)) if self.table.is_ledger else None
        self.refs = self._sheet("References", _columns(self.ref_fields))
        self.summary = self._sheet("Summary", _SUMMARY)
        self.rows = {"Claims": 1, "References": 1, "Summary": 1}
        self.full: list[tuple[Any, tuple[tuple[str, int], ...]]] = []  # sheets filled to the last row
        self.entries = 0  # reference entries of every document, for the total row
        self.links_left: dict[str, int] = {}

    def _sheet(self, name: str, columns: tuple[tuple[str, int], ...]) -> Any:
        sheet = self.book.add_worksheet(name)
        for col, (title, width) in enumerate(columns):
            sheet.write_string(0, col, title, self.header)
            sheet.set_column(col, col, width)
        sheet.freeze_panes(1, 0)
        page_setup(sheet)
        return sheet

    def _row(self, name: str) -> int:
        """The next row of the sheet `name` (Claims, References, Summary) takes; past Excel's last
        row the sheet goes on in a new one, `Claims (2)`, with the same columns: nothing is lost."""
        row = self.rows[name]
        if row >= self.ROWS_A_SHEET:
            attribute, columns = self._sheets[name]
            self.full.append((getattr(self, attribute), columns))
            pages = 1 + sum(sheet.name.split(" (")[0] == name for sheet, _ in self.full)
            setattr(self, attribute, self._sheet(f"{name} ({pages})", columns))
            row = 1
        self.rows[name] = row + 1
        _forget(getattr(self, self._sheets[name][0]), row - 2)
        return row

    def _clean(self, text: str) -> str:
        """`text` without lone surrogates (U+FFFD in their place, counted): the workbook's XML
        is UTF-8, which cannot hold them."""
        text, count = without_surrogates(text)
        self._replaced += count
        return text

    def _string(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        text = self._clean("" if value is None else str(value))
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
        """A real hyperlink where one may point (`writers.link_target`) and Excel can hold it,
        else the URL as text."""
        target = link_target(url)
        if target is not None and len(target) <= _URL_LIMIT:
            if self._link(sheet, row, col, target, self._clean(shown or url)):
                return
        self._string(sheet, row, col, shown or url)

    def write(self, event: Any) -> None:
        with temporary_files(self.folder.name):  # everything before `end` goes to temporary files
            super().write(event)

    def start_document(self, start: DocumentStart) -> None:
        self.spool = RowSpool(self.SPOOL, self.folder.name)

    def write_rows(self, rows: list[Any]) -> None:
        """Claim rows wait in the spool for the document's entries (their citation cells link to
        the entries' rows). The reference table's rows are the entries themselves, which
        `end_document` writes for both tables."""
        if self.table.is_ledger:
            self.spool.add(rows)

    def end_document(self, end: DocumentEnd) -> None:
        """The document's entries, then its claim rows from the spool, then its summary row."""
        assert self.start is not None
        ref_rows: dict[int, str] = {}  # entry number -> where its row is, as a link target
        for ref in end.references:
            row = self._row("References")
            ref_rows.setdefault(ref.number, f"internal:'{self.refs.name}'!A{row + 1}")
            self._reference(row, self.start.doc, ref)
        for record in self.spool:
            self._record(self._row("Claims"), record, ref_rows)
        self._summary_row(self._row("Summary"), self.start.doc, end.summary, (self.start, end))
        self.entries += len(end.references)

    def _record(self, row: int, r: Record, ref_rows: dict[int, str]) -> None:
        fields = self.claim_fields
        fit_row(self.claims_sheet, row, self._wrapped(fields, r), _columns(fields))
        for col, f in enumerate(fields):
            if f.sheet.cell == "sentence":  # uncited claims highlighted
                self._string(self.claims_sheet, row, col, r.text, self.uncited if r.is_claim and not r.is_cited else self.wrap)
            elif f.sheet.cell == "cited_entries":
                self._cited_entries(row, col, r.citations, ref_rows)
            else:
                self._cell(self.claims_sheet, row, col, f, getattr(r, f.name))

    def _cited_entries(self, row: int, col: int, citations: tuple[int, ...], ref_rows: dict[int, str]) -> None:
        """The cited numbers, linking to the first cited entry's row (past Excel's 65,530 links a
        sheet: text)."""
        shown = ";".join(map(str, citations))
        target = next((ref_rows[n] for n in citations if n in ref_rows), None)
        if target is None or not self._link(self.claims_sheet, row, col, target, shown):
            self._string(self.claims_sheet, row, col, shown)

    def _reference(self, row: int, doc: str, ref: Any) -> None:
        fields = self.ref_fields
        fit_row(self.refs, row, self._wrapped(fields, ref), _columns(fields))
        for col, f in enumerate(fields):
            value = doc if f in REFERENCE_FIELDS.context else getattr(ref, f.name)
            self._cell(self.refs, row, col, f, value)

    @staticmethod
    def _wrapped(fields: tuple[Field, ...], row: Any) -> dict[str, str]:
        """The text of a row's wrapped cells, by column, for its height (`fit_row`)."""
        return {f.sheet.title or f.name: _shown(f, getattr(row, f.name))
                for f in fields if f.sheet.wrap or f.sheet.cell == "sentence"}

    def _cell(self, s: Any, row: int, col: int, f: Field, value: Any) -> None:
        """One cell as the field's `Sheet` says: a number, a boolean, a score, a link, or text."""
        cell = f.sheet.cell or f.type.sheet_cell
        if cell == "number":
            if value is None:
                self._string(s, row, col, "")
            else:
                s.write_number(row, col, value, self.top)
        elif cell == "boolean":
            s.write_boolean(row, col, value, self.boolean)
        elif cell == "score":
            if value is None:
                self._string(s, row, col, "")
            else:
                s.write_number(row, col, value, self.score)
        elif cell in ("link_urls", "first_url", "doi"):
            self._links(s, row, col, cell, value)
        else:
            self._string(s, row, col, _shown(f, value), self.wrap if f.sheet.wrap else None)

    def _links(self, s: Any, row: int, col: int, cell: str, value: Any) -> None:
        if not value:
            self._string(s, row, col, "")
        elif cell == "link_urls":  # a sentence's links: the first one linked, every URL shown
            self._url(s, row, col, value[0].url, "\n".join(link.url for link in value))
        elif cell == "first_url":
            self._url(s, row, col, value[0])
        else:
            self._url(s, row, col, f"doi:{value}", value)

    def _summary_row(self, row: int, name: str, summary: Summary,
                     document: tuple[DocumentStart, DocumentEnd] | None) -> None:
        """A document's row (`document`: its start and end), or the total row (None)."""
        s = self.summary
        start, end = document if document is not None else (None, None)
        report = end.integrity if end is not None else None
        if report is not None:
            fit_row(s, row, {"doc": name, **{field: ";".join(map(str, getattr(report, field)))
                                             for field in ("missing_entries", "uncited_entries")}}, _SUMMARY)
        counts = summary.to_dict()
        for col, (field, _) in enumerate(_SUMMARY):
            if field == "doc":
                self._string(s, row, col, name, self.wrap)
            elif field in ("format", "language"):
                self._string(s, row, col, getattr(start, field) if start is not None else "")
            elif field == "reference_entries":
                s.write_number(row, col, len(end.references) if end is not None else self.entries, self.top)
            elif field in ("missing_entries", "uncited_entries"):
                self._string(s, row, col, ";".join(map(str, getattr(report, field))) if report else "", self.wrap)
            else:
                s.write_number(row, col, counts[field], self.top)

    def end(self, summary: Summary) -> None:
        with temporary_files(self.folder.name):
            self._finish(summary)
        self.zip.seek(0)
        shutil.copyfileobj(self.zip, self.stream)  # the one write to the output
        self.close()

    def _finish(self, summary: Summary) -> None:
        """The total row, the sheets' filters and print areas, and the zip, made in its
        temporary file. Made beside the output instead, a zip that failed half-way (a full disk)
        would be closed again by zipfile's finalizer, which prints `Exception ignored in:
        ZipFile.__del__` (issue 21): the output gets one copy of a finished file."""
        from xlsxwriter.exceptions import FileCreateError

        self._summary_row(self._row("Summary"), "(all documents)", summary, None)
        sheets = [(sheet, columns, self.ROWS_A_SHEET) for sheet, columns in self.full]
        for name, (attribute, columns) in self._sheets.items():
            if getattr(self, attribute) is not None:
                sheets.append((getattr(self, attribute), columns, max(self.rows[name], 2)))
        for sheet, columns, rows in sheets:
            sheet.autofilter(0, 0, rows - 1, len(columns) - 1)
            base = sheet.name.split(" (")[0]  # `Claims (2)` prints as `Claims` does
            if base in _PRINTED:
                print_columns(sheet, columns, _PRINTED[base], rows)
        try:
            self.book.close()
        except FileCreateError as exc:  # the OSError under it (a full disk), said as one line
            raise exc.args[0] from None

    def close(self) -> None:
        """Every temporary file removed (the sheets' rows, the spool, the zip)."""
        folder = getattr(self, "folder", None)  # none before `begin`
        if folder is not None:
            zip_file = getattr(self, "zip", None)  # none when `begin` failed before making it
            if zip_file is not None:
                zip_file.close()
            folder.cleanup()
