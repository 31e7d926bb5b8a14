"""Issue 22, a newcomer's day: `-h`, `-o /dev/null`, `diff` in every format with the changed
words marked, `references` on a page that cites by links, messages, version numbers, the
workbook's page setup and the report's links."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace import extract
from claimtrace.cli import app
from claimtrace.defaults import Format
from claimtrace.diff import diff_ledgers, word_changes
from claimtrace.kinds import Kind, classify_kind

OLD = ("Sea level rose 35 cm since 1901.[1] Rates tripled since 1970.[2] The council met on Monday.\n\n"
       "References\n[1] Church (2011) Sea level. J 1: 2.\n[2] NOAA (2022) Rise. J 2: 3.\n")
NEW = ("The council met on Monday. Sea level rose 53 cm since 1901.[1] Rates have tripled since 1970. "
       "Wages fell 4% in 2020.\n\nReferences\n[1] Church (2011) Sea level. J 1: 2.\n")
LINKS_PAGE = ('<!DOCTYPE html><html><body><article><h1>Rents</h1>'
              '<p>Rents rose 9% last year, <a href="https://stats.example/rents">the agency said</a>.</p>'
              '<p>Wages fell 2% in 2021, <a href="https://news.example/wages">a survey found</a>.</p>'
              '</article></body></html>')


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def versions(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return str(old), str(new)


# ------------------------------------------------------------------ commands

@pytest.mark.parametrize("command", [[], ["extract"], ["references"], ["report"], ["diff"], ["train"], ["evaluate"]])
def test_h_is_help_everywhere(runner, command):
    short, long = runner.invoke(app, [*command, "-h"]), runner.invoke(app, [*command, "--help"])
    assert short.exit_code == 0 and short.stdout == long.stdout and "Usage:" in short.stdout


def test_dev_null_is_written_as_csv():
    # A real process: the CliRunner has no file descriptors behind stdout.
    done = subprocess.run([sys.executable, "-m", "claimtrace", "extract", "-", "-o", "/dev/null"],
                          input="Prices rose 5% in 2020.[1]\n", capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "" and "1 claim" in done.stderr


def test_diff_quiet(runner, versions):
    loud = runner.invoke(app, ["diff", *versions, "-f", "csv"])
    quiet = runner.invoke(app, ["diff", *versions, "-f", "csv", "-q"])
    assert loud.exit_code == quiet.exit_code == 1
    assert "lost a source" in loud.stderr and quiet.stderr == "" and quiet.stdout == loud.stdout


def _read(fmt: str, path) -> list[dict]:
    """The diff's rows read back from `path` by the format's own reader."""
    if fmt in ("csv", "tsv"):
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), dialect="excel" if fmt == "csv" else "excel-tab"))
    if fmt == "jsonl":
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    if fmt == "json":
        return json.loads(path.read_text(encoding="utf-8"))["changes"]
    if fmt == "xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        sheet = openpyxl.load_workbook(path)["Diff"]
        rows = list(sheet.iter_rows(values_only=True))
        return [dict(zip(rows[0], row)) for row in rows[1:]]
    if fmt == "parquet":
        pq = pytest.importorskip("pyarrow.parquet")
        return pq.read_table(path).to_pylist()
    if fmt == "html":
        from html.parser import HTMLParser

        class Rows(HTMLParser):
            rows: list[dict] = []

            def handle_starttag(self, tag, attrs):
                if tag == "tr" and dict(attrs).get("data-text-id"):
                    self.rows.append({"change": dict(attrs)["class"]})

        parser = Rows()
        parser.rows = []
        parser.feed(path.read_text(encoding="utf-8"))
        return parser.rows
    text = path.read_text(encoding="utf-8")
    return [{"change": word} for word in ("changed", "added", "removed") for _ in range(text.count(f" {word} "))]


def test_diff_help_lists_exactly_the_formats_it_writes(runner):
    shown = runner.invoke(app, ["diff", "--help"]).stdout
    listed = shown.split("--format <", 1)[1].split(">", 1)[0]
    assert listed.split("|") == [f.value for f in Format]


@pytest.mark.parametrize("fmt", [f.value for f in Format])
def test_diff_writes_every_format_it_lists(runner, versions, tmp_path, fmt):
    out = tmp_path / f"diff.{fmt if fmt != 'table' else 'txt'}"
    result = runner.invoke(app, ["diff", *versions, "-f", fmt, "-o", str(out)])
    assert result.exit_code == 1, result.output  # a sentence lost a source
    rows = _read(fmt, out)
    assert sorted(r["change"] for r in rows) == ["added", "changed", "changed"] or fmt == "table"
    if fmt == "table":
        assert "changed" in out.read_text(encoding="utf-8") and "added" in out.read_text(encoding="utf-8")


def test_word_changes_mark_what_changed_inside_a_sentence():
    runs = word_changes("Sea level rose 35 cm.[1]", "Sea level rose 53 cm.[2]")
    assert [r for r in runs if r[0] != "equal"] == [("replace", "35", "53"), ("replace", "1", "2")]
    assert "".join(o for _, o, _ in runs) == "Sea level rose 35 cm.[1]"
    assert "".join(n for _, _, n in runs) == "Sea level rose 53 cm.[2]"
    assert word_changes("Rates tripled.", "Rates have tripled.")[1] == ("insert", "", " have")


def test_diff_changes_field_table_and_page(runner, versions, tmp_path):
    doc = json.loads(runner.invoke(app, ["diff", *versions, "-f", "json"]).stdout)
    sea = next(c for c in doc["changes"] if c["old"] and c["old"]["text"].startswith("Sea"))
    assert sea["changes"] == [{"op": "replace", "old": "35", "new": "53"}]
    rates = next(c for c in doc["changes"] if c["old"] and c["old"]["text"].startswith("Rates"))
    assert {"op": "insert", "old": "", "new": " have"} in rates["changes"]
    rows = list(csv.DictReader(io.StringIO(runner.invoke(app, ["diff", *versions, "-f", "csv"]).stdout)))
    assert "'35' → '53'" in [r["changes"] for r in rows]
    page = tmp_path / "diff.html"
    runner.invoke(app, ["diff", *versions, "-o", str(page)])
    html = page.read_text(encoding="utf-8")
    assert "<del>35</del>" in html and "<ins>53</ins>" in html and "<ins> have</ins>" in html
    assert "<script" not in html and "http" not in html.split("<body>", 1)[1]
    table = runner.invoke(app, ["diff", *versions, "-f", "table"]).stdout  # a pipe: plain marks
    assert "[-35-]{+53+}" in table.replace(" ", "") or ("[-35-]" in table and "{+53+}" in table)


def test_diff_workbook_marks_changed_words(runner, versions, tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "diff.xlsx"
    runner.invoke(app, ["diff", *versions, "-o", str(out)])
    book = openpyxl.load_workbook(out, rich_text=True)
    sheet = book["Diff"]
    header = [c.value for c in sheet[1]]
    new_text = [row[header.index("new_text")].value for row in sheet.iter_rows(min_row=2)]
    rich = next(v for v in new_text if not isinstance(v, str) and "53" in str(v))
    bold = [block.text for block in rich if hasattr(block, "font") and block.font.b]
    assert bold == ["53"]
    assert sheet.page_setup.orientation == "landscape" and sheet.print_title_rows == "$1:$1"


def test_references_on_a_link_only_page_says_where_the_sources_are(runner, tmp_path):
    page = tmp_path / "links.html"
    page.write_text(LINKS_PAGE, encoding="utf-8")
    result = runner.invoke(app, ["references", str(page)])
    assert result.exit_code == 0
    assert f"{page}: no reference list; its sentences cite 2 web links instead" in result.stderr
    assert "jq -r '.links[].url'" in result.stderr


@pytest.mark.parametrize("text, expected", [
    ("Prices rose 5%.[1]\n\nReferences\n[1] A. 2020.\n", None),
    ("Prices rose 5%.[1]\n", "no reference list found; 1 marker cites 1 number"),
    ("Prices rose 5%.[1] Wages fell 2%.[2]\n", "no reference list found; 2 markers cite 2 numbers"),
])
def test_messages_are_singular_after_one(runner, tmp_path, text, expected):
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "-f", "jsonl"])
    if expected:
        assert f"{path}: {expected}" in result.stderr
    assert "(s)" not in result.stderr


def test_one_claim_cites_by_a_link(runner, tmp_path):
    page = tmp_path / "one.html"
    page.write_text('<html><body><article><p>Rents rose 9% last year, <a href="https://s.example/r">the agency said</a>.[1]</p>'
                    '<h2>References</h2><ol><li>Agency. Rents 2023.</li></ol></article></body></html>', encoding="utf-8")
    from claimtrace.messages import integrity_line
    from claimtrace.pipeline import extract_path

    ledger = extract_path(str(page))
    line = integrity_line(ledger.doc, ledger.events()[-1])
    assert line is None or "1 claims" not in line
    assert "1 claim cites by a link" in (line or "1 claim cites by a link")


def test_no_sentences_found_names_the_document(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(empty), "-f", "csv"])
    assert result.exit_code == 0 and f"{empty}: no sentences found" in result.stderr


def test_a_binary_file_is_not_told_to_try_utf16(runner, tmp_path):
    elf = tmp_path / "ls.txt"
    elf.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 8)
    result = runner.invoke(app, ["extract", str(elf)])
    assert result.exit_code == 1 and "looks like a binary file, not text" in result.stderr
    assert "utf-16" not in result.stderr
    utf16 = tmp_path / "u.txt"
    utf16.write_bytes("Prices rose 5% in 2020.".encode("utf-16-le"))
    assert "try --encoding utf-16" in runner.invoke(app, ["extract", str(utf16)]).stderr


@pytest.mark.parametrize("text", [
    "Python 3.6 added f-strings.",
    "The code needs Python 3.6 or later.",
    "Upgrade to iOS 17.2 today.",
    "Version 3.6.1 fixed the bug.",
    "It runs on Django 4.2 and PostgreSQL 15.",
])
def test_version_numbers_are_not_statistics(text):
    assert classify_kind(text).kind is not Kind.STATISTIC


@pytest.mark.parametrize("text", [
    "Prices rose 3.6 percent in May.",
    "About 3.5 million people voted.",
    "The rate was 3.6 in Ohio.",
    "Unemployment fell to 4.1 in 2019.",
])
def test_quantities_stay_statistics(text):
    assert classify_kind(text).kind is Kind.STATISTIC


def test_python_version_in_the_ledger(runner):
    (record,) = extract("Python 3.6 added f-strings to the language.").records
    assert record.kind is not Kind.STATISTIC and "3.6" not in record.why


# ------------------------------------------------------------------ set-up and README

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
WEB = ROOT / "tests" / "fixtures" / "web"


def test_setup_block_is_two_commands_in_a_virtual_environment():
    block = README.split("## Set-up", 1)[1].split("```sh\n", 1)[1].split("```", 1)[0]
    first, second = block.strip().splitlines()
    assert first.startswith("python3 -m venv .venv && . .venv/bin/activate && ")
    assert "pip install . && claimtrace extract seeds/" in first
    assert second == "pip install '.[test]' && python -m pytest"


def test_all_extra_is_every_optional_feature():
    tomllib = pytest.importorskip("tomllib")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    not_features = {"all", "test", "dev"}  # every one of them an extra, not a name kept out of habit
    assert not_features <= set(extras)
    features = [name for name in extras if name not in not_features]
    assert set(extras["all"]) == set().union(*(extras[name] for name in features))
    assert f"`pip install '.[all]'` installs every one (`{'`, `'.join(features)}`)" in README


def test_skip_reasons_show_in_the_summary():
    tomllib = pytest.importorskip("tomllib")
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    assert "-rs" in options["addopts"].split()


def test_help_says_what_the_default_rows_are(runner):
    shown = " ".join(runner.invoke(app, ["extract", "--help"]).stdout.split())
    assert "one row a claim, or a sentence that cites a source or carries an editor's flag" in shown
    assert "one row a sentence." not in shown


@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_readme_uncited_recipe_agrees_with_the_summary(runner):
    recipe = next(line for line in README.splitlines() if line.endswith("# uncited claims (a link cites too)"))
    program = recipe.split("jq '", 1)[1].split("'", 1)[0]
    pages = [str(WEB / "science_lake_ice.html"), str(WEB / "local_news.html")]  # cited by links and markers
    result = runner.invoke(app, ["extract", *pages, "-f", "jsonl"])
    uncited = int(result.stderr.split(" uncited)")[0].rsplit(", ", 1)[1])
    found = subprocess.run(["jq", "-c", program], input=result.stdout, capture_output=True, text=True, check=True)
    assert len(found.stdout.splitlines()) == uncited
    assert sum(1 for line in result.stdout.splitlines() if json.loads(line)["links"]) > 0  # the case that mattered


def test_diff_table_on_a_terminal_strikes_and_underlines(versions, monkeypatch):
    from claimtrace.pipeline import extract_path
    from claimtrace.writers.diff import write_diff

    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    out = io.StringIO()
    write_diff(diff_ledgers(*map(extract_path, versions)), Format.table, out)
    shown = out.getvalue()
    assert "\x1b[1;9;31m35\x1b[0m" in shown and "\x1b[1;4;32m53\x1b[0m" in shown  # struck red, underlined green
    assert "[-35-]" not in shown
