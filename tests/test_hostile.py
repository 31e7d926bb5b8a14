"""Hostile inputs and failing outputs: one line and a documented exit code, never a traceback,
a hang, a destroyed file or a silently dropped input.

The corpus is generated here (nothing large is kept in git). Cases that need a real process
(signals, FIFOs, closed descriptors, /dev/full) run `python -m claimtrace` with a timeout that
only guards against hangs; speed is measured in `benchmarks/bench_hostile.py`, not here.
"""

from __future__ import annotations

import io
import json
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import claimtrace
from claimtrace.inputs import plan_inputs
from claimtrace.batch import documents
from claimtrace.inputs import InputProblem
from claimtrace.jobs import Job, Outcome, extract_input
from claimtrace.pool import run_pooled
from claimtrace.cli import app
from conftest import HANG_GUARD, cli, one_error_line
from claimtrace.errors import InputError
from claimtrace.pipeline import ExtractOptions
from claimtrace.readers import read_bytes

CLAIM = "Unemployment fell to 4.1 percent in 2019 across the country.[1]\n"


@pytest.fixture()
def runner():
    return CliRunner()


# --- outputs are never destroyed ---------------------------------------------------------------


def test_output_that_is_an_input_is_refused(tmp_path, runner):
    source = tmp_path / "article.txt"
    source.write_text(CLAIM)
    for output in (source, tmp_path / "." / "article.txt"):
        result = runner.invoke(app, ["extract", str(source), "-o", str(output), "-f", "csv"])
        assert result.exit_code == 2 and "is also an input" in result.stderr
    assert source.read_text() == CLAIM


def test_output_symlink_is_written_through(tmp_path, runner):
    (tmp_path / "a.txt").write_text(CLAIM)
    target = tmp_path / "real.csv"
    target.write_text("old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(link)]).exit_code == 0
    assert link.is_symlink() and target.read_text().startswith("doc,id,")


@pytest.mark.skipif(
    not Path("/dev/shm").is_dir() or os.stat("/dev/shm").st_dev == os.stat(Path.cwd()).st_dev,
    reason="needs a second file system",
)
def test_output_symlink_across_file_systems(tmp_path, runner):
    """The temporary file is made beside the symlink's target, so the rename never crosses
    file systems (EXDEV)."""
    (tmp_path / "a.txt").write_text(CLAIM)
    target = Path("/dev/shm") / f"claimtrace-test-{os.getpid()}.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    try:
        result = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(link)])
        assert result.exit_code == 0, result.stderr
        assert target.read_text().startswith("doc,id,")
    finally:
        target.unlink(missing_ok=True)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_output_fifo_and_devices(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    fifo = tmp_path / "out.fifo"
    os.mkfifo(fifo)
    refused = cli("extract", str(tmp_path / "a.txt"), "-o", str(fifo), "-f", "csv")
    assert refused.returncode == 2 and "not a regular file" in one_error_line(refused.stderr)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    null = cli("extract", str(tmp_path / "a.txt"), "-o", "/dev/null", "-f", "csv")
    assert null.returncode == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_unwritable_output_folder_is_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    result = cli("extract", str(tmp_path / "a.txt"), "-o", "/proc/claimtrace-ledger.csv")
    assert result.returncode == 4
    assert "/proc/claimtrace-ledger.csv: cannot write" in one_error_line(result.stderr)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_full_disk_behind_stdout(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM * 200)
    with open("/dev/full", "w") as full:
        result = cli("extract", str(tmp_path / "a.txt"), "-f", "csv", stdout=full)
    assert result.returncode == 4 and "No space left" in one_error_line(result.stderr)


def test_closed_stdout_and_stdin(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    closed_out = subprocess.run(
        f"{sys.executable} -m claimtrace extract {tmp_path / 'a.txt'} -f csv >&-", shell=True,
        stderr=subprocess.PIPE, timeout=HANG_GUARD,
    )
    assert closed_out.returncode == 4 and "stdout is closed" in one_error_line(closed_out.stderr)
    closed_in = subprocess.run(
        f"{sys.executable} -m claimtrace extract - -f csv <&-", shell=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, timeout=HANG_GUARD,
    )
    assert closed_in.returncode == 1 and "stdin is closed" in one_error_line(closed_in.stderr)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_signal_during_a_run_leaves_no_partial_file(tmp_path, signum):
    big = tmp_path / "big.txt"
    big.write_text(CLAIM * 60_000)  # several seconds of work
    out = tmp_path / "out" / "ledger.csv"
    out.parent.mkdir()
    process = subprocess.Popen(
        [sys.executable, "-m", "claimtrace", "extract", str(big), "-o", str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    # Signal once the run is under way: its temporary output file exists (the handlers are set
    # before it is opened). A fixed sleep failed on a loaded machine, where start-up took longer.
    deadline = time.monotonic() + HANG_GUARD
    while not any(out.parent.iterdir()) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert any(out.parent.iterdir()) or process.poll() is not None, "no temporary output file appeared"
    process.send_signal(signum)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    assert "Traceback" not in stderr.decode()
    leftovers = sorted(p.name for p in out.parent.iterdir())
    if process.returncode == 0:  # the machine finished before the signal: a whole file
        assert leftovers == ["ledger.csv"]
    else:
        assert process.returncode == 128 + signum and leftovers == []


# --- bounded work: only regular files, size limits, no hangs --------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_input_and_fifo_in_a_directory(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text(CLAIM)
    os.mkfifo(folder / "b.txt")
    walked = cli("extract", str(folder), "-f", "jsonl")
    assert walked.returncode == 0 and len(walked.stdout.splitlines()) == 1
    assert b"skipped 1 file" in walked.stderr
    direct = cli("extract", str(folder / "b.txt"))
    assert direct.returncode == 1 and "not a regular file" in one_error_line(direct.stderr)


def test_device_input_is_refused(tmp_path):
    result = cli("extract", "/dev/zero", timeout=60)
    assert result.returncode == 1 and "not a regular file" in one_error_line(result.stderr)


def test_max_bytes_for_files_and_stdin(tmp_path, runner):
    (tmp_path / "a.txt").write_text(CLAIM * 10)
    over = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--max-bytes", "100"])
    assert over.exit_code == 1 and "over the 100-byte limit" in one_error_line(over.stderr)
    unlimited = runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "--max-bytes", "0", "-f", "jsonl"])
    assert unlimited.exit_code == 0
    stdin = runner.invoke(app, ["extract", "-", "--max-bytes", "100"], input=CLAIM * 10)
    assert stdin.exit_code == 1 and "more than 100 bytes" in one_error_line(stdin.stderr)


def test_deep_directory_tree(tmp_path):
    path = tmp_path
    for _ in range(1_400):
        path = path / "d"
        os.mkdir(path)
    (path / "deep.txt").write_text(CLAIM)
    try:
        plan = plan_inputs([str(tmp_path)])
        assert [Path(p).name for p in plan.inputs] == ["deep.txt"] and not plan.problems
    finally:  # bottom-up: pytest's own clean-up recurses and would fail on 1,400 levels
        (path / "deep.txt").unlink()
        while path != tmp_path:
            path.rmdir()
            path = path.parent


def test_unreadable_subfolder_is_reported(tmp_path, runner, monkeypatch):
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(CLAIM)
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = runner.invoke(app, ["extract", str(tmp_path), "-f", "jsonl"])
    assert result.exit_code == 1 and len(result.stdout.splitlines()) == 1
    assert "locked: cannot read directory (Permission denied)" in one_error_line(result.stderr)


def test_jobs_are_capped_and_work(tmp_path, runner):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(CLAIM)
    result = runner.invoke(app, ["extract", str(tmp_path), "-j", "10000", "-f", "jsonl"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3


def _dies_on_b(job: Job) -> list[Outcome]:
    if job.name.endswith("b.txt"):
        os._exit(9)  # as if killed: the pool breaks
    return extract_input(job)


def test_a_killed_worker_costs_only_its_document(tmp_path):
    names = []
    for name in ("a", "b", "c", "d"):
        (tmp_path / f"{name}.txt").write_text(CLAIM)
        names.append(str(tmp_path / f"{name}.txt"))
    work = [Job(n, ExtractOptions(model="rules"), None, "utf-8") for n in names]
    outcomes = list(documents(run_pooled(work, 2, task=_dies_on_b)))
    assert [Path(getattr(o, "doc", None) or o.name).name for o in outcomes] == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert [not isinstance(o, InputProblem) for o in outcomes] == [True, False, True, True]
    assert "worker process died" in outcomes[1].message


def test_no_process_can_be_started(tmp_path, monkeypatch):
    import claimtrace.pool as pool

    def refuse(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(pool, "ProcessPoolExecutor", refuse)
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(CLAIM)
    work = [Job(str(tmp_path / f"{n}.txt"), ExtractOptions(model="rules"), None, "utf-8") for n in "ab"]
    assert not any(isinstance(o, InputProblem) for o in documents(run_pooled(work, 2)))


def test_table_into_a_closed_pipe_stops(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM * 3_000)
    result = subprocess.run(
        f"{sys.executable} -m claimtrace extract {tmp_path / 'a.txt'} -f table | head -1; exit ${{PIPESTATUS[0]}}",
        shell=True, executable="/bin/bash", capture_output=True, timeout=HANG_GUARD,
    )
    assert result.returncode == 141 and "Traceback" not in result.stderr.decode()


PATHOLOGICAL = {
    "brackets.txt": lambda: ("[a] " * 50_000).encode(),
    # Each of these took minutes in one regex of the kind rules or the Markdown reader.
    "digits.txt": lambda: ("1" * 100_000 + " rose.").encode(),
    "change-verbs.txt": lambda: ("1 " + "rose " * 40_000 + ".").encode(),
    "open-quotes.txt": lambda: ("“word " * 40_000 + ".").encode(),
    "blanks.md": lambda: ("a" + " " * 200_000 + "b [^1]\n\n[^1]: x\n").encode(),
    "parentheses.txt": lambda: ("(" * 10_000 + "x" + ")" * 10_000 + " said it.").encode(),
    "nested.html": lambda: ("<div>" * 10_000 + "<p>A deep claim was made in 2020.</p>" + "</div>" * 10_000).encode(),
    "items.html": lambda: (
        "<p>Claim.<sup>[1]</sup></p><h2>References</h2><ol>"
        + "".join(f"<li>Entry {i} (2001).</li>" for i in range(10_000)) + "</ol>"
    ).encode(),
    "olstart.html": lambda: (
        "<p>Claim.<sup><a href='#n1'>1</a></sup></p><ol start='²'><li id='n1'>x (2001).</li></ol>"
        "<ol start='" + "9" * 5_000 + "'><li>y</li></ol>"
    ).encode(),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_inputs_finish(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(PATHOLOGICAL[name]())
    result = cli("extract", str(path), "-f", "jsonl", "--model", "rules")
    assert result.returncode == 0, result.stderr.decode()


def test_html_deeper_than_the_limit_is_refused(tmp_path, runner):
    (tmp_path / "deep.html").write_text("<div>" * 40_000 + "<p>Claim.</p>" + "</div>" * 40_000)
    result = runner.invoke(app, ["extract", str(tmp_path / "deep.html")])
    assert result.exit_code == 1 and "nested more than 20,000 elements" in one_error_line(result.stderr)


def test_docx_bomb_is_refused_before_inflating(tmp_path, runner):
    pytest.importorskip("docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (65 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    (tmp_path / "bomb.docx").write_bytes(buffer.getvalue())
    result = runner.invoke(app, ["extract", str(tmp_path / "bomb.docx")])
    assert result.exit_code == 1 and "over claimtrace's DOCX limits" in one_error_line(result.stderr)


# --- malformed inputs: one line, never a traceback --------------------------------------------


def _model_file(path: Path, header: object, **arrays) -> Path:
    buffer = io.BytesIO()
    arrays.setdefault("buckets", np.array([1, 2], np.uint32))
    arrays.setdefault("idf", np.array([1, 1], np.float16))
    arrays.setdefault("coef", np.array([[0.5], [0.5]], np.float16))
    arrays.setdefault("intercept", np.array([0.0]))
    np.savez(buffer, header=np.frombuffer(json.dumps(header).encode(), np.uint8), **arrays)
    path.write_bytes(buffer.getvalue())
    return path


GOOD_HEADER = {
    "format": "claimtrace-claim-model/1", "config": {"bits": 12, "word_ngrams": [1, 2], "char_ngrams": [1, 3]},
    "calibration": [1.0, 0.0], "threshold": 0.5, "meta": {},
}
BAD_MODELS = {
    "missing-config": {k: v for k, v in GOOD_HEADER.items() if k != "config"},
    "absurd-bits": {**GOOD_HEADER, "config": {**GOOD_HEADER["config"], "bits": 60}},
    "string-bits": {**GOOD_HEADER, "config": {**GOOD_HEADER["config"], "bits": "20"}},
    "bad-ngrams": {**GOOD_HEADER, "config": {**GOOD_HEADER["config"], "word_ngrams": [3, 1]}},
    "bad-calibration": {**GOOD_HEADER, "calibration": "x"},
    "not-a-dict": ["claimtrace-claim-model/1"],
}


@pytest.mark.parametrize("name", sorted(BAD_MODELS))
def test_malformed_model_files(tmp_path, runner, name):
    path = _model_file(tmp_path / f"{name}.npz", BAD_MODELS[name])
    (tmp_path / "rows.jsonl").write_text('{"text": "A claim.", "label": 1}\n')
    for args in (["extract", "-", "--model", str(path)], ["evaluate", str(tmp_path / "rows.jsonl"), "--model", str(path)]):
        result = runner.invoke(app, args, input=CLAIM)
        assert result.exit_code == 2, (args, result.stderr)
        one_error_line(result.stderr)


def test_a_good_small_model_file_loads(tmp_path, runner):
    path = _model_file(tmp_path / "ok.npz", GOOD_HEADER)
    assert runner.invoke(app, ["extract", "-", "--model", str(path)], input=CLAIM).exit_code == 0


def test_model_with_arrays_that_do_not_fit(tmp_path, runner):
    path = _model_file(tmp_path / "shape.npz", GOOD_HEADER, coef=np.array([[0.5]], np.float16))
    result = runner.invoke(app, ["extract", "-", "--model", str(path)], input=CLAIM)
    assert result.exit_code == 2 and "damaged claim model" in one_error_line(result.stderr)


@pytest.mark.parametrize("line", [
    '{"text": "x", "label": ' + "9" * 5_000 + "}",
    "[" * 100_000 + "]" * 100_000,
])
def test_hostile_jsonl_for_evaluate(tmp_path, runner, line):
    (tmp_path / "rows.jsonl").write_text(line + "\n")
    result = runner.invoke(app, ["evaluate", str(tmp_path / "rows.jsonl"), "--model", "rules"])
    assert result.exit_code == 1 and "rows.jsonl:1: " in one_error_line(result.stderr)


@pytest.mark.parametrize("encoding", ["undefined", "base64", "no-such-codec"])
def test_encodings_that_cannot_decode_text(runner, encoding):
    result = runner.invoke(app, ["extract", "-", "--encoding", encoding], input=CLAIM)
    assert result.exit_code == 2
    one_error_line(result.stderr)


def test_the_library_checks_its_arguments():
    for bad in (None, b"bytes", 3):
        with pytest.raises(TypeError, match="takes the document text as a str"):
            claimtrace.extract(bad)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a path"):
        claimtrace.extract_path(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes bytes"):
        claimtrace.extract_bytes("x.txt", "text")  # type: ignore[arg-type]
    with pytest.raises(claimtrace.UsageError, match="threshold"):
        ExtractOptions(threshold=2.0)


# --- nothing silently dropped -----------------------------------------------------------------


def test_notes_numbered_as_years_are_read(runner, tmp_path):
    """A page that numbers its own notes into the years (1500-2100) was refused whole. The
    marker's number (1) names the note it links to; the list's other item keeps the page's
    number (2000). (Notes of any number: test_hostile_surfaces.)"""
    page = ("<html><body><article><p>A claim was made in 2001.<sup><a href='#n1'>1</a></sup></p>"
            "<ol start='1999'><li id='n1'>Source (2001).</li><li>Other (2002).</li></ol></article></body></html>")
    (tmp_path / "years.html").write_text(page)
    result = runner.invoke(app, ["extract", str(tmp_path / "years.html"), "-f", "jsonl", "--model", "rules"])
    assert result.exit_code == 0, result.stderr
    (record,) = [json.loads(line) for line in result.stdout.splitlines()]
    assert record["citations"] == [1] and record["sources"] == ["[1] Source (2001)."]
    refs = runner.invoke(app, ["references", str(tmp_path / "years.html"), "-f", "jsonl"])
    assert [(r["number"], r["label"]) for r in map(json.loads, refs.stdout.splitlines())] == [(1, None), (2000, None)]


def test_control_characters_are_escaped_on_the_terminal_side(tmp_path, runner):
    evil = tmp_path / "evil\x1b[2Jname.txt"
    evil.write_text("Escape \x1b]0;pwned\x07 and \x1b[31mred\x1b[0m text was said in 2020.[1]\n")
    result = runner.invoke(app, ["extract", str(evil), "-f", "table"])
    assert result.exit_code == 0
    assert "\x1b" not in result.stderr and "\\x1b[2J" in result.stderr
    assert "\x1b]0;" not in result.stdout and "\\x1b[31mred" in result.stdout


def test_formula_cells_are_neutralised(tmp_path, runner):
    text = '=HYPERLINK("http://example.com/?leak="&A2,"See source [1]") was said in 2020.\n-0.5 is a number said to fall.[2]\n'
    (tmp_path / "f.txt").write_text(text)
    import csv

    safe = list(csv.DictReader(io.StringIO(runner.invoke(app, ["extract", str(tmp_path / "f.txt"), "-f", "csv", "--all"]).stdout)))
    assert safe and all(not row["text"].startswith(("=", "+", "-", "@")) for row in safe)
    assert safe[0]["text"].startswith("'=HYPERLINK")
    raw = list(csv.DictReader(io.StringIO(runner.invoke(app, ["extract", str(tmp_path / "f.txt"), "-f", "csv", "--all", "--raw-cells"]).stdout)))
    assert raw[0]["text"].startswith("=HYPERLINK")


# --- fuzz: any bytes into any reader, any str into extract ------------------------------------

FORMATS = ["text", "markdown", "html", "docx", "pdf"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fmt=st.sampled_from(FORMATS), data=st.binary(max_size=2_000))
def test_readers_take_any_bytes(fmt, data):
    if fmt in ("docx", "pdf"):
        pytest.importorskip({"docx": "docx", "pdf": "pypdf"}[fmt])
    try:
        source = read_bytes(f"fuzz.{fmt}", data, fmt=fmt)
    except InputError:
        return
    ledger = claimtrace.extract_source(source, ExtractOptions(model="rules"))
    for record in ledger.records:
        assert source.text[record.start : record.end] == record.text


HTMLISH = st.lists(st.sampled_from([
    "<p>", "</p>", "<div>", "</div>", "<ol start='²'>", "<ol start='3'>", "</ol>", "<li>", "</li>",
    "<sup>", "</sup>", "<a href='#n1'>", "</a>", "<li id='n1'>", "[1]", "1", "Claim.", "<h2>References</h2>",
    "<table>", "<td>", "</table>", "&amp;", "<br>", "text ", "\x00", "\ud800",
]), max_size=40).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HTMLISH)
def test_html_reader_fuzz(markup):
    try:
        source = read_bytes("fuzz.html", markup.encode("utf-8", "surrogatepass"), fmt="html")
    except InputError:
        return
    claimtrace.extract_source(source, ExtractOptions(model="rules"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=300))
def test_extract_takes_any_str(text):
    ledger = claimtrace.extract(text)
    for record in ledger.records:
        assert text[record.start : record.end] == record.text


def test_build_pipeline_guards_the_spacy_tokenizer(tmp_path):
    """spaCy's own tokenizer is quadratic on one long whitespace-free run (10,000 nested
    parentheses took 36 s); the pipeline claimtrace builds splits such a text itself."""
    import spacy

    nlp = claimtrace.build_pipeline(model="rules")
    text = "(" * 10_000 + "x" + ")" * 10_000 + " was said in 2020.[1] Next one."
    doc = nlp(text)
    assert doc.text == text and len(doc) > 20_000
    assert [s.text for s in doc.spans["ct_citations"]] == ["[1]"]
    nlp.to_disk(tmp_path / "p")
    again = spacy.load(tmp_path / "p")
    assert again(text).text == text
    assert [t.text for t in again("Court.[1] Next")][:4] == ["Court.", "[", "1", "]"]


# --- found by a second audit -----------------------------------------------------------------


def test_deep_markdown_keeps_its_text_or_says_why(tmp_path, runner):
    (tmp_path / "lists.md").write_text("Intro rose 5% in 2020.[1]\n\n" + "- " * 25 + "Deep rose 5%.[2]\n\nOutro rose 6% in 2021.[3]\n")
    kept = runner.invoke(app, ["extract", str(tmp_path / "lists.md"), "--all", "-f", "jsonl"])
    assert [json.loads(line)["citations"] for line in kept.stdout.splitlines()] == [[1], [2], [3]]
    (tmp_path / "deep.md").write_text("> " * 1_000 + "Deep.\n\nAfter.\n")
    refused = runner.invoke(app, ["extract", str(tmp_path / "deep.md")])
    assert refused.exit_code == 1 and "nested too deeply" in one_error_line(refused.stderr)


def test_file_names_that_are_not_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/bad\xffname.txt"
    with open(name, "wb") as handle:
        handle.write(CLAIM.encode())
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "claimtrace", "extract", name, "-o", str(out)], capture_output=True, timeout=HANG_GUARD,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["doc"].endswith("bad\\xffname.txt")


def test_huge_limits_mean_no_limit(tmp_path, runner):
    (tmp_path / "a.txt").write_text(CLAIM)
    for args in ([str(tmp_path / "a.txt")], ["-"]):
        result = runner.invoke(app, ["extract", *args, "--max-bytes", "9" * 20, "-f", "jsonl"], input=CLAIM)
        assert result.exit_code == 0, result.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_evaluate_reads_only_regular_files(tmp_path):
    os.mkfifo(tmp_path / "rows.jsonl")
    for path in (str(tmp_path / "rows.jsonl"), "/dev/zero"):
        result = cli("evaluate", path, "--model", "rules", timeout=60)
        assert result.returncode == 1 and "not a regular file" in one_error_line(result.stderr)


def test_evaluate_reads_a_bom(tmp_path, runner):
    (tmp_path / "rows.jsonl").write_bytes(b'\xef\xbb\xbf{"text": "Taxes rose 5% in 2020.", "label": 1}\n')
    assert runner.invoke(app, ["evaluate", str(tmp_path / "rows.jsonl"), "--model", "rules"]).exit_code == 0


def test_html_bombs_for_the_parser(tmp_path, runner):
    (tmp_path / "attrs.html").write_text("<p " + " ".join(f"a{i}=1" for i in range(20_000)) + ">Claim.</p>")
    refused = runner.invoke(app, ["extract", str(tmp_path / "attrs.html")])
    assert refused.exit_code == 1 and "more than 10,000 attributes" in one_error_line(refused.stderr)
    (tmp_path / "sups.html").write_text("<sup>" * 19_000 + "A claim was made in 2020." + "</sup>" * 19_000)
    assert cli("extract", str(tmp_path / "sups.html"), "--model", "rules").returncode == 0


def test_usage_errors_are_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    for args in (["extract", str(tmp_path / "a.txt"), "-j", "0"], ["extract", "--bogus"],
                 ["extract", "-", "--threshold", "nan"], ["train", str(tmp_path), "--seed", "-5"]):
        result = cli(*args, stdin=subprocess.DEVNULL)
        assert result.returncode == 2, args
        one_error_line(result.stderr)


def test_dev_stdout_into_a_pipe(tmp_path):
    (tmp_path / "a.txt").write_text(CLAIM)
    result = cli("extract", str(tmp_path / "a.txt"), "-f", "csv", "-o", "/dev/stdout")
    assert result.returncode == 0 and result.stdout.startswith(b"doc,id,")


def test_replacing_a_file_keeps_its_permissions(tmp_path, runner):
    (tmp_path / "a.txt").write_text(CLAIM)
    private = tmp_path / "private.csv"
    private.write_text("old")
    private.chmod(0o600)
    assert runner.invoke(app, ["extract", str(tmp_path / "a.txt"), "-o", str(private)]).exit_code == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600 and private.read_text().startswith("doc,id,")


@pytest.mark.parametrize("call, error", [
    (lambda: ExtractOptions(threshold=10**400), claimtrace.UsageError),
    (lambda: ExtractOptions(threshold=float("nan")), ValueError),
    (lambda: ExtractOptions(threshold="0.5"), TypeError),
    (lambda: ExtractOptions(threshold=True), TypeError),
    (lambda: claimtrace.extract("x", options=None), TypeError),
    (lambda: claimtrace.extract("x", doc=None), TypeError),
    (lambda: claimtrace.extract_path("x.txt", encoding=5), TypeError),
    (lambda: claimtrace.extract_path("x.txt", max_bytes="5"), TypeError),
    (lambda: claimtrace.extract_path("x.txt", max_bytes=-1), ValueError),
])
def test_library_arguments(call, error):
    with pytest.raises(error):
        call()


def test_library_directory_and_huge_limit(tmp_path):
    with pytest.raises(InputError, match="is a directory"):
        claimtrace.extract_path(tmp_path)
    (tmp_path / "a.txt").write_text(CLAIM)
    assert claimtrace.extract_path(tmp_path / "a.txt", max_bytes=10**30).records


def test_a_closed_pipe_with_workers_ends_quietly(tmp_path):
    """`claimtrace extract DIR -j 2 | head -1`: exit 141, and no traceback from the workers."""
    import subprocess
    import sys

    for i in range(60):
        (tmp_path / f"{i}.txt").write_text(CLAIM * 20)
    proc = subprocess.Popen([sys.executable, "-m", "claimtrace", "extract", str(tmp_path), "-j", "2", "-f", "csv"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()  # like `| head -1`
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert "Traceback" not in err, err


def test_trailing_bracket_groups_are_read_back_in_linear_time():
    """`Costs rose. [1] [1] …` with 300,000 groups took 40 s: each step back over a group copied
    the line up to it. Asserted as a shape (CPU time, four times the groups, about four times
    the time; quadratic is sixteen), not as a wall-clock limit."""
    import time

    from claimtrace.citations import without_trailing_brackets

    def seconds(groups: int) -> float:
        line = "Costs rose. " + "[1] " * groups
        started = time.process_time()
        assert without_trailing_brackets(line) == "Costs rose."
        return time.process_time() - started

    small = min(seconds(25_000) for _ in range(3))
    large = min(seconds(100_000) for _ in range(2))
    assert large < 10 * small + 0.05, (small, large)


def test_a_long_run_of_spaces_before_a_bracket_is_judged_in_linear_time():
    """The Wikipedia edit-link pattern opened with `\\s*` and was retried at every space of the
    line: `a` + 40,000 spaces + `[x]` took 3.3 s in the heading test, 400,000 would take minutes.
    A shape (CPU time, ten times the spaces), not a wall-clock limit."""
    from claimtrace.blocks import heading_title, looks_like_heading

    def seconds(spaces: int) -> float:
        line = "a" + " " * spaces + "[x]"
        started = time.process_time()
        assert heading_title(line) == line and not looks_like_heading(line)
        return time.process_time() - started

    small = min(seconds(4_000) for _ in range(3))
    large = min(seconds(40_000) for _ in range(2))
    assert large < 30 * small + 0.05, (small, large)  # quadratic: a hundred times
