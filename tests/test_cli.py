"""End-to-end CLI tests through typer's CliRunner: exact stdout, stderr and exit codes."""

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app
from claimtrace.writers import COLUMNS

SMALL = "Unemployment fell to 4.1 percent in 2019.[1] Thank you?\n"


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(app, ["extract", *args], input=input)


def test_csv_to_stdout_exact(runner):
    # The rule scorer, so the exact score is known by hand: statistic 0.8 + cited 0.2.
    result = run(runner, "-", "--model", "rules", input=SMALL)
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == COLUMNS
    assert rows[1][:13] == [
        "<stdin>", "<stdin>#1", "", "1", "1", "0", "44",
        "Unemployment fell to 4.1 percent in 2019.[1]", "true", "1.0000", "statistic", "en", "1",
    ]
    assert rows[1][13:17] == ["[1]", "41-44", "sentence", ""]
    assert len(rows) == 2  # the question is neither a claim nor cited
    assert "1 document, 2 sentences, 1 claim (1 cited, 0 uncited), 1 marker" in result.stderr


def test_stdin_when_no_input_given(runner):
    assert run(runner, input=SMALL).stdout == run(runner, "-", input=SMALL).stdout


def test_all_rows_includes_questions(runner):
    result = run(runner, "--all", "-f", "jsonl", input=SMALL)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["kind"] for r in records] == ["statistic", "question"]
    assert records[1]["is_claim"] is False


def test_tsv_jsonl_json_formats(runner, tmp_path):
    tsv = run(runner, "-f", "tsv", input=SMALL).stdout
    assert tsv.splitlines()[0].split("\t") == list(COLUMNS)
    jsonl = run(runner, "-f", "jsonl", input=SMALL).stdout
    assert json.loads(jsonl.splitlines()[0])["markers"][0] == {
        "raw": "[1]", "numbers": [1], "start": 41, "end": 44, "recognizer": "single", "scope": "sentence", "locator": "",
        "style": "bracket",
    }
    data = json.loads(run(runner, "-f", "json", "--include-text", input=SMALL).stdout)
    doc = data["documents"][0]
    assert doc["summary"]["claims"] == 1 and data["summary"]["documents"] == 1
    for record in doc["records"]:
        assert doc["text"][record["start"] : record["end"]] == record["text"]


def test_table_format_escapes_markers(runner):
    result = run(runner, "-f", "table", "--wide", input=SMALL)  # the whole text, markers included
    assert result.exit_code == 0
    assert "[1]" in result.stdout


def test_output_file_format_from_extension(runner, tmp_path):
    out = tmp_path / "ledger.jsonl"
    result = run(runner, "-", "-o", str(out), input=SMALL)
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text().splitlines()[0])["citations"] == [1]
    assert [p.name for p in tmp_path.iterdir()] == ["ledger.jsonl"]  # no temp file left


def test_output_unknown_extension_is_usage_error(runner, tmp_path):
    result = run(runner, "-", "-o", str(tmp_path / "ledger.xyz"), input=SMALL)
    assert result.exit_code == 2
    assert "pass --format" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_file(runner):
    result = run(runner, "no/such/file.txt")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == "claimtrace: error: no/such/file.txt: no such file or directory"
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_empty_input_is_not_an_error(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run(runner, str(empty), "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no sentences found" in result.stderr


def test_binary_input(runner, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01binary")
    result = run(runner, str(binary))
    assert result.exit_code == 1
    assert "looks like a binary file" in result.stderr
    assert "Traceback" not in result.output


def test_undecodable_input_suggests_encoding(runner, tmp_path):
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 prices rose 5% in 2020.[1]".encode("latin-1"))
    result = run(runner, str(latin))
    assert result.exit_code == 1
    assert "--encoding latin-1" in result.stderr
    ok = run(runner, str(latin), "--encoding", "latin-1", "-f", "jsonl")
    assert ok.exit_code == 0
    assert json.loads(ok.stdout)["text"].startswith("Café")


def test_bom_is_not_text(runner, tmp_path):
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffPrices rose 5% in 2020.[1]".encode("utf-8"))
    record = json.loads(run(runner, str(bom), "-f", "jsonl").stdout)
    assert record["start"] == 0 and record["text"].startswith("Prices")


def test_batch_one_bad_file_rest_processed(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Prices rose 5% in 2020.[1]")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "c.md").write_text("Wages fell 2% in 2021.[2]")
    (tmp_path / "notes.csv").write_text("x,y")
    out = tmp_path / "out" 
    out.mkdir()
    result = run(runner, str(tmp_path), "-o", str(out / "ledger.csv"))
    assert result.exit_code == 1
    assert "b.txt: looks like a binary file" in result.stderr
    assert "skipped 1 file in directories" in result.stderr
    rows = list(csv.DictReader(io.StringIO((out / "ledger.csv").read_text())))
    assert [r["doc"].rsplit("/", 1)[-1] for r in rows] == ["a.txt", "c.md"]


def test_batch_where_everything_fails_leaves_no_file(runner, tmp_path):
    out = tmp_path / "ledger.csv"
    result = run(runner, str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.exit_code == 1
    assert list(tmp_path.iterdir()) == []


def test_directory_without_inputs(runner, tmp_path):
    (tmp_path / "data.bin").write_bytes(b"x")
    result = run(runner, str(tmp_path))
    assert result.exit_code == 1
    assert "directory has no input files" in result.stderr


def test_usage_errors_exit_2(runner):
    assert run(runner, "-f", "xml", input=SMALL).exit_code == 2
    assert run(runner, "--threshold", "1.5", input=SMALL).exit_code == 2
    assert run(runner, "--encoding", "no-such-codec", input=SMALL).exit_code == 2
    assert run(runner, "--input-format", "rtf", input=SMALL).exit_code == 2


def test_fail_on_uncited(runner):
    uncited = "Unemployment fell to 4.1 percent in 2019. Prices rose 5% in 2020.[2]"
    assert run(runner, "--fail-on-uncited", input=uncited).exit_code == 3
    assert run(runner, input=uncited).exit_code == 0
    assert run(runner, "--fail-on-uncited", input="Prices rose 5% in 2020.[2]").exit_code == 0


def test_unknown_model_is_usage_error(runner):
    result = run(runner, "--model", "no-such-model", input=SMALL)
    assert result.exit_code == 2
    assert "unknown claim model" in result.stderr


def test_threshold_changes_the_ledger(runner):
    text = "Russian law prohibits the overruling of the case except under new circumstances."
    low = run(runner, "--threshold", "0.1", "-f", "jsonl", input=text).stdout
    high = run(runner, "--threshold", "0.99", "-f", "jsonl", input=text).stdout
    assert len(low.splitlines()) == 1 and high == ""


def test_jobs_give_the_same_output(runner, tmp_path):
    for i in range(3):
        (tmp_path / f"d{i}.txt").write_text(f"Prices rose {i + 1}% in 2020.[{i + 1}] Then it stopped.")
    serial = run(runner, str(tmp_path), "-f", "jsonl")
    parallel = run(runner, str(tmp_path), "-f", "jsonl", "--jobs", "2")
    assert serial.exit_code == parallel.exit_code == 0
    assert serial.stdout == parallel.stdout


def test_version_and_help(runner):
    assert runner.invoke(app, ["--version"]).stdout.startswith("claimtrace ")
    help_text = runner.invoke(app, ["extract", "--help"]).stdout
    for option in ("--format", "--output", "--all", "--encoding", "--threshold", "--fail-on-uncited"):
        assert option in help_text


def test_stdin_with_jobs_is_read_once_by_the_parent(runner, tmp_path):
    (tmp_path / "a.txt").write_text("Wages fell 2% in 2021.[2]")
    serial = run(runner, "-", str(tmp_path / "a.txt"), "-f", "jsonl", input=SMALL)
    parallel = run(runner, "-", str(tmp_path / "a.txt"), "-f", "jsonl", "-j", "2", input=SMALL)
    assert parallel.exit_code == 0
    assert parallel.stdout == serial.stdout
    assert '"doc": "<stdin>"' in parallel.stdout


def test_stdin_twice_is_a_usage_error(runner):
    result = run(runner, "-", "-", input=SMALL)
    assert result.exit_code == 2 and "only once" in result.stderr


def test_utf16_with_bom_and_without(runner, tmp_path):
    text = "Prices rose 5% in 2020.[1]"
    (tmp_path / "bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "le.txt").write_bytes(text.encode("utf-16-le"))
    assert json.loads(run(runner, str(tmp_path / "bom.txt"), "-f", "jsonl").stdout)["text"] == text
    refused = run(runner, str(tmp_path / "le.txt"))
    assert refused.exit_code == 1 and "--encoding utf-16" in refused.stderr
    ok = run(runner, str(tmp_path / "le.txt"), "--encoding", "utf-16-le", "-f", "jsonl")
    assert json.loads(ok.stdout)["citations"] == [1]


def test_include_text_needs_json(runner):
    assert run(runner, "--include-text", "-f", "csv", input=SMALL).exit_code == 2


def test_hidden_files_are_counted_as_skipped(runner, tmp_path):
    (tmp_path / ".draft.txt").write_text("Hidden draft.")
    (tmp_path / "a.txt").write_text("Prices rose 5% in 2020.[1]")
    result = run(runner, str(tmp_path))
    assert result.exit_code == 0 and "skipped 1 file in directories" in result.stderr


def test_references_summary_counts_entries(runner, tmp_path):
    path = tmp_path / "refs.txt"
    path.write_text("References\n[1] One.\n[2] Two.\n")
    result = runner.invoke(app, ["references", str(path)])
    assert "1 document, 2 reference entries" in result.stderr
    assert "no sentences found" not in result.stderr


def test_html_on_stdin_is_read_as_html(runner):
    page = '<!DOCTYPE html><html><body><p>Prices rose 40% last year, <a href="https://s.example/r">the agency said</a>.</p></body></html>'
    rows = [json.loads(line) for line in run(runner, "-f", "jsonl", input=page).stdout.splitlines()]
    assert rows[0]["text"] == "Prices rose 40% last year, the agency said." and rows[0]["links"][0]["url"] == "https://s.example/r"
    assert run(runner, "-f", "jsonl", "--all", input="<b>not a page</b> but text.\n").stdout.count("<b>") == 1


def test_help_and_version_do_not_import_the_library():
    """`claimtrace --help` and `--version` need neither the pipeline nor spaCy: they stay fast."""
    import subprocess
    import sys

    code = ("import sys; from claimtrace import cli; "
            "print(sorted(m for m in ('claimtrace.pipeline', 'claimtrace.batch', 'claimtrace.writers', 'spacy', 'numpy') if m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "[]"


def test_no_arguments_show_the_help_on_stderr():
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-m", "claimtrace"], capture_output=True, text=True)
    assert run.returncode == 2 and run.stdout == ""
    assert "Usage:" in run.stderr and "extract" in run.stderr


def test_include_text_needs_json_even_when_the_format_is_guessed(runner, tmp_path):
    result = run(runner, "-", "--include-text", input=SMALL)  # a pipe: csv
    assert result.exit_code == 2 and "--include-text needs --format json" in result.stderr


def test_a_stream_device_as_output_gets_csv(runner):
    result = run(runner, "-", "-o", "/dev/stdout", "--model", "rules", input=SMALL)
    assert result.exit_code == 0, result.stderr
