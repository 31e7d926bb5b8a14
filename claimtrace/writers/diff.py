"""`claimtrace diff`'s output: one row a sentence that differs, in every format `-f` lists.

CSV and TSV (with the spreadsheet formula guard), JSON Lines, JSON, a terminal table, an Excel
workbook (the page set up as the ledger's workbook is), Parquet and a self-contained HTML page.
Inside a changed sentence the words that changed are marked (`Change.words`): struck and
inserted in the table (`[-old-]{+new+}` as `git diff --word-diff` in a file or a pipe), the workbook and the page; a `changes` field in JSON, a `changes` column
in CSV (`'35' → '53'`).
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass
from typing import IO, Any, Callable

from ..diff import Change, LedgerDiff
from ..errors import UsageError
from ..fields import DIFF_FLAT, Schema
from ..ledger import RECORD_FIELDS
from ..text import printable
from . import Format, SafeText, safe_cell

def diff_columns(schema: Schema = RECORD_FIELDS) -> tuple[str, ...]:
    """The CSV header: the record fields a diff shows (`DIFF_FLAT`), old and new side by side."""
    sides = (f"{side}_{f.name}" for f in schema.in_view(DIFF_FLAT) for side in ("old", "new"))
    return ("change", "text_id", *sides, "dropped_sources", "added_sources", "changes")


DIFF_COLUMNS = diff_columns()
BINARY = frozenset((Format.xlsx, Format.parquet))


def changes_cell(c: Change) -> str:
    """The changed words as one cell: `'35' → '53'; −'old words'; +'new words'`."""
    shown = []
    for change in c.changes:
        old, new = change["old"], change["new"]
        shown.append(f"'{old}' → '{new}'" if old and new else (f"−'{old}'" if old else f"+'{new}'"))
    return "; ".join(shown)


def _flat(c: Change, schema: Schema = RECORD_FIELDS) -> dict[str, str]:
    row = {"change": c.change, "text_id": c.text_id}
    for f in schema.in_view(DIFF_FLAT):
        for side, record in (("old", c.old), ("new", c.new)):
            row[f"{side}_{f.name}"] = "" if record is None else f.type.flat(getattr(record, f.name))
    row["dropped_sources"] = ";".join(c.dropped_sources)
    row["added_sources"] = ";".join(c.added_sources)
    row["changes"] = changes_cell(c)
    return row


@dataclass(frozen=True)
class _Out:
    """What a diff writer needs besides the diff and its stream."""

    fmt: Format
    raw_cells: bool
    schema: Schema


def _delimited(diff: LedgerDiff, stream: IO, out: _Out) -> None:
    writer = csv.DictWriter(stream, fieldnames=diff_columns(out.schema),
                            dialect="excel" if out.fmt is Format.csv else "excel-tab")
    writer.writeheader()
    for c in diff.changes:
        row = _flat(c, out.schema)
        writer.writerow(row if out.raw_cells else {k: safe_cell(v) for k, v in row.items()})


def _json_lines(diff: LedgerDiff, stream: IO, out: _Out) -> None:
    for c in diff.changes:
        stream.write(json.dumps(c.to_dict(out.schema), ensure_ascii=False) + "\n")


def _json(diff: LedgerDiff, stream: IO, out: _Out) -> None:
    doc = {"old": diff.old_doc, "new": diff.new_doc, "counts": diff.counts(),
           "changes": [c.to_dict(out.schema) for c in diff.changes]}
    stream.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")


def _page(diff: LedgerDiff, stream: IO) -> None:
    stream.write(diff_page(diff))


def write_diff(diff: LedgerDiff, fmt: Format, stream: IO, raw_cells: bool = False,
               schema: Schema = RECORD_FIELDS) -> int:
    """Write `diff` as `fmt` to `stream` (a byte stream for the formats in `BINARY`); how many
    lone surrogates a text format wrote as U+FFFD (`SafeText`). The binary formats refuse them
    with one line (`UsageError`: diff's trouble is exit 2) before anything is written. `schema`
    says which record fields each side shows (`ledger.RECORD_FIELDS`: the `DIFF`, `DIFF_FLAT` views)."""
    if fmt not in BINARY:
        safe = SafeText(stream)
        _write(diff, fmt, safe, raw_cells, schema)
        return safe.replaced
    buffer = io.BytesIO()
    try:
        _write(diff, fmt, buffer, raw_cells, schema)
    except UnicodeEncodeError:
        raise UsageError(f"the documents hold lone surrogates (not Unicode text), which -f {fmt.value} cannot "
                         "hold; choose csv, tsv, jsonl, json, html or table (they write them as U+FFFD)") from None
    stream.write(buffer.getvalue())
    return 0


def _write(diff: LedgerDiff, fmt: Format, stream: Any, raw_cells: bool, schema: Schema) -> None:
    DIFF_WRITERS[fmt](diff, stream, _Out(fmt, raw_cells, schema))


def _marked(c: Change, side: str, markup: dict[str, tuple[str, str]], escape: Any) -> str:
    """One side's text with its changed runs wrapped in `markup[op]` (open, close)."""
    record = c.old if side == "old" else c.new
    if record is None:
        return ""
    if not c.words:
        return escape(record.text)
    out = []
    for op, old, new in c.words:
        text = old if side == "old" else new
        if not text:
            continue
        if op == "equal":
            out.append(escape(text))
        else:
            start, end = markup["delete" if side == "old" else "insert"]
            out.append(f"{start}{escape(text)}{end}")
    return "".join(out)


def _table(diff: LedgerDiff, stream: IO[str]) -> None:
    from rich.markup import escape
    from rich.table import Table

    from ..terminal import console as terminal_console

    def shown(text: str) -> str:
        return escape(printable(text))

    console = terminal_console(file=stream)
    if console.color_system is None:  # a file or a pipe: git's --word-diff=plain marks
        markup = {"delete": ("[-", "-]"), "insert": ("{+", "+}")}
        markup = {op: (escape(start), escape(end)) for op, (start, end) in markup.items()}
    else:
        markup = {"delete": ("[bold red strike]", "[/]"), "insert": ("[bold green underline]", "[/]")}
    table = Table(title=escape(printable(f"{diff.old_doc} → {diff.new_doc}")), expand=True)
    for name, width in (("change", 9), ("old", None), ("new", None), ("sources lost", 12)):
        table.add_column(name, width=width, overflow="fold")
    for c in diff.changes:
        table.add_row(c.change, _marked(c, "old", markup, shown), _marked(c, "new", markup, shown),
                      f"[red]{escape(', '.join(c.dropped_sources))}[/]")
    console.print(table)


def _workbook(diff: LedgerDiff, stream: IO[bytes]) -> None:
    """One sheet, *Diff*: a row a change, old and new text side by side with the changed words
    struck (old) and bold (new), set up to print like the ledger's workbook."""
    import xlsxwriter

    from .xlsx import fit_row, page_setup, print_columns

    columns = (("change", 10), ("old_text", 50), ("new_text", 50), ("dropped_sources", 24),
               ("added_sources", 24), ("changes", 30), ("old_is_claim", 8), ("new_is_claim", 8),
               ("old_citations", 10), ("new_citations", 10), ("text_id", 14), ("old_id", 14), ("new_id", 14))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    header = book.add_format({"bold": True, "bg_color": "#DDE4EE", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    styles = {"delete": book.add_format({"font_strikeout": True, "font_color": "#B3261E", "bold": True}),
              "insert": book.add_format({"font_color": "#1E7B34", "bold": True, "underline": 1})}
    sheet = book.add_worksheet("Diff")
    for col, (title, width) in enumerate(columns):
        sheet.write_string(0, col, title, header)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    page_setup(sheet)
    for row, c in enumerate(diff.changes, start=1):
        flat = _flat(c)
        fit_row(sheet, row, {name: flat[name] for name in ("old_text", "new_text", "dropped_sources",
                                                            "added_sources", "changes")}, columns)
        for col, (name, _) in enumerate(columns):
            if name in ("old_text", "new_text"):
                _rich(sheet, row, col, c, name[:3], styles, wrap)
            else:
                sheet.write_string(row, col, flat[name], wrap)
    sheet.autofilter(0, 0, max(len(diff.changes), 1), len(columns) - 1)
    print_columns(sheet, columns, "changes", len(diff.changes) + 1)
    book.close()
    stream.write(buffer.getvalue())


def _rich(sheet: Any, row: int, col: int, c: Change, side: str, styles: dict[str, Any], wrap: Any) -> None:
    """A text cell with its changed runs in `styles` (a plain string when nothing is marked)."""
    record = c.old if side == "old" else c.new
    text = "" if record is None else record.text
    fragments: list[Any] = []
    for op, old, new in c.words:
        piece = old if side == "old" else new
        if piece:
            fragments += [piece] if op == "equal" else [styles["delete" if side == "old" else "insert"], piece]
    if len(fragments) < 3 or sheet.write_rich_string(row, col, *fragments, wrap) < 0:
        sheet.write_string(row, col, text, wrap)


def _parquet(diff: LedgerDiff, stream: IO[bytes], schema: Schema = RECORD_FIELDS) -> None:
    from .parquet import _need_pyarrow

    _need_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    sides = schema.in_view(DIFF_FLAT)
    change = pa.struct([("op", pa.string()), ("old", pa.string()), ("new", pa.string())])
    arrow = pa.schema([
        ("change", pa.string()), ("text_id", pa.string()),
        *((f"{side}_{f.name}", f.type.arrow(pa)) for f in sides for side in ("old", "new")),
        ("dropped_sources", pa.list_(pa.string())), ("added_sources", pa.list_(pa.string())),
        ("changes", pa.list_(change)),
    ])

    def side(c: Change, name: str) -> dict[str, Any]:
        r = getattr(c, name)
        return {f"{name}_{f.name}": None if r is None else f.type.json(getattr(r, f.name)) for f in sides}

    rows = [{"change": c.change, "text_id": c.text_id, **side(c, "old"), **side(c, "new"),
             "dropped_sources": list(c.dropped_sources), "added_sources": list(c.added_sources),
             "changes": list(c.changes)} for c in diff.changes]
    pq.write_table(pa.Table.from_pylist(rows, schema=arrow), stream, compression="zstd")


_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2430;margin:1rem auto;max-width:75rem;padding:0 1rem}
table{border-collapse:collapse;width:100%} th,td{border:1px solid #dde1e6;padding:.35rem .5rem;vertical-align:top;text-align:left}
th{background:#dde4ee} td.change{white-space:nowrap} tr.removed td.old,tr.added td.new{background:#f6f8fa}
del{background:#fbd3d0;color:#8e1c14} ins{background:#cdeed4;color:#14582a;text-decoration:none;font-weight:600}
.lost{color:#b3261e} .gained{color:#1e7b34} .counts{margin:.5rem 0 1rem}
@media print{body{max-width:none} tr{break-inside:avoid}}
"""


def diff_page(diff: LedgerDiff) -> str:
    """The diff as one self-contained HTML page (no script, no network): a row a change, the old
    and new sentence side by side with `<del>` and `<ins>` around the words that changed."""
    def e(text: Any) -> str:
        return html.escape("" if text is None else str(text), quote=True)

    markup = {"delete": ("<del>", "</del>"), "insert": ("<ins>", "</ins>")}
    counts = diff.counts()
    rows = []
    for c in diff.changes:
        lost = "".join(f"<div class=\"lost\">− {e(s)}</div>" for s in c.dropped_sources)
        gained = "".join(f"<div class=\"gained\">+ {e(s)}</div>" for s in c.added_sources)
        rows.append(f"<tr class=\"{c.change}\" data-text-id=\"{c.text_id}\"><td class=\"change\">{c.change}</td>"
                    f"<td class=\"old\">{_marked(c, 'old', markup, e)}</td><td class=\"new\">{_marked(c, 'new', markup, e)}</td>"
                    f"<td>{lost}{gained}</td></tr>")
    summary = ", ".join(f"{name.replace('_', ' ')}: <b data-count=\"{name}\">{n}</b>" for name, n in counts.items())
    title = f"{diff.old_doc} → {diff.new_doc}"
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>claimtrace diff: {e(title)}</title><style>{_CSS}</style></head><body>"
            f"<h1>{e(title)}</h1><p class=\"counts\">{summary}</p>"
            "<table><thead><tr><th>change</th><th>old</th><th>new</th><th>sources</th></tr></thead><tbody>"
            + "".join(rows) + "</tbody></table></body></html>\n")


# Every format `claimtrace diff` writes, by its writer (a row a format: dispatch and `-f`'s list
# derive from it).
DIFF_WRITERS: dict[Format, Callable[[LedgerDiff, IO, _Out], None]] = {
    Format.csv: _delimited,
    Format.tsv: _delimited,
    Format.jsonl: _json_lines,
    Format.json: _json,
    Format.xlsx: lambda diff, stream, out: _workbook(diff, stream),
    Format.parquet: lambda diff, stream, out: _parquet(diff, stream, out.schema),
    Format.html: lambda diff, stream, out: _page(diff, stream),
    Format.table: lambda diff, stream, out: _table(diff, stream),
}
